#!/usr/bin/env bash
# Every check CI runs (`make test`, `.ci/run`): first the driver's own self-test
# (scripts/test-selftest.sh), then installs dependencies, builds all targets, checks formatting,
# runs each ctest label (unit, storage, api, then any other) against a throwaway PostgreSQL
# started by scripts/with-postgres.sh, then the web UI's checks, build, browser tests and
# Lighthouse (scripts/web.sh). JUnit XML and logs land in test-output/; the summary at the end
# counts the GoogleTest cases each suite executed and skipped, names every failure, and the exit
# status is non-zero on any.
#
# The run fails, whatever ctest says, when a required suite (unit, storage, api) or stage is
# missing, when a ctest entry ran no GoogleTest case or was not built, when every case of a suite
# was skipped, or when a suite executed fewer cases than its committed minimum
# (tests/minimum-cases.tsv).
#
# Internal modes, used by the full run and by scripts/test-selftest.sh on fixture builds:
#   scripts/test.sh --ctest-labels     one ctest run per label of $BUILD_DIR, rows into results
#   scripts/test.sh --stage LABEL CMD  runs CMD as a named stage, its row into results
#   scripts/test.sh --summary          prints the summary of the results; exit status 1 on failure
# $TEST_OUTPUT_DIR (default test-output/) and $SHOUHU_MINIMUM_CASES (default
# tests/minimum-cases.tsv) point them elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${TEST_OUTPUT_DIR:-$root/test-output}
# One row per suite or stage: label, kind (ctest|stage), entries, cases run, passed, skipped,
# failed, problems.
results=$out/results.tsv
build=${BUILD_DIR:-build} # the Makefile honours BUILD_DIR too
minimums=${SHOUHU_MINIMUM_CASES:-$root/tests/minimum-cases.tsv}
required_labels=(unit storage api)
required_stages=(format web-check web-build web-e2e web-a11y)

row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }

# Runs one ctest selection and appends its row. Args: label, ctest selector args.
run_ctest() {
  local label=$1
  shift
  local junit=$out/junit-$label.xml log=$out/ctest-$label.log rc=0
  echo
  echo "==> ctest: $label"
  (cd "$build" && ctest "$@" -j2 --output-on-failure --timeout 900 --output-junit "$junit" \
    --test-output-size-passed 65536 --test-output-truncation head) 2>&1 | tee "$log" || rc=$?
  if [[ ! -s $junit ]]; then
    row "$label" ctest 0 0 0 0 1 "ctest exited $rc without results (see ${log#"$root"/})"
    return
  fi
  local parsed entries run passed skipped failed problems
  parsed=$(python3 "$root/scripts/junit_cases.py" "$junit") || parsed=""
  if [[ -z $parsed ]]; then
    row "$label" ctest 0 0 0 0 1 "scripts/junit_cases.py could not read ${junit#"$root"/}"
    return
  fi
  IFS=$'\t' read -r entries run passed skipped failed problems <<<"$parsed"
  if [[ $rc -ne 0 && -z $problems ]]; then problems="ctest exited $rc"; fi
  row "$label" ctest "$entries" "$run" "$passed" "$skipped" "$failed" "$problems"
}

ctest_labels() {
  mkdir -p "$out"
  local listing rc=0
  listing=$(cd "$build" && ctest --print-labels 2>&1) || rc=$?
  if [[ $rc -ne 0 ]]; then
    row labels ctest 0 0 0 0 1 "ctest --print-labels exited $rc: $(echo "$listing" | tail -n 1)"
    return
  fi
  mapfile -t labels < <(echo "$listing" | sed -n 's/^  //p')
  local ordered=() l
  for l in "${required_labels[@]}"; do
    if [[ " ${labels[*]} " == *" $l "* ]]; then ordered+=("$l"); fi
  done
  for l in "${labels[@]}"; do
    if [[ " ${ordered[*]} " != *" $l "* ]]; then ordered+=("$l"); fi
  done
  for l in "${ordered[@]}"; do
    run_ctest "$l" -L "^${l}\$"
  done
  # Tests without any label still run, reported as "unlabelled".
  if (cd "$build" && ctest -N -LE . | grep -qE '^Total Tests: [1-9]'); then
    run_ctest unlabelled -LE .
  fi
}

# Runs a stage (a command whose exit status is its verdict) and appends its row; where its log
# says how many cases it executed (Vitest, the browser tests), the row counts them.
run_stage() {
  local label=$1 rc=0
  shift
  mkdir -p "$out"
  echo
  echo "==> $label"
  BUILD_DIR=$build timeout 900 "$@" 2>&1 | tee "$out/$label.log" || rc=$?
  local log=$out/$label.log run=0 passed=0 skipped=0 failed=0 line
  # Vitest: "Tests  12 passed | 1 skipped (13)"; the browser tests: "e2e: 20/21 steps passed".
  line=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ *Tests +[0-9]' | tail -n 1 || true)
  if [[ -n $line ]]; then
    passed=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
    skipped=$(echo "$line" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' || echo 0)
    failed=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
    run=$(echo "$line" | grep -oE '\([0-9]+\)' | grep -oE '[0-9]+' || echo 0)
  fi
  line=$(grep -oE '^e2e: [0-9]+/[0-9]+ steps passed' "$log" | tail -n 1 || true)
  if [[ -n $line ]]; then
    passed=$(echo "$line" | sed -E 's#e2e: ([0-9]+)/.*#\1#')
    run=$(echo "$line" | sed -E 's#e2e: [0-9]+/([0-9]+).*#\1#')
    failed=$((run - passed))
  fi
  if [[ $rc -eq 0 ]]; then
    row "$label" stage 1 "$run" "$passed" "$skipped" "$failed" ""
  else
    row "$label" stage 1 "$run" "$passed" "$skipped" "$((failed > 0 ? failed : 1))" \
      "exited $rc (see ${log#"$root"/})"
  fi
}

# The minimum executed (not skipped) case count of label $1 from $minimums, or empty.
minimum_of() {
  [[ -f $minimums ]] || return 0
  awk -v l="$1" '$1 == l && $2 ~ /^[0-9]+$/ { print $2; exit }' "$minimums"
}

summary() {
  local status=0 label kind entries run passed skipped failed problems
  local t_run=0 t_passed=0 t_skipped=0 t_failed=0 seen=" "
  echo
  echo "==================== Shouhu test summary ===================="
  if [[ ! -f $results ]]; then
    echo "FAIL results: $results is missing; nothing ran"
    return 1
  fi
  while IFS=$'\t' read -r label kind entries run passed skipped failed problems; do
    seen+="$label "
    local executed=$((run - skipped)) min why=() detail
    min=$(minimum_of "$label")
    if [[ $kind == ctest ]]; then
      t_run=$((t_run + run))
      t_passed=$((t_passed + passed))
      t_skipped=$((t_skipped + skipped))
      t_failed=$((t_failed + failed))
      detail="$run cases run: $passed passed, $failed failed, $skipped skipped"
      detail+=" ($entries ctest test$([[ $entries -eq 1 ]] || echo s)"
      detail+="${min:+; minimum $min})"
      if [[ $run -eq 0 ]]; then
        why+=("no GoogleTest case ran")
      elif [[ $executed -le 0 ]]; then
        why+=("every case was skipped")
      fi
      if [[ -n $min && $executed -lt $min ]]; then
        why+=("$executed cases executed, fewer than the minimum $min in ${minimums#"$root"/}")
      fi
    else
      detail=""
      if [[ $run -gt 0 ]]; then
        detail="$run cases run: $passed passed, $failed failed, $skipped skipped"
        detail+="${min:+ (minimum $min)}"
      fi
      if [[ -n $min && $executed -lt $min ]]; then
        why+=("$executed cases executed, fewer than the minimum $min in ${minimums#"$root"/}")
      fi
    fi
    if [[ $failed -gt 0 || -n $problems ]]; then why=("${problems:-$failed failed}" "${why[@]}"); fi
    if [[ ${#why[@]} -eq 0 ]]; then
      printf 'PASS %-10s %s\n' "$label" "${detail:-ok}"
    else
      status=1
      local joined
      joined=$(printf '%s; ' "${why[@]}")
      printf 'FAIL %s: %s%s\n' "$label" "${detail:+$detail — }" "${joined%; }"
    fi
  done <"$results"
  for label in "${required_labels[@]}"; do
    if [[ $seen != *" $label "* ]]; then
      status=1
      echo "FAIL $label: no such ctest label in this build (the suite is missing)"
    elif [[ -z $(minimum_of "$label") ]]; then
      status=1
      echo "FAIL $label: no minimum case count in ${minimums#"$root"/}"
    fi
  done
  for label in "${required_stages[@]}"; do
    if [[ $seen != *" $label "* ]]; then
      status=1
      echo "FAIL $label: the stage did not run"
    fi
  done
  if [[ $((t_run - t_skipped)) -le 0 ]]; then
    status=1
    echo "FAIL ctest: no GoogleTest case ran"
  fi
  echo "-------------------------------------------------------------"
  echo "JUnit XML and logs: ${out#"$root"/}/"
  echo "Total: $t_run GoogleTest cases run: $t_passed passed, $t_failed failed, $t_skipped skipped"
  return $status
}

case ${1:-} in
  --ctest-labels)
    ctest_labels
    exit 0
    ;;
  --stage)
    shift
    run_stage "$@"
    exit 0
    ;;
  --summary)
    summary
    exit $?
    ;;
  "") ;;
  *)
    echo "usage: $0 [--ctest-labels | --stage LABEL CMD... | --summary]" >&2
    exit 2
    ;;
esac

scripts/deps.sh
echo
echo "==> driver self-test"
if ! scripts/test-selftest.sh; then
  echo
  echo "FAIL driver self-test: scripts/test.sh would pass a broken build; no test ran"
  exit 1
fi

if ! make --no-print-directory build; then
  echo
  echo "FAIL build: see the compiler output above; no test ran"
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
: >"$results"

run_stage format make --no-print-directory format-check

pg_rc=0
if [[ ! -x scripts/with-postgres.sh ]]; then
  echo "test: scripts/with-postgres.sh is missing or not executable" >&2
  pg_rc=127
else
  SHOUHU_TEST_REQUIRE_PG=1 TEST_OUTPUT_DIR=$out scripts/with-postgres.sh \
    "$root/scripts/test.sh" --ctest-labels || pg_rc=$?
fi
if [[ $pg_rc -ne 0 ]]; then
  row postgres stage 1 0 0 0 1 "scripts/with-postgres.sh exited $pg_rc (see the output above)"
fi

# The web UI: static checks and component tests, its production build, browser tests against
# the server just built, and Lighthouse. Logs in test-output/web-*.log.
run_stage web-check scripts/web.sh check
run_stage web-build scripts/web.sh build
run_stage web-e2e scripts/web.sh e2e
run_stage web-a11y scripts/web.sh lighthouse

summary

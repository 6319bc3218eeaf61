#!/usr/bin/env bash
# Every check CI runs (`make test`, `.ci/run`): installs dependencies, builds all targets, checks
# formatting, then runs each ctest label (unit, storage, api, then any other) against a throwaway
# PostgreSQL started by scripts/with-postgres.sh, then the web UI's checks, build, browser tests
# and Lighthouse (scripts/web.sh). JUnit XML and logs land in test-output/; the
# summary at the end names every failure, and the exit status is non-zero on any.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/test-output
results=$out/results.tsv  # label, tests, failed, skipped, gtest cases, failed names
build=${BUILD_DIR:-build}  # the Makefile honours BUILD_DIR too

# The first value of attribute $1 in JUnit file $2 (the <testsuite> totals come first).
junit_attr() {
  { grep -oE "^[[:space:]]*$1=\"[0-9]+\"" "$2" || echo 0; } | head -n 1 | grep -oE '[0-9]+'
}

# Runs one ctest selection and appends its line to $results. Args: label, ctest selector args.
run_ctest() {
  local label=$1
  shift
  local junit=$out/junit-$label.xml log=$out/ctest-$label.log rc=0
  echo
  echo "==> ctest: $label"
  (cd "$build" && ctest "$@" -j2 --output-on-failure --timeout 900 --output-junit "$junit" \
    --test-output-size-passed 65536 --test-output-truncation head) 2>&1 | tee "$log" || rc=$?
  if [[ ! -s $junit ]]; then
    printf '%s\t0\t1\t0\t0\tctest exited %s without results (see %s)\n' \
      "$label" "$rc" "${log#"$root"/}" >>"$results"
    return
  fi
  local tests failed skipped cases names
  tests=$(junit_attr tests "$junit")
  failed=$(junit_attr failures "$junit")
  skipped=$(junit_attr skipped "$junit")
  # GoogleTest's own count: one case per discovered test, many in a whole-binary test.
  cases=$({ grep -oE '\[==========\] [0-9]+ tests? from [0-9]+ test suites? ran' "$junit" || true; } |
    awk '{ n += $2 } END { print n + 0 }')
  names=""
  if [[ $failed -gt 0 || $rc -ne 0 ]]; then
    # Failing GoogleTest cases if their output names them, else the failing ctest tests.
    names=$({ grep -oE '^\[  FAILED  \] [A-Za-z_][A-Za-z0-9_/]*\.[^ ]+' "$junit" || true; } |
      awk '{ n = $NF; sub(/,$/, "", n); print n }' | sort -u | paste -sd, - | sed 's/,/, /g')
    if [[ -z $names ]]; then
      names=$({ grep -oE '<testcase name="[^"]*"[^>]*status="fail"' "$junit" || true; } |
        sed -E 's/<testcase name="([^"]*)".*/\1/; s/ +#.*//' | paste -sd, - | sed 's/,/, /g')
    fi
    if [[ $failed -eq 0 ]]; then
      failed=1
      names="ctest exited $rc${names:+; $names}"
    fi
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$tests" "$failed" "$skipped" "$cases" "$names" \
    >>"$results"
}

# Inside scripts/with-postgres.sh (SHOUHU_TEST_PG_URL is set): one ctest run per label.
if [[ ${1:-} == --ctest-labels ]]; then
  mapfile -t labels < <(cd "$build" && ctest --print-labels | sed -n 's/^  //p')
  ordered=()
  for l in unit storage api; do
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
  exit 0
fi

scripts/deps.sh
if ! make --no-print-directory build; then
  echo
  echo "FAIL build: see the compiler output above; no test ran"
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
: >"$results"

echo
echo "==> format check"
format_ok=1
make --no-print-directory format-check 2>&1 | tee "$out/format.log" || format_ok=0

pg_rc=0
if [[ ! -x scripts/with-postgres.sh ]]; then
  echo "test: scripts/with-postgres.sh is missing or not executable" >&2
  pg_rc=127
else
  SHOUHU_TEST_REQUIRE_PG=1 scripts/with-postgres.sh "$root/scripts/test.sh" --ctest-labels ||
    pg_rc=$?
fi

# The web UI: static checks and component tests, its production build, browser tests against
# the server just built, and Lighthouse. One summary line per stage; logs in test-output/web-*.log.
run_web() {
  local label=$1 rc=0
  shift
  echo
  echo "==> $label"
  BUILD_DIR=$build timeout 900 "$@" 2>&1 | tee "$out/$label.log" || rc=$?
  if [[ $rc -eq 0 ]]; then
    printf '%s\t1\t0\t0\t0\t\n' "$label" >>"$results"
  else
    printf '%s\t1\t1\t0\t0\texited %s (see test-output/%s.log)\n' "$label" "$rc" "$label" \
      >>"$results"
  fi
}
run_web web-check scripts/web.sh check
run_web web-build scripts/web.sh build
run_web web-e2e scripts/web.sh e2e
run_web web-a11y scripts/web.sh lighthouse

# Summary.
status=0
total_pass=0
total_fail=0
total_skip=0
echo
echo "==================== Shouhu test summary ===================="
if [[ $format_ok -eq 1 ]]; then
  echo "PASS format     clang-format clean$(sed -n 's/^format-check: OK//p' "$out/format.log")"
else
  status=1
  echo "FAIL format: $(grep -c '^  ' "$out/format.log" || true) files need clang-format" \
    "(run 'make format'):"
  sed -n 's/^  /       /p' "$out/format.log"
fi
while IFS=$'\t' read -r label tests failed skipped cases names; do
  passed=$((tests - failed - skipped))
  total_pass=$((total_pass + passed))
  total_fail=$((total_fail + failed))
  total_skip=$((total_skip + skipped))
  extra=""
  if [[ $cases -gt 0 && $cases -ne $tests ]]; then extra=" ($cases GoogleTest cases)"; fi
  if [[ $skipped -gt 0 ]]; then extra="$extra, $skipped skipped"; fi
  if [[ $failed -eq 0 ]]; then
    printf 'PASS %-10s %d test%s%s\n' "$label" "$passed" "$([[ $passed -eq 1 ]] || echo s)" "$extra"
  else
    status=1
    printf 'FAIL %s: %d of %d failed%s — %s\n' "$label" "$failed" "$tests" "$extra" "$names"
  fi
done <"$results"
if [[ $pg_rc -ne 0 ]]; then
  status=1
  echo "FAIL postgres: scripts/with-postgres.sh exited $pg_rc (see output above)"
fi
if [[ $((total_pass + total_fail)) -eq 0 ]]; then
  status=1
  echo "FAIL ctest: no test ran"
fi
echo "-------------------------------------------------------------"
echo "JUnit XML and logs: test-output/"
echo "Total: $total_pass passed, $total_fail failed, $total_skip skipped"
exit $status

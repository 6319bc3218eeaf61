#!/usr/bin/env bash
# The test driver's own test, run first by `make test`: scripts/test.sh is pointed at small
# fixture builds (hand-written CTestTestfile.cmake files whose "tests" print GoogleTest output)
# and must fail on each broken one, naming the reason, and pass on the sound one. Needs only
# ctest and python3; takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d /tmp/shouhu-driver-selftest.XXXXXX)
trap '[[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT

# A stand-in for a GoogleTest binary. Usage: fake_gtest MODE N, MODE one of pass, skip, fail, none.
cat >"$work/fake_gtest" <<'EOF'
#!/bin/sh
mode=$1 n=$2
if [ "$mode" = none ]; then
  echo "[==========] 0 tests from 0 test suites ran. (0 ms total)"
  echo "[  PASSED  ] 0 tests."
  exit 0
fi
i=0
while [ $i -lt "$n" ]; do
  echo "[ RUN      ] Fixture.Case$i"
  case $mode in
    pass) echo "[       OK ] Fixture.Case$i (0 ms)" ;;
    skip) echo "[  SKIPPED ] Fixture.Case$i (0 ms)" ;;
    fail) echo "[  FAILED  ] Fixture.Case$i (0 ms)" ;;
  esac
  i=$((i + 1))
done
echo "[==========] $n tests from 1 test suite ran. (0 ms total)"
case $mode in
  pass) echo "[  PASSED  ] $n tests." ;;
  skip) echo "[  PASSED  ] 0 tests."; echo "[  SKIPPED ] $n tests, listed below:" ;;
  fail) echo "[  PASSED  ] 0 tests."; echo "[  FAILED  ] $n tests, listed below:"; exit 1 ;;
esac
EOF
chmod +x "$work/fake_gtest"

# Writes fixture $1's CTestTestfile.cmake from the remaining args, each "NAME LABEL MODE N"
# (MODE "missing" names an executable that was not built).
fixture() {
  local dir=$work/$1/build
  shift
  mkdir -p "$dir"
  : >"$dir/CTestTestfile.cmake"
  local spec name label mode n
  for spec in "$@"; do
    read -r name label mode n <<<"$spec"
    if [[ $mode == missing ]]; then
      echo "add_test($name \"$dir/${name}_not_built\")" >>"$dir/CTestTestfile.cmake"
    else
      echo "add_test($name \"$work/fake_gtest\" $mode $n)" >>"$dir/CTestTestfile.cmake"
    fi
    echo "set_tests_properties($name PROPERTIES LABELS $label" \
      "SKIP_REGULAR_EXPRESSION \"\\\\[  SKIPPED \\\\]\")" >>"$dir/CTestTestfile.cmake"
  done
}

cat >"$work/minimums.tsv" <<'EOF'
# label	minimum executed cases
unit	2
storage	3
api	4
web-check	1
web-e2e	1
EOF

failures=0
# Runs the driver's ctest and summary modes on fixture $1 with the web stages passing (unless
# WEB_E2E overrides the e2e stage's command), then checks the verdict: $2 is "pass" or the text
# the summary must print when it fails.
expect() {
  local name=$1 want=$2 out=$work/$1/out rc=0
  mkdir -p "$out" "$work/$name/build"
  : >"$out/results.tsv"
  export BUILD_DIR=$work/$name/build TEST_OUTPUT_DIR=$out SHOUHU_MINIMUM_CASES=$work/minimums.tsv
  {
    scripts/test.sh --stage format true
    scripts/test.sh --ctest-labels
    scripts/test.sh --stage web-check echo " Tests  3 passed (3)"
    scripts/test.sh --stage web-build true
    scripts/test.sh --stage web-e2e ${WEB_E2E:-echo "e2e: 2/2 steps passed in 1 s"}
    scripts/test.sh --stage web-a11y true
  } >"$out/run.log" 2>&1 || true
  scripts/test.sh --summary >"$out/summary.log" 2>&1 || rc=$?
  unset BUILD_DIR TEST_OUTPUT_DIR SHOUHU_MINIMUM_CASES
  if [[ $want == pass ]]; then
    if [[ $rc -eq 0 ]]; then
      echo "  ok   $name: passes"
      return
    fi
    echo "  FAIL $name: the driver fails a sound build (exit $rc)"
  elif [[ $rc -eq 0 ]]; then
    echo "  FAIL $name: the driver passes it"
  elif ! grep -qF -- "$want" "$out/summary.log"; then
    echo "  FAIL $name: the driver fails it (exit $rc) but does not say \"$want\""
  else
    echo "  ok   $name: fails with \"$want\""
    return
  fi
  sed 's/^/       /' "$out/summary.log"
  failures=$((failures + 1))
}

sound=("unit.A unit pass 1" "unit.B unit pass 1" "unit.C unit skip 1" "storage storage pass 3"
  "api api pass 4")
fixture sound "${sound[@]}"
expect sound pass

fixture empty
expect empty "FAIL ctest: no GoogleTest case ran"
expect empty "FAIL unit: no such ctest label in this build"

fixture missing-suite "unit.A unit pass 1" "unit.B unit pass 1" "api api pass 4"
expect missing-suite "FAIL storage: no such ctest label in this build"

fixture zero-cases "unit.A unit pass 1" "unit.B unit pass 1" "storage storage pass 3" \
  "api api none 0"
expect zero-cases "api ran no GoogleTest case"

fixture all-skipped "unit.A unit pass 1" "unit.B unit pass 1" "storage storage skip 3" \
  "api api pass 4"
expect all-skipped "every case was skipped"

fixture not-built "unit.A unit pass 1" "unit.B unit pass 1" "unit.C unit missing 0" \
  "storage storage pass 3" "api api pass 4"
expect not-built "unit.C was not built"

fixture fewer-cases "unit.A unit pass 1" "unit.B unit pass 1" "storage storage pass 3" \
  "api api pass 3"
expect fewer-cases "fewer than the minimum 4"

fixture failing "unit.A unit pass 1" "unit.B unit fail 1" "storage storage pass 3" \
  "api api pass 4"
expect failing "FAIL unit"

fixture no-minimum "${sound[@]}" "extra extra pass 1"
sed -i '/^api/d' "$work/minimums.tsv"
expect no-minimum "FAIL api: no minimum case count"
echo "api	4" >>"$work/minimums.tsv"

fixture e2e-missing "${sound[@]}"
WEB_E2E=false expect e2e-missing "FAIL web-e2e"
fixture e2e-no-step "${sound[@]}"
WEB_E2E="echo e2e: 0/0 steps passed" expect e2e-no-step "fewer than the minimum 1"

# A stage that never ran at all.
fixture no-stage "${sound[@]}"
expect_no_stage() {
  local out=$work/no-stage/out rc=0
  grep -v '^web-a11y' "$out/results.tsv" >"$out/r" && mv "$out/r" "$out/results.tsv"
  TEST_OUTPUT_DIR=$out SHOUHU_MINIMUM_CASES=$work/minimums.tsv scripts/test.sh --summary \
    >"$out/summary.log" 2>&1 || rc=$?
  if [[ $rc -ne 0 ]] && grep -qF "FAIL web-a11y: the stage did not run" "$out/summary.log"; then
    echo "  ok   no-stage: fails with \"the stage did not run\""
  else
    echo "  FAIL no-stage: a missing web stage passes (exit $rc)"
    failures=$((failures + 1))
  fi
}
expect no-stage pass
expect_no_stage

if [[ $failures -gt 0 ]]; then
  echo "driver self-test: $failures fixture(s) wrong"
  exit 1
fi
echo "driver self-test: OK"

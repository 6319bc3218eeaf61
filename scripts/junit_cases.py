#!/usr/bin/env python3
"""Counts the GoogleTest cases behind one ctest JUnit file (scripts/test.sh).

ctest counts its own entries: one per discovered case for the unit binaries, one for a whole
binary (storage, api) however many cases it runs, and an entry "passes" even when its binary ran
no case at all or skipped every one. This reads each entry's output instead and prints one
tab-separated line:

  entries  cases_run  cases_passed  cases_skipped  cases_failed  problems

where `problems` names, separated by "; ", every entry that failed, was not run (for instance
because its executable was not built), or ran no GoogleTest case. Usage: junit_cases.py FILE
"""
import re
import sys
import xml.etree.ElementTree as ET

RAN = re.compile(r"^\[==========\] (\d+) tests? from \d+ test suites? ran", re.M)
PASSED = re.compile(r"^\[  PASSED  \] (\d+) tests?\.", re.M)
SKIPPED = re.compile(r"^\[  SKIPPED \] (\d+) tests?, listed below", re.M)
FAILED = re.compile(r"^\[  FAILED  \] (\d+) tests?, listed below", re.M)
FAILED_NAME = re.compile(r"^\[  FAILED  \] ([A-Za-z_][A-Za-z0-9_/]*\.[^ ,\n]+)", re.M)


def total(pattern, text):
    return sum(int(n) for n in pattern.findall(text))


def main(path):
    problems = []
    entries = run = passed = skipped = failed = 0
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"0\t0\t0\t0\t0\tunreadable JUnit file {path}: {e}")
        return
    for case in root.iter("testcase"):
        entries += 1
        name = case.get("name", "?")
        status = case.get("status", "")
        out = case.findtext("system-out") or ""
        n_run, n_passed = total(RAN, out), total(PASSED, out)
        n_skipped, n_failed = total(SKIPPED, out), total(FAILED, out)
        run += n_run
        passed += n_passed
        skipped += n_skipped
        failed += n_failed
        if status == "disabled":  # DISABLED_ in GoogleTest, or the ctest property: a skip
            run += 1
            skipped += 1
            continue
        skip = case.find("skipped")
        if status == "notrun" and skip is not None and "find executable" in skip.get("message", ""):
            problems.append(f"{name} was not built")
            continue
        if n_run == 0:
            problems.append(f"{name} ran no GoogleTest case")
            continue
        if status == "fail" or case.find("failure") is not None:
            names = sorted(set(FAILED_NAME.findall(out)))
            problems.append(", ".join(names) if names else f"{name} failed")
            if n_failed == 0:
                failed += 1  # a crash or a timeout: GoogleTest printed no verdict
        elif status == "notrun" and n_skipped == 0:
            problems.append(f"{name} did not run")
    print(f"{entries}\t{run}\t{passed}\t{skipped}\t{failed}\t{'; '.join(problems)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: junit_cases.py FILE")
    main(sys.argv[1])

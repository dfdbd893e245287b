"""Counts the tests of a Bazel run from its bazel-testlogs: `python3 tools/test_counts.py DIR...`.

Go tests are counted from their -test.v logs (one line per test), pytest's from the JUnit report
it writes for Bazel; any other test target (a plain py_test) counts as one test, by its target's
test.xml. Prints "N passed, N failed, N skipped" for all the directories together.
"""

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET


def count(testlogs):
    passed = failed = skipped = 0
    for xml in glob.glob(os.path.join(testlogs, "**", "test.xml"), recursive=True):
        log = open(os.path.join(os.path.dirname(xml), "test.log"), errors="replace").read()
        if "=== RUN" in log:
            passed += len(re.findall(r"^\s*--- PASS:", log, re.M))
            failed += len(re.findall(r"^\s*--- FAIL:", log, re.M))
            skipped += len(re.findall(r"^\s*--- SKIP:", log, re.M))
            continue
        p, f, s = count_junit(xml)
        passed, failed, skipped = passed + p, failed + f, skipped + s
    return passed, failed, skipped


def count_junit(xml):
    """(passed, failed, skipped) of one JUnit XML report."""
    passed = failed = skipped = 0
    for case in ET.parse(xml).getroot().iter("testcase"):
        kids = {c.tag for c in case}
        if kids & {"failure", "error"}:
            failed += 1
        elif "skipped" in kids:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


if __name__ == "__main__":
    totals = [0, 0, 0]
    for d in sys.argv[1:] or ["."]:
        for i, n in enumerate(count(os.path.join(d, "bazel-testlogs"))):
            totals[i] += n
    print("%d passed, %d failed, %d skipped" % tuple(totals))

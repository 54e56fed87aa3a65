#!/usr/bin/python3
"""Amber's test driver: runs every test suite and prints the verdict.

Each suite is an executable `tests/<area>/run-suite` (areas in SUITES order;
missing ones are skipped). A few areas rerun another area's suite with a
different environment (VARIANTS): `lua-asan` runs the Lua corpus on the
ASan/UBSan build of the hosted VM. A suite reports one line per test on stdout:

    PASS <name>
    FAIL <name>: <why>
    SKIP <name>: <why>

Any other line is progress or diagnostics and is shown as it comes. A suite
that exits non-zero without reporting a FAIL counts as one failed test named
after the suite, so a crashing suite can never pass silently.

The driver ends with `N passed, M failed` (and `, K skipped` when some were)
alone on a line, and exits 1 if anything failed.

Usage: tests/run.py [AREA ...]     (default: all areas)
"""
import os
import subprocess
import sys

SUITES = ["vm", "lua", "lua-asan", "snapshot", "kernel", "system"]
VARIANTS = {
    "lua-asan": ("lua", {"AMBER": "build/host-asan/amber", "LABEL": "lua-asan"}),
}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_suite(area, tally):
    base, env = VARIANTS.get(area, (area, {}))
    exe = os.path.join(ROOT, "tests", base, "run-suite")
    if not os.path.exists(exe):
        return
    print(f"== suite {area}", flush=True)
    failed_before = tally["failed"]
    proc = subprocess.Popen([exe], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            errors="replace")
    for line in proc.stdout:
        line = line.rstrip("\n")
        word = line.split(" ", 1)[0]
        if word == "PASS":
            tally["passed"] += 1
        elif word == "FAIL":
            tally["failed"] += 1
            tally["failures"].append(f"{area}: {line[5:]}")
        elif word == "SKIP":
            tally["skipped"] += 1
        print(line, flush=True)
    rc = proc.wait()
    if rc != 0 and tally["failed"] == failed_before:
        tally["failed"] += 1
        tally["failures"].append(f"{area}: suite exited with status {rc}")
        print(f"FAIL {area}: suite exited with status {rc}", flush=True)


def main():
    areas = sys.argv[1:] or SUITES
    tally = {"passed": 0, "failed": 0, "skipped": 0, "failures": []}
    for area in areas:
        run_suite(area, tally)
    if tally["failures"]:
        print("\nFailures:")
        for f in tally["failures"]:
            print("  " + f)
    line = f"{tally['passed']} passed, {tally['failed']} failed"
    if tally["skipped"]:
        line += f", {tally['skipped']} skipped"
    print(line)
    return 1 if tally["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""The cost of each additional Go runtime (goarrow extension) in a process: threads, RSS, the
load's time (dlopen, the Go runtime's start, the module's init), the function registry's, and the
first and second call's (fn.sum of 3 float64). Prints a table; each figure is the median of --runs
fresh processes. `tools/bazel run //python:runtimes_cost [-- --runs N]`."""

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import json, os, sys, time
import pyarrow as pa, numpy, goarrow, importlib

def threads(): return len(os.listdir("/proc/self/task"))
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) * 1024

arr = pa.array([1.0, 2.0, 3.0])
out = [{"package": "(pyarrow + goarrow imported)", "threads": threads(), "rss": rss()}]
for package in sys.argv[1:]:
    t0 = time.perf_counter()
    ext = goarrow.extension(package)  # dlopen: the Go runtime starts; the module's init
    t1 = time.perf_counter()
    f = ext.fn.sum  # the function registry: Go's descriptions, a Python function for each
    t2 = time.perf_counter()
    f(arr)  # the first call into this runtime from this thread
    t3 = time.perf_counter()
    f(arr)
    t4 = time.perf_counter()
    time.sleep(0.2)  # let the runtime's start-up threads settle
    out.append({"package": package, "threads": threads(), "rss": rss(), "import_ms": (t1 - t0) * 1e3,
                "registry_ms": (t2 - t1) * 1e3, "first_call_us": (t3 - t2) * 1e6,
                "second_call_us": (t4 - t3) * 1e6, "go_version": ext.stats()["go_version"],
                "functions": len(ext.functions())})
print(json.dumps(out))
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("packages", nargs="*", default=["goarrow_testing", "goarrow_testing2", "goarrow"])
    a = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    runs = []
    for _ in range(a.runs):
        p = subprocess.run(
            [sys.executable, "-c", CHILD, *a.packages], capture_output=True, text=True, env=env, check=True
        )
        runs.append(json.loads(p.stdout))

    def med(i, k):
        return statistics.median(r[i][k] for r in runs)

    print(f"median of {a.runs} processes; each row: after importing that package (its own Go runtime)")
    print(
        f"{'package':32} {'threads':>7} {'+thr':>5} {'RSS MiB':>8} {'+RSS MiB':>8} {'load ms':>8} "
        f"{'registry ms':>11} {'1st call µs':>11} {'2nd call µs':>11}  go, functions"
    )
    for i, row in enumerate(runs[0]):
        th, rs = med(i, "threads"), med(i, "rss") / 2**20
        if i == 0:
            print(f"{row['package']:32} {th:7.0f} {'':>5} {rs:8.1f}")
            continue
        dth, drs = th - med(i - 1, "threads"), rs - med(i - 1, "rss") / 2**20
        print(
            f"{row['package']:32} {th:7.0f} {dth:+5.0f} {rs:8.1f} {drs:+8.1f} {med(i, 'import_ms'):8.2f} "
            f"{med(i, 'registry_ms'):11.2f} {med(i, 'first_call_us'):11.1f} {med(i, 'second_call_us'):11.1f}  "
            f"{row['go_version']}, {row['functions']}"
        )


if __name__ == "__main__":
    main()

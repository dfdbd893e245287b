"""The cost of each additional Go runtime (goarrow extension) in a process: threads, RSS, the
import's time and the first call's time. Prints a table; each figure is the median of --runs
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
    m = importlib.import_module(package)
    t1 = time.perf_counter()
    m.fn.sum(arr)  # the first call: the registry is built, then one call
    t2 = time.perf_counter()
    m.fn.sum(arr)
    t3 = time.perf_counter()
    time.sleep(0.2)  # let the runtime's start-up threads settle
    out.append({"package": package, "threads": threads(), "rss": rss(), "import_ms": (t1 - t0) * 1e3,
                "first_call_ms": (t2 - t1) * 1e3, "second_call_us": (t3 - t2) * 1e6,
                "go_version": m.stats()["go_version"]})
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
        p = subprocess.run([sys.executable, "-c", CHILD, *a.packages], capture_output=True, text=True, env=env, check=True)
        runs.append(json.loads(p.stdout))
    med = lambda i, k: statistics.median(r[i][k] for r in runs)
    print(f"median of {a.runs} processes; each row: after importing that package (its own Go runtime)")
    print(f"{'package':32} {'threads':>7} {'+thr':>5} {'RSS MiB':>8} {'+RSS MiB':>8} {'import ms':>9} {'1st call ms':>11} {'2nd call µs':>11}  go")
    for i, row in enumerate(runs[0]):
        th, rs = med(i, "threads"), med(i, "rss") / 2**20
        if i == 0:
            print(f"{row['package']:32} {th:7.0f} {'':>5} {rs:8.1f}")
            continue
        dth, drs = th - med(i - 1, "threads"), rs - med(i - 1, "rss") / 2**20
        print(f"{row['package']:32} {th:7.0f} {dth:+5.0f} {rs:8.1f} {drs:+8.1f} {med(i, 'import_ms'):9.2f} "
              f"{med(i, 'first_call_ms'):11.2f} {med(i, 'second_call_us'):11.1f}  {row['go_version']}")


if __name__ == "__main__":
    main()

"""`tools/bazel run //:bench`: run the benchmark suite and write its report to docs/bench/
(table.md, and elementwise.md for the element-wise functions).

Extra arguments go to pytest (e.g. `-k length`), except --pyhost=BINARY (go/pyhost's test binary,
whose benchmarks give the Go-host figures; Bazel passes it). Figures are printed as measured.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# numpy's OpenBLAS threads spin after use and would steal a core from the measurements.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> int:
    pyhost = [a.partition("=")[2] for a in sys.argv[1:] if a.startswith("--pyhost=")]
    pytest_args = [a for a in sys.argv[1:] if not a.startswith("--pyhost=")]
    sys.path.insert(0, str(HERE))
    import report

    # Arguments for pytest (a -k filter, say) make a partial run: its figures are printed and
    # kept in a directory of its own, and the report in docs/bench/ is left as it was.
    partial = bool(pytest_args)
    if "TEST_UNDECLARED_OUTPUTS_DIR" in os.environ:  # under `bazel test`: the smoke run
        out = Path(os.environ["TEST_UNDECLARED_OUTPUTS_DIR"])
    elif partial:
        out = Path(tempfile.mkdtemp(prefix="goarrow-bench-"))
    else:
        out = Path(os.environ.get("BUILD_WORKSPACE_DIRECTORY", os.getcwd())) / "docs" / "bench"
        if not getattr(sys, "_is_gil_enabled", lambda: True)():
            out = out / "free-threaded"  # a toolchain of CPython 3.14t: a report of its own
    out.mkdir(parents=True, exist_ok=True)
    results = out / "results.json"
    if os.environ.get("GOARROW_BENCH_QUICK") == "1":
        timing = ["--benchmark-min-rounds=1", "--benchmark-max-time=0.001", "--benchmark-warmup=off"]
    else:
        timing = ["--benchmark-min-rounds=20", "--benchmark-max-time=0.3", "--benchmark-warmup=on"]
    junit = [f"--junitxml={os.environ['XML_OUTPUT_FILE']}"] if "XML_OUTPUT_FILE" in os.environ else []
    rc = pytest.main(
        [
            str(HERE / "test_bench.py"),
            "-p",
            "no:cacheprovider",
            "-v",
            f"--benchmark-json={results}",
            *timing,
            *junit,
            "--benchmark-columns=median,iqr,min,rounds",
            "--benchmark-sort=name",
            *pytest_args,
        ]
    )
    if rc != 0:
        return rc
    if partial:
        print(report.partial(results))
        return 0
    host = out / "host.json"
    host.write_text(json.dumps(go_host(pyhost[0] if pyhost else None)))
    rc = report.main(str(results), str(out))
    # The element-wise comparisons (their own report: elementwise.md).
    import elementwise

    return rc or elementwise.main(out, os.environ.get("GOARROW_BENCH_QUICK") == "1")


def go_host(binary):
    """The other topology, Go hosting Python (go/pyhost's benchmarks): ns per crossing for a Python
    call returning a cached 1000-value array that Go imports, reads and releases, and for a call
    returning None (the floor). The two run alternately, 5 times each (the machine's speed drifts
    for seconds at a time), and Go's part is the median of the 5 paired differences."""
    if not binary:
        return {}
    quick = os.environ.get("GOARROW_BENCH_QUICK") == "1"
    rounds, benchtime = (1, "100x") if quick else (5, "1s")
    runs = {"import_1000": [], "call_only": []}
    for _ in range(rounds):
        for name, pattern in [("import_1000", "^BenchmarkZeroCopy_N$/^N=1000$"), ("call_only", "^BenchmarkCallOnly$")]:
            # The Go host embeds the interpreter this suite runs on (its venv, with pyarrow and
            # numpy): GOARROW_PYTHON, which may name the toolchain's base interpreter, would
            # otherwise choose it.
            r = subprocess.run(
                [binary, "-test.run=^$", f"-test.bench={pattern}", f"-test.benchtime={benchtime}", "-test.count=1"],
                capture_output=True,
                text=True,
                timeout=600,
                env=dict(os.environ, GOARROW_PYTHON=sys.executable),
            )
            print(r.stdout, r.stderr, sep="", flush=True)
            ns = re.findall(r"\s([0-9.]+) ns/op", r.stdout)
            if r.returncode != 0 or not ns:
                raise SystemExit(f"go/pyhost benchmark {pattern} failed (exit {r.returncode})")
            runs[name].append(float(ns[0]))

    def median(v):
        return sorted(v)[len(v) // 2]

    figures = {name: median(v) for name, v in runs.items()}
    figures["go_part"] = median([a - b for a, b in zip(runs["import_1000"], runs["call_only"])])
    return figures


if __name__ == "__main__":
    sys.exit(main())

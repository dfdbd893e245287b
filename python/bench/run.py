"""`tools/bazel run //:bench`: run the benchmark suite and write its report to docs/bench/.

Extra arguments go to pytest (e.g. `-k length`). Figures are printed as they are measured.
"""

import os
import sys
from pathlib import Path

# numpy's OpenBLAS threads spin after use and would steal a core from the measurements.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE))
    import report

    if "TEST_UNDECLARED_OUTPUTS_DIR" in os.environ:  # under `bazel test`: the smoke run
        out = Path(os.environ["TEST_UNDECLARED_OUTPUTS_DIR"])
    else:
        out = Path(os.environ.get("BUILD_WORKSPACE_DIRECTORY", os.getcwd())) / "docs" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    results = out / "results.json"
    if os.environ.get("GOARROW_BENCH_QUICK") == "1":
        timing = ["--benchmark-min-rounds=1", "--benchmark-max-time=0.001", "--benchmark-warmup=off"]
    else:
        timing = ["--benchmark-min-rounds=20", "--benchmark-max-time=0.3", "--benchmark-warmup=on"]
    junit = [f"--junitxml={os.environ['XML_OUTPUT_FILE']}"] if "XML_OUTPUT_FILE" in os.environ else []
    rc = pytest.main([
        str(HERE / "test_bench.py"), "-p", "no:cacheprovider", "-v",
        f"--benchmark-json={results}", *timing, *junit,
        "--benchmark-columns=median,iqr,min,rounds", "--benchmark-sort=name",
        *sys.argv[1:],
    ])
    if rc != 0:
        return rc
    return report.main(str(results), str(out))


if __name__ == "__main__":
    sys.exit(main())

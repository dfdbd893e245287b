"""The element-wise benchmarks: Go functions of one row (go/internal/testfuncs/elementwise.go)
against the same work written by hand in arrow-go, pyarrow.compute, numpy and DuckDB's Python UDFs.

Every method of a comparison is timed in turn, round after round (interleaved), and each target is
the median of the per-round ratios, so that the machine's drift (up to 2x for seconds here) hits
both sides of a ratio alike. `tools/bazel run //:bench` writes docs/bench/elementwise.md; the smoke
test runs it on small inputs and checks nothing but that it runs.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

import goarrow
import goarrow_testing  # noqa: F401  (ew.* and bench.*)

ew = goarrow.fn.ew
bench = goarrow.fn.bench


def timed(f: Callable[[], Any], calls: int = 1) -> float:
    t0 = time.perf_counter()
    for _ in range(calls):
        f()
    return (time.perf_counter() - t0) / calls


def interleaved(methods: dict[str, Callable[[], Any]], rounds: int, calls: int = 1) -> dict[str, list[float]]:
    """Seconds per call of each method, one list entry per round; methods take turns."""
    for f in methods.values():  # warm up: first-call costs (imports, caches) stay out
        f()
    times: dict[str, list[float]] = {k: [] for k in methods}
    for _ in range(rounds):
        for k, f in methods.items():
            times[k].append(timed(f, calls))
    return times


def ratio(times: dict[str, list[float]], num: str, den: str) -> float:
    """The median over rounds of num's time / den's time (same round)."""
    return statistics.median(a / b for a, b in zip(times[num], times[den]))


class Report:
    def __init__(self) -> None:
        self.rows: list[str] = []
        self.targets: list[tuple[str, float, str, float, bool]] = []
        self.ceilings: list[tuple[str, float, str]] = []

    def times(self, title: str, n: int, times: dict[str, list[float]]) -> None:
        self.rows.append(f"\n### {title} ({n:,} rows)\n\n| method | median | per row |\n|---|---|---|")
        for k, v in times.items():
            m = statistics.median(v)
            self.rows.append(f"| {k} | {fmt(m)} | {m / max(n, 1) * 1e9:,.2f} ns |")

    def target(self, what: str, value: float, op: str, bound: float) -> None:
        ok = value <= bound if op == "<=" else value >= bound
        self.targets.append((what, value, op, bound, ok))

    def ceiling(self, what: str, value: float, why: str) -> None:
        """A ratio that bounds a target from outside goarrow (measured in the same rounds)."""
        self.ceilings.append((what, value, why))


def fmt(seconds: float) -> str:
    if seconds >= 0.1:
        return f"{seconds:,.3f} s"
    if seconds >= 1e-4:
        return f"{seconds * 1e3:,.2f} ms"
    return f"{seconds * 1e6:,.2f} µs"


def run(quick: bool) -> Report:
    rng = np.random.default_rng(1)
    big = 10_000 if quick else 10_000_000
    rounds = 1 if quick else 7
    r = Report()

    # Per-row cost: element-wise against the hand-written arrow-go loop in the same package.
    a = pa.array(rng.integers(-(10**9), 10**9, big))
    b = pa.array(rng.integers(1, 10**6, big))
    t = interleaved(
        {
            "ew.add (element-wise)": lambda: ew.add(a, b),
            "bench.add_loop (hand-written arrow-go)": lambda: bench.add_loop(a, b),
            "pyarrow.compute.add": lambda: pc.add(a, b),
        },
        rounds,
    )
    r.times("add(a, b int64), no nulls", big, t)
    r.target(
        "add: element-wise / hand-written",
        ratio(t, "ew.add (element-wise)", "bench.add_loop (hand-written arrow-go)"),
        "<=",
        1.2,
    )
    valid = rng.random(big) > 0.1
    an = pa.array(a.to_numpy(), mask=~valid)
    t = interleaved(
        {
            "ew.add": lambda: ew.add(an, b),
            "bench.add_loop": lambda: bench.add_loop(an, b),
            "pyarrow.compute.add": lambda: pc.add(an, b),
        },
        rounds,
    )
    r.times("add(a, b int64), 10% nulls in a", big, t)
    r.target("add with nulls: element-wise / hand-written", ratio(t, "ew.add", "bench.add_loop"), "<=", 1.2)
    t = interleaved({"ew.gcd": lambda: ew.gcd(a, b), "bench.gcd_loop": lambda: bench.gcd_loop(a, b)}, rounds)
    r.times("gcd(a, b int64)", big, t)
    r.target("gcd: element-wise / hand-written", ratio(t, "ew.gcd", "bench.gcd_loop"), "<=", 1.2)

    # Fused arithmetic, where numpy makes a temporary per operation.
    fa, fb = pa.array(rng.random(big)), pa.array(rng.random(big))
    na_, nb = fa.to_numpy(), fb.to_numpy()
    # The target is on one goroutine, against numpy's one thread; the call as a user writes it
    # (ew.fused is marked parallel: GOMAXPROCS goroutines) is in the table too.
    t = interleaved(
        {
            "ew.fused (as called: parallel)": lambda: ew.fused(fa, fb, 2.0, 3.0, 0.5, 4.0),
            "ew.fused, 1 goroutine": lambda: ew.fused(fa, fb, 2.0, 3.0, 0.5, 4.0, threads=1),
            "numpy": lambda: np.minimum(np.maximum(na_ * 2.0 + nb * 3.0, 0.5), 4.0),
        },
        rounds,
    )
    r.times("min(max(a*x + b*y, lo), hi), 2 float64 columns and 4 scalars", big, t)
    r.target("fused: numpy / element-wise (1 goroutine)", ratio(t, "numpy", "ew.fused, 1 goroutine"), ">=", 2.0)

    # Haversine over 4 float64 columns: numpy's sin/cos are SIMD, Go's are not.
    pts = [pa.array(rng.uniform(-90, 90, big)) for _ in range(4)]
    npts = [p.to_numpy() for p in pts]

    def np_haversine() -> Any:
        la1, lo1, la2, lo2 = (np.radians(x) for x in npts)
        h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
        return 2 * 6371.0088 * np.arcsin(np.sqrt(h))

    t = interleaved(
        {
            "ew.haversine, 1 goroutine": lambda: ew.haversine(*pts, threads=1),
            "ew.haversine, 2 goroutines": lambda: ew.haversine(*pts, threads=2),
            "numpy": np_haversine,
        },
        rounds,
    )
    r.times("haversine distance, 4 float64 columns", big, t)
    r.target("haversine: numpy / element-wise (1 goroutine)", ratio(t, "numpy", "ew.haversine, 1 goroutine"), ">=", 1.0)
    r.target(
        "haversine: 1 goroutine / 2 goroutines",
        ratio(t, "ew.haversine, 1 goroutine", "ew.haversine, 2 goroutines"),
        ">=",
        1.8,
    )

    # Strings: upper case of 1M strings, as strings.ToUpper (a new Go string per row, copied into
    # the column) and as an append-style function (elementwise.Text: written where the column
    # keeps it); DuckDB's Python scalar UDF against the Go function registered in DuckDB, each in
    # one query. DuckDB's own cost of an Arrow UDF (its vectors to Arrow and back, a Python call
    # per 2,048 rows) is measured with an identity Arrow UDF: the ceiling of the ratio for any
    # Arrow UDF, Go's or pyarrow's, however cheap its work.
    ns = 2_000 if quick else 1_000_000
    words = pa.array([f"row {i} of the benchmark, ünïcode" for i in range(ns)])
    t = interleaved(
        {
            "ew.upper (strings.ToUpper), 1 goroutine": lambda: ew.upper(words, threads=1),
            "ew.upper_in_place (elementwise.Text), 1 goroutine": lambda: ew.upper_in_place(words, threads=1),
            "pyarrow.compute.utf8_upper": lambda: pc.utf8_upper(words),
        },
        rounds,
    )
    r.times("upper case of each string", ns, t)
    try:
        import duckdb
    except ImportError:
        duckdb = None
    if duckdb is not None:
        import goarrow.duckdb

        con = duckdb.connect()
        con.register("t", pa.table({"s": words}))
        con.create_function("py_upper", lambda s: s.upper(), ["VARCHAR"], "VARCHAR")
        con.create_function("arrow_identity", lambda a: a, ["VARCHAR"], "VARCHAR", type="arrow")
        goarrow.duckdb.register(con, ew.upper_in_place, [None], "VARCHAR", name="go_upper")
        q = "select count(*) from (select {}(s) as u from t) where u is not null"
        t = interleaved(
            {
                "DuckDB, goarrow's ew.upper_in_place": lambda: con.sql(q.format("go_upper")).fetchall(),
                "goarrow's ew.upper_in_place on the column, no DuckDB": lambda: ew.upper_in_place(words, threads=1),
                "DuckDB, Python scalar UDF": lambda: con.sql(q.format("py_upper")).fetchall(),
                "DuckDB, identity Arrow UDF (no work: DuckDB's own cost)": lambda: con.sql(
                    q.format("arrow_identity")
                ).fetchall(),
            },
            max(1, rounds // 2),
        )
        r.times("upper case in one DuckDB query", ns, t)
        r.target(
            "strings in DuckDB: Python UDF / goarrow element-wise",
            ratio(t, "DuckDB, Python scalar UDF", "DuckDB, goarrow's ew.upper_in_place"),
            ">=",
            20.0,
        )
        # The other reading of the target: the Go function on the column as a Python caller has
        # it (pyarrow), against the DuckDB query with the Python UDF.
        r.target(
            "strings: DuckDB query with the Python UDF / goarrow's function on the column",
            ratio(t, "DuckDB, Python scalar UDF", "goarrow's ew.upper_in_place on the column, no DuckDB"),
            ">=",
            20.0,
        )
        r.ceiling(
            "strings in DuckDB: Python UDF / identity Arrow UDF",
            ratio(t, "DuckDB, Python scalar UDF", "DuckDB, identity Arrow UDF (no work: DuckDB's own cost)"),
            "the most any Arrow UDF can reach in this query: DuckDB's conversions alone, no work done",
        )

    # A one-row call: element-wise adds no fixed cost to a call.
    a1, b1 = pa.array([3]), pa.array([4])
    t = interleaved(
        {"ew.add, 1 row": lambda: ew.add(a1, b1), "bench.add_loop, 1 row": lambda: bench.add_loop(a1, b1)},
        3 if quick else 15,
        calls=200 if quick else 5000,
    )
    r.times("one row", 1, t)
    r.target("1-row call: element-wise / whole-column", ratio(t, "ew.add, 1 row", "bench.add_loop, 1 row"), "<=", 1.3)
    return r


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores; CPython {platform.python_version()}, pyarrow {pa.__version__}, "
        f"numpy {np.__version__}; Go extension built with {goarrow.stats()['go_version']}"
    )


def write(r: Report, out: Path) -> None:
    lines = [
        "# Element-wise functions: benchmark report",
        "",
        "Written by `tools/bazel run //:bench` (python/bench/elementwise.py); do not edit by hand.",
        f"Machine: {machine()}.",
        "",
        "Each comparison times its methods in turn, round after round; a target is the median of the",
        "per-round ratios. Times are medians of the rounds.",
        "",
        "## Targets",
        "",
        "| what | measured | target | |",
        "|---|---|---|---|",
    ]
    for what, value, op, bound, ok in r.targets:
        lines.append(f"| {what} | {value:.2f}x | {op} {bound:g}x | {'met' if ok else '**missed**'} |")
    if r.ceilings:
        lines += ["", "## Ceilings", "", "| what | measured | what it bounds |", "|---|---|---|"]
        lines += [f"| {what} | {value:.2f}x | {why} |" for what, value, why in r.ceilings]
    lines += ["", "## Times", *r.rows, ""]
    out.write_text("\n".join(lines))


def main(out_dir: Path, quick: bool) -> int:
    r = run(quick)
    out_dir.mkdir(parents=True, exist_ok=True)
    write(r, out_dir / "elementwise.md")
    for what, value, op, bound, ok in r.targets:
        print(f"{what}: {value:.2f}x (target {op} {bound:g}x){'' if ok else '  MISSED'}")
    for what, value, why in r.ceilings:
        print(f"{what}: {value:.2f}x ({why})")
    print(f"written: {out_dir / 'elementwise.md'}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."), os.environ.get("GOARROW_BENCH_QUICK") == "1"))

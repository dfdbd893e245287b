"""The crossing benchmarks: goarrow against a copying path, the POC's raw pointer, and peers.

Each benchmark's time is one crossing. `tools/bazel run //:bench` runs them all and writes the
report (docs/bench/); `bazel test //...` runs them in smoke mode so they cannot rot.
"""

import gc
import threading

import arro3.core as arro3
import nanoarrow as na
import numpy as np
import pyarrow as pa
import pytest
from conftest import N_VALUES, QUICK, values

import goarrow
import goarrow_testing  # noqa: F401  debug.* and bench.* live in the test extension

fn = goarrow.fn

# A crossing of 1e8 values by copy takes about a second; a few rounds are enough.
SLOW = 10_000_000


def run(benchmark, op, n, heavy=False):
    if heavy and n >= SLOW and not QUICK:
        return benchmark.pedantic(op, rounds=3, iterations=1, warmup_rounds=1)
    return benchmark(op)


# ---- one array, every N: goarrow, baselines and peers ----


@pytest.mark.parametrize("n", N_VALUES)
def test_length(benchmark, floats, n):
    """Python → Go: Go materializes the array (arrow-go cdata import) and returns its length."""
    arr = floats(n)
    benchmark.group = "crossing"
    assert run(benchmark, lambda: fn.length(arr), n) == n


@pytest.mark.parametrize("n", N_VALUES)
def test_echo(benchmark, floats, n):
    """Python → Go → Python: Go imports the array and exports it back; pyarrow imports that."""
    arr = floats(n)
    benchmark.group = "crossing"
    out = run(benchmark, lambda: fn.echo(arr), n)
    assert len(out) == n


@pytest.mark.parametrize("n", N_VALUES)
def test_export(benchmark, n):
    """Go → Python of an array Go already holds: the export and pyarrow's import only."""
    fn.bench.held(n)  # made once, outside the timing
    benchmark.group = "crossing"
    assert len(run(benchmark, lambda: fn.bench.held(n), n)) == n


@pytest.mark.parametrize("n", N_VALUES)
def test_copy_ipc(benchmark, floats, n):
    """Baseline: serialize to Arrow IPC bytes in Python, read them in Go (copies every value)."""
    batch = pa.record_batch([floats(n)], names=["x"])

    def op():
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, batch.schema) as w:
            w.write_batch(batch)
        return fn.bench.ipc_rows(sink.getvalue().to_pybytes())

    benchmark.group = "crossing"
    assert run(benchmark, op, n, heavy=True) == n


@pytest.mark.parametrize("n", N_VALUES)
def test_raw_pointer(benchmark, n):
    """Baseline, the original POC's way: a bare address and length, no C Data Interface."""
    v = values(n)
    addr = v.ctypes.data if n else 1
    benchmark.group = "crossing"
    # raw_length returns the first value it read at the address (0 when empty): numpy's own.
    assert run(benchmark, lambda: fn.bench.raw_length(addr, n), n) == (v[0] if n else 0.0)


@pytest.mark.parametrize("n", N_VALUES)
def test_nanoarrow(benchmark, floats, n):
    """Peer: nanoarrow's c_array imports a pyarrow array (C)."""
    arr = floats(n)
    benchmark.group = "crossing"
    assert run(benchmark, lambda: na.c_array(arr), n).length == n


@pytest.mark.parametrize("n", N_VALUES)
def test_arro3(benchmark, floats, n):
    """Peer: arro3-core's Array.from_arrow imports a pyarrow array (Rust, pyo3-arrow)."""
    arr = floats(n)
    benchmark.group = "crossing"
    assert len(run(benchmark, lambda: arro3.Array.from_arrow(arr), n)) == n


# ---- the same crossings, interleaved ----


def test_interleaved(benchmark, floats):
    """Every (method, N) pair timed in turn, round after round, in a shuffled order.

    This machine's speed drifts by up to 1.7x for seconds at a time, for every library alike, so
    benchmarks run one after another can disagree by that much for reasons that have nothing to do
    with N. Interleaving exposes every pair to the same drift; the targets are checked on these
    medians.
    """
    import random
    import time

    arrays = {n: floats(n) for n in N_VALUES}
    addrs = {n: values(n).ctypes.data if n else 1 for n in N_VALUES}
    for n in N_VALUES:
        fn.bench.held(n)
    methods = {
        "test_length": lambda n: fn.length(arrays[n]),
        "test_echo": lambda n: fn.echo(arrays[n]),
        "test_export": lambda n: fn.bench.held(n),
        "test_raw_pointer": lambda n: fn.bench.raw_length(addrs[n], n),
        "test_nop": lambda n: fn.bench.nop(n),
        "test_nanoarrow": lambda n: na.c_array(arrays[n]),
        "test_arro3": lambda n: arro3.Array.from_arrow(arrays[n]),
        "test_pyarrow_export": lambda n: arrays[n].__arrow_c_array__(),
        "test_pyarrow_roundtrip": lambda n: pa.Array._import_from_c_capsule(*arrays[n].__arrow_c_array__()),
    }
    # What each method must return, worked out from the inputs (not from a call being timed):
    # a method that stopped doing its work would time something else.
    first = {n: (values(n)[0] if n else 0.0) for n in N_VALUES}
    checks = {
        "test_length": lambda r, n: r == n,
        "test_echo": lambda r, n: len(r) == n and (n == 0 or r.buffers()[1].address == arrays[n].buffers()[1].address),
        "test_export": lambda r, n: len(r) == n,
        "test_raw_pointer": lambda r, n: r == first[n],
        "test_nop": lambda r, n: r == n and type(r) is int,
        "test_nanoarrow": lambda r, n: r.length == n,
        "test_arro3": lambda r, n: len(r) == n,
        "test_pyarrow_export": lambda r, n: len(r) == 2,
        "test_pyarrow_roundtrip": lambda r, n: len(r) == n,
    }
    assert checks.keys() == methods.keys()
    for m, op in methods.items():
        for n in N_VALUES:
            assert checks[m](op(n), n), f"{m} at n={n} returned the wrong result"
    cells = [(m, n) for m in methods for n in N_VALUES]
    rounds, calls = (2, 5) if QUICK else (40, 100)
    times: dict = {c: [] for c in cells}
    rng = random.Random(0)
    for _ in range(rounds):
        rng.shuffle(cells)
        for m, n in cells:
            op = methods[m]
            t0 = time.perf_counter()
            for _ in range(calls):
                op(n)
            times[(m, n)].append((time.perf_counter() - t0) / calls)
    assert all(len(t) == rounds and min(t) > 0 for t in times.values())
    benchmark.group = "interleaved"
    benchmark.extra_info["median_seconds"] = {
        m: {str(n): sorted(times[(m, n)])[len(times[(m, n)]) // 2] for n in N_VALUES} for m in methods
    }
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)


# ---- shapes: columns and batches ----


@pytest.mark.parametrize("columns", [1, 10, 100, 1000])
def test_batch_columns(benchmark, columns):
    """A record batch of k float64 columns (1000 rows): cost per column."""
    col = pa.array(values(1000))
    batch = pa.record_batch([col] * columns, names=[f"c{i}" for i in range(columns)])
    benchmark.group = "columns"
    benchmark.extra_info["columns"] = columns
    assert benchmark(lambda: fn.length(batch)) == 1000


def test_batch_columns_read(benchmark):
    """The same 1000-column batch, for a function that reads every column: per column."""
    col = pa.array(values(1000))
    batch = pa.record_batch([col] * 1000, names=[f"c{i}" for i in range(1000)])
    benchmark.group = "columns"
    assert benchmark(lambda: fn.bench.read_columns(batch)) == 1000 * 1000


@pytest.mark.parametrize("direction", ["python_to_go", "go_to_python"])
def test_stream_batches(benchmark, direction):
    """A stream of 1000 batches (100 rows each): cost per batch, each way."""
    nb = 10 if QUICK else 1000
    benchmark.group = "stream"
    benchmark.extra_info["batches"] = nb
    if direction == "python_to_go":
        batch = pa.record_batch([pa.array(values(100))], names=["x"])
        batches = [batch] * nb

        def op():
            return fn.count_rows(pa.RecordBatchReader.from_batches(batch.schema, batches))

        assert benchmark(op) == 100 * nb
    else:  # batches Go already holds: the export of each batch and pyarrow's import of it

        def op():
            return sum(b.num_rows for b in fn.bench.held_stream(nb, 100))

        assert benchmark(op) == 100 * nb


def test_stats(benchmark):
    """goarrow.stats(): the counters, read without stopping the world."""
    benchmark.group = "stats"
    assert benchmark(goarrow.stats)["calls_total"] > 0


# ---- throughput: Go's sum against numpy's, on memory numpy allocated ----

SUM_N = 1_000_000 if QUICK else 100_000_000


@pytest.mark.parametrize("impl", ["goarrow", "numpy"])
def test_sum_throughput(benchmark, impl):
    v = values(SUM_N)
    benchmark.group = "sum"
    benchmark.extra_info["bytes"] = v.nbytes
    op = (lambda: fn.sum(v)) if impl == "goarrow" else (lambda: v.sum())
    got = benchmark.pedantic(op, rounds=3 if QUICK else 15, iterations=1, warmup_rounds=1)
    assert got == pytest.approx(v.sum(), rel=1e-9)


# ---- the GIL: two Python threads calling Go at once ----

# 400k values per call (3.2 MB per array; both fit in the 32 MB L3), one goroutine per call
# (under sum's parallel threshold, so one call uses one core). Measured on this 2-core VM:
# with 100k values (about 15 µs per call) the hand-off of the GIL after every call dominates, and
# numpy's own sum, which releases the GIL too, reached only 1.3-1.4x with 2 threads; with 1M
# values (8 MB) both threads wait on memory bandwidth. The same arrays are also summed by numpy
# in 2 threads, for comparison.
THREAD_N = 400_000
CALLS = 20 if QUICK else 1000
SMALL_CALLS = 100 if QUICK else 20_000  # about as long as CALLS sums
SMALL_N = 1000

# The small calls are written as users write them: the function looked up through goarrow.fn at
# every call. "length": a column per thread; "length shared": both threads on one column;
# "elementwise": ew.add (int64 + int64, goarrowgen's loop) on a column per thread.
SMALL_KINDS = {
    "length": lambda a, b: goarrow.fn.length(a),
    "length shared": lambda a, b: goarrow.fn.length(a),
    "elementwise": lambda a, b: goarrow.fn.ew.add(a, b),
    # No goarrow: a Python loop on objects of the thread's own (a call of a Python function and a
    # few int operations), timed in the same rounds. What the interpreter itself scales to on
    # this machine, the ceiling of the small calls' ratios (on this 2-core VM it has ranged from
    # 1.3x to 2.0x between runs minutes apart).
    "python": lambda a, b: _python_work(a),
}


def _python_work(x):
    return (x * 3 + 1) // 2 - x


def test_threads(benchmark):
    """Time for 1 thread, then 2 threads, to each make CALLS sum calls (and SMALL_CALLS calls of
    each small kind, whose Go part is tiny: what scales there is the Python and C around each
    call), alternating round by round (the machine's drift hits both alike). With the GIL
    released, 2 threads' sums take about as long as 1, each on its own core; on free-threaded
    CPython nothing serializes the calls at all."""
    import sys
    import time

    arrays = [pa.array(np.random.default_rng(i).random(THREAD_N)) for i in range(2)]

    np_arrays = [a.to_numpy() for a in arrays]
    expected = [float(np.sum(a)) for a in np_arrays]
    wrong = []  # (thread, result) for every result that was not the expected one

    small = [pa.array(np.arange(SMALL_N, dtype=np.int64) + i) for i in range(2)]
    small_want = {
        "length": [SMALL_N, SMALL_N],
        "length shared": [SMALL_N, SMALL_N],
        "elementwise": [(2 * (np.arange(SMALL_N) + i)).tolist() for i in range(2)],
        "python": [(SMALL_N + i + 1) // 2 for i in range(2)],  # (3x + 1) // 2 - x
    }

    def run_threads(k, kind=None, numpy=False):
        # Every result is kept and checked after the clock stops: a check in the loop (pytest.approx
        # is about 15 µs) runs under the GIL and would serialize the threads it measures.
        got = [[] for _ in range(k)]
        # The Python loop's call is about 20 times shorter than a goarrow call: as many more.
        n = (20 * SMALL_CALLS if kind == "python" else SMALL_CALLS) if kind else CALLS

        def work(i, a):
            keep = got[i].append
            if kind:
                call = SMALL_KINDS[kind]
                for _ in range(n):
                    keep(call(a, a))
            else:
                f = np.sum if numpy else fn.sum
                for _ in range(n):
                    keep(f(a))

        if kind == "python":
            data = [SMALL_N + i for i in range(2)]
        elif kind:
            data = [small[0]] * 2 if kind == "length shared" else small
        else:
            data = np_arrays if numpy else arrays
        ts = [threading.Thread(target=work, args=(i, a)) for i, a in enumerate(data[:k])]
        t0 = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        elapsed = time.perf_counter() - t0
        for i, results in enumerate(got):
            if len(results) != n:
                wrong.append((i, f"{len(results)} results, not {n}"))
            for r in results[:: max(1, n // 10)]:  # a sample: converting every ew result costs minutes
                want = small_want[kind][i] if kind else pytest.approx(expected[i], rel=1e-9)
                r = r.to_pylist() if isinstance(r, pa.Array) else r
                if r != want:
                    wrong.append((i, kind, str(r)[:80]))
        return elapsed

    times = {f"{name} {k}": [] for name in ["sum", "numpy", *SMALL_KINDS] for k in (1, 2)}
    for _ in range(3 if QUICK else 15):
        for k in (1, 2):
            times[f"sum {k}"].append(run_threads(k))
            times[f"numpy {k}"].append(run_threads(k, numpy=True))
            for kind in SMALL_KINDS:
                times[f"{kind} {k}"].append(run_threads(k, kind=kind))
    assert wrong == [], f"{len(wrong)} of the threaded results were wrong, e.g. {wrong[:3]} (want {expected})"
    median = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
    benchmark.group = "threads"
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    benchmark.extra_info.update(
        calls_per_thread=CALLS, values_per_call=THREAD_N, small_calls=SMALL_CALLS, median_seconds=median, gil=gil
    )
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)


# ---- memory: RSS while 800 MB crosses each way ----


def rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


@pytest.mark.parametrize("direction", ["python_to_go", "go_to_python"])
def test_rss_growth(benchmark, direction):
    """RSS growth caused by the crossing itself: the 800 MB exist before it, on one side."""
    n = 1_000_000 if QUICK else 100_000_000
    gc.collect()
    if direction == "python_to_go":
        src = pa.array(values(n))
        before = rss()
        out = fn.echo(src)  # Go imports, re-exports; Python holds the result
        assert goarrow.fn.length(src) == n
        assert len(out) == n and out.buffers()[1].address == src.buffers()[1].address, "echo copied"
    else:
        fn.bench.held(n)
        before = rss()
        out = fn.bench.held(n)  # Python now views Go's 800 MB
        assert len(out) == n and 0 <= out[n - 1].as_py() < 1  # generate's values are in [0, 1)
    growth = rss() - before
    # A crossing without a copy grows RSS by a few pages; a copy of the data would add all of it.
    assert growth < 8 * n // 2, f"RSS grew by {growth} bytes for {8 * n} bytes crossed: a copy?"
    del out
    benchmark.group = "rss"
    benchmark.extra_info.update(bytes_crossed=8 * n, rss_growth=growth)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)


def teardown_module():
    fn.bench.drop_held()

"""The GIL is released while Go runs, and memory can be released from any thread."""

import gc
import os
import queue
import subprocess
import sys
import sysconfig
import threading

import numpy as np
import pyarrow as pa
import pytest

import goarrow


def run_threads(n, target):
    errors, results = [], [None] * n

    def wrap(i):
        try:
            results[i] = target(i)
        except BaseException as e:  # noqa: BLE001 - report everything to the main thread
            errors.append(e)

    threads = [threading.Thread(target=wrap, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60 + STRESS_SECONDS)
        assert not t.is_alive(), "deadlock: a thread did not finish in time"
    if errors:
        raise errors[0]
    return results


@pytest.mark.parametrize("parties", [2, 4])
def test_python_threads_are_inside_go_at_the_same_time(parties):
    # Each call waits in Go until all parties are inside. If the GIL were held during Go calls,
    # only one thread could be inside, and every call would time out and return False.
    assert run_threads(parties, lambda i: goarrow.fn.debug.barrier(parties, 10.0)) == [True] * parties


def test_barrier_alone_times_out():
    # The control for the test above: with one party short, the barrier reports failure.
    assert goarrow.fn.debug.barrier(2, 0.05) is False


def test_concurrent_sums_are_correct():
    data = [pa.array(np.arange(i * 1000, dtype=np.float64)) for i in range(8)]
    want = [float(np.arange(i * 1000).sum()) for i in range(8)]
    got = run_threads(8, lambda i: [goarrow.fn.sum(data[i]) for _ in range(50)])
    assert got == [[w] * 50 for w in want]


def test_go_memory_released_from_other_threads():
    gc.collect()
    base = goarrow.stats()["c_allocated_bytes"]
    q = queue.Queue()

    def produce(i):
        for _ in range(200):
            q.put(goarrow.fn.generate(1000, i))
        q.put(None)

    def consume(_):
        n = 0
        while (a := q.get()) is not None:
            n += len(a)
            del a  # Go's release callback runs here, on this thread
        return n

    run_threads(2, lambda i: produce(i) if i == 0 else consume(i))
    gc.collect()
    assert goarrow.stats()["c_allocated_bytes"] == base


def test_python_memory_released_by_go_on_go_threads():
    # Go releases imported pyarrow arrays when a call ends; that release takes the GIL inside
    # pyarrow. Many threads doing it at once must not deadlock.
    gc.collect()
    base = pa.total_allocated_bytes()

    def work(i):
        for _ in range(200):
            arr = pa.array(np.arange(100) + i)
            assert goarrow.fn.length(pa.chunked_array([arr, arr])) == 200
            goarrow.fn.echo(pa.table({"a": arr}))
        return True

    assert all(run_threads(4, work))
    gc.collect()
    assert pa.total_allocated_bytes() == base


def test_several_threads_read_go_streams():
    def work(i):
        return sum(b.num_rows for b in goarrow.fn.generate_stream(50, 100 + i, i))

    assert run_threads(4, work) == [50 * (100 + i) for i in range(4)]


def test_goarrow_leaves_the_gil_as_the_interpreter_has_it():
    # Free-threaded CPython turns the GIL back on for the whole process when an extension does
    # not declare that it runs without it; goarrow's declares it (Py_mod_gil). A child process,
    # so that this process's state (and PYTHON_GIL) do not decide the answer.
    code = (
        "import sys, goarrow, goarrow_testing\n"
        "assert goarrow.fn.length(__import__('pyarrow').array([1, 2])) == 2\n"
        "assert goarrow_testing.fn.length(__import__('pyarrow').array([1])) == 1\n"
        "print(getattr(sys, '_is_gil_enabled', lambda: True)())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_GIL"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    assert out.stdout.split() == [str(not free_threaded)], out.stdout + out.stderr
    assert "GIL" not in out.stderr, out.stderr  # CPython's RuntimeWarning when it re-enables it


def test_what_every_call_loads_counts_no_references_free_threaded():
    # pkg.fn.name(...) loads the namespaces and the function at every call. On free-threaded
    # CPython a reference taken by a thread that does not own the object is an atomic add on the
    # object's cache line, passed between cores when threads call at once; with deferred
    # reference counting (as modules and functions have) the interpreter's loads count nothing.
    ext = goarrow.extension("goarrow_testing")
    loaded = [ext.fn, ext.fn.debug, ext.fn.debug.add, ext.fn.length]
    if not sysconfig.get_config_var("Py_GIL_DISABLED"):
        # Nothing to defer with the GIL: the glue says so for each.
        assert [ext._ext._defer_refcount(o) for o in loaded] == [False] * 4
        return
    import _testinternalcapi  # built with every CPython; the one place that reports it

    assert [_testinternalcapi.has_deferred_refcount(o) for o in loaded] == [True] * 4
    assert not _testinternalcapi.has_deferred_refcount(object())  # the check can say no


STRESS_SECONDS = float(os.environ.get("GOARROW_STRESS_SECONDS", "5"))


def test_eight_threads_calling_and_dropping_leave_memory_at_baseline():
    # Calls of every shape from 8 threads at once, results dropped on whichever thread holds the
    # last reference (Go's release callbacks then run there); afterwards both sides' C memory is
    # back where it was. GOARROW_STRESS_SECONDS=60: the minute the free-threading issue asks for.
    import time

    gc.collect()
    go_base, pa_base = goarrow.stats()["c_allocated_bytes"], pa.total_allocated_bytes()
    handoff = queue.Queue(maxsize=64)
    stop = time.monotonic() + STRESS_SECONDS

    def work(i):
        n = 0
        arr = pa.array(np.arange(1000, dtype=np.float64) + i)
        want = float((np.arange(1000) + i).sum())
        while time.monotonic() < stop:
            assert goarrow.fn.sum(arr) == want
            out = goarrow.fn.echo(arr)
            assert out[999].as_py() == 999 + i
            try:
                handoff.put_nowait(goarrow.fn.generate(100, i))  # dropped by another thread
            except queue.Full:
                pass
            try:
                handoff.get_nowait()
            except queue.Empty:
                pass
            assert sum(b.num_rows for b in goarrow.fn.generate_stream(3, 10, i)) == 30
            n += 1
        return n

    counts = run_threads(8, work)
    assert all(c > 0 for c in counts), counts
    while not handoff.empty():
        handoff.get_nowait()
    gc.collect()
    assert goarrow.stats()["c_allocated_bytes"] == go_base
    assert pa.total_allocated_bytes() == pa_base
    print(f"8 threads, {STRESS_SECONDS:g} s: {sum(counts)} rounds ({counts})")

"""The GIL is released while Go runs, and memory can be released from any thread."""

import gc
import queue
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
        t.join(60)
        assert not t.is_alive(), "deadlock: a thread did not finish in 60 s"
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

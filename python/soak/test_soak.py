"""Soak: 100,000 mixed calls, then 8 threads x 10,000 mixed calls. Afterwards pyarrow's
allocations and Go's C allocations are back at their baselines, and RSS grew < 10 MiB."""

import gc
import threading

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import goarrow
import goarrow_testing  # noqa: F401  debug.* and bench.* live in the test extension

fn = goarrow.fn
SCHEMA = pa.schema({"x": pa.float64()})


def rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def make_calls(seed):
    """The mix: every direction and kind, errors included. Each entry checks its own result."""
    arr = pc.add(pc.random(1000), seed)  # pyarrow-allocated: Go's release of it takes the GIL
    np_arr = np.arange(500, dtype=np.float64)
    batch = pa.record_batch([arr], schema=SCHEMA)

    def echo():
        assert fn.echo(arr).buffers()[1].address == arr.buffers()[1].address

    def sum_():
        assert fn.sum(np_arr) == 124750.0

    def generate():
        assert len(fn.generate(100, seed)) == 100

    def stream_in():
        assert fn.count_rows(pa.RecordBatchReader.from_batches(SCHEMA, [batch] * 3)) == 3000

    def stream_out():
        assert sum(b.num_rows for b in fn.generate_stream(3, 10, seed)) == 30

    def batch_echo():
        assert fn.echo(batch).num_rows == 1000

    def error():
        with pytest.raises(goarrow.GoError):
            fn.debug.fail("expected")

    def panic():
        with pytest.raises(goarrow.GoPanic):
            fn.debug.panic("expected")

    def bad_arg():
        with pytest.raises(TypeError):
            fn.sum("nope")

    return [echo, sum_, generate, stream_in, stream_out, batch_echo, error, panic, bad_arg]


def baselines():
    gc.collect()
    return pa.total_allocated_bytes(), goarrow.stats()["c_allocated_bytes"]


def test_100k_mixed_calls_leave_nothing_behind():
    calls = make_calls(1)
    for c in calls:  # warm up: first-call allocations (registries, caches) are not leaks
        c()
    pa_base, go_base = baselines()
    rss_base = rss()
    for i in range(100_000):
        calls[i % len(calls)]()
    pa_after, go_after = baselines()
    growth = rss() - rss_base
    print(
        f"\nafter 100,000 calls: pyarrow {pa_after - pa_base:+d} B, Go C {go_after - go_base:+d} B, "
        f"RSS {growth / 2**20:+.2f} MiB"
    )
    assert pa_after == pa_base
    assert go_after == go_base
    assert growth < 10 * 2**20


def test_8_threads_x_10k_mixed_calls():
    pa_base, go_base = baselines()
    errors = []

    def work(t):
        calls = make_calls(t)
        try:
            for i in range(10_000):
                calls[(i + t) % len(calls)]()
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
        assert not t.is_alive(), "deadlock"
    assert not errors, errors[0]
    pa_after, go_after = baselines()
    assert (pa_after, go_after) == (pa_base, go_base)
    assert goarrow.stats()["calls_live"] == 0

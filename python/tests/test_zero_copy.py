"""Python allocates, Go reads the same memory: proven by buffer addresses."""

import numpy as np
import pyarrow as pa
import pytest

import goarrow


def addrs(arr):
    """Buffer addresses; an empty buffer holds no data to copy, so its address is not compared."""
    return [b.address if b is not None and b.size > 0 else None for b in arr.buffers()]


def go_addrs(x):
    return [
        a if b is not None and b.size > 0 else None for a, b in zip(goarrow.fn.addresses(x).to_pylist(), x.buffers())
    ]


@pytest.mark.parametrize("n", [0, 1, 20, 1000, 5_500_000])
def test_go_sees_python_buffers(n):
    arr = pa.array(np.random.default_rng(n).random(n))
    assert go_addrs(arr) == addrs(arr)
    assert goarrow.fn.length(arr) == n


def test_echo_returns_the_same_buffers(no_leaks):
    arr = pa.array([1.0, None, 3.0])
    out = goarrow.fn.echo(arr)
    assert out.equals(arr)
    assert addrs(out) == addrs(arr)


def test_numpy_goes_in_without_copy():
    values = np.arange(1000, dtype=np.int64)
    got = goarrow.fn.addresses(values).to_pylist()
    assert got[1] == values.ctypes.data
    assert goarrow.fn.sum(values) == values.sum()


def test_go_allocated_memory_is_freed_when_python_drops_it():
    base = goarrow.stats()["c_allocated_bytes"]
    arr = goarrow.fn.generate(1_000_000, 7)
    assert goarrow.stats()["c_allocated_bytes"] - base >= 8_000_000
    values = arr.to_numpy()
    assert len(values) == 1_000_000 and 0 <= values.min() and values.max() < 1
    del values
    del arr
    assert goarrow.stats()["c_allocated_bytes"] == base

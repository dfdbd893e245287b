"""Python functions the go/pyhost tests call."""

import threading

import numpy as np
import pyarrow as pa

_cache = {}


def floats_with_nulls():
    return pa.array([1.5, None, 3.0, None, 5.25])


def addresses(obj):
    """The buffer addresses of an array (None for absent buffers)."""
    return pa.array([b.address if b is not None else None for b in obj.buffers()], pa.uint64())


def strings():
    return pa.array(["a", None, "héloïse", ""], pa.string())


def batch():
    return pa.record_batch({"x": pa.array([1, 2, 3], pa.int64()), "s": pa.array(["p", None, "r"])})


def table():
    return pa.table({"x": pa.chunked_array([[1, 2], [3], [4, 5, 6]], pa.int64())})


produced = 0


def lazy_stream(batches, rows):
    """A RecordBatchReader over a generator: counts the batches it has produced."""
    global produced
    produced = 0
    schema = pa.schema({"i": pa.int64()})

    def gen():
        global produced
        for b in range(batches):
            produced += 1
            yield pa.record_batch([pa.array(np.full(rows, b, dtype=np.int64))], schema=schema)

    return pa.RecordBatchReader.from_batches(schema, gen())


def produced_so_far():
    return produced


def describe(obj):
    """What Python received from Go: its type and, for arrays, sum and values-buffer address."""
    if isinstance(obj, pa.Array):
        return f"{type(obj).__name__} len={len(obj)} nulls={obj.null_count} sum={pa.compute.sum(obj).as_py()}"
    if isinstance(obj, pa.RecordBatch):
        return f"RecordBatch {obj.num_rows}x{obj.num_columns} {obj.schema.names}"
    if isinstance(obj, pa.Table):
        return f"Table {obj.num_rows}x{obj.num_columns} chunks={obj.column(0).num_chunks}"
    if isinstance(obj, pa.RecordBatchReader):
        return f"RecordBatchReader rows={obj.read_all().num_rows}"
    if isinstance(obj, pa.ChunkedArray):
        return f"ChunkedArray len={len(obj)} chunks={obj.num_chunks} type={obj.type}"
    return f"{type(obj).__name__} {obj!r}"


def values_address(arr):
    return arr.buffers()[1].address


def identity(x):
    return x


def fail(msg):
    def inner():
        raise ValueError(msg)

    inner()


def cached_series(n):
    """The POC's series: n random float64 values (fixed seed), made once per n."""
    arr = _cache.get(n)
    if arr is None:
        arr = _cache[n] = pa.array(np.random.default_rng(42).random(n))
    return arr


def allocated():
    return pa.total_allocated_bytes()


_barrier = None


def barrier_reset(n):
    global _barrier
    _barrier = threading.Barrier(n, timeout=10)


def barrier_wait():
    """Returns once n callers wait at once; a BrokenBarrierError unless n goroutines are in Python together."""
    _barrier.wait()
    return True


def series_in_pool(n):
    """n float64 values allocated by pyarrow's memory pool (counted by total_allocated_bytes)."""
    return pa.array(range(n), pa.float64())

"""Streams cross lazily both ways: neither side ever holds the whole stream."""

import gc

import pyarrow as pa
import pyarrow.compute as pc

import goarrow

MB = 1 << 20


def test_go_reads_a_python_generator_one_batch_at_a_time(no_leaks):
    rows, batches = 1_000_000, 100  # 800 MB in total, 8 MB per batch
    schema = pa.schema({"x": pa.float64()})
    live = []

    def gen():
        for _ in range(batches):
            live.append(pa.total_allocated_bytes())
            yield pa.record_batch([pc.random(rows)], schema=schema)

    base = pa.total_allocated_bytes()
    n = goarrow.fn.count_rows(pa.RecordBatchReader.from_batches(schema, gen()))
    assert n == rows * batches
    assert len(live) == batches
    # When the generator makes a batch, at most two earlier ones are still alive (the one Go is
    # releasing and pyarrow's read-ahead slot), never the stream.
    assert max(live) - base <= 2 * 8 * rows + MB, f"peak {(max(live) - base) / MB:.0f} MiB"


def test_python_reads_a_goroutine_stream_one_batch_at_a_time():
    rows, batches = 1_000_000, 50  # 16 MB per batch (int64 + float64), 800 MB in total
    gc.collect()
    base = goarrow.stats()["c_allocated_bytes"]
    peak, seen = 0, 0
    reader = goarrow.fn.generate_stream(batches, rows, 1)
    for i, b in enumerate(reader):
        assert b.column("batch")[0].as_py() == i
        seen += b.num_rows
        peak = max(peak, goarrow.stats()["c_allocated_bytes"] - base)
    del b, reader
    gc.collect()
    assert seen == rows * batches
    # The batch Python holds, the one the goroutine has ready, and the one it is making.
    assert peak <= 3 * 16 * rows + MB, f"peak {peak / MB:.0f} MiB"
    assert goarrow.stats()["c_allocated_bytes"] == base


def test_dropping_a_go_stream_early_stops_the_goroutine_and_frees_everything():
    gc.collect()
    base = goarrow.stats()
    reader = goarrow.fn.generate_stream(1_000_000, 1000, 0)  # would be 16 GB if materialized
    next(iter(reader))
    del reader
    gc.collect()
    after = goarrow.stats()
    assert after["c_allocated_bytes"] == base["c_allocated_bytes"]
    assert after["goroutines"] <= base["goroutines"] + 1  # the producer exits on release


def test_echoed_stream_pulls_from_python_only_when_read(no_leaks):
    schema = pa.schema({"a": pa.int64()})
    pulled = []

    def gen():
        for i in range(3):
            pulled.append(i)
            yield pa.record_batch({"a": [i]}, schema=schema)

    out = goarrow.fn.echo(pa.RecordBatchReader.from_batches(schema, gen()))
    assert isinstance(out, pa.RecordBatchReader) and pulled == []
    assert out.read_next_batch().column(0).to_pylist() == [0]
    assert pulled == [0]
    assert out.read_all().column(0).to_pylist() == [1, 2]
    del out


def test_go_stream_read_from_another_thread():
    import threading

    reader = goarrow.fn.generate_stream(20, 100, 0)
    out = []
    t = threading.Thread(target=lambda: out.append(reader.read_all().num_rows))
    t.start()
    t.join()
    assert out == [2000]


def test_chunked_arrays_and_tables_keep_their_chunks(no_leaks):
    chunked = pa.chunked_array([pa.array([1, 2]), pa.array([3])])
    out = goarrow.fn.echo(chunked)
    assert [len(c) for c in out.chunks] == [2, 1]
    assert out.chunk(1).buffers()[1].address == chunked.chunk(1).buffers()[1].address
    assert goarrow.fn.sum(chunked) == 6
    table = pa.table({"a": chunked})
    assert goarrow.fn.echo(table).column("a").num_chunks == 2

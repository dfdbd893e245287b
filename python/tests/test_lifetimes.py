"""Memory lives exactly as long as its last holder, on either side."""

import gc

import pyarrow as pa
import pyarrow.compute as pc

import goarrow


def test_go_keeps_python_memory_alive_after_python_drops_it():
    gc.collect()
    base = pa.total_allocated_bytes()
    arr = pc.random(1_000_000)  # 8 MB in pyarrow's allocator
    addr, first = arr.buffers()[1].address, arr[0].as_py()
    goarrow.fn.debug.keep("lifetime", arr)
    del arr
    gc.collect()
    assert pa.total_allocated_bytes() - base >= 8_000_000, "freed while Go still holds it"
    back = goarrow.fn.debug.take("lifetime")  # Go hands its reference back
    assert back.buffers()[1].address == addr and back[0].as_py() == first
    assert goarrow.fn.sum(back) > 0  # still readable by Go as well
    del back
    gc.collect()
    assert pa.total_allocated_bytes() == base, "not freed after the last holder let go"


def test_python_keeps_go_memory_alive_after_go_drops_it():
    gc.collect()
    base = goarrow.stats()["c_allocated_bytes"]
    held = goarrow.fn.bench.held(1_000_001)  # Go keeps one reference, Python gets another
    total = float(pc.sum(held).as_py())
    goarrow.fn.bench.drop_held()  # Go lets go of its own
    assert goarrow.stats()["c_allocated_bytes"] - base >= 8_000_000, "freed while Python holds it"
    assert float(pc.sum(held).as_py()) == total
    del held
    gc.collect()
    assert goarrow.stats()["c_allocated_bytes"] == base


def test_a_kept_python_stream_is_read_later_by_go():
    schema = pa.schema({"a": pa.int64()})
    pulled = []

    def gen():
        for i in range(3):
            pulled.append(i)
            yield pa.record_batch({"a": [i, i]}, schema=schema)

    goarrow.fn.debug.keep("stream", pa.RecordBatchReader.from_batches(schema, gen()))
    assert pulled == []
    assert goarrow.fn.count_rows(goarrow.fn.debug.take("stream")) == 6
    assert pulled == [0, 1, 2]


def test_keep_replaces_and_take_empties():
    goarrow.fn.debug.keep("k", pa.array([1]))
    goarrow.fn.debug.keep("k", pa.array([2]))
    assert goarrow.fn.debug.take("k").to_pylist() == [2]
    assert goarrow.fn.debug.take("k") is None


def test_go_keeps_a_python_batch_and_reads_its_columns_later():
    # A batch's columns are made when Go first reads them: here after the call that kept it
    # returned and Python dropped its own references.
    gc.collect()
    base = pa.total_allocated_bytes()
    batch = pa.record_batch({f"c{i}": pc.random(100_000) for i in range(20)})  # 16 MB
    addrs = [c.buffers()[1].address for c in batch.columns]
    firsts = [c[0].as_py() for c in batch.columns]
    goarrow.fn.debug.keep("batch", batch)
    del batch
    gc.collect()
    assert pa.total_allocated_bytes() - base >= 16_000_000, "freed while Go still holds it"
    back = goarrow.fn.debug.take("batch")
    assert [c.buffers()[1].address for c in back.columns] == addrs
    assert [c[0].as_py() for c in back.columns] == firsts
    del back
    gc.collect()
    assert pa.total_allocated_bytes() == base, "not freed after the last holder let go"

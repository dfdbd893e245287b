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


# Go's math/rand/v2 PCG (a 128-bit LCG with the DXSM output) and Rand.Float64, written out here
# so that the values of go/functions.Generate are known without asking Go: state = state*MUL + INC
# mod 2^128, seeded (hi, lo) = (seed, 0x9e3779b97f4a7c15) as Generate seeds it.
_M128, _M64 = (1 << 128) - 1, (1 << 64) - 1
_MUL = (2549297995355413924 << 64) | 4865540595714422341
_INC = (6364136223846793005 << 64) | 1442695040888963407


def go_generate_value(seed: int, i: int) -> float:
    """Value i of generate(n, seed), for any n > i: the LCG advanced i+1 steps in O(log i)."""
    mult, plus, cur_mult, cur_plus, k = 1, 0, _MUL, _INC, i + 1
    while k:
        if k & 1:
            mult, plus = mult * cur_mult & _M128, (plus * cur_mult + cur_plus) & _M128
        cur_mult, cur_plus = cur_mult * cur_mult & _M128, (cur_mult + 1) * cur_plus & _M128
        k >>= 1
    state = (mult * ((seed << 64) | 0x9E3779B97F4A7C15) + plus) & _M128
    hi, lo = state >> 64, state & _M64
    hi ^= hi >> 32
    hi = hi * 0xDA942042E4DD58B5 & _M64
    hi ^= hi >> 48
    hi = hi * (lo | 1) & _M64
    return ((hi << 11 & _M64) >> 11) / (1 << 53)


GO_PCG_SEED7 = [0.5437464358405968, 0.5925997767599991, 0.3798972982756049]


def test_go_generate_value_is_gos_generator():
    # First values of Go's rand.New(rand.NewPCG(7, 0x9e3779b97f4a7c15)).Float64(), printed by Go
    # (go1.26.8) once and written here, so the Python generator the next test relies on is checked
    # against Go itself rather than against goarrow.
    assert [go_generate_value(7, i) for i in range(3)] == GO_PCG_SEED7


def test_python_keeps_go_memory_alive_after_go_drops_it():
    n = 1_000_001
    gc.collect()
    base = goarrow.stats()["c_allocated_bytes"]
    held = goarrow.fn.bench.held(n)  # Go keeps one reference, Python gets another: generate(n, n)
    goarrow.fn.bench.drop_held()  # Go lets go of its own
    assert goarrow.stats()["c_allocated_bytes"] - base >= 8 * n, "freed while Python holds it"
    gc.collect()
    # The values Go generated, still there: worked out from the generator, not read before the drop.
    for i in [0, 1, 2, 4095, 4096, n // 2, n - 2, n - 1]:
        assert held[i].as_py() == go_generate_value(n, i), f"value {i} is not the one Go generated"
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

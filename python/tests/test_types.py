"""Every Arrow type: Python → Go → Python, equal values and the very same buffers."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest

import goarrow


def same(a, b):
    """Arrow equality, except that NaN equals NaN (pyarrow's equals says it does not)."""
    if a.equals(b):
        return True

    def nan(v):
        return "NaN" if isinstance(v, float) and v != v else v

    return a.type == b.type and [nan(v) for v in a.to_pylist()] == [nan(v) for v in b.to_pylist()]


def nonempty_addrs(arr):
    out = []
    for b in arr.buffers():
        out.append(b.address if b is not None and b.size > 0 else None)
    if pa.types.is_dictionary(arr.type):
        out += nonempty_addrs(arr.dictionary)
    return out


T0 = dt.datetime(2024, 5, 6, 7, 8, 9, 123456)

CASES = {
    "null": pa.array([None, None, None]),
    "bool": pa.array([True, None, False, True]),
    **{
        f"{t}": pa.array([1, None, 3, 4], type=getattr(pa, t)())
        for t in ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
    },
    "float16": pa.array(np.array([1.5, 2.5, -3.0], dtype=np.float16)),
    "float32": pa.array([1.5, None, -3.25], type=pa.float32()),
    "float64": pa.array([1.5, None, float("nan"), -3.25]),
    "decimal32": pa.array([Decimal("1.23"), None, Decimal("-4.56")], type=pa.decimal32(5, 2)),
    "decimal64": pa.array([Decimal("1.23"), None, Decimal("-4.56")], type=pa.decimal64(12, 2)),
    "decimal128": pa.array([Decimal("1.23"), None, Decimal("-4.56")], type=pa.decimal128(20, 2)),
    "decimal256": pa.array([Decimal("1.23"), None, Decimal("-4.56")], type=pa.decimal256(50, 2)),
    "date32": pa.array([dt.date(2024, 1, 2), None], type=pa.date32()),
    "date64": pa.array([dt.date(2024, 1, 2), None], type=pa.date64()),
    "time32s": pa.array([dt.time(1, 2, 3), None], type=pa.time32("s")),
    "time32ms": pa.array([dt.time(1, 2, 3, 4000), None], type=pa.time32("ms")),
    "time64us": pa.array([dt.time(1, 2, 3, 4), None], type=pa.time64("us")),
    "time64ns": pa.array([dt.time(1, 2, 3, 4), None], type=pa.time64("ns")),
    **{f"timestamp_{u}": pa.array([T0, None], type=pa.timestamp(u)) for u in ["s", "ms", "us", "ns"]},
    "timestamp_tz": pa.array([T0, None], type=pa.timestamp("us", tz="Europe/Paris")),
    **{
        f"duration_{u}": pa.array([dt.timedelta(seconds=5), None], type=pa.duration(u)) for u in ["s", "ms", "us", "ns"]
    },
    "interval_mdn": pa.array([pa.MonthDayNano([1, 2, 3]), None], type=pa.month_day_nano_interval()),
    "binary": pa.array([b"ab", None, b""], type=pa.binary()),
    "large_binary": pa.array([b"ab", None, b""], type=pa.large_binary()),
    "string": pa.array(["a", None, "héllo"]),
    "large_string": pa.array(["a", None, "héllo"], type=pa.large_string()),
    "binary_view": pa.array([b"ab", None, b"a much longer value than twelve bytes"], type=pa.binary_view()),
    "string_view": pa.array(["a", None, "a much longer value than twelve bytes"], type=pa.string_view()),
    "fixed_size_binary": pa.array([b"abc", None, b"xyz"], type=pa.binary(3)),
    "list": pa.array([[1, 2], None, [], [3]], type=pa.list_(pa.int32())),
    "large_list": pa.array([[1, 2], None, [], [3]], type=pa.large_list(pa.int32())),
    "list_view": pa.array([[1, 2], None, [], [3]], type=pa.list_view(pa.int32())),
    "large_list_view": pa.array([[1, 2], None, [], [3]], type=pa.large_list_view(pa.int32())),
    "fixed_size_list": pa.array([[1, 2], None, [3, 4]], type=pa.list_(pa.int32(), 2)),
    "struct": pa.array(
        [{"a": 1, "b": "x"}, None, {"a": None, "b": "y"}], type=pa.struct([("a", pa.int64()), ("b", pa.string())])
    ),
    "map": pa.array([[("a", 1)], None, [("b", 2), ("c", None)]], type=pa.map_(pa.string(), pa.int64())),
    "sparse_union": pa.UnionArray.from_sparse(
        pa.array([0, 1, 0], type=pa.int8()), [pa.array([1, 2, 3]), pa.array(["a", "b", "c"])]
    ),
    "dense_union": pa.UnionArray.from_dense(
        pa.array([0, 1, 0], type=pa.int8()), pa.array([0, 0, 1], type=pa.int32()), [pa.array([1, 2]), pa.array(["a"])]
    ),
    "struct_of_struct": pa.array(
        [{"s": {"a": 1, "l": [1]}}, {"s": None}, None, {"s": {"a": 4, "l": [4, 5]}}],
        type=pa.struct([("s", pa.struct([("a", pa.int64()), ("l", pa.list_(pa.int64()))]))]),
    ),
    "list_of_struct": pa.array(
        [[{"a": 1}], None, [{"a": None}, {"a": 3}]], type=pa.list_(pa.struct([("a", pa.int8())]))
    ),
    "sparse_union_of_struct": pa.UnionArray.from_sparse(
        pa.array([0, 1, 0, 1], type=pa.int8()),
        [pa.array([{"a": 1}, {"a": 2}, None, {"a": 4}]), pa.array(["a", "b", "c", "d"])],
    ),
    "dictionary": pa.array(["a", "b", None, "a"]).dictionary_encode(),
    "run_end_encoded": pa.RunEndEncodedArray.from_arrays(pa.array([2, 5], type=pa.int32()), pa.array(["x", "y"])),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_round_trip_is_equal_and_zero_copy(name):
    arr = CASES[name]
    out = goarrow.fn.echo(arr)
    assert out.type == arr.type
    assert same(out, arr), f"{out} != {arr}"
    assert nonempty_addrs(out) == nonempty_addrs(arr)


# Slicing off the first element leaves at least one: a case of one element or none is left out
# here rather than skipped (its empty slice is test_zero_length_round_trip's).
@pytest.mark.parametrize("name", sorted(n for n in CASES if len(CASES[n]) >= 2))
def test_sliced_round_trip(name):
    arr = CASES[name]
    sl = arr.slice(1)
    out = goarrow.fn.echo(sl)
    assert same(out, sl)
    assert nonempty_addrs(out) == nonempty_addrs(sl)


@pytest.mark.parametrize("name", sorted(CASES))
def test_zero_length_round_trip(name):
    empty = CASES[name].slice(0, 0)
    out = goarrow.fn.echo(empty)
    assert len(out) == 0 and out.type == empty.type


@pytest.mark.parametrize("name", sorted(CASES))
def test_go_sees_the_same_buffers(name):
    arr = CASES[name]
    go = goarrow.fn.addresses(arr).to_pylist()
    py = [b for b in arr.buffers()]
    if pa.types.is_dictionary(arr.type):
        py += arr.dictionary.buffers()
    assert len(go) == len(py)
    for g, b in zip(go, py):
        if b is not None and b.size > 0:
            assert g == b.address


class Tagged(pa.ExtensionType):
    """An extension type with parameters in its metadata, over any storage."""

    def __init__(self, storage_type, tag):
        self.tag = tag
        super().__init__(storage_type, "example.tagged")

    def __arrow_ext_serialize__(self):
        return self.tag.encode()

    @classmethod
    def __arrow_ext_deserialize__(cls, storage_type, serialized):
        return cls(storage_type, serialized.decode())


@pytest.fixture
def tagged():
    pa.register_extension_type(Tagged(pa.int8(), ""))
    yield Tagged
    pa.unregister_extension_type("example.tagged")


EXT_STORAGE = {
    "fixed_size_binary": pa.array([b"0123456789abcdef", None, b"fedcba9876543210"], type=pa.binary(16)),
    "struct": pa.array(
        [{"x": 1.0, "y": 2.0}, None, {"x": 3.0, "y": None}], type=pa.struct([("x", pa.float64()), ("y", pa.float64())])
    ),
    "list": pa.array([[1.0, 2.0], None, []], type=pa.list_(pa.float64())),
}


@pytest.mark.parametrize("storage", sorted(EXT_STORAGE))
@pytest.mark.parametrize("sliced", [False, True])
def test_extension_type_name_and_metadata_survive(tagged, storage, sliced):
    st = EXT_STORAGE[storage]
    arr = pa.ExtensionArray.from_storage(tagged(st.type, "v1;unit=m"), st)
    if sliced:
        arr, st = arr.slice(1), st.slice(1)
    out = goarrow.fn.echo(arr)
    assert isinstance(out.type, tagged) and out.type.tag == "v1;unit=m"
    assert out.equals(arr)
    assert nonempty_addrs(out.storage) == nonempty_addrs(st)


def test_extension_type_in_a_table_and_a_nested_field(tagged):
    ext = pa.ExtensionArray.from_storage(tagged(pa.int32(), "t"), pa.array([1, 2, 3], type=pa.int32()))
    nested = pa.StructArray.from_arrays([ext], names=["e"])
    table = pa.table({"ext": ext, "nested": nested})
    out = goarrow.fn.echo(table)
    assert out.schema == table.schema and out.equals(table)
    assert out.column("ext").type.tag == "t"


def test_sliced_struct_columns_in_batches_and_streams():
    base = pa.record_batch({"s": CASES["struct_of_struct"], "i": pa.array([1, 2, 3, 4])})
    batches = [base.slice(1, 2), base.slice(3), base.slice(0, 1)]
    for b in batches:
        out = goarrow.fn.echo(b)
        assert out.equals(b)
    reader = pa.RecordBatchReader.from_batches(base.schema, batches)
    got = goarrow.fn.echo(reader).read_all()
    assert got.equals(pa.Table.from_batches(batches))


def test_chunked_table_batch_and_stream_round_trip():
    chunked = pa.chunked_array([[1, 2], [], [3, None], []])
    out = goarrow.fn.echo(chunked)
    assert isinstance(out, pa.ChunkedArray) and out.equals(chunked)
    assert [len(c) for c in out.chunks] == [2, 0, 2, 0]  # every chunk, empty ones too
    for a, b in zip(out.chunks, chunked.chunks):
        assert nonempty_addrs(a) == nonempty_addrs(b)

    table = pa.table({"a": pa.chunked_array([[1, 2], [3]]), "b": pa.chunked_array([["x", "y"], ["z"]])})
    out = goarrow.fn.echo(table)
    assert isinstance(out, pa.Table) and out.equals(table)
    assert nonempty_addrs(out.column("a").chunk(1)) == nonempty_addrs(table.column("a").chunk(1))

    batch = table.to_batches()[0]
    out = goarrow.fn.echo(batch)
    assert isinstance(out, pa.RecordBatch) and out.equals(batch)
    assert nonempty_addrs(out.column(1)) == nonempty_addrs(batch.column(1))

    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches())
    out = goarrow.fn.echo(reader)
    assert isinstance(out, pa.RecordBatchReader)
    assert out.read_all().equals(table)


def test_tables_and_streams_keep_their_batches_empty_ones_included():
    schema = pa.schema({"a": pa.int64(), "b": pa.string()})
    batches = [
        pa.record_batch([[1, 2], ["x", "y"]], schema=schema),
        pa.record_batch([[], []], schema=schema),
        pa.record_batch([[3], ["z"]], schema=schema),
    ]
    table = pa.Table.from_batches(batches)
    out = goarrow.fn.echo(table)
    assert [b.num_rows for b in out.to_batches()] == [2, 0, 1]
    assert [len(c) for c in out.column("b").chunks] == [2, 0, 1]
    stream = goarrow.fn.echo(pa.RecordBatchReader.from_batches(schema, batches))
    assert [b.num_rows for b in stream] == [2, 0, 1]
    assert goarrow.fn.length(pa.RecordBatchReader.from_batches(schema, batches)) == 3

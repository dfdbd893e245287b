"""Results of a type Python already keeps cross without their schema (goarrow_type_known), and
still come back as exactly their type: for arrays and batches, and past the cache's limit."""

import pyarrow as pa

import goarrow
from goarrow import _runtime

EXT = _runtime.default()  # goarrow_testing (conftest imports it)
TYPES = EXT._results.types  # its type cache
IMPORT = EXT._results.table


def raw_echo(x):
    """goarrow.fn.echo without the Python import: the extension's own result tuple."""
    schema, array = x.__arrow_c_array__()
    kind = EXT._ext.BATCH if isinstance(x, pa.RecordBatch) else EXT._ext.ARRAY
    return EXT._ext.call(EXT._ext.lookup("echo"), ((kind, schema, array),))


def test_a_known_type_comes_without_its_schema_and_imports_as_itself():
    tz = pa.array([1, None, 3], pa.timestamp("us", tz="Europe/Paris"))
    first = goarrow.fn.echo(tz)  # Python now keeps this type and has told Go
    r = raw_echo(tz)
    assert r[1] is None and r[3] > 0 and r[3] in TYPES
    again = IMPORT[r[0]](r)
    assert again.type == tz.type and again.equals(tz) and first.equals(tz)


def test_a_known_batch_schema_comes_without_its_schema_too():
    rb = pa.record_batch(
        {"a": [1, 2], "b": ["x", None]}, schema=pa.schema([("a", pa.int64()), ("b", pa.string())], metadata={"k": "v"})
    )
    assert goarrow.fn.echo(rb).equals(rb)
    r = raw_echo(rb)
    assert r[1] is None
    back = IMPORT[r[0]](r)
    assert back.equals(rb) and back.schema.metadata == {b"k": b"v"}


def test_past_the_cache_limit_new_types_keep_their_schemas(monkeypatch):
    monkeypatch.setattr(EXT._results, "max_types", len(TYPES))  # full from here on
    arr = pa.array([[1.5], None], pa.list_(pa.float32()))
    assert goarrow.fn.echo(arr).equals(arr)
    r = raw_echo(arr)
    assert r[1] is not None and r[3] not in TYPES  # not kept, so still sent
    assert IMPORT[r[0]](r).equals(arr)

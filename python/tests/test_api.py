"""The public API: call, fn, functions, stats, scalars, and every kind of Arrow producer."""

import inspect
import os

import arro3.core as arro3
import nanoarrow as na
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import goarrow
from peers import need

# The repository root, in the runfiles under Bazel as in a checkout (python/tests/ is two levels down).
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def addr(arr):
    """The address of a pyarrow array's values buffer (the last buffer of a primitive array)."""
    return arr.buffers()[-1].address


def test_call_and_fn_are_the_same_function():
    arr = pa.array([1.5, 2.5, None])
    assert goarrow.call("sum", arr) == goarrow.fn.sum(arr) == 4.0
    assert goarrow.fn.sum is goarrow.fn.sum  # one function per name, adapted once


def test_keyword_arguments():
    assert len(goarrow.call("generate", n=5, seed=1)) == 5
    assert goarrow.fn.generate(5, seed=1).equals(goarrow.fn.generate(n=5, seed=1))
    with pytest.raises(TypeError, match="generate"):
        goarrow.fn.generate(5, sead=1)
    with pytest.raises(TypeError, match="generate"):
        goarrow.fn.generate(5, 1, n=5)


def test_functions_describe_names_params_and_docs():
    desc = {f["name"]: f for f in goarrow.functions()}
    for name in ["length", "addresses", "echo", "sum", "generate", "count_rows", "describe", "generate_stream"]:
        assert name in desc, name
        assert desc[name]["doc"].strip()
    assert [p["name"] for p in desc["generate"]["params"]] == ["n", "seed"]
    assert [p["go_type"] for p in desc["generate"]["params"]] == ["int64", "int64"]


def go_doc_comment(path: str, export: str) -> str:
    """The doc comment above `//goarrow:export <export>` in a Go file, as go/doc gives it: the
    `//` lines before the directive, their comment markers and one space removed, the trailing
    blank comment line that separates the text from the directive left out."""
    with open(path) as f:
        lines = f.read().splitlines()
    end = lines.index(f"//goarrow:export {export}")
    start = end
    while start > 0 and lines[start - 1].startswith("//"):
        start -= 1
    text = [ln[2:].removeprefix(" ") for ln in lines[start:end]]
    while text and not text[-1]:
        text.pop()
    return "\n".join(text)


def test_fn_has_real_docs_signatures_and_nesting():
    # The docstring is the Go doc comment, word for word, read from the Go source here.
    expected = go_doc_comment(os.path.join(REPO, "go", "functions", "sum.go"), "sum")
    assert expected.startswith("Sum of a numeric array or chunked array, skipping nulls.\n\nFloats sum")
    assert goarrow.fn.sum.__doc__ == expected
    sig = inspect.signature(goarrow.fn.generate)
    assert list(sig.parameters) == ["n", "seed"]
    assert "sum" in dir(goarrow.fn) and "debug" in dir(goarrow.fn)
    # Named where they live: the package holding the runtime (here the test extension), fn.<name>.
    sleep = goarrow.fn.debug.sleep
    assert (sleep.__module__, sleep.__qualname__, sleep.__name__) == ("goarrow_testing", "fn.debug.sleep", "sleep")
    assert "generate" in repr(goarrow.fn)
    with pytest.raises(AttributeError, match="no Go function named 'nope'"):
        goarrow.fn.nope


def test_goarrow_fn_is_a_plain_module_attribute_once_made():
    # CPython specializes no attribute load on a module with a __getattr__ (PEP 562), and on
    # free-threaded CPython the generic load counts a reference to fn with an atomic add that
    # two threads' calls contend on: the hook that makes fn goes once it has.
    goarrow.fn
    assert "__getattr__" not in vars(goarrow) and vars(goarrow)["fn"] is goarrow.fn
    assert "fn" in dir(goarrow)
    with pytest.raises(AttributeError, match="module 'goarrow' has no attribute 'nope'"):
        goarrow.nope


def test_scalars_cross_both_ways():
    assert goarrow.fn.echo(None) is None
    assert goarrow.fn.echo(True) is True
    assert goarrow.fn.echo(-(2**63)) == -(2**63)
    assert goarrow.fn.echo(1.25) == 1.25
    assert goarrow.fn.echo("héllo") == "héllo"
    assert goarrow.fn.echo(b"\x00\xff") == b"\x00\xff"
    assert goarrow.fn.echo(np.int32(7)) == 7
    assert goarrow.fn.echo(np.float32(0.5)) == 0.5


def test_stats_counts_calls():
    before = goarrow.stats()
    goarrow.fn.length(pa.array([1]))
    after = goarrow.stats()
    assert after["calls_total"] == before["calls_total"] + 1
    assert after["calls_live"] == 0
    assert after["functions"] == len(goarrow.functions())


# ---- producers: anything with the PyCapsule protocol goes in without a copy ----


def test_nanoarrow_array():
    src = pa.array([1.0, 2.0, 3.0])
    arr = na.c_array(src)  # nanoarrow's view of the same buffers
    assert goarrow.fn.sum(arr) == 6.0
    assert goarrow.fn.addresses(arr).to_pylist()[1] == addr(src)


def test_arro3_array_and_table():
    src = pa.array([1, 2, None, 4])
    arr = arro3.Array.from_arrow(src)
    assert goarrow.fn.sum(arr) == 7
    assert goarrow.fn.addresses(arr).to_pylist()[1] == addr(src)
    table = arro3.Table.from_arrow(pa.table({"a": [1, 2, 3]}))
    assert goarrow.fn.length(table) == 3
    # A foreign object that speaks only __arrow_c_stream__ crosses as a stream, and a stream
    # comes back as a lazy reader.
    assert goarrow.fn.echo(table).read_all().column("a").to_pylist() == [1, 2, 3]


def test_polars_series_and_dataframe():
    pl = need("polars", "polars-runtime-32")
    s = pl.Series("x", [1.0, 2.0, None, 4.0])
    assert goarrow.fn.sum(s) == 7.0
    df = pl.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    assert goarrow.fn.count_rows(df) == 3
    stats = goarrow.fn.describe(df)
    assert stats.column("column").to_pylist() == ["a", "b"]
    # Go reads polars' own export (its __arrow_c_stream__, no pyarrow in between) in place: echo
    # hands back pyarrow objects over the buffers Go was given, which must be polars' own memory
    # (to_numpy(allow_copy=False) is polars' values buffer itself, or an error).
    values = pl.Series("v", [1.5, 2.5, 3.5, 4.5])
    own = values.to_numpy(allow_copy=False).ctypes.data
    back = goarrow.fn.echo(values)
    assert back.to_pylist() == [1.5, 2.5, 3.5, 4.5]
    assert [addr(c) for c in back.chunks] == [own]
    table = goarrow.fn.echo(df).read_all()
    assert table.column("a").to_pylist() == [1, 2, 3]
    assert [addr(c) for c in table.column("a").chunks] == [df["a"].to_numpy(allow_copy=False).ctypes.data]


def test_pandas_dataframe():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": ["x", "y", "z"]})
    assert goarrow.fn.count_rows(df) == 3
    assert goarrow.fn.echo(df).read_all().column("a").to_pylist() == [1.0, 2.0, 3.0]


def test_numpy_array_of_each_primitive_dtype_is_not_copied():
    for dt in ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64"]:
        v = np.arange(10, dtype=dt)
        assert goarrow.fn.addresses(v).to_pylist()[1] == v.ctypes.data, dt
        assert goarrow.fn.sum(v) == v.sum(), dt


def test_schema_field_and_type_arguments():
    schema = pa.schema({"a": pa.int64(), "b": pa.string()})
    assert goarrow.fn.echo(schema) == schema
    field = pa.field("f", pa.list_(pa.int8()), nullable=False, metadata={"k": "v"})
    assert goarrow.fn.echo(field).equals(field, check_metadata=True)
    assert goarrow.fn.echo(pa.timestamp("ns", tz="UTC")) == pa.timestamp("ns", tz="UTC")


def test_results_are_pyarrow_objects():
    arr = pa.array([1, 2])
    batch = pa.record_batch({"a": arr})
    assert isinstance(goarrow.fn.echo(arr), pa.Array)
    assert isinstance(goarrow.fn.echo(batch), pa.RecordBatch)
    assert isinstance(goarrow.fn.echo(pa.table(batch)), pa.Table)
    assert isinstance(goarrow.fn.echo(pa.chunked_array([arr, arr])), pa.ChunkedArray)
    assert isinstance(goarrow.fn.echo(pa.RecordBatchReader.from_batches(batch.schema, [batch])), pa.RecordBatchReader)
    assert isinstance(goarrow.fn.describe(pa.table(batch)), pa.RecordBatch)

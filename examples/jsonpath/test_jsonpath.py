"""jsonpath_go: gjson over a column of 1M JSON documents, checked against pure Python."""

import inspect
import json
import os
import random
import subprocess
import sys
import time

import polars as pl
import pyarrow as pa
import pytest

import jsonpath_go

ROWS = 1_000_000


def make_documents(n):
    rng = random.Random(42)
    names = ["ana", "bo", "chen", "dmitri", "eve", "héloïse", "李"]
    docs = []
    for i in range(n):
        r = rng.random()
        if r < 0.01:
            docs.append(None)
        elif r < 0.02:
            docs.append("{not json")
        else:
            user = {}
            if rng.random() < 0.95:
                user["name"] = rng.choice(names) + str(i % 1000)
            if rng.random() < 0.9:
                user["age"] = rng.choice([rng.randint(0, 99), rng.random() * 100, "n/a"])
            doc = {"id": i, "user": user, "tags": [rng.choice(names) for _ in range(rng.randint(0, 3))]}
            if rng.random() < 0.05:
                doc["user"] = None
            docs.append(json.dumps(doc, ensure_ascii=rng.random() < 0.5))
    return pa.array(docs, type=pa.string())


def python_get(doc, path):
    """The pure-Python equivalent of jsonpath_go.fn.json_get for dotted paths."""
    if doc is None:
        return None
    try:
        v = json.loads(doc)
    except ValueError:
        return None
    for key in path.split("."):
        if isinstance(v, dict) and key in v:
            v = v[key]
        elif isinstance(v, list) and key.isdigit() and int(key) < len(v):
            v = v[int(key)]
        else:
            return None
    return v


@pytest.fixture(scope="module")
def column():
    return make_documents(ROWS)


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


def test_json_get_matches_python_and_beats_it(column):
    docs = column.to_pylist()
    go, go_s = timed(lambda: jsonpath_go.fn.json_get(column, "user.name"))
    py, py_s = timed(lambda: [python_get(d, "user.name") for d in docs])
    assert go.to_pylist() == py
    # For scale only, not a reference: polars' native (Rust) JSONPath on the same column.
    series = pl.from_arrow(column)
    _, pl_s = timed(lambda: series.str.json_path_match("$.user.name"))
    print(
        f"\njson_get over {ROWS:,} documents: Go (gjson) {go_s * 1e3:.0f} ms, "
        f"pure Python (json.loads) {py_s * 1e3:.0f} ms: {py_s / go_s:.1f}x faster; "
        f"polars str.json_path_match {pl_s * 1e3:.0f} ms"
    )


def test_json_get_float_and_array_paths(column):
    docs = column.to_pylist()
    ages = jsonpath_go.fn.json_get_float(column, "user.age").to_pylist()
    want = [
        v if isinstance(v, (int, float)) and not isinstance(v, bool) else None
        for v in (python_get(d, "user.age") for d in docs)
    ]
    assert ages == [None if w is None else float(w) for w in want]
    first_tags = jsonpath_go.fn.json_get(column, "tags.0").to_pylist()
    assert first_tags == [python_get(d, "tags.0") for d in docs]


def test_the_column_is_not_copied(column):
    go_sees = jsonpath_go.fn.addresses(column).to_pylist()
    assert go_sees == [b.address if b is not None else None for b in column.buffers()]


def test_wrong_column_type_is_a_type_error():
    with pytest.raises(
        TypeError, match=r"^json_get\(\) argument 1: expected a column of string, .*, got int64 \(cast it first"
    ):
        jsonpath_go.fn.json_get(pa.array([1, 2]), "a")


def test_json_get_is_element_wise():
    # Written for one document: goarrow runs it over every row, chunk by chunk, nulls skipped,
    # on several goroutines (threads=), and a bad argument names the row it failed at.
    chunked = pa.chunked_array([['{"a": 1}', None], ['{"a": "x"}', "not json", '{"b": 2}']])
    got = jsonpath_go.fn.json_get(chunked, "a", threads=2)
    assert isinstance(got, pa.ChunkedArray) and got.to_pylist() == ["1", None, "x", None, None]
    (described,) = [f for f in jsonpath_go.functions() if f["name"] == "json_get"]
    assert described["elementwise"]["parallel"] is True
    with pytest.raises(ValueError, match=r"^json_get\(\): row 1: path is empty"):
        jsonpath_go.fn.json_get(pa.array([None, "{}"]), "")


def test_functions_are_documented():
    names = {f["name"] for f in jsonpath_go.functions()}
    assert {"json_get", "json_get_float", "length", "echo"} <= names
    assert "gjson syntax" in jsonpath_go.fn.json_get.__doc__


def test_the_package_is_goarrow_extension_not_a_copy_of_goarrow():
    # A generated __init__.py and the shared object: nothing else of goarrow is in the package.
    here = os.path.dirname(jsonpath_go.__file__)
    files = set(os.listdir(here)) - {"__pycache__"}
    # _goarrow.so in Bazel's tree; _goarrow.abi3.so installed from a wheel
    # and the type stubs the build wrote from the extension's functions (__init__.pyi, py.typed).
    assert files in (
        {"__init__.py", "__init__.pyi", "py.typed", "_goarrow.so"},
        {"__init__.py", "__init__.pyi", "py.typed", "_goarrow.abi3.so"},
    ), files
    assert jsonpath_go.__version__ == "1.0.0"
    f = jsonpath_go.fn.json_get
    assert (f.__module__, f.__qualname__) == ("jsonpath_go", "fn.json_get")
    assert list(inspect.signature(f).parameters) == ["doc", "path", "errors", "threads"]
    # goarrow's own API reaches the same runtime; its errors are goarrow's.
    import goarrow

    assert goarrow.fn.json_get is f
    with pytest.raises(ValueError, match=r"^json_get\(\): row 0: path is empty"):
        goarrow.call("json_get", pa.array(["{}"]), "")


def test_a_second_go_runtime_loads_next_to_it():
    # goarrow's built-in extension is another shared object with its own Go runtime: both load
    # (docs/guarantees.md), each with its own functions, and goarrow.fn stays the first loaded.
    code = (
        "import pyarrow as pa, jsonpath_go, goarrow\n"
        "builtins = goarrow.extension('goarrow')\n"
        "print(builtins.fn.sum(pa.array([1, 2])), goarrow.fn.json_get is jsonpath_go.fn.json_get,\n"
        "      jsonpath_go.fn.json_get(pa.array(['{\"a\": 1}']), 'a').to_pylist(), list(goarrow.extensions()))\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "3 True ['1'] ['jsonpath_go', 'goarrow']", out.stdout


def test_json_get_as_a_duckdb_sql_function_returns_its_nulls(column):
    # DuckDB's default null handling drops null rows and refuses a UDF result with nulls;
    # goarrow.duckdb.register must let Go see the nulls and return its own (missing paths).
    import duckdb

    import goarrow.duckdb

    con = duckdb.connect()
    con.register("docs", pa.table({"doc": column}))
    goarrow.duckdb.register(con, jsonpath_go.fn.json_get, ["VARCHAR", "VARCHAR"], "VARCHAR")
    got = [r[0] for r in con.sql("select json_get(doc, 'user.name') from docs").fetchall()]
    want = [python_get(d, "user.name") for d in column.to_pylist()]
    assert None in want and got == want

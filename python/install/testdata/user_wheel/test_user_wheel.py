"""A user's installed wheel (examples/jsonpath's jsonpath_go) next to goarrow's: run by the emulated
aarch64 leg (.ci/steps/95-aarch64.sh, through matrix.py --extra-tests), where the example's own
suite (a million documents, polars) does not fit the time."""

import json

import pyarrow as pa

import goarrow
import jsonpath_go

DOCS = [json.dumps({"id": i, "user": {"name": f"n{i}"} if i % 7 else None}) for i in range(1000)] + [None, "{bad"]


def expected(doc):
    try:
        user = json.loads(doc)["user"]
    except (TypeError, ValueError):
        return None
    return user["name"] if isinstance(user, dict) else None


def test_json_get_matches_python():
    column = pa.array(DOCS, type=pa.string())
    assert jsonpath_go.fn.json_get(column, "user.name").to_pylist() == [expected(d) for d in DOCS]


def test_the_column_is_not_copied():
    column = pa.array(DOCS, type=pa.string())
    assert jsonpath_go.fn.addresses(column).to_pylist() == [
        b.address if b is not None else None for b in column.buffers()
    ]


def test_it_runs_next_to_goarrow():
    column = pa.array(DOCS, type=pa.string())
    assert goarrow.fn.length(column) == jsonpath_go.fn.length(column) == len(DOCS)

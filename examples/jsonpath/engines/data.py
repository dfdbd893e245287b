"""The data every engine example runs on, and the pure-Python reference for it.

Row ``id`` holds a JSON document whose ``user.name`` is ``"ü<id>"`` (non-ASCII, unique per row,
so a row that comes back attached to the wrong id shows), except:
  id % 97 == 0            the document is null
  id % 101 == 0           the document is not valid JSON
  id % 13 == 0            the user has no name (the path is missing)
In all three cases ``json_get(doc, "user.name")`` is null.

``docs_for`` builds the documents with pyarrow (Ray, Dask); ``SPARK_DOC_SQL`` is the same
document as a Spark SQL expression, so Spark builds them in the JVM. ``expected_names`` is the
reference: it knows what each id's document says without parsing any JSON, and
``reference_json_get`` is the same answer the slow way, ``json.loads`` row by row.
"""

import json

import pyarrow as pa
import pyarrow.compute as pc

PATH = "user.name"


def docs_for(ids: pa.Array) -> pa.Array:
    """The JSON documents for int64 ids (pyarrow compute: no Python loop)."""
    s = pc.cast(ids, pa.string())
    full = pc.binary_join_element_wise(
        '{"id": ',
        s,
        ', "user": {"name": "\u00fc',
        s,
        '", "score": ',
        pc.cast(pc.divide(ids, 7), pa.string()),
        '}, "tags": ["x", "y"]}',
        "",
    )
    no_name = pc.binary_join_element_wise('{"id": ', s, ', "user": {"score": 1}}', "")
    conds = pc.make_struct(_mod_is_zero(ids, 97), _mod_is_zero(ids, 101), _mod_is_zero(ids, 13))
    return pc.case_when(conds, pa.scalar(None, pa.string()), "{oops", no_name, full)


def _mod_is_zero(ids, k):
    return pc.equal(pc.remainder(ids, k), 0)


SPARK_DOC_SQL = """
CASE
  WHEN id % 97 = 0 THEN NULL
  WHEN id % 101 = 0 THEN '{oops'
  WHEN id % 13 = 0 THEN concat('{"id": ', id, ', "user": {"score": 1}}')
  ELSE concat('{"id": ', id, ', "user": {"name": "\u00fc', id, '", "score": ', div(id, 7),
              '}, "tags": ["x", "y"]}')
END
"""


def expected_names(ids: pa.Array) -> pa.Array:
    """The reference: "ü<id>", or null where the document is null, invalid or has no name."""
    name = pc.binary_join_element_wise("\u00fc", pc.cast(ids, pa.string()), "")
    missing = pc.or_(pc.or_(_mod_is_zero(ids, 97), _mod_is_zero(ids, 101)), _mod_is_zero(ids, 13))
    return pc.if_else(missing, pa.scalar(None, pa.string()), name)


def reference_json_get(doc):
    """The same logic as the Go function, in pure Python: what a Python UDF would do per row."""
    if doc is None:
        return None
    try:
        v = json.loads(doc)
    except ValueError:
        return None
    v = v.get("user") if isinstance(v, dict) else None
    v = v.get("name") if isinstance(v, dict) else None
    return v if v is None or isinstance(v, str) else json.dumps(v)


def check(ids, names) -> int:
    """Row by row: names[i] must be expected_names(ids)[i]. Returns the number of rows checked."""
    ids = pa.chunked_array(ids) if not isinstance(ids, pa.ChunkedArray) else ids
    names = pa.chunked_array(names) if not isinstance(names, pa.ChunkedArray) else names
    assert len(ids) == len(names)
    want = expected_names(ids)
    same_nulls = pc.equal(pc.is_null(names), pc.is_null(want))
    same_values = pc.fill_null(pc.equal(names, want), True)
    bad = pc.invert(pc.and_(same_nulls, same_values))
    if pc.any(bad).as_py():
        i = pc.index(bad, True).as_py()
        raise AssertionError(
            f"row with id {ids[i]}: got {names[i]!r}, want {want[i]!r} ({pc.sum(bad).as_py()} rows differ)"
        )
    return len(ids)

"""Python → Go: turn each argument into what the C extension passes to Go.

Arrow data becomes (kind, capsule, ...) through the Arrow PyCapsule protocol
(__arrow_c_array__, __arrow_c_stream__, __arrow_c_schema__), so any producer works: pyarrow,
polars, nanoarrow, arro3, ... The capsules point at the producer's buffers, which Go reads in
place; a call spends its capsules (their structs are released, or moved out if Go keeps them). Scalars pass as Python scalars.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import pyarrow as pa

from . import _kinds as kinds


def _array(obj: Any) -> tuple:
    schema, array = obj.__arrow_c_array__()
    return (kinds.ARRAY, schema, array)


def _batch(obj: Any) -> tuple:
    schema, array = obj.__arrow_c_array__()
    return (kinds.BATCH, schema, array)


def _table(obj: Any) -> tuple:
    return (kinds.TABLE, obj.__arrow_c_stream__())


def _chunked(obj: Any) -> tuple:
    return (kinds.CHUNKED, obj.__arrow_c_stream__())


def _stream(obj: Any) -> tuple:
    return (kinds.STREAM, obj.__arrow_c_stream__())


def _schema(obj: Any) -> tuple:
    return (kinds.SCHEMA, obj.__arrow_c_schema__())


def _field(obj: Any) -> tuple:
    return (kinds.FIELD, obj.__arrow_c_schema__())


def _type(obj: Any) -> tuple:
    return (kinds.TYPE, obj.__arrow_c_schema__())


def _ndarray(obj: Any) -> tuple:
    # pyarrow wraps a 1-D numeric ndarray's memory without copying; Go then sees numpy's buffer.
    if obj.ndim != 1:
        raise ValueError(f"only 1-D numpy arrays can be passed to Go, got shape {obj.shape}")
    return _array(pa.array(obj))


def _same(obj: Any) -> Any:
    return obj


# Exact types first (one dict lookup per argument); anything else is classified once per type.
_BY_TYPE: dict[type, Callable[[Any], Any]] = {
    type(None): _same,
    bool: _same,
    int: _same,
    float: _same,
    str: _same,
    bytes: _same,
    pa.RecordBatch: _batch,
    pa.Table: _table,
    pa.ChunkedArray: _chunked,
    pa.RecordBatchReader: _stream,
    pa.Schema: _schema,
    pa.Field: _field,
}


_KIND_OF = {
    _array: kinds.ARRAY,
    _batch: kinds.BATCH,
    _table: kinds.TABLE,
    _chunked: kinds.CHUNKED,
    _stream: kinds.STREAM,
    _schema: kinds.SCHEMA,
    _field: kinds.FIELD,
    _type: kinds.TYPE,
}
# pyarrow's own classes, whose export does not fail on a valid object, so that a failure needs
# none of the rewrapping other producers' get: the C callables (python/ext/arguments.c) call their
# dunder themselves, by exact type and kind, and hand every other argument to to_go. Subclasses
# (pa.DoubleArray, ...) are added as to_go first meets them.
_TRUSTED = (pa.Array, pa.RecordBatch, pa.Table, pa.ChunkedArray, pa.RecordBatchReader, pa.Schema, pa.Field, pa.DataType)
C_KINDS: dict[type, int] = {t: _KIND_OF[c] for t, c in _BY_TYPE.items() if issubclass(t, _TRUSTED)}


def _classify(tp: type) -> Callable[[Any], Any] | None:
    # numpy is optional (goarrow does not require it: CPython 3.15 had no numpy wheel when it
    # came out). An object of a numpy type means numpy is imported, so this import costs nothing.
    np = sys.modules.get("numpy")
    numpy = ((np.bool_, bool), (np.integer, int), (np.floating, float), (np.ndarray, _ndarray)) if np else ()
    for base, conv in numpy + (
        (bool, bool),
        (int, int),
        (float, float),
        (str, str),
        ((bytes, bytearray, memoryview), bytes),
        (pa.Array, _array),
        (pa.RecordBatch, _batch),
        (pa.DataType, _type),
    ):
        if issubclass(tp, base):
            return conv
    # Other Arrow producers: whichever protocol they speak. An object with both is passed as an
    # array (one C struct, no stream machinery).
    if hasattr(tp, "__arrow_c_array__"):
        return _array
    if hasattr(tp, "__arrow_c_stream__"):
        return _stream
    if hasattr(tp, "__arrow_c_schema__"):
        return _field
    return None


def to_go(obj: Any, param: str, fn: str) -> Any:
    """Prepare one argument for the C extension."""
    conv = _BY_TYPE.get(type(obj))
    if conv is None:
        conv = _classify(type(obj))
        if conv is None:
            raise TypeError(
                f"{fn}() argument {param!r}: expected Arrow data (an object with "
                f"__arrow_c_array__, __arrow_c_stream__ or __arrow_c_schema__), a numpy array "
                f"or a scalar (int, float, str, bytes, bool, None); got {type(obj).__name__}"
            )
        _BY_TYPE[type(obj)] = conv
        if conv in _KIND_OF and issubclass(type(obj), _TRUSTED):
            C_KINDS[type(obj)] = _KIND_OF[conv]
    try:
        return conv(obj)
    except Exception as e:  # a producer's own failure: it raised, or returned the wrong things
        raise ValueError(
            f"{fn}() argument {param!r}: could not export {type(obj).__name__} "
            f"through the Arrow PyCapsule protocol: {type(e).__name__}: {e}"
        ) from e

"""Go → Python: turn what a Go function returned into Python objects.

Arrow results arrive as PyCapsules holding structs that Go exported; pyarrow imports them
without copying, so the returned pyarrow objects point at memory Go allocated in C. That memory
is freed when the last pyarrow object using it is dropped.
"""

from __future__ import annotations

from typing import Any, Callable

import pyarrow as pa

from . import _kinds as kinds


# Types pyarrow made from Go's schemas, by the id Go gives each schema it exports from its cache
# (ids are never reused). Known ids skip pyarrow's schema parsing, and once Go is told (type_known)
# it stops sending their schemas: so an entry is never dropped. Past _MAX_TYPES types (a function
# inventing types) new ones are simply not kept, and keep coming with their schemas.
_types: dict[int, Any] = {}
_MAX_TYPES = 4096
_type_known: Callable[[int], None] = lambda _id: None  # the extension's, once bound (_call.bind)
_import_array = pa.Array._import_from_c
_import_batch = pa.RecordBatch._import_from_c


def _array(r: tuple) -> pa.Array:
    _, schema, array, type_id, address = r
    t = _types.get(type_id) if type_id else None
    if t is not None:
        return _import_array(address, t)  # moves the struct out of the capsule's memory
    arr = pa.Array._import_from_c_capsule(schema, array)
    if type_id:
        _remember(type_id, arr.type)
    return arr


def _batch(r: tuple) -> pa.RecordBatch:
    _, schema, array, type_id, address = r
    s = _types.get(type_id) if type_id else None
    if s is not None:
        return _import_batch(address, s)
    batch = pa.RecordBatch._import_from_c_capsule(schema, array)
    if type_id:
        _remember(type_id, batch.schema)
    return batch


def _remember(type_id: int, t: Any) -> None:
    if len(_types) < _MAX_TYPES:
        _types[type_id] = t
        _type_known(type_id)


def _stream(caps: tuple) -> pa.RecordBatchReader:
    return pa.RecordBatchReader._import_from_c_capsule(caps[1])


_IMPORT = {
    kinds.ARRAY: _array,
    kinds.BATCH: _batch,
    kinds.STREAM: _stream,
    kinds.TABLE: lambda c: _stream(c).read_all(),
    # A chunked array crosses as a stream of its chunks (the PyCapsule encoding).
    kinds.CHUNKED: lambda c: pa.ChunkedArray._import_from_c_capsule(c[1]),
    kinds.SCHEMA: lambda c: pa.Schema._import_from_c_capsule(c[1]),
    kinds.FIELD: lambda c: pa.Field._import_from_c_capsule(c[1]),
    kinds.TYPE: lambda c: pa.DataType._import_from_c_capsule(c[1]),
}


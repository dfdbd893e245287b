"""Go → Python: turn what a Go function returned into Python objects.

Arrow results arrive as PyCapsules holding structs that Go exported; pyarrow imports them
without copying, so the returned pyarrow objects point at memory Go allocated in C. That memory
is freed when the last pyarrow object using it is dropped.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from . import _goarrow as _ext


def _stream(caps: tuple) -> pa.RecordBatchReader:
    return pa.RecordBatchReader._import_from_c_capsule(caps[1])


_IMPORT = {
    _ext.ARRAY: lambda c: pa.Array._import_from_c_capsule(c[1], c[2]),
    _ext.BATCH: lambda c: pa.RecordBatch._import_from_c_capsule(c[1], c[2]),
    _ext.STREAM: _stream,
    _ext.TABLE: lambda c: _stream(c).read_all(),
    # A chunked array crosses as a one-column table stream (see go/bridge/export.go).
    _ext.CHUNKED: lambda c: _stream(c).read_all().column(0),
    _ext.SCHEMA: lambda c: pa.Schema._import_from_c_capsule(c[1]),
    _ext.FIELD: lambda c: pa.Field._import_from_c_capsule(c[1]),
    _ext.TYPE: lambda c: pa.DataType._import_from_c_capsule(c[1]),
}


def from_go(result: Any) -> Any:
    """Convert one result of _goarrow.call."""
    if type(result) is tuple:
        return _IMPORT[result[0]](result)
    return result

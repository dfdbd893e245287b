"""Go → Python: turn what a Go function returned into Python objects.

Arrow results arrive as PyCapsules holding structs that Go exported; pyarrow imports them
without copying, so the returned pyarrow objects point at memory Go allocated in C. That memory
is freed when the last pyarrow object using it is dropped.
"""

from __future__ import annotations

from typing import Any, Callable

import pyarrow as pa

from . import _kinds as kinds

# Past this many types kept by one extension (a function inventing types), new ones are simply
# not kept, and keep coming with their schemas.
MAX_TYPES = 4096
import_array = pa.Array._import_from_c
import_batch = pa.RecordBatch._import_from_c


def _stream(caps: tuple) -> pa.RecordBatchReader:
    return pa.RecordBatchReader._import_from_c_capsule(caps[1])


class Results:
    """One extension's results → pyarrow objects (`table[kind](result)`). (Not an importer in
    the Go sense: go/internal/codec's Importer turns a host's argument into a Go value.)

    `types` holds the types pyarrow made from the schemas this extension's Go exported, by the id
    Go gives each schema it exports from its cache (ids are never reused). Known ids skip
    pyarrow's schema parsing, and once Go is told (type_known) it stops sending their schemas:
    so an entry is never dropped. The ids are the extension's own: every extension (every Go
    runtime) numbers its types from 1, so each has its own Results.
    """

    def __init__(self, type_known: Callable[[int], None]):
        self.types: dict[int, Any] = {}
        self.max_types = MAX_TYPES
        types = self.types

        def remember(type_id: int, t: Any) -> None:
            if len(types) < self.max_types:
                types[type_id] = t
                type_known(type_id)

        def array(r: tuple) -> pa.Array:
            _, schema, arr, type_id, address = r
            t = types.get(type_id) if type_id else None
            if t is not None:
                return import_array(address, t)  # moves the struct out of the capsule's memory
            a = pa.Array._import_from_c_capsule(schema, arr)
            if type_id:
                remember(type_id, a.type)
            return a

        def batch(r: tuple) -> pa.RecordBatch:
            _, schema, arr, type_id, address = r
            s = types.get(type_id) if type_id else None
            if s is not None:
                return import_batch(address, s)
            b = pa.RecordBatch._import_from_c_capsule(schema, arr)
            if type_id:
                remember(type_id, b.schema)
            return b

        self.table: dict[int, Callable[[tuple], Any]] = {
            kinds.ARRAY: array,
            kinds.BATCH: batch,
            kinds.STREAM: _stream,
            kinds.TABLE: lambda c: _stream(c).read_all(),
            # A chunked array crosses as a stream of its chunks (the PyCapsule encoding).
            kinds.CHUNKED: lambda c: pa.ChunkedArray._import_from_c_capsule(c[1]),
            kinds.SCHEMA: lambda c: pa.Schema._import_from_c_capsule(c[1]),
            kinds.FIELD: lambda c: pa.Field._import_from_c_capsule(c[1]),
            kinds.TYPE: lambda c: pa.DataType._import_from_c_capsule(c[1]),
        }

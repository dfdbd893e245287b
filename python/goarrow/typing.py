"""Types of what goarrow functions accept, for annotating code that calls them.

The stubs every goarrow-built package ships (`pkg/__init__.pyi`, written by goarrow._stubs at build
time) annotate Arrow parameters with these, so that pyright and mypy accept any producer of the
Arrow PyCapsule interface (pyarrow, polars, arro3, nanoarrow, DuckDB, ...) and no other object:

    from goarrow.typing import ArrowArrayExportable

    def first_sum(col: ArrowArrayExportable) -> float:
        return jsonpath_go.fn.total(col)
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

# requested_schema is positional-only here: producers name it differently or leave it unnamed, and
# goarrow only ever passes it by position.


@runtime_checkable
class ArrowArrayExportable(Protocol):
    """An array or record batch: anything with __arrow_c_array__ (pyarrow.Array, RecordBatch, ...)."""

    def __arrow_c_array__(self, requested_schema: Any = None, /) -> tuple[Any, Any]: ...


@runtime_checkable
class ArrowStreamExportable(Protocol):
    """A stream of batches, a table or a chunked array: anything with __arrow_c_stream__."""

    def __arrow_c_stream__(self, requested_schema: Any = None, /) -> Any: ...


@runtime_checkable
class ArrowSchemaExportable(Protocol):
    """A schema, field or data type: anything with __arrow_c_schema__."""

    def __arrow_c_schema__(self) -> Any: ...


@runtime_checkable
class NumpyArray(Protocol):
    """A 1-D numpy array, which goarrow reads in place like an Arrow array (numpy's own stubs
    declare __array_interface__; numpy need not be installed for this to type-check)."""

    @property
    def __array_interface__(self) -> dict[str, Any]: ...


ArrowData = ArrowArrayExportable | ArrowStreamExportable
"""Any Arrow data: an array, a batch, a chunked array, a table or a stream."""

__all__ = ["ArrowArrayExportable", "ArrowStreamExportable", "ArrowSchemaExportable", "NumpyArray", "ArrowData"]

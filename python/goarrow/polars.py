"""polars: Go results as polars Series and DataFrames, and Go functions inside polars
expressions, without copying.

    import polars as pl, goarrow.polars, jsonpath_go
    names = goarrow.polars.call(jsonpath_go.fn.json_get, df["doc"], "user.name")   # a pl.Series
    df.with_columns(name=goarrow.polars.expr(jsonpath_go.fn.json_get, "doc", "user.name"))
"""

from __future__ import annotations

from typing import Any, Callable

import polars as pl
import pyarrow as pa


def to_polars(result: Any) -> Any:
    """A goarrow result as polars: arrays and chunked arrays become Series, batches and tables
    DataFrames, over the same buffers (pl.from_arrow without rechunking); anything else is
    returned as it is."""
    if isinstance(result, (pa.Array, pa.ChunkedArray, pa.RecordBatch, pa.Table)):
        return pl.from_arrow(result, rechunk=False)
    return result


def _arrow(x: Any) -> Any:
    # polars' own Arrow export (to_arrow) keeps plain Arrow types (large_string, not the
    # string_view its PyCapsule export gives), which Go functions over strings take.
    if isinstance(x, pl.Series):
        return x.to_arrow()
    if isinstance(x, pl.DataFrame):
        return x.to_arrow()
    return x


def call(function: Callable[..., Any], *args: Any) -> Any:
    """function(*args) with polars in and polars out: Series/DataFrames are passed as Arrow and
    the Arrow result comes back as a Series/DataFrame."""
    return to_polars(function(*[_arrow(a) for a in args]))


def expr(function: Callable[..., Any], column: str | pl.Expr, *args: Any, return_dtype: Any = None) -> pl.Expr:
    """A polars expression that runs the goarrow function on each batch of `column` (the first
    argument), with `args` after it: df.with_columns(out=goarrow.polars.expr(fn, "col", ...)).
    An element-wise Go function is registered as element-wise, so polars may split the column
    into batches as it likes (streaming, group_by) and run them in parallel."""
    col = pl.col(column) if isinstance(column, str) else column
    elementwise = bool(getattr(function, "_goarrow_desc", {}).get("elementwise"))
    return col.map_batches(lambda s: call(function, s, *args), return_dtype=return_dtype, is_elementwise=elementwise)

"""DuckDB: Go functions as SQL functions over DuckDB's Arrow vectors, without copying them.

    import duckdb, goarrow.duckdb, jsonpath_go
    con = duckdb.connect()
    goarrow.duckdb.register(con, jsonpath_go.fn.json_get, ["VARCHAR", "VARCHAR"], "VARCHAR")
    con.sql("select json_get(doc, 'user.name') from docs")

Query results go the other way with no helper at all: a relation speaks the Arrow C stream
protocol, so `goarrow.fn.count_rows(con.sql("select ..."))` has Go read DuckDB's batches one at
a time as DuckDB produces them.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import pyarrow as pa
import pyarrow.compute as pc

# A Go parameter of a scalar type gets one value per call (a SQL constant); DuckDB's type for it.
_SCALAR_SQL = {
    "string": "VARCHAR",
    "int64": "BIGINT",
    "int": "BIGINT",
    "int32": "INTEGER",
    "float64": "DOUBLE",
    "float32": "FLOAT",
    "bool": "BOOLEAN",
    "[]uint8": "BLOB",
}
_ARROW_SQL = {
    pa.string(): "VARCHAR",
    pa.large_string(): "VARCHAR",
    pa.float64(): "DOUBLE",
    pa.float32(): "FLOAT",
    pa.int64(): "BIGINT",
    pa.int32(): "INTEGER",
    pa.int16(): "SMALLINT",
    pa.int8(): "TINYINT",
    pa.bool_(): "BOOLEAN",
    pa.binary(): "BLOB",
    pa.date32(): "DATE",
}


def _sql_type(duckdb: Any, t: Any) -> Any:
    if isinstance(t, pa.DataType):
        if t not in _ARROW_SQL:
            raise TypeError(f"no DuckDB type known for {t}; give its SQL name instead")
        t = _ARROW_SQL[t]
    return duckdb.sqltype(t) if isinstance(t, str) else t


def register(
    con: Any,
    function: Callable[..., Any],
    parameters: Sequence[Any] | None = None,
    return_type: Any = None,
    *,
    name: str | None = None,
) -> Callable[..., Any]:
    """Make the goarrow function `function` the SQL function `name` (default: its own name) of
    DuckDB connection `con`, called once per vector of rows with Arrow data (no copy).

    parameters: one SQL type per Go parameter (a DuckDB type, its name such as "VARCHAR", or a
    pyarrow type). A parameter whose Go type is a scalar (string, int64, float64, bool) is
    derived when left as None, and is passed the vector's one value: give it a constant in SQL.
    return_type: the SQL type of the Arrow array the Go function returns (required).
    Returns the Python function DuckDB calls."""
    import duckdb

    desc = _describe(function)
    params = desc["params"]
    if parameters is None:
        parameters = [None] * len(params)
    if len(parameters) != len(params):
        raise TypeError(
            f"{desc['name']} takes {len(params)} parameters ({', '.join(p['name'] for p in params)}), "
            f"got {len(parameters)} SQL types"
        )
    if return_type is None:
        raise TypeError(f"give the SQL type of what {desc['name']} returns (return_type)")
    # An element-wise function takes a column for every parameter (DuckDB's vector, as it is);
    # its Go types still give the SQL types.
    go_types = [p["go_type"].lstrip("*") for p in params]
    scalar = [g in _SCALAR_SQL and not desc.get("elementwise") for g in go_types]
    types = []
    for p, t, g in zip(params, parameters, go_types):
        if t is None:
            if g not in _SCALAR_SQL:
                raise TypeError(
                    f"{desc['name']}(): give the SQL type of parameter {p['name']!r} "
                    f"(Go {p['go_type']}); only scalar parameters are derived"
                )
            t = _SCALAR_SQL[g]
        types.append(_sql_type(duckdb, t))

    def impl(columns: tuple) -> pa.Array:
        args = []
        for p, col, s in zip(params, columns, scalar):
            if s:
                if len(col) and pc.count_distinct(col, mode="all").as_py() > 1:
                    raise ValueError(
                        f"{desc['name']}(): parameter {p['name']!r} is one Go value per "
                        f"call: give it a constant in SQL, not a column"
                    )
                args.append(col[0].as_py() if len(col) else None)
            else:
                # DuckDB hands over one chunk per vector: pass that array itself (no copy).
                args.append(col.chunk(0) if col.num_chunks == 1 else col.combine_chunks())
        return function(*args)

    # DuckDB counts the Python function's parameters: give it one per SQL argument.
    names = ", ".join(f"a{i}" for i in range(len(params)))
    ns: dict = {"impl": impl}
    exec(f"def on_vector({names}):\n    return impl(({names}{',' if len(params) == 1 else ''}))\n", ns)
    on_vector = ns["on_vector"]
    # "special": the Go function sees SQL NULLs as Arrow nulls and may return nulls of its own
    # (DuckDB's default drops null rows before the call and refuses a result with nulls).
    con.create_function(
        name or desc["name"].rpartition(".")[2],
        on_vector,
        types,
        _sql_type(duckdb, return_type),
        type="arrow",
        null_handling="special",
    )
    return on_vector


def _describe(function: Callable[..., Any]) -> dict:
    from . import functions

    desc = getattr(function, "_goarrow_desc", None)  # its own extension's description
    if desc is not None:
        return desc
    qual = getattr(function, "__qualname__", "")
    if not qual.startswith("fn."):
        raise TypeError(f"expected a goarrow function (pkg.fn.<name>), got {function!r}")
    name = qual[3:]
    for d in functions():
        if d["name"] == name:
            return d
    raise LookupError(f"no Go function named {name!r} in the loaded extension")

"""Go functions where the data already is: DuckDB (SQL functions over its Arrow vectors, query
results read by Go as a stream) and polars (Series in and out, expressions), with the real
packages."""

import pickle

import pyarrow as pa
import pytest

from peers import need

duckdb = need("duckdb", module_level=True)
pl = need("polars", "polars-runtime-32", module_level=True)

# After the skips above: goarrow.polars imports polars, which may have no wheel here.
import goarrow  # noqa: E402
import goarrow.duckdb  # noqa: E402
import goarrow.polars  # noqa: E402
import goarrow_testing  # noqa: E402


def test_a_go_function_is_a_duckdb_sql_function():
    con = duckdb.connect()
    goarrow.duckdb.register(
        con, goarrow_testing.fn.debug.add, ["DOUBLE", None], "DOUBLE", name="go_add"
    )  # c: derived (float64)
    rows = con.sql("select i, go_add(i::double, 2.5) from range(100000) r(i) order by i").fetchall()
    assert len(rows) == 100000
    assert all(v == i + 2.5 for i, v in rows)  # the reference: DuckDB's own i, plus 2.5
    nulls = con.sql("select go_add(x, 1) from (values (1.0), (null), (3.0)) t(x)").fetchall()
    assert nulls == [(2.0,), (None,), (4.0,)]


def test_a_scalar_parameter_fed_a_column_is_a_clear_error():
    con = duckdb.connect()
    goarrow.duckdb.register(con, goarrow_testing.fn.debug.add, ["DOUBLE", None], "DOUBLE", name="go_add")
    with pytest.raises(duckdb.Error, match="parameter 'c' is one Go value per call: give it a constant"):
        con.sql("select go_add(i::double, i::double) from range(10) r(i)").fetchall()


def test_register_needs_the_types_it_cannot_derive():
    con = duckdb.connect()
    with pytest.raises(TypeError, match="give the SQL type of parameter 'x'"):
        goarrow.duckdb.register(con, goarrow_testing.fn.debug.add, None, "DOUBLE")
    with pytest.raises(TypeError, match="return_type"):
        goarrow.duckdb.register(con, goarrow_testing.fn.debug.add, ["DOUBLE", None])


def test_duckdb_query_results_feed_a_go_stream():
    con = duckdb.connect()
    rel = con.sql("select i, i * 2.0 as d from range(5000000) r(i)")
    assert goarrow.fn.count_rows(rel) == 5000000  # Go reads DuckDB's batches as they come
    total = goarrow.fn.sum(pa.table(con.sql("select i::double as x from range(1000) r(i)"))["x"])
    assert total == sum(range(1000))


def test_polars_out_without_a_copy():
    arr = goarrow.fn.generate(100_000, 7)
    s = goarrow.polars.to_polars(arr)
    assert isinstance(s, pl.Series) and len(s) == 100_000
    assert s.to_arrow().buffers()[1].address == arr.buffers()[1].address  # Go's buffer
    df = goarrow.polars.to_polars(pa.record_batch([arr], names=["x"]))
    assert isinstance(df, pl.DataFrame) and df.shape == (100_000, 1)


def test_polars_series_in_and_out_and_in_an_expression():
    df = pl.DataFrame({"x": [1.0, None, 3.0]})
    out = goarrow.polars.call(goarrow_testing.fn.debug.add, df["x"], 1.5)
    assert isinstance(out, pl.Series) and out.to_list() == [2.5, None, 4.5]
    got = df.with_columns(y=goarrow.polars.expr(goarrow_testing.fn.debug.add, "x", 10.0, return_dtype=pl.Float64))
    assert got["y"].to_list() == [11.0, None, 13.0]


def test_an_extension_function_pickles_for_engines_that_ship_functions():
    f = goarrow_testing.fn.debug.add
    assert pickle.loads(pickle.dumps(f)) is f


def test_elementwise_functions_in_polars_and_duckdb_unchanged():
    ew = goarrow_testing.fn.ew
    df = pl.DataFrame({"s": ["a", None, "bc"] * 1000, "x": list(range(3000))})
    # Registered as element-wise: polars may batch it, here in a group_by and a lazy plan.
    got = df.lazy().with_columns(u=goarrow.polars.expr(ew.upper, "s", return_dtype=pl.String)).collect()
    assert got["u"].to_list() == [None if s is None else s.upper() for s in df["s"].to_list()]
    out = df.with_columns(y=goarrow.polars.expr(ew.add, pl.col("x").cast(pl.Int64), 1, return_dtype=pl.Int64))
    assert out["y"].to_list() == [x + 1 for x in range(3000)]
    con = duckdb.connect()
    goarrow.duckdb.register(con, ew.gcd, [None, None], "BIGINT", name="go_gcd")
    rows = con.sql("select go_gcd(i * 6, 4) from range(5) r(i)").fetchall()
    assert [r[0] for r in rows] == [4, 2, 4, 2, 4]

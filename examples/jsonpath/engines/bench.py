"""json_get over the same documents in every engine: Go via goarrow, the same logic in Python,
and the engine's own JSON path function where it has one.

    bazel run //engines:bench -- [--rows 10000000] [--rounds 3]

Each engine starts once; its methods then run in turns, round after round (interleaved, so a
slow spell of the machine hits all of them), and the best round of each is reported. Every run
computes count(name) over the result, which must equal the reference's count of non-null names.
Writes docs/bench/engines.md (the table) and docs/bench/engines.svg (the plot) in this workspace.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from engines import data


def ray_methods(n):
    import ray

    from engines import ray_data

    @ray.remote
    def valid(t):
        return t.num_rows - t["name"].null_count

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    docs = ray_data.documents(n, blocks=40)

    def run(fn):
        return lambda: sum(ray.get([valid.remote(r) for r in ray_data.names(docs, fn).materialize().to_arrow_refs()]))

    yield {"Go (goarrow)": run(ray_data.json_names), "Python": run(ray_data.python_names)}
    ray.shutdown()


def spark_methods(n):
    from engines import spark

    s = spark.session()
    docs = spark.documents(s, n, partitions=40)

    def run(df):
        return lambda: df.selectExpr("count(name)").collect()[0][0]

    yield {
        "Go (goarrow)": run(spark.names(docs)),
        "Python (mapInArrow)": run(spark.names(docs, spark.python_names)),
        "Python UDF (udf)": run(spark.python_udf_names(docs)),
        "built-in get_json_object": run(spark.builtin_names(docs)),
    }
    s.stop()


def dask_methods(n):
    from distributed import Client, LocalCluster

    from engines import dask_frames

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster),
    ):
        docs = dask_frames.documents(n, partitions=40)

        def run(fn):
            return lambda: int(dask_frames.names(docs, fn)["name"].count().compute())

        yield {"Go (goarrow)": run(dask_frames.json_names), "Python": run(dask_frames.python_names)}


def duckdb_methods(n):
    import duckdb

    import goarrow.duckdb
    import jsonpath_go

    con = duckdb.connect()
    con.execute("SET threads = 2")
    ids = pa.array(range(n), pa.int64())
    con.register("docs", pa.table({"id": ids, "doc": data.docs_for(ids)}))
    goarrow.duckdb.register(con, jsonpath_go.fn.json_get, ["VARCHAR", "VARCHAR"], "VARCHAR")

    def python_json_get(docs, path):
        return pa.array([data.reference_json_get(d) for d in docs.to_pylist()], pa.string())

    con.create_function(
        "py_json_get", python_json_get, ["VARCHAR", "VARCHAR"], "VARCHAR", type="arrow", null_handling="special"
    )

    def run(expr):
        return lambda: con.sql(f"SELECT count({expr}) FROM docs").fetchall()[0][0]

    yield {
        "Go (goarrow)": run(f"json_get(doc, '{data.PATH}')"),
        "Python (arrow UDF)": run(f"py_json_get(doc, '{data.PATH}')"),
        # (json_extract_string raises on invalid JSON: the documents must be checked first)
        "built-in json_extract_string": run(
            "json_extract_string(CASE WHEN json_valid(doc) THEN doc END, '$.user.name')"
        ),
    }
    con.close()


def polars_methods(n):
    import polars as pl

    import goarrow.polars
    import jsonpath_go

    ids = pa.array(range(n), pa.int64())
    df = pl.from_arrow(pa.table({"id": ids, "doc": data.docs_for(ids)}))

    def run(expr):
        return lambda: df.select(expr.count()).item()

    yield {
        "Go (goarrow)": run(goarrow.polars.expr(jsonpath_go.fn.json_get, "doc", data.PATH)),
        "Python (map_elements)": run(
            pl.col("doc").map_elements(data.reference_json_get, return_dtype=pl.String, skip_nulls=True)
        ),
        "built-in str.json_path_match": run(pl.col("doc").str.json_path_match("$.user.name")),
    }


ENGINES = {
    "Ray Data": ray_methods,
    "PySpark": spark_methods,
    "Dask": dask_methods,
    "DuckDB": duckdb_methods,
    "polars": polars_methods,
}


def measure(name, methods_of, n, rounds, want):
    best = {}
    gen = methods_of(n)
    methods = next(gen)
    for r in range(rounds):
        for method, run in methods.items():
            start = time.perf_counter()
            got = run()
            took = time.perf_counter() - start
            if got != want:
                raise SystemExit(f"{name} / {method}: count(name) = {got}, the reference says {want}")
            best[method] = min(best.get(method, took), took)
            print(f"  {name:9} round {r + 1}/{rounds}  {method:30} {took:7.2f} s", flush=True)
    next(gen, None)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--engines", default=",".join(ENGINES))
    args = ap.parse_args()
    n = args.rows
    want = pc.sum(pc.is_valid(data.expected_names(pa.array(range(n), pa.int64())))).as_py()
    results = {}
    for name in args.engines.split(","):
        print(f"{name}: {n:,} rows, {args.rounds} rounds", flush=True)
        results[name] = measure(name, ENGINES[name], n, args.rounds, want)

    out = Path(os.environ.get("BUILD_WORKSPACE_DIRECTORY", os.getcwd())) / "docs" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    lines = [
        "# json_get in each engine: Go via goarrow, Python, the engine's built-in",
        "",
        f"Written by `bazel run //engines:bench -- --rows {n} --rounds {args.rounds}` "
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}). "
        f"{n:,} JSON documents, path `{data.PATH}`, computing count(name) over the result; "
        f"best of {args.rounds} interleaved rounds. Do not edit by hand.",
        "",
        "| engine | method | seconds | rows/s | Go's speed-up |",
        "|---|---|---:|---:|---:|",
    ]
    for name, best in results.items():
        go = best["Go (goarrow)"]
        for method, t in best.items():
            lines.append(f"| {name} | {method} | {t:.2f} | {n / t:,.0f} | {t / go:.2f}× |")
    (out / "engines.md").write_text("\n".join(lines) + "\n")
    plot(results, n, out / "engines.svg")
    print("\n".join(lines[6:]))
    print(f"wrote {out / 'engines.md'} and {out / 'engines.svg'}")


def plot(results, n, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(e, m, n / t) for e, best in results.items() for m, t in best.items()]
    fig, ax = plt.subplots(figsize=(8, 0.38 * len(rows) + 1))
    colors = [
        "#2a7ab0" if m.startswith("Go") else "#999999" if m.startswith("built-in") else "#e08a2c" for _, m, _ in rows
    ]
    y = range(len(rows))[::-1]
    ax.barh(list(y), [r for _, _, r in rows], color=colors)
    ax.set_yticks(list(y), [f"{e}: {m}" for e, m, _ in rows], fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel(f"rows per second, json_get over {n:,} documents (log scale)")
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None})


if __name__ == "__main__":
    sys.exit(main())

"""PySpark: a Go function in DataFrame.mapInArrow, in Spark's Python workers.

Spark's Python workers are forked from a daemon process (``spark.python.use.daemon``, on by
default). The daemon does not import jsonpath_go; each forked worker imports it when it
unpickles ``json_names`` and starts its own Go runtime, which serves every task the worker runs
(``spark.python.worker.reuse``). Do not import a goarrow extension in the daemon itself (a custom
``spark.python.daemon.module``): its forked children could not run Go, and goarrow says so with a
RuntimeError instead of hanging.

    python -m engines.spark 10000000
"""

import os
import sys
import time
from typing import Iterator

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession

import jsonpath_go
from engines import data

SCHEMA = "id long, name string"


def json_names(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        name = jsonpath_go.fn.json_get(batch.column("doc"), data.PATH)
        yield pa.record_batch({"id": batch.column("id"), "name": name})


def python_names(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The same in Python, row by row, through the same mapInArrow plumbing."""
    for batch in batches:
        name = [data.reference_json_get(d) for d in batch.column("doc").to_pylist()]
        yield pa.record_batch({"id": batch.column("id"), "name": pa.array(name, pa.string())})


def python_udf_names(docs: DataFrame) -> DataFrame:
    """The same as a plain Python UDF (pyspark.sql.functions.udf), the way most Spark code has it."""
    from pyspark.sql.functions import col, udf

    return docs.select("id", udf(data.reference_json_get, "string")(col("doc")).alias("name"))


def builtin_names(docs: DataFrame) -> DataFrame:
    """Spark's own JSON path function, in the JVM."""
    return docs.selectExpr("id", "get_json_object(doc, '$.user.name') AS name")


def session(**conf) -> SparkSession:
    # Local mode: Spark's Python workers run this interpreter, with this process's import path
    # (on a cluster, install jsonpath_go and goarrow into the workers' Python instead).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    b = (
        SparkSession.builder.master("local[2]")
        .appName("goarrow")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.shuffle.partitions", "2")
    )
    for k, v in conf.items():
        b = b.config(k, v)
    return b.getOrCreate()


def documents(spark: SparkSession, n: int, partitions: int) -> DataFrame:
    """n JSON documents, built by Spark SQL in the JVM and cached there."""
    df = spark.range(0, n, numPartitions=partitions).selectExpr("id", f"{data.SPARK_DOC_SQL} AS doc")
    df = df.cache()
    df.count()
    return df


def names(docs: DataFrame, fn=json_names) -> DataFrame:
    return docs.mapInArrow(fn, SCHEMA)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    spark = session()
    docs = documents(spark, n, partitions=max(2, n // 250_000))
    start = time.perf_counter()
    out = names(docs).toArrow()
    print(f"{out.num_rows} rows in {time.perf_counter() - start:.2f} s; {out.slice(0, 2).to_pylist()}")
    spark.stop()

"""PySpark, started for real (local[2] on this machine's Java): json_get in mapInArrow."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from engines import data, spark

N = 10_000_000


@pytest.fixture(scope="module")
def session():
    s = spark.session(**{"spark.sql.execution.arrow.maxRecordsPerBatch": "50000"})
    yield s
    s.stop()


def test_go_over_10_million_rows_matches_python_row_by_row(session):
    docs = spark.documents(session, N, partitions=40)
    out = spark.names(docs).toArrow()  # 200 batches of 50,000 rows through Go
    assert out.num_rows == N
    assert np.array_equal(np.sort(out["id"].to_numpy()), np.arange(N))
    assert data.check(out["id"], out["name"]) == N
    # Spark's own get_json_object agrees on the same documents.
    builtin = spark.builtin_names(docs).where("id < 100000").toArrow()
    assert data.check(builtin["id"], builtin["name"]) == 100_000
    docs.unpersist()


def test_the_workers_are_forked_from_the_daemon(session):
    # The default process model, which the test above ran under: Python workers forked from
    # pyspark.daemon, each importing jsonpath_go (and starting Go) after its fork.
    assert session.conf.get("spark.python.use.daemon", "true") == "true"
    pids = session.range(4, numPartitions=2).rdd.map(lambda _: (os.getpid(), os.getppid())).collect()
    assert {ppid for _, ppid in pids} != {os.getpid()}  # their parent is the daemon, not us


PRELOADED = textwrap.dedent("""
    import sys
    from engines import spark
    s = spark.session(**{"spark.python.daemon.module": "engines.preloaded_daemon",
                         "spark.task.maxFailures": "1"})
    docs = spark.documents(s, 1000, partitions=2)
    try:
        spark.names(docs).toArrow()
    except Exception as e:
        print("JOB FAILED:", e)
        sys.exit(3)
    finally:
        s.stop()
    print("JOB RAN")
""")


def test_a_daemon_that_loaded_go_before_forking_gives_a_clear_error_not_a_hang():
    # engines/preloaded_daemon.py starts Go in Spark's daemon, then forks workers from it as
    # pyspark.daemon does: the workers have no Go runtime threads, and must say so.
    r = subprocess.run([sys.executable, "-c", PRELOADED], capture_output=True, text=True, timeout=300, env=os.environ)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out[-3000:]
    assert "JOB FAILED" in out and "forked after a Go extension was loaded" in out, out[-3000:]

"""A Spark daemon that imports jsonpath_go and runs Go *before* it forks its workers.

Do not do this: for test_spark.py, which checks that the forked workers then fail with goarrow's
clear RuntimeError instead of hanging. (Spark runs it via spark.python.daemon.module.)
"""

import pyarrow as pa

import jsonpath_go

jsonpath_go.fn.json_get(pa.array(['{"a": 1}']), "a")  # the Go runtime starts here, in the daemon

from pyspark import daemon  # noqa: E402

if __name__ == "__main__":
    daemon.manager()

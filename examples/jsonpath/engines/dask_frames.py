"""Dask: a Go function in DataFrame.map_partitions, on a LocalCluster of worker processes.

Dask's nanny starts each worker as a fresh (spawned) process, and the worker runs tasks in a
thread pool: goarrow releases the GIL for the whole Go call, so a worker's threads run Go in
parallel. The partitions are pandas DataFrames whose strings are Arrow-backed
(``string[pyarrow]``); ``arrow_chunks`` hands their Arrow arrays to Go without a copy.

    python -m engines.dask_frames 10000000
"""

import sys
import time

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
from distributed import Client, LocalCluster

import jsonpath_go
from engines import data


def arrow_chunks(series: pd.Series) -> list[pa.Array]:
    """The Arrow arrays behind an Arrow-backed pandas Series (no copy)."""
    return pa.chunked_array(series).chunks  # the Arrow C stream protocol: pandas' own arrays


def json_names(part: pd.DataFrame) -> pd.DataFrame:
    names = [jsonpath_go.fn.json_get(c, data.PATH) for c in arrow_chunks(part["doc"])]
    name = pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array(names, pa.string())), index=part.index)
    return pd.DataFrame({"id": part["id"], "name": name})


def python_names(part: pd.DataFrame) -> pd.DataFrame:
    """The same in Python, row by row: what a Dask user writes without goarrow."""
    name = part["doc"].map(data.reference_json_get, na_action="ignore").astype(pd.ArrowDtype(pa.string()))
    return pd.DataFrame({"id": part["id"], "name": name})


def _partition(bounds: tuple[int, int]) -> pd.DataFrame:
    ids = pa.array(range(*bounds), pa.int64())
    return pa.table({"id": ids, "doc": data.docs_for(ids)}).to_pandas(types_mapper=pd.ArrowDtype)


def documents(n: int, partitions: int) -> dd.DataFrame:
    """n JSON documents in `partitions` pandas partitions, built by the workers and kept there."""
    step = -(-n // partitions)
    bounds = [(lo, min(n, lo + step)) for lo in range(0, n, step)]
    return dd.from_map(_partition, bounds).persist()


def names(docs: dd.DataFrame, fn=json_names) -> dd.DataFrame:
    meta = pd.DataFrame(
        {"id": pd.Series([], dtype="int64[pyarrow]"), "name": pd.Series([], dtype=pd.ArrowDtype(pa.string()))}
    )
    return docs.map_partitions(fn, meta=meta)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, Client(cluster):
        docs = documents(n, partitions=max(2, n // 250_000))
        start = time.perf_counter()
        out = names(docs).compute()
        print(f"{len(out)} rows in {time.perf_counter() - start:.2f} s; {out.head(2).to_dict('records')}")

"""Dask, started for real (LocalCluster with two worker processes): json_get over 10M rows."""

import os

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from distributed import Client, LocalCluster

import jsonpath_go
from engines import dask_frames, data

N = 10_000_000


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as c,
    ):
        yield c


def test_go_over_10_million_rows_matches_python_row_by_row(client):
    docs = dask_frames.documents(N, partitions=40)
    out = dask_frames.names(docs).compute()
    assert len(out) == N
    ids = pa.array(out["id"].to_numpy(), pa.int64())
    assert np.array_equal(np.sort(ids.to_numpy()), np.arange(N))
    assert data.check(ids, pa.array(out["name"].array)) == N
    # The workers, not this process, ran Go: each loaded jsonpath_go's extension.
    loaded = client.run(lambda: "jsonpath_go" in __import__("sys").modules)
    assert len(loaded) == 2 and all(loaded.values())


def _where_and_copied(part: pd.DataFrame) -> pd.DataFrame:
    chunk = dask_frames.arrow_chunks(part["doc"])[0]
    go_sees = jsonpath_go.fn.addresses(chunk).to_pylist()
    same = go_sees == [b.address if b is not None else None for b in chunk.buffers()]
    return pd.DataFrame({"pid": [os.getpid()], "same_buffers": [same]})


def test_partitions_reach_go_in_worker_processes_without_a_copy(client):
    docs = dask_frames.documents(100_000, partitions=4)
    out = docs.map_partitions(_where_and_copied, meta={"pid": "int64", "same_buffers": "bool"}).compute()
    assert len(out) == 4 and out["same_buffers"].all()
    assert os.getpid() not in set(out["pid"])
    assert set(out["pid"]) <= set(client.run(os.getpid).values())

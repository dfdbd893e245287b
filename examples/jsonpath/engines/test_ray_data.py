"""Ray Data, started for real (ray.init(num_cpus=2)): json_get over 10 million rows."""

import os

import numpy as np
import pyarrow as pa
import pytest
import ray

import jsonpath_go
from engines import data, ray_data

N = 10_000_000


@pytest.fixture(scope="module", autouse=True)
def ray_cluster():
    ray.init(num_cpus=2, include_dashboard=False)
    yield
    ray.shutdown()


def test_go_over_10_million_rows_matches_python_row_by_row():
    docs = ray_data.documents(N, blocks=40)
    tables = ray.get(ray_data.names(docs).to_arrow_refs())
    out = pa.concat_tables(tables)
    assert out.num_rows == N
    assert np.array_equal(np.sort(out["id"].to_numpy()), np.arange(N))  # each row once
    assert data.check(out["id"], out["name"]) == N
    # And the reference agrees with json.loads on every 1,000th document.
    sample = ray.get(docs.limit(20_000).to_arrow_refs())
    for t in sample:
        for i, d in zip(t["id"].to_pylist()[::1000], t["doc"].to_pylist()[::1000]):
            assert data.reference_json_get(d) == data.expected_names(pa.array([i]))[0].as_py()


def _where_and_copied(batch: pa.Table) -> pa.Table:
    chunk = batch.column("doc").chunk(0)
    go_sees = jsonpath_go.fn.addresses(chunk).to_pylist()
    same = go_sees == [b.address if b is not None else None for b in chunk.buffers()]
    return pa.table({"pid": [os.getpid()], "same_buffers": [same]})


def test_batches_reach_go_in_ray_workers_without_a_copy():
    docs = ray_data.documents(200_000, blocks=4)
    out = docs.map_batches(
        _where_and_copied, batch_format="pyarrow", zero_copy_batch=True, batch_size=None
    ).to_arrow_refs()
    out = pa.concat_tables(ray.get(out))
    assert out.num_rows == 4
    assert all(out["same_buffers"].to_pylist())
    assert os.getpid() not in out["pid"].to_pylist()


def test_the_function_itself_ships_to_a_ray_task():
    # Ray pickles functions by reference: a goarrow function object can be sent as is.
    @ray.remote
    def apply(f, column):
        return f(column, "a").to_pylist()

    assert ray.get(apply.remote(jsonpath_go.fn.json_get, pa.array(['{"a": "x"}', "{}"]))) == ["x", None]

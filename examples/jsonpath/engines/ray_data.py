"""Ray Data: a Go function over a Dataset, batch by batch, in Ray's worker processes.

Ray starts its workers as fresh processes (no fork) and ships ``json_names`` to them by
pickling it by reference; each worker imports jsonpath_go once and keeps its Go runtime for
every batch it gets. ``zero_copy_batch=True`` hands the batch to us as the Arrow table in Ray's
object store, and goarrow reads its buffers where they are.

    python -m engines.ray_data 10000000
"""

import sys
import time

import pyarrow as pa
import ray

import jsonpath_go
from engines import data

BATCH = 65_536  # rows per call: 153 Go calls for 10M rows


def json_names(batch: pa.Table) -> pa.Table:
    # A batch's column may have several chunks; the Go function takes one array at a time.
    docs = batch.column("doc")
    names = [jsonpath_go.fn.json_get(chunk, data.PATH) for chunk in docs.chunks]
    return pa.table({"id": batch.column("id"), "name": pa.chunked_array(names, pa.string())})


def python_names(batch: pa.Table) -> pa.Table:
    """The same in Python, row by row: what a Ray user writes without goarrow."""
    names = [data.reference_json_get(d) for d in batch.column("doc").to_pylist()]
    return pa.table({"id": batch.column("id"), "name": pa.array(names, pa.string())})


def add_docs(batch: pa.Table) -> pa.Table:
    ids = batch.column("id").combine_chunks()
    return pa.table({"id": ids, "doc": data.docs_for(ids)})


def documents(n: int, blocks: int) -> ray.data.Dataset:
    """n JSON documents in `blocks` blocks, built by Ray's workers and kept in its object store."""
    return ray.data.range(n, override_num_blocks=blocks).map_batches(add_docs, batch_format="pyarrow").materialize()


def names(docs: ray.data.Dataset, fn=json_names) -> ray.data.Dataset:
    return docs.map_batches(fn, batch_format="pyarrow", zero_copy_batch=True, batch_size=BATCH)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    ray.init(num_cpus=2)
    docs = documents(n, blocks=max(2, n // 250_000))
    start = time.perf_counter()
    out = names(docs).materialize()
    print(f"{out.count()} rows in {time.perf_counter() - start:.2f} s; {out.take(2)}")

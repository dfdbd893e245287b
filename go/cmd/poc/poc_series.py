"""The Python half of the Go-hosted POC: Python allocates the series, Go reads it in place."""

import numpy as np
import pyarrow as pa


def series(n, seed):
    """n random float64 values (fixed seed) as a pyarrow array over numpy's memory."""
    return pa.array(np.random.default_rng(seed).random(n))


def values_address(arr):
    return arr.buffers()[1].address


def total(arr):
    return float(np.asarray(arr).sum())

"""Shared inputs for the benchmarks. GOARROW_BENCH_QUICK=1 is the smoke mode `bazel test` runs."""

import os

import numpy as np
import pyarrow as pa
import pytest

QUICK = os.environ.get("GOARROW_BENCH_QUICK") == "1"

# The original POC's N values (0…10,000 in steps of 500, then 500k…5.5M in steps of 1M), plus
# 1e7 and 1e8.
POC_N = list(range(0, 10_001, 500)) + list(range(500_000, 5_500_001, 1_000_000))
N_VALUES = [0, 1000] if QUICK else POC_N + [10_000_000, 100_000_000]

_arrays: dict[int, np.ndarray] = {}


def values(n: int) -> np.ndarray:
    """n float64 values made by numpy (fixed seed), made once per n for the whole run."""
    if n not in _arrays:
        _arrays[n] = np.random.default_rng(n).random(n)
    return _arrays[n]


@pytest.fixture
def floats():
    """A pyarrow array over numpy's memory (pa.array wraps a float64 ndarray without a copy)."""
    return lambda n: pa.array(values(n))

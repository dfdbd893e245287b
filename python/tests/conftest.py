import gc

import pyarrow as pa
import pytest

import goarrow
import goarrow_testing  # noqa: F401  the test extension: built-ins plus debug.* and bench.*


@pytest.fixture
def no_leaks():
    """Fails the test if pyarrow's or Go's C allocations grew across it."""
    gc.collect()
    pa_before = pa.total_allocated_bytes()
    go_before = goarrow.stats()["c_allocated_bytes"]
    yield
    gc.collect()
    assert pa.total_allocated_bytes() == pa_before, "pyarrow memory leaked"
    assert goarrow.stats()["c_allocated_bytes"] == go_before, "Go (C) memory leaked"

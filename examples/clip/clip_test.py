"""clip_go, built by go_arrow_extension, tested with rules_python's py_test."""

import sys

import numpy as np
import pyarrow as pa
import pytest

import goarrow
import clip_go


def test_clip_matches_numpy_and_keeps_nulls():
    rng = np.random.default_rng(7)
    values = rng.normal(0, 10, 100_000)
    mask = rng.random(values.size) < 0.1
    arr = pa.array(values, mask=mask)
    out = clip_go.fn.clip(arr, -5.0, 5.0)
    assert isinstance(out, pa.Array) and out.type == pa.float64()
    expected = np.where(mask, np.nan, np.clip(values, -5.0, 5.0))
    got = out.to_numpy(zero_copy_only=False)
    assert np.array_equal(np.isnan(got), mask)
    assert np.array_equal(got[~mask], expected[~mask])


def test_count_outside_matches_numpy():
    values = np.linspace(-3, 3, 601)
    assert clip_go.fn.count_outside(pa.array(values), -1.0, 1.0) == int(((values < -1) | (values > 1)).sum())


def test_go_errors_reach_python():
    with pytest.raises(goarrow.GoError, match=r"lo \(2\) is greater than hi \(1\)"):
        clip_go.fn.clip(pa.array([1.0]), 2.0, 1.0)
    # An element-wise function's column of the wrong type: a TypeError naming the cast to make.
    with pytest.raises(TypeError, match="expected a column of float64, got int64"):
        clip_go.fn.clip(pa.array([1, 2]), 0.0, 1.0)
    # bridge.ErrType: a TypeError in Python.
    with pytest.raises(TypeError, match="count_outside needs float64 values, got int64"):
        clip_go.fn.count_outside(pa.array([1, 2]), 0.0, 1.0)


def test_clip_is_elementwise_over_chunks_and_scalars():
    col = pa.chunked_array([[3.5, -1.0, None], [250.0, 42.0]])
    out = clip_go.fn.clip(col, 0.0, 100.0)
    assert isinstance(out, pa.ChunkedArray) and out.to_pylist() == [3.5, 0.0, None, 100.0, 42.0]
    assert clip_go.fn.clip(pa.array([5.0, 7.0]), 0.0, pa.array([6.0, 1.0])).to_pylist() == [5.0, 1.0]


def test_functions_come_from_the_go_source():
    names = {f["name"] for f in clip_go.functions()}
    assert {"clip", "count_outside"} <= names
    assert clip_go.fn.clip.__doc__.startswith("Values limited to [lo, hi]; nulls stay null.")


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"]))

"""Property tests: random arrays of every type pyarrow's own hypothesis strategies make (with
random nulls, nesting and slices) round-trip Python → Go → Python equal and zero-copy."""

import hypothesis as h
import hypothesis.strategies as st
import pyarrow as pa
import pyarrow.tests.strategies as past
from test_types import nonempty_addrs, same

import goarrow


def _drawable(t) -> bool:
    """Left out: timestamp types without a time zone, because pyarrow's arrays() strategy skips
    the whole test (pytest.skip) on them (test_types.py covers them); and fixed_size_binary(0)
    and fixed-size lists of size 0, which arrow-go rejects (test_hostile.py checks the error)."""
    if pa.types.is_timestamp(t):
        return t.tz is not None
    if pa.types.is_fixed_size_binary(t) and t.byte_width == 0:
        return False
    if pa.types.is_fixed_size_list(t) and t.list_size == 0:
        return False
    if pa.types.is_dictionary(t):
        return _drawable(t.value_type)
    return all(_drawable(t.field(i).type) for i in range(t.num_fields))


TYPES = past.all_types.filter(_drawable)


def no_value_bytes(arr):
    """A slice of a (large) binary or string array whose values are all null or empty."""
    t = arr.type
    if not (
        pa.types.is_binary(t) or pa.types.is_string(t) or pa.types.is_large_binary(t) or pa.types.is_large_string(t)
    ):
        return False
    return all(not v for v in arr.to_pylist())


SETTINGS = h.settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(h.HealthCheck))


@SETTINGS
@h.given(TYPES.flatmap(lambda t: past.arrays(t, size=st.integers(0, 40))), st.data())
def test_random_arrays_round_trip_equal_and_zero_copy(arr, data):
    offset = data.draw(st.integers(0, len(arr)), label="offset")
    length = data.draw(st.integers(0, len(arr) - offset), label="length")
    sliced = arr.slice(offset, length)
    out = goarrow.fn.echo(sliced)
    assert out.type == sliced.type
    assert same(out, sliced), f"{out} != {sliced}"
    if length:  # an empty slice has no data to share
        got, want = nonempty_addrs(out), nonempty_addrs(sliced)
        if no_value_bytes(sliced):
            # Offsets that span no bytes (only nulls and empty values): the data buffer holds
            # nothing of this slice, and Go may return it empty (found on CPython 3.14: [None] of
            # a binary array, whose parent's data buffer pyarrow still shows).
            got, want = got[:2], want[:2]
        assert got == want
    assert goarrow.fn.length(sliced) == length


@SETTINGS
@h.given(TYPES.flatmap(lambda t: past.chunked_arrays(t)))
def test_random_chunked_arrays_round_trip(chunked):
    out = goarrow.fn.echo(chunked)
    assert out.type == chunked.type and len(out) == len(chunked)
    assert same(out.combine_chunks(), chunked.combine_chunks())


@st.composite
def _record_batches(draw):
    # pyarrow's own strategy now and then fails to build the batch it drew (ArrowInvalid:
    # "Integer value 128 not in range: -128 to 127", seen once under load): no goarrow code has
    # run yet, so such a draw is rejected rather than failing the test.
    try:
        return draw(past.record_batches(TYPES))
    except pa.ArrowInvalid:
        h.reject()


@SETTINGS
@h.given(_record_batches())
def test_random_record_batches_round_trip(batch):
    out = goarrow.fn.echo(batch)
    assert out.schema.equals(batch.schema)
    for a, b in zip(out.columns, batch.columns):
        assert same(a, b)
        assert nonempty_addrs(a) == nonempty_addrs(b)

"""Errors from Go become Python exceptions; after any of them, nothing leaked and the next call works."""

import pyarrow as pa
import pytest

import goarrow


def test_go_error_carries_its_message(no_leaks):
    with pytest.raises(goarrow.GoError, match="disk on fire") as e:
        goarrow.fn.debug.fail("disk on fire")
    assert not isinstance(e.value, goarrow.GoPanic)
    assert goarrow.fn.length(pa.array([1, 2])) == 2


def test_panic_carries_value_and_go_stack_and_the_next_calls_work(no_leaks):
    with pytest.raises(goarrow.GoPanic) as e:
        goarrow.fn.debug.panic("index out of range [7]")
    msg = str(e.value)
    assert msg.startswith("index out of range [7]")
    assert "Go stack:" in msg and "goroutine" in msg and ".go:" in msg
    assert isinstance(e.value, goarrow.GoError)
    for _ in range(100):
        assert goarrow.fn.sum(pa.array([1, 2, 3])) == 6


def test_a_runtime_panic_inside_arrow_go_is_recovered_too(no_leaks):
    # generate() with a negative n is a ValueError; an arrow-go panic is reached by preview on a
    # type whose values cannot be printed: either way the process survives.
    with pytest.raises(ValueError, match="n >= 0"):
        goarrow.fn.generate(-1, 0)


def test_unknown_function_is_a_lookup_error():
    with pytest.raises(LookupError, match="no Go function named 'nope'.*registered:.*sum"):
        goarrow.call("nope")
    with pytest.raises(TypeError, match="must be a str"):
        goarrow.call(42)


@pytest.mark.parametrize(
    "call, expected",
    [
        (lambda: goarrow.fn.sum(), r"sum\(\) missing 1 required positional argument: 'x'"),
        (lambda: goarrow.fn.sum(pa.array([1]), 2), r"sum\(\) takes 1 positional argument but 2 were given"),
        (lambda: goarrow.fn.generate("ten", 1), "expected int, got str"),
        (lambda: goarrow.fn.generate(1.5, 1), "expected int, got float"),
        (lambda: goarrow.fn.generate(pa.array([1]), 1), "expected int, got Arrow array"),
        (lambda: goarrow.fn.sum(object()), "expected Arrow data .* got object"),
        (lambda: goarrow.fn.sum([1, 2, 3]), "got list"),
        (
            lambda: goarrow.fn.count_rows(pa.array([1, 2])),
            "expected an Arrow stream of record batches, got Arrow array",
        ),
        (lambda: goarrow.fn.preview(pa.chunked_array([[1]]), 3), "expected an Arrow array, got an Arrow chunked array"),
        # bridge.ErrType's own "wrong type: " prefix is dropped: the exception class says it.
        (lambda: goarrow.fn.sum(pa.array(["a"])), "^sum\\(\\) needs a numeric array, got utf8$"),
    ],
)
def test_wrong_arguments_are_type_errors_naming_expected_and_given(no_leaks, call, expected):
    with pytest.raises(TypeError, match=expected):
        call()


def test_invalid_arrow_objects_are_value_errors(no_leaks):
    class Broken:
        def __arrow_c_array__(self, requested_schema=None):
            raise RuntimeError("cannot export today")

    class Garbage:
        def __arrow_c_array__(self, requested_schema=None):
            return ("not", "capsules")

    with pytest.raises(ValueError, match="cannot export today"):
        goarrow.fn.length(Broken())
    with pytest.raises((ValueError, TypeError), match="PyCapsule named 'arrow_schema'"):
        goarrow.fn.length(Garbage())


def test_a_consumed_capsule_cannot_be_used_twice(no_leaks):
    arr = pa.array([1, 2, 3])
    schema, array = arr.__arrow_c_array__()

    class Once:
        def __arrow_c_array__(self, requested_schema=None):
            return schema, array

    assert goarrow.fn.length(Once()) == 3
    with pytest.raises(ValueError, match="already released"):
        goarrow.fn.length(Once())


def test_errors_in_a_python_stream_reach_python(no_leaks):
    schema = pa.schema({"a": pa.int64()})

    def batches():
        yield pa.record_batch({"a": [1, 2]}, schema=schema)
        raise RuntimeError("producer exploded at batch 2")

    reader = pa.RecordBatchReader.from_batches(schema, batches())
    with pytest.raises(goarrow.GoError, match="producer exploded at batch 2"):
        goarrow.fn.count_rows(reader)
    assert goarrow.fn.count_rows(pa.RecordBatchReader.from_batches(schema, [])) == 0


def test_errors_in_a_go_stream_reach_python():
    # A Go stream whose source fails midway: Python gets the first batch, then the error.
    # pyarrow reads Go streams natively (no Python per batch), so the exception is pyarrow's
    # OSError for the stream's EIO, carrying Go's message.
    def batches():
        yield pa.record_batch({"a": [1]})
        raise KeyError("disk on fire")

    reader = goarrow.fn.echo(pa.RecordBatchReader.from_batches(pa.schema({"a": pa.int64()}), batches()))
    assert reader.read_next_batch().num_rows == 1
    with pytest.raises(OSError, match="disk on fire"):
        reader.read_next_batch()
    with pytest.raises(OSError, match="disk on fire"):  # the error sticks
        reader.read_next_batch()

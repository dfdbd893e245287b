"""Hostile or wrong inputs: each gives a typed Python exception with a clear message, never a
crash, and the bridge keeps working."""

import ctypes

import numpy as np
import pyarrow as pa
import pytest

import goarrow

fn = goarrow.fn


# ---- hand-made C structs, for producers that lie ----


class ArrowSchema(ctypes.Structure):
    pass


RELEASE_SCHEMA = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowSchema))
ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p),
    ("name", ctypes.c_char_p),
    ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("children", ctypes.c_void_p),
    ("dictionary", ctypes.c_void_p),
    ("release", RELEASE_SCHEMA),
    ("private_data", ctypes.c_void_p),
]


class ArrowArray(ctypes.Structure):
    pass


RELEASE_ARRAY = ctypes.CFUNCTYPE(None, ctypes.POINTER(ArrowArray))
ArrowArray._fields_ = [
    ("length", ctypes.c_int64),
    ("null_count", ctypes.c_int64),
    ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("buffers", ctypes.c_void_p),
    ("children", ctypes.c_void_p),
    ("dictionary", ctypes.c_void_p),
    ("release", RELEASE_ARRAY),
    ("private_data", ctypes.c_void_p),
]


@RELEASE_SCHEMA
def _release_schema(s):
    s.contents.release = RELEASE_SCHEMA()


@RELEASE_ARRAY
def _release_array(a):
    a.contents.release = RELEASE_ARRAY()


_PyCapsule_New = ctypes.pythonapi.PyCapsule_New
_PyCapsule_New.restype = ctypes.py_object
_PyCapsule_New.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]


class Forged:
    """An object whose __arrow_c_array__ hands out the given (possibly broken) structs."""

    def __init__(
        self, fmt=b"g", length=3, offset=0, n_buffers=2, released=False, names=(b"arrow_schema", b"arrow_array")
    ):
        self.values = (ctypes.c_double * 3)(1, 2, 3)
        self.bufs = (ctypes.c_void_p * 2)(None, ctypes.addressof(self.values))
        self.schema = ArrowSchema(format=fmt, release=RELEASE_SCHEMA() if released else _release_schema)
        self.array = ArrowArray(
            length=length,
            offset=offset,
            n_buffers=n_buffers,
            buffers=ctypes.addressof(self.bufs),
            release=_release_array,
        )
        self.names = names

    def __arrow_c_array__(self, requested_schema=None):
        return (
            _PyCapsule_New(ctypes.addressof(self.schema), self.names[0], None),
            _PyCapsule_New(ctypes.addressof(self.array), self.names[1], None),
        )


class Raises:
    def __arrow_c_array__(self, requested_schema=None):
        raise RuntimeError("exporter is broken")


class Returns:
    def __init__(self, value):
        self.value = value

    def __arrow_c_array__(self, requested_schema=None):
        return self.value


class StreamRaises:
    def __arrow_c_stream__(self, requested_schema=None):
        raise MemoryError("no stream for you")


def failing_stream():
    schema = pa.schema({"a": pa.int64()})

    def gen():
        yield pa.record_batch({"a": [1]}, schema=schema)
        raise ValueError("batch 2 is corrupt")

    return pa.RecordBatchReader.from_batches(schema, gen())


def consumed_capsule():
    s, a = pa.array([1.0]).__arrow_c_array__()
    fn.length(Returns((s, a)))  # consumed here
    return Returns((s, a))


CASES = [
    # (id, call, exception, message fragment)
    ("non-Arrow object", lambda: fn.sum(object()), TypeError, "expected Arrow data"),
    ("a list", lambda: fn.sum([1, 2]), TypeError, "got list"),
    ("None for an array", lambda: fn.sum(None), TypeError, "got None"),
    ("no arguments", lambda: fn.sum(), TypeError, "missing 1 required"),
    ("too many arguments", lambda: fn.length(pa.array([1]), 1), TypeError, "takes 1 positional"),
    ("unknown keyword", lambda: fn.generate(1, sed=2), TypeError, "unexpected keyword"),
    ("unknown function", lambda: goarrow.call("no.such.thing"), LookupError, "no Go function named"),
    ("function name not a str", lambda: goarrow.call(b"sum"), TypeError, "must be a str"),
    ("int where an array is expected", lambda: fn.sum(5), TypeError, "got int"),
    ("str where an int is expected", lambda: fn.generate("5", 1), TypeError, "expected int, got str"),
    ("float where an int is expected", lambda: fn.generate(5.0, 1), TypeError, "expected int, got float"),
    ("NaN where an int is expected", lambda: fn.generate(float("nan"), 1), TypeError, "expected int, got float"),
    ("bytes where a str is expected", lambda: fn.debug.fail(b"x"), TypeError, "expected str, got bytes"),
    ("int beyond int64", lambda: fn.generate(2**70, 1), OverflowError, "too big"),
    ("negative size", lambda: fn.generate(-1, 1), ValueError, "n >= 0"),
    ("huge size", lambda: fn.generate(2**62, 1), ValueError, "too large"),
    ("negative limit", lambda: fn.preview(pa.array([1]), -5), ValueError, "limit >= 0"),
    ("negative stream sizes", lambda: fn.generate_stream(-1, 10, 0), ValueError, "batches >= 0"),
    ("non-numeric array to sum", lambda: fn.sum(pa.array(["a"])), TypeError, "numeric"),
    (
        "a stream where an array is expected",
        lambda: fn.preview(failing_stream(), 3),
        TypeError,
        "expected an Arrow array",
    ),
    ("producer raises", lambda: fn.length(Raises()), ValueError, "exporter is broken"),
    ("producer returns garbage", lambda: fn.length(Returns(42)), ValueError, "PyCapsule protocol"),
    (
        "producer returns one capsule",
        lambda: fn.length(Returns((pa.array([1]).__arrow_c_array__()[0],))),
        ValueError,
        "PyCapsule protocol",
    ),
    (
        "capsules swapped",
        lambda: fn.length(Returns(tuple(reversed(pa.array([1]).__arrow_c_array__())))),
        ValueError,
        "incorrect name",
    ),
    (
        "capsule with the wrong name",
        lambda: fn.length(Forged(names=(b"arrow_schema", b"not_an_array"))),
        ValueError,
        "incorrect name",
    ),
    ("capsule already consumed", lambda: fn.length(consumed_capsule()), ValueError, "already released"),
    ("schema already released", lambda: fn.length(Forged(released=True)), ValueError, "already released"),
    ("negative length", lambda: fn.length(Forged(length=-3)), ValueError, "negative length"),
    ("negative offset", lambda: fn.length(Forged(offset=-1)), ValueError, "negative"),
    ("nonsense format string", lambda: fn.length(Forged(fmt=b"not-a-format")), ValueError, "cannot import"),
    ("wrong number of buffers", lambda: fn.length(Forged(n_buffers=1)), ValueError, "buffers"),
    ("stream fails midway", lambda: fn.count_rows(failing_stream()), goarrow.GoError, "batch 2 is corrupt"),
    ("stream export raises", lambda: fn.count_rows(StreamRaises()), ValueError, "no stream for you"),
    ("2-D numpy array", lambda: fn.sum(np.zeros((2, 2))), ValueError, "1-D"),
    (
        "fixed_size_binary(0), which arrow-go rejects",
        lambda: fn.echo(pa.array([b"", b""], type=pa.binary(0))),
        ValueError,
        "byte width must be positive",
    ),
    (
        "fixed-size list of size 0, which arrow-go rejects",
        lambda: fn.length(pa.array([[], []], type=pa.list_(pa.int8(), 0))),
        ValueError,
        "fixed-size list size must be in the range",
    ),
    ("Go error", lambda: fn.debug.fail("nope"), goarrow.GoError, "nope"),
    ("Go panic", lambda: fn.debug.panic("boom"), goarrow.GoPanic, "boom"),
]


@pytest.mark.parametrize("call, exc, fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_raises_a_clear_typed_error(no_leaks, call, exc, fragment):
    with pytest.raises(exc) as e:
        call()
    assert fragment in str(e.value), str(e.value)
    del e
    assert fn.length(pa.array([1, 2, 3])) == 3  # and the bridge still works


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


def test_after_a_panic_the_next_1000_calls_succeed():
    with pytest.raises(goarrow.GoPanic):
        fn.debug.panic("once")
    arr = pa.array([1.0, 2.0])
    assert all(fn.sum(arr) == 3.0 for _ in range(1000))

"""_goarrow_host: the Python half of go/pyhost, loaded once when a Go program starts Python."""

import sys
import traceback
import types

# One Go runtime per process, and this program has it: importing goarrow (a CPython extension
# with its own Go runtime) must fail with a clear ImportError, not start a second one.
sys.modules.setdefault(
    "_goarrow_go_runtime", types.ModuleType("_goarrow_go_runtime")
).package = "the Go program hosting Python (go/pyhost)"

_pa = None


def _pyarrow():
    # Imported on first use, so that a program that only reads Arrow data from Python does not
    # need pyarrow (any PyCapsule producer will do).
    global _pa
    if _pa is None:
        import pyarrow

        _pa = pyarrow
    return _pa


def array(schema, array):
    return _pyarrow().Array._import_from_c_capsule(schema, array)


def batch(schema, array):
    return _pyarrow().RecordBatch._import_from_c_capsule(schema, array)


def reader(stream):
    return _pyarrow().RecordBatchReader._import_from_c_capsule(stream)


def table(stream):
    return reader(stream).read_all()


def schema(schema):
    return _pyarrow().Schema._import_from_c_capsule(schema)


def chunked(stream):
    return _pyarrow().ChunkedArray._import_from_c_capsule(stream)


def field(schema):
    return _pyarrow().Field._import_from_c_capsule(schema)


def data_type(schema):
    return _pyarrow().DataType._import_from_c_capsule(schema)


def describe(exc):
    """type, message and traceback, for go/pyhost's Error."""
    return "\x1f".join([type(exc).__qualname__, str(exc), "".join(traceback.format_exception(exc))])


def add_path(*dirs):
    sys.path[:0] = [d for d in dirs if d not in sys.path]

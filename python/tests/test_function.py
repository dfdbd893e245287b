"""Go functions as C-level callables (python/ext/gofunction.c): binding, the conversions done in C
and the ones left to Python, the result import, and what users see of a function object."""

import inspect
import os
import pickle
import pydoc

import numpy as np
import pyarrow as pa
import pytest

import goarrow_testing

fn = goarrow_testing.fn


def _python_error(pyfunc, *args, **kwargs):
    """The TypeError CPython itself raises for a Python function of the same parameters."""
    with pytest.raises(TypeError) as e:
        pyfunc(*args, **kwargs)
    return str(e.value)


def add(x, c):  # the parameters of debug.add, as a Python function
    pass


@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((), {}),  # two missing
        ((pa.array([1.0]),), {}),  # one missing
        ((1, 2, 3), {}),  # too many positional
        ((pa.array([1.0]), 1.0), {"nope": 1}),  # unexpected keyword
        ((pa.array([1.0]),), {"x": 1, "c": 2.0}),  # positional and keyword for one parameter
        ((), {"c": 1.0}),  # missing the first only
    ],
)
def test_binding_errors_read_like_cpythons(args, kwargs):
    want = _python_error(add, *args, **kwargs).replace("add()", "debug.add()")
    with pytest.raises(TypeError) as e:
        fn.debug.add(*args, **kwargs)
    assert str(e.value) == want


def generate_stream(batches, rows, seed):  # the parameters of generate_stream
    pass


def test_missing_three_arguments_lists_them_like_cpython():
    want = _python_error(generate_stream)
    with pytest.raises(TypeError) as e:
        fn.generate_stream()
    assert str(e.value) == want


def test_keyword_arguments_in_any_order():
    x = pa.array([1.0, None, 2.5])
    want = [1.5, None, 3.0]
    assert fn.debug.add(x, 0.5).to_pylist() == want
    assert fn.debug.add(x, c=0.5).to_pylist() == want
    assert fn.debug.add(c=0.5, x=x).to_pylist() == want
    assert goarrow_testing.call("debug.add", c=0.5, x=x).to_pylist() == want
    # A keyword given as a str that is not the interned parameter name still binds.
    name = "".join(["c"])
    assert fn.debug.add(x, **{name: 0.5}).to_pylist() == want


@pytest.mark.parametrize(
    "value", [None, True, False, 0, -7, 2**63 - 1, 1.25, float("inf"), "", "héllo ✓", b"", b"\x00\xffbytes"]
)
def test_each_scalar_converted_in_c_round_trips(value):
    fn.debug.keep("scalar", value)
    got = fn.debug.take("scalar")
    assert type(got) is type(value) and got == value


def test_int_out_of_range_is_an_overflow_error():
    with pytest.raises(OverflowError):
        fn.bench.nop(2**63)


@pytest.mark.parametrize(
    "value, want",
    [
        (np.int64(5), 5),
        (np.int32(-3), -3),
        (np.uint8(200), 200),
        (np.float32(0.5), 0.5),
        (np.bool_(True), True),
    ],
)
def test_numpy_scalars_fall_back_to_python(value, want):
    fn.debug.keep("scalar", value)
    got = fn.debug.take("scalar")
    assert type(got) is type(want) and got == want


def _ipc(rows):
    sink = pa.BufferOutputStream()
    table = pa.table({"x": list(range(rows))})
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    return sink.getvalue().to_pybytes()


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview])
def test_bytes_like_arguments(wrap):
    assert fn.bench.ipc_rows(wrap(_ipc(17))) == 17


def test_arrow_kinds_by_type_through_c():
    arr = pa.array([1.0, 2.0])
    batch = pa.record_batch({"a": arr})
    table = pa.table({"a": arr})
    # echo hands back the kind it was given: the kind chosen for the argument.
    assert isinstance(fn.echo(arr), pa.Array)
    assert isinstance(fn.echo(batch), pa.RecordBatch)
    assert isinstance(fn.echo(table), pa.Table)
    assert isinstance(fn.echo(pa.chunked_array([arr, arr])), pa.ChunkedArray)
    assert isinstance(fn.echo(pa.RecordBatchReader.from_batches(batch.schema, [batch])), pa.RecordBatchReader)
    assert fn.echo(batch.schema) == batch.schema
    assert fn.echo(pa.field("f", pa.int8())) == pa.field("f", pa.int8())
    assert fn.echo(pa.int16()) == pa.int16()
    assert fn.echo(pa.list_(pa.int16())) == pa.list_(pa.int16())


class _Both:
    """A foreign producer speaking both protocols: passed as an array."""

    def __init__(self, arr):
        self.arr = arr

    def __arrow_c_array__(self, requested_schema=None):
        return self.arr.__arrow_c_array__()

    def __arrow_c_stream__(self, requested_schema=None):
        return pa.chunked_array([self.arr]).__arrow_c_stream__()


class _Broken:
    def __arrow_c_array__(self, requested_schema=None):
        raise RuntimeError("producer says no")


def test_foreign_producers_go_through_python():
    got = fn.echo(_Both(pa.array([3, 4])))
    assert isinstance(got, pa.Array) and got.to_pylist() == [3, 4]
    with pytest.raises(ValueError, match=r"debug.add\(\) argument 'x': could not export _Broken .*producer says no"):
        fn.debug.add(_Broken(), 1.0)
    with pytest.raises(TypeError, match=r"length\(\) argument 'x': expected Arrow data"):
        fn.length(object())


def test_numpy_arrays_fall_back_to_python():
    v = np.arange(5, dtype=np.float64)
    assert fn.length(v) == 5
    with pytest.raises(ValueError, match="only 1-D numpy arrays"):
        fn.length(np.zeros((2, 2)))


def test_results_of_a_known_type_come_back_equal():
    arr = pa.array([1, None, 3], pa.int32())
    for _ in range(3):  # the first crossing teaches the type; the later ones import by address
        out = fn.echo(arr)
        assert out.type == pa.int32() and out.to_pylist() == [1, None, 3]
        assert out.buffers()[1].address == arr.buffers()[1].address
    batch = pa.record_batch({"a": arr, "b": pa.array(["x", "y", None])})
    for _ in range(3):
        out = fn.echo(batch)
        assert out.schema == batch.schema and out.to_pydict() == batch.to_pydict()


def test_calls_take_the_vectorcall_path():
    before = type(fn.bench.nop)._tp_calls.__get__(fn.bench.nop)
    for i in range(5):
        assert fn.bench.nop(i) == i
        assert fn.bench.nop(n=i) == i
    assert type(fn.bench.nop)._tp_calls.__get__(fn.bench.nop) == before
    # The tp_call path still works, and is the one counted.
    assert type(fn.bench.nop).__call__(fn.bench.nop, 9) == 9
    assert type(fn.bench.nop).__call__(fn.bench.nop, n=10) == 10
    assert fn.bench.nop._tp_calls == before + 2


def test_what_users_see_of_a_function():
    f = fn.bench.nop
    assert (f.__name__, f.__qualname__, f.__module__) == ("nop", "fn.bench.nop", "goarrow_testing")
    assert f.__doc__.startswith("n itself: a call carrying no Arrow data")
    sig = inspect.signature(f)
    assert list(sig.parameters) == ["n"]
    assert sig.parameters["n"].annotation == "int" and sig.return_annotation == "int"
    text = pydoc.plain(pydoc.render_doc(f))
    # pydoc quotes string annotations up to 3.13 and not from 3.14 on.
    assert (f"nop{sig}" in text or "nop(n: int) -> int" in text) and "n itself: a call carrying no Arrow data" in text
    assert pickle.loads(pickle.dumps(f)) is f
    assert "fn.bench.nop" in repr(f)

    class Holder:
        g = f

    assert Holder().g is f and Holder().g(4) == 4  # not bound as a method, like a builtin


def test_cannot_be_made_from_python():
    with pytest.raises(TypeError):
        type(fn.bench.nop)()


def test_forked_child_function_raises_the_fork_message():
    from goarrow import _call

    f = fn.bench.nop
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        out = []
        for attempt in (lambda: f(1), lambda: f(n=1), lambda: type(f).__call__(f, 1), lambda: fn.length(pa.array([1]))):
            try:
                attempt()
                out.append("no error")
            except RuntimeError as e:
                out.append("ok" if str(e) == _call.FORK_MESSAGE else repr(e))
            except BaseException as e:  # noqa: BLE001
                out.append(repr(e))
        os.write(w, "|".join(out).encode())
        os._exit(0)
    os.close(w)
    got = b""
    while chunk := os.read(r, 4096):
        got += chunk
    os.close(r)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert got.decode() == "ok|ok|ok|ok"
    assert f(3) == 3  # the parent is untouched

"""Reliability: exhausted C memory, panicking goroutines and inconsistent producers raise
exceptions instead of ending the process. Anything that could crash runs in a child process,
so that a crash is a failed test and not the end of the suite."""

import json
import os
import subprocess
import sys

import pyarrow as pa
import pytest

import goarrow
import goarrow_testing  # noqa: F401  debug.* functions


def child(code, timeout=120):
    """Runs code in a fresh interpreter with goarrow_testing loaded; returns (exit code, stdout,
    stderr). A crash shows as a negative or non-zero exit code."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    prelude = "import json, sys, pyarrow as pa, numpy as np, goarrow, goarrow_testing\n" + FORGE
    p = subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, env=env, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


# A producer that lies: it exports a valid pyarrow array through the C Data Interface and then
# overwrites one int64 field (length, null_count, offset) of the ArrowArray at a path of child
# indices. pyarrow's own release callbacks still free everything.
FORGE = """
import ctypes
class _ArrowArray(ctypes.Structure):
    pass
_ArrowArray._fields_ = [("length", ctypes.c_int64), ("null_count", ctypes.c_int64), ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64), ("n_children", ctypes.c_int64), ("buffers", ctypes.c_void_p),
    ("children", ctypes.POINTER(ctypes.POINTER(_ArrowArray))), ("dictionary", ctypes.c_void_p),
    ("release", ctypes.c_void_p), ("private_data", ctypes.c_void_p)]
ctypes.pythonapi.PyCapsule_GetPointer.restype = ctypes.c_void_p
ctypes.pythonapi.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
class Forged:
    def __init__(self, arr, path, field, value):
        self.arr, self.path, self.field, self.value = arr, path, field, value
    def __arrow_c_array__(self, requested_schema=None):
        schema, array = self.arr.__arrow_c_array__()
        a = ctypes.cast(ctypes.pythonapi.PyCapsule_GetPointer(array, b"arrow_array"), ctypes.POINTER(_ArrowArray)).contents
        for i in self.path:
            a = a.children[i].contents
        setattr(a, self.field, self.value)
        return schema, array
"""


# ---- 1. C memory ----


def test_past_the_memory_limit_a_call_raises_memory_error_and_frees_what_it_built(no_leaks):
    prev = goarrow.set_memory_limit(1 << 20)
    try:
        with pytest.raises(MemoryError, match="limit of 1048576"):
            goarrow.fn.generate(1_000_000, 1)  # 8 MB of float64
        with pytest.raises(MemoryError):
            goarrow.fn.debug.worker_alloc(2 << 20)  # in a goroutine of a bridge.Group
        assert len(goarrow.fn.generate(1000, 1)) == 1000  # under the limit: works
    finally:
        assert goarrow.set_memory_limit(prev) == 1 << 20
    assert len(goarrow.fn.generate(1_000_000, 1)) == 1_000_000  # limit lifted


def test_set_memory_limit_rejects_nonsense():
    with pytest.raises(ValueError):
        goarrow.set_memory_limit(-1)


def test_the_limit_can_come_from_the_environment():
    code = "print(goarrow.set_memory_limit(None))\n"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), GOARROW_MEMORY_LIMIT="64MiB")
    p = subprocess.run(
        [sys.executable, "-c", "import goarrow, goarrow_testing\n" + code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(64 << 20)
    env["GOARROW_MEMORY_LIMIT"] = "lots"
    p = subprocess.run(
        [sys.executable, "-c", "import goarrow_testing"], capture_output=True, text=True, env=env, timeout=60
    )
    assert "GOARROW_MEMORY_LIMIT" in p.stderr and "ImportError" in p.stderr


def test_a_failing_malloc_raises_memory_error_instead_of_aborting():
    # The process may map only 1 GiB more than it has now; Go is asked for 8 GB of C memory.
    rc, out, err = child(
        "import resource\n"
        "vm = int([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmSize')][0]) * 1024\n"
        "resource.setrlimit(resource.RLIMIT_AS, (vm + (1 << 30), resource.RLIM_INFINITY))\n"
        "before = goarrow.stats()['c_allocated_bytes']\n"
        "try:\n"
        "    goarrow.fn.generate(1_000_000_000, 1)\n"
        "    print('no error')\n"
        "except MemoryError as e:\n"
        "    print('MemoryError:', e)\n"
        "print(goarrow.stats()['c_allocated_bytes'] - before, goarrow.fn.sum(pa.array([1.5, 2.5])))\n"
    )
    assert rc == 0, f"the child ended with {rc}: {err[-2000:]}"
    first, second = out.strip().splitlines()
    assert first.startswith("MemoryError:") and "malloc of" in first, out
    assert second == "0 4.0", out


# ---- 2. goroutines ----


def test_a_panicking_worker_goroutine_is_a_go_panic_and_the_next_call_works():
    with pytest.raises(goarrow.GoPanic, match="worker 4 of 4 panicked") as e:
        goarrow.fn.debug.worker_panic(4)
    assert "Go stack" in str(e.value) and "WorkerPanic" in str(e.value)
    assert goarrow.fn.sum(pa.array([1, 2, 3])) == 6


def test_a_panicking_stream_producer_ends_the_stream_with_its_panic(no_leaks):
    reader = goarrow.fn.debug.stream_panic(3)
    got = []
    with pytest.raises(OSError, match="producer panicked after 3 batches"):
        for batch in reader:
            got.append(batch.column(0)[0].as_py())
    assert got == [0, 1, 2]
    del reader
    assert goarrow.fn.length(pa.array([1])) == 1


def test_an_uncaught_worker_panic_ends_a_script_with_a_traceback_not_a_crash():
    # In a child: were the panic not recovered by the Group, Go would end the process with a
    # signal-free exit 2 and its own dump; here Python exits 1 with a GoPanic traceback.
    rc, out, err = child("goarrow.fn.debug.worker_panic(1)\n")
    assert rc == 1, (rc, err[-2000:])
    assert "goarrow_testing.GoPanic: worker 1 of 1 panicked" in err  # goarrow.GoPanic's subclass


# ---- 3. inconsistent producers ----

# Each builds an array that pyarrow accepts without checking (from_buffers, safe=False), and
# says what the bridge must say about it: the validation mode that catches it, and words the
# ValueError must contain (the column, the index, the rule broken).
FORGED = {
    "list offsets past the child": (
        "Forged(pa.array([[1, 2], [3, 4, 5, 6, 7, 8, 9, 10]]), [0], 'length', 4)",  # offsets end at 10
        "structural",
        ["10"],
    ),
    "decreasing string offsets": (
        "pa.Array.from_buffers(pa.string(), 3, [None, pa.py_buffer(np.array([0, 5, 2, 6], np.int32)), pa.py_buffer(b'abcdefgh')])",
        "full",
        ["index 2", "monotonically"],
    ),
    "invalid UTF-8": (
        "pa.Array.from_buffers(pa.string(), 2, [None, pa.py_buffer(np.array([0, 1, 3], np.int32)), pa.py_buffer(b'a\\xff\\xfe')])",
        "full",
        ["index 1", "utf8"],
    ),
    "dictionary index past the dictionary": (
        "pa.DictionaryArray.from_arrays(pa.array([0, 1, 7], pa.int32()), pa.array(['a', 'b']), safe=False)",
        "full",
        ["7", "dictionary"],
    ),
    "null count contradicting the bitmap": (
        "Forged(pa.array([1, None, 3]), [], 'null_count', 0)",
        "full",
        ["null"],
    ),
    "run ends that do not increase": (
        "pa.Array.from_buffers(pa.run_end_encoded(pa.int32(), pa.int64()), 5, [None],"
        " children=[pa.array([3, 2, 5], pa.int32()), pa.array([1, 2, 3])])",
        "full",
        ["run end"],
    ),
    "union type id not in the type": (
        "pa.Array.from_buffers(pa.sparse_union([pa.field('i', pa.int64()), pa.field('s', pa.string())]), 2,"
        " [None, pa.py_buffer(np.array([0, 7], np.int8))], children=[pa.array([1, 2]), pa.array(['a', 'b'])])",
        "full",
        ["7"],
    ),
}


@pytest.mark.parametrize("case", sorted(FORGED))
def test_inconsistent_arrays_are_value_errors_naming_column_index_and_rule(case):
    build, mode, words = FORGED[case]
    rc, out, err = child(
        f"arr = {build}\n"
        "class Batch:  # a record batch whose column 'bad' is the forged array\n"
        "    def __arrow_c_array__(self, requested_schema=None):\n"
        "        return pa.record_batch([pa.array(range(len(pa.array(arr_src)))), pa.array(arr_src)], names=['ok', 'bad']).__arrow_c_array__() if not isinstance(arr, Forged) else _forged_batch()\n"
        "arr_src = arr.arr if isinstance(arr, Forged) else arr\n"
        "def _forged_batch():\n"
        "    f = Forged(pa.record_batch([pa.array(range(len(arr_src))), arr_src], names=['ok', 'bad']), [1] + arr.path, arr.field, arr.value)\n"
        "    return f.__arrow_c_array__()\n"
        "batch = Batch() if isinstance(arr, Forged) else pa.record_batch([pa.array(range(len(arr))), arr], names=['ok', 'bad'])\n"
        "def attempt(f):\n"
        "    try:\n"
        "        f()\n"
        "        return 'no error'\n"
        "    except Exception as e:\n"
        "        return f'{type(e).__name__}: {e}'\n"
        "out = {}\n"
        "out['structural'] = attempt(lambda: goarrow.fn.length(arr))\n"
        "out['batch'] = attempt(lambda: goarrow.fn.length(batch)) if '" + mode + "' == 'structural' else None\n"
        "with goarrow.full_validation():\n"
        "    out['full'] = attempt(lambda: goarrow.fn.length(arr))\n"
        "    out['full_batch'] = attempt(lambda: goarrow.fn.length(batch))\n"
        "out['after'] = attempt(lambda: goarrow.fn.length(arr))  # the per-call mode ended with the block\n"
        "goarrow.set_validation('full')\n"
        "out['global'] = attempt(lambda: goarrow.fn.length(arr))\n"
        "print(json.dumps(out))\n"
    )
    assert rc == 0, f"the child ended with {rc}: {err[-3000:]}"
    out = json.loads(out.strip().splitlines()[-1])
    for key in (
        ["structural", "batch", "full", "full_batch", "global"]
        if mode == "structural"
        else ["full", "full_batch", "global"]
    ):
        msg = out[key]
        assert msg.startswith('ValueError: length() argument "x": invalid Arrow data'), (key, msg)
        for w in words:
            assert w in msg, (key, w, msg)
    # The column is named: as a record batch column, or as the struct field a forged batch is.
    where = 'field "bad"' if build.startswith("Forged") else 'column "bad" (index 1)'
    assert where in out["full_batch"], out["full_batch"]
    if mode == "full":
        assert out["structural"] == "no error" and out["after"] == "no error", out

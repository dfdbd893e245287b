"""goarrow as a dependency: the Python runtime starts no Go runtime of its own, the first extension
loaded is the process's default, errors and functions behave as the extension's own, functions
pickle. Several extensions in one process: python/runtimes/test_runtimes.py."""

import os
import pickle
import subprocess
import sys
import multiprocessing as mp

import pyarrow as pa
import pytest

import goarrow
import goarrow_testing
from goarrow import _runtime


def python(code):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_importing_goarrow_starts_no_go_runtime():
    # A Go runtime starts threads (sysmon, GC workers) when its shared object loads; count the
    # process's threads through /proc, which sees native threads Python does not know about.
    out = python(
        "import os, sys, numpy, pyarrow  # their own thread pools start here\n"
        "n = lambda: len(os.listdir('/proc/self/task'))\n"
        "before = n()\n"
        "import goarrow\n"
        "print(before, n(), '_goarrow_go_runtime' in sys.modules,\n"
        "      any(m.endswith('._goarrow') for m in sys.modules))\n"
        "import goarrow_testing\n"
        "print(n(), goarrow_testing.fn.sum(__import__('pyarrow').array([1, 2])))\n"
    )
    first, second = out.splitlines()
    before, after, registered, loaded = first.split()
    assert before == after and registered == "False" and loaded == "False", first
    threads, total = second.split()
    assert int(threads) > int(after), "loading the extension should have started Go's threads"
    assert total == "3"


def test_the_extension_holds_the_runtime_and_goarrow_fn_reaches_it():
    assert _runtime.holder() == "goarrow_testing"
    assert goarrow.fn.sum is goarrow_testing.fn.sum
    assert goarrow_testing.__version__ == "0.1.0"
    assert {f["name"] for f in goarrow.functions()} == {f["name"] for f in goarrow_testing.functions()}
    assert repr(goarrow_testing.fn).startswith("<goarrow_testing.fn: ")


def test_in_strict_mode_a_second_extension_is_refused_before_it_loads():
    out = python(
        "import os, sys, goarrow_testing\n"
        "os.environ['GOARROW_SINGLE_RUNTIME'] = '1'\n"
        "try:\n"
        "    import goarrow_badreg\n"
        "except ImportError as e:\n"
        "    print(e)\n"
        "print('goarrow_badreg._goarrow' in sys.modules)\n"
    )
    assert "next to 'goarrow_testing': each holds a Go runtime, and GOARROW_SINGLE_RUNTIME=1" in out, out
    assert out.split()[-1] == "False"


def test_errors_from_an_extension_are_goarrow_errors():
    with pytest.raises(goarrow.GoError, match="boom"):
        goarrow_testing.fn.debug.fail("boom")
    with pytest.raises(goarrow.GoPanic):
        goarrow_testing.fn.debug.panic("boom")
    # The package's own classes, subclasses of goarrow's.
    with pytest.raises(goarrow_testing.GoPanic) as e:
        goarrow_testing.fn.debug.panic("boom")
    assert issubclass(goarrow_testing.GoPanic, goarrow_testing.GoError)
    assert type(e.value).__module__ == "goarrow_testing"
    assert pickle.loads(pickle.dumps(e.value)).args == e.value.args


def test_an_extension_of_another_goarrow_abi_is_refused():
    class Fake:
        ABI_VERSION = _runtime.ABI_VERSION + 1

    with pytest.raises(ImportError, match="rebuild 'mine' against this goarrow release"):
        _runtime._check("mine", Fake)


def test_functions_pickle_by_reference():
    f = goarrow_testing.fn.sum
    assert pickle.loads(pickle.dumps(f)) is f
    g = goarrow_testing.fn.debug.sleep
    assert pickle.loads(pickle.dumps(g)) is g
    assert b"goarrow_testing" in pickle.dumps(f) and b"fn.sum" in pickle.dumps(f)


def test_functions_map_over_a_spawn_pool():
    arrays = [pa.array([1.0, 2.0]), pa.array(list(range(100)))]
    with mp.get_context("spawn").Pool(2) as pool:
        assert pool.map(goarrow_testing.fn.sum, arrays) == [3.0, 4950]


def test_a_fork_before_any_extension_loaded_leaves_the_child_free_to_load_one():
    # The Spark daemon case: the parent imported goarrow but never loaded Go; a forked worker
    # then loads the extension itself and works.
    out = python(
        "import os, goarrow\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    import pyarrow as pa, goarrow_testing\n"
        "    ok = goarrow_testing.fn.sum(pa.array([1.5, 2.5])) == 4.0\n"
        "    os._exit(0 if ok else 3)\n"
        "print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))\n"
    )
    assert out.strip() == "0"


def test_an_extension_with_wrong_registrations_is_an_import_error_naming_them():
    # In init, a panic would end the Python process; instead the registrations are reported.
    out = python("try:\n    import goarrow_badreg\nexcept ImportError as e:\n    print(e)\n")
    assert "goarrow_badreg: Go functions registered wrongly" in out
    assert "swapped takes 2 parameters but Params names 1" in out
    assert "channel: parameter c" in out


def test_the_extension_was_built_with_the_pinned_go_release():
    with open(
        os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "go", "go.mod")
    ) as f:
        pinned = [line.split()[1] for line in f if line.startswith("toolchain ")][0]
    built = goarrow.stats()["go_version"]
    print("extension built with", built, "pinned", pinned)
    assert built == pinned

"""Several goarrow extensions, each with its own Go runtime, in one process (docs/guarantees.md).

Three extensions: goarrow's own (`goarrow`, the built-in functions), goarrow_testing and
goarrow_testing2 (the same test functions, debug.*, built and linked into shared objects of
their own). Every case runs in a child process, so that a crash or a hang is this test's failure
(a timeout), not the end of the suite.
"""

import glob
import importlib.util
import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest

T1, T2, BUILTIN = "goarrow_testing", "goarrow_testing2", "goarrow"
# The 8-thread run's length: 15 s by default; the minute with RUNTIMES_STRESS_SECONDS=60.
STRESS_SECONDS = float(os.environ.get("RUNTIMES_STRESS_SECONDS", "15"))
# The longest GC allowed while a goroutine spins without calls (loose: the machine may be loaded).
MAX_GC_SECONDS = float(os.environ.get("RUNTIMES_MAX_GC_SECONDS", "2"))


def env_with(**extra):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    env.pop("GOARROW_SINGLE_RUNTIME", None)
    env.update(extra)
    return env


def run(code, timeout=120, **extra):
    """Runs code in a child Python; returns its stdout. A crash, a non-zero exit or a hang fails."""
    try:
        p = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            env=env_with(**extra),
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"the child process hung (killed after {timeout} s):\n{e.stdout}\n{e.stderr}") from None
    assert p.returncode == 0, f"exit {p.returncode}\n--- stdout\n{p.stdout}\n--- stderr\n{p.stderr[-6000:]}"
    return p.stdout


ORDERS = [(T1, T2), (T2, T1), (BUILTIN, T1), (T1, BUILTIN)]

# go.mod's toolchain line: the release Bazel builds every extension with (go/go.mod is two
# folders up, in Bazel's runfiles as in the checkout).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "go", "go.mod")) as f:
    PINNED_GO = re.search(r"^toolchain (go\S+)", f.read(), re.M).group(1)


@pytest.mark.parametrize("package", [BUILTIN, T1, T2])
def test_each_shared_object_exports_its_module_init_only(package):
    # Not imported: the file next to the package's __init__.py (_goarrow.so from Bazel,
    # _goarrow.abi3.so from a wheel).
    spec = importlib.util.find_spec(package)
    (so,) = glob.glob(os.path.join(os.path.dirname(spec.origin), "_goarrow*.so"))
    out = subprocess.run(
        ["nm", "-D", "--extern-only", "--defined-only", so], capture_output=True, text=True, check=True
    ).stdout
    symbols = [line.split()[-1] for line in out.splitlines() if line.strip()]
    assert symbols == ["PyInit__goarrow"], f"{so} exports {len(symbols)} symbols: {symbols[:20]}"


@pytest.mark.parametrize("first,second", ORDERS)
def test_two_extensions_load_in_either_order_and_keep_their_own_state(first, second):
    # goarrow.extension(package) loads a package's extension (goarrow's built-ins have no package
    # of their own to import) and gives its fn, call, functions, stats, exceptions.
    out = run(f"""
        import sys, pyarrow as pa, goarrow, importlib
        A = goarrow.extension({first!r})
        B = goarrow.extension({second!r})
        assert list(goarrow.extensions()) == [{first!r}, {second!r}], goarrow.extensions()
        assert goarrow.extensions()[{first!r}] is A and goarrow.extensions()[{second!r}] is B
        for p in ({first!r}, {second!r}):
            if p != "goarrow":
                assert sys.modules[p].fn is goarrow.extensions()[p].fn
        # goarrow.fn, call, functions, stats: the first loaded (the default).
        assert goarrow.fn.sum is A.fn.sum and goarrow.call("sum", pa.array([1, 2])) == 3
        assert goarrow.functions() == A.functions() and goarrow.stats()["calls_total"] == A.stats()["calls_total"]
        assert A.fn.sum is not B.fn.sum
        # Each runtime numbers the types it exports from 1: a type id of one is not the other's.
        for i in range(3):
            s = A.fn.echo(pa.array(["x", None, "zz"]))
            n = B.fn.echo(pa.array([1, 2, 3], pa.int64()))
            t = A.fn.echo(pa.array([1.5], pa.float32()))
            assert s.type == pa.string() and s.to_pylist() == ["x", None, "zz"], s
            assert n.type == pa.int64() and n.to_pylist() == [1, 2, 3], n
            assert t.type == pa.float32(), t
        rb = pa.record_batch({{"a": [1], "b": ["q"]}})
        for i in range(3):
            assert A.fn.echo(rb).equals(rb) and B.fn.echo(rb).equals(rb)
        # Two runtimes: each counts its own calls.
        a0, b0 = A.stats()["calls_total"], B.stats()["calls_total"]
        A.fn.sum(pa.array([1.0]))
        assert A.stats()["calls_total"] == a0 + 1 and B.stats()["calls_total"] == b0
        print(A.stats()["go_version"], B.stats()["go_version"],
              sys.modules[{first!r} + "._goarrow"].SIGURG_CHAINED, sys.modules[{second!r} + "._goarrow"].SIGURG_CHAINED)
    """)
    print(out)
    assert out.split()[2:] == ["1", "1"]


def test_the_go_releases_of_the_extensions():
    # Under Bazel all three are built with go.mod's pinned release. python/runtimes/two_go_releases.sh
    # runs this file with goarrow_testing2 built by the pip backend with an older Go, named in
    # RUNTIMES_SECOND_GO.
    second = os.environ.get("RUNTIMES_SECOND_GO", PINNED_GO)
    out = run(f"""
        import goarrow
        for p in ({T1!r}, {T2!r}, {BUILTIN!r}):
            print(p, goarrow.extension(p).stats()["go_version"])
    """)
    print(out)
    versions = dict(line.split() for line in out.splitlines())
    assert versions == {T1: PINNED_GO, T2: second, BUILTIN: PINNED_GO}


def test_goarrow_fn_used_first_makes_the_builtins_the_default_and_others_still_load():
    run(f"""
        import pickle, pytest, pyarrow as pa, goarrow
        # goarrow's built-ins raise goarrow's own classes (which pickle by their names).
        builtins = goarrow.extension("goarrow")
        assert builtins.GoError is goarrow.GoError and builtins.GoPanic is goarrow.GoPanic
        assert type(pickle.loads(pickle.dumps(builtins.GoPanic("x")))) is goarrow.GoPanic
        assert goarrow.fn.sum(pa.array([1, 2])) == 3  # loads goarrow's built-ins
        import {T1}
        assert list(goarrow.extensions()) == ["goarrow", {T1!r}]
        assert goarrow.fn.sum is goarrow.extensions()["goarrow"].fn.sum
        assert {T1}.fn.debug.sleep(0.01) is True
        assert not hasattr(goarrow.fn, "debug")  # the built-ins have no debug.*
    """)


@pytest.mark.parametrize("attempt", range(3))
def test_threads_loading_extensions_at_once_neither_deadlock_nor_load_twice(attempt):
    # One thread imports a package while another asks goarrow.extension for it, and two more
    # load the other extension and goarrow's built-ins: one Extension each, no hang.
    run(
        f"""
        import threading, importlib, goarrow
        barrier = threading.Barrier(4)
        got = {{}}
        def go(key, f):
            barrier.wait()
            got[key] = f()
        jobs = [("import", lambda: importlib.import_module({T1!r}).fn),
                ("extension", lambda: goarrow.extension({T1!r}).fn),
                ("other", lambda: goarrow.extension({T2!r}).fn),
                ("builtins", lambda: goarrow.extension("goarrow").fn)]
        threads = [threading.Thread(target=go, args=job) for job in jobs]
        for t in threads: t.start()
        for t in threads: t.join()
        assert got["import"] is got["extension"], got
        assert sorted(goarrow.extensions()) == sorted(["goarrow", {T1!r}, {T2!r}])
        import sys
        assert sys.modules["_goarrow_go_runtime"].packages.count({T1!r}) == 1
        print(got["import"].sum(__import__("pyarrow").array([1, 2])))
    """,
        timeout=60,
    )


@pytest.mark.parametrize("first,second", [(T1, T2), (T2, T1)])
def test_an_array_of_one_runtime_goes_through_the_other_and_back_without_a_copy(first, second):
    run(f"""
        import gc, pyarrow as pa, importlib
        A = importlib.import_module({first!r})
        B = importlib.import_module({second!r})
        gc.collect()
        a0, b0, pa0 = A.stats()["c_allocated_bytes"], B.stats()["c_allocated_bytes"], pa.total_allocated_bytes()
        a = A.fn.generate(100_000, 7)  # A's Go made it, in C memory A counts
        made = A.stats()["c_allocated_bytes"] - a0
        assert made >= 800_000, made
        addr = [b.address for b in a.buffers() if b is not None]
        # B's Go reads A's buffers in place...
        seen = B.fn.addresses(a).to_pylist()
        assert [x for x in seen if x] == addr, (seen, addr)
        # ... and hands them back: the same buffers, nothing copied by B.
        back = B.fn.echo(a)
        assert [b.address for b in back.buffers() if b is not None] == addr
        back2 = A.fn.echo(back)  # and through A again
        assert [b.address for b in back2.buffers() if b is not None] == addr
        assert B.stats()["c_allocated_bytes"] == b0
        assert back2.equals(a)
        # B keeps the array after Python drops it: A's memory stays; B lets go: A's release
        # callback runs (from B's side) and A's allocator is back where it was.
        B.fn.debug.keep("held", a)
        del a, back, back2
        gc.collect()
        assert A.stats()["c_allocated_bytes"] - a0 == made, "released while B held it"
        B.fn.debug.keep("held", None)
        gc.collect()
        assert A.stats()["c_allocated_bytes"] == a0, A.stats()
        assert B.stats()["c_allocated_bytes"] == b0, B.stats()
        assert pa.total_allocated_bytes() == pa0
        # And the other way: pyarrow's memory through both runtimes, kept by A, released by A.
        p = pa.array(range(50_000), pa.int64())
        A.fn.debug.keep("p", B.fn.echo(p))
        del p
        gc.collect()
        A.fn.debug.keep("p", None)
        gc.collect()
        assert pa.total_allocated_bytes() == pa0 and A.stats()["c_allocated_bytes"] == a0 and B.stats()["c_allocated_bytes"] == b0
        print("ok")
    """)


def test_eight_threads_call_both_runtimes_with_a_low_gogc():
    # Each thread calls both runtimes, passes each one's arrays to the other and drops them on
    # either side; GOGC=5 makes both runtimes collect all the time.
    out = run(
        f"""
        import gc, threading, time, pyarrow as pa
        import {T1} as A, {T2} as B
        gc.collect()
        a0, b0, pa0 = A.stats()["c_allocated_bytes"], B.stats()["c_allocated_bytes"], pa.total_allocated_bytes()
        deadline = time.monotonic() + {STRESS_SECONDS}
        errors, counts = [], [0] * 8
        def work(i):
            X, Y = (A, B) if i % 2 else (B, A)
            s = pa.array(["a", None, "ccc"] * 100)
            try:
                while time.monotonic() < deadline:
                    g = X.fn.generate(1000 + i, i)
                    assert Y.fn.sum(g) == X.fn.sum(g)
                    assert Y.fn.echo(g).buffers()[1].address == g.buffers()[1].address
                    assert X.fn.echo(s).equals(s) and Y.fn.echo(s).equals(s)
                    Y.fn.debug.keep(f"k{{i}}", X.fn.echo(g))
                    assert Y.fn.length(Y.fn.generate_stream(2, 100, i)) == 200
                    counts[i] += 1
                Y.fn.debug.keep(f"k{{i}}", None)
            except BaseException as e:
                errors.append(repr(e))
        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        assert not errors, errors
        gc.collect()
        assert A.stats()["c_allocated_bytes"] == a0 and B.stats()["c_allocated_bytes"] == b0, (A.stats(), B.stats())
        assert pa.total_allocated_bytes() == pa0
        assert A.stats()["calls_live"] == 0 and B.stats()["calls_live"] == 0
        print(sum(counts), min(counts), len(__import__("os").listdir("/proc/self/task")))
    """,
        timeout=STRESS_SECONDS + 180,
        GOGC="5",
    )
    rounds, least, threads = map(int, out.split())
    print(f"{rounds} rounds in {STRESS_SECONDS} s, every thread at least {least}; {threads} threads")
    assert least > 0


@pytest.mark.parametrize("first,second", [(T1, T2), (T2, T1)])
def test_a_goroutine_in_a_tight_loop_is_preempted_in_each_runtime_while_the_other_collects(first, second):
    # debug.spin_gc: a goroutine spins in a loop without calls while its runtime runs a GC, which
    # only an asynchronous preemption (SIGURG) can finish. The first runtime's SIGURG arrives at
    # the second's handler first (the last installed): if it were dropped, the call would hang.
    out = run(
        f"""
        import threading, importlib
        A = importlib.import_module({first!r})
        B = importlib.import_module({second!r})
        stop = threading.Event()
        def collect(X):
            while not stop.is_set():
                X.fn.debug.gc()
        gcs = [threading.Thread(target=collect, args=(X,)) for X in (B, A)]
        for t in gcs: t.start()
        worst = {{}}
        for X in (A, B, A, B):
            worst[X.__name__] = max(worst.get(X.__name__, 0), max(X.fn.debug.spin_gc() for _ in range(25)))
        stop.set()
        for t in gcs: t.join()
        print(worst[A.__name__], worst[B.__name__])
    """,
        timeout=90,
        GOMAXPROCS="2",
    )
    print("longest GC with a spinning goroutine (s), first loaded then second:", out)
    worst = [float(x) for x in out.split()]
    # A GC here takes milliseconds once the spinning goroutine is preempted; seconds would mean
    # the preemption got through only on one of the runtime's retries, not through the chain.
    assert max(worst) < MAX_GC_SECONDS, f"a GC with a spinning goroutine took {max(worst)} s (bound {MAX_GC_SECONDS} s)"


@pytest.mark.parametrize("first,second", [(T1, T2), (T2, T1)])
def test_panics_in_each_runtime_are_go_errors_of_their_package(first, second):
    run(f"""
        import importlib, goarrow, pytest
        A = importlib.import_module({first!r})
        B = importlib.import_module({second!r})
        for X, other in ((A, B), (B, A)):
            for f in (lambda: X.fn.debug.panic("boom"), X.fn.debug.nil_deref, lambda: X.fn.debug.worker_panic(2)):
                with pytest.raises(X.GoPanic) as e:
                    f()
                assert isinstance(e.value, goarrow.GoPanic) and isinstance(e.value, goarrow.GoError)
                assert not isinstance(e.value, other.GoError)
            with pytest.raises(X.GoPanic, match="nil pointer dereference"):  # a SIGSEGV in Go
                X.fn.debug.nil_deref()
            with pytest.raises(X.GoError, match="oops") as e:
                X.fn.debug.fail("oops")
            assert type(e.value) is X.GoError and type(e.value).__module__ == X.__name__
            assert X.fn.sum(__import__("pyarrow").array([1, 2])) == 3  # still works
        import pickle
        e = pickle.loads(pickle.dumps(A.GoPanic("x")))
        assert type(e) is A.GoPanic
        print("ok")
    """)


INTERRUPT = r"""
import signal, sys, time, importlib
signal.signal(signal.SIGINT, signal.default_int_handler)  # whatever this process inherited
A = importlib.import_module(sys.argv[1])
B = importlib.import_module(sys.argv[2])
X = A if sys.argv[3] == "first" else B
assert A.fn.debug.sleep(0.01) and B.fn.debug.sleep(0.01)  # both have had a call (and a SIGINT handler)
print("ready", flush=True)
t0 = time.monotonic()
try:
    X.fn.debug.sleep(60)
    print("finished", flush=True)
except KeyboardInterrupt:
    print(f"interrupted {time.monotonic() - t0:.2f}", flush=True)
    assert A.fn.debug.sleep(0.01) and B.fn.debug.sleep(0.01)
    assert A.stats()["calls_live"] == 0 and B.stats()["calls_live"] == 0
    print("ok", flush=True)
"""


@pytest.mark.parametrize("which", ["first", "second"])
@pytest.mark.parametrize("first,second", [(T1, T2), (T2, T1)])
def test_ctrl_c_during_a_call_into_each_runtime_raises_keyboard_interrupt(first, second, which):
    p = subprocess.Popen(
        [sys.executable, "-c", INTERRUPT, first, second, which],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_with(),
    )
    assert p.stdout.readline().strip() == "ready", p.communicate(timeout=30)
    time.sleep(1.0)  # the call is in Go
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        raise AssertionError("SIGINT did not stop the Go call")
    lines = out.split("\n")
    assert p.returncode == 0 and lines[0].startswith("interrupted") and lines[1] == "ok", (out, err)
    assert float(lines[0].split()[1]) < 5


def test_each_runtime_has_its_own_memory_cap():
    run(
        f"""
        import gc, pytest, goarrow
        import {T1} as A, {T2} as B
        assert A.set_memory_limit(1 << 20) is None
        with pytest.raises(MemoryError, match="limit of 1048576"):
            A.fn.generate(1_000_000, 1)
        assert len(B.fn.generate(1_000_000, 1)) == 1_000_000  # B has no cap
        assert B.set_memory_limit(1 << 20) is None and A.set_memory_limit(None) == 1 << 20
        with pytest.raises(MemoryError):
            B.fn.generate(1_000_000, 1)
        assert len(A.fn.generate(1_000_000, 1)) == 1_000_000
        assert goarrow.set_memory_limit(None) is None  # the default is A
        assert B.set_memory_limit(None) == 1 << 20
        print("ok")
    """,
        GOARROW_MEMORY_LIMIT="",
    )


def test_the_memory_limit_from_the_environment_caps_each_runtime():
    out = run(
        f"""
        import {T1} as A, {T2} as B
        print(A.set_memory_limit(None), B.set_memory_limit(None))
    """,
        GOARROW_MEMORY_LIMIT="64MiB",
    )
    assert out.split() == [str(64 << 20)] * 2


def test_validation_mode_applies_to_every_runtime():
    run(f"""
        import goarrow, {T1} as A, {T2} as B
        assert goarrow.set_validation("full") == "structural"
        assert A._ext._set_validation(True) and B._ext._set_validation(True)
        import goarrow_testing  # noqa
        assert goarrow.set_validation("structural") == "full"
        assert not B._ext._set_validation(False)
        print("ok")
    """)


def test_rtld_global_refuses_the_second_runtime_and_names_the_cause():
    out = run(f"""
        import os, sys
        import {T1} as A  # RTLD_LOCAL: loads
        sys.setdlopenflags(sys.getdlopenflags() | os.RTLD_GLOBAL)
        try:
            import {T2}
        except ImportError as e:
            print(e)
        assert A.fn.sum(__import__("pyarrow").array([1, 2])) == 3  # the first still works
    """)
    assert "RTLD_GLOBAL" in out and "'goarrow_testing2' would be opened" in out, out
    out = run(f"""
        import os, sys
        flags = sys.getdlopenflags()
        sys.setdlopenflags(flags | os.RTLD_GLOBAL)
        import {T1}  # alone, with RTLD_GLOBAL: loads, as before
        sys.setdlopenflags(flags)
        try:
            import {T2}
        except ImportError as e:
            print(e)
    """)
    assert "RTLD_GLOBAL" in out and "'goarrow_testing' was opened" in out, out


def test_strict_mode_keeps_one_runtime_per_process():
    out = run(
        f"""
        import {T1}
        try:
            import {T2}
        except ImportError as e:
            print(e)
        print({T1}.fn.sum(__import__("pyarrow").array([1, 2])))
    """,
        GOARROW_SINGLE_RUNTIME="1",
    )
    assert "GOARROW_SINGLE_RUNTIME=1 allows one Go runtime per process" in out and out.split()[-1] == "3", out


def test_a_fork_after_loading_both_gives_the_clear_runtime_error_in_each():
    out = run(f"""
        import os, pyarrow as pa, goarrow
        import {T1} as A, {T2} as B
        A.fn.sum(pa.array([1])); B.fn.sum(pa.array([1]))
        pid = os.fork()
        if pid == 0:
            failures = 0
            for f in (lambda: A.fn.sum(pa.array([1])), lambda: B.fn.sum(pa.array([1])), B.stats,
                      lambda: goarrow.fn.sum(pa.array([1])), lambda: A.call("sum", pa.array([1]))):
                try:
                    f()
                    failures += 1
                except RuntimeError as e:
                    failures += "forked after a Go extension was loaded" not in str(e)
            try:
                import goarrow_testing2
                import importlib; goarrow.extension("goarrow")  # a third runtime: refused too
                failures += 1
            except RuntimeError as e:
                failures += "forked" not in str(e)
            os._exit(failures)
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
    """)
    assert out.strip() == "0", out


def test_inside_a_go_program_hosting_python_no_extension_loads():
    # go/pyhost's host.py claims the process this way before any goarrow import.
    out = run(f"""
        import sys, types
        sys.modules.setdefault("_goarrow_go_runtime", types.ModuleType("_goarrow_go_runtime")).package = "the Go program hosting Python (go/pyhost)"
        try:
            import {T1}
        except ImportError as e:
            print(e)
        print("{T1}._goarrow" in sys.modules)
    """)
    assert "the Go program hosting Python (go/pyhost) holds this process" in out and out.split()[-1] == "False", out

"""The type stubs of installed goarrow-built packages, checked by mypy as a user runs it: goarrow's
wheel and goarrow_testing's (a go_arrow_extension package), pip-installed into a new venv. Its own
target (large): two pip installs and a cold mypy run take minutes on a loaded machine."""

import os
import zipfile

from venvs import RUNFILES, find, new_venv, run


def the_wheel():
    return find("goarrow-*.whl")


USER_OK = """
import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no stubs: its types are Any
import goarrow
import goarrow_testing

a = pa.array([1.5, 2.0])
slept: bool = goarrow_testing.fn.debug.sleep(0.0)
goarrow_testing.fn.debug.sleep(seconds=0.0)
plus = goarrow_testing.fn.debug.add(a, 1.5)
n: int = goarrow.fn.length(a)
print("ran", slept, n, plus.to_pylist())
"""
USER_WRONG = [  # (a call, what mypy says about it)
    ('goarrow_testing.fn.debug.add(a, "1.5")', 'incompatible type "str"; expected "float"'),
    ("goarrow_testing.fn.debug.sleep(secs=1.0)", 'Unexpected keyword argument "secs"'),
    ("goarrow_testing.fn.debug.no_such(a)", 'has no attribute "no_such"'),
    ('goarrow.fn.generate(10, "seed")', 'incompatible type "str"; expected "int"'),
]


def test_the_stubs_of_installed_packages_check_calls(tmp_path):
    """goarrow's wheel and a package built by go_arrow_extension (goarrow_testing) installed by
    pip: mypy, run as a user would, passes a correct file (which also runs) and reports each wrong
    call, from the stubs (__init__.pyi, py.typed) the builds wrote from the functions' descriptions."""
    python, _ = new_venv(tmp_path / "venv", tmp_path)
    testing = find("goarrow_testing-*.whl")
    with zipfile.ZipFile(testing) as z:
        assert {"goarrow_testing/__init__.pyi", "goarrow_testing/py.typed"} <= set(z.namelist())
    run(
        [
            python,
            "-I",
            "-m",
            "pip",
            "install",
            "--no-index",
            "--no-deps",
            "--disable-pip-version-check",
            the_wheel(),
            testing,
        ],
        tmp_path,
    )
    (tmp_path / "ok.py").write_text(USER_OK)
    assert run([python, "-I", "ok.py"], tmp_path).stdout.split() == ["ran", "True", "2", "[3.0,", "3.5]"]
    head = USER_OK.split("\n\n")[0] + "\na = pa.array([1.5])\n"
    (tmp_path / "wrong.py").write_text(head + "".join(call + "\n" for call, _ in USER_WRONG))
    # Both files in one run: one cold start of mypy, not two.
    out = run(
        [
            python,
            "-I",
            "-m",
            "mypy",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--no-error-summary",
            "ok.py",
            "wrong.py",
        ],
        tmp_path,
        check=False,
    )
    print(out.stdout)
    assert out.returncode == 1 and "ok.py" not in out.stdout, out.stdout + out.stderr
    first = head.count("\n") + 1
    for i, (call, message) in enumerate(USER_WRONG):
        assert any(
            line.startswith(f"wrong.py:{first + i}: error:") and message in line for line in out.stdout.splitlines()
        ), (call, out.stdout)


def test_the_source_stub_holds_what_the_build_writes():
    """python/goarrow/__init__.pyi (what the source tree and the sdist give) holds the block of
    the built-in functions that the build wrote into the wheel."""
    with zipfile.ZipFile(the_wheel()) as z:
        built = z.read("goarrow/__init__.pyi").decode()
    with open(os.path.join(RUNFILES, "goarrow", "__init__.pyi")) as f:
        assert f.read() == built, (
            "the built-in functions changed: after `tools/bazel build //python:stubs`, "
            "cp bazel-bin/python/stubs/goarrow/__init__.pyi python/goarrow/__init__.pyi"
        )

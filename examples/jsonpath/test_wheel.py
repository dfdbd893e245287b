"""The example's wheel, installed by pip next to goarrow's wheel in a new venv, as a user would.

pyarrow and numpy come from the toolchain's venv through a .pth file (the test has no network);
goarrow and jsonpath_go come only from the two wheels.
"""

import glob
import os
import subprocess
import sys
import sysconfig
import zipfile


def wheel(pattern):
    # Bazel 4 lays out an external repository's files twice in runfiles (the legacy
    # external/ path too): the same wheel, by name.
    found = {
        os.path.basename(p): p
        for p in glob.glob(os.path.join(os.environ["RUNFILES_DIR"], "**", pattern), recursive=True)
    }
    assert len(found) == 1, found
    return found.popitem()[1]


def run(cmd, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, f"{cmd}\n{out.stdout}\n{out.stderr}"
    return out.stdout


def test_the_wheel_holds_only_the_extension_and_requires_goarrow():
    with zipfile.ZipFile(wheel("jsonpath_go-*.whl")) as z:
        files = {n for n in z.namelist() if ".dist-info/" not in n}
        metadata = z.read("jsonpath_go-1.0.0.dist-info/METADATA").decode()
    # One shared object for every CPython >= 3.11, and the stubs the build wrote from its functions.
    assert files == {
        "jsonpath_go/__init__.py",
        "jsonpath_go/__init__.pyi",
        "jsonpath_go/py.typed",
        "jsonpath_go/_goarrow.abi3.so",
    }
    assert "Requires-Dist: goarrow>=" in metadata


def test_installed_next_to_goarrow_it_works(tmp_path):
    venv = tmp_path / "venv"
    run([sys._base_executable, "-m", "venv", str(venv)], tmp_path)
    python = str(venv / "bin" / "python")
    site = run([python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path).strip()
    with open(os.path.join(site, "toolchain_deps.pth"), "w") as f:
        f.write(sysconfig.get_paths()["purelib"] + "\n")
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
            wheel("goarrow-*.whl"),
            wheel("jsonpath_go-*.whl"),
        ],
        tmp_path,
    )
    code = (
        "import pyarrow as pa, goarrow, jsonpath_go\n"
        "print(jsonpath_go.fn.json_get(pa.array(['{\"a\": \"x\"}', None]), 'a').to_pylist())\n"
        "try:\n    jsonpath_go.fn.json_get(pa.array(['{}']), '')\n"
        "except ValueError as e:\n    print('ValueError', e)\n"
    )
    out = run([python, "-I", "-c", code], tmp_path).splitlines()
    assert out[0] == "['x', None]"
    assert out[1].startswith("ValueError json_get(): row 0: path is empty")

"""What the install tests share: a new venv that also sees the toolchain venv's packages
(pyarrow, numpy: the tests have no network), commands run without the test's PYTHON* variables,
and the artifacts in the runfiles."""

import glob
import os
import subprocess
import sys
import sysconfig

import pytest

RUNFILES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # .../python

# The extension's name in a wheel: one abi3 file for every CPython >= 3.11; free-threaded CPython
# (no limited API before 3.15) gets its own, named for the interpreter.
FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
EXT = "_goarrow" + (sysconfig.get_config_var("EXT_SUFFIX") if FREE_THREADED else ".abi3.so")


def find(pattern):
    """The one artifact named like pattern anywhere in the runfiles."""
    found = {os.path.basename(p): p for p in glob.glob(os.path.join(RUNFILES, "**", pattern), recursive=True)}
    assert len(found) == 1, found
    return found.popitem()[1]


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(extra)
    return env


def run(cmd, cwd, env=None, check=True, timeout=900):
    out = subprocess.run(cmd, cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=timeout)
    if check and out.returncode != 0:
        pytest.fail(f"{cmd} exited {out.returncode}\nstdout:\n{out.stdout[-3000:]}\nstderr:\n{out.stderr[-3000:]}")
    return out


def new_venv(root, cwd):
    """A venv at root from the toolchain's base interpreter; returns (python, site-packages)."""
    run([sys._base_executable, "-m", "venv", str(root)], cwd)
    python = os.path.join(str(root), "bin", "python")
    site = run([python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd).stdout.strip()
    with open(os.path.join(site, "toolchain_deps.pth"), "w") as f:
        f.write(sysconfig.get_paths()["purelib"] + "\n")
    return python, site

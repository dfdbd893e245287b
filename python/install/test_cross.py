"""Cross-built wheels (docs/wheels.md#platforms): the pip backend's one-line errors for a target it
cannot build, and the aarch64 wheels themselves: an ELF aarch64 shared object, tagged
cp311-abi3-manylinux_2_X_aarch64 with X the newest GLIBC version it needs, which auditwheel's
aarch64 policy accepts.

Run by .ci/steps/60-twin.sh with the toolchain venv's python (pytest, auditwheel), with
GOARROW_CROSS_WHEELS naming the wheels built there (Bazel's and the pip backend's); without it,
the wheel test builds the user's project of install/testdata for linux-aarch64 itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)  # holds the goarrow package (the backend under test)
PROJECT = os.path.join(HERE, "testdata", "frontend_project")


def backend(hook: str, cwd: str, out: str, **env: str) -> subprocess.CompletedProcess:
    """goarrow.build.<hook>(out) in cwd, as a frontend calls it."""
    code = f"import goarrow.build as b; print(b.{hook}({out!r}))"
    full = dict(os.environ, PYTHONPATH=PYTHON_DIR, **env)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=full, capture_output=True, text=True)


def our_lines(p: subprocess.CompletedProcess) -> list[str]:
    text = p.stdout + p.stderr
    assert p.returncode != 0, text
    assert "Traceback" not in text, text
    return [line for line in text.splitlines() if line.startswith("goarrow build:")]


def test_an_unknown_target_names_the_supported_ones(tmp_path):
    p = backend("build_wheel", PROJECT, str(tmp_path), GOARROW_TARGET="linux-mips")
    assert our_lines(p) == [
        "goarrow build: unknown target 'linux-mips': the supported targets are linux-aarch64, linux-x86_64"
    ]


def test_a_missing_cross_compiler_names_the_debian_package(tmp_path):
    p = backend(
        "build_wheel", PROJECT, str(tmp_path), GOARROW_TARGET="linux-aarch64", GOARROW_TARGET_CC="no-such-aarch64-gcc"
    )
    if os.uname().machine == "aarch64":
        pytest.skip("linux-aarch64 is this machine: a native build, no cross compiler")
    assert our_lines(p) == [
        "goarrow build: target linux-aarch64 needs the C cross compiler no-such-aarch64-gcc: install Debian's "
        "gcc-aarch64-linux-gnu (apt-get install gcc-aarch64-linux-gnu) or set GOARROW_TARGET_CC"
    ]


def test_missing_target_c_headers_name_the_debian_package(tmp_path):
    """A cross compiler without the target's C library headers (sid installs them only as a
    recommendation): here a compiler that finds no system headers at all."""
    cc = tmp_path / "headerless-gcc"
    cc.write_text('#!/bin/sh\nexec gcc -nostdinc "$@"\n')
    cc.chmod(0o755)
    p = backend("build_wheel", PROJECT, str(tmp_path), GOARROW_TARGET="linux-aarch64", GOARROW_TARGET_CC=str(cc))
    if os.uname().machine == "aarch64":
        pytest.skip("linux-aarch64 is this machine")
    assert our_lines(p) == [
        f"goarrow build: target linux-aarch64: {cc} finds no C library headers (unistd.h): install Debian's "
        "libc6-dev-arm64-cross (apt-get install libc6-dev-arm64-cross)"
    ]


def test_an_editable_install_refuses_a_target(tmp_path):
    p = backend("build_editable", PROJECT, str(tmp_path), GOARROW_TARGET="linux-aarch64")
    if os.uname().machine == "aarch64":
        pytest.skip("linux-aarch64 is this machine")
    assert our_lines(p) == [
        "goarrow build: an editable install is built for this machine; "
        "a target (-C target=..., GOARROW_TARGET) is for `pip wheel`"
    ]


def cross_wheels(tmp_path_factory) -> list[str]:
    given = os.environ.get("GOARROW_CROSS_WHEELS", "").split()
    if given:
        return given
    out = tmp_path_factory.mktemp("wheels")
    p = backend("build_wheel", PROJECT, str(out), GOARROW_TARGET="linux-aarch64")
    assert p.returncode == 0, p.stdout + p.stderr
    return [str(out / p.stdout.strip().splitlines()[-1])]


def readelf(*args: str) -> str:
    tool = shutil.which("aarch64-linux-gnu-readelf") or shutil.which("readelf")
    assert tool, "no readelf (binutils)"
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def test_the_cross_built_wheels_are_aarch64_and_tagged_so(tmp_path, tmp_path_factory):
    wheels = cross_wheels(tmp_path_factory)
    for i, wheel in enumerate(wheels):
        name = os.path.basename(wheel)
        tag = name[: -len(".whl")].split("-", 2)[2]
        m = re.fullmatch(r"cp311-abi3-manylinux_2_(\d+)_aarch64", tag)
        assert m, name
        with zipfile.ZipFile(wheel) as z:
            (so,) = [n for n in z.namelist() if n.endswith("/_goarrow.abi3.so")]
            path = z.extract(so, tmp_path / str(i))
        header = readelf("-h", path)
        assert re.search(r"Machine:\s+AArch64", header), header
        assert re.search(r"Class:\s+ELF64", header), header
        glibc = {tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_(\d+\.\d+)", readelf("-V", path))}
        assert max(glibc) == (2, int(m.group(1))), (name, sorted(glibc))
        auditwheel = shutil.which("auditwheel", path=os.path.dirname(sys.executable)) or shutil.which("auditwheel")
        if auditwheel:
            show = subprocess.run([auditwheel, "show", wheel], capture_output=True, text=True, check=True).stdout
            assert f'"manylinux_2_{m.group(1)}_aarch64"' in " ".join(show.split()), show

"""The same package built without Bazel: `pip wheel --no-build-isolation` of this directory with
goarrow's build backend, in a new venv that has goarrow's wheel installed; the wheel it makes is
compared with Bazel's (same files, same tag), installed, and this example's own test suite runs
against the installed package. Offline: Go modules come from the workspace's module cache."""

import glob
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def wheel(pattern):
    found = {
        os.path.basename(p): p
        for p in glob.glob(os.path.join(os.environ["RUNFILES_DIR"], "**", pattern), recursive=True)
    }
    assert len(found) == 1, found
    return found.popitem()[1]


def run(cmd, cwd, env=None):
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, f"{cmd}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pip")
    venv = tmp / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    run([sys._base_executable, "-m", "venv", str(venv)], tmp, env)
    python = str(venv / "bin" / "python")
    site = run(
        [python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp, env
    ).stdout.strip()
    with open(os.path.join(site, "toolchain_deps.pth"), "w") as f:  # pyarrow, numpy, polars, pytest
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
        ],
        tmp,
        env,
    )
    src = tmp / "jsonpath"  # a copy: the backend must not need Bazel's tree
    shutil.copytree(HERE, src, ignore=shutil.ignore_patterns("bazel-*", "*.runfiles*"), symlinks=False)
    go_bin = os.path.dirname(os.path.realpath(os.environ["GO_BINARY"]))
    build_env = dict(
        env,
        PATH=go_bin + os.pathsep + env["PATH"],
        GOPROXY="off",
        GOFLAGS="-mod=readonly",
        GOMODCACHE=os.environ["GOMODCACHE"],
        GOCACHE=str(tmp / "gocache"),
        GOTOOLCHAIN="local",
    )
    out = tmp / "dist"
    res = run(
        [
            python,
            "-I",
            "-m",
            "pip",
            "wheel",
            "--no-cache-dir",
            "--no-build-isolation",
            "--no-deps",
            "--no-index",
            "-w",
            str(out),
            str(src),
        ],
        tmp,
        build_env,
    )
    print(res.stdout[-1500:], res.stderr[-1500:])
    (made,) = glob.glob(str(out / "jsonpath_go-*.whl"))
    return python, tmp, made


def test_the_pip_wheel_is_the_bazel_wheel(built):
    _, _, made = built
    bazel = wheel("jsonpath_go-*.whl")
    assert os.path.basename(made) == os.path.basename(bazel)  # same name: same version and tag
    with zipfile.ZipFile(made) as a, zipfile.ZipFile(bazel) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        assert a.read("jsonpath_go/__init__.py") == b.read("jsonpath_go/__init__.py")
        # Both builds write the stubs from the built extension with goarrow._stubs.
        assert a.read("jsonpath_go/__init__.pyi") == b.read("jsonpath_go/__init__.pyi")
        assert b"def json_get(" in a.read("jsonpath_go/__init__.pyi")
        meta = a.read("jsonpath_go-1.0.0.dist-info/METADATA").decode()
    assert "Requires-Dist: goarrow>=0.2.0" in meta


def test_auditwheel_and_abi3audit_agree_with_the_tag(built):
    _, tmp, made = built
    tag = os.path.basename(made)[: -len(".whl")].split("-", 2)[2]
    assert tag.startswith("cp311-abi3-manylinux_2_"), tag
    bin_dir = os.path.dirname(sys.executable)  # the toolchain venv holds both (the lock)
    show = run([os.path.join(bin_dir, "auditwheel"), "show", made], tmp).stdout
    assert f'"{tag.split("-")[2]}"' in " ".join(show.split()), show
    run([os.path.join(bin_dir, "abi3audit"), "--strict", "--report", made], tmp)


def test_the_example_suite_passes_against_the_installed_wheel(built):
    python, tmp, made = built
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    run(
        [python, "-I", "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", made], tmp, env
    )
    suite = tmp / "suite"
    suite.mkdir()
    shutil.copy(os.path.join(HERE, "test_jsonpath.py"), suite)
    res = run([python, "-I", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_jsonpath.py"], suite, env)
    print(res.stdout[-2000:])
    assert " passed" in res.stdout and "failed" not in res.stdout


def test_a_missing_go_is_a_clear_message(built, tmp_path):
    python, tmp, _ = built
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PATH"] = os.path.dirname(python)  # no go, no cc
    p = subprocess.run(
        [
            python,
            "-I",
            "-m",
            "pip",
            "wheel",
            "--no-cache-dir",
            "--no-build-isolation",
            "--no-deps",
            "--no-index",
            "-w",
            str(tmp_path),
            HERE,
        ],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode != 0
    assert "goarrow build: no `go` on PATH: install Go" in p.stdout + p.stderr
    assert "Traceback" not in p.stdout + p.stderr

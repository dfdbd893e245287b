"""A user's project (testdata/frontend_project: a Go module and a pyproject.toml naming goarrow's
backend) built by the standard frontends, as a release pipeline builds it: `python -m build`
(the sdist, then the wheel from the unpacked sdist) and `uv build`, both without build isolation
and offline, into venvs that have goarrow's wheel; each wheel installed into a fresh venv and its
Go function called. Also: the sdist is reproducible (two frontends, another path, other mtimes
and modes: the same bytes; SOURCE_DATE_EPOCH is its entries' time), `pip install -e` works (on
that project, and on goarrow's own sdist, which has python-sources), and a project without go.mod
fails with one line saying so.

Outside Bazel: GOARROW_WHEEL and GOARROW_SDIST (goarrow's), GO_BINARY, GOMODCACHE and GOCACHE
name what the Bazel target passes."""

import glob
import os
import shutil
import sys
import tarfile

import pytest

from venvs import clean_env, find, new_venv, run

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(HERE, "testdata", "frontend_project")
PACKAGE = "frontend_project"  # [tool.goarrow] package in its pyproject.toml


def project_files(root):
    """The fixture's files, relative to root: what its sdist must hold (besides PKG-INFO)."""
    out = set()
    for d, _, names in os.walk(root):
        out.update(os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/") for n in names)
    return out


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    e = clean_env(
        PATH=os.path.dirname(os.path.realpath(os.environ["GO_BINARY"])) + os.pathsep + os.environ["PATH"],
        GOPROXY="off",
        GOFLAGS="-mod=readonly",
        GOMODCACHE=os.environ["GOMODCACHE"],
        GOTOOLCHAIN="local",
        GOCACHE=os.environ.get("GOCACHE") or str(tmp_path_factory.mktemp("gocache")),
        UV_CACHE_DIR=str(tmp_path_factory.mktemp("uvcache")),
        UV_NO_CONFIG="1",
        PIP_NO_INDEX="1",
    )
    e.pop("SOURCE_DATE_EPOCH", None)
    return e


@pytest.fixture(scope="module")
def goarrow_wheel():
    return os.environ.get("GOARROW_WHEEL") or find("goarrow-*.whl")


def venv_with_goarrow(root, goarrow_wheel, env):
    """A new venv that has goarrow's wheel (the backend) and sees the toolchain's packages (build,
    uv, pyarrow)."""
    python, _ = new_venv(root, root.parent)
    run(
        [python, "-I", "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", goarrow_wheel],
        root.parent,
        env,
    )
    return python


def copy_project(dest):
    shutil.copytree(PROJECT, dest)
    return str(dest)


def built(outdir):
    (sdist,) = glob.glob(os.path.join(outdir, "*.tar.gz"))
    (wheel,) = glob.glob(os.path.join(outdir, "*.whl"))
    return sdist, wheel


def call_installed(python, cwd, env):
    """check.py, run from outside the project, by the venv's interpreter: the Go function's
    answer, and where the package was imported from."""
    out = run([python, "-I", os.path.join(PROJECT, "check.py")], cwd, env).stdout
    assert "count_valid OK from " in out, out
    return out.split("count_valid OK from ", 1)[1].strip()


@pytest.fixture(scope="module")
def builds(tmp_path_factory, env, goarrow_wheel):
    """The project built by `python -m build` and by `uv build`, from one tree."""
    tmp = tmp_path_factory.mktemp("frontends")
    python = venv_with_goarrow(tmp / "build-venv", goarrow_wheel, env)
    project = copy_project(tmp / "project")
    out_build, out_uv = str(tmp / "dist-build"), str(tmp / "dist-uv")
    log = run([python, "-I", "-m", "build", "--no-isolation", "--outdir", out_build, project], tmp, env)
    # The frontend's default: the sdist first, then the wheel from the unpacked sdist.
    assert "Building wheel from sdist" in log.stdout + log.stderr, log.stdout + log.stderr
    run(
        [
            sys.executable,
            "-m",
            "uv",
            "build",
            "--offline",
            "--no-build-isolation",
            "--python",
            python,
            "--out-dir",
            out_uv,
            project,
        ],
        tmp,
        env,
    )
    return {"tmp": tmp, "python": python, "project": project, "build": built(out_build), "uv": built(out_uv)}


def test_the_sdist_holds_the_project(builds):
    sdist = builds["build"][0]
    assert os.path.basename(sdist) == "frontend_project-1.0.0.tar.gz"  # PEP 625: normalized name
    with tarfile.open(sdist) as t:
        members = t.getmembers()
    base = "frontend_project-1.0.0/"
    assert sorted(m.name for m in members) == sorted([base + "PKG-INFO"] + [base + f for f in project_files(PROJECT)])
    assert {(m.uid, m.gid, m.uname, m.gname, m.mode, m.isfile()) for m in members} == {(0, 0, "", "", 0o644, True)}
    assert len({m.mtime for m in members}) == 1
    with tarfile.open(sdist) as t:
        pkg_info = t.extractfile(base + "PKG-INFO").read().decode()
    assert "Name: Frontend-Project\n" in pkg_info and "Version: 1.0.0\n" in pkg_info


def test_two_frontends_make_the_same_sdist_and_wheel_name(builds):
    (sdist_b, wheel_b), (sdist_u, wheel_u) = builds["build"], builds["uv"]
    with open(sdist_b, "rb") as a, open(sdist_u, "rb") as b:
        assert a.read() == b.read()
    assert os.path.basename(wheel_b) == os.path.basename(wheel_u)


def test_the_sdist_is_reproducible(builds, env):
    """Another copy of the tree, at another path, its files with other mtimes and modes: the
    same bytes. With SOURCE_DATE_EPOCH, that is the entries' time."""
    tmp, python = builds["tmp"], builds["python"]
    project = copy_project(tmp / "elsewhere" / "project")
    for d, _, names in os.walk(project):
        for n in names:
            p = os.path.join(d, n)
            os.utime(p, (1_234_567_890, 1_234_567_890))
            os.chmod(p, 0o664)
    out = str(tmp / "dist-again")
    run([python, "-I", "-m", "build", "--no-isolation", "--sdist", "--outdir", out, project], tmp, env)
    (again,) = glob.glob(os.path.join(out, "*.tar.gz"))
    with open(again, "rb") as a, open(builds["build"][0], "rb") as b:
        assert a.read() == b.read()
    out = str(tmp / "dist-epoch")
    run(
        [python, "-I", "-m", "build", "--no-isolation", "--sdist", "--outdir", out, project],
        tmp,
        dict(env, SOURCE_DATE_EPOCH="1700000000"),
    )
    (epoch,) = glob.glob(os.path.join(out, "*.tar.gz"))
    with tarfile.open(epoch) as t:
        assert {m.mtime for m in t.getmembers()} == {1_700_000_000}


@pytest.mark.parametrize("frontend", ["build", "uv"])
def test_the_wheel_from_the_sdist_installs_and_calls_go(builds, frontend, env, goarrow_wheel):
    root = builds["tmp"] / f"run-{frontend}"
    python, site = new_venv(root, builds["tmp"])
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
            goarrow_wheel,
            builds[frontend][1],
        ],
        builds["tmp"],
        env,
    )
    where = call_installed(python, builds["tmp"], env)
    assert where == os.path.join(site, PACKAGE, "__init__.py")


def test_pip_install_editable(tmp_path, env, goarrow_wheel):
    python = venv_with_goarrow(tmp_path / "venv", goarrow_wheel, env)
    project = copy_project(tmp_path / "project")
    run(
        [
            python,
            "-I",
            "-m",
            "pip",
            "install",
            "--no-build-isolation",
            "--no-index",
            "--no-deps",
            "--disable-pip-version-check",
            "-e",
            project,
        ],
        tmp_path,
        env,
    )
    where = call_installed(python, tmp_path, env)
    assert where == os.path.join(project, "build", "goarrow-editable", PACKAGE, "__init__.py")


@pytest.mark.parametrize("frontend", ["build", "uv"])
def test_a_project_without_go_mod_fails_with_one_line(builds, frontend, env):
    tmp = builds["tmp"]
    project = copy_project(tmp / f"bad-{frontend}")
    os.remove(os.path.join(project, "go", "go.mod"))
    if frontend == "build":
        cmd = [builds["python"], "-I", "-m", "build", "--no-isolation", "--outdir", str(tmp / "dist-bad"), project]
    else:
        cmd = [
            sys.executable,
            "-m",
            "uv",
            "build",
            "--offline",
            "--no-build-isolation",
            "--python",
            builds["python"],
            "--out-dir",
            str(tmp / "dist-bad"),
            project,
        ]
    out = run(cmd, tmp, env, check=False)
    text = out.stdout + out.stderr
    assert out.returncode != 0, text
    ours = [line for line in text.splitlines() if line.startswith("goarrow build:")]
    assert ours == [
        f"goarrow build: no go.mod in {os.path.join(project, 'go')} (set [tool.goarrow] go-module to its directory)"
    ], text
    assert "Traceback" not in text, text


def test_pip_install_editable_with_python_sources(tmp_path, env):
    """goarrow itself (python-sources = python/goarrow), from its unpacked sdist: the shared
    object goes next to the sources, and Python imports them from the tree."""
    with tarfile.open(os.environ.get("GOARROW_SDIST") or find("goarrow-*.tar.gz")) as t:
        t.extractall(tmp_path / "src", filter="data")
    (tree,) = glob.glob(str(tmp_path / "src" / "goarrow-*"))
    python, _ = new_venv(tmp_path / "venv", tmp_path)
    run(
        [
            python,
            "-I",
            "-m",
            "pip",
            "install",
            "--no-build-isolation",
            "--no-index",
            "--no-deps",
            "--disable-pip-version-check",
            "-e",
            tree,
        ],
        tmp_path,
        env,
    )
    code = "import goarrow, pyarrow as pa; print(goarrow.fn.sum(pa.array([1.5, None, 3.0])), goarrow.__file__)"
    out = run([python, "-I", "-c", code], tmp_path, env).stdout.split()
    assert out == ["4.5", os.path.join(tree, "python", "goarrow", "__init__.py")]

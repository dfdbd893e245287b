"""goarrow's sdist, built by pip with goarrow's own backend into a wheel in a new venv, offline
(Go modules from the workspace's cache): the same files and tag as Bazel's wheel, and the POC
runs from it."""

import glob
import os
import tarfile
import zipfile

from venvs import EXT, RUNFILES, clean_env, find, new_venv, run


def test_the_sdist_builds_the_bazel_wheel_and_it_works(tmp_path):
    sdist = find("goarrow-*.tar.gz")
    with tarfile.open(sdist) as t:
        names = t.getnames()
    base = os.path.basename(sdist)[: -len(".tar.gz")]  # goarrow-<version>
    assert f"{base}/pyproject.toml" in names and f"{base}/PKG-INFO" in names
    env = clean_env()
    python, _ = new_venv(tmp_path / "venv", tmp_path)  # pyarrow, numpy: build and run deps
    build_env = clean_env(
        PATH=os.path.dirname(os.path.realpath(os.environ["GO_BINARY"])) + os.pathsep + env["PATH"],
        GOPROXY="off",
        GOFLAGS="-mod=readonly",
        GOMODCACHE=os.environ["GOMODCACHE"],
        GOCACHE=str(tmp_path / "gocache"),
        GOTOOLCHAIN="local",
    )
    run(
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
            str(tmp_path / "dist"),
            sdist,
        ],
        tmp_path,
        build_env,
    )
    (made,) = glob.glob(str(tmp_path / "dist" / "goarrow-*.whl"))
    bazel = find("goarrow-*.whl")
    assert os.path.basename(made) == os.path.basename(bazel)
    with zipfile.ZipFile(made) as a, zipfile.ZipFile(bazel) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for n in a.namelist():
            if not n.endswith((".so", "RECORD")):
                assert a.read(n) == b.read(n), n
    with zipfile.ZipFile(made) as a:  # pip's link exports the module's init only, as Bazel's does
        so = tmp_path / "pip.so"
        so.write_bytes(a.read("goarrow/" + EXT))
    out = run(["nm", "-D", "--extern-only", "--defined-only", str(so)], tmp_path, env).stdout
    assert [line.split()[-1] for line in out.splitlines() if line.strip()] == ["PyInit__goarrow"], out[:2000]
    run([python, "-I", "-m", "pip", "install", "--no-index", "--no-deps", made], tmp_path, env)
    out = run([python, "-I", os.path.join(RUNFILES, "bin", "poc.py"), "--size", "1000"], tmp_path, env).stdout
    assert "OK: same buffer, no copy" in out

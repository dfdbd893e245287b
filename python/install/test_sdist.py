"""goarrow's sdist, built by pip with goarrow's own backend into a wheel in a new venv, offline
(Go modules from the workspace's cache): the same files and tag as Bazel's wheel, and the POC
runs from it."""

import glob
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile

RUNFILES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def find(pattern):
    (path,) = {os.path.basename(p): p for p in glob.glob(os.path.join(RUNFILES, "**", pattern), recursive=True)}.values()
    return path


def run(cmd, cwd, env):
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, f"{cmd}\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    return p.stdout


def test_the_sdist_builds_the_bazel_wheel_and_it_works(tmp_path):
    sdist = find("goarrow-*.tar.gz")
    with tarfile.open(sdist) as t:
        names = t.getnames()
    assert "goarrow-0.2.0/pyproject.toml" in names and "goarrow-0.2.0/PKG-INFO" in names
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    run([sys._base_executable, "-m", "venv", str(tmp_path / "venv")], tmp_path, env)
    python = str(tmp_path / "venv" / "bin" / "python")
    site = run([python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path, env).strip()
    with open(os.path.join(site, "toolchain_deps.pth"), "w") as f:  # pyarrow, numpy: build and run deps
        f.write(sysconfig.get_paths()["purelib"] + "\n")
    build_env = dict(env, PATH=os.path.dirname(os.path.realpath(os.environ["GO_BINARY"])) + os.pathsep + env["PATH"],
                     GOPROXY="off", GOFLAGS="-mod=readonly", GOMODCACHE=os.environ["GOMODCACHE"],
                     GOCACHE=str(tmp_path / "gocache"), GOTOOLCHAIN="local")
    run([python, "-I", "-m", "pip", "wheel", "--no-cache-dir", "--no-build-isolation", "--no-deps", "--no-index", "-w", str(tmp_path / "dist"), sdist], tmp_path, build_env)
    (made,) = glob.glob(str(tmp_path / "dist" / "goarrow-*.whl"))
    bazel = find("goarrow-*.whl")
    assert os.path.basename(made) == os.path.basename(bazel)
    with zipfile.ZipFile(made) as a, zipfile.ZipFile(bazel) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for n in a.namelist():
            if not n.endswith((".so", "RECORD")):
                assert a.read(n) == b.read(n), n
    run([python, "-I", "-m", "pip", "install", "--no-index", "--no-deps", made], tmp_path, env)
    out = run([python, "-I", os.path.join(RUNFILES, "bin", "poc.py"), "--size", "1000"], tmp_path, env)
    assert "OK: same buffer, no copy" in out

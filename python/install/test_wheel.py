"""The wheel of //python:wheel, installed by pip into a new venv, as a user would, and used there.

The new venv is made from the base interpreter of the Python toolchain (the one the extension was
built for). The test has no network, so the wheel's dependencies (pyarrow, numpy) come from the
toolchain's venv through a .pth file; `pip check` then proves the wheel's Requires-Dist lines are
satisfied by them. Nothing of the source tree is on the new venv's path: PYTHONPATH is dropped and
Python runs isolated (-I) from a temporary directory.
"""

import base64
import hashlib
import os
import sys
import zipfile

import pytest

from venvs import EXT, FREE_THREADED, RUNFILES, find, new_venv, run


def the_wheel():
    return find("goarrow-*.whl")


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("cwd")
    python, site = new_venv(tmp_path_factory.mktemp("venv"), cwd)
    return python, cwd, site


def test_the_wheel_is_well_formed():
    path = the_wheel()
    name = os.path.basename(path)[: -len(".whl")]
    dist, version, tag = name.split("-", 2)
    with zipfile.ZipFile(path) as z:
        info = f"{dist}-{version}.dist-info"
        wheel = z.read(f"{info}/WHEEL").decode()
        assert f"Tag: {tag}\n" in wheel and "Root-Is-Purelib: false" in wheel
        metadata = z.read(f"{info}/METADATA").decode()
        assert "Name: goarrow\n" in metadata and f"Version: {version}\n" in metadata
        requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
        assert requires == ["Requires-Dist: pyarrow>=14"], requires  # numpy: optional
        names = set(z.namelist())
        ext = "goarrow/" + EXT
        assert {"goarrow/__init__.py", "goarrow/__init__.pyi", "goarrow/py.typed", ext} <= names
        # RECORD lists every other file with its sha256 and size, and nothing else.
        record = {}
        for line in z.read(f"{info}/RECORD").decode().splitlines():
            file, digest, size = line.rsplit(",", 2)
            record[file] = (digest, size)
        assert set(record) == names
        for file in names - {f"{info}/RECORD"}:
            data = z.read(file)
            want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert record[file] == (want, str(len(data))), file
        assert z.getinfo(ext).external_attr >> 16 & 0o111, "the extension must be executable"


def test_the_tag_is_abi3_and_manylinux_and_auditwheel_and_abi3audit_agree(tmp_path):
    name = os.path.basename(the_wheel())
    tag = name[: -len(".whl")].split("-", 2)[2]
    v = "cp%d%d" % sys.version_info[:2]
    assert tag.startswith(f"{v}-{v}t-manylinux_2_" if FREE_THREADED else "cp311-abi3-manylinux_2_") and tag.endswith(
        "_" + os.uname().machine
    ), tag
    bin_dir = os.path.dirname(sys.executable)  # the toolchain venv: auditwheel, abi3audit
    show = run([os.path.join(bin_dir, "auditwheel"), "show", the_wheel()], str(tmp_path)).stdout
    print(show)
    platform = tag.split("-")[2]
    assert f'"{platform}"' in " ".join(show.split()), f"auditwheel does not agree with {platform}"
    if FREE_THREADED:
        return  # not an abi3 wheel: nothing for abi3audit to check (the tag above says so)
    audit = run([os.path.join(bin_dir, "abi3audit"), "--strict", "--report", the_wheel()], str(tmp_path), check=False)
    print(audit.stdout, audit.stderr)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_it_ships_the_sources_of_the_build_backend():
    with zipfile.ZipFile(the_wheel()) as z:
        names = set(z.namelist())
    for f in (
        "goarrow/build.py",
        "goarrow/_src/go/go.mod",
        "goarrow/_src/go/bridge/bridge.go",
        "goarrow/_src/go/internal/cabi/goarrow.h",
        "goarrow/_src/go/cmd/goarrowgen/main.go",
        "goarrow/_src/python/ext/_goarrow.c",
        "goarrow/_src/tools/extension_init.py.tpl",
    ):
        assert f in names, f
    assert not [n for n in names if n.endswith("_test.go") or "testfuncs" in n or "cabitest" in n]


def test_the_tag_is_one_this_python_accepts(venv):
    python, cwd, _ = venv
    tag = os.path.basename(the_wheel())[: -len(".whl")].split("-", 2)[2]
    code = "from pip._vendor.packaging import tags; print('\\n'.join(str(t) for t in tags.sys_tags()))"
    assert tag in run([python, "-I", "-c", code], cwd).stdout.split()


def test_pip_installs_it_and_its_requirements_hold(venv):
    python, cwd, site = venv
    run(
        [python, "-I", "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", the_wheel()],
        cwd,
    )
    # The toolchain's venv lacks the packages with no wheel for this interpreter (missing-wheels.txt,
    # tools/install_lock.py: polars' runtime on 3.14t), so pip may report their dependents; any
    # other broken requirement, goarrow's above all, fails the test.
    missing = set(open(os.path.join(sys.prefix, "missing-wheels.txt")).read().split())
    check = run([python, "-I", "-m", "pip", "check"], cwd, check=False).stdout
    broken = [line for line in check.splitlines() if not any(f" {m}," in line or f" {m} " in line for m in missing)]
    assert broken == ["No broken requirements found."] or (missing and not broken), check
    code = "import goarrow, importlib.metadata as m; print(goarrow.__file__); print(goarrow.__version__, m.version('goarrow'))"
    file, versions = run([python, "-I", "-c", code], cwd).stdout.split("\n")[:2]
    assert file == os.path.join(site, "goarrow", "__init__.py")
    version, dist_version = versions.split()
    assert version == dist_version, "python/BUILD.bazel's wheel version differs from goarrow.__version__"


def test_the_build_backend_imports_without_pyarrow_or_numpy(tmp_path):
    """A build environment holds the build requirements only: goarrow's backend must import there
    without pyarrow and numpy (a venv of its own, without the toolchain's packages)."""
    root = tmp_path / "bare"
    run([sys._base_executable, "-m", "venv", str(root)], str(tmp_path))
    python = os.path.join(str(root), "bin", "python")
    run(
        [python, "-I", "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", the_wheel()],
        str(tmp_path),
    )
    assert run([python, "-I", "-c", "import pyarrow"], str(tmp_path), check=False).returncode != 0, "pyarrow is there"
    assert run([python, "-I", "-c", "import numpy"], str(tmp_path), check=False).returncode != 0, "numpy is there"
    code = (
        "import sys, goarrow.build as b; print(callable(b.build_wheel), callable(b.build_editable), "
        "sorted(m for m in sys.modules if m.split('.')[0] in ('pyarrow', 'numpy')))"
    )
    assert run([python, "-I", "-c", code], str(tmp_path)).stdout.split("\n")[0] == "True True []"
    # The runtime itself still needs them, and says so when it is used (not when goarrow is imported).
    out = run(
        [python, "-I", "-c", "import goarrow; print(goarrow.__version__); goarrow.fn"], str(tmp_path), check=False
    )
    assert out.stdout.strip() and out.returncode != 0 and "No module named" in out.stderr, out


def test_goarrow_runs_without_numpy(venv):
    """numpy is not a dependency: with numpy unimportable, Go still reads pyarrow's buffer in place."""
    python, cwd, _ = venv
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "import pyarrow as pa, goarrow\n"
        "a = pa.array([1.5, 2.0, 4.25])\n"
        "print(goarrow.fn.sum(a), goarrow.fn.addresses(a)[1].as_py() == a.buffers()[1].address, 'numpy' in sys.modules and sys.modules['numpy'] is not None)"
    )
    assert run([python, "-I", "-c", code], cwd).stdout.split() == ["7.75", "True", "False"]


def test_the_shipped_module_has_no_test_or_benchmark_functions(venv):
    python, cwd, site = venv
    code = "import goarrow; print('\\n'.join(sorted(f['name'] for f in goarrow.functions())))"
    names = run([python, "-I", "-c", code], cwd).stdout.split()
    print("shipped functions:", names)
    assert {"length", "echo", "sum", "addresses"} <= set(names)
    assert not [n for n in names if n.startswith(("debug.", "bench."))], names
    # Not merely unregistered: not linked. The test functions' names are nowhere in the binary.
    ext = os.path.join(site, "goarrow", EXT)
    data = open(ext, "rb").read()
    for name in (b"bench.raw_length", b"debug.sleep", b"internal/testfuncs"):
        assert name not in data, name


def test_the_extension_exports_its_module_init_only(venv):
    # Several goarrow extensions (each with a Go runtime) share a process only if none exports
    # anything a symbol of another could resolve to (python/ext/exports.map).
    python, cwd, site = venv
    ext = os.path.join(site, "goarrow", EXT)
    out = run(["nm", "-D", "--extern-only", "--defined-only", ext], cwd).stdout
    assert [line.split()[-1] for line in out.splitlines() if line.strip()] == ["PyInit__goarrow"], out[:2000]


def test_the_poc_runs_from_the_installed_wheel(venv):
    python, cwd, _ = venv
    poc = os.path.join(RUNFILES, "bin", "poc.py")
    out = run([python, "-I", poc, "--size", "5500000"], cwd).stdout
    print(out)
    assert "zero_copy values from Python: [" in out
    assert "OK: same buffer, no copy" in out


def test_pip_uninstall_removes_every_file(venv):
    python, cwd, site = venv
    run([python, "-I", "-m", "pip", "uninstall", "--yes", "goarrow"], cwd)
    left = [p for p in os.listdir(site) if p.startswith("goarrow")]
    assert left == []
    assert run([python, "-I", "-c", "import goarrow"], cwd, check=False).returncode != 0

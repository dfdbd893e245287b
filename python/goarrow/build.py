"""goarrow's PEP 517 build backend: `pip wheel .` / `pip install .` of a directory that holds a Go
module with //goarrow:export functions and a pyproject.toml like

    [build-system]
    requires = ["goarrow"]
    build-backend = "goarrow.build"

    [project]
    name = "jsonpath-go"
    version = "1.0.0"
    dependencies = ["goarrow"]

    [tool.goarrow]
    package = "jsonpath_go"   # the Python package: import jsonpath_go
    go-module = "go"          # the directory of go.mod (default ".")
    main = "./extension"      # the main package, relative to it (default ./extension)

It needs Go (the version go.mod asks for; Go >= 1.21 fetches a newer one itself through
GOTOOLCHAIN) and a C compiler ($CC, cc or gcc) on PATH, and the Go module proxy or a module
cache holding the modules go.sum pins. The wheel is the one Bazel's go_arrow_extension makes:
the package's generated __init__.py and _goarrow.abi3.so (the Go c-archive linked with goarrow's
C glue, shipped in this package under _src/), tagged cp311-abi3-manylinux_X_Y_<arch>. Run by a
free-threaded CPython (3.14t), it builds that interpreter's own wheel instead (no limited API
there before 3.15): _goarrow.cpython-314t-<platform>.so, tagged cp314-cp314t-manylinux_X_Y_<arch>.

Cross builds: `pip wheel . -C target=linux-aarch64` (or GOARROW_TARGET=linux-aarch64 in the
environment; the config setting wins) builds the abi3 wheel of another Linux architecture, with
the host's Go (GOARCH), Debian's cross C compiler for it (aarch64-linux-gnu-gcc; GOARROW_TARGET_CC
names another) and the target's CPython headers (Debian's libpython3.11-dev of that architecture,
downloaded once, checked by sha256 and unpacked under ~/.cache/goarrow/targets/; or
GOARROW_TARGET_PYTHON_DEV names such a .deb, or a directory it was unpacked into). The targets
are python/ext/targets.bzl's, the file Bazel's cross toolchain loads too.
"""

from __future__ import annotations

import ast
import hashlib
import io
import lzma
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import tomllib
import urllib.request

from . import _wheel

_HERE = os.path.dirname(os.path.abspath(__file__))


def _sources() -> str:
    """goarrow's Go module, C glue and templates: under _src/ in an installed goarrow, or the
    repository (or sdist) this file lies in, two levels up."""
    for root in (os.path.join(_HERE, "_src"), os.path.dirname(os.path.dirname(_HERE))):
        if os.path.exists(os.path.join(root, "go", "go.mod")) and os.path.exists(
            os.path.join(root, "python", "ext", "_goarrow.c")
        ):
            return root
    raise BuildError(f"goarrow's sources are missing next to {_HERE}: reinstall goarrow")


# What goarrow's wheel ships under goarrow/_src (the same selection as //go:sources,
# //python:glue_sources and the two tools/ files in Bazel), relative to the sources' root.
def _shipped_sources(root: str) -> list[str]:
    out = [
        "go/go.mod",
        "go/go.sum",
        "tools/extension_init.py.tpl",
        "tools/go_module.sh",
        "python/ext/exports.map",
        "python/ext/link.bzl",
        "python/ext/targets.bzl",
    ]
    out += [f"python/ext/{f}" for f in _link_bzl(root, "GLUE_SRCS")]
    for d in (
        "go/bridge",
        "go/bridge/bridgetest",
        "go/bridge/elementwise",
        "go/internal/cabi",
        "go/internal/cmem",
        "go/internal/codec",
        "go/internal/core",
        "go/internal/crossing",
        "go/internal/registry",
        "go/internal/stripe",
        "go/functions",
        "go/extension",
        "go/cmd/goarrowgen",
    ):
        for f in sorted(os.listdir(os.path.join(root, d))):
            if f.endswith((".go", ".h")) and not f.endswith("_test.go"):
                out.append(f"{d}/{f}")
    return sorted(out)


class BuildError(SystemExit):
    """A message for the person running pip, and nothing else (no traceback from in here)."""

    def __init__(self, message: str):
        super().__init__(f"goarrow build: {message}")


# ---- PEP 517 and PEP 660 hooks ----
# The backend needs nothing installed besides goarrow itself (build-system.requires): no hook
# asks the frontend for more.


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    """The wheel's METADATA without building it (no Go, no compiler): what pip resolves with."""
    cfg = _config()
    info = f"{re.sub(r'[-_.]+', '_', cfg['name'])}-{cfg['version']}.dist-info"
    os.makedirs(os.path.join(metadata_directory, info), exist_ok=True)
    with open(os.path.join(metadata_directory, info, "METADATA"), "w") as f:
        f.write(_metadata(cfg))
    return info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_sdist(sdist_directory, config_settings=None):
    """<name>-<version>.tar.gz: pyproject.toml, the readme and licence files, the Go module
    (every file under go-module: go.mod, go.sum, the sources, testdata), the python-sources
    directory, the Python files at the project's top (tests, say), and for goarrow itself the
    sources it ships. Hidden files and directories, links, caches, environments and build
    outputs are left out.
    Reproducible (goarrow._wheel.write_sdist): the same tree gives the same bytes."""
    cfg = _config()
    files = {rel: os.path.join(cfg["root"], rel) for rel in _sdist_files(cfg)}
    return os.path.basename(_wheel.write_sdist(sdist_directory, cfg["name"], cfg["version"], files, _metadata(cfg)))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    cfg = _config()
    target = _target(config_settings)
    with tempfile.TemporaryDirectory(prefix="goarrow-build-") as tmp:
        so = _build_extension(cfg, tmp, target)
        # The stubs come from loading an extension: for a cross build, a host build of the same
        # sources (the descriptions do not depend on the architecture; the target's cannot load
        # here).
        stubs_so = _build_extension(cfg, os.path.join(tmp, "host"), None) if target else so
        files = {f"{cfg['package']}/{_wheel.extension_name()}": so}
        if cfg["python_sources"]:  # a package with Python of its own (goarrow itself)
            d = os.path.join(cfg["root"], cfg["python_sources"])
            for f in sorted(os.listdir(d)):
                if f.endswith((".py", ".pyi")) or f == "py.typed":
                    files[f"{cfg['package']}/{f}"] = os.path.join(d, f)
        else:
            files[f"{cfg['package']}/__init__.py"] = _init_py(cfg).encode()
        files.update(_stubs(cfg, stubs_so, tmp))
        if cfg["ship_sources"]:
            src = _sources()
            for rel in _shipped_sources(src):
                files[f"{cfg['package']}/_src/{rel}"] = os.path.join(src, rel)
        return os.path.basename(_write(cfg, wheel_directory, so, files))


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """An editable install (PEP 660): the shared object is built now, and the installed package
    is a .pth file naming a directory of the project. With [tool.goarrow] python-sources, that
    is the sources' parent and the shared object goes next to them, so Python reads the tree;
    otherwise (a package of Go functions only) the package, its generated __init__.py and the
    shared object, is made under build/goarrow-editable/. After a Go change, run
    `pip install -e .` again."""
    cfg = _config()
    if _target(config_settings):
        raise BuildError(
            "an editable install is built for this machine; a target (-C target=..., GOARROW_TARGET) is for `pip wheel`"
        )
    if cfg["python_sources"]:
        pkg_dir = os.path.join(cfg["root"], cfg["python_sources"])
        if os.path.basename(os.path.normpath(pkg_dir)) != cfg["package"]:
            raise BuildError(
                f"an editable install imports [tool.goarrow] python-sources = "
                f"{cfg['python_sources']!r} as {cfg['package']!r}: the directory must be named so"
            )
    else:
        pkg_dir = os.path.join(cfg["root"], "build", "goarrow-editable", cfg["package"])
        os.makedirs(pkg_dir, exist_ok=True)
        with open(os.path.join(pkg_dir, "__init__.py"), "w") as f:
            f.write(_init_py(cfg))
    so = os.path.join(pkg_dir, _wheel.extension_name())
    with tempfile.TemporaryDirectory(prefix="goarrow-build-") as tmp:
        shutil.copy(_build_extension(cfg, tmp), so)
        if not cfg["python_sources"]:  # a package of Go functions: its type stubs beside it
            for dest, path in _stubs(cfg, so, tmp).items():
                shutil.copy(path, os.path.join(pkg_dir, os.path.basename(dest)))
    files = {f"__editable__.{cfg['package']}.pth": (os.path.dirname(os.path.abspath(pkg_dir)) + "\n").encode()}
    return os.path.basename(_write(cfg, wheel_directory, so, files))


# ---- the sdist's files ----

# Directories a project tree holds that are not its sources: caches, environments, outputs
# (build/ holds the editable install's package), Bazel's output links.
_NOT_SOURCES = {"__pycache__", "build", "dist", "node_modules", "venv"}


def _sdist_files(cfg: dict) -> list[str]:
    """The project's files that go into its sdist, relative to the root, sorted."""
    root = cfg["root"]
    under = [os.path.relpath(cfg["module"], root)]
    if cfg["python_sources"]:
        under.append(os.path.normpath(cfg["python_sources"]))
    keep = {"pyproject.toml"}
    if isinstance(cfg["readme"], str):
        keep.add(os.path.normpath(cfg["readme"]))
    if cfg["ship_sources"] and os.path.realpath(_sources()) == os.path.realpath(
        root
    ):  # goarrow itself: its glue, templates
        keep.update(_shipped_sources(root))
    out = []
    for d, dirs, names in os.walk(root):
        rel_d = os.path.relpath(d, root)
        dirs[:] = sorted(
            x
            for x in dirs
            if not (
                x.startswith((".", "bazel-"))
                or x in _NOT_SOURCES
                or x.endswith(".egg-info")
                or os.path.islink(os.path.join(d, x))
            )
        )
        for name in names:
            rel = os.path.normpath(os.path.join(rel_d, name))
            if os.path.islink(os.path.join(d, name)) or name.endswith((".pyc", ".so")):
                continue
            if (
                rel in keep
                or (
                    rel_d == "."
                    and (
                        name.endswith((".py", ".pyi"))
                        or name.upper().startswith(("README", "LICENSE", "LICENCE", "COPYING", "NOTICE"))
                    )
                )
                or any(u == "." or rel.startswith(u + os.sep) for u in under)
            ):
                out.append(rel.replace(os.sep, "/"))
    return sorted(out)


# ---- the build ----


def _config() -> dict:
    root = os.getcwd()
    try:
        with open(os.path.join(root, "pyproject.toml"), "rb") as f:
            py = tomllib.load(f)
    except FileNotFoundError:
        raise BuildError(f"no pyproject.toml in {root}") from None
    project, tool = py.get("project", {}), py.get("tool", {}).get("goarrow")
    if tool is None:
        raise BuildError("pyproject.toml has no [tool.goarrow] table (package = ..., go-module = ..., main = ...)")
    if "version" not in project and "version" in project.get("dynamic", []):
        project["version"] = _version_of(root, tool)
    for key in ("name", "version"):
        if key not in project:
            raise BuildError(f"pyproject.toml's [project] needs {key!r}")
    package = tool.get("package") or re.sub(r"[-.]+", "_", project["name"])
    if not package.isidentifier():
        raise BuildError(f"[tool.goarrow] package = {package!r} is not a Python identifier")
    module = os.path.join(root, tool.get("go-module", "."))
    if not os.path.exists(os.path.join(module, "go.mod")):
        raise BuildError(f"no go.mod in {module} (set [tool.goarrow] go-module to its directory)")
    return {
        "root": root,
        "name": project["name"],
        "version": project["version"],
        "package": package,
        "summary": project.get("description", f"Go functions on Arrow data ({package}, built with goarrow)"),
        "requires": project.get("dependencies", ["goarrow"]),
        "requires_python": project.get("requires-python", ">=3.11"),
        "module": module,
        "main": tool.get("main", "./extension"),
        "python_sources": tool.get("python-sources"),
        "ship_sources": bool(tool.get("ship-sources")),
        "readme": project.get("readme"),
    }


def _version_of(root: str, tool: dict) -> str:
    """A dynamic version: `__version__ = "..."` in the __init__.py of [tool.goarrow]
    python-sources (goarrow's own, so that its version is written once)."""
    if not tool.get("python-sources"):
        raise BuildError(
            '[project] dynamic = ["version"] needs [tool.goarrow] python-sources, whose __init__.py sets __version__'
        )
    init = os.path.join(root, tool["python-sources"], "__init__.py")
    with open(init) as f:
        m = re.search(r"^__version__ = [\"']([^\"']+)[\"']$", f.read(), re.M)
    if not m:
        raise BuildError(f'{init} sets no __version__ = "..." for the dynamic version')
    return m.group(1)


def _run(cmd, what: str, **kw) -> str:
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise BuildError(f"{what} failed:\n{p.stderr.strip() or p.stdout.strip()}")
    return p.stdout


def _go(module: str) -> str:
    want = "1.21"
    with open(os.path.join(module, "go.mod")) as f:
        m = re.search(r"^go\s+(\S+)", f.read(), re.M)
        if m:
            want = m.group(1)
    go = os.environ.get("GOARROW_GO") or shutil.which("go")
    if not go:
        raise BuildError(
            f"no `go` on PATH: install Go {want} or later (https://go.dev/dl, or your "
            f"package manager), or point GOARROW_GO at one"
        )
    have = _run([go, "env", "GOVERSION"], f"`{go} env GOVERSION`").strip()
    version = tuple(int(x) for x in re.findall(r"\d+", have)[:2])
    if version < (1, 21):
        raise BuildError(
            f"{go} is {have}; {module}/go.mod needs go {want}. Install Go 1.21 or later "
            f"(it fetches the release go.mod asks for itself)"
        )
    return go


def _cc() -> str:
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        raise BuildError(
            "no C compiler: install gcc (Debian/Ubuntu: apt install gcc; Fedora: dnf install gcc) or set CC"
        )
    return cc


def _build_extension(cfg: dict, tmp: str, target: dict | None = None) -> str:
    """The package's shared object, built in tmp: for this machine, or with target (_target) for
    another architecture."""
    os.makedirs(tmp, exist_ok=True)
    go, cc = _go(cfg["module"]), _cc()
    src = _sources()
    goarrow_go = os.path.join(src, "go")
    # The caller's GOFLAGS are kept (build tags, say); -race cannot be used: ThreadSanitizer does
    # not start inside a Python process.
    env = dict(os.environ, CGO_ENABLED="1", GOFLAGS=f"{os.environ.get('GOFLAGS', '')} -mod=mod".strip(), CC=cc)
    env.pop("GOARCH", None)
    # goarrowgen writes the registrations of the //goarrow:export functions: it runs here.
    gen = os.path.join(tmp, "goarrowgen")
    _run([go, "build", "-o", gen, "./cmd/goarrowgen"], "building goarrowgen", cwd=goarrow_go, env=env)
    include_flags = [f"-I{sysconfig.get_paths()['include']}"]
    if target:
        cc = target["cc_path"]
        env.update(GOARCH=target["goarch"], GOOS="linux", CC=cc)
        include_flags = _target_includes(target)
    # tools/go_module.sh, the program Bazel's Go actions run too: go build in the user's module
    # with a copy of its go.mod pointed at the goarrow module shipped in this package (-modfile)
    # and the registrations (-overlay).
    archive = os.path.join(tmp, "libextension.a")
    for_target = f" for {target['name']}" if target else ""
    print(f"goarrow build: go build -buildmode=c-archive {cfg['main']} in {cfg['module']}{for_target}", file=sys.stderr)
    _run(
        [
            "bash",
            os.path.join(src, "tools", "go_module.sh"),
            "run",
            go,
            cfg["module"],
            goarrow_go,
            gen,
            "build",
            "-buildmode=c-archive",
            "-trimpath",
            "-buildvcs=false",
            "-o",
            archive,
            cfg["main"],
        ],
        f"`go build` of {cfg['main']}",
        env=env,
    )
    # goarrow's C glue, against the limited API (not on free-threaded CPython, which has none
    # before 3.15), linked with the archive into one shared object.
    api = [f"-D{define}" for define in _wheel.limited_api_defines()]
    objs = []
    for c in (f"python/ext/{f}" for f in _link_bzl(src, "GLUE_SRCS") if f.endswith(".c")):
        obj = os.path.join(tmp, os.path.basename(c) + ".o")
        _run(
            [cc, "-O2", "-fPIC", *api, *include_flags, f"-I{src}", "-c", os.path.join(src, c), "-o", obj],
            f"compiling {c}",
        )
        objs.append(obj)
    # The archive whole, then the flags Bazel's python_extension links with too (link.bzl):
    # exported, PyInit__goarrow only, so that several extensions, each with its own Go runtime,
    # live in one process without a symbol of one resolving to another's.
    so = os.path.join(tmp, _wheel.extension_name())
    _run(
        [cc, "-shared", "-o", so, *objs, "-Wl,--whole-archive", archive, "-Wl,--no-whole-archive", *_linkopts(src)],
        "linking the extension",
    )
    return so


def _link_bzl(src: str, name: str, file: str = "link.bzl"):
    """A list of python/ext/link.bzl, the file Bazel loads: GLUE_SRCS (the C glue's files) or
    EXTENSION_LINKOPTS (a Starlark file, but those assignments are Python literals); or TARGETS
    of python/ext/targets.bzl."""
    path = os.path.join(src, "python", "ext", file)
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [name]:
            return ast.literal_eval(node.value)
    raise BuildError(f"{path} has no {name}: reinstall goarrow")


# ---- cross builds ----


def _target(config_settings) -> dict | None:
    """The target a wheel is built for: -C target=... (config_settings), else $GOARROW_TARGET;
    None for this machine (also when the target named is this machine's)."""
    name = ((config_settings or {}).get("target") or os.environ.get("GOARROW_TARGET") or "").strip()
    if not name:
        return None
    targets = _link_bzl(_sources(), "TARGETS", "targets.bzl")
    if name not in targets:
        raise BuildError(f"unknown target {name!r}: the supported targets are {', '.join(sorted(targets))}")
    if sys.platform != "linux":
        raise BuildError(f"target {name} is built on Linux only (this is {sys.platform})")
    host = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine())
    if targets[name]["machine"] == host:
        return None
    if _wheel.free_threaded():
        raise BuildError(
            f"target {name}: cross builds make the abi3 wheel; run the build with a CPython that is not free-threaded"
        )
    target = dict(targets[name], name=name)
    target["cc_path"] = _target_cc(target)  # checked before any Go is built
    return target


def _target_cc(target: dict) -> str:
    cc = os.environ.get("GOARROW_TARGET_CC") or target["cc"]
    found = shutil.which(cc)
    if not found:
        raise BuildError(
            f"target {target['name']} needs the C cross compiler {cc}: install Debian's {target['cc_package']} "
            f"(apt-get install {target['cc_package']}) or set GOARROW_TARGET_CC"
        )
    # The target's C library headers come in another package, which not every install pulls in.
    probe = subprocess.run(
        [found, "-E", "-xc", "-", "-o", os.devnull], input=b"#include <unistd.h>\n", capture_output=True
    )
    if probe.returncode != 0:
        raise BuildError(
            f"target {target['name']}: {cc} finds no C library headers (unistd.h): install Debian's "
            f"{target['libc_package']} (apt-get install {target['libc_package']})"
        )
    return found


def _target_includes(target: dict) -> list[str]:
    """-I flags of the target's CPython 3.11 headers: Debian's libpython3.11-dev of that
    architecture, unpacked (its python3.11/pyconfig.h includes <ARCH-linux-gnu/python3.11/pyconfig.h>)."""
    given = os.environ.get("GOARROW_TARGET_PYTHON_DEV")
    if given and os.path.isdir(given):
        root = given
    else:
        sha = target["python_dev_sha256"]
        cache = os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "goarrow", "targets"
        )
        root = os.path.join(cache, sha)
        if not os.path.exists(os.path.join(root, "usr", "include", "python3.11", "Python.h")):
            if given:
                with open(given, "rb") as f:
                    data = f.read()
            else:
                url = target["python_dev_url"]
                print(f"goarrow build: downloading {url}", file=sys.stderr)
                try:
                    with urllib.request.urlopen(url, timeout=120) as r:
                        data = r.read()
                except OSError as e:
                    raise BuildError(
                        f"target {target['name']}: could not download {url} ({e}); "
                        f"set GOARROW_TARGET_PYTHON_DEV to that .deb or to a directory it was unpacked into"
                    ) from None
                if hashlib.sha256(data).hexdigest() != sha:
                    raise BuildError(f"target {target['name']}: {url} does not have sha256 {sha}")
            tmp = root + f".tmp{os.getpid()}"
            _unpack_deb(data, tmp)
            os.makedirs(cache, exist_ok=True)
            shutil.rmtree(root, ignore_errors=True)
            os.rename(tmp, root)
    include = os.path.join(root, "usr", "include")
    if not os.path.exists(os.path.join(include, "python3.11", "Python.h")):
        raise BuildError(f"target {target['name']}: no usr/include/python3.11/Python.h under {root}")
    return [f"-I{os.path.join(include, 'python3.11')}", f"-I{include}"]


def _unpack_deb(data: bytes, out: str) -> None:
    """The usr/include files of a .deb (an ar archive holding data.tar.xz), into out."""
    if data[:8] != b"!<arch>\n":
        raise BuildError("GOARROW_TARGET_PYTHON_DEV: not a .deb (ar archive)")
    pos = 8
    while pos + 60 <= len(data):
        name, size = data[pos : pos + 16].decode().strip().rstrip("/"), int(data[pos + 48 : pos + 58])
        body = data[pos + 60 : pos + 60 + size]
        if name.startswith("data.tar"):
            raw = lzma.decompress(body) if name.endswith(".xz") else body
            with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
                members = [
                    m
                    for m in tar.getmembers()
                    if m.name.lstrip("./").startswith("usr/include/") and (m.isfile() or m.isdir())
                ]
                kw = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
                tar.extractall(out, members=members, **kw)
            return
        pos += 60 + size + (size & 1)
    raise BuildError("GOARROW_TARGET_PYTHON_DEV: the .deb holds no data.tar.xz")


def _linkopts(src: str) -> list[str]:
    """The extension's linker flags: EXTENSION_LINKOPTS of python/ext/link.bzl, the list Bazel's
    python_extension loads."""
    exports_map = os.path.join(src, "python", "ext", "exports.map")
    return [opt.format(exports_map=exports_map) for opt in _link_bzl(src, "EXTENSION_LINKOPTS")]


def _stubs(cfg: dict, so: str, tmp: str) -> dict:
    """The package's __init__.pyi and py.typed (goarrow._stubs, as Bazel's build writes them), from
    the descriptions of the extension just linked. In a process of its own: loading the shared
    object starts its Go runtime. goarrow's own stubs fill the block of its hand-written ones."""
    out = os.path.join(tmp, "stubs")
    cmd = [sys.executable, "-m", "goarrow._stubs", "--package", cfg["package"], "--extension", so, "--out", out]
    if cfg["python_sources"]:
        cmd += ["--template", os.path.join(cfg["root"], cfg["python_sources"], "__init__.pyi")]
    # This goarrow (an installed one, or the tree goarrow's own build runs from), and a working
    # directory that holds nothing of the project's to shadow a module.
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [os.path.dirname(_HERE), os.environ.get("PYTHONPATH")]))
    )
    _run(cmd, "writing the type stubs (goarrow._stubs)", cwd=tmp, env=env)
    return {f"{cfg['package']}/{f}": os.path.join(out, f) for f in ("__init__.pyi", "py.typed")}


def _init_py(cfg: dict) -> str:
    with open(os.path.join(_sources(), "tools", "extension_init.py.tpl")) as f:
        text = f.read()
    for key, value in (("{module}", cfg["package"]), ("{summary}", cfg["summary"]), ("{version}", cfg["version"])):
        text = text.replace(key, value)
    return text


def _metadata(cfg: dict) -> str:
    """The METADATA (and the sdist's PKG-INFO) of the project."""
    readme = None
    if isinstance(cfg["readme"], str) and os.path.exists(os.path.join(cfg["root"], cfg["readme"])):
        with open(os.path.join(cfg["root"], cfg["readme"])) as f:
            readme = f.read()
    return _wheel.metadata(cfg["name"], cfg["version"], cfg["summary"], cfg["requires"], cfg["requires_python"], readme)


def _write(cfg: dict, out_dir: str, so: str, files: dict) -> str:
    return _wheel.write_wheel(
        out_dir, cfg["name"], cfg["version"], _wheel.wheel_tag(so, _wheel.abi_tag()), files, _metadata(cfg)
    )

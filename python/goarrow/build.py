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
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import tomllib

from . import _wheel

_HERE = os.path.dirname(os.path.abspath(__file__))
_GOARROW_MODULE = "github.com/goarrow/goarrow/go"


def _sources() -> str:
    """goarrow's Go module, C glue and templates: under _src/ in an installed goarrow, or the
    repository (or sdist) this file lies in, two levels up."""
    for root in (os.path.join(_HERE, "_src"), os.path.dirname(os.path.dirname(_HERE))):
        if os.path.exists(os.path.join(root, "go", "go.mod")) and os.path.exists(os.path.join(root, "python", "ext", "_goarrow.c")):
            return root
    raise BuildError(f"goarrow's sources are missing next to {_HERE}: reinstall goarrow")


# What goarrow's wheel ships under goarrow/_src (the same selection as //go:sources and
# //python:glue_sources in Bazel), relative to the sources' root.
def _shipped_sources(root: str) -> list[str]:
    out = ["go/go.mod", "go/go.sum", "tools/extension_init.py.tpl"]
    for d, exts in (("go/bridge", (".go",)), ("go/bridge/bridgetest", (".go",)), ("go/internal/cabi", (".go", ".h")),
                    ("go/internal/codec", (".go",)), ("go/internal/core", (".go",)), ("go/internal/registry", (".go",)),
                    ("go/functions", (".go",)), ("go/extension", (".go",)), ("go/cmd/goarrowgen", (".go",)), ("python/ext", (".c", ".h", ".map", ".bzl"))):
        for f in sorted(os.listdir(os.path.join(root, d))):
            if f.endswith(exts) and not f.endswith("_test.go"):
                out.append(f"{d}/{f}")
    return sorted(out)


class BuildError(SystemExit):
    """A message for the person running pip, and nothing else (no traceback from in here)."""

    def __init__(self, message: str):
        super().__init__(f"goarrow build: {message}")


# ---- PEP 517 hooks ----

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    cfg = _config()
    with tempfile.TemporaryDirectory(prefix="goarrow-build-") as tmp:
        so = _build_extension(cfg, tmp)
        files = {f"{cfg['package']}/{_wheel.extension_name()}": so}
        if cfg["python_sources"]:  # a package with Python of its own (goarrow itself)
            d = os.path.join(cfg["root"], cfg["python_sources"])
            for f in sorted(os.listdir(d)):
                if f.endswith((".py", ".pyi")) or f == "py.typed":
                    files[f"{cfg['package']}/{f}"] = os.path.join(d, f)
        else:
            files[f"{cfg['package']}/__init__.py"] = _init_py(cfg).encode()
        files.update(_stubs(cfg, so, tmp))
        if cfg["ship_sources"]:
            src = _sources()
            for rel in _shipped_sources(src):
                files[f"{cfg['package']}/_src/{rel}"] = os.path.join(src, rel)
        return os.path.basename(_write(cfg, wheel_directory, so, files))


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """An editable install: the shared object is built now into the source tree's package
    directory (rebuild with `pip install -e .` after a Go change); Python reads the tree."""
    cfg = _config()
    pkg_dir = os.path.join(cfg["root"], cfg["package"])
    os.makedirs(pkg_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="goarrow-build-") as tmp:
        so = _build_extension(cfg, tmp)
        shutil.copy(so, os.path.join(pkg_dir, _wheel.extension_name()))
    with open(os.path.join(pkg_dir, "__init__.py"), "w") as f:
        f.write(_init_py(cfg))
    with tempfile.TemporaryDirectory(prefix="goarrow-build-") as tmp:
        for dest, path in _stubs(cfg, os.path.join(pkg_dir, _wheel.extension_name()), tmp).items():
            shutil.copy(path, os.path.join(pkg_dir, os.path.basename(dest)))
    files = {f"__editable__.{cfg['package']}.pth": (cfg["root"] + "\n").encode()}
    return os.path.basename(_write(cfg, wheel_directory, os.path.join(pkg_dir, _wheel.extension_name()), files))


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
    return {"root": root, "name": project["name"], "version": project["version"], "package": package,
            "summary": project.get("description", f"Go functions on Arrow data ({package}, built with goarrow)"),
            "requires": project.get("dependencies", ["goarrow"]),
            "requires_python": project.get("requires-python", ">=3.11"),
            "module": module, "main": tool.get("main", "./extension"),
            "python_sources": tool.get("python-sources"), "ship_sources": bool(tool.get("ship-sources")),
            "readme": project.get("readme")}


def _version_of(root: str, tool: dict) -> str:
    """A dynamic version: `__version__ = "..."` in the __init__.py of [tool.goarrow]
    python-sources (goarrow's own, so that its version is written once)."""
    if not tool.get("python-sources"):
        raise BuildError("[project] dynamic = [\"version\"] needs [tool.goarrow] python-sources, whose "
                         "__init__.py sets __version__")
    init = os.path.join(root, tool["python-sources"], "__init__.py")
    with open(init) as f:
        m = re.search(r"^__version__ = [\"']([^\"']+)[\"']$", f.read(), re.M)
    if not m:
        raise BuildError(f"{init} sets no __version__ = \"...\" for the dynamic version")
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
        raise BuildError(f"no `go` on PATH: install Go {want} or later (https://go.dev/dl, or your "
                         f"package manager), or point GOARROW_GO at one")
    have = _run([go, "env", "GOVERSION"], f"`{go} env GOVERSION`").strip()
    version = tuple(int(x) for x in re.findall(r"\d+", have)[:2])
    if version < (1, 21):
        raise BuildError(f"{go} is {have}; {module}/go.mod needs go {want}. Install Go 1.21 or later "
                         f"(it fetches the release go.mod asks for itself)")
    return go


def _cc() -> str:
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        raise BuildError("no C compiler: install gcc (Debian/Ubuntu: apt install gcc; Fedora: dnf "
                         "install gcc) or set CC")
    return cc


def _build_extension(cfg: dict, tmp: str) -> str:
    go, cc = _go(cfg["module"]), _cc()
    src = _sources()
    goarrow_go = os.path.join(src, "go")
    # The caller's GOFLAGS are kept (build tags, say); -race cannot be used: ThreadSanitizer does
    # not start inside a Python process.
    env = dict(os.environ, CGO_ENABLED="1", GOFLAGS=f"{os.environ.get('GOFLAGS', '')} -mod=mod".strip(), CC=cc)
    # Registrations of the //goarrow:export functions, added to the build as an overlay.
    gen = os.path.join(tmp, "goarrowgen")
    _run([go, "build", "-o", gen, "./cmd/goarrowgen"], "building goarrowgen", cwd=goarrow_go, env=env)
    overlay = os.path.join(tmp, "overlay.json")
    _run([gen, "-overlay", overlay, cfg["module"]], "goarrowgen (the //goarrow:export functions)", cwd=cfg["module"])
    # The user's go.mod, pointed at the goarrow module shipped in this package.
    modfile = os.path.join(tmp, "go.mod")
    shutil.copy(os.path.join(cfg["module"], "go.mod"), modfile)
    if os.path.exists(os.path.join(cfg["module"], "go.sum")):
        shutil.copy(os.path.join(cfg["module"], "go.sum"), os.path.join(tmp, "go.sum"))
    _run([go, "mod", "edit", f"-replace={_GOARROW_MODULE}={goarrow_go}", modfile], "go mod edit", env=env)
    archive = os.path.join(tmp, "libextension.a")
    print(f"goarrow build: go build -buildmode=c-archive {cfg['main']} in {cfg['module']}", file=sys.stderr)
    _run([go, "build", "-buildmode=c-archive", "-trimpath", "-buildvcs=false", f"-modfile={modfile}",
          f"-overlay={overlay}", "-o", archive, cfg["main"]], f"`go build` of {cfg['main']}", cwd=cfg["module"], env=env)
    # goarrow's C glue, against the limited API (not on free-threaded CPython, which has none
    # before 3.15), linked with the archive into one shared object.
    include = sysconfig.get_paths()["include"]
    api = [f"-D{define}" for define in _wheel.limited_api_defines()]
    objs = []
    for c in ("python/ext/_goarrow.c", "python/ext/function.c", "python/ext/interrupt.c", "python/ext/signals.c"):
        obj = os.path.join(tmp, os.path.basename(c) + ".o")
        _run([cc, "-O2", "-fPIC", *api, f"-I{include}", f"-I{src}", "-c",
              os.path.join(src, c), "-o", obj], f"compiling {c}")
        objs.append(obj)
    # The archive whole, then the flags Bazel's python_extension links with too (link.bzl):
    # exported, PyInit__goarrow only, so that several extensions, each with its own Go runtime,
    # live in one process without a symbol of one resolving to another's.
    so = os.path.join(tmp, _wheel.extension_name())
    _run([cc, "-shared", "-o", so, *objs, "-Wl,--whole-archive", archive, "-Wl,--no-whole-archive",
          *_linkopts(src)], "linking the extension")
    return so


def _linkopts(src: str) -> list[str]:
    """The extension's linker flags: EXTENSION_LINKOPTS of python/ext/link.bzl, the list Bazel's
    python_extension loads (a Starlark file, but that assignment is a Python literal)."""
    path = os.path.join(src, "python", "ext", "link.bzl")
    with open(path) as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["EXTENSION_LINKOPTS"]:
            exports_map = os.path.join(src, "python", "ext", "exports.map")
            return [opt.format(exports_map=exports_map) for opt in ast.literal_eval(node.value)]
    raise BuildError(f"{path} has no EXTENSION_LINKOPTS: reinstall goarrow")


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
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [os.path.dirname(_HERE), os.environ.get("PYTHONPATH")])))
    _run(cmd, "writing the type stubs (goarrow._stubs)", cwd=tmp, env=env)
    return {f"{cfg['package']}/{f}": os.path.join(out, f) for f in ("__init__.pyi", "py.typed")}


def _init_py(cfg: dict) -> str:
    with open(os.path.join(_sources(), "tools", "extension_init.py.tpl")) as f:
        text = f.read()
    for key, value in (("{module}", cfg["package"]), ("{summary}", cfg["summary"]), ("{version}", cfg["version"])):
        text = text.replace(key, value)
    return text


def _write(cfg: dict, out_dir: str, so: str, files: dict) -> str:
    readme = None
    if isinstance(cfg["readme"], str) and os.path.exists(os.path.join(cfg["root"], cfg["readme"])):
        with open(os.path.join(cfg["root"], cfg["readme"])) as f:
            readme = f.read()
    meta = _wheel.metadata(cfg["name"], cfg["version"], cfg["summary"], cfg["requires"], cfg["requires_python"], readme)
    return _wheel.write_wheel(out_dir, cfg["name"], cfg["version"], _wheel.wheel_tag(so, _wheel.abi_tag()), files, meta)

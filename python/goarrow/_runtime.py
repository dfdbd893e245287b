"""The process's goarrow extensions: loading them, and which one goarrow.fn / call / functions /
stats mean.

Every goarrow extension (goarrow's own built-ins, or a package built with go_arrow_extension or
goarrow's build backend) is one shared object holding Go code, the bridge and a Go runtime. Any
number of them load into one process on Linux, each with its own Go runtime: each shared object
exports nothing but its module's init (python/ext/exports.map) and resolves all its own symbols
(-Bsymbolic), Python opens each with RTLD_LOCAL, and every piece of state on this side (call
binding, type cache, exceptions, function registry) is the extension's own (_call.Extension).

The first extension loaded is the process's default: goarrow.fn, call, functions, stats and
set_memory_limit reach it (goarrow's built-ins, if goarrow.fn is used before any extension is
loaded). Each package's own fn, call, functions and stats reach that package's extension.

Refused, with an ImportError naming the cause, when a second Go runtime would load:
GOARROW_SINGLE_RUNTIME=1 (one runtime per process, as before this release), an operating system
other than Linux, and sys.setdlopenflags() with RTLD_GLOBAL (for this load or the ones before).

The extensions are recorded in sys.modules (not only here), so that a Go program hosting Python
(go/pyhost) can claim the process too, before any of this is imported; then no extension loads.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import types

from . import _call, _kinds
from ._call import Extension

# The C glue's interface to this Python code (goarrow.h and python/ext). An extension built from
# another goarrow release with a different ABI is refused with a message saying what to rebuild.
ABI_VERSION = _kinds.ABI_VERSION  # GOARROW_ABI_VERSION in go/internal/cabi/goarrow.h

_KEY = "_goarrow_go_runtime"
SINGLE_RUNTIME_ENV = "GOARROW_SINGLE_RUNTIME"
_lock = threading.RLock()
_loaded: dict[str, Extension] = {}  # in load order; the first is the default
_global_loads: list[str] = []  # packages whose extension was opened with RTLD_GLOBAL
_validation_full: bool | None = None  # goarrow.set_validation's last mode, for later loads


def holder() -> str | None:
    """The package whose extension is this process's default (the first loaded), or None."""
    h = sys.modules.get(_KEY)
    return None if h is None else h.package


def packages() -> list[str]:
    """The packages whose extensions are loaded, in load order."""
    return list(_loaded)


def extensions() -> dict[str, Extension]:
    return dict(_loaded)


def load(package: str) -> Extension:
    """Load `package`'s extension (`package._goarrow`), its own Go runtime; idempotent."""
    if package not in _loaded:
        # The package first, outside _lock: its generated __init__.py loads the extension itself,
        # and a thread importing the package holds its module lock, which importing
        # package._goarrow under _lock here would wait for while that thread waits for _lock.
        importlib.import_module(package)
        if package in _loaded:
            return _loaded[package]
    with _lock:
        if package in _loaded:
            return _loaded[package]
        record = sys.modules.get(_KEY)
        if record is not None and not hasattr(record, "packages"):
            raise ImportError(
                f"cannot load the Go extension of {package!r}: {record.package} holds this process "
                f"(a goarrow extension's Go runtime is not loaded next to a Go program's own)"
            )
        if _call.forked_with_runtime():
            raise RuntimeError(_call.FORK_MESSAGE)
        flags = sys.getdlopenflags()
        running = [] if record is None else record.packages  # Go runtimes started, checked or not
        if running:
            _refuse_second(package, running, flags)
        if record is None:
            record = types.ModuleType(_KEY)
            record.package = package  # type: ignore[attr-defined]  the default
            record.packages = []  # type: ignore[attr-defined]
            sys.modules[_KEY] = record
        try:
            ext = importlib.import_module(package + "._goarrow")
        except BaseException:
            # The shared object was not opened (or dlopen refused it before its constructors
            # ran), so no Go runtime started.
            if not _loaded:
                sys.modules.pop(_KEY, None)
            raise
        if package in _loaded:
            # Importing package._goarrow imported the package first, and its __init__.py (the
            # generated one calls goarrow.extension(__name__)) loaded it already.
            return _loaded[package]
        # From here on the extension's Go runtime is running (a c-archive starts it from the
        # shared object's constructor), so it counts as loaded even if the check refuses it.
        record.packages.append(package)  # type: ignore[attr-defined]
        if flags & getattr(os, "RTLD_GLOBAL", 0):
            _global_loads.append(package)
        _check(package, ext)
        e = Extension(package, ext)
        ext._set_exceptions(e.GoError, e.GoPanic, e.Cancelled, threading.main_thread().ident)
        if _validation_full is not None:
            e._set_validation(_validation_full)
        _loaded[package] = e
        _call._extensions.append(e)
        return e


def _refuse_second(package: str, running: list[str], flags: int) -> None:
    loaded = ", ".join(repr(p) for p in running)
    where = f"cannot load the Go extension of {package!r} next to {loaded}: each holds a Go runtime"
    if os.environ.get(SINGLE_RUNTIME_ENV, "") not in ("", "0"):
        raise ImportError(
            f"{where}, and {SINGLE_RUNTIME_ENV}={os.environ[SINGLE_RUNTIME_ENV]} allows one Go runtime "
            f"per process. Unset it, or build the Go packages of both into one extension (one main "
            f"package that imports all of them) and import that."
        )
    if not sys.platform.startswith("linux"):
        raise ImportError(
            f"{where}, and several Go runtimes in one process are supported on Linux only (on "
            f"{sys.platform}, Go runtimes in one process are known to crash: golang/go#65050). "
            f"Build the Go packages of both into one extension and import that."
        )
    rtld_global = getattr(os, "RTLD_GLOBAL", 0)
    if flags & rtld_global or _global_loads:
        who = f"{package!r} would be" if flags & rtld_global else ", ".join(repr(p) for p in _global_loads) + " was"
        raise ImportError(
            f"{where}, and {who} opened with RTLD_GLOBAL (sys.setdlopenflags): goarrow loads several "
            f"Go runtimes only when every extension is opened RTLD_LOCAL, Python's default, so that "
            f"no library can bind to one extension's symbols. Remove the sys.setdlopenflags call "
            f"(or restore the flags before importing goarrow packages)."
        )


def default() -> Extension:
    """The extension goarrow.fn, call, functions and stats reach: the first one loaded, or
    goarrow's built-ins, loaded now, if none is."""
    if _loaded:
        return next(iter(_loaded.values()))
    if _call.forked_with_runtime():
        raise RuntimeError(_call.FORK_MESSAGE)
    record = sys.modules.get(_KEY)
    if record is not None and not hasattr(record, "packages"):
        raise ImportError(f"goarrow cannot use a Go runtime: {record.package} holds this process")
    try:
        return load("goarrow")
    except ModuleNotFoundError as e:
        if e.name != "goarrow._goarrow":
            raise
        raise ImportError(
            "no goarrow extension is loaded and goarrow's built-in functions are not installed "
            "in this build: import your extension package (the one go_arrow_extension or "
            "goarrow's build backend made) before using goarrow.fn, call, functions or stats"
        ) from None


def set_validation_all(full: bool) -> bool:
    """Full or structural validation for every loaded extension and those loaded later; returns
    the previous mode of the default."""
    global _validation_full
    with _lock:
        prev = default()._set_validation(full)
        for e in _loaded.values():
            e._set_validation(full)
        _validation_full = full
        return prev


def _check(package: str, ext: types.ModuleType) -> None:
    abi = getattr(ext, "ABI_VERSION", None)
    if abi != ABI_VERSION:
        raise ImportError(
            f"{package}._goarrow speaks goarrow ABI {abi}, but the installed goarrow package speaks "
            f"ABI {ABI_VERSION}: rebuild {package!r} against this goarrow release"
        )
    for name, value in _kinds.ALL.items():
        if getattr(ext, name, None) != value:
            raise ImportError(f"{package}._goarrow numbers {name} differently from goarrow; rebuild it")
    errors = ext.registration_errors()
    if errors:
        raise ImportError(f"{package}: Go functions registered wrongly, fix them and rebuild:\n{errors}")

"""The process's one Go runtime: which goarrow extension holds it, and loading it.

Every goarrow extension (goarrow's own built-ins, or a package built with go_arrow_extension or
goarrow's build backend) is one shared object holding Go code, the bridge and a Go runtime. Go
supports one runtime per process, so the first extension loaded is the process's runtime, and
goarrow.fn / call / functions / stats talk to it. Loading a second raises ImportError before its
shared object is opened.

The holder is recorded in sys.modules (not only here), so that a Go program hosting Python
(go/pyhost) can claim the runtime too, before any of this is imported.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types

from . import _call, _kinds
from ._errors import Cancelled, GoError, GoPanic

# The C glue's interface to this Python code (goarrow.h and python/ext). An extension built from
# another goarrow release with a different ABI is refused with a message saying what to rebuild.
ABI_VERSION = _kinds.ABI_VERSION  # GOARROW_ABI_VERSION in go/internal/core/goarrow.h

_KEY = "_goarrow_go_runtime"
_lock = threading.Lock()


def holder() -> str | None:
    """The package that holds this process's Go runtime, or None."""
    h = sys.modules.get(_KEY)
    return None if h is None else h.package


def load(package: str) -> None:
    """Make `package`'s extension (`package._goarrow`) this process's Go runtime.

    Idempotent for the package that holds it; ImportError for any other.
    """
    with _lock:
        current = holder()
        if current == package:
            return
        if current is not None:
            raise ImportError(
                f"cannot load the Go extension of {package!r}: {current!r} is already loaded, and "
                f"each contains a Go runtime; only one Go runtime can live in a process. Build the "
                f"Go packages of both into one extension (one main package that imports all of "
                f"them) and import that."
            )
        if _call.forked_with_runtime():
            raise RuntimeError(_call.FORK_MESSAGE)
        record = types.ModuleType(_KEY)
        record.package = package  # type: ignore[attr-defined]
        sys.modules[_KEY] = record
        try:
            ext = importlib.import_module(package + "._goarrow")
        except BaseException:
            # The shared object was not opened (or dlopen refused it before its constructors
            # ran), so no Go runtime started: free the slot.
            del sys.modules[_KEY]
            raise
        # From here on the extension's Go runtime is running (a c-archive starts it from the
        # shared object's constructor), so the slot stays taken even if the check refuses it.
        _check(package, ext)
        ext._set_exceptions(GoError, GoPanic, Cancelled, threading.main_thread().ident)
        _call.bind(ext, package)


def ensure() -> None:
    """Load goarrow's built-in extension if no extension holds the runtime yet."""
    if holder() is None:
        try:
            load("goarrow")
        except ModuleNotFoundError as e:
            if e.name != "goarrow._goarrow":
                raise
            raise ImportError(
                "no goarrow extension is loaded and goarrow's built-in functions are not installed "
                "in this build: import your extension package (the one go_arrow_extension or "
                "goarrow's build backend made) before using goarrow.fn, call, functions or stats"
            ) from None
    elif _call.bound_package() != holder():
        raise ImportError(
            f"goarrow cannot use the Go runtime: {holder()!r} holds it in this process"
        )


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

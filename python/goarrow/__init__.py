"""goarrow: call Go functions on Arrow data in the same process, without copying it.

    import goarrow, pyarrow as pa
    arr = pa.array([1.5, 2.5, None])
    goarrow.fn.sum(arr)             # 4.0, computed in Go on pyarrow's buffers
    goarrow.call("echo", arr)       # a pyarrow.Array pointing at the same buffers

goarrow is the Python runtime of every goarrow extension: a package built from your Go module
(with go_arrow_extension or goarrow's build backend) holds a shared object and a few lines that
call load_extension. One Go runtime lives in a process, so goarrow.fn, call, functions and stats
reach the extension that was loaded; with none loaded they load goarrow's built-in functions.
Importing goarrow itself starts no Go runtime.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._errors import Cancelled, GoError, GoPanic

__version__ = "0.2.0"

# The runtime's public names, imported from _call on first use (PEP 562), not here: _call needs
# pyarrow and numpy, and `import goarrow.build` (the PEP 517 backend, imported by pip in a build
# environment) must not. The names are the same objects either way.
_FROM_CALL = ("call", "fn", "functions", "stats", "set_memory_limit", "set_validation", "full_validation")

if TYPE_CHECKING:
    from ._call import _Namespace, call, fn, full_validation, functions, set_memory_limit, set_validation, stats


def __getattr__(name: str) -> Any:
    if name not in _FROM_CALL:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("._call", __name__), name)
    globals()[name] = value  # once: later lookups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FROM_CALL))


def load_extension(package: str) -> _Namespace:
    """Load `package._goarrow` as this process's Go runtime and return its `fn` namespace.

    The generated __init__.py of an extension package calls this with its own __name__. Raises
    ImportError if another extension already holds the process's Go runtime.
    """
    from . import _call, _runtime

    _runtime.load(package)
    return _call._Namespace(package)


__all__ = [
    "call", "fn", "functions", "stats", "load_extension", "set_memory_limit", "set_validation",
    "full_validation", "GoError", "GoPanic", "Cancelled",
]

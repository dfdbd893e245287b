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

from ._call import _Namespace, call, fn, full_validation, functions, set_memory_limit, set_validation, stats
from ._errors import Cancelled, GoError, GoPanic
from . import _runtime


def load_extension(package: str) -> _Namespace:
    """Load `package._goarrow` as this process's Go runtime and return its `fn` namespace.

    The generated __init__.py of an extension package calls this with its own __name__. Raises
    ImportError if another extension already holds the process's Go runtime.
    """
    _runtime.load(package)
    return _Namespace(package)


__all__ = [
    "call", "fn", "functions", "stats", "load_extension", "set_memory_limit", "set_validation",
    "full_validation", "GoError", "GoPanic", "Cancelled",
]
__version__ = "0.2.0"

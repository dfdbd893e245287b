"""goarrow: call Go functions on Arrow data in the same process, without copying it.

    import goarrow, pyarrow as pa
    arr = pa.array([1.5, 2.5, None])
    goarrow.fn.sum(arr)             # 4.0, computed in Go on pyarrow's buffers
    goarrow.call("echo", arr)       # a pyarrow.Array pointing at the same buffers

See goarrow.functions() for what the loaded Go module registers.
"""

import sys
import threading
import types

# One Go runtime per process: goarrow, and every package built with go_arrow_extension, carries
# one. Refuse a second before its shared object is even loaded: loading it would start a second
# Go runtime in the process, which Go does not support.
_RUNTIME = "_goarrow_go_runtime"
if _RUNTIME in sys.modules and sys.modules[_RUNTIME].package != __name__:
    _other = sys.modules[_RUNTIME].package
    raise ImportError(
        f"cannot import {__name__!r}: {_other!r} is already loaded, and each contains a Go runtime; "
        f"only one Go runtime can live in a process. Build the Go packages of both into one "
        f"extension (one go_arrow_extension whose main package imports all of them) and import that."
    )
sys.modules.setdefault(_RUNTIME, types.ModuleType(_RUNTIME)).package = __name__

from . import _goarrow  # noqa: E402
from ._call import call, fn, functions, stats
from ._errors import Cancelled, GoError, GoPanic

_goarrow._set_exceptions(GoError, GoPanic, Cancelled, threading.main_thread().ident)

__all__ = ["call", "fn", "functions", "stats", "GoError", "GoPanic", "Cancelled"]
__version__ = "0.1.0"

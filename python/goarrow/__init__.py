"""goarrow: call Go functions on Arrow data in the same process, without copying it.

    import goarrow, pyarrow as pa
    arr = pa.array([1.5, 2.5, None])
    goarrow.fn.sum(arr)             # 4.0, computed in Go on pyarrow's buffers
    goarrow.call("echo", arr)       # a pyarrow.Array pointing at the same buffers

See goarrow.functions() for what the loaded Go module registers.
"""

import threading

from . import _goarrow
from ._call import call, fn, functions, stats
from ._errors import Cancelled, GoError, GoPanic

_goarrow._set_exceptions(GoError, GoPanic, Cancelled, threading.main_thread().ident)

__all__ = ["call", "fn", "functions", "stats", "GoError", "GoPanic", "Cancelled"]
__version__ = "0.1.0"

"""{summary}

Go functions on Arrow data, built with goarrow: `{module}.fn.<name>(...)`, `help({module}.fn.<name>)`,
`{module}.call(name, ...)`, `{module}.functions()`, `{module}.stats()`. Errors raise {module}.GoError
({module}.GoPanic for a panic), subclasses of goarrow.GoError (goarrow.GoPanic). Importing this
package loads its own Go runtime, next to those of any other goarrow package in the process.
"""

# Not `import goarrow as _goarrow`: loading sets this package's attribute _goarrow to the
# extension module itself.
from goarrow import extension as _extension

_ext = _extension(__name__)
fn, call, functions, stats, set_memory_limit = _ext.fn, _ext.call, _ext.functions, _ext.stats, _ext.set_memory_limit
GoError, GoPanic, Cancelled = _ext.GoError, _ext.GoPanic, _ext.Cancelled
del _extension

__version__ = "{version}"
__all__ = ["fn", "call", "functions", "stats", "set_memory_limit", "GoError", "GoPanic", "Cancelled"]

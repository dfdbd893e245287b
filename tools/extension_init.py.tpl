"""{summary}

Go functions on Arrow data, built with goarrow: `{module}.fn.<name>(...)`, `help({module}.fn.<name>)`,
`{module}.functions()`. Errors raise goarrow.GoError (GoPanic for a panic). Importing this package
loads its Go runtime; a process holds one, so it cannot also load another goarrow extension.
"""

# Not `import goarrow as _goarrow`: loading sets this package's attribute _goarrow to the
# extension module itself.
from goarrow import call, functions, load_extension, stats

fn = load_extension(__name__)
del load_extension

__version__ = "{version}"
__all__ = ["fn", "call", "functions", "stats"]

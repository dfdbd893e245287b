"""goarrow: call Go functions on Arrow data in the same process, without copying it.

    import goarrow, pyarrow as pa
    arr = pa.array([1.5, 2.5, None])
    goarrow.fn.sum(arr)             # 4.0, computed in Go on pyarrow's buffers
    goarrow.call("echo", arr)       # a pyarrow.Array pointing at the same buffers

goarrow is the Python runtime of every goarrow extension: a package built from your Go module
(with go_arrow_extension or goarrow's build backend) holds a shared object with its own Go
runtime, and a few lines that call goarrow.extension. Any number of such packages load into one
process (Linux), each with its own fn, call, functions and stats. goarrow.fn, call, functions,
stats and set_memory_limit reach the process's default extension: the first one loaded, or
goarrow's built-in functions, loaded on first use, if none is. goarrow.extensions() lists them
all. Importing goarrow itself starts no Go runtime.
"""

from __future__ import annotations

import contextlib
import importlib
from typing import TYPE_CHECKING, Any, Iterator

from ._errors import Cancelled, GoError, GoPanic

__version__ = "0.2.0"

if TYPE_CHECKING:
    from ._call import Extension, Namespace

# _runtime and _call need pyarrow and numpy, and `import goarrow.build` (the PEP 517 backend,
# imported by pip in a build environment) must not: they are imported on first use, by the
# functions below and, for `fn`, by __getattr__ (PEP 562).


def _rt():  # noqa: ANN202  (not "_runtime": importing the submodule sets that attribute)
    return importlib.import_module("._runtime", __name__)


def __getattr__(name: str) -> Any:
    # fn: the default extension's functions as attributes, e.g. goarrow.fn.sum(arr); dotted
    # names are nested ("debug.sleep" is fn.debug.sleep). The default is the first extension
    # loaded in the process, or goarrow's built-ins if fn is used before any is. With several
    # packages loaded, use each one's own fn (jsonpath_go.fn.json_get).
    if name != "fn":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from ._call import Namespace

    value = Namespace(_rt().default, "goarrow")
    g = globals()
    g["fn"] = value  # once: later lookups are a plain module attribute
    # Then this hook goes: CPython does not specialize attribute loads on a module that has a
    # __getattr__, so goarrow.fn.name(...) would take the generic lookup at every call, and on
    # free-threaded CPython that counts a reference to fn with an atomic add on the object both
    # threads share. Without the hook, a miss raises the same AttributeError.
    g.pop("__getattr__", None)
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"fn"})


def extension(package: str) -> Extension:
    """Load `package._goarrow` (its own Go runtime) if it is not loaded yet and return its
    Extension: .fn, .call, .functions, .stats, .set_memory_limit, and its exception classes
    .GoError, .GoPanic, .Cancelled (subclasses of goarrow's). An extension package's generated
    __init__.py calls this with its own __name__.

    Raises ImportError where a second Go runtime is refused (see docs/guarantees.md): with
    GOARROW_SINGLE_RUNTIME=1, off Linux, or with RTLD_GLOBAL in sys.getdlopenflags().
    """
    return _rt().load(package)


def load_extension(package: str) -> Namespace:
    """Load `package._goarrow` and return its `fn` namespace (extension(package).fn)."""
    return _rt().load(package).fn


def extensions() -> dict[str, Extension]:
    """The loaded extensions by package, in load order; the first is the default."""
    return _rt().extensions()


def call(name: str, /, *args: Any, **kwargs: Any) -> Any:
    """Call the default extension's Go function registered as `name` with Arrow data or scalars
    (pkg.call for a given package's).

    Arrow arguments (anything with __arrow_c_array__ / __arrow_c_stream__ / __arrow_c_schema__,
    or a 1-D numpy array) are passed without copying; Arrow results come back as pyarrow objects
    that point at Go's memory.
    """
    return _rt().default().call(name, *args, **kwargs)


def functions() -> list[dict[str, Any]]:
    """Describe the default extension's Go functions (pkg.functions() for a given package's):
    name, doc, parameters (with their Go and Python types) and result."""
    return _rt().default().functions()


def stats() -> dict[str, Any]:
    """The default extension's Go runtime's counters (pkg.stats() for a given package's; each
    extension has its own runtime, allocator and counters): c_allocated_bytes (C memory held by
    arrays Go built and not yet released by either side), go_heap_bytes, goroutines,
    calls_total, calls_live, functions, and go_version (the Go release the extension was built
    with)."""
    return _rt().default().stats()


def set_memory_limit(limit: int | None) -> int | None:
    """Cap the C memory that the default extension's Go results and working buffers may hold at
    once, in bytes (None: no cap); pkg.set_memory_limit for a given package's. Each extension has
    its own cap. A Go allocation past it raises MemoryError from the call, with everything the
    call had built freed; so does a failing malloc. Returns the previous cap. GOARROW_MEMORY_LIMIT
    (e.g. "2GiB") sets it for each extension when it loads. The Go heap is not covered: Go ends
    the process when it cannot grow its heap."""
    return _rt().default().set_memory_limit(limit)


def set_validation(mode: str) -> str:
    """How Arrow arguments are checked before a Go function sees them, for every call into every
    loaded extension (and those loaded later): "structural" (the default: O(1) per array, buffer
    sizes, end offsets, child lengths) or "full" (O(n): every offset, dictionary index and run
    end, UTF-8, null counts). A failure raises ValueError naming the argument, column, index and
    rule. Returns the previous mode (the default extension's). GOARROW_VALIDATE=full sets "full"
    when an extension loads. For one call, use full_validation()."""
    if mode not in ("structural", "full"):
        raise ValueError(f'mode must be "structural" or "full", got {mode!r}')
    return "full" if _rt().set_validation_all(mode == "full") else "structural"


@contextlib.contextmanager
def full_validation() -> Iterator[None]:
    """Within the block, calls made on this thread into any loaded extension check their
    arguments fully (see set_validation)."""
    _rt().default()
    exts = list(_rt().extensions().values())
    prev = [e._ext._set_call_flags(e._ext.VALIDATE_FULL) for e in exts]
    try:
        yield
    finally:
        for e, p in zip(exts, prev):
            e._ext._set_call_flags(p)


__all__ = [
    "call",
    "fn",
    "functions",
    "stats",
    "extension",
    "extensions",
    "load_extension",
    "set_memory_limit",
    "set_validation",
    "full_validation",
    "GoError",
    "GoPanic",
    "Cancelled",
]

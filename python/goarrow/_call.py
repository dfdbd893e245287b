"""The calling API: one Extension per loaded goarrow extension (its call(), functions(), fn,
stats(), type cache and exceptions), and the process-wide fork guard."""

from __future__ import annotations

import inspect
import json
import os
import threading
from typing import Any, Callable

from . import _errors
from ._from_go import Results, import_array, import_batch
from ._to_go import C_KINDS, to_go

FORK_MESSAGE = (
    "goarrow cannot be used in a process forked after a Go extension was loaded: the Go runtime does not "
    "survive fork() (the child has none of its threads). Start worker processes with the 'spawn' "
    "or 'forkserver' start method instead, e.g. multiprocessing.get_context('spawn') or "
    "ProcessPoolExecutor(mp_context=multiprocessing.get_context('spawn'))."
)
_forked = False


# Every extension loaded in this process, in load order (_runtime adds them).
_extensions: list["Extension"] = []


def forked_with_runtime() -> bool:
    return _forked


def _after_fork_in_child() -> None:
    # A child forked after an extension was loaded has none of the Go runtimes' threads: its calls
    # raise instead of waiting forever on them. A fork before any extension was loaded (say, a
    # Spark daemon that imported goarrow but never called Go) leaves the child free to load one.
    global _forked
    if _extensions:
        _forked = True
        for e in _extensions:
            e._ext._forked(FORK_MESSAGE)


os.register_at_fork(after_in_child=_after_fork_in_child)


def _exceptions(package: str) -> tuple[type, type, type]:
    """The package's own GoError, GoPanic and Cancelled: subclasses of goarrow's, so `except
    goarrow.GoError` catches every extension's errors and `except pkg.GoError` only pkg's.
    goarrow's own built-ins raise goarrow's classes themselves (they are goarrow.GoError, ...)."""
    if package == "goarrow":
        return _errors.GoError, _errors.GoPanic, _errors.Cancelled

    def make(name: str, *bases: type) -> type:
        cls = type(
            name,
            bases,
            {
                "__module__": package,
                "__qualname__": name,
                "__doc__": f"{bases[-1].__doc__}\n\nRaised by {package}'s Go functions.",
            },
        )
        return cls

    error = make("GoError", _errors.GoError)
    return error, make("GoPanic", error, _errors.GoPanic), make("Cancelled", error, _errors.Cancelled)


class Extension:
    """One loaded goarrow extension: a package's shared object with its own Go runtime.

    `fn`, `call`, `functions`, `stats`, `set_memory_limit` reach this extension's Go functions
    and runtime only. A package built with goarrow exposes them as `pkg.fn`, `pkg.call`, ...;
    goarrow.extensions() lists every loaded one.
    """

    def __init__(self, package: str, ext: Any):
        self.package = package
        self._ext = ext
        self._results = Results(ext.type_known)
        self.GoError, self.GoPanic, self.Cancelled = _exceptions(package)
        # What the C callables (python/ext/gofunction.c) hand to Python: arguments it does not
        # convert itself, results of a type it has not imported before.
        ext._set_support(to_go, C_KINDS, self._results.types, self._results.table, import_array, import_batch)
        if _forked:
            ext._forked(FORK_MESSAGE)
        self._lock = threading.Lock()
        self._functions: dict[str, Callable[..., Any]] | None = None
        self.fn = Namespace(lambda: self, package)

    def __repr__(self) -> str:
        return f"<goarrow extension {self.package!r}>"

    # ---- the registry ----

    def _check_fork(self) -> None:
        if _forked:
            raise RuntimeError(FORK_MESSAGE)

    def registry(self) -> dict[str, Callable[..., Any]]:
        self._check_fork()
        if self._functions is None:
            with self._lock:
                if self._functions is None:
                    self._functions = {d["name"]: self._go_function(d) for d in json.loads(self._ext.functions())}
        return self._functions

    def _get(self, name: str) -> Callable[..., Any]:
        if not isinstance(name, str):
            raise TypeError(f"function name must be a str, got {type(name).__name__}")
        try:
            return self.registry()[name]
        except KeyError:
            known = ", ".join(sorted(self.registry()))
            raise LookupError(f"no Go function named {name!r} in {self.package}; registered: {known}") from None

    def _go_function(self, desc: dict[str, Any]) -> Callable[..., Any]:
        """A registered Go function as a C-level callable (python/ext/gofunction.c: it binds and
        converts the arguments, calls Go and imports the result), with its Go doc and signature."""
        name = desc["name"]
        params = tuple(p["name"] for p in desc["params"])
        ew = desc.get("elementwise")
        # An element-wise function's options (errors=, threads=) follow its parameters, keyword
        # only, None when not given (the Go side then uses its default).
        options = tuple(ew["options"]) if ew else ()
        go_function = self._ext._function(self._ext.lookup(name), name, params + options, len(params))
        # The package's own name and fn.<name>: help() shows where the function lives, and pickle
        # finds it again by reference (`package.fn.name`) in another process.
        go_function.__name__ = name.rpartition(".")[2]
        go_function.__qualname__ = "fn." + name
        go_function.__module__ = self.package
        go_function.__doc__ = desc["doc"] + (_elementwise_doc(desc) if ew else "")
        go_function.__signature__ = inspect.Signature(
            [
                inspect.Parameter(p["name"], inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=p["python"])
                for p in desc["params"]
            ]
            + [
                inspect.Parameter(
                    o, inspect.Parameter.KEYWORD_ONLY, default=_OPTION_DEFAULTS[o], annotation=_OPTION_ANNOTATIONS[o]
                )
                for o in options
            ],
            return_annotation=desc["python_result"],
        )
        go_function._goarrow_desc = desc
        return go_function

    # ---- the API ----

    def call(self, name: str, /, *args: Any, **kwargs: Any) -> Any:
        """Call this extension's Go function registered as `name` with Arrow data or scalars.

        Arrow arguments (anything with __arrow_c_array__ / __arrow_c_stream__ / __arrow_c_schema__,
        or a 1-D numpy array) are passed without copying; Arrow results come back as pyarrow
        objects that point at Go's memory.
        """
        return self._get(name)(*args, **kwargs)

    def functions(self) -> list[dict[str, Any]]:
        """Describe this extension's Go functions: name, doc, parameters (with their Go and
        Python types) and result."""
        self._check_fork()
        return json.loads(self._ext.functions())

    def stats(self) -> dict[str, Any]:
        """This extension's Go runtime's counters: c_allocated_bytes (C memory held by arrays its
        Go built and not yet released by either side), go_heap_bytes, goroutines, calls_total,
        calls_live, functions, and go_version (the Go release the extension was built with)."""
        self._check_fork()
        return json.loads(self._ext.stats())

    def set_memory_limit(self, limit: int | None) -> int | None:
        """Cap the C memory this extension's Go results and working buffers may hold at once, in
        bytes (None: no cap); see goarrow.set_memory_limit. Returns the previous cap."""
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be a byte count >= 0 or None, got {limit!r}")
        self._check_fork()
        return self._ext.set_memory_limit(limit or 0) or None

    def _set_validation(self, full: bool) -> bool:
        self._check_fork()
        return bool(self._ext.set_validation(full))


_OPTION_DEFAULTS = {"errors": "raise", "threads": None}
_OPTION_ANNOTATIONS = {"errors": 'Literal["raise", "null"]', "threads": "int | None"}


def _elementwise_doc(desc: dict[str, Any]) -> str:
    """What help() adds for an element-wise function: that it runs per row, and the Arrow types."""
    ew = desc["elementwise"]
    params = ", ".join(f"{p['name']}: {t}" for p, t in zip(desc["params"], ew["arrow_params"]))
    lines = [
        "",
        "",
        f"Element-wise: {desc['name'].rpartition('.')[2]}({params}) -> {ew['arrow_result']}, row by row.",
        "Each argument is a column (pyarrow Array or ChunkedArray, numpy array, polars Series, any",
        "Arrow PyCapsule producer) or a scalar, broadcast to every row; columns have the same length.",
        "An Array in gives an Array out, a ChunkedArray in a ChunkedArray out. A null in an argument",
        "makes the row null"
        + (" (pointer parameters see nulls)." if any(p["go_type"].startswith("*") for p in desc["params"]) else "."),
        'errors="null": a row whose call returns an error is null instead of raising.',
    ]
    if ew["parallel"]:
        lines.append("threads=N: at most N goroutines for large inputs (default: GOMAXPROCS).")
    return "\n".join(lines)


class Namespace:
    """Every registered Go function of one extension as an attribute, e.g. jsonpath_go.fn.json_get(col).
    Dotted names are nested: "debug.sleep" is fn.debug.sleep."""

    def __init__(self, extension: Callable[[], Extension], owner: str, prefix: str = ""):
        self._extension = extension  # called on first use: goarrow.fn picks its extension then
        self._owner = owner
        self._prefix = prefix

    def _names(self) -> list[str]:
        p = self._prefix
        return sorted({n[len(p) :].split(".")[0] for n in self._extension().registry() if n.startswith(p)})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        full = self._prefix + name
        ext = self._extension()
        reg = ext.registry()
        if full in reg:
            found: Any = reg[full]
        elif any(n.startswith(full + ".") for n in reg):
            found = Namespace(lambda: ext, self._owner, full + ".")
        else:
            found = None
        if found is not None:
            setattr(self, name, found)  # later lookups skip __getattr__ (the registry is fixed)
            # pkg.fn.name(...) loads this namespace at every call, from every thread: on
            # free-threaded CPython without counting its references (python/ext/gofunction.c).
            ext._ext._defer_refcount(self)
            return found
        raise AttributeError(f"no Go function named {full!r} in {ext.package}; registered: {', '.join(sorted(reg))}")

    def __dir__(self) -> list[str]:
        return self._names()

    def __repr__(self) -> str:
        where = self._owner + ".fn" + ("." + self._prefix[:-1] if self._prefix else "")
        return f"<{where}: {', '.join(self._names())}>"

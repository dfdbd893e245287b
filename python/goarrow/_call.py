"""The public calling API: call(), functions(), fn, stats()."""

from __future__ import annotations

import contextlib
import inspect
import json
import keyword
import os
import threading
from typing import Any, Callable, Iterator

from . import _from_go, _runtime
from ._from_go import _IMPORT
from ._to_go import _PLAIN_BY_TYPE, to_go

FORK_MESSAGE = (
    "goarrow cannot be used in a process forked after a Go extension was loaded: the Go runtime does not "
    "survive fork() (the child has none of its threads). Start worker processes with the 'spawn' "
    "or 'forkserver' start method instead, e.g. multiprocessing.get_context('spawn') or "
    "ProcessPoolExecutor(mp_context=multiprocessing.get_context('spawn'))."
)
_forked = False


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError(FORK_MESSAGE)


def _not_loaded(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError("no goarrow extension is loaded")


# The loaded extension (one per process, see _runtime) and the package it belongs to. Every call
# into Go goes through _call or _ext.
_ext: Any = None
_package: str | None = None
_call: Callable[..., Any] = _not_loaded


def bind(ext: Any, package: str) -> None:
    global _ext, _package, _call
    _ext, _package, _call = ext, package, ext.call
    _from_go._type_known = ext.type_known


def bound_package() -> str | None:
    return _package


def forked_with_runtime() -> bool:
    return _forked


def _after_fork_in_child() -> None:
    # A child forked after an extension was loaded has none of the Go runtime's threads: its calls
    # raise instead of waiting forever on them. A fork before any extension was loaded (say, a
    # Spark daemon that imported goarrow but never called Go) leaves the child free to load one.
    global _call, _forked
    if _ext is not None:
        _call, _forked = _refuse, True


os.register_at_fork(after_in_child=_after_fork_in_child)


# Names the generated functions' bodies use; a Go parameter with one of these names (or a name
# that is not a Python identifier) gets the generic wrapper instead.
_RESERVED = {"_PLAIN_BY_TYPE", "type", "_call", "_fid", "_name", "to_go", "_IMPORT", "tuple", "conv", "r"}


def _go_function(desc: dict[str, Any]) -> Callable[..., Any]:
    """A registered Go function as a plain Python function, with its Go doc and signature.

    The call is on every crossing's path, so where it can, this generates a function with the
    Go parameters as its own: CPython then binds arguments (positional or keyword) natively,
    with no *args tuple or **kwargs dict and no Python-level checks. That is about 0.6 µs less
    per call than an object with __call__ doing the binding itself.
    """
    fid = _ext.lookup(desc["name"])
    name = desc["name"]
    params = tuple(p["name"] for p in desc["params"])
    sig = inspect.Signature(
        [inspect.Parameter(p["name"], inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=p["python"])
         for p in desc["params"]],
        return_annotation=desc["python_result"],
    )
    if all(p.isidentifier() and not keyword.iskeyword(p) and p not in _RESERVED for p in params) \
            and len(set(params)) == len(params):
        go_function = _generated(fid, name, params)
    else:
        go_function = _generic(fid, name, params, sig)
    # The package's own name and fn.<name>: help() shows where the function lives, and pickle
    # finds it again by reference (`package.fn.name`) in another process.
    go_function.__name__ = name.rpartition(".")[2]
    go_function.__qualname__ = "fn." + name
    go_function.__module__ = _package
    go_function.__doc__ = desc["doc"]
    go_function.__signature__ = sig  # type: ignore[attr-defined]
    return go_function


def _generated(fid: int, name: str, params: tuple[str, ...]) -> Callable[..., Any]:
    args = ", ".join(params)
    if len(params) == 1:
        # to_go and the result import inlined for their common cases.
        p = params[0]
        call = f"conv = _PLAIN_BY_TYPE.get(type({p}))\n" \
               f"        r = _call(_fid, (conv({p}) if conv is not None else to_go({p}, {p!r}, _name),))"
    else:
        call = "r = _call(_fid, (" + "".join(f"to_go({p}, {p!r}, _name), " for p in params) + "))"
    src = (f"def _make(_fid, _name):\n"
           f"    def go_function({args}):\n"
           f"        {call}\n"
           f"        return _IMPORT[r[0]](r) if type(r) is tuple else r\n"
           f"    return go_function\n")
    ns: dict[str, Any] = {}
    exec(src, globals(), ns)  # globals: so a fork can swap _call for every function at once
    f = ns["_make"](fid, name)
    f.__code__ = f.__code__.replace(co_name=name, co_qualname=name)  # for CPython's error messages
    return f


def _generic(fid: int, name: str, params: tuple[str, ...], sig: inspect.Signature) -> Callable[..., Any]:
    def go_function(*args: Any, **kwargs: Any) -> Any:
        try:
            args = sig.bind(*args, **kwargs).args
        except TypeError as e:
            raise TypeError(f"{name}(): {e}") from None
        r = _call(fid, tuple([to_go(a, p, name) for a, p in zip(args, params)]))
        return _IMPORT[r[0]](r) if type(r) is tuple else r

    return go_function


_lock = threading.Lock()
_functions: dict[str, Callable[..., Any]] | None = None


def _registry() -> dict[str, Callable[..., Any]]:
    global _functions
    if _forked:
        _refuse()
    if _functions is None:
        _runtime.ensure()
        with _lock:
            if _functions is None:
                _functions = {d["name"]: _go_function(d) for d in json.loads(_ext.functions())}
    return _functions


def _get(name: str) -> Callable[..., Any]:
    if not isinstance(name, str):
        raise TypeError(f"function name must be a str, got {type(name).__name__}")
    try:
        return _registry()[name]
    except KeyError:
        known = ", ".join(sorted(_registry()))
        raise LookupError(f"no Go function named {name!r}; registered: {known}") from None


def call(name: str, /, *args: Any, **kwargs: Any) -> Any:
    """Call the Go function registered as `name` with Arrow data or scalars.

    Arrow arguments (anything with __arrow_c_array__ / __arrow_c_stream__ / __arrow_c_schema__,
    or a 1-D numpy array) are passed without copying; Arrow results come back as pyarrow objects
    that point at Go's memory.
    """
    return _get(name)(*args, **kwargs)


def functions() -> list[dict[str, Any]]:
    """Describe the registered Go functions: name, doc, parameters (with their Go and Python
    types) and result."""
    if _forked:
        _refuse()
    _runtime.ensure()
    return json.loads(_ext.functions())


def stats() -> dict[str, Any]:
    """The Go bridge's counters: c_allocated_bytes (C memory held by arrays Go built and not yet
    released by either side), go_heap_bytes, goroutines, calls_total, calls_live, functions,
    and go_version (the Go release the extension was built with)."""
    if _forked:
        _refuse()
    _runtime.ensure()
    return json.loads(_ext.stats())


def set_memory_limit(limit: int | None) -> int | None:
    """Cap the C memory that Go's results and working buffers may hold at once, in bytes (None:
    no cap). A Go allocation past it raises MemoryError from the call, with everything the call
    had built freed; so does a failing malloc. Returns the previous cap. GOARROW_MEMORY_LIMIT
    (e.g. "2GiB") sets it when the extension loads. The Go heap is not covered: Go ends the
    process when it cannot grow its heap."""
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be a byte count >= 0 or None, got {limit!r}")
    if _forked:
        _refuse()
    _runtime.ensure()
    return _ext.set_memory_limit(limit or 0) or None


def set_validation(mode: str) -> str:
    """How Arrow arguments are checked before a Go function sees them, for every call:
    "structural" (the default: O(1) per array, buffer sizes, end offsets, child lengths) or
    "full" (O(n): every offset, dictionary index and run end, UTF-8, null counts). A failure
    raises ValueError naming the argument, column, index and rule. Returns the previous mode.
    GOARROW_VALIDATE=full sets "full" when the extension loads. For one call, use
    full_validation()."""
    if mode not in ("structural", "full"):
        raise ValueError(f'mode must be "structural" or "full", got {mode!r}')
    if _forked:
        _refuse()
    _runtime.ensure()
    return "full" if _ext.set_validation(mode == "full") else "structural"


@contextlib.contextmanager
def full_validation() -> Iterator[None]:
    """Within the block, calls made on this thread check their arguments fully (see
    set_validation)."""
    _runtime.ensure()
    prev = _ext._set_call_flags(_ext.VALIDATE_FULL)
    try:
        yield
    finally:
        _ext._set_call_flags(prev)


class _Namespace:
    """Every registered Go function as an attribute, e.g. goarrow.fn.sum(arr). Dotted names are
    nested: "debug.sleep" is fn.debug.sleep. goarrow.fn and an extension package's fn are views
    of the same registry (there is one Go runtime per process)."""

    def __init__(self, owner: str, prefix: str = ""):
        self._owner = owner
        self._prefix = prefix

    def _names(self) -> list[str]:
        p = self._prefix
        return sorted({n[len(p):].split(".")[0] for n in _registry() if n.startswith(p)})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        full = self._prefix + name
        reg = _registry()
        if full in reg:
            found: Any = reg[full]
        elif any(n.startswith(full + ".") for n in reg):
            found = _Namespace(self._owner, full + ".")
        else:
            found = None
        if found is not None:
            setattr(self, name, found)  # later lookups skip __getattr__ (the registry is fixed)
            return found
        raise AttributeError(f"no Go function named {full!r}; registered: {', '.join(sorted(reg))}")

    def __dir__(self) -> list[str]:
        return self._names()

    def __repr__(self) -> str:
        where = self._owner + ".fn" + ("." + self._prefix[:-1] if self._prefix else "")
        return f"<{where}: {', '.join(self._names())}>"


fn = _Namespace("goarrow")

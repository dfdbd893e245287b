"""The public calling API: call(), functions(), fn, stats()."""

from __future__ import annotations

import inspect
import json
import threading
from typing import Any

from . import _goarrow as _ext
from ._from_go import from_go
from ._to_go import to_go


class GoFunction:
    """A registered Go function, callable like a Python function."""

    def __init__(self, desc: dict[str, Any]):
        self._desc = desc
        self._id = _ext.lookup(desc["name"])
        self._params = tuple(p["name"] for p in desc["params"])
        self.__name__ = self.__qualname__ = desc["name"]
        self.__doc__ = desc["doc"]
        self.__signature__ = inspect.Signature(
            [inspect.Parameter(p["name"], inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=p["python"])
             for p in desc["params"]],
            return_annotation=desc["python_result"],
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        params = self._params
        if kwargs or len(args) != len(params):
            try:
                bound = self.__signature__.bind(*args, **kwargs)
            except TypeError as e:
                raise TypeError(f"{self.__name__}(): {e}") from None
            args = bound.args
        name = self.__name__
        return from_go(_ext.call(self._id, tuple([to_go(a, p, name) for a, p in zip(args, params)])))

    def __repr__(self) -> str:
        return f"<Go function {self.__name__}{self.__signature__}>"


_lock = threading.Lock()
_functions: dict[str, GoFunction] | None = None


def _registry() -> dict[str, GoFunction]:
    global _functions
    if _functions is None:
        with _lock:
            if _functions is None:
                _functions = {d["name"]: GoFunction(d) for d in json.loads(_ext.functions())}
    return _functions


def _get(name: str) -> GoFunction:
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
    return [f._desc for f in _registry().values()]


def stats() -> dict[str, int]:
    """The Go bridge's counters: c_allocated_bytes (C memory held by arrays Go built and not yet
    released by either side), go_heap_bytes, goroutines, calls_total, calls_live, functions."""
    return json.loads(_ext.stats())


class _Namespace:
    """goarrow.fn: every registered Go function as an attribute, e.g. goarrow.fn.sum(arr).
    Dotted names are nested: "debug.sleep" is goarrow.fn.debug.sleep."""

    def __init__(self, prefix: str = ""):
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
            return reg[full]
        if any(n.startswith(full + ".") for n in reg):
            return _Namespace(full + ".")
        raise AttributeError(f"no Go function named {full!r}; registered: {', '.join(sorted(reg))}")

    def __dir__(self) -> list[str]:
        return self._names()

    def __repr__(self) -> str:
        return f"<goarrow.fn{'.' + self._prefix[:-1] if self._prefix else ''}: {', '.join(self._names())}>"


fn = _Namespace()

"""The peer packages a test needs (polars, duckdb, ...), imported so that a missing one is
skipped by name only where it had no wheel to install, and is an error everywhere else.

Whoever made the environment (the Bazel toolchain, python/install/matrix.py) lists the packages of
the lock that have no wheel for its interpreter in `missing-wheels.txt` at the venv's root: on
free-threaded CPython 3.14t, duckdb and polars ship abi3 wheels only, which it cannot load.
"""

import importlib
import os
import platform
import sys

import pytest


def missing_wheels() -> set[str]:
    try:
        with open(os.path.join(sys.prefix, "missing-wheels.txt")) as f:
            return {line.strip() for line in f if line.strip()}
    except FileNotFoundError:
        return set()


def need(module: str, distribution: str | None = None, *, module_level: bool = False):
    """import `module`, or skip the test (or the test file) if `distribution` (default: the
    module's name) had no wheel to install here. Not by the import failing: polars without its
    runtime imports, and fails on first use."""
    distribution = distribution or module
    if distribution in missing_wheels():
        version = platform.python_version() + ("t" if "t" in sys.abiflags else "")
        pytest.skip(f"{distribution} has no wheel for CPython {version}", allow_module_level=module_level)
    return importlib.import_module(module)

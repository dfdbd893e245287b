"""The kinds of Arrow values that cross, as go/internal/cabi/goarrow.h numbers them, and the ABI
version that header declares.

Every goarrow extension's C glue exports the same numbers; goarrow._runtime checks that the loaded
extension agrees before using it.
"""

import os
import re


def _abi_version() -> int:
    """GOARROW_ABI_VERSION, read from goarrow.h: in a wheel under goarrow/_src, in the source tree
    (and Bazel's runfiles) at go/internal/cabi. Written once, there."""
    here = os.path.dirname(os.path.abspath(__file__))
    header = os.path.join("go", "internal", "cabi", "goarrow.h")
    for path in (os.path.join(here, "_src", header), os.path.join(here, os.pardir, os.pardir, header)):
        try:
            with open(path) as f:
                m = re.search(r"^#define GOARROW_ABI_VERSION (\d+)$", f.read(), re.M)
        except OSError:
            continue
        if m:
            return int(m.group(1))
    raise ImportError(f"goarrow: no {header} with GOARROW_ABI_VERSION next to {here}; reinstall goarrow")


ABI_VERSION = _abi_version()

ARRAY = 16  # schema + array: an array
BATCH = 17  # schema + array: a record batch
STREAM = 18  # stream, read lazily
TABLE = 19  # stream of a table already in memory
CHUNKED = 20  # stream of a chunked array's chunks
SCHEMA = 21
FIELD = 22
TYPE = 23

ALL = {name: value for name, value in globals().items() if name.isupper() and name not in ("ALL", "ABI_VERSION")}

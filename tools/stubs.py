"""The tools/stubs.bzl action: a package's __init__.pyi and py.typed from its built extension,
written by goarrow._stubs, the same code the pip build backend runs."""

import sys

from goarrow import _stubs

if __name__ == "__main__":
    sys.exit(_stubs.main())

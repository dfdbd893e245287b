"""`bazel run //:python -- ARGS`: the toolchain's python, with goarrow on the path.

Bazel's launcher has already put goarrow's runfiles on PYTHONPATH; this replaces itself with
the same interpreter and the caller's arguments, run from the caller's directory.
"""

import os
import sys

if __name__ == "__main__":
    os.chdir(os.environ.get("BUILD_WORKING_DIRECTORY", os.getcwd()))
    os.execv(sys.executable, [sys.executable] + sys.argv[1:])

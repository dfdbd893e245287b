"""The C glue's files and the link of every goarrow extension's shared object, written once for
both builds.

python/BUILD.bazel (//python:glue, //python:glue_sources) and tools/extension.bzl (Bazel's
python_extension) load it, and python/goarrow/build.py (the pip build backend) reads it as data:
it parses GLUE_SRCS and EXTENSION_LINKOPTS as Python literals, so keep them plain lists of
strings. It is shipped with the C glue under goarrow/_src/python/ext/.
"""

# The C glue, in python/ext/: the CPython module _goarrow over the bridge's C ABI. Bazel's
# //python:glue compiles the .c files with the headers; the pip backend compiles the .c files,
# and ships them all.
GLUE_SRCS = [
    "_goarrow.c",
    "arguments.c",
    "arguments.h",
    "bind.c",
    "bind.h",
    "call.c",
    "call.h",
    "fork.c",
    "fork.h",
    "gofunction.c",
    "gofunction.h",
    "interrupt.c",
    "interrupt.h",
    "results.c",
    "results.h",
    "signals.c",
    "signals.h",
    "state.c",
    "state.h",
    "typecache.h",
]

# The linker flags that follow the glue's objects and the Go c-archive, which goes in whole
# (Bazel: the archive's cc_import is alwayslink; build.py: -Wl,--whole-archive) so that the Go
# runtime's initialisers and every //export are kept. {exports_map} is python/ext/exports.map.
#
# -Wl,-Bsymbolic binds the Go runtime's symbols inside the shared object, which is what makes a
# Go c-archive work inside a dlopen'ed module. The version script exports PyInit__goarrow and
# nothing else (its `local: *` keeps every other symbol, the Go archive's included, out of the
# dynamic symbol table): several extensions, each with its own Go runtime, can then live in one
# process without a symbol of one resolving to another's. Not --exclude-libs,ALL: where the
# linker gets the glue as an archive (Bazel 7 on Debian sid, no gold, so no --start-lib), it hid
# PyInit__goarrow too, whatever the version script said.
EXTENSION_LINKOPTS = [
    "-Wl,-Bsymbolic",
    "-Wl,--version-script={exports_map}",
    "-lpthread",
    "-ldl",
]

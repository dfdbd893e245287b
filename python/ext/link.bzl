"""The link of every goarrow extension's shared object, written once for both builds.

tools/extension.bzl loads it (Bazel's python_extension), and python/goarrow/build.py (the pip
build backend) reads it as data: it parses EXTENSION_LINKOPTS as a Python literal, so keep it a
plain list of strings. It is shipped with the C glue (//python:glue_sources, and build.py's
shipped-source list) under goarrow/_src/python/ext/.
"""

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

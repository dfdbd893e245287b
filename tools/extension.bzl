"""python_extension: a CPython extension module, goarrow's thin C glue linked with a Go c-archive."""

def python_extension(name, archive, visibility = None):
    """A shared object `name` (a path ending in _goarrow.so) holding python/ext and `archive`.

    -Wl,-Bsymbolic binds the Go runtime's symbols inside this .so, which is what makes a Go
    c-archive work inside a dlopen'ed module. The version script (python/ext/exports.map) exports
    PyInit__goarrow and nothing else (its `local: *` keeps every other symbol, the Go archive's
    included, out of the dynamic symbol table): several extensions, each with its own Go runtime,
    can then live in one process without a symbol of one resolving to another's
    (python/goarrow/build.py links the same way). Not --exclude-libs,ALL: where the linker gets
    the glue as an archive (Bazel 7 on Debian sid, no gold, so no --start-lib), it hid
    PyInit__goarrow too, whatever the version script said.
    """
    exports = Label("//python:ext/exports.map")
    native.cc_binary(
        name = name,
        linkopts = [
            "-Wl,-Bsymbolic",
            "-Wl,--version-script=$(location %s)" % exports,
            "-lpthread",
            "-ldl",
        ],
        additional_linker_inputs = [exports],
        linkshared = True,
        deps = [
            # Label(): resolved in goarrow's repository, also when a user's BUILD file calls this.
            Label("//python:glue"),
            archive,
        ],
        visibility = visibility,
    )

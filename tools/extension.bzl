"""python_extension: a CPython extension module, goarrow's thin C glue linked with a Go c-archive."""

def python_extension(name, archive, visibility = None):
    """A shared object `name` (a path ending in _goarrow.so) holding python/ext and `archive`.

    -Wl,-Bsymbolic binds the Go runtime's symbols inside this .so, which is what makes a Go
    c-archive work inside a dlopen'ed module. The version script (python/ext/exports.map) exports
    PyInit__goarrow and nothing else, and --exclude-libs,ALL keeps the archives' symbols out of
    the dynamic symbol table: several extensions, each with its own Go runtime, can then live in
    one process without a symbol of one resolving to another's (python/goarrow/build.py links
    the same way).
    """
    exports = Label("//python:ext/exports.map")
    native.cc_binary(
        name = name,
        linkopts = [
            "-Wl,-Bsymbolic",
            "-Wl,--exclude-libs,ALL",
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

"""python_extension: a CPython extension module, goarrow's thin C glue linked with a Go c-archive."""

def python_extension(name, archive, visibility = None):
    """A shared object `name` (a path ending in _goarrow.so) holding python/ext and `archive`.

    -Wl,-Bsymbolic binds the Go runtime's symbols inside this .so, which is what makes a Go
    c-archive work inside a dlopen'ed module. One archive per extension: one Go runtime per
    process.
    """
    native.cc_binary(
        name = name,
        linkopts = [
            "-Wl,-Bsymbolic",
            "-lpthread",
        ],
        linkshared = True,
        deps = [
            # Label(): resolved in goarrow's repository, also when a user's BUILD file calls this.
            Label("//python:glue"),
            archive,
        ],
        visibility = visibility,
    )

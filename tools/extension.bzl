"""python_extension: the CPython extension module, our thin C glue linked with a Go c-archive."""

def python_extension(name, archive, visibility = None):
    """A shared object `name` (a path ending in _goarrow.so) holding python/ext and `archive`.

    -Wl,-Bsymbolic binds the Go runtime's symbols inside this .so, which is what makes a Go
    c-archive work inside a dlopen'ed module. One archive per extension: one Go runtime per
    process.
    """
    native.cc_binary(
        name = name,
        srcs = [
            "//python:ext/_goarrow.c",
            "//python:ext/interrupt.c",
            "//python:ext/interrupt.h",
        ],
        linkopts = [
            "-Wl,-Bsymbolic",
            "-lpthread",
        ],
        linkshared = True,
        deps = [
            "//go:abi",
            archive,
            "@python//:headers",
        ],
        visibility = visibility,
    )

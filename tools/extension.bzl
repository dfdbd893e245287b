"""python_extension: a CPython extension module, goarrow's thin C glue linked with a Go c-archive."""

load("//python:ext/link.bzl", "EXTENSION_LINKOPTS")

def python_extension(name, archive, visibility = None):
    """A shared object `name` (a path ending in _goarrow.so) holding python/ext and `archive`.

    It is linked with EXTENSION_LINKOPTS (python/ext/link.bzl, which says why each flag is
    there): -Bsymbolic, and a version script (python/ext/exports.map) that exports
    PyInit__goarrow and nothing else. python/goarrow/build.py, the pip backend, reads the same
    list, so both builds link alike.

    Args:
      name: the shared object's path, ending in _goarrow.so.
      archive: the Go c-archive (go_c_archive), linked whole.
      visibility: the target's visibility.
    """
    exports = Label("//python:ext/exports.map")
    native.cc_binary(
        name = name,
        linkopts = [opt.format(exports_map = "$(location %s)" % exports) for opt in EXTENSION_LINKOPTS],
        additional_linker_inputs = [exports],
        linkshared = True,
        deps = [
            # Label(): resolved in goarrow's repository, also when a user's BUILD file calls this.
            Label("//python:glue"),
            archive,
        ],
        visibility = visibility,
    )

"""go_arrow_extension: your Go functions, callable from Python on Arrow data without copying.

    load("@goarrow//tools:goarrow.bzl", "go_arrow_extension")

    go_arrow_extension(
        name = "jsonpath",             # the py_library to depend on
        module = "jsonpath_go",        # the Python package name: `import jsonpath_go`
        srcs = glob(["go/**"]),        # your Go module: go.mod, go.sum, sources
        go_mod = "go/go.mod",
        package = "./extension",       # its main package, which imports your function packages
    )

Targets: `jsonpath` (a py_library for py_binary/py_test deps), `jsonpath_wheel` (a wheel to pip
install elsewhere), `jsonpath_go` (the c-archive), `jsonpath_stubs` (the package's __init__.pyi
and py.typed, from the built extension's function descriptions).

The package holds one shared object (your Go code, the goarrow bridge, one Go runtime) and a
generated __init__.py of a few lines; everything else comes from the `goarrow` package it depends
on (its py_library dep here, `Requires-Dist: goarrow` in its wheel). Any number of such
packages, each with its own Go runtime, load into one process on Linux (docs/guarantees.md).
"""

load("//tools:extension.bzl", "python_extension")
load("//tools:go.bzl", "go_c_archive")
load("//tools:stubs.bzl", "extension_stubs")
load("//tools:wheel.bzl", "python_wheel")

# Label(): these resolve in goarrow's repository, whichever workspace calls the macro.
_RUNTIME = Label("//python:runtime")
_INIT_TEMPLATE = Label("//tools:extension_init.py.tpl")

# The goarrow release a generated package is written for (its wheel requires it).
GOARROW_VERSION = "0.2.0"

def _extension_init_impl(ctx):
    out = ctx.actions.declare_file(ctx.attr.module + "/__init__.py")
    ctx.actions.expand_template(
        template = ctx.file._template,
        output = out,
        substitutions = {
            "{module}": ctx.attr.module,
            "{summary}": ctx.attr.summary,
            "{version}": ctx.attr.version,
        },
    )
    return [DefaultInfo(files = depset([out]))]

# The package's __init__.py: loads its extension through goarrow and names the package's version.
_extension_init = rule(
    implementation = _extension_init_impl,
    attrs = {
        "module": attr.string(mandatory = True, doc = "The Python package name."),
        "summary": attr.string(mandatory = True, doc = "The package docstring's first line."),
        "version": attr.string(mandatory = True, doc = "The package's __version__."),
        "_template": attr.label(default = _INIT_TEMPLATE, allow_single_file = True, doc = "tools/extension_init.py.tpl"),
    },
    doc = "The generated __init__.py of a go_arrow_extension package.",
)

def go_arrow_extension(
        name,
        module,
        srcs,
        go_mod,
        package = "./extension",
        version = "0.1.0",
        summary = None,
        goexperiment = "",
        visibility = None):
    """Builds Python package `module` from the Go module in srcs (see the file's docstring).

    Targets: `name` (py_library), `name_wheel` (a wheel named `module`-`version`), `name_go`
    (the c-archive).
    """
    summary = summary or "Go functions on Arrow data (%s, built with goarrow)" % module
    go_c_archive(
        name = name + "_go",
        srcs = srcs,
        go_mod = go_mod,
        goexperiment = goexperiment,
        package = package,
    )
    python_extension(
        name = module + "/_goarrow.so",
        archive = ":" + name + "_go",
    )
    _extension_init(
        name = name + "_init",
        module = module,
        summary = summary,
        version = version,
    )
    extension_stubs(
        name = name + "_stubs",
        extension = ":" + module + "/_goarrow.so",
        package = module,
    )
    native.py_library(
        name = name,
        srcs = [":" + name + "_init"],
        data = [module + "/_goarrow.so", ":" + name + "_stubs"],
        imports = ["."],
        deps = [_RUNTIME],
        visibility = visibility,
    )
    python_wheel(
        name = name + "_wheel",
        distribution = module,
        extension = module + "/_goarrow.so",
        package = module,
        requires = [
            "goarrow>=%s" % GOARROW_VERSION,
            "pyarrow>=14",
        ],
        requires_python = ">=3.11",
        summary = summary,
        version = version,
        srcs = [":" + name + "_init", ":" + name + "_stubs"],
        visibility = visibility,
    )

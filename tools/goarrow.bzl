"""go_arrow_extension: your Go functions, callable from Python on Arrow data without copying.

    load("//tools:goarrow.bzl", "go_arrow_extension")

    go_arrow_extension(
        name = "jsonpath",             # the py_library to depend on
        module = "jsonpath_go",        # the Python package name: `import jsonpath_go`
        srcs = glob(["go/**"]),        # your Go module: go.mod, go.sum, sources
        go_mod = "go/go.mod",
        package = "./extension",       # its main package, which imports your function packages
    )

Targets: `jsonpath` (a py_library for py_binary/py_test deps), `jsonpath_wheel` (a wheel to pip
install elsewhere, `bazel build //examples/jsonpath:jsonpath_wheel`), `jsonpath_go` (the c-archive).

The result is the goarrow Python package under the name you chose, over one shared object that
holds your Go code, the goarrow bridge and one Go runtime: `jsonpath_go.fn.json_get(column,
"user.name")`, `jsonpath_go.functions()`. Only one Go runtime can live in a process, so a process
can import one such package (goarrow itself is one); importing a second raises ImportError.
Put every Go package you need into the one main package instead.
"""

load("//tools:extension.bzl", "python_extension")
load("//tools:go.bzl", "go_c_archive")
load("//tools:wheel.bzl", "python_wheel")

def _copy_package_impl(ctx):
    outs = []
    for f in ctx.files.srcs:
        out = ctx.actions.declare_file(ctx.attr.module + "/" + f.basename)
        ctx.actions.symlink(output = out, target_file = f)
        outs.append(out)
    return [DefaultInfo(files = depset(outs))]

# goarrow's Python sources under another package name (they import each other relatively).
_copy_package = rule(
    implementation = _copy_package_impl,
    attrs = {
        "srcs": attr.label_list(allow_files = True),
        "module": attr.string(mandatory = True),
    },
)

def go_arrow_extension(name, module, srcs, go_mod, package = "./extension", version = "0.1.0", visibility = None):
    """Builds Python package `module` from the Go module in srcs (see the file's docstring).

    Targets: `name` (py_library), `name_wheel` (a wheel named `module`-`version`), `name_go`
    (the c-archive).
    """
    go_c_archive(
        name = name + "_go",
        srcs = srcs + ["//go:module"],
        go_mod = go_mod,
        package = package,
    )
    python_extension(
        name = module + "/_goarrow.so",
        archive = ":" + name + "_go",
    )
    _copy_package(
        name = name + "_py",
        srcs = ["//python:package_files"],
        module = module,
    )
    native.py_library(
        name = name,
        srcs = [":" + name + "_py"],
        data = [module + "/_goarrow.so"],
        imports = ["."],
        visibility = visibility,
    )

    python_wheel(
        name = name + "_wheel",
        distribution = module,
        extension = module + "/_goarrow.so",
        package = module,
        requires = [
            "pyarrow>=14",
            "numpy>=1.25",
        ],
        requires_python = ">=3.11,<3.12",
        summary = "Go functions on Arrow data (built with goarrow's go_arrow_extension)",
        version = version,
        srcs = [":" + name + "_py"],
        visibility = visibility,
    )

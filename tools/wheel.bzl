"""python_wheel: a binary wheel of a goarrow-style package (Python sources + one extension).

Tagged cp311-abi3-manylinux_X_Y_<arch>: the C glue is built against the limited API of CPython
3.11 (with a free-threaded toolchain, cp314-cp314t-...: no limited API there before 3.15), and X.Y is the newest glibc symbol version the shared object needs (goarrow/_wheel.py reads
it from the ELF file; the tests check that auditwheel and abi3audit agree).
"""

load("@goarrow_python//:defs.bzl", "ABI_TAG", "EXTENSION_NAME")

def _python_wheel_impl(ctx):
    # A directory holding the one wheel: its file name carries the platform tag, which comes
    # from the built shared object's glibc symbol versions, known only when the action runs.
    out = ctx.actions.declare_directory(ctx.label.name)
    args = ctx.actions.args()
    args.add("--out-dir", out.path)
    args.add("--name", ctx.attr.distribution)
    args.add("--version", ctx.attr.version)
    args.add("--extension", ctx.file.extension)
    args.add("--abi", ABI_TAG)
    args.add("--summary", ctx.attr.summary)
    args.add("--requires-python", ctx.attr.requires_python)
    args.add_all(ctx.attr.requires, before_each = "--requires")
    inputs = list(ctx.files.srcs) + list(ctx.files.data) + [ctx.file.extension]
    if ctx.file.readme:
        args.add("--readme", ctx.file.readme)
        inputs.append(ctx.file.readme)
    for f in ctx.files.srcs:
        args.add("%s/%s=%s" % (ctx.attr.package, f.basename, f.path))

    # Files shipped as they lie in the source tree, under package/_src (goarrow's Go module and
    # C glue, for the pip build backend).
    for f in ctx.files.data:
        path = f.short_path[len("../" + f.owner.workspace_name) + 1:] if f.short_path.startswith("../") else f.short_path
        args.add("%s/_src/%s=%s" % (ctx.attr.package, path, f.path))

    # The limited-API extension: one file for every CPython from 3.11 on (free-threaded: one for
    # the toolchain's version).
    args.add("%s/%s=%s" % (ctx.attr.package, EXTENSION_NAME, ctx.file.extension.path))
    ctx.actions.run(
        outputs = [out],
        inputs = inputs,
        executable = ctx.executable._builder,
        arguments = [args],
        mnemonic = "PyWheel",
        progress_message = "Building the wheel of %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

python_wheel = rule(
    implementation = _python_wheel_impl,
    attrs = {
        "distribution": attr.string(mandatory = True, doc = "The name pip knows it by."),
        "version": attr.string(mandatory = True, doc = "The distribution's version."),
        "package": attr.string(mandatory = True, doc = "The import name; srcs go flat into this directory."),
        "srcs": attr.label_list(allow_files = True, doc = ".py, .pyi and py.typed files of the package."),
        "extension": attr.label(allow_single_file = [".so"], mandatory = True, doc = "The package's one shared object (python_extension); shipped as _goarrow.abi3.so (free-threaded: _goarrow + the interpreter's EXT_SUFFIX)."),
        "requires": attr.string_list(doc = "Requires-Dist lines."),
        "requires_python": attr.string(default = "", doc = "Requires-Python, e.g. >=3.11."),
        "summary": attr.string(default = "", doc = "The Summary line of METADATA."),
        "readme": attr.label(allow_single_file = [".md"], doc = "The long description (Markdown)."),
        "data": attr.label_list(allow_files = True, doc = "Source files shipped under <package>/_src/."),
        "_builder": attr.label(default = Label("//tools:wheel_builder"), executable = True, cfg = "exec", doc = "tools/wheel.py"),
    },
    doc = "A wheel of a goarrow-style package: Python sources, one abi3 extension, files under _src/; tagged from the .so's glibc needs.",
)

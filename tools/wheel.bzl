"""python_wheel: a binary wheel of a goarrow-style package (Python sources + one extension).

The tag comes from the interpreter of the Python toolchain (@goarrow_python//:defs.bzl), the same one the
extension was compiled and tested against, so pip installs the wheel exactly where it can load.
The tag is a plain `linux_x86_64`, not manylinux: the shared object has not been audited against
a manylinux policy (it needs only libc, but we do not claim what we did not check).
"""

load("@goarrow_python//:defs.bzl", "EXT_SUFFIX", "WHEEL_TAG")

def _python_wheel_impl(ctx):
    dist = ctx.attr.distribution.replace("-", "_")
    out = ctx.actions.declare_file("%s-%s-%s.whl" % (dist, ctx.attr.version, WHEEL_TAG))
    args = ctx.actions.args()
    args.add("--out", out)
    args.add("--name", ctx.attr.distribution)
    args.add("--version", ctx.attr.version)
    args.add("--tag", WHEEL_TAG)
    args.add("--summary", ctx.attr.summary)
    args.add("--requires-python", ctx.attr.requires_python)
    args.add_all(ctx.attr.requires, before_each = "--requires")
    inputs = list(ctx.files.srcs) + [ctx.file.extension]
    if ctx.file.readme:
        args.add("--readme", ctx.file.readme)
        inputs.append(ctx.file.readme)
    for f in ctx.files.srcs:
        args.add("%s/%s=%s" % (ctx.attr.package, f.basename, f.path))

    # Installed, the extension gets the interpreter's own suffix (_goarrow.cpython-311-...so).
    args.add("%s/_goarrow%s=%s" % (ctx.attr.package, EXT_SUFFIX, ctx.file.extension.path))
    ctx.actions.run(
        outputs = [out],
        inputs = inputs,
        executable = ctx.executable._builder,
        arguments = [args],
        mnemonic = "PyWheel",
        progress_message = "Building wheel %s" % out.short_path,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

python_wheel = rule(
    implementation = _python_wheel_impl,
    attrs = {
        "distribution": attr.string(mandatory = True, doc = "The name pip knows it by."),
        "version": attr.string(mandatory = True),
        "package": attr.string(mandatory = True, doc = "The import name; srcs go flat into this directory."),
        "srcs": attr.label_list(allow_files = True, doc = ".py, .pyi and py.typed files of the package."),
        "extension": attr.label(allow_single_file = [".so"], mandatory = True),
        "requires": attr.string_list(doc = "Requires-Dist lines."),
        "requires_python": attr.string(default = ""),
        "summary": attr.string(default = ""),
        "readme": attr.label(allow_single_file = [".md"]),
        "_builder": attr.label(default = Label("//tools:wheel_builder"), executable = True, cfg = "exec"),
    },
)

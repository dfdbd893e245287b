"""python_sdist: goarrow's source distribution, which its own build backend (goarrow.build,
named in pyproject.toml with backend-path) turns into the same wheel Bazel makes."""

def _python_sdist_impl(ctx):
    out = ctx.actions.declare_file("%s-%s.tar.gz" % (ctx.attr.distribution.replace("-", "_").replace(".", "_").lower(), ctx.attr.version))
    args = ctx.actions.args()
    args.add("--out", out)
    args.add("--name", ctx.attr.distribution)
    args.add("--version", ctx.attr.version)
    args.add("--summary", ctx.attr.summary)
    args.add("--requires-python", ctx.attr.requires_python)
    args.add_all(ctx.attr.requires, before_each = "--requires")

    # Every file at its path in this repository.
    for f in ctx.files.srcs:
        args.add("%s=%s" % (f.short_path, f.path))
    ctx.actions.run(
        outputs = [out],
        inputs = ctx.files.srcs,
        executable = ctx.executable._builder,
        arguments = [args],
        mnemonic = "PySdist",
        progress_message = "Building the sdist %s" % out.short_path,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

python_sdist = rule(
    implementation = _python_sdist_impl,
    attrs = {
        "distribution": attr.string(mandatory = True, doc = "The name pip knows it by."),
        "version": attr.string(mandatory = True, doc = "The distribution's version."),
        "summary": attr.string(default = "", doc = "The Summary line of PKG-INFO."),
        "requires_python": attr.string(default = "", doc = "Requires-Python, e.g. >=3.11."),
        "requires": attr.string_list(doc = "Requires-Dist lines."),
        "srcs": attr.label_list(allow_files = True, doc = "Files of this repository, kept at their paths."),
        "_builder": attr.label(default = Label("//tools:sdist_builder"), executable = True, cfg = "exec", doc = "tools/sdist.py"),
    },
    doc = "An sdist of goarrow: its files at their repository paths and a PKG-INFO; pip builds it with goarrow's own backend.",
)

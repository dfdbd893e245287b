"""extension_stubs: the type stubs (`__init__.pyi`, `py.typed`) of a goarrow-built package.

The action loads the built shared object with the Python toolchain's interpreter (the one it was
built for) and renders its functions' descriptions (goarrow/_stubs.py, which the pip backend runs
too). The outputs go to `dir/` (default: the package name), for a py_library's data and a wheel's
srcs (python_wheel puts them flat into the package).
"""

def _extension_stubs_impl(ctx):
    d = ctx.attr.dir or ctx.attr.package
    pyi = ctx.actions.declare_file(d + "/__init__.pyi")
    typed = ctx.actions.declare_file(d + "/py.typed")
    args = ctx.actions.args()
    args.add("--package", ctx.attr.package)

    # For a cross build, the same sources built for the host: the target's cannot load here.
    extension = ctx.file.host_extension or ctx.file.extension
    args.add("--extension", extension)
    args.add("--out", pyi.dirname)
    inputs = [extension]
    if ctx.file.template:
        args.add("--template", ctx.file.template)
        inputs.append(ctx.file.template)
    ctx.actions.run(
        outputs = [pyi, typed],
        inputs = inputs,
        executable = ctx.executable._builder,
        arguments = [args],
        mnemonic = "GoArrowStubs",
        progress_message = "Writing the type stubs of %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([pyi, typed]), runfiles = ctx.runfiles(files = [pyi, typed]))]

_extension_stubs = rule(
    implementation = _extension_stubs_impl,
    attrs = {
        "package": attr.string(mandatory = True, doc = "The Python package name."),
        "extension": attr.label(allow_single_file = [".so"], mandatory = True, doc = "The package's shared object (python_extension)."),
        "host_extension": attr.label(allow_single_file = [".so"], cfg = "exec", doc = "The same extension built for the machine running the build; set by extension_stubs for cross builds."),
        "dir": attr.string(doc = "Where the two files go, under this package; default: `package`."),
        "template": attr.label(allow_single_file = [".pyi"], doc = "A hand-written __init__.pyi whose GENERATED block is filled (goarrow's own)."),
        "_builder": attr.label(default = Label("//tools:stubs_builder"), executable = True, cfg = "exec", doc = "tools/stubs.py"),
    },
    doc = "__init__.pyi and py.typed of a goarrow-built package, from its extension's function descriptions.",
)

def extension_stubs(name, extension, **kwargs):
    """__init__.pyi and py.typed of a goarrow-built package (see the file's docstring).

    For a cross build (--platforms=@goarrow//tools:linux_aarch64) the descriptions are read from
    `extension` built for the host (the exec configuration): they do not depend on the
    architecture, and the target's shared object cannot be loaded on the build machine.

    Args:
      name: the target's name.
      extension: the package's shared object (python_extension).
      **kwargs: package, dir, template, visibility.
    """
    _extension_stubs(
        name = name,
        extension = extension,
        host_extension = select({
            str(Label("//tools:linux_aarch64_target")): extension,
            "//conditions:default": None,
        }),
        **kwargs
    )

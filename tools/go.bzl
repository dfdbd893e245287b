"""Go build rules: a c-archive for the CPython extension, Go programs, and `go test` under `bazel test`.

They run the real `go` command on a Go module (goarrow's go/, or a user's), offline: GOPROXY=off, GOFLAGS=-mod=readonly,
modules from @go_modules (pinned by go.sum). They run outside the sandbox so that they can share
Go's content-addressed build cache (see tools/go_sdk.bzl); `srcs` still lists every file of the
module so that Bazel reruns them when one changes.
"""

load("@goarrow_go_modules//:defs.bzl", "GOMODCACHE")
load("@goarrow_go_sdk//:defs.bzl", "GOCACHE")
load("@goarrow_python//:defs.bzl", "EMBED_CFLAGS", "EMBED_LDFLAGS", "INTERPRETER")
load("//python:ext/targets.bzl", "TARGETS")

_GO_ATTRS = {
    "srcs": attr.label_list(allow_files = True, doc = "Every file of the Go module (go.mod, go.sum, .go, .h, .c)."),
    "package": attr.string(mandatory = True, doc = "The package to build, relative to the module root, e.g. ./extension."),
    "gcflags": attr.string(default = "", doc = "Extra -gcflags, e.g. for a debug build."),
    "goexperiment": attr.string(default = "", doc = "GOEXPERIMENT for this build, e.g. cgocheck2."),
    "race": attr.bool(default = False, doc = "Builds with the race detector (-race). For Go test binaries and Go hosts only: ThreadSanitizer cannot start inside a dlopen'ed Python extension (it fails to map its shadow memory)."),
    "go_mod": attr.label(allow_single_file = ["go.mod"], doc = "The go.mod of the module to build in, when srcs hold several modules."),
    "embeds_python": attr.bool(default = False, doc = "Links the toolchain's libpython (go/pyhost) and makes its venv the default interpreter."),
    "data": attr.label_list(allow_files = True, doc = "Files the test reads at run time (in its runfiles)."),
    "_go": attr.label(default = "@goarrow_go_sdk//:goroot/bin/go", allow_single_file = True, executable = True, cfg = "exec", doc = "The pinned go command (tools/go_sdk.bzl)."),
    "_modules": attr.label(default = "@goarrow_go_modules//:modules.stamp", allow_single_file = True, doc = "Changes when the module set does, so builds rerun then."),
    "_goarrow_go_mod": attr.label(default = Label("//go:go.mod"), allow_single_file = True, doc = "goarrow's go.mod: its directory is what a user's module's requirement of goarrow resolves to."),
    "_goarrow_module": attr.label(default = Label("//go:module"), doc = "goarrow's Go sources, inputs of every build that imports them."),
    "_go_module_sh": attr.label(default = Label("//tools:go_module.sh"), allow_single_file = True, doc = "Runs go in a module with goarrow's module and the registrations (the pip backend runs it too)."),
}

def _module_root(ctx):
    if ctx.file.go_mod:
        return ctx.file.go_mod.dirname
    for f in ctx.files.srcs:
        if f.basename == "go.mod":
            return f.dirname
    fail("%s: srcs must include go.mod" % ctx.label)

def _go_command(ctx, go_args, outputs, mnemonic, message, goarrowgen = None):
    """Runs `go <go_args>` in the module root, with the hermetic environment.

    With goarrowgen (its executable), the registrations of the module's //goarrow:export
    functions are generated first and added to the build with -overlay: the source tree is
    not touched.
    """
    env = " ".join([
        "GOCACHE=%s" % GOCACHE,
        "GOMODCACHE=%s" % GOMODCACHE,
        "GOPROXY=off",
        "GOSUMDB=off",
        "GOTOOLCHAIN=local",
        "GOFLAGS='-mod=readonly -trimpath -buildvcs=false'",
        "GOEXPERIMENT=%s" % ctx.attr.goexperiment,
        "CGO_ENABLED=1",
    ] + ([
        # A cross build (tools/cross.bzl): the host's Go compiles for the target's GOARCH, cgo with
        # the target's C cross compiler.
        "GOOS=linux",
        "GOARCH=%s" % TARGETS[ctx.attr.target]["goarch"],
        "CC=%s" % TARGETS[ctx.attr.target]["cc"],
    ] if getattr(ctx.attr, "target", "") else []) + ([
        "CGO_CFLAGS='%s'" % EMBED_CFLAGS,
        "CGO_LDFLAGS='%s'" % EMBED_LDFLAGS,
    ] if ctx.attr.embeds_python else []))
    ctx.actions.run_shell(
        inputs = ctx.files.srcs + ctx.files._goarrow_module + [ctx.file._modules],
        tools = [ctx.executable._go, ctx.file._go_module_sh] + ([goarrowgen] if goarrowgen else []),
        outputs = outputs,
        # tools/go_module.sh (the program the pip backend runs too): `go <go_args>` in the module
        # root, with goarrow's module for a module other than goarrow's (a go.mod copy with a
        # replace directive, -modfile: the user's go.mod needs no path into goarrow) and, with
        # goarrowgen, the //goarrow:export registrations (-overlay). @OUT@ in the go arguments
        # stands for the execroot, since go runs from the module root.
        command = "export %s\nexec bash \"$@\"" % env,
        arguments = [
            ctx.file._go_module_sh.path,
            "run",
            ctx.executable._go.path,
            _module_root(ctx),
            ctx.file._goarrow_go_mod.dirname,
            goarrowgen.path if goarrowgen else "",
        ] + go_args,
        mnemonic = mnemonic,
        progress_message = message,
        use_default_shell_env = True,
        execution_requirements = {"no-sandbox": "1", "no-remote": "1"},
    )

def _gcflags(ctx):
    flags = ["-gcflags=" + ctx.attr.gcflags] if ctx.attr.gcflags else []
    if ctx.attr.race:
        flags.append("-race")
    if ctx.attr.embeds_python:
        # The venv whose pyarrow the program imports (pyhost.Start's default interpreter).
        flags.append("-ldflags=-X github.com/goarrow/goarrow/go/pyhost.defaultPython=" + INTERPRETER)
    return flags

def _go_c_archive_impl(ctx):
    archive = ctx.outputs.archive
    _go_command(
        ctx,
        ["build", "-buildmode=c-archive"] + _gcflags(ctx) + ["-o", "@OUT@/" + archive.path, ctx.attr.package],
        [archive],
        "GoCArchive",
        "Building Go c-archive %s" % ctx.label,
        goarrowgen = ctx.executable._goarrowgen,
    )

    # The ABI is declared by go/internal/cabi/goarrow.h; the header `go build` writes for the main
    # package is empty (its //export functions live in go/internal/core), so it is not an output.
    return [DefaultInfo(files = depset([archive]))]

_go_c_archive = rule(
    implementation = _go_c_archive_impl,
    attrs = dict(_GO_ATTRS, target = attr.string(
        doc = "A key of python/ext/targets.bzl (linux-aarch64) to cross-build for; empty for the host. go_c_archive sets it from the target platform.",
    ), _goarrowgen = attr.label(
        default = Label("//go:goarrowgen"),
        executable = True,
        cfg = "exec",
        doc = "Generates the registrations of //goarrow:export functions (an -overlay; sources untouched).",
    )),
    doc = "`go build -buildmode=c-archive` of a main package, with its //goarrow:export functions registered. Use go_c_archive.",
    # Predeclared so that cc_import can name it.
    outputs = {"archive": "%{name}.a"},
)

def go_c_archive(name, srcs, package, visibility = None, **kwargs):
    """A Go main package built with -buildmode=c-archive, usable as a cc dependency.

    Creates `name` (a cc_import of the archive; alwayslink, so the Go runtime's initialisers and
    every //export are kept) and `lib<name>`, the rule that runs `go build`.
    """
    _go_c_archive(
        name = "lib" + name,
        srcs = srcs,
        package = package,
        visibility = visibility,
        target = select({
            str(Label("//tools:linux_aarch64_target")): "linux-aarch64",
            "//conditions:default": "",
        }),
        **kwargs
    )
    native.cc_import(
        name = name,
        static_library = "lib%s.a" % name,
        alwayslink = True,
        visibility = visibility,
    )

def _go_test_impl(ctx):
    binary = ctx.actions.declare_file(ctx.label.name + ".test")
    _go_command(
        ctx,
        ["test", "-c"] + _gcflags(ctx) + ["-o", "@OUT@/" + binary.path, ctx.attr.package],
        [binary],
        "GoTestCompile",
        "Compiling Go test %s" % ctx.label,
    )

    # Run the binary with -test.v so the log shows each test and go test's own closing line.
    runner = ctx.actions.declare_file(ctx.label.name + ".sh")

    # It runs in its package's directory, as `go test` does, when the package's files are in
    # the runfiles (data): testdata/ (fuzz corpora, fixtures) is then where the test looks.
    pkgdir = (_module_root(ctx) + "/" + ctx.attr.package.lstrip("./")).rstrip("/")
    ctx.actions.write(runner, """#!/usr/bin/env bash
bin="$PWD/{binary}"
if [[ -d "{pkgdir}" ]]; then cd "{pkgdir}"; fi
exec "$bin" -test.v -test.count=1 "$@"
""".format(binary = binary.short_path, pkgdir = pkgdir), is_executable = True)
    return [DefaultInfo(executable = runner, runfiles = ctx.runfiles(files = [binary] + ctx.files.data))]

go_test = rule(
    implementation = _go_test_impl,
    attrs = _GO_ATTRS,
    doc = "`go test` of one package under `bazel test` (compiled with `go test -c`, run with -test.v in its package directory).",
    test = True,
)

def _go_binary_impl(ctx):
    binary = ctx.actions.declare_file(ctx.label.name)
    _go_command(
        ctx,
        ["build"] + _gcflags(ctx) + ["-o", "@OUT@/" + binary.path, ctx.attr.package],
        [binary],
        "GoBuild",
        "Building Go binary %s" % ctx.label,
    )
    return [DefaultInfo(executable = binary, files = depset([binary]))]

go_binary = rule(
    implementation = _go_binary_impl,
    attrs = _GO_ATTRS,
    doc = "`go build` of a Go program (for example goarrowgen, or the POC with Go as the host).",
    executable = True,
)

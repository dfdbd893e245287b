"""Cross builds: goarrow's wheels for another Linux architecture (linux-aarch64 on x86_64).

    tools/bazel build --config=linux-aarch64 //python:wheel

(the config, written by tools/bazel into .bazelrc.generated, is
`--platforms=@goarrow//tools:linux_aarch64`, plus `--incompatible_enable_cc_toolchain_resolution`
on Bazel 4). What changes for that platform:
  - the Go c-archive: `go build` with GOARCH from python/ext/targets.bzl and the cross CC (the
    host's pinned Go compiles it: no second SDK);
  - the C glue and the link: the C toolchain below, Debian's cross gcc (gcc-aarch64-linux-gnu),
    registered for that platform only, so builds for the host never load it;
  - the Python headers: the target's (Debian's libpython3.11-dev of that architecture, pinned by
    sha256 in targets.bzl), not the host interpreter's;
  - the type stubs: written from the same sources built for the host (tools/stubs.bzl), since an
    aarch64 shared object cannot be loaded here. The descriptions do not depend on the
    architecture.
The repository is fetched only when a build asks for the platform; a missing cross compiler is a
one-line error naming the Debian package.
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load("@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl", "feature", "flag_group", "flag_set", "tool_path")
load("//python:ext/targets.bzl", "TARGETS")

def _cross_toolchain_repo_impl(rctx):
    t = TARGETS[rctx.attr.target]
    cc = rctx.which(t["cc"])
    if not cc:
        fail("goarrow: target %s needs the C cross compiler %s: install Debian's %s (apt-get install %s)" % (
            rctx.attr.target,
            t["cc"],
            t["cc_package"],
            t["cc_package"],
        ))
    prefix = str(cc)[:-len("gcc")]
    rctx.file("probe.c", "#include <unistd.h>\n")
    if rctx.execute([cc, "-E", "probe.c", "-o", "/dev/null"], timeout = 60).return_code != 0:
        fail("goarrow: target %s: %s finds no C library headers (unistd.h): install Debian's %s (apt-get install %s)" % (
            rctx.attr.target,
            t["cc"],
            t["libc_package"],
            t["libc_package"],
        ))
    rctx.delete("probe.c")

    # The compiler's own include directories, which Bazel's header check must know.
    res = rctx.execute([cc, "-E", "-xc", "-", "-v"], timeout = 60)
    dirs, on = [], False
    for line in res.stderr.splitlines():
        if line.startswith("#include <...> search starts here:"):
            on = True
        elif line.startswith("End of search list."):
            on = False
        elif on:
            dirs.append(str(rctx.path(line.strip())))

    # sid's cross kernel headers are links into /usr/lib/linux/uapi/<arch>, the paths gcc reports.
    if rctx.path("/usr/lib/linux/uapi").exists:
        dirs.append("/usr/lib/linux/uapi")

    # The target's CPython headers: usr/include/python3.11 (its pyconfig.h includes
    # <ARCH-linux-gnu/python3.11/pyconfig.h>, also under usr/include).
    rctx.report_progress("downloading %s" % t["python_dev_url"])
    rctx.download(t["python_dev_url"], "python-dev.deb", sha256 = t["python_dev_sha256"])
    res = rctx.execute(["sh", "-c", "mkdir -p deb && cd deb && ar x ../python-dev.deb && mkdir -p ../root && tar -xf data.tar.* -C ../root ./usr/include"])
    if res.return_code != 0:
        fail("goarrow: could not unpack %s (needs ar and tar): %s" % (t["python_dev_url"], res.stderr))
    rctx.delete("deb")
    rctx.delete("python-dev.deb")
    rctx.file("BUILD.bazel", """\
load("@goarrow//tools:cross.bzl", "cross_cc_toolchain_config")

package(default_visibility = ["//visibility:public"])

cc_library(
    name = "python_headers",
    hdrs = glob(["root/usr/include/**/*.h"]),
    includes = ["root/usr/include/python3.11", "root/usr/include"],
)

cross_cc_toolchain_config(
    name = "config",
    prefix = "{prefix}",
    include_dirs = {dirs},
    cpu = "{machine}",
)

filegroup(name = "empty")

cc_toolchain(
    name = "cc_toolchain",
    all_files = ":empty",
    compiler_files = ":empty",
    dwp_files = ":empty",
    linker_files = ":empty",
    objcopy_files = ":empty",
    strip_files = ":empty",
    supports_param_files = 0,
    toolchain_config = ":config",
)
""".format(prefix = prefix, dirs = repr(dirs), machine = t["machine"]))

cross_toolchain_repo = repository_rule(
    implementation = _cross_toolchain_repo_impl,
    attrs = {"target": attr.string(mandatory = True, doc = "A key of python/ext/targets.bzl's TARGETS.")},
    doc = "The C cross toolchain (Debian's cross gcc, found on PATH) and the target's CPython headers.",
    environ = ["PATH"],
)

_ALL_COMPILE = [ACTION_NAMES.c_compile, ACTION_NAMES.cpp_compile, ACTION_NAMES.assemble, ACTION_NAMES.preprocess_assemble]
_ALL_LINK = [ACTION_NAMES.cpp_link_executable, ACTION_NAMES.cpp_link_dynamic_library, ACTION_NAMES.cpp_link_nodeps_dynamic_library]

def _cross_cc_toolchain_config_impl(ctx):
    p = ctx.attr.prefix
    features = [
        feature(name = "supports_pic", enabled = True),
        feature(name = "supports_dynamic_linker", enabled = True),
        feature(
            name = "goarrow_cross_flags",
            enabled = True,
            flag_sets = [
                flag_set(actions = _ALL_COMPILE, flag_groups = [flag_group(flags = [
                    "-O2",
                    "-fPIC",
                    "-no-canonical-prefixes",
                    # Reproducible objects: no build date or time in them.
                    "-Wno-builtin-macro-redefined",
                    "-D__DATE__=\"redacted\"",
                    "-D__TIMESTAMP__=\"redacted\"",
                    "-D__TIME__=\"redacted\"",
                ])]),
                flag_set(actions = _ALL_LINK, flag_groups = [flag_group(flags = ["-no-canonical-prefixes", "-lm"])]),
            ],
        ),
    ]

    # The global cc_common: Bazel 4.2.3 offline has no rules_cc to load it from (third_party/).
    # buildifier: disable=native-cc-common
    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        toolchain_identifier = "goarrow_cross_" + ctx.attr.cpu,
        host_system_name = "local",
        target_system_name = ctx.attr.cpu + "-linux-gnu",
        target_cpu = ctx.attr.cpu,
        target_libc = "glibc",
        compiler = "gcc",
        abi_version = "local",
        abi_libc_version = "local",
        cxx_builtin_include_directories = ctx.attr.include_dirs,
        features = features,
        tool_paths = [
            tool_path(name = name, path = p + tool)
            for name, tool in [
                ("gcc", "gcc"),
                ("cpp", "cpp"),
                ("ld", "ld"),
                ("ar", "ar"),
                ("nm", "nm"),
                ("objcopy", "objcopy"),
                ("objdump", "objdump"),
                ("strip", "strip"),
                ("gcov", "gcov"),
            ]
        ],
    )

cross_cc_toolchain_config = rule(
    implementation = _cross_cc_toolchain_config_impl,
    attrs = {
        "prefix": attr.string(mandatory = True, doc = "The cross tools' path up to `gcc`: /usr/bin/aarch64-linux-gnu-."),
        "include_dirs": attr.string_list(doc = "The compiler's built-in include directories."),
        "cpu": attr.string(mandatory = True, doc = "The target's machine name (aarch64)."),
    },
    provides = [CcToolchainConfigInfo],
    doc = "The C toolchain configuration of a Debian cross gcc.",
)

"""goarrow_dependencies: everything a workspace needs to build goarrow extensions, in one call.

In your WORKSPACE, after bringing goarrow in (local_repository or http_archive named "goarrow"):

    load("@goarrow//tools:workspace.bzl", "goarrow_dependencies")

    goarrow_dependencies(go_mods = ["//go:go.mod"])

It defines three repositories, named so that they do not collide with yours:
  @goarrow_go_sdk      the Go toolchain (found on PATH or in a Nix shell, checked against go.mod)
  @goarrow_go_modules  the Go modules your go.sum files pin (and goarrow's), downloaded once
  @goarrow_python      a venv from the host's Python with the packages of a hash-pinned lock,
                       registered as the Python toolchain; its headers build the extensions
"""

load("//tools:repositories.bzl", "goarrow_repositories")

def _stand_in_impl(rctx):
    src = rctx.path(rctx.attr.marker).dirname
    for name in rctx.attr.files:
        rctx.symlink(src.get_child(name), name)

# A copy of one of goarrow's third_party/ stand-ins (see third_party/README.md).
_stand_in = repository_rule(
    implementation = _stand_in_impl,
    attrs = {
        "marker": attr.label(mandatory = True, doc = "The stand-in's WORKSPACE file."),
        "files": attr.string_list(mandatory = True, doc = "The stand-in's top-level files and directories to link."),
    },
    doc = "A copy of one of goarrow's third_party/ stand-ins, for Bazel 4.2.3 offline.",
)

def _bazel_4():
    # Debian's bazel-bootstrap reports no version at all; a release Bazel reports "4.2.3", "7.4.1".
    v = getattr(native, "bazel_version", "") or ""
    return v == "" or v.startswith("4.") or v == "no_version"

def goarrow_dependencies(go_mods = [], python_lock = None, python_version = None, python_versions = None, python_source_packages = []):
    """Defines @goarrow_go_sdk, @goarrow_go_modules and @goarrow_python and registers the toolchain.

    Args:
      go_mods: your go.mod files (labels in your workspace); each go.sum sits next to its go.mod.
        A go.mod that requires github.com/goarrow/goarrow/go gets it from this goarrow
        repository: you write no replace directive.
      python_lock: a pip lock with hashes (pip-compile --generate-hashes) for the venv; it must
        hold pyarrow and numpy (goarrow's own needs) and whatever your tests import. Defaults to
        goarrow's python/requirements_lock.txt.
      python_version: major.minor of the one interpreter the lock is for (older spelling of
        python_versions = [python_version]).
      python_versions: the major.minor versions the lock installs on; goarrow's own lock covers
        3.11 to 3.14. The interpreter is the host's python3 or $GOARROW_PYTHON.
      python_source_packages: packages of the lock that PyPI has only as sdists (pyspark): pip
        builds them from their hash-checked sdists; everything else must be a wheel.
    """
    if _bazel_4():
        # Bazel 4.2.3's own tools load these; offline, it could not download them. A newer Bazel
        # fetches the real ones, so we define nothing then.
        for name, files in [
            ("rules_cc", ["WORKSPACE", "BUILD.bazel", "cc"]),
            ("rules_java", ["WORKSPACE", "BUILD.bazel", "java"]),
            ("remote_coverage_tools", ["WORKSPACE", "BUILD.bazel"]),
        ]:
            if not native.existing_rule(name):
                _stand_in(
                    name = name,
                    marker = Label("//third_party/%s:WORKSPACE" % name),
                    files = files,
                )

    if python_version and not python_versions:
        python_versions = [python_version]
    goarrow_repositories(
        go_mods = go_mods,
        python_lock = python_lock,
        python_versions = python_versions,
        python_source_packages = python_source_packages,
    )
    native.register_toolchains("@goarrow_python//:toolchain", str(Label("//tools:cc_linux_aarch64")))

"""The three repositories every goarrow build needs, defined one way for WORKSPACE and for bzlmod.

goarrow_dependencies() (tools/workspace.bzl) and the `goarrow` module extension
(tools/extensions.bzl) both call goarrow_repositories(); only how the arguments are gathered
differs (macro arguments, or tags from every module of the graph).
"""

load("//tools:cross.bzl", "cross_toolchain_repo")
load("//tools:go_modules.bzl", "go_modules")
load("//tools:go_sdk.bzl", "go_sdk")
load("//tools:python_toolchain.bzl", "python_toolchain")

GOARROW_GO_MOD = Label("//go:go.mod")
GOARROW_LOCK = Label("//python:requirements_lock.txt")

# The CPython versions goarrow's own lock installs on (`uv pip compile --universal`: one lock,
# each package pinned with the hashes of every version's wheels; CI installs it on each). Not
# 3.15: the lock's numpy 2.4.6 has no cp315 wheel (python/install/matrix.py said so on 3.15.2).
SUPPORTED_PYTHONS = ["3.11", "3.12", "3.13", "3.14"]

def goarrow_repositories(go_mods, python_lock = None, python_versions = None, python_source_packages = []):
    """Defines @goarrow_go_sdk, @goarrow_go_modules and @goarrow_python.

    Args:
      go_mods: Labels of go.mod files besides goarrow's own (which always comes first: its
        `toolchain` line is the Go pin).
      python_lock: a hash-pinned pip lock; goarrow's own when None.
      python_versions: the major.minor versions python_lock installs on; SUPPORTED_PYTHONS for
        goarrow's own lock.
      python_source_packages: packages of the lock to build from their sdists.
    """
    all_mods = [GOARROW_GO_MOD] + [m for m in go_mods if m != GOARROW_GO_MOD]
    go_sdk(
        name = "goarrow_go_sdk",
        go_mods = all_mods,
    )
    go_modules(
        name = "goarrow_go_modules",
        # A repository of this same set: a plain string, resolved among its siblings.
        go = "@goarrow_go_sdk//:goroot/bin/go",
        go_mods = all_mods,
        goarrow_go_mod = GOARROW_GO_MOD,
    )
    python_toolchain(
        name = "goarrow_python",
        lock = python_lock or GOARROW_LOCK,
        pin = Label("//:.python-version"),
        python_versions = python_versions or SUPPORTED_PYTHONS,
        source_packages = python_source_packages,
    )

    # The C cross toolchain and the target's Python headers (tools/cross.bzl), fetched only by a
    # build for //tools:linux_aarch64.
    cross_toolchain_repo(
        name = "goarrow_cross_linux_aarch64",
        target = "linux-aarch64",
    )

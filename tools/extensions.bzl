"""The `goarrow` module extension: goarrow_dependencies() for bzlmod (Bazel 7 and newer).

In your MODULE.bazel:

    bazel_dep(name = "goarrow", version = "0.2.0")

    goarrow = use_extension("@goarrow//tools:extensions.bzl", "goarrow")
    goarrow.go_mod(go_mod = "//:go/go.mod")        # each Go module you build extensions from
    goarrow.python(lock = "//:requirements_lock.txt", versions = ["3.12", "3.13"])  # optional
    use_repo(goarrow, "goarrow_go_modules", "goarrow_go_sdk", "goarrow_python")

The extension makes one set of repositories for the whole module graph: the Go SDK pinned by
goarrow's go.mod, one module cache with every go.mod's pins (goarrow's and each go_mod tag's), and
the Python toolchain (a venv with the root module's lock, or goarrow's). goarrow's own
MODULE.bazel registers the toolchain. The interpreter is the host's python3, or the one
GOARROW_PYTHON names (`--repo_env=GOARROW_PYTHON=/usr/bin/python3.14`).
"""

load("//tools:repositories.bzl", "GOARROW_GO_MOD", "goarrow_repositories")

_go_mod = tag_class(
    doc = "A Go module whose packages go_arrow_extension builds. Its go.sum must sit beside it.",
    attrs = {
        "go_mod": attr.label(
            mandatory = True,
            doc = "The module's go.mod, e.g. \"//go:go.mod\". Its `go` line may not ask for a newer Go than goarrow's pin.",
        ),
    },
)

_python = tag_class(
    doc = "The Python packages of the toolchain's venv. Only the root module's tag counts; without one, goarrow's lock is used.",
    attrs = {
        "lock": attr.label(
            mandatory = True,
            doc = "A pip lock with hashes (uv pip compile --universal --generate-hashes). It must hold pyarrow and numpy and whatever your tests import.",
        ),
        "versions": attr.string_list(
            mandatory = True,
            doc = "The CPython major.minor versions the lock installs on, e.g. [\"3.11\", \"3.12\"]. Another interpreter is refused with a one-line error.",
        ),
        "source_packages": attr.string_list(
            doc = "Packages of the lock that PyPI has only as sdists (pyspark): built from their hash-checked sdists.",
        ),
    },
)

def _where(mod, tag):
    return "goarrow.%s in module %s" % (tag, mod.name or "<root>")

def _module_path(mctx, label):
    for line in mctx.read(label).splitlines():
        line = line.strip()
        if line.startswith("module "):
            return line[len("module "):].strip().strip('"')
    return None

def _goarrow_impl(mctx):
    go_mods = []
    paths = {}
    python = None
    for mod in mctx.modules:
        for tag in mod.tags.go_mod:
            where = "%s(go_mod = \"%s\")" % (_where(mod, "go_mod"), tag.go_mod)
            path = mctx.path(tag.go_mod)
            if not path.exists:
                fail("%s: no such file. Point go_mod at your Go module's go.mod (make one with `go mod init`)." % where)
            if not path.dirname.get_child("go.sum").exists:
                fail("%s: no go.sum beside it. Run `go mod tidy` in %s." % (where, path.dirname))
            if tag.go_mod in go_mods:
                continue  # the same file named twice (two modules sharing one go.mod) is one module
            module_path = _module_path(mctx, tag.go_mod)
            if not module_path:
                fail("%s: no `module` line; is it a go.mod?" % where)
            if module_path in paths:
                fail("%s: declares module %s, as %s already does. Two go.mod files may not declare the same module path; remove one of the tags." % (
                    where,
                    module_path,
                    paths[module_path],
                ))
            paths[module_path] = tag.go_mod
            go_mods.append(tag.go_mod)
        for tag in mod.tags.python:
            if not mod.is_root:
                # A library module's choice of packages would override its user's: ignore it,
                # as rules_python ignores non-root pip settings.
                continue
            if python:
                fail("%s: given twice in the root module; keep one goarrow.python tag." % _where(mod, "python"))
            python = tag
    goarrow_repositories(
        go_mods = [m for m in go_mods if m != GOARROW_GO_MOD],
        python_lock = python.lock if python else None,
        python_versions = python.versions if python else None,
        python_source_packages = python.source_packages if python else [],
    )

goarrow = module_extension(
    implementation = _goarrow_impl,
    tag_classes = {"go_mod": _go_mod, "python": _python},
    doc = "Defines @goarrow_go_sdk, @goarrow_go_modules and @goarrow_python for bzlmod builds.",
)

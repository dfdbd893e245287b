"""go_modules: the Go modules pinned by our go.sum files, downloaded once into an external repository.

`go mod download` checks every module it fetches against go.sum (with GOSUMDB off, a module missing
from go.sum is an error, not a silent lookup). Build actions then point GOMODCACHE here and run with
GOPROXY=off and -mod=readonly, so a build can neither reach the network nor change go.sum. The
repository is fetched again only when a go.mod or go.sum changes.

Several Go modules may share it: go/ (the bridge) and the modules of examples or users that build
extensions with go_arrow_extension. Each go.mod is placed at its workspace path, so that a
`replace ../../../go` between them resolves here as it does in the source tree.
"""

def _go_modules_impl(rctx):
    go = rctx.path(rctx.attr.go)
    modcache = rctx.path("modcache")
    env = {
        "GOMODCACHE": str(modcache),
        "GOFLAGS": "-mod=readonly -modcacherw",
        "GOSUMDB": "off",
        "GOTOOLCHAIN": "local",
        "GOCACHE": str(rctx.path("tmp-gocache")),
    }
    # `go mod download` wants a module to stand in; go.mod and go.sum are all it reads (and the
    # go.mod of a module a `replace` points at, which is here too).
    dirs = []
    for mod in rctx.attr.go_mods:
        # The go.mod's own directory, also when the label names it from a parent package.
        d = "src/" + "/".join([p for p in [mod.package] + mod.name.split("/")[:-1] if p])
        rctx.symlink(rctx.path(mod), d + "/go.mod")
        rctx.symlink(rctx.path(mod).dirname.get_child("go.sum"), d + "/go.sum")
        dirs.append(d)
    stamp = []
    for d in dirs:
        rctx.report_progress("downloading the Go modules pinned by %s/go.sum" % d[4:])
        res = rctx.execute([go, "mod", "download", "-x"], environment = env, working_directory = d, timeout = 1200, quiet = True)
        if res.return_code != 0:
            fail("go_modules: `go mod download` in %s failed:\n%s" % (d[4:], res.stderr))
        res = rctx.execute([go, "mod", "verify"], environment = env, working_directory = d, timeout = 600)
        if res.return_code != 0:
            fail("go_modules: `go mod verify` in %s failed:\n%s%s" % (d[4:], res.stdout, res.stderr))
        stamp.append(rctx.read(d + "/go.mod") + rctx.read(d + "/go.sum"))
    rctx.delete("tmp-gocache")

    # A stamp that build actions take as an input: it changes exactly when the module set does.
    rctx.file("modules.stamp", "\n".join(stamp))
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

exports_files(["modules.stamp"])
""")
    rctx.file("defs.bzl", 'GOMODCACHE = "%s"\n' % modcache)

go_modules = repository_rule(
    implementation = _go_modules_impl,
    attrs = {
        "go": attr.label(allow_single_file = True, mandatory = True),
        "go_mods": attr.label_list(allow_files = ["go.mod"], mandatory = True, doc = "go.mod files; each go.sum sits next to its go.mod."),
    },
    environ = ["GOPROXY", "GONOSUMDB", "GOPRIVATE"],
)

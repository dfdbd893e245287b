"""go_modules: the Go modules pinned by go/go.sum, downloaded once into an external repository.

`go mod download` checks every module it fetches against go.sum (with GOSUMDB off, a module missing
from go.sum is an error, not a silent lookup). Build actions then point GOMODCACHE here and run with
GOPROXY=off and -mod=readonly, so a build can neither reach the network nor change go.sum. The
repository is fetched again only when go.mod or go.sum change.
"""

def _go_modules_impl(rctx):
    go = rctx.path(rctx.attr.go)
    go_mod = rctx.path(rctx.attr.go_mod)
    go_sum = rctx.path(rctx.attr.go_sum)

    # `go mod download` wants a module to stand in; go.mod and go.sum are all it reads.
    rctx.symlink(go_mod, "module/go.mod")
    rctx.symlink(go_sum, "module/go.sum")
    modcache = rctx.path("modcache")
    env = {
        "GOMODCACHE": str(modcache),
        "GOFLAGS": "-mod=readonly -modcacherw",
        "GOSUMDB": "off",
        "GOTOOLCHAIN": "local",
        "GOCACHE": str(rctx.path("tmp-gocache")),
    }
    rctx.report_progress("downloading Go modules pinned by go.sum")
    res = rctx.execute([go, "mod", "download", "-x"], environment = env, working_directory = "module", timeout = 1200, quiet = True)
    if res.return_code != 0:
        fail("go_modules: `go mod download` failed:\n" + res.stderr)
    res = rctx.execute([go, "mod", "verify"], environment = env, working_directory = "module", timeout = 600)
    if res.return_code != 0:
        fail("go_modules: `go mod verify` failed:\n" + res.stdout + res.stderr)
    rctx.delete("tmp-gocache")

    # A stamp that build actions take as an input: it changes exactly when the module set does.
    rctx.file("modules.stamp", rctx.read(go_sum))
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

exports_files(["modules.stamp"])
""")
    rctx.file("defs.bzl", 'GOMODCACHE = "%s"\n' % modcache)

go_modules = repository_rule(
    implementation = _go_modules_impl,
    attrs = {
        "go": attr.label(allow_single_file = True, mandatory = True),
        "go_mod": attr.label(allow_single_file = True, mandatory = True),
        "go_sum": attr.label(allow_single_file = True, mandatory = True),
    },
    environ = ["GOPROXY", "GONOSUMDB", "GOPRIVATE"],
)

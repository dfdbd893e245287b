"""go_modules: the Go modules pinned by our go.sum files, downloaded once into an external repository.

`go mod download` checks every module it fetches against go.sum (with GOSUMDB off, a module missing
from go.sum is an error, not a silent lookup). Build actions then point GOMODCACHE here and run with
GOPROXY=off and -mod=readonly, so a build can neither reach the network nor change go.sum. The
repository is fetched again only when a go.mod or go.sum changes.

Several Go modules share it: goarrow's go/ (the bridge) and the modules of users that build
extensions with go_arrow_extension. A user's go.mod that requires goarrow's module gets it from
the goarrow repository itself: the copy placed here carries a replace directive to goarrow's go/
directory, written by tools/go_module.sh, the program tools/go.bzl and the pip backend run at build
time, so the user writes no path into goarrow.
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
    goarrow_dir = rctx.path(rctx.attr.goarrow_go_mod).dirname
    dirs = []
    for mod in rctx.attr.go_mods:
        # The go.mod's own directory (by repository and package), also when the label names it
        # from a parent package.
        d = "src/" + "/".join([p for p in [mod.workspace_name or "main", mod.package] + mod.name.split("/")[:-1] if p])
        if d in dirs:
            continue
        path = rctx.path(mod)
        if path.dirname == goarrow_dir:
            rctx.symlink(path.dirname.get_child("go.sum"), d + "/go.sum")
            rctx.symlink(path, d + "/go.mod")
        else:
            rctx.file(d + "/.keep", "")
            res = rctx.execute(["bash", rctx.path(rctx.attr._go_module_sh), "modfile", go, path.dirname, goarrow_dir, rctx.path(d)], environment = env)
            if res.return_code != 0:
                fail("go_modules: tools/go_module.sh modfile of %s failed:\n%s" % (mod, res.stderr))
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
        "go": attr.label(allow_single_file = True, mandatory = True, doc = "The go command to download with (the pinned SDK's)."),
        "go_mods": attr.label_list(allow_files = ["go.mod"], mandatory = True, doc = "go.mod files; each go.sum sits next to its go.mod."),
        "goarrow_go_mod": attr.label(allow_single_file = ["go.mod"], mandatory = True, doc = "goarrow's own go.mod: what requirements of its module resolve to."),
        "_go_module_sh": attr.label(default = Label("//tools:go_module.sh"), allow_single_file = True, doc = "Writes the go.mod copy with goarrow's replace directive."),
    },
    environ = ["GOPROXY", "GONOSUMDB", "GOPRIVATE"],
    doc = "A Go module cache holding what every listed go.sum pins, downloaded once and verified; builds read it offline.",
)

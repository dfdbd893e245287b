"""go_sdk: the host's Go toolchain (or a Nix shell's), checked against every go.mod it builds.

We do not download a Go SDK: the machine (or `nix develop`) provides one, and this rule only finds it,
checks that it is new enough for the module, and gives the build rules a stable place for Go's build
cache. Go's cache is keyed by the content of every input, so sharing it between actions cannot change
what a build produces; it only turns a 30 s rebuild of arrow-go into a few seconds.
"""

def _parse_go_version(text):
    # "1.25.0" or "1.26" -> [1, 25, 0]
    parts = [int(p) for p in text.strip().split(".")]
    return (parts + [0, 0, 0])[:3]

def _go_directive(go_mod):
    for line in go_mod.splitlines():
        line = line.strip()
        if line.startswith("go "):
            return line[3:].strip()
    fail("go_sdk: no 'go' directive in go.mod")

def _go_sdk_impl(rctx):
    go = rctx.os.environ.get("GOARROW_GO") or rctx.which("go")
    if not go:
        fail("go_sdk: no `go` on PATH. Install Go >= the version your go.mod files ask for, set GOARROW_GO, or use `nix develop`.")
    go = rctx.path(go)

    res = rctx.execute([go, "env", "GOROOT", "GOVERSION"])
    if res.return_code != 0:
        fail("go_sdk: `%s env` failed: %s" % (go, res.stderr))
    goroot, goversion = res.stdout.strip().split("\n")

    have = goversion.strip().lstrip("go").split(" ")[0].split("-")[0]
    for mod in rctx.attr.go_mods:
        want = _go_directive(rctx.read(mod))
        if _parse_go_version(have) < _parse_go_version(want):
            fail("go_sdk: %s is %s but %s needs go >= %s; install a newer Go (or set GOARROW_GO)" % (go, goversion, mod, want))

    rctx.symlink(goroot, "goroot")
    rctx.file("gocache/.keep", "")
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

exports_files(["goroot/bin/go"])
""")
    rctx.file("defs.bzl", 'GOCACHE = "%s"\n' % rctx.path("gocache"))

go_sdk = repository_rule(
    implementation = _go_sdk_impl,
    attrs = {"go_mods": attr.label_list(allow_files = ["go.mod"], mandatory = True)},
    environ = ["GOARROW_GO", "PATH"],
    local = False,
)

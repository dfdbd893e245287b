"""go_sdk: the exact Go release goarrow's go.mod pins with its `toolchain` line, on any machine.

The release is fetched the way GOTOOLCHAIN does it: as the module golang.org/toolchain from the
Go module proxy, checked against the Go checksum database, into this repository's own module
cache. The host only needs some Go that can switch toolchains (1.21 or later); when the host's Go
(or a Nix shell's) is the pinned release already, it is used as it is. Every go.mod the build
uses must ask for a Go no newer than the pin.

Go's build cache lives here too: it is keyed by the content of every input, so sharing it
between actions cannot change what a build produces; it only turns a 30 s rebuild of arrow-go
into a few seconds.
"""

def _parse_go_version(text):
    # "1.25.0", "1.26", "go1.26.8" -> [1, 26, 8]
    parts = [int(p) for p in text.strip().lstrip("go").split(".")]
    return (parts + [0, 0, 0])[:3]

def _directive(go_mod, name):
    for line in go_mod.splitlines():
        line = line.strip()
        if line.startswith(name + " "):
            return line[len(name) + 1:].strip()
    return None

def _go_sdk_impl(rctx):
    goarrow_mod = rctx.read(rctx.attr.go_mods[0])
    pinned = _directive(goarrow_mod, "toolchain")
    if not pinned:
        fail("go_sdk: %s has no `toolchain goX.Y.Z` line to pin the Go release" % rctx.attr.go_mods[0])
    host = rctx.os.environ.get("GOARROW_GO") or rctx.which("go")
    if not host:
        fail("go_sdk: no `go` on PATH. Install Go 1.21 or later (https://go.dev/dl or your package manager; " +
             "it fetches the pinned %s itself), set GOARROW_GO, or use `nix develop`." % pinned)
    host = rctx.path(host)
    res = rctx.execute([host, "env", "GOVERSION"], environment = {"GOTOOLCHAIN": "local"})
    if res.return_code != 0:
        fail("go_sdk: `%s env GOVERSION` failed: %s" % (host, res.stderr))
    have = res.stdout.strip().split(" ")[0]
    if _parse_go_version(have.split("-")[0]) < [1, 21, 0]:
        fail("go_sdk: %s is %s, which cannot fetch the pinned %s: install Go 1.21 or later." % (host, have, pinned))

    for mod in rctx.attr.go_mods:
        want = _directive(rctx.read(mod), "go")
        if want and _parse_go_version(want) > _parse_go_version(pinned):
            fail("go_sdk: %s asks for go %s, newer than goarrow's pinned %s. Lower its `go` line to %s or older (`go mod edit -go=%s`), or use a goarrow release that pins a newer Go." % (
                mod,
                want,
                pinned,
                pinned[2:],
                pinned[2:],
            ))

    if have == pinned:
        res = rctx.execute([host, "env", "GOROOT"], environment = {"GOTOOLCHAIN": "local"})
        origin = "the host's"
    else:
        rctx.report_progress("fetching %s through the Go module proxy (GOTOOLCHAIN)" % pinned)
        res = rctx.execute([host, "env", "GOROOT"], environment = {
            "GOTOOLCHAIN": pinned,
            "GOMODCACHE": str(rctx.path("toolchain")),
            "GOPATH": str(rctx.path("gopath")),
            "GOFLAGS": "-modcacherw",
        }, timeout = 600)
        origin = "fetched"
    if res.return_code != 0:
        fail("go_sdk: could not get %s: %s" % (pinned, res.stderr))
    goroot = res.stdout.strip()
    version = rctx.read(goroot + "/VERSION").split("\n")[0]
    if version != pinned:
        fail("go_sdk: %s holds %s, not the pinned %s" % (goroot, version, pinned))

    rctx.symlink(goroot, "goroot")

    # $GOARROW_GOCACHE: one Go build cache for several output bases (tools/sid sets it, so that
    # bzlmod, WORKSPACE mode and a user's workspace do not each compile arrow-go from scratch).
    gocache = rctx.os.environ.get("GOARROW_GOCACHE")
    if gocache:
        rctx.execute(["mkdir", "-p", gocache])
    else:
        rctx.file("gocache/.keep", "")
        gocache = str(rctx.path("gocache"))
    rctx.file("BUILD.bazel", """\
package(default_visibility = ["//visibility:public"])

exports_files(["goroot/bin/go"])
""")
    rctx.file("defs.bzl", 'GOCACHE = "%s"\nGO_VERSION = "%s"\nGO_ORIGIN = "%s"\n' % (gocache, version, origin))

go_sdk = repository_rule(
    implementation = _go_sdk_impl,
    attrs = {"go_mods": attr.label_list(allow_files = ["go.mod"], mandatory = True, doc = "goarrow's go.mod first: its toolchain line is the pin.")},
    doc = "The Go release goarrow's go.mod pins (host's Go if it is that release, else fetched through the module proxy), and Go's build cache.",
    environ = ["GOARROW_GO", "GOARROW_GOCACHE", "PATH", "GOPROXY", "GOSUMDB"],
)

#!/usr/bin/env bash
# Two goarrow extensions built with different Go releases, by different builds, in one process:
# goarrow_testing (Bazel, the pinned Go of go/go.mod) next to goarrow_testing2 built by goarrow's
# pip backend with an older Go ($OLD_GO_RELEASE, go1.25.5 by default, fetched and verified through
# the Go module proxy by GOTOOLCHAIN), and goarrow's own extension from the Bazel wheel. Runs
# python/runtimes/test_runtimes.py over them, with RUNTIMES_SECOND_GO naming the older release
# (the test checks that goarrow_testing2 was built with it and the other two with the pinned one). Needs the network (the older Go, and the Go modules for the pip build).
set -euo pipefail
cd "$(dirname "$0")/../.."
OLD_GO_RELEASE="${OLD_GO_RELEASE:-go1.25.5}"

tools/bazel build //python:goarrow_testing //python:wheel
py="$(tools/bazel info output_base 2>/dev/null)/external/goarrow_python/venv/bin/python3"
tmp="$(mktemp -d /tmp/goarrow-two-go.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
old_go="$(cd "$tmp" && GOTOOLCHAIN="$OLD_GO_RELEASE" go env GOROOT)/bin/go"
echo "older Go: $("$old_go" version)"

# goarrow (the runtime and its built-ins) from Bazel's wheel; goarrow_testing from bazel-bin.
"$py" -m pip install -q --no-deps --no-index --target "$tmp/site" bazel-bin/python/wheel/goarrow-*.whl
mkdir "$tmp/bazel" && cp -rL bazel-bin/python/goarrow_testing "$tmp/bazel/"

# goarrow_testing2: the test extension's Go (go/internal/testextension) as a third party would
# build a package: pip wheel of a directory with a pyproject.toml naming goarrow's backend.
mkdir "$tmp/pkg" && cp -r go "$tmp/pkg/go"
cat > "$tmp/pkg/pyproject.toml" <<'TOML'
[build-system]
requires = ["goarrow>=0.2.0"]
build-backend = "goarrow.build"

[project]
name = "goarrow_testing2"
version = "0.1.0"
dependencies = ["goarrow>=0.2.0"]

[tool.goarrow]
package = "goarrow_testing2"
go-module = "go"
main = "./internal/testextension"
TOML
(cd "$tmp/pkg" && PYTHONPATH="$tmp/site" GOARROW_GO="$old_go" GOTOOLCHAIN=local \
  "$py" -m pip wheel -q --no-build-isolation --no-deps --no-index -w "$tmp/dist" .)
"$py" -m pip install -q --no-deps --no-index --target "$tmp/site" "$tmp"/dist/goarrow_testing2-*.whl
echo "goarrow_testing2 (pip): $("$old_go" version "$tmp/site/goarrow_testing2/_goarrow.abi3.so")"

cd "$tmp" && RUNTIMES_SECOND_GO="$OLD_GO_RELEASE" PYTHONPATH="$tmp/site:$tmp/bazel" \
  "$py" -m pytest -p no:cacheprovider -q -s "$OLDPWD/python/runtimes/test_runtimes.py"

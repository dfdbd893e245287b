#!/usr/bin/env bash
# Wheels built by goarrow's pip backend on the machine that runs this, for its own architecture
# (no cross compiler, no Bazel): what a user of an aarch64 machine gets from `pip install .`.
#
#   bash python/install/native_wheels.sh SDIST OUT_DIR    # goarrow from its sdist, the test
#                                                         # extensions and examples/jsonpath
#   bash python/install/native_wheels.sh WHEEL OUT_DIR    # examples/jsonpath only, with that
#                                                         # goarrow wheel as its build backend
#
#   - goarrow, from its sdist (SDIST: goarrow-X.tar.gz, made by goarrow.build.build_sdist), with
#     pip's build isolation as a user gets it; or a goarrow wheel given (the cross-built one);
#   - with an sdist, goarrow_testing and goarrow_badreg, the test extensions (go/internal/
#     testextension and testbadextension of that sdist's Go module);
#   - examples/jsonpath's jsonpath_go, a user's package: `pip wheel --no-build-isolation` in a
#     venv holding that goarrow wheel.
# Needs python3 (venv), Go >= 1.21 (it fetches the release go.mod asks for, for this
# architecture, through GOTOOLCHAIN) and a C compiler. Run by .ci/steps/95-aarch64.sh in the
# emulated arm64 root (tools/arm64), with a goarrow wheel: under emulation each Go build of
# arrow-go costs minutes. The Go build cache is the caller's (GOCACHE).
set -euo pipefail

[[ $# == 2 ]] || { echo "usage: native_wheels.sh SDIST|WHEEL OUT_DIR" >&2; exit 2; }
given="$(realpath "$1")"
mkdir -p "$2"
out="$(realpath "$2")"
checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp="$(mktemp -d /tmp/goarrow-native.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
pip_wheel() { "$@" --quiet --disable-pip-version-check --no-deps -w "$out"; }
t() { local t0=$SECONDS; "$@"; echo "native_wheels: $((SECONDS - t0)) s: ${*: -1}" >&2; }

# A venv (Debian's python3 has no pip of its own) ...
python3 -m venv "$tmp/venv"
if [[ "$given" == *.whl ]]; then
  goarrow_whl="$given"
else
  # ... whose pip builds goarrow from the sdist: what a user without a wheel for their platform gets.
  sdist="$given"
  t pip_wheel "$tmp/venv/bin/pip" wheel "$sdist"
  goarrow_whl="$(ls "$out"/goarrow-*.whl)"
fi

# That goarrow in the venv: the build backend of the others.
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "$goarrow_whl"

if [[ -n "${sdist:-}" ]]; then
  # The test extensions: Go packages of goarrow's own module, built as packages of their own, at
  # go_arrow_extension's default version (tools/goarrow.bzl), as Bazel's are (test_runtime checks it).
  tar -xzf "$sdist" -C "$tmp"
  src="$(echo "$tmp"/goarrow-*/)"
  for ext in goarrow_testing:testextension goarrow_badreg:testbadextension; do
    name="${ext%%:*}"
    mkdir -p "$tmp/$name"
    cat >"$tmp/$name/pyproject.toml" <<EOF
[build-system]
requires = ["goarrow"]
build-backend = "goarrow.build"

[project]
name = "$name"
version = "0.1.0"

[tool.goarrow]
package = "$name"
go-module = "${src}go"
main = "./internal/${ext#*:}"
EOF
    t pip_wheel "$tmp/venv/bin/pip" wheel --no-build-isolation "$tmp/$name"
  done
fi

# A user's package: examples/jsonpath, copied (its sources only) out of the checkout.
mkdir -p "$tmp/jsonpath"
cp -r "$checkout/examples/jsonpath/pyproject.toml" "$checkout/examples/jsonpath/go" "$tmp/jsonpath/"
t pip_wheel "$tmp/venv/bin/pip" wheel --no-build-isolation "$tmp/jsonpath"
ls -l "$out"

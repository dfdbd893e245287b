#!/usr/bin/env bash
# Bazel 7 (Debian sid's bazel-bootstrap 7.7.1 and packaged rules, in a sid root that tools/sid
# makes once; CPython 3.14 there): goarrow with bzlmod, goarrow in WORKSPACE mode (the Nix
# shell's case), examples/clip (a user's bzlmod module with rules_python's py_test), the
# CPython 3.15 matrix on the installed abi3 wheels, and the module extension's misuse cases. In a
# clone of its own, so that its bazel-* symlinks (into the root) do not replace the checkout's.
# tools/sid stops the root's Bazel server after each command (it would keep the mounts busy).
#
#   bash .ci/steps/90-bazel7.sh [LEG...]   # all legs, or those named: poc bzlmod workspace clip py315 misuse
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"
ci_pip_cache

legs=("$@")
((${#legs[@]})) || legs=(poc bzlmod workspace clip py315 misuse)
b7=""
ci_tmpdir b7 bazel7
git clone -q "$CI_ROOT" "$b7/src"
sid() { (cd "$b7/src/${dir:-.}" && "$b7/src/tools/sid" "$@"); }
counts() { echo "$1: $(dir="$2" sid python3 "$b7/src/tools/test_counts.py" .)"; }

ci_run "sid root ready" sid true
for leg in "${legs[@]}"; do
  case "$leg" in
    poc) ci_run "Bazel 7 bzlmod: run //:poc" sid "$b7/src/tools/bazel" run //:poc ;;
    bzlmod)
      # Everything is built; the targets tagged ci_once (Go-only tests, the pip frontends, mypy,
      # the docs and pins checks, the benchmarks' smoke run) ran in 40-test: they would be the
      # same tests on the same Go and the same sources (docs/tests.md).
      ci_run "Bazel 7 bzlmod: test //..." sid "$b7/src/tools/bazel" test --test_tag_filters=-ci_once //...
      counts "Bazel 7 bzlmod" . ;;
    workspace)
      # WORKSPACE mode differs from bzlmod in how the repositories are defined (workspace.bzl
      # against extensions.bzl), not in what is built from them: everything is built, and the
      # wheel assembled from those repositories is installed and run. The rest of the suite ran
      # in the bzlmod leg with the same Bazel, compilers, interpreter and sources (the sdist's
      # pip build too: the sdist holds the sources, not the repositories).
      ci_run "Bazel 7 WORKSPACE mode: build //..." sid "$b7/src/tools/bazel" build --config=workspace //...
      ci_run "Bazel 7 WORKSPACE mode: wheel test" sid "$b7/src/tools/bazel" test --config=workspace //python:wheel_test
      counts "Bazel 7 WORKSPACE mode" . ;;
    clip)
      dir=examples/clip ci_run "Bazel 7 examples/clip (bzlmod user): test //..." sid "$b7/src/tools/bazel" test //...
      counts "Bazel 7 examples/clip" examples/clip ;;
    py315)
      # numpy and nanoarrow have no cp315 wheels yet: built from their hash-checked sdists (the
      # root's pip cache keeps them: once per machine).
      ci_abi3_wheels "$b7/src/.matrix-wheels"
      ci_run "matrix CPython 3.15 (sid)" sid python3.15 python/install/matrix.py --build numpy,nanoarrow .matrix-wheels ;;
    misuse) ci_run "bzlmod misuse cases" sid python3 tools/testing/bzlmod_misuse.py ;;
    *) echo "unknown leg: $leg" >&2; exit 2 ;;
  esac
done
exit "$ci_rc"

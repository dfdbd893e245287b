#!/usr/bin/env bash
# Same bytes, pinned Go: a second clone at another path, with another output base and an older
# Go first on PATH (go_sdk must fetch the pinned release through the module proxy), builds the
# extension and the wheel again, and the cross-built aarch64 wheel; they must be byte-identical
# to this checkout's. (Not the tests
# again: they are the same tests on the same bytes.)
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"

targets=(//python:goarrow/_goarrow.so //python:wheel)
tools/bazel build "${targets[@]}"
twin=""
ci_clone twin twin
old_go="$(GOTOOLCHAIN=go1.25.5 GOMODCACHE="$twin/oldgo" GOFLAGS=-modcacherw go env GOROOT)"
(cd "$twin/src" && PATH="$old_go/bin:$PATH" GOARROW_GO='' tools/bazel --output_base="$twin/output_base" build "${targets[@]}")
# The wheel's name is found in bazel-bin (the glob means nothing at the checkout's root).
mapfile -t files < <(cd bazel-bin && ls python/goarrow/_goarrow.so python/wheel/*.whl)
if [[ ${#files[@]} -ne 2 ]]; then echo "expected the extension and one wheel in bazel-bin, found: ${files[*]}"; ci_rc=1; fi
for f in "${files[@]}"; do
  a="$(cd bazel-bin && sha256sum "$f")"
  b="$(cd "$twin/src/bazel-bin" && sha256sum "$f")"
  if [[ "$a" == "$b" ]]; then echo "same bytes: $a"; else echo "DIFFERENT: $a vs $b"; ci_rc=1; fi
done
echo "the twin's extension: $("$old_go/bin/go" version "$twin/src/bazel-bin/python/goarrow/_goarrow.so")"
echo "the twin's Go on PATH: $("$old_go/bin/go" env GOVERSION)"

# The aarch64 wheel, cross-built (tools/cross.bzl) in both clones, must be the same bytes too; then
# python/install/test_cross.py checks it (ELF aarch64, tag, auditwheel) and the pip backend's
# one-line errors for targets it cannot build.
if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
  echo "aarch64-linux-gnu-gcc not found: installing Debian's gcc-aarch64-linux-gnu for the cross build"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq gcc-aarch64-linux-gnu >/dev/null
fi
ci_run "aarch64 wheel" tools/bazel build --config=linux-aarch64 //python:wheel
ci_run "aarch64 wheel, twin" bash -c "cd '$twin/src' && PATH='$old_go/bin:$PATH' GOARROW_GO='' tools/bazel --output_base='$twin/output_base' build --config=linux-aarch64 //python:wheel"
mapfile -t files < <(cd bazel-bin && ls python/wheel/*aarch64.whl)
if [[ ${#files[@]} -ne 1 ]]; then echo "expected one aarch64 wheel in bazel-bin, found: ${files[*]}"; ci_rc=1; fi
for f in "${files[@]}"; do
  a="$(cd bazel-bin && sha256sum "$f")"
  b="$(cd "$twin/src/bazel-bin" && sha256sum "$f")"
  if [[ "$a" == "$b" ]]; then echo "same bytes: $a ($(stat -c %s "bazel-bin/$f") bytes)"; else echo "DIFFERENT: $a vs $b"; ci_rc=1; fi
done
venv_python="$(tools/bazel info output_base)/external/goarrow_python/venv/bin/python"
ci_run "test_cross.py" env GOARROW_CROSS_WHEELS="$(readlink -f bazel-bin/python/wheel/*aarch64.whl)" \
  "$venv_python" -m pytest -q python/install/test_cross.py
exit "$ci_rc"

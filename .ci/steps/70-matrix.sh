#!/usr/bin/env bash
# The version matrix: python/tests against the installed abi3 wheels (goarrow's and the test
# extensions', built by Bazel 4) on CPython 3.12 and 3.13 (pyenv's). 3.11 runs the suite in the
# test step (Bazel 4's toolchain), 3.14 in the Bazel 7 step (sid's python3, against Bazel's build
# rather than the installed wheel), 3.15 there too on these wheels. An interpreter that is
# missing fails the step; it is not skipped.
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"
ci_pip_cache

wheels="$CI_ROOT/.matrix-wheels"
rm -rf "$wheels"
ci_on_exit "rm -rf '$wheels'"
ci_abi3_wheels "$wheels"
pyenv_root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
for v in 3.12 3.13; do
  py="$(printf '%s\n' "$pyenv_root"/versions/"$v".*/bin/python"$v" | grep -v 't/bin/' | sort -V | tail -1)"
  [[ -x "$py" ]] || py=""
  if [[ -z "$py" ]]; then
    echo "matrix CPython $v: no interpreter under $pyenv_root/versions: FAILED"
    ci_rc=1
    continue
  fi
  ci_run "matrix CPython $v ($py)" "$py" python/install/matrix.py "$wheels"
done
exit "$ci_rc"

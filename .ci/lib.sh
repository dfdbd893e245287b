# shellcheck shell=bash disable=SC2034  # ci_rc and CI_ABI3_WHEEL_TARGETS are for the steps that source this
# Sourced by .ci/run and by each step in .ci/steps: the checkout's root as the working directory,
# a timed runner that records a failure and goes on, and temporary directories (and the Bazel
# servers of clones in them) removed on exit, whatever the outcome. Each step runs alone:
#   bash .ci/steps/60-twin.sh
set -euo pipefail
CI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$CI_ROOT"

ci_rc=0  # a step's exit status: 1 once anything it ran failed
ci_log() { echo "[ci $(date +%H:%M:%S)] $*"; }

# The pip cache of the legs that make venvs outside Bazel (matrix.py) or whole toolchains again:
# kept between runs on this machine.
ci_pip_cache() { export PIP_CACHE_DIR="${PIP_CACHE_DIR:-/var/cache/goarrow/pip}"; }

# ci_run LABEL COMMAND...: runs COMMAND and logs its exit status and time; a failure is recorded
# in ci_rc and the step goes on, so that one run reports every failure.
ci_run() {
  local label="$1" t0 rc=0
  shift
  t0=$(date +%s)
  "$@" || rc=$?
  ci_log "$label: exit $rc, $(($(date +%s) - t0)) s"
  if ((rc != 0)); then ci_rc=1; fi
  return 0
}

# Commands run on exit, last registered first.
_ci_on_exit=()
ci_on_exit() { _ci_on_exit+=("$1"); }
_ci_exit() {
  local i
  for ((i = ${#_ci_on_exit[@]} - 1; i >= 0; i--)); do eval "${_ci_on_exit[i]}" >/dev/null 2>&1 || true; done
}
trap _ci_exit EXIT

# ci_tmpdir VAR NAME: a new directory /tmp/goarrow-NAME.XXXXXX in VAR, removed on exit.
ci_tmpdir() {
  local d
  d="$(mktemp -d "/tmp/goarrow-$2.XXXXXX")"
  ci_on_exit "rm -rf '$d'"
  printf -v "$1" %s "$d"
}

# ci_clone VAR NAME: a clone of this checkout's HEAD at VAR/src, with VAR/output_base for its
# Bazel, whose server is shut down on exit (before the directory goes).
ci_clone() {
  ci_tmpdir "$1" "$2"
  git clone -q "$CI_ROOT" "${!1}/src"
  ci_on_exit "cd '${!1}/src' && tools/bazel --output_base='${!1}/output_base' shutdown"
}

# The abi3 wheels the Bazel 4 build makes (goarrow's and the test extensions'), which the matrix
# legs install: built here if the test step has not (a no-op if it has).
CI_ABI3_WHEEL_TARGETS=(//python:wheel //python:goarrow_testing_wheel //python:goarrow_badreg_wheel)
ci_abi3_wheels() {  # DIR: copies them into DIR
  tools/bazel build "${CI_ABI3_WHEEL_TARGETS[@]}"
  mkdir -p "$1"
  cp bazel-bin/python/wheel/*.whl bazel-bin/python/goarrow_testing_wheel/*.whl bazel-bin/python/goarrow_badreg_wheel/*.whl "$1/"
}

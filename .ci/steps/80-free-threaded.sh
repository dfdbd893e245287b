#!/usr/bin/env bash
# Free-threaded CPython 3.14t: pyenv's 3.14.4t, built once per machine (tools/python_ft, ~6 min),
# as the Bazel toolchain's interpreter. goarrow's extensions are then built without the limited
# API (there is none there before 3.15), declare that they run without the GIL, and every test
# that loads Python (//python/..., go/pyhost's, the POC) runs with the GIL off (test_threads
# checks, in a child process without PYTHON_GIL, that loading goarrow leaves it off; PYTHON_GIL=0
# keeps it off in the tests' own processes, since nanoarrow 0.9.0's cp314t wheel does not declare
# Py_mod_gil and importing it would turn the GIL back on). The Go-only tests do not depend on the
# interpreter and ran in the test step, as did the targets tagged ci_once (the build frontends,
# mypy on the stubs, the benchmarks' smoke run: nothing in them depends on the GIL). In a clone of its own: its own output base, and bazel-*
# symlinks that do not replace the checkout's.
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"
ci_pip_cache

py_ft="$(tools/python_ft)" || { echo "free-threaded leg: no free-threaded CPython (tools/python_ft failed): FAILED"; exit 1; }
ft=""
ci_clone ft free-threaded
cd "$ft/src" || exit 1
export GOARROW_PYTHON="$py_ft"
bazel=(tools/bazel --output_base="$ft/output_base")
ci_run "free-threaded poc" "${bazel[@]}" run //:poc
ci_run "free-threaded tests" "${bazel[@]}" test --test_tag_filters=-ci_once --test_env=PYTHON_GIL=0 \
  //python/... //go:pyhost_test //go:pyhost_test_cgocheck2 //go:pyhost_test_race
echo "free-threaded leg ($("$py_ft" -VV)): $(python3 tools/test_counts.py .)"
exit "$ci_rc"

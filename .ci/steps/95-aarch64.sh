#!/usr/bin/env bash
# aarch64: the wheels as shipped, cross-built on this machine, then tested under emulation in the
# Debian bookworm arm64 root of tools/arm64 (qemu-user-static, registered in binfmt_misc by the
# tool; a machine that cannot fails the step, it does not skip):
#   1. cross build (host speed): goarrow's wheel and the test extensions' wheels, by Bazel with
#      --config=linux-aarch64 (the aarch64 twin of goarrow's wheel is 60-twin's);
#   2. native build, emulated: a user's project, examples/jsonpath, built by goarrow's pip backend
#      (the cross-built goarrow wheel as its backend) with the root's aarch64 CPython and Go:
#      `pip install .` on an aarch64 machine, no cross compiler (python/install/native_wheels.sh).
#      goarrow's own sdist builds the same way (native_wheels.sh SDIST OUT): not here, where each
#      emulated Go build of arrow-go costs about 9 minutes on a new machine;
#   3. the installed-wheel suite (python/install/matrix.py) on those four wheels, with pyarrow and
#      numpy from the lock (PyPI's aarch64 wheels, hash-checked).
# Emulation is many times slower than native: the suite runs the test files below (zero copy
# shown by buffer addresses among them), not all of them; and no timing is taken from it.
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"
step_t0=$(date +%s)

# What the emulated suite installs from the lock, and runs.
packages=pyarrow,numpy,pytest,iniconfig,packaging,pluggy,pygments
tests=test_zero_copy.py,test_types.py,test_function.py,test_errors.py,test_result_types.py,test_streams.py,test_lifetimes.py,test_runtime.py
extra_tests=python/install/testdata/user_wheel/test_user_wheel.py  # examples/jsonpath's wheel

ci_run "aarch64 root (tools/arm64)" tools/arm64 true
if ((ci_rc != 0)); then
  echo "aarch64 leg: FAILED: this machine cannot run the arm64 root (tools/arm64 said why above)"
  exit 1
fi

work="$CI_ROOT/.aarch64"  # inside the checkout: the only host directory the root sees
rm -rf "$work"
ci_on_exit "rm -rf '$work'"
mkdir -p "$work"

# 1. The cross-built wheels, copied out of bazel-out (another config's directory).
cross="$work/under-test"
mkdir -p "$cross"
# No bazel-* symlinks (--symlink_prefix=/): .ci/run runs this step beside others, whose Bazel
# builds in this checkout read the host's outputs through bazel-bin.
ci_run "aarch64 cross build (Bazel)" tools/bazel build --config=linux-aarch64 --symlink_prefix=/ \
  //python:wheel //python:goarrow_testing_wheel //python:goarrow_badreg_wheel
for name in goarrow goarrow_testing goarrow_badreg; do
  found=(bazel-out/*-linux-aarch64/bin/python/*/"$name"-*_aarch64.whl)
  if [[ -f "${found[0]}" ]]; then
    cp "${found[0]}" "$cross/"
  else
    echo "aarch64 leg: no cross-built $name wheel under bazel-out/*-linux-aarch64: FAILED"
    ci_rc=1
  fi
done

# 2. The native build of a user's project, with the cross-built goarrow as its backend.
goarrow_whl=("$cross"/goarrow-*_aarch64.whl)
ci_run "aarch64 native pip build of examples/jsonpath" tools/arm64 bash python/install/native_wheels.sh \
  "${goarrow_whl[0]}" "$work/native"
cp "$work/native"/jsonpath_go-*_aarch64.whl "$cross/" || ci_rc=1
wheels="$cross"
echo "aarch64 wheels under test ($wheels):"
ls "$wheels"
ci_run "aarch64 installed-wheel suite" tools/arm64 python3 python/install/matrix.py --packages "$packages" --tests "$tests" --extra-tests "$extra_tests" "$wheels"
echo "aarch64 leg: $(($(date +%s) - step_t0)) s in all (emulated: no timing of Go or Python is taken from it)"
exit "$ci_rc"

#!/usr/bin/env bash
# The README's first command: Python allocates Arrow data, Go reads it in place (exits 1 on a copy).
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"
tools/bazel run //:poc

#!/usr/bin/env bash
# The README's second command: every test of goarrow's own workspace (Bazel 4, CPython 3.11).
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"
tools/bazel test //...

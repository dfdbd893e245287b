#!/usr/bin/env bash
# Two goarrow extensions from different Go releases and builds (Bazel's pinned Go, pip's
# go1.25.5) in one process: python/runtimes/test_runtimes.py over them.
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"
python/runtimes/two_go_releases.sh

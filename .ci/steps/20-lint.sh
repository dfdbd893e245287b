#!/usr/bin/env bash
# Linters and formatters, pinned in tools/lint_tools.sh; any finding fails the step. The formatting
# half is `tools/format --check` (`tools/format` fixes it).
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=tools/lint_tools.sh
source tools/lint_tools.sh

ci_run "formatting (gofmt, ruff format, buildifier, clang-format)" tools/format --check

# go vet builds the cgo packages: go/pyhost includes Python.h.
py_include="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')"
ci_run "go vet" bash -c "cd go && CGO_CFLAGS='-I$py_include' go vet ./..."

ruff="$(lint_ruff)"
ci_run "ruff check" "$ruff" check --quiet .

lint_apt shellcheck shellcheck || ci_rc=1
mapfile -t shell_files < <(lint_shell_files)
ci_run "shellcheck (${#shell_files[@]} scripts)" shellcheck -x "${shell_files[@]}"

# Warnings left off, each for a reason of the design:
#   native-*: Bazel 4 offline has no rules_python or rules_cc to load them from (third_party/);
#   print: the Python toolchain's warning on an interpreter other than .python-version's is meant
#     to be seen; unnamed-macro: goarrow_dependencies defines repositories, not targets;
#   make-location, constant-glob, function-docstring-args: found on the tree as it was (5 places),
#     each a change of behaviour or API docs to be made and tested on its own.
buildifier="$(lint_buildifier)"
mapfile -t bzl_files < <(lint_starlark_files)
ci_run "buildifier lint" "$buildifier" -mode=check -lint=warn \
  -warnings=-native-py,-native-cc-binary,-native-cc-import,-native-cc-library,-print,-unnamed-macro,-make-location,-constant-glob,-function-docstring-args \
  "${bzl_files[@]}"
exit "$ci_rc"

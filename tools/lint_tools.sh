# shellcheck shell=bash
# Sourced by tools/format and .ci/steps/20-lint.sh: the pinned formatters and linters, installed
# on first use, and the files each one owns. One place, so that what tools/format writes is what
# the lint step accepts.
#
# Pinned because each formatter's output changes between its releases: another version would
# reformat the tree, or fail the lint step on a tree formatted here.
RUFF_VERSION=0.17.5
# buildtools tags no Go-module release (its tags lack the /vN suffix Go requires): a pseudo-version.
BUILDIFIER_VERSION=v0.0.0-20260904073137-eaa4d125b423
CLANG_FORMAT=clang-format-14  # Debian bookworm's clang-format package

lint_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -z "${GOARROW_TOOLS_DIR:-}" ]]; then
  if [[ "$(id -u)" == 0 ]]; then GOARROW_TOOLS_DIR=/var/cache/goarrow/tools; else GOARROW_TOOLS_DIR="$HOME/.cache/goarrow/tools"; fi
fi

lint_say() { echo "lint: $*" >&2; }

# apt packages, installed if missing and we are root (CI is); else a one-line reason.
lint_apt() {  # command package
  command -v "$1" >/dev/null && return 0
  if [[ "$(id -u)" != 0 ]]; then lint_say "$1 missing: apt-get install $2 (as root)"; return 1; fi
  lint_say "installing Debian's $2"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$2" >/dev/null 2>&1 || {
    # A fresh machine has no package lists yet. Valid-Until is not checked: this archive
    # snapshot's sid lists are past theirs, and would make the update refuse them all.
    apt-get -o DPkg::Lock::Timeout=600 update -qq -o Acquire::Check-Valid-Until=false >/dev/null 2>&1 || true
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$2" >/dev/null
  }
}

# Prints the path of the pinned ruff, installed from PyPI into a venv of its own.
lint_ruff() {
  local venv="$GOARROW_TOOLS_DIR/ruff-$RUFF_VERSION"
  if [[ ! -x "$venv/bin/ruff" ]]; then
    lint_say "installing ruff $RUFF_VERSION (PyPI) into $venv"
    rm -rf "$venv" && python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check "ruff==$RUFF_VERSION" >&2 || return 1
  fi
  echo "$venv/bin/ruff"
}

# Prints the path of the pinned buildifier, built from the Go module proxy.
lint_buildifier() {
  local bin="$GOARROW_TOOLS_DIR/buildifier-$BUILDIFIER_VERSION"
  if [[ ! -x "$bin/buildifier" ]]; then
    lint_say "installing buildifier $BUILDIFIER_VERSION (Go module proxy) into $bin"
    (cd /tmp && GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/bazelbuild/buildtools/buildifier@$BUILDIFIER_VERSION") >&2 || return 1
  fi
  echo "$bin/buildifier"
}

lint_clang_format() {
  lint_apt "$CLANG_FORMAT" "$CLANG_FORMAT" || return 1
  command -v "$CLANG_FORMAT"
}

# The files, one per line, relative to the root: tracked, plus new ones git does not ignore.
lint_files() { (cd "$lint_root" && git ls-files --cached --others --exclude-standard -- "$@" | sort -u | while IFS= read -r f; do [[ -f "$f" ]] && echo "$f"; done); }
lint_go_files() { lint_files '*.go'; }
lint_starlark_files() { lint_files '*.bzl' '*.bazel' 'WORKSPACE' '**/WORKSPACE' 'BUILD' '**/BUILD'; }
# The C goarrow writes (the glue, pyhost's host); not go/internal/cabi's headers, whose Arrow
# structs are copied from the Arrow specification as it writes them.
lint_c_files() { lint_files 'python/ext/*.c' 'python/ext/*.h' 'go/pyhost/*.c' 'go/pyhost/*.h'; }
# Shell scripts by their first line: most have no extension.
lint_shell_files() {
  lint_files | while IFS= read -r f; do
    case "$f" in *.py|*.go|*.md|*.c|*.h|*.bzl|*.bazel|*.txt|*.json|*.toml|*.lock) continue ;; esac
    head -n1 "$lint_root/$f" 2>/dev/null | grep -qE '^#!.*\b(bash|sh)\b' && echo "$f"
  done
  # Sourced, so without a #! line.
  lint_files '.ci/lib.sh' 'tools/lint_tools.sh'
}

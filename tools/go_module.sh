#!/usr/bin/env bash
# How a Go module is built with goarrow: the one program both builds run (tools/go.bzl's actions,
# python/goarrow/build.py for pip; tools/go_modules.bzl runs its `modfile` command). Run it with
# bash; it is shipped in goarrow's wheel under goarrow/_src/tools/.
#
#   go_module.sh modfile GO MODULE GOARROW OUT
#       Writes OUT/go.mod and OUT/go.sum: MODULE's, the go.mod with a replace directive from
#       goarrow's module path (the module line of GOARROW/go.mod) to the directory GOARROW, so
#       that a user's go.mod needs no path into goarrow. MODULE is the directory of a go.mod.
#   go_module.sh run GO MODULE GOARROW GOARROWGEN GOARGS...
#       Runs `GO GOARGS...` in MODULE. A module other than GOARROW gets such a go.mod through
#       -modfile (MODULE's files are not touched); with GOARROWGEN (goarrowgen's path, or ""),
#       the registrations of the module's //goarrow:export functions are added with -overlay.
#       @OUT@ in GOARGS stands for the directory it was called from.
#
# Relative paths are taken from the directory it was called from. The environment (GOFLAGS,
# GOCACHE, GOPROXY, ...) is the caller's.
set -euo pipefail

abs() { if [[ "$1" == /* || -z "$1" ]]; then echo "$1"; else echo "$PWD/$1"; fi; }

modfile() {  # GO MODULE GOARROW OUT
  local go="$1" module="$2" goarrow="$3" out="$4" path
  path="$(awk '$1 == "module" { print $2; exit }' "$goarrow/go.mod")"
  if [[ -z "$path" ]]; then
    echo "go_module.sh: $goarrow/go.mod has no module line" >&2
    exit 1
  fi
  cp "$module/go.mod" "$out/go.mod"
  if [[ -e "$module/go.sum" ]]; then cp "$module/go.sum" "$out/go.sum"; fi
  "$go" mod edit "-replace=$path=$goarrow" "$out/go.mod"
}

case "${1:-}" in
  modfile)
    [[ $# == 5 ]] || { echo "usage: go_module.sh modfile GO MODULE GOARROW OUT" >&2; exit 2; }
    modfile "$(abs "$2")" "$(abs "$3")" "$(abs "$4")" "$(abs "$5")"
    ;;
  run)
    [[ $# -ge 6 ]] || { echo "usage: go_module.sh run GO MODULE GOARROW GOARROWGEN GOARGS..." >&2; exit 2; }
    out="$PWD"
    go="$(abs "$2")"; module="$(abs "$3")"; goarrow="$(abs "$4")"; gen="$(abs "$5")"
    shift 5
    args=()
    for a in "$@"; do args+=("${a//@OUT@/$out}"); done
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    cd "$module"
    flags=()
    if [[ "$(pwd -P)" != "$(cd "$goarrow" && pwd -P)" ]]; then
      modfile "$go" "$module" "$goarrow" "$tmp"
      flags+=("-modfile=$tmp/go.mod")
    fi
    if [[ -n "$gen" ]]; then
      "$gen" -overlay "$tmp/overlay.json" .
      flags+=("-overlay=$tmp/overlay.json")
    fi
    "$go" "${args[0]}" "${flags[@]}" "${args[@]:1}"
    ;;
  *)
    echo "usage: go_module.sh modfile|run ... (see its header)" >&2
    exit 2
    ;;
esac

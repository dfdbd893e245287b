#!/usr/bin/env bash
# flake.nix parses. It cannot be evaluated here (nixpkgs is not reachable); what it pins is
# checked by //tools:pins_test in `bazel test //...`.
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"

if ! command -v nix-instantiate >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq nix-bin >/dev/null 2>&1 || true
fi
if command -v nix-instantiate >/dev/null 2>&1; then
  nix-instantiate --parse flake.nix >/dev/null
  echo "flake.nix parses"
else
  echo "nix-instantiate unavailable: flake.nix syntax not checked"
fi

"""What is pinned in two places agrees (docs/internals.md, "What is pinned where"): flake.lock pins
nixpkgs to a full revision with its narHash; flake.nix pins go.mod's Go release; MODULE.bazel and
tools/goarrow.bzl hold goarrow's version as literals (Starlark cannot read
python/goarrow/__init__.py, the source)."""

import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read(path):
    return open(os.path.join(ROOT, path), encoding="utf-8").read()


def test_flake_lock_pins_nixpkgs_to_a_revision_and_hash():
    lock = json.loads(read("flake.lock"))
    node = lock["nodes"][lock["nodes"][lock["root"]]["inputs"]["nixpkgs"]]["locked"]
    assert re.fullmatch(r"[0-9a-f]{40}", node["rev"]), node
    assert node["narHash"].startswith("sha256-"), node


def test_flake_nix_pins_the_go_release_of_go_mod():
    pin = re.search(r"^toolchain (go\S+)", read("go/go.mod"), re.M).group(1)
    assert f'goToolchain = "{pin}"' in read("flake.nix"), f"flake.nix does not pin {pin}"


def test_goarrow_version_is_the_same_everywhere():
    version = re.search(r'^__version__ = "([^"]+)"', read("python/goarrow/__init__.py"), re.M).group(1)
    for path, pattern in [
        ("MODULE.bazel", r'^\s*version = "([^"]+)"'),
        ("tools/goarrow.bzl", r'^GOARROW_VERSION = "([^"]+)"'),
    ]:
        found = re.search(pattern, read(path), re.M).group(1)
        assert found == version, f"{path} says {found}, python/goarrow/__init__.py says {version}"

"""The Go sources goarrow's wheel ships (under goarrow/_src, for the pip build backend) are one
selection in two lists, //go:sources (Bazel's wheel) and goarrow.build's _shipped_sources (the pip
backend's own wheel and sdist): they must agree, and every package of this module that a shipped
file imports must be shipped too. A package left out builds here and fails only for a user, whose
`pip install .` of a goarrow project compiles these sources (the aarch64 step found one so)."""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULE = re.search(r"^module (\S+)", open(os.path.join(ROOT, "go", "go.mod")).read(), re.M).group(1)


def pip_list():
    sys.path.insert(0, os.path.join(ROOT, "python"))
    import goarrow.build  # needs no pyarrow: pip imports it in a bare build environment

    return {p for p in goarrow.build._shipped_sources(ROOT) if p.startswith("go/")}


def bazel_list():
    # //go:sources's files (SHIPPED_GO, from the BUILD file), as paths from the root: go/...
    return {p[p.index("go/") :] for p in os.environ["SHIPPED_GO"].split()}


def test_bazel_and_pip_ship_the_same_go_files():
    shipped = pip_list()
    assert shipped == bazel_list(), {
        "pip only": sorted(shipped - bazel_list()),
        "Bazel only": sorted(bazel_list() - shipped),
    }


def test_every_package_a_shipped_file_imports_is_shipped():
    shipped = pip_list()
    dirs = {os.path.dirname(p) for p in shipped if p.endswith(".go")}
    missing = {}
    for p in sorted(shipped):
        if not p.endswith(".go"):
            continue
        src = open(os.path.join(ROOT, p), encoding="utf-8").read()
        for imp in re.findall(r'"(' + re.escape(MODULE) + r'/[\w./-]+)"', src):
            d = "go/" + imp[len(MODULE) + 1 :]
            if d not in dirs:
                missing.setdefault(d, []).append(p)
    assert missing == {}, f"imported but not shipped: {missing}"


def test_the_check_sees_a_package_left_out():
    # The import check must be able to fail: drop a package every extension needs.
    shipped = {p for p in pip_list() if not p.startswith("go/internal/stripe/")}
    dirs = {os.path.dirname(p) for p in shipped if p.endswith(".go")}
    importers = [
        p for p in shipped if p.endswith(".go") and f'"{MODULE}/internal/stripe"' in open(os.path.join(ROOT, p)).read()
    ]
    assert importers and "go/internal/stripe" not in dirs

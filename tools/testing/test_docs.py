"""Maps that cannot go stale: every repository path the docs name exists, and every Go package
under go/ has a package comment whose file map names files of that package.

The docs (README.md, docs/*.md) name paths in the tree two ways: links (relative to the page) and
paths from the root (`go/internal/codec/path.go`, `python/runtimes/`). A Go package comment names
its own files by their bare names (doc.go's maps).

Run against the checkout itself, not Bazel's copy of it: a deleted or moved file is exactly what
no declared input shows, so the test follows README.md's runfiles link back to the checkout and
is tagged external (never cached). Also runs outside Bazel: `python3 -m pytest tools/testing/test_docs.py`.
"""

import glob
import os
import re

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
# The checkout: README.md in the runfiles is a link to the source tree's.
ROOT = os.path.dirname(os.path.realpath(os.path.join(HERE, "..", "..", "README.md")))

DOCS = ["README.md"] + sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs", "*.md")))

# A path from the root: one of the tree's top folders, then a slash. Not when it continues
# something else (bazel-bin/python/..., a URL, an import path such as github.com/.../go/bridge).
TOP = r"(?:\.ci|go|python|tools|docs|examples|third_party)"
ROOT_PATH = re.compile(r"(?<![\w./@:~-])(" + TOP + r"/[\w./+-]*)")
LINK = re.compile(r"\]\(([^)\s]+)\)")
# Bazel's outputs and the benchmarks' results, named as where to find them: not in the tree.
OUTPUTS = ("python/wheel/", "python/goarrow_testing_wheel/", "python/goarrow_badreg_wheel/", "docs/bench/results.json")
OUTPUT_ENDINGS = (".so", ".whl")
# The Go standard library's go/... packages (go/types, go/ast) look like paths from the root.
GO_STD = re.compile(r"go/(ast|build|constant|doc|format|importer|parser|printer|scanner|token|types|version)\b")
# A page whose paths may also be a user's workspace's: the tutorial's is examples/clip.
BASES = {"docs/tutorial.md": ["", "examples/clip"]}


def root_paths(text):
    """The paths from the root that text names, without sentence punctuation."""
    for m in ROOT_PATH.finditer(text):
        path = m.group(1).rstrip(".,:;")
        if path.startswith(OUTPUTS) or path.endswith(OUTPUT_ENDINGS) or GO_STD.match(path):
            continue
        yield path


def missing_in_doc(doc):
    text = open(os.path.join(ROOT, doc), encoding="utf-8").read()
    missing = set()
    for target in LINK.findall(text):
        target = target.split("#")[0]
        if not target or re.match(r"^[a-z]+:", target):  # an anchor on the page, a URL
            continue
        if not os.path.exists(os.path.normpath(os.path.join(ROOT, os.path.dirname(doc), target))):
            missing.add(target)
    for path in root_paths(text):
        if not any(os.path.exists(os.path.join(ROOT, base, path)) for base in BASES.get(doc, [""])):
            missing.add(path)
    return sorted(missing)


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_a_doc_names_exists(doc):
    assert missing_in_doc(doc) == [], f"{doc} names paths that are not in the tree"


def go_packages():
    """Directories under go/ with Go files other than tests, relative to the root (not testdata,
    which Go leaves out of the module)."""
    dirs = set()
    for path in glob.glob(os.path.join(ROOT, "go", "**", "*.go"), recursive=True):
        if not path.endswith("_test.go") and "/testdata/" not in path:
            dirs.add(os.path.relpath(os.path.dirname(path), ROOT))
    return sorted(dirs)


def package_comment(path):
    """The comment right above a file's package clause (Go's rule for a package comment), or ""."""
    lines = open(path, encoding="utf-8").read().splitlines()
    for i, line in enumerate(lines):
        if re.match(r"package \w+", line):
            j = i
            while j > 0 and lines[j - 1].startswith("//"):
                j -= 1
            block = [ln for ln in lines[j:i] if not re.match(r"//(go:|line |export )", ln)]
            return "\n".join(block)
    return ""


@pytest.mark.parametrize("package", go_packages())
def test_every_go_package_has_a_package_comment_whose_files_exist(package):
    files = sorted(glob.glob(os.path.join(ROOT, package, "*.go")))
    comments = {os.path.basename(f): package_comment(f) for f in files if not f.endswith("_test.go")}
    documented = {name: c for name, c in comments.items() if c.strip()}
    assert documented, f"{package}: no package comment (a comment right above `package` in one of {sorted(comments)})"
    for name, comment in documented.items():
        # The file map of a doc.go: an indented line starting with a file's bare name.
        named = re.findall(r"^//\t+([\w.-]+\.(?:go|c|h|py))\b", comment, re.M)
        missing = [f for f in named if not os.path.exists(os.path.join(ROOT, package, f))]
        missing += [p for p in root_paths(comment) if not os.path.exists(os.path.join(ROOT, p))]
        assert not missing, f"{package}/{name}: the package comment names files that are not there: {missing}"


def test_the_checks_see_the_tree():
    # A root that is not the checkout would make every path "missing", or find no package.
    assert os.path.exists(os.path.join(ROOT, "go", "go.mod")), ROOT
    assert len(DOCS) > 5 and len(go_packages()) > 10
    assert missing_in_doc("README.md") is not None
    text = "see go/bridge/doc.go. And bazel-bin/python/x, github.com/a/go/b, go/types, python/goarrow/_goarrow.so"
    assert list(root_paths(text)) == ["go/bridge/doc.go"]

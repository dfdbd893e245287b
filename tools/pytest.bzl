"""pytest_test: a py_test whose main runs pytest on its test files."""

# A string of a Label(): py_test's main must name it, and it must resolve in goarrow's repository
# when another workspace calls this.
_MAIN = str(Label("//tools:pytest_main.py"))

def pytest_test(name, srcs, deps = [], args = [], **kwargs):
    """Runs pytest over srcs (test_*.py and conftest.py) with the venv's pytest."""
    native.py_test(
        name = name,
        srcs = srcs + [_MAIN],
        main = _MAIN,
        args = ["$(location %s)" % s for s in srcs if s.rpartition("/")[2].startswith("test_")] + args,
        deps = deps,
        # No generated __init__.py files: pytest then puts each test directory on sys.path, so
        # test modules can import each other as they do outside Bazel.
        legacy_create_init = False,
        python_version = "PY3",
        **kwargs
    )

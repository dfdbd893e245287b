"""pytest_test: a py_test whose main runs pytest on its test files."""

def pytest_test(name, srcs, deps = [], args = [], **kwargs):
    """Runs pytest over srcs (test_*.py and conftest.py) with the venv's pytest."""
    native.py_test(
        name = name,
        srcs = srcs + ["//tools:pytest_main.py"],
        main = "//tools:pytest_main.py",
        args = ["$(location %s)" % s for s in srcs if s.rpartition("/")[2].startswith("test_")] + args,
        deps = deps,
        # No generated __init__.py files: pytest then puts each test directory on sys.path, so
        # test modules can import each other as they do outside Bazel.
        legacy_create_init = False,
        python_version = "PY3",
        **kwargs
    )

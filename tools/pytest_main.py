"""Entry point of pytest_test targets: run pytest on the files given, as Bazel's test runner."""

import os
import sys

import pytest

if __name__ == "__main__":
    args = ["-p", "no:cacheprovider", "-v", "--tb=short"]
    # Bazel asks for a JUnit report here; pytest can write it directly.
    if "XML_OUTPUT_FILE" in os.environ:
        args.append("--junitxml=" + os.environ["XML_OUTPUT_FILE"])
    sys.exit(pytest.main(args + sys.argv[1:]))

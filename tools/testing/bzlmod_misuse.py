"""A user's MODULE.bazel that misuses goarrow's module extension gets a one-line error naming the
tag and the fix. Run with Bazel 7 (in the sid root): `tools/sid python3 tools/testing/bzlmod_misuse.py`.

Each case is a small module of its own (in a temporary directory inside this checkout, which
tools/sid mounts), built with `tools/bazel build //...`; the case passes when Bazel fails and its
output holds the expected line. Prints one line per case and exits 1 if any case did not.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

CHECKOUT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PIN = re.search(r"^toolchain go(\S+)", open(os.path.join(CHECKOUT, "go", "go.mod")).read(), re.M).group(1)

GO_MOD = "module example.com/{name}\n\ngo {go}\n"
MODULE = """module(name = "misuse")
bazel_dep(name = "goarrow", version = "0.2.0")
local_path_override(module_name = "goarrow", path = "{goarrow}")
goarrow = use_extension("@goarrow//tools:extensions.bzl", "goarrow")
{tags}
use_repo(goarrow, "goarrow_go_modules", "goarrow_go_sdk", "goarrow_python")
"""
BUILD = 'load("@goarrow//tools:goarrow.bzl", "go_arrow_extension")\n'


def newer(version):
    major, minor = version.split(".")[:2]
    return "%s.%d" % (major, int(minor) + 1)


CASES = [
    # name, files, tags, expected line (regex)
    (
        "no go.mod",
        {},
        'goarrow.go_mod(go_mod = "//:go/go.mod")',
        r"goarrow\.go_mod in module misuse\(go_mod = \"@@//:go/go\.mod\"\): no such file\. Point go_mod at your Go module's go\.mod",
    ),
    (
        "no go.sum",
        {"go/go.mod": GO_MOD.format(name="a", go="1.22")},
        'goarrow.go_mod(go_mod = "//:go/go.mod")',
        r"goarrow\.go_mod in module misuse\(go_mod = \"@@//:go/go\.mod\"\): no go\.sum beside it\. Run `go mod tidy`",
    ),
    (
        "same module path twice",
        {
            "a/go.mod": GO_MOD.format(name="same", go="1.22"),
            "a/go.sum": "",
            "b/go.mod": GO_MOD.format(name="same", go="1.22"),
            "b/go.sum": "",
        },
        'goarrow.go_mod(go_mod = "//:a/go.mod")\ngoarrow.go_mod(go_mod = "//:b/go.mod")',
        r"goarrow\.go_mod in module misuse\(go_mod = \"@@//:b/go\.mod\"\): declares module example\.com/same, as @@//:a/go\.mod already does\.",
    ),
    (
        "go newer than the pin",
        {"go/go.mod": GO_MOD.format(name="a", go=newer(PIN)), "go/go.sum": ""},
        'goarrow.go_mod(go_mod = "//:go/go.mod")',
        r"go_sdk: .*go/go\.mod asks for go %s, newer than goarrow's pinned go%s\. Lower its `go` line"
        % (re.escape(newer(PIN)), re.escape(PIN)),
    ),
    (
        "two python tags",
        {},
        'goarrow.python(lock = "@goarrow//python:requirements_lock.txt", versions = ["3.14"])\n'
        'goarrow.python(lock = "@goarrow//python:requirements_lock.txt", versions = ["3.14"])',
        r"goarrow\.python in module misuse: given twice in the root module; keep one goarrow\.python tag\.",
    ),
    (
        "interpreter the lock does not cover",
        {},
        'goarrow.python(lock = "@goarrow//python:requirements_lock.txt", versions = ["3.11"])',
        r"python_toolchain: \S+ is Python 3\.\d+\.\d+; the lock .* is for Python 3\.11\. Set GOARROW_PYTHON",
    ),
]


def main():
    failed = 0
    for name, files, tags, expected in CASES:
        work = tempfile.mkdtemp(prefix=".misuse-", dir=CHECKOUT)
        try:
            for path, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(work, path)), exist_ok=True)
                open(os.path.join(work, path), "w").write(text)
            open(os.path.join(work, "MODULE.bazel"), "w").write(MODULE.format(goarrow=CHECKOUT, tags=tags))
            open(os.path.join(work, "BUILD.bazel"), "w").write(BUILD)
            # No .bazelrc: tools/bazel hands Bazel this machine's flags (offline stand-ins) itself.
            # Something that needs the extension's repositories: the Python toolchain, or the Go SDK.
            target = "@goarrow_python//:headers" if "python" in tags else "@goarrow_go_sdk//:goroot/bin/go"
            out = subprocess.run(
                [os.path.join(CHECKOUT, "tools", "bazel"), "build", "--noshow_progress", target],
                cwd=work,
                capture_output=True,
                text=True,
                timeout=600,
            )
            subprocess.run([os.path.join(CHECKOUT, "tools", "bazel"), "shutdown"], cwd=work, capture_output=True)
            text = out.stdout + out.stderr
            errors = [line for line in text.splitlines() if "Error in fail:" in line or line.startswith("ERROR")]
            hit = [line for line in errors if re.search(expected, line)]
            ok = out.returncode != 0 and hit
            failed += not ok
            print(
                "%s: %s: %s"
                % ("ok" if ok else "FAILED", name, hit[0].strip() if hit else "\n".join(errors[-5:]) or text[-2000:])
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print("%d of %d misuse cases give their one-line error" % (len(CASES) - failed, len(CASES)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

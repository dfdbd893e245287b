"""goarrow's Python suite against the installed wheels, on one CPython: a leg of the version matrix.

    python3.X python/install/matrix.py [--build PKG,...] [--packages PKG,...] [--tests FILE,...]
        [--extra-tests PATH,...] WHEEL_DIR...

Makes a venv of the interpreter running this script, installs python/requirements_lock.txt
(hash-checked wheels only) package by package, then goarrow's wheel and the test extensions'
wheels found under the WHEEL_DIRs (Bazel's bazel-bin/python/...), and runs python/tests from a
copy outside the source tree, so `import goarrow` can only find the installed package. A package
of the lock with no wheel for this version is reported by name, and the test files that import it
are left out by name; everything else must pass. --build: packages to build from their sdists
where they have no wheel (tools/install_lock.py). --packages and --tests: only these packages of
the lock, only these test files (the emulated aarch64 leg, .ci/steps/95-aarch64.sh, where the
whole suite does not fit the time); --extra-tests: test files to run beside them (a user's wheel's).
Prints one closing line:

    matrix CPython 3.13.0: 412 passed, 0 failed, 0 skipped; without wheels here: (none)

and exits non-zero if a test failed or goarrow itself (or pyarrow, pytest) did not install.
"""

import argparse
import glob
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from install_lock import lock_blocks  # noqa: E402
from test_counts import count_junit  # noqa: E402

LOCK = os.path.join(ROOT, "python", "requirements_lock.txt")
# Without these the suite cannot run at all.
ESSENTIAL = {"pyarrow", "pytest", "pluggy", "iniconfig", "packaging"}
# The import name of each peer package the tests import, when it differs from the distribution.
IMPORT_NAMES = {"arro3-core": "arro3", "pytest-benchmark": "pytest_benchmark"}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default="", help="packages to build from their sdists where they have no wheel")
    p.add_argument("--packages", default="", help="only these packages of the lock (default: all)")
    p.add_argument("--tests", default="", help="only these files of python/tests (default: all)")
    p.add_argument("--extra-tests", default="", help="more test files, copied beside python/tests' and run")
    p.add_argument("wheel_dirs", nargs="+")
    args = p.parse_args()
    build, wheel_dirs = args.build, args.wheel_dirs
    only_packages = {x.lower() for x in args.packages.split(",") if x}
    only_tests = [x for x in args.tests.split(",") if x]
    version = platform.python_version() + ("t" if "t" in getattr(sys, "abiflags", "") else "")
    if platform.machine() != "x86_64":  # the emulated aarch64 leg
        version += f" {platform.machine()}"
    work = tempfile.mkdtemp(prefix="goarrow-matrix-")
    try:
        lock = LOCK
        if only_packages:
            blocks = dict(lock_blocks(LOCK))
            unknown = sorted(only_packages - set(blocks))
            if unknown:
                print(f"matrix CPython {version}: --packages names what the lock does not hold: {', '.join(unknown)}")
                return 1
            lock = os.path.join(work, "lock.txt")
            with open(lock, "w") as f:
                f.writelines(text for name, text in lock_blocks(LOCK) if name in only_packages)
        venv = os.path.join(work, "venv")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        py = os.path.join(venv, "bin", "python")
        # The lock, hash-checked, by tools/install_lock.py in the venv: it names the packages
        # without a wheel here (and writes them where python/tests/peers.py reads them).
        out = run(
            [
                py,
                os.path.join(ROOT, "tools", "install_lock.py"),
                lock,
                "--essential",
                ",".join(sorted(ESSENTIAL)),
                "--build",
                build,
            ]
        )
        print(out.stdout, out.stderr, end="", file=sys.stderr)
        if out.returncode != 0:
            print(f"matrix CPython {version}: cannot run: {out.stderr.strip().splitlines()[-1:]}")
            return 1
        missing = open(os.path.join(venv, "missing-wheels.txt")).read().split()

        wheels = sorted(
            {
                os.path.basename(w): w
                for d in wheel_dirs
                for w in glob.glob(os.path.join(d, "**", "*.whl"), recursive=True)
            }.values()
        )
        names = [os.path.basename(w).split("-")[0] for w in wheels]
        for need in ("goarrow", "goarrow_testing", "goarrow_badreg"):
            if need not in names:
                print(f"matrix CPython {version}: no {need} wheel under {wheel_dirs}")
                return 1
        out = run(
            [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-index"] + wheels
        )
        if out.returncode != 0:
            print(f"matrix CPython {version}: the wheels did not install:\n{out.stderr[-3000:]}")
            return 1

        # The suite, copied with what it reads beside it (go/go.mod's toolchain line, Go sources
        # for docstrings), away from python/goarrow.
        shutil.copytree(os.path.join(ROOT, "python", "tests"), os.path.join(work, "src", "python", "tests"))
        shutil.copytree(
            os.path.join(ROOT, "go"),
            os.path.join(work, "src", "go"),
            ignore=shutil.ignore_patterns("testdata", "*_test.go"),
        )
        tests = os.path.join(work, "src", "python", "tests")
        extra = [shutil.copy(f, tests) for f in args.extra_tests.split(",") if f]
        ignore = []
        # A test file that imports a package without a wheel here, or another test file left out
        # (test_properties imports test_types), is left out by name.
        why = {
            IMPORT_NAMES.get(name, name.replace("-", "_")): f"{name} has no wheel for this version" for name in missing
        }
        files = sorted(glob.glob(os.path.join(tests, "test_*.py")))
        if only_tests:
            absent = [t for t in only_tests if os.path.join(tests, t) not in files]
            if absent:
                print(f"matrix CPython {version}: --tests names no file of python/tests: {', '.join(absent)}")
                return 1
            ignore = [f for f in files if os.path.basename(f) not in only_tests and f not in extra]
        changed = True
        while changed:
            changed = False
            for f in files:
                if f in ignore:
                    continue
                text = open(f).read()
                for module, reason in list(why.items()):
                    if re.search(r"^\s*(import|from)\s+%s\b" % re.escape(module), text, re.M):
                        ignore.append(f)
                        why[os.path.basename(f)[:-3]] = f"{os.path.basename(f)} is left out"
                        print(
                            f"matrix CPython {version}: {os.path.basename(f)} left out: it imports {module}, and {reason}"
                        )
                        changed = True
                        break
        junit = os.path.join(work, "junit.xml")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        where = run(
            [py, "-c", "import goarrow, goarrow_testing; print(goarrow.__file__); print(goarrow_testing.__file__)"],
            cwd=tests,
            env=env,
        )
        if where.returncode != 0 or not all(p.startswith(venv) for p in where.stdout.split()):
            print(
                f"matrix CPython {version}: goarrow is not imported from the venv: {where.stdout} {where.stderr[-2000:]}"
            )
            return 1
        subprocess.run(
            [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml", junit, tests]
            + [f"--ignore={f}" for f in ignore],
            cwd=tests,
            env=env,
            timeout=3000,
        )
        passed, failed, skipped = count_junit(junit)
        print(
            f"matrix CPython {version}: {passed} passed, {failed} failed, {skipped} skipped; "
            f"without wheels here: {', '.join(missing) or '(none)'}"
        )
        return 1 if failed or passed == 0 else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

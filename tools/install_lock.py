"""Install a pip lock (hash-checked, wheels only) into the Python environment running this script,
naming every package that has no wheel for this interpreter instead of failing on the first.

    python install_lock.py LOCK [--no-binary PKG,...] [--essential PKG,...] [--build PKG,...]

The whole lock goes in one pip call; only if that fails, package by package, so that the packages
without a wheel here are known by name (free-threaded CPython 3.14t loads no abi3 wheel, so
duckdb and polars' runtime have none there). Their names go to `missing-wheels.txt` at the
environment's root (sys.prefix), where the tests read them (python/tests/peers.py) to skip by
name what needs them. `--build` names packages to build from their (hash-checked) sdists where
they have no wheel: numpy and nanoarrow on CPython 3.15, for which neither has published one yet
(pip's wheel cache keeps the result, so a machine builds them once). Exits 1 if an essential package, or any package for another reason than
a missing wheel, did not install. Used by the Bazel Python toolchain (tools/python_toolchain.bzl)
and by the version matrix (python/install/matrix.py).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

NO_WHEEL = ("No matching distribution", "Could not find a version", "is not a supported wheel")
# numpy compiles each SIMD kernel once per CPU level it dispatches to; built only to run goarrow's
# tests, one level (the baseline) is enough, and the build is several times shorter.
BUILD_SETTINGS = {"numpy": ["--config-settings=setup-args=-Dcpu-dispatch=none"]}


def lock_blocks(lock):
    """The lock's requirements, one (name, text) per package, markers and hashes kept."""
    blocks, current = [], []
    for line in open(lock):
        if line.startswith("#") or not line.strip():
            continue
        if not line.startswith(" ") and current:
            blocks.append(current)
            current = []
        if line.lstrip().startswith("#"):
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return [(re.match(r"[A-Za-z0-9_.-]+", b[0]).group(0).lower(), "".join(b)) for b in blocks]


def install(lock, no_binary=(), essential=(), cache=True, build=()):
    """Installs what installs; returns the names without a wheel here. Raises SystemExit on an
    essential one, or on a failure that is not a missing wheel."""
    pip = (
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--require-hashes",
            "--only-binary=:all:",
        ]
        + ([] if cache else ["--no-cache-dir"])
        + (["--no-binary=" + ",".join(no_binary)] if no_binary else [])
    )
    missing, failed = [], []
    if subprocess.run(pip + ["-r", lock], capture_output=True, text=True).returncode != 0:
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in lock_blocks(lock):
                req = os.path.join(tmp, "req.txt")
                with open(req, "w") as f:
                    f.write(text)
                out = subprocess.run(pip + ["-r", req], capture_output=True, text=True)
                if out.returncode != 0 and name in build and any(s in out.stderr for s in NO_WHEEL):
                    print(f"{name}: no wheel for this Python; building it from its sdist", file=sys.stderr, flush=True)
                    out = subprocess.run(
                        pip + [f"--no-binary={name}", *BUILD_SETTINGS.get(name, []), "-r", req],
                        capture_output=True,
                        text=True,
                    )
                if out.returncode == 0:
                    continue
                if any(s in out.stderr for s in NO_WHEEL):
                    missing.append(name)
                else:
                    failed.append((name, out.stderr.strip()[-2000:]))
    with open(os.path.join(sys.prefix, "missing-wheels.txt"), "w") as f:
        f.writelines(name + "\n" for name in missing)
    for name, err in failed:
        print(f"{name}: pip failed:\n{err}", file=sys.stderr)
    bad = sorted(set(essential) & set(missing))
    if failed or bad:
        raise SystemExit(
            f"{lock}: {len(failed)} package(s) failed to install"
            + (f"; no wheel for this Python for {', '.join(bad)}, which are needed" if bad else "")
        )
    return missing


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("lock")
    p.add_argument("--no-binary", default="", help="packages to build from their sdists")
    p.add_argument("--essential", default="pyarrow,pytest", help="packages that must install")
    p.add_argument("--no-cache-dir", action="store_true", help="pip's --no-cache-dir")
    p.add_argument("--build", default="", help="packages to build from their sdists where they have no wheel")
    args = p.parse_args()
    split = lambda s: [x for x in s.split(",") if x]  # noqa: E731
    missing = install(
        args.lock, split(args.no_binary), split(args.essential), cache=not args.no_cache_dir, build=split(args.build)
    )
    if missing:
        print(
            f"no wheel for Python {sys.version.split()[0]}{'t' if 't' in sys.abiflags else ''}: "
            f"{', '.join(missing)} (tests that need them are skipped by name)"
        )


if __name__ == "__main__":
    main()

"""The tools/sdist.bzl action: a source distribution (PEP 625 name, PKG-INFO, pyproject.toml at
its root), written by goarrow._wheel.write_sdist, the writer of the pip backend's build_sdist:
reproducible, sorted entries, fixed times and owners."""

import argparse
import os

from goarrow import _wheel


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--summary", default="")
    p.add_argument("--requires-python", default="")
    p.add_argument("--requires", action="append", default=[])
    p.add_argument("files", nargs="+", help="DEST=SRC")
    args = p.parse_args(argv)
    files = {}
    for spec in args.files:
        dest, _, src = spec.partition("=")
        files[dest] = src
    meta = _wheel.metadata(args.name, args.version, args.summary, args.requires, args.requires_python)
    path = _wheel.write_sdist(os.path.dirname(args.out) or ".", args.name, args.version, files, meta)
    if os.path.abspath(path) != os.path.abspath(args.out):
        raise SystemExit(f"sdist.py: wrote {path}, but Bazel declared {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

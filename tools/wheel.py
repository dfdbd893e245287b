"""The tools/wheel.bzl action: a binary wheel (PEP 427) from files already built, written by
goarrow._wheel, the same code the pip build backend uses. The wheel goes into --out-dir under
the name its computed tag gives it (cp311-abi3-manylinux_X_Y_<arch>)."""

import argparse

from goarrow import _wheel


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--name", required=True, help="distribution name")
    p.add_argument("--version", required=True)
    p.add_argument("--extension", required=True, help="the built shared object, for the tag")
    p.add_argument("--abi", default=_wheel.ABI3_TAG, help="the tag's Python and ABI parts (cp311-abi3, cp314-cp314t)")
    p.add_argument("--summary", default="")
    p.add_argument("--requires-python", default="")
    p.add_argument("--requires", action="append", default=[], help="a Requires-Dist line")
    p.add_argument("--readme", help="a Markdown file for the long description")
    p.add_argument("files", nargs="+", help="DEST=SRC: a built file and its path inside the wheel")
    args = p.parse_args(argv)
    files = {}
    for spec in args.files:
        dest, sep, src = spec.partition("=")
        if not sep or not dest or dest.startswith("/") or ".." in dest.split("/") or dest in files:
            p.error(f"bad or repeated file spec {spec!r}: want DEST=SRC with a relative DEST")
        files[dest] = src
    readme = open(args.readme).read() if args.readme else None
    meta = _wheel.metadata(args.name, args.version, args.summary, args.requires, args.requires_python, readme)
    _wheel.write_wheel(args.out_dir, args.name, args.version, _wheel.wheel_tag(args.extension, args.abi), files, meta)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

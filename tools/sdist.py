"""The tools/sdist.bzl action: a source distribution (PEP 625 name, PKG-INFO, pyproject.toml at
its root), reproducible: sorted entries, fixed times and owners."""

import argparse
import gzip
import io
import tarfile

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
    base = f"{args.name.replace('-', '_')}-{args.version}"
    entries = {}
    for spec in args.files:
        dest, _, src = spec.partition("=")
        with open(src, "rb") as f:
            entries[dest] = f.read()
    entries["PKG-INFO"] = _wheel.metadata(args.name, args.version, args.summary, args.requires, args.requires_python).encode()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for dest in sorted(entries):
            info = tarfile.TarInfo(f"{base}/{dest}")
            info.size, info.mtime, info.mode = len(entries[dest]), 0, 0o644
            tar.addfile(info, io.BytesIO(entries[dest]))
    with open(args.out, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

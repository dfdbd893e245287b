"""Writes a binary wheel (PEP 427) from files already built: the tools/wheel.bzl action.

The archive is reproducible: entries sorted, timestamps fixed, modes normalized, so the same
inputs give the same bytes.
"""

import argparse
import base64
import hashlib
import os
import sys
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", required=True)
    p.add_argument("--name", required=True, help="distribution name")
    p.add_argument("--version", required=True)
    p.add_argument("--tag", required=True, help="e.g. cp311-cp311-linux_x86_64")
    p.add_argument("--summary", default="")
    p.add_argument("--requires-python", default="")
    p.add_argument("--requires", action="append", default=[], help="a Requires-Dist line")
    p.add_argument("--readme", help="a Markdown file for the long description")
    p.add_argument("files", nargs="+", help="DEST=SRC: a built file and its path inside the wheel")
    args = p.parse_args(argv)

    dist = args.name.replace("-", "_")
    expected = f"{dist}-{args.version}-{args.tag}.whl"
    if os.path.basename(args.out) != expected:
        p.error(f"--out must be named {expected}, not {os.path.basename(args.out)}")
    info = f"{dist}-{args.version}.dist-info"

    entries = {}
    for spec in args.files:
        dest, sep, src = spec.partition("=")
        if not sep or not dest or dest.startswith("/") or ".." in dest.split("/"):
            p.error(f"bad file spec {spec!r}: want DEST=SRC with a relative DEST")
        if dest in entries:
            p.error(f"{dest} given twice")
        with open(src, "rb") as f:
            entries[dest] = (f.read(), os.access(src, os.X_OK) and dest.endswith(".so"))

    metadata = [
        "Metadata-Version: 2.1",
        f"Name: {args.name}",
        f"Version: {args.version}",
    ]
    if args.summary:
        metadata.append(f"Summary: {args.summary}")
    if args.requires_python:
        metadata.append(f"Requires-Python: {args.requires_python}")
    metadata += [f"Requires-Dist: {r}" for r in args.requires]
    body = ""
    if args.readme:
        metadata.append("Description-Content-Type: text/markdown")
        with open(args.readme, encoding="utf-8") as f:
            body = "\n" + f.read()
    entries[f"{info}/METADATA"] = (("\n".join(metadata) + "\n" + body).encode(), False)
    entries[f"{info}/WHEEL"] = ((
        "Wheel-Version: 1.0\n"
        "Generator: goarrow tools/wheel.py\n"
        "Root-Is-Purelib: false\n"
        f"Tag: {args.tag}\n"
    ).encode(), False)
    top = sorted({d.split("/")[0] for d in entries if not d.startswith(info)})
    entries[f"{info}/top_level.txt"] = (("\n".join(top) + "\n").encode(), False)

    record = [f"{d},{record_hash(data)},{len(data)}" for d, (data, _) in sorted(entries.items())]
    record.append(f"{info}/RECORD,,")
    entries[f"{info}/RECORD"] = (("\n".join(record) + "\n").encode(), False)

    # dist-info last, as the spec recommends, so a reader streaming the zip sees the files first.
    order = sorted(entries, key=lambda d: (d.startswith(info), d.endswith("/RECORD"), d))
    with zipfile.ZipFile(args.out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for dest in order:
            data, executable = entries[dest]
            zi = zipfile.ZipInfo(dest, date_time=EPOCH)
            zi.external_attr = (0o100755 if executable else 0o100644) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())

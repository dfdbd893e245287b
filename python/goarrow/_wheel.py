"""Writing goarrow wheels and sdists: the one implementation behind Bazel's python_wheel and
python_sdist rules (tools/wheel.py, tools/sdist.py) and the pip build backend (goarrow.build), so
that both make the same files with the same tags.

The tag is computed, not assumed: abi3 for CPython >= 3.11 (the C glue is built against the
limited API; free-threaded CPython, which has no limited API before 3.15, gets a wheel of its own
version, cp314-cp314t), and the manylinux platform that the shared object's glibc symbol versions allow
(read from its ELF .gnu.version_r section), which is what auditwheel decides too.

Whether the interpreter is free-threaded, and so the extension's defines, file name and ABI tag,
is decided here only: the pip backend (goarrow.build) calls these functions, and Bazel's Python
toolchain (tools/python_toolchain.bzl) runs its interpreter on them and writes what they return
into @goarrow_python//:defs.bzl.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import re
import struct
import sys
import sysconfig
import tarfile
import zipfile

ABI3_TAG = "cp311-abi3"
EXTENSION = "_goarrow.abi3.so"


def free_threaded() -> bool:
    """Whether the running interpreter is free-threaded CPython (PEP 703): it cannot load abi3
    extensions, so goarrow builds it an extension of its own."""
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def limited_api_defines() -> list[str]:
    """The C glue's preprocessor defines: the limited API of CPython 3.11 (abi3), or none on
    free-threaded CPython, which has no limited API before 3.15."""
    return [] if free_threaded() else ["Py_LIMITED_API=0x030B0000"]


def extension_name() -> str:
    """The extension's file name for the running interpreter: _goarrow.abi3.so, or on
    free-threaded CPython its own suffix (_goarrow.cpython-314t-x86_64-linux-gnu.so)."""
    return "_goarrow" + sysconfig.get_config_var("EXT_SUFFIX") if free_threaded() else EXTENSION


def abi_tag() -> str:
    """cp311-abi3, or on free-threaded CPython the interpreter's own (cp314-cp314t)."""
    if not free_threaded():
        return ABI3_TAG
    v = "cp%d%d" % sys.version_info[:2]
    return f"{v}-{v}{sys.abiflags}"


def glibc_versions_needed(path: str) -> list[tuple[int, int]]:
    """The GLIBC_x.y versions an ELF64 little-endian shared object needs, from .gnu.version_r."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    found = set()
    for _name, sh_type, _flags, _addr, offset, _size, link, info, _align, _entsize in sections:
        if sh_type != 0x6FFFFFFE:  # SHT_GNU_verneed
            continue
        strtab = sections[link][4]
        pos = offset
        for _ in range(info):  # Verneed entries
            _version, cnt, _file, aux, nxt = struct.unpack_from("<HHIII", data, pos)
            apos = pos + aux
            for _ in range(cnt):  # Vernaux entries
                _hash, _flags2, _other, name, anext = struct.unpack_from("<IHHII", data, apos)
                end = data.index(b"\0", strtab + name)
                m = re.fullmatch(rb"GLIBC_(\d+)\.(\d+)(?:\.\d+)?", data[strtab + name : end])
                if m:
                    found.add((int(m.group(1)), int(m.group(2))))
                apos += anext
            pos += nxt
            if not nxt:
                break
    return sorted(found)


# ELF e_machine values and the architecture names wheel tags use for them.
ELF_MACHINES = {0x3E: "x86_64", 0xB7: "aarch64"}


def elf_machine(path: str) -> str:
    """The architecture an ELF file is built for (x86_64, aarch64), from its header's e_machine:
    a cross-built extension is tagged for its target, not for the machine that built it."""
    with open(path, "rb") as f:
        head = f.read(20)
    if head[:4] != b"\x7fELF" or head[5] != 1:
        raise ValueError(f"{path}: not a little-endian ELF file")
    (machine,) = struct.unpack_from("<H", head, 18)
    if machine not in ELF_MACHINES:
        raise ValueError(f"{path}: ELF machine {machine:#x} is none of {sorted(ELF_MACHINES.values())}")
    return ELF_MACHINES[machine]


def platform_tag(extension: str) -> str:
    """manylinux_X_Y_<arch> for the newest glibc version the extension needs, <arch> the one its
    ELF header names."""
    need = glibc_versions_needed(extension)
    major, minor = need[-1] if need else (2, 17)
    arch = elf_machine(extension)
    return f"manylinux_{major}_{max(minor, 17) if major == 2 else minor}_{arch}"


def wheel_tag(extension: str, abi: str = ABI3_TAG) -> str:
    return f"{abi}-{platform_tag(extension)}"


def metadata(
    name: str, version: str, summary: str, requires: list[str], requires_python: str, readme: str | None = None
) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    if summary:
        lines.append(f"Summary: {summary}")
    if requires_python:
        lines.append(f"Requires-Python: {requires_python}")
    lines += [f"Requires-Dist: {r}" for r in requires]
    text = "\n".join(lines) + "\n"
    if readme:
        text += "Description-Content-Type: text/markdown\n\n" + readme
    return text


def sdist_mtime() -> int:
    """The time every sdist entry carries: $SOURCE_DATE_EPOCH if set, else 1980-01-01 (the
    earliest a zip can hold, so a wheel built from the unpacked files never meets an older one)."""
    return int(os.environ.get("SOURCE_DATE_EPOCH") or 315532800)


def write_sdist(out_dir: str, name: str, version: str, files: dict[str, str | bytes], pkg_info: str) -> str:
    """Writes <name>-<version>.tar.gz (PEP 625: the name normalized and lower case) into out_dir,
    every file under <name>-<version>/ with PKG-INFO beside them. files maps paths inside the
    sdist to a file path or to bytes. Reproducible: sorted entries, one fixed mtime
    (sdist_mtime), owner root:root with no names, mode 0644 (0755 for an executable file), no
    directory entries, a gzip header without name or time. Returns the sdist's path."""
    base = f"{re.sub(r'[-_.]+', '_', name).lower()}-{version}"
    entries: dict[str, tuple[bytes, bool]] = {"PKG-INFO": (pkg_info.encode(), False)}
    for arcname, src in files.items():
        if isinstance(src, bytes):
            entries[arcname] = (src, False)
        else:
            with open(src, "rb") as f:
                entries[arcname] = (f.read(), os.access(src, os.X_OK))
    mtime = sdist_mtime()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for arcname in sorted(entries):
            data, executable = entries[arcname]
            info = tarfile.TarInfo(f"{base}/{arcname}")
            info.size, info.mtime, info.mode = len(data), mtime, 0o755 if executable else 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    path = os.path.join(out_dir, base + ".tar.gz")
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw.getvalue())
    return path


def write_wheel(out_dir: str, name: str, version: str, tag: str, files: dict[str, str | bytes], meta: str) -> str:
    """Writes <name>-<version>-<tag>.whl into out_dir. files maps archive paths to a file path
    or to bytes. Reproducible: fixed timestamps, sorted entries. Returns the wheel's path."""
    dist = re.sub(r"[-_.]+", "_", name)
    info = f"{dist}-{version}.dist-info"
    entries: dict[str, tuple[bytes, bool]] = {}
    for arcname, src in sorted(files.items()):
        if isinstance(src, bytes):
            entries[arcname] = (src, False)
        else:
            with open(src, "rb") as f:
                entries[arcname] = (f.read(), os.access(src, os.X_OK) or arcname.endswith(".so"))
    entries[f"{info}/METADATA"] = (meta.encode(), False)
    entries[f"{info}/WHEEL"] = (
        (f"Wheel-Version: 1.0\nGenerator: goarrow\nRoot-Is-Purelib: false\nTag: {tag}\n").encode(),
        False,
    )
    record = []
    for arcname, (data, _) in entries.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{arcname},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    entries[f"{info}/RECORD"] = (("\n".join(record) + "\n").encode(), False)
    path = os.path.join(out_dir, f"{dist}-{version}-{tag}.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for arcname, (data, executable) in entries.items():
            zi = zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0))
            zi.external_attr = (0o755 if executable else 0o644) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return path

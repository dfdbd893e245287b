"""The platforms goarrow's wheels are built for, written once for both builds.

tools/cross.bzl (Bazel's cross C toolchain and the target's Python headers) loads it, and
python/goarrow/build.py (the pip backend: `GOARROW_TARGET=linux-aarch64` or
`-C target=linux-aarch64`) reads it as data: TARGETS is parsed as a Python literal, so keep it a
plain dict of strings. It is shipped with the C glue under goarrow/_src/python/ext/.

Per target: the GOARCH Go compiles for (the host's Go does it: no second SDK), the ELF machine the
wheel tag names, the Debian cross C compiler and its package, the package of the target's C
library headers (a dependency of the compiler's on bookworm, only a recommendation on sid), and
the target's CPython 3.11
headers (Debian's libpython3.11-dev for that architecture, pinned by sha256): its pyconfig.h is
the target's, and the limited API (abi3) the glue is compiled against is 3.11's.
"""

TARGETS = {
    "linux-aarch64": {
        "goarch": "arm64",
        "machine": "aarch64",
        "cc": "aarch64-linux-gnu-gcc",
        "cc_package": "gcc-aarch64-linux-gnu",
        "libc_package": "libc6-dev-arm64-cross",
        "python_dev_url": "http://security.debian.org/debian-security/pool/updates/main/p/python3.11/libpython3.11-dev_3.11.2-6+deb12u9_arm64.deb",
        "python_dev_sha256": "fb34da3be5eb345a6a34c5a7ef760a33ff22054d46b8906b81b2fa8e80c26a7f",
    },
    "linux-x86_64": {
        "goarch": "amd64",
        "machine": "x86_64",
        "cc": "x86_64-linux-gnu-gcc",
        "cc_package": "gcc-x86-64-linux-gnu",
        "libc_package": "libc6-dev-amd64-cross",
        "python_dev_url": "http://security.debian.org/debian-security/pool/updates/main/p/python3.11/libpython3.11-dev_3.11.2-6+deb12u9_amd64.deb",
        "python_dev_sha256": "e9b4cc9172df9536f6bd637a69886ccccd18e7c648a89bed565a748affeef6d6",
    },
}

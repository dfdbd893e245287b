"""python_toolchain: one Python for everything — interpreter, headers, embedding flags and pinned packages.

A venv made from the host's python3 (or a Nix shell's), with the packages of
a lock installed from its hashes. The same repository exposes the base interpreter's headers to
cc rules (and its embedding flags to cgo, for go/pyhost), so an extension is always compiled
against the interpreter that loads it, and pyarrow in the venv is the pyarrow the tests import.

The venv is rebuilt only when the lock file, the interpreter, or PATH change.
"""

def _python_toolchain_impl(rctx):
    python = rctx.os.environ.get("GOARROW_PYTHON") or rctx.which("python3")
    if not python:
        fail("python_toolchain: no python3 on PATH; set GOARROW_PYTHON or use `nix develop`.")
    python = rctx.path(python)

    res = rctx.execute([python, "-c", """
import sys, sysconfig
v = sys.version_info
print("%d.%d.%d" % v[:3])
print(sysconfig.get_paths()["include"])
print(sysconfig.get_config_var("EXT_SUFFIX"))
# The wheel tag of an extension built for this interpreter, as bdist_wheel writes it for a local
# (not manylinux-audited) build: cp311-cp311-linux_x86_64.
print("cp%d%d-cp%d%d%s-%s" % (v[0], v[1], v[0], v[1], sys.abiflags,
      sysconfig.get_platform().replace("-", "_").replace(".", "_")))
# How a program embeds this interpreter (python3-config --embed --ldflags): the shared libpython
# with an rpath, or else the static one, exporting its symbols for extension modules.
c = sysconfig.get_config_var
if c("Py_ENABLE_SHARED"):
    ld = "-L%s -lpython%s -Wl,-rpath,%s" % (c("LIBDIR"), c("LDVERSION"), c("LIBDIR"))
else:
    ld = "%s/%s -Wl,-E" % (c("LIBPL"), c("LIBRARY"))
print(" ".join([ld, c("LIBS") or "", c("SYSLIBS") or ""]).strip())
# goarrow's extensions for this interpreter, as goarrow/_wheel.py (argv[1]) decides for the pip
# backend too: abi3 (the limited API of 3.11), except on free-threaded CPython, which has no
# limited API before 3.15 and loads no abi3 extension: built against its full API, and named and
# tagged for it.
import importlib.util
spec = importlib.util.spec_from_file_location("goarrow_wheel", sys.argv[1])
w = importlib.util.module_from_spec(spec)
spec.loader.exec_module(w)
print("1" if w.free_threaded() else "0")
print(" ".join(w.limited_api_defines()))
print(w.extension_name())
print(w.abi_tag())
""", str(rctx.path(rctx.attr._wheel))])
    if res.return_code != 0:
        fail("python_toolchain: %s failed: %s" % (python, res.stderr))
    lines = res.stdout.strip("\n").split("\n")
    if len(lines) != 9:
        fail("python_toolchain: %s printed %d lines, not 9:\n%s" % (python, len(lines), res.stdout))
    version, include, ext_suffix, wheel_tag, embed_ldflags, free_threaded, defines, extension_name, abi_tag = lines
    free_threaded = free_threaded == "1"
    minor = ".".join(version.split(".")[:2])
    if minor not in rctx.attr.python_versions:
        fail("python_toolchain: %s is Python %s; the lock %s is for Python %s. Set GOARROW_PYTHON (or --repo_env=GOARROW_PYTHON=...) to one of those, or add %s to the lock's versions once it installs there." % (
            python,
            version,
            rctx.attr.lock,
            ", ".join(rctx.attr.python_versions),
            minor,
        ))
    pin = rctx.read(rctx.attr.pin).strip() if rctx.attr.pin else ""
    if pin and minor == pin.rpartition(".")[0] and version != pin:
        # Same minor, other patch release: builds work, but the byte-for-byte comparison of
        # .ci/run is made with the pinned release. Obtaining it is left to the machine (or
        # `nix develop`): a Python built elsewhere would need its own headers and libpython.
        print("goarrow: %s pins Python %s; %s is %s (fine to build with; reproducibility is checked with %s)." % (
            rctx.attr.pin,
            pin,
            python,
            version,
            pin,
        ))

    rctx.report_progress("creating the venv from %s (Python %s)" % (python, version))
    res = rctx.execute([python, "-m", "venv", "--clear", "venv"], timeout = 300)
    if res.return_code != 0:
        fail("python_toolchain: venv creation failed: %s" % res.stderr)

    rctx.report_progress("installing %s (hash-checked)" % rctx.attr.lock)
    res = rctx.execute(
        [
            "venv/bin/python",
            rctx.path(rctx.attr._install_lock),
            rctx.path(rctx.attr.lock),
            "--no-binary=" + ",".join(rctx.attr.source_packages),
            "--no-cache-dir",
        ],
        timeout = 1800,
        quiet = False,
    )
    if res.return_code != 0:
        fail("python_toolchain: pip install of %s failed:\n%s" % (rctx.attr.lock, res.stderr))
    if res.stdout.strip():
        # Packages without a wheel for this interpreter (abi3-only ones on free-threaded 3.14t).
        print("goarrow: %s" % res.stdout.strip())

    rctx.symlink(include, "include")

    rctx.file("BUILD.bazel", rctx.read(rctx.attr._build_template).format(
        interpreter = rctx.path("venv/bin/python3"),
        version = version,
        ext_suffix = ext_suffix,
    ))
    rctx.file("defs.bzl", "\n".join([
        'EXT_SUFFIX = "%s"' % ext_suffix,
        'INTERPRETER = "%s"' % rctx.path("venv/bin/python3"),
        'WHEEL_TAG = "%s"' % wheel_tag,
        # goarrow's extensions for this interpreter, as goarrow/_wheel.py decides (above).
        "FREE_THREADED = %s" % free_threaded,
        "LIMITED_API_DEFINES = %s" % [d for d in defines.split(" ") if d],
        'EXTENSION_NAME = "%s"' % extension_name,
        'ABI_TAG = "%s"' % abi_tag,
        # For cgo programs that embed this interpreter (go/pyhost).
        'EMBED_CFLAGS = "-I%s"' % include,
        'EMBED_LDFLAGS = "%s"' % embed_ldflags,
    ]) + "\n")

python_toolchain = repository_rule(
    implementation = _python_toolchain_impl,
    attrs = {
        "lock": attr.label(allow_single_file = True, mandatory = True, doc = "A pip lock with hashes; installed with --require-hashes, wheels only."),
        "python_versions": attr.string_list(mandatory = True, doc = "The major.minor versions the lock installs on; another interpreter is a one-line error."),
        "pin": attr.label(allow_single_file = True, doc = "A file holding the exact Python version (.python-version)."),
        # Wheels only, except these: a package PyPI publishes only as an sdist (pyspark) is
        # built from its hash-checked sdist (pip fetches its build backend for the build).
        "source_packages": attr.string_list(doc = "Packages of the lock to build from their sdists."),
        "_wheel": attr.label(default = Label("//python:goarrow/_wheel.py"), allow_single_file = True, doc = "goarrow's wheel module: its free_threaded, limited_api_defines, extension_name and abi_tag give defs.bzl's values."),
        "_install_lock": attr.label(default = Label("//tools:install_lock.py"), allow_single_file = True, doc = "Installs the lock, naming packages without a wheel here."),
        "_build_template": attr.label(default = Label("//tools:python_toolchain.BUILD.tpl"), allow_single_file = True, doc = "The repository's BUILD file."),
    },
    doc = "A venv of the host's Python (or $GOARROW_PYTHON) with a lock's packages, registered as the Python toolchain; its headers and embedding flags build extensions and go/pyhost.",
    environ = ["GOARROW_PYTHON", "PATH", "PIP_INDEX_URL"],
)

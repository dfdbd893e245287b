"""clip_go's wheel, pip-installed next to goarrow's wheel in a new venv, as a user would.

pyarrow and numpy come from the toolchain's venv through a .pth file (no network here); goarrow
and clip_go come only from the two wheels.
"""

import glob
import os
import subprocess
import sys
import sysconfig
import tempfile
import zipfile


def wheel(pattern):
    found = {
        os.path.basename(p): p
        for p in glob.glob(os.path.join(os.environ["RUNFILES_DIR"], "**", pattern), recursive=True)
    }
    assert len(found) == 1, found
    return found.popitem()[1]


def run(cmd, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, f"{cmd}\n{out.stdout}\n{out.stderr}"
    return out.stdout


def main():
    with zipfile.ZipFile(wheel("clip_go-*.whl")) as z:
        files = {n for n in z.namelist() if ".dist-info/" not in n}
        metadata = z.read("clip_go-1.0.0.dist-info/METADATA").decode()
    # The package, its shared object, and the type stubs the build wrote from its functions.
    assert files == {"clip_go/__init__.py", "clip_go/__init__.pyi", "clip_go/py.typed", "clip_go/_goarrow.abi3.so"}, (
        files
    )
    assert "Requires-Dist: goarrow>=" in metadata, metadata

    with tempfile.TemporaryDirectory() as tmp:
        venv = os.path.join(tmp, "venv")
        run([sys._base_executable, "-m", "venv", venv], tmp)
        python = os.path.join(venv, "bin", "python")
        site = run([python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp).strip()
        with open(os.path.join(site, "toolchain_deps.pth"), "w") as f:
            f.write(sysconfig.get_paths()["purelib"] + "\n")
        run(
            [
                python,
                "-I",
                "-m",
                "pip",
                "install",
                "--no-index",
                "--no-deps",
                "--disable-pip-version-check",
                wheel("goarrow-*.whl"),
                wheel("clip_go-*.whl"),
            ],
            tmp,
        )
        code = (
            "import pyarrow as pa, goarrow, clip_go\n"
            "print(clip_go.fn.clip(pa.array([-2.0, None, 0.5, 9.0]), 0.0, 1.0).to_pylist())\n"
            "print(clip_go.__file__.startswith(%r))\n" % venv
        )
        out = run([python, "-I", "-c", code], tmp).splitlines()
        assert out == ["[0.0, None, 0.5, 1.0]", "True"], out
    print("clip_go's wheel installs next to goarrow's and runs:", wheel("clip_go-*.whl").rpartition("/")[2])


if __name__ == "__main__":
    main()

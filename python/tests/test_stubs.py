"""The type stubs goarrow._stubs writes for a package, from hand-made function descriptions (the
JSON of ext.functions()), checked by a real type checker (mypy): a correct call passes, a wrong one
is reported. Element-wise descriptions are hand-made here because no Go function makes them yet.
python/install/test_typecheck.py checks the stubs of the built wheels the same way."""

import ast
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

import goarrow
import goarrow.typing
from goarrow import _stubs


def param(name, python, go_type="int64"):
    return {"name": name, "go_type": go_type, "python": python}


DESCS = [
    {
        "name": "total",
        "doc": 'Sum of x.\n\nA "quoted" doc with a \\ and """ in it.',
        "params": [param("x", "ArrowStreamExportable | ArrowArrayExportable", "*arrow.Chunked")],
        "result": "float64",
        "python_result": "float",
    },
    {
        "name": "rows",
        "doc": "",
        "params": [param("batch", "ArrowArrayExportable", "arrow.RecordBatch")],
        "result": "int64",
        "python_result": "int",
    },
    {
        "name": "debug.sleep",
        "doc": "Sleep.",
        "params": [param("seconds", "float", "float64")],
        "result": "bool",
        "python_result": "bool",
    },
    {"name": "debug.deep.nop", "doc": "", "params": [], "result": "None", "python_result": "None"},
    # Go names that are Python keywords, or that shadow the builtins used in annotations.
    {
        "name": "span",
        "doc": "",
        "params": [param("from", "int"), param("to", "int")],
        "result": "string",
        "python_result": "str",
    },
    {"name": "conv.int", "doc": "", "params": [param("s", "str", "string")], "result": "int64", "python_result": "int"},
    {"name": "conv.str", "doc": "", "params": [param("n", "int")], "result": "string", "python_result": "str"},
    # A type the renderer does not know: Any, not a stub that fails to import.
    {
        "name": "odd",
        "doc": "",
        "params": [param("x", "SomethingNew[int]", "foo.Bar")],
        "result": "foo.Bar",
        "python_result": "os.PathLike",
    },
    # Element-wise, as go/internal/registry will describe them (issue 31).
    {
        "name": "geohash",
        "doc": "Geohash of each point.",
        "params": [
            param("lat", "ArrowArrayExportable | ArrowStreamExportable | float", "float64"),
            param("lon", "ArrowArrayExportable | ArrowStreamExportable | float", "float64"),
            param("precision", "ArrowArrayExportable | ArrowStreamExportable | int", "int"),
        ],
        "result": "string",
        "python_result": "pyarrow.Array",
        "elementwise": {"parallel": True, "arrow_params": ["float64", "float64", "int64"], "arrow_result": "string"},
    },
    {
        "name": "upper",
        "doc": "",
        "params": [param("s", "ArrowArrayExportable | ArrowStreamExportable | str", "string")],
        "result": "string",
        "python_result": "pyarrow.Array",
        "elementwise": {"parallel": False, "arrow_params": ["string"], "arrow_result": "string"},
    },
    {
        "name": "split_name",
        "doc": "",
        "params": [param("s", "ArrowArrayExportable | ArrowStreamExportable | str", "string")],
        "result": "*NameParts",
        "python_result": "pyarrow.Array",
        "elementwise": {
            "parallel": False,
            "arrow_params": ["string"],
            "arrow_result": "struct<First: string, Last: string, n: int64>",
        },
    },
]


def defs(text):
    """name -> the one-line signature of each function in the stub's class `cls`."""
    out = {}
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("def "):
            out[s[4:].split("(")[0]] = s
    return out


def test_rendering():
    text = _stubs.render_package("pkg", DESCS)
    ast.parse(text)
    d = defs(text)
    assert d["total"] == "def total(x: ArrowStreamExportable | ArrowArrayExportable | NumpyArray) -> float:"
    assert d["rows"] == "def rows(batch: ArrowArrayExportable) -> int: ...", "a numpy array is no record batch"
    assert d["span"] == "def span(from_: int, /, to: int) -> str: ..."
    assert d["int"] == "def int(s: _builtins.str) -> _builtins.int: ..."
    assert d["str"] == "def str(n: _builtins.int) -> _builtins.str: ..."
    assert d["odd"] == "def odd(x: Any) -> Any: ..."
    assert d["geohash"] == (
        "def geohash(lat: ArrowArrayExportable | ArrowStreamExportable | float | NumpyArray, "
        "lon: ArrowArrayExportable | ArrowStreamExportable | float | NumpyArray, "
        "precision: ArrowArrayExportable | ArrowStreamExportable | int | NumpyArray, "
        '*, errors: Literal["raise", "null"] = "raise", threads: int | None = None) '
        "-> pyarrow.Array | pyarrow.ChunkedArray:"
    )
    assert "threads" not in d["upper"] and 'errors: _typing.Literal["raise", "null"] = "raise"' not in d["upper"]
    assert d["upper"].endswith(
        '*, errors: Literal["raise", "null"] = "raise") -> pyarrow.Array | pyarrow.ChunkedArray: ...'
    )
    # A struct result is a column too (a pyarrow.StructArray): its rows' dict shape is in help()
    # (the Arrow type), not in the annotation, as a list result's element type is.
    assert d["split_name"].endswith(") -> pyarrow.Array | pyarrow.ChunkedArray: ...")
    assert "class _Fn_debug_deep:" in text and "    deep: _Fn_debug_deep" in text and "    debug: _Fn_debug" in text
    assert '\\"\\"\\" in it.' in text  # the docstring survives a """
    assert "__getattr__" not in text  # an unknown name is an error in a package's own fn


def test_rendering_is_stable():
    assert _stubs.render_package("pkg", DESCS) == _stubs.render_package("pkg", list(reversed(DESCS)))


def test_a_function_and_a_namespace_of_one_name():
    descs = [
        {"name": "a", "doc": "", "params": [], "python_result": "int"},
        {"name": "a.b", "doc": "", "params": [], "python_result": "int"},
    ]
    text = _stubs.render_package("pkg", descs)
    assert "def a() -> int" in text and "_Fn_a" not in text  # fn.a is the function at run time


def test_the_template_block_is_replaced():
    template = f"x: int\n{_stubs.BEGIN}\nold\n{_stubs.END}\nfn: _Fn\n"
    text = _stubs.render_template(template, DESCS[:1])
    assert (
        text.startswith(f"x: int\n{_stubs.BEGIN}\n") and text.endswith(f"{_stubs.END}\nfn: _Fn\n") and "old" not in text
    )
    assert "def __getattr__(self, name: _builtins.str) -> _typing.Any" in text  # goarrow.fn: any package's
    with pytest.raises(ValueError):
        _stubs.render_template("no markers", DESCS)


def mypy(tmp_path, source):
    """mypy on `source` with package `pkg` stubbed from DESCS; goarrow's stubs beside it as
    installed (its __init__.pyi and typing.py), whether goarrow is a source tree or installed."""
    root = tmp_path / "path"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.pyi").write_text(_stubs.render_package("pkg", DESCS))
    (root / "goarrow").mkdir()
    shutil.copy(os.path.join(os.path.dirname(goarrow.__file__), "__init__.pyi"), root / "goarrow")
    shutil.copy(goarrow.typing.__file__, root / "goarrow")
    user = tmp_path / "user.py"
    user.write_text(textwrap.dedent(source))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["MYPYPATH"] = str(root)
    # pyarrow ships no stubs: its types are Any, which mypy reports in stubs outside site-packages.
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--no-error-summary",
            "--strict",
            "--disable-error-code=import-untyped",
            str(user),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(out.stdout, out.stderr)
    return out


GOOD = """
    import numpy as np
    import goarrow
    import pkg

    class Column:  # any Arrow PyCapsule producer
        def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
            return (object(), object())

    t: float = pkg.fn.total(Column())
    t = pkg.fn.total(np.arange(3))
    ok: bool = pkg.fn.debug.sleep(0.5)
    pkg.fn.debug.sleep(seconds=0.5)
    pkg.fn.debug.deep.nop()
    s: str = pkg.fn.span(1, to=2)
    pkg.fn.geohash(Column(), 2.0, 7, errors="null", threads=2)
    pkg.fn.upper("a")
    pkg.fn.odd(object())
    try:
        pkg.fn.total(Column())
    except pkg.GoPanic as e:
        caught: goarrow.GoError = e
"""


def test_mypy_accepts_correct_calls(tmp_path):
    out = mypy(tmp_path, GOOD)
    assert out.returncode == 0, out.stdout + out.stderr


WRONG = [  # (call, what mypy says about it)
    ('pkg.fn.debug.sleep("long")', 'incompatible type "str"; expected "float"'),
    ("pkg.fn.debug.sleep(secs=1.0)", 'Unexpected keyword argument "secs"'),
    ("pkg.fn.total(1.5)", 'incompatible type "float"'),
    ("pkg.fn.rows(np.arange(3))", "incompatible type"),
    ("pkg.fn.debug.no_such(1)", 'has no attribute "no_such"'),
    ("pkg.fn.span(from_=1, to=2)", "Unexpected keyword argument"),
    ('pkg.fn.geohash(1.0, 2.0, 7, errors="ignore")', "incompatible type \"Literal['ignore']\""),
    ('pkg.fn.upper("a", threads=2)', 'Unexpected keyword argument "threads"'),
    ("x: int = pkg.fn.conv.str(1)", "Incompatible types in assignment"),
]


def test_mypy_reports_each_wrong_call(tmp_path):
    # One file, one mypy run (a few seconds each): every line must have its error.
    head = "import numpy as np\nimport pkg\n"
    out = mypy(tmp_path, head + "".join(call + "\n" for call, _ in WRONG))
    assert out.returncode == 1, out.stdout + out.stderr
    for i, (call, message) in enumerate(WRONG):
        line = [x for x in out.stdout.splitlines() if x.startswith(f"user.py:{i + 3}: error:")]
        assert any(message in x for x in line), (call, out.stdout)

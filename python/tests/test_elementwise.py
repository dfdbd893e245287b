"""Element-wise Go functions (go/internal/testfuncs/elementwise.go, ew.*): the Go function of one
row, run by goarrowgen's generated loop over columns. Each case's expectation is computed in
Python from the inputs (a reference implementation), never from the output it checks."""

import inspect
import math
import pydoc

import hypothesis as h
import hypothesis.strategies as st
import numpy as np
import pyarrow as pa
import pytest

import goarrow
from peers import need

ew = goarrow.fn.ew

SETTINGS = h.settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(h.HealthCheck))

INT_TYPES = {
    pa.int8(): (-(2**7), 2**7 - 1),
    pa.int16(): (-(2**15), 2**15 - 1),
    pa.int32(): (-(2**31), 2**31 - 1),
    pa.int64(): (-(2**63), 2**63 - 1),
    pa.uint8(): (0, 2**8 - 1),
    pa.uint16(): (0, 2**16 - 1),
    pa.uint32(): (0, 2**32 - 1),
    pa.uint64(): (0, 2**64 - 1),
}


def values_of(t):
    if t in INT_TYPES:
        return st.integers(*INT_TYPES[t])
    if t == pa.float32():
        return st.floats(width=32, allow_nan=False)
    if t == pa.float64():
        return st.floats(allow_nan=False)
    if t == pa.bool_():
        return st.booleans()
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return st.text(max_size=20)
    return st.binary(max_size=20)


@st.composite
def columns(draw, t, n=None, values=None):
    """A column of type t with random nulls, as an Array (maybe a slice: an offset) or a
    ChunkedArray of random chunk sizes (empty chunks too). Returns (column, its Python values).
    values: the strategy of its values (values_of(t) by default)."""
    if n is None:
        n = draw(st.integers(0, 300))
    if values is None:
        values = values_of(t)
    vals = draw(st.lists(st.one_of(st.none(), values), min_size=n, max_size=n))
    layout = draw(st.sampled_from(["array", "slice", "chunked"]))
    if layout == "array":
        return pa.array(vals, type=t), vals
    if layout == "slice":
        pre = draw(st.lists(st.one_of(st.none(), values), max_size=70))
        post = draw(st.lists(st.one_of(st.none(), values), max_size=5))
        return pa.array(pre + vals + post, type=t).slice(len(pre), n), vals
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=4)))
    bounds = [0, *cuts, n]
    return pa.chunked_array([pa.array(vals[a:b], type=t) for a, b in zip(bounds, bounds[1:])], type=t), vals


def pylist(col):
    return col.to_pylist()


def shape_of(*args):
    """What the result must be: a ChunkedArray when any argument is one."""
    return pa.ChunkedArray if any(isinstance(a, pa.ChunkedArray) for a in args) else pa.Array


# ---- every type: read and written (identity) ----

ID_CASES = [
    (pa.bool_(), "bool", pa.bool_()),
    *[(t, str(t), t) for t in INT_TYPES],
    (pa.float32(), "float32", pa.float32()),
    (pa.float64(), "float64", pa.float64()),
    (pa.string(), "string", pa.string()),
    (pa.large_string(), "string", pa.string()),
    (pa.string_view(), "string", pa.string()),
    (pa.binary(), "binary", pa.binary()),
    (pa.large_binary(), "binary", pa.binary()),
    (pa.binary_view(), "binary", pa.binary()),
    (pa.string(), "binary", pa.binary()),  # a []byte parameter reads string columns too
]


@pytest.mark.parametrize(("in_type", "fn", "out_type"), ID_CASES, ids=[f"{t}->{f}" for t, f, _ in ID_CASES])
def test_every_type_is_read_in_place_and_written(in_type, fn, out_type, no_leaks):
    f = getattr(ew.id, fn)

    @SETTINGS
    @h.given(columns(in_type))
    def check(case):
        col, vals = case
        got = f(col)
        assert isinstance(got, shape_of(col))
        assert got.type == out_type
        want = [v.encode() if (v is not None and fn == "binary" and isinstance(v, str)) else v for v in vals]
        assert pylist(got) == want
        if isinstance(got, pa.ChunkedArray):
            assert [len(c) for c in got.chunks] == [len(c) for c in col.chunks if len(c)]

    check()


# ---- arithmetic against a Python reference: alignment, broadcasting, nulls ----


def wrap64(x):
    return (x + 2**63) % 2**64 - 2**63


def ref2(f, a, b):
    return [None if x is None or y is None else f(x, y) for x, y in zip(a, b)]


@SETTINGS
@h.given(st.integers(0, 400).flatmap(lambda n: st.tuples(columns(pa.int64(), n), columns(pa.int64(), n))))
def test_two_columns_of_any_chunk_layouts_align_without_copying(case):
    (a, av), (b, bv) = case
    got = ew.add(a, b)
    assert isinstance(got, shape_of(a, b))
    assert pylist(got) == ref2(lambda x, y: wrap64(x + y), av, bv)
    assert pylist(ew.gcd(a, b)) == ref2(lambda x, y: wrap64(math.gcd(x, y)), av, bv)


@SETTINGS
@h.given(columns(pa.int64()), st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), st.booleans())
def test_a_scalar_is_broadcast_to_every_row(case, scalar, first):
    col, vals = case
    got = ew.add(scalar, col) if first else ew.add(col, scalar)
    assert pylist(got) == ref2(lambda x, y: wrap64(x + y), vals, [scalar] * len(vals))
    assert got.null_count == (len(vals) if scalar is None else sum(v is None for v in vals))


@SETTINGS
@h.given(columns(pa.float64()), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_clip_against_python(case, lo, hi):
    col, vals = case
    got = pylist(ew.clip(col, lo, hi))
    assert got == [None if v is None else min(max(v, lo), hi) for v in vals]


def test_empty_inputs():
    assert ew.add(pa.array([], pa.int64()), 1).to_pylist() == []
    got = ew.add(pa.chunked_array([], pa.int64()), pa.chunked_array([], pa.int64()))
    assert isinstance(got, pa.ChunkedArray) and got.num_chunks == 0 and got.type == pa.int64()


def test_numpy_columns():
    a = np.arange(1000, dtype=np.int64)
    assert ew.add(a, a).to_pylist() == [2 * x for x in range(1000)]


def test_polars_columns():
    # Skipped by name where polars' runtime has no wheel (CPython 3.14t): polars then imports
    # and fails on first use.
    pl = need("polars", "polars-runtime-32")
    s = pl.Series("s", ["a", None, "bc"])
    assert pylist(ew.upper(s)) == ["A", None, "BC"]


def test_named_types_and_float32():
    d = pa.array([1.5, None, -2.0])
    assert ew.scale(d, 2.0).to_pylist() == [3.0, None, -4.0]
    assert ew.tag(pa.array(["a", "b"]), pa.array([1, 65535], pa.uint16())).to_pylist() == ["a:1", "b:65535"]


# ---- nulls the function sees and makes ----


def test_pointer_parameters_see_nulls_and_a_pointer_result_makes_them():
    a = pa.array([6, None, 9, 8, 1])
    b = pa.array([3, 2, None, 0, 1])
    assert ew.safe_div(a, b).to_pylist() == [2, None, None, None, 1]
    assert ew.coalesce(pa.array(["x", None, "z"]), "-").to_pylist() == ["x", "-", "z"]
    assert ew.coalesce(pa.array([None, None]), None).to_pylist() == [None, None]


def test_an_ok_result_of_false_is_a_null():
    assert ew.parse_int(pa.array([" 12", "x", None, "-3"])).to_pylist() == [12, None, None, -3]


@SETTINGS
@h.given(columns(pa.int64()), columns(pa.int64()))
def test_nulls_where_a_word_is_all_null_mixed_or_all_valid(ca, cb):
    # Long runs of nulls and of values: whole 64-row words of each kind.
    col, vals = ca
    n = len(vals)
    mask = [i // 64 % 3 == 0 for i in range(n)]
    masked = pa.array([None if m else v for m, v in zip(mask, vals)], pa.int64())
    assert ew.add(masked, 1).to_pylist() == [None if m or v is None else wrap64(v + 1) for m, v in zip(mask, vals)]


# ---- errors ----


def test_a_returned_error_names_its_row_and_keeps_its_class():
    with pytest.raises(ValueError, match=r"ew.div\(\): row 2: division by zero"):
        ew.div(pa.array([1, 2, 3, 4]), pa.array([1, 1, 0, 0]))
    with pytest.raises(goarrow.GoError, match=r"row 1: odd"):
        ew.even(pa.array([2, 3, 5]))
    with pytest.raises(goarrow.GoError, match=r'row 0: strconv.ParseInt: parsing "x"'):
        ew.must_parse_int(pa.array(["x"]))


def test_errors_null_makes_each_failing_row_null(no_leaks):
    got = ew.div(pa.array([1, 2, 3, None]), pa.array([1, 0, 3, 0]), errors="null")
    assert got.to_pylist() == [1, None, 1, None]
    assert ew.must_parse_int(pa.array(["1", "x", "3"]), errors="null").to_pylist() == [1, None, 3]


def test_a_panic_is_gopanic_naming_the_row_and_the_bridge_goes_on(no_leaks):
    with pytest.raises(goarrow.GoPanic, match=r"ew.panic_at\(\) panicked at row 5: boom at 5"):
        ew.panic_at(pa.array(range(10)), 5)
    assert ew.panic_at(pa.array(range(10)), -1).to_pylist() == list(range(10))


def test_bad_calls():
    with pytest.raises(ValueError, match="different lengths"):
        ew.add(pa.array([1, 2]), pa.array([1, 2, 3]))
    with pytest.raises(TypeError, match=r"expected a column of int64, got int32 \(cast it first"):
        ew.add(pa.array([1], pa.int32()), 1)
    with pytest.raises(TypeError, match="needs at least one column"):
        ew.add(1, 2)
    with pytest.raises(TypeError, match="expected a column or a int scalar, got float"):
        ew.add(pa.array([1]), 1.5)
    with pytest.raises(ValueError, match="70000 does not fit in uint16"):
        ew.tag(pa.array(["a"]), 70000)
    with pytest.raises(TypeError, match="expected a column or a int scalar, got a record batch"):
        ew.add(pa.record_batch({"x": [1]}), 1)
    with pytest.raises(ValueError, match='errors must be "raise" or "null"'):
        ew.div(pa.array([1]), 1, errors="ignore")
    with pytest.raises(ValueError, match="threads must be at least 1"):
        ew.div(pa.array([1]), 1, threads=0)
    with pytest.raises(TypeError, match="unexpected keyword argument 'threads'"):
        ew.add(pa.array([1]), 1, threads=2)  # not a parallel function
    with pytest.raises(TypeError, match="takes 2 positional arguments but 3 were given"):
        ew.add(pa.array([1]), 1, "null")  # options are keyword-only


# ---- zero copy: strings are read where pyarrow keeps them ----


@pytest.mark.parametrize("t", [pa.string(), pa.large_string()])
def test_strings_are_read_in_place(t, no_leaks):
    vals = ["alpha", "", None, "gamma", "d" * 40]
    arr = pa.array(["pad", *vals], type=t).slice(1)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64 if t == pa.large_string() else np.int32)
    data = arr.buffers()[2].address
    want = [None if v is None else (0 if v == "" else data + int(offsets[arr.offset + i])) for i, v in enumerate(vals)]
    assert ew.addr_of(arr).to_pylist() == want


def test_string_views_are_read_in_place():
    long = "x" * 30  # longer than 12 bytes: kept in a data buffer, not inline in the view
    arr = pa.array([long, "short"], pa.string_view())
    addr = ew.addr_of(arr).to_pylist()
    data = [b for b in arr.buffers()[2:] if b is not None]
    assert any(b.address <= addr[0] < b.address + b.size for b in data)
    views = arr.buffers()[1]
    assert views.address <= addr[1] < views.address + views.size  # inline: inside the view itself


# ---- parallel ----


def test_parallel_results_equal_serial_and_errors_are_the_first_row():
    rng = np.random.default_rng(7)
    n = 300_000
    pts = [pa.array(rng.uniform(-90, 90, n)) for _ in range(4)]
    one = ew.haversine(*pts, threads=1)
    assert ew.haversine(*pts).equals(one)
    assert ew.haversine(*pts, threads=2).equals(one)
    b = np.ones(n, dtype=np.int64)
    b[[200_000, 250_000, 70_000]] = 0
    for threads in (1, 2, None):
        with pytest.raises(ValueError, match=r"row 70000: division by zero"):
            ew.div(pa.array(np.arange(n)), pa.array(b), threads=threads)
    strs = pa.array([str(i) for i in range(n)])
    assert ew.upper(strs, threads=2).equals(ew.upper(strs, threads=1))


def test_parallel_null_on_error_and_chunked():
    n = 200_000
    a = pa.chunked_array([pa.array(range(0, 150_000)), pa.array(range(150_000, n))])
    b = pa.array([0 if i % 1000 == 0 else 1 for i in range(n)])
    got = ew.div(a, b, errors="null", threads=2)
    assert isinstance(got, pa.ChunkedArray) and got.num_chunks == 2
    assert got.null_count == n // 1000
    assert got.to_pylist()[999:1002] == [999, None, 1001]


# ---- seen from Python ----


def test_help_shows_it_is_elementwise_with_arrow_types():
    text = pydoc.render_doc(ew.gcd, renderer=pydoc.plaintext)
    assert "Element-wise: gcd(a: int64, b: int64) -> int64" in text
    sig = inspect.signature(ew.div)
    assert list(sig.parameters) == ["a", "b", "errors", "threads"]
    assert sig.parameters["errors"].kind is inspect.Parameter.KEYWORD_ONLY
    assert sig.parameters["errors"].default == "raise"
    desc = {d["name"]: d for d in goarrow.functions()}["ew.div"]
    assert desc["elementwise"] == {
        "parallel": True,
        "arrow_params": ["int64", "int64"],
        "arrow_result": "int64",
        "options": ["errors", "threads"],
    }
    assert [p["go_type"] for p in desc["params"]] == ["int64", "int64"]
    assert desc["result"] == "int64"


# ---- time.Time and time.Duration ----

UTC = __import__("datetime").timezone.utc


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
@pytest.mark.parametrize("tz", [None, "UTC", "Asia/Kolkata", "America/New_York", "+05:30"])
def test_timestamps_of_every_unit_and_zone_and_durations(unit, tz):
    import datetime as dt

    base = (
        [
            dt.datetime(1969, 12, 31, 23, 59, 59),
            dt.datetime(2024, 2, 29, 12, 0, 1),
            None,
            dt.datetime(1900, 3, 1, 6, 30),
            dt.datetime(2262, 4, 11),
        ]
        if unit != "ns"
        else [dt.datetime(1969, 12, 31, 23, 59, 59), dt.datetime(2024, 2, 29, 12, 0, 1), None, dt.datetime(1700, 1, 1)]
    )
    ts = pa.array(base, pa.timestamp(unit))  # wall times, as UTC instants
    if tz is not None:
        ts = ts.cast(pa.timestamp(unit, tz))  # same instants, a zone to show them in
    deltas = [dt.timedelta(seconds=90), dt.timedelta(days=-1), dt.timedelta(0), None, dt.timedelta(microseconds=7)][
        : len(base)
    ]
    d = pa.array(deltas, pa.duration(unit if unit != "s" else "ms"))
    got = ew.shift(ts, d)
    assert got.type == pa.timestamp("us", "UTC")
    stored = d.to_pylist()  # the durations as the column holds them (7 us is 0 ms)
    want = [None if t is None or x is None else (t.replace(tzinfo=UTC) + x) for t, x in zip(base, stored)]
    assert got.to_pylist() == want
    # The day of the year in the column's own zone, as Python sees it.
    ydays = ew.yday(ts).to_pylist()
    shown = ts.to_pylist()
    assert ydays == [None if t is None else t.timetuple().tm_yday for t in shown]


def test_dates_and_durations_out():
    import datetime as dt

    days = [dt.date(2024, 3, 1), None, dt.date(1970, 1, 1), dt.date(1969, 12, 31)]
    for t in (pa.date32(), pa.date64()):
        col = pa.array(days, t)
        assert ew.yday(col).to_pylist() == [None if x is None else x.timetuple().tm_yday for x in days]
    a = pa.array([dt.datetime(2024, 1, 2), None, dt.datetime(2024, 1, 1)], pa.timestamp("ms"))
    b = pa.array(
        [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2, 0, 0, 0, 5000)], pa.timestamp("us")
    )
    got = ew.since(a, b)
    assert got.type == pa.duration("ns")
    day = 86_400 * 10**9
    assert got.cast(pa.int64()).to_pylist() == [day, None, -(day + 5_000_000)]  # nanoseconds
    with pytest.raises(TypeError, match="a Python scalar cannot be one"):
        ew.shift(a, 5)


# ---- lists ----


@st.composite
def list_columns(draw, t):
    n = draw(st.integers(0, 200))
    # Finite floats: inf * 0 is nan, which == cannot compare.
    elems = st.floats(allow_nan=False, allow_infinity=False) if t == pa.float64() else values_of(t)
    vals = draw(st.lists(st.one_of(st.none(), st.lists(elems, max_size=6)), min_size=n, max_size=n))
    lt = draw(st.sampled_from([pa.list_(t), pa.large_list(t)]))
    pad = draw(st.lists(elems, min_size=1, max_size=1))  # a first list to slice off: an offset
    arr = pa.array([pad] + vals, lt).slice(1) if draw(st.booleans()) else pa.array(vals, lt)
    if draw(st.booleans()) and n > 2:
        arr = pa.chunked_array([arr.slice(0, n // 2), arr.slice(n // 2)])
    return arr, vals


@SETTINGS
@h.given(list_columns(pa.float64()), st.floats(-10, 10))
def test_list_parameters_are_read_in_place_and_lists_come_back(case, f):
    col, vals = case
    got = ew.scale_list(col, f)
    assert got.type == pa.list_(pa.float64())
    assert pylist(got) == [None if v is None else [x * f for x in v] for v in vals]


@SETTINGS
@h.given(list_columns(pa.int32()))
def test_list_sum_and_empty_lists(case):
    col, vals = case
    assert pylist(ew.list_sum(col)) == [None if not v else sum(v) for v in vals]


def test_list_results_in_parallel_and_refusals(no_leaks):
    n = 200_000
    col = pa.array([[float(i)] * (i % 4) for i in range(n)], pa.list_(pa.float64()))
    assert ew.scale_list(col, 2.0, threads=2).equals(ew.scale_list(col, 2.0, threads=1))
    assert ew.multiples(pa.array([3, None, 5]), pa.array([2, 1, 0], pa.uint8())).to_pylist() == [[3, 6], None, []]
    with pytest.raises(ValueError, match="the list elements hold nulls"):
        ew.list_sum(pa.array([[1, None]], pa.list_(pa.int32())))
    with pytest.raises(TypeError, match=r"expected a column of list<int32> or large_list<int32>, got list<item: int64"):
        ew.list_sum(pa.array([[1]]))


# ---- structs ----

NAME_PARTS = pa.struct([("First", pa.string()), ("Last", pa.string()), ("n", pa.int64())])
# Words of letters (some outside ASCII) and spaces that Go's strings.Fields and Python's
# str.split agree are spaces (they differ on a few control characters).
NAMES = st.text(alphabet=st.sampled_from("ab\u00e9\u4e16Z \t\n"), max_size=12)


def split_name(s):
    w = None if s is None else s.split()
    return {"First": w[0], "Last": w[-1], "n": len(w)} if w else None


def struct_chunks(col):
    return col.chunks if isinstance(col, pa.ChunkedArray) else [col]


@SETTINGS
@h.given(columns(pa.string(), values=NAMES))
def test_struct_results_against_python(case):
    col, vals = case
    got = ew.split_name(col)
    assert isinstance(got, shape_of(col))
    assert got.type == NAME_PARTS
    want = [split_name(v) for v in vals]
    assert pylist(got) == want
    # A null row (a null name, or the function's nil) is the struct's null; its fields hold
    # zero values there, and no nulls of their own.
    for c in struct_chunks(got):
        for k, zero in enumerate(["", "", 0]):
            f = c.field(k)
            assert f.null_count == 0
            assert [v for v, w in zip(f.to_pylist(), c.to_pylist()) if w is None] == [zero] * c.null_count


@SETTINGS
@h.given(list_columns(pa.float64()))
def test_struct_of_a_nested_struct_and_a_list(case):
    col, vals = case
    got = ew.list_stats(col)
    assert got.type == pa.struct(
        [
            ("count", pa.uint32()),
            ("range", pa.struct([("Lo", pa.float64()), ("Hi", pa.float64())])),
            ("sorted", pa.list_(pa.float64())),
        ]
    )
    want = [{"count": len(v), "range": {"Lo": min(v), "Hi": max(v)}, "sorted": sorted(v)} if v else None for v in vals]
    assert pylist(got) == want


def test_struct_of_times_durations_bools_and_bytes():
    import datetime as dt

    ts = [dt.datetime(2024, 3, 2, 13, 5, 7, 250), None, dt.datetime(1970, 1, 1), dt.datetime(1899, 12, 31, 23)]
    col = pa.array(ts, pa.timestamp("us"))
    with pytest.raises(ValueError, match=r"ew.day_of\(\): row 3: year 1899 is before 1900"):
        ew.day_of(col)
    got = ew.day_of(col, errors="null")
    assert got.type == pa.struct(
        [
            ("Day", pa.timestamp("us", "UTC")),
            ("Into", pa.duration("ns")),
            ("Weekend", pa.bool_()),
            ("Name", pa.binary()),
        ]
    )

    def ref(t):
        if t is None or t.year < 1900:
            return None
        day = dt.datetime(t.year, t.month, t.day, tzinfo=UTC)
        into = t.replace(tzinfo=UTC) - day
        return {"Day": day, "Into": into, "Weekend": t.weekday() >= 5, "Name": t.strftime("%A").encode()}

    assert got.to_pylist() == [ref(t) for t in ts]
    assert got.null_count == 2


def test_struct_results_in_parallel_equal_serial_and_free_their_memory(no_leaks):
    n = 300_000
    names = [None if i % 11 == 0 else ("" if i % 13 == 0 else f"n{i} m{i % 7}" + " x" * (i % 3)) for i in range(n)]
    col = pa.array(names)
    one = ew.split_name(col, threads=1)
    assert one.null_count == sum(1 for s in names if not s)
    assert ew.split_name(col, threads=2).equals(one)
    assert ew.split_name(col).equals(one)
    chunked = pa.chunked_array([col.slice(0, 100_000), col.slice(100_000, 150_001), col.slice(250_001)])
    got = ew.split_name(chunked, threads=2)
    assert isinstance(got, pa.ChunkedArray) and got.num_chunks == 3
    assert got.combine_chunks().equals(one)
    assert one.to_pylist()[1:4] == [split_name(s) for s in names[1:4]]
    del one, got


def test_struct_results_are_described_with_arrow_types():
    desc = {d["name"]: d for d in goarrow.functions()}
    assert desc["ew.split_name"]["elementwise"]["arrow_result"] == "struct<First: string, Last: string, n: int64>"
    assert desc["ew.split_name"]["result"] == "*NameParts"
    assert (
        desc["ew.list_stats"]["elementwise"]["arrow_result"]
        == "struct<count: uint32, range: struct<Lo: float64, Hi: float64>, sorted: list<float64>>"
    )
    text = pydoc.render_doc(ew.split_name, renderer=pydoc.plaintext)
    assert "split_name(s: string) -> struct<First: string, Last: string, n: int64>" in text


# ---- lists of strings, bytes and bools ----


@SETTINGS
@h.given(columns(pa.string(), values=NAMES))
def test_list_of_strings_results_against_python(case):
    col, vals = case
    got = ew.words(col)
    assert isinstance(got, shape_of(col))
    assert got.type == pa.list_(pa.string())
    assert pylist(got) == [None if v is None else v.split() for v in vals]


@SETTINGS
@h.given(columns(pa.binary()), st.integers(1, 5))
def test_lists_of_bools_and_bytes_against_python(case, n):
    col, vals = case
    got = ew.bytes_info(col, n)
    assert got.type == pa.struct([("upper", pa.list_(pa.bool_())), ("pieces", pa.list_(pa.binary()))])

    def ref(v):
        if v is None:
            return None
        return {"upper": [65 <= c <= 90 for c in v], "pieces": [v[j : j + n] for j in range(0, len(v), n)]}

    assert pylist(got) == [ref(v) for v in vals]


def test_lists_of_strings_in_parallel_equal_serial_and_free_their_memory(no_leaks):
    n = 300_000
    col = pa.array([None if i % 17 == 0 else " ".join(f"w{i}" for _ in range(i % 5)) for i in range(n)])
    one = ew.words(col, threads=1)
    assert ew.words(col, threads=2).equals(one)
    assert one.to_pylist()[:4] == [None, ["w1"], ["w2", "w2"], ["w3", "w3", "w3"]]
    chunked = pa.chunked_array([col.slice(0, 140_000), col.slice(140_000)])
    assert ew.words(chunked, threads=2).combine_chunks().equals(one)
    with pytest.raises(ValueError, match=r"ew.bytes_info\(\): row 0: n must be at least 1"):
        ew.bytes_info(pa.array([b"ab"]), 0)
    assert ew.bytes_info(pa.array([b"aB", b""]), 0, errors="null").to_pylist() == [None, None]


# ---- append-style results (elementwise.Text, Blob): written where the column keeps them ----


@SETTINGS
@h.given(columns(pa.string(), values=NAMES))
def test_appended_strings_against_python(case):
    # NAMES' letters each upper-case to one letter in Python and in Go's unicode.ToUpper.
    col, vals = case
    got = ew.upper_in_place(col)
    assert isinstance(got, shape_of(col))
    assert got.type == pa.string()
    assert pylist(got) == [None if v is None else v.upper() for v in vals]


def test_appended_values_that_outgrow_their_room_and_nulls(no_leaks):
    b = pa.array([b"xy", None, b"\x00" * 700, b"", b"abc"])
    n = pa.array([3, 1, 2, 5, -1])
    got = ew.repeat_in_place(b, n)
    assert got.type == pa.binary()
    assert got.to_pylist() == [b"xyxyxy", None, b"\x00" * 1400, b"", None]
    big = pa.array([bytes([i % 256]) * (i % 1000) for i in range(3000)])
    assert ew.repeat_in_place(big, 2).to_pylist() == [v * 2 for v in big.to_pylist()]


def test_appended_results_in_parallel_equal_serial(no_leaks):
    col = pa.array([None if i % 13 == 0 else f"row {i} of ünïcode" for i in range(300_000)])
    one = ew.upper_in_place(col, threads=1)
    assert ew.upper_in_place(col, threads=2).equals(one)
    assert one.to_pylist()[:2] == [None, "ROW 1 OF ÜNÏCODE"]
    assert one.equals(ew.upper(col, threads=1))


def test_the_appended_buffer_is_not_a_python_parameter():
    assert list(inspect.signature(ew.upper_in_place).parameters) == ["s", "errors", "threads"]
    text = pydoc.render_doc(ew.upper_in_place, renderer=pydoc.plaintext)
    assert "Element-wise: upper_in_place(s: string) -> utf8" in text
    with pytest.raises(TypeError):
        ew.upper_in_place(pa.array(["a"]), pa.array(["b"]))


# ---- lists of strings, bytes and bools as parameters ----


@st.composite
def string_list_columns(draw):
    """A list column of strings in any of its layouts (list or large_list; utf8, large_utf8 or
    utf8_view elements), maybe sliced or chunked, with null lists but no null elements."""
    n = draw(st.integers(0, 150))
    vals = draw(st.lists(st.one_of(st.none(), st.lists(st.text(max_size=15), max_size=5)), min_size=n, max_size=n))
    elem = draw(st.sampled_from([pa.string(), pa.large_string(), pa.string_view()]))
    lt = draw(st.sampled_from([pa.list_(elem), pa.large_list(elem)]))
    arr = pa.array([["pad"]] + vals, lt).slice(1) if draw(st.booleans()) else pa.array(vals, lt)
    if draw(st.booleans()) and n > 2:
        arr = pa.chunked_array([arr.slice(0, n // 2), arr.slice(n // 2)])
    return arr, vals


@SETTINGS
@h.given(string_list_columns(), st.text(max_size=3))
def test_list_of_strings_parameters_against_python(case, sep):
    col, vals = case
    got = ew.join(col, sep)
    assert isinstance(got, shape_of(col))
    assert pylist(got) == [None if v is None else sep.join(v) for v in vals]


def test_list_of_strings_parameters_are_read_in_place():
    arr = pa.array([["pad"], ["alpha", "", "gamma"], None, ["d" * 40]], pa.list_(pa.string())).slice(1)
    strings = arr.values  # the child, as the list's offsets index it
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)
    data = strings.buffers()[2].address
    first = arr.offsets[0].as_py()

    def where(j):
        return (
            0
            if offsets[strings.offset + j] == offsets[strings.offset + j + 1]
            else data + int(offsets[strings.offset + j])
        )

    want = [[where(first + 0), where(first + 1), where(first + 2)], None, [where(first + 3)]]
    assert ew.addrs_of(arr).to_pylist() == want


@SETTINGS
@h.given(list_columns(pa.bool_()), list_columns(pa.binary()))
def test_lists_of_bools_and_bytes_parameters_against_python(flags_case, blobs_case):
    flags, fvals = flags_case
    blobs, bvals = blobs_case
    n = min(len(fvals), len(bvals))
    flags, blobs, fvals, bvals = flags[:n], blobs[:n], fvals[:n], bvals[:n]

    def ref(f, b):
        if f is None:
            return None  # a plain parameter's null: not called
        return -1 if b is None else sum(f) + sum(len(x) for x in b)

    assert pylist(ew.tally(flags, blobs)) == [ref(f, b) for f, b in zip(fvals, bvals)]


def test_lists_of_strings_parameters_in_parallel_and_refusals(no_leaks):
    n = 200_000
    col = pa.array([[f"w{i}"] * (i % 4) for i in range(n)], pa.large_list(pa.string_view()))
    one = ew.join(col, "-", threads=1)
    assert ew.join(col, "-", threads=2).equals(one)
    assert one.to_pylist()[:4] == ["", "w1", "w2-w2", "w3-w3-w3"]
    with pytest.raises(ValueError, match="the list elements hold nulls"):
        ew.join(pa.array([["a", None]]), "")
    with pytest.raises(
        TypeError, match=r"expected a column of list<string> or large_list<string>, got list<item: int64"
    ):
        ew.join(pa.array([[1]]), "")

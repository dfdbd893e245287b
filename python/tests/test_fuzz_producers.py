"""A Python-level fuzz of the import path: hypothesis draws arrays of every type pyarrow's own
strategies make, and a lie to tell about them through the C Data Interface (a shorter length, a
later offset, a wrong null count, a shorter child or dictionary, at any depth); a ctypes-patched
producer hands the lying structs to Go. The lies keep every read inside the producer's real
buffers, so any crash is goarrow's. With full validation on, the bridge must either refuse the
data with ValueError or accept data that pyarrow's own full validation accepts too.

It runs in a child process, so that a crash fails this test instead of ending the suite. The
examples are derandomized (the same every run); GOARROW_FUZZ_EXAMPLES sets how many (a long run
by hand: GOARROW_FUZZ_EXAMPLES=20000)."""

import json
import os
import subprocess
import sys

from test_reliability import FORGE

EXAMPLES = int(os.environ.get("GOARROW_FUZZ_EXAMPLES", "400"))

CHILD = (
    FORGE
    + r'''
import json, sys, collections
import hypothesis as h, hypothesis.strategies as st
import pyarrow as pa, pyarrow.tests.strategies as past
import goarrow, goarrow_testing
from test_properties import TYPES

goarrow.set_validation("full")
stats = collections.Counter()
findings = []

def node_paths(arr, path=()):
    """Paths (lists of child indices) to every node of arr's C struct tree, with its length."""
    yield list(path), len(arr)
    t = arr.type
    if pa.types.is_dictionary(t):
        return  # the dictionary is not a child in the C struct
    kids = []
    if pa.types.is_struct(t):
        kids = [arr.field(i) for i in range(t.num_fields)]
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        kids = [arr.values]
    for i, k in enumerate(kids):
        yield from node_paths(k, path + (i,))

@h.settings(max_examples=int(sys.argv[1]), deadline=None, derandomize=True,
            suppress_health_check=list(h.HealthCheck), database=None)
@h.given(TYPES.flatmap(lambda t: past.arrays(t, size=st.integers(1, 30))), st.data())
def fuzz(arr, data):
    paths = list(node_paths(arr))
    path, n = data.draw(st.sampled_from(paths), label="node")
    field, value = data.draw(st.one_of(
        st.tuples(st.just("length"), st.integers(0, n)),
        st.tuples(st.just("null_count"), st.integers(-1, n)),
        st.tuples(st.just("offset"), st.integers(0, 2)),
    ), label="lie")
    if field == "offset":  # a later start over the same slots: shorten so the end stays inside
        if value > n:
            return
        lie = Chain(arr, path, {"offset": value, "length": n - value})
    else:
        lie = Chain(arr, path, {field: value})
    stats["executions"] += 1
    try:
        out = goarrow.fn.echo(lie)
    except ValueError as e:
        stats["refused"] += 1
        return
    except Exception as e:
        findings.append(f"{type(e).__name__} for {arr.type} {path} {field}={value}: {e}"[:500])
        return
    stats["accepted"] += 1
    try:
        out.validate(full=True)
    except Exception as e:
        findings.append(f"Go accepted what pyarrow refuses: {arr.type} {path} {field}={value}: {e}"[:500])

class Chain:
    """Like Forged, several fields of one node at once."""
    def __init__(self, arr, path, fields):
        self.arr, self.path, self.fields = arr, path, fields
    def __arrow_c_array__(self, requested_schema=None):
        schema, array = self.arr.__arrow_c_array__()
        a = ctypes.cast(ctypes.pythonapi.PyCapsule_GetPointer(array, b"arrow_array"), ctypes.POINTER(_ArrowArray)).contents
        for i in self.path:
            a = a.children[i].contents
        for k, v in self.fields.items():
            setattr(a, k, v)
        return schema, array

fuzz()
stats["goarrow_c_bytes_after"] = goarrow.stats()["c_allocated_bytes"]
print(json.dumps({"stats": stats, "findings": findings}))
'''
)


def test_forged_producers_are_refused_or_read_safely():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    p = subprocess.run(
        [sys.executable, "-c", CHILD, str(EXAMPLES)], capture_output=True, text=True, env=env, timeout=900
    )
    assert p.returncode == 0, f"the fuzzing child ended with {p.returncode}:\n{p.stderr[-4000:]}"
    report = json.loads(p.stdout.strip().splitlines()[-1])
    print("fuzz over forged producers:", report["stats"])
    assert report["stats"]["executions"] >= EXAMPLES // 2
    assert (
        report["stats"]["refused"] > 0 and report["stats"]["accepted"] > 0
    )  # the lies are not all caught, nor all harmless
    assert report["findings"] == [], "\n".join(report["findings"][:20])

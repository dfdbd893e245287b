"""Ctrl-C: a long Go call is cancelled through its context.Context and Python raises
KeyboardInterrupt. Tested with a real SIGINT sent to a subprocess."""

import os
import signal
import subprocess
import sys
import time

SCRIPT = r"""
import signal, sys, time
# Python's own Ctrl-C handling, whatever this process inherited (a shell starts background jobs
# with SIGINT ignored, and Python then keeps it ignored); "ignored" tests that case itself.
signal.signal(signal.SIGINT, signal.SIG_IGN if sys.argv[1] == "ignored" else signal.default_int_handler)
import numpy as np, pyarrow as pa, pyarrow.compute as pc
import goarrow
import goarrow_testing  # noqa: F401  (debug.sleep)

what = sys.argv[1]
schema = pa.schema({"x": pa.float64()})
def endless():
    while True:
        yield pa.record_batch([pc.random(100_000)], schema=schema)

print("ready", flush=True)
t0 = time.monotonic()
try:
    if what == "sleep":
        goarrow.fn.debug.sleep(60)
    elif what == "elementwise":  # 1 ms a row for 100,000 rows: cancelled between rows
        goarrow.fn.ew.sleepy(pa.array(np.arange(100_000)), 1.0)
    elif what == "ignored":
        assert goarrow.fn.debug.sleep(3)  # the SIGINT sent after 1 s changes nothing
    else:  # sum over an endless stream: only cancellation can end it
        goarrow.fn.count_rows(pa.RecordBatchReader.from_batches(schema, endless()))
    print("finished", flush=True)
except KeyboardInterrupt:
    print(f"interrupted after {time.monotonic() - t0:.2f}", flush=True)
    # The bridge still works, and nothing is left running in Go.
    assert goarrow.fn.sum(pa.array([1.0, 2.0])) == 3.0
    assert goarrow.stats()["calls_live"] == 0
    print("ok", flush=True)
"""


def run_and_interrupt(what):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    p = subprocess.Popen([sys.executable, "-c", SCRIPT, what], stdout=subprocess.PIPE, text=True, env=env)
    assert p.stdout.readline().strip() == "ready"
    time.sleep(1.0)  # let the Go call start
    p.send_signal(signal.SIGINT)
    try:
        out, _ = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        raise AssertionError("SIGINT did not stop the Go call")
    return p.returncode, out.split("\n")


def test_ctrl_c_cancels_a_sleeping_go_call():
    rc, lines = run_and_interrupt("sleep")
    assert rc == 0, lines
    assert lines[0].startswith("interrupted after"), lines
    assert float(lines[0].split()[-1]) < 5  # not the 60 s the call asked for
    assert lines[1] == "ok"


def test_ctrl_c_cancels_go_reading_an_endless_python_stream():
    rc, lines = run_and_interrupt("stream")
    assert rc == 0, lines
    assert lines[0].startswith("interrupted after"), lines
    assert lines[1] == "ok"


def test_ctrl_c_cancels_an_elementwise_function_between_rows():
    rc, lines = run_and_interrupt("elementwise")
    assert rc == 0, lines
    assert lines[0].startswith("interrupted after"), lines
    # SIGINT is sent 1 s after "ready"; the loop checks for it every ~20 ms of a slow function.
    assert float(lines[0].split()[-1]) < 2.0, lines
    assert lines[1] == "ok"


def test_ctrl_c_changes_nothing_in_a_process_that_ignores_sigint():
    rc, lines = run_and_interrupt("ignored")
    assert rc == 0, lines
    assert lines[0] == "finished", lines

"""Processes: a forked child gets a clear error instead of a hang; spawn works."""

import multiprocessing as mp
import os
import time

import pyarrow as pa
import pytest

import goarrow


def _wait(pid, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail("the forked child hung")


def test_forked_child_gets_a_clear_error_and_does_not_hang():
    go_owned = goarrow.fn.generate(1000, 1)  # Go memory the child inherits and will drop
    stream = goarrow.fn.generate_stream(10, 10, 0)  # a Go stream the child inherits
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report what happened through the pipe, never raise
        os.close(r)
        msgs = []
        for attempt in (lambda: goarrow.fn.length(pa.array([1])), goarrow.functions, goarrow.stats):
            try:
                attempt()
                msgs.append("no error")
            except RuntimeError as e:
                msgs.append(str(e))
        try:
            stream.read_next_batch()
            msgs.append("stream read")
        except OSError as e:
            msgs.append(str(e))
        del go_owned, stream  # release callbacks must not call into Go here
        os.write(w, "\n".join(msgs).encode())
        os._exit(0)
    os.close(w)
    assert _wait(pid) == 0
    with os.fdopen(r) as f:
        msgs = f.read().split("\n")
    assert len(msgs) == 4
    for m in msgs[:3]:
        assert "forked" in m and "'spawn'" in m and "'forkserver'" in m, m
    assert "fork" in msgs[3] and "spawn" in msgs[3]
    # The parent is unaffected.
    assert goarrow.fn.length(go_owned) == 1000
    assert sum(b.num_rows for b in stream) == 100


def _spawned_sum(values):
    import pyarrow as pa

    import goarrow
    import goarrow_testing  # noqa: F401  the runtime the parent uses (this build has no other)

    return goarrow.fn.sum(pa.array(values))


def test_multiprocessing_spawn_works():
    with mp.get_context("spawn").Pool(2) as pool:
        assert pool.map(_spawned_sum, [[1, 2], [3.5, 4.5]]) == [3, 8.0]

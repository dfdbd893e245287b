"""The proof of concept, with Python as the host: Go reads Python-allocated Arrow data in place.

Python makes N random float64 values (fixed seed), builds a pyarrow array, and hands it to Go
through the Arrow C Data Interface (the PyCapsule protocol). Go imports it with arrow-go's cdata,
without copying, and reports the values it read and the address of the values buffer. The
program exits non-zero if Go's address differs from Python's.
"""

import argparse
import sys

import numpy as np
import pyarrow as pa

import goarrow

SHOWN = 20


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20, help="number of float64 values (default 20)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    args = parser.parse_args(argv)
    if args.size < 0:
        parser.error("--size must be >= 0")

    values = np.random.default_rng(args.seed).random(args.size)
    arr = pa.array(values)  # wraps numpy's memory: no copy here either
    python_addr = arr.buffers()[1].address

    # Go materializes arr (zero copy) and formats the values it reads; it also reports the
    # addresses of the buffers it sees.
    n = goarrow.fn.length(arr)
    print(f"zero_copy values from Python: {goarrow.fn.preview(arr, SHOWN)}")
    go_addrs = goarrow.fn.addresses(arr).to_pylist()
    echoed_addr = goarrow.fn.addresses(goarrow.fn.echo(arr)).to_pylist()[1]
    print(f"Go read {n} values; sum in Go = {goarrow.fn.sum(arr):.6f}, in numpy = {values.sum():.6f}")
    print(f"values buffer address as Python sees it: 0x{python_addr:x}")
    print(f"values buffer address as Go sees it:     0x{go_addrs[1]:x}")
    print(f"... after a round trip Python → Go → Python → Go: 0x{echoed_addr:x}")
    if go_addrs[1] != python_addr or echoed_addr != python_addr:
        print("FAIL: Go did not see Python's buffer (a copy was made)", file=sys.stderr)
        return 1
    print("OK: same buffer, no copy")
    return 0


if __name__ == "__main__":
    sys.exit(main())

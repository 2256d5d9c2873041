#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The bench's py-numpy-* rows: a full scan from Python with numpy.

usage: py-scan.py FIELD[,FIELD...] [TIME_FILE]

Imports numpy and the pagesnap package (from the directory of this
script, where bench/run-bench.sh puts bindings/python's guest payload),
then times Pagesnap.columns(fields=FIELDs) over all memory and reads every
kpf value (an XOR, as bench.c's cols rows do).  The row's time is the
whole process (interpreter start and imports included), as for every
exec'd row; the seconds from open() to the XOR alone go to TIME_FILE, for
bench.c's "in-process" figure.  Exit status 0 only when every pfn served
got a value.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy  # noqa: E402
import pagesnap  # noqa: E402


def main(argv):
    fields = argv[1].split(",")
    t0 = time.monotonic()
    with pagesnap.open() as ps:
        info = ps.info()
        cols = ps.columns(fields=fields)
        x = int(numpy.bitwise_xor.reduce(cols["kpf"])) if "kpf" in cols else 0
    t1 = time.monotonic()
    if len(argv) > 2:
        with open(argv[2], "w") as f:
            f.write(f"{t1 - t0:.6f}\n")
    n = info.pfn_end - info.pfn_start
    print(f"py-scan: {','.join(fields)}: {len(cols['pfn'])}/{n} pfns "
          f"in {t1 - t0:.4f} s, kpf xor {x:#x}")
    return 0 if len(cols["pfn"]) == n else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

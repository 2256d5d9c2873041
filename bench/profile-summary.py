#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sum a bench/profile.sh trace per kernel function.

usage: profile-summary.py results/profile-NAME.txt

For each PAGESNAP-PROFILE section of the file, prints every traced
function with its number of calls and its inclusive time (its own and
its callees'), largest first.  The times carry function_graph's own cost
per traced call, which under TCG is microseconds: compare rows within a
section, not with the bench's figures.
"""
import collections
import re
import sys

LINE = re.compile(r"^\s*\d+\)\s*(?:[!#+@*&$]\s*)?(?:([\d.]+) us\s*)?\|(\s*)(.*)$")


def summarise(lines):
    total = collections.Counter()
    calls = collections.Counter()
    stack = []
    for line in lines:
        m = LINE.match(line)
        if not m:
            continue
        dur, body = m.group(1), m.group(3).strip()
        if body.endswith("{"):                 # entry of a function with callees
            stack.append(body[:-1].strip().rstrip("()").strip())
        elif body.startswith("}"):             # its exit, with the duration
            if stack and dur:
                f = stack.pop()
                total[f] += float(dur)
                calls[f] += 1
            elif stack:
                stack.pop()
        elif body.endswith(";") and dur:       # a leaf call
            f = body[:-1].strip().rstrip("()").strip()
            total[f] += float(dur)
            calls[f] += 1
    return total, calls


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    name, sect = None, []
    with open(sys.argv[1]) as fh:
        for line in fh:
            m = re.match(r"^===== PAGESNAP-PROFILE-(\w+) (BEGIN|END) =====", line)
            if m and m.group(2) == "BEGIN":
                name, sect = m.group(1), []
            elif m:
                total, calls = summarise(sect)
                print(f"== {name}: {sect[0].strip() if sect else ''}")
                for f, t in total.most_common(16):
                    print(f"  {f:48s} {calls[f]:6d} calls {t:12.1f} us")
                name = None
            elif name:
                sect.append(line)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ontty.py PROGRAM [ARG...]: run PROGRAM with a pseudo-terminal as its
stdin, stdout and stderr, copy what it wrote there to our stdout, and
exit with its status.

script(1) runs the command without a terminal when its own stdin is not
one (util-linux 2.38: "<not executed on terminal>"), which is how CI runs
make check; pty.fork() needs no terminal of its own.
"""
import os
import pty
import sys


def main():
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(sys.argv[1], sys.argv[1:])
        finally:
            os._exit(127)
    out = bytearray()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:     # EIO: the program closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(out)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())

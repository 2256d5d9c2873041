// SPDX-License-Identifier: GPL-2.0
/*
 * The listings' buffered writer (linebuf.h): whole buffers to stdout.
 * stdio stays the only path to the descriptor, so what was printed
 * before a flush comes out before it.
 */
#include <stdio.h>

#include "linebuf.h"

struct linebuf lb;

void lb_flush(void)
{
	if (lb.n)
		fwrite(lb.buf, 1, lb.n, stdout);
	lb.n = 0;
}

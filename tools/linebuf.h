/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The listings' one buffered writer: lines are built in a 64 KiB buffer
 * with inline number formatting and go to stdout in whole buffers, so a
 * line per pfn costs no printf() and no stdio call per field.
 */
#ifndef PAGESNAP_CLI_LINEBUF_H
#define PAGESNAP_CLI_LINEBUF_H

#include <stdint.h>
#include <string.h>

#define LB_SIZE		(64 << 10)
#define LB_LINE_MAX	4096	/* room lb_room() guarantees */

struct linebuf {
	size_t n;
	char buf[LB_SIZE];
};

extern struct linebuf lb;

/* Hand what is buffered to stdout (before any other stdout output). */
void lb_flush(void);

/* Room for @need more bytes (at most LB_LINE_MAX): flush when short. */
static inline void lb_room(size_t need)
{
	if (lb.n + need > LB_SIZE)
		lb_flush();
}

static inline void lb_char(char c)
{
	lb_room(1);
	lb.buf[lb.n++] = c;
}

static inline void lb_mem(const char *s, size_t len)
{
	if (len > LB_LINE_MAX) {
		lb_flush();
		while (len > LB_LINE_MAX) {
			memcpy(lb.buf, s, LB_LINE_MAX);
			lb.n = LB_LINE_MAX;
			lb_flush();
			s += LB_LINE_MAX;
			len -= LB_LINE_MAX;
		}
	}
	lb_room(len);
	memcpy(lb.buf + lb.n, s, len);
	lb.n += len;
}

static inline void lb_str(const char *s)
{
	lb_mem(s, strlen(s));
}

/* %llx */
static inline void lb_hex(uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int i = 16;

	do {
		tmp[--i] = digits[v & 15];
		v >>= 4;
	} while (v);
	lb_mem(tmp + i, (size_t)(16 - i));
}

/* %llu */
static inline void lb_dec(uint64_t v)
{
	char tmp[20];
	int i = 20;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	lb_mem(tmp + i, (size_t)(20 - i));
}

#endif /* PAGESNAP_CLI_LINEBUF_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers of pagesnap-rel (see rel.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "rel.h"

int rel_passed, rel_failed, rel_skipped;

void rel_pass(const char *name)
{
	rel_passed++;
	printf("PASS: %s\n", name);
	fflush(stdout);
}

static void vfail(const char *name, const char *fmt, va_list ap)
{
	rel_failed++;
	printf("FAIL: %s: ", name);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
}

void rel_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(name, fmt, ap);
	va_end(ap);
}

void rel_check(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		rel_pass(name);
		return;
	}
	va_start(ap, fmt);
	vfail(name, fmt, ap);
	va_end(ap);
}

void rel_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	rel_skipped++;
	printf("SKIP: %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void rel_fig(const char *suite, const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("PAGESNAP-REL: %s.%s ", suite, key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void rel_note(const char *fmt, ...)
{
	va_list ap;

	printf("  ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

int rel_open(void)
{
	return open(PAGESNAP_DEVICE_PATH, O_RDONLY | O_CLOEXEC);
}

int rel_info(int fd, struct pagesnap_info *info)
{
	memset(info, 0, sizeof(*info));
	return ioctl(fd, PAGESNAP_IOC_INFO, info) ? -errno : 0;
}

int rel_query(int fd, struct pagesnap_query *q)
{
	return ioctl(fd, PAGESNAP_IOC_QUERY, q) ? -errno : 0;
}

/*
 * What every successful STATS call satisfies, whatever moved while it
 * ran: its pfns are next_pfn - start_pfn, each a hole or an online page,
 * and each online page is in one folio order.
 */
const char *rel_stats_counts(const struct pagesnap_stats *st,
			     uint64_t start_pfn)
{
	uint64_t o = 0;
	unsigned int i;

	if (st->pfns != st->next_pfn - start_pfn)
		return "STATS pfns != next_pfn - start_pfn";
	if (st->holes + st->faithful + st->unfaithful != st->pfns)
		return "STATS holes + faithful + unfaithful != pfns";
	for (i = 0; i < PAGESNAP_STATS_ORDERS; i++)
		o += st->by_order[i];
	if (o != st->faithful + st->unfaithful)
		return "STATS by_order does not add up";
	return "";
}

void rel_query_init(struct pagesnap_query *q, uint64_t start, uint64_t nr,
		    void *ents, uint32_t entry_size, uint32_t max)
{
	memset(q, 0, sizeof(*q));
	q->start_pfn = start;
	q->nr_pfns = nr;
	q->entries = (uintptr_t)ents;
	q->entry_size = entry_size;
	q->max_entries = max;
}

double rel_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int rel_is_debug(void)
{
	const char *k = getenv("REL_KERNEL");

	return k && strstr(k, "debug");
}

uint64_t rel_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t rel_below(uint64_t *s, uint64_t n)
{
	return n ? rel_rand(s) % n : 0;
}

void rel_errs_add(struct rel_errs *t, int err)
{
	t->n[err >= 0 && err < 256 ? err : 255]++;
}

const char *rel_errname(int err)
{
	const char *s;

	if (!err)
		return "ok";
	s = strerrorname_np(err);
	return s ? s : "E?";
}

const char *rel_errs_str(const struct rel_errs *t, char *buf, size_t len)
{
	size_t off = 0;
	int e;

	buf[0] = 0;
	for (e = 0; e < 256 && off < len; e++) {
		if (!t->n[e])
			continue;
		off += snprintf(buf + off, len - off, "%s%s=%lu",
				off ? " " : "", rel_errname(e), t->n[e]);
	}
	if (!off)
		snprintf(buf, len, "none");
	return buf;
}

uint64_t rel_vaddr_pfn(const void *addr)
{
	uint64_t ent = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (pread(fd, &ent, 8, (off_t)((uintptr_t)addr / REL_PAGE) * 8) != 8)
		ent = 0;
	close(fd);
	if (!(ent & (1ULL << 63)))
		return 0;
	return ent & ((1ULL << 55) - 1);
}

int rel_write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;
	size_t n = strlen(val);

	if (fd < 0)
		return -errno;
	if (write(fd, val, n) != (ssize_t)n)
		ret = -errno;
	close(fd);
	return ret;
}

long rel_read_long(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return strtol(buf, NULL, 0);
}

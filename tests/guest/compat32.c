// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-compat32 PFN1 PFN2 - the 32-bit side of the compat test.
 *
 * Built with gcc -m32 -static; runs on the 64-bit guest kernel through
 * the compat ioctl path.  Writes to stdout, in binary: struct
 * pagesnap_info from PAGESNAP_IOC_INFO; then for PFN1 and PFN2 the
 * struct pagesnap_query and one struct pagesnap_entry of a one-pfn query;
 * then three int32 errnos: an unknown command, a query with a non-zero
 * reserved field, and a query into an unmapped buffer.  The 64-bit test
 * (t_compat.c) compares all of it with its own calls.
 * Exit status: 0, or the step that failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/pagesnap.h>

static int put(const void *p, size_t n)
{
	return write(1, p, n) == (ssize_t)n ? 0 : -1;
}

static int query1(int fd, uint64_t pfn, struct pagesnap_entry *e,
		  struct pagesnap_query *q)
{
	memset(q, 0, sizeof(*q));
	memset(e, 0xA5, sizeof(*e));
	q->start_pfn = pfn;
	q->nr_pfns = 1;
	q->entries = (uintptr_t)e;
	q->entry_size = sizeof(*e);
	q->max_entries = 1;
	return ioctl(fd, PAGESNAP_IOC_QUERY, q);
}

int main(int argc, char **argv)
{
	struct pagesnap_info info;
	struct pagesnap_query q;
	struct pagesnap_entry e;
	int32_t errs[3];
	void *m;
	int fd, i;

	if (argc != 3 || sizeof(void *) != 4)
		return 1;
	fd = open(PAGESNAP_DEVICE_PATH, O_RDONLY);
	if (fd < 0)
		return 2;
	memset(&info, 0, sizeof(info));
	if (ioctl(fd, PAGESNAP_IOC_INFO, &info) || put(&info, sizeof(info)))
		return 3;
	for (i = 1; i <= 2; i++) {
		if (query1(fd, strtoull(argv[i], NULL, 0), &e, &q))
			return 4;
		if (put(&q, sizeof(q)) || put(&e, sizeof(e)))
			return 5;
	}

	errno = 0;
	errs[0] = ioctl(fd, _IOWR(PAGESNAP_IOC_MAGIC, 0x0f, struct pagesnap_info),
			&info) ? errno : 0;
	query1(fd, info.pfn_start, &e, &q);
	q.reserved[0] = 1;
	errs[1] = ioctl(fd, PAGESNAP_IOC_QUERY, &q) ? errno : 0;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (m == MAP_FAILED)
		return 6;
	munmap(m, 4096);
	query1(fd, info.pfn_start, &e, &q);
	q.entries = (uintptr_t)m;
	errs[2] = ioctl(fd, PAGESNAP_IOC_QUERY, &q) ? errno : 0;
	if (put(errs, sizeof(errs)))
		return 7;

	/* COLUMNS: kpf and refcount of the first pfn, and one bad call */
	{
		struct pagesnap_columns c;
		uint64_t kpf = 0, table[2];
		uint32_t ref = 0;
		int32_t cerr;

		memset(&c, 0, sizeof(c));
		c.start_pfn = strtoull(argv[1], NULL, 0);
		c.nr_pfns = 1;
		c.fields = PAGESNAP_COL_KPF | PAGESNAP_COL_REFCOUNT;
		table[0] = (uintptr_t)&kpf;
		table[1] = (uintptr_t)&ref;
		c.arrays = (uintptr_t)table;
		if (ioctl(fd, PAGESNAP_IOC_COLUMNS, &c))
			return 8;
		c.fields = 0;
		cerr = ioctl(fd, PAGESNAP_IOC_COLUMNS, &c) ? errno : 0;
		/* the layout of the end of t_compat.c's compat32_reply */
		if (put(&cerr, sizeof(cerr)) ||
		    put(&c.nr_done, sizeof(c.nr_done)) ||
		    put(&kpf, sizeof(kpf)) || put(&ref, sizeof(ref)))
			return 9;
	}
	return 0;
}

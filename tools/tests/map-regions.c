// SPDX-License-Identifier: GPL-2.0
/*
 * map-regions: memory regions of known kind for the 'map' guest test.
 * Makes a written PMD-sized anon THP and, when the pool has pages, a
 * written 2 MiB hugetlb page, prints "thp PFN" / "hugetlb PFN" (the
 * first pfn, hex, from /proc/self/pagemap) or "thp none REASON", then
 * holds them until stdin closes or a signal comes.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#define SZ	(2UL << 20)

static uint64_t pfn_of(void *p)
{
	uint64_t word = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &word, 8, (off_t)((uintptr_t)p / 4096 * 8)) != 8)
		word = 0;
	close(fd);
	return (word >> 63) ? word & ((1ULL << 55) - 1) : 0;
}

int main(void)
{
	char *m, *p, buf[16];
	uint64_t pfn;

	m = mmap(NULL, 2 * SZ, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		printf("thp none mmap\n");
	} else {
		p = (char *)(((uintptr_t)m + SZ - 1) & ~(SZ - 1));
		if (madvise(p, SZ, MADV_HUGEPAGE)) {
			printf("thp none madvise\n");
		} else {
			memset(p, 0x5a, SZ);
			pfn = pfn_of(p);
			if (pfn && !(pfn & 511))
				printf("thp %llx\n", (unsigned long long)pfn);
			else
				printf("thp none not-huge\n");
		}
	}
	p = mmap(NULL, SZ, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (p == MAP_FAILED) {
		printf("hugetlb none mmap\n");
	} else {
		memset(p, 0xa5, SZ);
		pfn = pfn_of(p);
		if (pfn)
			printf("hugetlb %llx\n", (unsigned long long)pfn);
		else
			printf("hugetlb none pagemap\n");
	}
	printf("ready\n");
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	pause();
	return 0;
}

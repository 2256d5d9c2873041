// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-demo - what /dev/pagesnap answers, through raw ioctls.
 *
 *   pagesnap-demo          print the driver's info, a few pfns, a THP of
 *                          this process and a page-cache page of a tmpfs
 *                          file with the file it belongs to (the demo when
 *                          no static pagesnap-cli exists)
 *   pagesnap-demo --hold   map and touch a THP, print "ADDR LEN" of it,
 *                          then sleep until killed: a process for
 *                          `pagesnap-cli addr` to look at
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/pagesnap.h>

static const char *const kpf_names[43] = {
	"locked", "error", "referenced", "uptodate", "dirty", "lru", "active",
	"slab", "writeback", "reclaim", "buddy", "mmap", "anon", "swapcache",
	"swapbacked", "compound_head", "compound_tail", "huge", "unevictable",
	"hwpoison", "nopage", "ksm", "thp", "offline", "zero_page", "idle",
	"pgtable", [32] = "reserved", "mlocked", "owner_2", "private",
	"private_2", "owner_private", "arch", "uncached", "softdirty",
	"arch_2", "arch_3",
};

static int fd;

static uint64_t vaddr_pfn(const void *p)
{
	uint64_t ent = 0;
	int pm = open("/proc/self/pagemap", O_RDONLY);

	if (pm < 0 || pread(pm, &ent, 8, (off_t)((uintptr_t)p / 4096) * 8) != 8)
		ent = 0;
	if (pm >= 0)
		close(pm);
	return (ent >> 63) ? ent & ((1ULL << 55) - 1) : 0;
}

static void show(const char *what, uint64_t pfn)
{
	struct pagesnap_entry e;
	struct pagesnap_query q;
	char flags[512];
	int b, n = 0;

	memset(&q, 0, sizeof(q));
	q.start_pfn = pfn;
	q.nr_pfns = 1;
	q.entries = (uintptr_t)&e;
	q.entry_size = sizeof(e);
	q.max_entries = 1;
	if (ioctl(fd, PAGESNAP_IOC_QUERY, &q) || q.filled != 1) {
		printf("%-12s pfn 0x%llx: query failed: %s\n", what,
		       (unsigned long long)pfn, strerror(errno));
		return;
	}
	flags[0] = 0;
	for (b = 0; b < 43; b++)
		if ((e.kpf >> b) & 1 && kpf_names[b])
			n += snprintf(flags + n, sizeof(flags) - n, "%s%s",
				      n ? "," : "", kpf_names[b]);
	if (e.snap_flags & PAGESNAP_SF_HOLE) {
		printf("%-12s pfn 0x%llx: hole (no memory)\n", what,
		       (unsigned long long)pfn);
		return;
	}
	printf("%-12s pfn 0x%llx: flags %s\n", what, (unsigned long long)pfn,
	       n ? flags : "-");
	printf("%-12s   folio head 0x%llx order %u index %u, refcount %u mapcount %u, %s%s%s, zone %u node %u\n",
	       "", (unsigned long long)e.head_pfn, e.order, e.index, e.refcount,
	       e.mapcount,
	       e.snap_flags & PAGESNAP_SF_FAITHFUL ? "faithful" : "NOT faithful",
	       e.snap_flags & PAGESNAP_SF_FREE ? ", free" : "",
	       e.snap_flags & PAGESNAP_SF_ZERO_PAGE ? ", zero page" : "",
	       e.zone, e.nid);
	if (e.snap_flags & PAGESNAP_SF_FREE)
		printf("%-12s   free block order %u\n", "", e.buddy_order);
	if (e.valid & PAGESNAP_VALID_FILE)
		printf("%-12s   file dev %u:%u ino %llu page %llu\n", "",
		       e.file_dev_major, e.file_dev_minor,
		       (unsigned long long)e.file_ino,
		       (unsigned long long)e.file_index);
}

static int hold(void)
{
	char *m = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *t;

	if (m == MAP_FAILED)
		return 1;
	t = (char *)(((uintptr_t)m + (2 << 20) - 1) & ~((2UL << 20) - 1));
	madvise(t, 2 << 20, MADV_HUGEPAGE);
	memset(t, 1, 2 << 20);
	printf("%p %d\n", (void *)t, 2 << 20);
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	struct pagesnap_info info;
	const char *path = "/tmp/demo.txt";
	char buf[8192];
	struct stat st;
	char *m, *t;
	int f;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "--hold"))
		return hold();
	fd = open(PAGESNAP_DEVICE_PATH, O_RDONLY);
	memset(&info, 0, sizeof(info));
	if (fd < 0 || ioctl(fd, PAGESNAP_IOC_INFO, &info)) {
		perror(PAGESNAP_DEVICE_PATH);
		return 1;
	}
	printf("pagesnap: ABI %u, entry %u bytes, backend %s, pfns 0x%llx-0x%llx, %llu pfns per call\n",
	       info.abi_version, info.entry_size,
	       info.backend == PAGESNAP_BACKEND_NATIVE ? "native" : "port",
	       (unsigned long long)info.pfn_start,
	       (unsigned long long)info.pfn_end,
	       (unsigned long long)info.max_pfns);

	show("pfn 0", info.pfn_start);
	show("pfn 0x1000", info.pfn_start + 0x1000);
	show("pfn 0x20000", info.pfn_start + 0x20000);
	show("pfn 0x90000", info.pfn_start + 0x90000);

	m = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m != MAP_FAILED) {
		t = (char *)(((uintptr_t)m + (2 << 20) - 1) & ~((2UL << 20) - 1));
		madvise(t, 2 << 20, MADV_HUGEPAGE);
		memset(t, 1, 2 << 20);
		show("THP head", vaddr_pfn(t));
		show("THP tail 7", vaddr_pfn(t + 7 * 4096));
	}

	f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(buf, 'p', sizeof(buf));
	if (f >= 0 && write(f, buf, sizeof(buf)) == sizeof(buf) && !fstat(f, &st)) {
		m = mmap(NULL, sizeof(buf), PROT_READ, MAP_SHARED, f, 0);
		if (m != MAP_FAILED && m[4096] == 'p') {
			printf("file %s: dev %u:%u ino %llu\n", path,
			       major(st.st_dev), minor(st.st_dev),
			       (unsigned long long)st.st_ino);
			show("file page 1", vaddr_pfn(m + 4096));
		}
	}
	return 0;
}

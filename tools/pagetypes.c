// SPDX-License-Identifier: GPL-2.0
/*
 * --page-types: what Linux 6.12's tools/mm/page-types prints, byte for
 * byte, for the options that map onto pagesnap-cli's:
 *
 *   page-types [-a R]... [-b S]... [-r] [-N]   stats [R]...
 *   page-types -L / -l ...                     scan|pfn [R]... [--ranges]
 *   page-types -d FLAGS                        describe FLAGS
 *
 * Bit-specs, ranges and flag names are parsed as page-types parses them
 * (prefix matching of names, strtoll() numbers) and the summary keeps
 * page-types' hash-table order, so scripts written against page-types
 * read the same bytes.  What page-types treats as fatal is fatal here
 * too, with its message on stderr and exit status 1.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "main.h"
#include "linebuf.h"

/* page-types' own table, including the bits it invents above 47 */
static const char *const pt_flag_names[64] = {
	[0] = "L:locked", [1] = "E:error", [2] = "R:referenced",
	[3] = "U:uptodate", [4] = "D:dirty", [5] = "l:lru", [6] = "A:active",
	[7] = "S:slab", [8] = "W:writeback", [9] = "I:reclaim",
	[10] = "B:buddy", [11] = "M:mmap", [12] = "a:anonymous",
	[13] = "s:swapcache", [14] = "b:swapbacked", [15] = "H:compound_head",
	[16] = "T:compound_tail", [17] = "G:huge", [18] = "u:unevictable",
	[19] = "X:hwpoison", [20] = "n:nopage", [21] = "x:ksm", [22] = "t:thp",
	[23] = "o:offline", [24] = "z:zero_page", [25] = "i:idle_page",
	[26] = "g:pgtable",
	[32] = "r:reserved", [33] = "m:mlocked", [34] = "d:owner_2",
	[35] = "P:private", [36] = "p:private_2", [37] = "O:owner_private",
	[38] = "h:arch", [40] = "f:softdirty", [41] = "H:arch_2",
	[47] = "d:anon_exclusive", [48] = "I:readahead",
	[50] = "A:slub_frozen", [51] = "E:slub_debug",
	[61] = "F:file", [62] = "w:swap", [63] = "1:mmap_exclusive",
};

#define B(n)		(1ULL << (n))
#define PT_HACKERS	(0xffffULL << 32)
#define PT_COMPOUND	(B(15) | B(16))
#define PT_ALL		(~0ULL)
#define PT_MAX_FILTERS	64
#define PT_MAX_RANGES	1024
#define PT_HASH_SIZE	(1 << 13)
#define PT_BATCH	(64 << 10)

static struct {
	int list;			/* 1: -l, 2: -L */
	unsigned int nr_filters;
	uint64_t mask[PT_MAX_FILTERS], bits[PT_MAX_FILTERS];
	unsigned int nr_ranges;
	unsigned long offset[PT_MAX_RANGES], size[PT_MAX_RANGES];
	unsigned long total;
	unsigned long nr_pages[PT_HASH_SIZE];
	uint64_t page_flags[PT_HASH_SIZE];
	unsigned long page_size;
	/* show_page_range()'s state */
	uint64_t flags0;
	unsigned long index, count, voff;
	unsigned long range_start;	/* of the range being walked */
} pt;

static void __attribute__((noreturn, format(printf, 1, 2)))
pt_fatal(const char *fmt, ...)
{
	va_list ap;

	lb_flush();
	fflush(stdout);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

static const char *pt_flag_name(uint64_t flags)
{
	static char buf[65];
	size_t i, j;

	for (i = 0, j = 0; i < 64; i++) {
		if (!pt_flag_names[i]) {
			if ((flags >> i) & 1)
				pt_fatal("unknown flag bit %d\n", (int)i);
			continue;
		}
		buf[j++] = (flags >> i) & 1 ? pt_flag_names[i][0] : '_';
	}
	buf[j] = '\0';
	return buf;
}

static const char *pt_flag_longname(uint64_t flags)
{
	static char buf[1024];
	size_t i, n = 0;

	for (i = 0; i < 64; i++)
		if (pt_flag_names[i] && ((flags >> i) & 1))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s,",
					      pt_flag_names[i] + 2);
	if (n)
		n--;
	buf[n] = '\0';
	return buf;
}

/* page-types' kpageflags_flags() for a pfn walk (no pagemap entry) */
static uint64_t pt_flags(uint64_t f)
{
	if (!opt.raw) {
		f &= ~PT_HACKERS;
		if ((f & PT_COMPOUND) && !(f & B(17)))
			f &= ~PT_COMPOUND;
		return f;
	}
	if ((f & B(12)) && (f & B(34)))
		f ^= B(34) | B(47);
	if (f & B(7)) {
		if (f & B(6))
			f ^= B(6) | B(50);
		if (f & B(1))
			f ^= B(1) | B(51);
	}
	if ((f & (B(9) | B(8))) == B(9))
		f ^= B(9) | B(48);
	return f;
}

static unsigned long long pt_number(const char *str)
{
	unsigned long long n = (unsigned long long)strtoll(str, NULL, 0);

	if (n == 0 && str[0] != '0')
		pt_fatal("invalid name or number: %s\n", str);
	return n;
}

static uint64_t pt_parse_name(const char *str, int len)
{
	size_t i;

	if (!*str || !len)
		return 0;
	if (len <= 8 && !strncmp(str, "compound", (size_t)len))
		return PT_COMPOUND;
	for (i = 0; i < 64; i++)
		if (pt_flag_names[i] &&
		    !strncmp(str, pt_flag_names[i] + 2, (size_t)len))
			return 1ULL << i;
	return pt_number(str);
}

static uint64_t pt_parse_names(const char *str, int all)
{
	const char *p = str;
	uint64_t flags = 0;

	while (1) {
		if (*p == ',' || *p == '=' || *p == '\0') {
			if ((*str != '~') || (*str == '~' && all && *++str))
				flags |= pt_parse_name(str, (int)(p - str));
			if (*p != ',')
				break;
			str = p + 1;
		}
		p++;
	}
	return flags;
}

static void pt_parse_bits(const char *arg)
{
	uint64_t mask, bits;
	const char *p = strchr(arg, '=');

	if (p == arg) {
		mask = PT_ALL;
		bits = pt_parse_names(p + 1, 0);
	} else if (p) {
		mask = pt_parse_names(arg, 0);
		bits = pt_parse_names(p + 1, 0);
	} else if (strchr(arg, '~')) {
		mask = pt_parse_names(arg, 1);
		bits = pt_parse_names(arg, 0);
	} else {
		mask = pt_parse_names(arg, 0);
		bits = PT_ALL;
	}
	if (pt.nr_filters >= PT_MAX_FILTERS)
		pt_fatal("too much bit filters\n");
	pt.mask[pt.nr_filters] = mask;
	pt.bits[pt.nr_filters] = bits;
	pt.nr_filters++;
}

static void pt_add_range(unsigned long offset, unsigned long size)
{
	if (pt.nr_ranges >= PT_MAX_RANGES)
		pt_fatal("too many addr ranges\n");
	pt.offset[pt.nr_ranges] = offset;
	pt.size[pt.nr_ranges] = size < ULONG_MAX - offset ? size :
				ULONG_MAX - offset;
	pt.nr_ranges++;
}

static void pt_parse_range(const char *arg)
{
	unsigned long offset, size;
	const char *p = strchr(arg, ',');

	if (!p)
		p = strchr(arg, '+');
	if (p == arg) {
		offset = 0;
		size = pt_number(p + 1);
	} else if (p) {
		offset = pt_number(arg);
		if (p[1] == '\0') {
			size = ULONG_MAX;
		} else {
			size = pt_number(p + 1);
			if (*p == ',') {
				if (size < offset)
					pt_fatal("invalid range: %lu,%lu\n",
						 offset, size);
				size -= offset;
			}
		}
	} else {
		offset = pt_number(arg);
		size = 1;
	}
	pt_add_range(offset, size);
}

static int pt_bits_ok(uint64_t flags)
{
	unsigned int i;

	for (i = 0; i < pt.nr_filters; i++) {
		if (pt.bits[i] == PT_ALL) {
			if ((flags & pt.mask[i]) == 0)
				return 0;
		} else if ((flags & pt.mask[i]) != pt.bits[i]) {
			return 0;
		}
	}
	return 1;
}

/*
 * page-types' walk_pfn() does not advance voffset from one 64k batch to
 * the next, and show_page_range() wants voffset to follow on too: a run
 * breaks at every 64k pfns from the start of the range.  @voffset
 * reproduces that.
 */
static void pt_show_range(unsigned long voffset, unsigned long offset,
			  unsigned long size, uint64_t flags)
{
	if (flags == pt.flags0 && offset == pt.index + pt.count && size &&
	    voffset == pt.voff + pt.count) {
		pt.count += size;
		return;
	}
	if (pt.count) {
		const char *name = pt_flag_name(pt.flags0);

		lb_hex(pt.index);
		lb_char('\t');
		lb_hex(pt.count);
		lb_char('\t');
		lb_str(name);
		lb_char('\n');
	}
	pt.flags0 = flags;
	pt.index = offset;
	pt.voff = voffset;
	pt.count = size;
}

/* page-types -L's line: the name first, a fatal bit prints nothing */
static void pt_show_page(unsigned long pfn, uint64_t flags)
{
	static uint64_t last;
	static char name[65];
	static size_t len;

	if (!len || flags != last) {
		strcpy(name, pt_flag_name(flags));
		len = strlen(name);
		last = flags;
	}
	lb_hex(pfn);
	lb_char('\t');
	lb_mem(name, len);
	lb_char('\n');
}

static size_t pt_hash_slot(uint64_t flags)
{
	size_t k = flags & (PT_HASH_SIZE - 1), i;

	if (flags == 0)
		return 0;
	for (i = 1; i < PT_HASH_SIZE; i++, k++) {
		if (!k || k >= PT_HASH_SIZE)
			k = 1;
		if (pt.page_flags[k] == 0) {
			pt.page_flags[k] = flags;
			return k;
		}
		if (pt.page_flags[k] == flags)
			return k;
	}
	pt_fatal("hash table full: bump up HASH_SHIFT?\n");
}

static void pt_add_page(unsigned long pfn, uint64_t kpf)
{
	uint64_t flags = pt_flags(kpf);

	if (!pt_bits_ok(flags))
		return;
	if (pt.list == 1)
		pt_show_range(pt.range_start +
			      (pfn - pt.range_start) % PT_BATCH, pfn, 1, flags);
	else if (pt.list == 2)
		pt_show_page(pfn, flags);
	pt.nr_pages[pt_hash_slot(flags)]++;
	pt.total++;
}

static void pt_walk_file(int fd, unsigned long index, unsigned long count)
{
	static uint64_t buf[PT_BATCH];
	unsigned long batch, pages, i;
	ssize_t bytes;

	while (count) {
		batch = count < PT_BATCH ? count : PT_BATCH;
		if (index > ULONG_MAX / 8)
			pt_fatal("index overflow: %lu\n", index);
		bytes = pread(fd, buf, batch * 8, (off_t)index * 8);
		if (bytes < 0)
			pt_fatal("%s: %s\n", opt.kpageflags, strerror(errno));
		if (bytes % 8)
			pt_fatal("partial read: %lu bytes\n",
				 (unsigned long)bytes);
		pages = (unsigned long)bytes / 8;
		if (!pages)
			break;
		for (i = 0; i < pages; i++)
			pt_add_page(index + i, buf[i]);
		index += pages;
		count -= pages;
	}
}

/* A run of pfns with one flag word (walk_runs(): flags only asked for). */
static int pt_run(const struct pagesnap_entry *e, uint64_t nr, void *arg)
{
	uint64_t kpf = pagesnap_entry_flags(e, 1), i;

	(void)arg;
	for (i = 0; i < nr; i++)
		pt_add_page((unsigned long)(e->pfn + i), kpf);
	return 0;
}

static void pt_summary(void)
{
	size_t i;

	printf("             flags\tpage-count       MB"
	       "  symbolic-flags\t\t\tlong-symbolic-flags\n");
	for (i = 0; i < PT_HASH_SIZE; i++)
		if (pt.nr_pages[i])
			printf("0x%016llx\t%10lu %8lu  %s\t%s\n",
			       (unsigned long long)pt.page_flags[i],
			       pt.nr_pages[i],
			       (pt.nr_pages[i] * pt.page_size) >> 20,
			       pt_flag_name(pt.page_flags[i]),
			       pt_flag_longname(pt.page_flags[i]));
	printf("             total\t%10lu %8lu\n", pt.total,
	       (pt.total * pt.page_size) >> 20);
}

/* stats, scan and pfn with --page-types */
int pt_listing(int argc, char **argv, int list)
{
	struct pagesnap_info info;
	struct pagesnap *ps = NULL;
	unsigned long end;
	unsigned int i;
	int fd = -1, ret;

	if (opt.json)
		return p_usage("--page-types prints page-types' text, not JSON");
	if (opt.columns || opt.detail)
		return p_usage("--%s has no page-types equivalent",
			       opt.columns ? "columns" : "detail");
	if (list == 2 && !argc)
		return p_usage("missing PFN or RANGE (N, N+M, N,M, N, or ,M)");
	memset(&pt, 0, sizeof(pt));
	pt.page_size = (unsigned long)sysconf(_SC_PAGESIZE);
	pt.list = opt.ranges ? 1 : list ? 2 : 0;
	for (i = 0; i < opt.nr_bit_specs; i++)
		pt_parse_bits(opt.bit_specs[i]);
	for (i = 0; i < (unsigned int)argc; i++)
		pt_parse_range(argv[i]);
	/* the filter is page-types' own from here on */
	memset(&opt.bits, 0, sizeof(opt.bits));
	if (opt.kpageflags) {
		fd = open(opt.kpageflags, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			pt_fatal("%s: %s\n", opt.kpageflags, strerror(errno));
	} else {
		ret = open_device(&ps, &info);
		if (ret)
			return ret;
	}
	if (pt.list == 1)
		printf("offset\tlen\tflags\n");
	if (pt.list == 2)
		printf("offset\tflags\n");
	if (!pt.nr_ranges)
		pt_add_range(0, ULONG_MAX);
	for (i = 0; i < pt.nr_ranges; i++) {
		pt.range_start = pt.offset[i];
		if (fd >= 0) {
			pt_walk_file(fd, pt.offset[i], pt.size[i]);
			continue;
		}
		if (pt.offset[i] >= info.pfn_end || !pt.size[i])
			continue;
		end = pt.size[i] < info.pfn_end - pt.offset[i] ?
		      pt.offset[i] + pt.size[i] : (unsigned long)info.pfn_end;
		ret = walk_runs(ps, pt.offset[i], end, PAGESNAP_COL_KPF, pt_run,
				NULL);
		if (ret) {
			pagesnap_close(ps);
			return ret;
		}
	}
	if (fd >= 0)
		close(fd);
	pagesnap_close(ps);
	if (pt.list == 1)
		pt_show_range(0, 0, 0, 0);
	lb_flush();
	if (opt.no_summary)
		return 0;
	if (pt.list)
		printf("\n\n");
	pt_summary();
	return 0;
}

/* describe FLAGS with --page-types: page-types -d FLAGS */
int pt_describe(const char *arg)
{
	uint64_t flags = pt_parse_names(arg, 0);

	printf("0x%016llx\t%s\t%s\n", (unsigned long long)flags,
	       pt_flag_name(flags), pt_flag_longname(flags));
	return 0;
}

// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * entry-dump: the C library's view of pfn ranges, one line per entry, for
 * guest_test.py to compare with the Python bindings field by field.
 *
 *   entry-dump info
 *   entry-dump [-b SPEC]... [-r] [-s] RANGE...
 *   entry-dump -i
 *
 * RANGE is page-types syntax (N, N+M, N,M, N,).  Each entry prints as
 *   pfn valid kpf raw_flags snap_flags head_pfn memcg_ino file_ino
 *   file_index owner_hash file_dev_major file_dev_minor refcount mapcount
 *   entire_mapcount folio_mapcount pincount order index page_type
 *   buddy_order mapping_kind nid zone | flags(raw=1) | names
 * (decimal numbers, then the library's flag word and its long names).
 * -b keeps entries matching every bit-spec (as pagesnap-cli -b), -r
 * applies specs to the raw flags, -s skips holes.  Exit 0, or 1 with
 * "entry-dump: ..." on stderr.
 *
 * -i serves requests from stdin, one per line, "RANGE [SPEC]", answering
 * each with its entries and a line "end" (or "error MESSAGE" and "end").
 * One long-lived process keeps its own mappings (of libc, say) constant,
 * so the pages it shares with the caller do not change their map and
 * reference counts between the caller's reads.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <pagesnap.h>

static struct pagesnap_bits bits;
static int raw;

static int fail(const char *what, int err)
{
	fprintf(stderr, "entry-dump: %s: %s\n", what, pagesnap_strerror(err));
	return 1;
}

static int dump(const struct pagesnap_entry *e, void *arg)
{
	uint64_t f = pagesnap_entry_flags(e, 1);
	char names[1024];

	(void)arg;
	if (bits.nr && !pagesnap_bits_match(&bits, pagesnap_entry_flags(e, raw)))
		return 0;
	pagesnap_flags_format(f, names, sizeof(names));
	printf("%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
	       " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
	       " %u %u %u %u %u %u %u %u %u %u %u %u %u %u | %" PRIu64 " | %s\n",
	       (uint64_t)e->pfn, (uint64_t)e->valid, (uint64_t)e->kpf,
	       (uint64_t)e->raw_flags, (uint64_t)e->snap_flags,
	       (uint64_t)e->head_pfn, (uint64_t)e->memcg_ino,
	       (uint64_t)e->file_ino, (uint64_t)e->file_index,
	       (uint64_t)e->owner_hash, e->file_dev_major, e->file_dev_minor,
	       e->refcount, e->mapcount, e->entire_mapcount, e->folio_mapcount,
	       e->pincount, e->order, e->index, e->page_type, e->buddy_order,
	       e->mapping_kind, e->nid, e->zone, f, names[0] ? names : "-");
	return 0;
}

/* -i: one request per input line. */
static int serve(struct pagesnap *ps)
{
	char line[256], range[128], spec[128];
	uint64_t start, end;
	int n, ret;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while (fgets(line, sizeof(line), stdin)) {
		n = sscanf(line, "%127s %127s", range, spec);
		if (n < 1)
			continue;
		memset(&bits, 0, sizeof(bits));
		ret = n == 2 ? pagesnap_bits_add(&bits, spec) : 0;
		if (!ret)
			ret = pagesnap_parse_range(range, &start, &end);
		if (!ret)
			ret = pagesnap_scan(ps, start, end, 0, dump, NULL);
		if (ret)
			printf("error %s\n", pagesnap_strerror(ret));
		printf("end\n");
		fflush(stdout);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct pagesnap_info in;
	struct pagesnap *ps;
	unsigned int flags = 0;
	uint64_t start, end;
	int c, ret, i, interactive = 0;

	while ((c = getopt(argc, argv, "b:rsi")) != -1) {
		switch (c) {
		case 'i':
			interactive = 1;
			break;
		case 'b':
			ret = pagesnap_bits_add(&bits, optarg);
			if (ret)
				return fail(optarg, ret);
			break;
		case 'r':
			raw = 1;
			break;
		case 's':
			flags |= PAGESNAP_QUERY_SKIP_HOLES;
			break;
		default:
			return 2;
		}
	}
	ret = pagesnap_open(NULL, &ps);
	if (ret)
		return fail("open", ret);
	pagesnap_info(ps, &in);
	if (interactive) {
		ret = serve(ps);
		pagesnap_close(ps);
		return ret;
	}
	if (optind < argc && !strcmp(argv[optind], "info")) {
		printf("%u %u %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		       " %" PRIu64 " %u %u %u\n", in.abi_version, in.entry_size,
		       (uint64_t)in.features, (uint64_t)in.valid_mask,
		       (uint64_t)in.pfn_start, (uint64_t)in.pfn_end,
		       (uint64_t)in.max_pfns, in.page_size, in.backend,
		       in.max_filters);
		pagesnap_close(ps);
		return 0;
	}
	for (i = optind; i < argc; i++) {
		ret = pagesnap_parse_range(argv[i], &start, &end);
		if (ret)
			return fail(argv[i], ret);
		ret = pagesnap_scan(ps, start, end, flags, dump, NULL);
		if (ret)
			return fail(argv[i], ret);
	}
	pagesnap_close(ps);
	return fflush(stdout) ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-rel fuzz [--seed S] [--iters N] [--seconds T] [--race-seconds T]
 *                   [--size-stride N] [--random-cmds N] [--min-calls N]
 *                   - the ABI fuzzer.
 *
 * Seeded and reproducible: prints its seed and, for the time-bounded random
 * phases, the number of iterations done; "--seed S --iters N" replays the
 * same calls (the mid-call unmapping phase is timing-dependent by nature).
 * --min-calls N: the structured + random phase goes on past its --seconds
 * until N calls in all were made (for at most MIN_CALLS_MAX_S more), so
 * that a run's size does not depend on the speed of the machine; reaching
 * N is then a check of its own.
 *
 * Every call goes through one oracle.  For a command this header defines
 * (the table below follows the #ifdefs of uapi/linux/pagesnap.h: INFO,
 * QUERY and STATS are modelled; a command added later without a model is
 * held to "success or one of its documented errnos"), the oracle computes from
 * the inputs the set of errors whose documented condition holds:
 *   - nothing violated and every buffer writable: the call must succeed,
 *     and its output must be consistent (see check_output());
 *   - nothing violated but the entries buffer too short: success (if what
 *     was written fits) or EFAULT;
 *   - otherwise: it must fail with one errno of that set.
 * Any other command number must fail with ENOTTY.  A result outside the
 * command's documented errnos counts as "undocumented"; a documented errno
 * whose condition does not hold, or a success that should have failed, as
 * "oracle mismatch".  Both must be 0.
 *
 * Phases: command numbers near and far; every struct size of every command;
 * every flag, filter and reserved bit; ranges across the holes and the end
 * of memory; structured random queries; random bytes; buffers unmapped or
 * made read-only by another thread while the call runs; INFO buffers.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "rel.h"

#define SUITE	"fuzz"
#define SZMASK	((uint32_t)_IOC_SIZEMASK << _IOC_SIZESHIFT)
#define MAX_USIZE	((1U << _IOC_SIZEBITS) - 1)	/* 16383 */
#define BIG_BYTES	(8UL << 20)	/* entries region */
#define SREG_BYTES	(8 * REL_PAGE)	/* struct region (>= MAX_USIZE) */
#define RO_BYTES	(4 * REL_PAGE)	/* >= MAX_USIZE */

enum { K_INFO, K_QUERY, K_OTHER, K_STATS, K_COLUMNS };

struct cmddef {
	const char *name;
	uint32_t cmd;
	uint32_t ver0;
	int kind;
	int errs[8];	/* documented errnos, 0-terminated */
};

/* Errnos as documented next to each command in uapi/linux/pagesnap.h. */
static const struct cmddef cmds[] = {
	{ "INFO", PAGESNAP_IOC_INFO, PAGESNAP_INFO_SIZE_VER0, K_INFO,
	  { EFAULT, EINVAL, E2BIG } },
	{ "QUERY", PAGESNAP_IOC_QUERY, PAGESNAP_QUERY_SIZE_VER0, K_QUERY,
	  { EINVAL, E2BIG, EOVERFLOW, ERANGE, ENOMEM, EFAULT, EINTR } },
#ifdef PAGESNAP_IOC_STATS
	{ "STATS", PAGESNAP_IOC_STATS, PAGESNAP_STATS_SIZE_VER0, K_STATS,
	  { EINVAL, E2BIG, EOVERFLOW, ERANGE, ENOMEM, EFAULT, EINTR } },
#endif
#ifdef PAGESNAP_IOC_COLUMNS
	{ "COLUMNS", PAGESNAP_IOC_COLUMNS, PAGESNAP_COLUMNS_SIZE_VER0,
	  K_COLUMNS,
	  { EINVAL, E2BIG, EOVERFLOW, ERANGE, ENOMEM, EFAULT, EINTR } },
#endif
};
#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

static int fd;
static struct pagesnap_info info;
static uint64_t seed, rng;

static unsigned long calls, undocumented, mismatches, inconsistent;
static struct rel_errs errs_by[NCMDS + 1];	/* [NCMDS]: unknown commands */
static unsigned long calls_by[NCMDS + 1];

/* ---- memory: where the buffers live ---- */
static unsigned char *big, *big_end;	/* RW entries region, guard after */
static unsigned char *sreg, *sreg_end;	/* RW struct region, guard after */
static unsigned char *ro_page;		/* read-only, RO_BYTES */
static unsigned char *none_page;	/* PROT_NONE */
static unsigned char *gone_page;	/* unmapped */
static unsigned char *shm, *shm_end;	/* MAP_SHARED memfd, guard after */
static unsigned char *tbl, *tbl_end;	/* STATS tables, guard after */

/* entries pointer kinds */
enum { EK_BIG, EK_BIG_END, EK_STRADDLE, EK_SHM, EK_NULL, EK_GONE, EK_RO,
	EK_NONE, EK_KERNEL, EK_NONCANON, EK_HIGH32, EK_ALIAS, EK_NR };
/* struct pointer kinds */
enum { SK_GOOD, SK_END, SK_RO, SK_NULL, SK_GONE, SK_STRADDLE, SK_KERNEL,
	SK_NR };

static const char *const ek_names[EK_NR] = {
	"big", "big_end", "straddle", "memfd", "null", "unmapped", "ro",
	"prot_none", "kernel", "noncanon", "high32", "alias" };
static const char *const sk_names[SK_NR] = {
	"good", "end", "ro", "null", "unmapped", "straddle", "kernel" };

/* hole runs of the pfn range (sections not online), from sysfs */
#define MAX_RUNS 64
static uint64_t hole_lo[MAX_RUNS], hole_hi[MAX_RUNS];
static int nholes;

static int is_hole(uint64_t pfn)
{
	int i;

	for (i = 0; i < nholes; i++)
		if (pfn >= hole_lo[i] && pfn < hole_hi[i])
			return 1;
	return 0;
}

static void *map(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

/* len bytes followed by an inaccessible guard page. */
static unsigned char *map_guarded(size_t len, unsigned char **end)
{
	unsigned char *p = map(len + REL_PAGE, PROT_READ | PROT_WRITE);

	mprotect(p + len, REL_PAGE, PROT_NONE);
	*end = p + len;
	return p;
}

static void setup_memory(void)
{
	int mfd;

	big = map_guarded(BIG_BYTES, &big_end);
	memset(big, REL_JUNK, BIG_BYTES);
	tbl = map_guarded(4UL << 20, &tbl_end);
	sreg = map_guarded(SREG_BYTES, &sreg_end);
	ro_page = map(RO_BYTES, PROT_READ);
	none_page = map(REL_PAGE, PROT_NONE);
	gone_page = map(REL_PAGE, PROT_READ | PROT_WRITE);
	munmap(gone_page, REL_PAGE);
	mfd = memfd_create("rel-fuzz", 0);
	if (mfd < 0 || ftruncate(mfd, 16 * REL_PAGE)) {
		perror("memfd");
		exit(1);
	}
	shm = map(17 * REL_PAGE, PROT_NONE);
	if (mmap(shm, 16 * REL_PAGE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, mfd, 0) == MAP_FAILED) {
		perror("mmap memfd");
		exit(1);
	}
	close(mfd);
	shm_end = shm + 16 * REL_PAGE;
	memset(shm, REL_JUNK, shm_end - shm);
}

/* Online memory blocks from sysfs; holes = [pfn_start, pfn_end) minus them. */
static void find_holes(void)
{
	long bs = 0;
	char path[320], buf[32];
	static unsigned char online[1 << 16];
	uint64_t bpfns, b, pfn;
	struct dirent *d;
	DIR *dir;
	FILE *f;

	f = fopen("/sys/devices/system/memory/block_size_bytes", "r");
	if (f) {
		if (fscanf(f, "%lx", &bs) != 1)
			bs = 0;
		fclose(f);
	}
	dir = opendir("/sys/devices/system/memory");
	if (bs <= 0 || !dir) {
		rel_note("no memory block info in sysfs: hole checks off");
		if (dir)
			closedir(dir);
		return;
	}
	bpfns = bs / REL_PAGE;
	while ((d = readdir(dir))) {
		unsigned long n;

		if (sscanf(d->d_name, "memory%lu", &n) != 1 || n >= sizeof(online))
			continue;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/memory/%s/state", d->d_name);
		f = fopen(path, "r");
		if (f && fgets(buf, sizeof(buf), f) && !strncmp(buf, "online", 6))
			online[n] = 1;
		if (f)
			fclose(f);
	}
	closedir(dir);
	for (pfn = info.pfn_start; pfn < info.pfn_end; pfn = (b + 1) * bpfns) {
		b = pfn / bpfns;
		if (online[b] || b >= sizeof(online))
			continue;
		if (nholes && hole_hi[nholes - 1] == pfn) {
			hole_hi[nholes - 1] = (b + 1) * bpfns;
		} else if (nholes < MAX_RUNS) {
			hole_lo[nholes] = pfn;
			hole_hi[nholes++] = (b + 1) * bpfns;
		}
	}
	for (b = 0; b < (uint64_t)nholes; b++) {
		if (hole_hi[b] > info.pfn_end)
			hole_hi[b] = info.pfn_end;
		rel_note("hole: pfns [%#llx, %#llx)", (unsigned long long)hole_lo[b],
			 (unsigned long long)hole_hi[b]);
	}
}

/* ---- the oracle ---- */

static unsigned char content[MAX_USIZE + 1];	/* the struct as built */

struct call {
	uint32_t cmd;
	const struct cmddef *def;	/* NULL: not a command of ours */
	uint32_t usize;
	int sk, ek;
	unsigned char *sptr;		/* where the struct is (may be bad) */
	uint64_t entries;		/* the entries pointer passed */
	uint64_t writable;		/* bytes writable at entries */
	int race;			/* buffers changed under the call */
	int short_entries;		/* entries buffer may be too short */
	uint32_t readable;		/* SK_STRADDLE: bytes before the hole */
	struct pagesnap_query in;	/* the query as passed (if readable) */
	int viol[8];
	int nviol;
	const char *phase;
};

static const struct cmddef *lookup(uint32_t cmd)
{
	unsigned int i;

	for (i = 0; i < NCMDS; i++)
		if ((cmds[i].cmd & ~SZMASK) == (cmd & ~SZMASK))
			return &cmds[i];
	return NULL;
}

static void viol(struct call *c, int err)
{
	int i;

	for (i = 0; i < c->nviol; i++)
		if (c->viol[i] == err)
			return;
	c->viol[c->nviol++] = err;
}

static int documented(const struct cmddef *d, int err)
{
	int i;

	if (!d)
		return err == ENOTTY;
	for (i = 0; d->errs[i]; i++)
		if (d->errs[i] == err)
			return 1;
	return 0;
}

static int struct_readable(const struct call *c)
{
	return c->sk == SK_GOOD || c->sk == SK_END || c->sk == SK_RO;
}

static int struct_writable(const struct call *c)
{
	return c->sk == SK_GOOD || c->sk == SK_END;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* The most bytes a valid query can write into its entries. */
static uint64_t need_bytes(const struct pagesnap_query *q)
{
	uint64_t end = min64(q->start_pfn + q->nr_pfns, info.pfn_end);
	uint64_t n = min64(min64(end - q->start_pfn, info.max_pfns), q->max_entries);

	return n * q->entry_size;
}

/*
 * What every command checks first, alike: the size (@ver0 at least, a
 * multiple of 8), that the struct can be read (copy_struct_from_user()
 * checks the trailing bytes it can read before failing on the rest) and
 * written back, and that unknown trailing bytes are zero.  False when
 * nothing past these checks is reached.
 */
static int model_struct(struct call *c, uint32_t ver0)
{
	unsigned int i;

	if (c->usize < ver0 || c->usize % 8) {
		viol(c, EINVAL);
		if (!struct_readable(c))
			viol(c, EFAULT);
		return 0;
	}
	if (!struct_readable(c)) {
		viol(c, EFAULT);
		if (c->sk == SK_STRADDLE)
			for (i = ver0; i < c->readable; i++)
				if (content[i]) {
					viol(c, E2BIG);
					break;
				}
		return 0;
	}
	if (!struct_writable(c))
		viol(c, EFAULT);
	for (i = ver0; i < c->usize; i++)
		if (content[i]) {
			viol(c, E2BIG);
			break;
		}
	return 1;
}

static void model_query(struct call *c)
{
	const struct pagesnap_query *q = &c->in;
	uint64_t sum;
	unsigned int i;

	if (!model_struct(c, PAGESNAP_QUERY_SIZE_VER0))
		return;
	if (q->flags & ~PAGESNAP_QUERY_FLAGS_ALL || q->reserved[0] || q->reserved[1])
		viol(c, EINVAL);
	if (q->nr_filters > PAGESNAP_MAX_FILTERS)
		viol(c, EINVAL);
	for (i = 0; i < PAGESNAP_MAX_FILTERS; i++) {
		const struct pagesnap_filter *t = &q->filters[i];

		if (i < q->nr_filters ? (t->value & ~t->mask) != 0 :
					(t->mask || t->value))
			viol(c, EINVAL);
	}
	if (q->entry_size < PAGESNAP_ENTRY_SIZE_VER0 || q->entry_size > 4096 ||
	    q->entry_size % 8)
		viol(c, EINVAL);
	if (q->flags & PAGESNAP_QUERY_RUNS &&
	    q->entry_size < PAGESNAP_ENTRY_SIZE_VER1)
		viol(c, EINVAL);
	if (!q->max_entries || !q->nr_pfns)
		viol(c, EINVAL);
	if (__builtin_add_overflow(q->start_pfn, q->nr_pfns, &sum))
		viol(c, EOVERFLOW);
	if (__builtin_add_overflow(q->entries,
				   (uint64_t)q->entry_size * q->max_entries, &sum))
		viol(c, EOVERFLOW);
	if (q->start_pfn >= info.pfn_end)
		viol(c, ERANGE);
	/* EFAULT possible, not certain: only if an entry lands there */
	c->short_entries = c->writable < need_bytes(q);
	if (c->nviol && c->short_entries)
		viol(c, EFAULT);
}

#ifdef PAGESNAP_IOC_STATS
/*
 * STATS, as documented in the header: the struct is read from content[];
 * the tables are in big (writable) or not (c->writable says how much).
 */
static uint64_t stats_tw_combos, stats_tw_zones;	/* writable bytes */

static void model_stats(struct call *c)
{
	const struct pagesnap_stats *st = (const void *)content;
	uint64_t sum;

	if (!model_struct(c, PAGESNAP_STATS_SIZE_VER0))
		return;
	if (st->flags || st->reserved0 || st->reserved[0] || st->reserved[1] ||
	    st->reserved[2] || st->reserved[3] || !st->nr_pfns ||
	    st->max_combos > PAGESNAP_STATS_MAX_COMBOS ||
	    st->max_zones > PAGESNAP_STATS_MAX_ZONES ||
	    !st->combos != !st->max_combos || !st->zones != !st->max_zones)
		viol(c, EINVAL);
	if (__builtin_add_overflow(st->start_pfn, st->nr_pfns, &sum) ||
	    __builtin_add_overflow(st->combos, (uint64_t)st->max_combos *
				   sizeof(struct pagesnap_stats_combo), &sum) ||
	    __builtin_add_overflow(st->zones, (uint64_t)st->max_zones *
				   sizeof(struct pagesnap_stats_zone), &sum))
		viol(c, EOVERFLOW);
	if (st->start_pfn >= info.pfn_end)
		viol(c, ERANGE);
	/* a table that may be too short: EFAULT possible if it fills up */
	c->short_entries =
		stats_tw_combos < st->max_combos * sizeof(struct pagesnap_stats_combo) ||
		stats_tw_zones < st->max_zones * sizeof(struct pagesnap_stats_zone);
	if (c->nviol && c->short_entries)
		viol(c, EFAULT);
}

static const char *check_stats(const struct call *c)
{
	const struct pagesnap_stats *in = (const void *)content;
	const struct pagesnap_stats *out = (const void *)c->sptr;
	uint64_t end = min64(in->start_pfn + in->nr_pfns, info.pfn_end);
	const char *why;

	if (out->next_pfn <= in->start_pfn || out->next_pfn > end ||
	    out->next_pfn - in->start_pfn > info.max_pfns)
		return "STATS next_pfn out of bounds";
	why = rel_stats_counts(out, in->start_pfn);
	if (*why)
		return why;
	if (out->nr_combos > in->max_combos || out->nr_zones > in->max_zones)
		return "STATS more table rows than room";
	if (out->nr_combos * sizeof(struct pagesnap_stats_combo) > stats_tw_combos ||
	    out->nr_zones * sizeof(struct pagesnap_stats_zone) > stats_tw_zones)
		return "STATS success but rows past a writable table";
	return "";
}
#endif

#ifdef PAGESNAP_IOC_COLUMNS
/*
 * COLUMNS, as documented in the header: the struct is read from
 * content[]; the array table and the arrays may be ours and large enough
 * (cols_ok) or not, and then EFAULT is possible.
 */
static int cols_ok, cols_wrap;
static uint64_t cols_bytes;	/* of big that the arrays cover */

static void model_columns(struct call *c)
{
	const struct pagesnap_columns *cc = (const void *)content;
	uint64_t sum;

	if (!model_struct(c, PAGESNAP_COLUMNS_SIZE_VER0))
		return;
	if (cc->flags || cc->reserved0 || cc->reserved[0] || cc->reserved[1] ||
	    !cc->nr_pfns || !cc->fields || cc->fields & ~PAGESNAP_COLS_ALL)
		viol(c, EINVAL);
	if (__builtin_add_overflow(cc->start_pfn, cc->nr_pfns, &sum))
		viol(c, EOVERFLOW);
	if (cc->start_pfn >= info.pfn_end)
		viol(c, ERANGE);
	/*
	 * After those the table is read (EFAULT) and each array's end
	 * checked (EOVERFLOW); an array near the top that does not wrap
	 * faults when it is written.
	 */
	if (cols_wrap)
		viol(c, EOVERFLOW);
	c->short_entries = !cols_ok;
	if (c->nviol && c->short_entries)
		viol(c, EFAULT);
}

static const char *check_columns(const struct call *c)
{
	const struct pagesnap_columns *in = (const void *)content;
	const struct pagesnap_columns *out = (const void *)c->sptr;
	uint64_t end = min64(in->start_pfn + in->nr_pfns, info.pfn_end);

	if (out->next_pfn <= in->start_pfn || out->next_pfn > end ||
	    out->next_pfn - in->start_pfn > info.max_pfns)
		return "COLUMNS next_pfn out of bounds";
	if (out->nr_done != out->next_pfn - in->start_pfn)
		return "COLUMNS nr_done != next_pfn - start_pfn";
	return "";
}
#endif

static void model(struct call *c)
{
	if (!c->def)
		return;
#ifdef PAGESNAP_IOC_STATS
	if (c->def->kind == K_STATS) {
		model_stats(c);
		return;
	}
#endif
#ifdef PAGESNAP_IOC_COLUMNS
	if (c->def->kind == K_COLUMNS) {
		model_columns(c);
		return;
	}
#endif
	if (c->def->kind == K_QUERY) {
		model_query(c);
	} else if (c->def->kind == K_INFO) {
		model_struct(c, PAGESNAP_INFO_SIZE_VER0);
	}
}

#define MAX_REPORTS 25
static unsigned long reports, output_reports;

static void report(const struct call *c, long ret, int err, const char *what)
{
	/* bad outputs have a budget of their own: mismatches come first */
	if (strcmp(what, "MISMATCH") && strcmp(what, "UNDOCUMENTED")) {
		if (output_reports++ >= MAX_REPORTS)
			return;
	} else if (reports++ >= MAX_REPORTS) {
		return;
	}
	printf("  %s [%s] cmd=%#x (%s) usize=%u struct=%s entries=%s/%#llx "
	       "writable=%llu -> %s\n", what, c->phase, c->cmd,
	       c->def ? c->def->name : "unknown", c->usize, sk_names[c->sk],
	       ek_names[c->ek], (unsigned long long)c->entries,
	       (unsigned long long)c->writable, ret ? rel_errname(err) : "ok");
#ifdef PAGESNAP_IOC_STATS
	if (c->def && c->def->kind == K_STATS) {
		const struct pagesnap_stats *st = (const void *)content;

		printf("    start=%#llx nr=%#llx mask=%#llx combos=%#llx/%u (%llu B "
		       "writable) zones=%#llx/%u (%llu B writable) flags=%#x\n",
		       (unsigned long long)st->start_pfn,
		       (unsigned long long)st->nr_pfns,
		       (unsigned long long)st->kpf_mask,
		       (unsigned long long)st->combos, st->max_combos,
		       (unsigned long long)stats_tw_combos,
		       (unsigned long long)st->zones, st->max_zones,
		       (unsigned long long)stats_tw_zones, st->flags);
	}
#endif
#ifdef PAGESNAP_IOC_COLUMNS
	if (c->def && c->def->kind == K_COLUMNS) {
		const struct pagesnap_columns *cc = (const void *)content;

		printf("    start=%#llx nr=%#llx fields=%#llx arrays=%#llx "
		       "flags=%#x res0=%#x res=%#llx/%#llx ok=%d wrap=%d\n",
		       (unsigned long long)cc->start_pfn,
		       (unsigned long long)cc->nr_pfns,
		       (unsigned long long)cc->fields,
		       (unsigned long long)cc->arrays, cc->flags,
		       cc->reserved0, (unsigned long long)cc->reserved[0],
		       (unsigned long long)cc->reserved[1], cols_ok, cols_wrap);
	}
#endif
	if (c->def && c->def->kind == K_QUERY)
		printf("    start=%#llx nr=%#llx es=%u max=%u flags=%#x nf=%u "
		       "res=%#llx/%#llx\n",
		       (unsigned long long)c->in.start_pfn,
		       (unsigned long long)c->in.nr_pfns, c->in.entry_size,
		       c->in.max_entries, c->in.flags, c->in.nr_filters,
		       (unsigned long long)c->in.reserved[0],
		       (unsigned long long)c->in.reserved[1]);
}

static int term_match(const struct pagesnap_query *q, uint64_t kpf)
{
	unsigned int i;

	if (!q->nr_filters)
		return 1;
	for (i = 0; i < q->nr_filters; i++)
		if ((kpf & q->filters[i].mask) == q->filters[i].value)
			return 1;
	return 0;
}

/* After a successful QUERY: does the output add up? "" if so. */
static const char *check_output(const struct call *c)
{
	const struct pagesnap_query *in = &c->in;
	const struct pagesnap_query *out = (const void *)c->sptr;
	uint64_t end = min64(in->start_pfn + in->nr_pfns, info.pfn_end);
	const unsigned char *e = (const unsigned char *)(uintptr_t)in->entries;
	uint64_t i, prev = 0, es = in->entry_size, pages = 0;
	int runs = !!(in->flags & PAGESNAP_QUERY_RUNS);
	unsigned int b;

	if (c->ek == EK_ALIAS) {
		/* the entries overwrote the struct: only the outputs count */
		if (out->filled > in->max_entries || out->next_pfn <= in->start_pfn ||
		    out->next_pfn > end || out->filled * es > c->writable)
			return "outputs out of bounds (entries aliasing the struct)";
		return "";
	}
	if (memcmp(out, in, offsetof(struct pagesnap_query, filled)) ||
	    memcmp(out->reserved, in->reserved, sizeof(in->reserved)))
		return "input fields changed";
	for (b = PAGESNAP_QUERY_SIZE_VER0; b < c->usize; b++)
		if (c->sptr[b])
			return "struct tail not zero";
	if (out->filled > in->max_entries)
		return "filled > max_entries";
	if (out->next_pfn <= in->start_pfn || out->next_pfn > end ||
	    out->next_pfn - in->start_pfn > info.max_pfns)
		return "next_pfn out of bounds";
	if (!runs && !in->nr_filters &&
	    !(in->flags & PAGESNAP_QUERY_SKIP_HOLES) &&
	    out->filled != out->next_pfn - in->start_pfn)
		return "filled != pfns examined without filters";
	if (out->filled < in->max_entries && out->next_pfn < end &&
	    out->next_pfn - in->start_pfn < info.max_pfns)
		return "stopped early with room left";
	if (out->filled * es > c->writable)
		return "success but entries past the writable buffer";
	for (i = 0; i < out->filled; i++, e += es) {
		const struct pagesnap_entry *p = (const void *)e;
		int hole = !!(p->snap_flags & PAGESNAP_SF_HOLE);
		uint64_t k;

		/* what each entry stands for: nr_pages (1 without runs) */
		uint64_t n = es >= PAGESNAP_ENTRY_SIZE_VER1 ? p->nr_pages : 1;

		if (p->pfn < in->start_pfn || p->pfn >= out->next_pfn ||
		    (i && p->pfn < prev))
			return "entry pfn out of order or range";
		if (!n || (!runs && n != 1) || n > out->next_pfn - p->pfn)
			return "entry nr_pages out of range";
		if (n > 1 && p->head_pfn != p->pfn &&
		    (p->valid & PAGESNAP_VALID_FOLIO))
			return "a run of pages that are not their own folio";
		prev = p->pfn + n;
		pages += n;
		for (k = sizeof(*p); k < es; k++)
			if (e[k])
				return "entry tail not zero";
		if (hole && (in->flags & PAGESNAP_QUERY_SKIP_HOLES))
			return "hole entry with SKIP_HOLES";
		if (nholes && (hole != is_hole(p->pfn) ||
			       hole != is_hole(p->pfn + n - 1)))
			return "hole entry disagrees with sysfs memory blocks";
		if (!term_match(in, hole ? 1ULL << PAGESNAP_KPF_NOPAGE : p->kpf))
			return "entry does not match the filters";
	}
	if (runs && !in->nr_filters &&
	    !(in->flags & PAGESNAP_QUERY_SKIP_HOLES) &&
	    pages != out->next_pfn - in->start_pfn)
		return "runs do not add up to the pfns examined";
	if (c->writable >= (out->filled + 1) * es)
		for (i = 0; i < es; i++)
			if (e[i] != REL_JUNK)
				return "bytes written past the last entry";
	return "";
}

/* ---- running one call ---- */


static void rejunk(const struct call *c, long ret)
{
	unsigned char *p = (unsigned char *)(uintptr_t)c->entries;
	uint64_t n;

	if (c->ek != EK_BIG && c->ek != EK_BIG_END && c->ek != EK_STRADDLE &&
	    c->ek != EK_SHM)
		return;
#ifdef PAGESNAP_IOC_COLUMNS
	/* a columns call wrote its arrays into big, where queries look */
	if (c->def && c->def->kind == K_COLUMNS) {
		memset(big, REL_JUNK, cols_bytes);
		memset(big_end - REL_PAGE, REL_JUNK, REL_PAGE); /* straddlers */
		return;
	}
#endif
	if (!c->def || c->def->kind != K_QUERY)
		return;
	if (!ret && struct_readable(c))
		n = (((const struct pagesnap_query *)c->sptr)->filled + 1) *
		    (uint64_t)c->in.entry_size;
	else if (ret && (c->nviol > 1 || (c->nviol && c->viol[0] != EFAULT)))
		return;		/* rejected before any entry was written */
	else
		n = need_bytes(&c->in);	/* valid: the most it may have written */
	memset(p, REL_JUNK, min64(n, c->writable));
}

static void judge(struct call *c, long ret, int err)
{
	unsigned int idx = c->def ? (unsigned int)(c->def - cmds) : NCMDS;
	const char *why = "";
	int ok, i;

	calls++;
	calls_by[idx]++;
	rel_errs_add(&errs_by[idx], ret ? err : 0);
	if (ret && !documented(c->def, err)) {
		undocumented++;
		report(c, ret, err, "UNDOCUMENTED");
		return;
	}
	if (!c->def) {
		ok = ret && err == ENOTTY;
	} else if (c->race) {
		ok = !ret || err == EFAULT || (c->race == 2 && err == EINVAL);
	} else if (c->def->kind == K_OTHER) {
		ok = 1;
	} else if (ret && err == ENOMEM && (c->def->kind == K_QUERY ||
					      c->def->kind == K_STATS ||
					      c->def->kind == K_COLUMNS)) {
		/*
		 * Documented for QUERY (a bounce buffer for more than one
		 * entry) and STATS (the tables) whatever the input.  Not in
		 * c->viol[]: rejunk() reads that list as what was checked
		 * before any entry was written.
		 */
		ok = 1;
	} else if (c->nviol) {
		ok = 0;
		for (i = 0; ret && i < c->nviol; i++)
			ok |= c->viol[i] == err;
	} else if (c->short_entries) {
		ok = !ret || err == EFAULT;
	} else {
		ok = !ret;
	}
	if (!ok) {
		mismatches++;
		report(c, ret, err, "MISMATCH");
		return;
	}
	if (ret || c->race || !c->def)
		return;
	if (c->def->kind == K_QUERY) {
		why = check_output(c);
#ifdef PAGESNAP_IOC_STATS
	} else if (c->def->kind == K_STATS) {
		why = check_stats(c);
#endif
#ifdef PAGESNAP_IOC_COLUMNS
	} else if (c->def->kind == K_COLUMNS) {
		why = check_columns(c);
#endif
	} else if (c->def->kind == K_INFO) {
		size_t n = c->usize < sizeof(info) ? c->usize : sizeof(info);

		if (memcmp(c->sptr, &info, n))
			why = "INFO differs from the first INFO";
		for (i = sizeof(info); !*why && i < (int)c->usize; i++)
			if (c->sptr[i])
				why = "INFO tail not zero";
	}
	if (*why) {
		inconsistent++;
		report(c, ret, err, why);
	}
}

/*
 * Put @content (c->usize bytes) where kind c->sk says, set c->sptr and
 * c->in; then run the call and judge it.
 */
static void run(struct call *c)
{
	uint32_t n = c->usize;
	long ret;
	int err;

	memset(&c->in, 0, sizeof(c->in));
	memcpy(&c->in, content, n < sizeof(c->in) ? n : sizeof(c->in));
	switch (c->sk) {
	case SK_GOOD:
		c->sptr = sreg;
		memcpy(sreg, content, n);
		break;
	case SK_END:
		c->sptr = sreg_end - n;
		memcpy(c->sptr, content, n);
		break;
	case SK_RO:
		mprotect(ro_page, RO_BYTES, PROT_READ | PROT_WRITE);
		memcpy(ro_page, content, n);
		mprotect(ro_page, RO_BYTES, PROT_READ);
		c->sptr = ro_page;
		break;
	case SK_NULL:
		c->sptr = NULL;
		break;
	case SK_GONE:
		c->sptr = gone_page;
		break;
	case SK_STRADDLE:
		if (n < 2) {
			c->sk = SK_GONE;
			c->sptr = gone_page;
			break;
		}
		{
			uint32_t k = 1 + rel_below(&rng, n - 1);

			c->sptr = sreg_end - k;
			c->readable = k;
			memcpy(c->sptr, content, k);
		}
		break;
	default:
		c->sk = SK_KERNEL;
		c->sptr = (unsigned char *)(uintptr_t)(sizeof(void *) == 8 ?
			0xffff888000000000ULL : 0xffffe000UL);
		break;
	}
	errno = 0;
	ret = ioctl(fd, c->cmd, c->sptr);
	err = errno;
	model(c);
	judge(c, ret, err);
	rejunk(c, ret);
}

/* ---- building queries ---- */

static const uint64_t kpf_common[] = {
	1ULL << PAGESNAP_KPF_LRU, 1ULL << PAGESNAP_KPF_ANON,
	1ULL << PAGESNAP_KPF_BUDDY, 1ULL << PAGESNAP_KPF_NOPAGE,
	1ULL << PAGESNAP_KPF_SLAB, 1ULL << PAGESNAP_KPF_RESERVED,
	1ULL << PAGESNAP_KPF_COMPOUND_HEAD, 1ULL << PAGESNAP_KPF_THP,
};

static uint64_t pick_pfn(void)
{
	uint64_t span = info.pfn_end - info.pfn_start;

	switch (rel_below(&rng, 8)) {
	case 0:
		return info.pfn_start;
	case 1:
		return info.pfn_end - 1 - rel_below(&rng, 300);
	case 2:
		if (nholes) {
			int h = rel_below(&rng, nholes);

			return (rel_below(&rng, 2) ? hole_lo[h] : hole_hi[h]) -
				150 + rel_below(&rng, 300);
		}
		/* fallthrough */
	default:
		return info.pfn_start + rel_below(&rng, span);
	}
}

static uint64_t pick_nr(uint64_t start)
{
	static const uint64_t v[] = { 1, 2, 255, 256, 257, 511, 512, 513 };

	switch (rel_below(&rng, 10)) {
	case 0:
		return v[rel_below(&rng, 8)];
	case 1:
		return info.max_pfns - 1 + rel_below(&rng, 3);
	case 2:
		return UINT64_MAX - start;	/* to the very end: clipped */
	case 3:
		return info.pfn_end - start + rel_below(&rng, 1000);
	default:
		return 1 + rel_below(&rng, 600);
	}
}

static void valid_filters(struct pagesnap_query *q)
{
	unsigned int i;

	q->nr_filters = rel_below(&rng, 3) ? 0 : 1 + rel_below(&rng, PAGESNAP_MAX_FILTERS);
	for (i = 0; i < q->nr_filters; i++) {
		uint64_t m = kpf_common[rel_below(&rng, 8)];

		if (rel_below(&rng, 3) == 0)
			m |= kpf_common[rel_below(&rng, 8)];
		if (rel_below(&rng, 8) == 0)
			m |= rel_rand(&rng);
		q->filters[i].mask = m;
		q->filters[i].value = rel_rand(&rng) & m;
	}
}

/* A query that is valid except for the buffers; entries set by place_entries(). */
static void valid_query(struct pagesnap_query *q)
{
	memset(q, 0, sizeof(*q));
	q->start_pfn = pick_pfn();
	if (q->start_pfn < info.pfn_start || q->start_pfn >= info.pfn_end)
		q->start_pfn = info.pfn_start + rel_below(&rng, info.pfn_end - info.pfn_start);
	q->nr_pfns = pick_nr(q->start_pfn);
	q->entry_size = rel_below(&rng, 4) ? sizeof(struct pagesnap_entry) :
		PAGESNAP_ENTRY_SIZE_VER0 + 8 * rel_below(&rng, (4096 - 136) / 8 + 1);
	q->max_entries = rel_below(&rng, 10) ? 1 + rel_below(&rng, 400) :
		(uint32_t)rel_rand(&rng);
	q->flags = rel_below(&rng, 2) ? PAGESNAP_QUERY_SKIP_HOLES : 0;
	if (q->entry_size >= PAGESNAP_ENTRY_SIZE_VER1 && rel_below(&rng, 2))
		q->flags |= PAGESNAP_QUERY_RUNS;
	valid_filters(q);
	/*
	 * A filter that matches little walks the whole range: keep that
	 * (up to max_pfns snapshots, ~0.5 s on TCG, 10x on debug) rare.
	 */
	if ((q->nr_filters || q->flags) && q->nr_pfns > 8192 && rel_below(&rng, 64))
		q->nr_pfns = 1 + rel_below(&rng, 8192);
}

/* A cheap valid query: a few pfns, a few entries. */
static void small_query(struct pagesnap_query *q)
{
	valid_query(q);
	q->nr_pfns = 1 + rel_below(&rng, 64);
	q->max_entries = 1 + rel_below(&rng, 64);
}

#ifdef PAGESNAP_IOC_STATS
/* A table pointer for STATS: (pointer, capacity) and the writable bytes. */
static void stats_table(__u64 *ptr, __u32 *max, uint64_t *tw, size_t row,
			uint32_t cap, unsigned char *home)
{
	unsigned char *p;

	*max = rel_below(&rng, 4) ? 1 + rel_below(&rng, 64) :
		(uint32_t)rel_below(&rng, cap + 100);
	switch (rel_below(&rng, 8)) {
	case 0:
		*ptr = 0;
		*max = 0;
		*tw = 0;
		break;
	case 1:			/* straddles into the guard page */
		*tw = rel_below(&rng, (uint64_t)*max * row + 1);
		p = tbl_end - *tw;
		*ptr = (uintptr_t)p;
		break;
	case 2:
		*ptr = (uintptr_t)gone_page;
		*tw = 0;
		break;
	case 3:
		*ptr = (uintptr_t)ro_page;
		*tw = 0;
		break;
	case 4:			/* capacity without a table, or the reverse */
		if (rel_below(&rng, 2))
			*ptr = 0;
		else
			*max = 0;
		*tw = 0;
		break;
	default:
		*ptr = (uintptr_t)home;
		*tw = 1 << 20;
		break;
	}
}

/* A STATS struct into content[]: valid, tables of random kinds. */
static void valid_stats(uint32_t usize)
{
	struct pagesnap_stats st;

	memset(&st, 0, sizeof(st));
	st.start_pfn = pick_pfn();
	if (st.start_pfn < info.pfn_start || st.start_pfn >= info.pfn_end)
		st.start_pfn = info.pfn_start;
	/* a whole-range walk (~0.5 s on TCG, 10x on debug) now and then */
	st.nr_pfns = rel_below(&rng, 512) ? 1 + rel_below(&rng, 2000) :
		UINT64_MAX - st.start_pfn;
	st.kpf_mask = rel_below(&rng, 3) == 0 ? ~0ULL :
		rel_below(&rng, 2) ? 0 : rel_rand(&rng);
	stats_table(&st.combos, &st.max_combos, &stats_tw_combos,
		    sizeof(struct pagesnap_stats_combo), PAGESNAP_STATS_MAX_COMBOS, tbl);
	stats_table(&st.zones, &st.max_zones, &stats_tw_zones,
		    sizeof(struct pagesnap_stats_zone), PAGESNAP_STATS_MAX_ZONES,
		    tbl + (2 << 20));
	memset(content, 0, usize);
	memcpy(content, &st, usize < sizeof(st) ? usize : sizeof(st));
}

static void break_stats(uint32_t usize)
{
	struct pagesnap_stats *st = (void *)content;

	if (usize < sizeof(*st))
		return;
	switch (rel_below(&rng, 8)) {
	case 0: st->flags = 1U << rel_below(&rng, 32); break;
	case 1: st->reserved[rel_below(&rng, 4)] = rel_rand(&rng) | 1; break;
	case 2: st->reserved0 = 1 + (uint32_t)rel_below(&rng, 1000); break;
	case 3: st->nr_pfns = 0; break;
	case 4: st->max_combos = PAGESNAP_STATS_MAX_COMBOS + 1 +
			(uint32_t)rel_below(&rng, 1 << 20); break;
	case 5: st->start_pfn = info.pfn_end + rel_below(&rng, 1ULL << 40); break;
	case 6: st->nr_pfns = UINT64_MAX; st->start_pfn |= 1; break;
	default:	/* near the top: EOVERFLOW, or a kernel address: EFAULT */
		st->zones = UINT64_MAX - rel_below(&rng, 4096);
		stats_tw_zones = 0;
		break;
	}
}
#endif

#ifdef PAGESNAP_IOC_COLUMNS
/*
 * A COLUMNS struct into content[]: random fields, the table in tbl's
 * last MiB, the arrays in big; now and then a table or an array that is
 * not ours or too short (cols_ok = 0).
 */
static void valid_columns(uint32_t usize)
{
	uint64_t *table = (uint64_t *)(tbl + (3 << 20));
	struct pagesnap_columns cc;
	uint64_t want, off = 0;
	unsigned int k, n = 0;

	memset(&cc, 0, sizeof(cc));
	cc.start_pfn = pick_pfn();
	if (cc.start_pfn < info.pfn_start || cc.start_pfn >= info.pfn_end)
		cc.start_pfn = info.pfn_start;
	cc.nr_pfns = rel_below(&rng, 256) ? 1 + rel_below(&rng, 4000) :
		UINT64_MAX - cc.start_pfn;
	cc.fields = rel_below(&rng, 4) ? PAGESNAP_COL_KPF :
		rel_rand(&rng) & PAGESNAP_COLS_ALL;
	if (!cc.fields)
		cc.fields = PAGESNAP_COL_REFCOUNT;
	cc.arrays = (uintptr_t)table;
	/* the values the call may write into each array */
	want = min64(min64(cc.nr_pfns, info.pfn_end - cc.start_pfn),
		     info.max_pfns);
	cols_ok = 1;
	cols_wrap = 0;
	for (k = 0; k < 64; k++) {
		uint64_t bytes;

		if (!(cc.fields & (1ULL << k)))
			continue;
		bytes = want * PAGESNAP_COL_SIZE(1ULL << k);
		if (off + bytes > BIG_BYTES) {
			/* no room left: straddle into the guard page */
			table[n++] = (uintptr_t)(big_end - 8);
			cols_ok = 0;
			continue;
		}
		table[n++] = (uintptr_t)(big + off);
		off += (bytes + 7) & ~7ULL;
	}
	switch (rel_below(&rng, 16)) {
	case 0:
		cc.arrays = 0;
		cols_ok = 0;
		break;
	case 1:
		cc.arrays = (uintptr_t)gone_page;
		cols_ok = 0;
		break;
	case 2:			/* the table straddles into the guard page */
		cc.arrays = (uintptr_t)(tbl_end - 8 * rel_below(&rng, n + 1));
		cols_ok = 0;
		break;
	case 3:
		table[rel_below(&rng, n)] = (uintptr_t)ro_page;
		cols_ok = 0;
		break;
	case 4:			/* near the top: EOVERFLOW if its end wraps */
		table[rel_below(&rng, n)] = UINT64_MAX - rel_below(&rng, 4096);
		cols_wrap = 1;
		cols_ok = 0;
		break;
	default:
		break;
	}
	cols_bytes = off;
	memset(content, 0, usize);
	memcpy(content, &cc, usize < sizeof(cc) ? usize : sizeof(cc));
}

static void break_columns(uint32_t usize)
{
	struct pagesnap_columns *cc = (void *)content;

	if (usize < sizeof(*cc))
		return;
	switch (rel_below(&rng, 7)) {
	case 0: cc->flags = 1U << rel_below(&rng, 32); break;
	case 1: cc->reserved[rel_below(&rng, 2)] = rel_rand(&rng) | 1; break;
	case 2: cc->reserved0 = 1 + (uint32_t)rel_below(&rng, 1000); break;
	case 3: cc->nr_pfns = 0; break;
	case 4: cc->fields = rel_below(&rng, 2) ? 0 :
			cc->fields | 1ULL << (30 + rel_below(&rng, 34)); break;
	case 5: cc->start_pfn = info.pfn_end + rel_below(&rng, 1ULL << 40); break;
	default: cc->nr_pfns = UINT64_MAX; cc->start_pfn |= 1; break;
	}
}
#endif

/* Point q->entries somewhere of kind @ek; sets c->ek, c->entries, c->writable. */
static void place_entries(struct call *c, struct pagesnap_query *q, int ek)
{
	uint64_t need = need_bytes(q), w;

	if (ek == EK_HIGH32 && sizeof(void *) == 8)
		ek = EK_GONE;
	if (ek == EK_ALIAS && c->sk != SK_GOOD)
		ek = EK_BIG;
	if (q->start_pfn >= info.pfn_end || q->entry_size > 4096)
		need = 4096;	/* invalid anyway */
	w = min64(need, BIG_BYTES) & ~7ULL;
	c->ek = ek;
	c->writable = 0;
	switch (ek) {
	case EK_BIG:
		c->entries = (uintptr_t)big;
		c->writable = BIG_BYTES;
		break;
	case EK_BIG_END:
		c->entries = (uintptr_t)(big_end - w);
		c->writable = w;
		break;
	case EK_STRADDLE:
		if (w < 2) {
			c->entries = (uintptr_t)(big_end - 1);
			c->writable = 1;
			break;
		}
		c->writable = 1 + rel_below(&rng, w - 1);
		c->entries = (uintptr_t)(big_end - c->writable);
		break;
	case EK_SHM:
		c->entries = (uintptr_t)shm;
		c->writable = shm_end - shm;
		break;
	case EK_NULL:
		c->entries = 0;
		break;
	case EK_GONE:
		c->entries = (uintptr_t)gone_page;
		break;
	case EK_RO:
		c->entries = (uintptr_t)ro_page;
		break;
	case EK_NONE:
		c->entries = (uintptr_t)none_page;
		break;
	case EK_KERNEL:
		c->entries = 0xffff888000000000ULL + (rel_below(&rng, 1 << 20) << 12);
		break;
	case EK_NONCANON:
		c->entries = 0x0000800000000000ULL + (rel_below(&rng, 1ULL << 30) << 12);
		break;
	case EK_HIGH32:
		c->entries = 0x100000000ULL + (rel_below(&rng, 1 << 20) << 12);
		break;
	case EK_ALIAS:
		c->entries = (uintptr_t)sreg;
		c->writable = SREG_BYTES;
		break;
	}
	q->entries = c->entries;
}

static int pick_ek(void)
{
	if (rel_below(&rng, 3))
		return EK_BIG + (int)rel_below(&rng, 4);
	return (int)rel_below(&rng, EK_NR);
}

static void query_call(struct call *c, const struct pagesnap_query *q,
		       uint32_t usize, const char *phase)
{
	c->def = lookup(c->cmd);
	c->usize = usize;
	c->phase = phase;
	memset(content, 0, usize);
	memcpy(content, q, usize < sizeof(*q) ? usize : sizeof(*q));
	run(c);
}

/* A valid query of kind @ek buffers, @usize, through struct kind @sk. */
static void std_query(struct pagesnap_query *q, int sk, int ek, uint32_t usize,
		      const char *phase)
{
	struct call c = { .cmd = _IOC(_IOC_READ | _IOC_WRITE, PAGESNAP_IOC_MAGIC,
				      _IOC_NR(PAGESNAP_IOC_QUERY), usize) };

	c.sk = sk;
	place_entries(&c, q, ek);
	query_call(&c, q, usize, phase);
}

/* ---- phases ---- */

static unsigned int size_stride = 1, random_cmds = 20000;
static unsigned long min_calls;
#define MIN_CALLS_MAX_S 3600.0

#define DIRS	4
static const uint32_t dirs[DIRS] = { _IOC_NONE, _IOC_READ, _IOC_WRITE,
				     _IOC_READ | _IOC_WRITE };

/* Command numbers near and far; a valid query as the argument. */
static void phase_cmds(void)
{
	static const uint32_t sizes[] = { 0, 1, 8, 56, PAGESNAP_INFO_SIZE_VER0,
		PAGESNAP_ENTRY_SIZE_VER0, PAGESNAP_QUERY_SIZE_VER0, 208, 4096,
		16376, MAX_USIZE };
	/*
	 * Types whose numbers the VFS itself handles before the driver sees
	 * them (FIOCLEX 'T', FIFREEZE 'X', FS_IOC_* 'f', FICLONE 0x94,
	 * FS_IOC_GETFSUUID 0x15, FIBMAP/FIGETBSZ 0x00): not the driver's ABI
	 * (FIFREEZE would freeze devtmpfs), never sent.
	 */
	static const uint32_t near[] = { 0xB8, 0xBA, 0x39, 0xF9, 0xB1, 0xBD,
		0x99, 0xFF, 0x01, 'P', 'V', 0xB0, 0xBF };
	struct pagesnap_query q;
	uint32_t t, nr, d, s, i;
	unsigned long before = calls;

	for (nr = 0; nr < 256; nr++)
		for (d = 0; d < DIRS; d++)
			for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
				struct call c = { .cmd = _IOC(dirs[d], PAGESNAP_IOC_MAGIC,
							      nr, sizes[s]) };

				small_query(&q);
				c.sk = SK_GOOD;
				place_entries(&c, &q, EK_BIG);
				query_call(&c, &q, sizes[s], "cmd-magic");
			}
	for (i = 0; i < sizeof(near) / sizeof(near[0]); i++)
		for (nr = 0; nr < 256; nr += (nr < 16 ? 1 : 17))
			for (d = 0; d < DIRS; d++) {
				struct call c = { .cmd = _IOC(dirs[d], near[i], nr,
					      sizeof(struct pagesnap_query)) };

				small_query(&q);
				c.sk = SK_GOOD;
				place_entries(&c, &q, EK_BIG);
				query_call(&c, &q, sizeof(q), "cmd-near");
			}
	for (i = 0; i < random_cmds; i++) {
		struct call c = { .cmd = (uint32_t)rel_rand(&rng) };

		t = _IOC_TYPE(c.cmd);
		if (t == 'T' || t == 'X' || t == 'f' || t == 0x94 || t == 0x15 ||
		    t == 0x00 || lookup(c.cmd))
			continue;
		small_query(&q);
		c.sk = SK_GOOD;
		place_entries(&c, &q, EK_BIG);
		query_call(&c, &q, sizeof(q), "cmd-random");
	}
	rel_note("command numbers: %lu calls", calls - before);
}

/* Every size of every command: valid contents, then junk in the tail. */
static void phase_sizes(void)
{
	unsigned long before = calls;
	unsigned int k;
	uint32_t s;

	for (k = 0; k < NCMDS; k++) {
		/* with a stride: every size up to VER0 + 64, then every Nth */
		for (s = 0; s <= MAX_USIZE;
		     s += s < cmds[k].ver0 + 64 ? 1 : size_stride) {
			struct call c = { .cmd = (cmds[k].cmd & ~SZMASK) |
				(s << _IOC_SIZESHIFT) };
			struct pagesnap_query q;

			c.def = &cmds[k];
			c.usize = s;
			c.sk = SK_GOOD;
			c.phase = "sizes";
			if (cmds[k].kind == K_QUERY) {
				small_query(&q);
				place_entries(&c, &q, EK_BIG);
				memset(content, 0, s);
				memcpy(content, &q, s < sizeof(q) ? s : sizeof(q));
			} else if (cmds[k].kind == K_INFO) {
				memset(content, REL_JUNK, s);
#ifdef PAGESNAP_IOC_STATS
			} else if (cmds[k].kind == K_STATS) {
				valid_stats(s);
#endif
#ifdef PAGESNAP_IOC_COLUMNS
			} else if (cmds[k].kind == K_COLUMNS) {
				valid_columns(s);
#endif
			} else {
				memset(content, 0, s);
			}
			run(&c);
			if (cmds[k].kind == K_INFO && s > cmds[k].ver0) {
				/* junk known fields, zero tail: success */
				memset(content + cmds[k].ver0, 0,
				       s - cmds[k].ver0);
				c.nviol = 0;
				run(&c);
			}
			if (cmds[k].kind != K_QUERY || s <= PAGESNAP_QUERY_SIZE_VER0)
				continue;
			/* one non-zero byte past what the driver knows */
			content[PAGESNAP_QUERY_SIZE_VER0 +
				rel_below(&rng, s - PAGESNAP_QUERY_SIZE_VER0)] =
				1 + rel_below(&rng, 255);
			c.nviol = 0;
			run(&c);
		}
	}
	rel_note("struct sizes 0..%u (stride %u past VER0 + 64): %lu calls",
		 MAX_USIZE, size_stride, calls - before);
}

/* Every flag bit, filter bit, reserved bit; every entry_size; counts. */
static void phase_bits(void)
{
	static const uint32_t maxes[] = { 0, 1, 2, 59, 60, 61, 4095, 4096,
		65535, 1U << 20, (1U << 20) + 1, UINT32_MAX };
	static const uint32_t nfs[] = { 0, 1, 7, 8, 9, 16, 255, UINT32_MAX };
	unsigned long before = calls;
	struct pagesnap_query q;
	unsigned int b, t, i;

#define STD(...) do { small_query(&q); q.nr_filters = 0; q.flags = 0; \
	memset(q.filters, 0, sizeof(q.filters)); __VA_ARGS__; \
	std_query(&q, SK_GOOD, EK_BIG, sizeof(q), "bits"); } while (0)
	for (b = 0; b < 32; b++)
		STD(q.flags = 1U << b);
	for (b = 0; b < 64; b++) {
		STD(q.reserved[0] = 1ULL << b);
		STD(q.reserved[1] = 1ULL << b);
	}
	for (t = 0; t < PAGESNAP_MAX_FILTERS; t++)
		for (b = 0; b < 64; b++) {
			STD(q.nr_filters = t + 1; q.filters[t].mask = 1ULL << b;
			    q.filters[t].value = 1ULL << b);
			STD(q.nr_filters = t + 1; q.filters[t].mask = 1ULL << b);
			STD(q.nr_filters = t + 1; q.filters[t].mask = 1ULL << b;
			    q.filters[t].value = 1ULL << ((b + 1) % 64));
			/* garbage in an unused term */
			STD(q.nr_filters = t; q.filters[t].mask = 1ULL << b;
			    q.filters[t].value = 0);
			STD(q.nr_filters = t; q.filters[t].mask = 0;
			    q.filters[t].value = 1ULL << b);
		}
	for (i = 0; i < sizeof(nfs) / sizeof(nfs[0]); i++)
		STD(q.nr_filters = nfs[i]);
	for (i = 0; i <= 4200; i++)
		STD(q.entry_size = i; q.nr_pfns = 1 + rel_below(&rng, 40));
	STD(q.entry_size = UINT32_MAX);
	STD(q.entry_size = 1U << 31);
	for (i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++)
		STD(q.max_entries = maxes[i]; q.nr_pfns = UINT64_MAX - q.start_pfn);
	/* the longest walks: every pfn to the end, nothing matching */
	for (i = 0; i < 3; i++)
		STD(q.max_entries = maxes[i * 5]; q.start_pfn = info.pfn_start;
		    q.nr_pfns = UINT64_MAX - q.start_pfn; q.nr_filters = 1;
		    q.filters[0].mask = 1ULL << 63; q.filters[0].value = 1ULL << 63);
	for (b = 0; b < 64; b++) {
		STD(q.nr_pfns = 1ULL << b);
		STD(q.start_pfn = 1ULL << b);
		STD(q.start_pfn = UINT64_MAX - (1ULL << b));
	}
	STD(q.nr_pfns = 0);
	STD(q.max_entries = 0);
	STD(q.nr_pfns = UINT64_MAX);
#undef STD
	rel_note("flag, filter, reserved bits, sizes and counts: %lu calls",
		 calls - before);
}

/* Ranges that start or end at, just before, just after each boundary. */
static void phase_ranges(void)
{
	uint64_t bounds[2 * MAX_RUNS + 2];
	static const int64_t off[] = { -300, -257, -256, -1, 0, 1, 255 };
	static const uint64_t nrs[] = { 1, 2, 256, 257, 600, 1ULL << 20 };
	unsigned long before = calls;
	int nb = 0, i, o, n, f, k;

	bounds[nb++] = info.pfn_start;
	bounds[nb++] = info.pfn_end;
	for (i = 0; i < nholes; i++) {
		bounds[nb++] = hole_lo[i];
		bounds[nb++] = hole_hi[i];
	}
	for (i = 0; i < nb; i++)
		for (o = 0; o < (int)(sizeof(off) / sizeof(off[0])); o++)
			for (n = 0; n < 7; n++)
				for (f = 0; f < 4; f++) {
					struct pagesnap_query q;

					/* long filtered walks: at the boundary only */
					if (f >= 2 && n >= 5 && off[o])
						continue;

					valid_query(&q);
					q.start_pfn = bounds[i] + off[o];
					q.nr_pfns = n < 6 ? nrs[n] : UINT64_MAX - q.start_pfn;
					q.max_entries = 1000;
					q.entry_size = sizeof(struct pagesnap_entry);
					q.flags = f & 1 ? PAGESNAP_QUERY_SKIP_HOLES : 0;
					q.nr_filters = f >> 1;
					memset(q.filters, 0, sizeof(q.filters));
					if (q.nr_filters) {
						q.filters[0].mask = 1ULL << PAGESNAP_KPF_NOPAGE;
						q.filters[0].value = q.filters[0].mask;
					}
					k = rel_below(&rng, 4) ? EK_BIG : pick_ek();
					std_query(&q, SK_GOOD, k, sizeof(q), "ranges");
				}
	rel_note("ranges across %d boundaries: %lu calls", nb, calls - before);
}

static int pick_sk(void)
{
	if (rel_below(&rng, 4))
		return SK_GOOD + (int)rel_below(&rng, 2);
	return (int)rel_below(&rng, SK_NR);
}

static uint32_t pick_usize(uint32_t ver0)
{
	switch (rel_below(&rng, 12)) {
	case 0:
		return rel_below(&rng, MAX_USIZE + 1);
	case 1:
		return ver0 + 8 * (1 + rel_below(&rng, (MAX_USIZE - ver0) / 8));
	case 2:
		return ver0 - 8;
	default:
		return ver0;
	}
}

/* Structured random: valid queries with a few fields broken at random. */
static void one_structured(void)
{
	const struct cmddef *d = &cmds[rel_below(&rng, NCMDS)];
	uint32_t usize = pick_usize(d->ver0);
	struct call c = { .cmd = (d->cmd & ~SZMASK) | (usize << _IOC_SIZESHIFT) };
	struct pagesnap_query q;
	unsigned int k, nbreak;

	c.sk = pick_sk();
#ifdef PAGESNAP_IOC_STATS
	if (d->kind == K_STATS) {
		c.def = d;
		c.usize = usize;
		c.phase = "structured";
		valid_stats(usize);
		for (k = rel_below(&rng, 3); k > 0; k--)
			break_stats(usize);
		run(&c);
		return;
	}
#endif
#ifdef PAGESNAP_IOC_COLUMNS
	if (d->kind == K_COLUMNS) {
		c.def = d;
		c.usize = usize;
		c.phase = "structured";
		valid_columns(usize);
		for (k = rel_below(&rng, 3); k > 0; k--)
			break_columns(usize);
		run(&c);
		return;
	}
#endif
	if (d->kind != K_QUERY) {
		c.def = d;
		c.usize = usize;
		c.phase = "structured";
		for (k = 0; k < usize; k++)
			content[k] = rel_below(&rng, 2) ? 0 : (uint8_t)rel_rand(&rng);
		if (d->kind == K_OTHER && rel_below(&rng, 2))
			memset(content, 0, usize);
		run(&c);
		return;
	}
	valid_query(&q);
	nbreak = rel_below(&rng, 3);
	for (k = 0; k < nbreak; k++) {
		switch (rel_below(&rng, 9)) {
		case 0: q.flags = (uint32_t)rel_rand(&rng); break;
		case 1: q.reserved[rel_below(&rng, 2)] = rel_rand(&rng); break;
		case 2: q.nr_filters = (uint32_t)rel_rand(&rng) % 12; break;
		case 3: q.filters[rel_below(&rng, 8)].value = rel_rand(&rng); break;
		case 4: q.entry_size = (uint32_t)rel_below(&rng, 5000); break;
		case 5: q.max_entries = (uint32_t)rel_rand(&rng); break;
		case 6: q.nr_pfns = rel_rand(&rng) >> rel_below(&rng, 64); break;
		case 7: q.start_pfn = rel_rand(&rng) >> rel_below(&rng, 64); break;
		default: q.nr_pfns = 0; break;
		}
	}
	place_entries(&c, &q, pick_ek());
	query_call(&c, &q, usize, "structured");
}

/* Random bytes, random size, random buffers. */
static void one_random(void)
{
	const struct cmddef *d = &cmds[rel_below(&rng, NCMDS)];
	uint32_t usize = pick_usize(d->ver0), k;
	struct call c = { .cmd = (d->cmd & ~SZMASK) | (usize << _IOC_SIZESHIFT) };
	struct pagesnap_query q;

	c.sk = pick_sk();
	c.def = d;
	c.usize = usize;
	c.phase = "random";
	for (k = 0; k < usize; k++)
		content[k] = (uint8_t)rel_rand(&rng);
	if (usize > PAGESNAP_QUERY_SIZE_VER0 && rel_below(&rng, 2))
		memset(content + PAGESNAP_QUERY_SIZE_VER0, 0,
		       usize - PAGESNAP_QUERY_SIZE_VER0);
#ifdef PAGESNAP_IOC_STATS
	stats_tw_combos = stats_tw_zones = 0;	/* random pointers: never ours */
#endif
#ifdef PAGESNAP_IOC_COLUMNS
	cols_ok = 0;
	cols_wrap = 0;
#endif
	if (d->kind == K_QUERY && usize >= sizeof(q)) {
		memcpy(&q, content, sizeof(q));
		place_entries(&c, &q, pick_ek());
		if (rel_below(&rng, 2)) {
			memcpy(content, &q, sizeof(q));
		} else {
			/* keep the random pointer: never one of ours */
			memcpy(&c.entries, content + offsetof(struct pagesnap_query,
							      entries), 8);
			c.writable = 0;
			c.ek = EK_KERNEL;
		}
	}
	run(&c);
}

/* ---- buffers unmapped / re-protected by another thread mid-call ---- */

static unsigned char *race_buf, *race_q;
static struct pagesnap_query race_template;
#define RACE_BYTES (4UL << 20)
static volatile int race_stop, race_done;
static unsigned long race_flips;

/*
 * Map @p again after munmap(); never over something else that took the
 * place meanwhile (MAP_FIXED would clobber it: a glibc thread stack, say).
 */
static void remap(void *p, size_t len)
{
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
	void *q = mmap(p, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (q != MAP_FAILED && q != p)
		munmap(q, len);	/* old kernels treat the flag as a hint */
}

static void *race_thread(void *arg)
{
	uint64_t r = seed ^ 0x5a5a;
	(void)arg;

	while (!race_stop) {
		switch (rel_below(&r, 4)) {
		case 0:
			munmap(race_buf, RACE_BYTES);
			usleep(rel_below(&r, 2000));
			remap(race_buf, RACE_BYTES);
			break;
		case 1:
			/* within race_buf only: its neighbours are ours too */
			mprotect(race_buf + rel_below(&r, RACE_BYTES / REL_PAGE - 64) * REL_PAGE,
				 REL_PAGE * (1 + rel_below(&r, 64)), PROT_READ);
			usleep(rel_below(&r, 2000));
			mprotect(race_buf, RACE_BYTES, PROT_READ | PROT_WRITE);
			break;
		case 2:
			madvise(race_buf, RACE_BYTES, MADV_DONTNEED);
			break;
		default:
			munmap(race_q, REL_PAGE);
			usleep(rel_below(&r, 500));
			remap(race_q, REL_PAGE);
			usleep(rel_below(&r, 500));
			if (mprotect(race_q, REL_PAGE, PROT_READ | PROT_WRITE) == 0)
				memcpy(race_q, &race_template, sizeof(race_template));
			break;
		}
		race_flips++;
		usleep(rel_below(&r, 3000));
	}
	race_done = 1;
	return NULL;
}

static void phase_race(double seconds)
{
	unsigned long before = calls;
	double end = rel_now() + seconds;
	pthread_t th;

	race_buf = map(RACE_BYTES, PROT_READ | PROT_WRITE);
	race_q = map(REL_PAGE, PROT_READ | PROT_WRITE);
	valid_query(&race_template);
	race_template.start_pfn = info.pfn_start;
	race_template.nr_pfns = info.pfn_end - info.pfn_start;
	race_template.entry_size = sizeof(struct pagesnap_entry);
	race_template.max_entries = RACE_BYTES / race_template.entry_size;
	race_template.entries = (uintptr_t)race_buf;
	memcpy(race_q, &race_template, sizeof(race_template));
	race_stop = 0;
	pthread_create(&th, NULL, race_thread, NULL);
	while (rel_now() < end) {
		struct call c = { .cmd = PAGESNAP_IOC_QUERY, .race = 1 };
		struct pagesnap_query q;
		long ret;
		int err;

		valid_query(&q);
		q.nr_pfns = info.pfn_end - q.start_pfn;
		q.max_entries = RACE_BYTES / q.entry_size;
		q.entries = (uintptr_t)race_buf;
		c.def = lookup(c.cmd);
		c.usize = sizeof(q);
		c.phase = "race";
		c.sk = SK_GOOD;
		c.ek = EK_BIG;
		c.entries = q.entries;
		c.in = q;
		if (rel_below(&rng, 3) == 0) {
			/*
			 * The struct itself vanishes (and comes back zeroed for a
			 * while: EINVAL) mid-call; only the thread writes it.
			 */
			c.race = 2;
			errno = 0;
			ret = ioctl(fd, c.cmd, race_q);
		} else {
			memcpy(sreg, &q, sizeof(q));
			errno = 0;
			ret = ioctl(fd, c.cmd, sreg);
		}
		err = errno;
		judge(&c, ret, err);
	}
	/*
	 * No pthread_join(): a 32-bit glibc waits with the time32 futex
	 * syscall, which a kernel without CONFIG_COMPAT_32BIT_TIME (our
	 * debug-6.12) refuses with ENOSYS, and glibc aborts ("The futex
	 * facility returned an unexpected error code").
	 */
	race_stop = 1;
	while (!race_done)
		sched_yield();
	pthread_detach(th);
	rel_note("mid-call unmap/mprotect: %lu calls, %lu buffer changes",
		 calls - before, race_flips);
}

/* INFO through every kind of struct pointer and a few sizes. */
static void phase_info(void)
{
	static const uint32_t sizes[] = { PAGESNAP_INFO_SIZE_VER0, 72, 4096,
		16376, 60, 0 };
	unsigned long before = calls;
	unsigned int s;
	int sk, rep;

	for (rep = 0; rep < 20; rep++)
		for (sk = 0; sk < SK_NR; sk++)
			for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
				struct call c = { .cmd = (PAGESNAP_IOC_INFO & ~SZMASK) |
					(sizes[s] << _IOC_SIZESHIFT) };

				c.def = lookup(c.cmd);
				c.usize = sizes[s];
				c.sk = sk;
				c.phase = "info";
				memset(content, rep & 1 ? 0 : REL_JUNK, sizes[s]);
				run(&c);
			}
	rel_note("INFO buffers: %lu calls", calls - before);
}

static void print_figures(double secs, unsigned long iters)
{
	char buf[1024];
	unsigned int k;
	const char *abi = sizeof(void *) == 8 ? "64" : "32";

	printf("  fuzz (%s-bit caller): seed %llu, %lu random iterations, "
	       "reproduce with: pagesnap-rel%s fuzz --seed %llu --iters %lu\n",
	       abi, (unsigned long long)seed, iters, sizeof(void *) == 8 ? "" : "32",
	       (unsigned long long)seed, iters);
	for (k = 0; k <= NCMDS; k++)
		rel_note("%-8s %8lu calls: %s", k < NCMDS ? cmds[k].name : "unknown",
			 calls_by[k], rel_errs_str(&errs_by[k], buf, sizeof(buf)));
#define FIG(key, ...) do { char _k[96]; \
	snprintf(_k, sizeof(_k), "%s%s", key, abi); rel_fig(SUITE, _k, __VA_ARGS__); \
	} while (0)
	FIG("seed", "%llu", (unsigned long long)seed);
	FIG("calls", "%lu", calls);
	FIG("seconds", "%.1f", secs);
	for (k = 0; k <= NCMDS; k++) {
		char key[64];

		snprintf(key, sizeof(key), "errnos_%s_",
			 k < NCMDS ? cmds[k].name : "unknown");
		FIG(key, "%s", rel_errs_str(&errs_by[k], buf, sizeof(buf)));
	}
	FIG("undocumented", "%lu", undocumented);
	FIG("oracle_mismatches", "%lu", mismatches);
	FIG("inconsistent_results", "%lu", inconsistent);
#undef FIG
}

int rel_fuzz_main(int argc, char **argv)
{
	unsigned long iters = 0, max_iters = 0, i;
	double seconds = 20, race_s = 3, t0 = rel_now(), end, now;
	char name[64];
	int a;

	seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	for (a = 1; a + 1 < argc; a += 2) {
		if (!strcmp(argv[a], "--seed"))
			seed = strtoull(argv[a + 1], NULL, 0);
		else if (!strcmp(argv[a], "--iters"))
			max_iters = strtoul(argv[a + 1], NULL, 0);
		else if (!strcmp(argv[a], "--seconds"))
			seconds = strtod(argv[a + 1], NULL);
		else if (!strcmp(argv[a], "--race-seconds"))
			race_s = strtod(argv[a + 1], NULL);
		else if (!strcmp(argv[a], "--size-stride"))
			size_stride = strtoul(argv[a + 1], NULL, 0) ?: 1;
		else if (!strcmp(argv[a], "--random-cmds"))
			random_cmds = strtoul(argv[a + 1], NULL, 0);
		else if (!strcmp(argv[a], "--min-calls"))
			min_calls = strtoul(argv[a + 1], NULL, 0);
	}
	rng = seed;
	printf("  fuzz: seed %llu (%d-bit caller)\n", (unsigned long long)seed,
	       (int)sizeof(void *) * 8);
	fd = rel_open();
	if (fd < 0 || rel_info(fd, &info)) {
		rel_fail("fuzz_setup", "cannot open %s or INFO: %s",
			 PAGESNAP_DEVICE_PATH, rel_errname(errno));
		return 1;
	}
	rel_note("pfns [%#llx, %#llx), max_pfns %llu, %u commands in the header",
		 (unsigned long long)info.pfn_start,
		 (unsigned long long)info.pfn_end,
		 (unsigned long long)info.max_pfns, (unsigned int)NCMDS);
	setup_memory();
	find_holes();

	phase_cmds();
	phase_sizes();
	phase_bits();
	phase_ranges();
	phase_info();
	end = rel_now() + seconds;
	for (i = 0; max_iters ? i < max_iters :
		    (now = rel_now()) < end ||
		    (calls < min_calls && now < end + MIN_CALLS_MAX_S); i++) {
		if (i & 1)
			one_random();
		else
			one_structured();
	}
	iters = i;
	rel_note("structured + random: %lu iterations", iters);
	if (race_s > 0)
		phase_race(race_s);

	print_figures(rel_now() - t0, iters);
	snprintf(name, sizeof(name), "fuzz%d_undocumented_errnos_0",
		 (int)sizeof(void *) * 8);
	rel_check(!undocumented, name, "%lu results outside the documented errnos",
		  undocumented);
	snprintf(name, sizeof(name), "fuzz%d_oracle_mismatches_0",
		 (int)sizeof(void *) * 8);
	rel_check(!mismatches, name, "%lu results the inputs do not explain",
		  mismatches);
	snprintf(name, sizeof(name), "fuzz%d_outputs_consistent",
		 (int)sizeof(void *) * 8);
	rel_check(!inconsistent, name, "%lu successful calls with bad output",
		  inconsistent);
	snprintf(name, sizeof(name), "fuzz%d_calls_made", (int)sizeof(void *) * 8);
	rel_check(calls > 10000, name, "only %lu calls", calls);
	if (min_calls && !max_iters) {
		snprintf(name, sizeof(name), "fuzz%d_min_calls_%lu",
			 (int)sizeof(void *) * 8, min_calls);
		rel_check(calls >= min_calls, name,
			  "%lu calls in %.0f s past the time given", calls,
			  MIN_CALLS_MAX_S);
	}
	close(fd);
	return 0;
}

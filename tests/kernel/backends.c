// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-backends: the native backend (the kernel's snapshot_page())
 * and the port (the driver's own) against each other, entry by entry,
 * over every pfn of a quiet guest.
 *
 *  1. reload pagesnap.ko with backend=port; snapshot every pfn of
 *     [pfn_start, pfn_end) into memory reserved (and faulted in) before
 *     the first pass, so the pass itself changes no page it will compare;
 *  2. reload with backend=native; snapshot every pfn again and compare
 *     each entry with the stored one as it comes;
 *  3. the pfns that differ are snapshotted again after each of six more
 *     reloads, in the order of RECHECK (port, native, native, port, port,
 *     native).  A pfn whose port entries are all the same, whose native
 *     entries are all the same, and whose port and native entries differ
 *     is a *disagreement*; anything else is *churn* (the page changed
 *     between the snapshots: module memory freed and allocated by the
 *     reloads, per-cpu lists, kernel threads).  The order is not a plain
 *     alternation on purpose: a module's pages are freed lazily, so
 *     alternate loads land on alternate sets of pages, and a pfn of one
 *     set would look allocated under one backend and free under the other
 *     every time if the backends simply alternated.
 *
 * Volatile fields (documented in driver/pagesnap.rst): owner_hash is keyed
 * afresh at every module load, so it is never compared as a value;
 * instead the owner *partition* must match: among pfns that are otherwise
 * identical, pages that share an owner under one backend share it under
 * the other.  Every other field is compared.
 *
 * Checks: both passes cover every pfn; no disagreement; owner partitions
 * agree; the module reloads; at the end it is loaded with PARAMS.
 *
 * Usage: pagesnap-backends MODULE.ko [PARAMS]
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "helpers.h"

#define RECHECK		"pnnppn"	/* reloads after the two passes */
#define SLOTS		(2 + sizeof(RECHECK) - 1)	/* entries per pfn */
#define CHUNK		65536		/* entries per query call */
#define MAX_RECHECK	20000 		/* differing pfns looked at again */
#define OWNER_SLOTS	(1U << 20)

static const char *module_path;
static int dev = -1;
static int passed, failed;

static void check(int ok, const char *what)
{
	printf("backends: %s: %s\n", ok ? "PASS" : "FAIL", what);
	if (ok)
		passed++;
	else
		failed++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- module reloads ------------------------------------------------------ */

static int load(const char *params)
{
	int fd = open(module_path, O_RDONLY | O_CLOEXEC), rc, i;

	if (dev >= 0) {
		close(dev);
		dev = -1;
	}
	if (fd < 0)
		return -errno;
	for (i = 0; i < 100; i++) {
		if (!syscall(SYS_delete_module, "pagesnap", O_NONBLOCK) ||
		    errno == ENOENT)
			break;
		usleep(100000);
	}
	rc = syscall(SYS_finit_module, fd, params, 0) ? -errno : 0;
	close(fd);
	if (rc)
		return rc;
	dev = open(PAGESNAP_DEVICE_PATH, O_RDONLY | O_CLOEXEC);
	return dev < 0 ? -errno : 0;
}

static int info(struct pagesnap_info *in)
{
	memset(in, 0, sizeof(*in));
	return ioctl(dev, PAGESNAP_IOC_INFO, in) ? -errno : 0;
}

/* Snapshot [start, start + nr) into @ents, resuming; 0 or -errno. */
static int query(uint64_t start, uint64_t nr, struct pagesnap_entry *ents)
{
	while (nr) {
		struct pagesnap_query q;
		uint64_t n = nr < CHUNK ? nr : CHUNK;

		memset(&q, 0, sizeof(q));
		q.start_pfn = start;
		q.nr_pfns = n;
		q.entries = (uintptr_t)ents;
		q.entry_size = sizeof(*ents);
		q.max_entries = (uint32_t)n;
		if (ioctl(dev, PAGESNAP_IOC_QUERY, &q))
			return -errno;
		if (q.filled != q.next_pfn - start || !q.filled)
			return -EPROTO;
		ents += q.filled;
		nr -= q.filled;
		start += q.filled;
	}
	return 0;
}

/* ---- comparing entries --------------------------------------------------- */

#define FIELD(f) { #f, offsetof(struct pagesnap_entry, f), \
		   sizeof(((struct pagesnap_entry *)0)->f) }
static const struct field {
	const char *name;
	size_t off, size;
} fields[] = {
	FIELD(pfn), FIELD(valid), FIELD(kpf), FIELD(raw_flags),
	FIELD(snap_flags), FIELD(head_pfn), FIELD(memcg_ino), FIELD(file_ino),
	FIELD(file_index), FIELD(file_dev_major), FIELD(file_dev_minor),
	FIELD(refcount), FIELD(mapcount), FIELD(entire_mapcount),
	FIELD(folio_mapcount), FIELD(pincount), FIELD(order), FIELD(index),
	FIELD(page_type), FIELD(buddy_order), FIELD(mapping_kind), FIELD(nid),
	FIELD(zone),
};
#define NR_FIELDS	(sizeof(fields) / sizeof(fields[0]))

/* Equal but for the volatile owner_hash? */
static int same(const struct pagesnap_entry *a, const struct pagesnap_entry *b)
{
	struct pagesnap_entry x = *a, y = *b;

	x.owner_hash = y.owner_hash = 0;
	return !memcmp(&x, &y, sizeof(x));
}

/* Count into @per_field which fields differ; also the kpf bits. */
static void attribute(const struct pagesnap_entry *a,
		      const struct pagesnap_entry *b, uint64_t *per_field,
		      uint64_t *kpf_bits)
{
	size_t i;
	int b_;

	for (i = 0; i < NR_FIELDS; i++)
		if (memcmp((const char *)a + fields[i].off,
			   (const char *)b + fields[i].off, fields[i].size))
			per_field[i]++;
	for (b_ = 0; b_ < 64; b_++)
		if ((a->kpf ^ b->kpf) & BIT64(b_))
			kpf_bits[b_]++;
}

static void print_fields(const char *what, const uint64_t *per_field,
			 const uint64_t *kpf_bits)
{
	size_t i;
	int b, any = 0;

	printf("backends: %s by field:", what);
	for (i = 0; i < NR_FIELDS; i++) {
		if (per_field[i]) {
			printf(" %s %llu", fields[i].name,
			       (unsigned long long)per_field[i]);
			any = 1;
		}
	}
	printf("%s\n", any ? "" : " none");
	if (!per_field[2])
		return;
	printf("backends: %s kpf bits:", what);
	for (b = 0; b < 64; b++)
		if (kpf_bits[b])
			printf(" %d:%llu", b, (unsigned long long)kpf_bits[b]);
	printf("\n");
}

/* ---- owner partition ------------------------------------------------------ */

struct owner_map {
	uint64_t *key, *val;
	uint64_t used, full;
};

/* Map @k to @v; 0 if @k already maps to something else. */
static int owner_map(struct owner_map *m, uint64_t k, uint64_t v)
{
	uint64_t h = (k * 0x9E3779B97F4A7C15ULL) >> 44;	/* 20 bits */

	for (;;) {
		h &= OWNER_SLOTS - 1;
		if (!m->key[h]) {
			if (m->used * 10 > OWNER_SLOTS * 7) {
				m->full++;
				return 1;
			}
			m->key[h] = k;
			m->val[h] = v;
			m->used++;
			return 1;
		}
		if (m->key[h] == k)
			return m->val[h] == v;
		h++;
	}
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	uint64_t per_field[NR_FIELDS] = { 0 }, kpf_bits[64] = { 0 };
	uint64_t st_field[NR_FIELDS] = { 0 }, st_kpf[64] = { 0 };
	uint64_t start, end, nr, pfn, holes = 0, identical = 0, differing = 0;
	uint64_t owners_checked = 0, owner_breaks = 0, ndiff, disagree = 0;
	uint64_t churn = 0, *diff;
	struct pagesnap_entry *store, *chunk, *re;
	struct owner_map fwd = { 0 }, rev = { 0 };
	const char *params;
	struct pagesnap_info in;
	double t;
	int rc, r, ok = 1;
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s MODULE.ko [PARAMS]\n", argv[0]);
		return 2;
	}
	module_path = argv[1];
	params = argc > 2 ? argv[2] : "";
	setvbuf(stdout, NULL, _IOLBF, 0);

	rc = load("backend=port");
	if (rc || info(&in) || in.backend != PAGESNAP_BACKEND_PORT) {
		printf("backends: cannot load backend=port: %s\n", strerror(-rc));
		check(0, "reload with backend=port");
		goto out;
	}
	start = in.pfn_start;
	end = in.pfn_end;
	nr = end - start;
	store = mmap(NULL, nr * sizeof(*store), PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	chunk = mmap(NULL, CHUNK * sizeof(*chunk), PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	diff = calloc(MAX_RECHECK, sizeof(*diff));
	re = calloc((size_t)MAX_RECHECK * SLOTS, sizeof(*re));
	fwd.key = calloc(OWNER_SLOTS, 8);
	fwd.val = calloc(OWNER_SLOTS, 8);
	rev.key = calloc(OWNER_SLOTS, 8);
	rev.val = calloc(OWNER_SLOTS, 8);
	if (store == MAP_FAILED || chunk == MAP_FAILED || !diff || !re ||
	    !fwd.key || !fwd.val || !rev.key || !rev.val) {
		printf("backends: out of memory for %llu entries\n",
		       (unsigned long long)nr);
		check(0, "memory for the comparison");
		goto out;
	}
	/* fault in everything the passes will write, before the first one */
	memset(re, 0, (size_t)MAX_RECHECK * SLOTS * sizeof(*re));
	for (i = 0; i < OWNER_SLOTS; i++)
		fwd.key[i] = fwd.val[i] = rev.key[i] = rev.val[i] = 0;

	t = now();
	rc = query(start, nr, store);
	printf("backends: port pass: %llu pfns in %.1f s\n",
	       (unsigned long long)nr, now() - t);
	check(!rc, "port pass covers every pfn");
	if (rc)
		goto out;

	rc = load("backend=native");
	if (rc || info(&in) || in.backend != PAGESNAP_BACKEND_NATIVE) {
		printf("backends: cannot load backend=native: %s\n",
		       strerror(-rc));
		check(0, "reload with backend=native");
		goto out;
	}
	t = now();
	ndiff = 0;
	for (pfn = start; pfn < end; pfn += CHUNK) {
		uint64_t n = end - pfn < CHUNK ? end - pfn : CHUNK, j;

		rc = query(pfn, n, chunk);
		if (rc)
			break;
		for (j = 0; j < n; j++) {
			const struct pagesnap_entry *a = &store[pfn - start + j];
			const struct pagesnap_entry *b = &chunk[j];

			if (a->snap_flags & PAGESNAP_SF_HOLE &&
			    b->snap_flags & PAGESNAP_SF_HOLE)
				holes++;
			if (!same(a, b)) {
				differing++;
				attribute(a, b, per_field, kpf_bits);
				if (ndiff < MAX_RECHECK) {
					diff[ndiff] = pfn + j;
					re[ndiff * SLOTS] = *a;
					re[ndiff * SLOTS + 1] = *b;
					ndiff++;
				}
				continue;
			}
			identical++;
			if (!(a->valid & PAGESNAP_VALID_OWNER_HASH) ||
			    !a->owner_hash || !b->owner_hash)
				continue;
			owners_checked++;
			if (!owner_map(&fwd, a->owner_hash, b->owner_hash) ||
			    !owner_map(&rev, b->owner_hash, a->owner_hash))
				owner_breaks++;
		}
	}
	printf("backends: native pass and comparison: %.1f s\n", now() - t);
	check(!rc, "native pass covers every pfn");
	if (rc)
		goto out;

	printf("backends: pfns [0x%llx, 0x%llx): compared %llu, identical %llu, "
	       "differing %llu (holes %llu)\n",
	       (unsigned long long)start, (unsigned long long)end,
	       (unsigned long long)nr, (unsigned long long)identical,
	       (unsigned long long)differing, (unsigned long long)holes);
	print_fields("first comparison, differing", per_field, kpf_bits);
	printf("backends: volatile excluded: owner_hash (keyed per load); "
	       "owner partition: %llu pages, %llu owners, %llu breaks%s\n",
	       (unsigned long long)owners_checked,
	       (unsigned long long)fwd.used, (unsigned long long)owner_breaks,
	       fwd.full || rev.full ? " (owner table full)" : "");

	/* the differing pfns again, after each reload of RECHECK */
	t = now();
	for (r = 0; RECHECK[r] && ndiff && ok; r++) {
		uint64_t d;

		rc = load(RECHECK[r] == 'p' ? "backend=port" : "backend=native");
		if (rc) {
			ok = 0;
			break;
		}
		for (d = 0; d < ndiff; d++) {
			if (query(diff[d], 1, &re[d * SLOTS + 2 + r])) {
				ok = 0;
				break;
			}
		}
	}
	check(ok, "reloads and re-snapshots of the differing pfns");
	for (i = 0; ok && i < ndiff; i++) {
		const struct pagesnap_entry *e = &re[i * SLOTS];
		const struct pagesnap_entry *p0 = &e[0], *n0 = &e[1];
		int stable = 1;

		for (r = 0; RECHECK[r]; r++)
			stable &= same(RECHECK[r] == 'p' ? p0 : n0, &e[2 + r]);
		if (stable && !same(p0, n0)) {
			disagree++;
			attribute(p0, n0, st_field, st_kpf);
			if (disagree <= 10) {
				size_t f;

				printf("backends: disagreement at pfn 0x%llx:",
				       (unsigned long long)diff[i]);
				for (f = 0; f < NR_FIELDS; f++) {
					uint64_t x = 0, y = 0;

					memcpy(&x, (const char *)p0 + fields[f].off,
					       fields[f].size);
					memcpy(&y, (const char *)n0 + fields[f].off,
					       fields[f].size);
					if (x != y)
						printf(" %s port 0x%llx native 0x%llx",
						       fields[f].name,
						       (unsigned long long)x,
						       (unsigned long long)y);
				}
				printf("\n");
			}
		} else {
			churn++;
		}
	}
	printf("backends: re-checked %llu differing pfns after %d more reloads "
	       "(%s; %.1f s): churn %llu, disagreement %llu%s\n",
	       (unsigned long long)ndiff, (int)(SLOTS - 2), RECHECK, now() - t,
	       (unsigned long long)churn, (unsigned long long)disagree,
	       differing > ndiff ? " (only the first ones re-checked)" : "");
	print_fields("disagreement", st_field, st_kpf);
	check(differing <= MAX_RECHECK, "every differing pfn re-checked");
	check(disagree == 0, "port and native agree (no disagreement)");
	check(owners_checked > 0 && owner_breaks == 0 && !fwd.full && !rev.full,
	      "owner partitions agree");
out:
	rc = load(params);
	check(!rc, "pagesnap.ko loaded again with the default parameters");
	if (dev >= 0)
		close(dev);
	printf("backends: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

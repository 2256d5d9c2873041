// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the snapshot reader (tools/snapfile.c), built with
 * ASan and UBSan by tests/unit/Makefile (snap-fuzz).  Every input is
 * opened as a snapshot; when it opens, everything a command can ask is
 * asked: the whole walk by page and by run, single pfns, the tables.
 *
 * The custom mutator knows the container: half the time it mutates the
 * file's bytes as they are (headers, checksums, truncation), the other
 * half it inflates one section, lets libFuzzer mutate the payload, and
 * compresses it back with valid sizes and checksums, so that the checks
 * behind the CRCs (meta text, column layout, pfn chain, tables) are
 * reached too.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "snapfile.h"

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
	uint64_t pages, sum;
};

static int visit(const struct pagesnap_entry *e, void *arg)
{
	struct acc *a = arg;

	a->pages += e->nr_pages;
	a->sum += e->kpf ^ e->head_pfn ^ e->order ^ e->memcg_ino;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct snap_meta *m;
	const struct snap_name *v;
	struct pagesnap_entry e;
	struct acc runs = { 0 }, pages = { 0 };
	struct snapr *r;
	size_t i, n;

	if (snapr_open_mem(data, size, &r)) {
		if (!snapr_error(r)[0])
			abort();
		snapr_close(r);
		return 0;
	}
	m = snapr_meta(r);
	if (snapr_walk(r, 0, UINT64_MAX, 1, visit, &runs) ||
	    snapr_walk(r, 0, UINT64_MAX, 0, visit, &pages))
		abort();	/* open checked every block: walks cannot fail */
	if (runs.pages != m->range_end - m->range_start ||
	    pages.pages != runs.pages)
		abort();
	if (snapr_get(r, m->range_start, &e) ||
	    snapr_get(r, m->range_end - 1, &e) ||
	    snapr_get(r, m->range_start + (m->range_end - m->range_start) / 2, &e) ||
	    snapr_get(r, m->range_end, &e) != -ERANGE)
		abort();
	n = snapr_memcgs(r, &v);
	for (i = 0; i < n; i++)
		if (!snapr_memcg_path(r, v[i].ino) || !v[i].path[0])
			abort();
	n = snapr_files(r, &v);
	for (i = 0; i < n; i++)
		if (!snapr_file_path(r, v[i].major, v[i].minor, v[i].ino))
			abort();
	snapr_close(r);
	return 0;
}

static uint64_t rd(const uint8_t *p, unsigned int w)
{
	uint64_t v = 0;

	while (w--)
		v = (v << 8) | p[w];
	return v;
}

static void wr(uint8_t *p, uint64_t v, unsigned int w)
{
	unsigned int i;

	for (i = 0; i < w; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* Mutate the inflated payload of section number @pick; 0 if none. */
static size_t mutate_section(uint8_t *data, size_t size, size_t max_size,
			     unsigned int pick)
{
	size_t pos = 32, stored, raw, nraw, got, bound, k = 0, tail;
	uint8_t *in, *out;
	ZSTD_CCtx *cc;

	while (size - pos >= 32 && size >= pos) {
		stored = rd(data + pos + 8, 8);
		raw = rd(data + pos + 16, 8);
		if (stored > size - pos - 32 || raw > (4U << 20))
			return 0;
		if (k++ != pick) {
			pos += 32 + stored;
			continue;
		}
		in = malloc(raw * 2 + 64);
		if (!in)
			return 0;
		got = ZSTD_decompress(in, raw * 2 + 64, data + pos + 32, stored);
		if (ZSTD_isError(got)) {
			free(in);
			return 0;
		}
		nraw = LLVMFuzzerMutate(in, got, raw * 2 + 64);
		bound = ZSTD_compressBound(nraw);
		out = malloc(bound);
		cc = ZSTD_createCCtx();
		if (!out || !cc) {
			free(in);
			free(out);
			ZSTD_freeCCtx(cc);
			return 0;
		}
		ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
		got = ZSTD_compress2(cc, out, bound, in, nraw);
		ZSTD_freeCCtx(cc);
		tail = size - pos - 32 - stored;
		if (ZSTD_isError(got) || pos + 32 + got + tail > max_size) {
			free(in);
			free(out);
			return 0;
		}
		memmove(data + pos + 32 + got, data + pos + 32 + stored, tail);
		memcpy(data + pos + 32, out, got);
		wr(data + pos + 8, got, 8);
		wr(data + pos + 16, nraw, 8);
		wr(data + pos + 24, snap_crc32c(0, out, got), 4);
		wr(data + pos + 28, snap_crc32c(0, data + pos, 28), 4);
		free(in);
		free(out);
		return pos + 32 + got + tail;
	}
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	size_t n;

	if (seed & 1) {
		n = mutate_section(data, size, max_size, (seed >> 1) % 8);
		if (n)
			return n;
	}
	return LLVMFuzzerMutate(data, size, max_size);
}

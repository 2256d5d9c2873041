// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshot files: writer and reader of the format docs/snapshot-format.md
 * describes.  The reader trusts nothing: every section is checked
 * (CRC32C of its header and of its stored bytes, zstd's own content
 * checksum, sizes, order, column layout, the pfn chain of the runs) when
 * the file is opened, before any answer is given, so that a damaged file
 * fails with a message instead of half an answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zstd.h>

#include "snapfile.h"

static const unsigned char snap_magic[8] = {
	0x89, 'P', 'S', 'N', 'A', 'P', '\r', '\n'
};

#define HDR_SIZE	32
#define SEC_SIZE	32

enum {
	SEC_META	= 1,
	SEC_BLOCK	= 2,
	SEC_MEMCGS	= 3,
	SEC_FILES	= 4,
	SEC_TAIL	= 5,	/* key=value facts known at the end */
	SEC_END		= 0x7fffffff,
};

#define SEC_F_OPTIONAL	1U	/* a reader that does not know it skips it */

/* Largest raw payloads: a reader never allocates more for one section. */
#define META_RAW_MAX	(64U << 10)
#define END_RAW		24
#define TABLE_RAW_MAX	(256U << 20)
#define NCOLS_MAX	64
#define BLOCK_RAW_MAX	(16 + NCOLS_MAX * 8 + (uint64_t)NCOLS_MAX * 8 * SNAP_BLOCK_MAX)

/* ---- columns ------------------------------------------------------------ */

enum {
	COL_NR_PAGES = 1, COL_VALID, COL_KPF, COL_RAW_FLAGS, COL_SNAP_FLAGS,
	COL_HEAD, COL_MEMCG, COL_FILE_INO, COL_FILE_INDEX, COL_OWNER,
	COL_DEV_MAJOR, COL_DEV_MINOR, COL_REFCOUNT, COL_MAPCOUNT,
	COL_ENTIRE_MAPCOUNT, COL_FOLIO_MAPCOUNT, COL_PINCOUNT, COL_ORDER,
	COL_INDEX, COL_PAGE_TYPE, COL_BUDDY_ORDER, COL_MAPPING_KIND, COL_NID,
	COL_ZONE, COL_STRIDE, COL_LAST = COL_STRIDE,
};

struct column {
	uint32_t id;
	uint32_t width;
	size_t off;
};

#define C(id, f) { id, sizeof(((struct pagesnap_entry *)0)->f), \
		   offsetof(struct pagesnap_entry, f) }
static const struct column columns[] = {
	C(COL_NR_PAGES, nr_pages), C(COL_VALID, valid), C(COL_KPF, kpf),
	C(COL_RAW_FLAGS, raw_flags), C(COL_SNAP_FLAGS, snap_flags),
	C(COL_HEAD, head_pfn), C(COL_MEMCG, memcg_ino),
	C(COL_FILE_INO, file_ino), C(COL_FILE_INDEX, file_index),
	C(COL_OWNER, owner_hash), C(COL_DEV_MAJOR, file_dev_major),
	C(COL_DEV_MINOR, file_dev_minor), C(COL_REFCOUNT, refcount),
	C(COL_MAPCOUNT, mapcount), C(COL_ENTIRE_MAPCOUNT, entire_mapcount),
	C(COL_FOLIO_MAPCOUNT, folio_mapcount), C(COL_PINCOUNT, pincount),
	C(COL_ORDER, order), C(COL_INDEX, index),
	C(COL_PAGE_TYPE, page_type), C(COL_BUDDY_ORDER, buddy_order),
	C(COL_MAPPING_KIND, mapping_kind), C(COL_NID, nid), C(COL_ZONE, zone),
	{ COL_STRIDE, 4, 0 },	/* not a field: the run's SNAP_STRIDE_* */
};
#undef C

#define NR_COLUMNS (sizeof(columns) / sizeof(columns[0]))

static const struct column *column_find(uint32_t id)
{
	return id >= 1 && id <= COL_LAST ? &columns[id - 1] : NULL;
}

/* Little-endian loads and stores, whatever the host. */
static uint64_t get_le(const unsigned char *p, unsigned int width)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = width; i > 0; i--)
		v = (v << 8) | p[i - 1];
	return v;
}

static void put_le(unsigned char *p, uint64_t v, unsigned int width)
{
	unsigned int i;

	for (i = 0; i < width; i++, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t field_get(const struct pagesnap_entry *e,
			  const struct column *c)
{
	const unsigned char *p = (const unsigned char *)e + c->off;
	uint32_t v32;
	uint64_t v64;

	if (c->width == 4) {
		memcpy(&v32, p, 4);
		return v32;
	}
	memcpy(&v64, p, 8);
	return v64;
}

static void field_set(struct pagesnap_entry *e, const struct column *c,
		      uint64_t v)
{
	unsigned char *p = (unsigned char *)e + c->off;
	uint32_t v32 = (uint32_t)v;

	if (c->width == 4)
		memcpy(p, &v32, 4);
	else
		memcpy(p, &v, 8);
}

/*
 * The stored head column: pfn - head_pfn when the folio fields are valid
 * (0 for every small page and constant along a run), head_pfn otherwise.
 */
static uint64_t head_store(const struct pagesnap_entry *e)
{
	return (e->valid & PAGESNAP_VALID_FOLIO) ? e->pfn - e->head_pfn :
						    e->head_pfn;
}

static uint64_t head_load(uint64_t valid, uint64_t pfn, uint64_t stored)
{
	return (valid & PAGESNAP_VALID_FOLIO) ? pfn - stored : stored;
}

/**
 * snap_run_pfn() - the entry of pfn @pfn of a run
 * @run:	the run's entry (its first pfn, nr_pages pages)
 * @stride:	the run's SNAP_STRIDE_* bits
 * @pfn:	a pfn of the run
 * @x:		the entry, nr_pages 1
 */
void snap_run_pfn(const struct pagesnap_entry *run, unsigned int stride,
		  uint64_t pfn, struct pagesnap_entry *x)
{
	uint64_t j = pfn - run->pfn;

	*x = *run;
	x->pfn = pfn;
	x->nr_pages = 1;
	if ((run->valid & PAGESNAP_VALID_FOLIO) &&
	    !(stride & SNAP_STRIDE_HEAD_FIXED))
		x->head_pfn = run->head_pfn + j;
	if (stride & SNAP_STRIDE_INDEX)
		x->index = run->index + (uint32_t)j;
	if (stride & SNAP_STRIDE_FILE_INDEX)
		x->file_index = run->file_index + j;
}

/* ---- CRC32C (Castagnoli) ------------------------------------------------ */

static uint32_t crc_table[256];

uint32_t snap_crc32c(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint32_t c;
	unsigned int i, k;

	if (!crc_table[1]) {
		for (i = 0; i < 256; i++) {
			c = i;
			for (k = 0; k < 8; k++)
				c = (c >> 1) ^ (0x82f63b78U & (0U - (c & 1)));
			crc_table[i] = c;
		}
	}
	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- writer ------------------------------------------------------------- */

struct wname {
	uint32_t major, minor;
	uint64_t ino;
	char *path;
};

struct wtable {
	struct wname *v;
	size_t nr, size;
};

struct snapw {
	FILE *f;
	char *path, *tmp;
	struct snap_meta meta;
	struct pagesnap_entry *buf;	/* runs of the current block */
	uint32_t *stride;		/* and their SNAP_STRIDE_* */
	unsigned int nr;
	uint64_t next_pfn;		/* where the next entry must start */
	uint64_t blocks, entries, pages, bytes;
	struct wtable memcgs, files;
	ZSTD_CCtx *cctx;
	int err;
};

static int w_section(struct snapw *w, uint32_t type, uint32_t flags,
		     const void *raw, size_t raw_size)
{
	unsigned char hdr[SEC_SIZE];
	size_t bound = ZSTD_compressBound(raw_size), got;
	void *out;

	if (w->err)
		return w->err;
	out = malloc(bound);
	if (!out)
		return w->err = -ENOMEM;
	got = ZSTD_compress2(w->cctx, out, bound, raw, raw_size);
	if (ZSTD_isError(got)) {
		free(out);
		return w->err = -EIO;
	}
	put_le(hdr, type, 4);
	put_le(hdr + 4, flags, 4);
	put_le(hdr + 8, got, 8);
	put_le(hdr + 16, raw_size, 8);
	put_le(hdr + 24, snap_crc32c(0, out, got), 4);
	put_le(hdr + 28, snap_crc32c(0, hdr, 28), 4);
	if (fwrite(hdr, 1, SEC_SIZE, w->f) != SEC_SIZE ||
	    fwrite(out, 1, got, w->f) != got)
		w->err = -errno ? -errno : -EIO;
	w->bytes += SEC_SIZE + got;
	free(out);
	return w->err;
}

static int w_meta(struct snapw *w)
{
	const struct snap_meta *m = &w->meta;
	const struct pagesnap_info *in = &m->info;
	char *text;
	int n;

	text = malloc(META_RAW_MAX);
	if (!text)
		return w->err = -ENOMEM;
	n = snprintf(text, META_RAW_MAX,
		     "tool=%s\nrelease=%s\nmachine=%s\nhostname=%s\n"
		     "time=%" PRId64 ".%09u\nduration_ns=%" PRIu64 "\n"
		     "abi_version=%u\nentry_size=%u\nfeatures=%" PRIu64 "\n"
		     "valid_mask=%" PRIu64 "\npfn_start=%" PRIu64 "\n"
		     "pfn_end=%" PRIu64 "\nmax_pfns=%" PRIu64 "\n"
		     "page_size=%u\nbackend=%u\nmax_filters=%u\n"
		     "range_start=%" PRIu64 "\nrange_end=%" PRIu64 "\n",
		     m->tool, m->release, m->machine, m->hostname,
		     m->time_sec, m->time_nsec, m->duration_ns,
		     in->abi_version, in->entry_size,
		     (uint64_t)in->features, (uint64_t)in->valid_mask,
		     (uint64_t)in->pfn_start, (uint64_t)in->pfn_end,
		     (uint64_t)in->max_pfns, in->page_size, in->backend,
		     in->max_filters, m->range_start, m->range_end);
	if (n < 0 || n >= (int)META_RAW_MAX) {
		free(text);
		return w->err = -EOVERFLOW;
	}
	w_section(w, SEC_META, 0, text, (size_t)n);
	free(text);
	return w->err;
}

static int meta_string_ok(const char *s)
{
	size_t n = strnlen(s, SNAP_STR_MAX);

	if (n == SNAP_STR_MAX)
		return 0;
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			return 0;
	return 1;
}

/**
 * snapw_open() - start a snapshot file
 * @path:	the file; written as a temporary beside it, renamed on commit
 * @meta:	where it comes from (range_start/range_end: the pfns that
 *		snapw_entry() will cover, in order, without a gap)
 * @wp:		the writer
 *
 * Return: 0, -EINVAL (a meta string too long or with a line break, an
 * empty range), -ENOMEM, or the errno of creating the file.
 */
int snapw_open(const char *path, const struct snap_meta *meta,
	       struct snapw **wp)
{
	unsigned char hdr[HDR_SIZE];
	struct snapw *w;
	int fd, ret;

	if (!meta_string_ok(meta->release) || !meta_string_ok(meta->machine) ||
	    !meta_string_ok(meta->hostname) || !meta_string_ok(meta->tool) ||
	    meta->range_start >= meta->range_end)
		return -EINVAL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->meta = *meta;
	w->next_pfn = meta->range_start;
	w->path = strdup(path);
	w->tmp = malloc(strlen(path) + 16);
	w->buf = calloc(SNAP_BLOCK_MAX, sizeof(*w->buf));
	w->stride = calloc(SNAP_BLOCK_MAX, sizeof(*w->stride));
	w->cctx = ZSTD_createCCtx();
	if (!w->path || !w->tmp || !w->buf || !w->stride || !w->cctx) {
		ret = -ENOMEM;
		goto fail;
	}
	ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_checksumFlag, 1);
	sprintf(w->tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(w->tmp);
	if (fd < 0) {
		ret = -errno;
		goto fail;
	}
	fchmod(fd, 0644);
	w->f = fdopen(fd, "wb");
	if (!w->f) {
		ret = -errno;
		close(fd);
		unlink(w->tmp);
		goto fail;
	}
	memcpy(hdr, snap_magic, 8);
	put_le(hdr + 8, SNAP_FORMAT_VERSION, 4);
	put_le(hdr + 12, HDR_SIZE, 4);
	put_le(hdr + 16, 0, 8);		/* flags */
	put_le(hdr + 24, 0, 4);		/* reserved */
	put_le(hdr + 28, snap_crc32c(0, hdr, 28), 4);
	if (fwrite(hdr, 1, HDR_SIZE, w->f) != HDR_SIZE)
		w->err = -EIO;
	w->bytes = HDR_SIZE;
	w_meta(w);
	*wp = w;
	return 0;
fail:
	ZSTD_freeCCtx(w->cctx);
	free(w->stride);
	free(w->buf);
	free(w->tmp);
	free(w->path);
	free(w);
	return ret;
}

static int w_flush(struct snapw *w)
{
	size_t size = 16 + NR_COLUMNS * 8, i, k;
	unsigned char *raw, *p;

	if (!w->nr || w->err)
		return w->err;
	for (i = 0; i < NR_COLUMNS; i++)
		size += (size_t)columns[i].width * w->nr;
	raw = malloc(size);
	if (!raw)
		return w->err = -ENOMEM;
	put_le(raw, w->buf[0].pfn, 8);
	put_le(raw + 8, w->nr, 4);
	put_le(raw + 12, NR_COLUMNS, 4);
	p = raw + 16;
	for (i = 0; i < NR_COLUMNS; i++, p += 8) {
		put_le(p, columns[i].id, 4);
		put_le(p + 4, columns[i].width, 4);
	}
	for (i = 0; i < NR_COLUMNS; i++) {
		const struct column *c = &columns[i];

		for (k = 0; k < w->nr; k++, p += c->width)
			put_le(p, c->id == COL_HEAD ? head_store(&w->buf[k]) :
			       c->id == COL_STRIDE ? w->stride[k] :
			       field_get(&w->buf[k], c), c->width);
	}
	w_section(w, SEC_BLOCK, 0, raw, size);
	free(raw);
	w->blocks++;
	w->nr = 0;
	return w->err;
}

/*
 * Does @e continue the run @r (stride *@stride): the entry the run's next
 * pfn would have?  A run of one page takes the stride @e gives it: index
 * and file index advancing or not, head advancing (small pages) or fixed
 * (the tails of a folio).  A run @e of several pages has stride 0.
 */
static int continues(const struct pagesnap_entry *r, uint32_t *stride,
		     const struct pagesnap_entry *e)
{
	struct pagesnap_entry a, b = *e;
	uint32_t s = *stride;

	if (r->nr_pages == 1) {
		s = 0;
		if (e->index == r->index + 1)
			s |= SNAP_STRIDE_INDEX;
		if (e->file_index == r->file_index + 1)
			s |= SNAP_STRIDE_FILE_INDEX;
		if ((r->valid & PAGESNAP_VALID_FOLIO) &&
		    e->head_pfn == r->head_pfn)
			s |= SNAP_STRIDE_HEAD_FIXED;
	}
	if (e->nr_pages > 1 && s)
		return 0;
	snap_run_pfn(r, s, r->pfn + r->nr_pages, &a);
	b.nr_pages = 1;
	if (memcmp(&a, &b, sizeof(a)))
		return 0;
	*stride = s;
	return 1;
}

/**
 * snapw_entry() - add the next entry (or run) of the recorded range
 * @w:	writer
 * @e:	an entry whose pfn is where the previous one ended (nr_pages 0
 *	counts as 1); joined to the previous run when it is alike
 *
 * Return: 0, -EINVAL (out of order or past range_end), or a write error.
 */
int snapw_entry(struct snapw *w, const struct pagesnap_entry *e)
{
	uint64_t n = e->nr_pages ? e->nr_pages : 1;
	struct pagesnap_entry *last;

	if (w->err)
		return w->err;
	if (e->pfn != w->next_pfn || n > w->meta.range_end - e->pfn)
		return w->err = -EINVAL;
	w->next_pfn = e->pfn + n;
	w->pages += n;
	last = w->nr ? &w->buf[w->nr - 1] : NULL;
	if (last && last->pfn + last->nr_pages == e->pfn &&
	    last->nr_pages + n > last->nr_pages &&
	    continues(last, &w->stride[w->nr - 1], e)) {
		last->nr_pages += n;
		return 0;
	}
	if (w->nr == SNAP_BLOCK_MAX && w_flush(w))
		return w->err;
	w->buf[w->nr] = *e;
	w->buf[w->nr].nr_pages = n;
	w->stride[w->nr] = 0;
	w->nr++;
	w->entries++;
	return 0;
}

static int w_name(struct snapw *w, struct wtable *t, uint32_t major,
		  uint32_t minor, uint64_t ino, const char *path)
{
	struct wname *v;
	size_t len = strlen(path);

	if (w->err)
		return w->err;
	if (len >= SNAP_PATH_MAX || t->nr >= SNAP_TABLE_MAX)
		return -EINVAL;
	if (t->nr == t->size) {
		v = realloc(t->v, (t->size ? t->size * 2 : 64) * sizeof(*v));
		if (!v)
			return w->err = -ENOMEM;
		t->v = v;
		t->size = t->size ? t->size * 2 : 64;
	}
	t->v[t->nr].path = strdup(path);
	if (!t->v[t->nr].path)
		return w->err = -ENOMEM;
	t->v[t->nr].major = major;
	t->v[t->nr].minor = minor;
	t->v[t->nr].ino = ino;
	t->nr++;
	return 0;
}

/** snapw_memcg() - name a memory cgroup: inode @ino is @path (below the root) */
int snapw_memcg(struct snapw *w, uint64_t ino, const char *path)
{
	return w_name(w, &w->memcgs, 0, 0, ino, path);
}

/** snapw_file() - name a file: @major:@minor inode @ino is @path */
int snapw_file(struct snapw *w, uint32_t major, uint32_t minor,
	       uint64_t ino, const char *path)
{
	return w_name(w, &w->files, major, minor, ino, path);
}

/** snapw_set_duration() - how long the recording took, for the meta record */
int snapw_set_duration(struct snapw *w, uint64_t ns)
{
	w->meta.duration_ns = ns;
	return 0;
}

/** snapw_bytes() - bytes written so far */
uint64_t snapw_bytes(const struct snapw *w)
{
	return w->bytes;
}

static int w_table(struct snapw *w, uint32_t type, struct wtable *t,
		   int with_dev)
{
	size_t size = 0, i, len;
	unsigned char *raw, *p;

	for (i = 0; i < t->nr; i++)
		size += (with_dev ? 20 : 12) + strlen(t->v[i].path);
	raw = malloc(size ? size : 1);
	if (!raw)
		return w->err = -ENOMEM;
	p = raw;
	for (i = 0; i < t->nr; i++) {
		if (with_dev) {
			put_le(p, t->v[i].major, 4);
			put_le(p + 4, t->v[i].minor, 4);
			p += 8;
		}
		len = strlen(t->v[i].path);
		put_le(p, t->v[i].ino, 8);
		put_le(p + 8, len, 4);
		memcpy(p + 12, t->v[i].path, len);
		p += 12 + len;
	}
	w_section(w, type, SEC_F_OPTIONAL, raw, size);
	free(raw);
	return w->err;
}

static void free_table(struct wtable *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		free(t->v[i].path);
	free(t->v);
}

/**
 * snapw_close() - finish (or abandon) the file and free the writer
 * @w:		writer
 * @commit:	1: write the tables and the end record, rename the file into
 *		place; 0: remove it
 *
 * Return: 0, -EINVAL (the entries did not reach range_end), or the first
 * error the writer met.
 */
int snapw_close(struct snapw *w, int commit)
{
	unsigned char end[END_RAW];
	char tail[64];
	int ret, n;

	if (commit && !w->err && w->next_pfn != w->meta.range_end)
		w->err = -EINVAL;
	if (commit && !w->err) {
		w_flush(w);
		w_table(w, SEC_MEMCGS, &w->memcgs, 0);
		w_table(w, SEC_FILES, &w->files, 1);
		n = snprintf(tail, sizeof(tail), "duration_ns=%" PRIu64 "\n",
			     w->meta.duration_ns);
		w_section(w, SEC_TAIL, SEC_F_OPTIONAL, tail, (size_t)n);
		put_le(end, w->blocks, 8);
		put_le(end + 8, w->entries, 8);
		put_le(end + 16, w->pages, 8);
		w_section(w, SEC_END, 0, end, sizeof(end));
	}
	if (fflush(w->f) || fsync(fileno(w->f)))
		if (!w->err)
			w->err = -errno;
	fclose(w->f);
	if (commit && !w->err && rename(w->tmp, w->path))
		w->err = -errno;
	if (!commit || w->err)
		unlink(w->tmp);
	ret = w->err;
	free_table(&w->memcgs);
	free_table(&w->files);
	ZSTD_freeCCtx(w->cctx);
	free(w->stride);
	free(w->buf);
	free(w->tmp);
	free(w->path);
	free(w);
	return ret;
}

/* ---- reader ------------------------------------------------------------- */

struct rblock {
	size_t off;		/* of the stored bytes in the file */
	size_t stored, raw;
	uint64_t first_pfn, end_pfn;
	uint32_t nr;
};

struct rtable {
	struct snap_name *v;
	size_t nr;
	unsigned char *raw;	/* the decompressed payload the paths live in */
};

struct snapr {
	unsigned char *buf;
	size_t size;
	int owned;
	struct snap_meta meta;
	struct rblock *blocks;
	size_t nr_blocks;
	uint64_t entries;
	struct rtable memcgs, files;
	ZSTD_DCtx *dctx;
	unsigned char *scratch;	/* one decompressed block */
	size_t scratch_size;
	uint32_t stride;	/* of the run snapr_walk() hands out */
	char err[256];
};

static int fail(struct snapr *r, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct snapr *r, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return ret;
}

/* Decompress the payload at @off into @out of exactly @raw bytes. */
static int r_inflate(struct snapr *r, size_t off, size_t stored,
		     void *out, size_t raw)
{
	unsigned long long fcs;
	size_t got;

	fcs = ZSTD_getFrameContentSize(r->buf + off, stored);
	if (fcs != raw)
		return fail(r, -EBADMSG, "section at byte %zu: compressed frame does not declare its %zu bytes",
			    off, raw);
	got = ZSTD_decompressDCtx(r->dctx, out, raw ? raw : 1, r->buf + off,
				  stored);
	if (ZSTD_isError(got) || got != raw)
		return fail(r, -EBADMSG, "section at byte %zu: %s", off,
			    ZSTD_isError(got) ? ZSTD_getErrorName(got) :
			    "short payload");
	return 0;
}

static int parse_u64(const char *v, uint64_t *out)
{
	char *end;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 10);
	return errno || *end ? -1 : 0;
}

#define M_REQ_RELEASE	(1U << 0)
#define M_REQ_TIME	(1U << 1)
#define M_REQ_PFN_END	(1U << 2)
#define M_REQ_PAGE	(1U << 3)
#define M_REQ_START	(1U << 4)
#define M_REQ_END	(1U << 5)
#define M_REQ_VALID	(1U << 6)
#define M_REQ_ABI	(1U << 7)
#define M_REQ_ALL	0xffU

static int r_meta(struct snapr *r, char *text, size_t len)
{
	struct snap_meta *m = &r->meta;
	unsigned int have = 0;
	char *line, *next, *eq, *dot;
	uint64_t v;

	if (memchr(text, '\0', len))
		return fail(r, -EBADMSG, "meta record: NUL byte");
	text[len] = '\0';
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		if (!next)
			return fail(r, -EBADMSG, "meta record: unterminated line");
		*next++ = '\0';
		eq = strchr(line, '=');
		if (!eq)
			return fail(r, -EBADMSG, "meta record: line without '='");
		*eq++ = '\0';
		if (strlen(eq) >= SNAP_STR_MAX)
			return fail(r, -EBADMSG, "meta record: value of '%.32s' too long",
				    line);
#define STR(k, f, bit) if (!strcmp(line, k)) { strcpy(m->f, eq); have |= (bit); continue; }
		STR("tool", tool, 0);
		STR("release", release, M_REQ_RELEASE);
		STR("machine", machine, 0);
		STR("hostname", hostname, 0);
#undef STR
		if (!strcmp(line, "time")) {
			dot = strchr(eq, '.');
			if (!dot || strlen(dot + 1) != 9)
				return fail(r, -EBADMSG, "meta record: bad time");
			*dot = '\0';
			if (parse_u64(eq, &v) || v > INT64_MAX)
				return fail(r, -EBADMSG, "meta record: bad time");
			m->time_sec = (int64_t)v;
			if (parse_u64(dot + 1, &v) || v > 999999999)
				return fail(r, -EBADMSG, "meta record: bad time");
			m->time_nsec = (uint32_t)v;
			have |= M_REQ_TIME;
			continue;
		}
		if (parse_u64(eq, &v))
			continue;	/* an unknown key may hold anything */
#define NUM(k, lval, max, bit) if (!strcmp(line, k)) { \
			if (v > (max)) \
				return fail(r, -EBADMSG, "meta record: %s out of range", k); \
			lval = v; have |= (bit); continue; }
		NUM("duration_ns", m->duration_ns, UINT64_MAX, 0);
		NUM("abi_version", m->info.abi_version, UINT32_MAX, M_REQ_ABI);
		NUM("entry_size", m->info.entry_size, UINT32_MAX, 0);
		NUM("features", m->info.features, UINT64_MAX, 0);
		NUM("valid_mask", m->info.valid_mask, UINT64_MAX, M_REQ_VALID);
		NUM("pfn_start", m->info.pfn_start, UINT64_MAX, 0);
		NUM("pfn_end", m->info.pfn_end, UINT64_MAX, M_REQ_PFN_END);
		NUM("max_pfns", m->info.max_pfns, UINT64_MAX, 0);
		NUM("page_size", m->info.page_size, UINT32_MAX, M_REQ_PAGE);
		NUM("backend", m->info.backend, UINT32_MAX, 0);
		NUM("max_filters", m->info.max_filters, UINT32_MAX, 0);
		NUM("range_start", m->range_start, UINT64_MAX, M_REQ_START);
		NUM("range_end", m->range_end, UINT64_MAX, M_REQ_END);
#undef NUM
	}
	if ((have & M_REQ_ALL) != M_REQ_ALL)
		return fail(r, -EBADMSG, "meta record: a required key is missing");
	if (m->info.page_size < 512 || m->info.page_size > (1U << 30) ||
	    (m->info.page_size & (m->info.page_size - 1)))
		return fail(r, -EBADMSG, "meta record: page size %u is not a power of two in 512 B..1 GiB",
			    m->info.page_size);
	if (m->range_start >= m->range_end || m->range_end > m->info.pfn_end)
		return fail(r, -EBADMSG, "meta record: recorded range 0x%" PRIx64 "-0x%" PRIx64 " is empty or past pfn_end 0x%" PRIx64,
			    m->range_start, m->range_end,
			    (uint64_t)m->info.pfn_end);
	return 0;
}

/* The tail record: what the writer knew only at the end. */
static int r_tail(struct snapr *r, char *text, size_t len)
{
	char *line, *next, *eq;
	uint64_t v;

	if (memchr(text, '\0', len))
		return fail(r, -EBADMSG, "tail record: NUL byte");
	text[len] = '\0';
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		if (!next)
			return fail(r, -EBADMSG, "tail record: unterminated line");
		*next++ = '\0';
		eq = strchr(line, '=');
		if (!eq)
			return fail(r, -EBADMSG, "tail record: line without '='");
		*eq++ = '\0';
		if (!strcmp(line, "duration_ns")) {
			if (parse_u64(eq, &v))
				return fail(r, -EBADMSG, "tail record: bad duration");
			r->meta.duration_ns = v;
		}
	}
	return 0;
}

/* Check a block's layout and pfn chain; fills @b's pfn range. */
static int r_block_check(struct snapr *r, struct rblock *b,
			 const unsigned char *raw, uint64_t expect_pfn)
{
	uint32_t nr, ncols, i, id, width;
	uint64_t need, pfn, n, seen = 0;
	const unsigned char *col = NULL, *scol = NULL;

	if (b->raw < 16)
		return fail(r, -EBADMSG, "block at byte %zu: too short", b->off);
	b->first_pfn = get_le(raw, 8);
	nr = (uint32_t)get_le(raw + 8, 4);
	ncols = (uint32_t)get_le(raw + 12, 4);
	if (!nr || nr > SNAP_BLOCK_MAX || !ncols || ncols > NCOLS_MAX)
		return fail(r, -EBADMSG, "block at byte %zu: %u entries in %u columns",
			    b->off, nr, ncols);
	need = 16 + (uint64_t)ncols * 8;
	if (b->raw < need)
		return fail(r, -EBADMSG, "block at byte %zu: truncated column list",
			    b->off);
	for (i = 0; i < ncols; i++) {
		const struct column *c;

		id = (uint32_t)get_le(raw + 16 + i * 8, 4);
		width = (uint32_t)get_le(raw + 20 + i * 8, 4);
		c = column_find(id);
		if (width != 1 && width != 2 && width != 4 && width != 8)
			return fail(r, -EBADMSG, "block at byte %zu: column %u is %u bytes wide",
				    b->off, id, width);
		if (c && c->width != width)
			return fail(r, -EBADMSG, "block at byte %zu: column %u is %u bytes wide, not %u",
				    b->off, id, width, c->width);
		if (c && id < 64 && (seen & (1ULL << id)))
			return fail(r, -EBADMSG, "block at byte %zu: column %u twice",
				    b->off, id);
		if (c && id < 64)
			seen |= 1ULL << id;
		if (id == COL_NR_PAGES)
			col = raw + need;
		if (id == COL_STRIDE)
			scol = raw + need;
		need += (uint64_t)width * nr;
	}
	if (need != b->raw)
		return fail(r, -EBADMSG, "block at byte %zu: %zu bytes for %" PRIu64 " of columns",
			    b->off, b->raw, need);
	if (!col)
		return fail(r, -EBADMSG, "block at byte %zu: no nr_pages column",
			    b->off);
	if (b->first_pfn != expect_pfn)
		return fail(r, -EBADMSG, "block at byte %zu starts at pfn 0x%" PRIx64 ", not 0x%" PRIx64,
			    b->off, b->first_pfn, expect_pfn);
	pfn = b->first_pfn;
	for (i = 0; i < nr; i++) {
		n = get_le(col + (size_t)i * 8, 8);
		if (!n || n > r->meta.range_end - pfn)
			return fail(r, -EBADMSG, "block at byte %zu: run of %" PRIu64 " pages at pfn 0x%" PRIx64 " leaves the recorded range",
				    b->off, n, pfn);
		pfn += n;
		if (scol && get_le(scol + (size_t)i * 4, 4) > 7)
			return fail(r, -EBADMSG, "block at byte %zu: unknown stride bits",
				    b->off);
	}
	b->nr = nr;
	b->end_pfn = pfn;
	return 0;
}

static int r_table(struct snapr *r, struct rtable *t, size_t off,
		   size_t stored, size_t raw, int with_dev)
{
	size_t pos = 0, rec = with_dev ? 20 : 12, len, n = 0;
	unsigned char *p;

	if (t->raw)
		return fail(r, -EBADMSG, "name table at byte %zu: given twice", off);
	if (raw > TABLE_RAW_MAX)
		return fail(r, -EBADMSG, "name table at byte %zu: %zu bytes", off, raw);
	t->raw = malloc(raw + 1);
	if (!t->raw)
		return fail(r, -ENOMEM, "out of memory");
	if (r_inflate(r, off, stored, t->raw, raw))
		return -EBADMSG;
	/* first pass: count and check; paths become NUL-terminated in place */
	while (pos < raw) {
		if (raw - pos < rec)
			return fail(r, -EBADMSG, "name table at byte %zu: truncated row", off);
		len = get_le(t->raw + pos + rec - 4, 4);
		if (len == 0 || len >= SNAP_PATH_MAX || len > raw - pos - rec)
			return fail(r, -EBADMSG, "name table at byte %zu: path of %zu bytes", off, len);
		if (memchr(t->raw + pos + rec, '\0', len))
			return fail(r, -EBADMSG, "name table at byte %zu: NUL in a path", off);
		pos += rec + len;
		if (++n > SNAP_TABLE_MAX)
			return fail(r, -EBADMSG, "name table at byte %zu: too many rows", off);
	}
	t->v = calloc(n ? n : 1, sizeof(*t->v));
	if (!t->v)
		return fail(r, -ENOMEM, "out of memory");
	/* second pass: move each path one byte back over its length's last byte */
	for (pos = 0; pos < raw; pos += rec + len) {
		struct snap_name *s = &t->v[t->nr++];

		p = t->raw + pos;

		if (with_dev) {
			s->major = (uint32_t)get_le(p, 4);
			s->minor = (uint32_t)get_le(p + 4, 4);
			p += 8;
		}
		s->ino = get_le(p, 8);
		len = get_le(p + 8, 4);
		memmove(p + 11, p + 12, len);
		p[11 + len] = '\0';
		s->path = (const char *)p + 11;
	}
	return 0;
}

static int r_parse(struct snapr *r)
{
	size_t pos = HDR_SIZE, stored, raw, max_raw = 0;
	uint32_t type, flags, version;
	uint64_t expect_pfn = 0, pages = 0, v;
	const unsigned char *h;
	unsigned char end[END_RAW];
	int have_meta = 0, have_end = 0, ret;
	char *text;
	struct rblock *b;

	if (r->size < HDR_SIZE || memcmp(r->buf, snap_magic, 8))
		return fail(r, -EBADMSG, "not a pagesnap snapshot file (bad magic)");
	version = (uint32_t)get_le(r->buf + 8, 4);
	if (snap_crc32c(0, r->buf, 28) != get_le(r->buf + 28, 4))
		return fail(r, -EBADMSG, "file header checksum mismatch");
	if (version > SNAP_FORMAT_VERSION || version == 0)
		return fail(r, -EPROTONOSUPPORT, "snapshot format %u: this pagesnap-cli reads format %u (a newer pagesnap-cli wrote it?)",
			    version, SNAP_FORMAT_VERSION);
	if (get_le(r->buf + 12, 4) != HDR_SIZE || get_le(r->buf + 16, 8) ||
	    get_le(r->buf + 24, 4))
		return fail(r, -EPROTONOSUPPORT, "file header has sizes or flags this pagesnap-cli does not know");
	r->dctx = ZSTD_createDCtx();
	if (!r->dctx)
		return fail(r, -ENOMEM, "out of memory");
	while (!have_end) {
		if (r->size - pos < SEC_SIZE)
			return fail(r, -EBADMSG, "truncated file: section header at byte %zu cut (or end record missing)",
				    pos);
		h = r->buf + pos;
		if (snap_crc32c(0, h, 28) != get_le(h + 28, 4))
			return fail(r, -EBADMSG, "section header at byte %zu: checksum mismatch", pos);
		type = (uint32_t)get_le(h, 4);
		flags = (uint32_t)get_le(h + 4, 4);
		v = get_le(h + 8, 8);
		if (v > r->size - pos - SEC_SIZE)
			return fail(r, -EBADMSG, "truncated file: section at byte %zu needs %" PRIu64 " bytes, %zu left",
				    pos, v, r->size - pos - SEC_SIZE);
		stored = (size_t)v;
		v = get_le(h + 16, 8);
		if (v > BLOCK_RAW_MAX && v > TABLE_RAW_MAX)
			return fail(r, -EBADMSG, "section at byte %zu: %" PRIu64 " bytes uncompressed", pos, v);
		raw = (size_t)v;
		pos += SEC_SIZE;
		if (snap_crc32c(0, r->buf + pos, stored) != get_le(h + 24, 4))
			return fail(r, -EBADMSG, "section at byte %zu: data checksum mismatch (corrupted file)",
				    pos - SEC_SIZE);
		if (!have_meta && type != SEC_META)
			return fail(r, -EBADMSG, "first section is not the meta record");
		switch (type) {
		case SEC_META:
			if (have_meta)
				return fail(r, -EBADMSG, "two meta records");
			if (raw >= META_RAW_MAX)
				return fail(r, -EBADMSG, "meta record of %zu bytes", raw);
			text = malloc(raw + 1);
			if (!text)
				return fail(r, -ENOMEM, "out of memory");
			ret = r_inflate(r, pos, stored, text, raw);
			if (!ret)
				ret = r_meta(r, text, raw);
			free(text);
			if (ret)
				return ret;
			have_meta = 1;
			expect_pfn = r->meta.range_start;
			break;
		case SEC_BLOCK:
			if (r->memcgs.raw || r->files.raw)
				return fail(r, -EBADMSG, "block after a name table");
			if (raw > BLOCK_RAW_MAX)
				return fail(r, -EBADMSG, "block at byte %zu: %zu bytes", pos, raw);
			if (raw > max_raw) {
				free(r->scratch);
				r->scratch = malloc(raw);
				if (!r->scratch)
					return fail(r, -ENOMEM, "out of memory");
				max_raw = r->scratch_size = raw;
			}
			b = realloc(r->blocks, (r->nr_blocks + 1) * sizeof(*b));
			if (!b)
				return fail(r, -ENOMEM, "out of memory");
			r->blocks = b;
			b = &r->blocks[r->nr_blocks];
			memset(b, 0, sizeof(*b));
			b->off = pos;
			b->stored = stored;
			b->raw = raw;
			ret = r_inflate(r, pos, stored, r->scratch, raw);
			if (!ret)
				ret = r_block_check(r, b, r->scratch, expect_pfn);
			if (ret)
				return ret;
			pages += b->end_pfn - b->first_pfn;
			expect_pfn = b->end_pfn;
			r->entries += b->nr;
			r->nr_blocks++;
			break;
		case SEC_MEMCGS:
			ret = r_table(r, &r->memcgs, pos, stored, raw, 0);
			if (ret)
				return ret;
			break;
		case SEC_FILES:
			ret = r_table(r, &r->files, pos, stored, raw, 1);
			if (ret)
				return ret;
			break;
		case SEC_TAIL:
			if (raw >= 4096)
				return fail(r, -EBADMSG, "tail record of %zu bytes", raw);
			text = malloc(raw + 1);
			if (!text)
				return fail(r, -ENOMEM, "out of memory");
			ret = r_inflate(r, pos, stored, text, raw);
			if (!ret)
				ret = r_tail(r, text, raw);
			free(text);
			if (ret)
				return ret;
			break;
		case SEC_END:
			if (raw != END_RAW || r_inflate(r, pos, stored, end, raw))
				return fail(r, -EBADMSG, "bad end record");
			if (get_le(end, 8) != r->nr_blocks ||
			    get_le(end + 8, 8) != r->entries ||
			    get_le(end + 16, 8) != pages)
				return fail(r, -EBADMSG, "end record does not match the blocks (%zu blocks, %" PRIu64 " runs, %" PRIu64 " pages)",
					    r->nr_blocks, r->entries, pages);
			if (expect_pfn != r->meta.range_end)
				return fail(r, -EBADMSG, "the blocks stop at pfn 0x%" PRIx64 ", before the recorded end 0x%" PRIx64,
					    expect_pfn, r->meta.range_end);
			have_end = 1;
			break;
		default:
			if (!(flags & SEC_F_OPTIONAL))
				return fail(r, -EPROTONOSUPPORT, "section type %u at byte %zu is not known to this pagesnap-cli (a newer one wrote the file?)",
					    type, pos - SEC_SIZE);
			break;
		}
		pos += stored;
	}
	if (pos != r->size)
		return fail(r, -EBADMSG, "%zu bytes after the end record", r->size - pos);
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	const struct snap_name *x = a, *y = b;

	if (x->major != y->major)
		return x->major < y->major ? -1 : 1;
	if (x->minor != y->minor)
		return x->minor < y->minor ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static int r_finish_open(struct snapr *r, struct snapr **rp)
{
	int ret = r_parse(r);

	if (ret) {
		*rp = r;	/* for snapr_error(); the caller closes it */
		return ret;
	}
	if (r->memcgs.nr)
		qsort(r->memcgs.v, r->memcgs.nr, sizeof(*r->memcgs.v), name_cmp);
	if (r->files.nr)
		qsort(r->files.v, r->files.nr, sizeof(*r->files.v), name_cmp);
	*rp = r;
	return 0;
}

/**
 * snapr_open_mem() - open a snapshot held in memory (not copied)
 * @buf, @size:	the file's bytes; must outlive the reader
 * @rp:		the reader, also on failure (for snapr_error()) unless
 *		-ENOMEM; snapr_close() it either way
 *
 * Return: 0, -EBADMSG (damaged or truncated), -EPROTONOSUPPORT (a newer
 * format), -ENOMEM.
 */
int snapr_open_mem(const void *buf, size_t size, struct snapr **rp)
{
	struct snapr *r = calloc(1, sizeof(*r));

	*rp = NULL;
	if (!r)
		return -ENOMEM;
	r->buf = (unsigned char *)buf;
	r->size = size;
	return r_finish_open(r, rp);
}

/** snapr_open() - read and check the snapshot file @path; see snapr_open_mem() */
int snapr_open(const char *path, struct snapr **rp)
{
	struct snapr *r = calloc(1, sizeof(*r));
	struct stat st;
	size_t done = 0;
	ssize_t got;
	int fd;

	*rp = NULL;
	if (!r)
		return -ENOMEM;
	*rp = r;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(r, -errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(r, -EINVAL, "'%s' is not a regular file", path);
	}
	r->size = (size_t)st.st_size;
	r->buf = malloc(r->size ? r->size : 1);
	r->owned = 1;
	if (!r->buf) {
		close(fd);
		return fail(r, -ENOMEM, "out of memory for '%s'", path);
	}
	while (done < r->size) {
		got = read(fd, r->buf + done, r->size - done);
		if (got <= 0) {
			close(fd);
			return fail(r, got ? -errno : -EBADMSG, "reading '%s': %s",
				    path, got ? strerror(errno) : "file shrank");
		}
		done += (size_t)got;
	}
	close(fd);
	return r_finish_open(r, rp);
}

/** snapr_error() - what went wrong, for a message */
const char *snapr_error(const struct snapr *r)
{
	return r && r->err[0] ? r->err : "out of memory";
}

/** snapr_meta() - the meta record of an open snapshot */
const struct snap_meta *snapr_meta(const struct snapr *r)
{
	return &r->meta;
}

/** snapr_entries() - how many runs the snapshot holds */
uint64_t snapr_entries(const struct snapr *r)
{
	return r->entries;
}

/**
 * snapr_walk() - hand out the recorded entries of [@start, @end)
 * @r:		reader
 * @start, @end: pfns; clipped to the recorded range
 * @runs:	1: one entry per stored run (nr_pages pages, cut at @start
 *		and @end); 0: one entry per pfn (nr_pages 1), as a
 *		PAGESNAP_IOC_QUERY without PAGESNAP_QUERY_RUNS gives them
 * @fn, @arg:	called for each; a non-zero return stops the walk
 *
 * Return: 0, what @fn returned, or -EBADMSG.
 */
int snapr_walk(struct snapr *r, uint64_t start, uint64_t end, int runs,
	       snapr_fn fn, void *arg)
{
	const struct snap_meta *m = &r->meta;
	struct pagesnap_entry e, x;
	const unsigned char *col[COL_LAST + 1];
	uint32_t ncols, i, k, id, width, stride;
	uint64_t pfn, n, lo, hi, j;
	size_t pos;
	int ret;

	if (start < m->range_start)
		start = m->range_start;
	if (end > m->range_end)
		end = m->range_end;
	for (i = 0; i < r->nr_blocks && start < end; i++) {
		struct rblock *b = &r->blocks[i];

		if (b->end_pfn <= start || b->first_pfn >= end)
			continue;
		if (r_inflate(r, b->off, b->stored, r->scratch, b->raw))
			return -EBADMSG;
		memset(col, 0, sizeof(col));
		ncols = (uint32_t)get_le(r->scratch + 12, 4);
		pos = 16 + (size_t)ncols * 8;
		for (k = 0; k < ncols; k++) {
			id = (uint32_t)get_le(r->scratch + 16 + k * 8, 4);
			width = (uint32_t)get_le(r->scratch + 20 + k * 8, 4);
			if (column_find(id))
				col[id] = r->scratch + pos;
			pos += (size_t)width * b->nr;
		}
		pfn = b->first_pfn;
		for (k = 0; k < b->nr; k++, pfn += n) {
			memset(&e, 0, sizeof(e));
			for (id = 1; id < COL_STRIDE; id++) {
				const struct column *c = column_find(id);

				if (col[id])
					field_set(&e, c, get_le(col[id] + (size_t)k * c->width,
								c->width));
			}
			stride = col[COL_STRIDE] ?
				 (uint32_t)get_le(col[COL_STRIDE] + (size_t)k * 4, 4) : 0;
			n = e.nr_pages;
			if (pfn + n <= start || pfn >= end)
				continue;
			e.pfn = pfn;
			e.head_pfn = head_load(e.valid, pfn, e.head_pfn);
			lo = pfn < start ? start - pfn : 0;
			hi = pfn + n > end ? end - pfn : n;
			if (runs) {
				snap_run_pfn(&e, stride, pfn + lo, &x);
				x.nr_pages = hi - lo;
				r->stride = stride;
				ret = fn(&x, arg);
				if (ret)
					return ret;
				continue;
			}
			for (j = lo; j < hi; j++) {
				snap_run_pfn(&e, stride, pfn + j, &x);
				ret = fn(&x, arg);
				if (ret)
					return ret;
			}
		}
	}
	return 0;
}

static int get_one(const struct pagesnap_entry *e, void *arg)
{
	*(struct pagesnap_entry *)arg = *e;
	return 1;
}

/** snapr_get() - the recorded entry of @pfn; -ERANGE outside the range */
int snapr_get(struct snapr *r, uint64_t pfn, struct pagesnap_entry *e)
{
	int ret;

	if (pfn < r->meta.range_start || pfn >= r->meta.range_end)
		return -ERANGE;
	ret = snapr_walk(r, pfn, pfn + 1, 0, get_one, e);
	return ret == 1 ? 0 : ret ? ret : -EBADMSG;
}

static const char *lookup(const struct rtable *t, uint32_t major,
			  uint32_t minor, uint64_t ino)
{
	struct snap_name key = { .major = major, .minor = minor, .ino = ino };
	const struct snap_name *s;

	if (!t->nr)
		return NULL;
	s = bsearch(&key, t->v, t->nr, sizeof(*t->v), name_cmp);
	return s ? s->path : NULL;
}

/** snapr_stride() - SNAP_STRIDE_* of the run snapr_walk(runs=1) gives */
unsigned int snapr_stride(const struct snapr *r)
{
	return r->stride;
}

/** snapr_memcg_path() - path of memcg inode @ino, or NULL */
const char *snapr_memcg_path(const struct snapr *r, uint64_t ino)
{
	return lookup(&r->memcgs, 0, 0, ino);
}

/** snapr_file_path() - path of file @major:@minor @ino, or NULL */
const char *snapr_file_path(const struct snapr *r, uint32_t major,
			    uint32_t minor, uint64_t ino)
{
	return lookup(&r->files, major, minor, ino);
}

/** snapr_memcgs() - the memcg table, sorted by inode */
size_t snapr_memcgs(const struct snapr *r, const struct snap_name **v)
{
	*v = r->memcgs.v;
	return r->memcgs.nr;
}

/** snapr_files() - the file table, sorted by device and inode */
size_t snapr_files(const struct snapr *r, const struct snap_name **v)
{
	*v = r->files.v;
	return r->files.nr;
}

/** snapr_close() - free the reader (NULL is fine) */
void snapr_close(struct snapr *r)
{
	if (!r)
		return;
	if (r->owned)
		free(r->buf);
	free(r->blocks);
	free(r->memcgs.v);
	free(r->memcgs.raw);
	free(r->files.v);
	free(r->files.raw);
	free(r->scratch);
	ZSTD_freeDCtx(r->dctx);
	free(r);
}

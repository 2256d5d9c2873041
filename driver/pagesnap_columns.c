// SPDX-License-Identifier: GPL-2.0
/*
 * PAGESNAP_IOC_COLUMNS: snapshot a range of pfns into one dense user
 * array per field the caller names.
 *
 * The walk (pagesnap_walk.h) is the query's; what differs is what a page
 * costs.  Only the fields asked for are computed (pagesnap_encode_fields()
 * with the matching valid bits; kpf alone skips the encoder) and only
 * their bytes are gathered, column by column, into the file's bounce
 * buffer, which is copied to the caller's arrays whenever it is full and
 * at the end.  The run key is relaxed to what the asked-for fields depend
 * on, so a run can be longer than the query's.
 */
#include <linux/bitops.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_walk.h"

/* Where each column's value lives in an entry, and its valid bits. */
struct ps_col_desc {
	u64 col;
	u16 off;
	u64 want;
};

/* Indexed by bit number; the bits between the two sizes have no column. */
#define PS_COL(c, field, valid) \
	[ilog2(PAGESNAP_COL_##c)] = \
	{ PAGESNAP_COL_##c, offsetof(struct pagesnap_entry, field), valid }

static const struct ps_col_desc ps_col_descs[] = {
	PS_COL(KPF, kpf, 0),
	PS_COL(SNAP_FLAGS, snap_flags, PAGESNAP_VALID_PINCOUNT),
	PS_COL(VALID, valid, PAGESNAP_VALID_ALL),
	PS_COL(RAW_FLAGS, raw_flags, 0),
	PS_COL(HEAD_PFN, head_pfn, 0),
	PS_COL(MEMCG, memcg_ino, PAGESNAP_VALID_MEMCG),
	PS_COL(FILE_INO, file_ino, PAGESNAP_VALID_FILE),
	PS_COL(FILE_INDEX, file_index, PAGESNAP_VALID_FILE),
	PS_COL(OWNER_HASH, owner_hash, PAGESNAP_VALID_OWNER_HASH),
	PS_COL(FILE_DEV_MAJOR, file_dev_major, PAGESNAP_VALID_FILE),
	PS_COL(FILE_DEV_MINOR, file_dev_minor, PAGESNAP_VALID_FILE),
	PS_COL(REFCOUNT, refcount, PAGESNAP_VALID_REFCOUNT),
	PS_COL(MAPCOUNT, mapcount, PAGESNAP_VALID_MAPCOUNT),
	PS_COL(ENTIRE_MAPCOUNT, entire_mapcount,
	       PAGESNAP_VALID_ENTIRE_MAPCOUNT),
	PS_COL(FOLIO_MAPCOUNT, folio_mapcount, PAGESNAP_VALID_FOLIO_MAPCOUNT),
	PS_COL(PINCOUNT, pincount, PAGESNAP_VALID_PINCOUNT),
	PS_COL(ORDER, order, 0),
	PS_COL(INDEX, index, 0),
	PS_COL(PAGE_TYPE, page_type, PAGESNAP_VALID_PAGE_TYPE),
	PS_COL(BUDDY_ORDER, buddy_order, PAGESNAP_VALID_BUDDY_ORDER),
	PS_COL(MAPPING_KIND, mapping_kind, PAGESNAP_VALID_MAPPING_KIND),
	PS_COL(NID, nid, PAGESNAP_VALID_NODE_ZONE),
	PS_COL(ZONE, zone, PAGESNAP_VALID_NODE_ZONE),
};

#define PS_NR_COLS	HWEIGHT64(PAGESNAP_COLS_ALL)

static_assert(ARRAY_SIZE(ps_col_descs) == ilog2(PAGESNAP_COLS_ALL) + 1);

/* Columns whose value differs between the tails of one folio. */
#define PS_COLS_PER_PAGE (PAGESNAP_COL_INDEX | PAGESNAP_COL_FILE_INDEX | \
			  PAGESNAP_COL_HEAD_PFN)

/* Columns whose value depends on the refcount, a memcg, the file. */
#define PS_COLS_REFCOUNT (PAGESNAP_COL_REFCOUNT | PAGESNAP_COL_SNAP_FLAGS | \
			  PAGESNAP_COL_PINCOUNT | PAGESNAP_COL_VALID | \
			  PS_COLS_FILE)
#define PS_COLS_FILE	(PAGESNAP_COL_FILE_INO | PAGESNAP_COL_FILE_INDEX | \
			 PAGESNAP_COL_FILE_DEV_MAJOR | \
			 PAGESNAP_COL_FILE_DEV_MINOR)

/**
 * struct ps_col - one requested column
 * @off:	offset of its value in struct pagesnap_entry
 * @size:	bytes per value, 8 or 4
 * @dst:	the caller's array
 * @buf:	its part of the bounce buffer, chunk values
 */
struct ps_col {
	u16 off;
	u16 size;
	u8 __user *dst;
	u8 *buf;
};

/**
 * struct ps_columns - state of one columns call
 * @w:		the walk
 * @nr:		columns requested
 * @chunk:	pfns the bounce buffer holds
 * @used:	pfns gathered into it and not yet copied out
 * @done:	pfns copied out so far
 * @want:	PAGESNAP_VALID_* fields to encode
 * @encode:	some column needs more than kpf
 * @run:	the run's values, as an entry (pfn and head_pfn advance)
 * @entry:	scratch entry
 * @col:	the columns, in bit order
 */
struct ps_columns {
	struct pagesnap_walk w;
	unsigned int nr;
	u32 chunk;
	u32 used;
	u64 done;
	u64 want;
	bool encode;
	struct pagesnap_entry run;
	struct pagesnap_entry entry;
	struct ps_col col[PS_NR_COLS];
};

static_assert(sizeof(struct ps_columns) <= PAGESNAP_FILE_STATE_BYTES);

static struct ps_columns *to_columns(struct pagesnap_walk *w)
{
	return container_of(w, struct ps_columns, w);
}

/*
 * Gather @n values of entry @e, for the pfns from @pfn on; with @advance
 * (a run of small pages) head_pfn is each pfn's own.
 */
static void ps_columns_put(struct ps_columns *cs,
			   const struct pagesnap_entry *e, unsigned long pfn,
			   unsigned long n, bool advance)
{
	const u8 *src = (const u8 *)e;
	unsigned long i;
	unsigned int k;

	for (k = 0; k < cs->nr; k++) {
		const struct ps_col *c = &cs->col[k];
		u8 *dst = c->buf + (size_t)cs->used * c->size;

		if (advance &&
		    c->off == offsetof(struct pagesnap_entry, head_pfn)) {
			for (i = 0; i < n; i++)
				((u64 *)dst)[i] = pfn + i;
		} else if (c->size == 8) {
			u64 v = *(const u64 *)(src + c->off);

			for (i = 0; i < n; i++)
				((u64 *)dst)[i] = v;
		} else {
			u32 v = *(const u32 *)(src + c->off);

			for (i = 0; i < n; i++)
				((u32 *)dst)[i] = v;
		}
	}
	cs->used += n;
	cs->w.room = cs->chunk - cs->used;
}

/* One value: put_user(), without copy_to_user()'s object checks. */
static int ps_columns_put_one(const struct ps_col *c, u64 done)
{
	if (c->size == 8)
		return put_user(*(u64 *)c->buf, (u64 __user *)c->dst + done);
	return put_user(*(u32 *)c->buf, (u32 __user *)c->dst + done);
}

static int ps_columns_flush(struct ps_columns *cs)
{
	unsigned int k;

	for (k = 0; k < cs->nr; k++) {
		const struct ps_col *c = &cs->col[k];

		if (cs->used == 1) {
			if (ps_columns_put_one(c, cs->done))
				return -EFAULT;
		} else if (copy_to_user(c->dst + cs->done * c->size, c->buf,
					(size_t)cs->used * c->size)) {
			return -EFAULT;
		}
	}
	cs->done += cs->used;
	cs->used = 0;
	cs->w.room = cs->chunk;
	return 0;
}

static unsigned long ps_columns_hole(struct pagesnap_walk *w,
				     unsigned long pfn, unsigned long n)
{
	struct ps_columns *cs = to_columns(w);

	n = min_t(u64, n, w->room);
	pagesnap_encode_hole(&cs->entry, pfn);
	ps_columns_put(cs, &cs->entry, pfn, n, false);
	return n;
}

static bool ps_columns_page(struct pagesnap_walk *w, struct page *page)
{
	struct ps_columns *cs = to_columns(w);
	struct pagesnap_entry *e = &cs->entry;
	u64 kpf = pagesnap_kpf(&w->snap, page, &w->memo);

	if (cs->encode) {
		pagesnap_encode_fields(e, &w->snap, page, kpf, &w->memo,
				       cs->want);
	} else {
		e->kpf = kpf;
		e->pfn = w->snap.pfn;
	}
	ps_columns_put(cs, e, e->pfn, 1, false);
	if (!w->small && !(w->policy & PS_RUN_TAILS))
		return false;
	/* the run's values: only kpf when that is all there is */
	if (cs->encode)
		cs->run = *e;
	else
		cs->run.kpf = kpf;
	return true;
}

static unsigned long ps_columns_run(struct pagesnap_walk *w,
				    unsigned long pfn, unsigned long n)
{
	struct ps_columns *cs = to_columns(w);

	n = min_t(u64, n, w->room);
	ps_columns_put(cs, &cs->run, pfn, n, true);
	return n;
}

static int ps_columns_batch_end(struct pagesnap_walk *w)
{
	struct ps_columns *cs = to_columns(w);

	return cs->used == cs->chunk ? ps_columns_flush(cs) : 0;
}

static const struct pagesnap_walk_ops ps_columns_ops = {
	.hole		= ps_columns_hole,
	.page		= ps_columns_page,
	.run		= ps_columns_run,
	.batch_end	= ps_columns_batch_end,
};

/* The run key: what the asked-for fields do not depend on is left out. */
static unsigned int ps_columns_policy(u64 fields)
{
	unsigned int policy = 0;

	if (!(fields & PAGESNAP_COL_MEMCG))
		policy |= PS_RUN_ANY_MEMCG;
	if (!(fields & PS_COLS_REFCOUNT))
		policy |= PS_RUN_REFZERO;
	if (!(fields & (PS_COLS_FILE | PAGESNAP_COL_VALID)))
		policy |= PS_RUN_MAPPING;
	else
		policy |= PS_RUN_OWNER;
	if (!(fields & PS_COLS_PER_PAGE))
		policy |= PS_RUN_TAILS;
	return policy;
}

/* Everything documented in uapi/linux/pagesnap.h, in that order. */
static int ps_columns_check(const struct pagesnap_columns *c,
			    unsigned long pfn_end)
{
	u64 end;

	if (c->flags || c->reserved0 || c->reserved[0] || c->reserved[1])
		return -EINVAL;
	if (!c->nr_pfns || !c->fields || c->fields & ~PAGESNAP_COLS_ALL)
		return -EINVAL;
	if (check_add_overflow(c->start_pfn, c->nr_pfns, &end))
		return -EOVERFLOW;
	if (c->start_pfn >= pfn_end)
		return -ERANGE;
	return 0;
}

/* The PAGESNAP_VALID_* fields the columns in @fields are made from. */
static u64 ps_columns_want(u64 fields)
{
	u64 want = 0;

	for (; fields; fields &= fields - 1)
		want |= ps_col_descs[__ffs64(fields)].want;
	return want;
}

/*
 * Array @k of the caller's table, checked for @nr values of @size bytes.
 * Return: 0, -EFAULT (the table) or -EOVERFLOW (the array's end wraps).
 */
static int ps_columns_array(u64 __user *table, unsigned int k, size_t size,
			    u64 nr, u8 __user **dst)
{
	u64 addr, last;

	if (get_user(addr, table + k))
		return -EFAULT;
	if (check_add_overflow(addr, nr * size, &last))
		return -EOVERFLOW;
	*dst = u64_to_user_ptr(addr);
	return 0;
}

/*
 * Read the caller's array table into @cs, checking the end of each array
 * for the @nr values the call can write at most.
 */
static int ps_columns_arrays(struct ps_columns *cs,
			     const struct pagesnap_columns *c, u64 nr)
{
	u64 __user *table = u64_to_user_ptr(c->arrays);
	unsigned int i, k = 0;
	int ret;

	for (i = 0; i < ARRAY_SIZE(ps_col_descs); i++) {
		const struct ps_col_desc *d = &ps_col_descs[i];
		struct ps_col *col;

		if (!(c->fields & d->col))
			continue;
		col = &cs->col[k];
		col->off = d->off;
		col->size = PAGESNAP_COL_SIZE(d->col);
		ret = ps_columns_array(table, k++, col->size, nr, &col->dst);
		if (ret)
			return ret;
	}
	cs->want = ps_columns_want(c->fields);
	cs->nr = k;
	return 0;
}

static int ps_columns_walk(struct ps_columns *cs, struct pagesnap_columns *c,
			   unsigned long pfn_end, struct pagesnap_scratch *sc)
{
	unsigned long pfn = c->start_pfn;
	unsigned long end = min_t(u64, c->start_pfn + c->nr_pfns, pfn_end);
	size_t per_pfn = 0;
	unsigned int k;
	u8 *p;
	int ret;

	for (k = 0; k < cs->nr; k++)
		per_pfn += cs->col[k].size;
	cs->chunk = sc->bytes / per_pfn;
	for (p = sc->buf, k = 0; k < cs->nr; k++) {
		cs->col[k].buf = p;
		p += (size_t)cs->chunk * cs->col[k].size;
	}
	cs->encode = c->fields & ~PAGESNAP_COL_KPF;
	memset(&cs->entry, 0, sizeof(cs->entry));
	memset(&cs->run, 0, sizeof(cs->run));
	pagesnap_walk_init(&cs->w, ps_columns_policy(c->fields), true);
	/* kpf reads nothing of a small folio but its page */
	cs->w.lean = !cs->encode;
	cs->w.room = cs->chunk;
	cs->used = 0;
	cs->done = 0;

	ret = pagesnap_walk(&cs->w, &ps_columns_ops, &pfn, end);
	if (!ret)
		ret = ps_columns_flush(cs);
	c->next_pfn = pfn;
	c->nr_done = cs->done;
	return ret;
}

/* Bytes per pfn of the columns in @fields. */
static size_t ps_columns_width(u64 fields)
{
	return hweight64(fields & PAGESNAP_COLS_U64) * 8 +
	       hweight64(fields & ~PAGESNAP_COLS_U64) * 4;
}

/*
 * The entry of one small page or hole, in @e (only kpf in it when that
 * is all @fields asks for).  Return: false when the pfn takes the walk.
 */
static noinline_for_stack bool ps_columns_one(u64 fields, unsigned long pfn,
					      struct pagesnap_entry *e)
{
	struct pagesnap_snap snap;
	struct pagesnap_memo memo;
	struct page *page;
	int ret;

	rcu_read_lock();
	ret = pagesnap_walk_one(&snap, pfn, &page);
	if (!ret && page) {
		pagesnap_memo_init(&memo);
		e->kpf = pagesnap_kpf(&snap, page, &memo);
		if (fields != PAGESNAP_COL_KPF) {
			memset(&snap.folio_pages[1], 0,
			       sizeof(snap.folio_pages) - sizeof(struct page));
			pagesnap_encode_fields(e, &snap, page, e->kpf, &memo,
					       ps_columns_want(fields));
		}
	}
	rcu_read_unlock();
	if (ret)
		return false;
	if (!page)
		pagesnap_encode_hole(e, pfn);
	return true;
}

/*
 * A COLUMNS call of one pfn, in the walk's range: its values put to the
 * caller's arrays, checked first as ps_columns_arrays() checks them.
 * Return: 1, 0 when the pfn takes the walk, or a negative errno.
 */
static int ps_columns_ioctl_one(const struct pagesnap_columns *c)
{
	u64 __user *table = u64_to_user_ptr(c->arrays);
	u8 __user *dst[PS_NR_COLS];
	struct pagesnap_entry e;
	unsigned int k;
	u64 rest;
	int ret;

	for (rest = c->fields, k = 0; rest; rest &= rest - 1, k++) {
		ret = ps_columns_array(table, k, PAGESNAP_COL_SIZE(rest & -rest),
				       1, &dst[k]);
		if (ret)
			return ret;
	}
	if (!ps_columns_one(c->fields, c->start_pfn, &e))
		return 0;
	for (rest = c->fields, k = 0; rest; rest &= rest - 1, k++) {
		const struct ps_col_desc *d = &ps_col_descs[__ffs64(rest)];
		const void *v = (const u8 *)&e + d->off;

		if (PAGESNAP_COL_SIZE(rest & -rest) == 8)
			ret = put_user(*(const u64 *)v, (u64 __user *)dst[k]);
		else
			ret = put_user(*(const u32 *)v, (u32 __user *)dst[k]);
		if (ret)
			return -EFAULT;
	}
	return 1;
}

#ifdef PAGESNAP_KUNIT
/**
 * pagesnap_columns_table_ok() - is every column where its bit says
 *
 * Return: true when the column table has an entry for each bit of
 * PAGESNAP_COLS_ALL, at that bit's index, and no other.
 */
bool pagesnap_columns_table_ok(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ps_col_descs); i++)
		if (ps_col_descs[i].col !=
		    (PAGESNAP_COLS_ALL & BIT_ULL(i)))
			return false;
	return true;
}
#endif

/**
 * pagesnap_ioctl_columns() - PAGESNAP_IOC_COLUMNS
 * @file:	the open file (its bounce buffer)
 * @cmd:	the command; its size field is the caller's struct size
 * @uarg:	the caller's struct pagesnap_columns
 *
 * Return: 0 or a negative errno as documented in uapi/linux/pagesnap.h.
 * On error nothing is reported back: a partial result is never success.
 */
long pagesnap_ioctl_columns(struct file *file, unsigned int cmd,
			    void __user *uarg)
{
	size_t usize = _IOC_SIZE(cmd);
	unsigned long pfn_start, pfn_end;
	struct pagesnap_scratch sc;
	struct pagesnap_columns c;
	struct ps_columns *cs;
	u64 nr;
	int ret;

	if (usize < PAGESNAP_COLUMNS_SIZE_VER0 || usize % 8)
		return -EINVAL;
	ret = copy_struct_from_user(&c, sizeof(c), uarg, usize);
	if (ret)
		return ret;
	pagesnap_pfn_range(&pfn_start, &pfn_end);
	ret = ps_columns_check(&c, pfn_end);
	if (ret)
		return ret;

	if (c.nr_pfns == 1) {
		ret = ps_columns_ioctl_one(&c);
		if (ret < 0)
			return ret;
		if (ret) {
			c.next_pfn = c.start_pfn + 1;
			c.nr_done = 1;
			goto out;
		}
	}
	/* the most values one call writes: the range clipped as it walks */
	nr = min_t(u64, min_t(u64, c.nr_pfns, pfn_end - c.start_pfn),
		   PAGESNAP_MAX_PFNS_PER_CALL);
	ret = pagesnap_file_get(file, ps_columns_width(c.fields) * nr, &sc);
	if (ret)
		return ret;
	cs = sc.state;
	ret = ps_columns_arrays(cs, &c, nr);
	if (!ret)
		ret = ps_columns_walk(cs, &c, pfn_end, &sc);
	pagesnap_file_put(file, &sc);
	if (ret)
		return ret;
out:
	/* next_pfn and nr_done are the only outputs, as in the query */
	if (put_user(c.next_pfn, (u64 __user *)(uarg +
			offsetof(struct pagesnap_columns, next_pfn))) ||
	    put_user(c.nr_done, (u64 __user *)(uarg +
			offsetof(struct pagesnap_columns, nr_done))))
		return -EFAULT;
	return 0;
}

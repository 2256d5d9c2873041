// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * PAGESNAP_IOC_STATS: in-kernel statistics of any pfn range, summed over
 * as many calls as the range needs (each covers at most max_pfns pfns),
 * with the combination and zone tables of the calls merged by key.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

/* Zone slots asked for per call: far more (node, zone) pairs than exist. */
#define STATS_ZONES	256

static int stats_ioctl(int fd, struct pagesnap_stats *st)
{
	return ioctl(fd, PAGESNAP_IOC_STATS, st) < 0 ? -errno : 0;
}

struct merge {
	struct pagesnap_stats_result *r;
	size_t cap_combos, cap_zones;
	uint32_t *index;	/* open addressing over r->combos, ~0: empty */
	size_t index_size;	/* a power of two > 2 * cap_combos */
};

static size_t hash(uint64_t kpf, size_t size)
{
	return (size_t)((kpf * 0x9e3779b97f4a7c15ULL) >> 32) & (size - 1);
}

static int grow_combos(struct merge *m)
{
	struct pagesnap_stats_result *r = m->r;
	size_t cap = m->cap_combos ? 2 * m->cap_combos : 256, i, size = 4 * cap;
	struct pagesnap_stats_combo *c;
	uint32_t *index;

	c = realloc(r->combos, cap * sizeof(*c));
	if (!c)
		return -ENOMEM;
	r->combos = c;
	index = malloc(size * sizeof(*index));
	if (!index)
		return -ENOMEM;
	memset(index, 0xff, size * sizeof(*index));
	for (i = 0; i < r->nr_combos; i++) {
		size_t h = hash(c[i].kpf, size);

		while (index[h] != UINT32_MAX)
			h = (h + 1) & (size - 1);
		index[h] = (uint32_t)i;
	}
	free(m->index);
	m->index = index;
	m->index_size = size;
	m->cap_combos = cap;
	return 0;
}

static int merge_combo(struct merge *m, const struct pagesnap_stats_combo *c)
{
	struct pagesnap_stats_result *r = m->r;
	size_t h;
	int ret;

	if (r->nr_combos == m->cap_combos) {
		ret = grow_combos(m);
		if (ret)
			return ret;
	}
	for (h = hash(c->kpf, m->index_size); m->index[h] != UINT32_MAX;
	     h = (h + 1) & (m->index_size - 1)) {
		if (r->combos[m->index[h]].kpf == c->kpf) {
			r->combos[m->index[h]].pages += c->pages;
			return 0;
		}
	}
	m->index[h] = (uint32_t)r->nr_combos;
	r->combos[r->nr_combos++] = *c;
	return 0;
}

static int merge_zone(struct merge *m, const struct pagesnap_stats_zone *z)
{
	struct pagesnap_stats_result *r = m->r;
	struct pagesnap_stats_zone *d;
	size_t i, o;

	for (i = 0; i < r->nr_zones; i++) {
		d = &r->zones[i];
		if (d->nid != z->nid || d->zone != z->zone)
			continue;
		d->pages += z->pages;
		d->free_pages += z->free_pages;
		for (o = 0; o < PAGESNAP_STATS_BUDDY_ORDERS; o++)
			d->free_blocks[o] += z->free_blocks[o];
		return 0;
	}
	if (r->nr_zones == m->cap_zones) {
		size_t cap = m->cap_zones ? 2 * m->cap_zones : 8;

		d = realloc(r->zones, cap * sizeof(*d));
		if (!d)
			return -ENOMEM;
		r->zones = d;
		m->cap_zones = cap;
	}
	r->zones[r->nr_zones++] = *z;
	return 0;
}

static void add(uint64_t *dst, const __u64 *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] += src[i];
}

/* One call's answer, checked and added in. */
static int merge_call(struct merge *m, const struct pagesnap_stats *st,
		      const struct pagesnap_stats_combo *combos,
		      const struct pagesnap_stats_zone *zones)
{
	struct pagesnap_stats_result *r = m->r;
	uint32_t i;
	int ret;

	if (st->next_pfn <= st->start_pfn ||
	    st->next_pfn - st->start_pfn > st->nr_pfns ||
	    st->pfns != st->next_pfn - st->start_pfn ||
	    st->holes + st->faithful + st->unfaithful != st->pfns ||
	    st->nr_combos > st->max_combos || st->nr_zones > st->max_zones)
		return -EPROTO;
	r->pfns += st->pfns;
	r->holes += st->holes;
	r->faithful += st->faithful;
	r->unfaithful += st->unfaithful;
	r->free_pages += st->free_pages;
	r->other_pages += st->other_pages;
	r->other_zone_pages += st->other_zone_pages;
	add(r->by_order, st->by_order, PAGESNAP_STATS_ORDERS);
	add(r->folios_by_order, st->folios_by_order, PAGESNAP_STATS_ORDERS);
	add(r->by_type, st->by_type, PAGESNAP_STATS_TYPES);
	add(r->by_kind, st->by_kind, PAGESNAP_STATS_KINDS);
	for (i = 0; i < st->nr_combos; i++) {
		ret = merge_combo(m, &combos[i]);
		if (ret)
			return ret;
	}
	for (i = 0; i < st->nr_zones; i++) {
		ret = merge_zone(m, &zones[i]);
		if (ret)
			return ret;
	}
	r->calls++;
	return 0;
}

/**
 * pagesnap_stats_free() - free a result of pagesnap_stats_collect()
 * @r: the result, or NULL
 */
void pagesnap_stats_free(struct pagesnap_stats_result *r)
{
	if (!r)
		return;
	free(r->combos);
	free(r->zones);
	free(r);
}

/**
 * pagesnap_stats_collect() - in-kernel statistics of [@start_pfn, @end_pfn)
 * @ps:        handle
 * @start_pfn: first pfn; raised to the driver's pfn_start
 * @end_pfn:   one past the last pfn; lowered to the driver's pfn_end
 *             (UINT64_MAX: to the end of memory)
 * @kpf_mask:  kpf bits that make up a combination (~0: all)
 * @resultp:   the new result, to free with pagesnap_stats_free()
 *
 * The handle's filter does not apply.  No entry is copied out of the
 * kernel.
 *
 * Return: 0, -EINVAL (bad argument, @start_pfn >= @end_pfn after
 * clipping), -EOPNOTSUPP (driver without PAGESNAP_FEAT_STATS), -ENOMEM,
 * -EPROTO (the driver answered nonsense), or an ioctl error.
 */
int pagesnap_stats_collect(struct pagesnap *ps, uint64_t start_pfn,
			   uint64_t end_pfn, uint64_t kpf_mask,
			   struct pagesnap_stats_result **resultp)
{
	struct pagesnap_stats_combo *combos = NULL;
	struct pagesnap_stats_zone *zones = NULL;
	struct merge m = { 0 };
	struct pagesnap_stats st;
	uint64_t pfn;
	int ret;

	if (!ps || !resultp)
		return ps_err(-EINVAL);
	ret = ps_refresh_info(ps);
	if (ret)
		return ret;
	if (!(ps->info.features & PAGESNAP_FEAT_STATS))
		return ps_err(-EOPNOTSUPP);
	if (start_pfn < ps->info.pfn_start)
		start_pfn = ps->info.pfn_start;
	if (end_pfn > ps->info.pfn_end)
		end_pfn = ps->info.pfn_end;
	if (start_pfn >= end_pfn)
		return ps_err(-EINVAL);

	m.r = calloc(1, sizeof(*m.r));
	combos = malloc(PAGESNAP_STATS_MAX_COMBOS * sizeof(*combos));
	zones = malloc(STATS_ZONES * sizeof(*zones));
	if (!m.r || !combos || !zones) {
		ret = -ENOMEM;
		goto out;
	}
	m.r->start_pfn = start_pfn;
	for (pfn = start_pfn; pfn < end_pfn; pfn = st.next_pfn) {
		memset(&st, 0, sizeof(st));
		st.start_pfn = pfn;
		st.nr_pfns = end_pfn - pfn;
		st.kpf_mask = kpf_mask;
		st.combos = (uintptr_t)combos;
		st.max_combos = PAGESNAP_STATS_MAX_COMBOS;
		st.zones = (uintptr_t)zones;
		st.max_zones = STATS_ZONES;
		ret = stats_ioctl(ps->fd, &st);
		if (!ret && st.start_pfn != pfn)
			ret = -EPROTO;
		if (!ret)
			ret = merge_call(&m, &st, combos, zones);
		if (ret)
			goto out;
	}
	m.r->end_pfn = pfn;
	*resultp = m.r;
	m.r = NULL;
	ret = 0;
out:
	pagesnap_stats_free(m.r);
	free(m.index);
	free(combos);
	free(zones);
	return ret ? ps_err(ret) : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Bench-only: the memmap-read floor.
 *
 * Built only with PAGESNAP_BENCH=1 (see Kbuild); a normal module has no
 * such command.  PAGESNAP_IOC_BENCH_FLOOR reads the flags word of every
 * online struct page of a range and nothing else, through the walk
 * engine (its batches, RCU sections, per-call cap and subsection
 * lookups), so it is the like-for-like lower bound of any walk that
 * looks at every page.
 */
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_bench.h"
#include "pagesnap_walk.h"

struct ps_floor {
	struct pagesnap_walk w;
	u64 pages;
	u64 holes;
	unsigned long sum;
};

static unsigned long ps_floor_hole(struct pagesnap_walk *w, unsigned long pfn,
				   unsigned long n)
{
	container_of(w, struct ps_floor, w)->holes += n;
	return n;
}

static unsigned long ps_floor_visit(struct pagesnap_walk *w, struct page *page,
				    unsigned long pfn)
{
	struct ps_floor *f = container_of(w, struct ps_floor, w);

	f->sum ^= READ_ONCE(page->flags);
	f->pages++;
	return 1;
}

static const struct pagesnap_walk_ops ps_floor_ops = {
	.hole	= ps_floor_hole,
	.visit	= ps_floor_visit,
};

long pagesnap_ioctl_bench(unsigned int cmd, void __user *uarg)
{
	struct pagesnap_bench_floor fl;
	unsigned long pfn, end, start_pfn, pfn_end;
	struct ps_floor *f;
	u64 t0;
	int ret;

	if (cmd != PAGESNAP_IOC_BENCH_FLOOR)
		return -ENOTTY;
	if (copy_from_user(&fl, uarg, sizeof(fl)))
		return -EFAULT;
	pagesnap_pfn_range(&start_pfn, &pfn_end);
	if (!fl.nr_pfns || fl.start_pfn >= pfn_end)
		return -ERANGE;
	f = kmalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	pfn = fl.start_pfn;
	end = pfn + min_t(u64, fl.nr_pfns, pfn_end - pfn);
	pagesnap_walk_init(&f->w, 0, false);
	f->w.room = U64_MAX;
	f->pages = 0;
	f->holes = 0;
	f->sum = 0;

	t0 = ktime_get_ns();
	ret = pagesnap_walk(&f->w, &ps_floor_ops, &pfn, end);
	fl.elapsed_ns = ktime_get_ns() - t0;
	fl.pages = f->pages;
	fl.holes = f->holes;
	fl.sum = f->sum;
	kfree(f);
	if (ret)
		return ret;
	if (copy_to_user(uarg, &fl, sizeof(fl)))
		return -EFAULT;
	return 0;
}

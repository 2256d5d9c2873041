// SPDX-License-Identifier: GPL-2.0
/*
 * Bench-only: the memmap-read floor.
 *
 * Built only with PAGESNAP_BENCH=1 (see Kbuild); a normal module has no
 * such command.  PAGESNAP_IOC_BENCH_FLOOR reads the flags word of every
 * online struct page of a range, looking pages up the way the query and
 * stats walks do (pagesnap_cursor_page()), and nothing else: the lower
 * bound of any walk that looks at every page.
 */
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_bench.h"
#include "pagesnap_walk.h"

#define PS_FLOOR_BATCH_PFNS	4096

long pagesnap_ioctl_bench(unsigned int cmd, void __user *uarg)
{
	struct pagesnap_bench_floor fl;
	struct pagesnap_cursor cur;
	unsigned long pfn, end, stop, start_pfn, pfn_end;
	unsigned long sum = 0;
	u64 t0;

	if (cmd != PAGESNAP_IOC_BENCH_FLOOR)
		return -ENOTTY;
	if (copy_from_user(&fl, uarg, sizeof(fl)))
		return -EFAULT;
	pagesnap_pfn_range(&start_pfn, &pfn_end);
	if (!fl.nr_pfns || fl.start_pfn >= pfn_end)
		return -ERANGE;
	pfn = fl.start_pfn;
	end = min_t(u64, pfn_end, pfn + min_t(u64, fl.nr_pfns,
					      pfn_end - pfn));
	fl.pages = 0;
	fl.holes = 0;
	cur.buddy_pfn = ULONG_MAX;

	t0 = ktime_get_ns();
	while (pfn < end) {
		cond_resched();
		if (fatal_signal_pending(current))
			return -EINTR;
		stop = min(end, pfn + PS_FLOOR_BATCH_PFNS);
		cur.sub_pfn = ULONG_MAX;
		cur.sub_page = NULL;
		while (pfn < stop) {
			struct page *page = pagesnap_cursor_page(&cur, pfn);
			unsigned long n;

			if (!page) {
				/* as the walks do: a hole is a subsection */
				n = min(pagesnap_hole_span(pfn), stop - pfn);
				fl.holes += n;
				pfn += n;
				continue;
			}
			sum ^= READ_ONCE(page->flags);
			fl.pages++;
			pfn++;
		}
	}
	fl.elapsed_ns = ktime_get_ns() - t0;
	fl.sum = sum;
	if (copy_to_user(uarg, &fl, sizeof(fl)))
		return -EFAULT;
	return 0;
}

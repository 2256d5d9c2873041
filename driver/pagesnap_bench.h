/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Bench-only ABI of pagesnap.ko, present only in modules built with
 * PAGESNAP_BENCH=1 (bench/run-bench.sh does).  Not part of the uapi: a
 * normal build answers this command with ENOTTY.  bench/bench.c includes
 * this header.
 */
#ifndef _PAGESNAP_BENCH_H
#define _PAGESNAP_BENCH_H

#include <linux/types.h>
#include <linux/ioctl.h>

/**
 * struct pagesnap_bench_floor - the memmap-read floor
 * @start_pfn:	in: first pfn
 * @nr_pfns:	in: number of pfns (clipped to pagesnap_info.pfn_end)
 * @pages:	out: online struct pages whose flags word was read
 * @holes:	out: pfns without an online page
 * @elapsed_ns:	out: time spent in the walk
 * @sum:	out: xor of the flags words read (keeps the reads alive)
 */
struct pagesnap_bench_floor {
	__u64 start_pfn;
	__u64 nr_pfns;
	__u64 pages;
	__u64 holes;
	__u64 elapsed_ns;
	__u64 sum;
};

#define PAGESNAP_IOC_BENCH_FLOOR \
	_IOWR(0xB9, 0x0F, struct pagesnap_bench_floor)

#endif /* _PAGESNAP_BENCH_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshots taken while folios are split and freed under the reader: the
 * case snapshot_page() exists for.  Child processes keep creating THPs,
 * splitting them (debugfs split_huge_pages, partial munmap) and freeing
 * them; meanwhile this process snapshots their pfns over and over.  Every
 * entry must still be self-consistent (head_pfn + index == pfn, index <
 * 2^order), and the kernel must not complain (the host checks dmesg).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "helpers.h"

#define SPLIT_PATH	"/sys/kernel/debug/split_huge_pages"
#define RACE_SECONDS	4
#define NR_THP		8

static const char *need_race(void)
{
	if (!ps_thp_available())
		return "no transparent hugepages in this kernel";
	if (access(SPLIT_PATH, W_OK))
		return "no " SPLIT_PATH " (debugfs, CONFIG_DEBUG_FS)";
	return NULL;
}

/* Child: THPs born, split and freed in a loop; their pfns go to @wfd. */
static void churn(int wfd)
{
	for (;;) {
		char *m = mmap(NULL, (NR_THP + 1) * THP_SZ, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *p;
		int i;

		if (m == MAP_FAILED)
			_exit(1);
		p = (char *)(((uintptr_t)m + THP_SZ - 1) & ~(THP_SZ - 1));
		madvise(p, NR_THP * THP_SZ, MADV_HUGEPAGE);
		for (i = 0; i < NR_THP; i++) {
			uint64_t pfn;

			memset(p + i * THP_SZ, i, THP_SZ);
			pfn = ps_vaddr_pfn(p + i * THP_SZ);
			if (pfn && write(wfd, &pfn, sizeof(pfn)) < 0)
				_exit(0);
		}
		/* split some PMD mappings (folio split deferred) ... */
		for (i = 0; i < NR_THP; i += 2)
			munmap(p + i * THP_SZ + PAGE_SZ, PAGE_SZ);
		/* ... and split every THP of the system now and then */
		ps_write_sysfs(SPLIT_PATH, "1");
		munmap(m, (NR_THP + 1) * THP_SZ);
	}
}

static void test_split_race(void)
{
	struct pagesnap_entry *ents = calloc(512, sizeof(*ents));
	uint64_t pfns[64], rounds = 0, entries = 0, unfaithful = 0;
	int p[2], i, st, npfn = 0;
	pid_t kids[2];
	time_t end;

	ASSERT_TRUE(ents != NULL);
	ASSERT_OK(pipe2(p, O_NONBLOCK));
	for (i = 0; i < 2; i++) {
		kids[i] = fork();
		ASSERT_TRUE(kids[i] >= 0);
		if (kids[i] == 0) {
			close(p[0]);
			fcntl(p[1], F_SETFL, 0);
			churn(p[1]);
		}
	}
	close(p[1]);
	end = time(NULL) + RACE_SECONDS;
	while (time(NULL) < end) {
		uint64_t pfn;
		uint32_t j;

		while (read(p[0], &pfn, sizeof(pfn)) == sizeof(pfn))
			pfns[npfn++ % 64] = pfn;
		for (i = 0; i < npfn && i < 64; i++) {
			struct pagesnap_query q;
			uint64_t base = pfns[i] & ~511ULL;

			ps_query_init(&q, base, 512, ents, 512);
			if (ps_ioctl_query(&q)) {
				EXPECT_OK(ps_ioctl_query(&q));
				goto out;
			}
			for (j = 0; j < q.filled; j++) {
				const struct pagesnap_entry *e = &ents[j];

				entries++;
				if (!(e->snap_flags & PAGESNAP_SF_FAITHFUL)) {
					unfaithful++;
					continue;
				}
				if (e->pfn != base + j || e->index >= (1ULL << e->order) ||
				    e->head_pfn + e->index != e->pfn) {
					ps_check_entry(e, base + j);
					goto out;
				}
			}
			rounds++;
		}
	}
out:
	for (i = 0; i < 2; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], &st, 0);
	}
	close(p[0]);
	printf("  split race: %llu queries, %llu entries, %llu unfaithful\n",
	       (unsigned long long)rounds, (unsigned long long)entries,
	       (unsigned long long)unfaithful);
	EXPECT_GT(rounds, 0);
	free(ents);
}

static const struct ps_test tests[] = {
	{ "thp_split_race", test_split_race, need_race },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_race = { "race", tests };

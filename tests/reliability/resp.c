// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-rel resp [--single-cpu-seconds T] [--kills N] - responsiveness.
 *
 *   max_call       queries of pagesnap_info.max_pfns pfns in one call (the
 *                  most one call examines), every entry copied out, and the
 *                  same walk with a filter that matches nothing: the time of
 *                  the slowest call is printed and bounded
 *   sigkill        a child issues max-size queries; SIGKILL arrives while
 *                  it is inside one; the time from kill() to the reaped
 *                  child is printed and judged against a baseline kill
 *                  outside the ioctl and a whole call measured next to it
 *   single_cpu     with cpu1 offline (one vCPU), max-size queries run back
 *                  to back for longer than the soft-lockup (20 s) and RCU
 *                  stall (21 s) thresholds while a competing thread measures
 *                  how late its 1 ms sleeps wake up; the suite then checks
 *                  dmesg for stall and lockup reports; cpu1 comes back
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "rel.h"

#define SUITE "resp"
#define JUDGED_CALL_S 0.02
#define LONG_CALL_S 0.2
#define QUIET_TRIES 3

static struct pagesnap_info info;
static int fd;
static struct pagesnap_entry *buf;	/* max_pfns entries, MAP_SHARED */

/* One call of max_pfns pfns from @start; 0 or -errno; *secs its time. */
static int max_call(uint64_t start, int nomatch, double *secs, uint64_t *next)
{
	struct pagesnap_query q;
	double t = rel_now();
	int ret;

	rel_query_init(&q, start, info.pfn_end - start, buf, sizeof(*buf),
		       (uint32_t)info.max_pfns);
	if (nomatch) {
		q.nr_filters = 1;
		q.filters[0].mask = 1ULL << 63;	/* a kpf bit never set */
		q.filters[0].value = 1ULL << 63;
	}
	ret = rel_query(fd, &q);
	*secs = rel_now() - t;
	*next = q.next_pfn;
	return ret;
}

static double bound(double stock, double debug)
{
	return rel_is_debug() ? debug : stock;
}

static double test_max_call(int reps)
{
	double worst = 0, worst_nm = 0, s;
	unsigned long errors = 0;
	uint64_t next, pfns = 0;
	int r, nm;

	for (r = 0; r < reps; r++)
		for (nm = 0; nm < 2; nm++) {
			uint64_t start = info.pfn_start;

			while (start < info.pfn_end) {
				if (max_call(start, nm, &s, &next) || next <= start) {
					errors++;
					break;
				}
				if (!nm && next - start > pfns)
					pfns = next - start;
				if (nm && s > worst_nm)
					worst_nm = s;
				if (!nm && s > worst)
					worst = s;
				start = next;
			}
		}
	rel_fig(SUITE, "max_pfns_per_call", "%llu", (unsigned long long)info.max_pfns);
	rel_fig(SUITE, "max_call_all_entries_s", "%.3f", worst);
	rel_fig(SUITE, "max_call_no_match_s", "%.3f", worst_nm);
	rel_check(!errors && pfns == (info.max_pfns < info.pfn_end - info.pfn_start ?
				      info.max_pfns : info.pfn_end - info.pfn_start),
		  "max_size_calls_succeed", "%lu errors, largest call %llu pfns",
		  errors, (unsigned long long)pfns);
	rel_check(worst < bound(30, 600) && worst_nm < bound(30, 600),
		  "max_size_call_bounded", "slowest %.1f s / %.1f s", worst, worst_nm);
	return worst > worst_nm ? worst : worst_nm;
}

/*
 * One child killed @delay_us after it wrote a byte to @p: the seconds from
 * kill() to its reaping, or -1 if it was not reaped as killed by SIGKILL.
 */
static double kill_reap(pid_t pid, int p, useconds_t delay_us)
{
	double t;
	char c;
	int st, ok = read(p, &c, 1) == 1;

	if (ok)
		usleep(delay_us);
	t = rel_now();
	kill(pid, SIGKILL);
	if (waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st) ||
	    WTERMSIG(st) != SIGKILL || !ok)
		return -1;
	return rel_now() - t;
}

/*
 * Wall time from kill() to the reaped child on a TCG guest of a loaded
 * host is mostly time the vCPU did not run plus the exit of the child's
 * mm, neither of which the driver controls.  So each kill inside a call
 * is judged against what was measured next to it: a baseline (the same
 * child, same mappings, killed while it runs in userspace: the kill of a
 * running task costs a cross-CPU wake-up a sleeping one does not) and a
 * whole max-size call, both just before it.  The walk
 * checks for a fatal signal every PS_WALK_BATCH_PFNS (256) pfns, 1/4096
 * of a max-size call, so a driver that honours it exceeds the baseline
 * by one batch and a cond_resched(); one that runs its call out adds the
 * rest of the call, at least 40% of it for a kill in its first 60%.
 * Allowed is a quarter of the whole call, and at least the JUDGED_CALL_S
 * (five 4 ms ticks) the wake-ups of the two tasks may take when the
 * call is short (the no-match walk).  A host stall can still hit
 * the one kill and neither of its references: a kill over the bound is
 * repeated with fresh references, and fails only SIGKILL_TRIES times in
 * a row (a driver that ignores the signal fails every try).
 */
#define SIGKILL_TRIES 3
#define SIGKILL_CALL_SHARE 0.25

static double sigkill_allowance(double call)
{
	return call * SIGKILL_CALL_SHARE > JUDGED_CALL_S ?
	       call * SIGKILL_CALL_SHARE : JUDGED_CALL_S;
}

static volatile unsigned long spin;

/*
 * A child that writes a byte to a pipe and then either runs in userspace
 * (@in_call false) or issues max-size calls, a byte before each.
 * Return: its pid with *@rd the pipe's read end, or -1 (nothing left open).
 */
static pid_t kill_child(int *rd, bool in_call, int nomatch)
{
	uint64_t next;
	pid_t pid;
	double s;
	int p[2];

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (;;) {
			if (write(p[1], "x", 1) != 1)
				_exit(1);
			while (!in_call)
				spin++;
			max_call(info.pfn_start, nomatch, &s, &next);
		}
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	*rd = p[0];
	return pid;
}

static void test_sigkill(int kills, double call_s)
{
	double worst = 0, total = 0, base_worst = 0, base_total = 0;
	double worst_excess = 0, worst_share = 0;
	int k, try, reaped = 0, attempts = 0, inside = 0, over = 0, failed = 0;
	uint64_t seed = (uint64_t)rel_now(), next;

	for (k = 0; k < kills; k++) {
		for (try = 0; try < SIGKILL_TRIES; try++) {
			double base, call, t, excess, allowed;
			useconds_t delay;
			pid_t pid;
			int rd;
			char c;

			/* somewhere inside the call: 10 ms .. ~60% of a whole call */
			delay = 10000 + rel_below(&seed, (uint64_t)(call_s * 0.6e6) + 1);
			attempts++;

			/* the baseline: the same child, running outside the ioctl */
			pid = kill_child(&rd, false, k & 1);
			if (pid < 0) {
				failed++;
				break;
			}
			base = kill_reap(pid, rd, delay);
			close(rd);

			/* a whole call of the same kind, now */
			if (max_call(info.pfn_start, k & 1, &call, &next))
				call = -1;

			pid = kill_child(&rd, true, k & 1);
			if (pid < 0) {
				failed++;
				break;
			}
			t = kill_reap(pid, rd, delay);
			/* inside the ioctl? then the pipe has no second byte yet */
			inside += t >= 0 && read(rd, &c, 1) <= 0;
			close(rd);

			if (base < 0 || call < 0 || t < 0) {
				failed++;
				break;
			}
			if (base > base_worst)
				base_worst = base;
			base_total += base;
			if (t > worst)
				worst = t;
			total += t;
			excess = t - base;
			allowed = sigkill_allowance(call);
			if (excess > worst_excess)
				worst_excess = excess;
			if (excess / allowed > worst_share)
				worst_share = excess / allowed;
			if (excess <= allowed)
				break;
			rel_note("kill %d try %d: reap %.4f s, baseline %.4f s, "
				 "whole call %.3f s: repeated", k, try, t, base, call);
		}
		if (failed)
			break;
		reaped++;
		over += try == SIGKILL_TRIES;
	}
	rel_fig(SUITE, "sigkill_kills", "%d", kills);
	rel_fig(SUITE, "sigkill_attempts", "%d", attempts);
	rel_fig(SUITE, "sigkill_max_reap_s", "%.4f", worst);
	rel_fig(SUITE, "sigkill_mean_reap_s", "%.4f", attempts ? total / attempts : 0);
	rel_fig(SUITE, "sigkill_baseline_max_reap_s", "%.4f", base_worst);
	rel_fig(SUITE, "sigkill_baseline_mean_reap_s", "%.4f",
		attempts ? base_total / attempts : 0);
	rel_fig(SUITE, "sigkill_max_excess_s", "%.4f", worst_excess);
	rel_fig(SUITE, "sigkill_max_excess_of_allowance", "%.2f", worst_share);
	rel_fig(SUITE, "sigkill_whole_call_s", "%.3f", call_s);
	rel_note("%d/%d kills landed inside the first call", inside, attempts);
	rel_check(!failed && reaped == kills, "sigkill_kills_the_caller",
		  "%d of %d reaped by SIGKILL", reaped, kills);
	rel_check(!failed && !over, "sigkill_reap_bounded",
		  "%d of %d kills over baseline + %.2f of a call in %d tries "
		  "(slowest reap %.3f s, baseline %.3f s, worst excess %.3f s)",
		  over, kills, SIGKILL_CALL_SHARE, SIGKILL_TRIES, worst, base_worst,
		  worst_excess);
}

static volatile int hb_stop;
static double hb_worst;
static volatile unsigned long hb_ticks;
static unsigned long hb_late[5];	/* > 10 ms, 100 ms, 1 s, 5 s, 20 s */

static void *heartbeat(void *arg)
{
	static const double lim[5] = { 0.01, 0.1, 1, 5, 20 };
	int i;

	(void)arg;
	while (!hb_stop) {
		double t = rel_now(), late;

		usleep(1000);
		late = rel_now() - t - 0.001;
		if (late > hb_worst)
			hb_worst = late;
		for (i = 0; i < 5; i++)
			hb_late[i] += late > lim[i];
		hb_ticks++;
	}
	return NULL;
}

static void test_single_cpu(double seconds)
{
	const char *cpu1 = "/sys/devices/system/cpu/cpu1/online";
	double end, worst = 0, s, min_rate = 1e9;
	unsigned long calls = 0, errors = 0, long_calls = 0, min_ticks = ~0UL;
	unsigned long quiet = 0, very_long = 0, very_long_quiet = 0, retried = 0;
	pthread_t th;
	uint64_t next;
	int off;

	off = !rel_write_file(cpu1, "0");
	rel_note("cpu1 offline: %s; %ld cpus online", off ? "yes" : "NO",
		 sysconf(_SC_NPROCESSORS_ONLN));
	rel_check(off && sysconf(_SC_NPROCESSORS_ONLN) == 1, "single_cpu_mode",
		  "could not take cpu1 offline");
	hb_stop = 0;
	hb_worst = 0;
	pthread_create(&th, NULL, heartbeat, NULL);
	end = rel_now() + seconds;
	while (rel_now() < end) {
		uint64_t start = info.pfn_start;

		while (start < info.pfn_end && rel_now() < end) {
			unsigned long ticks;
			int try, ret;

			/* a long call without a tick is repeated: see below */
			for (try = 0;; try++) {
				unsigned long t0 = hb_ticks;

				ret = max_call(start, calls & 1, &s, &next);
				ticks = hb_ticks - t0;
				if (ret || next <= start || s < LONG_CALL_S ||
				    ticks || try + 1 == QUIET_TRIES)
					break;
				rel_note("call at pfn %llu, try %d: %.3f s without "
					 "a competitor tick: repeated",
					 (unsigned long long)start, try, s);
			}
			retried += try > 0;
			if (ret || next <= start) {
				errors++;
				break;
			}
			calls++;
			if (s > worst)
				worst = s;
			/*
			 * The competitor's ticks while this one call ran: zero
			 * if the walk never gave the only CPU away. Judged are
			 * calls of JUDGED_CALL_S or more (five 4 ms ticks).
			 */
			if (s >= JUDGED_CALL_S) {
				long_calls++;
				quiet += !ticks;
				very_long += s >= LONG_CALL_S;
				very_long_quiet += s >= LONG_CALL_S && !ticks;
				if (ticks < min_ticks)
					min_ticks = ticks;
				if (ticks / s < min_rate)
					min_rate = ticks / s;
			}
			start = next;
		}
	}
	hb_stop = 1;
	pthread_join(th, NULL);
	if (off)
		rel_write_file(cpu1, "1");
	rel_fig(SUITE, "single_cpu_seconds", "%.0f", seconds);
	rel_fig(SUITE, "single_cpu_calls", "%lu", calls);
	rel_fig(SUITE, "single_cpu_max_call_s", "%.3f", worst);
	rel_fig(SUITE, "single_cpu_judged_calls", "%lu", long_calls);
	rel_fig(SUITE, "single_cpu_judged_calls_without_competitor", "%lu", quiet);
	rel_fig(SUITE, "single_cpu_long_calls_repeated", "%lu", retried);
	rel_fig(SUITE, "single_cpu_competitor_ticks", "%lu", hb_ticks);
	rel_fig(SUITE, "single_cpu_competitor_min_ticks_per_call_s", "%.0f",
		long_calls ? min_rate : 0);
	rel_fig(SUITE, "single_cpu_competitor_max_wakeup_delay_s", "%.4f", hb_worst);
	rel_fig(SUITE, "single_cpu_competitor_late_10ms_100ms_1s_5s_20s",
		"%lu/%lu/%lu/%lu/%lu", hb_late[0], hb_late[1], hb_late[2],
		hb_late[3], hb_late[4]);
	rel_check(!errors && calls > 0, "single_cpu_calls_succeed", "%lu errors, %lu calls",
		  errors, calls);
	/*
	 * Wall-clock wake-up delays include the host not running the TCG
	 * vCPU (a loaded 2-core host): judged is that the competitor ran
	 * during the calls long enough to hold several scheduler ticks, and
	 * never waited 20 s (the soft-lockup threshold).  A call of 20 to
	 * 200 ms of wall time can be mostly time the host did not run the
	 * vCPU at all, in which the guest got to no tick; a walk that never
	 * yields shows the competitor in none of its long calls.  So at
	 * least half the calls of 20 ms or more, and every call of 200 ms or
	 * more, must see it.  A host stall can still freeze the whole guest
	 * for one long call (a 1.2 s wake-up delay was seen at host load 7):
	 * a call of 200 ms or more without a tick is repeated over the same
	 * pfns, and counts as quiet only if QUIET_TRIES calls in a row were
	 * (a walk that never yields is quiet on every try).  A machine on
	 * which no call lasts 20 ms cannot show it: a counted skip.
	 */
	rel_check(!hb_late[4], "single_cpu_competitor_never_waits_20s",
		  "%lu wake-ups later than 20 s", hb_late[4]);
	if (!long_calls)
		rel_skip("single_cpu_competitor_runs_during_every_call",
			 "no call lasted %.0f ms (slowest %.3f s): too fast to judge",
			 JUDGED_CALL_S * 1e3, worst);
	else
		rel_check(2 * quiet <= long_calls && !very_long_quiet,
			  "single_cpu_competitor_runs_during_every_call",
			  "%lu calls >= %.0f ms, %lu of them without a competitor "
			  "tick; %lu calls >= %.0f ms, %lu without; fewest ticks "
			  "in one %lu (%.1f per call-second), max delay %.3f s",
			  long_calls, JUDGED_CALL_S * 1e3, quiet, very_long,
			  LONG_CALL_S * 1e3, very_long_quiet, min_ticks, min_rate,
			  hb_worst);
	rel_check(sysconf(_SC_NPROCESSORS_ONLN) == 2, "cpu1_back_online",
		  "%ld cpus online", sysconf(_SC_NPROCESSORS_ONLN));
}

int rel_resp_main(int argc, char **argv)
{
	double single = 30, call_s;
	int kills = 10, reps = 3, a;

	for (a = 1; a + 1 < argc; a += 2) {
		if (!strcmp(argv[a], "--single-cpu-seconds"))
			single = strtod(argv[a + 1], NULL);
		else if (!strcmp(argv[a], "--kills"))
			kills = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--reps"))
			reps = atoi(argv[a + 1]);
	}
	fd = rel_open();
	if (fd < 0 || rel_info(fd, &info)) {
		rel_fail("resp_setup", "open/INFO: %s", rel_errname(errno));
		return 1;
	}
	buf = mmap(NULL, info.max_pfns * sizeof(*buf), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED) {
		rel_fail("resp_setup", "mmap %llu entries: %s",
			 (unsigned long long)info.max_pfns, rel_errname(errno));
		return 1;
	}
	call_s = test_max_call(reps);
	test_sigkill(kills, call_s);
	test_single_cpu(single);
	munmap(buf, info.max_pfns * sizeof(*buf));
	close(fd);
	return 0;
}

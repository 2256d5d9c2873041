// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-rel life [--cycles N] [--seconds T] [--scans N] - lifecycle.
 *
 *   rmmod_while_open   delete_module() with a descriptor open fails with
 *                      EBUSY/EAGAIN, the descriptor keeps working, and the
 *                      unload works once it is closed
 *   owner_hash         hashed identities are stable within one load,
 *                      differ between owners, and change at every load
 *   load_unload_loop   unload/load cycles while opener threads open, query
 *                      and close: ioctls on an open descriptor never fail,
 *                      open fails only with "no such device" errnos
 *   two_scanners       two processes scan all memory at once with
 *                      different entry sizes and options; each finds its
 *                      own pages with its own owner hash, both see the same
 *                      reserved pages
 * The module file is /pagesnap.ko with the parameters of
 * /etc/pagesnap-modparams; it is left loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "rel.h"

#define SUITE "life"
#define KO "/pagesnap.ko"

static char params[256];

static int unload(void)
{
	return syscall(SYS_delete_module, "pagesnap", O_NONBLOCK) ? -errno : 0;
}

static int load(void)
{
	int fd = open(KO, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0) ? -errno : 0;
	close(fd);
	return ret;
}

static int loaded(void)
{
	FILE *f = fopen("/proc/modules", "r");
	char line[256];
	int found = 0;

	while (f && fgets(line, sizeof(line), f))
		found |= !strncmp(line, "pagesnap ", 9);
	if (f)
		fclose(f);
	return found;
}

static int entry_of(int fd, uint64_t pfn, struct pagesnap_entry *e)
{
	struct pagesnap_query q;
	int ret;

	rel_query_init(&q, pfn, 1, e, sizeof(*e), 1);
	ret = rel_query(fd, &q);
	return ret ? ret : (q.filled == 1 ? 0 : -ENODATA);
}

/* ---- rmmod while open ---- */

static void test_rmmod_while_open(void)
{
	struct pagesnap_info info;
	int fd = rel_open(), ret, ret2, ok;

	if (fd < 0) {
		rel_fail("rmmod_while_open", "open: %s", rel_errname(errno));
		return;
	}
	ret = unload();
	ok = (ret == -EBUSY || ret == -EAGAIN) && loaded();
	ret2 = rel_info(fd, &info);
	rel_check(ok && !ret2, "rmmod_while_open_fails_cleanly",
		  "delete_module: %s, still loaded %d, INFO after it: %s",
		  rel_errname(-ret), loaded(), rel_errname(-ret2));
	close(fd);
	ret = unload();
	ret2 = access(PAGESNAP_DEVICE_PATH, F_OK) ? errno : 0;
	rel_check(!ret && !loaded() && ret2 == ENOENT, "rmmod_after_close_works",
		  "delete_module: %s, loaded %d, device node: %s",
		  rel_errname(-ret), loaded(), rel_errname(ret2));
	ret = load();
	fd = rel_open();
	rel_check(!ret && fd >= 0 && !rel_info(fd, &info), "reload_serves",
		  "finit_module: %s, open: %s", rel_errname(-ret),
		  rel_errname(fd < 0 ? errno : 0));
	if (fd >= 0)
		close(fd);
}

/* ---- owner hashes across loads ---- */

struct owners {
	uint64_t h[3];
	int ok;
};

static void read_owners(uint64_t pfn[3], struct owners *o)
{
	struct pagesnap_entry e;
	int fd = rel_open(), i;

	o->ok = fd >= 0;
	for (i = 0; o->ok && i < 3; i++) {
		o->ok = !entry_of(fd, pfn[i], &e) &&
			(e.valid & PAGESNAP_VALID_OWNER_HASH) && e.owner_hash;
		o->h[i] = e.owner_hash;
	}
	if (fd >= 0)
		close(fd);
}

static void test_owner_hash(void)
{
	uint64_t pfn[3];
	struct owners a1, a2, b;
	int p[2], tfd, ret;
	unsigned char *anon, *shm;
	pid_t child;

	/* owner 0: our anon page; 1: a child's anon page; 2: a tmpfs file page */
	anon = mmap(NULL, REL_PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	anon[0] = 1;
	pfn[0] = rel_vaddr_pfn(anon);
	tfd = open("/tmp/rel-life-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (tfd < 0 || ftruncate(tfd, REL_PAGE) || pipe(p)) {
		rel_fail("owner_hash_setup", "%s", rel_errname(errno));
		return;
	}
	shm = mmap(NULL, REL_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, tfd, 0);
	shm[0] = 1;
	pfn[2] = rel_vaddr_pfn(shm);
	child = fork();
	if (child == 0) {
		unsigned char *m = mmap(NULL, REL_PAGE, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t f;

		m[0] = 2;
		f = rel_vaddr_pfn(m);
		if (write(p[1], &f, 8) != 8)
			_exit(1);
		pause();
		_exit(0);
	}
	if (read(p[0], &pfn[1], 8) != 8)
		pfn[1] = 0;
	read_owners(pfn, &a1);
	read_owners(pfn, &a2);
	rel_check(a1.ok && a2.ok && !memcmp(a1.h, a2.h, sizeof(a1.h)),
		  "owner_hash_stable_within_a_load",
		  "ok %d/%d, %#llx %#llx %#llx then %#llx %#llx %#llx", a1.ok, a2.ok,
		  (unsigned long long)a1.h[0], (unsigned long long)a1.h[1],
		  (unsigned long long)a1.h[2], (unsigned long long)a2.h[0],
		  (unsigned long long)a2.h[1], (unsigned long long)a2.h[2]);
	rel_check(a1.ok && a1.h[0] != a1.h[1] && a1.h[0] != a1.h[2] &&
		  a1.h[1] != a1.h[2], "owner_hash_differs_between_owners",
		  "%#llx %#llx %#llx", (unsigned long long)a1.h[0],
		  (unsigned long long)a1.h[1], (unsigned long long)a1.h[2]);
	ret = unload();
	if (!ret)
		ret = load();
	read_owners(pfn, &b);
	/* the pages did not move: same pfns, same owners, new key */
	rel_check(!ret && b.ok && b.h[0] != a1.h[0] && b.h[1] != a1.h[1] &&
		  b.h[2] != a1.h[2], "owner_hash_new_key_per_load",
		  "reload %s, ok %d, before %#llx %#llx %#llx after %#llx %#llx %#llx",
		  rel_errname(-ret), b.ok,
		  (unsigned long long)a1.h[0], (unsigned long long)a1.h[1],
		  (unsigned long long)a1.h[2], (unsigned long long)b.h[0],
		  (unsigned long long)b.h[1], (unsigned long long)b.h[2]);
	rel_check(pfn[0] == rel_vaddr_pfn(anon) && pfn[2] == rel_vaddr_pfn(shm),
		  "owner_hash_pages_did_not_move", "pfns changed during the test");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	munmap(anon, REL_PAGE);
	munmap(shm, REL_PAGE);
	close(tfd);
	close(p[0]);
	close(p[1]);
	unlink("/tmp/rel-life-file");
}

/* ---- load/unload loop with openers ---- */

static volatile int stop;

struct opener {
	pthread_t th;
	unsigned long opens, ioctls;
	struct rel_errs open_errs, ioctl_errs;
};

static void *opener_thread(void *arg)
{
	struct opener *o = arg;
	struct pagesnap_entry ents[64];

	while (!stop) {
		struct pagesnap_info info;
		struct pagesnap_query q;
		int fd = rel_open(), ret;

		if (fd < 0) {
			rel_errs_add(&o->open_errs, errno);
			usleep(500);
			continue;
		}
		o->opens++;
		ret = rel_info(fd, &info);
		rel_errs_add(&o->ioctl_errs, -ret);
		if (!ret) {
			rel_query_init(&q, info.pfn_start, 64, ents, sizeof(ents[0]), 64);
			ret = rel_query(fd, &q);
			rel_errs_add(&o->ioctl_errs, -ret);
			o->ioctls++;
		}
		o->ioctls++;
		close(fd);
		/* closed for a while: the unloader needs every opener out */
		usleep(rand() % 4000);
	}
	return NULL;
}

static void test_load_loop(int cycles, double seconds)
{
	struct opener op[4];
	struct rel_errs uerr = { { 0 } }, lerr = { { 0 } }, oerr = { { 0 } },
		ierr = { { 0 } };
	unsigned long opens = 0, ioctls = 0;
	double end = rel_now() + seconds;
	int done = 0, i, e;
	char b1[256], b2[256], b3[256], b4[256];

	stop = 0;
	memset(op, 0, sizeof(op));
	for (i = 0; i < 4; i++)
		pthread_create(&op[i].th, NULL, opener_thread, &op[i]);
	while (done < cycles && rel_now() < end) {
		int ret = unload();

		rel_errs_add(&uerr, -ret);
		if (ret) {
			usleep(1000);
			continue;
		}
		usleep(rand() % 5000);
		ret = load();
		rel_errs_add(&lerr, -ret);
		if (ret)
			break;
		done++;
	}
	stop = 1;
	for (i = 0; i < 4; i++) {
		pthread_join(op[i].th, NULL);
		opens += op[i].opens;
		ioctls += op[i].ioctls;
		for (e = 0; e < 256; e++) {
			oerr.n[e] += op[i].open_errs.n[e];
			ierr.n[e] += op[i].ioctl_errs.n[e];
		}
	}
	if (!loaded())
		load();
	rel_fig(SUITE, "load_unload_cycles", "%d", done);
	rel_fig(SUITE, "unload_results", "%s", rel_errs_str(&uerr, b1, sizeof(b1)));
	rel_fig(SUITE, "load_results", "%s", rel_errs_str(&lerr, b2, sizeof(b2)));
	rel_fig(SUITE, "opens_ok", "%lu", opens);
	rel_fig(SUITE, "open_errors", "%s", rel_errs_str(&oerr, b3, sizeof(b3)));
	rel_fig(SUITE, "ioctls_on_open_fds", "%lu results %s", ioctls,
		rel_errs_str(&ierr, b4, sizeof(b4)));
	rel_check(done > 0 && lerr.n[0] == (unsigned long)done && loaded(),
		  "load_unload_cycles", "%d cycles, load results %s", done, b2);
	/* unload fails only because someone holds the module */
	for (e = 1; e < 256; e++)
		if (uerr.n[e] && e != EBUSY && e != EAGAIN)
			break;
	rel_check(e == 256, "unload_fails_only_busy", "%s", b1);
	for (e = 1; e < 256; e++)
		if (oerr.n[e] && e != ENOENT && e != ENODEV && e != ENXIO)
			break;
	rel_check(e == 256 && opens > 0, "open_fails_only_no_device", "%s", b3);
	rel_check(ierr.n[0] == ioctls && ioctls > 0,
		  "ioctls_on_open_descriptors_never_fail", "%s", b4);
}

/* ---- two scanners at once ---- */

struct scan_result {
	uint64_t own_hash;	/* owner hash of this scanner's pages */
	unsigned long own_found, own_bad_hash, reserved, entries, errors, bad;
	unsigned long scans;
};

static void scanner_child(int id, int go_fd, int out_fd, int nscans)
{
	const int npages = 64;
	uint32_t es = id ? 512 : sizeof(struct pagesnap_entry), max = 4096;
	unsigned char *mine = mmap(NULL, npages * REL_PAGE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *buf = malloc((size_t)es * max);
	uint64_t pfns[64];
	struct scan_result r;
	struct pagesnap_info info;
	int fd = rel_open(), i, s;
	char c;

	memset(&r, 0, sizeof(r));
	if (mine == MAP_FAILED || !buf || fd < 0 || rel_info(fd, &info))
		_exit(3);
	for (i = 0; i < npages; i++) {
		mine[i * REL_PAGE] = id + 1;
		pfns[i] = rel_vaddr_pfn(mine + i * REL_PAGE);
	}
	if (read(go_fd, &c, 1) != 1)
		_exit(4);
	for (s = 0; s < nscans; s++) {
		uint64_t pfn = info.pfn_start;
		unsigned long reserved = 0;

		r.own_found = 0;
		while (pfn < info.pfn_end) {
			struct pagesnap_query q;
			uint64_t k;

			rel_query_init(&q, pfn, info.pfn_end - pfn, buf, es, max);
			if (id)
				q.flags = PAGESNAP_QUERY_SKIP_HOLES;
			if (rel_query(fd, &q) || q.next_pfn <= pfn) {
				r.errors++;
				break;
			}
			for (k = 0; k < q.filled; k++) {
				const struct pagesnap_entry *e = (const void *)(buf + k * es);
				uint64_t t;

				r.entries++;
				for (t = sizeof(*e); t < es; t++)
					r.bad += buf[k * es + t] != 0;
				if (e->kpf & (1ULL << PAGESNAP_KPF_RESERVED))
					reserved++;
				for (i = 0; i < npages; i++) {
					if (e->pfn != pfns[i])
						continue;
					r.own_found++;
					if (!(e->kpf & (1ULL << PAGESNAP_KPF_ANON)) ||
					    e->mapping_kind != PAGESNAP_MAPPING_ANON ||
					    e->mapcount < 1)
						r.bad++;
					if (!r.own_hash)
						r.own_hash = e->owner_hash;
					else if (r.own_hash != e->owner_hash)
						r.own_bad_hash++;
				}
			}
			pfn = q.next_pfn;
		}
		if (s && reserved != r.reserved)
			r.bad++;	/* reserved pages do not come and go */
		r.reserved = reserved;
		r.scans++;
	}
	if (write(out_fd, &r, sizeof(r)) != sizeof(r))
		_exit(5);
	_exit(0);
}

static void test_two_scanners(int nscans)
{
	int go[2], out[2][2], i;
	struct scan_result r[2];
	pid_t pid[2];
	double t0;

	if (pipe(go) || pipe(out[0]) || pipe(out[1])) {
		rel_fail("two_scanners", "pipe");
		return;
	}
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			scanner_child(i, go[0], out[i][1], nscans);
	}
	usleep(200000);
	t0 = rel_now();
	if (write(go[1], "gg", 2) != 2)
		rel_note("go pipe write failed");
	for (i = 0; i < 2; i++) {
		int st = 0;

		memset(&r[i], 0, sizeof(r[i]));
		if (read(out[i][0], &r[i], sizeof(r[i])) != sizeof(r[i]))
			r[i].errors = 999;
		waitpid(pid[i], &st, 0);
		rel_note("scanner %d (entry size %d%s): %lu scans, %lu entries, "
			 "%lu/64 own pages found, own hash %#llx, %lu reserved, "
			 "%lu errors, %lu bad", i, i ? 512 : 136,
			 i ? ", SKIP_HOLES" : "", r[i].scans, r[i].entries,
			 r[i].own_found, (unsigned long long)r[i].own_hash,
			 r[i].reserved, r[i].errors, r[i].bad);
	}
	rel_fig(SUITE, "two_scanners_seconds", "%.1f", rel_now() - t0);
	rel_fig(SUITE, "two_scanners_scans", "%lu+%lu", r[0].scans, r[1].scans);
	rel_check(!r[0].errors && !r[1].errors && !r[0].bad && !r[1].bad &&
		  r[0].scans == (unsigned long)nscans && r[1].scans == (unsigned long)nscans,
		  "two_scanners_no_errors", "see the scanner lines above");
	rel_check(r[0].own_found == 64 && r[1].own_found == 64 &&
		  !r[0].own_bad_hash && !r[1].own_bad_hash &&
		  r[0].own_hash && r[1].own_hash && r[0].own_hash != r[1].own_hash,
		  "two_scanners_see_their_own_pages", "see the scanner lines above");
	rel_check(r[0].reserved == r[1].reserved && r[0].reserved > 0,
		  "two_scanners_agree_on_reserved_pages", "%lu vs %lu",
		  r[0].reserved, r[1].reserved);
}

int rel_life_main(int argc, char **argv)
{
	int cycles = 50, scans = 2, a, fd;
	double seconds = 15;

	for (a = 1; a + 1 < argc; a += 2) {
		if (!strcmp(argv[a], "--cycles"))
			cycles = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--seconds"))
			seconds = strtod(argv[a + 1], NULL);
		else if (!strcmp(argv[a], "--scans"))
			scans = atoi(argv[a + 1]);
	}
	fd = open("/etc/pagesnap-modparams", O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, params, sizeof(params) - 1);

		params[n > 0 ? n : 0] = 0;
		params[strcspn(params, "\n")] = 0;
		close(fd);
	}
	if (!loaded() && load()) {
		rel_fail("life_setup", "pagesnap not loaded and %s does not load", KO);
		return 1;
	}
	test_rmmod_while_open();
	test_owner_hash();
	test_load_loop(cycles, seconds);
	test_two_scanners(scans);
	if (!loaded())
		load();
	rel_check(loaded(), "module_left_loaded", "pagesnap is not loaded");
	return 0;
}

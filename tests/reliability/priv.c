// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-rel priv - privilege and leak proofs.
 *
 * Denied callers (each a forked child): uid 65534 without capabilities,
 * and uid 0 with CAP_SYS_ADMIN dropped from every set and the bounding
 * set.  With the device at its 0600 mode and with the mode opened to 0666
 * (so that only the driver's capability check stands between them and
 * the device), every way in fails: open O_RDONLY/O_WRONLY/O_RDWR gives
 * EPERM (or EACCES from the mode), an O_PATH descriptor gives EBADF to
 * ioctl and EPERM when reopened through /proc/self/fd; debugfs is
 * unreadable (the driver checks CAP_SYS_ADMIN there too: root passes the
 * 0400 mode), and so are the module's 0400 sysfs files for uid 65534.  A non-root uid that keeps
 * CAP_SYS_ADMIN opens the 0666 device: the capability is the gate.
 *
 * sysfs/debugfs: every file under /sys/module/pagesnap,
 * /sys/kernel/debug/pagesnap and /sys/class/misc/pagesnap is listed with
 * its mode; what uid 65534 can read must hold no kernel-half value, and
 * nothing of debugfs may be readable by it.
 *
 * Leak proof: one scan of every pfn, all fields, as root.  No 64-bit field
 * other than owner_hash may be >= 0xff00000000000000: on x86-64 that is
 * the whole kernel half with 5-level paging (with 4-level paging the kernel
 * half starts at 0xffff800000000000, above it), so it covers the direct map
 * (page_offset_base), vmalloc/ioremap (vmalloc_base), the memmap
 * (vmemmap_base), kernel text and modules, whatever KASLR chose; the actual
 * text and module ranges are read from /proc/kallsyms and /proc/modules
 * and checked too.  32-bit fields must be in their documented ranges (so
 * no half of a pointer hides in them).  owner_hash is a keyed 64-bit hash
 * and may take any value; it is checked statistically: raw pointers would
 * all be in the kernel half and 8-byte aligned, hashes are ~2^-8 and ~1/8.
 * (The life suite shows the key changes at every load.)
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "rel.h"

#define SUITE "priv"

/* ---- dropping privileges in a child ---- */

static int capset_all(uint32_t keep_lo, uint32_t keep_hi)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[0].permitted &= keep_lo;
	d[0].effective = d[0].permitted;
	d[0].inheritable &= keep_lo;
	d[1].permitted &= keep_hi;
	d[1].effective = d[1].permitted;
	d[1].inheritable &= keep_hi;
	return syscall(SYS_capset, &h, d) ? -1 : 0;
}

/* root without CAP_SYS_ADMIN, in every set and the bounding set */
static int drop_root_no_admin(void)
{
	if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0))
		return -1;
	if (capset_all(~(1U << CAP_SYS_ADMIN), ~0U))
		return -1;
	return getuid() == 0 && geteuid() == 0 ? 0 : -1;
}

/* uid/gid 65534, no capabilities at all */
static int drop_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return -1;
	return capset_all(0, 0);
}

/* uid 1000 that keeps CAP_SYS_ADMIN only */
static int drop_uid_with_admin(void)
{
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) || setgroups(0, NULL) ||
	    setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
		return -1;
	return capset_all(1U << CAP_SYS_ADMIN, 0);
}

/*
 * What a denied child learns, packed into its exit status: bit 0 any
 * open mode succeeded, bit 1 an errno other than EPERM/EACCES, bit 2 an
 * O_PATH ioctl succeeded or not EBADF, bit 3 /proc/self/fd reopen worked,
 * bit 4 debugfs stats readable, bit 5 a 0400 sysfs file readable;
 * 0x80 the drop failed.  @eperm_only: EACCES is not acceptable (0666).
 */
static int denied_probe(int (*drop)(void), int eperm_only)
{
	static const int modes[] = { O_RDONLY, O_WRONLY, O_RDWR };
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct pagesnap_info info;
		char path[64];
		int r = 0, i, fd;

		if (drop())
			_exit(0x80);
		for (i = 0; i < 3; i++) {
			fd = open(PAGESNAP_DEVICE_PATH, modes[i] | O_CLOEXEC);
			if (fd >= 0)
				r |= 1;
			else if (errno != EPERM && (eperm_only || errno != EACCES))
				r |= 2;
		}
		fd = open(PAGESNAP_DEVICE_PATH, O_PATH | O_CLOEXEC);
		if (fd >= 0) {
			memset(&info, 0, sizeof(info));
			if (ioctl(fd, PAGESNAP_IOC_INFO, &info) == 0 || errno != EBADF)
				r |= 4;
			snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
			i = open(path, O_RDONLY | O_CLOEXEC);
			if (i >= 0)
				r |= 8;
			close(fd);
		}
		fd = open("/sys/kernel/debug/pagesnap/stats", O_RDONLY);
		if (fd >= 0 && read(fd, path, sizeof(path)) > 0)
			r |= 16;
		/*
		 * Module section addresses are the kernel's business (shown to
		 * CAP_SYSLOG): probed for the non-root caller only.
		 */
		fd = open("/sys/module/pagesnap/sections/.text", O_RDONLY);
		if (getuid() && fd >= 0 && read(fd, path, sizeof(path)) > 0)
			r |= 32;
		_exit(r);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 0x100;
	return WEXITSTATUS(st);
}

static int opens_as(int (*drop)(void))
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct pagesnap_info info;
		int fd;

		if (drop())
			_exit(0x80);
		fd = open(PAGESNAP_DEVICE_PATH, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			_exit(errno & 0x7f);
		_exit(rel_info(fd, &info) ? 0x7f : 0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 0x100;
	return WEXITSTATUS(st);
}

static void test_denied(void)
{
	struct stat st;
	int r;

	if (stat(PAGESNAP_DEVICE_PATH, &st)) {
		rel_fail("priv_device", "stat: %s", rel_errname(errno));
		return;
	}
	r = denied_probe(drop_nobody, 0);
	rel_check(!r, "nobody_learns_nothing_mode_0600", "probe bits %#x", r);
	r = denied_probe(drop_root_no_admin, 0);
	rel_check(!r, "root_without_cap_sys_admin_learns_nothing_mode_0600",
		  "probe bits %#x", r);
	/* only the driver's own check left */
	if (chmod(PAGESNAP_DEVICE_PATH, 0666)) {
		rel_fail("priv_chmod", "%s", rel_errname(errno));
		return;
	}
	r = denied_probe(drop_nobody, 1);
	rel_check(!r, "nobody_gets_eperm_mode_0666", "probe bits %#x", r);
	r = denied_probe(drop_root_no_admin, 1);
	rel_check(!r, "root_without_cap_sys_admin_gets_eperm_mode_0666",
		  "probe bits %#x", r);
	r = opens_as(drop_uid_with_admin);
	rel_check(!r, "uid_1000_with_cap_sys_admin_opens_mode_0666",
		  "exit %#x (errno or 0x80 drop failed)", r);
	chmod(PAGESNAP_DEVICE_PATH, st.st_mode & 07777);
	stat(PAGESNAP_DEVICE_PATH, &st);
	rel_check((st.st_mode & 07777) == 0600, "device_mode_restored", "%o",
		  st.st_mode & 07777);
}

/* An open descriptor survives a privilege drop (informational). */
static void note_inherited_fd(void)
{
	int fd = rel_open();
	pid_t pid;
	int st = 0;

	if (fd < 0)
		return;
	pid = fork();
	if (pid == 0) {
		struct pagesnap_info info;

		if (drop_nobody())
			_exit(0x80);
		_exit(rel_info(fd, &info) ? 1 : 0);
	}
	waitpid(pid, &st, 0);
	close(fd);
	rel_note("a descriptor opened by root and kept across setresuid(65534): "
		 "INFO %s (the check is at open, as for /proc/kpageflags)",
		 WIFEXITED(st) && !WEXITSTATUS(st) ? "works" : "fails");
	rel_fig(SUITE, "inherited_fd_after_drop", "%s",
		WIFEXITED(st) && !WEXITSTATUS(st) ? "works(open-time check)" : "fails");
}

/* ---- sysfs / debugfs ---- */

static int has_kernel_value(const char *s)
{
	while (*s) {
		char *end;
		unsigned long long v;

		if ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')) {
			v = strtoull(s, &end, 16);
			if (end > s) {
				if (v >= REL_KERNEL_HALF)
					return 1;
				s = end;
				continue;
			}
		}
		s++;
	}
	return 0;
}

static int nobody_reads(const char *path, char *buf, size_t len)
{
	int p[2], st;
	pid_t pid;
	ssize_t n = -1;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		int fd;
		ssize_t k;

		close(p[0]);
		if (drop_nobody())
			_exit(2);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			_exit(1);
		k = read(fd, buf, len - 1);
		if (k < 0)
			_exit(1);
		if (write(p[1], buf, k) != k)
			_exit(3);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], buf, len - 1);
	close(p[0]);
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	buf[n > 0 ? n : 0] = 0;
	return n > 0 ? (int)n : 0;
}

static unsigned long files_seen, files_readable, files_bad, debugfs_readable;

static void walk(const char *dir, int depth, int is_debugfs)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[512], buf[4096];
		struct stat st;

		if (de->d_name[0] == '.' && (!de->d_name[1] ||
		    (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < 4)
				walk(path, depth + 1, is_debugfs);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		files_seen++;
		if (nobody_reads(path, buf, sizeof(buf)) < 0) {
			rel_note("%04o %s: not readable by uid 65534", st.st_mode & 07777, path);
			continue;
		}
		files_readable++;
		buf[strcspn(buf, "\n")] = 0;
		rel_note("%04o %s: readable by uid 65534: \"%.60s\"",
			 st.st_mode & 07777, path, buf);
		if (is_debugfs)
			debugfs_readable++;
		if (has_kernel_value(buf))
			files_bad++;
	}
	closedir(d);
}

static void test_files(void)
{
	walk("/sys/module/pagesnap", 0, 0);
	walk("/sys/class/misc/pagesnap/", 0, 0);
	walk("/sys/kernel/debug/pagesnap", 0, 1);
	rel_fig(SUITE, "files_checked", "%lu", files_seen);
	rel_fig(SUITE, "files_readable_by_nobody", "%lu", files_readable);
	rel_check(files_seen > 3, "sysfs_debugfs_files_found", "%lu", files_seen);
	rel_check(!files_bad, "nobody_readable_files_hold_no_kernel_value",
		  "%lu files", files_bad);
	rel_check(!debugfs_readable, "debugfs_not_readable_by_nobody",
		  "%lu files", debugfs_readable);
}

/* ---- leak proof over every entry ---- */

struct range {
	uint64_t lo, hi;
	char name[48];
};

static struct range ranges[512];
static int nranges;

static void add_range(uint64_t lo, uint64_t hi, const char *name)
{
	if (nranges < 512 && lo && hi > lo) {
		ranges[nranges].lo = lo;
		ranges[nranges].hi = hi;
		snprintf(ranges[nranges].name, sizeof(ranges[0].name), "%s", name);
		nranges++;
	}
}

static void read_kernel_ranges(void)
{
	unsigned long long a, size, stext = 0, etext = 0;
	char line[512], name[256], t;
	FILE *f;

	rel_write_file("/proc/sys/kernel/kptr_restrict", "1");
	f = fopen("/proc/kallsyms", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &a, &t, name) != 3)
			continue;
		if (!strcmp(name, "_stext"))
			stext = a;
		else if (!strcmp(name, "_etext"))
			etext = a;
		else if (!strcmp(name, "page_offset_base") ||
			 !strcmp(name, "vmemmap_base") || !strcmp(name, "vmalloc_base"))
			rel_note("symbol %s (a variable) at %#llx", name, a);
	}
	if (f)
		fclose(f);
	add_range(stext, etext, "kernel text");
	f = fopen("/proc/modules", "r");
	while (f && fgets(line, sizeof(line), f)) {
		/* name size refs deps state address */
		if (sscanf(line, "%255s %llu %*s %*s %*s %llx", name, &size, &a) == 3)
			add_range(a, a + size, name);
	}
	if (f)
		fclose(f);
	rel_note("kernel text [%#llx, %#llx), %d ranges with modules; all in the "
		 "kernel half: %s", stext, etext, nranges,
		 stext >= REL_KERNEL_HALF ? "yes" : "NO");
	rel_check(stext >= REL_KERNEL_HALF && etext > stext && nranges >= 2,
		  "kernel_ranges_known", "_stext %#llx _etext %#llx, %d ranges",
		  stext, etext, nranges);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static const char *bad32(const struct pagesnap_entry *e)
{
	if (e->refcount >= 0x80000000U || e->mapcount >= 0x80000000U ||
	    e->entire_mapcount >= 0x80000000U || e->folio_mapcount >= 0x80000000U ||
	    e->pincount >= 0x80000000U)
		return "count";
	if (e->order > 20 || (e->valid & PAGESNAP_VALID_FOLIO && e->index >= (1U << e->order)))
		return "order/index";
	if (e->page_type > 16 && e->page_type != PAGESNAP_PAGE_TYPE_UNKNOWN)
		return "page_type";
	if (e->buddy_order > 16)
		return "buddy_order";
	if (e->mapping_kind > PAGESNAP_MAPPING_MOVABLE)
		return "mapping_kind";
	if (e->nid >= 1024 || e->zone > PAGESNAP_ZONE_DEVICE)
		return "nid/zone";
	if (e->file_dev_major >= 4096 || e->file_dev_minor >= (1U << 20))
		return "file_dev";
	return NULL;
}

/*
 * 256 one-page tmpfs files: 256 more owners (address_spaces), so that the
 * owner-hash statistics have enough distinct values in a small guest.
 */
static void make_owners(void)
{
	char path[64];
	int i;

	for (i = 0; i < 256; i++) {
		int fd;

		snprintf(path, sizeof(path), "/tmp/rel-priv-owner-%d", i);
		fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
		if (fd < 0)
			continue;
		if (write(fd, path, sizeof(path)) != (ssize_t)sizeof(path))
			rel_note("write %s failed", path);
		close(fd);
	}
}

static void drop_owners(void)
{
	char path[64];
	int i;

	for (i = 0; i < 256; i++) {
		snprintf(path, sizeof(path), "/tmp/rel-priv-owner-%d", i);
		unlink(path);
	}
}

static void test_leaks(void)
{
	struct pagesnap_info info;
	const uint32_t max = 16384;
	struct pagesnap_entry *buf = malloc(max * sizeof(*buf));
	uint64_t *hashes = NULL, pfn;
	unsigned long n = 0, nh = 0, cap = 0, half64 = 0, inrange = 0, b32 = 0;
	unsigned long errors = 0, distinct = 0, aligned = 0, khalf = 0, k;
	int fd = rel_open();
	const char *first = NULL;
	double t0 = rel_now();

	if (fd < 0 || !buf || rel_info(fd, &info)) {
		rel_fail("leak_scan", "setup: %s", rel_errname(errno));
		return;
	}
	read_kernel_ranges();
	make_owners();
	for (pfn = info.pfn_start; pfn < info.pfn_end;) {
		struct pagesnap_query q;
		uint32_t i;

		rel_query_init(&q, pfn, info.pfn_end - pfn, buf, sizeof(*buf), max);
		if (rel_query(fd, &q) || q.next_pfn <= pfn) {
			errors++;
			break;
		}
		for (i = 0; i < q.filled; i++) {
			const struct pagesnap_entry *e = &buf[i];
			const uint64_t *w = (const uint64_t *)e;
			const char *why;
			unsigned int f;
			int r;

			n++;
			for (f = 0; f < offsetof(struct pagesnap_entry, file_dev_major) / 8; f++) {
				if (f == offsetof(struct pagesnap_entry, owner_hash) / 8)
					continue;
				if (w[f] >= REL_KERNEL_HALF)
					half64++;
				for (r = 0; r < nranges; r++)
					if (w[f] >= ranges[r].lo && w[f] < ranges[r].hi)
						inrange++;
			}
			why = bad32(e);
			if (why) {
				b32++;
				if (!first)
					first = why;
			}
			if (e->owner_hash) {
				if (nh == cap) {
					cap = cap ? 2 * cap : 65536;
					hashes = realloc(hashes, cap * 8);
					if (!hashes)
						return;
				}
				hashes[nh++] = e->owner_hash;
			}
		}
		pfn = q.next_pfn;
	}
	close(fd);
	drop_owners();
	qsort(hashes, nh, 8, cmp_u64);
	for (k = 0; k < nh; k++) {
		if (k && hashes[k] == hashes[k - 1])
			continue;
		distinct++;
		aligned += !(hashes[k] & 7);
		khalf += hashes[k] >= REL_KERNEL_HALF;
	}
	free(hashes);
	free(buf);
	rel_fig(SUITE, "entries_checked", "%lu", n);
	rel_fig(SUITE, "fields_checked", "%lu", n * 24);
	rel_fig(SUITE, "scan_seconds", "%.1f", rel_now() - t0);
	rel_fig(SUITE, "kernel_half_values", "%lu", half64);
	rel_fig(SUITE, "values_in_text_or_modules", "%lu", inrange);
	rel_fig(SUITE, "implausible_32bit_fields", "%lu", b32);
	rel_fig(SUITE, "owner_hashes_distinct", "%lu", distinct);
	rel_fig(SUITE, "owner_hashes_8byte_aligned", "%lu", aligned);
	rel_fig(SUITE, "owner_hashes_in_kernel_half", "%lu", khalf);
	rel_check(!errors && n == info.pfn_end - info.pfn_start, "leak_scan_complete",
		  "%lu errors, %lu entries for %llu pfns", errors, n,
		  (unsigned long long)(info.pfn_end - info.pfn_start));
	rel_check(!half64, "no_64bit_field_in_kernel_half", "%lu values", half64);
	rel_check(!inrange, "no_value_in_kernel_text_or_modules", "%lu values", inrange);
	rel_check(!b32, "32bit_fields_in_documented_ranges", "%lu entries, first: %s",
		  b32, first ? first : "");
	/* raw pointers: 100% aligned, 100% kernel half; hashes: ~12.5%, ~0.4% */
	rel_check(distinct >= 256 && aligned * 4 < distinct && khalf * 16 < distinct,
		  "owner_hashes_do_not_look_like_pointers",
		  "%lu distinct, %lu aligned, %lu in the kernel half",
		  distinct, aligned, khalf);
}

int rel_priv_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	test_denied();
	note_inherited_fd();
	test_files();
	test_leaks();
	return 0;
}

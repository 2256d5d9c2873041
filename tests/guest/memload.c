// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-memload - the load of a machine with a disk, for the "realmem"
 * guest suite (tests/qemu/suites/realmem.sh).  Run in a memory cgroup
 * whose memory.max is below what it touches, so that its memory is
 * reclaimed while the differential and the stress test read it.
 *
 *   pagesnap-memload anon MB SECONDS
 *	an anonymous region of MB MiB, written page by page, then read
 *	back page by page, over and over: pages are swapped out (swap
 *	cache, writeback to the swap disk, RECLAIM) and swapped in again
 *	(SWAPCACHE until the slot is freed).
 *   pagesnap-memload file DIR MB SECONDS
 *	four files of MB MiB in DIR, rewritten in turn and read back:
 *	dirty page cache, writeback to the disk (started every 4 MiB
 *	with sync_file_range(), so that some is always under way), reclaim
 *	of dirty and writeback pages (RECLAIM) and of clean ones.
 *
 * Stops after SECONDS.  Prints a progress line at most every 5 s.  Exit 0, or 1 on a
 * usage or I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#define PAGE	4096UL
#define NFILES	4

static time_t deadline;

static int expired(void)
{
	return time(NULL) >= deadline;
}

/* at most one progress line every 5 s */
static int say_now(void)
{
	static time_t last;
	time_t now = time(NULL);

	if (now - last < 5)
		return 0;
	last = now;
	return 1;
}

static int anon(size_t mb)
{
	size_t len = mb << 20, i;
	unsigned long pass = 0, sum = 0;
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED) {
		perror("memload: mmap");
		return 1;
	}
	/* no THP: 4 KiB pages are swapped one by one */
	madvise(m, len, MADV_NOHUGEPAGE);
	while (!expired()) {
		pass++;
		for (i = 0; i < len; i += PAGE)
			m[i] = (char)(pass + i / PAGE);
		for (i = 0; i < len; i += PAGE)
			sum += (unsigned char)m[i];
		if (say_now()) {
			printf("memload: anon pass %lu (%zu MiB, sum %lu)\n",
			       pass, mb, sum);
			fflush(stdout);
		}
	}
	return 0;
}

static int file(const char *dir, size_t mb)
{
	static char buf[1 << 16];
	unsigned long pass = 0;
	char path[4096];
	size_t done;

	while (!expired()) {
		int fd, k = pass % NFILES;
		ssize_t r;

		pass++;
		memset(buf, (int)pass, sizeof(buf));
		snprintf(path, sizeof(path), "%s/memload-%d", dir, k);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0) {
			perror("memload: open");
			return 1;
		}
		for (done = 0; done < mb << 20 && !expired(); done += sizeof(buf)) {
			if (write(fd, buf, sizeof(buf)) != sizeof(buf)) {
				perror("memload: write");
				close(fd);
				return 1;
			}
			/* start writeback of the last 4 MiB, do not wait */
			if ((done + sizeof(buf)) % (4 << 20) == 0)
				sync_file_range(fd, done + sizeof(buf) - (4 << 20),
						4 << 20, SYNC_FILE_RANGE_WRITE);
		}
		close(fd);
		/* read back an older file: clean page cache to reclaim */
		snprintf(path, sizeof(path), "%s/memload-%d", dir,
			 (k + NFILES - 1) % NFILES);
		fd = open(path, O_RDONLY);
		if (fd >= 0) {
			while ((r = read(fd, buf, sizeof(buf))) > 0 && !expired())
				;
			close(fd);
		}
		if (say_now()) {
			printf("memload: file pass %lu (%s, %zu MiB)\n", pass,
			       path, mb);
			fflush(stdout);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "anon")) {
		deadline = time(NULL) + atoi(argv[3]);
		return anon(strtoul(argv[2], NULL, 0));
	}
	if (argc == 5 && !strcmp(argv[1], "file")) {
		deadline = time(NULL) + atoi(argv[4]);
		return file(argv[2], strtoul(argv[3], NULL, 0));
	}
	fprintf(stderr, "usage: pagesnap-memload anon MB SECONDS | file DIR MB SECONDS\n");
	return 1;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Snapshot files (docs/snapshot-format.md): a recording of every pfn of
 * a range as struct pagesnap_entry runs, in column blocks compressed with
 * zstd, with the info record and the memcg and file name tables.
 *
 * Self-contained (no pagesnap-cli globals) so that the fuzzer and the
 * test generator link it alone.  Every function returns 0 or a negative
 * errno; the reader also leaves a message in snapr_error().
 */
#ifndef PAGESNAP_SNAPFILE_H
#define PAGESNAP_SNAPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <pagesnap.h>

#define SNAP_FORMAT_VERSION	1
#define SNAP_BLOCK_MAX		65536	/* entries per column block */
#define SNAP_PATH_MAX		4096	/* bytes of a table path */
#define SNAP_TABLE_MAX		(1U << 22) /* names per table */
#define SNAP_STR_MAX		256	/* bytes of a meta string */

/**
 * struct snap_meta - what a snapshot says about where it comes from
 * @info:	the driver's pagesnap_info at recording time
 * @release:	uname -r of the recorded machine
 * @machine:	uname -m
 * @hostname:	uname -n
 * @tool:	version of the writer
 * @time_sec:	CLOCK_REALTIME at the start of the recording, seconds
 * @time_nsec:	and nanoseconds
 * @duration_ns: how long the recording walk took
 * @range_start: first pfn recorded
 * @range_end:	one past the last pfn recorded
 */
struct snap_meta {
	struct pagesnap_info info;
	char release[SNAP_STR_MAX];
	char machine[SNAP_STR_MAX];
	char hostname[SNAP_STR_MAX];
	char tool[SNAP_STR_MAX];
	int64_t time_sec;
	uint32_t time_nsec;
	uint64_t duration_ns;
	uint64_t range_start;
	uint64_t range_end;
};

/* ---- writer ------------------------------------------------------------ */

struct snapw;

int snapw_open(const char *path, const struct snap_meta *meta,
	       struct snapw **wp);
int snapw_entry(struct snapw *w, const struct pagesnap_entry *e);
int snapw_memcg(struct snapw *w, uint64_t ino, const char *path);
int snapw_file(struct snapw *w, uint32_t major, uint32_t minor,
	       uint64_t ino, const char *path);
int snapw_set_duration(struct snapw *w, uint64_t ns);
int snapw_close(struct snapw *w, int commit);
uint64_t snapw_bytes(const struct snapw *w);

/* ---- reader ------------------------------------------------------------ */

struct snapr;

/**
 * struct snap_name - one row of a name table
 * @major, @minor: the file's device (files table only)
 * @ino:	the memcg's or the file's inode number
 * @path:	its path at recording time (memcg: below the cgroup2 root)
 */
struct snap_name {
	uint32_t major, minor;
	uint64_t ino;
	const char *path;
};

int snapr_open(const char *path, struct snapr **rp);
int snapr_open_mem(const void *buf, size_t size, struct snapr **rp);
const char *snapr_error(const struct snapr *r);
const struct snap_meta *snapr_meta(const struct snapr *r);
uint64_t snapr_entries(const struct snapr *r);
typedef int (*snapr_fn)(const struct pagesnap_entry *e, void *arg);
int snapr_walk(struct snapr *r, uint64_t start, uint64_t end, int runs,
	       snapr_fn fn, void *arg);
int snapr_get(struct snapr *r, uint64_t pfn, struct pagesnap_entry *e);
const char *snapr_memcg_path(const struct snapr *r, uint64_t ino);
const char *snapr_file_path(const struct snapr *r, uint32_t major,
			    uint32_t minor, uint64_t ino);
size_t snapr_memcgs(const struct snapr *r, const struct snap_name **v);
size_t snapr_files(const struct snapr *r, const struct snap_name **v);
void snapr_close(struct snapr *r);

/* How the pfns of a run differ from its first (column "stride"). */
#define SNAP_STRIDE_INDEX	1U	/* index advances by one per pfn */
#define SNAP_STRIDE_FILE_INDEX	2U	/* file_index advances by one per pfn */
#define SNAP_STRIDE_HEAD_FIXED	4U	/* head_pfn stays (folio tails) */

void snap_run_pfn(const struct pagesnap_entry *run, unsigned int stride,
		  uint64_t pfn, struct pagesnap_entry *x);
unsigned int snapr_stride(const struct snapr *r);

/* For the fuzzer's structure-aware mutator. */
uint32_t snap_crc32c(uint32_t crc, const void *buf, size_t len);

#endif /* PAGESNAP_SNAPFILE_H */

// SPDX-License-Identifier: GPL-2.0
/* pagesnap-cli info: what the driver serves and how. */
#include <inttypes.h>
#include <time.h>
#include <sys/utsname.h>

#include "main.h"
#include "snapfile.h"

static const char *const valid_names[] = {
	"kpf", "raw_flags", "folio", "refcount", "mapcount",
	"entire_mapcount", "folio_mapcount", "pincount", "page_type",
	"buddy_order", "node_zone", "memcg", "mapping_kind", "file",
	"owner_hash", "idle", "huge_zero",
};

/* PAGESNAP_FEAT_* in bit order; a bit not named here shows as "bitN" */
static const char *const feature_names[] = {
	"filter", "skip_holes", "stats", "runs", "columns",
};

#define NR_VALID	(sizeof(valid_names) / sizeof(valid_names[0]))
#define NR_FEATURES	(sizeof(feature_names) / sizeof(feature_names[0]))

static const char *backend_name(unsigned int b)
{
	return b == PAGESNAP_BACKEND_PORT ? "port" :
	       b == PAGESNAP_BACKEND_NATIVE ? "native" : "unknown";
}

static void names(const char *key, const char *const *tab, unsigned int n,
		  uint64_t bits)
{
	unsigned int i;
	int first = 1;
	char other[16];
	const char *name;

	if (opt.json) {
		jw_name(&jw, key);
		jw_start_array(&jw);
	} else {
		printf("%-16s", key);
	}
	for (i = 0; i < 64; i++) {
		if (!(bits & (1ULL << i)))
			continue;
		name = i < n ? tab[i] : NULL;
		if (!name) {
			snprintf(other, sizeof(other), "bit%u", i);
			name = other;
		}
		if (opt.json)
			jw_string(&jw, name);
		else
			printf("%s%s", first ? "" : ",", name);
		first = 0;
	}
	if (opt.json)
		jw_end_array(&jw);
	else
		printf("%s\n", first ? "-" : "");
}

/* --input: where and when the snapshot was recorded. */
static void snapshot_info(int json)
{
	const struct snap_meta *m = input_meta();
	char when[64];
	time_t t = (time_t)m->time_sec;
	struct tm tm;

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC",
		 gmtime_r(&t, &tm));
	if (json) {
		jw_name(&jw, "snapshot");
		jw_start_object(&jw);
		jw_string_field(&jw, "file", opt.input);
		jw_i64_field(&jw, "time", m->time_sec);
		jw_string_field(&jw, "hostname", m->hostname);
		jw_string_field(&jw, "tool", m->tool);
		jw_u64_field(&jw, "range_start", m->range_start);
		jw_u64_field(&jw, "range_end", m->range_end);
		jw_u64_field(&jw, "runs", snapr_entries(input_snap()));
		jw_u64_field(&jw, "duration_ns", m->duration_ns);
		jw_end_object(&jw);
		return;
	}
	printf("%-16s%s\n", "snapshot", opt.input);
	printf("%-16s%s on %s by %s\n", "recorded", when, m->hostname, m->tool);
	printf("%-16s0x%" PRIx64 "-0x%" PRIx64 " in %" PRIu64 " runs, walked in %.3f s\n",
	       "recorded pfns", m->range_start, m->range_end - 1,
	       snapr_entries(input_snap()), m->duration_ns / 1e9);
}

int do_info(int argc, char **argv)
{
	struct pagesnap_info info;
	struct pagesnap *ps;
	struct utsname u;
	const char *kernel;
	char size[32];
	int ret;

	if (argc)
		return p_usage("unexpected argument '%s' (info takes none)",
			       argv[0]);
	json_begin();
	ret = open_device(&ps, &info);
	if (ret)
		return ret;
	uname(&u);
	kernel = opt.input ? input_meta()->release : u.release;
	human_size((info.pfn_end - info.pfn_start) * info.page_size, size,
		   sizeof(size));
	if (opt.json) {
		jw_string_field(&jw, "device", opt.device ? opt.device :
				PAGESNAP_DEVICE_PATH);
		jw_u64_field(&jw, "abi_version", info.abi_version);
		jw_string_field(&jw, "backend", backend_name(info.backend));
		jw_u64_field(&jw, "entry_size", info.entry_size);
		jw_u64_field(&jw, "library_entry_size",
			     sizeof(struct pagesnap_entry));
		names("features", feature_names, NR_FEATURES, info.features);
		names("fields", valid_names, NR_VALID, info.valid_mask);
		jw_u64_field(&jw, "pfn_start", info.pfn_start);
		jw_u64_field(&jw, "pfn_end", info.pfn_end);
		jw_u64_field(&jw, "page_size", info.page_size);
		jw_u64_field(&jw, "max_pfns", (uint64_t)info.max_pfns);
		jw_u64_field(&jw, "max_filters", info.max_filters);
		jw_string_field(&jw, "kernel", kernel);
		jw_string_field(&jw, "library", PAGESNAP_VERSION);
		if (opt.input)
			snapshot_info(1);
	} else {
		printf("%-16s%s\n", "device", opt.device ? opt.device :
		       PAGESNAP_DEVICE_PATH);
		printf("%-16s%u\n", "abi_version", info.abi_version);
		printf("%-16s%s\n", "backend", backend_name(info.backend));
		printf("%-16s%u bytes (library %zu)\n", "entry_size",
		       info.entry_size, sizeof(struct pagesnap_entry));
		names("features", feature_names, NR_FEATURES, info.features);
		names("fields", valid_names, NR_VALID, info.valid_mask);
		printf("%-16s0x%" PRIx64 "-0x%" PRIx64 " (%" PRIu64
		       " pfns, %s)\n", "pfns", (uint64_t)info.pfn_start,
		       (uint64_t)info.pfn_end,
		       (uint64_t)(info.pfn_end - info.pfn_start), size);
		printf("%-16s%u\n", "page_size", info.page_size);
		printf("%-16s%" PRIu64 "\n", "max_pfns", (uint64_t)info.max_pfns);
		printf("%-16s%u\n", "max_filters", info.max_filters);
		printf("%-16s%s\n", "kernel", kernel);
		printf("%-16s%s\n", "library", PAGESNAP_VERSION);
		if (opt.input)
			snapshot_info(0);
	}
	pagesnap_close(ps);
	return json_finish(0);
}

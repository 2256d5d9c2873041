// SPDX-License-Identifier: GPL-2.0
/* pagesnap-cli info: what the driver serves and how. */
#include <inttypes.h>
#include <sys/utsname.h>

#include "main.h"

static const char *const valid_names[] = {
	"kpf", "raw_flags", "folio", "refcount", "mapcount",
	"entire_mapcount", "folio_mapcount", "pincount", "page_type",
	"buddy_order", "node_zone", "memcg", "mapping_kind", "file",
	"owner_hash", "idle", "huge_zero",
};

/* PAGESNAP_FEAT_* in bit order; a bit not named here shows as "bitN" */
static const char *const feature_names[] = {
	"filter", "skip_holes", "stats", "runs",
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

int do_info(int argc, char **argv)
{
	struct pagesnap_info info;
	struct pagesnap *ps;
	struct utsname u;
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
		jw_string_field(&jw, "kernel", u.release);
		jw_string_field(&jw, "library", PAGESNAP_VERSION);
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
		printf("%-16s%s\n", "kernel", u.release);
		printf("%-16s%s\n", "library", PAGESNAP_VERSION);
	}
	pagesnap_close(ps);
	return json_finish(0);
}

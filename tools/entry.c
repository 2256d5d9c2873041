// SPDX-License-Identifier: GPL-2.0
/*
 * One pagesnap_entry on screen or in JSON: every field decoded, the
 * --columns listing, and runs of identical pages (page-types -l).
 */
#include <inttypes.h>
#include <string.h>

#include "main.h"
#include "linebuf.h"

static const char *const snap_names[] = {
	"faithful", "free", "idle", "zero_page", "huge_zero", "hole",
	"dma_pinned",
};

#define NR_SNAP (sizeof(snap_names) / sizeof(snap_names[0]))

static int has(const struct pagesnap_entry *e, uint64_t v)
{
	return (e->valid & v) == v;
}

static void snap_format(uint64_t sf, char *buf, size_t size)
{
	unsigned int i;
	size_t n = 0;

	buf[0] = '\0';
	for (i = 0; i < NR_SNAP && n < size; i++)
		if (sf & (1ULL << i))
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
					      n ? "," : "", snap_names[i]);
	if (!buf[0])
		snprintf(buf, size, "-");
}

static void json_flag_names(uint64_t flags)
{
	unsigned int b;
	char other[16];

	jw_start_array(&jw);
	for (b = 0; b < 64; b++) {
		if (!(flags & (1ULL << b)))
			continue;
		if (pagesnap_flag_name(b)) {
			jw_string(&jw, pagesnap_flag_name(b));
		} else {
			snprintf(other, sizeof(other), "bit%u", b);
			jw_string(&jw, other);
		}
	}
	jw_end_array(&jw);
}

void print_entry_detail(const struct pagesnap_entry *e,
			const struct pagesnap_info *info)
{
	char names[1024], sym[80], sf[128], size[32];
	uint64_t flags = pagesnap_entry_flags(e, 1);

	printf("pfn              0x%" PRIx64 " (%" PRIu64 ")\n", (uint64_t)e->pfn, (uint64_t)e->pfn);
	snap_format(e->snap_flags, sf, sizeof(sf));
	printf("snapshot         %s\n", sf);
	if (e->snap_flags & PAGESNAP_SF_HOLE) {
		printf("                 (no online struct page: no other field)\n");
		return;
	}
	pagesnap_flags_format(flags, names, sizeof(names));
	pagesnap_flags_symbolic(flags, sym, sizeof(sym));
	if (has(e, PAGESNAP_VALID_KPF))
		printf("flags            0x%016" PRIx64 " %s\n"
		       "                 %s\n", flags, sym,
		       names[0] ? names : "-");
	if (has(e, PAGESNAP_VALID_RAW_FLAGS))
		printf("raw_flags        0x%016" PRIx64 " (kernel PG_* bits)\n",
		       (uint64_t)e->raw_flags);
	if (has(e, PAGESNAP_VALID_FOLIO))
		printf("folio            head 0x%" PRIx64 ", order %u (%s), index %u\n",
		       (uint64_t)e->head_pfn, e->order,
		       human_size((uint64_t)info->page_size << (e->order & 63),
				  size, sizeof(size)), e->index);
	if (has(e, PAGESNAP_VALID_REFCOUNT))
		printf("refcount         %u\n", e->refcount);
	if (has(e, PAGESNAP_VALID_MAPCOUNT))
		printf("mapcount         %u\n", e->mapcount);
	if (has(e, PAGESNAP_VALID_ENTIRE_MAPCOUNT))
		printf("entire_mapcount  %u\n", e->entire_mapcount);
	if (has(e, PAGESNAP_VALID_FOLIO_MAPCOUNT))
		printf("folio_mapcount   %u\n", e->folio_mapcount);
	if (has(e, PAGESNAP_VALID_PINCOUNT))
		printf("pincount         %u%s\n", e->pincount,
		       e->snap_flags & PAGESNAP_SF_DMA_PINNED ?
		       " (maybe DMA-pinned)" : "");
	if (has(e, PAGESNAP_VALID_PAGE_TYPE))
		printf("page_type        %s\n", pagesnap_page_type_name(e->page_type));
	if (has(e, PAGESNAP_VALID_BUDDY_ORDER) &&
	    (e->snap_flags & PAGESNAP_SF_FREE))
		printf("buddy_order      %u\n", e->buddy_order);
	if (has(e, PAGESNAP_VALID_NODE_ZONE))
		printf("node/zone        %u / %s\n", e->nid,
		       pagesnap_zone_name(e->zone));
	if (has(e, PAGESNAP_VALID_MEMCG) && !e->memcg_ino)
		printf("memcg            - (not charged)\n");
	else if (has(e, PAGESNAP_VALID_MEMCG))
		printf("memcg            %s (inode %" PRIu64 ")\n",
		       memcg_path(e->memcg_ino, sf, sizeof(sf)),
		       (uint64_t)e->memcg_ino);
	if (has(e, PAGESNAP_VALID_MAPPING_KIND))
		printf("mapping          %s\n",
		       pagesnap_mapping_kind_name(e->mapping_kind));
	if (has(e, PAGESNAP_VALID_FILE) &&
	    e->mapping_kind == PAGESNAP_MAPPING_FILE)
		printf("file             dev %u:%u ino %" PRIu64 " index %" PRIu64
		       " (offset 0x%" PRIx64 ")\n", e->file_dev_major,
		       e->file_dev_minor, (uint64_t)e->file_ino,
		       (uint64_t)e->file_index,
		       (uint64_t)e->file_index * info->page_size);
	if (has(e, PAGESNAP_VALID_OWNER_HASH) && e->owner_hash)
		printf("owner            %016" PRIx64 "\n", (uint64_t)e->owner_hash);
	else if (has(e, PAGESNAP_VALID_OWNER_HASH))
		printf("owner            - (none)\n");
}

/* A field: its value when the driver filled it, else null. */
static void json_u32(const struct pagesnap_entry *e, uint64_t valid,
		     const char *name, uint64_t v)
{
	jw_name(&jw, name);
	if (has(e, valid))
		jw_u64(&jw, v);
	else
		jw_null(&jw);
}

void json_entry(const struct pagesnap_entry *e)
{
	char buf[4096];
	unsigned int i;
	int hole = !!(e->snap_flags & PAGESNAP_SF_HOLE);

	jw_start_object(&jw);
	jw_u64_field(&jw, "pfn", e->pfn);
	jw_hex_field(&jw, "valid", e->valid);
	jw_hex_field(&jw, "snap_flags", e->snap_flags);
	jw_name(&jw, "snapshot");
	jw_start_array(&jw);
	for (i = 0; i < NR_SNAP; i++)
		if (e->snap_flags & (1ULL << i))
			jw_string(&jw, snap_names[i]);
	jw_end_array(&jw);
	jw_bool_field(&jw, "faithful", !!(e->snap_flags & PAGESNAP_SF_FAITHFUL));
	jw_bool_field(&jw, "hole", hole);
	if (hole) {
		jw_end_object(&jw);
		return;
	}
	jw_name(&jw, "kpf");
	if (has(e, PAGESNAP_VALID_KPF))
		jw_hex(&jw, e->kpf);
	else
		jw_null(&jw);
	jw_name(&jw, "flags");
	json_flag_names(pagesnap_entry_flags(e, 1));
	jw_name(&jw, "raw_flags");
	if (has(e, PAGESNAP_VALID_RAW_FLAGS))
		jw_hex(&jw, e->raw_flags);
	else
		jw_null(&jw);
	json_u32(e, PAGESNAP_VALID_FOLIO, "head_pfn", e->head_pfn);
	json_u32(e, PAGESNAP_VALID_FOLIO, "order", e->order);
	json_u32(e, PAGESNAP_VALID_FOLIO, "index", e->index);
	json_u32(e, PAGESNAP_VALID_REFCOUNT, "refcount", e->refcount);
	json_u32(e, PAGESNAP_VALID_MAPCOUNT, "mapcount", e->mapcount);
	json_u32(e, PAGESNAP_VALID_ENTIRE_MAPCOUNT, "entire_mapcount",
		 e->entire_mapcount);
	json_u32(e, PAGESNAP_VALID_FOLIO_MAPCOUNT, "folio_mapcount",
		 e->folio_mapcount);
	json_u32(e, PAGESNAP_VALID_PINCOUNT, "pincount", e->pincount);
	jw_name(&jw, "page_type");
	if (has(e, PAGESNAP_VALID_PAGE_TYPE))
		jw_string(&jw, pagesnap_page_type_name(e->page_type));
	else
		jw_null(&jw);
	json_u32(e, PAGESNAP_VALID_BUDDY_ORDER, "buddy_order", e->buddy_order);
	json_u32(e, PAGESNAP_VALID_NODE_ZONE, "node", e->nid);
	jw_name(&jw, "zone");
	if (has(e, PAGESNAP_VALID_NODE_ZONE))
		jw_string(&jw, pagesnap_zone_name(e->zone));
	else
		jw_null(&jw);
	json_u32(e, PAGESNAP_VALID_MEMCG, "memcg_ino", e->memcg_ino);
	jw_name(&jw, "memcg");
	if (has(e, PAGESNAP_VALID_MEMCG) && e->memcg_ino)
		jw_string(&jw, memcg_path(e->memcg_ino, buf, sizeof(buf)));
	else
		jw_null(&jw);
	jw_name(&jw, "mapping");
	if (has(e, PAGESNAP_VALID_MAPPING_KIND))
		jw_string(&jw, pagesnap_mapping_kind_name(e->mapping_kind));
	else
		jw_null(&jw);
	jw_name(&jw, "file");
	if (has(e, PAGESNAP_VALID_FILE) &&
	    e->mapping_kind == PAGESNAP_MAPPING_FILE) {
		jw_start_object(&jw);
		jw_u64_field(&jw, "dev_major", e->file_dev_major);
		jw_u64_field(&jw, "dev_minor", e->file_dev_minor);
		jw_u64_field(&jw, "ino", e->file_ino);
		jw_u64_field(&jw, "index", e->file_index);
		jw_end_object(&jw);
	} else {
		jw_null(&jw);
	}
	jw_name(&jw, "owner_hash");
	if (has(e, PAGESNAP_VALID_OWNER_HASH))
		jw_hex(&jw, e->owner_hash);
	else
		jw_null(&jw);
	jw_end_object(&jw);
}

/* ---- --columns ------------------------------------------------------- */

enum col_kind { C_U64, C_HEX, C_STR, C_NAMES };

enum col_id {
	COL_PFN, COL_FLAGS, COL_NAMES, COL_KPF, COL_RAW_FLAGS, COL_REFCOUNT,
	COL_MAPCOUNT, COL_ENTIRE_MAPCOUNT, COL_FOLIO_MAPCOUNT, COL_PINCOUNT,
	COL_ORDER, COL_HEAD, COL_INDEX, COL_TYPE, COL_BUDDY, COL_NODE,
	COL_ZONE, COL_MEMCG, COL_MEMCG_INO, COL_MAPPING, COL_DEV, COL_INO,
	COL_FILE_INDEX, COL_OWNER, COL_FAITHFUL,
};

struct column {
	const char *name;
	enum col_id id;
	const char *help;	/* NULL: an alias, not listed */
};

/* The detail view's field names, so what `pfn PFN` shows can be listed. */
static const struct column columns[] = {
	{ "pfn", COL_PFN, "page frame number (hex)" },
	{ "flags", COL_FLAGS,
	  "symbolic flags, page-types style (JSON: list of names)" },
	{ "names", COL_NAMES, "flag names" },
	{ "kpf", COL_KPF, "flag word (hex)" },
	{ "raw_flags", COL_RAW_FLAGS, "kernel PG_* flag word (hex)" },
	{ "refcount", COL_REFCOUNT, "page_count() of the folio" },
	{ "mapcount", COL_MAPCOUNT, "mappings of this page" },
	{ "entire_mapcount", COL_ENTIRE_MAPCOUNT,
	  "PMD-level mappings of the folio" },
	{ "folio_mapcount", COL_FOLIO_MAPCOUNT, "mappings of the whole folio" },
	{ "pincount", COL_PINCOUNT, "FOLL_PIN pins of the folio" },
	{ "order", COL_ORDER, "folio order" },
	{ "head", COL_HEAD, "pfn of the folio head (hex)" },
	{ "index", COL_INDEX, "index of the page in its folio" },
	{ "type", COL_TYPE, "page type" },
	{ "page_type", COL_TYPE, NULL },
	{ "buddy", COL_BUDDY, "order of the free block it heads" },
	{ "buddy_order", COL_BUDDY, NULL },
	{ "node", COL_NODE, "NUMA node" },
	{ "zone", COL_ZONE, "zone" },
	{ "memcg", COL_MEMCG, "memory cgroup path (@INODE when not found)" },
	{ "memcg_ino", COL_MEMCG_INO, "memory cgroup inode (page-types -C)" },
	{ "mapping", COL_MAPPING, "mapping kind" },
	{ "dev", COL_DEV, "file device major:minor" },
	{ "ino", COL_INO, "file inode" },
	{ "file_index", COL_FILE_INDEX, "page index in the file" },
	{ "offset", COL_FILE_INDEX, NULL },
	{ "owner", COL_OWNER, "owner hash" },
	{ "faithful", COL_FAITHFUL, "1 when the snapshot was consistent" },
};

#define NR_COLUMNS	(sizeof(columns) / sizeof(columns[0]))
#define MAX_SELECTED	32

static unsigned int selected[MAX_SELECTED], nr_selected;

int columns_help(FILE *out)
{
	unsigned int i;

	if (opt.json) {
		json_begin();
		jw_name(&jw, "columns");
		jw_start_array(&jw);
		for (i = 0; i < NR_COLUMNS; i++) {
			if (!columns[i].help)
				continue;
			jw_start_object(&jw);
			jw_string_field(&jw, "name", columns[i].name);
			jw_string_field(&jw, "help", columns[i].help);
			jw_end_object(&jw);
		}
		jw_end_array(&jw);
		return json_finish(0);
	}
	fprintf(out, "Columns for --columns (comma-separated):\n");
	for (i = 0; i < NR_COLUMNS; i++)
		if (columns[i].help)
			fprintf(out, "  %-16s %s\n", columns[i].name,
				columns[i].help);
	return 0;
}

int columns_parse(const char *spec)
{
	char buf[512], *tok, *save = NULL;
	unsigned int i;

	nr_selected = 0;
	if (!spec)
		spec = "pfn,flags";
	if (strlen(spec) >= sizeof(buf))
		return p_usage("--columns '%s' is too long", spec);
	strcpy(buf, spec);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NR_COLUMNS; i++)
			if (!strcmp(tok, columns[i].name))
				break;
		if (i == NR_COLUMNS)
			return p_usage("unknown column '%s' (try: --columns help)",
				       tok);
		if (nr_selected == MAX_SELECTED)
			return p_usage("too many columns at '%s'", tok);
		selected[nr_selected++] = i;
	}
	if (!nr_selected)
		return p_usage("--columns '%s' names no column", spec);
	return 0;
}

/*
 * The PAGESNAP_COL_* fields the selected columns are made of, as a
 * columns scan needs them (pfn is the position itself).  The valid word
 * is needed by every column past the flags: asking for it makes the
 * driver compute every field, still cheaper than copying whole entries.
 */
uint64_t columns_fields(void)
{
	static const uint64_t need[] = {
		[COL_PFN] = 0,
		[COL_FLAGS] = PAGESNAP_COL_KPF,
		[COL_NAMES] = PAGESNAP_COL_KPF,
		[COL_KPF] = PAGESNAP_COL_KPF,
		[COL_RAW_FLAGS] = PAGESNAP_COL_RAW_FLAGS,
		[COL_REFCOUNT] = PAGESNAP_COL_REFCOUNT,
		[COL_MAPCOUNT] = PAGESNAP_COL_MAPCOUNT,
		[COL_ENTIRE_MAPCOUNT] = PAGESNAP_COL_ENTIRE_MAPCOUNT,
		[COL_FOLIO_MAPCOUNT] = PAGESNAP_COL_FOLIO_MAPCOUNT,
		[COL_PINCOUNT] = PAGESNAP_COL_PINCOUNT,
		[COL_ORDER] = PAGESNAP_COL_ORDER,
		[COL_HEAD] = PAGESNAP_COL_HEAD_PFN,
		[COL_INDEX] = PAGESNAP_COL_INDEX,
		[COL_TYPE] = PAGESNAP_COL_PAGE_TYPE,
		[COL_BUDDY] = PAGESNAP_COL_BUDDY_ORDER,
		[COL_NODE] = PAGESNAP_COL_NID,
		[COL_ZONE] = PAGESNAP_COL_ZONE,
		[COL_MEMCG] = PAGESNAP_COL_MEMCG,
		[COL_MEMCG_INO] = PAGESNAP_COL_MEMCG,
		[COL_MAPPING] = PAGESNAP_COL_MAPPING_KIND,
		[COL_DEV] = PAGESNAP_COL_MAPPING_KIND |
			    PAGESNAP_COL_FILE_DEV_MAJOR |
			    PAGESNAP_COL_FILE_DEV_MINOR,
		[COL_INO] = PAGESNAP_COL_MAPPING_KIND | PAGESNAP_COL_FILE_INO,
		[COL_FILE_INDEX] = PAGESNAP_COL_MAPPING_KIND |
				   PAGESNAP_COL_FILE_INDEX,
		[COL_OWNER] = PAGESNAP_COL_OWNER_HASH,
		[COL_FAITHFUL] = PAGESNAP_COL_SNAP_FLAGS,
	};
	uint64_t f = PAGESNAP_COL_KPF, n;
	unsigned int i;

	for (i = 0; i < nr_selected; i++) {
		n = need[columns[selected[i]].id];
		/* past the flags: holes, free blocks and valid bits matter */
		if (n & ~(PAGESNAP_COL_KPF | PAGESNAP_COL_SNAP_FLAGS))
			n |= PAGESNAP_COL_VALID | PAGESNAP_COL_SNAP_FLAGS;
		f |= n;
	}
	return f;
}

void columns_header(void)
{
	unsigned int i;

	for (i = 0; i < nr_selected; i++) {
		if (i)
			lb_char('\t');
		lb_str(columns[selected[i]].name);
	}
	lb_char('\n');
}

#define VAL(field, bit, kind) (*v = (field), has(e, bit) ? (kind) : -1)

/* Value of column @c: its kind and value, -1 when the field is absent. */
static int col_value(const struct pagesnap_entry *e, enum col_id c,
		     uint64_t *v, const char **s, char *buf, size_t size)
{
	uint64_t f = pagesnap_entry_flags(e, opt.raw);
	int file = has(e, PAGESNAP_VALID_FILE) &&
		   e->mapping_kind == PAGESNAP_MAPPING_FILE;

	switch (c) {
	case COL_PFN: *v = e->pfn; return C_HEX;
	case COL_FLAGS:
		pagesnap_flags_symbolic(f, buf, size);
		*s = buf;
		*v = f;
		return C_STR;
	case COL_NAMES:
		pagesnap_flags_format(f, buf, size);
		*s = buf;
		*v = f;
		return C_NAMES;
	case COL_KPF: *v = f; return C_HEX;
	case COL_FAITHFUL:
		*v = !!(e->snap_flags & PAGESNAP_SF_FAITHFUL);
		return C_U64;
	default:
		break;
	}
	if (e->snap_flags & PAGESNAP_SF_HOLE)
		return -1;
	switch (c) {
	case COL_RAW_FLAGS:
		return VAL(e->raw_flags, PAGESNAP_VALID_RAW_FLAGS, C_HEX);
	case COL_REFCOUNT:
		return VAL(e->refcount, PAGESNAP_VALID_REFCOUNT, C_U64);
	case COL_MAPCOUNT:
		return VAL(e->mapcount, PAGESNAP_VALID_MAPCOUNT, C_U64);
	case COL_ENTIRE_MAPCOUNT:
		return VAL(e->entire_mapcount, PAGESNAP_VALID_ENTIRE_MAPCOUNT,
			   C_U64);
	case COL_FOLIO_MAPCOUNT:
		return VAL(e->folio_mapcount, PAGESNAP_VALID_FOLIO_MAPCOUNT,
			   C_U64);
	case COL_PINCOUNT:
		return VAL(e->pincount, PAGESNAP_VALID_PINCOUNT, C_U64);
	case COL_ORDER: return VAL(e->order, PAGESNAP_VALID_FOLIO, C_U64);
	case COL_HEAD: return VAL(e->head_pfn, PAGESNAP_VALID_FOLIO, C_HEX);
	case COL_INDEX: return VAL(e->index, PAGESNAP_VALID_FOLIO, C_U64);
	case COL_TYPE:
		*s = pagesnap_page_type_name(e->page_type);
		return has(e, PAGESNAP_VALID_PAGE_TYPE) ? C_STR : -1;
	case COL_BUDDY:
		*v = e->buddy_order;
		return has(e, PAGESNAP_VALID_BUDDY_ORDER) &&
		       (e->snap_flags & PAGESNAP_SF_FREE) ? C_U64 : -1;
	case COL_NODE: return VAL(e->nid, PAGESNAP_VALID_NODE_ZONE, C_U64);
	case COL_ZONE:
		*s = pagesnap_zone_name(e->zone);
		return has(e, PAGESNAP_VALID_NODE_ZONE) ? C_STR : -1;
	case COL_MEMCG:	/* inode 0: not charged */
		*s = memcg_path(e->memcg_ino, buf, size);
		return has(e, PAGESNAP_VALID_MEMCG) && e->memcg_ino ? C_STR : -1;
	case COL_MEMCG_INO:
		return VAL(e->memcg_ino, PAGESNAP_VALID_MEMCG, C_U64);
	case COL_MAPPING:
		*s = pagesnap_mapping_kind_name(e->mapping_kind);
		return has(e, PAGESNAP_VALID_MAPPING_KIND) ? C_STR : -1;
	case COL_OWNER:
		return VAL(e->owner_hash, PAGESNAP_VALID_OWNER_HASH, C_HEX);
	default:
		break;
	}
	if (!file)
		return -1;
	switch (c) {
	case COL_DEV:
		snprintf(buf, size, "%u:%u", e->file_dev_major, e->file_dev_minor);
		*s = buf;
		return C_STR;
	case COL_INO: *v = e->file_ino; return C_U64;
	case COL_FILE_INDEX: *v = e->file_index; return C_U64;
	default:
		return -1;
	}
}

/*
 * The flags of consecutive pfns are mostly the same: their text is made
 * once per change of the word.
 */
static const char *flags_text(enum col_id c, uint64_t f, size_t *len)
{
	static struct {
		int valid;
		uint64_t flags;
		size_t len;
		char text[1024];
	} cache[2];
	int k = c == COL_NAMES;

	if (!cache[k].valid || cache[k].flags != f) {
		if (k)
			pagesnap_flags_format(f, cache[k].text,
					      sizeof(cache[k].text));
		else
			pagesnap_flags_symbolic(f, cache[k].text,
						sizeof(cache[k].text));
		cache[k].len = strlen(cache[k].text);
		cache[k].flags = f;
		cache[k].valid = 1;
	}
	*len = cache[k].len;
	return cache[k].text;
}

/* One line of the listing, into the buffered writer: no printf. */
void columns_print(const struct pagesnap_entry *e)
{
	char buf[1024];
	const char *s = NULL;
	unsigned int i;
	uint64_t v = 0;
	size_t len;
	enum col_id c;

	for (i = 0; i < nr_selected; i++) {
		if (i)
			lb_char('\t');
		c = columns[selected[i]].id;
		if (c == COL_PFN) {
			lb_hex(e->pfn);
			continue;
		}
		if (c == COL_FLAGS || c == COL_NAMES) {
			s = flags_text(c, pagesnap_entry_flags(e, opt.raw),
				       &len);
			lb_mem(s, len);
			continue;
		}
		switch (col_value(e, c, &v, &s, buf, sizeof(buf))) {
		case C_U64: lb_dec(v); break;
		case C_HEX: lb_hex(v); break;
		case C_STR:
		case C_NAMES: lb_str(s); break;
		default: lb_char('-');
		}
	}
	lb_char('\n');
}

void columns_json(const struct pagesnap_entry *e)
{
	char buf[1024];
	const char *s = NULL;
	unsigned int i;
	uint64_t v = 0;
	enum col_id c;

	jw_start_object(&jw);
	for (i = 0; i < nr_selected; i++) {
		c = columns[selected[i]].id;
		jw_name(&jw, columns[selected[i]].name);
		/* "flags" is a list of names in every JSON document */
		if (c == COL_FLAGS || c == COL_NAMES) {
			json_flag_names(pagesnap_entry_flags(e, opt.raw));
			continue;
		}
		switch (col_value(e, c, &v, &s, buf, sizeof(buf))) {
		case C_U64: jw_u64(&jw, v); break;
		case C_HEX:
			if (c == COL_PFN || c == COL_HEAD)
				jw_u64(&jw, v);
			else
				jw_hex(&jw, v);
			break;
		case C_STR: jw_string(&jw, s); break;
		default: jw_null(&jw);
		}
	}
	jw_end_object(&jw);
}

/* ---- runs of identical pages ----------------------------------------- */

static void run_show(const struct run_list *r, int with_voff)
{
	char sym[80];

	pagesnap_flags_symbolic(r->flags, sym, sizeof(sym));
	if (opt.json) {
		jw_start_object(&jw);
		if (with_voff == RUN_VADDR)
			jw_u64_field(&jw, "vaddr", r->voff * r->unit);
		else if (with_voff)
			jw_u64_field(&jw, "file_index", r->voff);
		jw_u64_field(&jw, "pfn", r->start);
		jw_u64_field(&jw, "count", r->count);
		jw_hex_field(&jw, "kpf", r->flags);
		jw_name(&jw, "flags");
		json_flag_names(r->flags);
		jw_end_object(&jw);
		return;
	}
	if (with_voff == RUN_VADDR) {
		lb_str("0x");
		lb_hex(r->voff * r->unit);
		lb_char('\t');
	} else if (with_voff) {
		lb_dec(r->voff);
		lb_char('\t');
	}
	lb_str("0x");
	lb_hex(r->start);
	lb_char('\t');
	lb_dec(r->count);
	lb_char('\t');
	lb_str(sym);
	lb_char('\n');
}

/* @n pages from @pfn (and @voff) with @flags: a run, or more of one. */
void run_add_n(struct run_list *r, uint64_t voff, uint64_t pfn,
	       uint64_t flags, uint64_t n, int with_voff)
{
	if (r->active && flags == r->flags && pfn == r->start + r->count &&
	    voff == r->voff + r->count) {
		r->count += n;
		return;
	}
	if (r->active)
		run_show(r, with_voff);
	r->active = 1;
	r->voff = voff;
	r->start = pfn;
	r->count = n;
	r->flags = flags;
}

void run_add(struct run_list *r, uint64_t voff, uint64_t pfn, uint64_t flags,
	     int with_voff)
{
	run_add_n(r, voff, pfn, flags, 1, with_voff);
}

/* The last run, and everything buffered, to stdout. */
void run_flush(struct run_list *r, int with_voff)
{
	if (r->active)
		run_show(r, with_voff);
	r->active = 0;
	lb_flush();
}

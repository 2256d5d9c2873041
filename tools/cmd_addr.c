// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli addr PID [ADDR[+LEN]|ADDR,END]: the pages behind a
 * process's virtual addresses (page-types -p), through /proc/PID/pagemap
 * and one snapshot per present page.  Without an address range, every
 * mapping in /proc/PID/maps is walked.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "main.h"

#define BATCH 512

/* One line of /proc/PID/maps: what the page belongs to. */
struct vma {
	uint64_t start, end;
	char *name;		/* path, [heap], [stack], ... or "[anon]" */
};

struct walk {
	struct vma *vmas;
	size_t nr_vmas, cur;
	struct pagesnap *ps;
	struct pagesnap_pagemap *pm;
	struct summary *summary;
	struct run_list runs;
	uint64_t page_size;
	uint64_t present, swapped, unmapped;
	int all_states;		/* list unmapped pages too */
};

static const char *state_name(unsigned int s)
{
	return s == PAGESNAP_VADDR_PRESENT ? "present" :
	       s == PAGESNAP_VADDR_SWAPPED ? "swapped" : "not-mapped";
}

/* The name of the VMA holding @addr; "-" when none does. */
static const char *vma_name(struct walk *w, uint64_t addr)
{
	size_t lo = 0, hi = w->nr_vmas, mid;

	if (w->cur < w->nr_vmas && addr >= w->vmas[w->cur].start &&
	    addr < w->vmas[w->cur].end)
		return w->vmas[w->cur].name;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (addr < w->vmas[mid].start) {
			hi = mid;
		} else if (addr >= w->vmas[mid].end) {
			lo = mid + 1;
		} else {
			w->cur = mid;
			return w->vmas[mid].name;
		}
	}
	return "-";
}

static int show_vaddr(struct walk *w, const struct pagesnap_vaddr *v)
{
	const char *vma = vma_name(w, v->vaddr);
	struct pagesnap_entry e;
	uint64_t flags = 0;
	char sym[80];
	int ret, have = 0;

	if (v->state == PAGESNAP_VADDR_PRESENT) {
		w->present++;
		if (v->flags & PAGESNAP_VADDR_F_PFN_HIDDEN)
			return p_err("/proc/PID/pagemap hides pfns: need CAP_SYS_ADMIN");
		ret = pagesnap_get2(w->ps, v->pfn, &e, sizeof(e));
		if (ret)
			return p_err("pfn 0x%llx: %s", (unsigned long long)v->pfn,
				     pagesnap_strerror(ret));
		if (!entry_selected(&e))
			return 0;
		flags = pagesnap_entry_flags(&e, opt.raw);
		/* page-types -r: the pte's soft-dirty bit joins the flags */
		if (opt.raw && (v->flags & PAGESNAP_VADDR_F_SOFT_DIRTY))
			flags |= 1ULL << PAGESNAP_KPF_SOFTDIRTY;
		have = 1;
		summary_add(w->summary, flags, 1);
	} else if (v->state == PAGESNAP_VADDR_SWAPPED) {
		w->swapped++;
		if (opt.given & OPT_BITS)
			return 0;
	} else {
		w->unmapped++;
		if (!w->all_states || (opt.given & OPT_BITS))
			return 0;
	}
	if (opt.ranges) {
		if (have)
			run_add(&w->runs, v->vaddr / w->page_size, v->pfn,
				flags, RUN_VADDR);
		return 0;
	}
	if (opt.json) {
		jw_start_object(&jw);
		jw_u64_field(&jw, "vaddr", v->vaddr);
		jw_string_field(&jw, "vma", vma);
		jw_string_field(&jw, "state", state_name(v->state));
		if (v->state == PAGESNAP_VADDR_SWAPPED) {
			jw_u64_field(&jw, "swap_type", v->swap_type);
			jw_u64_field(&jw, "swap_offset", v->swap_offset);
		}
		jw_bool_field(&jw, "file", !!(v->flags & PAGESNAP_VADDR_F_FILE));
		jw_bool_field(&jw, "exclusive",
			      !!(v->flags & PAGESNAP_VADDR_F_EXCLUSIVE));
		if (have) {
			jw_name(&jw, "page");
			json_entry(&e);
		}
		jw_end_object(&jw);
		return 0;
	}
	if (have) {
		pagesnap_flags_symbolic(flags, sym, sizeof(sym));
		printf("0x%" PRIx64 "\tpresent\t0x%" PRIx64 "\t%s\t%s\n",
		       v->vaddr, v->pfn, sym, vma);
	} else if (v->state == PAGESNAP_VADDR_SWAPPED) {
		printf("0x%" PRIx64 "\tswapped\tswap %u:0x%" PRIx64 "\t-\t%s\n",
		       v->vaddr, v->swap_type, v->swap_offset, vma);
	} else {
		printf("0x%" PRIx64 "\tnot-mapped\t-\t-\t%s\n", v->vaddr,
		       vma);
	}
	return 0;
}

static int walk_vrange(struct walk *w, uint64_t start, uint64_t end)
{
	struct pagesnap_vaddr v[BATCH];
	uint64_t page = start / w->page_size;
	uint64_t last = (end - 1) / w->page_size + 1;
	unsigned int n, i;
	int ret;

	while (page < last) {
		n = last - page < BATCH ? (unsigned int)(last - page) : BATCH;
		ret = pagesnap_pagemap_read(w->pm, page * w->page_size, v, n);
		if (ret)
			return p_err("reading pagemap at 0x%llx: %s",
				     (unsigned long long)(page * w->page_size),
				     pagesnap_strerror(ret));
		for (i = 0; i < n; i++) {
			ret = show_vaddr(w, &v[i]);
			if (ret)
				return ret;
		}
		page += n;
	}
	return 0;
}

/* /proc/PID/maps into w->vmas, in address order as the kernel lists it. */
static int load_maps(struct walk *w, pid_t pid)
{
	char path[64], line[4096 + 128], name[4096];
	unsigned long long s, e;
	struct vma *n;
	size_t size = 0;
	int pos;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return p_err("cannot read '%s': %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		pos = 0;
		if (sscanf(line, "%llx-%llx %*s %*s %*s %*s %n", &s, &e,
			   &pos) < 2 || e <= s)
			continue;
		snprintf(name, sizeof(name), "%s",
			 pos && line[pos] ? line + pos : "[anon]");
		if (w->nr_vmas == size) {
			size = size ? size * 2 : 64;
			n = realloc(w->vmas, size * sizeof(*n));
			if (!n)
				break;
			w->vmas = n;
		}
		w->vmas[w->nr_vmas].start = s;
		w->vmas[w->nr_vmas].end = e;
		w->vmas[w->nr_vmas].name = strdup(name);
		if (!w->vmas[w->nr_vmas].name)
			break;
		w->nr_vmas++;
	}
	fclose(f);
	return 0;
}

static int walk_maps(struct walk *w)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < w->nr_vmas && !ret; i++)
		ret = walk_vrange(w, w->vmas[i].start, w->vmas[i].end);
	return ret;
}

int do_addr(int argc, char **argv)
{
	struct walk w;
	uint64_t pid, start = 0, end = 0;
	int ret;

	if (argc < 1)
		return p_usage("addr needs PID [ADDR[+LEN]|ADDR,END]");
	if (argc > 2)
		return p_usage("unexpected argument '%s'", argv[2]);
	if (arg_number("pid", argv[0], &pid))
		return EXIT_USAGE;
	if (!pid || pid > 0x7fffffff)
		return p_usage("pid '%s' out of range", argv[0]);
	if (argc == 2 && arg_range(argv[1], &start, &end))
		return EXIT_USAGE;
	if (argc == 2 && end == UINT64_MAX)
		return p_usage("address range '%s' has no end: use ADDR+LEN or ADDR,END (bytes)",
			       argv[1]);
	memset(&w, 0, sizeof(w));
	w.page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	w.runs.unit = w.page_size;
	w.all_states = argc == 2;
	json_begin();
	ret = pagesnap_pagemap_open((pid_t)pid, &w.pm);
	if (ret)
		return p_err("pid '%s': %s", argv[0], pagesnap_strerror(ret));
	w.summary = summary_new();
	ret = w.summary ? open_device(&w.ps, NULL) : p_err("out of memory");
	if (!ret)
		ret = load_maps(&w, (pid_t)pid);
	if (ret)
		goto out;
	if (opt.json) {
		jw_u64_field(&jw, "pid", pid);
		jw_name(&jw, opt.ranges ? "ranges" : "pages");
		jw_start_array(&jw);
	} else {
		printf(opt.ranges ? "vaddr\tpfn\tpages\tflags\n" :
		       "vaddr\tstate\tpfn\tflags\tvma\n");
	}
	ret = argc == 2 ? walk_vrange(&w, start, end) :
			  walk_maps(&w);
	if (!ret) {
		run_flush(&w.runs, RUN_VADDR);
		if (opt.json) {
			jw_end_array(&jw);
			jw_u64_field(&jw, "present", w.present);
			jw_u64_field(&jw, "swapped", w.swapped);
			jw_u64_field(&jw, "not_mapped", w.unmapped);
			if (!opt.no_summary)
				summary_json(w.summary, w.page_size);
		} else {
			printf("\npresent %" PRIu64 ", swapped %" PRIu64
			       ", not mapped %" PRIu64 "\n\n", w.present,
			       w.swapped, w.unmapped);
			if (!opt.no_summary)
				summary_print(w.summary, w.page_size);
		}
	}
	pagesnap_close(w.ps);
out:
	while (w.nr_vmas)
		free(w.vmas[--w.nr_vmas].name);
	free(w.vmas);
	summary_free(w.summary);
	pagesnap_pagemap_close(w.pm);
	return json_finish(ret);
}

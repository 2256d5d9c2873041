// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli map [RANGE] [-o FILE.png]: a picture of physical memory,
 * one cell per pfn or per block of pfns (the most common kind in the
 * block), coloured by what the page holds, free pages by the order of
 * their buddy block; rows labelled with their physical address, node and
 * zone boundaries marked, a legend.  PNG through libpng; on a terminal,
 * Unicode half blocks in 256 colours (letters with --no-color or when
 * stdout is not a terminal).
 *
 * The text in the PNG uses a 3x5 pixel font drawn here: a font library
 * for a few dozen labels would be a heavier dependency than the glyphs.
 */
#include <inttypes.h>
#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>

#include "main.h"
#include "kind.h"
#include "snapfile.h"

#define FREE_ORDERS	11	/* free classes: order 0 .. 10 and more */
#define C_HOLE		0
#define C_FREE		1	/* + order */
#define C_KIND		(C_FREE + FREE_ORDERS)	/* + kind - KIND_ANON */
#define C_SAME		(C_KIND + NR_KINDS_PAGE - KIND_ANON) /* --diff */
#define NR_CLASSES	(C_SAME + 1)
#define MAX_BOUNDS	64

struct rgb {
	unsigned char r, g, b;
};

/* anon .. other, in kind order */
static const struct rgb kind_rgb[NR_KINDS_PAGE - KIND_ANON] = {
	{ 220, 50, 47 },	/* anon */
	{ 150, 0, 110 },	/* anon_thp */
	{ 38, 110, 230 },	/* file */
	{ 0, 200, 200 },	/* shmem */
	{ 240, 140, 0 },	/* slab */
	{ 240, 220, 0 },	/* pagetable */
	{ 140, 90, 255 },	/* hugetlb */
	{ 150, 150, 150 },	/* reserved */
	{ 255, 255, 255 },	/* other */
};

static const char kind_letter[NR_KINDS_PAGE - KIND_ANON] = {
	'a', 'T', 'f', 's', 'S', 'p', 'H', 'r', 'o',
};

static struct rgb class_rgb(unsigned int c)
{
	struct rgb hole = { 24, 24, 24 }, same = { 70, 70, 70 }, f;

	if (c == C_HOLE)
		return hole;
	if (c == C_SAME)
		return same;
	if (c < C_KIND) {
		/* free: light green for order 0 to dark green for 10 */
		unsigned int o = c - C_FREE;

		f.r = (unsigned char)(190 - o * 18);
		f.g = (unsigned char)(255 - o * 13);
		f.b = (unsigned char)(190 - o * 18);
		return f;
	}
	return kind_rgb[c - C_KIND];
}

static char class_letter(unsigned int c)
{
	if (c == C_HOLE)
		return ' ';
	if (c == C_SAME)
		return '.';
	if (c < C_KIND)
		return c - C_FREE < 10 ? (char)('0' + c - C_FREE) : '+';
	return kind_letter[c - C_KIND];
}

/* ---- the walk: one class per cell ------------------------------------- */

struct bound {
	uint64_t pfn;
	unsigned int nid, zone;
};

/* Which free block a walk is crossing, to give free pages its order. */
struct free_track {
	uint64_t end;
	unsigned int order;
};

struct map {
	uint64_t start, end, scale, cols, rows, cells;
	struct free_track ft, bft;	/* of the walk, of B (--diff) */
	struct pagesnap_entry *b_runs;	/* --diff: B's runs ... */
	uint32_t *b_strides;
	size_t b_nr, b_cap, b_cur;
	struct snapr *b;
	unsigned char *cell;		/* class of each cell */
	uint64_t count[NR_CLASSES];	/* of the cell being filled */
	uint64_t cur;			/* that cell */
	struct bound bounds[MAX_BOUNDS];
	unsigned int nr_bounds;
	int have_nz;
	unsigned int last_nid, last_zone;
};

static void close_cell(struct map *m)
{
	unsigned int c, best = C_HOLE;
	uint64_t n = 0;

	for (c = 0; c < NR_CLASSES; c++)
		if (m->count[c] > n) {
			n = m->count[c];
			best = c;
		}
	if (m->cur < m->cells)
		m->cell[m->cur] = (unsigned char)best;
	memset(m->count, 0, sizeof(m->count));
}

static unsigned int classify(struct free_track *ft,
			     const struct pagesnap_entry *e)
{
	unsigned int k = page_kind(e), o;

	if (k == KIND_HOLE)
		return C_HOLE;
	if (k != KIND_FREE)
		return C_KIND + k - KIND_ANON;
	if ((e->valid & PAGESNAP_VALID_BUDDY_ORDER) &&
	    e->page_type == PAGESNAP_PAGE_TYPE_BUDDY) {
		o = e->buddy_order < 20 ? e->buddy_order : 20;
		ft->order = o;
		ft->end = e->pfn + (1ULL << o);
	}
	o = e->pfn < ft->end ? ft->order : 0;
	return C_FREE + (o < FREE_ORDERS ? o : FREE_ORDERS - 1);
}

static int keep_b(const struct pagesnap_entry *e, void *arg)
{
	struct map *m = arg;
	struct pagesnap_entry *v;
	uint32_t *s;

	if (m->b_nr == m->b_cap) {
		m->b_cap = m->b_cap ? m->b_cap * 2 : 1024;
		v = realloc(m->b_runs, m->b_cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		m->b_runs = v;
		s = realloc(m->b_strides, m->b_cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		m->b_strides = s;
	}
	m->b_strides[m->b_nr] = snapr_stride(m->b);
	m->b_runs[m->b_nr++] = *e;
	return 0;
}

/* --diff: B's kind where the page changed, C_SAME where it did not. */
static int diff_class(struct map *m, const struct pagesnap_entry *e,
		      unsigned int *c)
{
	struct pagesnap_entry eb;
	unsigned int cb;

	while (m->b_cur < m->b_nr &&
	       m->b_runs[m->b_cur].pfn + m->b_runs[m->b_cur].nr_pages <= e->pfn)
		m->b_cur++;
	if (m->b_cur == m->b_nr || m->b_runs[m->b_cur].pfn > e->pfn)
		return p_err("pfn 0x%" PRIx64 " is not in the --diff snapshot",
			     (uint64_t)e->pfn);
	snap_run_pfn(&m->b_runs[m->b_cur], m->b_strides[m->b_cur], e->pfn, &eb);
	cb = classify(&m->bft, &eb);
	*c = page_changed(e, &eb) ? cb : C_SAME;
	return 0;
}

static int map_one(const struct pagesnap_entry *e, void *arg)
{
	struct map *m = arg;
	uint64_t cell = (e->pfn - m->start) / m->scale;
	unsigned int c;

	if (e->pfn < m->start || e->pfn >= m->end)
		return 0;
	if (cell != m->cur) {
		close_cell(m);
		m->cur = cell;
	}
	c = classify(&m->ft, e);
	if (m->b && diff_class(m, e, &c))
		return EXIT_ERR;
	m->count[c]++;
	if ((e->valid & PAGESNAP_VALID_NODE_ZONE) &&
	    (!m->have_nz || e->nid != m->last_nid || e->zone != m->last_zone)) {
		if (m->nr_bounds < MAX_BOUNDS) {
			m->bounds[m->nr_bounds].pfn = e->pfn;
			m->bounds[m->nr_bounds].nid = e->nid;
			m->bounds[m->nr_bounds].zone = e->zone;
			m->nr_bounds++;
		}
		m->have_nz = 1;
		m->last_nid = e->nid;
		m->last_zone = e->zone;
	}
	return 0;
}

/* ---- PNG ------------------------------------------------------------------ */

static const char *const glyph_chars =
	"0123456789abcdefghijklmnopqrstuvwxyz :-.,()/=+%_";
static const char *const glyphs[] = {
	"####.##.##.####", ".#.##..#..#.###", "###..#####..###",
	"###..####..####", "#.##.####..#..#", "####..###..####",
	"####..####.####", "###..#..#.#..#.", "####.#####.####",
	"####.####..####", ".#.#.#####.##.#", "##.#.###.#.###.",
	".###..#..#...##", "##.#.##.##.###.", "####..##.#..###",
	"####..##.#..#..", ".###..#.##.#.##", "#.##.#####.##.#",
	"###.#..#..#.###", "..#..#..##.#.#.", "#.##.###.#.##.#",
	"#..#..#..#..###", "#.########.##.#", "##.#.##.##.##.#",
	".#.#.##.##.#.#.", "##.#.###.#..#..", ".#.#.##.###..##",
	"##.#.###.#.##.#", ".###...#...###.", "###.#..#..#..#.",
	"#.##.##.##.####", "#.##.##.##.#.#.", "#.##.########.#",
	"#.##.#.#.#.##.#", "#.##.#.#..#..#.", "###..#.#.#..###",
	"...............", "....#.....#....", "......###......",
	".............#.", "..........#.#..", ".#.#..#..#...#.",
	".#...#..#..#.#.", "..#..#.#.#..#..", "...###...###...",
	"....#.###.#....", "#.#..#.#.#..#.#", "............###",
};

#define GLYPH_SCALE	2
#define GLYPH_ADV	(4 * GLYPH_SCALE)
#define TEXT_H		(5 * GLYPH_SCALE)

struct canvas {
	unsigned int w, h;
	unsigned char *px;
};

static void fill(struct canvas *cv, unsigned int x, unsigned int y,
		 unsigned int w, unsigned int h, struct rgb c)
{
	unsigned int i, j;

	for (j = y; j < y + h && j < cv->h; j++)
		for (i = x; i < x + w && i < cv->w; i++) {
			unsigned char *p = cv->px + ((size_t)j * cv->w + i) * 3;

			p[0] = c.r;
			p[1] = c.g;
			p[2] = c.b;
		}
}

static unsigned int text(struct canvas *cv, unsigned int x, unsigned int y,
			 const char *s, struct rgb c)
{
	const char *g;
	unsigned int r, k;
	int ch;

	for (; *s; s++, x += GLYPH_ADV) {
		ch = *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s;
		g = strchr(glyph_chars, ch);
		if (!g || !ch)
			continue;
		g = glyphs[g - glyph_chars];
		for (r = 0; r < 5; r++)
			for (k = 0; k < 3; k++)
				if (g[r * 3 + k] == '#')
					fill(cv, x + k * GLYPH_SCALE,
					     y + r * GLYPH_SCALE, GLYPH_SCALE,
					     GLYPH_SCALE, c);
	}
	return x;
}

struct geometry {
	unsigned int zoom, left, top, width, height;
};

static const char *class_name(unsigned int c, char *buf, size_t size)
{
	if (c == C_HOLE)
		return "hole";
	if (c == C_SAME)
		return "unchanged";
	if (c < C_KIND) {
		snprintf(buf, size, "free %u%s", c - C_FREE,
			 c - C_FREE == FREE_ORDERS - 1 ? "+" : "");
		return buf;
	}
	return page_kind_name(c - C_KIND + KIND_ANON);
}

static int write_png(struct map *m, const struct pagesnap_info *info,
		     const char *kernel, struct geometry *g)
{
	const struct rgb white = { 230, 230, 230 }, bg = { 0, 0, 0 },
			 line = { 255, 60, 200 };
	png_structp png = NULL;
	png_infop pi = NULL;
	struct canvas cv = { 0, 0, NULL };
	char buf[256], size[32], size2[32];
	unsigned int x, y, c, i, every, lx, ly, legend_lines;
	uint64_t k;
	char *tmp = NULL;
	FILE *f = NULL;
	int ret;

	g->zoom = m->cols >= 512 ? 1 : (unsigned int)(512 / m->cols);
	g->left = 12 * GLYPH_ADV;
	/* title, scale line, then the legend in lines of 6 entries */
	legend_lines = (NR_CLASSES - FREE_ORDERS + 1 + 5) / 6;
	g->top = 8 + (2 + legend_lines) * (TEXT_H + 8) + 8;
	g->width = g->left + (unsigned int)m->cols * g->zoom + 16 * GLYPH_ADV;
	if (g->width < g->left + 6 * 18 * GLYPH_ADV)
		g->width = g->left + 6 * 18 * GLYPH_ADV;
	g->height = g->top + (unsigned int)m->rows * g->zoom + 16;
	cv.w = g->width;
	cv.h = g->height;
	cv.px = calloc((size_t)cv.w * cv.h, 3);
	if (!cv.px)
		return p_err("out of memory for a %ux%u picture", cv.w, cv.h);
	fill(&cv, 0, 0, cv.w, cv.h, bg);
	snprintf(buf, sizeof(buf), "pagesnap map%s  %s  pfns 0x%" PRIx64 "-0x%" PRIx64,
		 m->b ? " of what changed (colour: the new kind)" : "", kernel,
		 m->start, m->end - 1);
	text(&cv, 8, 8, buf, white);
	snprintf(buf, sizeof(buf), "1 %s = %" PRIu64 " pfn%s (%s), 1 row = %" PRIu64
		 " of them (%s)", g->zoom > 1 ? "square" : "pixel", m->scale,
		 m->scale > 1 ? "s" : "",
		 human_size(m->scale * info->page_size, size, sizeof(size)),
		 m->cols, human_size(m->scale * m->cols * info->page_size,
				     size2, sizeof(size2)));
	text(&cv, 8, 8 + TEXT_H + 8, buf, white);
	/* legend: free as one gradient entry, then hole and the kinds */
	lx = 8;
	ly = 8 + 2 * (TEXT_H + 8);
	for (i = 0, c = 0; c < NR_CLASSES; c++) {
		if ((c > C_FREE && c < C_KIND) || (c == C_SAME && !m->b))
			continue;
		if (i && i % 6 == 0) {
			lx = 8;
			ly += TEXT_H + 8;
		}
		if (c == C_FREE) {
			for (k = 0; k < FREE_ORDERS; k++)
				fill(&cv, lx + (unsigned int)k * 2, ly, 2, TEXT_H,
				     class_rgb(C_FREE + (unsigned int)k));
			text(&cv, lx + 28, ly, "free 0-10", white);
		} else {
			fill(&cv, lx, ly, 22, TEXT_H, class_rgb(c));
			if (c == C_HOLE)
				fill(&cv, lx + 1, ly + 1, 20, TEXT_H - 2, bg);
			text(&cv, lx + 28, ly, class_name(c, buf, sizeof(buf)), white);
		}
		lx += 18 * GLYPH_ADV;
		i++;
	}
	/* the cells */
	for (k = 0; k < m->cells; k++) {
		x = g->left + (unsigned int)(k % m->cols) * g->zoom;
		y = g->top + (unsigned int)(k / m->cols) * g->zoom;
		fill(&cv, x, y, g->zoom, g->zoom, class_rgb(m->cell[k]));
	}
	/* physical address of a row every ~24 pixels */
	every = (24 + g->zoom - 1) / g->zoom;
	for (k = 0; k < m->rows; k += every) {
		snprintf(buf, sizeof(buf), "0x%" PRIx64,
			 (m->start + k * m->cols * m->scale) * info->page_size);
		text(&cv, 4, g->top + (unsigned int)k * g->zoom, buf, white);
	}
	/* node and zone boundaries: a tick at the row, the name beside */
	for (ly = 0, i = 0; i < m->nr_bounds; i++) {
		k = (m->bounds[i].pfn - m->start) / m->scale;
		x = g->left + (unsigned int)m->cols * g->zoom;
		y = g->top + (unsigned int)(k / m->cols) * g->zoom;
		fill(&cv, x + 2, y, 10, 2, line);
		snprintf(buf, sizeof(buf), "node %u %s", m->bounds[i].nid,
			 pagesnap_zone_name(m->bounds[i].zone));
		text(&cv, x + 16, y > ly ? y : ly, buf, line);
		ly = (y > ly ? y : ly) + TEXT_H + 4;
	}

	ret = outfile_open(opt.output, &f, &tmp);
	if (ret)
		goto out;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	pi = png ? png_create_info_struct(png) : NULL;
	if (!pi) {
		ret = p_err("out of memory");
		goto fail;
	}
	if (setjmp(png_jmpbuf(png))) {
		ret = p_err("libpng could not write '%s'", opt.output);
		goto fail;
	}
	png_init_io(png, f);
	png_set_IHDR(png, pi, cv.w, cv.h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, pi);
	for (y = 0; y < cv.h; y++)
		png_write_row(png, cv.px + (size_t)y * cv.w * 3);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &pi);
	ret = outfile_close(f, tmp, opt.output, 1);
	goto out;
fail:
	png_destroy_write_struct(&png, pi ? &pi : NULL);
	outfile_close(f, tmp, opt.output, 0);
out:
	free(cv.px);
	return ret;
}

/* ---- terminal ------------------------------------------------------------ */

static unsigned int xterm256(struct rgb c)
{
	unsigned int r = (c.r * 5 + 127) / 255, g = (c.g * 5 + 127) / 255,
		     b = (c.b * 5 + 127) / 255;

	return 16 + 36 * r + 6 * g + b;
}

static void write_tty(struct map *m, const struct pagesnap_info *info,
		      int color)
{
	uint64_t k, r, step = color ? 2 : 1;
	char size[32];
	unsigned int c;

	printf("1 cell = %" PRIu64 " pfn%s (%s)%s; %s\n", m->scale,
	       m->scale > 1 ? "s" : "",
	       human_size(m->scale * info->page_size, size, sizeof(size)),
	       color ? ", 2 cells per character" : "",
	       color ? "" : m->b ? "'.' unchanged; changed pages by their new kind: ' ' hole, 0-9 + free by order, a anon, T anon THP, f file, s shmem, S slab, p page table, H hugetlb, r reserved, o other" :
	       "' ' hole, 0-9 + free by order, a anon, T anon THP, f file, s shmem, S slab, p page table, H hugetlb, r reserved, o other");
	if (color) {
		printf("  ");
		for (c = 0; c < NR_CLASSES; c++) {
			char buf[32];

			if ((c > C_FREE && c < C_KIND - 1) ||
			    (c == C_SAME && !m->b))
				continue;
			printf("\033[48;5;%um  \033[0m %s  ", xterm256(class_rgb(c)),
			       c == C_KIND - 1 ? "free 10" :
			       class_name(c, buf, sizeof(buf)));
		}
		printf("\n");
	}
	for (r = 0; r < m->rows; r += step) {
		printf("%14" PRIx64 " ", (m->start + r * m->cols * m->scale) *
		       info->page_size);
		for (k = 0; k < m->cols; k++) {
			uint64_t i = r * m->cols + k, j = i + m->cols;

			if (i >= m->cells)
				break;
			if (!color) {
				putchar(class_letter(m->cell[i]));
				continue;
			}
			printf("\033[38;5;%um", xterm256(class_rgb(m->cell[i])));
			if (j < m->cells && r + 1 < m->rows)
				printf("\033[48;5;%um",
				       xterm256(class_rgb(m->cell[j])));
			else
				printf("\033[49m");
			fputs("\u2580", stdout);
		}
		printf(color ? "\033[0m\n" : "\n");
	}
}

/* ---- the command ----------------------------------------------------------- */

static uint64_t pow2_ceil(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p < (1ULL << 62))
		p <<= 1;
	return p;
}

int do_map(int argc, char **argv)
{
	uint64_t start = 0, end = UINT64_MAX, n, want;
	struct pagesnap_info info;
	struct geometry g = { 0 };
	struct pagesnap *ps;
	struct winsize ws;
	struct utsname u;
	const char *kernel;
	struct map *m;
	int ret, tty_cols = 80, color;

	if (argc > 1)
		return p_usage("unexpected argument '%s'", argv[1]);
	if (argc && arg_range(argv[0], &start, &end))
		return EXIT_USAGE;
	if (opt.json && !opt.output)
		return p_usage("map -j needs -o FILE.png (the JSON describes the picture)");
	if (opt.diff && !opt.input)
		return p_usage("map --diff B compares with --input A: give both");
	json_begin();
	ret = open_device(&ps, &info);
	if (ret)
		return json_finish(ret);
	if (start >= info.pfn_end) {
		pagesnap_close(ps);
		return json_finish(p_err("pfn 0x%" PRIx64 " is beyond the last pfn served (0x%" PRIx64 ")",
					 start, (uint64_t)info.pfn_end - 1));
	}
	if (end > info.pfn_end)
		end = info.pfn_end;
	if (opt.input) {
		/* the range the snapshot holds, unless asked for more */
		if (!argc && start < input_meta()->range_start)
			start = input_meta()->range_start;
		if (!argc && end > input_meta()->range_end)
			end = input_meta()->range_end;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		pagesnap_close(ps);
		return json_finish(p_err("out of memory"));
	}
	m->start = start;
	m->end = end;
	n = end - start;
	color = !opt.no_color && isatty(STDOUT_FILENO);
	if (opt.output) {
		/* about square, at most 1024 cells wide and 1024 rows */
		m->cols = pow2_ceil((uint64_t)ceil(sqrt((double)n)));
		m->cols = m->cols < 64 ? 64 : m->cols > 1024 ? 1024 : m->cols;
		want = (n + m->cols * 1024 - 1) / (m->cols * 1024);
		m->scale = want > 1 ? pow2_ceil(want) : 1;
	} else {
		if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 40)
			tty_cols = ws.ws_col;
		else if (getenv("COLUMNS") && atoi(getenv("COLUMNS")) > 40)
			tty_cols = atoi(getenv("COLUMNS"));
		m->cols = (uint64_t)tty_cols - 16;
		/* 40 lines: 80 cell rows in colour, 40 in letters */
		want = (n + m->cols * (color ? 80 : 40) - 1) /
		       (m->cols * (color ? 80 : 40));
		m->scale = want > 1 ? want : 1;
	}
	m->cells = (n + m->scale - 1) / m->scale;
	m->rows = (m->cells + m->cols - 1) / m->cols;
	m->cell = calloc(m->cells, 1);
	if (!m->cell) {
		ret = p_err("out of memory");
		goto out;
	}
	if (opt.diff) {
		ret = snapr_open(opt.diff, &m->b);
		if (ret) {
			ret = p_err("snapshot '%s': %s", opt.diff,
				    snapr_error(m->b));
			goto out;
		}
		if (snapr_meta(m->b)->range_start > start ||
		    snapr_meta(m->b)->range_end < end) {
			ret = p_err("'%s' does not hold pfns 0x%" PRIx64 "-0x%" PRIx64,
				    opt.diff, start, end - 1);
			goto out;
		}
		ret = snapr_walk(m->b, start, end, 1, keep_b, m);
		if (ret) {
			ret = p_err("snapshot '%s': %s", opt.diff,
				    ret == -ENOMEM ? "out of memory" :
				    snapr_error(m->b));
			goto out;
		}
	}
	ret = walk_pfns(ps, start, end, map_one, m);
	if (ret)
		goto out;
	close_cell(m);
	uname(&u);
	kernel = opt.input ? input_meta()->release : u.release;
	if (!opt.output) {
		write_tty(m, &info, color);
		goto out;
	}
	ret = write_png(m, &info, kernel, &g);
	if (ret)
		goto out;
	if (opt.json) {
		jw_string_field(&jw, "file", opt.output);
		jw_u64_field(&jw, "start_pfn", m->start);
		jw_u64_field(&jw, "end_pfn", m->end);
		jw_u64_field(&jw, "pfns_per_cell", m->scale);
		jw_u64_field(&jw, "cells_per_row", m->cols);
		jw_u64_field(&jw, "rows", m->rows);
		jw_u64_field(&jw, "cell_pixels", g.zoom);
		jw_u64_field(&jw, "left", g.left);
		jw_u64_field(&jw, "top", g.top);
		jw_u64_field(&jw, "width", g.width);
		jw_u64_field(&jw, "height", g.height);
	} else {
		printf("%s: %ux%u, pfns 0x%" PRIx64 "-0x%" PRIx64 ", %" PRIu64
		       " pfn%s per cell, %" PRIu64 " cells per row\n",
		       opt.output, g.width, g.height, m->start, m->end - 1,
		       m->scale, m->scale > 1 ? "s" : "", m->cols);
	}
out:
	pagesnap_close(ps);
	snapr_close(m->b);
	free(m->b_runs);
	free(m->b_strides);
	free(m->cell);
	free(m);
	return json_finish(ret);
}

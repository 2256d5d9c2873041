#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""Guest test of the Python bindings against the real driver.

Runs inside a QEMU guest with pagesnap.ko loaded.  Compares the Python
view of pfn ranges with the C library's (``entry-dump``, a small program
linked with the same libpagesnap.so) field by field, and checks what only
a live driver can show: addr() on this process's own anonymous and file
pages, filtered scans, stats(), errors, constant-memory streaming.

Pages change while we look (the dump runs in another process, and this
process allocates as it reads), so a range is read C, Python, C; pfns
whose two C reads differ, or that differ from Python, are re-read one by
one up to four more rounds and judged in a round whose C reads agree
(compare_range).  Counts (stats, filters) are bracketed by two per-pfn
reads and retried (bracket(), where the bound is derived).  Pages this
process owns and holds still are compared exactly.

usage: guest_test.py [--dump PATH]     (default: entry-dump next to this file)
PAGESNAP_G_PY_TESTS=stats,filters runs some groups only (see main()).
Prints PASS:/FAIL:/SKIP: lines and "python-guest: N passed, N failed, N
skipped"; exit 0 only when nothing failed.
"""

import errno
import mmap
import os
import re
import time
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import pagesnap  # noqa: E402




DUMP = os.path.join(HERE, "entry-dump")
if "--dump" in sys.argv:
    DUMP = sys.argv[sys.argv.index("--dump") + 1]

FIELDS = ["pfn", "valid", "kpf", "raw_flags", "snap_flags", "head_pfn",
          "memcg_ino", "file_ino", "file_index", "owner_hash",
          "file_dev_major", "file_dev_minor", "refcount", "mapcount",
          "entire_mapcount", "folio_mapcount", "pincount", "order", "index",
          "page_type", "buddy_order", "mapping_kind", "nid", "zone"]
V = pagesnap.Valid

results = {"pass": 0, "fail": 0, "skip": 0}


def report(kind, name, detail=""):
    results[kind] += 1
    print(f"{kind.upper()}: py-{name}{': ' + detail if detail else ''}",
          flush=True)


def check(name, ok, detail=""):
    report("pass" if ok else "fail", name, "" if ok else detail)
    return ok


_server = None


def c_dump(*ranges, bits=None):
    """{pfn: (fields tuple, flag word, names)}: the C library's view.

    Asks one long-lived "entry-dump -i": a new process per read would map
    libc again and raise the map and reference counts of the pages it
    shares with us during its read only.
    """
    global _server
    if _server is None:
        _server = subprocess.Popen([DUMP, "-i"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
    res = {}
    for rng in ranges:
        _server.stdin.write(f"{rng} {bits}\n" if bits else f"{rng}\n")
        _server.stdin.flush()
        while True:
            line = _server.stdout.readline()
            if not line:
                raise RuntimeError("entry-dump -i exited")
            line = line.rstrip("\n")
            if line == "end":
                break
            if line.startswith("error "):
                raise RuntimeError(f"entry-dump {rng}: {line[6:]}")
            nums, flags, names = line.split(" | ")
            vals = tuple(int(x) for x in nums.split())
            res[vals[0]] = (vals, int(flags), names)
    return res


def py_view(page):
    """The Python record by C field name; None where Python says absent."""
    f = page.file
    return {
        "pfn": page.pfn, "valid": int(page.valid),
        "snap_flags": int(page.snap), "raw_flags": page.raw_flags,
        "head_pfn": page.head_pfn, "memcg_ino": page.memcg_ino,
        "file_ino": f.ino if f else None,
        "file_index": f.index if f else None,
        "file_dev_major": f.dev_major if f else None,
        "file_dev_minor": f.dev_minor if f else None,
        "owner_hash": page.owner_hash, "refcount": page.refcount,
        "mapcount": page.mapcount, "entire_mapcount": page.entire_mapcount,
        "folio_mapcount": page.folio_mapcount, "pincount": page.pincount,
        "order": page.order, "index": page.index,
        "page_type": None if page.page_type is None else int(page.page_type),
        "buddy_order": page.buddy_order,
        "mapping_kind": (None if page.mapping_kind is None
                         else int(page.mapping_kind)),
        "nid": page.nid, "zone": None if page.zone is None else int(page.zone),
    }


def diff(page, cline):
    """Field names where the Python page and the C line disagree."""
    vals, cflags, cnames = cline
    c = dict(zip(FIELDS, vals))
    p = py_view(page)
    bad = []
    for k, pv in p.items():
        cv = c[k]
        if pv is None:
            # Absent in Python: the field's Valid bit must be clear in C
            # too (checked through "valid"), except file fields, which
            # Python hides unless the mapping is a file.
            continue
        if pv != cv:
            bad.append(f"{k} py={pv} c={cv}")
    if int(page.flags) != cflags:
        bad.append(f"flags py={int(page.flags):#x} c={cflags:#x}")
    pnames = ",".join(page.flag_names) or "-"
    if pnames != cnames:
        bad.append(f"names py={pnames} c={cnames}")
    return bad


def compare_range(name, rng, bits=None, may_be_empty=False):
    a = c_dump(rng, bits=bits)
    with pagesnap.open() as ps:
        p = {pg.pfn: pg for pg in ps.scan(rng, bits=bits)}
    b = c_dump(rng, bits=bits)
    pfns = sorted(set(a) | set(p) | set(b))
    compared = 0
    todo = []
    for pfn in pfns:
        if a.get(pfn) != b.get(pfn):
            todo.append(pfn)
            continue
        if pfn not in p or pfn not in a:
            todo.append(pfn)
            continue
        if diff(p[pfn], a[pfn]):
            todo.append(pfn)
        else:
            compared += 1
    first = len(todo)
    # Re-read what moved or disagreed, one pfn at a time, C, Python, C:
    # a page may change (and change back) between the two C reads.  A pfn
    # is judged in a round whose two C reads agree; it is settled when
    # Python agrees with them, and different when it disagrees in every
    # such round.  A pfn that moves in every round is "unsettled": not
    # judged, counted and printed.  With bits, membership is re-read
    # through the same filters.
    bad, unsettled = {}, set(todo)
    for _ in range(4):
        if not todo:
            break
        left = []
        c1 = c_dump(*[str(x) for x in todo], bits=bits)
        with pagesnap.open() as ps:
            py = {x: next(ps.scan(x, bits=bits), None) for x in todo}
        c2 = c_dump(*[str(x) for x in todo], bits=bits)
        for pfn in todo:
            x1, x2, pg = c1.get(pfn), c2.get(pfn), py[pfn]
            if x1 != x2:
                left.append(pfn)
                continue
            unsettled.discard(pfn)
            if x1 is None and pg is None:
                bad.pop(pfn, None)
                compared += 1
            elif x1 is not None and pg is not None and not diff(pg, x1):
                bad.pop(pfn, None)
                compared += 1
            else:
                bad[pfn] = (["present in " + ("C" if x1 else "Python") +
                             " only"] if (x1 is None) != (pg is None)
                            else diff(pg, x1))
                left.append(pfn)
        todo = left
    total = len(pfns)
    detail = "; ".join(f"pfn {pfn:#x}: {', '.join(d[:4])}"
                       for pfn, d in list(bad.items())[:5])
    print(f"  {name}: range {rng}{' bits ' + bits if bits else ''}: "
          f"{total} pfns, {compared} identical ({first} re-read), "
          f"{len(unsettled)} unsettled, {len(bad)} different", flush=True)
    check(f"compare-{name}", not bad and (compared > 0 or may_be_empty),
          detail or f"compared {compared}, unsettled {len(unsettled)} of "
          f"{total}")
    return p


def test_info():
    with pagesnap.open() as ps:
        info = ps.info()
    c = [int(x) for x in subprocess.run([DUMP, "info"], check=True,
                                        capture_output=True,
                                        text=True).stdout.split()]
    py = [info.abi_version, info.entry_size, int(info.features),
          int(info.valid_mask), info.pfn_start, info.pfn_end, info.max_pfns,
          info.page_size, int(info.backend), info.max_filters]
    print(f"  info: {info}")
    check("info", py == c, f"py={py} c={c}")
    check("info-types", isinstance(info.backend, pagesnap.Backend) and
          info.page_size == mmap.PAGESIZE, repr(info))
    return info


def test_errors(info):
    with pagesnap.open() as ps:
        try:
            ps.get(info.pfn_end)
            check("get-beyond-end-erange", False, "no exception")
        except pagesnap.PagesnapError as e:
            check("get-beyond-end-erange", e.errno == errno.ERANGE and
                  "outside the range" in e.strerror, str(e))
        check("scan-beyond-end-empty",
              list(ps.scan((info.pfn_end, info.pfn_end + 10))) == [])
        ps.close()
        ps.close()
        try:
            ps.get(0)
            check("closed-handle", False, "no exception")
        except ValueError:
            check("closed-handle", True)
    try:
        pagesnap.open("/dev/null")
        check("open-dev-null-enotty", False, "no exception")
    except pagesnap.PagesnapError as e:
        check("open-dev-null-enotty", e.errno == errno.ENOTTY, str(e))


def test_own_pages():
    """addr() on this process's anonymous and file pages."""
    n = 16
    anon = mmap.mmap(-1, n * mmap.PAGESIZE,
                     flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    for i in range(n):
        anon[i * mmap.PAGESIZE] = 0x5A
    addr = ctypes_addr(anon)
    with pagesnap.open() as ps:
        vps = ps.addr_range(0, addr, n)
        ok = all(v.state == pagesnap.VaddrState.PRESENT and v.page and
                 v.page.flags & pagesnap.KPF.ANON and
                 v.page.mapping_kind == pagesnap.MappingKind.ANON and
                 v.page.mapcount == 1 for v in vps)
        check("addr-anon", ok and len(vps) == n,
              repr(vps[0]) if vps else "no result")
        one = ps.addr(os.getpid(), addr)
        check("addr-single-record", isinstance(one, pagesnap.VaddrPage) and
              one.pfn == vps[0].pfn, repr(one))
        # the anonymous pages, C against Python
        pfns = [v.pfn for v in vps if v.pfn]
    compare_list("anon-pages", pfns)

    path = "/tmp/pagesnap-py-file"
    with open(path, "wb") as f:
        f.write(bytes(range(256)) * (n * mmap.PAGESIZE // 256))
    st = os.stat(path)
    with open(path, "r+b") as f:
        # shared and writable only so ctypes can take its address; the
        # pages are only read, so they stay clean page-cache pages
        fm = mmap.mmap(f.fileno(), n * mmap.PAGESIZE)
        _ = sum(fm[i * mmap.PAGESIZE] for i in range(n))
        with pagesnap.open() as ps:
            vps = ps.addr_range(0, ctypes_addr(fm), n)
        files = [v.page.file for v in vps if v.page]
        want = [pagesnap.FileRef(os.major(st.st_dev), os.minor(st.st_dev),
                                 st.st_ino, i) for i in range(n)]
        check("addr-file", files == want and all(
            v.page.mapping_kind == pagesnap.MappingKind.FILE for v in vps),
            f"got {files[:2]} want {want[:2]}")
        compare_list("file-pages", [v.pfn for v in vps if v.pfn])
        with pagesnap.open() as ps:
            cached = list(ps.file(path))
        check("file-pages-of-path",
              [i for i, _ in cached] == list(range(n)) and
              [p.file for _, p in cached] == want and
              [p.pfn for _, p in cached] == [v.pfn for v in vps],
              f"got {[(i, p.pfn, p.file) for i, p in cached[:2]]}")
        fm.close()
    os.unlink(path)
    anon.close()
    return pfns[0]


def ctypes_addr(m):
    import ctypes
    return ctypes.addressof(ctypes.c_char.from_buffer(m))


def compare_list(name, pfns):
    """Compare single-pfn reads of ``pfns``, C then Python then C.

    A page this process has just faulted in may still sit in the per-CPU
    LRU-add batch (one extra reference, no LRU bit) and be drained while
    we read; so each round judges only pfns whose two C reads agree, and
    pfns not settled are read again, up to four rounds.
    """
    if not pfns:
        return check(f"compare-{name}", False, "no pfns")
    todo, bad, rounds = list(pfns), {}, 0
    while todo and rounds < 4:
        rounds += 1
        a = c_dump(*[str(p) for p in todo])
        with pagesnap.open() as ps:
            py = {p: ps.get(p) for p in todo}
        b = c_dump(*[str(p) for p in todo])
        left = []
        for p in todo:
            if p not in a or a.get(p) != b.get(p):
                bad[p] = ["C reads differ" if p in a else "missing in C"]
            else:
                bad[p] = diff(py[p], a[p])
            if bad[p]:
                left.append(p)
            else:
                del bad[p]
        todo = left
    msg = [f"pfn {p:#x}: {', '.join(d[:4])}" for p, d in bad.items()]
    print(f"  {name}: {len(pfns)} pages, {len(pfns) - len(bad)} identical "
          f"after {rounds} round(s)")
    return check(f"compare-{name}", not bad, "; ".join(msg[:4]))


def test_filters(info, ram):
    rng = f"{ram[0]:#x},{ram[1]:#x}"
    # This process's pages are near ram[0]; free pages need not be (the
    # pages around it may all be in use), so the buddy range starts at a
    # free page the kernel filter finds from there, else from the start.
    with pagesnap.open() as ps:
        free = (next(ps.scan((ram[0], info.pfn_end), bits="buddy"), None) or
                next(ps.scan((info.pfn_start, info.pfn_end), bits="buddy"),
                     None))
    if free is None:
        check("compare-bits-buddy", False, "no free page in all memory")
    else:
        compare_range("bits-buddy", f"{free.pfn:#x},"
                      f"{min(free.pfn + 8192, info.pfn_end):#x}", bits="buddy")
    compare_range("bits-anon,slab", rng, bits="anon,slab")
    # Page-cache pages need not lie near this process's own pages; over
    # all memory there are always some (the initramfs files, at least).
    compare_range("bits-lru,~anon", f"{info.pfn_start:#x},{info.pfn_end:#x}",
                  bits="lru,~anon")
    # Holes: start at the first one (the kernel filter finds it fast).
    with pagesnap.open() as ps:
        hole = next(ps.scan((info.pfn_start, info.pfn_end), bits="=nopage"),
                    None)
    if hole is None:
        report("skip", "compare-bits-=nopage", "no hole in this guest")
    else:
        compare_range("bits-=nopage", f"{hole.pfn:#x}+2048", bits="=nopage")
    check_filtered_vs_userspace(rng, "lru,~anon")
    with pagesnap.open() as ps:
        nohole = list(ps.scan((info.pfn_start, info.pfn_start + 4096),
                              skip_holes=True))
        check("skip-holes", all(not p.hole for p in nohole),
              "a hole came back")

# Live memory, bracketed.  The pages of a range near this process change
# while we read them (this process allocates as it reads; kernel threads
# run), so a count taken at one moment cannot be compared exactly with a
# count taken by a later walk.  Instead the count under test is read
# between two per-pfn reads of the same property, A and B.  A pfn that
# changes at most once in the window is, at the moment of the count, as
# in A or as in B; so the count lies in [|A & B|, |A | B|] -- the bound is
# exactly the pfns that moved between the two reads, measured, not
# guessed.  A pfn that changes twice in the window (allocated and freed
# again) can break that, so the whole bracket is retried, up to
# LIVE_TRIES times; a real disagreement fails every try.
LIVE_TRIES = 5


def free_set(ps, rng):
    return {p.pfn for p in ps.scan(rng) if p.free}


def bracket(name, rng, read_set, counts, below=None):
    """counts() -> {label: n}; each n must lie in the bracket of read_set.

    ``below``: {label: pages} a count may also lie below the bracket by,
    for pages its own call allocates and frees inside the window.
    """
    below = below or {}
    for t in range(1, LIVE_TRIES + 1):
        with pagesnap.open() as ps:
            a = read_set(ps)
            got = counts(ps)
            b = read_set(ps)
        lo, hi = len(a & b), len(a | b)
        out = {k: v for k, v in got.items()
               if not lo - below.get(k, 0) <= v <= hi}
        print(f"  {name} try {t}: {got} bracket [{lo}, {hi}] "
              f"({hi - lo} pfns moved)", flush=True)
        if not out:
            return check(name, True)
    return check(name, False, f"{out} outside [{lo}, {hi}] in all "
                 f"{LIVE_TRIES} tries")


def check_filtered_vs_userspace(rng, spec_str):
    """The kernel's filter selects what the library's matcher would.

    Userspace matching of a full scan is one count, bracketed by two
    filtered scans (sets), and the reverse; retried as above.
    """
    spec = pagesnap.BitSpec(spec_str)

    def filtered(ps):
        return {p.pfn for p in ps.scan(rng, bits=spec)}

    def userspace(ps):
        return {p.pfn for p in ps.scan(rng)
                if spec.match(pagesnap.well_known(p.flags))}

    bracket(f"filtered-equals-userspace-{spec_str}", rng, filtered,
            lambda ps: {"userspace": len(userspace(ps))})
    bracket(f"userspace-equals-filtered-{spec_str}", rng, userspace,
            lambda ps: {"filtered": len(filtered(ps))})
    with pagesnap.open() as ps:
        bad = [p for p in ps.scan(rng, bits=spec)
               if not spec.match(pagesnap.well_known(p.flags))]
    check("filtered-pages-match-spec", not bad, repr(bad[:1]))


def check_stats_live(rng):
    """In-kernel stats and the Python scan's stats against each other.

    pages, holes and online pages do not move: exact.  Free pages move:
    both counts must lie in the bracket of two per-pfn free-page reads,
    the kernel's less the pages of its own tables (stats_call_pages()).
    """
    with pagesnap.open() as ps:
        st = ps.stats(rng)
        sc = ps.stats(rng, kernel=False)
    check("stats-kernel-vs-scan-static",
          (sc.pages, sc.holes, sc.faithful + sc.unfaithful) ==
          (st.pages, st.holes, st.faithful + st.unfaithful),
          f"kernel {st.pages}/{st.holes}/{st.faithful + st.unfaithful} "
          f"scan {sc.pages}/{sc.holes}/{sc.faithful + sc.unfaithful}")
    bracket("stats-kernel-vs-scan-free", rng, lambda ps: free_set(ps, rng),
            lambda ps: {"kernel": ps.stats(rng).free_pages,
                        "scan": ps.stats(rng, kernel=False).free_pages},
            below={"kernel": stats_call_pages()})


def pow2_pages(nbytes):
    """Pages of a kmalloc() of nbytes: a power-of-two number of pages."""
    pages = -(-nbytes // mmap.PAGESIZE)
    return 1 << (pages - 1).bit_length()


def stats_call_pages():
    """Pages one in-kernel stats call of the library allocates and frees.

    pagesnap_stats_collect() asks for PAGESNAP_STATS_MAX_COMBOS (4096)
    combinations and 256 zones; for the call the driver allocates
    (ps_aggr_alloc(), kvmalloc) a table of that many 16-byte combinations,
    an index of the next power of two above twice as many u16 slots, and
    the zone table (152-byte struct pagesnap_stats_zone), freeing them
    when it returns.  Pages the allocator takes for them inside the range
    are not free while the kernel counts and free before and after it:
    a change and its undoing inside the window, which no bracket sees.
    kmalloc() rounds each to a power of two of pages (vmalloc takes
    fewer): 16 + 4 + 16 = 36 pages.  Seen: 32 on stock-6.1 and 6.12, the
    same in five tries with no pfn moving.
    """
    combos = 4096
    slots = 1 << (2 * combos - 1).bit_length()
    return pow2_pages(combos * 16) + pow2_pages(slots * 2) + \
        pow2_pages(256 * 152)


def check_stats_controlled():
    """On pages this process owns and holds still, kernel == scan exactly.

    A 2 MiB THP of this process (MADV_HUGEPAGE, touched, not touched
    again while read): nothing frees, splits or maps it between the
    reads, so every count of both Stats must be equal.
    """
    if not hasattr(mmap, "MADV_HUGEPAGE"):
        return report("skip", "stats-controlled-exact", "no MADV_HUGEPAGE")
    size = 4 << 20
    m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    try:
        m.madvise(mmap.MADV_HUGEPAGE)
    except OSError as e:
        m.close()
        return report("skip", "stats-controlled-exact", f"madvise: {e}")
    base = ctypes_addr(m)
    start = (base + (2 << 20) - 1) & ~((2 << 20) - 1)
    off = start - base
    for i in range(0, 2 << 20, mmap.PAGESIZE):
        m[off + i] = 1
    with pagesnap.open() as ps:
        v = ps.addr(0, start)
        if not (v.page and v.page.order == 9 and v.page.head_pfn == v.pfn):
            m.close()
            return report("skip", "stats-controlled-exact",
                          "no THP for this process (THP disabled?)")
        rng = (v.pfn, v.pfn + 512)
        st = ps.stats(rng)
        sc = ps.stats(rng, kernel=False)
    m.close()
    check("stats-controlled-exact", st == sc and st.pages == 512 and
          st.free_pages == 0, f"kernel {st} scan {sc}")


def test_stats(info, ram):
    rng = ram
    with pagesnap.open() as ps:
        st = ps.stats(rng)
        pages = list(ps.scan(rng))
    n = rng[1] - rng[0]
    check("stats-count", st.pages == n and sum(st.by_flags.values()) == n and
          st.holes + st.faithful + st.unfaithful == n and st.faithful > 0,
          f"pages {st.pages} holes {st.holes} faithful {st.faithful}")
    check("stats-orders", sum(p for _, p in st.folio_orders.values()) <= n)
    holes = sum(1 for p in pages if p.hole)
    check("stats-holes", st.holes == holes, f"{st.holes} vs {holes}")
    # the in-kernel count (default) against the scan counted in Python
    with pagesnap.open() as ps:
        kern = ps.info().features & pagesnap.Feature.STATS
    check_stats_controlled()
    check_stats_live(rng)
    print(f"  stats: driver {'counts in the kernel' if kern else 'has no stats ioctl: scanned'}")
    print(f"  stats {rng[0]:#x}+{n}: faithful {st.faithful}, unfaithful "
          f"{st.unfaithful}, holes {st.holes}, free {st.free_pages}, "
          f"{len(st.by_flags)} flag combinations")


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * mmap.PAGESIZE


def test_streaming(info):
    """A long scan keeps memory flat: nothing accumulates per page."""
    end = min(info.pfn_end, info.pfn_start + 65536)
    n = end - info.pfn_start
    count = 0
    base = top = None
    t0 = time.monotonic()
    with pagesnap.open() as ps:
        for i, _ in enumerate(ps.scan((info.pfn_start, end))):
            if i % 4096 == 0:
                r = rss_bytes()
                if i == 4096:
                    base = top = r
                elif base is not None:
                    top = max(top, r)
            count += 1
    growth = (top - base) if base is not None else -1
    check("scan-constant-memory", count == n and 0 <= growth < 1 << 20,
          f"{count}/{n} pages, RSS growth {growth} bytes")
    print(f"  streamed {count} pages in {time.monotonic() - t0:.2f} s "
          f"(RSS read every 4096), RSS growth after the first 4096: "
          f"{growth} bytes")


def test_runs_and_cgroup(info, ram):
    """scan(runs=True) covers every pfn once, much faster (issue 14.9);
    scan(cgroup=) keeps the pages of that memcg only."""
    if not info.features & pagesnap.Feature.RUNS:
        report("skip", "scan-runs", "driver without Feature.RUNS")
    else:
        with pagesnap.open() as ps:
            t0 = time.monotonic()
            recs = list(ps.scan(runs=True))
            t1 = time.monotonic()
            covered = sum(p.nr_pages for p in recs)
            contiguous = all(a.pfn + a.nr_pages == b.pfn
                             for a, b in zip(recs, recs[1:]))
            check("scan-runs-cover-every-pfn",
                  covered == info.pfn_end - info.pfn_start and contiguous,
                  f"{covered} pfns in {len(recs)} records")
            print(f"  scan(runs=True): {info.pfn_end - info.pfn_start} pfns "
                  f"in {len(recs)} records, {t1 - t0:.2f} s")
    with pagesnap.open() as ps:
        pages = [p for p in ps.scan(ram) if p.memcg_ino]
        if not pages:
            report("skip", "scan-cgroup", "no charged page in the range")
            return
        ino = pages[0].memcg_ino
        want = [p.pfn for p in pages if p.memcg_ino == ino]
        sel = list(ps.scan(ram, cgroup=ino))
        got = [p.pfn for p in sel]
        # pages move between the two reads: the memcg's own pages of the
        # first read must mostly still be there (charges change slowly)
        common = len(set(want) & set(got))
        check("scan-cgroup", all(p.memcg_ino == ino for p in sel)
              and common >= 0.9 * len(want),
              f"memcg {ino}: {len(got)} vs {len(want)} pages, {common} common")


def page_value(p, name):
    """The value column @name should hold for the Page @p (the entry
    path): the entry's field, 0 where the Page says it is absent."""
    if p.hole:
        return {"kpf": int(pagesnap.KPF.NOPAGE), "snap_flags": int(p.snap),
                "valid": int(V.KPF)}.get(name, 0)
    f = p.file
    special = {"kpf": int(p.flags), "snap_flags": int(p.snap),
               "valid": int(p.valid), "file_ino": f.ino if f else 0,
               "file_index": f.index if f else 0,
               "file_dev_major": f.dev_major if f else 0,
               "file_dev_minor": f.dev_minor if f else 0}
    if name in special:
        return special[name]
    v = getattr(p, name)
    return 0 if v is None else int(v)


def compare_columns_entries(ps, name, pfns):
    """Every column of each pfn against get()'s Page, at the same moment:
    columns, entry, columns again (as tests/guest/t_columns.c); a field
    agrees when the entry's value equals either columns read.  Pages this
    test holds still must agree in every field; a pfn that does not is
    read again, up to four rounds (a just-faulted page may leave the
    per-CPU LRU batch in between, see compare_list())."""
    fields = pagesnap.COLUMN_FIELDS
    todo, bad, rounds = list(pfns), {}, 0
    while todo and rounds < 4:
        rounds += 1
        left = []
        for pfn in todo:
            c1 = ps.columns(pfn, fields=fields)
            page = ps.get(pfn)
            c2 = ps.columns(pfn, fields=fields)
            d = [f"{f} {int(c1[f][0]):#x}/{int(c2[f][0]):#x} entry "
                 f"{page_value(page, f):#x}" for f in fields
                 if page_value(page, f) not in (int(c1[f][0]), int(c2[f][0]))]
            if d:
                bad[pfn] = d
                left.append(pfn)
            else:
                bad.pop(pfn, None)
        todo = left
    print(f"  columns-vs-entries {name}: {len(pfns)} pages, "
          f"{len(pfns) - len(bad)} identical in all {len(fields)} fields "
          f"after {rounds} round(s)")
    msg = [f"pfn {p:#x}: {', '.join(d[:3])}" for p, d in bad.items()]
    return check(f"columns-vs-entries-{name}", bool(pfns) and not bad,
                 "; ".join(msg[:3]) or "no pfns")


PROC_CHUNK = 4096   # pfns per bracketed read, as t_columns.c's DIFF_CHUNK


def columns_vs_proc(np, ps, info):
    """kpf, mapcount and memcg_ino columns over all memory against
    /proc/kpageflags, kpagecount and kpagecgroup.  Each chunk is read
    proc, columns (the four-column request), proc again; a value agrees
    when it equals either proc read.  Between the reads the allocator and
    the LRU move pages, so, as tests/guest/t_columns.c and t_diff.c
    demand of the C library, >= 99.9 % per field must agree, over more
    than half of the pfns served."""
    files = [("kpf", "/proc/kpageflags"), ("mapcount", "/proc/kpagecount"),
             ("memcg_ino", "/proc/kpagecgroup")]
    fds = []
    for col, path in files:
        try:
            fds.append((col, os.open(path, os.O_RDONLY)))
        except OSError as exc:
            report("skip", f"columns-vs-proc-{col}", f"{path}: {exc}")
    if not fds:
        return
    agree = {col: 0 for col, _ in fds}
    compared = 0
    t0 = time.monotonic()
    for pfn in range(info.pfn_start, info.pfn_end, PROC_CHUNK):
        n = min(PROC_CHUNK, info.pfn_end - pfn)

        def proc():
            return [np.frombuffer(os.pread(fd, 8 * n, 8 * pfn),
                                  dtype=np.uint64) for _, fd in fds]
        a = proc()
        c = ps.columns((pfn, pfn + n),
                       fields=("kpf", "refcount", "mapcount", "memcg_ino"))
        b = proc()
        have = min([len(x) for x in a + b] + [len(c["pfn"])])
        for k, (col, _) in enumerate(fds):
            v = c[col][:have].astype(np.uint64)
            agree[col] += int(((v == a[k][:have]) | (v == b[k][:have])).sum())
        compared += have
    for _, fd in fds:
        os.close(fd)
    total = info.pfn_end - info.pfn_start
    print(f"  columns-vs-proc: {compared} of {total} pfns in "
          f"{time.monotonic() - t0:.1f} s: "
          + ", ".join(f"{k} {v}" for k, v in agree.items()))
    for col, n_ok in agree.items():
        check(f"columns-vs-proc-{col}",
              n_ok * 1000 >= compared * 999 and compared * 2 > total,
              f"{n_ok}/{compared} agree (of {total} pfns)")


def test_columns(info, ram):
    """Pagesnap.columns(): the arrays, the entry path on pages this
    test holds, /proc over all memory, filters, and its speed."""
    if not info.features & pagesnap.Feature.COLUMNS:
        report("skip", "columns", "driver without Feature.COLUMNS")
        return
    try:
        import numpy as np
    except ImportError as exc:
        np = None
        report("skip", "columns-numpy", f"numpy not importable: {exc}")
    with pagesnap.open() as ps:
        c = ps.columns(ram, fields=("kpf", "refcount", "mapcount",
                                    "memcg_ino"))
        n = ram[1] - ram[0]
        if np is not None:
            check("columns-numpy-arrays",
                  all(isinstance(v, np.ndarray) and len(v) == n
                      for v in c.values()) and
                  [str(v.dtype) for v in c.values()] ==
                  ["uint64", "uint64", "uint32", "uint32", "uint64"] and
                  int(c["pfn"][0]) == ram[0] and
                  bool((np.diff(c["pfn"].astype(np.int64)) == 1).all()),
                  f"{[(k, type(v).__name__, getattr(v, 'dtype', None)) for k, v in c.items()]}")

        # pages this test owns and holds still
        npg = 16
        anon = mmap.mmap(-1, npg * mmap.PAGESIZE,
                         flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        for i in range(npg):
            anon[i * mmap.PAGESIZE] = 0x5A
        apfns = [v.pfn for v in ps.addr_range(0, ctypes_addr(anon), npg)
                 if v.pfn]
        path = "/tmp/pagesnap-py-columns"
        with open(path, "wb") as f:
            f.write(b"c" * npg * mmap.PAGESIZE)
        with open(path, "r+b") as f:
            fm = mmap.mmap(f.fileno(), npg * mmap.PAGESIZE)
            _ = sum(fm[i * mmap.PAGESIZE] for i in range(npg))
            fpfns = [v.pfn for v in ps.addr_range(0, ctypes_addr(fm), npg)
                     if v.pfn]
            compare_columns_entries(ps, "anon", apfns)
            compare_columns_entries(ps, "file", fpfns)
            # filters keep what scan() keeps: own anonymous pages are in
            # bits="anon", every pfn there has ANON; memcg likewise
            lo, hi = min(apfns) - 512, max(apfns) + 512
            lo, hi = max(lo, info.pfn_start), min(hi, info.pfn_end)
            sel = ps.columns((lo, hi), fields=("kpf", "memcg_ino"),
                             bits="anon")
            got = {int(p) for p in sel["pfn"]}
            check("columns-bits-anon",
                  set(apfns) <= got and all(int(k) & pagesnap.KPF.ANON
                                            for k in sel["kpf"]),
                  f"{len(set(apfns) - got)} own anon pages missing")
            ino = ps.get(apfns[0]).memcg_ino
            if ino:
                sel = ps.columns((lo, hi), fields="memcg_ino", cgroup=ino)
                got = {int(p) for p in sel["pfn"]}
                check("columns-cgroup",
                      apfns[0] in got and all(int(m) == ino
                                              for m in sel["memcg_ino"]),
                      f"memcg {ino}: {len(got)} pfns")
            else:
                report("skip", "columns-cgroup", "own page not charged")
            fm.close()
        os.unlink(path)
        anon.close()

        if np is None:
            report("skip", "columns-vs-proc", "numpy not importable: the "
                   "all-memory comparison is done on numpy arrays")
        else:
            columns_vs_proc(np, ps, info)

        # the whole of memory, as the bench's py-numpy-scan rows do
        total = info.pfn_end - info.pfn_start
        for fields in (("kpf",), ("kpf", "refcount", "mapcount",
                                  "memcg_ino")):
            t0 = time.monotonic()
            c = ps.columns(fields=fields)
            t1 = time.monotonic()
            check(f"columns-all-memory-{len(fields)}",
                  len(c["pfn"]) == total and
                  all(len(v) == total for v in c.values()),
                  f"{len(c['pfn'])} of {total} pfns")
            print(f"  columns({', '.join(fields)}) of all {total} pfns: "
                  f"{t1 - t0:.2f} s")


def _mask_tour(lines):
    """What may change from boot to boot, masked: numbers, flag lists,
    symbolic flags, the flag names of the histogram lines."""
    out = []
    for line in lines:
        line = re.sub(r"\[[^\]]*\]", "[...]", line)
        line = re.sub(r"(symbolic\s+)\S+", r"\1SYM", line)
        line = re.sub(r"0x[0-9a-f]+|\d+", "N", line)
        # "{n:6d}  names": the width of n's field varies with its digits
        line = re.sub(r"^\s+N\s\s.*", "  N  ...", line)
        line = re.sub(r"(mapping\s+)\w+", r"\1KIND", line)
        # a free block's head has an order and a type, its tail pages not
        line = re.sub(r"buddy_order \w+ \w+", "buddy_order ORDER TYPE", line)
        out.append(line)
    return out


def test_tour():
    """docs/python.md's session is what tour.py prints now (issue 14)."""
    doc = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "python.md")
    if not os.path.exists(doc):
        report("skip", "python-md-tour", "python.md not in the payload")
        return
    text = open(doc).read()
    m = re.search(r"<!-- python-tour begin -->\n```\n# python3 [^\n]*\n"
                  r"(.*?)```\n<!-- python-tour end -->", text, re.S)
    if not m:
        check("python-md-tour", False, "no python-tour block in python.md")
        return
    kernel = os.uname().release.split(".")[:2]
    if kernel != ["6", "12"]:
        report("skip", "python-md-tour", "the session is from Linux 6.12")
        return
    with pagesnap.open() as ps:
        backend = ps.info().backend
    if backend != pagesnap.Backend.PORT:
        # the debug kernel's backport serves the native backend: its
        # first line (and flags) differ from stock 6.12's session
        report("skip", "python-md-tour", "the session is from the port "
               f"backend of stock 6.12, this driver has {backend!r}")
        report("skip", "readme-tour-head", "as python-md-tour")
        return
    tour = os.path.join(os.path.dirname(doc), "tour.py")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(doc))
    now = subprocess.run([sys.executable, "-B", tour], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True).stdout
    want = _mask_tour(m.group(1).splitlines())
    got = _mask_tour(now.splitlines())
    diff = [f"doc {a!r} now {b!r}" for a, b in zip(want, got) if a != b]
    check("python-md-tour", want == got,
          f"{len(want)} vs {len(got)} lines; " + "; ".join(diff[:3]))
    readme = os.path.join(os.path.dirname(doc), "README.md")
    m = re.search(r"<!-- python-tour-head begin -->\n```\n(.*?)```\n"
                  r"<!-- python-tour-head end -->",
                  open(readme).read() if os.path.exists(readme) else "", re.S)
    head = _mask_tour(m.group(1).splitlines()) if m else []
    check("readme-tour-head", bool(head) and head == got[:len(head)],
          f"README's {len(head)} lines vs the tour's first ones")


def main():
    """Run the groups in PAGESNAP_G_PY_TESTS (comma-separated; default all).

    Groups: own (addr of own pages), compare (C vs Python ranges),
    filters, stats, streaming, runs_cgroup, columns, tour, errors.  Each group's time is printed.
    """
    want = set(filter(None, os.environ.get("PAGESNAP_G_PY_TESTS",
                                           "").split(",")))

    def group(name, fn, *args):
        if want and name not in want:
            return None
        t0 = time.monotonic()
        ret = fn(*args)
        print(f"  time: {name} {time.monotonic() - t0:.1f}s", flush=True)
        return ret

    if not os.path.exists(pagesnap.DEVICE_PATH):
        report("fail", "device", "/dev/pagesnap missing: module not loaded?")
    else:
        info = test_info()
        # Ranges with RAM in them whatever the guest's memory map: around
        # a page this process owns.
        anon_pfn = group("own", test_own_pages)
        if anon_pfn is None:
            anon_pfn = own_anon_pfn()
        ram = (max(info.pfn_start, anon_pfn - 8192),
               min(info.pfn_end, anon_pfn + 8192))
        group("compare", compare_ranges, info, ram)
        group("filters", test_filters, info, ram)
        group("stats", test_stats, info, ram)
        group("streaming", test_streaming, info)
        group("runs_cgroup", test_runs_and_cgroup, info, ram)
        group("columns", test_columns, info, ram)
        group("tour", test_tour)
        group("errors", test_errors, info)
    print(f"python-guest: {results['pass']} passed, {results['fail']} failed,"
          f" {results['skip']} skipped", flush=True)
    return 0 if results["fail"] == 0 and results["pass"] > 0 else 1


def compare_ranges(info, ram):
    compare_range("low", f"{info.pfn_start:#x}+2048")
    compare_range("ram", f"{ram[0]:#x}+8192")
    compare_range("end", f"{info.pfn_end - 2048:#x},{info.pfn_end:#x}")


_keep = []


def own_anon_pfn():
    """The pfn of a page of this process (kept mapped), for the ranges."""
    m = mmap.mmap(-1, mmap.PAGESIZE,
                  flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    m[0] = 1
    _keep.append(m)
    with pagesnap.open() as ps:
        return ps.addr(0, ctypes_addr(m)).pfn


if __name__ == "__main__":
    sys.exit(main())

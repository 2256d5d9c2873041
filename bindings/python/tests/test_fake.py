# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""Host tests of get/scan/stats/info against a fake device (fakedev.so).

Run with LD_PRELOAD=tests/fakedev.so and PAGESNAP_FAKE_DEV=<any path>
(``make check`` does): the library talks to it as to /dev/pagesnap.  The
expected pages come from model(), a copy of fakedev.c's fake_entry().
Without the fake device every test here is skipped.
"""

import ctypes
import errno
import os
import unittest

import pagesnap
from pagesnap import KPF, SnapFlag, Valid

DEV = os.environ.get("PAGESNAP_FAKE_DEV")
PFN_END, MAX_PFNS, HOLES = 5000, 700, range(1000, 1200)
COMBOS = [KPF.BUDDY, KPF.LRU | KPF.UPTODATE, KPF.LRU | KPF.ANON | KPF.MMAP,
          KPF.SLAB, KPF.LRU | KPF.ACTIVE | KPF.DIRTY, KPF.RESERVED, KPF(0)]


def model(pfn):
    """The Page fakedev.c serves for @pfn."""
    if pfn in HOLES:
        return pagesnap.Page(pfn, Valid(0), SnapFlag.HOLE, KPF.NOPAGE,
                             *[None] * (len(pagesnap.Page._fields) - 5), 1)
    k = pfn % 7
    order = 2 if k == 4 else 0
    head = pfn & ~((1 << order) - 1)
    kind = {2: pagesnap.MappingKind.ANON, 1: pagesnap.MappingKind.FILE}.get(
        k, pagesnap.MappingKind.NONE)
    return pagesnap.Page(
        pfn=pfn, valid=Valid(((1 << 17) - 1) & ~Valid.HUGE_ZERO),
        snap=SnapFlag.FAITHFUL | (SnapFlag.FREE if k == 0 else 0),
        flags=COMBOS[k], raw_flags=pfn * 3, head_pfn=head, order=order,
        index=pfn - head, refcount=0 if k == 0 else pfn % 5 + 1,
        mapcount=1 if k == 2 else 0, entire_mapcount=0,
        folio_mapcount=1 if k == 2 else 0, pincount=0,
        page_type={0: pagesnap.PageType.BUDDY, 3: pagesnap.PageType.SLAB}.get(
            k, pagesnap.PageType.NONE),
        buddy_order=0, nid=0,
        zone=pagesnap.Zone.DMA32 if pfn < 4096 else pagesnap.Zone.NORMAL,
        memcg_ino=1, mapping_kind=kind,
        file=(pagesnap.FileRef(8, 1, 1000 + pfn // 7, pfn // 7)
              if kind == pagesnap.MappingKind.FILE else None),
        owner_hash=0x1234 + k if kind else 0)


def counters():
    me = ctypes.CDLL(None)
    return me.fake_queries(), me.fake_filtered_queries()


def last_entry_size():
    """The entry_size of the last QUERY that reached the fake driver."""
    return ctypes.CDLL(None).fake_last_entry_size()


@unittest.skipUnless(DEV, "no fake device (run through make check)")
class FakeDevice(unittest.TestCase):
    def setUp(self):
        self.ps = pagesnap.open(DEV)

    def tearDown(self):
        self.ps.close()

    def test_info(self):
        info = self.ps.info()
        self.assertEqual((info.pfn_start, info.pfn_end, info.max_pfns),
                         (0, PFN_END, MAX_PFNS))
        self.assertIs(info.backend, pagesnap.Backend.PORT)
        self.assertEqual(info.features,
                         pagesnap.Feature.FILTER | pagesnap.Feature.SKIP_HOLES)

    def test_scan_value_error_with_hint(self):
        # issue 14.9: a bad range is a ValueError carrying the CLI's hint
        with self.assertRaises(ValueError) as cm:
            list(self.ps.scan("20,10"))
        self.assertIn("invalid range '20,10': expected N, N+M, N,M (M > N)",
                      str(cm.exception))
        self.assertIsInstance(cm.exception, pagesnap.PagesnapError)
        with self.assertRaises(ValueError) as cm:
            list(self.ps.scan(bits="lru=x"))
        self.assertIn("invalid bit-spec 'lru=x'", str(cm.exception))

    def test_scan_cgroup(self):
        every = [p for p in self.ps.scan("990+20") if not p.hole]
        self.assertEqual(list(self.ps.scan("990+20", cgroup=1)), every)
        self.assertEqual(list(self.ps.scan("990+20", cgroup=2)), [])
        self.assertRaises(ValueError, lambda: list(self.ps.scan(cgroup="/tmp")))
        self.assertRaises(FileNotFoundError,
                          lambda: list(self.ps.scan(cgroup="/nonexistent/cg")))
        self.assertRaises(ValueError, lambda: list(self.ps.scan(cgroup=-1)))

    def test_scan_runs_without_feature(self):
        # the fake driver has no Feature.RUNS: one record per page still
        pages = list(self.ps.scan("0+50", runs=True))
        self.assertEqual(pages, [model(p) for p in range(50)])
        self.assertTrue(all(p.nr_pages == 1 for p in pages))

    def test_get(self):
        for pfn in (0, 1, 2, 3, 4, 5, 6, 999, 1000, 1199, 4999):
            self.assertEqual(self.ps.get(pfn), model(pfn), pfn)

    def test_driver_gets_the_bindings_entry_size(self):
        """get() and scans pass ctypes.sizeof(Entry) (libpagesnap 0.2)."""
        from pagesnap import _lib
        self.ps.get(5)
        self.assertEqual(last_entry_size(), ctypes.sizeof(_lib.Entry))
        list(self.ps.scan("0+10"))
        self.assertEqual(last_entry_size(), ctypes.sizeof(_lib.Entry))

    def test_get_beyond_end(self):
        with self.assertRaises(pagesnap.PagesnapError) as cm:
            self.ps.get(PFN_END)
        self.assertEqual(cm.exception.errno, errno.ERANGE)

    def test_scan_everything_in_order(self):
        before = counters()[0]
        got = list(self.ps.scan())
        self.assertEqual(len(got), PFN_END)
        self.assertEqual(got, [model(p) for p in range(PFN_END)])
        # 512-entry batches and 700-pfn driver calls: resumed many times
        self.assertGreaterEqual(counters()[0] - before, PFN_END // 512)

    def test_scan_range_forms(self):
        want = [model(p) for p in range(990, 1010)]
        for rng in ("990+20", "990,1010", range(990, 1010), (990, 1010)):
            self.assertEqual(list(self.ps.scan(rng)), want, rng)
        self.assertEqual(list(self.ps.scan(4990)), [model(4990)])
        self.assertEqual([p.pfn for p in self.ps.scan("4995,")],
                         list(range(4995, PFN_END)))

    def test_skip_holes(self):
        got = [p.pfn for p in self.ps.scan("900,1300", skip_holes=True)]
        self.assertEqual(got, [p for p in range(900, 1300) if p not in HOLES])

    def test_bits_use_kernel_filter_and_match(self):
        spec = pagesnap.BitSpec("lru,~anon")
        before = counters()[1]
        got = [p.pfn for p in self.ps.scan(bits="lru,~anon")]
        want = [p for p in range(PFN_END)
                if spec.match(pagesnap.well_known(model(p).flags))]
        self.assertEqual(got, want)
        self.assertGreater(counters()[1], before, "no filtered query")
        # the caller's handle keeps no filter: a plain scan sees all pages
        self.assertEqual(sum(1 for _ in self.ps.scan("0+100")), 100)

    def test_bits_userspace_only(self):
        # "any of" with a bit the well-known view may hide: no kernel
        # filter, the userspace match alone decides
        spec = pagesnap.BitSpec("compound_head,lru")
        self.assertEqual(spec.filters(), [])
        got = [p.pfn for p in self.ps.scan("0+700", bits=spec)]
        want = [p for p in range(700)
                if spec.match(pagesnap.well_known(model(p).flags))]
        self.assertEqual(got, want)

    def test_holes_by_bits(self):
        got = [p.pfn for p in self.ps.scan(bits="=nopage")]
        self.assertEqual(got, list(HOLES))

    def test_stats(self):
        st = self.ps.stats()
        pages = [model(p) for p in range(PFN_END)]
        self.assertEqual(st.pages, PFN_END)
        self.assertEqual(st.holes, len(HOLES))
        self.assertEqual(st.faithful, PFN_END - len(HOLES))
        self.assertEqual(st.free_pages, sum(1 for p in pages if p.free))
        self.assertEqual(sum(st.by_flags.values()), PFN_END)
        self.assertEqual(st.by_flags[KPF.NOPAGE], len(HOLES))
        self.assertEqual(st.by_flags[KPF.BUDDY],
                         sum(1 for p in pages if p.flags == KPF.BUDDY))
        self.assertNotIn(KPF.RESERVED, st.by_flags)   # a hacker bit: raw only
        self.assertIn(KPF.RESERVED, self.ps.stats(raw=True).by_flags)
        self.assertEqual(st.folio_orders[2][1],
                         sum(1 for p in pages if p.order == 2))
        self.assertEqual(st.page_types[pagesnap.PageType.SLAB],
                         sum(1 for p in pages if p.page_type == pagesnap.PageType.SLAB))
        self.assertEqual(self.ps.stats("0+700", bits="slab").pages, 100)

    def test_generator_closed_early_releases_scan(self):
        for _ in range(200):        # leaks would show as fd exhaustion
            it = self.ps.scan(bits="lru,~anon")
            next(it)
            it.close()
        self.assertEqual(self.ps.get(7), model(7))

    def test_closed_handle(self):
        self.ps.close()
        self.assertRaises(ValueError, lambda: list(self.ps.scan("0+1")))
        self.assertRaises(ValueError, self.ps.stats)

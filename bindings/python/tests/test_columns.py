# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""Host tests of Pagesnap.columns(), the columnar fast path, on the fake
device (fakedev.so, PAGESNAP_IOC_COLUMNS served from the same synthetic
pages as QUERY): values against model() and scan(), numpy and the
array.array fallback (numpy hidden), filters, the entry-scan path of a
driver without Feature.COLUMNS, Columns.to_records()/to_dataframe() and
every error.  Without the fake device every test here is skipped.
"""

import array
import contextlib
import errno
import os
import sys
import unittest

import pagesnap
from pagesnap import KPF, SnapFlag, Valid, core

from test_fake import DEV, HOLES, PFN_END, model

FEAT_COLUMNS = int(pagesnap.Feature.FILTER | pagesnap.Feature.SKIP_HOLES
                   | pagesnap.Feature.COLUMNS)
FOUR = ("kpf", "refcount", "mapcount", "memcg_ino")


def have(module):
    try:
        __import__(module)
        return True
    except ImportError:
        return False


@contextlib.contextmanager
def hidden(module):
    """import @module raises ImportError inside the block."""
    saved = sys.modules.get(module, None)
    had = module in sys.modules
    sys.modules[module] = None
    try:
        yield
    finally:
        if had:
            sys.modules[module] = saved
        else:
            del sys.modules[module]


def model_value(pfn, name):
    """What PAGESNAP_IOC_COLUMNS gives for field @name of @pfn: the
    entry's field, 0 where it is absent, the hole values for a hole."""
    p = model(pfn)
    if p.hole:
        return {"kpf": int(KPF.NOPAGE), "snap_flags": int(SnapFlag.HOLE),
                "valid": int(Valid.KPF)}.get(name, 0)
    special = {
        "kpf": int(p.flags), "snap_flags": int(p.snap), "valid": int(p.valid),
        "memcg_ino": p.memcg_ino, "file_ino": p.file.ino if p.file else 0,
        "file_index": p.file.index if p.file else 0,
        "file_dev_major": p.file.dev_major if p.file else 0,
        "file_dev_minor": p.file.dev_minor if p.file else 0,
    }
    if name in special:
        return special[name]
    v = getattr(p, name)
    return 0 if v is None else int(v)


def open_with(features):
    """A handle on a fake driver with @features; it stays the fake driver
    of later open()s too (scan(bits=) opens a private handle) until
    features() is called again."""
    set_features(features)
    return pagesnap.open(DEV)


def set_features(features):
    if features is None:
        os.environ.pop("PAGESNAP_FAKE_FEATURES", None)
    else:
        os.environ["PAGESNAP_FAKE_FEATURES"] = hex(features)


@unittest.skipUnless(DEV, "no fake device (run through make check)")
class Columns(unittest.TestCase):
    def setUp(self):
        self.ps = open_with(FEAT_COLUMNS)
        self.assertTrue(self.ps.info().features & pagesnap.Feature.COLUMNS)

    def tearDown(self):
        self.ps.close()
        set_features(None)

    def check_model(self, cols, pfns, fields):
        self.assertEqual(list(cols), ["pfn"] + list(fields))
        self.assertEqual([int(x) for x in cols["pfn"]], list(pfns))
        for name in fields:
            self.assertEqual([int(x) for x in cols[name]],
                             [model_value(p, name) for p in pfns], name)

    @unittest.skipUnless(have("numpy"), "numpy not importable")
    def test_every_field_numpy(self):
        import numpy
        cols = self.ps.columns(fields=pagesnap.COLUMN_FIELDS)
        self.check_model(cols, range(PFN_END), pagesnap.COLUMN_FIELDS)
        for name, arr in cols.items():
            self.assertIsInstance(arr, numpy.ndarray)
            wide = name == "pfn" or pagesnap._lib.COL_BITS[name] < 16
            self.assertEqual(arr.dtype, numpy.uint64 if wide else numpy.uint32,
                             name)

    def test_every_field_without_numpy(self):
        with hidden("numpy"):
            cols = self.ps.columns(fields=pagesnap.COLUMN_FIELDS)
        self.check_model(cols, range(PFN_END), pagesnap.COLUMN_FIELDS)
        for name, arr in cols.items():
            self.assertIsInstance(arr, array.array)
            wide = name == "pfn" or pagesnap._lib.COL_BITS[name] < 16
            self.assertEqual(arr.typecode, "Q" if wide else "I", name)

    def test_same_as_scan(self):
        """Every field equals the same field of scan()'s Page."""
        cols = self.ps.columns("900,1300", fields=FOUR + ("order", "zone"))
        pages = list(self.ps.scan("900,1300"))
        self.assertEqual([int(x) for x in cols["pfn"]], [p.pfn for p in pages])
        self.assertEqual([int(x) for x in cols["kpf"]],
                         [int(p.flags) for p in pages])
        for name in ("refcount", "mapcount", "memcg_ino", "order", "zone"):
            self.assertEqual([int(x) for x in cols[name]],
                             [int(getattr(p, name) or 0) for p in pages], name)

    def test_range_forms_and_clipping(self):
        want = list(range(990, 1010))
        for rng in ("990+20", "990,1010", range(990, 1010), (990, 1010)):
            self.check_model(self.ps.columns(rng, fields="kpf"), want, ["kpf"])
        self.check_model(self.ps.columns(4990, fields="kpf"), [4990], ["kpf"])
        self.check_model(self.ps.columns("4995,", fields="kpf"),
                         range(4995, PFN_END), ["kpf"])
        self.check_model(self.ps.columns((4990, 99999), fields="kpf"),
                         range(4990, PFN_END), ["kpf"])
        empty = self.ps.columns(range(5, 5), fields=FOUR)
        self.assertEqual([len(v) for v in empty.values()], [0] * 5)

    def test_bits_like_scan(self):
        for bits, raw in (("lru,~anon", False), ("=nopage", False),
                          ("~nopage", False), ("compound_head,lru", False),
                          ("reserved", True), ("reserved", False)):
            want = [p.pfn for p in self.ps.scan(bits=bits, raw=raw)]
            for numpy_too in (True, False):
                with contextlib.ExitStack() as st:
                    if not numpy_too:
                        st.enter_context(hidden("numpy"))
                    cols = self.ps.columns(fields=("order", "refcount"),
                                           bits=bits, raw=raw)
                self.check_model(cols, want, ["order", "refcount"])
        self.assertEqual([int(x) for x in self.ps.columns(
            bits="=nopage", fields="snap_flags")["pfn"]], list(HOLES))

    def test_filtered_in_chunks(self):
        saved = core.COLUMNS_CHUNK
        core.COLUMNS_CHUNK = 333       # many chunks, none aligned with holes
        try:
            want = [p.pfn for p in self.ps.scan(bits="slab")]
            self.check_model(self.ps.columns(fields="kpf", bits="slab"),
                             want, ["kpf"])
            with hidden("numpy"):
                self.check_model(self.ps.columns(fields="kpf", bits="slab"),
                                 want, ["kpf"])
            # unfiltered: each chunk written at its offset of the arrays
            for hide in (False, True):
                with contextlib.ExitStack() as st:
                    if hide:
                        st.enter_context(hidden("numpy"))
                    self.check_model(self.ps.columns("10,4990", fields=FOUR),
                                     range(10, 4990), FOUR)
        finally:
            core.COLUMNS_CHUNK = saved

    def test_cgroup_like_scan(self):
        every = [p.pfn for p in self.ps.scan("990+20", cgroup=1)]
        self.assertEqual(len(every), 10)       # the holes are in no memcg
        for hide in (False, True):
            with contextlib.ExitStack() as st:
                if hide:
                    st.enter_context(hidden("numpy"))
                self.check_model(self.ps.columns("990+20", fields="kpf",
                                                 cgroup=1), every, ["kpf"])
                self.assertEqual(len(self.ps.columns("990+20", fields="kpf",
                                                     cgroup=2)["kpf"]), 0)
                # memcg 0 matches nothing, as in scan(): not the holes' 0
                self.assertEqual(len(self.ps.columns("990+20", fields="kpf",
                                                     cgroup=0)["pfn"]), 0)

    def test_fields_fetched_for_filters_not_returned(self):
        cols = self.ps.columns("0+50", fields="order", bits="lru", cgroup=1)
        self.assertEqual(list(cols), ["pfn", "order"])

    def test_errors(self):
        ps = self.ps
        with self.assertRaises(ValueError) as cm:
            ps.columns(fields=("kpf", "pincount2"))
        self.assertIn("unknown column 'pincount2': expected one of kpf,",
                      str(cm.exception))
        self.assertRaises(ValueError, ps.columns, fields=())
        self.assertRaises(ValueError, ps.columns, fields=("kpf", "kpf"))
        with self.assertRaises(ValueError) as cm:
            ps.columns("20,10")
        self.assertIn("invalid range '20,10'", str(cm.exception))
        self.assertRaises(ValueError, ps.columns, range(0, 10, 2))
        self.assertRaises(ValueError, ps.columns, (10, 5))
        with self.assertRaises(ValueError) as cm:
            ps.columns(f"{PFN_END}+5")
        self.assertEqual(cm.exception.errno, errno.ERANGE)
        self.assertIn(f"pfn {PFN_END:#x} is beyond the last pfn served",
                      str(cm.exception))
        with self.assertRaises(ValueError) as cm:
            ps.columns(bits="lru=x")
        self.assertIn("invalid bit-spec 'lru=x'", str(cm.exception))
        self.assertRaises(ValueError, ps.columns, cgroup="/tmp")
        self.assertRaises(ValueError, ps.columns, cgroup=-1)
        self.assertRaises(FileNotFoundError, ps.columns,
                          cgroup="/nonexistent/cg")
        ps.close()
        self.assertRaises(ValueError, ps.columns)

    def test_ioctl_error_is_pagesnap_error(self):
        # The library caches the handshake of this handle (COLUMNS); the
        # fake driver of a later open() has no COLUMNS and answers ENOTTY.
        other = open_with(int(pagesnap.Feature.FILTER))
        try:
            with self.assertRaises(pagesnap.PagesnapError) as cm:
                self.ps.columns("0+10")
            self.assertEqual(cm.exception.errno, errno.ENOTTY)
            self.assertEqual(cm.exception.call, "pagesnap_columns")
        finally:
            other.close()
            set_features(FEAT_COLUMNS)

    @unittest.skipUnless(have("numpy"), "numpy not importable")
    def test_to_records(self):
        cols = self.ps.columns("0+10", fields=("kpf", "refcount"))
        rec = cols.to_records()
        self.assertEqual(rec.dtype.names, ("pfn", "kpf", "refcount"))
        self.assertEqual([int(r.refcount) for r in rec],
                         [model_value(p, "refcount") for p in range(10)])

    def test_to_records_without_numpy(self):
        with hidden("numpy"):
            cols = self.ps.columns("0+10", fields=("kpf", "refcount"))
            rec = cols.to_records()
        self.assertEqual(rec, [(p, model_value(p, "kpf"),
                                model_value(p, "refcount")) for p in range(10)])

    @unittest.skipUnless(have("pandas"), "pandas not importable "
                         "(Debian python3-pandas)")
    def test_to_dataframe(self):
        df = self.ps.columns("990+20", fields=FOUR).to_dataframe()
        self.assertEqual(list(df.columns), ["pfn"] + list(FOUR))
        self.assertEqual(len(df), 20)
        self.assertEqual(str(df["kpf"].dtype), "uint64")
        self.assertEqual(str(df["refcount"].dtype), "uint32")
        self.assertEqual(int((df["kpf"] == int(KPF.NOPAGE)).sum()), 10)

    def test_to_dataframe_without_pandas(self):
        cols = self.ps.columns("0+10")
        with hidden("pandas"):
            with self.assertRaises(ImportError) as cm:
                cols.to_dataframe()
        self.assertIn("python3-pandas", str(cm.exception))


@unittest.skipUnless(DEV, "no fake device (run through make check)")
class ColumnsWithoutDriverColumns(unittest.TestCase):
    """A driver without Feature.COLUMNS: the same arrays, from entries."""

    def setUp(self):
        self.ps = open_with(int(pagesnap.Feature.FILTER
                                | pagesnap.Feature.SKIP_HOLES))
        self.assertFalse(self.ps.info().features & pagesnap.Feature.COLUMNS)

    def tearDown(self):
        self.ps.close()
        set_features(None)

    def test_same_values(self):
        with open_with(FEAT_COLUMNS) as ref:
            want = ref.columns("900,1300", fields=pagesnap.COLUMN_FIELDS)
        # the fake driver is the last opened: reopen the one under test
        self.ps.close()
        self.setUp()
        for hide in (False, True):
            with contextlib.ExitStack() as st:
                if hide:
                    st.enter_context(hidden("numpy"))
                got = self.ps.columns("900,1300",
                                      fields=pagesnap.COLUMN_FIELDS)
            self.assertEqual(list(got), list(want))
            for name in want:
                self.assertEqual([int(x) for x in got[name]],
                                 [int(x) for x in want[name]], name)
                self.assertEqual(type(got[name]) is array.array, hide)
        self.assertEqual([int(x) for x in self.ps.columns(
            fields="kpf", bits="slab")["pfn"]],
            [p.pfn for p in self.ps.scan(bits="slab")])

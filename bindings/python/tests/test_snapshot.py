# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""pagesnap.load(): snapshot files of pagesnap-cli record, on the host.

The synthetic snapshot of tools/tests/snapgen (built here with the C
writer) is read back page by page and compared with what the writer
was given (snapgen -e), column by column (numpy when importable), and
damaged copies must raise SnapshotError, never return records.
"""

import os
import shutil
import struct
import subprocess
import tempfile
import unittest

import pagesnap
from pagesnap import snapshot

TOP = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CC = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")


def build_snapgen(tmp):
    exe = os.path.join(tmp, "snapgen")
    subprocess.run([CC, "-O1", "-I", os.path.join(TOP, "libpagesnap", "include"),
                    "-I", os.path.join(TOP, "uapi"), "-I", os.path.join(TOP, "tools"),
                    "-D_GNU_SOURCE", "-o", exe,
                    os.path.join(TOP, "tools", "tests", "snapgen.c"),
                    os.path.join(TOP, "tools", "snapfile.c"), "-lzstd"],
                   check=True, capture_output=True)
    return exe


@unittest.skipUnless(CC, "no C compiler to build the snapshot writer")
class TestLoad(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        try:
            gen = build_snapgen(cls.tmp)
        except subprocess.CalledProcessError as e:
            raise unittest.SkipTest("snapgen does not build (libzstd-dev?): %s"
                                    % e.stderr.decode()[-200:])
        cls.path = os.path.join(cls.tmp, "a.snap")
        out = subprocess.run([gen, "-e", cls.path], check=True,
                             capture_output=True, text=True).stdout
        cls.expect = [[int(x, 16) for x in l.split()] for l in out.splitlines()]
        cls.snap = pagesnap.load(cls.path)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_meta(self):
        s = self.snap
        self.assertEqual(s.meta["release"], "6.12.0-synthetic")
        self.assertEqual(s.info.pfn_end, 0x1100)
        self.assertEqual(s.info.page_size, 4096)
        self.assertEqual(s.time, 1764547200.0)
        self.assertEqual(s.meta["duration_ns"], 123456789)   # the tail record
        self.assertEqual(s.memcgs[100], "/system.slice/app.service")
        self.assertEqual(s.files[(8, 1, 1234)], "/var/lib/data file.db")

    def test_pages_as_written(self):
        pages = list(self.snap.pages())
        self.assertEqual(len(pages), len(self.expect))
        for p, e in zip(pages, self.expect):
            (pfn, valid, kpf, snap, head, order, index, ptype, border, kind,
             memcg, ma, mi, ino, fidx, nid, zone) = e
            self.assertEqual((p.pfn, int(p.valid), int(p.snap)), (pfn, valid, snap))
            if p.hole:
                continue
            self.assertEqual((int(p.flags), p.head_pfn, p.order, p.index,
                              int(p.page_type), p.buddy_order, int(p.mapping_kind),
                              p.memcg_ino, p.nid, int(p.zone)),
                             (kpf, head, order, index, ptype, border, kind,
                              memcg, nid, zone), hex(pfn))
            if kind == 3:
                self.assertEqual(tuple(p.file), (ma, mi, ino, fidx))

    def test_range(self):
        pages = list(self.snap.pages("0x1fe+4"))
        self.assertEqual([p.pfn for p in pages], [0x1fe, 0x1ff, 0x200, 0x201])
        self.assertEqual(pages[3].head_pfn, 0x200)
        self.assertEqual(pages[3].index, 1)

    def test_columns(self):
        c = self.snap.columns()
        self.assertEqual(int(sum(c["nr_pages"])), 0x1100)
        self.assertEqual(len(c["pfn"]), self.snap.runs)
        self.assertLess(self.snap.runs, 0x1100)   # runs, not pages
        thp = [i for i in range(len(c["pfn"])) if c["pfn"][i] == 0x200][0]
        self.assertEqual((int(c["order"][thp]), int(c["head_pfn"][thp])), (9, 0x200))
        try:
            import numpy
        except ImportError:
            self.skipTest("numpy not importable: lists checked only")
        self.assertIsInstance(c["kpf"], numpy.ndarray)
        self.assertEqual(c["kpf"].dtype, numpy.uint64)
        self.assertEqual(c["order"].dtype, numpy.uint32)

    def test_columns_fields_named_as_live(self):
        c = self.snap.columns(fields=("kpf", "refcount", "memcg_ino"))
        self.assertIsInstance(c, pagesnap.Columns)
        self.assertEqual(list(c), ["pfn", "nr_pages", "kpf", "refcount",
                                   "memcg_ino"])
        full = self.snap.columns()
        for k in c:
            self.assertEqual(list(c[k]), list(full[k]), k)
        self.assertTrue(set(pagesnap.COLUMN_FIELDS) <= set(full))
        self.assertRaises(ValueError, self.snap.columns, fields=("kpf2",))
        self.assertEqual(len(c.to_records()), self.snap.runs)

    def test_damaged(self):
        data = open(self.path, "rb").read()
        cases = [data[:n] for n in (0, 10, 40, 100, len(data) // 2, len(data) - 1)]
        for off in (5, 30, 50, 90, len(data) // 2, len(data) - 3):
            d = bytearray(data)
            d[off] ^= 0x40
            cases.append(bytes(d))
        fut = bytearray(data)
        fut[8:12] = struct.pack("<I", 2)
        fut[28:32] = struct.pack("<I", snapshot.crc32c(bytes(fut[:28])))
        cases.append(bytes(fut))
        for i, d in enumerate(cases):
            with self.assertRaises(pagesnap.SnapshotError, msg="case %d" % i):
                pagesnap.Snapshot(d)
        with self.assertRaisesRegex(pagesnap.SnapshotError, "format 2"):
            pagesnap.Snapshot(bytes(fut))


DEV = os.environ.get("PAGESNAP_FAKE_DEV")
CLI = os.path.join(TOP, "tools", "pagesnap-cli")


@unittest.skipUnless(DEV and "fakedev" in os.environ.get("LD_PRELOAD", ""),
                     "needs LD_PRELOAD=tests/fakedev.so PAGESNAP_FAKE_DEV=... (make check)")
@unittest.skipUnless(os.access(CLI, os.X_OK), "tools/pagesnap-cli not built")
class TestRecordedFake(unittest.TestCase):
    """pagesnap-cli record of the fake device, loaded: the same Page records
    as a live scan of it."""

    def test_same_records_as_live(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "fake.psnap")
            os.mkdir(os.path.join(tmp, "m"))
            subprocess.run([CLI, "-D", DEV, "record", "-o", path, "--mount",
                            os.path.join(tmp, "m")], check=True, capture_output=True)
            snap = pagesnap.load(path)
            with pagesnap.open(DEV) as ps:
                live = list(ps.scan())
        rec = list(snap.pages())
        self.assertEqual(len(rec), 5000)
        self.assertEqual(rec, live)
        self.assertEqual(snap.info, ps_info_of(DEV))


def ps_info_of(dev):
    with pagesnap.open(dev) as ps:
        return ps.info()


if __name__ == "__main__":
    unittest.main()

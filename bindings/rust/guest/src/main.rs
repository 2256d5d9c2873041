// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! Guest test of the pagesnap crate on the real driver: its answers
//! against libpagesnap's (linked in statically) for the same pfns, on
//! pages this process controls, and the documented errors reproduced.
//!
//! Prints PASS:/FAIL:/SKIP: lines and "rust-guest: P passed, F failed,
//! S skipped"; exit status 0 only when nothing failed.

use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_uint, c_void};
use std::os::unix::fs::MetadataExt;
use std::os::unix::io::AsRawFd;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use pagesnap::uapi::mapping;
use pagesnap::{Cols, Entry, Error, Features, Filter, Kpf, Pagesnap, Query, QueryFlags, StatsCombo, StatsZone, Valid};
use pagesnap::uapi;

// ---- libpagesnap ------------------------------------------------------

#[repr(C)]
#[derive(Default, Debug)]
struct CInfo {
    abi_version: u32,
    entry_size: u32,
    features: u64,
    valid_mask: u64,
    pfn_start: u64,
    pfn_end: u64,
    max_pfns: u64,
    page_size: u32,
    backend: u32,
    max_filters: u32,
    reserved: u32,
}

#[repr(C)]
struct CStats {
    start_pfn: u64,
    end_pfn: u64,
    calls: u64,
    pfns: u64,
    holes: u64,
    faithful: u64,
    unfaithful: u64,
    free_pages: u64,
    other_pages: u64,
    other_zone_pages: u64,
    by_order: [u64; 32],
    folios_by_order: [u64; 32],
    by_type: [u64; 16],
    by_kind: [u64; 8],
    nr_combos: usize,
    combos: *const StatsCombo,
    nr_zones: usize,
    zones: *const StatsZone,
}

#[repr(C)]
struct CFilter {
    mask: u64,
    value: u64,
}

extern "C" {
    fn pagesnap_open(path: *const c_char, psp: *mut *mut c_void) -> c_int;
    fn pagesnap_close(ps: *mut c_void);
    fn pagesnap_info(ps: *const c_void, info: *mut CInfo) -> c_int;
    // The sized calls of libpagesnap 0.2: the unsized names are inline
    // wrappers in the C header, not symbols of the static library.
    fn pagesnap_get2(ps: *mut c_void, pfn: u64, e: *mut Entry, sz: usize) -> c_int;
    fn pagesnap_query_range2(ps: *mut c_void, start: u64, nr: u64, flags: c_uint,
                             entries: *mut Entry, sz: usize, max: c_uint,
                             filled: *mut c_uint, next: *mut u64) -> c_int;
    fn pagesnap_set_filter(ps: *mut c_void, terms: *const CFilter, nr: c_uint) -> c_int;
    fn pagesnap_scan_begin2(ps: *mut c_void, start: u64, end: u64, flags: c_uint,
                            sz: usize, scanp: *mut *mut c_void) -> c_int;
    fn pagesnap_scan_next(scan: *mut c_void, e: *mut *const Entry) -> c_int;
    fn pagesnap_scan_end(scan: *mut c_void);
    fn pagesnap_stats_collect(ps: *mut c_void, start: u64, end: u64, mask: u64,
                              r: *mut *mut CStats) -> c_int;
    fn pagesnap_stats_free(r: *mut CStats);
    fn pagesnap_strerror(err: c_int) -> *const c_char;
}

/// A libpagesnap handle.
struct C(*mut c_void);

impl C {
    fn open(path: &str) -> Result<C, i32> {
        let p = CString::new(path).unwrap();
        let mut ps = std::ptr::null_mut();
        // SAFETY: p is a C string, ps an out pointer.
        let r = unsafe { pagesnap_open(p.as_ptr(), &mut ps) };
        if r < 0 { Err(-r) } else { Ok(C(ps)) }
    }

    fn info(&self) -> CInfo {
        let mut i = CInfo::default();
        // SAFETY: a live handle and a struct pagesnap_info.
        unsafe { pagesnap_info(self.0, &mut i) };
        i
    }

    fn get(&self, pfn: u64) -> Result<Entry, i32> {
        let mut e = Entry::default();
        // SAFETY: Entry is struct pagesnap_entry (the crate's ABI test).
        let r = unsafe { pagesnap_get2(self.0, pfn, &mut e, std::mem::size_of::<Entry>()) };
        if r < 0 { Err(-r) } else { Ok(e) }
    }

    fn query(&self, start: u64, nr: u64, flags: u32) -> Result<(u32, u64), i32> {
        let mut buf = [Entry::default(); 8];
        let (mut filled, mut next) = (0, 0);
        // SAFETY: buf holds the 8 entries stated.
        let r = unsafe {
            pagesnap_query_range2(self.0, start, nr, flags, buf.as_mut_ptr(),
                                  std::mem::size_of::<Entry>(), 8, &mut filled, &mut next)
        };
        if r < 0 { Err(-r) } else { Ok((filled, next)) }
    }

    fn set_filter(&self, terms: &[(u64, u64)]) -> i32 {
        let t: Vec<CFilter> = terms.iter().map(|&(mask, value)| CFilter { mask, value }).collect();
        // SAFETY: t holds the terms stated.
        -unsafe { pagesnap_set_filter(self.0, t.as_ptr(), t.len() as c_uint) }
    }

    /// Entries and pages of a whole scan, and the holes among the pages.
    fn scan_counts(&self, flags: u32) -> Result<(u64, u64, u64), i32> {
        let mut s = std::ptr::null_mut();
        // SAFETY: a live handle; s is freed below.
        let r = unsafe {
            pagesnap_scan_begin2(self.0, 0, u64::MAX, flags, std::mem::size_of::<Entry>(), &mut s)
        };
        if r < 0 {
            return Err(-r);
        }
        let (mut n, mut pages, mut holes) = (0, 0, 0);
        loop {
            let mut e: *const Entry = std::ptr::null();
            // SAFETY: s is a live scan; e points into it until the next call.
            let r = unsafe { pagesnap_scan_next(s, &mut e) };
            if r <= 0 {
                // SAFETY: s from scan_begin, freed once.
                unsafe { pagesnap_scan_end(s) };
                return if r < 0 { Err(-r) } else { Ok((n, pages, holes)) };
            }
            // SAFETY: r == 1: e is valid.
            let e = unsafe { &*e };
            n += 1;
            pages += e.pages();
            if e.is_hole() {
                holes += e.pages();
            }
        }
    }

    fn stats(&self, mask: u64) -> Result<Box<CStatsOwned>, i32> {
        let mut r = std::ptr::null_mut();
        // SAFETY: a live handle; r is freed by CStatsOwned.
        let ret = unsafe { pagesnap_stats_collect(self.0, 0, u64::MAX, mask, &mut r) };
        if ret < 0 { Err(-ret) } else { Ok(Box::new(CStatsOwned(r))) }
    }
}

impl Drop for C {
    fn drop(&mut self) {
        // SAFETY: the handle from pagesnap_open, closed once.
        unsafe { pagesnap_close(self.0) }
    }
}

struct CStatsOwned(*mut CStats);

impl CStatsOwned {
    fn get(&self) -> &CStats {
        // SAFETY: a result of pagesnap_stats_collect, live until drop.
        unsafe { &*self.0 }
    }
    fn combos(&self) -> &[StatsCombo] {
        let s = self.get();
        // SAFETY: nr_combos entries at combos (layout: the ABI test).
        unsafe { std::slice::from_raw_parts(s.combos, s.nr_combos) }
    }
    fn zones(&self) -> &[StatsZone] {
        let s = self.get();
        // SAFETY: as above.
        unsafe { std::slice::from_raw_parts(s.zones, s.nr_zones) }
    }
}

impl Drop for CStatsOwned {
    fn drop(&mut self) {
        // SAFETY: freed once.
        unsafe { pagesnap_stats_free(self.0) }
    }
}

fn c_strerror(e: i32) -> String {
    // SAFETY: a static C string.
    unsafe { CStr::from_ptr(pagesnap_strerror(-e)) }.to_string_lossy().into_owned()
}

// ---- reporting -------------------------------------------------------------

static PASSED: AtomicU32 = AtomicU32::new(0);
static FAILED: AtomicU32 = AtomicU32::new(0);
static SKIPPED: AtomicU32 = AtomicU32::new(0);

fn summary() -> String {
    format!("rust-guest: {} passed, {} failed, {} skipped",
            PASSED.load(Relaxed), FAILED.load(Relaxed), SKIPPED.load(Relaxed))
}

/// The counts live in statics so that a panic still ends with them (and
/// one failure more).
struct Report;

impl Report {
    fn check(&mut self, name: &str, ok: bool, detail: impl AsRef<str>) {
        if ok {
            PASSED.fetch_add(1, Relaxed);
            println!("PASS: {}", name);
        } else {
            FAILED.fetch_add(1, Relaxed);
            println!("FAIL: {}: {}", name, detail.as_ref());
        }
    }
    fn skip(&mut self, name: &str, why: &str) {
        SKIPPED.fetch_add(1, Relaxed);
        println!("SKIP: {}: {}", name, why);
    }
}

// ---- pages this process controls ---------------------------------------------

const PAGE: usize = 4096;

/// The pfns behind `n` pages from `addr` (/proc/self/pagemap, as root).
fn pfns_of(addr: *const u8, n: usize) -> Vec<u64> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open("/proc/self/pagemap").expect("pagemap");
    f.seek(SeekFrom::Start((addr as usize / PAGE * 8) as u64)).unwrap();
    let mut buf = vec![0u8; n * 8];
    f.read_exact(&mut buf).unwrap();
    buf.chunks(8)
        .map(|c| u64::from_ne_bytes(c.try_into().unwrap()))
        .filter(|w| w >> 63 == 1)
        .map(|w| w & ((1 << 55) - 1))
        .filter(|&p| p != 0)
        .collect()
}

fn map(len: usize, prot: c_int, flags: c_int, fd: c_int) -> *mut u8 {
    // SAFETY: a new mapping, no existing memory touched.
    let p = unsafe { libc::mmap(std::ptr::null_mut(), len, prot, flags, fd, 0) };
    assert!(p != libc::MAP_FAILED, "mmap: {}", std::io::Error::last_os_error());
    p as *mut u8
}

/// Compare single-pfn reads, C then Rust then C.  A page just faulted in
/// may still sit in a per-CPU LRU batch (one extra reference, no LRU bit)
/// and be drained while we read: each round judges only the pfns whose two
/// C reads agree, and reads the others again, up to four rounds.
fn compare(r: &mut Report, name: &str, ps: &Pagesnap, c: &C, pfns: &[u64]) {
    if pfns.is_empty() {
        return r.check(&format!("compare-{}", name), false, "no pfns");
    }
    let mut todo = pfns.to_vec();
    let mut bad = Vec::new();
    let mut rounds = 0;
    while !todo.is_empty() && rounds < 4 {
        rounds += 1;
        let a: Vec<_> = todo.iter().map(|&p| c.get(p)).collect();
        let ru: Vec<_> = todo.iter().map(|&p| ps.get(p)).collect();
        let b: Vec<_> = todo.iter().map(|&p| c.get(p)).collect();
        let mut left = Vec::new();
        bad.clear();
        for (i, &p) in todo.iter().enumerate() {
            match (&a[i], &ru[i], &b[i]) {
                (Ok(x), Ok(y), Ok(z)) if x == z => {
                    if x != y {
                        bad.push(format!("pfn {:#x}: C {:?} Rust {:?}", p, x, y));
                    }
                }
                _ => {
                    left.push(p);
                    bad.push(format!("pfn {:#x}: unsettled {:?} / {:?}", p, a[i], ru[i].map(|e| e.pfn)));
                }
            }
        }
        if bad.iter().all(|m| m.contains("unsettled")) {
            todo = left;
        } else {
            break;
        }
    }
    println!("  {}: {} pages, {} identical after {} round(s)", name, pfns.len(),
             pfns.len() - bad.len(), rounds);
    r.check(&format!("compare-{}", name), bad.is_empty(), bad.iter().take(2).cloned().collect::<Vec<_>>().join("; "));
}

fn test_info(r: &mut Report, ps: &Pagesnap, c: &C) {
    let i = ps.info();
    let ci = c.info();
    println!("  info: {:?}", i);
    let same = (i.abi_version, i.entry_size, i.features.bits(), i.valid_mask.bits(), i.pfn_start,
                i.pfn_end, i.max_pfns, i.page_size, i.backend, i.max_filters)
        == (ci.abi_version, ci.entry_size, ci.features, ci.valid_mask, ci.pfn_start, ci.pfn_end,
            ci.max_pfns, ci.page_size, ci.backend, ci.max_filters);
    r.check("info", same, format!("rust {:?} c {:?}", i, ci));
    r.check("info-page-size", i.page_size as usize == PAGE, format!("{}", i.page_size));
}

fn test_anon(r: &mut Report, ps: &Pagesnap, c: &C) {
    let n = 64;
    let p = map(n * PAGE, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1);
    for i in 0..n {
        // SAFETY: inside the mapping just made.
        unsafe { *p.add(i * PAGE) = i as u8 + 1 };
    }
    let pfns = pfns_of(p, n);
    r.check("anon-pagemap", pfns.len() == n, format!("{} of {} pfns", pfns.len(), n));
    let ok = pfns.iter().all(|&pfn| match ps.get(pfn) {
        Ok(e) => e.kpf.contains(Kpf::ANON) && (!e.has(Valid::MAPPING_KIND) || e.mapping_kind == mapping::ANON)
            && (!e.has(Valid::MAPCOUNT) || e.mapcount == 1) && e.pfn == pfn,
        Err(_) => false,
    });
    r.check("anon-pages-are-anon", ok, format!("{:?}", pfns.first().map(|&p| ps.get(p))));
    compare(r, "anon-pages", ps, c, &pfns);
    // SAFETY: the mapping made above.
    if unsafe { libc::mlock(p as *const c_void, n * PAGE) } == 0 {
        let pfns = pfns_of(p, n);
        compare(r, "mlocked-anon-pages", ps, c, &pfns);
    } else {
        r.skip("compare-mlocked-anon-pages", "mlock failed");
    }
    // SAFETY: unmapped once.
    unsafe { libc::munmap(p as *mut c_void, n * PAGE) };
}

fn test_file(r: &mut Report, ps: &Pagesnap, c: &C) {
    let n = 32;
    let path = "/tmp/pagesnap-rust-file";
    let data: Vec<u8> = (0..n * PAGE).map(|i| (i % 251) as u8).collect();
    std::fs::write(path, &data).unwrap();
    let f = std::fs::File::open(path).unwrap();
    let md = f.metadata().unwrap();
    let p = map(n * PAGE, libc::PROT_READ, libc::MAP_SHARED, f.as_raw_fd());
    let mut sum = 0u64;
    for i in 0..n {
        // SAFETY: inside the mapping.
        sum += unsafe { *p.add(i * PAGE) } as u64;
    }
    let pfns = pfns_of(p, n);
    r.check("file-pagemap", pfns.len() == n && sum > 0, format!("{} of {} pfns", pfns.len(), n));
    // SAFETY: libc's major()/minor() are pure.
    let (maj, min) = unsafe { (libc::major(md.dev()), libc::minor(md.dev())) };
    let mut bad = Vec::new();
    for (i, &pfn) in pfns.iter().enumerate() {
        match ps.get(pfn) {
            Ok(e) if !e.has(Valid::FILE) => bad.push(format!("pfn {:#x}: no FILE", pfn)),
            Ok(e) => {
                let got = (e.mapping_kind, e.file_dev_major, e.file_dev_minor, e.file_ino, e.file_index);
                let want = (mapping::FILE, maj, min, md.ino(), i as u64);
                if got != want {
                    bad.push(format!("pfn {:#x}: {:?} want {:?}", pfn, got, want));
                }
            }
            Err(e) => bad.push(format!("pfn {:#x}: {}", pfn, e)),
        }
    }
    r.check("file-pages-name-their-file", bad.is_empty(), bad.join("; "));
    compare(r, "file-pages", ps, c, &pfns);
    // SAFETY: unmapped once.
    unsafe { libc::munmap(p as *mut c_void, n * PAGE) };
    drop(f);
    let _ = std::fs::remove_file(path);
}

fn rss_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap();
    s.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * PAGE as u64 / 1024
}

/// Whole-memory walks.  The layout of memory (which pfns are holes) does
/// not move in the guest (no hotplug), so entry, page and hole counts are
/// exact; page states move, so they are not compared here.
fn test_scans(r: &mut Report, ps: &Pagesnap, c: &C) -> u64 {
    let i = ps.info();
    let total = i.pfn_end - i.pfn_start;
    let rss0 = rss_kib();
    let (mut n, mut holes) = (0u64, 0u64);
    let mut err = None;
    for e in ps.scan(..).unwrap() {
        match e {
            Ok(e) => {
                n += 1;
                holes += e.is_hole() as u64;
            }
            Err(e) => err = Some(e),
        }
    }
    let grew = rss_kib().saturating_sub(rss0);
    r.check("scan-every-pfn", err.is_none() && n == total, format!("{} of {} ({:?})", n, total, err));
    let cs = c.scan_counts(0);
    r.check("scan-holes-as-c", cs == Ok((n, n, holes)), format!("rust ({}, {}) c {:?}", n, holes, cs));
    if total * 144 > 16 << 20 {
        r.check("scan-constant-memory", grew < 2048,
                format!("rss grew {} KiB over {} entries", grew, n));
    } else {
        r.skip("scan-constant-memory", "memory too small to tell");
    }
    println!("  scan: {} pfns, {} holes, rss +{} KiB", n, holes, grew);

    if i.features.contains(Features::SKIP_HOLES) {
        let k = ps.scan_with(.., &Query::new().skip_holes()).unwrap().filter(|e| e.is_ok()).count() as u64;
        let ck = c.scan_counts(1);
        r.check("scan-skip-holes", k == total - holes && ck == Ok((k, k, 0)),
                format!("rust {} c {:?}, {} - {}", k, ck, total, holes));
    } else {
        r.skip("scan-skip-holes", "driver without FEAT_SKIP_HOLES");
    }
    if i.features.contains(Features::RUNS) {
        let (mut entries, mut pages, mut rholes, mut next) = (0u64, 0u64, 0u64, i.pfn_start);
        let mut contiguous = true;
        for e in ps.scan_with(.., &Query::new().runs()).unwrap() {
            let e = e.unwrap();
            contiguous &= e.pfn == next && e.nr_pages >= 1;
            next = e.pfn + e.nr_pages;
            entries += 1;
            pages += e.nr_pages;
            if e.is_hole() {
                rholes += e.nr_pages;
            }
        }
        let cr = c.scan_counts(2);
        r.check("scan-runs-cover-every-pfn", contiguous && pages == total && rholes == holes,
                format!("{} pages in {} entries, {} holes", pages, entries, rholes));
        r.check("scan-runs-as-c", matches!(cr, Ok((_, p, h)) if p == total && h == holes),
                format!("c {:?}", cr));
        println!("  runs: {} pfns in {} entries", pages, entries);
    } else {
        r.skip("scan-runs", "driver without FEAT_RUNS");
    }
    if i.features.contains(Features::FILTER) {
        let q = Query::new().filter(Filter::all(Kpf::NOPAGE));
        let k = ps.scan_with(.., &q).unwrap().filter(|e| e.as_ref().map_or(false, |e| e.is_hole())).count() as u64;
        let ret = c.set_filter(&[(Kpf::NOPAGE.bits(), Kpf::NOPAGE.bits())]);
        let ck = c.scan_counts(0);
        c.set_filter(&[]);
        r.check("filter-nopage-is-the-holes", k == holes && ret == 0 && ck == Ok((holes, holes, holes)),
                format!("rust {} c {:?} holes {}", k, ck, holes));
    } else {
        r.skip("filter-nopage-is-the-holes", "driver without FEAT_FILTER");
    }
    holes
}

/// Stats of the whole memory: the layout counts are exact, the rest must
/// add up on each side.
fn test_stats(r: &mut Report, ps: &Pagesnap, c: &C) {
    if !ps.info().features.contains(Features::STATS) {
        return r.skip("stats", "driver without FEAT_STATS");
    }
    let s = ps.stats(.., Kpf::from_bits(!0)).unwrap();
    let cs = c.stats(!0).unwrap();
    let cg = cs.get();
    let online = s.pfns - s.holes;
    r.check("stats-layout-as-c",
            (s.start_pfn, s.end_pfn, s.calls, s.pfns, s.holes) ==
            (cg.start_pfn, cg.end_pfn, cg.calls, cg.pfns, cg.holes),
            format!("rust {:?} c {:?}", (s.start_pfn, s.end_pfn, s.calls, s.pfns, s.holes),
                    (cg.start_pfn, cg.end_pfn, cg.calls, cg.pfns, cg.holes)));
    let adds_up = |faithful: u64, unfaithful: u64, by_order: &[u64], by_type: &[u64],
                   combos: &[StatsCombo], other: u64, zones: &[StatsZone], other_zone: u64| {
        faithful + unfaithful == online
            && by_order.iter().sum::<u64>() == online
            && by_type.iter().sum::<u64>() == online
            && combos.iter().map(|c| c.pages).sum::<u64>() + other == online
            && zones.iter().map(|z| z.pages).sum::<u64>() + other_zone == online
    };
    r.check("stats-add-up-rust", adds_up(s.faithful, s.unfaithful, &s.by_order, &s.by_type,
            &s.combos, s.other_pages, &s.zones, s.other_zone_pages), format!("{:?}", s));
    r.check("stats-add-up-c", adds_up(cg.faithful, cg.unfaithful, &cg.by_order, &cg.by_type,
            cs.combos(), cg.other_pages, cs.zones(), cg.other_zone_pages), "C sums");
    let zk = |z: &[StatsZone]| z.iter().map(|z| (z.nid, z.zone)).collect::<Vec<_>>();
    r.check("stats-zones-as-c", zk(&s.zones) == zk(cs.zones()),
            format!("rust {:?} c {:?}", zk(&s.zones), zk(cs.zones())));
    println!("  stats: {} pfns, {} holes, {} combos, {} calls; zones {:?}", s.pfns, s.holes,
             s.combos.len(), s.calls, zk(&s.zones));
    r.check("stats-empty-range-einval", ps.stats(ps.info().pfn_end.., Kpf::LRU) == Err(Error::InvalidArgument), "");
}

/// The columns of an entry, as PAGESNAP_IOC_COLUMNS gives them.
fn entry_cols(e: &Entry) -> Vec<u64> {
    let (kpf, valid) = if e.is_hole() { (Kpf::NOPAGE.bits(), Valid::KPF.bits()) } else { (e.kpf.bits(), e.valid.bits()) };
    vec![kpf, e.snap_flags.bits(), valid, e.raw_flags, e.head_pfn, e.memcg_ino, e.file_ino,
         e.file_index, e.owner_hash, e.file_dev_major.into(), e.file_dev_minor.into(),
         e.refcount.into(), e.mapcount.into(), e.entire_mapcount.into(), e.folio_mapcount.into(),
         e.pincount.into(), e.order.into(), e.index.into(), e.page_type.into(),
         e.buddy_order.into(), e.mapping_kind.into(), e.nid.into(), e.zone.into()]
}

fn col_values(ps: &Pagesnap, pfn: u64) -> Result<Vec<u64>, Error> {
    let mut s = ps.columns(pfn..=pfn, Cols::all_named())?;
    let b = s.next_batch().ok_or(Error::BadAnswer)??;
    Ok(Cols::all_named().each().map(|c| b.get(c, 0).unwrap_or(u64::MAX)).collect())
}

/// Columns, where the driver has them: every field of controlled pages
/// as C reads the entry (C, columns, C, as compare()), and a whole-memory
/// walk whose holes are the scan's.
fn test_columns(r: &mut Report, ps: &Pagesnap, c: &C, holes: u64) {
    if !ps.info().features.contains(Features::COLUMNS) {
        return r.skip("columns", "driver without FEAT_COLUMNS");
    }
    let n = 32;
    let p = map(n * PAGE, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1);
    for i in 0..n {
        // SAFETY: inside the mapping just made.
        unsafe { *p.add(i * PAGE) = 1 };
    }
    let mut pfns = pfns_of(p, n);
    pfns.push(ps.info().pfn_start);
    let mut bad = Vec::new();
    for &pfn in &pfns {
        let mut settled = false;
        for _ in 0..4 {
            let (a, col, b) = (c.get(pfn), col_values(ps, pfn), c.get(pfn));
            if let (Ok(a), Ok(b)) = (&a, &b) {
                if a == b {
                    settled = true;
                    if col.as_ref().map_or(true, |v| *v != entry_cols(a)) {
                        bad.push(format!("pfn {:#x}: {:?} vs {:?}", pfn, col, entry_cols(a)));
                    }
                    break;
                }
            }
        }
        if !settled {
            bad.push(format!("pfn {:#x}: C reads never agreed", pfn));
        }
    }
    r.check("columns-are-the-entries", bad.is_empty(), bad.iter().take(2).cloned().collect::<Vec<_>>().join("; "));
    // SAFETY: unmapped once.
    unsafe { libc::munmap(p as *mut c_void, n * PAGE) };
    let mut s = ps.columns(.., Cols::KPF | Cols::SNAP_FLAGS).unwrap();
    let (mut pfns_seen, mut chole, mut err) = (0u64, 0u64, None);
    while let Some(b) = s.next_batch() {
        match b {
            Ok(b) => {
                pfns_seen += b.len() as u64;
                let sf = b.u64s(Cols::SNAP_FLAGS).unwrap();
                let kpf = b.u64s(Cols::KPF).unwrap();
                for i in 0..b.len() {
                    if sf[i] & pagesnap::SnapFlags::HOLE.bits() != 0 {
                        chole += 1;
                        if kpf[i] != Kpf::NOPAGE.bits() {
                            err = Some(format!("hole {:#x} kpf {:#x}", b.start_pfn() + i as u64, kpf[i]));
                        }
                    }
                }
            }
            Err(e) => err = Some(e.to_string()),
        }
    }
    let i = ps.info();
    r.check("columns-walk-holes-as-scan", err.is_none() && pfns_seen == i.pfn_end - i.pfn_start && chole == holes,
            format!("{} pfns, {} holes (scan {}), {:?}", pfns_seen, chole, holes, err));
}

fn test_errors(r: &mut Report, ps: &Pagesnap, c: &C) {
    let i = ps.info();
    let q = Query::new();
    let mut buf = [Entry::default(); 8];
    let e = ps.get(i.pfn_end).err().unwrap_or(Error::Os(0));
    r.check("get-past-end-erange", e == Error::OutOfRange && c.get(i.pfn_end).err() == Some(e.errno()),
            format!("rust {:?} c {:?}", e, c.get(i.pfn_end).err()));
    let e = ps.query(i.pfn_end, 1, &q, &mut buf).err().unwrap_or(Error::Os(0));
    r.check("query-past-end-erange-from-driver", e == Error::OutOfRange && e.errno() == libc::ERANGE, format!("{:?}", e));
    // start + nr must wrap: start 0 would not
    let wrap = i.pfn_start + 1;
    let e = ps.query(wrap, u64::MAX, &q, &mut buf);
    r.check("query-wraps-eoverflow-from-driver",
            e == Err(Error::Overflow) && c.query(wrap, u64::MAX, 0) == Err(libc::EOVERFLOW),
            format!("rust {:?} c {:?}", e, c.query(wrap, u64::MAX, 0)));
    let e = ps.query(i.pfn_start, 0, &q, &mut buf);
    r.check("query-zero-pfns-einval-from-driver",
            e == Err(Error::InvalidArgument) && c.query(i.pfn_start, 0, 0) == Err(libc::EINVAL),
            format!("rust {:?}", e));
    let e = ps.query(i.pfn_start, 4, &q, &mut []);
    r.check("query-no-room-einval-from-driver", e == Err(Error::InvalidArgument), format!("{:?}", e));
    let odd = Query::new().flags(QueryFlags::from_bits(1 << 7));
    let e = ps.query(i.pfn_start, 4, &odd, &mut buf);
    r.check("query-unknown-flag-einval-from-driver",
            e == Err(Error::InvalidArgument) && c.query(i.pfn_start, 4, 1 << 7) == Err(libc::EINVAL),
            format!("rust {:?}", e));
    r.check("filter-value-outside-mask-einval",
            Filter::new(Kpf::LRU, Kpf::ANON) == Err(Error::InvalidArgument)
                && c.set_filter(&[(Kpf::LRU.bits(), Kpf::ANON.bits())]) == libc::EINVAL, "");
    let mut many = Query::new();
    for _ in 0..=uapi::MAX_FILTERS {
        many = many.filter(Filter::all(Kpf::LRU));
    }
    r.check("too-many-filters-einval", ps.scan_with(.., &many).err() == Some(Error::InvalidArgument), "");
    let e = Pagesnap::open_path("/dev/null").err().unwrap_or(Error::Os(0));
    r.check("open-dev-null-enotty", e == Error::NotPagesnap && C::open("/dev/null").err() == Some(libc::ENOTTY),
            format!("{:?}", e));
    let e = Pagesnap::open_path("/nonexistent/pagesnap").err().unwrap_or(Error::Os(0));
    r.check("open-missing-enoent", e == Error::NotLoaded(libc::ENOENT), format!("{:?}", e));
    // the crate's texts are the C library's where it has its own
    let mut bad = Vec::new();
    for e in [Error::NotLoaded(libc::ENOENT), Error::PermissionDenied(libc::EPERM), Error::NotPagesnap,
              Error::AbiTooOld, Error::Unsupported, Error::OutOfRange] {
        if e.to_string() != c_strerror(e.errno()) {
            bad.push(format!("{:?}: '{}' vs '{}'", e, e, c_strerror(e.errno())));
        }
    }
    r.check("messages-as-c", bad.is_empty(), bad.join("; "));
    // without CAP_SYS_ADMIN (a child that becomes nobody)
    // SAFETY: the child only makes system calls and exits.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // SAFETY: plain system calls in the child.
        unsafe {
            if libc::setgroups(0, std::ptr::null()) != 0 || libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                libc::_exit(100);
            }
        }
        let code = match (Pagesnap::open(), C::open(uapi::DEVICE_PATH)) {
            (Err(Error::PermissionDenied(e)), Err(ce)) if e == ce => 0,
            (Err(Error::PermissionDenied(_)), _) => 101,
            (Ok(_), _) => 102,
            _ => 103,
        };
        // SAFETY: leave the child without running the parent's atexit work.
        unsafe { libc::_exit(code) };
    }
    let mut st = 0;
    // SAFETY: waiting for our own child.
    unsafe { libc::waitpid(pid, &mut st, 0) };
    let code = if libc::WIFEXITED(st) { libc::WEXITSTATUS(st) } else { -1 };
    r.check("open-unprivileged-eperm", code == 0, format!("child exit {}", code));
    // the descriptor is closed on drop
    let fd = {
        let p = Pagesnap::open().unwrap();
        p.as_raw_fd()
    };
    // SAFETY: F_GETFD only reads the descriptor table.
    let r2 = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    r.check("drop-closes-fd", r2 == -1, format!("fd {} still open", fd));
}

fn main() {
    std::panic::set_hook(Box::new(|p| {
        FAILED.fetch_add(1, Relaxed);
        println!("FAIL: panic: {}", p);
        println!("{}", summary());
    }));
    let mut r = Report;
    let ps = match Pagesnap::open() {
        Ok(ps) => ps,
        Err(e) => {
            r.check("open", false, format!("{} (errno {})", e, e.errno()));
            println!("{}", summary());
            std::process::exit(1);
        }
    };
    let c = C::open(uapi::DEVICE_PATH).expect("libpagesnap open");
    test_info(&mut r, &ps, &c);
    test_anon(&mut r, &ps, &c);
    test_file(&mut r, &ps, &c);
    let holes = test_scans(&mut r, &ps, &c);
    test_columns(&mut r, &ps, &c, holes);
    test_stats(&mut r, &ps, &c);
    test_errors(&mut r, &ps, &c);
    println!("{}", summary());
    std::process::exit(if FAILED.load(Relaxed) == 0 { 0 } else { 1 });
}

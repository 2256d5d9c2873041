// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! Host tests against the shared fake device of the C/Python host tests
//! (bindings/python/tests/fakedev.c, LD_PRELOAD): the crate's real ioctl
//! path against synthetic pages whose every field is a function of the pfn
//! (model() below recomputes them).  Run by `make check` in
//! bindings/rust, which sets LD_PRELOAD, PAGESNAP_FAKE_DEV and what turns
//! on every feature of the fake (PAGESNAP_FAKE_RUNS_STATS,
//! PAGESNAP_FAKE_FEATURES).

use std::os::unix::io::AsRawFd;
use std::sync::{Mutex, MutexGuard};

use pagesnap::uapi::{mapping, page_type, zone};
use pagesnap::*;

const PFN_END: u64 = 5000;
const MAX_PFNS: u64 = 700;
const HOLES: std::ops::Range<u64> = 1000..1200;

/// Tests that count calls, toggle the fake's environment or watch
/// descriptors take this.
static LOCK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn dev() -> String {
    std::env::var("PAGESNAP_FAKE_DEV")
        .expect("run under the fake device: make -C bindings/rust check")
}

fn open() -> Pagesnap {
    assert!(
        std::env::var("LD_PRELOAD").map_or(false, |p| p.contains("fakedev")),
        "LD_PRELOAD has no fakedev.so: make -C bindings/rust check"
    );
    Pagesnap::open_path(dev()).expect("open the fake device")
}

/// QUERY calls the fake has served (its fake_queries()).
fn fake_queries() -> u64 {
    // SAFETY: a symbol of the preloaded fake, `unsigned long (void)`.
    unsafe {
        let f = libc::dlsym(libc::RTLD_DEFAULT, b"fake_queries\0".as_ptr() as *const _);
        assert!(!f.is_null(), "fakedev.so not preloaded");
        let f: extern "C" fn() -> libc::c_ulong = std::mem::transmute(f);
        f() as u64
    }
}

/// fakedev.c's fake_entry(), with nr_pages 1.
fn model(pfn: u64) -> Entry {
    let mut e = Entry { pfn, nr_pages: 1, ..Entry::default() };
    if HOLES.contains(&pfn) {
        e.snap_flags = SnapFlags::HOLE;
        return e;
    }
    let r = pfn % 7;
    e.valid = Valid::all_named() - Valid::HUGE_ZERO;
    e.kpf = [
        Kpf::BUDDY,
        Kpf::LRU | Kpf::UPTODATE,
        Kpf::LRU | Kpf::ANON | Kpf::MMAP,
        Kpf::SLAB,
        Kpf::LRU | Kpf::ACTIVE | Kpf::DIRTY,
        Kpf::RESERVED,
        Kpf::empty(),
    ][r as usize];
    e.raw_flags = pfn * 3;
    e.snap_flags = SnapFlags::FAITHFUL | if r == 0 { SnapFlags::FREE } else { SnapFlags::empty() };
    e.order = if r == 4 { 2 } else { 0 };
    e.head_pfn = pfn & !((1u64 << e.order) - 1);
    e.index = (pfn - e.head_pfn) as u32;
    e.refcount = if r == 0 { 0 } else { (pfn % 5 + 1) as u32 };
    e.mapcount = (r == 2) as u32;
    e.folio_mapcount = e.mapcount;
    e.page_type = match r {
        0 => page_type::BUDDY,
        3 => page_type::SLAB,
        _ => page_type::NONE,
    };
    e.mapping_kind = match r {
        2 => mapping::ANON,
        1 => mapping::FILE,
        _ => mapping::NONE,
    };
    if e.mapping_kind == mapping::FILE {
        e.file_dev_major = 8;
        e.file_dev_minor = 1;
        e.file_ino = 1000 + pfn / 7;
        e.file_index = pfn / 7;
    }
    e.zone = if pfn < 4096 { zone::DMA32 } else { zone::NORMAL };
    e.memcg_ino = 1;
    e.owner_hash = if e.mapping_kind != 0 { 0x1234 + r } else { 0 };
    e
}

#[test]
fn info_is_the_drivers() {
    let ps = open();
    let i = ps.info();
    assert_eq!((i.abi_version, i.entry_size, i.pfn_start, i.pfn_end), (1, 144, 0, PFN_END));
    assert_eq!((i.max_pfns, i.page_size, i.max_filters), (MAX_PFNS, 4096, 8));
    assert_eq!(i.backend, uapi::BACKEND_PORT);
    assert!(i.features.contains(Features::FILTER | Features::SKIP_HOLES | Features::RUNS | Features::STATS | Features::COLUMNS));
    assert_eq!(i.valid_mask, Valid::all_named() - Valid::HUGE_ZERO);
    assert_eq!(ps.refresh_info().unwrap(), i);
}

#[test]
fn open_errors_say_what_to_do() {
    let e = Pagesnap::open_path("/nonexistent/pagesnap").unwrap_err();
    assert_eq!(e, Error::NotLoaded(libc::ENOENT));
    assert_eq!(e.errno(), libc::ENOENT);
    assert!(e.to_string().contains("modprobe pagesnap"), "{}", e);
    let e = Pagesnap::open_path("/dev/null").unwrap_err();
    assert_eq!((e, e.errno()), (Error::NotPagesnap, libc::ENOTTY));
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert_eq!(boxed.to_string(), "not a pagesnap device (ioctl not supported)");
}

#[test]
fn drop_closes_the_descriptor() {
    let _g = lock();
    let ps = open();
    let fd = ps.as_raw_fd();
    // SAFETY: F_GETFD on a number only reads the descriptor table.
    assert!(unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0);
    drop(ps);
    // SAFETY: as above.
    let r = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    assert_eq!((r, std::io::Error::last_os_error().raw_os_error()), (-1, Some(libc::EBADF)));
}

#[test]
fn get_is_the_model() {
    let ps = open();
    for pfn in [0, 1, 2, 3, 4, 5, 6, 999, 1000, 1199, 1200, 4095, 4096, 4999] {
        assert_eq!(ps.get(pfn).unwrap(), model(pfn), "pfn {}", pfn);
    }
    assert!(ps.get(1000).unwrap().is_hole());
    assert_eq!(ps.get(PFN_END), Err(Error::OutOfRange));
    assert_eq!(ps.get(u64::MAX), Err(Error::OutOfRange));
    assert_eq!(Error::OutOfRange.errno(), libc::ERANGE);
}

#[test]
fn scan_streams_every_pfn_resuming_from_next_pfn() {
    let _g = lock();
    let ps = open();
    let before = fake_queries();
    let mut scan = ps.scan(..).unwrap();
    assert_eq!((scan.position(), scan.end()), (0, PFN_END));
    let mut n = 0;
    for e in &mut scan {
        assert_eq!(e.unwrap(), model(n));
        n += 1;
    }
    assert_eq!(n, PFN_END);
    assert_eq!(scan.position(), PFN_END);
    // batches of 512 entries or 700 pfns: 10 calls for 5000 pfns
    assert_eq!(fake_queries() - before, 10);
    assert!(scan.next().is_none());
}

#[test]
fn scan_ranges_are_clipped_and_checked() {
    let ps = open();
    let pfns = |s: Scan| s.map(|e| e.unwrap().pfn).collect::<Vec<_>>();
    assert_eq!(pfns(ps.scan(10..13).unwrap()), [10, 11, 12]);
    assert_eq!(pfns(ps.scan(10..=13).unwrap()), [10, 11, 12, 13]);
    assert_eq!(pfns(ps.scan(4998..).unwrap()), [4998, 4999]);
    assert_eq!(pfns(ps.scan(4998..9000).unwrap()), [4998, 4999]);
    assert!(pfns(ps.scan(PFN_END..PFN_END + 10).unwrap()).is_empty());
    assert!(pfns(ps.scan(7..7).unwrap()).is_empty());
    assert_eq!(ps.scan(9..7).err(), Some(Error::InvalidArgument));
    let q = Query::new().skip_holes();
    let got = pfns(ps.scan_with(990..1210, &q).unwrap());
    let want: Vec<u64> = (990..1210).filter(|p| !HOLES.contains(p)).collect();
    assert_eq!(got, want);
}

#[test]
fn next_batch_hands_out_each_entry_once() {
    let ps = open();
    let mut s = ps.scan(100..2100).unwrap();
    let first = s.next().unwrap().unwrap();
    assert_eq!(first.pfn, 100);
    let mut want = 101;
    while let Some(b) = s.next_batch() {
        for e in b.unwrap() {
            assert_eq!(*e, model(want));
            want += 1;
        }
    }
    assert_eq!(want, 2100);
}

#[test]
fn filters_run_in_the_kernel() {
    let ps = open();
    let anon = Query::new().filter(Filter::all(Kpf::LRU | Kpf::ANON));
    let got: Vec<u64> = ps.scan_with(.., &anon).unwrap().map(|e| e.unwrap().pfn).collect();
    let want: Vec<u64> = (0..PFN_END).filter(|p| !HOLES.contains(p) && p % 7 == 2).collect();
    assert_eq!(got, want);
    // two terms: either matches; NOPAGE: the holes
    let q = Query::new().filter(Filter::all(Kpf::SLAB)).filter(Filter::all(Kpf::NOPAGE));
    let got: Vec<u64> = ps.scan_with(900..1300, &q).unwrap().map(|e| e.unwrap().pfn).collect();
    let want: Vec<u64> = (900..1300).filter(|p| HOLES.contains(p) || p % 7 == 3).collect();
    assert_eq!(got, want);
    // none(): pages without LRU
    let q = Query::new().skip_holes().filter(Filter::none(Kpf::LRU));
    assert!(ps.scan_with(.., &q).unwrap().all(|e| {
        let e = e.unwrap();
        !e.kpf.contains(Kpf::LRU) && q.matches(&e) && e == model(e.pfn)
    }));
    assert_eq!(Filter::new(Kpf::LRU, Kpf::ANON), Err(Error::InvalidArgument));
    let mut many = Query::new();
    for _ in 0..=uapi::MAX_FILTERS {
        many = many.filter(Filter::all(Kpf::LRU));
    }
    assert_eq!(ps.scan_with(.., &many).err(), Some(Error::InvalidArgument));
}

#[test]
fn runs_expand_to_the_pages() {
    let ps = open();
    let mut pfn = 0;
    let mut entries = 0;
    let mut longest = 0;
    for e in ps.scan_with(.., &Query::new().runs()).unwrap() {
        let e = e.unwrap();
        assert_eq!(e.pfn, pfn);
        for i in 0..e.nr_pages {
            let mut one = e;
            one.pfn += i;
            if one.has(Valid::FOLIO) {
                one.head_pfn += i;
            }
            one.nr_pages = 1;
            assert_eq!(one, model(pfn + i));
        }
        pfn += e.nr_pages;
        entries += 1;
        longest = longest.max(e.nr_pages);
    }
    assert_eq!(pfn, PFN_END);
    // the 200 holes join, every other pfn differs from its neighbours
    assert!(entries < PFN_END - 150 && longest > 50, "{} entries, longest {}", entries, longest);
}

#[test]
fn query_reports_the_drivers_errors() {
    let ps = open();
    let mut buf = [Entry::default(); 4];
    let b = ps.query(20, 10, &Query::new(), &mut buf).unwrap();
    assert_eq!((b.filled, b.next_pfn), (4, 24));
    assert_eq!(buf[3], model(23));
    let b = ps.query(20, 2, &Query::new(), &mut buf).unwrap();
    assert_eq!((b.filled, b.next_pfn), (2, 22));
    let q = Query::new();
    assert_eq!(ps.query(20, 0, &q, &mut buf), Err(Error::InvalidArgument));
    assert_eq!(ps.query(20, 5, &q, &mut []), Err(Error::InvalidArgument));
    assert_eq!(ps.query(20, u64::MAX, &q, &mut buf), Err(Error::Overflow));
    assert_eq!(ps.query(PFN_END, 1, &q, &mut buf), Err(Error::OutOfRange));
    let odd = Query::new().flags(QueryFlags::from_bits(1 << 7));
    assert_eq!(ps.query(20, 5, &odd, &mut buf), Err(Error::InvalidArgument));
    let mut s = ps.scan_with(0..10, &odd).unwrap();
    assert_eq!(s.next(), Some(Err(Error::InvalidArgument)));
    assert_eq!(s.next(), None, "a failed scan ends");
}

/// The counts of the model's pages in [start, end), as the driver makes them.
fn model_stats(start: u64, end: u64) -> Stats {
    let mut s = Stats { start_pfn: start, end_pfn: end, pfns: end - start, ..Stats::default() };
    for pfn in start..end {
        let e = model(pfn);
        if e.is_hole() {
            s.holes += 1;
            continue;
        }
        s.faithful += 1;
        s.free_pages += e.snap_flags.contains(SnapFlags::FREE) as u64;
        s.by_order[e.order as usize] += 1;
        s.folios_by_order[e.order as usize] += (e.index == 0) as u64;
        s.by_type[e.page_type as usize] += 1;
        s.by_kind[e.mapping_kind as usize] += 1;
        match s.combos.iter_mut().find(|c| c.kpf == e.kpf) {
            Some(c) => c.pages += 1,
            None => s.combos.push(StatsCombo { kpf: e.kpf, pages: 1 }),
        }
        let z = match s.zones.iter_mut().position(|z| z.zone == e.zone) {
            Some(i) => i,
            None => {
                s.zones.push(StatsZone { nid: e.nid, zone: e.zone, ..StatsZone::default() });
                s.zones.len() - 1
            }
        };
        s.zones[z].pages += 1;
        if e.snap_flags.contains(SnapFlags::FREE) {
            s.zones[z].free_pages += 1;
            s.zones[z].free_blocks[0] += 1;
        }
    }
    s
}

#[test]
fn stats_sum_the_calls() {
    let ps = open();
    let st = ps.stats(.., Kpf::from_bits(!0)).unwrap();
    let mut want = model_stats(0, PFN_END);
    want.calls = 8; // 700 pfns per call
    assert_eq!(st, want);
    assert_eq!(st.combos.len(), 7);
    let st = ps.stats(990..=1300, Kpf::LRU).unwrap();
    assert_eq!((st.start_pfn, st.end_pfn, st.pfns, st.holes, st.calls), (990, 1301, 311, 200, 1));
    assert_eq!(st.combos.iter().map(|c| c.pages).sum::<u64>(), 111);
    assert!(st.combos.iter().all(|c| Kpf::LRU.contains(c.kpf)));
    assert_eq!(ps.stats(PFN_END.., Kpf::LRU), Err(Error::InvalidArgument));
}

#[test]
fn a_driver_without_runs_or_stats() {
    let _g = lock();
    // (bindings/python's fake reads the first at every call, tests/fakedev's
    // the second at open)
    std::env::remove_var("PAGESNAP_FAKE_RUNS_STATS");
    std::env::set_var("PAGESNAP_FAKE_FEATURES", "0x3");
    let ps = open();
    let r = (
        ps.info().features,
        ps.stats(.., Kpf::LRU).err(),
        ps.scan_with(.., &Query::new().runs()).err(),
        ps.get(5),
        ps.columns(.., Cols::KPF).err(),
    );
    std::env::set_var("PAGESNAP_FAKE_RUNS_STATS", "1");
    std::env::set_var("PAGESNAP_FAKE_FEATURES", "0x1f");
    assert_eq!(r.0, Features::FILTER | Features::SKIP_HOLES);
    assert_eq!(r.1, Some(Error::Unsupported));
    assert_eq!(r.2, Some(Error::Unsupported));
    // nr_pages left 0 by such a driver reads as 1
    assert_eq!(r.3.unwrap(), model(5));
    assert_eq!(r.4, Some(Error::Unsupported));
}

/// The value a columns call gives field `c` of pfn `pfn`.
fn model_col(pfn: u64, c: Cols) -> u64 {
    let mut e = model(pfn);
    if e.is_hole() {
        e.kpf = Kpf::NOPAGE;
        e.valid = Valid::KPF;
    }
    let v: [(Cols, u64); 23] = [
        (Cols::KPF, e.kpf.bits()),
        (Cols::SNAP_FLAGS, e.snap_flags.bits()),
        (Cols::VALID, e.valid.bits()),
        (Cols::RAW_FLAGS, e.raw_flags),
        (Cols::HEAD_PFN, e.head_pfn),
        (Cols::MEMCG, e.memcg_ino),
        (Cols::FILE_INO, e.file_ino),
        (Cols::FILE_INDEX, e.file_index),
        (Cols::OWNER_HASH, e.owner_hash),
        (Cols::FILE_DEV_MAJOR, e.file_dev_major.into()),
        (Cols::FILE_DEV_MINOR, e.file_dev_minor.into()),
        (Cols::REFCOUNT, e.refcount.into()),
        (Cols::MAPCOUNT, e.mapcount.into()),
        (Cols::ENTIRE_MAPCOUNT, e.entire_mapcount.into()),
        (Cols::FOLIO_MAPCOUNT, e.folio_mapcount.into()),
        (Cols::PINCOUNT, e.pincount.into()),
        (Cols::ORDER, e.order.into()),
        (Cols::INDEX, e.index.into()),
        (Cols::PAGE_TYPE, e.page_type.into()),
        (Cols::BUDDY_ORDER, e.buddy_order.into()),
        (Cols::MAPPING_KIND, e.mapping_kind.into()),
        (Cols::NID, e.nid.into()),
        (Cols::ZONE, e.zone.into()),
    ];
    v.iter().find(|(k, _)| *k == c).unwrap().1
}

#[test]
fn columns_are_the_entries_fields() {
    let ps = open();
    let mut s = ps.columns(.., Cols::all_named()).unwrap();
    let (mut pfn, mut batches) = (0, 0);
    while let Some(b) = s.next_batch() {
        let b = b.unwrap();
        assert_eq!(b.start_pfn(), pfn);
        batches += 1;
        for i in 0..b.len() {
            for c in Cols::all_named().each() {
                assert_eq!(b.get(c, i), Some(model_col(pfn + i as u64, c)), "pfn {} {:?}", pfn, c);
            }
        }
        pfn += b.len() as u64;
    }
    assert_eq!((pfn, batches), (PFN_END, 8)); // 700 pfns per call
    let mut s = ps.columns(998..1003, Cols::KPF | Cols::REFCOUNT).unwrap();
    let b = s.next_batch().unwrap().unwrap();
    assert_eq!(b.len(), 5);
    assert_eq!(b.u64s(Cols::KPF).unwrap(), [model_col(998, Cols::KPF), model_col(999, Cols::KPF),
               Kpf::NOPAGE.bits(), Kpf::NOPAGE.bits(), Kpf::NOPAGE.bits()]);
    assert_eq!(b.u32s(Cols::REFCOUNT).unwrap(), [(998 % 5 + 1) as u32, (999 % 5 + 1) as u32, 0, 0, 0]);
    assert!(b.u64s(Cols::REFCOUNT).is_none() && b.u32s(Cols::KPF).is_none() && b.get(Cols::ZONE, 0).is_none());
    assert!(s.next_batch().is_none());
    assert!(ps.columns(PFN_END.., Cols::KPF).unwrap().next_batch().is_none());
}

#[test]
fn columns_errors() {
    let ps = open();
    assert_eq!(ps.columns(.., Cols::empty()).err(), Some(Error::InvalidArgument));
    assert_eq!(ps.columns(9..7, Cols::KPF).err(), Some(Error::InvalidArgument));
    let mut s = ps.columns(.., Cols::KPF | Cols::from_bits(1 << 40)).unwrap();
    assert_eq!(s.next_batch().map(|b| b.err()), Some(Some(Error::InvalidArgument)));
    assert!(s.next_batch().is_none(), "a failed scan ends");
}

// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! The device handle and the single-call operations.

use std::cell::Cell;
use std::fs::File;
use std::ops::{Bound, RangeBounds};
use std::os::unix::io::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::path::Path;

use crate::error::{Error, Result};
use crate::flags::{Features, QueryFlags, Valid};
use crate::uapi::{self, Entry, Filter, RawInfo, RawQuery};

/// What the driver serves (`struct pagesnap_info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Info {
    /// the driver's `PAGESNAP_ABI_VERSION`
    pub abi_version: u32,
    /// `sizeof(struct pagesnap_entry)` in the driver
    pub entry_size: u32,
    /// what the driver supports
    pub features: Features,
    /// the entry fields this kernel can fill
    pub valid_mask: Valid,
    /// first pfn served
    pub pfn_start: u64,
    /// one past the last pfn served (grows with memory hotplug)
    pub pfn_end: u64,
    /// the most pfns one query call examines
    pub max_pfns: u64,
    /// bytes per page
    pub page_size: u32,
    /// [`uapi::BACKEND_PORT`] or [`uapi::BACKEND_NATIVE`]
    pub backend: u32,
    /// capacity of a query's filter list
    pub max_filters: u32,
}

impl Info {
    fn from_raw(r: &RawInfo) -> Result<Info> {
        if r.abi_version < uapi::ABI_VERSION {
            return Err(Error::AbiTooOld);
        }
        if r.abi_version > uapi::ABI_VERSION {
            return Err(Error::AbiTooNew);
        }
        if r.entry_size < uapi::ENTRY_SIZE_VER0
            || r.page_size == 0
            || r.max_pfns == 0
            || r.pfn_start > r.pfn_end
        {
            return Err(Error::AbiTooOld);
        }
        Ok(Info {
            abi_version: r.abi_version,
            entry_size: r.entry_size,
            features: r.features,
            valid_mask: r.valid_mask,
            pfn_start: r.pfn_start,
            pfn_end: r.pfn_end,
            max_pfns: r.max_pfns,
            page_size: r.page_size,
            backend: r.backend,
            max_filters: r.max_filters,
        })
    }
}

/// How to query: flags and in-kernel filter terms (a page is returned
/// when it matches any term; no term: every page).
///
/// ```
/// use pagesnap::{Filter, Kpf, Query};
/// let q = Query::new().skip_holes().filter(Filter::all(Kpf::LRU | Kpf::ANON));
/// assert_eq!(q.filters().len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    flags: QueryFlags,
    filters: Vec<Filter>,
}

impl Query {
    /// Every page, holes included, one entry per page.
    pub fn new() -> Query {
        Query::default()
    }

    /// Add `flags` (checked against the driver's features when used).
    pub fn flags(mut self, flags: QueryFlags) -> Query {
        self.flags |= flags;
        self
    }

    /// No entries for holes ([`QueryFlags::SKIP_HOLES`]).
    pub fn skip_holes(self) -> Query {
        self.flags(QueryFlags::SKIP_HOLES)
    }

    /// One entry per run of like pages ([`QueryFlags::RUNS`]): see
    /// [`Entry::nr_pages`].
    pub fn runs(self) -> Query {
        self.flags(QueryFlags::RUNS)
    }

    /// Add a filter term (at most [`uapi::MAX_FILTERS`] and the driver's
    /// `max_filters`, checked when used).
    pub fn filter(mut self, term: Filter) -> Query {
        self.filters.push(term);
        self
    }

    /// The flags.
    pub fn query_flags(&self) -> QueryFlags {
        self.flags
    }

    /// The filter terms.
    pub fn filters(&self) -> &[Filter] {
        &self.filters
    }

    /// Whether the driver would return `e` (filters only).
    pub fn matches(&self, e: &Entry) -> bool {
        self.filters.is_empty() || self.filters.iter().any(|f| f.matches(e))
    }
}

/// The outcome of one [`Pagesnap::query`] call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Batch {
    /// entries written to the front of the buffer
    pub filled: usize,
    /// first pfn not examined: the next call starts there
    pub next_pfn: u64,
}

/// An open `/dev/pagesnap`.  The descriptor is closed on drop.
///
/// ```no_run
/// let ps = pagesnap::Pagesnap::open()?;
/// let e = ps.get(ps.info().pfn_start)?;
/// println!("{:#x}: {:?}", e.pfn, e.kpf);
/// # Ok::<(), pagesnap::Error>(())
/// ```
#[derive(Debug)]
pub struct Pagesnap {
    fd: OwnedFd,
    info: Cell<Info>,
}

impl Pagesnap {
    /// Open [`uapi::DEVICE_PATH`] and check the driver's ABI.
    ///
    /// Errors: [`Error::NotLoaded`], [`Error::PermissionDenied`],
    /// [`Error::NotPagesnap`], [`Error::AbiTooOld`], [`Error::AbiTooNew`].
    pub fn open() -> Result<Pagesnap> {
        Pagesnap::open_path(uapi::DEVICE_PATH)
    }

    /// Open another device node (a test double, a container's path).
    pub fn open_path<P: AsRef<Path>>(path: P) -> Result<Pagesnap> {
        let file = File::open(path)
            .map_err(|e| Error::from_errno(e.raw_os_error().unwrap_or(libc::EIO)))?;
        let fd = OwnedFd::from(file);
        let info = read_info(fd.as_raw_fd())?;
        Ok(Pagesnap { fd, info: Cell::new(info) })
    }

    /// What the driver reported at open (or at the last refresh).
    pub fn info(&self) -> Info {
        self.info.get()
    }

    /// Ask the driver again (its `pfn_end` grows with memory hotplug).
    /// [`Pagesnap::scan`] and [`Pagesnap::stats`] do it themselves.
    pub fn refresh_info(&self) -> Result<Info> {
        let info = read_info(self.fd.as_raw_fd())?;
        self.info.set(info);
        Ok(info)
    }

    /// One `PAGESNAP_IOC_QUERY` call into `buf`: snapshots of
    /// `[start_pfn, start_pfn + nr_pfns)` from `start_pfn` on, until the
    /// range is covered, `buf` is full or the driver's `max_pfns` were
    /// examined; resume from [`Batch::next_pfn`].
    ///
    /// The driver judges the numbers: [`Error::OutOfRange`] (`start_pfn`
    /// at or past `pfn_end`), [`Error::Overflow`] (the range wraps),
    /// [`Error::InvalidArgument`] (`nr_pfns` 0, an empty `buf`, an unknown
    /// flag).  This side refuses [`Error::Unsupported`] (a flag or filters
    /// the driver lacks) and [`Error::InvalidArgument`] (more filter terms
    /// than allowed) before the call.
    pub fn query(&self, start_pfn: u64, nr_pfns: u64, q: &Query, buf: &mut [Entry]) -> Result<Batch> {
        self.check_query(q)?;
        let mut raw = RawQuery {
            start_pfn,
            nr_pfns,
            entries: buf.as_mut_ptr() as usize as u64,
            entry_size: core::mem::size_of::<Entry>() as u32,
            max_entries: buf.len().min(u32::MAX as usize) as u32,
            flags: q.flags,
            nr_filters: q.filters.len() as u32,
            ..RawQuery::default()
        };
        raw.filters[..q.filters.len()].copy_from_slice(&q.filters);
        // SAFETY: raw is a struct pagesnap_query of the size the number
        // encodes; entries points to max_entries writable entries of
        // entry_size bytes, each valid for any bit pattern.
        let r = unsafe { libc::ioctl(self.fd.as_raw_fd(), uapi::IOC_QUERY as _, &mut raw as *mut RawQuery) };
        if r < 0 {
            return Err(Error::last_os_error());
        }
        if raw.filled > raw.max_entries as u64
            || raw.next_pfn <= start_pfn
            || raw.next_pfn - start_pfn > nr_pfns
        {
            return Err(Error::BadAnswer);
        }
        let filled = raw.filled as usize;
        if !self.info.get().features.contains(Features::RUNS) {
            // a driver before nr_pages leaves it zero: it means one page
            for e in &mut buf[..filled] {
                e.nr_pages = 1;
            }
        }
        Ok(Batch { filled, next_pfn: raw.next_pfn })
    }

    /// The snapshot of one page (a hole has [`SnapFlags::HOLE`] set).
    ///
    /// [`SnapFlags::HOLE`]: crate::SnapFlags::HOLE
    ///
    /// Errors: [`Error::OutOfRange`] for a pfn at or past `pfn_end`.
    pub fn get(&self, pfn: u64) -> Result<Entry> {
        if pfn == u64::MAX {
            return Err(Error::OutOfRange);
        }
        let mut e = [Entry::default()];
        let b = self.query(pfn, 1, &Query::default(), &mut e)?;
        if b.filled != 1 || e[0].pfn != pfn {
            return Err(Error::BadAnswer);
        }
        Ok(e[0])
    }

    /// Every entry of `range` (clipped to the driver's pfns), streamed
    /// with one fixed buffer: see [`Scan`].
    pub fn scan<R: RangeBounds<u64>>(&self, range: R) -> Result<Scan<'_>> {
        self.scan_with(range, &Query::default())
    }

    /// [`Pagesnap::scan`] with flags and filters.
    ///
    /// Errors: [`Error::InvalidArgument`] (range start after its end, too
    /// many filter terms), [`Error::Unsupported`] (a flag or filters the
    /// driver lacks).
    pub fn scan_with<R: RangeBounds<u64>>(&self, range: R, q: &Query) -> Result<Scan<'_>> {
        let (start, end) = bounds(&range);
        if start > end {
            return Err(Error::InvalidArgument);
        }
        let info = self.refresh_info()?;
        self.check_query(q)?;
        let end = end.min(info.pfn_end);
        let pos = start.max(info.pfn_start).min(end);
        Ok(Scan::new(self, q.clone(), pos, end))
    }

    /// What this side refuses before asking the driver (unknown flags are
    /// the driver's to refuse).
    fn check_query(&self, q: &Query) -> Result<()> {
        let info = self.info.get();
        let need = |f: Features| info.features.contains(f);
        if (q.flags.contains(QueryFlags::SKIP_HOLES) && !need(Features::SKIP_HOLES))
            || (q.flags.contains(QueryFlags::RUNS) && !need(Features::RUNS))
            || (!q.filters.is_empty() && !need(Features::FILTER))
        {
            return Err(Error::Unsupported);
        }
        if q.filters.len() > uapi::MAX_FILTERS
            || q.filters.len() > info.max_filters as usize
        {
            return Err(Error::InvalidArgument);
        }
        Ok(())
    }

    pub(crate) fn raw_ioctl<T>(&self, req: u32, arg: &mut T) -> Result<()> {
        // SAFETY: callers pass the structure req encodes, whose pointers
        // (if any) point to buffers of the capacities it states.
        let r = unsafe { libc::ioctl(self.fd.as_raw_fd(), req as _, arg as *mut T) };
        if r < 0 {
            Err(Error::last_os_error())
        } else {
            Ok(())
        }
    }
}

fn read_info(fd: RawFd) -> Result<Info> {
    let mut raw = RawInfo::default();
    // SAFETY: raw is a struct pagesnap_info of the size the number encodes.
    let r = unsafe { libc::ioctl(fd, uapi::IOC_INFO as _, &mut raw as *mut RawInfo) };
    if r < 0 {
        return Err(match Error::last_os_error() {
            Error::InvalidArgument => Error::AbiTooOld,
            e => e,
        });
    }
    Info::from_raw(&raw)
}

/// `[start, end)` of a range of pfns.
pub(crate) fn bounds<R: RangeBounds<u64>>(r: &R) -> (u64, u64) {
    let start = match r.start_bound() {
        Bound::Included(&s) => s,
        Bound::Excluded(&s) => s.saturating_add(1),
        Bound::Unbounded => 0,
    };
    let end = match r.end_bound() {
        Bound::Included(&e) => e.saturating_add(1),
        Bound::Excluded(&e) => e,
        Bound::Unbounded => u64::MAX,
    };
    (start, end)
}

impl AsRawFd for Pagesnap {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl AsFd for Pagesnap {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// Entries per query call of a scan: 72 KiB, whatever the range.
pub const SCAN_BATCH: usize = 512;

/// A streaming scan: an iterator of [`Entry`] results over a pfn range
/// that holds one buffer of [`SCAN_BATCH`] entries and resumes each query
/// from the driver's `next_pfn`.
///
/// After an error the scan ends, except after [`Error::Interrupted`],
/// which can be resumed by calling `next()` again.  A range that stops
/// being served (memory hot-unplugged) ends the scan early, as in
/// libpagesnap.
#[derive(Debug)]
pub struct Scan<'a> {
    ps: &'a Pagesnap,
    query: Query,
    pos: u64,
    end: u64,
    buf: Box<[Entry]>,
    filled: usize,
    next: usize,
    done: bool,
}

impl<'a> Scan<'a> {
    fn new(ps: &'a Pagesnap, query: Query, pos: u64, end: u64) -> Scan<'a> {
        Scan {
            ps,
            query,
            pos,
            end,
            buf: vec![Entry::default(); SCAN_BATCH].into_boxed_slice(),
            filled: 0,
            next: 0,
            done: false,
        }
    }

    /// The first pfn the scan has not fetched yet (for progress reports).
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// One past the last pfn of the scan.
    pub fn end(&self) -> u64 {
        self.end
    }

    fn refill(&mut self) -> Option<Result<()>> {
        while self.next >= self.filled {
            if self.done || self.pos >= self.end {
                return None;
            }
            self.next = 0;
            self.filled = 0;
            match self.ps.query(self.pos, self.end - self.pos, &self.query, &mut self.buf) {
                Ok(b) => {
                    self.filled = b.filled;
                    self.pos = b.next_pfn;
                }
                Err(Error::OutOfRange) => {
                    self.end = self.pos;
                    return None;
                }
                Err(e) => {
                    if e != Error::Interrupted {
                        self.done = true;
                    }
                    return Some(Err(e));
                }
            }
        }
        Some(Ok(()))
    }

    /// The entries not handed out yet of the current batch, fetching a new
    /// batch when none is left; `None` at the end.  Faster than `next()`
    /// for whole-memory walks: no copy per entry.
    pub fn next_batch(&mut self) -> Option<Result<&[Entry]>> {
        match self.refill()? {
            Ok(()) => {
                let s = self.next;
                self.next = self.filled;
                Some(Ok(&self.buf[s..self.filled]))
            }
            Err(e) => Some(Err(e)),
        }
    }
}

impl Iterator for Scan<'_> {
    type Item = Result<Entry>;

    fn next(&mut self) -> Option<Result<Entry>> {
        match self.refill()? {
            Ok(()) => {
                self.next += 1;
                Some(Ok(self.buf[self.next - 1]))
            }
            Err(e) => Some(Err(e)),
        }
    }
}

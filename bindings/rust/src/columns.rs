// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! Columns (`PAGESNAP_IOC_COLUMNS`): the fields a caller names, each as a
//! dense array with one value per pfn.

use std::ops::RangeBounds;

use crate::device::{bounds, Pagesnap};
use crate::error::{Error, Result};
use crate::flags::{Cols, Features};
use crate::uapi::{self, RawColumns};

/// Pfns per columns call of a [`ColumnScan`]: at most 23 fields of 8
/// bytes, 736 KiB, whatever the range.
pub const COLUMN_BATCH: usize = 4096;

/// One batch of columns: `len()` consecutive pfns from `start_pfn()`,
/// value `i` of each array describing pfn `start_pfn() + i`, holes
/// included (kpf [`Kpf::NOPAGE`](crate::Kpf::NOPAGE), snap_flags
/// [`SnapFlags::HOLE`](crate::SnapFlags::HOLE), 0 elsewhere).  A value is
/// 0 where the entry would leave the field out; ask for [`Cols::VALID`]
/// to tell absent from zero.
#[derive(Clone, Debug)]
pub struct Columns {
    fields: Cols,
    start_pfn: u64,
    len: usize,
    wide: Vec<(Cols, Vec<u64>)>,
    narrow: Vec<(Cols, Vec<u32>)>,
}

impl Columns {
    fn new(fields: Cols, cap: usize) -> Columns {
        let mut c = Columns { fields, start_pfn: 0, len: 0, wide: Vec::new(), narrow: Vec::new() };
        for f in fields.each() {
            if f.size() == 8 {
                c.wide.push((f, vec![0; cap]));
            } else {
                c.narrow.push((f, vec![0; cap]));
            }
        }
        c
    }

    /// The fields of this batch.
    pub fn fields(&self) -> Cols {
        self.fields
    }

    /// The pfn of value 0.
    pub fn start_pfn(&self) -> u64 {
        self.start_pfn
    }

    /// Values in each array.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the batch has no pfn.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The array of an 8-byte field (bits of [`Cols::U64`]), `None` when
    /// `col` is not exactly one such field of the batch.
    pub fn u64s(&self, col: Cols) -> Option<&[u64]> {
        self.wide.iter().find(|(c, _)| *c == col).map(|(_, v)| &v[..self.len])
    }

    /// The array of a 4-byte field, `None` when `col` is not exactly one
    /// such field of the batch.
    pub fn u32s(&self, col: Cols) -> Option<&[u32]> {
        self.narrow.iter().find(|(c, _)| *c == col).map(|(_, v)| &v[..self.len])
    }

    /// Value `i` of field `col`, widened, either width.
    pub fn get(&self, col: Cols, i: usize) -> Option<u64> {
        self.u64s(col)
            .and_then(|v| v.get(i).copied())
            .or_else(|| self.u32s(col).and_then(|v| v.get(i).map(|&x| u64::from(x))))
    }
}

/// A streaming columns scan over a pfn range: one [`Columns`] buffer of
/// [`COLUMN_BATCH`] pfns, each call resumed from the driver's `next_pfn`.
/// After an error the scan ends, except after [`Error::Interrupted`].
#[derive(Debug)]
pub struct ColumnScan<'a> {
    ps: &'a Pagesnap,
    pos: u64,
    end: u64,
    cols: Columns,
    done: bool,
}

impl ColumnScan<'_> {
    /// The first pfn not fetched yet.
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// One past the last pfn of the scan.
    pub fn end(&self) -> u64 {
        self.end
    }

    /// The next batch, `None` at the end of the range.
    pub fn next_batch(&mut self) -> Option<Result<&Columns>> {
        if self.done || self.pos >= self.end {
            return None;
        }
        let cap = self.cols.wide.first().map(|w| w.1.len())
            .or_else(|| self.cols.narrow.first().map(|n| n.1.len()))
            .unwrap_or(0);
        let nr = (self.end - self.pos).min(cap as u64);
        // one user address per field, in increasing bit order
        let mut table: Vec<(Cols, u64)> = self.cols.wide.iter_mut()
            .map(|(c, v)| (*c, v.as_mut_ptr() as usize as u64))
            .chain(self.cols.narrow.iter_mut().map(|(c, v)| (*c, v.as_mut_ptr() as usize as u64)))
            .collect();
        table.sort_by_key(|(c, _)| c.bits());
        let mut arrays: Vec<u64> = table.into_iter().map(|(_, a)| a).collect();
        let mut raw = RawColumns {
            start_pfn: self.pos,
            nr_pfns: nr,
            fields: self.cols.fields,
            arrays: arrays.as_mut_ptr() as usize as u64,
            ..RawColumns::default()
        };
        match self.ps.raw_ioctl(uapi::IOC_COLUMNS, &mut raw) {
            Ok(()) => {}
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
        if raw.next_pfn <= self.pos || raw.nr_done != raw.next_pfn - self.pos || raw.nr_done > nr {
            self.done = true;
            return Some(Err(Error::BadAnswer));
        }
        self.cols.start_pfn = self.pos;
        self.cols.len = raw.nr_done as usize;
        self.pos = raw.next_pfn;
        Some(Ok(&self.cols))
    }
}

impl Pagesnap {
    /// A columns scan of `range` (clipped to the driver's pfns) for
    /// `fields`.
    ///
    /// ```no_run
    /// use pagesnap::{Cols, Kpf, Pagesnap};
    /// let ps = Pagesnap::open()?;
    /// let mut s = ps.columns(.., Cols::KPF)?;
    /// let mut lru = 0;
    /// while let Some(b) = s.next_batch() {
    ///     lru += b?.u64s(Cols::KPF).unwrap().iter().filter(|&&k| k & Kpf::LRU.bits() != 0).count();
    /// }
    /// # Ok::<(), pagesnap::Error>(())
    /// ```
    ///
    /// Errors: [`Error::Unsupported`] (driver without
    /// [`Features::COLUMNS`]), [`Error::InvalidArgument`] (range start
    /// after its end, no field); the driver refuses fields it does not
    /// know with `InvalidArgument` on the first batch.
    pub fn columns<R: RangeBounds<u64>>(&self, range: R, fields: Cols) -> Result<ColumnScan<'_>> {
        let (start, end) = bounds(&range);
        if start > end || fields.is_empty() {
            return Err(Error::InvalidArgument);
        }
        let info = self.refresh_info()?;
        if !info.features.contains(Features::COLUMNS) {
            return Err(Error::Unsupported);
        }
        let end = end.min(info.pfn_end);
        let pos = start.max(info.pfn_start).min(end);
        Ok(ColumnScan { ps: self, pos, end, cols: Columns::new(fields, COLUMN_BATCH), done: false })
    }
}

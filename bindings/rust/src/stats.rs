// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! In-kernel statistics (`PAGESNAP_IOC_STATS`), summed over the calls a
//! range takes.

use std::collections::HashMap;
use std::ops::RangeBounds;

use crate::device::{bounds, Pagesnap};
use crate::error::{Error, Result};
use crate::flags::{Features, Kpf};
use crate::uapi::{self, RawStats, StatsCombo, StatsZone};

/// Zone slots asked for per call: far more (node, zone) pairs than exist.
const STATS_ZONES: usize = 256;

/// Statistics of a pfn range, as libpagesnap's
/// `struct pagesnap_stats_result`: the sums of the `struct
/// pagesnap_stats` counts over the calls that covered the range, with the
/// combination and zone tables merged by key in order of first appearance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// first pfn covered (after clipping to the driver's range)
    pub start_pfn: u64,
    /// one past the last pfn covered
    pub end_pfn: u64,
    /// `PAGESNAP_IOC_STATS` calls it took
    pub calls: u64,
    /// pfns examined
    pub pfns: u64,
    /// of which without an online page
    pub holes: u64,
    /// online pages whose snapshot was faithful
    pub faithful: u64,
    /// online pages whose snapshot was not
    pub unfaithful: u64,
    /// online pages free in the buddy allocator
    pub free_pages: u64,
    /// online pages in no combination (a call's table was full)
    pub other_pages: u64,
    /// online pages in no zone
    pub other_zone_pages: u64,
    /// online pages by folio order (the last slot: that order and larger)
    pub by_order: [u64; uapi::STATS_ORDERS],
    /// the same, counting only pages with index 0
    pub folios_by_order: [u64; uapi::STATS_ORDERS],
    /// online pages by [`uapi::page_type`] (the last slot: the larger
    /// values, `UNKNOWN`)
    pub by_type: [u64; uapi::STATS_TYPES],
    /// online pages by [`uapi::mapping`] kind (the last slot: larger values)
    pub by_kind: [u64; uapi::STATS_KINDS],
    /// pages by combination of the `kpf_mask` bits of their kpf
    pub combos: Vec<StatsCombo>,
    /// pages by (node, zone)
    pub zones: Vec<StatsZone>,
}

fn add(dst: &mut [u64], src: &[u64]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d += s;
    }
}

impl Pagesnap {
    /// In-kernel statistics of `range` (clipped to the driver's pfns),
    /// combinations made of the `kpf_mask` bits ([`Kpf::from_bits`]`(!0)`:
    /// all of them).  No entry is copied out of the kernel.
    ///
    /// Errors: [`Error::Unsupported`] (driver without
    /// [`Features::STATS`]), [`Error::InvalidArgument`] (empty range after
    /// clipping), [`Error::BadAnswer`], or a call's error.
    pub fn stats<R: RangeBounds<u64>>(&self, range: R, kpf_mask: Kpf) -> Result<Stats> {
        let (start, end) = bounds(&range);
        let info = self.refresh_info()?;
        if !info.features.contains(Features::STATS) {
            return Err(Error::Unsupported);
        }
        let (start, end) = (start.max(info.pfn_start), end.min(info.pfn_end));
        if start >= end {
            return Err(Error::InvalidArgument);
        }
        let mut combos = vec![StatsCombo::default(); uapi::STATS_MAX_COMBOS as usize];
        let mut zones = vec![StatsZone::default(); STATS_ZONES];
        let mut index: HashMap<Kpf, usize> = HashMap::new();
        let mut r = Stats { start_pfn: start, ..Stats::default() };
        let mut pfn = start;
        while pfn < end {
            let mut st = RawStats {
                start_pfn: pfn,
                nr_pfns: end - pfn,
                kpf_mask,
                combos: combos.as_mut_ptr() as usize as u64,
                zones: zones.as_mut_ptr() as usize as u64,
                max_combos: combos.len() as u32,
                max_zones: zones.len() as u32,
                ..RawStats::default()
            };
            self.raw_ioctl(uapi::IOC_STATS, &mut st)?;
            if st.start_pfn != pfn
                || st.next_pfn <= pfn
                || st.next_pfn - pfn > end - pfn
                || st.pfns != st.next_pfn - pfn
                || st.holes + st.faithful + st.unfaithful != st.pfns
                || st.nr_combos > st.max_combos
                || st.nr_zones > st.max_zones
            {
                return Err(Error::BadAnswer);
            }
            r.pfns += st.pfns;
            r.holes += st.holes;
            r.faithful += st.faithful;
            r.unfaithful += st.unfaithful;
            r.free_pages += st.free_pages;
            r.other_pages += st.other_pages;
            r.other_zone_pages += st.other_zone_pages;
            add(&mut r.by_order, &st.by_order);
            add(&mut r.folios_by_order, &st.folios_by_order);
            add(&mut r.by_type, &st.by_type);
            add(&mut r.by_kind, &st.by_kind);
            for c in &combos[..st.nr_combos as usize] {
                match index.get(&c.kpf) {
                    Some(&i) => r.combos[i].pages += c.pages,
                    None => {
                        index.insert(c.kpf, r.combos.len());
                        r.combos.push(*c);
                    }
                }
            }
            for z in &zones[..st.nr_zones as usize] {
                match r.zones.iter_mut().find(|d| d.nid == z.nid && d.zone == z.zone) {
                    Some(d) => {
                        d.pages += z.pages;
                        d.free_pages += z.free_pages;
                        add(&mut d.free_blocks, &z.free_blocks);
                    }
                    None => r.zones.push(*z),
                }
            }
            r.calls += 1;
            pfn = st.next_pfn;
        }
        r.end_pfn = pfn;
        Ok(r)
    }
}

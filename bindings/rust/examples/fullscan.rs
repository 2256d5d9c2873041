// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! Walk every pfn the driver serves through the scan iterator and count
//! entries, holes and faithful snapshots (the bench's rust-scan row).
//!
//!     fullscan
use pagesnap::{Pagesnap, SnapFlags};

fn main() -> Result<(), pagesnap::Error> {
    let ps = Pagesnap::open()?;
    let (mut entries, mut holes, mut faithful) = (0u64, 0u64, 0u64);
    for e in ps.scan(..)? {
        let e = e?;
        entries += 1;
        holes += e.is_hole() as u64;
        faithful += e.snap_flags.contains(SnapFlags::FAITHFUL) as u64;
    }
    println!("{} entries, {} holes, {} faithful", entries, holes, faithful);
    Ok(())
}

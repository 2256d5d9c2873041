// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
// Link libpagesnap.a (LIBPAGESNAP_DIR, default the tree's libpagesnap/):
// the C library the guest test compares the crate with.
fn main() {
    let dir = std::env::var("LIBPAGESNAP_DIR").unwrap_or_else(|_| {
        format!("{}/../../../libpagesnap", std::env::var("CARGO_MANIFEST_DIR").unwrap())
    });
    println!("cargo:rustc-link-search=native={}", dir);
    println!("cargo:rustc-link-lib=static=pagesnap");
    println!("cargo:rerun-if-changed={}/libpagesnap.a", dir);
    println!("cargo:rerun-if-env-changed=LIBPAGESNAP_DIR");
}

//! The proc macros of accord, re-exported by the runtime crate: use them as
//! `#[derive(accord::Contract)]` and `accord::include_contracts!`. They only hand their input
//! to the compiler library (`accord_compiler::derive`), which does the work and reports every
//! error with its span; see `docs/derive.md`.

#![warn(clippy::unwrap_used, clippy::expect_used)]

use proc_macro::TokenStream;
use std::path::PathBuf;

/// Where the search for `accord.toml` starts: `ACCORD_PROJECT_DIR` when set (for builds
/// outside the project's tree, such as trybuild's), else the crate being compiled.
fn manifest_dir() -> PathBuf {
    std::env::var_os("ACCORD_PROJECT_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Checks a struct or enum against a contract version and implements `accord::Contract`.
///
/// `#[accord(contract = "shop.orders.Order", version = 2)]` names the contract version;
/// `root = "dir"` the project (otherwise `accord.toml` is found from the crate upward);
/// `field = "channel"` makes an enum the union of that record field. On fields:
/// `#[accord(skip)]` (with `#[serde(skip)]`) keeps a field out of the contract, and
/// `default = "path"` gives its value when decoding.
#[proc_macro_derive(Contract, attributes(accord))]
pub fn derive_contract(input: TokenStream) -> TokenStream {
    accord_compiler::derive::derive_contract(input.into(), &manifest_dir()).into()
}

/// The types the Rust target generates for the given packages (and every package their types
/// use), inline: `accord::include_contracts!("shop.orders");`, optionally with
/// `root = "dir"` naming the project.
#[proc_macro]
pub fn include_contracts(input: TokenStream) -> TokenStream {
    accord_compiler::derive::include_contracts(input.into(), &manifest_dir()).into()
}

//! Support of the code `#[derive(accord::Contract)]` generates: compile-time checks that the
//! types a struct uses are the contract versions it needs. Not a public API.

use crate::ContractInfo;

/// Whether two strings are equal, in a constant.
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `info` is the contract `name` at `version`.
pub const fn is_contract(info: &ContractInfo, name: &str, version: u32) -> bool {
    str_eq(info.full_name, name) && info.version == version
}

/// Where a union is declared: a field of a record version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnionSite {
    /// The record's full name.
    pub contract: &'static str,
    /// Its version.
    pub version: u32,
    /// The field whose type holds the union.
    pub field: &'static str,
}

/// An enum deriving `accord::Contract` for the union of a record field.
pub trait ContractUnion: crate::avro::AvroEncode + crate::avro::AvroDecode {
    /// The field it is the union of.
    const SITE: UnionSite;
}

/// Whether `site` is the union of `field` of `contract` at `version`.
pub const fn is_union_of(site: &UnionSite, contract: &str, version: u32, field: &str) -> bool {
    str_eq(site.contract, contract) && site.version == version && str_eq(site.field, field)
}

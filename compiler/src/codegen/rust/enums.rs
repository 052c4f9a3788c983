//! The impls of a generated enum: `accord::enums::Enum` describes its symbols once (one table
//! of its name, symbols, values and variant names, and its index), `Eq` has no body (its
//! derive has one), and `Debug`, `Serialize`, `Deserialize`,
//! `AvroEncode` and `AvroDecode` are one-line calls to the runtime's generic code
//! (`accord::enums`), where a match on every variant in every enum was expanded before.

use super::code::{list, string, Code};
use super::names::unraw;
use proc_macro2::Ident;

/// The impls of enum `ident`, whose symbols are `symbols` (name, variant) in order.
pub(super) fn enum_impls(code: &mut Code, ident: &Ident, symbols: &[(String, Ident)]) {
    let name = string(&unraw(ident));
    let names = list(symbols.iter().map(|(symbol, _)| string(symbol)));
    let values = list(
        symbols
            .iter()
            .map(|(_, variant)| format!("Self::{variant}")),
    );
    let idents = list(symbols.iter().map(|(_, variant)| string(&unraw(variant))));
    code.push(&format!(
        "impl ::std::cmp::Eq for {ident} {{}}
        impl ::accord::enums::Enum for {ident} {{
        const TABLE: ::accord::enums::Table<Self> = ::accord::enums::Table {{
        name: {name},
        symbols: &[{names}],
        values: &[{values}],
        idents: &[{idents}],
        }};
        #[inline]
        fn index(self) -> usize {{
        self as usize
        }}
        }}"
    ));
    let one_line = [
        ("::std::fmt::Debug", "fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result", "debug(*self, __f)"),
        ("::accord::serde::Serialize", "fn serialize<__S: ::accord::serde::Serializer>(&self, __s: __S) -> ::std::result::Result<__S::Ok, __S::Error>", "serialize(*self, __s)"),
        ("::accord::avro::AvroEncode", "fn avro_encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()>", "encode(*self, out)"),
        ("::accord::avro::AvroDecode", "fn avro_decode(r: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self>", "decode(r)"),
    ];
    for (trait_, signature, call) in one_line {
        code.push(&format!(
            "impl {trait_} for {ident} {{\n#[inline]\n{signature} {{\n::accord::enums::{call}\n}}\n}}"
        ));
    }
    code.push(&format!(
        "impl<'de> ::accord::serde::Deserialize<'de> for {ident} {{
        #[inline]
        fn deserialize<__D: ::accord::serde::Deserializer<'de>>(__d: __D) -> ::std::result::Result<Self, __D::Error> {{
        ::accord::enums::deserialize(__d)
        }}
        }}"
    ));
}

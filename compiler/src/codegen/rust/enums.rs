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
    super::record::delegating_impls(code, ident, "enums", "*self");
}

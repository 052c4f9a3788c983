//! Hand-written `serde` impls of generated enums: the symbol's name, through
//! `accord::json::symbol`, where `#[derive(Serialize, Deserialize)]` expanded a visitor per type
//! (records: `record.rs`).

use super::code::{list, string, Code};
use proc_macro2::Ident;

/// `Serialize` and `Deserialize` for enum `ident`: the symbol's name.
pub(super) fn enum_impls(code: &mut Code, ident: &Ident, symbols: &[(String, Ident)]) {
    let name = ident.to_string();
    let name = string(name.trim_start_matches("r#"));
    code.push(&format!(
        "impl ::accord::serde::Serialize for {ident} {{
        #[inline]
        fn serialize<__S: ::accord::serde::Serializer>(&self, __s: __S) -> ::std::result::Result<__S::Ok, __S::Error> {{
        let __symbol = match self {{"
    ));
    for (symbol, variant) in symbols {
        code.push(&format!("Self::{variant} => {},", string(symbol)));
    }
    let names = list(symbols.iter().map(|(symbol, _)| string(symbol)));
    let variants = list(
        symbols
            .iter()
            .map(|(_, variant)| format!("Self::{variant}")),
    );
    code.push(&format!(
        "}};
        __s.serialize_unit_variant({name}, *self as u32, __symbol)
        }}
        }}
        impl<'de> ::accord::serde::Deserialize<'de> for {ident} {{
        #[inline]
        fn deserialize<__D: ::accord::serde::Deserializer<'de>>(__d: __D) -> ::std::result::Result<Self, __D::Error> {{
        ::accord::json::symbol(__d, &[{names}], &[{variants}])
        }}
        }}"
    ));
}

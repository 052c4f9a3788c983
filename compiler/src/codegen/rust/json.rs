//! Hand-written `serde` impls of generated records and enums. They call the generic helpers of
//! `accord::json` (field lookup, duplicates, absent fields, symbols), so each type carries only
//! its field list and one line per field, where `#[derive(Serialize, Deserialize)]` expanded a
//! field enum, two visitors and a wrapper type per formatted field for every type.

use super::code::{list, string, Code};
use proc_macro2::Ident;

/// What an absent field of a record reads as.
pub(super) enum Absent {
    /// An error, or `None` for an `Option` read by its own `Deserialize`.
    Missing,
    /// `Default::default()`.
    Default,
    /// The value of this function of the record type.
    Function(String),
}

/// A record field as its serde impls see it.
pub(super) struct JsonField<'a> {
    pub ident: &'a Ident,
    pub wire: &'a str,
    /// The Rust type of the field (the type of its slot while reading).
    pub ty: String,
    /// The `accord::json` format marker, when serde's own impl is not the encoding.
    pub format: Option<String>,
    pub absent: Absent,
}

/// `Serialize` and `Deserialize` for record `ident`: an object of its fields in order; unknown
/// fields are skipped, absent ones take their defaults.
pub(super) fn record_impls(code: &mut Code, ident: &Ident, fields: &[JsonField]) {
    let raw = ident.to_string();
    let raw = raw.trim_start_matches("r#");
    let name = string(raw);
    let st = if fields.is_empty() {
        "__st"
    } else {
        "mut __st"
    };
    code.push(&format!(
        "impl ::accord::serde::Serialize for {ident} {{
        #[inline]
        fn serialize<__S: ::accord::serde::Serializer>(&self, __s: __S) -> ::std::result::Result<__S::Ok, __S::Error> {{
        let {st} = ::accord::json::fields(__s, {name}, {});",
        fields.len()
    ));
    for f in fields {
        let (member, wire) = (f.ident, string(f.wire));
        code.push(&match &f.format {
            Some(format) => format!("__st.field_as::<{format}, _>({wire}, &self.{member});"),
            None => format!("__st.field({wire}, &self.{member});"),
        });
    }
    code.push("__st.end()\n}\n}");
    let mut wires = list(fields.iter().map(|f| string(f.wire)));
    if wires.len() > 60 {
        // One name a line, as rustfmt lays out a long array.
        wires = fields
            .iter()
            .map(|f| format!("\n{},", string(f.wire)))
            .collect();
        wires.push('\n');
    }
    code.push(&format!(
        "impl<'de> ::accord::serde::Deserialize<'de> for {ident} {{
        #[inline]
        fn deserialize<__D: ::accord::serde::Deserializer<'de>>(__d: __D) -> ::std::result::Result<Self, __D::Error> {{
        const FIELDS: &[&str] = &[{wires}];
        struct __Visitor;
        impl<'de> ::accord::serde::de::Visitor<'de> for __Visitor {{
        type Value = {ident};
        fn expecting(&self, __f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {{
        __f.write_str({})
        }}
        fn visit_map<__A: ::accord::serde::de::MapAccess<'de>>(self, mut __map: __A) -> ::std::result::Result<{ident}, __A::Error> {{",
        string(&format!("record {raw}"))
    ));
    for (i, f) in fields.iter().enumerate() {
        code.push(&format!(
            "let mut __f{i}: ::std::option::Option<{}> = ::std::option::Option::None;",
            f.ty
        ));
    }
    code.push("while let ::std::option::Option::Some(__i) = ::accord::json::next_field(&mut __map, FIELDS)? {");
    read_fields(code, fields);
    code.push(&format!("}}\n::std::result::Result::Ok({ident} {{"));
    for (i, f) in fields.iter().enumerate() {
        let wire = string(f.wire);
        let value = match (&f.absent, &f.format) {
            (Absent::Default, _) => format!("__f{i}.unwrap_or_default()"),
            (Absent::Function(function), _) => {
                format!("__f{i}.unwrap_or_else({ident}::{function})")
            }
            (Absent::Missing, Some(_)) => format!("::accord::json::required(__f{i}, {wire})?"),
            (Absent::Missing, None) => format!("::accord::json::missing(__f{i}, {wire})?"),
        };
        code.push(&format!("{}: {value},", f.ident));
    }
    code.push(&format!(
        "}})\n}}\n}}\n__d.deserialize_struct({name}, FIELDS, __Visitor)\n}}\n}}"
    ));
}

/// The loop body reading one field into its slot; an empty record only skips (a `match` with
/// one arm is a clippy lint).
fn read_fields(code: &mut Code, fields: &[JsonField]) {
    if fields.is_empty() {
        code.push("let _ = __i;\n::accord::json::skip(&mut __map)?;");
        return;
    }
    code.push("match __i {");
    for (i, f) in fields.iter().enumerate() {
        let wire = string(f.wire);
        code.push(&match &f.format {
            Some(format) => format!(
                "{i} => ::accord::json::take_as::<{format}, _, _>(&mut __map, &mut __f{i}, {wire}),"
            ),
            None => format!("{i} => ::accord::json::take(&mut __map, &mut __f{i}, {wire}),"),
        });
    }
    code.push("_ => ::accord::json::skip(&mut __map),\n}?;");
}

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

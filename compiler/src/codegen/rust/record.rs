//! The impls of a generated record: `accord::record::Record` describes its fields once, as a
//! type (a tuple of markers of `accord::record::fields` naming each field's formats and default),
//! with one generic call writing them and one reading them; `Debug`, `Serialize`,
//! `Deserialize`, `AvroEncode` and `AvroDecode` are one-line calls to the runtime's generic
//! code (`accord::record`), which rustc checks once in the runtime instead of once per record.

use super::code::{list, string, Code};
use super::names::unraw;
use proc_macro2::Ident;

/// What an absent field of a record reads as in JSON.
pub(super) enum Absent {
    /// An error, or `None` for an `Option` read by its own `Deserialize`.
    Missing,
    /// `Default::default()`.
    Default,
    /// The declared default: an expression of the field's Rust type `ty`.
    Value { ty: String, expr: String },
}

/// A record field as its impls see it.
pub(super) struct RecordField<'a> {
    pub ident: &'a Ident,
    /// Its name in JSON and Avro.
    pub wire: &'a str,
    /// The `accord::json` format marker, when serde's own impl is not the encoding.
    pub json: Option<String>,
    /// The `accord::wire` format marker.
    pub avro: String,
    pub absent: Absent,
}

impl RecordField<'_> {
    /// The field's marker of `accord::record::fields`: its formats and what it reads as when
    /// absent; `index`: its position in the record.
    fn marker(&self, index: usize) -> String {
        let json = self.json.as_deref().unwrap_or("::accord::json::Serde");
        let avro = &self.avro;
        match &self.absent {
            Absent::Missing => format!("::accord::record::Req<{json}, {avro}>"),
            Absent::Default => format!("::accord::record::OrDefault<{json}, {avro}>"),
            Absent::Value { .. } => {
                format!("::accord::record::OrElse<{json}, {avro}, Self, {index}>")
            }
        }
    }
}

/// The impls of record `ident`.
pub(super) fn record_impls(code: &mut Code, ident: &Ident, fields: &[RecordField]) {
    record_trait(code, ident, fields);
    for (i, f) in fields.iter().enumerate() {
        if let Absent::Value { ty, expr } = &f.absent {
            code.push(&format!(
                "impl ::accord::record::FieldDefault<{i}, {ty}> for {ident} {{\n#[inline]\nfn field_default() -> {ty} {{\n{expr}\n}}\n}}"
            ));
        }
    }
    delegating_impls(code, ident, "record", "self");
}
/// The `Debug`, `Serialize`, `AvroEncode`, `AvroDecode` and `Deserialize` impls of a generated
/// type, each a one-line call into the runtime module `module` (`record` or `enums`), which gets
/// the value as `this` (`self`, or `*self` for a `Copy` enum).
pub(super) fn delegating_impls(code: &mut Code, ident: &Ident, module: &str, this: &str) {
    let one_line = [
        ("::std::fmt::Debug", "fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result", format!("debug({this}, __f)")),
        ("::accord::serde::Serialize", "fn serialize<__S: ::accord::serde::Serializer>(&self, __s: __S) -> ::std::result::Result<__S::Ok, __S::Error>", format!("serialize({this}, __s)")),
        ("::accord::avro::AvroEncode", "fn avro_encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()>", format!("encode({this}, out)")),
        ("::accord::avro::AvroDecode", "fn avro_decode(r: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self>", "decode(r)".to_owned()),
    ];
    for (trait_, signature, call) in one_line {
        code.push(&format!(
            "impl {trait_} for {ident} {{\n#[inline]\n{signature} {{\n::accord::{module}::{call}\n}}\n}}"
        ));
    }
    code.push(&format!(
        "impl<'de> ::accord::serde::Deserialize<'de> for {ident} {{
        #[inline]
        fn deserialize<__D: ::accord::serde::Deserializer<'de>>(__d: __D) -> ::std::result::Result<Self, __D::Error> {{
        ::accord::{module}::deserialize(__d)
        }}
        }}"
    ));
}

/// `impl accord::record::Record`: the names, the fields as a type, and one call to write them
/// and one to read them.
fn record_trait(code: &mut Code, ident: &Ident, fields: &[RecordField]) {
    let name = string(&unraw(ident));
    code.push(&format!(
        "impl ::accord::record::Record for {ident} {{
        const NAME: &'static str = {name};
        const FIELDS: &'static [&'static str] = &[{}];",
        names(fields.iter().map(|f| f.wire.to_owned()))
    ));
    if fields.iter().any(|f| unraw(f.ident) != f.wire) {
        let idents = names(fields.iter().map(|f| unraw(f.ident)));
        code.push(&format!(
            "const IDENTS: &'static [&'static str] = &[{idents}];"
        ));
    }
    let markers = fields.iter().enumerate().map(|(i, f)| f.marker(i));
    code.push(&format!(
        "type Fields = {};",
        tuple(markers.collect(), true)
    ));
    if fields.is_empty() {
        code.push(
            "#[inline]
            fn write<__W: ::accord::record::Write>(&self, _w: &mut __W) {}
            #[inline]
            fn read<'de, __R: ::accord::record::Read<'de>>(_r: &mut __R) -> ::std::result::Result<Self, __R::Error> {
            ::std::result::Result::Ok(Self {})
            }
            }",
        );
        return;
    }
    let values = fields.iter().map(|f| format!("&self.{}", f.ident));
    let values = tuple(values.collect(), false);
    let slots = tuple(
        (0..fields.len()).map(|i| format!("__f{i}")).collect(),
        false,
    );
    code.push(&format!(
        "#[inline]
        fn write<__W: ::accord::record::Write>(&self, __w: &mut __W) {{
        ::accord::record::fields::write::<Self::Fields, _, _>({values}, __w)
        }}
        #[inline]
        fn read<'de, __R: ::accord::record::Read<'de>>(__r: &mut __R) -> ::std::result::Result<Self, __R::Error> {{
        let {slots} = ::accord::record::fields::read::<Self::Fields, _, _>(__r)?;
        ::std::result::Result::Ok(Self {{"
    ));
    for (i, f) in fields.iter().enumerate() {
        code.push(&format!("{}: __f{i},", f.ident));
    }
    code.push("})\n}\n}");
}

/// The most items a tuple of the runtime's field impls holds.
const TUPLE_MAX: usize = 12;

/// `items` as a tuple, nested in tuples of at most [`TUPLE_MAX`] when there are more; one item
/// a line when `lines`.
fn tuple(items: Vec<String>, lines: bool) -> String {
    if items.len() > TUPLE_MAX {
        let groups = items.chunks(TUPLE_MAX).map(|c| tuple(c.to_vec(), lines));
        return tuple(groups.collect(), lines);
    }
    match (items.as_slice(), lines) {
        ([], _) => "()".to_owned(),
        ([one], false) => format!("({one},)"),
        (_, false) => format!("({})", items.join(", ")),
        (_, true) => {
            let items: String = items.iter().map(|i| format!("\n{i},")).collect();
            format!("({items}\n)")
        }
    }
}

/// String literals of `names`, one a line when there are many (as rustfmt lays out an array).
fn names(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.map(|n| string(&n)).collect();
    let one_line = list(&names);
    if one_line.len() <= 60 {
        return one_line;
    }
    let mut lines: String = names.iter().map(|n| format!("\n{n},")).collect();
    lines.push('\n');
    lines
}

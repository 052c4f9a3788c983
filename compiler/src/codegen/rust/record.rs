//! The impls of a generated record: `accord::record::Record` describes its fields once (one
//! generic function writing them, one reading them), and `Debug`, `Serialize`, `Deserialize`,
//! `AvroEncode` and `AvroDecode` are one-line calls to the runtime's generic code
//! (`accord::record`), which rustc checks once in the runtime instead of once per record.

use super::code::{list, string, Code};
use super::names::unraw;
use proc_macro2::Ident;

/// What an absent field of a record reads as in JSON.
pub(super) enum Absent {
    /// An error, or `None` for an `Option` read by its own `Deserialize`.
    Missing,
    /// `Default::default()`.
    Default,
    /// The value of this function of the record type.
    Function(String),
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
    /// Whether its Avro errors get the field in their path.
    pub at: bool,
    pub absent: Absent,
}

impl RecordField<'_> {
    /// The formats of the field, as the generic arguments of `field` and `get`.
    fn formats(&self) -> String {
        let json = self.json.as_deref().unwrap_or("::accord::json::Serde");
        format!("{json}, {}, _", self.avro)
    }
}

/// The impls of record `ident`.
pub(super) fn record_impls(code: &mut Code, ident: &Ident, fields: &[RecordField]) {
    record_trait(code, ident, fields);
    let one_line = [
        ("::std::fmt::Debug", "fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result", "debug(self, __f)"),
        ("::accord::serde::Serialize", "fn serialize<__S: ::accord::serde::Serializer>(&self, __s: __S) -> ::std::result::Result<__S::Ok, __S::Error>", "serialize(self, __s)"),
        ("::accord::avro::AvroEncode", "fn avro_encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()>", "encode(self, out)"),
        ("::accord::avro::AvroDecode", "fn avro_decode(r: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self>", "decode(r)"),
    ];
    for (trait_, signature, call) in one_line {
        code.push(&format!(
            "impl {trait_} for {ident} {{\n#[inline]\n{signature} {{\n::accord::record::{call}\n}}\n}}"
        ));
    }
    code.push(&format!(
        "impl<'de> ::accord::serde::Deserialize<'de> for {ident} {{
        #[inline]
        fn deserialize<__D: ::accord::serde::Deserializer<'de>>(__d: __D) -> ::std::result::Result<Self, __D::Error> {{
        ::accord::record::deserialize(__d)
        }}
        }}"
    ));
}

/// `impl accord::record::Record`: the names, then one line per field to write and to read.
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
    let (w, r) = match fields.is_empty() {
        true => ("_w", "_r"),
        false => ("__w", "__r"),
    };
    code.push(&format!(
        "#[inline]\nfn write<__W: ::accord::record::Write>(&self, {w}: &mut __W) {{"
    ));
    for f in fields {
        let (formats, at, member) = (f.formats(), f.at, f.ident);
        code.push(&format!("__w.field::<{formats}>({at}, &self.{member});"));
    }
    code.push(&format!(
        "}}
        #[inline]
        fn read<'de, __R: ::accord::record::Read<'de>>({r}: &mut __R) -> ::std::result::Result<Self, __R::Error> {{
        ::std::result::Result::Ok(Self {{"
    ));
    for f in fields {
        let (formats, at) = (f.formats(), f.at);
        let value = match &f.absent {
            Absent::Missing => format!("__r.get::<{formats}>({at})?"),
            Absent::Default => {
                format!("__r.get_or::<{formats}>({at}, ::std::default::Default::default)?")
            }
            Absent::Function(function) => {
                format!("__r.get_or::<{formats}>({at}, Self::{function})?")
            }
        };
        code.push(&format!("{}: {value},", f.ident));
    }
    code.push("})\n}\n}");
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

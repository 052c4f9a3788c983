//! Records described once: a generated record implements [`Record`] (its name, its field names,
//! its fields as a type, one generic function handing its fields to a writer and one building
//! it from a reader), and its `Serialize`, `Deserialize`, `Debug`, `AvroEncode` and
//! `AvroDecode` impls are one-line calls to the functions below, which rustc checks once here
//! instead of once per record (`docs/benchmarks.md`, "Generated Rust: rustc cost per type").
//!
//! Each field names its JSON format `J` (an [`accord::json`](crate::json) marker, [`Serde`] for
//! serde's own impl) and its Avro format `A` (an [`accord::wire`](crate::wire) marker) in a
//! marker of [`fields`]: [`Req`], [`OrDefault`] or [`OrElse`], by what it reads as when absent
//! from JSON. `write` and `read` are one call each, to [`fields::write`] and [`fields::read`].
//!
//! ```
//! use accord::record::{fields, FieldDefault, OrElse, Read, Record, Req, Write};
//! use accord::json::Serde;
//! use accord::wire::{Long, Str};
//!
//! #[derive(Clone, PartialEq)]
//! struct Item {
//!     id: i64,
//!     name: String,
//! }
//!
//! impl Record for Item {
//!     const NAME: &'static str = "Item";
//!     const FIELDS: &'static [&'static str] = &["id", "name"];
//!     type Fields = (Req<Serde, Long>, OrElse<Serde, Str, Self, 1>);
//!     fn write<W: Write>(&self, w: &mut W) {
//!         fields::write::<Self::Fields, _, _>((&self.id, &self.name), w)
//!     }
//!     fn read<'de, R: Read<'de>>(r: &mut R) -> Result<Self, R::Error> {
//!         let (id, name) = fields::read::<Self::Fields, _, _>(r)?;
//!         Ok(Item { id, name })
//!     }
//! }
//!
//! impl FieldDefault<1, String> for Item {
//!     fn field_default() -> String {
//!         "none".to_owned()
//!     }
//! }
//!
//! let item = Item { id: 1, name: "a".to_owned() };
//! let mut out = Vec::new();
//! accord::record::encode(&item, &mut out).unwrap();
//! assert_eq!(out, [2, 2, b'a']);
//! let mut r = accord::avro::Reader::new(&out);
//! assert!(accord::record::decode::<Item>(&mut r).unwrap() == item);
//! let mut json = accord::serde_json::Deserializer::from_str(r#"{"id": 2}"#);
//! let item: Item = accord::record::deserialize(&mut json).unwrap();
//! assert_eq!(item.name, "none");
//! ```

use crate::avro::Reader;
use crate::error::Result;
use crate::json::{DeserializeAs, Fields, SerializeAs, With};
use crate::wire::{self, Wire};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use std::fmt::{self, Debug};
use std::marker::PhantomData;

pub mod fields;
mod json;

pub use fields::{FieldDefault, OrDefault, OrElse, Req};

#[doc(inline)]
pub use crate::json::Serde;

/// A record: its fields in order, described once for every encoding.
pub trait Record: Sized {
    /// The record's name (what `Debug` and serde's `serialize_struct` see).
    const NAME: &'static str;
    /// The names of its fields in JSON and Avro, in order.
    const FIELDS: &'static [&'static str];
    /// The names of its Rust fields, in order, as `Debug` shows them.
    const IDENTS: &'static [&'static str] = Self::FIELDS;
    /// Its fields as a type: a tuple of the markers of [`fields`], one per field in order
    /// (nested tuples of at most 12 beyond 12 fields).
    type Fields;

    /// Hands each field, in order, to `w`.
    fn write<W: Write>(&self, w: &mut W);

    /// Builds the record from its fields, read in order from `r`.
    fn read<'de, R: Read<'de>>(r: &mut R) -> std::result::Result<Self, R::Error>;
}

/// What [`Record::write`] hands its fields to: a JSON or Avro writer, or `Debug`.
pub trait Write {
    /// The next field, in JSON format `J` and Avro format `A` (its Avro errors get the field in
    /// their path when [`Wire::AT`] says so).
    fn field<J: SerializeAs<T> + ?Sized, A: Wire<T>, T: Debug>(&mut self, value: &T);
}

/// What [`Record::read`] reads its fields from, in order: a JSON object or Avro bytes.
pub trait Read<'de> {
    /// Its error.
    type Error;

    /// The next field, in JSON format `J` and Avro format `A`; absent from JSON, it is an error
    /// (or `None` for an `Option` read by [`Serde`]). Its Avro errors get the field in their
    /// path when [`Wire::AT`] says so.
    fn get<J: DeserializeAs<'de, T>, A: Wire<T>, T>(
        &mut self,
    ) -> std::result::Result<T, Self::Error>;

    /// The next field, which reads as `default()` when absent from JSON.
    fn get_or<J: DeserializeAs<'de, T>, A: Wire<T>, T>(
        &mut self,
        default: fn() -> T,
    ) -> std::result::Result<T, Self::Error>;
}

/// Writes `record` as a JSON object (its `Serialize`).
#[inline]
pub fn serialize<R: Record, S: Serializer>(
    record: &R,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    let mut w = JsonWrite(
        crate::json::fields(serializer, R::NAME, R::FIELDS.len()),
        R::FIELDS.iter(),
    );
    record.write(&mut w);
    w.0.end()
}

struct JsonWrite<S: SerializeStruct>(Fields<S>, std::slice::Iter<'static, &'static str>);

impl<S: SerializeStruct> Write for JsonWrite<S> {
    #[inline]
    fn field<J: SerializeAs<T> + ?Sized, A: Wire<T>, T: Debug>(&mut self, value: &T) {
        if let Some(name) = self.1.next() {
            self.0.field(name, &With::<J, T>::new(value));
        }
    }
}

/// Reads `R` from a JSON object (its `Deserialize`): unknown fields are skipped, a field given
/// twice is an error, absent ones take their defaults.
#[inline]
pub fn deserialize<'de, R: Record, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<R, D::Error> {
    deserializer.deserialize_struct(R::NAME, R::FIELDS, RecordVisitor::<R>(PhantomData))
}

struct RecordVisitor<R>(PhantomData<R>);

impl<'de, R: Record> Visitor<'de> for RecordVisitor<R> {
    type Value = R;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "record {}", R::NAME)
    }
    fn visit_map<M: MapAccess<'de>>(self, map: M) -> std::result::Result<R, M::Error> {
        json::read(map)
    }
}

/// Appends the Avro encoding of `record` (its `AvroEncode`).
#[inline]
pub fn encode<R: Record>(record: &R, out: &mut Vec<u8>) -> Result<()> {
    let mut w = AvroWrite {
        out,
        names: R::FIELDS.iter(),
        result: Ok(()),
    };
    record.write(&mut w);
    w.result
}

struct AvroWrite<'a> {
    out: &'a mut Vec<u8>,
    names: std::slice::Iter<'static, &'static str>,
    result: Result<()>,
}

impl Write for AvroWrite<'_> {
    #[inline]
    fn field<J: SerializeAs<T> + ?Sized, A: Wire<T>, T: Debug>(&mut self, value: &T) {
        let name = self.names.next().copied().unwrap_or_default();
        if self.result.is_ok() {
            self.result = match A::AT {
                true => wire::put_at::<A, T>(value, name, self.out),
                false => A::put(value, self.out),
            };
        }
    }
}

/// Reads `R` from Avro bytes (its `AvroDecode`).
#[inline]
pub fn decode<R: Record>(r: &mut Reader<'_>) -> Result<R> {
    R::read(&mut AvroRead(r, R::FIELDS.iter()))
}

struct AvroRead<'r, 'a>(&'r mut Reader<'a>, std::slice::Iter<'static, &'static str>);

impl AvroRead<'_, '_> {
    #[inline]
    fn next<A: Wire<T>, T>(&mut self) -> Result<T> {
        let name = self.1.next().copied().unwrap_or_default();
        match A::AT {
            true => wire::get_at::<A, T>(self.0, name),
            false => A::get(self.0),
        }
    }
}

impl<'de> Read<'de> for AvroRead<'_, '_> {
    type Error = crate::Error;

    #[inline]
    fn get<J: DeserializeAs<'de, T>, A: Wire<T>, T>(&mut self) -> Result<T> {
        self.next::<A, T>()
    }

    #[inline]
    fn get_or<J: DeserializeAs<'de, T>, A: Wire<T>, T>(
        &mut self,
        _default: fn() -> T,
    ) -> Result<T> {
        self.next::<A, T>()
    }
}

/// Formats `record` as `#[derive(Debug)]` would (its `Debug`).
pub fn debug<R: Record>(record: &R, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut w = DebugWrite(f.debug_struct(R::NAME), R::IDENTS.iter());
    record.write(&mut w);
    w.0.finish()
}

struct DebugWrite<'a, 'b>(
    fmt::DebugStruct<'a, 'b>,
    std::slice::Iter<'static, &'static str>,
);

impl Write for DebugWrite<'_, '_> {
    fn field<J: SerializeAs<T> + ?Sized, A: Wire<T>, T: Debug>(&mut self, value: &T) {
        if let Some(name) = self.1.next() {
            self.0.field(name, value);
        }
    }
}

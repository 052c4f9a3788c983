//! Enums described once: a generated enum implements [`Enum`] (one [`Table`] of its name,
//! symbols, values in symbol order and variant names, and its index), and its `Debug`, `Serialize`,
//! `Deserialize`, `AvroEncode` and `AvroDecode` impls are one-line calls to the functions below,
//! which look symbols up in the tables instead of matching on every variant in every enum
//! (`docs/scale.md`, "The generated crate of the monorepo corpus").
//!
//! ```
//! use accord::enums::Enum;
//!
//! #[derive(Clone, Copy, PartialEq)]
//! enum Status {
//!     Open = 0,
//!     Closed = 1,
//! }
//!
//! impl Enum for Status {
//!     const TABLE: accord::enums::Table<Self> = accord::enums::Table {
//!         name: "Status",
//!         symbols: &["OPEN", "CLOSED"],
//!         values: &[Status::Open, Status::Closed],
//!         idents: &["Open", "Closed"],
//!     };
//!     fn index(self) -> usize {
//!         self as usize
//!     }
//! }
//!
//! assert_eq!(Status::Closed.symbol(), "CLOSED");
//! assert!(Status::from_symbol("OPEN") == Some(Status::Open));
//! let mut out = Vec::new();
//! accord::enums::encode(Status::Closed, &mut out).unwrap();
//! assert_eq!(out, [2]);
//! let mut r = accord::avro::Reader::new(&out);
//! assert!(accord::enums::decode::<Status>(&mut r).unwrap() == Status::Closed);
//! ```

use crate::avro::{self, Reader};
use crate::error::Result;
use serde::{Deserializer, Serializer};
use std::fmt;

/// What an enum is made of, in one constant (each constant of a generated type costs rustc a
/// body of its own).
pub struct Table<E: 'static> {
    /// The enum's name (what serde's `serialize_unit_variant` sees).
    pub name: &'static str,
    /// Its symbols as JSON and Avro write them, in order.
    pub symbols: &'static [&'static str],
    /// Its values, in symbol order.
    pub values: &'static [E],
    /// The names of its Rust variants, in order, as `Debug` shows them.
    pub idents: &'static [&'static str],
}

/// An enum of symbols, described once for every encoding.
pub trait Enum: Copy + 'static {
    /// Its name, symbols, values and variant names.
    const TABLE: Table<Self>;
    /// The enum's name.
    const NAME: &'static str = Self::TABLE.name;
    /// Its symbols, in order.
    const SYMBOLS: &'static [&'static str] = Self::TABLE.symbols;
    /// Its values, in symbol order.
    const VALUES: &'static [Self] = Self::TABLE.values;
    /// The names of its Rust variants, in order.
    const IDENTS: &'static [&'static str] = Self::TABLE.idents;

    /// The index of its symbol (its Avro encoding).
    fn index(self) -> usize;

    /// The value of symbol `index`, if there is one.
    #[inline]
    fn from_index(index: usize) -> Option<Self> {
        Self::VALUES.get(index).copied()
    }

    /// Its symbol.
    #[inline]
    fn symbol(self) -> &'static str {
        Self::SYMBOLS.get(self.index()).copied().unwrap_or_default()
    }

    /// The value whose symbol is `symbol`, if there is one.
    #[inline]
    fn from_symbol(symbol: &str) -> Option<Self> {
        let index = Self::SYMBOLS.iter().position(|s| *s == symbol)?;
        Self::from_index(index)
    }
}

/// Writes the symbol of `value` (its `Serialize`).
#[inline]
pub fn serialize<E: Enum, S: Serializer>(
    value: E,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    let index = value.index();
    let symbol = E::SYMBOLS.get(index).copied().unwrap_or_default();
    serializer.serialize_unit_variant(E::NAME, index as u32, symbol)
}

/// Reads a symbol (its `Deserialize`).
#[inline]
pub fn deserialize<'de, E: Enum, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<E, D::Error> {
    crate::json::symbol(deserializer, E::SYMBOLS, E::VALUES)
}

/// Appends the Avro encoding of `value`, its index (its `AvroEncode`).
#[inline]
pub fn encode<E: Enum>(value: E, out: &mut Vec<u8>) -> Result<()> {
    avro::write_long(value.index() as i64, out);
    Ok(())
}

/// Reads an index from Avro bytes (its `AvroDecode`).
#[inline]
pub fn decode<E: Enum>(r: &mut Reader<'_>) -> Result<E> {
    let index = r.read_long()?;
    let value = usize::try_from(index).ok().and_then(E::from_index);
    value.ok_or_else(|| avro::bad_symbol(index, E::VALUES.len()))
}

/// Formats `value` as `#[derive(Debug)]` would, its variant's name (its `Debug`).
pub fn debug<E: Enum>(value: E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(E::IDENTS.get(value.index()).copied().unwrap_or_default())
}

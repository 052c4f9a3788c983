//! Reading a record's fields in order from a JSON object whose keys come in any order.
//!
//! [`Record::read`] asks for field 0, 1, 2... in turn. Keys in that order (what accord and most
//! writers produce) are read straight from the deserializer; a field that comes before its
//! turn is kept as a [`serde_json::Value`] and read from it when asked for. A key seen after its
//! field was read is a duplicate; keys that are not fields are skipped.

use super::{Read, Record};
use crate::json::DeserializeAs;
use crate::wire::Wire;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// Reads `R` from `map`, then refuses duplicates among the keys left.
pub(super) fn read<'de, R: Record, M: MapAccess<'de>>(map: M) -> Result<R, M::Error> {
    let mut r = JsonRead {
        map,
        fields: R::FIELDS,
        next: 0,
        ended: false,
        early: Vec::new(),
    };
    let record = R::read(&mut r)?;
    r.finish()?;
    Ok(record)
}

struct JsonRead<M> {
    map: M,
    fields: &'static [&'static str],
    /// The index of the field asked for next.
    next: usize,
    /// Whether the map has no keys left.
    ended: bool,
    /// Fields read before their turn, by index (empty until one is).
    early: Vec<Option<Value>>,
}

/// Where the value of the field asked for is.
enum Found {
    Here,
    Early(Value),
    Absent,
}

impl<'de, M: MapAccess<'de>> JsonRead<M> {
    /// Finds the field asked for; keys of later fields met on the way are kept.
    fn find(&mut self) -> Result<Found, M::Error> {
        let i = self.next;
        self.next += 1;
        if let Some(value) = self.early.get_mut(i).and_then(Option::take) {
            return Ok(Found::Early(value));
        }
        while !self.ended {
            match self.map.next_key_seed(FieldIndex(self.fields, i))? {
                None => self.ended = true,
                Some(k) if k == i => return Ok(Found::Here),
                Some(k) => self.other(k, i)?,
            }
        }
        Ok(Found::Absent)
    }

    /// A key `k` met while looking for field `i`.
    fn other(&mut self, k: usize, i: usize) -> Result<(), M::Error> {
        if k >= self.fields.len() {
            return self.map.next_value::<IgnoredAny>().map(|_| ());
        }
        if k < i || self.early.get(k).is_some_and(Option::is_some) {
            return Err(de::Error::duplicate_field(self.fields[k]));
        }
        if self.early.is_empty() {
            self.early.resize_with(self.fields.len(), || None);
        }
        self.early[k] = Some(self.map.next_value()?);
        Ok(())
    }

    /// The field asked for, or `absent()` when the object does not have it.
    fn value<J: DeserializeAs<'de, T>, T>(
        &mut self,
        absent: impl FnOnce(&'static str) -> Result<T, M::Error>,
    ) -> Result<T, M::Error> {
        let name = self.fields.get(self.next).copied().unwrap_or_default();
        match self.find()? {
            Found::Here => Ok(self.map.next_value_seed(As::<J, T>(Default::default()))?),
            Found::Early(value) => J::deserialize_as(value).map_err(de::Error::custom),
            Found::Absent => absent(name),
        }
    }

    /// Refuses the fields of the keys left, skipping the other keys.
    fn finish(mut self) -> Result<(), M::Error> {
        while !self.ended {
            match self
                .map
                .next_key_seed(FieldIndex(self.fields, self.fields.len()))?
            {
                None => self.ended = true,
                Some(k) => self.other(k, self.fields.len())?,
            }
        }
        Ok(())
    }
}

impl<'de, M: MapAccess<'de>> Read<'de> for JsonRead<M> {
    type Error = M::Error;

    #[inline]
    fn get<J: DeserializeAs<'de, T>, A: Wire<T>, T>(&mut self) -> Result<T, M::Error> {
        self.value::<J, T>(J::absent)
    }

    #[inline]
    fn get_or<J: DeserializeAs<'de, T>, A: Wire<T>, T>(
        &mut self,
        default: fn() -> T,
    ) -> Result<T, M::Error> {
        self.value::<J, T>(|_| Ok(default()))
    }
}

/// Reads a value in format `J`.
struct As<J, T>(std::marker::PhantomData<(J, T)>);

impl<'de, J: DeserializeAs<'de, T>, T> DeserializeSeed<'de> for As<J, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        J::deserialize_as(deserializer)
    }
}

/// The index of a key among the fields, trying `.1` (the field expected) first; the number of
/// fields for a key that is not one.
struct FieldIndex(&'static [&'static str], usize);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl FieldIndex {
    fn find(&self, key: &[u8]) -> usize {
        if self.0.get(self.1).is_some_and(|f| f.as_bytes() == key) {
            return self.1;
        }
        let index = self.0.iter().position(|f| f.as_bytes() == key);
        index.unwrap_or(self.0.len())
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok(self.find(key.as_bytes()))
    }
    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(self.find(key))
    }
}

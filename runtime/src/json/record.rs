//! What generated `Serialize` / `Deserialize` impls of records and enums call: the generic
//! parts of reading a JSON object field by field (finding a field by name, refusing duplicates,
//! skipping unknown fields, the rules for absent fields) and of reading enum symbols, written
//! once here instead of once per type by `#[derive(Deserialize)]`.

use super::{DeserializeAs, Read, SerializeAs, With};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde::Deserialize;
use std::fmt;

/// The fields of a record being written, one call each, keeping the first error: what generated
/// `Serialize` impls of records call (`accord::json::fields(s, "Order", 3)`, then `field` or
/// `field_as` per field, then `end`), a list of plain calls rather than a `?` per field.
pub struct Fields<S: SerializeStruct>(Result<S, S::Error>);

/// Starts writing record `name` of `len` fields to `serializer`.
#[inline]
pub fn fields<S: Serializer>(
    serializer: S,
    name: &'static str,
    len: usize,
) -> Fields<S::SerializeStruct> {
    Fields(serializer.serialize_struct(name, len))
}

impl<S: SerializeStruct> Fields<S> {
    /// Writes field `key`, unless an earlier one failed.
    #[inline]
    pub fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(state) = &mut self.0 {
            if let Err(e) = state.serialize_field(key, value) {
                self.0 = Err(e);
            }
        }
    }

    /// Writes field `key` in format `F`, unless an earlier one failed.
    #[inline]
    pub fn field_as<F: SerializeAs<T> + ?Sized, T: ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) {
        self.field(key, &With::<F, T>::new(value));
    }

    /// Ends the object, or returns the first error.
    #[inline]
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0?.end()
    }
}

/// The index in `fields` of the next key of a record object, `fields.len()` for a key that is
/// not a field, `None` at the end of the object.
#[inline]
pub fn next_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<usize>, A::Error> {
    map.next_key_seed(FieldIndex(fields))
}

struct FieldIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok(self
            .0
            .iter()
            .position(|f| *f == key)
            .unwrap_or(self.0.len()))
    }
    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<usize, E> {
        let index = self.0.iter().position(|f| f.as_bytes() == key);
        Ok(index.unwrap_or(self.0.len()))
    }
}

/// Reads the value of field `name` into `slot`; a field given twice is an error.
#[inline]
pub fn take<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of field `name`, in format `F`, into `slot`; a field given twice is an error.
#[inline]
pub fn take_as<'de, F: DeserializeAs<'de, T>, A: MapAccess<'de>, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value::<Read<F, T>>()?.0);
    Ok(())
}

/// Skips the value of a key that is not a field (unknown fields are ignored).
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a field without a default: absent is an error.
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The value of a field without a default read by its own `Deserialize`: absent is an error,
/// except for an `Option`, which reads as `None` (what serde's derive does).
#[inline]
pub fn missing<'de, T: Deserialize<'de>, E: de::Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name, std::marker::PhantomData)),
    }
}

/// A deserializer for an absent field: `None` for an `Option`, a missing-field error otherwise.
struct Missing<E>(&'static str, std::marker::PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// Reads an enum symbol (a string) as the value at its index in `values`.
pub fn symbol<'de, D: Deserializer<'de>, T: Copy>(
    deserializer: D,
    symbols: &'static [&'static str],
    values: &[T],
) -> Result<T, D::Error> {
    let index = deserializer.deserialize_identifier(Symbol(symbols))?;
    Ok(values[index])
}

struct Symbol(&'static [&'static str]);

impl Visitor<'_> for Symbol {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an enum symbol")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<usize, E> {
        let index = self.0.iter().position(|s| *s == text);
        index.ok_or_else(|| E::unknown_variant(text, self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error, MapDeserializer};

    fn fields(json: &str) -> Result<(Option<i64>, Option<Option<i64>>), serde_json::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = (Option<i64>, Option<Option<i64>>);
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a record")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let (mut a, mut b) = (None, None);
                while let Some(i) = next_field(&mut map, &["a", "b"])? {
                    match i {
                        0 => take(&mut map, &mut a, "a")?,
                        1 => take(&mut map, &mut b, "b")?,
                        _ => skip(&mut map)?,
                    }
                }
                Ok((Some(required(a, "a")?), Some(missing(b, "b")?)))
            }
        }
        let mut de = serde_json::Deserializer::from_str(json);
        de.deserialize_map(V)
    }

    #[test]
    fn records_read_fields_skip_unknown_ones_and_refuse_duplicates() {
        assert_eq!(
            fields(r#"{"x":[1,{}],"b":2,"a":1}"#).unwrap(),
            (Some(1), Some(Some(2)))
        );
        assert_eq!(fields(r#"{"a":1}"#).unwrap(), (Some(1), Some(None)));
        let err = fields(r#"{"a":1,"a":2}"#).unwrap_err();
        assert!(err.to_string().contains("duplicate field `a`"), "{err}");
        let err = fields(r#"{"b":1}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `a`"), "{err}");
    }

    #[test]
    fn absent_non_optional_fields_are_missing() {
        let err = missing::<i64, Error>(None, "n").unwrap_err();
        assert_eq!(err.to_string(), "missing field `n`");
        let none = missing::<Option<i64>, Error>(None, "n").unwrap();
        assert_eq!(none, None);
        let empty = MapDeserializer::<_, Error>::new(std::iter::empty::<(String, i64)>());
        assert!(symbol(empty, &["A"], &[1u8]).is_err());
    }

    #[test]
    fn symbols_read_by_name() {
        let mut de = serde_json::Deserializer::from_str(r#""B""#);
        assert_eq!(symbol(&mut de, &["A", "B"], &['a', 'b']).unwrap(), 'b');
        let mut de = serde_json::Deserializer::from_str(r#""C""#);
        let err = symbol(&mut de, &["A", "B"], &['a', 'b']).unwrap_err();
        assert!(err.to_string().contains("unknown variant `C`"), "{err}");
    }
}

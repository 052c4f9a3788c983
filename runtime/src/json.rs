//! The JSON encoding of `docs/json-encoding.md` through serde: generated types derive
//! `Serialize` / `Deserialize`, and fields whose Rust type alone does not say how they are
//! written (floats, bytes, dates and times) name a format with
//! `#[serde(serialize_with = "accord::json::As::<F>::serialize", ...)]`, where `F` is a marker
//! below, possibly nested in [`Opt`], [`List`] and [`Map`].

use crate::time::{self, Unit};
use base64::Engine as _;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use indexmap::IndexMap;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;
use std::marker::PhantomData;

mod record;
pub use record::{fields, missing, next_field, required, skip, symbol, take, take_as, Fields};

/// How a format writes values of `T`.
pub trait SerializeAs<T: ?Sized> {
    /// Serializes `value` in this format.
    fn serialize_as<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
}

/// How a format reads values of `T`.
pub trait DeserializeAs<'de, T>: Sized {
    /// Deserializes a value in this format.
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;

    /// The value of an absent record field without a default: an error.
    #[inline]
    fn absent<E: de::Error>(name: &'static str) -> Result<T, E> {
        Err(E::missing_field(name))
    }
}

/// The format of values whose serde impls are their encoding (the identity).
pub struct Serde;

impl<T: Serialize + ?Sized> SerializeAs<T> for Serde {
    #[inline]
    fn serialize_as<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> DeserializeAs<'de, T> for Serde {
    #[inline]
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }

    /// An error, except for an `Option`, which reads as `None` (what serde's derive does).
    #[inline]
    fn absent<E: de::Error>(name: &'static str) -> Result<T, E> {
        missing(None, name)
    }
}

/// The entry points serde's `serialize_with` / `deserialize_with` name: `As::<F>::serialize`.
pub struct As<F: ?Sized>(PhantomData<F>);

impl<F: ?Sized> As<F> {
    /// Serializes `value` in format `F`.
    pub fn serialize<S: Serializer, T: ?Sized>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
    where
        F: SerializeAs<T>,
    {
        F::serialize_as(value, serializer)
    }

    /// Deserializes a value in format `F`.
    pub fn deserialize<'de, D: Deserializer<'de>, T>(deserializer: D) -> Result<T, D::Error>
    where
        F: DeserializeAs<'de, T>,
    {
        F::deserialize_as(deserializer)
    }
}

/// `value` written in format `F`: what generated `Serialize` impls pass to `serialize_field`.
pub struct With<'a, F: ?Sized, T: ?Sized>(&'a T, PhantomData<F>);

impl<'a, F: ?Sized, T: ?Sized> With<'a, F, T> {
    /// Wraps `value`.
    #[inline]
    pub fn new(value: &'a T) -> Self {
        With(value, PhantomData)
    }
}

impl<F: SerializeAs<T> + ?Sized, T: ?Sized> Serialize for With<'_, F, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        F::serialize_as(self.0, serializer)
    }
}

struct Read<F, T>(T, PhantomData<F>);

impl<'de, F: DeserializeAs<'de, T>, T> Deserialize<'de> for Read<F, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        F::deserialize_as(deserializer).map(|v| Read(v, PhantomData))
    }
}

/// `T?` whose `T` has format `F`: `null` or the value.
pub struct Opt<F>(PhantomData<F>);
/// `list<T>` whose items have format `F`.
pub struct List<F>(PhantomData<F>);
/// `map<T>` whose values have format `F`.
pub struct Map<F>(PhantomData<F>);

impl<F: SerializeAs<T>, T> SerializeAs<Option<T>> for Opt<F> {
    fn serialize_as<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            None => serializer.serialize_none(),
            Some(v) => serializer.serialize_some(&With::<F, T>(v, PhantomData)),
        }
    }
}

impl<'de, F: DeserializeAs<'de, T>, T> DeserializeAs<'de, Option<T>> for Opt<F> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<Read<F, T>>::deserialize(deserializer)?.map(|r| r.0))
    }
}

impl<F: SerializeAs<T>, T> SerializeAs<Vec<T>> for List<F> {
    fn serialize_as<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(value.len()))?;
        for item in value {
            seq.serialize_element(&With::<F, T>(item, PhantomData))?;
        }
        seq.end()
    }
}

impl<'de, F: DeserializeAs<'de, T>, T> DeserializeAs<'de, Vec<T>> for List<F> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        struct Items<F, T>(PhantomData<(F, T)>);
        impl<'de, F: DeserializeAs<'de, T>, T> Visitor<'de> for Items<F, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element::<Read<F, T>>()? {
                    items.push(item.0);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(Items::<F, T>(PhantomData))
    }
}

impl<F: SerializeAs<T>, T> SerializeAs<IndexMap<String, T>> for Map<F> {
    fn serialize_as<S: Serializer>(
        value: &IndexMap<String, T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(value.len()))?;
        for (k, v) in value {
            map.serialize_entry(k, &With::<F, T>(v, PhantomData))?;
        }
        map.end()
    }
}

impl<'de, F: DeserializeAs<'de, T>, T> DeserializeAs<'de, IndexMap<String, T>> for Map<F> {
    fn deserialize_as<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<IndexMap<String, T>, D::Error> {
        struct Entries<F, T>(PhantomData<(F, T)>);
        impl<'de, F: DeserializeAs<'de, T>, T> Visitor<'de> for Entries<F, T> {
            type Value = IndexMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = IndexMap::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some((k, v)) = map.next_entry::<String, Read<F, T>>()? {
                    out.insert(k, v.0);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Entries::<F, T>(PhantomData))
    }
}

// ---- floats ---------------------------------------------------------------------------------

/// `float` and `double`: shortest round-trip numbers; `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub struct Float;

fn special(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value.is_infinite() {
        Some(if value > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        None
    }
}

impl SerializeAs<f64> for Float {
    fn serialize_as<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        match special(*value) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*value),
        }
    }
}

impl SerializeAs<f32> for Float {
    /// The shortest digits of the 32-bit value, laid out as a double's (`serialize_f32` would
    /// switch to exponents at other magnitudes than the encoding says).
    fn serialize_as<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match special(f64::from(*value)) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(shortest_f32_as_f64(*value)),
        }
    }
}

/// The double whose shortest digits are the shortest digits of `value` as a 32-bit float
/// (`0.1` for the float nearest 0.1, not `0.10000000149011612`).
fn shortest_f32_as_f64(value: f32) -> f64 {
    format!("{value:e}").parse().unwrap_or(f64::from(value))
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

impl<'de> DeserializeAs<'de, f64> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl<'de> DeserializeAs<'de, f32> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        let value = deserializer.deserialize_any(FloatVisitor)?;
        let single = value as f32;
        if value.is_finite() && single.is_infinite() {
            return Err(de::Error::custom(format!(
                "{value} is outside the range of float"
            )));
        }
        Ok(single)
    }
}

// ---- bytes ----------------------------------------------------------------------------------

/// `bytes` and `fixed(n)`: standard base64 with padding.
pub struct Base64;

fn base64_decode<E: de::Error>(text: &str) -> Result<Vec<u8>, E> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| E::custom(format!("invalid base64: {e}")))
}

fn string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    <std::borrow::Cow<'de, str>>::deserialize(deserializer)
}

impl SerializeAs<Vec<u8>> for Base64 {
    fn serialize_as<S: Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(value))
    }
}

impl<'de> DeserializeAs<'de, Vec<u8>> for Base64 {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        base64_decode(&string(deserializer)?)
    }
}

impl<const N: usize> SerializeAs<[u8; N]> for Base64 {
    fn serialize_as<S: Serializer>(value: &[u8; N], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(value))
    }
}

impl<'de, const N: usize> DeserializeAs<'de, [u8; N]> for Base64 {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<[u8; N], D::Error> {
        let bytes = base64_decode::<D::Error>(&string(deserializer)?)?;
        let len = bytes.len();
        bytes
            .try_into()
            .map_err(|_| de::Error::custom(format!("expected {N} bytes, found {len}")))
    }
}

// ---- dates and times ------------------------------------------------------------------------

macro_rules! text_format {
    ($(#[$doc:meta])* $name:ident, $ty:ty, $write:expr, $read:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl SerializeAs<$ty> for $name {
            fn serialize_as<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                let text: crate::Result<String> = $write(value);
                serializer.serialize_str(&text.map_err(serde::ser::Error::custom)?)
            }
        }

        impl<'de> DeserializeAs<'de, $ty> for $name {
            fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                let text = string(deserializer)?;
                let value: crate::Result<$ty> = $read(&*text);
                value.map_err(de::Error::custom)
            }
        }
    };
}

text_format!(
    /// `date`: `YYYY-MM-DD`.
    Date, NaiveDate, time::date_text, time::parse_date
);
text_format!(
    /// `time_ms`: `HH:MM:SS.mmm`.
    TimeMillis, NaiveTime,
    |v| time::time_text(v, Unit::Millis),
    |t| time::parse_time(t, Unit::Millis)
);
text_format!(
    /// `time_us`: `HH:MM:SS.uuuuuu`.
    TimeMicros, NaiveTime,
    |v| time::time_text(v, Unit::Micros),
    |t| time::parse_time(t, Unit::Micros)
);
text_format!(
    /// `timestamp_ms`: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    TimestampMillis, DateTime<Utc>,
    |v| time::timestamp_text(v, Unit::Millis),
    |t| time::parse_timestamp(t, Unit::Millis)
);
text_format!(
    /// `timestamp_us`: `YYYY-MM-DDTHH:MM:SS.uuuuuuZ`.
    TimestampMicros, DateTime<Utc>,
    |v| time::timestamp_text(v, Unit::Micros),
    |t| time::parse_timestamp(t, Unit::Micros)
);
text_format!(
    /// `local_timestamp_ms`: `YYYY-MM-DDTHH:MM:SS.mmm`.
    LocalTimestampMillis, NaiveDateTime,
    |v| time::local_timestamp_text(v, Unit::Millis, ""),
    |t| time::parse_local_timestamp(t, Unit::Millis, "")
);
text_format!(
    /// `local_timestamp_us`: `YYYY-MM-DDTHH:MM:SS.uuuuuu`.
    LocalTimestampMicros, NaiveDateTime,
    |v| time::local_timestamp_text(v, Unit::Micros, ""),
    |t| time::parse_local_timestamp(t, Unit::Micros, "")
);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Sample {
        #[serde(
            serialize_with = "As::<Float>::serialize",
            deserialize_with = "As::<Float>::deserialize"
        )]
        f: f32,
        #[serde(
            serialize_with = "As::<List<Opt<Float>>>::serialize",
            deserialize_with = "As::<List<Opt<Float>>>::deserialize"
        )]
        d: Vec<Option<f64>>,
        #[serde(
            serialize_with = "As::<Base64>::serialize",
            deserialize_with = "As::<Base64>::deserialize"
        )]
        b: [u8; 2],
    }

    #[test]
    fn floats_and_bytes_follow_the_encoding() {
        let sample = Sample {
            f: 0.1,
            d: vec![Some(f64::NAN), None, Some(1e16), Some(-0.0), Some(1e-7)],
            b: [0, 255],
        };
        let text = serde_json::to_string(&sample).unwrap();
        assert_eq!(
            text,
            r#"{"f":0.1,"d":["NaN",null,1e+16,-0.0,1e-7],"b":"AP8="}"#
        );
        let back: Sample = serde_json::from_str(&text).unwrap();
        assert_eq!(back.b, sample.b);
        assert!(back.d[0].unwrap().is_nan());
    }

    #[test]
    fn doubles_read_back_exactly() {
        // Found by the migration property tests: without serde_json's `float_roundtrip`, the
        // last digit of these came back one unit off.
        for x in [
            -2.862045791317354e-303,
            -2.445518690044036e98,
            6.6381785719753e-187,
            5e-324,
        ] {
            let text = serde_json::to_string(&Sample {
                f: 0.0,
                d: vec![Some(x)],
                b: [0, 0],
            })
            .unwrap();
            let back: Sample = serde_json::from_str(&text).unwrap();
            assert_eq!(back.d[0].unwrap().to_bits(), f64::to_bits(x), "{text}");
        }
    }

    #[test]
    fn floats_switch_to_exponents_where_doubles_do() {
        // Found by the migration property tests: Python and the encoding write these
        // positional from 1e-5 to below 1e16, as for doubles.
        for (x, text) in [
            (-3.8604005e13f32, "-38604005000000.0"),
            (4.4734256e-6, "4.4734256e-6"),
            (1e-5, "0.00001"),
            (1e16, "1e+16"),
            (0.1, "0.1"),
        ] {
            let sample = Sample {
                f: x,
                d: vec![],
                b: [0, 0],
            };
            let json = serde_json::to_string(&sample).unwrap();
            assert!(json.starts_with(&format!("{{\"f\":{text},")), "{json}");
            let back: Sample = serde_json::from_str(&json).unwrap();
            assert_eq!(back.f.to_bits(), x.to_bits());
        }
    }
}

//! A light JSON tree for the schema parser: strings borrowed from the input text where they have
//! no escapes, objects as vectors of members (schema objects have a handful of members), so a
//! schema parses without building a `serde_json::Value` (a hash table and an owned key per
//! object). Only what the schema model keeps as values (defaults, extra attributes) is turned
//! into `Value`s.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

pub(crate) mod reader;

/// A JSON value borrowing its strings from the text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Object<'a>),
}

/// The members of a JSON object, in input order; a repeated key keeps its first position and
/// its last value, as `serde_json`'s order-preserving map does.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Object<'a> {
    members: Vec<(Cow<'a, str>, Json<'a>)>,
}

/// Objects with more members than this find repeated keys through a hash map.
const LINEAR_DEDUP: usize = 16;

impl<'a> Object<'a> {
    /// The value of member `key`.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.members
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
    }

    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json<'a>)> {
        self.members.iter().map(|(k, v)| (k.as_ref(), v))
    }

    fn from_members(mut members: Vec<(Cow<'a, str>, Json<'a>)>) -> Object<'a> {
        if members.len() <= LINEAR_DEDUP {
            let mut i = 1;
            while i < members.len() {
                match members[..i].iter().position(|(k, _)| *k == members[i].0) {
                    Some(first) => {
                        let (_, value) = members.remove(i);
                        members[first].1 = value;
                    }
                    None => i += 1,
                }
            }
            return Object { members };
        }
        let mut kept: Vec<(Cow<'a, str>, Json<'a>)> = Vec::with_capacity(members.len());
        let mut index: HashMap<Cow<'a, str>, usize> = HashMap::with_capacity(members.len());
        for (key, value) in members {
            match index.get(&key) {
                Some(&at) => kept[at].1 = value,
                None => {
                    index.insert(key.clone(), kept.len());
                    kept.push((key, value));
                }
            }
        }
        Object { members: kept }
    }

    /// The object as a `serde_json` map.
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.to_value()))
            .collect()
    }
}

impl<'a> Json<'a> {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// The value as a `serde_json::Value` (numbers keep their integer or float class).
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.to_string()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(object) => Value::Object(object.to_map()),
        }
    }

    /// A view of a `serde_json::Value`, borrowing its strings.
    pub fn from_value(value: &'a Value) -> Json<'a> {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(Object {
                members: map
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::from_value(v)))
                    .collect(),
            }),
        }
    }
}

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_value())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Json<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json<'a>, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

/// A member key, borrowed where the text allows.
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'a>, D::Error> {
        deserializer
            .deserialize_str(JsonVisitor)
            .and_then(|json| match json {
                Json::String(text) => Ok(Key(text)),
                _ => Err(serde::de::Error::custom("object key is not a string")),
            })
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Json<'de>, E> {
        Number::from_f64(n)
            .map(Json::Number)
            .ok_or_else(|| E::custom("number is not finite"))
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(text.to_string())))
    }

    fn visit_string<E>(self, text: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(text)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(16));
        while let Some((Key(key), value)) = map.next_entry::<Key, Json>()? {
            members.push((key, value));
        }
        Ok(Json::Object(Object::from_members(members)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_like_serde_json_values() {
        let text =
            r#"{"a": 1, "b": [true, null, -2, 1.5, "x\"y"], "a": {"c": 18446744073709551615}}"#;
        let json: Json = serde_json::from_str(text).unwrap();
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            json.to_value(),
            value,
            "repeated keys: first position, last value"
        );
        assert_eq!(Json::from_value(&value).to_value(), value);
        let Json::Object(object) = &json else {
            panic!()
        };
        assert_eq!(
            object.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn many_repeated_keys_keep_the_last_value() {
        let members: Vec<String> = (0..40).map(|i| format!("\"k{}\": {i}", i % 20)).collect();
        let text = format!("{{{}}}", members.join(","));
        let json: Json = serde_json::from_str(&text).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json.to_value(), value);
        assert_eq!(value["k3"], json!(23));
    }

    #[test]
    fn unescaped_strings_are_borrowed() {
        let json: Json = serde_json::from_str(r#"["plain", "esc\n"]"#).unwrap();
        let Json::Array(items) = json else { panic!() };
        assert!(matches!(items[0], Json::String(Cow::Borrowed("plain"))));
        assert!(matches!(&items[1], Json::String(Cow::Owned(s)) if s == "esc\n"));
    }
}

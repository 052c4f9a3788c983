//! Helpers shared by the migration tests: apache-avro schemas and values.

use apache_avro::types::Value;
use apache_avro::Schema;
use serde_json::Value as Json;

/// Equality of Avro values, NaN equal to NaN.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::Double(x), Value::Double(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::Union(i, x), Value::Union(j, y)) => i == j && same(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same(a, b)))
        }
        (Value::Record(x), Value::Record(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && same(a, b))
        }
        _ => a == b,
    }
}

/// Parses a schema in apache-avro 0.21, which rejects every default of a `decimal` field (see
/// `compiler/tests/avro_target.rs`): those defaults are removed, so that resolution of a field
/// taking one fails there and the case is not compared. The flag says whether any was removed.
pub fn parse(schema: &str) -> (Schema, bool) {
    fn strip(schema: &mut Json) {
        match schema {
            Json::Object(map) => {
                if map.get("type").and_then(|t| t.get("logicalType"))
                    == Some(&Json::String("decimal".into()))
                {
                    map.remove("default");
                }
                map.values_mut().for_each(strip);
            }
            Json::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    match Schema::parse_str(schema) {
        Ok(parsed) => (parsed, false),
        Err(_) => {
            let mut json: Json = serde_json::from_str(schema).unwrap();
            strip(&mut json);
            (Schema::parse_str(&json.to_string()).unwrap(), true)
        }
    }
}

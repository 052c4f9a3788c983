//! The JSON encoding of data, as `docs/json-encoding.md` defines it: [`to_json`] turns a
//! [`Datum`] of a type into JSON, and [`canonical`] gives its canonical bytes.

use super::datum::{
    check_map_keys, check_symbol, choose_branch, record_fields, shape, Datum, EncodeError, Shape,
};
use crate::avro::calendar::civil_from_days;
use crate::avro::decimal::{unscaled_digits, unscaled_text};
use crate::ir::Branch;
use crate::ir::*;
use base64::Engine as _;
use serde_json::{Map, Number, Value as Json};

/// Days from 1970-01-01 to 0001-01-01, the first representable date.
pub const MIN_DAYS: i64 = -719_162;
/// Days from 1970-01-01 to 9999-12-31, the last representable date.
pub const MAX_DAYS: i64 = 2_932_896;
const SECONDS_PER_DAY: i64 = 86_400;

/// The JSON of `datum` as a value of `ty` (see `docs/json-encoding.md`).
pub fn to_json(model: &Model, ty: &Type, datum: &Datum) -> Result<Json, EncodeError> {
    value_json(model, ty, None, datum)
}

/// The JSON of `datum` as the value of `field` (its declared default orders union branches, so
/// [`Datum::Union`] indexes are wire positions of the field's schema).
pub fn field_to_json(model: &Model, field: &Field, datum: &Datum) -> Result<Json, EncodeError> {
    value_json(model, &field.ty, field.default.as_ref(), datum)
}

/// The JSON of a field's declared default, if it has one.
pub fn default_json(model: &Model, field: &Field) -> Option<Result<Json, EncodeError>> {
    let default = field.default.as_ref()?;
    let datum = super::datum::from_value(model, &field.ty, Some(default), default);
    Some(datum.and_then(|d| field_to_json(model, field, &d)))
}

/// The canonical text of a JSON value: compact, keys in the order held, UTF-8.
pub fn canonical(json: &Json) -> String {
    json.to_string()
}

/// The tag of a union branch in JSON: the Avro name of its wire type (`"string"`, `"long"`,
/// `"array"`, `"map"`, `"bytes"`, ... or the full name of a record, enum or fixed). Newtypes
/// are tagged as their underlying type; logical types as their primitive.
pub fn branch_tag(model: &Model, ty: &Type) -> String {
    crate::ir::wire_kind(model, ty)
}

fn value_json(
    model: &Model,
    ty: &Type,
    default: Option<&Value>,
    datum: &Datum,
) -> Result<Json, EncodeError> {
    match shape(model, ty, default)? {
        Shape::Scalar(scalar) => scalar_json(scalar, datum),
        Shape::Decimal(decimal, size) => decimal_json(decimal, size, datum),
        Shape::List(item) => match datum {
            Datum::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    value_json(model, item, None, d).map_err(|e| e.within(&format!("[{i}]")))
                })
                .collect::<Result<_, _>>()
                .map(Json::Array),
            other => Err(EncodeError::mismatch("an array", other)),
        },
        Shape::Map(item) => match datum {
            Datum::Map(entries) => {
                check_map_keys(entries)?;
                entries
                    .iter()
                    .map(|(k, d)| {
                        let value = value_json(model, item, None, d)
                            .map_err(|e| e.within(&format!("[{k:?}]")))?;
                        Ok((k.clone(), value))
                    })
                    .collect::<Result<Map<_, _>, _>>()
                    .map(Json::Object)
            }
            other => Err(EncodeError::mismatch("a map", other)),
        },
        Shape::Union(branches) => union_json(model, &branches, datum),
        Shape::Record(fields) => match datum {
            Datum::Record(entries) => {
                let mut object = Map::new();
                for (field, d) in record_fields(fields, entries)? {
                    let value = value_json(model, &field.ty, field.default.as_ref(), d)
                        .map_err(|e| e.within(&field.name))?;
                    object.insert(field.name.clone(), value);
                }
                Ok(Json::Object(object))
            }
            other => Err(EncodeError::mismatch("a record", other)),
        },
        Shape::Enum(e) => match datum {
            Datum::Enum(index, symbol) => {
                check_symbol(e, *index, symbol)?;
                Ok(Json::String(symbol.clone()))
            }
            other => Err(EncodeError::mismatch("an enum symbol", other)),
        },
        Shape::Fixed(size) => match datum {
            Datum::Fixed(bytes) if bytes.len() == size => Ok(Json::String(base64(bytes))),
            Datum::Fixed(bytes) => Err(EncodeError::new(format!(
                "fixed of {size} bytes given {} bytes",
                bytes.len()
            ))),
            other => Err(EncodeError::mismatch("fixed bytes", other)),
        },
    }
}

/// `null` for the null branch, the plain value of an optional's single value branch, and
/// `{"<tag>": value}` for a branch of a union.
fn union_json(model: &Model, branches: &[Branch], datum: &Datum) -> Result<Json, EncodeError> {
    let (_, branch, inner) = choose_branch(branches, datum)?;
    let Branch::Value(ty) = branch else {
        return match inner {
            Datum::Null => Ok(Json::Null),
            other => Err(EncodeError::mismatch("null", other)),
        };
    };
    let value = value_json(model, ty, None, inner)?;
    let values = branches.iter().filter(|b| **b != Branch::Null).count();
    let tagged = values > 1 || !branches.contains(&Branch::Null);
    if !tagged {
        return Ok(value);
    }
    let mut object = Map::new();
    object.insert(branch_tag(model, ty), value);
    Ok(Json::Object(object))
}

fn scalar_json(scalar: Scalar, datum: &Datum) -> Result<Json, EncodeError> {
    let expected = || format!("a `{}` ({} datum)", scalar.name(), scalar.avro_primitive());
    let text = |r: Result<String, EncodeError>| r.map(Json::String);
    match (scalar, datum) {
        (Scalar::Null, Datum::Null) => Ok(Json::Null),
        (Scalar::Bool, Datum::Bool(b)) => Ok(Json::Bool(*b)),
        (Scalar::Int, Datum::Int(i)) => Ok(Json::from(*i)),
        (Scalar::Long, Datum::Long(i)) => Ok(Json::from(*i)),
        (Scalar::Float, Datum::Float(f)) => Ok(float_json(f32_as_f64(*f))),
        (Scalar::Double, Datum::Double(f)) => Ok(float_json(*f)),
        (Scalar::String, Datum::String(s)) => Ok(Json::String(s.clone())),
        (Scalar::Bytes, Datum::Bytes(b)) => Ok(Json::String(base64(b))),
        (Scalar::Uuid, Datum::String(s)) => text(uuid_text(s)),
        (Scalar::Date, Datum::Int(days)) => text(date_text(i64::from(*days))),
        (Scalar::TimeMs, Datum::Int(ms)) => text(time_text(i64::from(*ms), 1_000, 3)),
        (Scalar::TimeUs, Datum::Long(us)) => text(time_text(*us, 1_000_000, 6)),
        (Scalar::TimestampMs, Datum::Long(v)) => text(timestamp_text(*v, 1_000, 3, "Z")),
        (Scalar::TimestampUs, Datum::Long(v)) => text(timestamp_text(*v, 1_000_000, 6, "Z")),
        (Scalar::LocalTimestampMs, Datum::Long(v)) => text(timestamp_text(*v, 1_000, 3, "")),
        (Scalar::LocalTimestampUs, Datum::Long(v)) => text(timestamp_text(*v, 1_000_000, 6, "")),
        (_, other) => Err(EncodeError::mismatch(&expected(), other)),
    }
}

fn decimal_json(decimal: Decimal, size: Option<usize>, datum: &Datum) -> Result<Json, EncodeError> {
    let (unscaled, scale) = match datum {
        Datum::Decimal { unscaled, scale } => (unscaled.as_slice(), *scale),
        Datum::Fixed(bytes) if size == Some(bytes.len()) => (bytes.as_slice(), decimal.scale),
        other => return Err(EncodeError::mismatch("a decimal", other)),
    };
    check_decimal(decimal, size, unscaled, scale)?;
    Ok(Json::String(unscaled_text(unscaled, scale)))
}

/// Checks a decimal datum against its type: same scale, at most `precision` digits, and for
/// fixed decimals, fits in `size` bytes.
pub(crate) fn check_decimal(
    decimal: Decimal,
    size: Option<usize>,
    unscaled: &[u8],
    scale: u64,
) -> Result<(), EncodeError> {
    if scale != decimal.scale {
        return Err(EncodeError::new(format!(
            "decimal of scale {scale} given for scale {}",
            decimal.scale
        )));
    }
    if unscaled_digits(unscaled) as u64 > decimal.precision {
        return Err(EncodeError::new(format!(
            "decimal `{}` has more than {} digits",
            unscaled_text(unscaled, scale),
            decimal.precision
        )));
    }
    if let Some(size) = size {
        if crate::avro::decimal::sign_extend(unscaled, size).is_none() {
            return Err(EncodeError::new(format!(
                "decimal does not fit {size} bytes"
            )));
        }
    }
    Ok(())
}

/// A float as JSON: a number in shortest round-trip form, or `"NaN"`, `"Infinity"`,
/// `"-Infinity"`.
pub fn float_json(value: f64) -> Json {
    if value.is_nan() {
        Json::String("NaN".into())
    } else if value.is_infinite() {
        let text = if value > 0.0 { "Infinity" } else { "-Infinity" };
        Json::String(text.into())
    } else {
        Number::from_f64(value).map_or(Json::Null, Json::Number)
    }
}

/// The double whose shortest form is the shortest form of `value` as an `f32` (so `0.1f32` is
/// written `0.1`, not `0.10000000149011612`). Non-finite values are kept.
pub fn f32_as_f64(value: f32) -> f64 {
    if !value.is_finite() {
        return f64::from(value);
    }
    // `{:e}` prints the shortest digits that read back as the same f32.
    format!("{value:e}").parse().unwrap_or(f64::from(value))
}

/// Standard base64 with padding (RFC 4648 section 4).
pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A uuid in canonical lowercase 8-4-4-4-12 form.
pub fn uuid_text(text: &str) -> Result<String, EncodeError> {
    let groups: Vec<&str> = text.split('-').collect();
    let valid = groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    if valid {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(EncodeError::new(format!("`{text}` is not a uuid")))
    }
}

/// A date `YYYY-MM-DD` from days since 1970-01-01; years 0001..9999 only.
pub fn date_text(days: i64) -> Result<String, EncodeError> {
    check_days(days)?;
    let (year, month, day) = civil_from_days(days);
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

/// A time of day `HH:MM:SS.f` with `digits` fraction digits, from units (`per_second` a second)
/// after midnight; 00:00:00 up to the last unit before 24:00:00 only.
pub fn time_text(value: i64, per_second: i64, digits: usize) -> Result<String, EncodeError> {
    if !(0..SECONDS_PER_DAY * per_second).contains(&value) {
        return Err(EncodeError::new(format!(
            "time {value} is outside one day (0..{})",
            SECONDS_PER_DAY * per_second
        )));
    }
    Ok(clock_text(value, per_second, digits))
}

/// A timestamp `YYYY-MM-DDTHH:MM:SS.f` + `zone` with `digits` fraction digits, from units
/// (`per_second` a second) since 1970-01-01T00:00:00; years 0001..9999 only.
pub fn timestamp_text(
    value: i64,
    per_second: i64,
    digits: usize,
    zone: &str,
) -> Result<String, EncodeError> {
    let per_day = SECONDS_PER_DAY * per_second;
    let days = value.div_euclid(per_day);
    check_days(days).map_err(|_| {
        EncodeError::new(format!(
            "timestamp {value} is outside years 0001..9999, which JSON cannot represent"
        ))
    })?;
    let date = date_text(days)?;
    let clock = clock_text(value.rem_euclid(per_day), per_second, digits);
    Ok(format!("{date}T{clock}{zone}"))
}

fn clock_text(value: i64, per_second: i64, digits: usize) -> String {
    let (seconds, fraction) = (value / per_second, value % per_second);
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    format!("{hours:02}:{minutes:02}:{seconds:02}.{fraction:0digits$}")
}

fn check_days(days: i64) -> Result<(), EncodeError> {
    if (MIN_DAYS..=MAX_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(EncodeError::new(format!(
            "date {days} (days since 1970-01-01) is outside years 0001..9999, which JSON cannot represent"
        )))
    }
}

#[cfg(test)]
mod tests;

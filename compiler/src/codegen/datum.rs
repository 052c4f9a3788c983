//! A typed value model for data (not schemas): what one value of a type version holds, in the
//! physical form Avro stores it. Both data encoders (JSON in [`super::json_encoding`], Avro binary in
//! [`super::avro_binary`]) and the test vectors ([`super::vectors`]) work on [`Datum`].
//!
//! Logical types are held as their physical value: `uuid` as [`Datum::String`], `date` and
//! `time_ms` as [`Datum::Int`], `time_us` and every timestamp as [`Datum::Long`]. Decimals (on
//! bytes or on fixed) are [`Datum::Decimal`].

use crate::avro::decimal::unscaled_bytes;
use crate::ir::*;
use crate::ir::{union_branches, Branch};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One value of a type, in Avro's physical form.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    /// `null`: the null branch of an optional.
    Null,
    /// `bool`.
    Bool(bool),
    /// `int`, `date` (days since 1970-01-01), `time_ms` (milliseconds after midnight).
    Int(i32),
    /// `long`, `time_us`, and every timestamp (units since 1970-01-01T00:00:00).
    Long(i64),
    /// `float`.
    Float(f32),
    /// `double`.
    Double(f64),
    /// `string` and `uuid`.
    String(String),
    /// `bytes`.
    Bytes(Vec<u8>),
    /// A fixed type without decimal: exactly `size` bytes.
    Fixed(Vec<u8>),
    /// An enum symbol: its index in the type's symbol list, and the symbol (they must agree).
    Enum(u32, String),
    /// `list<T>`.
    Array(Vec<Datum>),
    /// `map<T>`: entries in order; keys are unique.
    Map(Vec<(String, Datum)>),
    /// A record: every field by its wire name (written in declaration order whatever the order
    /// here).
    Record(Vec<(String, Datum)>),
    /// A branch of a union or optional: the branch's position in wire order
    /// ([`union_branches`], the null of an optional included), and its value.
    ///
    /// For optionals two shorthands are accepted as well: [`Datum::Null`] for the null branch,
    /// and, for `T?` where `T` is not a union, the plain value of `T`.
    Union(usize, Box<Datum>),
    /// A decimal (on bytes or on fixed): the unscaled integer in big-endian two's complement
    /// (any width; encoders normalize it) and its scale, which must equal the type's scale.
    Decimal {
        /// Unscaled integer, big-endian two's complement.
        unscaled: Vec<u8>,
        /// Digits after the point.
        scale: u64,
    },
}

impl Datum {
    /// A decimal from its text (e.g. `"-12.50"`) at `scale`, or `None` when the text is not a
    /// decimal with at most `scale` fraction digits.
    pub fn decimal(text: &str, scale: u64) -> Option<Datum> {
        let unscaled = unscaled_bytes(text, scale, None)?;
        Some(Datum::Decimal { unscaled, scale })
    }

    /// What kind of datum this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Datum::Null => "null",
            Datum::Bool(_) => "bool",
            Datum::Int(_) => "int",
            Datum::Long(_) => "long",
            Datum::Float(_) => "float",
            Datum::Double(_) => "double",
            Datum::String(_) => "string",
            Datum::Bytes(_) => "bytes",
            Datum::Fixed(_) => "fixed",
            Datum::Enum(..) => "enum",
            Datum::Array(_) => "array",
            Datum::Map(_) => "map",
            Datum::Record(_) => "record",
            Datum::Union(..) => "union",
            Datum::Decimal { .. } => "decimal",
        }
    }
}

/// Why a datum cannot be encoded as a type: it does not fit the type, or is out of the range
/// the encoding can represent (e.g. a timestamp outside years 0001..9999 in JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    /// Where in the value, e.g. `payload.lines[1].sku` (empty at the root).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl EncodeError {
    /// An error at the current position.
    pub fn new(message: impl Into<String>) -> EncodeError {
        EncodeError {
            path: String::new(),
            message: message.into(),
        }
    }

    /// The same error seen from the enclosing value: `segment` is a field name or `[index]`.
    pub fn within(mut self, segment: &str) -> EncodeError {
        self.path = if self.path.is_empty() || self.path.starts_with('[') {
            format!("{segment}{}", self.path)
        } else {
            format!("{segment}.{}", self.path)
        };
        self
    }

    /// A datum of the wrong kind for `expected`.
    pub fn mismatch(expected: &str, found: &Datum) -> EncodeError {
        EncodeError::new(format!(
            "expected {expected}, found a {} datum",
            found.kind()
        ))
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for EncodeError {}

/// A type with newtypes unwrapped and named types resolved: what the encoders dispatch on.
#[derive(Debug, Clone)]
pub(crate) enum Shape<'m> {
    /// A primitive or logical scalar.
    Scalar(Scalar),
    /// A decimal; `Some(size)` when held in fixed bytes.
    Decimal(Decimal, Option<usize>),
    /// A list of the item type.
    List(&'m Type),
    /// A map of the value type.
    Map(&'m Type),
    /// An optional or union, branches in wire order.
    Union(Vec<Branch<'m>>),
    /// A record's fields.
    Record(&'m [Field]),
    /// An enum's symbols.
    Enum(&'m EnumDef),
    /// Fixed bytes of this size.
    Fixed(usize),
}

/// The shape of `ty`; `default` (the declared default of the field holding it) decides the wire
/// order of union branches.
pub(crate) fn shape<'m>(
    model: &'m Model,
    ty: &'m Type,
    default: Option<&Value>,
) -> Result<Shape<'m>, EncodeError> {
    Ok(match ty {
        Type::Scalar(scalar) => Shape::Scalar(*scalar),
        Type::Decimal(decimal) => Shape::Decimal(*decimal, None),
        Type::List(item) => Shape::List(item),
        Type::Map(value) => Shape::Map(value),
        Type::Optional(..) | Type::Union(_) => Shape::Union(union_branches(model, ty, default)),
        Type::Named(reference) => {
            let Some((_, version)) = model.resolve(reference) else {
                return Err(EncodeError::new(format!("unknown type `{ty}`")));
            };
            match &version.body {
                Body::Newtype(inner) => return shape(model, inner, default),
                Body::Record(fields) => Shape::Record(fields),
                Body::Enum(e) => Shape::Enum(e),
                Body::Fixed(FixedDef {
                    size,
                    decimal: Some(d),
                    ..
                }) => Shape::Decimal(*d, Some(*size as usize)),
                Body::Fixed(fixed) => Shape::Fixed(fixed.size as usize),
            }
        }
    })
}

/// Which branch of a union `datum` is: its wire index, the branch, and the branch's value.
/// Accepts [`Datum::Union`] and the optional shorthands (see [`Datum::Union`]).
pub(crate) fn choose_branch<'d, 'm>(
    branches: &[Branch<'m>],
    datum: &'d Datum,
) -> Result<(usize, Branch<'m>, &'d Datum), EncodeError> {
    let null = branches.iter().position(|b| *b == Branch::Null);
    let values: Vec<usize> = (0..branches.len()).filter(|i| Some(*i) != null).collect();
    let index = match datum {
        Datum::Union(index, inner) => {
            let branch = branches.get(*index).ok_or_else(|| {
                EncodeError::new(format!(
                    "union branch {index} does not exist ({} branches)",
                    branches.len()
                ))
            })?;
            return Ok((*index, *branch, inner));
        }
        Datum::Null => {
            null.ok_or_else(|| EncodeError::new("null is not a branch of this union"))?
        }
        _ if null.is_some() && values.len() == 1 => values[0],
        other => {
            return Err(EncodeError::mismatch(
                "a union branch (Datum::Union)",
                other,
            ))
        }
    };
    Ok((index, branches[index], datum))
}

/// The index of `symbol` in `e`, checked against `index`.
pub(crate) fn check_symbol(e: &EnumDef, index: u32, symbol: &str) -> Result<(), EncodeError> {
    match e.symbols.get(index as usize) {
        Some(s) if s.name == symbol => Ok(()),
        Some(s) => Err(EncodeError::new(format!(
            "enum index {index} is `{}`, not `{symbol}`",
            s.name
        ))),
        None => Err(EncodeError::new(format!(
            "enum index {index} is out of range ({} symbols)",
            e.symbols.len()
        ))),
    }
}

/// The fields of a record datum in declaration order; every field must be present, once.
/// Linear in the number of fields (entries in declaration order are matched pairwise, others
/// through a table of their names), so that a record of many thousand fields stays fast.
pub(crate) fn record_fields<'d, 'm>(
    fields: &'m [Field],
    entries: &'d [(String, Datum)],
) -> Result<Vec<(&'m Field, &'d Datum)>, EncodeError> {
    let in_order = fields.len() == entries.len()
        && fields
            .iter()
            .zip(entries)
            .all(|(f, (name, _))| f.name == *name);
    if in_order {
        return Ok(fields.iter().zip(entries.iter().map(|(_, d)| d)).collect());
    }
    let known: HashSet<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    if let Some((unknown, _)) = entries
        .iter()
        .find(|(name, _)| !known.contains(name.as_str()))
    {
        return Err(EncodeError::new(format!(
            "the record has no field `{unknown}`"
        )));
    }
    let mut given: HashMap<&str, Vec<&'d Datum>> = HashMap::new();
    for (name, datum) in entries {
        given.entry(name.as_str()).or_default().push(datum);
    }
    fields
        .iter()
        .map(
            |field| match given.get(field.name.as_str()).map(Vec::as_slice) {
                Some([datum]) => Ok((field, *datum)),
                None | Some([]) => Err(EncodeError::new(format!(
                    "field `{}` is missing",
                    field.name
                ))),
                Some(_) => Err(EncodeError::new(format!(
                    "field `{}` is given twice",
                    field.name
                ))),
            },
        )
        .collect()
}

/// Map entries, checked for duplicate keys.
pub(crate) fn check_map_keys(entries: &[(String, Datum)]) -> Result<(), EncodeError> {
    let mut seen = std::collections::HashSet::new();
    match entries.iter().find(|(key, _)| !seen.insert(key.as_str())) {
        Some((key, _)) => Err(EncodeError::new(format!("map key `{key}` is given twice"))),
        None => Ok(()),
    }
}

/// The datum of a (validated) contract literal, e.g. a field default, as a value of `ty`;
/// `default` is the declared default of the field holding `ty` (it orders union branches).
/// Literals follow the contract language: times as integers, decimals as strings, bytes and
/// fixed as one char U+0000..U+00FF per byte.
pub fn from_value(
    model: &Model,
    ty: &Type,
    default: Option<&Value>,
    value: &Value,
) -> Result<Datum, EncodeError> {
    match shape(model, ty, default)? {
        Shape::Scalar(scalar) => scalar_from_value(scalar, value),
        Shape::Decimal(decimal, _) => match value {
            Value::String(text) => Datum::decimal(text, decimal.scale)
                .ok_or_else(|| EncodeError::new(format!("`{text}` is not a decimal"))),
            _ => Err(EncodeError::new("expected a decimal string")),
        },
        Shape::List(item) => match value {
            Value::List(items) => items
                .iter()
                .map(|v| from_value(model, item, None, v))
                .collect::<Result<_, _>>()
                .map(Datum::Array),
            _ => Err(EncodeError::new("expected a list")),
        },
        Shape::Map(item) => match value {
            Value::Object(entries) => entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), from_value(model, item, None, v)?)))
                .collect::<Result<_, _>>()
                .map(Datum::Map),
            _ => Err(EncodeError::new("expected a map")),
        },
        Shape::Union(branches) => union_from_value(model, &branches, value),
        Shape::Record(fields) => record_from_value(model, fields, value),
        Shape::Enum(e) => match value {
            Value::Symbol(symbol) => e
                .symbols
                .iter()
                .position(|s| &s.name == symbol)
                .map(|i| Datum::Enum(i as u32, symbol.clone()))
                .ok_or_else(|| EncodeError::new(format!("`{symbol}` is not a symbol"))),
            _ => Err(EncodeError::new("expected an enum symbol")),
        },
        Shape::Fixed(size) => match latin1(value) {
            Some(bytes) if bytes.len() == size => Ok(Datum::Fixed(bytes)),
            _ => Err(EncodeError::new(format!("expected {size} bytes"))),
        },
    }
}

fn union_from_value(
    model: &Model,
    branches: &[Branch],
    value: &Value,
) -> Result<Datum, EncodeError> {
    let matching = branches.iter().enumerate().find(|(_, b)| match (b, value) {
        (Branch::Null, Value::Null) => true,
        (Branch::Value(t), v) => *v != Value::Null && crate::ir::check_value(model, t, v).is_ok(),
        _ => false,
    });
    match matching {
        Some((index, Branch::Value(t))) => Ok(Datum::Union(
            index,
            Box::new(from_value(model, t, None, value)?),
        )),
        Some((index, Branch::Null)) => Ok(Datum::Union(index, Box::new(Datum::Null))),
        None => Err(EncodeError::new("the value matches no branch")),
    }
}

fn record_from_value(model: &Model, fields: &[Field], value: &Value) -> Result<Datum, EncodeError> {
    let Value::Object(entries) = value else {
        return Err(EncodeError::new("expected a record"));
    };
    let mut out = Vec::with_capacity(fields.len());
    for field in fields {
        let given = entries
            .iter()
            .find(|(k, _)| *k == field.name)
            .map(|(_, v)| v);
        let Some(v) = given.or(field.default.as_ref()) else {
            return Err(EncodeError::new(format!(
                "field `{}` is missing",
                field.name
            )));
        };
        let datum = from_value(model, &field.ty, field.default.as_ref(), v)
            .map_err(|e| e.within(&field.name))?;
        out.push((field.name.clone(), datum));
    }
    Ok(Datum::Record(out))
}

fn scalar_from_value(scalar: Scalar, value: &Value) -> Result<Datum, EncodeError> {
    let int = |v: &Value| match v {
        Value::Int(i) => Ok(*i),
        _ => Err(EncodeError::new("expected an integer")),
    };
    let out_of_range = || EncodeError::new("integer out of range");
    Ok(match (scalar.avro_primitive(), value) {
        ("null", Value::Null) => Datum::Null,
        ("boolean", Value::Bool(b)) => Datum::Bool(*b),
        ("int", v) => Datum::Int(i32::try_from(int(v)?).map_err(|_| out_of_range())?),
        ("long", v) => Datum::Long(i64::try_from(int(v)?).map_err(|_| out_of_range())?),
        ("float", Value::Int(i)) => Datum::Float(*i as f32),
        ("float", Value::Float(f)) => Datum::Float(*f as f32),
        ("double", Value::Int(i)) => Datum::Double(*i as f64),
        ("double", Value::Float(f)) => Datum::Double(*f),
        ("string", Value::String(s)) => Datum::String(s.clone()),
        ("bytes", v) => Datum::Bytes(latin1(v).ok_or_else(|| EncodeError::new("expected bytes"))?),
        _ => return Err(EncodeError::new(format!("expected a `{}`", scalar.name()))),
    })
}

/// The bytes a contract string literal stands for: one char U+0000..U+00FF per byte.
fn latin1(value: &Value) -> Option<Vec<u8>> {
    let Value::String(text) = value else {
        return None;
    };
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

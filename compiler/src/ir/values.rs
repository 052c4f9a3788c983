//! Queries on values and types of a resolved model that every later stage shares: whether a
//! value belongs to a type, what a type is on the wire (newtypes unwrapped), and the wire order of
//! a union's branches.

use super::model::*;

/// Checks that `value` is a valid value of `ty`; the error says why not.
pub fn check_value(model: &Model, ty: &Type, value: &Value) -> Result<(), String> {
    match ty {
        Type::Scalar(scalar) => check_scalar(*scalar, value),
        Type::Decimal(decimal) => check_decimal(*decimal, value),
        Type::List(item) => match value {
            Value::List(items) => items.iter().try_for_each(|v| check_value(model, item, v)),
            _ => Err("expected a list `[...]`".into()),
        },
        Type::Map(item) => match value {
            Value::Object(entries) => entries
                .iter()
                .try_for_each(|(_, v)| check_value(model, item, v)),
            _ => Err("expected a map `{ \"key\": value }`".into()),
        },
        Type::Optional(inner, _) => match value {
            Value::Null => Ok(()),
            other => check_value(model, inner, other),
        },
        Type::Union(branches) => {
            if branches
                .iter()
                .any(|b| check_value(model, b, value).is_ok())
            {
                Ok(())
            } else {
                Err("it matches no branch of the union".into())
            }
        }
        Type::Named(_) => match wire_type(model, ty) {
            Type::Named(reference) => match model.resolve(reference) {
                // Only a newtype cycle (reported as V009) ends on a newtype: no value to check.
                Some((
                    _,
                    TypeVersion {
                        body: Body::Newtype(_),
                        ..
                    },
                ))
                | None => Ok(()),
                Some((def, version)) => check_named(model, def, &version.body, value),
            },
            inner => check_value(model, inner, value),
        },
    }
}

fn check_named(model: &Model, def: &TypeDef, body: &Body, value: &Value) -> Result<(), String> {
    match body {
        Body::Newtype(inner) => check_value(model, inner, value),
        Body::Enum(e) => match value {
            Value::Symbol(s) if e.symbols.iter().any(|sym| &sym.name == s) => Ok(()),
            Value::Symbol(s) => Err(format!("`{s}` is not a symbol of `{}`", def.name)),
            _ => Err(format!("expected a symbol of `{}`", def.name)),
        },
        Body::Fixed(fixed) => match (fixed.decimal, value) {
            (Some(decimal), _) => check_decimal(decimal, value),
            (None, Value::String(s)) if latin1_len(s) == Some(fixed.size as usize) => Ok(()),
            (None, _) => Err(format!(
                "expected a string of exactly {} characters U+0000..U+00FF (one per byte)",
                fixed.size
            )),
        },
        Body::Record(fields) => check_record(model, def, fields, value),
    }
}

fn check_record(
    model: &Model,
    def: &TypeDef,
    fields: &[Field],
    value: &Value,
) -> Result<(), String> {
    let Value::Object(entries) = value else {
        return Err(format!(
            "expected a record `{{ field: value }}` of `{}`",
            def.name
        ));
    };
    if let Some((unknown, _)) = entries
        .iter()
        .find(|(k, _)| !fields.iter().any(|f| &f.name == k))
    {
        return Err(format!("`{}` has no field `{unknown}`", def.name));
    }
    for field in fields {
        match entries.iter().find(|(k, _)| k == &field.name) {
            Some((_, v)) => check_value(model, &field.ty, v)
                .map_err(|e| format!("field `{}`: {e}", field.name))?,
            None if field.default.is_some() => {}
            None => {
                return Err(format!(
                    "field `{}` is missing and has no default",
                    field.name
                ))
            }
        }
    }
    Ok(())
}

fn check_scalar(scalar: Scalar, value: &Value) -> Result<(), String> {
    let in_range = |min: i128, max: i128| match value {
        Value::Int(i) if (min..=max).contains(i) => Ok(()),
        Value::Int(i) => Err(format!("{i} is outside {min}..={max}")),
        _ => Err("expected an integer".to_string()),
    };
    match scalar {
        Scalar::Null => match value {
            Value::Null => Ok(()),
            _ => Err("expected `null`".into()),
        },
        Scalar::Bool => match value {
            Value::Bool(_) => Ok(()),
            _ => Err("expected `true` or `false`".into()),
        },
        Scalar::Int | Scalar::Date => in_range(i32::MIN.into(), i32::MAX.into()),
        Scalar::TimeMs => in_range(0, 86_399_999),
        Scalar::TimeUs => in_range(0, 86_399_999_999),
        Scalar::Long
        | Scalar::TimestampMs
        | Scalar::TimestampUs
        | Scalar::LocalTimestampMs
        | Scalar::LocalTimestampUs => in_range(i64::MIN.into(), i64::MAX.into()),
        Scalar::Float | Scalar::Double => match value {
            Value::Int(_) | Value::Float(_) => Ok(()),
            _ => Err("expected a number".into()),
        },
        Scalar::String => match value {
            Value::String(_) => Ok(()),
            _ => Err("expected a string".into()),
        },
        Scalar::Bytes => match value {
            Value::String(s) if latin1_len(s).is_some() => Ok(()),
            _ => Err("expected a string of characters U+0000..U+00FF (one per byte)".into()),
        },
        Scalar::Uuid => match value {
            Value::String(s) if is_uuid(s) => Ok(()),
            _ => Err("expected a uuid string in 8-4-4-4-12 hex form".into()),
        },
    }
}

/// Number of bytes a string stands for in Avro's JSON encoding of bytes (one per char <= U+00FF).
fn latin1_len(s: &str) -> Option<usize> {
    s.chars()
        .all(|c| (c as u32) <= 0xFF)
        .then(|| s.chars().count())
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn check_decimal(decimal: Decimal, value: &Value) -> Result<(), String> {
    let Value::String(text) = value else {
        return Err("expected a decimal written as a string, e.g. \"12.50\"".into());
    };
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(format!("`{text}` is not a decimal number"));
    }
    if fraction.len() as u64 > decimal.scale {
        return Err(format!(
            "`{text}` has more than {} digits after the point",
            decimal.scale
        ));
    }
    let significant = whole.trim_start_matches('0').len() as u64 + decimal.scale;
    if significant > decimal.precision {
        return Err(format!(
            "`{text}` needs more than {} digits",
            decimal.precision
        ));
    }
    Ok(())
}

/// The type as it is on the wire: newtypes replaced by what they wrap (a newtype of an
/// optional is an optional, one of a union a union). A newtype cycle (V009) stops the walk at
/// the named type where it closes.
pub fn wire_type<'m>(model: &'m Model, ty: &'m Type) -> &'m Type {
    let mut ty = ty;
    let mut seen: Vec<&TypeRef> = Vec::new();
    while let Type::Named(reference) = ty {
        if seen.contains(&reference) {
            break;
        }
        match model.resolve(reference) {
            Some((
                _,
                TypeVersion {
                    body: Body::Newtype(inner),
                    ..
                },
            )) => {
                seen.push(reference);
                ty = inner;
            }
            _ => break,
        }
    }
    ty
}

/// How Avro names a type when telling union branches apart.
pub fn wire_kind(model: &Model, ty: &Type) -> String {
    match wire_type(model, ty) {
        Type::Scalar(scalar) => scalar.avro_primitive().to_string(),
        Type::Decimal(_) => "bytes".to_string(),
        Type::List(_) => "array".to_string(),
        Type::Map(_) => "map".to_string(),
        Type::Optional(..) => "null".to_string(),
        Type::Union(_) => "union".to_string(),
        Type::Named(reference) => model
            .types
            .get(&reference.name)
            .map_or_else(|| reference.name.to_string(), TypeDef::avro_name),
    }
}

/// One branch of a union on the wire.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Branch<'t> {
    /// The `null` of an optional.
    Null,
    /// A value branch.
    Value(&'t Type),
}

/// The branches of an optional or union type in wire order: the branch the default belongs to
/// first (Avro requires a union default to match the first branch), the others as declared, and
/// `null` first for optionals without a non-null default. A union written with an explicit
/// `null` is in wire order as written.
pub fn union_branches<'t>(model: &Model, ty: &'t Type, default: Option<&Value>) -> Vec<Branch<'t>> {
    if let Type::Optional(inner, NullAt::Written(index)) = ty {
        return Type::written_branches(inner, *index)
            .into_iter()
            .map(|b| b.map_or(Branch::Null, Branch::Value))
            .collect();
    }
    let (values, nullable): (Vec<&Type>, bool) = match ty {
        Type::Optional(inner, _) => match &**inner {
            Type::Union(branches) => (branches.iter().collect(), true),
            other => (vec![other], true),
        },
        Type::Union(branches) => (branches.iter().collect(), false),
        other => (vec![other], false),
    };
    let mut branches: Vec<Branch> = values.into_iter().map(Branch::Value).collect();
    let default = default.filter(|v| **v != Value::Null);
    let matches = |b: &Branch| match (b, default) {
        (Branch::Value(t), Some(v)) => check_value(model, t, v).is_ok(),
        _ => false,
    };
    if let Some(index) = branches.iter().position(matches) {
        let first = branches.remove(index);
        branches.insert(0, first);
    }
    if nullable {
        let position = if default.is_some() { branches.len() } else { 0 };
        branches.insert(position, Branch::Null);
    }
    branches
}

/// The plainest valid value of `ty`, as a fix offers it for a new field's default: `null` for
/// an optional, zero, `false`, empty text and collections, an enum's default (else first)
/// symbol, a record of such values for its fields without a default. `None` for a record that
/// only contains itself (no such value exists).
pub fn neutral_value(model: &Model, ty: &Type) -> Option<Value> {
    neutral(model, ty, 0)
}

/// Deeper than any valid record nesting: a record contains itself without end.
const NEUTRAL_DEPTH: usize = 64;

fn neutral(model: &Model, ty: &Type, depth: usize) -> Option<Value> {
    if depth > NEUTRAL_DEPTH {
        return None;
    }
    match ty {
        Type::Scalar(scalar) => Some(neutral_scalar(*scalar)),
        Type::Decimal(_) => Some(Value::String("0".into())),
        Type::List(_) => Some(Value::List(Vec::new())),
        Type::Map(_) => Some(Value::Object(Vec::new())),
        Type::Optional(..) | Type::Union(_) => match union_branches(model, ty, None).first()? {
            Branch::Null => Some(Value::Null),
            Branch::Value(first) => neutral(model, first, depth + 1),
        },
        Type::Named(reference) => {
            let (_, version) = model.resolve(reference)?;
            neutral_body(model, &version.body, depth + 1)
        }
    }
}

fn neutral_body(model: &Model, body: &Body, depth: usize) -> Option<Value> {
    match body {
        Body::Newtype(inner) => neutral(model, inner, depth),
        Body::Enum(e) => {
            let symbol = e
                .default
                .clone()
                .or_else(|| Some(e.symbols.first()?.name.clone()));
            symbol.map(Value::Symbol)
        }
        Body::Fixed(fixed) if fixed.decimal.is_some() => Some(Value::String("0".into())),
        Body::Fixed(fixed) => {
            let zeros = "\0".repeat(usize::try_from(fixed.size).ok()?);
            Some(Value::String(zeros))
        }
        Body::Record(fields) => {
            let without_default = fields.iter().filter(|f| f.default.is_none());
            let entries = without_default
                .map(|f| Some((f.name.clone(), neutral(model, &f.ty, depth + 1)?)))
                .collect::<Option<Vec<_>>>()?;
            Some(Value::Object(entries))
        }
    }
}

fn neutral_scalar(scalar: Scalar) -> Value {
    match scalar {
        Scalar::Null => Value::Null,
        Scalar::Bool => Value::Bool(false),
        Scalar::Float | Scalar::Double => Value::Float(0.0),
        Scalar::String | Scalar::Bytes => Value::String(String::new()),
        Scalar::Uuid => Value::String("00000000-0000-0000-0000-000000000000".into()),
        Scalar::Int
        | Scalar::Long
        | Scalar::Date
        | Scalar::TimeMs
        | Scalar::TimeUs
        | Scalar::TimestampMs
        | Scalar::TimestampUs
        | Scalar::LocalTimestampMs
        | Scalar::LocalTimestampUs => Value::Int(0),
    }
}

//! Test vectors: for every type version, a few deterministic sample values that together reach
//! the edges of every construct (integer limits, special floats, empty and tricky strings, every
//! enum symbol and union branch, decimals at full precision, the first and last representable
//! dates, recursion at depth 0 and 2, ...).
//!
//! Each vector is one whole value built from a *profile* (a level such as "minimal" or "maximal"
//! applied everywhere in the value), so the count per type version stays small: seven level
//! profiles plus one `variant_<i>` profile per union branch / enum symbol position, duplicates
//! dropped, at most [`MAX_VECTORS`].

use super::avro::Branch;
use super::datum::{shape, Datum, Shape};
use super::decimal::unscaled_bytes;
use super::json_encoding::{canonical, to_json, MAX_DAYS, MIN_DAYS};
use crate::ir::*;
use std::collections::BTreeSet;

/// The most vectors made for one type version.
pub const MAX_VECTORS: usize = 16;

/// How deep recursive records nest in the deepest vectors (the root is depth 0).
pub const MAX_DEPTH: usize = 2;

/// One sample value of a type version.
#[derive(Debug, Clone, PartialEq)]
pub struct Vector {
    /// Stable name, unique within the type version: `minimal`, `maximal`, `lowest`, `negative`,
    /// `tiny`, `infinity`, `nan` or `variant_<i>`.
    pub name: String,
    /// The value.
    pub datum: Datum,
}

/// The vectors of one type version, in a fixed order; values equal to an earlier one (same
/// canonical JSON) are dropped.
pub fn vectors(model: &Model, root: &TypeRef) -> Vec<Vector> {
    let ty = Type::Named(root.clone());
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for profile in profiles(variant_count(model, &ty)) {
        if out.len() == MAX_VECTORS {
            break;
        }
        let datum = Generator::new(model, &profile).datum(&ty, None);
        let Ok(json) = to_json(model, &ty, &datum) else {
            continue;
        };
        if seen.insert(canonical(&json)) {
            out.push(Vector {
                name: profile.name,
                datum,
            });
        }
    }
    out
}

/// The magnitude of the values a profile uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// Zero, empty, null, the first symbol and branch, the epoch; no recursion.
    Minimal,
    /// Maximum values, non-ASCII text, two items per collection, the last symbol and branch,
    /// 9999-12-31, recursion to [`MAX_DEPTH`].
    Maximal,
    /// Minimum values, control characters and escapes in text, 0001-01-01.
    Lowest,
    /// -1 and the smallest negative decimal, the day before the epoch.
    Negative,
    /// 1 and the smallest positive decimal, the day after the epoch.
    Tiny,
}

/// Which special float a profile uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FloatEdge {
    Zero,
    Max,
    NegativeInfinity,
    NegativeZero,
    Subnormal,
    Infinity,
    NaN,
}

/// One way to fill a value.
#[derive(Debug, Clone)]
struct Profile {
    name: String,
    level: Level,
    float: FloatEdge,
    /// Picks union branch and enum symbol `i` (modulo their count) everywhere.
    variant: Option<usize>,
}

fn profiles(variants: usize) -> Vec<Profile> {
    let level = |name: &str, level, float| Profile {
        name: name.to_string(),
        level,
        float,
        variant: None,
    };
    let mut out = vec![
        level("minimal", Level::Minimal, FloatEdge::Zero),
        level("maximal", Level::Maximal, FloatEdge::Max),
        level("lowest", Level::Lowest, FloatEdge::NegativeInfinity),
        level("negative", Level::Negative, FloatEdge::NegativeZero),
        level("tiny", Level::Tiny, FloatEdge::Subnormal),
        level("infinity", Level::Maximal, FloatEdge::Infinity),
        level("nan", Level::Maximal, FloatEdge::NaN),
    ];
    out.extend((0..variants).map(|i| Profile {
        name: format!("variant_{i}"),
        level: Level::Tiny,
        float: FloatEdge::Subnormal,
        variant: Some(i),
    }));
    out
}

/// The most branches of any union and symbols of any enum `ty` reaches.
fn variant_count(model: &Model, ty: &Type) -> usize {
    let mut visited = BTreeSet::new();
    let mut count = 0;
    walk(model, ty, &mut visited, &mut |t| {
        count = count.max(match t {
            Type::Union(branches) => branches.len(),
            Type::Named(r) => match model.resolve(r).map(|(_, v)| &v.body) {
                Some(Body::Enum(e)) => e.symbols.len(),
                _ => 0,
            },
            _ => 0,
        })
    });
    count
}

/// Calls `visit` on every type `ty` reaches, each named type version once.
fn walk(model: &Model, ty: &Type, visited: &mut BTreeSet<TypeRef>, visit: &mut dyn FnMut(&Type)) {
    visit(ty);
    match ty {
        Type::Scalar(_) | Type::Decimal(_) => {}
        Type::List(inner) | Type::Map(inner) | Type::Optional(inner) => {
            walk(model, inner, visited, visit)
        }
        Type::Union(branches) => branches.iter().for_each(|b| walk(model, b, visited, visit)),
        Type::Named(reference) => {
            if !visited.insert(reference.clone()) {
                return;
            }
            match model.resolve(reference).map(|(_, v)| &v.body) {
                Some(Body::Record(fields)) => fields
                    .iter()
                    .for_each(|f| walk(model, &f.ty, visited, visit)),
                Some(Body::Newtype(inner)) => walk(model, inner, visited, visit),
                _ => {}
            }
        }
    }
}

/// Builds one value of a profile.
struct Generator<'m> {
    model: &'m Model,
    profile: &'m Profile,
    /// Records being built, outermost first.
    stack: Vec<FullName>,
}

impl<'m> Generator<'m> {
    fn new(model: &'m Model, profile: &'m Profile) -> Generator<'m> {
        Generator {
            model,
            profile,
            stack: Vec::new(),
        }
    }

    fn level(&self) -> Level {
        self.profile.level
    }

    /// How deep records may nest in this profile.
    fn depth_limit(&self) -> usize {
        match self.level() {
            Level::Minimal => 0,
            Level::Maximal => MAX_DEPTH,
            _ => 1,
        }
    }

    /// Whether a value of `ty` would nest a record deeper than the profile allows.
    fn blocked(&self, ty: &Type) -> bool {
        let limit = self.depth_limit();
        let deep: BTreeSet<&FullName> = self
            .stack
            .iter()
            .filter(|name| self.stack.iter().filter(|n| n == name).count() > limit)
            .collect();
        if deep.is_empty() {
            return false;
        }
        let mut reached = false;
        walk(self.model, ty, &mut BTreeSet::new(), &mut |t| {
            if let Type::Named(r) = t {
                reached |= deep.contains(&r.name);
            }
        });
        reached
    }

    /// Which of `count` choices (symbols, branches) to take.
    fn pick(&self, count: usize) -> usize {
        if count == 0 {
            return 0;
        }
        match (self.profile.variant, self.level()) {
            (Some(i), _) => i % count,
            (None, Level::Minimal | Level::Lowest) => 0,
            (None, Level::Maximal) => count - 1,
            (None, Level::Negative) => 1 % count,
            (None, Level::Tiny) => count / 2,
        }
    }

    fn datum(&mut self, ty: &Type, default: Option<&Value>) -> Datum {
        if let Type::Named(reference) = ty {
            if let Some((
                def,
                TypeVersion {
                    body: Body::Record(fields),
                    ..
                },
            )) = self.model.resolve(reference)
            {
                self.stack.push(def.name.clone());
                let record = self.record(fields);
                self.stack.pop();
                return record;
            }
        }
        let Ok(shape) = shape(self.model, ty, default) else {
            return Datum::Null;
        };
        match shape {
            Shape::Scalar(scalar) => self.scalar(scalar),
            Shape::Decimal(decimal, _) => self.decimal(decimal),
            Shape::List(item) => Datum::Array(self.items(item)),
            Shape::Map(item) => {
                let items = self.items(item);
                Datum::Map(self.keys().into_iter().zip(items).collect())
            }
            Shape::Union(branches) => self.union(&branches),
            Shape::Record(fields) => self.record(fields),
            Shape::Enum(e) => {
                let index = self.pick(e.symbols.len());
                Datum::Enum(index as u32, e.symbols[index].name.clone())
            }
            Shape::Fixed(size) => Datum::Fixed(self.fixed(size)),
        }
    }

    fn record(&mut self, fields: &[Field]) -> Datum {
        let fields = fields
            .iter()
            .map(|f| (f.name.clone(), self.datum(&f.ty, f.default.as_ref())))
            .collect();
        Datum::Record(fields)
    }

    fn items(&mut self, item: &Type) -> Vec<Datum> {
        let count = match self.level() {
            _ if self.blocked(item) => 0,
            Level::Minimal => 0,
            Level::Maximal => 2,
            _ => 1,
        };
        (0..count).map(|_| self.datum(item, None)).collect()
    }

    fn keys(&self) -> Vec<String> {
        let keys: &[&str] = match self.level() {
            Level::Minimal => &[],
            Level::Maximal => &["", "ключ 🔑"],
            Level::Lowest => &["\0\"\\"],
            Level::Negative => &["-1"],
            Level::Tiny => &["k"],
        };
        keys.iter().map(|k| k.to_string()).collect()
    }

    fn union(&mut self, branches: &[Branch]) -> Datum {
        let null = branches.iter().position(|b| *b == Branch::Null);
        let values: Vec<(usize, &Type)> = branches
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match b {
                Branch::Value(t) => Some((i, *t)),
                Branch::Null => None,
            })
            .collect();
        let open: Vec<(usize, &Type)> = values
            .iter()
            .copied()
            .filter(|(_, t)| !self.blocked(t))
            .collect();
        let wants_null = null.is_some() && self.level() == Level::Minimal;
        match (null, open.is_empty() || wants_null) {
            (Some(index), true) => Datum::Union(index, Box::new(Datum::Null)),
            _ => {
                let candidates = if open.is_empty() { &values } else { &open };
                let (index, ty) = candidates[self.pick(candidates.len())];
                Datum::Union(index, Box::new(self.datum(ty, None)))
            }
        }
    }

    fn scalar(&self, scalar: Scalar) -> Datum {
        let level = self.level();
        let by_level = |values: [i64; 5]| values[level as usize];
        let per_day = |unit: i64| 86_400 * unit;
        let timestamp = |unit: i64| {
            by_level([
                0,
                (MAX_DAYS + 1) * per_day(unit) - 1,
                MIN_DAYS * per_day(unit),
                -1,
                1,
            ])
        };
        let int = |values: [i64; 5]| Datum::Int(by_level(values) as i32);
        match scalar {
            Scalar::Bool => Datum::Bool(matches!(
                level,
                Level::Maximal | Level::Negative | Level::Tiny
            )),
            Scalar::Int => int([0, i32::MAX.into(), i32::MIN.into(), -1, 1]),
            Scalar::Long => Datum::Long(by_level([0, i64::MAX, i64::MIN, -1, 1])),
            Scalar::Float => Datum::Float(self.float32()),
            Scalar::Double => Datum::Double(self.float64()),
            Scalar::String => Datum::String(self.text().to_string()),
            Scalar::Bytes => Datum::Bytes(self.bytes()),
            Scalar::Uuid => Datum::String(self.uuid().to_string()),
            Scalar::Date => int([0, MAX_DAYS, MIN_DAYS, -1, 1]),
            Scalar::TimeMs => int([0, per_day(1_000) - 1, 0, 43_200_000, 1]),
            Scalar::TimeUs => {
                Datum::Long(by_level([0, per_day(1_000_000) - 1, 0, 43_200_000_000, 1]))
            }
            Scalar::TimestampMs | Scalar::LocalTimestampMs => Datum::Long(timestamp(1_000)),
            Scalar::TimestampUs | Scalar::LocalTimestampUs => Datum::Long(timestamp(1_000_000)),
        }
    }

    fn float64(&self) -> f64 {
        match self.profile.float {
            FloatEdge::Zero => 0.0,
            FloatEdge::Max => f64::MAX,
            FloatEdge::NegativeInfinity => f64::NEG_INFINITY,
            FloatEdge::NegativeZero => -0.0,
            FloatEdge::Subnormal => f64::from_bits(1),
            FloatEdge::Infinity => f64::INFINITY,
            FloatEdge::NaN => f64::NAN,
        }
    }

    fn float32(&self) -> f32 {
        match self.profile.float {
            FloatEdge::Zero => 0.0,
            FloatEdge::Max => f32::MAX,
            FloatEdge::NegativeInfinity => f32::NEG_INFINITY,
            FloatEdge::NegativeZero => -0.0,
            FloatEdge::Subnormal => f32::from_bits(1),
            FloatEdge::Infinity => f32::INFINITY,
            FloatEdge::NaN => f32::NAN,
        }
    }

    fn text(&self) -> &'static str {
        match self.level() {
            Level::Minimal => "",
            Level::Maximal => "Grüße, 世界! 🎉",
            Level::Lowest => "\0\"\\/\n\t\u{1f}\u{7f}\u{2028}'<>&",
            Level::Negative => "-1",
            Level::Tiny => "a",
        }
    }

    fn bytes(&self) -> Vec<u8> {
        match self.level() {
            Level::Minimal => vec![],
            Level::Maximal => vec![0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF],
            Level::Lowest => vec![0x00],
            Level::Negative => vec![0xFF],
            Level::Tiny => vec![0x61],
        }
    }

    fn uuid(&self) -> &'static str {
        match self.level() {
            Level::Minimal | Level::Lowest => "00000000-0000-0000-0000-000000000000",
            Level::Maximal => "ffffffff-ffff-ffff-ffff-ffffffffffff",
            Level::Negative => "123e4567-e89b-12d3-a456-426614174000",
            Level::Tiny => "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        }
    }

    fn fixed(&self, size: usize) -> Vec<u8> {
        match self.level() {
            Level::Minimal | Level::Lowest => vec![0x00; size],
            Level::Maximal => vec![0xFF; size],
            _ => (0..size).map(|i| (i * 37 + 1) as u8).collect(),
        }
    }

    /// Zero, the largest and smallest values of full precision, and one unit below and above 0.
    fn decimal(&self, decimal: Decimal) -> Datum {
        let nines = "9".repeat(decimal.precision as usize);
        let unscaled = match self.level() {
            Level::Minimal => "0".to_string(),
            Level::Maximal => nines,
            Level::Lowest => format!("-{nines}"),
            Level::Negative => "-1".to_string(),
            Level::Tiny => "1".to_string(),
        };
        Datum::Decimal {
            unscaled: unscaled_bytes(&unscaled, 0, None).unwrap_or_default(),
            scale: decimal.scale,
        }
    }
}

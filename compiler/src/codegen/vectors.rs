//! Test vectors: for every type version, a few deterministic sample values that together reach
//! the edges of every construct (integer limits, special floats, empty and tricky strings, every
//! enum symbol and union branch, decimals at full precision, the first and last representable
//! dates, recursion at depth 0 and 2, ...).
//!
//! Each vector is one whole value built from a *profile* (a level such as "minimal" or "maximal"
//! applied everywhere in the value), so the count per type version stays small: seven level
//! profiles, then `variant_<i>` vectors until every enum symbol and union branch reachable from
//! the root has appeared (each variant takes, at every choice, one not taken before); duplicates
//! are dropped and there are at most [`MAX_VECTORS`]. The special-float profiles (`infinity`,
//! `nan`) fill everything else like `tiny`, so they cost little and vanish (as duplicates) from
//! types without floats. What each vector proves is listed in docs/json-encoding.md.

use super::avro_binary::{encode_avro, single_object};
use super::datum::{shape, Datum, Shape};
use super::json_encoding::{canonical, to_json, MAX_DAYS, MIN_DAYS};
use super::{file_stem, package_dir, type_ref, GeneratedFile, Input, ACCORD_VERSION};
use crate::avro::decimal::unscaled_bytes;
use crate::ir::Branch;
use crate::ir::*;
use crate::output::FileSink;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

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
    /// Its canonical JSON text (`json_encoding::canonical`).
    pub json: String,
}

/// The vectors of one type version, in a fixed order: the level profiles, then `variant_<i>`
/// vectors while some enum symbol or union branch reachable from the root has not appeared yet
/// (each variant takes, at every choice, one not taken before, or one leading to such a choice).
/// Values equal to an earlier one (same canonical JSON) are dropped.
pub fn vectors(model: &Model, root: &TypeRef) -> Vec<Vector> {
    let ty = Type::Named(root.clone());
    let mut coverage = Coverage::new();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut keep = |name: String, datum: Datum, out: &mut Vec<Vector>| {
        let Ok(json) = to_json(model, &ty, &datum) else {
            return;
        };
        let json = canonical(&json);
        if out.len() < MAX_VECTORS && !seen.contains(&json) {
            seen.insert(json.clone());
            out.push(Vector { name, datum, json });
        }
    };
    for profile in level_profiles() {
        let datum = Generator::new(model, &profile, &mut coverage).datum(&ty, None);
        keep(profile.name, datum, &mut out);
    }
    for i in 0.. {
        if out.len() >= MAX_VECTORS || !needs(model, &ty, &coverage, &mut BTreeSet::new()) {
            break;
        }
        let before = covered(&coverage);
        let profile = variant_profile(i);
        let datum = Generator::new(model, &profile, &mut coverage).datum(&ty, None);
        if covered(&coverage) == before {
            break;
        }
        keep(profile.name, datum, &mut out);
    }
    out
}

/// A place where a value chooses: an enum type, or a union or optional type in the model (by
/// address: the same node of the same model every time).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Site {
    Enum(FullName),
    Union(usize),
}

impl Site {
    fn union(ty: &Type) -> Site {
        Site::Union(ty as *const Type as usize)
    }
}

/// The choices (symbol indexes, wire branch indexes) taken so far at each site.
type Coverage = HashMap<Site, BTreeSet<usize>>;

fn covered(coverage: &Coverage) -> usize {
    coverage.values().map(BTreeSet::len).sum()
}

fn is_open(coverage: &Coverage, site: &Site, choices: usize) -> bool {
    coverage.get(site).map_or(0, BTreeSet::len) < choices
}

/// Whether a value of `ty` can still take a choice not taken before.
fn needs(model: &Model, ty: &Type, coverage: &Coverage, visited: &mut BTreeSet<TypeRef>) -> bool {
    match ty {
        Type::Scalar(_) | Type::Decimal(_) => false,
        Type::List(inner) | Type::Map(inner) => needs(model, inner, coverage, visited),
        Type::Optional(inner, _) => {
            let branches: Vec<&Type> = match &**inner {
                Type::Union(branches) => branches.iter().collect(),
                other => vec![other],
            };
            is_open(coverage, &Site::union(ty), branches.len() + 1)
                || branches.iter().any(|b| needs(model, b, coverage, visited))
        }
        Type::Union(branches) => {
            is_open(coverage, &Site::union(ty), branches.len())
                || branches.iter().any(|b| needs(model, b, coverage, visited))
        }
        Type::Named(reference) => {
            if !visited.insert(reference.clone()) {
                return false;
            }
            match model.resolve(reference).map(|(_, v)| &v.body) {
                Some(Body::Enum(e)) => is_open(
                    coverage,
                    &Site::Enum(reference.name.clone()),
                    e.symbols.len(),
                ),
                Some(Body::Record(fields)) => fields
                    .iter()
                    .any(|f| needs(model, &f.ty, coverage, visited)),
                Some(Body::Newtype(inner)) => needs(model, inner, coverage, visited),
                _ => false,
            }
        }
    }
}

/// The magnitude of the values a profile uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// Zero, empty, null, the first symbol and branch, the epoch; no recursion.
    Minimal,
    /// Maximum values, non-ASCII text, two items per collection of the root record (one in
    /// nested records, which keeps the value's size linear in the schema's), the last symbol and
    /// branch, 9999-12-31, recursion to [`MAX_DEPTH`].
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
    /// Takes, at every choice, one not taken before (or leading to one).
    variant: bool,
}

fn level_profiles() -> Vec<Profile> {
    let level = |name: &str, level, float| Profile {
        name: name.to_string(),
        level,
        float,
        variant: false,
    };
    vec![
        level("minimal", Level::Minimal, FloatEdge::Zero),
        level("maximal", Level::Maximal, FloatEdge::Max),
        level("lowest", Level::Lowest, FloatEdge::NegativeInfinity),
        level("negative", Level::Negative, FloatEdge::NegativeZero),
        level("tiny", Level::Tiny, FloatEdge::Subnormal),
        level("infinity", Level::Tiny, FloatEdge::Infinity),
        level("nan", Level::Tiny, FloatEdge::NaN),
    ]
}

fn variant_profile(index: usize) -> Profile {
    Profile {
        name: format!("variant_{index}"),
        level: Level::Tiny,
        float: FloatEdge::Subnormal,
        variant: true,
    }
}

/// Calls `visit` on every type `ty` reaches, each named type version once.
fn walk(model: &Model, ty: &Type, visited: &mut BTreeSet<TypeRef>, visit: &mut dyn FnMut(&Type)) {
    visit(ty);
    match ty {
        Type::Scalar(_) | Type::Decimal(_) => {}
        Type::List(inner) | Type::Map(inner) | Type::Optional(inner, _) => {
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
struct Generator<'m, 'c> {
    model: &'m Model,
    profile: &'m Profile,
    /// Records being built, outermost first.
    stack: Vec<FullName>,
    /// Choices taken by this and earlier vectors.
    coverage: &'c mut Coverage,
}

impl<'m, 'c> Generator<'m, 'c> {
    fn new(
        model: &'m Model,
        profile: &'m Profile,
        coverage: &'c mut Coverage,
    ) -> Generator<'m, 'c> {
        Generator {
            model,
            profile,
            stack: Vec::new(),
            coverage,
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

    /// Which of `choices` (symbol or wire branch indexes, with the types they lead to) to take
    /// at `site`; the choice is recorded as covered.
    fn choose(&mut self, site: Site, choices: &[(usize, Option<&Type>)]) -> usize {
        let taken = self.coverage.get(&site).cloned().unwrap_or_default();
        let by_level = |count: usize| match self.level() {
            Level::Minimal | Level::Lowest => 0,
            Level::Maximal => count - 1,
            Level::Negative => 1 % count,
            Level::Tiny => count / 2,
        };
        let fresh = choices.iter().find(|(i, _)| !taken.contains(i));
        let leads = || {
            choices.iter().find(|(_, t)| {
                t.is_some_and(|t| needs(self.model, t, self.coverage, &mut BTreeSet::new()))
            })
        };
        let chosen = match self.profile.variant {
            true => fresh.or_else(leads).map(|(i, _)| *i),
            false => None,
        }
        .unwrap_or_else(|| choices[by_level(choices.len())].0);
        self.coverage.entry(site).or_default().insert(chosen);
        chosen
    }

    fn datum(&mut self, ty: &Type, default: Option<&Value>) -> Datum {
        if let Type::Named(reference) = ty {
            match self.model.resolve(reference).map(|(_, v)| &v.body) {
                Some(Body::Record(fields)) => {
                    self.stack.push(reference.name.clone());
                    let record = self.record(fields);
                    self.stack.pop();
                    return record;
                }
                Some(Body::Newtype(inner)) => return self.datum(inner, default),
                Some(Body::Enum(e)) => {
                    let choices: Vec<(usize, Option<&Type>)> =
                        (0..e.symbols.len()).map(|i| (i, None)).collect();
                    let index = self.choose(Site::Enum(reference.name.clone()), &choices);
                    return Datum::Enum(index as u32, e.symbols[index].name.clone());
                }
                _ => {}
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
                let keys = self.keys();
                let first = keys.len().saturating_sub(items.len());
                Datum::Map(keys.into_iter().skip(first).zip(items).collect())
            }
            Shape::Union(branches) => self.union(Site::union(ty), &branches),
            Shape::Record(fields) => self.record(fields),
            Shape::Enum(e) => Datum::Enum(0, e.symbols[0].name.clone()),
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
            Level::Maximal if self.stack.len() <= 1 => 2,
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

    /// A branch of a union or optional: null in minimal vectors, otherwise a value branch that
    /// does not nest records too deep (null when there is none).
    fn union(&mut self, site: Site, branches: &[Branch]) -> Datum {
        let null = branches.iter().position(|b| *b == Branch::Null);
        let values: Vec<(usize, Option<&Type>)> = branches
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match b {
                Branch::Value(t) if !self.blocked(t) => Some((i, Some(*t))),
                _ => None,
            })
            .collect();
        let mut choices = values.clone();
        if let Some(index) = null {
            if self.level() == Level::Minimal || values.is_empty() {
                choices = vec![(index, None)];
            } else if self.profile.variant {
                choices.push((index, None));
            }
        }
        if choices.is_empty() {
            // Every value branch nests too deep and there is no null: take the first anyway.
            let first = branches
                .iter()
                .position(|b| *b != Branch::Null)
                .unwrap_or(0);
            choices.push((first, None));
        }
        let index = self.choose(site, &choices);
        match branches[index] {
            Branch::Null => Datum::Union(index, Box::new(Datum::Null)),
            Branch::Value(t) => Datum::Union(index, Box::new(self.datum(t, None))),
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
            Scalar::Null => Datum::Null,
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

/// The file of one type version's vectors: `vectors/<package dirs>/<Type>[.vN].vectors.json`.
///
/// The `.vectors.json` suffix keeps it apart from every other path under `vectors/`: package
/// directories are identifiers (no dot), the indexes are `index.json` (the stem would have to be
/// `index.vectors`, and names have no dot), layout and topic files end in `.paths.json` and
/// `.keys.json`, and two type versions of one package have different stems.
pub fn path(def: &TypeDef, version: &TypeVersion) -> String {
    format!(
        "vectors/{}/{}.vectors.json",
        package_dir(&def.name.package),
        file_stem(def, version)
    )
}

/// One file per type version into `sink`, as it is made (see [`path`]): the type, version and
/// CRC-64-AVRO fingerprint, then each case with its name, its canonical JSON text (a JSON
/// string, so a reader compares the bytes) and its Avro single-object encoding (`C3 01`, the
/// fingerprint little-endian, the binary datum) as lowercase hex. Then `vectors/index.json`,
/// listing every type version with its file and case names (docs/json-encoding.md, section 8).
pub fn files(input: Input, sink: &dyn FileSink) {
    let types: Vec<IndexEntry> =
        super::map_versions(input, |def, version| type_file(input, def, version, sink))
            .into_iter()
            .flatten()
            .collect();
    let index = Index {
        generated_by: format!("accord {ACCORD_VERSION}"),
        types,
    };
    #[allow(
        clippy::expect_used,
        reason = "strings, numbers and lists of them always serialize"
    )]
    let mut text = serde_json::to_string_pretty(&index).expect("the index always serializes");
    text.push('\n');
    sink.put(GeneratedFile::new("vectors/index.json", text));
}

/// `vectors/index.json`.
#[derive(Serialize)]
struct Index {
    generated_by: String,
    types: Vec<IndexEntry>,
}

/// The entry of one type version in `vectors/index.json` (a struct, not a JSON value: the index
/// of a large monorepo is held until every file is made).
#[derive(Serialize)]
struct IndexEntry {
    #[serde(rename = "type")]
    ty: String,
    version: u32,
    fingerprint: String,
    file: String,
    cases: Vec<String>,
}

/// The vectors file of one type version into `sink`, and its entry in the index (none for a
/// version without facts).
fn type_file(
    input: Input,
    def: &TypeDef,
    version: &TypeVersion,
    sink: &dyn FileSink,
) -> Option<IndexEntry> {
    let reference = type_ref(def, version);
    let fingerprint = &input.facts_of(&reference)?.fingerprints;
    let file = path(def, version);
    let ty = Type::Named(reference.clone());
    let mut names = Vec::new();
    let mut cases = Vec::new();
    for vector in vectors(input.model, &reference) {
        let mut datum = Vec::new();
        if encode_avro(input.model, &ty, &vector.datum, &mut datum).is_err() {
            continue;
        }
        let bytes = single_object(fingerprint.crc64_le_bytes(), &datum);
        cases.push(json!({"name": vector.name, "json": vector.json, "avro": hex(&bytes)}));
        names.push(vector.name);
    }
    let fingerprint = format!("{:016x}", fingerprint.crc64);
    let doc = json!({
        "generated_by": format!("accord {ACCORD_VERSION}"),
        "type": def.name.to_string(),
        "version": version.number,
        "fingerprint": fingerprint,
        "cases": cases,
    });
    sink.put(GeneratedFile::new(file.clone(), super::avro::pretty(&doc)).for_type(reference));
    Some(IndexEntry {
        ty: def.name.to_string(),
        version: version.number,
        fingerprint,
        file,
        cases: names,
    })
}

/// Bytes as lowercase hex, two digits each.
pub use crate::avro::canonical::hex;

#[cfg(test)]
mod tests;

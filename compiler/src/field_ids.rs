//! Field ids: a stable integer for every column of every record type version, as table formats
//! identify columns (Iceberg field ids, Parquet `field_id`, Delta column mapping). See
//! `docs/engines.md`, Field ids.
//!
//! A record type version is expanded the way a table schema holds it: every field, a list's
//! `element`, a map's `key` and `value`, and each non-null member of a union (`member0`,
//! `member1`, ..., as Spark reads Avro unions) is a column with a path (`lines.element.sku`);
//! nested records are expanded in place, optionals and newtypes are their content, and a record
//! met again inside itself (recursion) is a column whose content is not expanded (no table
//! format can hold it).
//!
//! Ids are per record type and never reused: version 1 numbers its columns from 1 in order; each
//! later version keeps the id of every column its previous version had at the same path, with a
//! field renamed by `@renamed(old)` at the path of its old name, and numbers the other columns
//! after the highest id any earlier version used. So a field dropped and added again gets a new
//! id. `accord.lock` records the ids of released versions, and they are authoritative: a later
//! version continues from the lock's ids of the version before it, and a released version whose
//! ids, derived again, differ from the lock's is `L005`.

use crate::ir::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The most columns one type version is expanded into; a version of more (a type holding another
/// twice, which holds another twice, ..., grows exponentially) has no ids.
pub const MAX_COLUMNS: usize = 1_000_000;

/// The columns of one record type version, in schema order: path and id.
pub type Columns = Vec<(String, u32)>;

/// The ids recorded in `accord.lock`, by type version: column path -> id.
pub type Recorded<'l> = HashMap<TypeRef, &'l BTreeMap<String, u32>>;

/// The field ids of every record type version of a model.
#[derive(Debug, Default)]
pub struct FieldIds {
    by_version: HashMap<TypeRef, Columns>,
    /// Released versions whose ids, derived again, differ from the recorded ones: the first
    /// difference ("`path`: id 3 recorded, 4 derived").
    differences: HashMap<TypeRef, String>,
}

impl FieldIds {
    /// Expands and numbers every record type version of `model`, types in parallel, the
    /// versions `recorded` in the lock with the lock's ids.
    pub fn build(model: &Model, recorded: &Recorded) -> FieldIds {
        let defs: Vec<&TypeDef> = model.types.values().collect();
        let numbered: Vec<TypeIds> = defs
            .par_iter()
            .map(|def| type_ids(model, def, recorded))
            .collect();
        let mut ids = FieldIds::default();
        for type_ids in numbered {
            ids.by_version.extend(type_ids.columns);
            ids.differences.extend(type_ids.differences);
        }
        ids
    }

    /// How the ids of a released version, derived again, differ from the recorded ones.
    pub fn difference(&self, reference: &TypeRef) -> Option<&str> {
        self.differences.get(reference).map(String::as_str)
    }

    /// The columns of a record type version, or `None` for other types and for versions too
    /// large to expand ([`MAX_COLUMNS`]).
    pub fn get(&self, reference: &TypeRef) -> Option<&Columns> {
        self.by_version.get(reference)
    }
}

/// The numbered versions of one type.
#[derive(Default)]
struct TypeIds {
    columns: Vec<(TypeRef, Columns)>,
    differences: Vec<(TypeRef, String)>,
}

/// The columns of every version of `def`, when it is a record type.
fn type_ids(model: &Model, def: &TypeDef, recorded: &Recorded) -> TypeIds {
    let mut numbered = TypeIds::default();
    let mut previous: HashMap<String, u32> = HashMap::new();
    let mut last_id = 0;
    for version in &def.versions {
        let Body::Record(fields) = &version.body else {
            return TypeIds::default();
        };
        let reference = TypeRef {
            name: def.name.clone(),
            version: version.number,
        };
        let mut expansion = Expansion {
            model,
            previous: &previous,
            claimed: HashSet::new(),
            stack: vec![reference.clone()],
            columns: Vec::new(),
            last_id,
            overflow: false,
        };
        expansion.record(fields, "", Some(""));
        let (overflow, mut columns) = (expansion.overflow, expansion.columns);
        // Numbering goes on after the ids a version used (or would have, past the limit), so
        // that no id of a later version means two columns; a recorded version used the lock's.
        let recorded_ids = recorded.get(&reference);
        match recorded_ids {
            Some(lock) => {
                if let Some(difference) = first_difference(lock, &columns) {
                    numbered.differences.push((reference.clone(), difference));
                }
                for (path, id) in &mut columns {
                    *id = lock.get(path).copied().unwrap_or(*id);
                }
                last_id = last_id.max(lock.values().copied().max().unwrap_or(0));
            }
            None => last_id = expansion.last_id,
        }
        // The next version continues from the lock's ids when this one is recorded.
        previous = match recorded_ids {
            Some(lock) => lock.iter().map(|(p, id)| (p.clone(), *id)).collect(),
            None if overflow => HashMap::new(),
            None => columns.iter().cloned().collect(),
        };
        if !overflow {
            numbered.columns.push((reference, columns));
        }
    }
    numbered
}

/// The first column whose id differs between the lock and the derivation, described.
fn first_difference(lock: &BTreeMap<String, u32>, derived: &Columns) -> Option<String> {
    let derived: BTreeMap<&str, u32> = derived.iter().map(|(p, id)| (p.as_str(), *id)).collect();
    let paths: BTreeSet<&str> = lock
        .keys()
        .map(String::as_str)
        .chain(derived.keys().copied())
        .collect();
    paths.into_iter().find_map(|path| {
        let (was, is) = (lock.get(path).copied(), derived.get(path).copied());
        let show = |id: Option<u32>| id.map_or("none".to_owned(), |id| format!("id {id}"));
        (was != is).then(|| format!("`{path}`: {} in the lock, {} derived", show(was), show(is)))
    })
}

/// One version being expanded.
struct Expansion<'m, 'p> {
    model: &'m Model,
    /// The previous version's ids by path.
    previous: &'p HashMap<String, u32>,
    /// The previous version's paths already given to a column of this version.
    claimed: HashSet<&'p str>,
    /// The records being expanded, outermost first (a record met again is not expanded).
    stack: Vec<TypeRef>,
    columns: Columns,
    last_id: u32,
    overflow: bool,
}

impl<'p> Expansion<'_, 'p> {
    /// The fields of a record at `prefix` (`""` or `"a.b."`), whose path in the previous
    /// version is `before` (`None` when it had none).
    fn record(&mut self, fields: &[Field], prefix: &str, before: Option<&str>) {
        // Fields keeping their name claim their old path before renamed fields look for theirs.
        let mut earlier: Vec<Option<String>> = fields
            .iter()
            .map(|f| before.and_then(|b| self.claim(&format!("{b}{}", f.name))))
            .collect();
        for (field, old) in fields.iter().zip(&mut earlier) {
            if old.is_none() {
                *old = before.and_then(|b| {
                    field
                        .annotations
                        .renamed_from
                        .iter()
                        .find_map(|name| self.claim(&format!("{b}{name}")))
                });
            }
        }
        for (field, old) in fields.iter().zip(earlier) {
            self.column(&field.ty, format!("{prefix}{}", field.name), old);
        }
    }

    /// The previous version's `path`, when it has one no column took yet.
    fn claim(&mut self, path: &str) -> Option<String> {
        let (key, _) = self.previous.get_key_value(path)?;
        self.claimed.insert(key.as_str()).then(|| key.clone())
    }

    /// A column of type `ty` at `path`, which was `before` in the previous version.
    fn column(&mut self, ty: &Type, path: String, before: Option<String>) {
        if self.overflow || self.columns.len() >= MAX_COLUMNS {
            self.overflow = true;
            return;
        }
        let id = match before.as_deref().and_then(|b| self.previous.get(b)) {
            Some(id) => *id,
            None => {
                self.last_id += 1;
                self.last_id
            }
        };
        self.columns.push((path.clone(), id));
        self.content(ty, &path, before.as_deref());
    }

    /// The columns inside a column of type `ty`.
    fn content(&mut self, ty: &Type, path: &str, before: Option<&str>) {
        let child = |segment: &str| {
            (
                format!("{path}.{segment}"),
                before.map(|b| format!("{b}.{segment}")),
            )
        };
        match ty {
            Type::Scalar(_) | Type::Decimal(_) => {}
            Type::Optional(inner, _) => self.content(inner, path, before),
            Type::List(item) => {
                let (path, before) = child("element");
                self.column(item, path, before);
            }
            Type::Map(value) => {
                let (key, key_before) = child("key");
                self.column(&Type::Scalar(Scalar::String), key, key_before);
                let (path, before) = child("value");
                self.column(value, path, before);
            }
            Type::Union(branches) => {
                let members = branches.iter().filter(|b| !is_null(b));
                for (index, branch) in members.enumerate() {
                    let (path, before) = child(&format!("member{index}"));
                    self.column(branch, path, before);
                }
            }
            Type::Named(reference) => self.named(reference, path, before),
        }
    }

    fn named(&mut self, reference: &TypeRef, path: &str, before: Option<&str>) {
        if self.stack.contains(reference) {
            return;
        }
        let Some((_, version)) = self.model.resolve(reference) else {
            return;
        };
        match &version.body {
            Body::Record(fields) => {
                self.stack.push(reference.clone());
                let before = before.map(|b| format!("{b}."));
                self.record(fields, &format!("{path}."), before.as_deref());
                self.stack.pop();
            }
            Body::Newtype(inner) => {
                self.stack.push(reference.clone());
                self.content(inner, path, before);
                self.stack.pop();
            }
            Body::Enum(_) | Body::Fixed(_) => {}
        }
    }
}

/// Whether a union branch is `null`.
fn is_null(ty: &Type) -> bool {
    matches!(ty, Type::Scalar(Scalar::Null))
}

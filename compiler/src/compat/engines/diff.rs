//! The column changes between two table schemas of a record type, matched by field id.

use crate::table::{Column, ColumnType, TableSchema};
use std::collections::HashMap;

/// What happened to a column between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A column with a new id (only the outermost of a new subtree).
    Added,
    /// A column whose id is gone (only the outermost of a removed subtree).
    Dropped,
    /// The same id under another name.
    Renamed,
    /// The same id with another type (a leaf type, another shape: leaf, struct, list, map, or
    /// fewer allowed values: an enum where there was free text or more symbols).
    Retyped,
    /// Required before, optional now.
    MadeOptional,
    /// Optional before, required now.
    MadeRequired,
    /// An added column takes a name an earlier version used for another column (another id):
    /// engines that match columns by name read that column's old values in it.
    NameReused,
}

impl ChangeKind {
    /// The name in reports (`added`, `made-required`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Dropped => "dropped",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Retyped => "retyped",
            ChangeKind::MadeOptional => "made-optional",
            ChangeKind::MadeRequired => "made-required",
            ChangeKind::NameReused => "name-reused",
        }
    }
}

/// One change of one column.
#[derive(Debug, Clone, Copy)]
pub struct ColumnChange<'t> {
    /// What changed.
    pub kind: ChangeKind,
    /// The column before (none for an added column).
    pub old: Option<&'t Column>,
    /// The column now (none for a dropped column).
    pub new: Option<&'t Column>,
}

impl ColumnChange<'_> {
    /// The column's path now, or before when it was dropped.
    pub fn path(&self) -> &str {
        self.new.or(self.old).map_or("", |c| c.path.as_str())
    }

    /// The column's field id.
    pub fn id(&self) -> u32 {
        self.new.or(self.old).map_or(0, |c| c.id)
    }
}

/// Every change from `old` to `new`, in the new schema's column order, dropped columns last.
/// `earlier` maps the paths of every version before `old` (and `old`'s) to their ids, for name
/// reuse.
pub fn changes<'t>(
    old: &'t TableSchema,
    new: &'t TableSchema,
    earlier: &HashMap<String, u32>,
) -> Vec<ColumnChange<'t>> {
    let old_columns: HashMap<u32, &Column> = by_id(old);
    let new_columns: HashMap<u32, &Column> = by_id(new);
    let mut found = Vec::new();
    for column in new.columns.iter() {
        walk_new(column, &old_columns, earlier, &mut found);
    }
    for column in old.columns.iter() {
        walk_old(column, &new_columns, &mut found);
    }
    found
}

fn by_id(schema: &TableSchema) -> HashMap<u32, &Column> {
    schema
        .all_columns()
        .into_iter()
        .map(|c| (c.id, c))
        .collect()
}

/// Changes of a column of the new schema and, when it existed before, of its children.
fn walk_new<'t>(
    new: &'t Column,
    old_columns: &HashMap<u32, &'t Column>,
    earlier: &HashMap<String, u32>,
    found: &mut Vec<ColumnChange<'t>>,
) {
    let change = |kind, old| ColumnChange {
        kind,
        old,
        new: Some(new),
    };
    let Some(&old) = old_columns.get(&new.id) else {
        found.push(change(ChangeKind::Added, None));
        if earlier.get(&new.path).is_some_and(|&id| id != new.id) {
            found.push(change(ChangeKind::NameReused, None));
        }
        return;
    };
    if old.name != new.name {
        found.push(change(ChangeKind::Renamed, Some(old)));
    }
    let leaf_changed = matches!(
        (&old.ty, &new.ty),
        (ColumnType::Primitive(a), ColumnType::Primitive(b)) if a != b
    );
    if !same_shape(&old.ty, &new.ty) || leaf_changed || narrowed(old, new) {
        found.push(change(ChangeKind::Retyped, Some(old)));
        return; // another shape: its content is not compared
    }
    match (old.required, new.required) {
        (true, false) => found.push(change(ChangeKind::MadeOptional, Some(old))),
        (false, true) => found.push(change(ChangeKind::MadeRequired, Some(old))),
        _ => {}
    }
    for child in new.children() {
        walk_new(child, old_columns, earlier, found);
    }
}

/// Columns of the old schema that are gone (the outermost of each removed subtree).
fn walk_old<'t>(
    old: &'t Column,
    new_columns: &HashMap<u32, &'t Column>,
    found: &mut Vec<ColumnChange<'t>>,
) {
    match new_columns.get(&old.id) {
        None => found.push(ColumnChange {
            kind: ChangeKind::Dropped,
            old: Some(old),
            new: None,
        }),
        Some(new) if same_shape(&old.ty, &new.ty) => {
            for child in old.children() {
                walk_old(child, new_columns, found);
            }
        }
        Some(_) => {} // retyped to another shape: reported as such
    }
}

/// Whether the new column allows fewer values than the old one: it holds an enum, and the old
/// column held free text or an enum with a symbol the new one lacks.
fn narrowed(old: &Column, new: &Column) -> bool {
    !new.symbols.is_empty()
        && (old.symbols.is_empty() || old.symbols.iter().any(|s| !new.symbols.contains(s)))
}

/// Whether two column types have the same shape (both leaves, structs, lists or maps).
fn same_shape(a: &ColumnType, b: &ColumnType) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

//! What the table targets (Iceberg, Spark, Parquet, Delta, and the Python package's table
//! helpers) share: the table schemas of the input, the record type versions that have one, and
//! how the branches of a union on the wire map to the members of its table column.
//!
//! The columns themselves come from [`crate::table`], the one table projection; nothing here
//! derives a column type again. The union mapping exists because Avro puts the branch a
//! default belongs to first ([`crate::ir::values::union_branches`]), while a union's table
//! column holds its members (`member0`, `member1`, ...) in declared order.

use super::{file_stem, map_versions, package_dir, type_ref, Input};
use crate::field_ids::FieldIds;
use crate::ir::*;
use crate::ir::{union_branches, Branch};
use crate::table::{TableSchema, Tables};

/// Runs `f` with an input that has table schemas: `input` itself when it has them, else
/// `input` with the schemas derived from the model alone (field ids numbered from version 1,
/// as if nothing were locked).
pub fn with_tables<T>(input: Input, f: impl FnOnce(Input) -> T) -> T {
    if input.tables.is_some() {
        return f(input);
    }
    let ids = FieldIds::build(input.model, &Default::default());
    let tables = Tables::build(input.model, &ids);
    f(Input {
        tables: Some(&tables),
        ..input
    })
}

/// The table schema of a type version, when the input has one for it.
pub fn table_of<'a>(input: Input<'a>, reference: &TypeRef) -> Option<&'a TableSchema> {
    input.tables.and_then(|tables| tables.get(reference))
}

/// `f` of every record type version that has a table schema, in model order, on every core;
/// the results of the others are left out.
pub(crate) fn map_tables<T: Send>(
    input: Input,
    f: impl Fn(&TypeDef, &TypeVersion, &TableSchema) -> T + Sync,
) -> Vec<T> {
    map_versions(input, |def, version| {
        let table = table_of(input, &type_ref(def, version))?;
        Some(f(def, version, table))
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The path of a type version's file of a table target: `<dir>/<package>/<stem><suffix>`.
pub fn table_path(dir: &str, def: &TypeDef, version: &TypeVersion, suffix: &str) -> String {
    format!(
        "{dir}/{}/{}{suffix}",
        package_dir(&def.name.package),
        file_stem(def, version)
    )
}

/// The members of a union type's table column (`union<...>`, or an optional one), in declared
/// order: its branches but `null`; `None` for anything else, including a plain optional `T?`,
/// whose column is `T`'s.
pub fn union_members(ty: &Type) -> Option<Vec<&Type>> {
    let declared = match ty {
        Type::Union(branches) => branches,
        Type::Optional(inner, _) => match &**inner {
            Type::Union(branches) => branches,
            _ => return None,
        },
        _ => return None,
    };
    Some(declared.iter().filter(|b| !is_null(b)).collect())
}

/// For a union type (see [`union_members`]), the member each branch on the wire holds, in wire
/// order (`None` for `null`). `default` is the field's default, which decides the wire order.
pub fn wire_members(
    model: &Model,
    ty: &Type,
    default: Option<&Value>,
) -> Option<Vec<Option<usize>>> {
    let members = union_members(ty)?;
    let order = union_branches(model, ty, default)
        .into_iter()
        .map(|branch| match branch {
            Branch::Null => None,
            Branch::Value(t) => members.iter().position(|m| std::ptr::eq(*m, t)),
        })
        .collect();
    Some(order)
}

/// The unions of a record type version whose wire order differs from their members' order:
/// the column path of each and its [`wire_members`]. Paths are those of the table columns;
/// a record met again inside itself is not entered (its column holds its JSON).
pub fn reordered_unions(model: &Model, reference: &TypeRef) -> Vec<(String, Vec<Option<usize>>)> {
    let mut walk = UnionWalk {
        model,
        stack: vec![reference.clone()],
        found: Vec::new(),
    };
    if let Some((_, version)) = model.resolve(reference) {
        if let Body::Record(fields) = &version.body {
            walk.fields(fields, "");
        }
    }
    walk.found
}

/// A walk over the columns of one record type version, collecting reordered unions.
struct UnionWalk<'m> {
    model: &'m Model,
    /// The named types being expanded, outermost first, as the table projection keeps them.
    stack: Vec<TypeRef>,
    found: Vec<(String, Vec<Option<usize>>)>,
}

impl UnionWalk<'_> {
    fn fields(&mut self, fields: &[Field], prefix: &str) {
        for field in fields {
            let path = format!("{prefix}{}", field.name);
            self.column(&field.ty, field.default.as_ref(), &path);
        }
    }

    /// The column of type `ty` at `path`, with the field's default (none below a field).
    fn column(&mut self, ty: &Type, default: Option<&Value>, path: &str) {
        if let Some(order) = wire_members(self.model, ty, default) {
            let identity = order
                .iter()
                .flatten()
                .enumerate()
                .all(|(wire, member)| wire == *member);
            if !identity {
                self.found.push((path.to_owned(), order));
            }
        }
        match ty {
            Type::Scalar(_) | Type::Decimal(_) => {}
            // An optional union's order was taken above, with the default; its members follow.
            Type::Optional(inner, _) => self.column(inner, None, path),
            Type::List(item) => self.column(item, None, &format!("{path}.element")),
            Type::Map(value) => self.column(value, None, &format!("{path}.value")),
            Type::Union(branches) => {
                let members = branches.iter().filter(|b| !is_null(b));
                for (index, branch) in members.enumerate() {
                    self.column(branch, None, &format!("{path}.member{index}"));
                }
            }
            Type::Named(reference) => self.named(reference, path),
        }
    }

    fn named(&mut self, reference: &TypeRef, path: &str) {
        if self.stack.contains(reference) {
            return;
        }
        let Some((_, version)) = self.model.resolve(reference) else {
            return;
        };
        self.stack.push(reference.clone());
        match &version.body {
            Body::Record(fields) => self.fields(fields, &format!("{path}.")),
            Body::Newtype(inner) => self.column(inner, None, path),
            Body::Enum(_) | Body::Fixed(_) => {}
        }
        self.stack.pop();
    }
}

/// Whether a union branch is `null`.
fn is_null(ty: &Type) -> bool {
    matches!(ty, Type::Scalar(Scalar::Null))
}

//! The table projection: every record type version as a table schema holds it, one tree of
//! columns with their field ids ([`crate::field_ids`]). The table targets (Iceberg, Spark,
//! Parquet/Arrow, Delta) render it, and the engine verdicts ([`crate::compat::engines`]) compare
//! it between versions. See `docs/engines.md`, "Table projection".
//!
//! Columns follow the field-id expansion exactly (same paths): fields, a list's `element`, a
//! map's `key` and `value`, each non-null member of a union (`member0`, ... in a struct whose
//! members are all optional), nested records as structs. Where no table type exists, a column
//! takes a documented stand-in: enums and `uuid` are strings, a decimal wider than 38 digits is
//! its decimal text (a string), a `null` field is an always-null string, and a record met again
//! inside itself (recursion) is a string holding the value's accord JSON encoding.

use crate::field_ids::FieldIds;
use crate::ir::*;
use rayon::prelude::*;
use std::collections::HashMap;

/// The widest decimal the table formats hold (Iceberg, Spark, Delta, Arrow's decimal128).
pub const MAX_DECIMAL_PRECISION: u64 = 38;

/// A time unit of times and timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Milliseconds.
    Millis,
    /// Microseconds.
    Micros,
}

/// A leaf type of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    /// `bool`.
    Boolean,
    /// 32-bit signed integer.
    Int,
    /// 64-bit signed integer.
    Long,
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// Decimal of at most [`MAX_DECIMAL_PRECISION`] digits.
    Decimal {
        /// Total digits.
        precision: u32,
        /// Digits after the point.
        scale: u32,
    },
    /// Days since the epoch.
    Date,
    /// Time of day.
    Time(Unit),
    /// Instant since the epoch: `utc` when adjusted to UTC (`timestamp_*`), else a local
    /// date-time (`local_timestamp_*`).
    Timestamp {
        /// Its unit.
        unit: Unit,
        /// Whether it is an instant (UTC) rather than a wall-clock date-time.
        utc: bool,
    },
    /// UTF-8 text.
    String,
    /// Bytes.
    Binary,
    /// Bytes of a fixed size.
    Fixed(u64),
}

/// The type of a column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnType {
    /// A leaf.
    Primitive(Primitive),
    /// A nested record, or a union's members.
    Struct(Vec<Column>),
    /// A list and its element.
    List(Box<Column>),
    /// A map, its key (always a required string) and its value.
    Map(Box<Column>, Box<Column>),
}

/// What rows written before a column existed read in it, by the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// No default: such rows cannot be read (Avro refuses too).
    None,
    /// `null`.
    Null,
    /// A value other than null.
    Value,
}

/// One column of a table schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its field id.
    pub id: u32,
    /// Its name in its struct (`element`, `key`, `value`, `memberN` for the parts of lists,
    /// maps and unions).
    pub name: String,
    /// Its dotted path from the table's root.
    pub path: String,
    /// Whether it holds a value in every row.
    pub required: bool,
    /// Its type.
    pub ty: ColumnType,
    /// Its doc comment.
    pub doc: Option<String>,
    /// The contract's default, for fields.
    pub default: DefaultValue,
    /// Earlier names of a field (`@renamed`), as written.
    pub renamed_from: Vec<String>,
    /// The symbols of an enum held as a string column (empty for other columns): the values
    /// the contract allows in it.
    pub symbols: Vec<String>,
}

impl Column {
    /// The columns nested in this one (struct fields, list element, map key and value).
    pub fn children(&self) -> Vec<&Column> {
        match &self.ty {
            ColumnType::Primitive(_) => Vec::new(),
            ColumnType::Struct(fields) => fields.iter().collect(),
            ColumnType::List(element) => vec![element],
            ColumnType::Map(key, value) => vec![key, value],
        }
    }
}

/// The table schema of one record type version.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSchema {
    /// The top-level columns, in field order.
    pub columns: Vec<Column>,
    /// The ids of the `@key` fields that a table can use as identifier fields (required,
    /// top-level, neither float nor double), in field order.
    pub identifier_ids: Vec<u32>,
    /// The highest field id of the schema.
    pub last_id: u32,
}

impl TableSchema {
    /// Every column, depth first in schema order.
    pub fn all_columns(&self) -> Vec<&Column> {
        let mut all = Vec::new();
        let mut stack: Vec<&Column> = self.columns.iter().rev().collect();
        while let Some(column) = stack.pop() {
            all.push(column);
            stack.extend(column.children().into_iter().rev());
        }
        all
    }
}

/// The table schemas of every record type version of a model.
#[derive(Debug, Default)]
pub struct Tables {
    by_version: HashMap<TypeRef, TableSchema>,
}

impl Tables {
    /// Projects every record type version that has field ids.
    pub fn build(model: &Model, ids: &FieldIds) -> Tables {
        let versions: Vec<(&TypeDef, &TypeVersion)> = model.type_versions().collect();
        let by_version = versions
            .par_iter()
            .filter_map(|(def, version)| {
                let reference = TypeRef {
                    name: def.name.clone(),
                    version: version.number,
                };
                let schema = project(model, &reference, ids)?;
                Some((reference, schema))
            })
            .collect();
        Tables { by_version }
    }

    /// The table schema of a record type version (`None` for other types and for versions
    /// without field ids).
    pub fn get(&self, reference: &TypeRef) -> Option<&TableSchema> {
        self.by_version.get(reference)
    }
}

/// The table schema of one record type version.
fn project(model: &Model, reference: &TypeRef, ids: &FieldIds) -> Option<TableSchema> {
    let (_, version) = model.resolve(reference)?;
    let Body::Record(fields) = &version.body else {
        return None;
    };
    let ids: HashMap<&str, u32> = ids
        .get(reference)?
        .iter()
        .map(|(path, id)| (path.as_str(), *id))
        .collect();
    let mut projection = Projection {
        model,
        ids: &ids,
        stack: vec![reference.clone()],
    };
    let columns = projection.fields(fields, "")?;
    let identifier_ids = fields
        .iter()
        .zip(&columns)
        .filter(|(field, column)| field.annotations.key && can_identify(column))
        .map(|(_, column)| column.id)
        .collect();
    let last_id = ids.values().copied().max().unwrap_or(0);
    Some(TableSchema {
        columns,
        identifier_ids,
        last_id,
    })
}

/// Whether a column can be an identifier field (Iceberg: required, primitive, not floating).
fn can_identify(column: &Column) -> bool {
    column.required
        && matches!(
            column.ty,
            ColumnType::Primitive(p) if !matches!(p, Primitive::Float | Primitive::Double)
        )
}

/// One record type version being projected.
struct Projection<'m, 'i> {
    model: &'m Model,
    ids: &'i HashMap<&'i str, u32>,
    /// The records and newtypes being expanded, outermost first (as the field ids expand them).
    stack: Vec<TypeRef>,
}

impl Projection<'_, '_> {
    /// The columns of a record's fields at `prefix` (`""` or `"a.b."`).
    fn fields(&mut self, fields: &[Field], prefix: &str) -> Option<Vec<Column>> {
        fields
            .iter()
            .map(|field| {
                let mut column = self.column(&field.ty, &field.name, prefix)?;
                column.doc = field.doc.clone();
                column.renamed_from = field.annotations.renamed_from.clone();
                column.default = match &field.default {
                    None => DefaultValue::None,
                    Some(Value::Null) => DefaultValue::Null,
                    Some(_) => DefaultValue::Value,
                };
                Some(column)
            })
            .collect()
    }

    /// The column `name` of type `ty` inside the struct at `prefix`.
    fn column(&mut self, ty: &Type, name: &str, prefix: &str) -> Option<Column> {
        let path = format!("{prefix}{name}");
        let id = *self.ids.get(path.as_str())?;
        let required = !matches!(ty, Type::Optional(..) | Type::Scalar(Scalar::Null));
        let content = match ty {
            Type::Optional(inner, _) => inner,
            other => other,
        };
        let ty = self.content(content, &path)?;
        Some(Column {
            id,
            name: name.to_owned(),
            path,
            required,
            ty,
            doc: None,
            default: DefaultValue::None,
            renamed_from: Vec::new(),
            symbols: self.symbols(content),
        })
    }

    /// The type of a column of type `ty` at `path`.
    fn content(&mut self, ty: &Type, path: &str) -> Option<ColumnType> {
        let prefix = format!("{path}.");
        Some(match ty {
            Type::Scalar(scalar) => ColumnType::Primitive(scalar_primitive(*scalar)),
            Type::Decimal(decimal) => ColumnType::Primitive(decimal_primitive(decimal)),
            Type::Optional(inner, _) => self.content(inner, path)?,
            Type::List(item) => ColumnType::List(Box::new(self.column(item, "element", &prefix)?)),
            Type::Map(value) => {
                let key = self.column(&Type::Scalar(Scalar::String), "key", &prefix)?;
                let value = self.column(value, "value", &prefix)?;
                ColumnType::Map(Box::new(key), Box::new(value))
            }
            Type::Union(branches) => {
                let members = branches.iter().filter(|b| !is_null(b));
                let columns = members
                    .enumerate()
                    .map(|(index, branch)| {
                        let mut member = self.column(branch, &format!("member{index}"), &prefix)?;
                        member.required = false; // one member holds the value, the others null
                        Some(member)
                    })
                    .collect::<Option<Vec<Column>>>()?;
                ColumnType::Struct(columns)
            }
            Type::Named(reference) => self.named(reference, path)?,
        })
    }

    /// The symbols of the enum a column of type `ty` holds (through newtypes), if it holds one.
    fn symbols(&self, ty: &Type) -> Vec<String> {
        let Type::Named(reference) = ty else {
            return Vec::new();
        };
        match self.model.resolve(reference).map(|(_, v)| &v.body) {
            Some(Body::Enum(def)) => def.symbols.iter().map(|s| s.name.clone()).collect(),
            Some(Body::Newtype(inner)) if !self.stack.contains(reference) => self.symbols(inner),
            _ => Vec::new(),
        }
    }

    /// The type of a column holding a named type.
    fn named(&mut self, reference: &TypeRef, path: &str) -> Option<ColumnType> {
        if self.stack.contains(reference) {
            return Some(ColumnType::Primitive(Primitive::String)); // recursion: its JSON
        }
        let (_, version) = self.model.resolve(reference)?;
        self.stack.push(reference.clone());
        let ty = match &version.body {
            Body::Record(fields) => ColumnType::Struct(self.fields(fields, &format!("{path}."))?),
            Body::Newtype(inner) => self.content(inner, path)?,
            Body::Enum(_) => ColumnType::Primitive(Primitive::String),
            Body::Fixed(fixed) => ColumnType::Primitive(match &fixed.decimal {
                Some(decimal) => decimal_primitive(decimal),
                None => Primitive::Fixed(fixed.size),
            }),
        };
        self.stack.pop();
        Some(ty)
    }
}

/// The column type of a scalar.
fn scalar_primitive(scalar: Scalar) -> Primitive {
    let timestamp = |unit, utc| Primitive::Timestamp { unit, utc };
    match scalar {
        Scalar::Bool => Primitive::Boolean,
        Scalar::Int => Primitive::Int,
        Scalar::Long => Primitive::Long,
        Scalar::Float => Primitive::Float,
        Scalar::Double => Primitive::Double,
        Scalar::Null | Scalar::String | Scalar::Uuid => Primitive::String,
        Scalar::Bytes => Primitive::Binary,
        Scalar::Date => Primitive::Date,
        Scalar::TimeMs => Primitive::Time(Unit::Millis),
        Scalar::TimeUs => Primitive::Time(Unit::Micros),
        Scalar::TimestampMs => timestamp(Unit::Millis, true),
        Scalar::TimestampUs => timestamp(Unit::Micros, true),
        Scalar::LocalTimestampMs => timestamp(Unit::Millis, false),
        Scalar::LocalTimestampUs => timestamp(Unit::Micros, false),
    }
}

/// The column type of a decimal: a decimal up to 38 digits, its text beyond.
fn decimal_primitive(decimal: &crate::ir::Decimal) -> Primitive {
    match (
        u32::try_from(decimal.precision),
        u32::try_from(decimal.scale),
    ) {
        (Ok(precision), Ok(scale)) if decimal.precision <= MAX_DECIMAL_PRECISION => {
            Primitive::Decimal { precision, scale }
        }
        _ => Primitive::String,
    }
}

/// Whether a union branch is `null`.
fn is_null(ty: &Type) -> bool {
    matches!(ty, Type::Scalar(Scalar::Null))
}

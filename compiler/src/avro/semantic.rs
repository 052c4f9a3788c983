//! accord's semantic rule for plain Avro: a logical type that changes on the same physical type.
//!
//! Avro resolves `long` to `long` whatever the logical types say, so Java calls
//! `timestamp-millis -> timestamp-micros` compatible; readers then misread every value by a
//! factor of 1000. The same holds for a decimal whose precision or scale changes. This walk pairs
//! up the reader and writer types the way resolution does and reports those changes.

use std::collections::HashSet;
use std::fmt::{self, Write as _};

use serde_json::Value;

use super::schema::{Field, Node, NodeId, Schema};

/// How a logical type differs between writer and reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogicalChange {
    /// Both sides have a logical type, and they differ (name, precision or scale).
    Changed,
    /// One side has a logical type, the other none.
    AddedOrRemoved,
}

/// One logical-type difference between a writer and a reader type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalTypeFinding {
    /// What changed.
    pub change: LogicalChange,
    /// A JSON pointer in the reader's structure, in the style of the compatibility locations.
    pub location: String,
    /// A description (`long: timestamp-millis -> timestamp-micros`).
    pub message: String,
}

/// Finds the logical-type changes between the types that resolution pairs up.
pub fn logical_type_changes(reader: &Schema, writer: &Schema) -> Vec<LogicalTypeFinding> {
    let mut walk = Walk {
        reader,
        writer,
        seen: HashSet::default(),
        found: Vec::new(),
    };
    walk.visit(reader.root(), writer.root(), &mut String::new());
    walk.found
}

/// The logical type and the attributes that parameterise it, as comparable text.
fn logical_signature(node: &Node) -> Option<String> {
    let attributes = node.attributes()?;
    let name = attributes.get("logicalType")?.as_str()?;
    let param = |key: &str| attributes.get(key).map(Value::to_string);
    Some(match name {
        "decimal" => format!(
            "decimal({}, {})",
            param("precision").unwrap_or_default(),
            param("scale").unwrap_or_else(|| "0".into())
        ),
        other => other.to_string(),
    })
}

struct Walk<'s> {
    reader: &'s Schema,
    writer: &'s Schema,
    seen: HashSet<(NodeId, NodeId), foldhash::fast::RandomState>,
    found: Vec<LogicalTypeFinding>,
}

impl Walk<'_> {
    /// Visits a pair at `location` (a JSON pointer, extended and restored by each step).
    fn visit(&mut self, reader: NodeId, writer: NodeId, location: &mut String) {
        if !self.seen.insert((reader, writer)) {
            return;
        }
        let (r, w) = (self.reader.node(reader), self.writer.node(writer));
        match (r, w) {
            (Node::Union { branches: rb }, Node::Union { branches: wb }) => {
                for (i, branch) in wb.iter().enumerate() {
                    if let Some(matching) = self.reader_branch_for(rb, *branch) {
                        self.visit_at(matching, *branch, location, format_args!("/{i}"));
                    }
                }
            }
            (_, Node::Union { branches }) => {
                for (i, branch) in branches.iter().enumerate() {
                    self.visit_at(reader, *branch, location, format_args!("/{i}"));
                }
            }
            (Node::Union { branches }, _) => {
                if let Some(matching) = self.reader_branch_for(branches, writer) {
                    self.visit(matching, writer, location);
                }
            }
            _ if r.kind() == w.kind() => self.same_kind(reader, writer, location),
            _ => {}
        }
    }

    /// The reader branch of the writer's kind (and name, for named types).
    fn reader_branch_for(&self, branches: &[NodeId], writer: NodeId) -> Option<NodeId> {
        let w = self.writer.node(writer);
        let same = |id: &&NodeId| {
            let r = self.reader.node(**id);
            r.kind() == w.kind()
                && r.named().map(|n| &n.name.name) == w.named().map(|n| &n.name.name)
        };
        branches.iter().find(same).copied()
    }

    /// Visits a pair at `location` followed by `step`.
    fn visit_at(
        &mut self,
        reader: NodeId,
        writer: NodeId,
        location: &mut String,
        step: fmt::Arguments<'_>,
    ) {
        let len = location.len();
        // Writing to a String cannot fail.
        let _ = location.write_fmt(step);
        self.visit(reader, writer, location);
        location.truncate(len);
    }

    fn same_kind(&mut self, reader: NodeId, writer: NodeId, location: &mut String) {
        let (r, w) = (self.reader.node(reader), self.writer.node(writer));
        self.compare(r, w, location);
        match (r, w) {
            (Node::Array { items: ri, .. }, Node::Array { items: wi, .. }) => {
                self.visit_at(*ri, *wi, location, format_args!("/items"));
            }
            (Node::Map { values: rv, .. }, Node::Map { values: wv, .. }) => {
                self.visit_at(*rv, *wv, location, format_args!("/values"));
            }
            (Node::Record { fields: rf, .. }, Node::Record { fields: wf, .. }) => {
                for (i, field) in rf.iter().enumerate() {
                    if let Some(matched) = writer_field(wf, field) {
                        let (reader, writer) = (field.ty, matched.ty);
                        self.visit_at(reader, writer, location, format_args!("/fields/{i}/type"));
                    }
                }
            }
            _ => {}
        }
    }

    fn compare(&mut self, r: &Node, w: &Node, location: &str) {
        if r.logical_type().is_none() && w.logical_type().is_none() {
            // Neither has a signature (the common case): nothing to build or compare.
            return;
        }
        let (rs, ws) = (logical_signature(r), logical_signature(w));
        if rs == ws {
            return;
        }
        let change = if rs.is_some() && ws.is_some() {
            LogicalChange::Changed
        } else {
            LogicalChange::AddedOrRemoved
        };
        let show = |s: Option<String>| s.unwrap_or_else(|| "no logical type".into());
        self.found.push(LogicalTypeFinding {
            change,
            location: if location.is_empty() {
                "/".into()
            } else {
                location.to_string()
            },
            message: format!("{}: {} -> {}", w.kind(), show(ws), show(rs)),
        });
    }
}

/// The writer field a reader field reads (first match by name, then by alias).
fn writer_field<'f>(writer_fields: &'f [Field], field: &Field) -> Option<&'f Field> {
    let by_name = |name: &str| writer_fields.iter().find(|f| f.name == name);
    by_name(&field.name).or_else(|| field.aliases.iter().find_map(|a| by_name(a)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changes(writer: Value, reader: Value) -> Vec<LogicalTypeFinding> {
        logical_type_changes(
            &Schema::parse(&reader).unwrap(),
            &Schema::parse(&writer).unwrap(),
        )
    }

    #[test]
    fn timestamp_precision_change_is_found_in_a_field() {
        let record = |lt: &str| json!({"type": "record", "name": "R", "fields": [{"name": "at", "type": {"type": "long", "logicalType": lt}}]});
        let found = changes(record("timestamp-millis"), record("timestamp-micros"));
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].change, found[0].location.as_str()),
            (LogicalChange::Changed, "/fields/0/type")
        );
        assert_eq!(
            found[0].message,
            "long: timestamp-millis -> timestamp-micros"
        );
    }

    #[test]
    fn decimal_scale_change_inside_a_union() {
        let dec = |scale: u32| json!(["null", {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": scale}]);
        let found = changes(dec(2), dec(3));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location, "/1");
        assert!(changes(dec(2), dec(2)).is_empty());
    }

    #[test]
    fn adding_a_logical_type_is_a_separate_change() {
        let found = changes(
            json!("long"),
            json!({"type": "long", "logicalType": "timestamp-millis"}),
        );
        assert_eq!(found[0].change, LogicalChange::AddedOrRemoved);
        assert!(changes(
            json!("int"),
            json!({"type": "long", "logicalType": "timestamp-millis"})
        )
        .is_empty());
    }
}

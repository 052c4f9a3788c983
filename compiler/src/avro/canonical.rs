//! Parsing Canonical Form and schema fingerprints.
//!
//! The canonical form follows the specification and Java's `SchemaNormalization.toParsingForm`:
//! full names, only `name`, `type`, `fields`, `symbols`, `items`, `values` and `size` kept, in that
//! order, no whitespace, primitives as plain strings, each named type defined once and then
//! referenced by full name. Logical types and every other attribute are dropped.

use std::collections::HashSet;
use std::fmt::Write as _;

use md5::{Digest, Md5};
use sha2::Sha256;

use super::schema::{Node, NodeId, Schema};

/// The CRC-64-AVRO seed and polynomial (`EMPTY` in the specification).
pub const CRC64_EMPTY: u64 = 0xc15d_213a_a4d7_a795;

/// The Parsing Canonical Form of `schema`.
pub fn canonical_form(schema: &Schema) -> String {
    let mut out = String::new();
    let mut seen = HashSet::new();
    build(schema, schema.root(), &mut seen, &mut out);
    out
}

fn build(schema: &Schema, id: NodeId, seen: &mut HashSet<NodeId>, out: &mut String) {
    let node = schema.node(id);
    if let Some(named) = node.named() {
        if !seen.insert(id) {
            let _ = write!(out, "\"{}\"", named.name.full_name());
            return;
        }
        let _ = write!(
            out,
            "{{\"name\":\"{}\",\"type\":\"{}\"",
            named.name.full_name(),
            node.kind()
        );
    }
    match node {
        Node::Primitive { kind, .. } => {
            let _ = write!(out, "\"{kind}\"");
        }
        Node::Union { branches } => {
            out.push('[');
            for (i, branch) in branches.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                build(schema, *branch, seen, out);
            }
            out.push(']');
        }
        Node::Array { items, .. } => {
            out.push_str("{\"type\":\"array\",\"items\":");
            build(schema, *items, seen, out);
            out.push('}');
        }
        Node::Map { values, .. } => {
            out.push_str("{\"type\":\"map\",\"values\":");
            build(schema, *values, seen, out);
            out.push('}');
        }
        Node::Enum { symbols, .. } => {
            let quoted: Vec<String> = symbols.iter().map(|s| format!("\"{s}\"")).collect();
            let _ = write!(out, ",\"symbols\":[{}]}}", quoted.join(","));
        }
        Node::Fixed { size, .. } => {
            let _ = write!(out, ",\"size\":{size}}}");
        }
        Node::Record { fields, .. } => {
            out.push_str(",\"fields\":[");
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{{\"name\":\"{}\",\"type\":", field.name);
                build(schema, field.ty, seen, out);
                out.push('}');
            }
            out.push_str("]}");
        }
    }
}

/// The 256-entry table of the CRC-64-AVRO algorithm.
fn crc64_table() -> &'static [u64; 256] {
    static TABLE: std::sync::OnceLock<[u64; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u64; 256];
        for (i, slot) in table.iter_mut().enumerate() {
            let mut fp = i as u64;
            for _ in 0..8 {
                fp = (fp >> 1) ^ (CRC64_EMPTY & (fp & 1).wrapping_neg());
            }
            *slot = fp;
        }
        table
    })
}

/// The CRC-64-AVRO fingerprint of `bytes` (the specification's `fingerprint64`).
pub fn crc64_avro(bytes: &[u8]) -> u64 {
    let table = crc64_table();
    bytes.iter().fold(CRC64_EMPTY, |fp, b| {
        (fp >> 8) ^ table[((fp ^ u64::from(*b)) & 0xff) as usize]
    })
}

/// The canonical form of a schema and its fingerprints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    /// The Parsing Canonical Form.
    pub canonical: String,
    /// CRC-64-AVRO of the canonical form's UTF-8 bytes.
    pub crc64: u64,
    /// MD5 of the canonical form, lowercase hex.
    pub md5: String,
    /// SHA-256 of the canonical form, lowercase hex.
    pub sha256: String,
}

impl Fingerprints {
    /// Computes the canonical form of `schema` and its fingerprints.
    pub fn of(schema: &Schema) -> Fingerprints {
        let canonical = canonical_form(schema);
        let bytes = canonical.as_bytes();
        Fingerprints {
            crc64: crc64_avro(bytes),
            md5: hex(&Md5::digest(bytes)),
            sha256: hex(&Sha256::digest(bytes)),
            canonical,
        }
    }

    /// The CRC-64-AVRO fingerprint as 16 lowercase hex digits.
    pub fn crc64_hex(&self) -> String {
        format!("{:016x}", self.crc64)
    }

    /// The 8 little-endian bytes of the CRC-64-AVRO fingerprint: what follows `C3 01` in Avro's
    /// single-object encoding.
    pub fn crc64_le_bytes(&self) -> [u8; 8] {
        self.crc64.to_le_bytes()
    }
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canonical(value: serde_json::Value) -> String {
        canonical_form(&Schema::parse(&value).unwrap())
    }

    #[test]
    fn specification_examples() {
        // The transformations the specification lists: PRIMITIVES, FULLNAMES, STRIP, ORDER,
        // STRINGS, WHITESPACE.
        assert_eq!(canonical(json!({"type": "int"})), "\"int\"");
        assert_eq!(
            canonical(
                json!({"type": "fixed", "name": "F", "namespace": "x.y", "size": 4, "doc": "d"})
            ),
            "{\"name\":\"x.y.F\",\"type\":\"fixed\",\"size\":4}"
        );
        let record = json!({"doc": "a", "fields": [{"type": {"type": "long", "logicalType": "timestamp-millis"}, "name": "b", "default": 0}],
            "name": "R", "namespace": "n", "type": "record", "aliases": ["Q"]});
        assert_eq!(canonical(record), "{\"name\":\"n.R\",\"type\":\"record\",\"fields\":[{\"name\":\"b\",\"type\":\"long\"}]}");
        assert_eq!(
            canonical(
                json!(["null", {"type": "array", "items": {"type": "map", "values": "string"}}])
            ),
            "[\"null\",{\"type\":\"array\",\"items\":{\"type\":\"map\",\"values\":\"string\"}}]"
        );
    }

    #[test]
    fn named_types_are_defined_once() {
        let value = json!({"type": "record", "name": "L", "fields": [{"name": "next", "type": ["null", "L"]},
            {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"]}}, {"name": "f", "type": "E"}]});
        assert_eq!(canonical(value), concat!("{\"name\":\"L\",\"type\":\"record\",\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"L\"]},",
            "{\"name\":\"e\",\"type\":{\"name\":\"E\",\"type\":\"enum\",\"symbols\":[\"A\",\"B\"]}},{\"name\":\"f\",\"type\":\"E\"}]}"));
    }

    #[test]
    fn published_fingerprints() {
        // CRC-64-AVRO of `"int"` and `"null"` as published with the specification and by Java.
        let int = Fingerprints::of(&Schema::parse(&json!("int")).unwrap());
        assert_eq!(int.crc64_hex(), "7275d51a3f395c8f");
        assert_eq!(hex(&int.crc64_le_bytes()), "8f5c393f1ad57572");
        assert_eq!(int.md5, "ef524ea1b91e73173d938ade36c1db32");
        assert_eq!(
            int.sha256,
            "3f2b87a9fe7cc9b13835598c3981cd45e3e355309e5090aa0933d7becb6fba45"
        );
        assert_eq!(
            format!("{:016x}", crc64_avro(b"\"null\"")),
            "63dd24e7cc258f8a"
        );
        assert_eq!(crc64_avro(b""), CRC64_EMPTY);
    }
}

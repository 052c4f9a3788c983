//! Prints a resolved type version in contract syntax, with every name fully qualified
//! (what `accord show` displays).

use super::model::*;
use std::fmt::Write;

/// Renders one version of a type; `mode` is its effective compatibility mode.
pub fn print_version(
    model: &Model,
    def: &TypeDef,
    version: &TypeVersion,
    mode: CompatMode,
) -> String {
    let mut out = String::new();
    let count = def.versions.len();
    let _ = writeln!(out, "// {} version {} of {count}", def.name, version.number);
    if def.versioned {
        let _ = writeln!(out, "// compat {mode}");
    }
    write_doc(&mut out, def.doc.as_deref(), "");
    write_annotations(&mut out, model, &def.annotations, true);
    let _ = write!(out, "{} {}", def.kind.keyword(), def.name.name);
    match &version.body {
        Body::Record(fields) => {
            out.push_str(" {\n");
            for field in fields {
                write_field(&mut out, model, field);
            }
            out.push_str("}\n");
        }
        Body::Enum(e) => write_enum(&mut out, e),
        Body::Fixed(fixed) => {
            let _ = write!(out, "({})", fixed.size);
            if let Some(d) = fixed.decimal {
                let _ = write!(out, " decimal({}, {})", d.precision, d.scale);
            }
            out.push_str(";\n");
        }
        Body::Newtype(inner) => {
            let _ = writeln!(out, " = {};", type_text(model, inner));
        }
    }
    out
}

fn write_doc(out: &mut String, doc: Option<&str>, indent: &str) {
    for line in doc.into_iter().flat_map(str::lines) {
        let _ = writeln!(out, "{indent}/// {line}");
    }
}

fn write_field(out: &mut String, model: &Model, field: &Field) {
    write_doc(out, field.doc.as_deref(), "  ");
    let _ = write!(out, "  {}: {}", field.name, type_text(model, &field.ty));
    write_annotations(out, model, &field.annotations, false);
    if let Some(default) = &field.default {
        let _ = write!(out, " = {}", value_text(default));
    }
    out.push_str(";\n");
}

fn write_enum(out: &mut String, e: &EnumDef) {
    out.push_str(" {\n");
    for (i, symbol) in e.symbols.iter().enumerate() {
        write_doc(out, symbol.doc.as_deref(), "  ");
        let comma = if i + 1 < e.symbols.len() { "," } else { "" };
        let _ = writeln!(out, "  {}{comma}", symbol.name);
    }
    if let Some(default) = &e.default {
        let _ = writeln!(out, "  ; default {default}");
    }
    out.push_str("}\n");
}

fn write_annotations(out: &mut String, model: &Model, a: &Annotations, own_line: bool) {
    let mut parts = Vec::new();
    if a.key {
        parts.push("@key".to_string());
    }
    if let Some(r) = &a.reference {
        parts.push(format!(
            "@ref({}.{})",
            reference_text(model, &r.target),
            r.field
        ));
    }
    if !a.renamed_from.is_empty() {
        parts.push(format!("@renamed({})", a.renamed_from.join(", ")));
    }
    if let Some(unit) = &a.unit {
        parts.push(format!("@unit({})", quote(unit)));
    }
    match &a.deprecated {
        Some(Some(reason)) => parts.push(format!("@deprecated({})", quote(reason))),
        Some(None) => parts.push("@deprecated".to_string()),
        None => {}
    }
    if let Some(c) = &a.classification {
        parts.push(format!("@classification({})", quote(c)));
    }
    if !a.meta.is_empty() {
        let entries: Vec<String> = a
            .meta
            .iter()
            .map(|(k, v)| format!("{} = {}", quote(k), value_text(v)))
            .collect();
        parts.push(format!("@meta({})", entries.join(", ")));
    }
    if let Some(m) = &a.migrate {
        let args: Vec<String> = [("from", &m.from), ("with", &m.with), ("back", &m.back)]
            .into_iter()
            .filter_map(|(key, name)| name.as_ref().map(|n| format!("{key} = {}", n.name)))
            .collect();
        parts.push(format!("@migrate({})", args.join(", ")));
    }
    for part in parts {
        if own_line {
            let _ = writeln!(out, "{part}");
        } else {
            let _ = write!(out, " {part}");
        }
    }
}

/// A type in contract syntax: version pins only on versioned types.
pub fn type_text(model: &Model, ty: &Type) -> String {
    match ty {
        Type::Scalar(_) | Type::Decimal(_) => ty.to_string(),
        Type::List(inner) => format!("list<{}>", type_text(model, inner)),
        Type::Map(inner) => format!("map<{}>", type_text(model, inner)),
        Type::Optional(inner) => format!("{}?", type_text(model, inner)),
        Type::Union(branches) => {
            let branches: Vec<String> = branches.iter().map(|b| type_text(model, b)).collect();
            format!("union<{}>", branches.join(", "))
        }
        Type::Named(reference) => reference_text(model, reference),
    }
}

fn reference_text(model: &Model, reference: &TypeRef) -> String {
    match model.types.get(&reference.name) {
        Some(def) if !def.versioned => reference.name.to_string(),
        _ => format!("{}@{}", reference.name, reference.version),
    }
}

/// A value in contract literal syntax.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::String(s) => quote(s),
        Value::Symbol(s) => s.clone(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(value_text).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", quote(k), value_text(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

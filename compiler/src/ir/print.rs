//! Prints resolved types in contract syntax: one version with every name fully qualified (what
//! `accord show` displays), or whole files the way a person writes them (what `accord import`
//! writes): short names within a package and for imports, pins only on versioned types.

use super::model::*;
use std::collections::BTreeSet;
use std::fmt::Write;

/// How type names are written.
#[derive(Clone, Copy)]
enum Naming<'a> {
    /// Full names, pins only on versioned types (`shop.common.Money`, `shop.orders.Order@2`).
    Full { model: &'a Model },
    /// Relative to a file: short names for its package and its imports, full names otherwise;
    /// pins only on versioned types.
    File {
        model: &'a Model,
        package: &'a str,
        imported: &'a BTreeSet<FullName>,
    },
}

impl Naming<'_> {
    fn name(&self, name: &FullName) -> String {
        match self {
            Naming::Full { .. } => name.to_string(),
            Naming::File {
                package, imported, ..
            } if name.package == *package || imported.contains(name) => name.name.clone(),
            Naming::File { .. } => name.to_string(),
        }
    }

    fn reference(&self, reference: &TypeRef) -> String {
        let name = self.name(&reference.name);
        let (Naming::Full { model } | Naming::File { model, .. }) = self;
        match model.types.get(&reference.name) {
            Some(def) if !def.versioned => name,
            _ => format!("{name}@{}", reference.version),
        }
    }

    fn ty(&self, ty: &Type) -> String {
        self.ty_at(ty, &TypeMeta::new(), &mut Vec::new())
    }

    /// A type at `path` inside a field's type, with the attributes `meta` holds for its
    /// places written before them (`@meta(...) T`).
    fn ty_at(&self, ty: &Type, meta: &TypeMeta, path: &mut Vec<TypeStep>) -> String {
        let mut below = |steps: &[TypeStep], inner: &Type| {
            let depth = path.len();
            path.extend_from_slice(steps);
            let text = self.ty_at(inner, meta, path);
            path.truncate(depth);
            text
        };
        let text = match ty {
            Type::Scalar(_) | Type::Decimal(_) => ty.to_string(),
            Type::List(inner) => format!("list<{}>", below(&[TypeStep::Item], inner)),
            Type::Map(inner) => format!("map<{}>", below(&[TypeStep::Value], inner)),
            Type::Optional(inner, NullAt::Derived) => {
                format!("{}?", below(&[TypeStep::Inner], inner))
            }
            Type::Optional(inner, NullAt::Written(index)) => {
                let several = matches!(**inner, Type::Union(_));
                let mut j = 0;
                let names: Vec<String> = Type::written_branches(inner, *index)
                    .into_iter()
                    .map(|b| match b {
                        None => "null".to_string(),
                        Some(t) if several => {
                            j += 1;
                            below(&[TypeStep::Inner, TypeStep::Branch(j - 1)], t)
                        }
                        Some(t) => below(&[TypeStep::Inner], t),
                    })
                    .collect();
                format!("union<{}>", names.join(", "))
            }
            Type::Union(branches) => {
                let names: Vec<String> = branches
                    .iter()
                    .enumerate()
                    .map(|(j, b)| below(&[TypeStep::Branch(j)], b))
                    .collect();
                format!("union<{}>", names.join(", "))
            }
            Type::Named(reference) => self.reference(reference),
        };
        match meta.get(path.as_slice()) {
            Some(entries) => format!("{} {text}", meta_annotation(entries, *self)),
            None => text,
        }
    }
}

/// Prints the types `names` (all of package `package`, in that order) as one contract file:
/// the package line, the imports the file needs, and each declaration with its doc comment,
/// annotations, `compat` line and version blocks.
pub fn print_file(model: &Model, package: &str, names: &[FullName]) -> String {
    let defs: Vec<&TypeDef> = names.iter().filter_map(|n| model.types.get(n)).collect();
    let local: BTreeSet<&str> = model
        .types
        .keys()
        .filter(|n| n.package == package)
        .map(|n| n.name.as_str())
        .collect();
    // Foreign types referenced, imported by short name unless the name is taken.
    let mut foreign = BTreeSet::new();
    for def in &defs {
        for version in &def.versions {
            version_references(&version.body, &mut foreign);
        }
    }
    let mut imported = BTreeSet::new();
    let mut taken: BTreeSet<String> = local.iter().map(|s| s.to_string()).collect();
    for name in foreign.iter().filter(|n| n.package != package) {
        if taken.insert(name.name.clone()) {
            imported.insert(name.clone());
        }
    }
    let mut out = format!("package {package};\n");
    let mut by_package: Vec<(&str, Vec<&str>)> = Vec::new();
    for name in &imported {
        match by_package.last_mut() {
            Some((p, names)) if *p == name.package => names.push(&name.name),
            _ => by_package.push((&name.package, vec![&name.name])),
        }
    }
    if !by_package.is_empty() {
        out.push('\n');
    }
    for (p, names) in &by_package {
        match names.as_slice() {
            [one] => {
                let _ = writeln!(out, "import {p}.{one};");
            }
            many => {
                let _ = writeln!(out, "import {p}.{{{}}};", many.join(", "));
            }
        }
    }
    let naming = Naming::File {
        model,
        package,
        imported: &imported,
    };
    for def in defs {
        out.push('\n');
        write_declaration(&mut out, def, naming);
    }
    out
}

fn version_references(body: &Body, out: &mut BTreeSet<FullName>) {
    fn walk(ty: &Type, out: &mut BTreeSet<FullName>) {
        match ty {
            Type::Scalar(_) | Type::Decimal(_) => {}
            Type::List(inner) | Type::Map(inner) | Type::Optional(inner, _) => walk(inner, out),
            Type::Union(branches) => branches.iter().for_each(|b| walk(b, out)),
            Type::Named(reference) => {
                out.insert(reference.name.clone());
            }
        }
    }
    match body {
        Body::Record(fields) => {
            for field in fields {
                walk(&field.ty, out);
                if let Some(r) = &field.annotations.reference {
                    out.insert(r.target.name.clone());
                }
            }
        }
        Body::Newtype(inner) => walk(inner, out),
        Body::Enum(_) | Body::Fixed(_) => {}
    }
}

fn write_declaration(out: &mut String, def: &TypeDef, naming: Naming) {
    write_doc(out, def.doc.as_deref(), "");
    write_annotations(out, &def.annotations, true, naming);
    let _ = write!(out, "{} {}", def.kind.keyword(), def.name.name);
    if !def.versioned {
        write_body(out, &def.latest().body, naming, "");
        return;
    }
    out.push_str(" {\n");
    if let Some(mode) = def.compat {
        let _ = writeln!(out, "  compat {mode};");
    }
    for (i, version) in def.versions.iter().enumerate() {
        if i > 0 || def.compat.is_some() {
            out.push('\n');
        }
        write_doc(out, version.doc.as_deref(), "  ");
        let _ = write!(out, "  version {}", version.number);
        write_body(out, &version.body, naming, "  ");
    }
    out.push_str("}\n");
}

/// A record or enum body in braces, a fixed size or a newtype's `= Type;`, then a line end.
fn write_body(out: &mut String, body: &Body, naming: Naming, indent: &str) {
    match body {
        Body::Record(fields) if fields.is_empty() => out.push_str(" {}\n"),
        Body::Record(fields) => {
            out.push_str(" {\n");
            let inner = format!("{indent}  ");
            for field in fields {
                write_field(out, field, naming, &inner);
            }
            let _ = writeln!(out, "{indent}}}");
        }
        Body::Enum(e) => {
            let oneline = e.symbols.iter().all(|s| s.doc.is_none());
            if oneline {
                let symbols: Vec<&str> = e.symbols.iter().map(|s| s.name.as_str()).collect();
                let default = e
                    .default
                    .as_ref()
                    .map_or(String::new(), |d| format!("; default {d}"));
                let line = format!(" {{ {}{default} }}", symbols.join(", "));
                if indent.len() + line.len() < 96 {
                    let _ = writeln!(out, "{line}");
                    return;
                }
            }
            out.push_str(" {\n");
            for (i, symbol) in e.symbols.iter().enumerate() {
                write_doc(out, symbol.doc.as_deref(), &format!("{indent}  "));
                let end = if i + 1 < e.symbols.len() {
                    ","
                } else if e.default.is_some() {
                    ";"
                } else {
                    ""
                };
                let _ = writeln!(out, "{indent}  {}{end}", symbol.name);
            }
            if let Some(default) = &e.default {
                let _ = writeln!(out, "{indent}  default {default}");
            }
            let _ = writeln!(out, "{indent}}}");
        }
        Body::Fixed(fixed) => {
            let _ = write!(out, "({})", fixed.size);
            if let Some(d) = fixed.decimal {
                let _ = write!(out, " {d}");
            }
            out.push_str(";\n");
        }
        Body::Newtype(inner) => {
            let _ = writeln!(out, " = {};", naming.ty(inner));
        }
    }
}

/// Renders one version of a type; `mode` is its effective compatibility mode.
pub fn print_version(
    model: &Model,
    def: &TypeDef,
    version: &TypeVersion,
    mode: CompatMode,
) -> String {
    let naming = Naming::Full { model };
    let mut out = String::new();
    let count = def.versions.len();
    let _ = writeln!(out, "// {} version {} of {count}", def.name, version.number);
    if def.versioned {
        let _ = writeln!(out, "// compat {mode}");
    }
    write_doc(&mut out, def.doc_of(version), "");
    write_annotations(&mut out, &def.annotations, true, naming);
    let _ = write!(out, "{} {}", def.kind.keyword(), def.name.name);
    write_body(&mut out, &version.body, naming, "");
    out
}

/// One `///` line per line of the doc (an empty doc is one bare `///`).
fn write_doc(out: &mut String, doc: Option<&str>, indent: &str) {
    for line in doc.into_iter().flat_map(|d| d.split('\n')) {
        match line {
            "" => {
                let _ = writeln!(out, "{indent}///");
            }
            _ => {
                let _ = writeln!(out, "{indent}/// {line}");
            }
        }
    }
}

fn write_field(out: &mut String, field: &Field, naming: Naming, indent: &str) {
    write_doc(out, field.doc.as_deref(), indent);
    let ty = naming.ty_at(&field.ty, &field.type_meta, &mut Vec::new());
    let _ = write!(out, "{indent}{}: {ty}", field.name);
    write_annotations(out, &field.annotations, false, naming);
    if let Some(default) = &field.default {
        let _ = write!(out, " = {}", value_text(default));
    }
    out.push_str(";\n");
}

fn write_annotations(out: &mut String, a: &Annotations, own_line: bool, naming: Naming) {
    let mut parts = Vec::new();
    if let Some(space) = &a.namespace {
        parts.push(format!("@namespace({})", quote(space)));
    }
    if a.plain {
        parts.push("@plain".to_string());
    }
    if a.error {
        parts.push("@error".to_string());
    }
    if a.key {
        parts.push("@key".to_string());
    }
    if let Some(r) = &a.reference {
        parts.push(format!("@ref({}.{})", naming.reference(&r.target), r.field));
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
        parts.push(meta_annotation(&a.meta, naming));
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
            // Spaced as `accord fmt` lays objects out: `{}`, `{ a: 1 }`.
            match entries.is_empty() {
                true => "{}".to_string(),
                false => format!("{{ {} }}", entries.join(", ")),
            }
        }
    }
}

/// A `@meta` key: as a plain path where it reads as one (in files), quoted otherwise.
/// `@meta(key = value, ...)`.
fn meta_annotation(entries: &[(String, Value)], naming: Naming) -> String {
    let entries: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{} = {}", meta_key(k, naming), value_text(v)))
        .collect();
    format!("@meta({})", entries.join(", "))
}

fn meta_key(key: &str, naming: Naming) -> String {
    let plain = key.split('.').all(|segment| {
        let mut chars = segment.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !matches!(segment, "null" | "true" | "false")
    });
    match naming {
        Naming::File { .. } if plain => key.to_string(),
        _ => quote(key),
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

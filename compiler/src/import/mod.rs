//! `accord import`: existing schemas in, contract files out, losslessly.
//!
//! [`avro`] maps Avro schemas to the in-memory contract description (an [`ir::Model`]), the
//! contract printer ([`ir::print_file`]) writes one file per package, and before anything is
//! returned the result is proved: the files are compiled, Avro is generated back for every input
//! and compared with it (Parsing Canonical Form and the full JSON, attribute order aside). What
//! cannot be represented is an `I` diagnostic pointing into the `.avsc`; nothing is dropped
//! silently. See `docs/import.md`.

mod avro;
mod locate;

use crate::avro::{check_history, CompatMode, Schema};
use crate::config::ProjectConfig;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, FullName, TypeRef};
use crate::output::GeneratedFile;
use crate::source::{SourceMap, Span};
use locate::Locator;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One `.avsc` file to import.
#[derive(Debug, Clone)]
pub struct AvroFile {
    /// The name shown in diagnostics.
    pub name: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The files are successive versions of one subject (`--history`).
    pub history: bool,
    /// Package of the types in the null namespace and of a root union that names none
    /// (`--package`; default `imported`).
    pub package: Option<String>,
}

/// The outcome of an import.
#[derive(Debug)]
pub struct Import {
    /// The `.avsc` files read (diagnostics point into them).
    pub sources: SourceMap,
    /// The contract files, one per package (`<package>.accord`); empty when there are errors.
    pub files: Vec<GeneratedFile>,
    /// Every diagnostic, errors first by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The type each input file became (its version, in a history import).
    pub roots: Vec<TypeRef>,
    /// The compatibility mode suggested for the subject of a history import.
    pub compat: Option<CompatMode>,
}

impl Import {
    /// Whether anything could not be imported.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Modes from the strictest down, the order in which a history import suggests them.
pub const MODE_PREFERENCE: [CompatMode; 7] = [
    CompatMode::FullTransitive,
    CompatMode::Full,
    CompatMode::BackwardTransitive,
    CompatMode::ForwardTransitive,
    CompatMode::Backward,
    CompatMode::Forward,
    CompatMode::None,
];

/// The strictest mode (in [`MODE_PREFERENCE`] order) under which every step of `versions`
/// passes Avro's checks.
pub fn strictest_mode(versions: &[Schema]) -> CompatMode {
    MODE_PREFERENCE
        .into_iter()
        .find(|mode| {
            (1..versions.len()).all(|i| {
                check_history(&versions[i], &versions[..i], *mode)
                    .iter()
                    .all(|check| check.is_compatible())
            })
        })
        .unwrap_or(CompatMode::None)
}

struct Parsed {
    file: crate::source::FileId,
    name: String,
    schema: Schema,
    locator: Locator,
    stem: String,
}

/// Imports Avro schemas (see the module documentation).
pub fn import_avro(inputs: Vec<AvroFile>, options: &ImportOptions) -> Import {
    let mut sources = SourceMap::new();
    let (parsed, mut diagnostics) = parse_inputs(inputs, &mut sources);
    let mut builder = avro::Builder {
        history: options.history,
        ..avro::Builder::default()
    };
    let mut roots = Vec::new();
    for (index, p) in parsed.iter().enumerate() {
        let input = avro::Input {
            file: p.file,
            name: &p.name,
            schema: &p.schema,
            locator: &p.locator,
            index,
            package: options.package.as_deref(),
            stem: p.stem.clone(),
        };
        if let Some(root) = builder.root(&input) {
            roots.push(root);
        }
    }
    diagnostics.append(&mut builder.diagnostics);
    let mut import = Import {
        sources,
        files: Vec::new(),
        diagnostics,
        roots,
        compat: None,
    };
    if import.has_errors() || parsed.is_empty() {
        return finish(import);
    }
    if options.history {
        if let Some(renamed) = renamed_subject(&import.roots, &parsed) {
            import.diagnostics.push(renamed);
            return finish(import);
        }
        import.compat = Some(set_history_modes(&mut builder, &parsed, &import.roots));
    }
    import.files = print_files(&builder);
    self_check(&mut import, &parsed, options);
    if import.has_errors() {
        import.files.clear();
    }
    finish(import)
}

/// Reads and parses every input; the ones Avro refuses are `I001`.
fn parse_inputs(inputs: Vec<AvroFile>, sources: &mut SourceMap) -> (Vec<Parsed>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    for input in inputs {
        let stem = type_name_of(&input.path);
        let file = sources.add(input.name.clone(), &input.path, input.text);
        let text = &sources.file(file).text;
        let locator = Locator::new(text);
        let result = serde_json::from_str::<Json>(text)
            .map_err(|e| {
                let offset = offset_of(text, e.line(), e.column());
                (format!("invalid JSON: {e}"), (offset, offset))
            })
            .and_then(|json| {
                Schema::parse(&json).map_err(|e| (e.message.clone(), locator.span(&e.location)))
            });
        match result {
            Ok(schema) => parsed.push(Parsed {
                file,
                name: input.name,
                schema,
                locator,
                stem,
            }),
            Err((message, (start, end))) => diagnostics.push(
                Diagnostic::new(
                    Code::I001,
                    Span::new(file, start, end),
                    format!("{} is not a valid Avro schema: {message}", input.name),
                )
                .with_hint("Avro 1.12's parser rejects it too; fix the schema first"),
            ),
        }
    }
    (parsed, diagnostics)
}

/// `I011` when the files of a history do not all define the same root type.
fn renamed_subject(roots: &[TypeRef], parsed: &[Parsed]) -> Option<Diagnostic> {
    let first = roots.first()?;
    let (i, other) = roots
        .iter()
        .enumerate()
        .find(|(_, r)| r.name != first.name)?;
    let p = &parsed[i];
    Some(
        Diagnostic::new(
            Code::I011,
            span_of(p, ""),
            format!(
                "{} defines `{}`, but the history is of `{}`: one subject keeps one name",
                p.name, other.name, first.name
            ),
        )
        .with_hint("a renamed type is a new type: import its history separately (its aliases become `@renamed`)"),
    )
}

fn finish(mut import: Import) -> Import {
    import
        .diagnostics
        .sort_by_key(|d| (!d.is_error(), d.primary.span, d.code));
    import
}

/// Marks the versioned types of a history import and writes the strictest mode each one's
/// versions satisfy as its `compat`; returns the subject's.
fn set_history_modes(
    builder: &mut avro::Builder,
    parsed: &[Parsed],
    roots: &[TypeRef],
) -> CompatMode {
    let subject = roots[0].name.clone();
    let schemas: Vec<Schema> = parsed.iter().map(|p| p.schema.clone()).collect();
    let subject_mode = strictest_mode(&schemas);
    for (name, def) in builder.model.types.iter_mut() {
        if *name == subject {
            def.versioned = true;
            def.compat = Some(subject_mode);
        } else if def.versions.len() > 1 {
            let versions: Vec<Schema> = builder.schemas[name]
                .iter()
                .filter_map(|json| Schema::parse(json).ok())
                .collect();
            def.versioned = true;
            def.compat = Some(strictest_mode(&versions));
        }
    }
    subject_mode
}

/// One file per package, types in the order they were met.
fn print_files(builder: &avro::Builder) -> Vec<GeneratedFile> {
    let mut packages: BTreeMap<&str, Vec<FullName>> = BTreeMap::new();
    for name in &builder.order {
        packages
            .entry(&name.package)
            .or_default()
            .push(name.clone());
    }
    packages
        .into_iter()
        .map(|(package, names)| {
            let text = ir::print_file(&builder.model, package, &names);
            GeneratedFile::new(format!("{package}.accord"), text)
        })
        .collect()
}

/// Compiles the files and generates every input back, reporting any difference.
fn self_check(import: &mut Import, parsed: &[Parsed], options: &ImportOptions) {
    let files: Vec<(String, String)> = import
        .files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                String::from_utf8_lossy(&f.contents).into_owned(),
            )
        })
        .collect();
    let compilation = crate::compile_sources(files, ProjectConfig::default());
    let anchor = span_of(&parsed[0], "");
    for d in compilation.diagnostics.iter().filter(|d| d.is_error()) {
        let (file, line, _) = compilation.sources.location(d.primary.span);
        let text = format!("{}: {} ({file}:{line})", d.code, d.message);
        if d.code.as_str().starts_with('M') {
            // Hooks are not part of Avro schemas: `accord check` names the ones the history
            // needs (M001), for the user to write after the import.
            continue;
        }
        if options.history && d.code.as_str().starts_with('S') {
            import.diagnostics.push(
                Diagnostic::new(Code::I014, anchor, format!("the history breaks a semantic rule: {text}"))
                    .with_hint(format!("`accord check` reports it under the suggested mode; accept it with `{} = \"warn\"` under [rules] in accord.toml, or change the mode", d.code)),
            );
        } else {
            // A rule of the language the schema breaks: reported under the import code of
            // the construct; anything else means the importer itself fell short.
            let (code, hint) = match d.code {
                Code::V008 | Code::V009 => (Code::I009, "Avro accepts a record no finite value of which exists; contracts do not: make the recursion optional"),
                Code::V022 => (Code::I009, "a type of the schema refers back to itself where Avro cannot check or name it, so the contracts could not give it a standalone schema"),
                Code::V014 => (Code::I005, "the decimal's precision, scale or size is out of range (Avro ignores such a logical type)"),
                Code::V010 | Code::V017 => (Code::I007, "this union has no contract type"),
                Code::V006 => (Code::I008, "this default has no contract literal"),
                Code::P001 | Code::P012 | Code::N001 | Code::N008 => (Code::I003, "rename it in the schema (keeping an alias)"),
                _ => (Code::I012, "this schema uses something the importer does not represent faithfully; please report it"),
            };
            import.diagnostics.push(
                Diagnostic::new(
                    code,
                    anchor,
                    format!("the imported contracts do not check: {text}"),
                )
                .with_hint(hint),
            );
        }
    }
    for (p, root) in parsed.iter().zip(&import.roots) {
        let original = normalized(&p.schema.to_json());
        let difference = match compilation.facts.get(root) {
            // The errors of the contracts, reported above, say why.
            None if compilation.has_errors() => None,
            None => Some((
                String::new(),
                "the contracts give no Avro schema for it".to_string(),
            )),
            Some(facts) => first_difference(&original, &normalized(&facts.schema().to_json()), ""),
        };
        if let Some((pointer, what)) = difference {
            import.diagnostics.push(
                Diagnostic::new(
                    Code::I012,
                    span_of(p, &pointer),
                    format!("importing {} would not be lossless: at `{pointer}` {what}", p.name),
                )
                .with_hint("nothing was written; this construct is not represented faithfully yet, please report it"),
            );
        }
    }
}

fn span_of(p: &Parsed, pointer: &str) -> Span {
    let (start, end) = p.locator.span(pointer);
    Span::new(p.file, start, end)
}

/// A schema's full JSON with object keys sorted and the attributes accord adds removed
/// (`accord.version`, `accord.generated`): what "the same schema" means for an import.
pub fn normalized(json: &Json) -> Json {
    match json {
        Json::Object(object) => {
            let mut entries: Vec<(&String, &Json)> = object
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "accord.version" | "accord.generated"))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Json::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), normalized(v)))
                    .collect(),
            )
        }
        Json::Array(items) => Json::Array(items.iter().map(normalized).collect()),
        other => other.clone(),
    }
}

/// Where two JSON values first differ, as a pointer and a description.
fn first_difference(original: &Json, back: &Json, pointer: &str) -> Option<(String, String)> {
    match (original, back) {
        (Json::Object(a), Json::Object(b)) => {
            for (key, value) in a {
                let child = format!("{pointer}/{}", locate::escape(key));
                match b.get(key) {
                    None => return Some((child, format!("`{key}` would be lost"))),
                    Some(other) => {
                        if let Some(found) = first_difference(value, other, &child) {
                            return Some(found);
                        }
                    }
                }
            }
            let added = b.keys().find(|k| !a.contains_key(*k))?;
            Some((pointer.to_string(), format!("`{added}` would be added")))
        }
        (Json::Array(a), Json::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{pointer}/{i}"))),
        (Json::Array(a), Json::Array(b)) => Some((
            pointer.to_string(),
            format!("{} items would become {}", a.len(), b.len()),
        )),
        _ if original == back => None,
        _ => Some((
            pointer.to_string(),
            format!("{original} would become {back}"),
        )),
    }
}

/// A type name from a file name: `user-events.avsc` -> `UserEvents`.
fn type_name_of(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name: String = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "Schema");
    }
    name
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

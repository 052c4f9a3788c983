//! Hover, go to definition and document symbols, answered from the latest compilation: the
//! word under the cursor (a type name, possibly qualified and pinned as `Type@N`, or an
//! annotation) is resolved the way the file's `package` and `import`s make it visible.

use super::convert;
use crate::ir::{print_version, Model, TypeDef};
use crate::source::{FileId, Span};
use crate::Compilation;
use lsp_types::{
    DocumentSymbol, Hover, HoverContents, Location, MarkupContent, MarkupKind, Position, SymbolKind,
};
use std::path::Path;

/// What each annotation means, for hovers and completion.
pub(super) const ANNOTATIONS: &[(&str, &str)] = &[
    ("key", "The field is the record's key, or part of it."),
    ("ref", "The field holds a value of `field` of `Type` version `N` (a foreign key): `@ref(Type@N.field)`."),
    ("renamed", "Earlier names of the field or type (Avro aliases)."),
    ("unit", "The unit of measure of the value."),
    ("deprecated", "Do not use any more (an optional reason)."),
    ("classification", "The data classification, e.g. `\"pii\"`."),
    ("meta", "Free metadata (before a type: attributes of its Avro schema)."),
    ("namespace", "The Avro namespace, when it is not the package (`\"\"`: the null namespace)."),
    ("plain", "The newtype is its wrapped type alone in Avro."),
    ("error", "The record is an Avro `error`."),
    ("migrate", "Hooks migrating the field from and to the previous version: `@migrate(from = f, with = h, back = h)`."),
];

/// The word under the cursor.
struct Word {
    /// A type name as written (`Order`, `shop.orders.Order`), or an annotation's name.
    name: String,
    /// The pinned version (`Order@2`).
    pin: Option<u32>,
    /// Whether the word is an annotation (`@key`).
    annotation: bool,
}

/// The file of the compilation read from `path`, and its text.
pub(super) fn file_of<'c>(compilation: &'c Compilation, path: &Path) -> Option<(FileId, &'c str)> {
    compilation
        .sources
        .files()
        .find(|(_, file)| convert::canonical(&file.path) == path)
        .map(|(id, file)| (id, file.text.as_str()))
}

/// The word of `text` at `position`.
fn word_at(text: &str, position: Position) -> Option<Word> {
    let at = convert::offset(text, position);
    let part = |c: char| c.is_alphanumeric() || c == '_' || c == '.' || c == '@';
    let start = text[..at].rfind(|c: char| !part(c)).map_or(0, |i| i + 1);
    let end = text[at..]
        .find(|c: char| !part(c))
        .map_or(text.len(), |i| at + i);
    let token = &text[start..end];
    if let Some(annotation) = token.strip_prefix('@') {
        let name: String = annotation
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        return Some(Word {
            name,
            pin: None,
            annotation: true,
        });
    }
    let (name, pin) = token.split_once('@').unwrap_or((token, ""));
    let digits: String = pin.chars().take_while(char::is_ascii_digit).collect();
    let name = name.trim_matches('.').to_string();
    (!name.is_empty()).then(|| Word {
        name,
        pin: digits.parse().ok(),
        annotation: false,
    })
}

/// The type `name` names in a file with `text`: by full name, else the one of the file's
/// package, else an imported one, else the only one so named.
fn resolve<'m>(model: &'m Model, text: &str, name: &str) -> Option<&'m TypeDef> {
    let (package, short) = name.rsplit_once('.').unwrap_or(("", name));
    let named: Vec<&TypeDef> = model
        .types
        .values()
        .filter(|def| def.name.name == short)
        .collect();
    if let Some(def) = named.iter().find(|def| def.name.package == package) {
        return Some(def);
    }
    let own = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("package "))
        .map(|rest| rest.trim_end_matches(';').trim());
    let imported = |def: &&&TypeDef| {
        text.lines().any(|line| {
            let line = line.trim();
            line.starts_with("import ") && line.contains(&format!("{}.", def.name.package))
        })
    };
    let found = named
        .iter()
        .find(|def| Some(def.name.package.as_str()) == own);
    found.or_else(|| named.iter().find(imported)).copied()
}

/// The hover at `position` of the file at `path`: a type's resolved version (its doc comment
/// included), or what an annotation means.
pub fn hover(compilation: &Compilation, path: &Path, position: Position) -> Option<Hover> {
    let (_, text) = file_of(compilation, path)?;
    let word = word_at(text, position)?;
    let value = if word.annotation {
        let (name, meaning) = ANNOTATIONS.iter().find(|(name, _)| *name == word.name)?;
        format!("`@{name}`: {meaning}")
    } else {
        let def = resolve(&compilation.model, text, &word.name)?;
        let version = match word.pin {
            Some(number) => def.version(number)?,
            None => def.latest(),
        };
        let mode = def
            .compat
            .unwrap_or(compilation.project.config.default_compat);
        let printed = print_version(&compilation.model, def, version, mode);
        format!("```accord\n{}\n```", printed.trim_end())
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    })
}

/// Where the word at `position` is defined: a type's name, a pinned version's block, or the
/// first file of an imported package.
pub fn definition(compilation: &Compilation, path: &Path, position: Position) -> Option<Location> {
    let (_, text) = file_of(compilation, path)?;
    let word = word_at(text, position).filter(|w| !w.annotation)?;
    let model = &compilation.model;
    let span = match resolve(model, text, &word.name) {
        Some(def) => match word.pin.and_then(|n| def.version(n)) {
            Some(version) if def.versioned => version.span,
            _ => def.name_span,
        },
        None => {
            let def = model.types.values().find(|d| d.name.package == word.name)?;
            Span::new(def.span.file, 0, 0)
        }
    };
    convert::location(&compilation.sources, span)
}

/// The types (with their versions), layouts and topics declared in the file at `path`.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written, as `None`.
pub fn symbols(compilation: &Compilation, path: &Path) -> Vec<DocumentSymbol> {
    let Some((file, _)) = file_of(compilation, path) else {
        return Vec::new();
    };
    let source = compilation.sources.file(file);
    let symbol = |name: String, detail: &str, kind, span: Span, name_span: Span| DocumentSymbol {
        name,
        detail: Some(detail.to_string()),
        kind,
        tags: None,
        deprecated: None,
        range: convert::range(source, span),
        selection_range: convert::range(source, name_span),
        children: None,
    };
    let model = &compilation.model;
    let mut found = Vec::new();
    for def in model.types.values().filter(|d| d.span.file == file) {
        let kind = match def.kind.keyword() {
            "enum" => SymbolKind::ENUM,
            "record" => SymbolKind::STRUCT,
            _ => SymbolKind::CLASS,
        };
        let mut node = symbol(
            def.name.name.clone(),
            def.kind.keyword(),
            kind,
            def.span,
            def.name_span,
        );
        if def.versioned {
            let versions = def.versions.iter().map(|v| {
                let name = format!("version {}", v.number);
                symbol(name, "version", SymbolKind::NAMESPACE, v.span, v.span)
            });
            node.children = Some(versions.collect());
        }
        found.push(node);
    }
    for machine in model.machines.values().filter(|m| m.span.file == file) {
        let name = machine.name.name.clone();
        let (span, name_span) = (machine.span, machine.name_span);
        let mut node = symbol(name, "machine", SymbolKind::INTERFACE, span, name_span);
        if machine.versioned {
            let versions = machine.versions.iter().map(|v| {
                let name = format!("version {}", v.number);
                symbol(name, "version", SymbolKind::NAMESPACE, v.span, v.span)
            });
            node.children = Some(versions.collect());
        }
        found.push(node);
    }
    for layout in model.layouts.values().filter(|l| l.span.file == file) {
        let name = layout.name.name.clone();
        found.push(symbol(
            name,
            "layout",
            SymbolKind::OBJECT,
            layout.span,
            layout.name_span,
        ));
    }
    for topic in model.topics.values().filter(|t| t.span.file == file) {
        let name = topic.name.name.clone();
        found.push(symbol(
            name,
            "topic",
            SymbolKind::EVENT,
            topic.span,
            topic.name_span,
        ));
    }
    found.sort_by_key(|s| (s.range.start.line, s.range.start.character));
    found
}

//! Completion. The line before the cursor says what is being written (a type, a pin, a field of
//! `@ref`, an annotation, a compatibility mode, an import); the project's latest compilation
//! says what exists. The buffer itself is parsed again (the parser recovers), so completion
//! works in a buffer that does not parse, as the user types.
//!
//! A type of another package is offered by its own name with an edit adding the import (to the
//! file's import of that package when it has one, else as a new `import` line), as editors do
//! for other languages; when its name is taken in the file (a type of the file's package or
//! another import), it is offered by its full name, without an edit.

use super::convert;
use super::scope::Scope;
use crate::ir::{Body, CompatMode, FullName, Model, TypeDef, TypeKind};
use crate::source::FileId;
use crate::syntax::{ast, BUILTIN_TYPES, TYPE_CONSTRUCTORS};
use crate::Compilation;
use lsp_server::{Request, Response};
use lsp_types::request::{Completion, Request as _};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
    Documentation, MarkupContent, MarkupKind, Position, Range, TextEdit,
};
use std::collections::BTreeSet;

/// The most types one answer lists (a monorepo has tens of thousands).
const MOST_TYPES: usize = 500;

/// The characters after which the client asks for completion unprompted.
pub(super) const TRIGGERS: [&str; 4] = ["@", ".", "<", "("];

/// What the text before the cursor asks for.
#[derive(Debug, PartialEq, Eq)]
enum Context<'t> {
    /// An annotation's name, after `@`.
    Annotation,
    /// A version of the type written, after `Type@`.
    Versions(&'t str),
    /// A field of a type version, after `Type@N.` (in `@ref(...)`).
    Fields(&'t str, u32),
    /// A compatibility mode, after `compat`.
    Compat,
    /// A type, where one is written (after `:`, `<`, `@ref(`, `key`, `stores`, `event`, ...).
    Types,
    /// What a package holds, after `package.`: its types and sub-packages.
    InPackage(&'t str),
    /// A package, in `import` (the typed part of its name), or a type of the package typed.
    Packages(&'t str),
    /// A type of the package imported, in `import package.{...}`.
    ImportNames(&'t str),
    /// Nothing accord can suggest.
    Nothing,
}

/// Whether `c` can be part of a (dotted) name.
fn name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The dotted name that `text` ends with (`shop.orders.Order` in `x: list<shop.orders.Order`).
fn trailing_path(text: &str) -> &str {
    let start = text.trim_end_matches(|c: char| name_char(c) || c == '.');
    &text[start.len()..]
}

/// What `line`, the cursor's line up to the cursor, asks for.
fn context(line: &str) -> Context<'_> {
    let rest = line.trim_end_matches(name_char);
    let statement = line.trim_start();
    if let Some(import) = statement.strip_prefix("import ") {
        return match import.split_once('{') {
            Some((package, _)) => Context::ImportNames(package.trim().trim_end_matches('.')),
            None => Context::Packages(import.trim_start()),
        };
    }
    if let Some(before) = rest.strip_suffix('@') {
        let path = trailing_path(before);
        return match path {
            "" => Context::Annotation,
            _ => Context::Versions(path),
        };
    }
    if let Some(before) = rest.strip_suffix('.') {
        return after_dot(before);
    }
    let written = rest.trim_end();
    let last_word = written.rsplit(|c: char| !name_char(c)).next().unwrap_or("");
    if last_word == "compat" && written.len() < rest.len() {
        return Context::Compat;
    }
    let open_angle = rest.matches('<').count() > rest.matches('>').count();
    let types = written.ends_with([':', '<'])
        || written.ends_with("@ref(")
        || (written.ends_with(',') && open_angle)
        || (written.ends_with('=') && statement.starts_with("newtype "))
        || (["key", "value", "stores", "event"].contains(&last_word) && written.len() < rest.len());
    if types {
        Context::Types
    } else {
        Context::Nothing
    }
}

/// What the text ending with `before.` asks for: the fields of `Type@N`, or what a package holds.
fn after_dot(before: &str) -> Context<'_> {
    let digits = before.trim_end_matches(|c: char| c.is_ascii_digit());
    if let (Some(typed), Ok(number)) = (digits.strip_suffix('@'), before[digits.len()..].parse()) {
        let path = trailing_path(typed);
        if !path.is_empty() {
            return Context::Fields(path, number);
        }
    }
    match trailing_path(before) {
        "" => Context::Nothing,
        path => Context::InPackage(path),
    }
}

/// Answers `textDocument/completion`: `null` outside a known project.
pub(super) fn answer(state: &super::State, request: Request) -> Response {
    let id = request.id.clone();
    match request.extract::<CompletionParams>(Completion::METHOD) {
        Ok((id, params)) => {
            let at = params.text_document_position;
            let items = state
                .lookup(&at.text_document.uri)
                .and_then(|(compilation, path)| {
                    let compiled = super::navigate::file_of(compilation, &path).map(|(_, t)| t);
                    let text = state.text(&at.text_document.uri).or(compiled)?;
                    Some(CompletionResponse::List(complete(
                        compilation,
                        text,
                        at.position,
                    )))
                });
            Response::new_ok(id, items)
        }
        Err(error) => super::invalid(super::request_id(&error).unwrap_or(id), error),
    }
}

/// The buffer being completed.
struct Buffer<'b> {
    /// The project's latest compilation.
    compilation: &'b Compilation,
    /// The buffer's text.
    text: &'b str,
    /// Its syntax tree, as far as it parses.
    parsed: ast::File,
    /// The names it sees.
    scope: Scope,
}

/// The completion items at `position` of a buffer with `text`.
pub(super) fn complete(
    compilation: &Compilation,
    text: &str,
    position: Position,
) -> CompletionList {
    let offset = convert::offset(text, position);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let parsed = crate::syntax::parse(FileId(u32::MAX), text, &mut Default::default());
    let buffer = Buffer {
        compilation,
        scope: Scope::of(&parsed, &compilation.model),
        parsed,
        text,
    };
    let line = &text[line_start..offset];
    let (items, is_incomplete) = match context(line) {
        Context::Types => buffer.types(&line[line.trim_end_matches(name_char).len()..]),
        Context::Packages(typed) => {
            let start = position_in(text, offset - typed.len());
            let range = Range::new(start, position);
            (packages(&compilation.model, typed, range), false)
        }
        other => (buffer.items(other), false),
    };
    CompletionList {
        is_incomplete,
        items,
    }
}

impl Buffer<'_> {
    /// The items `context` asks for (but types and packages).
    fn items(&self, context: Context<'_>) -> Vec<CompletionItem> {
        let compilation = self.compilation;
        let model = &compilation.model;
        match context {
            Context::Annotation => annotations(),
            Context::Versions(written) => self
                .def(written)
                .map_or_else(Vec::new, |def| versions(compilation, def)),
            Context::Fields(written, number) => self
                .def(written)
                .map_or_else(Vec::new, |def| fields(compilation, def, number)),
            Context::Compat => compat_modes(compilation.project.config.default_compat),
            Context::InPackage(package) => in_package(model, package),
            Context::ImportNames(package) => model.types_in(package).map(type_item).collect(),
            Context::Types | Context::Packages(_) | Context::Nothing => Vec::new(),
        }
    }

    /// The type the dotted name `written` stands for in this buffer.
    fn def(&self, written: &str) -> Option<&TypeDef> {
        let model = &self.compilation.model;
        model.types.get(&self.scope.resolve_text(written))
    }

    /// Every type the buffer can name: its package's (those declared in the buffer included),
    /// the imported ones, the other packages' (adding the import), and the built-in ones; and
    /// whether the list is incomplete (over [`MOST_TYPES`] types, only those whose name starts
    /// with `word`, the word being typed, and at most that many).
    fn types(&self, word: &str) -> (Vec<CompletionItem>, bool) {
        let model = &self.compilation.model;
        let mut defs: Vec<&TypeDef> = model.types.values().collect();
        let incomplete = defs.len() > MOST_TYPES;
        if incomplete {
            let word = word.to_lowercase();
            defs.retain(|def| def.name.name.to_lowercase().starts_with(&word));
            defs.truncate(MOST_TYPES);
        }
        let mut items: Vec<CompletionItem> =
            defs.into_iter().map(|d| self.type_choice(d)).collect();
        let package = self.scope.package();
        let mut seen: BTreeSet<&str> = model
            .types_in(package)
            .map(|d| d.name.name.as_str())
            .collect();
        for decl in &self.parsed.decls {
            if seen.insert(&decl.name.name) {
                items.push(CompletionItem {
                    label: decl.name.name.clone(),
                    kind: Some(CompletionItemKind::STRUCT),
                    detail: Some("declared in this file".to_string()),
                    ..CompletionItem::default()
                });
            }
        }
        items.extend(builtins());
        (items, incomplete)
    }

    /// The item of `def`: by its own name when the buffer sees it so or can import it (with
    /// the import edit), else by its full name.
    fn type_choice(&self, def: &TypeDef) -> CompletionItem {
        let model = &self.compilation.model;
        let short = &def.name.name;
        if self.scope.resolve(&[short]) == def.name {
            type_item(def)
        } else if self.scope.sees(short, model) {
            CompletionItem {
                label: def.name.to_string(),
                ..type_item(def)
            }
        } else {
            CompletionItem {
                additional_text_edits: Some(vec![self.import_edit(&def.name)]),
                ..type_item(def)
            }
        }
    }

    /// The edit importing `name`: into the buffer's import of its package when there is one,
    /// else a new `import` line after the last import (or after the `package` line).
    fn import_edit(&self, name: &FullName) -> TextEdit {
        let existing = self
            .parsed
            .imports
            .iter()
            .find(|i| i.package.dotted() == name.package && !i.names.is_empty());
        match existing {
            Some(import) => self.extend_import(import, &name.name),
            None => self.new_import(name),
        }
    }

    /// The edit adding `short` to `import` (which names some type): before its `}`, or
    /// turning `import p.A;` into `import p.{A, short};`.
    fn extend_import(&self, import: &ast::Import, short: &str) -> TextEdit {
        let span = import.span.start as usize..import.span.end as usize;
        if let Some(close) = self.text[span.clone()].rfind('}') {
            return insertion(self.text, span.start + close, format!(", {short}"));
        }
        let names = import.names.iter().map(|n| n.name.as_str());
        let listed: Vec<&str> = names.chain([short]).collect();
        let names_span = import.names[0]
            .span
            .to(import.names[import.names.len() - 1].span);
        let start = position_in(self.text, names_span.start as usize);
        let range = Range::new(start, position_in(self.text, names_span.end as usize));
        TextEdit::new(range, format!("{{{}}}", listed.join(", ")))
    }

    /// The edit adding the line `import name;` after the last import, else after the `package`
    /// line (a blank line between), else at the top.
    fn new_import(&self, name: &FullName) -> TextEdit {
        let line = format!("import {name};");
        let last_import = self.parsed.imports.last().map(|i| (i.span, "\n"));
        let package = self.parsed.package.as_ref().map(|p| (p.span, "\n\n"));
        match last_import.or(package) {
            Some((span, gap)) => {
                let end = span.end as usize;
                let eol = self.text[end..]
                    .find('\n')
                    .map_or(self.text.len(), |i| end + i);
                insertion(self.text, eol, format!("{gap}{line}"))
            }
            None => insertion(self.text, 0, format!("{line}\n")),
        }
    }
}

/// The edit inserting `new_text` at byte `offset` of `text`.
fn insertion(text: &str, offset: usize, new_text: String) -> TextEdit {
    let at = position_in(text, offset);
    TextEdit::new(Range::new(at, at), new_text)
}

/// The position of byte `offset` of `text`.
fn position_in(text: &str, offset: usize) -> Position {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count();
    let column = text[line_start..offset].encode_utf16().count();
    Position::new(line as u32, column as u32)
}

/// Markdown documentation.
fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// A type, by its own name, with its kind, full name and doc comment.
fn type_item(def: &TypeDef) -> CompletionItem {
    let kind = match def.kind {
        TypeKind::Record => CompletionItemKind::STRUCT,
        TypeKind::Enum => CompletionItemKind::ENUM,
        TypeKind::Fixed | TypeKind::Newtype => CompletionItemKind::CLASS,
    };
    let mut detail = format!("{} {}", def.kind.keyword(), def.name);
    if def.versioned {
        detail.push_str(&format!(" (versions 1 to {})", def.latest().number));
    }
    CompletionItem {
        label: def.name.name.clone(),
        kind: Some(kind),
        detail: Some(detail),
        documentation: def.doc.clone().map(markdown),
        ..CompletionItem::default()
    }
}

/// The built-in types and type constructors.
fn builtins() -> impl Iterator<Item = CompletionItem> {
    let scalars = BUILTIN_TYPES.iter().map(|name| (name, "built-in type"));
    let constructors = TYPE_CONSTRUCTORS
        .iter()
        .map(|name| (name, "type constructor"));
    scalars
        .chain(constructors)
        .map(|(name, detail)| CompletionItem {
            label: name.to_string(),
            kind: Some(CompletionItemKind::KEYWORD),
            detail: Some(detail.to_string()),
            ..CompletionItem::default()
        })
}

/// The annotations, with what each means.
fn annotations() -> Vec<CompletionItem> {
    super::navigate::ANNOTATIONS
        .iter()
        .map(|(name, meaning)| CompletionItem {
            label: name.to_string(),
            kind: Some(CompletionItemKind::PROPERTY),
            detail: Some(format!("@{name}")),
            documentation: Some(markdown(meaning.to_string())),
            ..CompletionItem::default()
        })
        .collect()
}

/// The versions of `def`, the latest first and preselected, each documented with its
/// definition as `accord show` prints it.
fn versions(compilation: &Compilation, def: &TypeDef) -> Vec<CompletionItem> {
    let latest = def.latest().number;
    let mode = def
        .compat
        .unwrap_or(compilation.project.config.default_compat);
    def.versions
        .iter()
        .rev()
        .map(|version| {
            let printed = crate::ir::print_version(&compilation.model, def, version, mode);
            let is_latest = version.number == latest;
            CompletionItem {
                label: version.number.to_string(),
                kind: Some(CompletionItemKind::VALUE),
                detail: Some(format!(
                    "{}@{} (version {} of {latest}{})",
                    def.name.name,
                    version.number,
                    version.number,
                    if is_latest { ", the latest" } else { "" }
                )),
                documentation: Some(markdown(format!("```accord\n{}\n```", printed.trim_end()))),
                sort_text: Some(format!("{:010}", latest - version.number)),
                preselect: is_latest.then_some(true),
                ..CompletionItem::default()
            }
        })
        .collect()
}

/// The fields of version `number` of `def`, its key fields first.
fn fields(compilation: &Compilation, def: &TypeDef, number: u32) -> Vec<CompletionItem> {
    let Some(Body::Record(fields)) = def.version(number).map(|v| &v.body) else {
        return Vec::new();
    };
    let sources = &compilation.sources;
    fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let key = field.annotations.key;
            let ty = sources.snippet(field.ty_span);
            CompletionItem {
                label: field.name.clone(),
                kind: Some(CompletionItemKind::FIELD),
                detail: Some(format!("{ty}{}", if key { " @key" } else { "" })),
                documentation: field.doc.clone().map(markdown),
                sort_text: Some(format!("{}{index:06}", if key { 0 } else { 1 })),
                ..CompletionItem::default()
            }
        })
        .collect()
}

/// The compatibility modes, the project's default marked.
fn compat_modes(default: CompatMode) -> Vec<CompletionItem> {
    CompatMode::ALL
        .iter()
        .map(|mode| CompletionItem {
            label: mode.name().to_string(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(if *mode == default {
                format!("{} (the project's default)", meaning(*mode))
            } else {
                meaning(*mode).to_string()
            }),
            ..CompletionItem::default()
        })
        .collect()
}

/// What a compatibility mode checks.
fn meaning(mode: CompatMode) -> &'static str {
    match mode {
        CompatMode::Backward => "the new version reads data of the previous one",
        CompatMode::BackwardTransitive => "the new version reads data of every earlier one",
        CompatMode::Forward => "the previous version reads data of the new one",
        CompatMode::ForwardTransitive => "every earlier version reads data of the new one",
        CompatMode::Full => "backward and forward against the previous version",
        CompatMode::FullTransitive => "backward and forward against every earlier version",
        CompatMode::None => "no check",
    }
}

/// Every package of the model.
fn all_packages(model: &Model) -> BTreeSet<&str> {
    let types = model.types.keys();
    let boundaries = model.layouts.keys().chain(model.topics.keys());
    types
        .chain(boundaries)
        .map(|n| n.package.as_str())
        .collect()
}

/// After `package.`: the package's types and the next part of the packages under it.
fn in_package(model: &Model, package: &str) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = model.types_in(package).map(type_item).collect();
    let prefix = format!("{package}.");
    let below: BTreeSet<&str> = all_packages(model)
        .into_iter()
        .filter_map(|p| p.strip_prefix(&prefix))
        .map(|rest| rest.split('.').next().unwrap_or(rest))
        .collect();
    items.extend(below.into_iter().map(|part| CompletionItem {
        label: part.to_string(),
        kind: Some(CompletionItemKind::MODULE),
        detail: Some(format!("package {prefix}{part}")),
        ..CompletionItem::default()
    }));
    items
}

/// The packages whose name starts with `typed`, each replacing `range` (what is typed of it),
/// then the types of the package before the last `.` typed.
fn packages(model: &Model, typed: &str, range: Range) -> Vec<CompletionItem> {
    let types = typed
        .rsplit_once('.')
        .map(|(package, _)| model.types_in(package).map(type_item));
    all_packages(model)
        .into_iter()
        .filter(|package| package.starts_with(typed))
        .map(|package| CompletionItem {
            label: package.to_string(),
            kind: Some(CompletionItemKind::MODULE),
            detail: Some("package".to_string()),
            text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit::new(
                range,
                package.to_string(),
            ))),
            ..CompletionItem::default()
        })
        .chain(types.into_iter().flatten())
        .collect()
}

#[cfg(test)]
mod tests;

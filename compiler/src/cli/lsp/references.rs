//! Find references: every place of the project that names the type, the pinned version or the
//! package under the cursor (in types, layouts, topics and machines). The compilation keeps no syntax trees, so the project's files (as
//! compiled) are parsed again and each written name resolved as the compiler resolves it
//! ([`Scope`]); the types written in layout path templates come from the model, which resolved
//! them. Comments, strings and names of other packages never match.
//!
//! A type reference is reported on the type's own name (`Currency` in `shop.common.Currency@2`);
//! its package prefix is a reference to the package.

use super::convert;
use super::scope::Scope;
use crate::ir::{FullName, LayoutPart, Model, SegmentType, Type};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast;
use crate::Compilation;
use lsp_server::{Request, Response};
use lsp_types::request::{References, Request as _};
use lsp_types::{Location, Position, ReferenceParams};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What an occurrence names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A type, all its versions or some.
    Type(FullName),
    /// A package.
    Package(String),
}

/// One place of the project that names a type or a package.
#[derive(Debug, Clone)]
struct Occurrence {
    /// What it names.
    target: Target,
    /// The versions it names; empty when it names the type as a whole (an import, the declared
    /// name of a versioned type) or a package.
    versions: Vec<u32>,
    /// The version written when exactly one is (`Order@2`, `version 2`), and where the cursor
    /// selects that version rather than the type (after the `@`, or the whole header).
    pin: Option<(u32, Span)>,
    /// Whether it declares what it names (a type's name, `version N`, `package p;`).
    declaration: bool,
    /// Whether it is a `version N` header: a reference of that version only, not of the type.
    header: bool,
    /// What is reported: the type's own name, the package path, `version N`.
    span: Span,
    /// Where the cursor selects it: the name and its pin.
    hit: Span,
}

/// What the references are asked of.
#[derive(Debug, PartialEq, Eq)]
struct Query {
    /// The type or package.
    target: Target,
    /// One version of the type only.
    pin: Option<u32>,
}

impl Query {
    /// Whether `found` refers to what is asked.
    fn matches(&self, found: &Occurrence) -> bool {
        found.target == self.target
            && match self.pin {
                None => !found.header,
                Some(number) => found.versions.contains(&number),
            }
    }
}

/// Answers `textDocument/references`: `null` outside a known project or off any name.
pub(super) fn answer(state: &super::State, request: Request) -> Response {
    let id = request.id.clone();
    match request.extract::<ReferenceParams>(References::METHOD) {
        Ok((id, params)) => {
            let at = params.text_document_position;
            let found = state
                .lookup(&at.text_document.uri)
                .and_then(|(compilation, path)| {
                    let declarations = params.context.include_declaration;
                    references(compilation, &path, at.position, declarations)
                });
            Response::new_ok(id, found)
        }
        Err(error) => super::invalid(super::request_id(&error).unwrap_or(id), error),
    }
}

/// The references of what is at `position` of the file at `path`, in file then text order;
/// declarations included when `declarations` is set.
pub(super) fn references(
    compilation: &Compilation,
    path: &Path,
    position: Position,
    declarations: bool,
) -> Option<Vec<Location>> {
    let (file, text) = super::navigate::file_of(compilation, path)?;
    let occurrences = occurrences(compilation);
    let query = query_at(&occurrences, file, convert::offset(text, position))?;
    let mut spans: Vec<Span> = occurrences
        .iter()
        .filter(|o| query.matches(o) && (declarations || !o.declaration))
        .map(|o| o.span)
        .collect();
    let sources = &compilation.sources;
    spans.sort_by_key(|s| (&sources.file(s.file).path, s.start, s.end));
    spans.dedup();
    spans
        .into_iter()
        .map(|span| convert::location(sources, span))
        .collect()
}

/// What the cursor at byte `offset` of `file` selects: the innermost occurrence around it; on
/// a pin (`@2` of `Order@2`, a `version 2` header) that version, elsewhere the whole type.
fn query_at(occurrences: &[Occurrence], file: FileId, offset: usize) -> Option<Query> {
    let offset = offset as u32;
    let within = |span: Span| span.start <= offset && offset <= span.end;
    occurrences
        .iter()
        .filter(|o| o.hit.file == file && within(o.hit))
        .min_by_key(|o| o.hit.end - o.hit.start)
        .map(|o| Query {
            target: o.target.clone(),
            pin: o
                .pin
                .filter(|(_, at)| within(*at))
                .map(|(number, _)| number),
        })
}

/// Every occurrence of a type or package in the project's contract files.
fn occurrences(compilation: &Compilation) -> Vec<Occurrence> {
    let model = &compilation.model;
    let mut found = Vec::new();
    let contracts: HashSet<&PathBuf> = compilation.files.iter().collect();
    for (id, source) in compilation.sources.files() {
        if !contracts.contains(&source.path) {
            continue;
        }
        let parsed = crate::syntax::parse(id, &source.text, &mut Default::default());
        let mut collector = Collector {
            model,
            scope: Scope::of(&parsed, model),
            found: &mut found,
        };
        collector.file(&parsed);
    }
    segment_types(model, &compilation.sources, &mut found);
    found
}

/// Walks one file's syntax tree and records what it names.
struct Collector<'c> {
    /// The types, to know which are versioned.
    model: &'c Model,
    /// The file's names.
    scope: Scope,
    /// The occurrences found so far.
    found: &'c mut Vec<Occurrence>,
}

impl Collector<'_> {
    /// Records an occurrence named and selected at `span`.
    fn push(&mut self, target: Target, versions: Vec<u32>, span: Span) {
        self.found.push(Occurrence {
            versions,
            ..occurrence(target, span)
        });
    }

    /// The package declaration, the imports and every declaration of `file`.
    fn file(&mut self, file: &ast::File) {
        if let Some(package) = &file.package {
            self.push(Target::Package(package.dotted()), Vec::new(), package.span);
            self.declared();
        }
        for import in &file.imports {
            let package = import.package.dotted();
            self.push(
                Target::Package(package.clone()),
                Vec::new(),
                import.package.span,
            );
            for name in &import.names {
                let full = FullName::new(package.clone(), name.name.clone());
                self.push(Target::Type(full), Vec::new(), name.span);
            }
        }
        for decl in &file.decls {
            self.decl(decl);
        }
        for layout in &file.layouts {
            for body in members(&layout.body).into_iter().flatten() {
                self.type_name(&body.stores, None);
            }
        }
        for machine in &file.machines {
            for body in members(&machine.body) {
                self.machine(body);
            }
        }
        for topic in &file.topics {
            for clause in &topic.clauses {
                if let ast::TopicClauseKind::Key(ty) | ast::TopicClauseKind::Value(ty) =
                    &clause.kind
                {
                    self.topic_type(ty);
                }
            }
        }
    }

    /// The event type of a machine (or of one machine version).
    fn machine(&mut self, body: &ast::MachineBody) {
        for clause in &body.clauses {
            if let ast::MachineClauseKind::Event(event) = &clause.kind {
                self.type_name(event, None);
            }
        }
    }

    /// Marks the last occurrence recorded as a declaration.
    fn declared(&mut self) {
        if let Some(last) = self.found.last_mut() {
            last.declaration = true;
        }
    }

    /// A type declaration: its name, its `version N` headers and the types its members name.
    fn decl(&mut self, decl: &ast::Decl) {
        let name = FullName::new(self.scope.package(), decl.name.name.clone());
        let versioned = self.is_versioned(&name);
        let versions = if versioned { Vec::new() } else { vec![1] };
        self.push(Target::Type(name.clone()), versions, decl.name.span);
        self.declared();
        self.annotations(&decl.annotations);
        let headers = match &decl.kind {
            ast::DeclKind::Record(record) => {
                for fields in members(record) {
                    fields.iter().for_each(|field| self.field(field));
                }
                headers(record)
            }
            ast::DeclKind::Enum(body) => headers(body),
            ast::DeclKind::Newtype(wrapped) => {
                self.type_expr(wrapped);
                Vec::new()
            }
            ast::DeclKind::Fixed(_) => Vec::new(),
        };
        for (number, span) in headers {
            let number = number as u32;
            self.found.push(Occurrence {
                versions: vec![number],
                pin: Some((number, span)),
                declaration: true,
                header: true,
                ..occurrence(Target::Type(name.clone()), span)
            });
        }
    }

    /// A field's type and its `@ref` target.
    fn field(&mut self, field: &ast::Field) {
        self.type_expr(&field.ty);
        self.annotations(&field.annotations);
    }

    /// The `@ref(Type@N.field)` targets among `annotations`.
    fn annotations(&mut self, annotations: &[ast::Annotation]) {
        for annotation in annotations {
            if let ast::AnnotationKind::Ref(target) = &annotation.kind {
                self.type_name(&target.ty, None);
            }
        }
    }

    /// Every named type of a type expression.
    fn type_expr(&mut self, ty: &ast::TypeExpr) {
        match ty {
            ast::TypeExpr::Builtin(_) | ast::TypeExpr::Decimal(_) => {}
            ast::TypeExpr::List(inner, _)
            | ast::TypeExpr::Map(inner, _)
            | ast::TypeExpr::Optional(inner, _) => self.type_expr(inner),
            ast::TypeExpr::Union(branches, _) => branches.iter().for_each(|b| self.type_expr(b)),
            ast::TypeExpr::Named(name) => self.type_name(name, None),
            ast::TypeExpr::Annotated(annotations, inner, _) => {
                self.annotations(annotations);
                self.type_expr(inner);
            }
        }
    }

    /// A topic's key or value: its type, with the versions the topic allows.
    fn topic_type(&mut self, written: &ast::TopicType) {
        match &written.ty {
            ast::TypeExpr::Named(name) => self.type_name(name, written.versions.as_ref()),
            other => self.type_expr(other),
        }
    }

    /// A written type name (with its versions when a topic lists several), and its package
    /// prefix when it is qualified.
    fn type_name(&mut self, written: &ast::TypeName, set: Option<&ast::VersionSet>) {
        let segments = &written.path.segments;
        let names: Vec<&str> = segments.iter().map(|s| s.name.as_str()).collect();
        let full = self.scope.resolve(&names);
        if segments.len() > 1 {
            let span = segments[0].span.to(segments[segments.len() - 2].span);
            self.push(Target::Package(full.package.clone()), Vec::new(), span);
        }
        let Some(last) = segments.last() else {
            return;
        };
        let pin = written.version.map(|(number, _)| number as u32);
        let pin_at = Span::new(
            last.span.file,
            last.span.end as usize + 1,
            written.span.end as usize,
        );
        let versions = match (set, pin) {
            (Some(ast::VersionSet::Range { last, .. }), Some(first)) => {
                (first..=*last as u32).collect()
            }
            (Some(ast::VersionSet::List(listed, _)), _) => {
                listed.iter().map(|(n, _)| *n as u32).collect()
            }
            (_, Some(number)) => vec![number],
            (_, None) if self.is_versioned(&full) => Vec::new(),
            (_, None) => vec![1],
        };
        self.found.push(Occurrence {
            versions,
            pin: pin.filter(|_| set.is_none()).map(|number| (number, pin_at)),
            hit: last.span.to(written.span.after()),
            ..occurrence(Target::Type(full), last.span)
        });
    }

    /// Whether the type `name` is written in `version` blocks.
    fn is_versioned(&self, name: &FullName) -> bool {
        self.model.types.get(name).is_some_and(|def| def.versioned)
    }
}

/// The members of each version of a versioned body (or of the single one).
fn members<T>(body: &ast::Versioned<T>) -> Vec<&T> {
    match &body.body {
        ast::VersionedBody::Single(members) => vec![members],
        ast::VersionedBody::Versions(blocks) => blocks.iter().map(|b| &b.members).collect(),
    }
}

/// The `version N` headers of a versioned body, with their numbers.
fn headers<T>(body: &ast::Versioned<T>) -> Vec<(u64, Span)> {
    match &body.body {
        ast::VersionedBody::Single(_) => Vec::new(),
        ast::VersionedBody::Versions(blocks) => {
            blocks.iter().map(|b| (b.number, b.number_span)).collect()
        }
    }
}

/// The types written in layout path templates (`{status: OrderStatus@1}`), as the model
/// resolved them: on the type's name, or on the whole template when it has escapes (the model
/// knows no finer place then).
fn segment_types(model: &Model, sources: &SourceMap, found: &mut Vec<Occurrence>) {
    let segments = model
        .layouts
        .values()
        .flat_map(|layout| &layout.versions)
        .flat_map(|version| &version.parts);
    for part in segments {
        let LayoutPart::Segment(segment) = part else {
            continue;
        };
        let SegmentType::Written(Type::Named(reference), at) = &segment.ty else {
            continue;
        };
        let written = sources.snippet(*at);
        let (path, pin) = written.split_once('@').unwrap_or((written, ""));
        let exact = !written.starts_with('"');
        let start = at.start as usize;
        let name_start = path.rfind('.').map_or(0, |dot| dot + 1);
        let name = Span::new(at.file, start + name_start, start + path.trim_end().len());
        if exact && name_start > 0 {
            let package = Span::new(at.file, start, start + name_start - 1);
            found.push(occurrence(
                Target::Package(reference.name.package.clone()),
                package,
            ));
        }
        let mut named = occurrence(Target::Type(reference.name.clone()), *at);
        named.versions = vec![reference.version];
        let pin_at = Span::new(at.file, start + path.len() + 1, at.end as usize);
        named.pin = (exact && !pin.is_empty()).then_some((reference.version, pin_at));
        if exact {
            named.span = name;
        }
        found.push(named);
    }
}

/// A plain reference to `target` at `span`.
fn occurrence(target: Target, span: Span) -> Occurrence {
    Occurrence {
        target,
        versions: Vec::new(),
        pin: None,
        declaration: false,
        header: false,
        span,
        hit: span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectConfig;

    const A: &str = "package a;\n/// Id in a doc comment.\nnewtype Id = string;\n\
        record R {\n  version 1 { id: Id @key; }\n  version 2 { id: Id @key; n: int; }\n}\n";
    const B: &str = "package b;\nimport a.{Id, R};\n// Id in a comment\nnewtype Own = string;\n\
        record S { x: Id @unit(\"Id\"); y: list<a.R@1>; z: map<R@2>?; w: Own @ref(R@2.id); }\n\
        topic T { name \"t\"; key Id; value R@1..2; }\n";
    const C: &str = "package c;\nnewtype Id = long;\nrecord U { id: Id; r: union<a.R@2, int>; }\n\
        layout L { path \"u/{id: a.Id}\"; stores a.R@1 as avro; }\n";

    fn project() -> Compilation {
        let files = [("a.accord", A), ("b.accord", B), ("c.accord", C)];
        let files = files.iter().map(|(n, t)| (n.to_string(), t.to_string()));
        crate::compile_sources(files.collect(), ProjectConfig::default())
    }

    /// The references at the `nth` (0-based) `needle` of `file` (at its `|` if it has one), as
    /// `file:line:column`.
    fn refs(file: &str, needle: &str, nth: usize, declarations: bool) -> Vec<String> {
        let compilation = project();
        let text = [("a.accord", A), ("b.accord", B), ("c.accord", C)]
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, text)| *text)
            .unwrap();
        let (before, after) = needle.split_once('|').unwrap_or(("", needle));
        let whole = format!("{before}{after}");
        let at = text.match_indices(&whole).nth(nth).unwrap().0 + before.len();
        let line = text[..at].matches('\n').count() as u32;
        let column = (at - text[..at].rfind('\n').map_or(0, |i| i + 1)) as u32;
        let found = references(
            &compilation,
            Path::new(file),
            Position::new(line, column),
            declarations,
        );
        found
            .unwrap_or_default()
            .iter()
            .map(|l| {
                let file = l.uri.as_str().rsplit('/').next().unwrap().to_string();
                format!(
                    "{file}:{}:{}",
                    l.range.start.line + 1,
                    l.range.start.character + 1
                )
            })
            .collect()
    }

    #[test]
    fn a_type_is_found_through_imports_not_where_shadowed_or_in_comments_and_strings() {
        let found = refs("a.accord", "Id =", 0, true);
        assert_eq!(
            found,
            [
                "a.accord:3:9",
                "a.accord:5:19",
                "a.accord:6:19",
                "b.accord:2:11",
                "b.accord:5:15",
                "b.accord:6:25",
                "c.accord:4:27",
            ]
        );
        assert_eq!(refs("b.accord", "Id", 2, false), found[1..]);
    }

    #[test]
    fn a_pin_finds_that_version_only() {
        let second = refs("b.accord", "R@|2", 0, true);
        assert_eq!(
            second,
            [
                "a.accord:6:3",
                "b.accord:5:54",
                "b.accord:5:73",
                "b.accord:6:35",
                "c.accord:3:31"
            ]
        );
        let first = refs("a.accord", "version 1", 0, false);
        assert_eq!(first, ["b.accord:5:41", "b.accord:6:35", "c.accord:4:42"]);
        // A range is no pin: the whole type, its import included, not its `version N` headers.
        let all = refs("b.accord", "R@1..2", 0, true);
        assert_eq!(all[..2], ["a.accord:4:8", "b.accord:2:15"]);
        assert_eq!(all.len(), 8, "{all:?}");
        assert_eq!(
            refs("b.accord", "R|@2", 0, true),
            all,
            "the name of a pinned type"
        );
    }

    #[test]
    fn a_machine_names_its_event_version() {
        let text = "package m;\nenum S { A, B; default A }\n\
            record E {\n  version 1 { id: uuid @key; s: S; }\n  version 2 { id: uuid @key; s: S; }\n}\n\
            machine M {\n  version 1 { event E@1; state s; initial A; from A to B; }\n\
              version 2 { event E@2; state s; initial A; from A to B; }\n}\n";
        let files = vec![("m.accord".to_string(), text.to_string())];
        let compilation = crate::compile_sources(files, ProjectConfig::default());
        let at = |needle: &str| {
            let offset = text.find(needle).unwrap();
            let line = text[..offset].matches('\n').count() as u32;
            let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
            Position::new(line, column as u32)
        };
        let lines = |found: Option<Vec<Location>>| -> Vec<u32> {
            found.unwrap().iter().map(|l| l.range.start.line).collect()
        };
        let path = Path::new("m.accord");
        assert_eq!(
            lines(references(&compilation, path, at("E {"), false)),
            [7, 8]
        );
        let second = at("@2;");
        let pinned = Position::new(second.line, second.character + 1);
        assert_eq!(lines(references(&compilation, path, pinned, true)), [4, 8]);
    }

    #[test]
    fn a_package_is_found_in_imports_and_qualified_names() {
        let found = refs("b.accord", "a.{", 0, true);
        assert_eq!(
            found,
            [
                "a.accord:1:9",
                "b.accord:2:8",
                "b.accord:5:39",
                "c.accord:3:29",
                "c.accord:4:25",
                "c.accord:4:40"
            ]
        );
        assert_eq!(refs("b.accord", "a.{", 0, false).len(), 5);
        assert!(refs("b.accord", "// Id", 0, true).is_empty());
    }
}

//! Lowering of `layout` and `topic` declarations: names resolved through the file's scope
//! (so their imports count as used), version pins and sets checked, templates split.

mod commit;

use super::{Declared, Lowerer, Symbols};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::*;
use crate::layout::template::{parse_template, RawPart, TemplateError};
use crate::source::Span;
use crate::syntax::ast;
use crate::syntax::BUILTIN_TYPES;

impl Lowerer<'_, '_, '_> {
    /// Lowers the layouts and topics of one file into `model`.
    pub(super) fn boundaries(&mut self, package: &str, file: &ast::File, model: &mut Model) {
        for decl in &file.layouts {
            let name = FullName::new(package, decl.name.name.clone());
            if self.clashes(&name, decl.name.span, model) {
                continue;
            }
            let def = self.layout(name.clone(), decl);
            model.layouts.insert(name, def);
        }
        for decl in &file.topics {
            let name = FullName::new(package, decl.name.name.clone());
            if self.clashes(&name, decl.name.span, model) {
                continue;
            }
            if let Some(def) = self.topic(name.clone(), decl) {
                model.topics.insert(name, def);
            }
        }
    }

    /// Layouts and topics share the namespace of types: reports a second definition.
    pub(super) fn clashes(&mut self, name: &FullName, at: Span, model: &Model) -> bool {
        let symbols: &Symbols = self.symbols;
        let first = symbols
            .decls
            .get(name)
            .map(|d| d.decl.name.span)
            .or_else(|| model.layouts.get(name).map(|l| l.name_span))
            .or_else(|| model.topics.get(name).map(|t| t.name_span))
            .or_else(|| model.machines.get(name).map(|m| m.name_span));
        if let Some(first) = first {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::N001,
                    at,
                    format!("`{name}` is defined more than once"),
                )
                .with_label("defined again here")
                .with_secondary(first, "first defined here")
                .with_hint(
                    "types, layouts, topics and machines of a package share one namespace: rename one",
                ),
            );
        }
        first.is_some()
    }

    fn layout(&mut self, name: FullName, decl: &ast::LayoutDecl) -> LayoutDef {
        let versions = self.versions(Declared::Layout, &decl.body, decl.span, |l, written| {
            // A body that did not parse is reported already.
            let body = written.members.as_ref()?;
            Some(l.layout_version(written.number, body, written.span))
        });
        LayoutDef {
            name,
            doc: decl.doc.clone(),
            versioned: versions.versioned,
            compat: versions.compat,
            versions: versions.list,
            span: decl.span,
            name_span: decl.name.span,
        }
    }

    fn layout_version(&mut self, number: u32, body: &ast::LayoutBody, span: Span) -> LayoutVersion {
        let stores = self.type_ref(&body.stores);
        let place = Place::of(body);
        let parts = match parse_template(&body.path) {
            Ok(raw) => raw
                .iter()
                .map(|part| self.layout_part(part, place))
                .collect(),
            Err(error) => {
                self.template_error(Code::Y001, place, "invalid path template", error);
                Vec::new()
            }
        };
        let (immutable, commit) = self.publication(body);
        LayoutVersion {
            number,
            template: body.path.clone(),
            parts,
            template_span: body.path_span,
            stores,
            stores_span: body.stores.span,
            format: body.format.name.clone(),
            format_span: body.format.span,
            immutable,
            commit,
            span,
        }
    }

    /// The publication rules of a body: where `immutable` is written, and the `commit`
    /// manifest when valid (problems reported, `Y012`).
    fn publication(&mut self, body: &ast::LayoutBody) -> (Option<Span>, Option<CommitManifest>) {
        let (mut immutable, mut commit) = (None, None);
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for clause in &body.publication {
            let keyword = match clause.kind {
                ast::PublicationKind::Immutable => "immutable",
                ast::PublicationKind::Commit(..) => "commit",
            };
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == keyword) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::Y012,
                        clause.span,
                        format!("`{keyword}` is written twice"),
                    )
                    .with_secondary(*first, "first written here")
                    .with_hint(format!(
                        "a layout version has at most one `{keyword}`: remove one"
                    )),
                );
                continue;
            }
            seen.push((keyword, clause.span));
            match &clause.kind {
                ast::PublicationKind::Immutable => immutable = Some(clause.span),
                ast::PublicationKind::Commit(text, span) => {
                    commit = self.commit_manifest(&body.path, text, *span)
                }
            }
        }
        (immutable, commit)
    }

    /// The commit manifest of `commit "text";`, checked against the data template `data`.
    fn commit_manifest(&mut self, data: &str, text: &str, span: Span) -> Option<CommitManifest> {
        match commit::split_commit(data, text) {
            Ok(split) => Some(CommitManifest {
                template: text.to_string(),
                file_name: split.file_name,
                shape: split.shape,
                span,
            }),
            Err(error) => {
                let place = Place::literal(span, text);
                self.template_error(Code::Y012, place, "invalid commit manifest", error);
                None
            }
        }
    }

    /// Reports a template that did not parse, at the characters it points to.
    fn template_error(&mut self, code: Code, place: Place, what: &str, error: TemplateError) {
        let TemplateError {
            offset,
            len,
            message,
            hint,
        } = error;
        self.diagnostics.push(
            Diagnostic::new(code, place.at(offset, len), format!("{what}: {message}"))
                .with_hint(hint),
        );
    }

    fn layout_part(&mut self, part: &RawPart, place: Place) -> LayoutPart {
        let segment = match part {
            RawPart::Literal { text, .. } => return LayoutPart::Literal(text.clone()),
            RawPart::Segment(segment) => segment,
        };
        let ty = match &segment.ty {
            None => SegmentType::FromStored,
            Some((text, offset)) => {
                let at = place.at(*offset, text.len());
                match written_type(text, at, place, *offset) {
                    Some(expr) => match self.ty(&expr) {
                        Some(ty) => SegmentType::Written(ty, at),
                        None => SegmentType::Unresolved,
                    },
                    None => {
                        self.diagnostics.push(
                            Diagnostic::new(Code::Y005, at, format!("`{text}` cannot be the type of a path segment"))
                                .with_hint("a segment is a string, int, long, uuid, date or bool, or a newtype or enum of one"),
                        );
                        SegmentType::Unresolved
                    }
                }
            }
        };
        LayoutPart::Segment(LayoutSegment {
            name: segment.name.clone(),
            ty,
            pad: segment.pad.map(|(width, _)| width),
            span: place.at(segment.offset, segment.len),
        })
    }

    fn topic(&mut self, name: FullName, decl: &ast::TopicDecl) -> Option<TopicDef> {
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        let mut topic = None;
        let mut key = None;
        let mut value = None;
        let mut compat = None;
        let mut partition_by = None;
        for clause in &decl.clauses {
            let keyword = clause.kind.keyword();
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == keyword) {
                self.diagnostics.push(
                    Diagnostic::new(Code::T003, clause.span, format!("`{keyword}` is written twice"))
                        .with_secondary(*first, "first written here")
                        .with_hint("a topic has one clause of each kind: list several versions as `Type@1..3` or `Type@[1, 3]`"),
                );
                continue;
            }
            seen.push((keyword, clause.span));
            match &clause.kind {
                ast::TopicClauseKind::Name(text, span) => topic = Some((text.clone(), *span)),
                ast::TopicClauseKind::Key(ty) => key = Some(self.topic_contract(ty)),
                ast::TopicClauseKind::Value(ty) => value = Some(self.topic_contract(ty)),
                ast::TopicClauseKind::Compat(mode) => compat = self.compat(mode),
                ast::TopicClauseKind::PartitionBy(field) => {
                    partition_by = Some((field.name.clone(), field.span))
                }
            }
        }
        let missing: Vec<&str> = ["name", "key", "value"]
            .into_iter()
            .filter(|k| !seen.iter().any(|(s, _)| s == k))
            .collect();
        if !missing.is_empty() && !decl.recovered {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::T003,
                    decl.name.span,
                    format!("topic `{}` has no `{}` clause", decl.name.name, missing.join("`, `")),
                )
                .with_hint("a topic says its Kafka name, key and value: `name \"shop.orders\"; key OrderId; value Order@1..2;`"),
            );
        }
        let (topic, topic_span) = topic?;
        Some(TopicDef {
            name,
            doc: decl.doc.clone(),
            topic,
            topic_span,
            key: key??,
            value: value??,
            compat,
            partition_by,
            span: decl.span,
            name_span: decl.name.span,
        })
    }

    /// The versions a topic allows; `None` when something did not resolve (reported).
    fn topic_contract(&mut self, written: &ast::TopicType) -> Option<TopicContract> {
        let span = written.span;
        let (name, set) = match (&written.ty, &written.versions) {
            (ast::TypeExpr::Named(name), Some(set)) => (name, set),
            (ty, _) => {
                let ty = self.ty(ty)?;
                return Some(TopicContract {
                    types: vec![ty],
                    span,
                });
            }
        };
        let numbers: Vec<(u64, Span)> = match set {
            ast::VersionSet::Range { last, span: range } => {
                let Some((first, _)) = name.version else {
                    self.bad_set(
                        *range,
                        "a range needs its first version: `Type@first..last`".into(),
                    );
                    return None;
                };
                if *last < first {
                    self.bad_set(*range, format!("the range {first}..{last} is empty"));
                    return None;
                }
                (first..=*last).map(|v| (v, *range)).collect()
            }
            ast::VersionSet::List(list, at) => {
                if list.is_empty() {
                    self.bad_set(*at, "the list of versions is empty".into());
                    return None;
                }
                if let Some(pair) = list.windows(2).find(|p| p[1].0 <= p[0].0) {
                    self.bad_set(
                        pair[1].1,
                        format!(
                            "version {} does not come after version {}",
                            pair[1].0, pair[0].0
                        ),
                    );
                    return None;
                }
                list.clone()
            }
        };
        // The first and last are enough to find a missing version: versions are numbered
        // without gaps (V003).
        let mut types = Vec::new();
        for (index, (number, at)) in numbers.iter().enumerate() {
            let pinned = ast::TypeName {
                version: Some((*number, *at)),
                ..name.clone()
            };
            let check = matches!(set, ast::VersionSet::List(..))
                || index == 0
                || index == numbers.len() - 1;
            if check {
                types.push(Type::Named(self.type_ref(&pinned)?));
            } else if let Some(Type::Named(first)) = types.first() {
                types.push(Type::Named(TypeRef {
                    name: first.name.clone(),
                    version: *number as u32,
                }));
            }
        }
        Some(TopicContract { types, span })
    }

    fn bad_set(&mut self, at: Span, message: String) {
        self.diagnostics
            .push(Diagnostic::new(Code::T004, at, message).with_hint(
            "write `Type@first..last` with first <= last, or `Type@[a, b, ...]` in ascending order",
        ));
    }
}

/// Maps offsets in a template to spans in the file: exact when the string literal has no
/// escapes, else the whole literal.
#[derive(Debug, Clone, Copy)]
struct Place {
    literal: Span,
    exact: bool,
}

impl Place {
    fn of(body: &ast::LayoutBody) -> Place {
        Place::literal(body.path_span, &body.path)
    }

    /// The string literal at `literal` whose decoded text is `text`.
    fn literal(literal: Span, text: &str) -> Place {
        Place {
            literal,
            exact: (literal.end - literal.start) as usize == text.len() + 2,
        }
    }

    fn at(&self, offset: usize, len: usize) -> Span {
        if !self.exact {
            return self.literal;
        }
        let start = self.literal.start as usize + 1 + offset;
        Span::new(self.literal.file, start, start + len.max(1))
    }
}

/// The type written in a segment as a syntax tree: a scalar name, or `a.b.Name` with an
/// optional `@N`. `None` when it is neither.
fn written_type(text: &str, whole: Span, place: Place, offset: usize) -> Option<ast::TypeExpr> {
    let ident = |name: &str, at: usize| ast::Ident {
        name: name.to_string(),
        span: if place.exact {
            place.at(offset + at, name.len())
        } else {
            whole
        },
    };
    let valid = |name: &str| {
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let (path_text, version) = match text.split_once('@') {
        Some((path, version)) => {
            let number: u64 = version.trim().parse().ok()?;
            let at = if place.exact {
                place.at(offset + path.len(), version.len() + 1)
            } else {
                whole
            };
            (path.trim_end(), Some((number, at)))
        }
        None => (text, None),
    };
    if version.is_none() && BUILTIN_TYPES.contains(&path_text) {
        return Some(ast::TypeExpr::Builtin(ident(path_text, 0)));
    }
    let mut segments = Vec::new();
    let mut at = 0;
    for name in path_text.split('.') {
        if !valid(name) {
            return None;
        }
        segments.push(ident(name, at));
        at += name.len() + 1;
    }
    let path_span = if place.exact {
        place.at(offset, path_text.len())
    } else {
        whole
    };
    Some(ast::TypeExpr::Named(ast::TypeName {
        path: ast::Path {
            segments,
            span: path_span,
        },
        version,
        span: whole,
    }))
}

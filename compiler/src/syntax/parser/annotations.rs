//! Annotations: `@key`, `@ref(T@N.field)`, `@meta(...)`, `@migrate(...)` and the others, each checked as it is read.

use super::{PResult, Parser, ANNOTATIONS};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::lexer::TokenKind;

impl Parser<'_> {
    pub(super) fn annotations(&mut self) -> PResult<Vec<Annotation>> {
        let mut annotations = Vec::new();
        while self.at_punct('@') {
            if let Some(annotation) = self.annotation()? {
                annotations.push(annotation);
            }
        }
        Ok(annotations)
    }

    /// One annotation; `None` when it is unknown (reported, arguments skipped).
    pub(super) fn annotation(&mut self) -> PResult<Option<Annotation>> {
        let start = self.bump().span;
        let name = self.expect_ident("an annotation name")?;
        let kind = match name.name.as_str() {
            "key" => AnnotationKind::Key,
            "ref" => AnnotationKind::Ref(self.parenthesized(Self::ref_target)?),
            "renamed" => AnnotationKind::Renamed(
                self.parenthesized(|p| p.comma_list(')', |p| p.path("an earlier name")))?,
            ),
            "unit" => AnnotationKind::Unit(self.string_argument("the unit, e.g. \"cents\"")?),
            "classification" => AnnotationKind::Classification(
                self.string_argument("the classification, e.g. \"pii\"")?,
            ),
            "namespace" => AnnotationKind::Namespace(
                self.string_argument("the Avro namespace, e.g. \"com.example\" or \"\"")?,
            ),
            "plain" => AnnotationKind::Plain,
            "error" => AnnotationKind::Error,
            "deprecated" if self.at_punct('(') => {
                AnnotationKind::Deprecated(Some(self.string_argument("the reason")?))
            }
            "deprecated" => AnnotationKind::Deprecated(None),
            "meta" => {
                AnnotationKind::Meta(self.parenthesized(|p| p.comma_list(')', Self::meta_entry))?)
            }
            "migrate" => AnnotationKind::Migrate(self.parenthesized(Self::migrate_args)?),
            _ => {
                self.unknown_annotation(&name, start.to(name.span));
                return Ok(None);
            }
        };
        Ok(Some(Annotation {
            kind,
            span: start.to(self.prev_span()),
        }))
    }

    /// Reports `@name` (`span` covers both) and skips its arguments.
    pub(super) fn unknown_annotation(&mut self, name: &Ident, span: Span) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::P006,
                span,
                format!("unknown annotation `@{}`", name.name),
            )
            .with_hint(format!("known annotations: @{}", ANNOTATIONS.join(", @"))),
        );
        if self.at_punct('(') {
            let mut depth = 0usize;
            loop {
                match self.bump().kind {
                    TokenKind::Punct('(') => depth += 1,
                    TokenKind::Punct(')') if depth <= 1 => break,
                    TokenKind::Punct(')') => depth -= 1,
                    TokenKind::Eof => break,
                    _ => {}
                }
            }
        }
    }

    pub(super) fn parenthesized<T>(
        &mut self,
        inner: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        self.expect_punct('(')?;
        let value = inner(self)?;
        self.expect_punct(')')?;
        Ok(value)
    }

    pub(super) fn string_argument(&mut self, what: &str) -> PResult<String> {
        self.parenthesized(|p| p.expect_string(what))
    }

    pub(super) fn meta_entry(&mut self) -> PResult<(Ident, ValueExpr)> {
        let key = match self.peek().clone() {
            TokenKind::Str(name) => Ident {
                name,
                span: self.bump().span,
            },
            _ => {
                let path = self.path("a metadata key")?;
                Ident {
                    name: path.dotted(),
                    span: path.span,
                }
            }
        };
        self.expect_punct('=')?;
        Ok((key, self.value()?))
    }

    /// `from = field, with = hook, back = hook`: each key at most once, in any order.
    pub(super) fn migrate_args(&mut self) -> PResult<MigrateArgs> {
        let mut args = MigrateArgs::default();
        let entries = self.comma_list(')', |p| {
            let key = p.expect_ident("`from`, `with` or `back`")?;
            if !matches!(key.name.as_str(), "from" | "with" | "back") {
                p.pos -= 1;
                return Err(p.expected("`from`, `with` or `back`"));
            }
            p.expect_punct('=')?;
            let value = p.expect_ident(match key.name.as_str() {
                "from" => "a field name",
                _ => "a hook name",
            })?;
            Ok((key, value))
        })?;
        for (key, value) in entries {
            let slot = match key.name.as_str() {
                "from" => &mut args.from,
                "with" => &mut args.with,
                _ => &mut args.back,
            };
            if slot.is_some() {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::P005,
                        key.span,
                        format!("`{}` is given twice in `@migrate`", key.name),
                    )
                    .with_label("given again here"),
                );
            }
            *slot = Some(value);
        }
        Ok(args)
    }

    /// `Type@N.field`, or `Type.field` for an unversioned type.
    pub(super) fn ref_target(&mut self) -> PResult<RefTarget> {
        let mut path = self.path("the referenced type")?;
        if self.eat_punct('@') {
            let version = self.expect_int("a version number")?;
            self.expect_punct('.')?;
            let field = self.expect_ident("the referenced field")?;
            let span = path.span.to(version.1);
            let ty = TypeName {
                path,
                version: Some(version),
                span,
            };
            return Ok(RefTarget { ty, field });
        }
        if path.segments.len() < 2 {
            return Err(self.expected("`.field` after the referenced type"));
        }
        #[allow(
            clippy::expect_used,
            reason = "two or more segments, checked just above"
        )]
        let field = path.segments.pop().expect("two or more segments");
        path.span = path.segments[0]
            .span
            .to(path.segments[path.segments.len() - 1].span);
        let ty = TypeName {
            span: path.span,
            path,
            version: None,
        };
        Ok(RefTarget { ty, field })
    }
}

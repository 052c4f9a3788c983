//! Publication rules of layouts (`docs/layouts.md#publication`): `immutable;` (a path, once
//! written, is never rewritten) and `commit "...";` (a group's data files become visible when
//! the group's manifest is written). Lowering checks the commit template's shape
//! (`crate::ir`); this module checks the manifest's name against the resolved data path
//! (`Y012`) and compares the rules of two versions by the layout's mode (`Y013`..`Y015`).
//!
//! A *group* is the data files of one directory of the data path: the segments before the data
//! path's last `/`. Its manifest lives in that directory, under a literal file name.

use super::template::{parse_path, Part, Template};
use super::Context;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::*;
use crate::source::Span;

/// The data path's file name part: what follows its last `/`.
fn file_part(template: &Template) -> Template {
    let last = template
        .parts
        .iter()
        .rposition(|p| matches!(p, Part::Literal(text) if text.contains('/')));
    let Some(last) = last else {
        return template.clone();
    };
    let mut parts = Vec::new();
    if let Part::Literal(text) = &template.parts[last] {
        let after = &text[text.rfind('/').map_or(0, |i| i + 1)..];
        if !after.is_empty() {
            parts.push(Part::Literal(after.to_string()));
        }
    }
    parts.extend(template.parts[last + 1..].iter().cloned());
    Template { parts }
}

/// Reports a manifest whose name is also the name of a data file (`Y012`): a reader would take
/// one for the other.
pub(super) fn check_manifest_name(
    version: &LayoutVersion,
    template: &Template,
    diagnostics: &mut Diagnostics,
) {
    let Some(commit) = &version.commit else {
        return;
    };
    if parse_path(&file_part(template), &commit.file_name).is_ok() {
        diagnostics.push(
            Diagnostic::new(
                Code::Y012,
                commit.span,
                format!(
                    "the manifest's name `{}` is also the name of a data file of `{}`",
                    commit.file_name,
                    template.describe()
                ),
            )
            .with_secondary(version.template_span, "the data path")
            .with_hint(format!(
                "choose a name that `{}` cannot match (e.g. with a character its segments cannot hold)",
                file_part(template).describe()
            )),
        );
    }
}

impl Context<'_> {
    /// Compares the publication rules of the reader and the writer (`Y013`..`Y015`).
    pub(super) fn check_publication(&self, diagnostics: &mut Diagnostics) {
        let (r, w) = (self.reader.number, self.writer.number);
        let at_new = |span: Option<Span>| span.unwrap_or(self.new.template_span);
        let at_old = |span: Option<Span>| span.unwrap_or(self.old.template_span);
        let commit_span = |v: &LayoutVersion| v.commit.as_ref().map(|c| c.span);
        match (&self.reader.commit, &self.writer.commit) {
            (None, Some(_)) => diagnostics.push(
                Diagnostic::new(
                    Code::Y013,
                    at_new(commit_span(self.new)),
                    format!(
                        "{}: version {w} publishes a group by writing its manifest last, but version {r} has no `commit` and lists files as they appear: readers of version {r} see data that is not published yet (groups and files still being written)",
                        self.prefix("the groups")
                    ),
                )
                .with_secondary(at_old(commit_span(self.old)), format!("version {}", self.old.number))
                .with_hint(format!("declare the same `commit` in version {r}, or publish with `commit` under a new layout that readers of version {r} do not list"))
                .with_evolution(self.evolution()),
            ),
            (Some(reader), Some(writer))
                if (&reader.shape, &reader.file_name) != (&writer.shape, &writer.file_name) =>
            {
                diagnostics.push(
                    Diagnostic::new(
                        Code::Y015,
                        at_new(commit_span(self.new)),
                        format!(
                            "{}: readers of version {r} wait for the manifest `{}`, which writers of version {w} never write (they write `{}`): those groups never become visible",
                            self.prefix("the groups"),
                            reader.template,
                            writer.template
                        ),
                    )
                    .with_secondary(at_old(commit_span(self.old)), format!("version {}", self.old.number))
                    .with_hint("keep the manifest where it was; a new manifest is a new layout")
                    .with_evolution(self.evolution()),
                );
            }
            _ => {}
        }
        if self.reader.immutable.is_some() && self.writer.immutable.is_none() {
            diagnostics.push(
                Diagnostic::new(
                    Code::Y014,
                    at_new(self.new.immutable),
                    format!(
                        "{}: readers of version {r} assume a path, once written, never changes (`immutable`), but writers of version {w} may rewrite paths: readers keep stale or half-replaced content",
                        self.prefix("the files")
                    ),
                )
                .with_secondary(at_old(self.old.immutable), format!("version {}", self.old.number))
                .with_hint(if self.new.number == w {
                    format!("keep `immutable` in version {w} (its writers then refuse to rewrite a path); write changed data under new paths")
                } else {
                    format!("readers of version {r} read paths that writers of version {w} may rewrite: declare `immutable` in a new layout, or under a mode where old writers are retired first (forward)")
                })
                .with_evolution(self.evolution()),
            );
        }
    }
}

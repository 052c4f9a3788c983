//! Lowering of bodies written once or as numbered `version` blocks, shared by types, layouts
//! and machines: `compat` read once (`V013` on a body written once), numbering checked
//! (`V002`, `V003`), each version lowered by the caller.

use super::Lowerer;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::*;
use crate::source::Span;
use crate::syntax::ast;
use std::collections::HashMap;

/// Which kind of declaration holds the versions, for messages.
#[derive(Debug, Clone, Copy)]
pub(super) enum Declared {
    Type,
    Layout,
    Machine,
}

impl Declared {
    /// `compat` only applies to versioned ...
    fn plural(self) -> &'static str {
        match self {
            Declared::Type => "types",
            Declared::Layout => "layouts",
            Declared::Machine => "machines",
        }
    }

    /// What is wrapped in `version 1 { ... }`.
    fn contents(self) -> &'static str {
        match self {
            Declared::Type => "members",
            Declared::Layout => "body",
            Declared::Machine => "clauses",
        }
    }
}

/// One version as written, handed to the caller to lower.
pub(super) struct Written<'a, T> {
    /// `1` for a body written once.
    pub number: u32,
    /// The `///` lines before `version N`, if any.
    pub doc: Option<&'a String>,
    /// The members of the version.
    pub members: &'a T,
    /// The version block, or the whole declaration for a body written once.
    pub span: Span,
}

/// The versions of a declaration, lowered.
pub(super) struct Versions<V> {
    /// Whether written as `version` blocks.
    pub versioned: bool,
    /// The mode, only for a versioned declaration.
    pub compat: Option<CompatMode>,
    /// The versions that lowered, in written order.
    pub list: Vec<V>,
}

impl Lowerer<'_, '_, '_> {
    /// Lowers each version of `body` with `lower` (a version it returns `None` for is left
    /// out: its problems are reported already).
    pub(super) fn versions<T, V>(
        &mut self,
        declared: Declared,
        body: &ast::Versioned<T>,
        decl_span: Span,
        mut lower: impl FnMut(&mut Self, Written<'_, T>) -> Option<V>,
    ) -> Versions<V> {
        let compat = body.compat.as_ref().and_then(|mode| self.compat(mode));
        match &body.body {
            ast::VersionedBody::Single(members) => {
                if let Some(mode) = &body.compat {
                    self.compat_unversioned(declared, mode.span);
                }
                let written = Written {
                    number: 1,
                    doc: None,
                    members,
                    span: decl_span,
                };
                Versions {
                    versioned: false,
                    compat: None,
                    list: lower(self, written).into_iter().collect(),
                }
            }
            ast::VersionedBody::Versions(blocks) => {
                self.check_numbering(blocks);
                let list = blocks
                    .iter()
                    .filter_map(|block| {
                        let written = Written {
                            number: block.number.min(u32::MAX as u64) as u32,
                            doc: block.doc.as_ref(),
                            members: &block.members,
                            span: block.span,
                        };
                        lower(self, written)
                    })
                    .collect();
                Versions {
                    versioned: true,
                    compat,
                    list,
                }
            }
        }
    }

    /// `V013`: `compat` written on a body without versions.
    fn compat_unversioned(&mut self, declared: Declared, at: Span) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::V013,
                at,
                format!("`compat` only applies to versioned {}", declared.plural()),
            )
            .with_hint(format!(
                "wrap the {} in `version 1 {{ ... }}`, or remove `compat`",
                declared.contents()
            )),
        );
    }

    /// `V002` for a number written twice, `V003` for the first out of order.
    fn check_numbering<T>(&mut self, blocks: &[ast::VersionBlock<T>]) {
        let mut seen: HashMap<u64, Span> = HashMap::new();
        let mut numbering_reported = false;
        for block in blocks {
            if let Some(first) = seen.insert(block.number, block.number_span) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::V002,
                        block.number_span,
                        format!("version {} is defined twice", block.number),
                    )
                    .with_secondary(first, "first defined here")
                    .with_hint(
                        "released versions are never edited: number the new one after the last",
                    ),
                );
                continue;
            }
            // Counting distinct numbers, so a duplicate is not also reported as a gap.
            let expected = seen.len() as u64;
            if block.number != expected && !numbering_reported {
                numbering_reported = true;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::V003,
                        block.number_span,
                        format!(
                            "expected version {expected}, found version {}",
                            block.number
                        ),
                    )
                    .with_hint("versions are numbered 1, 2, 3, ... in order, without gaps"),
                );
            }
        }
    }
}

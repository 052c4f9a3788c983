//! Lowering of `machine` declarations: the event type resolved through the file's scope (so
//! its import counts as used), each clause read once (`K001` for a clause missing or written
//! twice); fields and states are checked against the event later, in [`crate::machine`].

use super::{Declared, Lowerer};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::*;
use crate::source::Span;
use crate::syntax::ast;

/// The clauses every machine version has.
const REQUIRED: &[&str] = &[
    "event", "instance", "sequence", "state", "initial", "terminal",
];

impl Lowerer<'_, '_, '_> {
    /// Lowers the machines of one file into `model`.
    pub(super) fn machines(&mut self, package: &str, file: &ast::File, model: &mut Model) {
        for decl in &file.machines {
            let name = FullName::new(package, decl.name.name.clone());
            if self.clashes(&name, decl.name.span, model) {
                continue;
            }
            let def = self.machine(name.clone(), decl);
            model.machines.insert(name, def);
        }
    }

    fn machine(&mut self, name: FullName, decl: &ast::MachineDecl) -> MachineDef {
        let versions = self.versions(Declared::Machine, &decl.body, decl.span, |l, written| {
            Some(l.machine_version(written.number, written.members, written.span))
        });
        MachineDef {
            name,
            doc: decl.doc.clone(),
            versioned: versions.versioned,
            compat: versions.compat,
            versions: versions.list,
            span: decl.span,
            name_span: decl.name.span,
        }
    }

    fn machine_version(
        &mut self,
        number: u32,
        body: &ast::MachineBody,
        span: Span,
    ) -> MachineVersion {
        let mut version = MachineVersion {
            number,
            event: None,
            event_span: None,
            instance: None,
            sequence: None,
            idempotency: None,
            state: None,
            initial: None,
            terminal: Vec::new(),
            transitions: Vec::new(),
            span,
        };
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        for clause in &body.clauses {
            let keyword = clause.kind.keyword();
            let first = seen.iter().find(|(k, _)| *k == keyword).map(|(_, s)| *s);
            match (first, &clause.kind) {
                (_, ast::MachineClauseKind::Transition { from, to }) => {
                    let from = written(from);
                    version.transitions.extend(to.iter().map(|to| Transition {
                        from: from.clone(),
                        to: written(to),
                    }));
                }
                (Some(first), _) => self.twice(keyword, clause.span, first),
                (None, kind) => self.machine_clause(kind, &mut version),
            }
            seen.push((keyword, clause.span));
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|k| !seen.iter().any(|(s, _)| s == k))
            .collect();
        if !missing.is_empty() && !body.recovered {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::K001,
                    span,
                    format!("the machine has no `{}` clause", missing.join("`, `")),
                )
                .with_hint("a machine says its event, the event's instance, sequence and state fields, its initial and terminal states: see docs/coordination.md"),
            );
        }
        version
    }

    fn machine_clause(&mut self, kind: &ast::MachineClauseKind, version: &mut MachineVersion) {
        match kind {
            ast::MachineClauseKind::Event(ty) => {
                version.event = self.type_ref(ty);
                version.event_span = Some(ty.span);
            }
            ast::MachineClauseKind::Instance(field) => version.instance = Some(written(field)),
            ast::MachineClauseKind::Sequence(field) => version.sequence = Some(written(field)),
            ast::MachineClauseKind::Idempotency(field) => {
                version.idempotency = Some(written(field))
            }
            ast::MachineClauseKind::State(field) => version.state = Some(written(field)),
            ast::MachineClauseKind::Initial(state) => version.initial = Some(written(state)),
            ast::MachineClauseKind::Terminal(states) => {
                version.terminal = states.iter().map(written).collect()
            }
            ast::MachineClauseKind::Transition { .. } => {}
        }
    }

    fn twice(&mut self, keyword: &str, at: Span, first: Span) {
        self.diagnostics.push(
            Diagnostic::new(Code::K001, at, format!("`{keyword}` is written twice"))
                .with_secondary(first, "first written here")
                .with_hint(
                    "a machine version has one clause of each kind (`from` excepted): list several states as `A, B`",
                ),
        );
    }
}

fn written(ident: &ast::Ident) -> Written {
    Written {
        name: ident.name.clone(),
        span: ident.span,
    }
}

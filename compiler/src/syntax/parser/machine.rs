//! `machine` declarations: state machines over a versioned event record.

use super::{PResult, Parser, Reported};
use crate::syntax::ast::*;
use crate::syntax::lexer::TokenKind;

impl Parser<'_> {
    /// Whether a `machine Name` declaration starts here.
    pub(super) fn at_machine_start(&self) -> bool {
        self.at_keyword("machine") && matches!(self.peek_at(1), TokenKind::Ident(_))
    }

    /// Parses the machine that starts here; on error, skips to the next declaration.
    pub(super) fn machine(&mut self, machines: &mut Vec<MachineDecl>) {
        let doc = self.take_doc();
        let start = self.bump().span;
        let parsed = self.expect_ident("a machine name").and_then(|name| {
            let body = self.versioned(Self::machine_body)?;
            Ok(MachineDecl {
                doc,
                name,
                body,
                span: start.to(self.prev_span()),
            })
        });
        match parsed {
            Ok(machine) => machines.push(machine),
            Err(Reported) => self.recover_top_level(),
        }
    }

    /// The clauses up to the closing `}` or the next version block (not consumed).
    fn machine_body(&mut self) -> MachineBody {
        let mut body = MachineBody::default();
        loop {
            let at_end = self.at_punct('}') || self.at_version_block() || self.at_decl_start();
            if at_end || *self.peek() == TokenKind::Eof {
                return body;
            }
            match self.machine_clause() {
                Ok(clause) => body.clauses.push(clause),
                Err(Reported) => {
                    body.recovered = true;
                    self.recover_in_block();
                }
            }
        }
    }

    fn machine_clause(&mut self) -> PResult<MachineClause> {
        let start = self.span();
        let keyword = match self.peek() {
            TokenKind::Ident(word) if MachineClauseKind::KEYWORDS.contains(&word.as_str()) => {
                word.clone()
            }
            _ => return Err(self.expected(
                "a clause: `event`, `instance`, `sequence`, `idempotency`, `state`, `initial`, `terminal` or `from`",
            )),
        };
        self.bump();
        let kind = match keyword.as_str() {
            "event" => MachineClauseKind::Event(self.type_name()?),
            "instance" => MachineClauseKind::Instance(self.expect_ident("a field name")?),
            "sequence" => MachineClauseKind::Sequence(self.expect_ident("a field name")?),
            "idempotency" => MachineClauseKind::Idempotency(self.expect_ident("a field name")?),
            "state" => MachineClauseKind::State(self.expect_ident("a field name")?),
            "initial" => MachineClauseKind::Initial(self.expect_ident("a state")?),
            "terminal" => MachineClauseKind::Terminal(self.states()?),
            _ => {
                let from = self.expect_ident("the state the transition leaves")?;
                if !self.at_keyword("to") {
                    return Err(self.expected("`to` and the states it moves to"));
                }
                self.bump();
                let to = self.states()?;
                MachineClauseKind::Transition { from, to }
            }
        };
        self.expect_punct(';')?;
        Ok(MachineClause {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    /// `A, B, ...`: one state or more.
    fn states(&mut self) -> PResult<Vec<Ident>> {
        let mut states = vec![self.expect_ident("a state")?];
        while self.eat_punct(',') {
            states.push(self.expect_ident("a state")?);
        }
        Ok(states)
    }
}

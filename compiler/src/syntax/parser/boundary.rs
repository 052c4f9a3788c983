//! `layout` and `topic` declarations: the contracts of storage paths and Kafka topics.

use super::{PResult, Parser, Reported};
use crate::syntax::ast::*;
use crate::syntax::lexer::TokenKind;

impl Parser<'_> {
    /// Whether a `layout Name` or `topic Name` declaration starts here.
    pub(super) fn at_boundary_start(&self) -> bool {
        (self.at_keyword("layout") || self.at_keyword("topic"))
            && matches!(self.peek_at(1), TokenKind::Ident(_))
    }

    /// Parses the layout or topic that starts here; on error, skips to the next declaration.
    pub(super) fn boundary(&mut self, layouts: &mut Vec<LayoutDecl>, topics: &mut Vec<TopicDecl>) {
        let parsed = if self.at_keyword("layout") {
            self.layout().map(|l| layouts.push(l))
        } else {
            self.topic().map(|t| topics.push(t))
        };
        if let Err(Reported) = parsed {
            self.recover_top_level();
        }
    }

    fn layout(&mut self) -> PResult<LayoutDecl> {
        let doc = self.take_doc();
        let start = self.bump().span;
        let name = self.expect_ident("a layout name")?;
        if self.at_punct('{') && matches!(self.peek_at(1), TokenKind::Punct('}')) {
            self.bump();
            return Err(self.expected("`path \"...\";`"));
        }
        let body = self.versioned(Self::layout_body)?;
        Ok(LayoutDecl {
            doc,
            name,
            body,
            span: start.to(self.prev_span()),
        })
    }

    /// `path "..."; stores T as format;` up to the closing `}` (not consumed).
    fn layout_body(&mut self) -> Option<LayoutBody> {
        match self.layout_members() {
            Ok(body) => Some(body),
            Err(Reported) => {
                let mut depth = 0usize;
                loop {
                    let at_end =
                        self.at_punct('}') || self.at_version_block() || self.at_decl_start();
                    if (depth == 0 && at_end) || *self.peek() == TokenKind::Eof {
                        return None;
                    }
                    match self.peek() {
                        TokenKind::Punct('{') => depth += 1,
                        TokenKind::Punct('}') => depth -= 1,
                        _ => {}
                    }
                    self.bump();
                }
            }
        }
    }

    fn layout_members(&mut self) -> PResult<LayoutBody> {
        if !self.at_keyword("path") {
            return Err(self.expected("`path \"...\";`"));
        }
        self.bump();
        let path_span = self.span();
        let path = self.expect_string("the path template, a string")?;
        self.expect_punct(';')?;
        if !self.at_keyword("stores") {
            return Err(self.expected("`stores Type as format;`"));
        }
        self.bump();
        let stores = self.type_name()?;
        if !self.at_keyword("as") {
            return Err(self.expected("`as` and the file format"));
        }
        self.bump();
        let format = self.expect_ident("a file format, e.g. `parquet`")?;
        self.expect_punct(';')?;
        let mut publication = Vec::new();
        while self.at_keyword("immutable") || self.at_keyword("commit") {
            publication.push(self.publication_clause()?);
        }
        if !self.at_punct('}') {
            return Err(self.expected("`immutable;`, `commit \"...\";` or `}`"));
        }
        Ok(LayoutBody {
            path,
            path_span,
            stores,
            format,
            publication,
        })
    }

    /// `immutable;` or `commit "template";` (several, even twice: the checks report that).
    fn publication_clause(&mut self) -> PResult<PublicationClause> {
        let immutable = self.at_keyword("immutable");
        let start = self.bump().span;
        let kind = if immutable {
            PublicationKind::Immutable
        } else {
            let span = self.span();
            let template = self.expect_string("the commit manifest's path template, a string")?;
            PublicationKind::Commit(template, span)
        };
        self.expect_punct(';')?;
        Ok(PublicationClause {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn topic(&mut self) -> PResult<TopicDecl> {
        let doc = self.take_doc();
        let start = self.bump().span;
        let name = self.expect_ident("a topic name")?;
        self.expect_punct('{')?;
        let mut clauses = Vec::new();
        let mut recovered = false;
        while !self.at_punct('}') && *self.peek() != TokenKind::Eof && !self.at_decl_start() {
            match self.topic_clause() {
                Ok(clause) => clauses.push(clause),
                Err(Reported) => {
                    recovered = true;
                    self.recover_in_block();
                }
            }
        }
        if !self.eat_punct('}') {
            let _ = self.expected("`}`");
        }
        Ok(TopicDecl {
            doc,
            name,
            clauses,
            recovered,
            span: start.to(self.prev_span()),
        })
    }

    fn topic_clause(&mut self) -> PResult<TopicClause> {
        let start = self.span();
        let keyword = match self.peek() {
            TokenKind::Ident(word)
                if ["name", "key", "value", "compat", "partition_by"].contains(&word.as_str()) =>
            {
                word.clone()
            }
            _ => return Err(self.expected("`name`, `key`, `value`, `compat` or `partition_by`")),
        };
        self.bump();
        let kind = match keyword.as_str() {
            "name" => {
                let span = self.span();
                let name = self.expect_string("the Kafka topic name, a string")?;
                TopicClauseKind::Name(name, span)
            }
            "key" => TopicClauseKind::Key(self.topic_type()?),
            "value" => TopicClauseKind::Value(self.topic_type()?),
            "compat" => TopicClauseKind::Compat(self.expect_ident("a compatibility mode")?),
            _ => TopicClauseKind::PartitionBy(self.expect_ident("a field name")?),
        };
        self.expect_punct(';')?;
        Ok(TopicClause {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    /// `Type`, `Type@2`, `Type@2..4` or `Type@[1, 3]`.
    fn topic_type(&mut self) -> PResult<TopicType> {
        let ty = self.type_expr()?;
        let mut versions = None;
        if let TypeExpr::Named(name) = &ty {
            let dot = |p: &Self, ahead| matches!(p.peek_at(ahead), TokenKind::Punct('.'));
            if let (Some((_, pin)), true) = (name.version, dot(self, 0) && dot(self, 1)) {
                self.bump();
                self.bump();
                let (last, last_span) = self.expect_int("the last version")?;
                versions = Some(VersionSet::Range {
                    last,
                    span: pin.to(last_span),
                });
            } else if name.version.is_none()
                && self.at_punct('@')
                && matches!(self.peek_at(1), TokenKind::Punct('['))
            {
                let open = self.bump().span;
                self.bump();
                let list = self.comma_list(']', |p| p.expect_int("a version number"))?;
                let close = self.expect_punct(']')?;
                versions = Some(VersionSet::List(list, open.to(close)));
            }
        }
        let span = ty.span().to(self.prev_span());
        Ok(TopicType { ty, versions, span })
    }
}

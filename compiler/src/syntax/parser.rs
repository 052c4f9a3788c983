//! Recursive-descent parser: tokens -> [`ast::File`]. It recovers at `;`, `}` and declaration
//! keywords, so one run reports every syntax error of a file.

use super::ast::*;
use super::lexer::{lex, Token, TokenKind};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Span};
use std::collections::{BTreeMap, HashSet};

mod annotations;
mod boundary;
mod machine;
mod types;

/// Built-in scalar type names.
pub const BUILTIN_TYPES: &[&str] = &[
    "null",
    "bool",
    "int",
    "long",
    "float",
    "double",
    "string",
    "bytes",
    "uuid",
    "date",
    "time_ms",
    "time_us",
    "timestamp_ms",
    "timestamp_us",
    "local_timestamp_ms",
    "local_timestamp_us",
];

/// Names that start a type constructor.
pub const TYPE_CONSTRUCTORS: &[&str] = &["list", "map", "union", "decimal"];

const DECL_KEYWORDS: &[&str] = &[
    "record", "enum", "fixed", "newtype", "import", "package", "layout", "topic", "machine",
];
const ANNOTATIONS: &[&str] = &[
    "key",
    "ref",
    "renamed",
    "unit",
    "deprecated",
    "classification",
    "namespace",
    "plain",
    "error",
    "meta",
    "migrate",
];
const MAX_DEPTH: usize = 64;

/// Parses one file. Errors go to `diagnostics`; the returned tree holds everything that parsed.
pub fn parse(file: FileId, text: &str, diagnostics: &mut Diagnostics) -> File {
    let mut lexed = Diagnostics::new();
    let raw = lex(file, text, &mut lexed);
    let unterminated: HashSet<Span> = lexed
        .iter()
        .filter(|d| d.code == Code::P002)
        .map(|d| d.primary.span)
        .collect();
    diagnostics.extend(lexed);
    let mut docs = BTreeMap::new();
    let mut tokens = Vec::new();
    let mut after_unterminated = HashSet::new();
    for token in raw {
        match token.kind {
            TokenKind::Doc(line) => docs
                .entry(tokens.len())
                .or_insert_with(Vec::new)
                .push((line, token.span)),
            _ => {
                if matches!(token.kind, TokenKind::Str(_)) && unterminated.contains(&token.span) {
                    after_unterminated.insert(tokens.len() + 1);
                }
                tokens.push(token)
            }
        }
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        docs,
        depth: 0,
        last_error: None,
        after_unterminated,
        diagnostics,
    };
    let file = parser.file();
    parser.report_detached_docs();
    file
}

struct Parser<'d> {
    tokens: Vec<Token>,
    pos: usize,
    /// `///` lines keyed by the index of the token they precede.
    docs: BTreeMap<usize, Vec<(String, Span)>>,
    depth: usize,
    /// Index of the token the last syntax error was reported at: one error per token.
    last_error: Option<usize>,
    /// Indexes of tokens right after an unterminated string: the string swallowed the rest of
    /// its line, so the syntax error found there is a consequence, not a mistake of its own.
    after_unterminated: HashSet<usize>,
    diagnostics: &'d mut Diagnostics,
}

/// Marks a syntax error that has been reported; the caller recovers.
struct Reported;

type PResult<T> = Result<T, Reported>;

impl Parser<'_> {
    // ---- token access -------------------------------------------------------------------

    fn peek(&self) -> &TokenKind {
        &self.tokens[self.pos].kind
    }

    fn peek_at(&self, ahead: usize) -> &TokenKind {
        let last = self.tokens.len() - 1;
        &self.tokens[(self.pos + ahead).min(last)].kind
    }

    fn span(&self) -> Span {
        self.tokens[self.pos].span
    }

    fn prev_span(&self) -> Span {
        self.tokens[self.pos.saturating_sub(1)].span
    }

    fn bump(&mut self) -> Token {
        let token = self.tokens[self.pos].clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        token
    }

    fn at_punct(&self, c: char) -> bool {
        *self.peek() == TokenKind::Punct(c)
    }

    fn at_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), TokenKind::Ident(name) if name == keyword)
    }

    fn eat_punct(&mut self, c: char) -> bool {
        let found = self.at_punct(c);
        if found {
            self.bump();
        }
        found
    }

    fn expect_punct(&mut self, c: char) -> PResult<Span> {
        if self.at_punct(c) {
            Ok(self.bump().span)
        } else {
            Err(self.expected(&format!("`{c}`")))
        }
    }

    fn expect_ident(&mut self, what: &str) -> PResult<Ident> {
        match self.peek().clone() {
            TokenKind::Ident(name) => {
                let span = self.bump().span;
                Ok(Ident { name, span })
            }
            _ => Err(self.expected(what)),
        }
    }

    fn expect_int(&mut self, what: &str) -> PResult<(u64, Span)> {
        match *self.peek() {
            TokenKind::Int(value) => Ok((value, self.bump().span)),
            _ => Err(self.expected(what)),
        }
    }

    fn expect_string(&mut self, what: &str) -> PResult<String> {
        match self.peek().clone() {
            TokenKind::Str(value) => {
                self.bump();
                Ok(value)
            }
            _ => Err(self.expected(what)),
        }
    }

    fn expected(&mut self, what: &str) -> Reported {
        if self.after_unterminated.remove(&self.pos) || self.last_error == Some(self.pos) {
            return Reported;
        }
        self.last_error = Some(self.pos);
        let found = self.peek().describe();
        let span = self.span();
        self.diagnostics.push(
            Diagnostic::new(Code::P005, span, format!("expected {what}, found {found}"))
                .with_label(format!("expected {what}")),
        );
        Reported
    }

    fn take_doc(&mut self) -> Option<String> {
        let lines = self.docs.remove(&self.pos)?;
        let text: Vec<String> = lines.into_iter().map(|(line, _)| line).collect();
        Some(text.join("\n"))
    }

    fn report_detached_docs(&mut self) {
        for (_, lines) in std::mem::take(&mut self.docs) {
            let span = lines[0].1.to(lines[lines.len() - 1].1);
            self.diagnostics.push(
                Diagnostic::new(Code::P010, span, "doc comment is not attached to anything")
                    .with_hint("put `///` right before a type, field or enum symbol, or use `//`"),
            );
        }
    }

    // ---- recovery ------------------------------------------------------------------------

    /// Skips to just after the next `;` or to the next `}` that closes the current block.
    fn recover_in_block(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                TokenKind::Eof => return,
                TokenKind::Punct('{' | '(' | '[') => depth += 1,
                TokenKind::Punct('}') if depth == 0 => return,
                TokenKind::Punct('}' | ')' | ']') => depth = depth.saturating_sub(1),
                TokenKind::Punct(';') if depth == 0 => {
                    self.bump();
                    return;
                }
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips the rest of a statement (`package`, `import`): to just after the next `;`, or to
    /// the next declaration or annotation, where parsing resumes.
    fn recover_statement(&mut self) {
        loop {
            match self.peek() {
                TokenKind::Eof | TokenKind::Punct('@') => return,
                TokenKind::Punct(';') => {
                    self.bump();
                    return;
                }
                TokenKind::Ident(name) if DECL_KEYWORDS.contains(&name.as_str()) => return,
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips the rest of a field that started at token `start`: to just after its `;` (a `;`
    /// never occurs inside a field), or to the `}`, version block or declaration that follows
    /// it. Brackets the field opened before the error are closed first.
    fn recover_field(&mut self, start: usize) {
        let mut depth =
            self.tokens[start..self.pos]
                .iter()
                .fold(0usize, |depth, token| match token.kind {
                    TokenKind::Punct('{' | '(' | '[') => depth + 1,
                    TokenKind::Punct('}' | ')' | ']') => depth.saturating_sub(1),
                    _ => depth,
                });
        loop {
            match self.peek() {
                TokenKind::Eof => return,
                TokenKind::Punct(';') => {
                    self.bump();
                    return;
                }
                TokenKind::Punct('}') if depth == 0 => return,
                TokenKind::Punct('{' | '(' | '[') => depth += 1,
                TokenKind::Punct('}' | ')' | ']') => depth = depth.saturating_sub(1),
                _ if depth == 0 && (self.at_version_block() || self.at_decl_start()) => return,
                _ => {}
            }
            self.bump();
        }
    }

    /// Whether a declaration starts here (`record Name`, `import a`, ...): a block that is
    /// missing its `}` ends before it.
    fn at_decl_start(&self) -> bool {
        matches!(self.peek(), TokenKind::Ident(word) if DECL_KEYWORDS.contains(&word.as_str()))
            && matches!(self.peek_at(1), TokenKind::Ident(_))
    }

    /// Skips to the next declaration keyword at the top level.
    fn recover_top_level(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                TokenKind::Eof => return,
                TokenKind::Punct('{') => depth += 1,
                TokenKind::Punct('}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.bump();
                        return;
                    }
                }
                TokenKind::Punct('@') if depth == 0 => return,
                TokenKind::Ident(name) if depth == 0 && DECL_KEYWORDS.contains(&name.as_str()) => {
                    return
                }
                _ => {}
            }
            self.bump();
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let span = self.span();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::P011,
                    span,
                    format!("nesting deeper than {MAX_DEPTH} levels"),
                )
                .with_hint("flatten the type or value with named types"),
            );
            self.depth -= 1;
            return Err(Reported);
        }
        Ok(())
    }

    // ---- file level ------------------------------------------------------------------------

    fn file(&mut self) -> File {
        let mut declared = self.at_keyword("package");
        let mut package = self.package();
        let mut imports = Vec::new();
        let mut decls = Vec::new();
        let mut layouts = Vec::new();
        let mut topics = Vec::new();
        let mut machines = Vec::new();
        loop {
            match self.peek() {
                TokenKind::Eof => break,
                _ if self.at_boundary_start() => self.boundary(&mut layouts, &mut topics),
                _ if self.at_machine_start() => self.machine(&mut machines),
                TokenKind::Ident(word) if word == "import" => match self.import() {
                    Ok(import) => imports.push(import),
                    Err(Reported) => self.recover_statement(),
                },
                TokenKind::Ident(word) if word == "package" && !declared => {
                    // The file has its package declaration, in the wrong place: report it
                    // once, here, and use it.
                    declared = true;
                    let span = self.span();
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::P007,
                            span,
                            "the package declaration must come first in the file",
                        )
                        .with_hint("move `package ...;` to the top of the file"),
                    );
                    package = self.package();
                }
                TokenKind::Ident(word) if word == "package" => {
                    let span = self.span();
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::P007,
                            span,
                            "a file has one package declaration, first",
                        )
                        .with_hint("move the types of another package to a file of their own"),
                    );
                    self.bump();
                    self.recover_statement();
                }
                _ => {
                    let start = self.pos;
                    match self.decl() {
                        Ok(decl) => decls.push(decl),
                        Err(Reported) => {
                            if self.pos == start {
                                // `layout` or `topic` without a name: recovery would stop
                                // right here again.
                                self.bump();
                            }
                            self.recover_top_level()
                        }
                    }
                }
            }
        }
        if !declared {
            let span = self.tokens[0].span;
            self.diagnostics.push(
                Diagnostic::new(
                    Code::P007,
                    span,
                    "the file does not start with a package declaration",
                )
                .with_hint("start the file with `package your.package;`"),
            );
        }
        File {
            package,
            imports,
            decls,
            layouts,
            topics,
            machines,
        }
    }

    /// `package a.b;`, when the file is at it. A missing `;` is reported and the name kept.
    fn package(&mut self) -> Option<Path> {
        if !self.at_keyword("package") {
            return None;
        }
        self.bump();
        match self.path("a package name") {
            Ok(path) => {
                if !self.eat_punct(';') {
                    let _ = self.expected("`;`");
                }
                Some(path)
            }
            Err(Reported) => {
                self.recover_statement();
                None
            }
        }
    }

    fn path(&mut self, what: &str) -> PResult<Path> {
        let first = self.expect_ident(what)?;
        let mut span = first.span;
        let mut segments = vec![first];
        while self.at_punct('.') && matches!(self.peek_at(1), TokenKind::Ident(_)) {
            self.bump();
            let segment = self.expect_ident("a name")?;
            span = span.to(segment.span);
            segments.push(segment);
        }
        Ok(Path { segments, span })
    }

    fn import(&mut self) -> PResult<Import> {
        let start = self.bump().span;
        let mut package = self.path("a package name")?;
        let names = if self.at_punct('.') {
            self.bump();
            self.expect_punct('{')?;
            let names = self.comma_list('}', |p| p.expect_ident("a type name"))?;
            self.expect_punct('}')?;
            names
        } else if package.segments.len() >= 2 {
            #[allow(
                clippy::expect_used,
                reason = "two or more segments, checked just above"
            )]
            let name = package.segments.pop().expect("two or more segments");
            package.span = package.segments[0]
                .span
                .to(package.segments[package.segments.len() - 1].span);
            vec![name]
        } else {
            return Err(self.expected("`.` and the imported names"));
        };
        let end = self.expect_punct(';')?;
        Ok(Import {
            package,
            names,
            span: start.to(end),
        })
    }

    /// Parses `item (, item)* ,?` up to (not including) `close`.
    fn comma_list<T>(
        &mut self,
        close: char,
        mut item: impl FnMut(&mut Self) -> PResult<T>,
    ) -> PResult<Vec<T>> {
        let mut items = Vec::new();
        while !self.at_punct(close) {
            items.push(item(self)?);
            if !self.eat_punct(',') {
                break;
            }
        }
        Ok(items)
    }

    // ---- declarations ----------------------------------------------------------------------

    fn decl(&mut self) -> PResult<Decl> {
        let doc = self.take_doc();
        let start = self.span();
        let annotations = self.annotations()?;
        let keyword = match self.peek() {
            TokenKind::Ident(word) if DECL_KEYWORDS[..4].contains(&word.as_str()) => word.clone(),
            _ => return Err(self.expected("`record`, `enum`, `fixed`, `newtype` or `import`")),
        };
        self.bump();
        let name = self.expect_ident("a type name")?;
        let kind = match keyword.as_str() {
            "record" => DeclKind::Record(self.versioned(Self::fields)?),
            "enum" => DeclKind::Enum(self.versioned(Self::enum_body)?),
            "fixed" => DeclKind::Fixed(self.fixed_body()?),
            _ => DeclKind::Newtype(self.newtype_body()?),
        };
        Ok(Decl {
            doc,
            annotations,
            name,
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn fixed_body(&mut self) -> PResult<FixedBody> {
        self.expect_punct('(')?;
        let (size, size_span) = self.expect_int("the size in bytes")?;
        self.expect_punct(')')?;
        let decimal = if self.at_keyword("decimal") {
            Some(self.decimal()?)
        } else {
            None
        };
        self.expect_punct(';')?;
        Ok(FixedBody {
            size,
            size_span,
            decimal,
        })
    }

    fn newtype_body(&mut self) -> PResult<TypeExpr> {
        self.expect_punct('=')?;
        let ty = self.type_expr()?;
        self.expect_punct(';')?;
        Ok(ty)
    }

    /// `{ compat m; version 1 { .. } ... }` or `{ members }`.
    fn versioned<T: Default>(&mut self, members: fn(&mut Self) -> T) -> PResult<Versioned<T>> {
        self.expect_punct('{')?;
        let compat = self.compat()?;
        let mut blocks = Vec::new();
        let mut single = None;
        // Where the first unversioned member is written.
        let mut single_start = None;
        loop {
            if self.at_punct('}') || *self.peek() == TokenKind::Eof || self.at_decl_start() {
                break;
            }
            if self.at_version_block() {
                if let Some(block) = self.version_block(members) {
                    blocks.push(block);
                }
            } else {
                single_start.get_or_insert(self.span());
                single = Some(members(self));
                if !self.at_punct('}')
                    && !self.at_version_block()
                    && !self.at_decl_start()
                    && *self.peek() != TokenKind::Eof
                {
                    // The member parser stopped at something it could not read.
                    let _ = self.expected("`}`");
                    self.recover_in_block();
                }
            }
        }
        if !self.eat_punct('}') {
            // A missing `}` (at the end of the file or before the next declaration): keep
            // what parsed.
            let _ = self.expected("`}`");
        }
        if let (Some(span), false) = (single_start, blocks.is_empty()) {
            // Reported once, at the unversioned members: they are what must move.
            self.mixed_body(span);
        }
        let body = match single {
            Some(members) if blocks.is_empty() => VersionedBody::Single(members),
            _ if !blocks.is_empty() => VersionedBody::Versions(blocks),
            _ => VersionedBody::Single(T::default()),
        };
        Ok(Versioned { compat, body })
    }

    fn mixed_body(&mut self, span: Span) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::P009,
                span,
                "a type is either unversioned or made of `version` blocks",
            )
            .with_hint("move every member into a `version N { ... }` block"),
        );
    }

    fn at_version_block(&self) -> bool {
        self.at_keyword("version") && matches!(self.peek_at(1), TokenKind::Int(_))
    }

    fn compat(&mut self) -> PResult<Option<Ident>> {
        if !(self.at_keyword("compat") && matches!(self.peek_at(1), TokenKind::Ident(_))) {
            return Ok(None);
        }
        self.bump();
        let mode = self.expect_ident("a compatibility mode")?;
        self.expect_punct(';')?;
        Ok(Some(mode))
    }

    fn version_block<T>(&mut self, members: fn(&mut Self) -> T) -> Option<VersionBlock<T>> {
        let doc = self.take_doc();
        let start = self.bump().span;
        let (number, number_span) = match self.bump().kind {
            TokenKind::Int(n) => (n, start.to(self.prev_span())),
            _ => unreachable!("at_version_block checked the number"),
        };
        if self.expect_punct('{').is_err() {
            self.recover_in_block();
            return None;
        }
        let parsed = members(self);
        if !self.eat_punct('}') {
            // The members stop only at `}`, a version block, a declaration or the end: the
            // block is missing its `}`, and parsing goes on with what follows.
            let _ = self.expected("`}`");
        }
        Some(VersionBlock {
            doc,
            number,
            number_span,
            members: parsed,
            span: start.to(self.prev_span()),
        })
    }

    // ---- records ---------------------------------------------------------------------------

    /// Fields up to the closing `}` (not consumed), recovering after each bad field.
    fn fields(&mut self) -> Vec<Field> {
        let mut fields = Vec::new();
        while !self.at_punct('}')
            && *self.peek() != TokenKind::Eof
            && !self.at_version_block()
            && !self.at_decl_start()
        {
            let start = self.pos;
            match self.field() {
                Ok(field) => fields.push(field),
                Err(Reported) => self.recover_field(start),
            }
        }
        fields
    }

    fn field(&mut self) -> PResult<Field> {
        let doc = self.take_doc();
        let start = self.span();
        let mut annotations = self.annotations()?;
        let name = self.expect_ident("a field name")?;
        self.expect_punct(':')?;
        let ty = self.type_expr()?;
        annotations.extend(self.annotations()?);
        let default = if self.eat_punct('=') {
            Some(self.value()?)
        } else {
            None
        };
        annotations.extend(self.annotations()?);
        self.expect_punct(';')?;
        Ok(Field {
            doc,
            name,
            ty,
            annotations,
            default,
            span: start.to(self.prev_span()),
        })
    }

    // ---- enums -----------------------------------------------------------------------------

    /// Symbols and an optional `; default X` up to the closing `}` (not consumed).
    fn enum_body(&mut self) -> EnumBody {
        let mut body = EnumBody::default();
        if let Err(Reported) = self.enum_members(&mut body) {
            // Skip to the enum's `}`, or to what follows an enum missing its `}`.
            let mut depth = 0usize;
            loop {
                let at_end = self.at_punct('}') || self.at_version_block() || self.at_decl_start();
                if (depth == 0 && at_end) || *self.peek() == TokenKind::Eof {
                    break;
                }
                match self.peek() {
                    TokenKind::Punct('{') => depth += 1,
                    TokenKind::Punct('}') => depth -= 1,
                    _ => {}
                }
                self.bump();
            }
        }
        body
    }

    fn enum_members(&mut self, body: &mut EnumBody) -> PResult<()> {
        while matches!(self.peek(), TokenKind::Ident(_))
            && !self.at_version_block()
            && !self.at_decl_start()
        {
            let doc = self.take_doc();
            let name = self.expect_ident("an enum symbol")?;
            body.symbols.push(EnumSymbol { doc, name });
            if !self.eat_punct(',') {
                break;
            }
        }
        if self.eat_punct(';') && self.at_keyword("default") {
            self.bump();
            body.default = Some(self.expect_ident("the default symbol")?);
            self.eat_punct(';');
        }
        if !self.at_punct('}') {
            return Err(self.expected("`,`, `;` or `}`"));
        }
        Ok(())
    }

    // ---- types -----------------------------------------------------------------------------

    // ---- annotations -----------------------------------------------------------------------
}

//! Lexer: contract text -> tokens. Never fails: bad characters become diagnostics and are skipped.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Span};

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// An identifier or keyword (keywords are contextual and recognised by the parser).
    Ident(String),
    /// A non-negative integer literal.
    Int(u64),
    /// A non-negative floating-point literal.
    Float(f64),
    /// A string literal, escapes decoded.
    Str(String),
    /// One `///` line, without the slashes and one leading space.
    Doc(String),
    /// A punctuation character: one of `{ } ( ) < > [ ] ; : , . = ? @ -`.
    Punct(char),
    /// End of the file.
    Eof,
}

impl TokenKind {
    /// How the token is named in "expected ..., found ..." messages.
    pub fn describe(&self) -> String {
        match self {
            TokenKind::Ident(name) => format!("`{name}`"),
            TokenKind::Int(value) => format!("number `{value}`"),
            TokenKind::Float(value) => format!("number `{value}`"),
            TokenKind::Str(_) => "a string".to_string(),
            TokenKind::Doc(_) => "a doc comment".to_string(),
            TokenKind::Punct(c) => format!("`{c}`"),
            TokenKind::Eof => "end of file".to_string(),
        }
    }
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

const PUNCTUATION: &str = "{}()<>[];:,.=?@-";

/// Splits `text` into tokens, ending with [`TokenKind::Eof`].
pub fn lex(file: FileId, text: &str, diagnostics: &mut Diagnostics) -> Vec<Token> {
    let mut lexer = Lexer {
        file,
        text,
        pos: 0,
        tokens: Vec::new(),
        diagnostics,
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'a, 'd> {
    file: FileId,
    text: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    diagnostics: &'d mut Diagnostics,
}

impl Lexer<'_, '_> {
    fn run(&mut self) {
        while let Some(c) = self.peek() {
            let start = self.pos;
            match c {
                c if c.is_whitespace() => self.bump(),
                '/' if self.rest().starts_with("///") && !self.rest().starts_with("////") => {
                    self.doc_comment()
                }
                '/' if self.rest().starts_with("//") => self.skip_line(),
                '"' => self.string(),
                c if c.is_ascii_digit() => self.number(),
                c if c.is_alphabetic() || c == '_' => self.ident(),
                c if PUNCTUATION.contains(c) => {
                    self.bump();
                    self.push(TokenKind::Punct(c), start);
                }
                other => {
                    self.bump();
                    let span = self.span(start);
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::P001,
                            span,
                            format!("unexpected character {other:?}"),
                        )
                        .with_hint(if other.is_alphabetic() {
                            "names are ASCII letters, digits and `_` (as in Avro)"
                        } else {
                            "remove it; comments start with `//`"
                        }),
                    );
                }
            }
        }
        let end = self.text.len();
        self.push(TokenKind::Eof, end);
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start, self.pos)
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        let span = self.span(start);
        self.tokens.push(Token { kind, span });
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.bump();
        }
    }

    fn doc_comment(&mut self) {
        let start = self.pos;
        self.skip_line();
        let body = &self.text[start + 3..self.pos];
        let body = body
            .strip_prefix(' ')
            .unwrap_or(body)
            .trim_end_matches('\r');
        self.push(TokenKind::Doc(body.to_string()), start);
    }

    /// A name. Letters outside ASCII are reported (names are ASCII, as in Avro) but kept in
    /// the name, so `naïve` is one bad name rather than a name, a bad character and another name.
    fn ident(&mut self) {
        let start = self.pos;
        while let Some(c) = self.peek().filter(|c| c.is_alphanumeric() || *c == '_') {
            let at = self.pos;
            self.bump();
            if !c.is_ascii() {
                let span = self.span(at);
                self.diagnostics.push(
                    Diagnostic::new(Code::P001, span, format!("unexpected character {c:?}"))
                        .with_hint("names are ASCII letters, digits and `_` (as in Avro)"),
                );
            }
        }
        let name = self.text[start..self.pos].to_string();
        self.push(TokenKind::Ident(name), start);
    }

    fn number(&mut self) {
        let start = self.pos;
        self.digits();
        let mut is_float = false;
        if self.peek() == Some('.')
            && self.text[self.pos + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            is_float = true;
            self.bump();
            self.digits();
        }
        if matches!(self.peek(), Some('e' | 'E')) && self.exponent_follows() {
            is_float = true;
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            self.digits();
        }
        // Letters, digits and `_` glued to a number make it one invalid number (`0x10`, `1_000`).
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == '_') {
            self.bump();
        }
        let text = &self.text[start..self.pos];
        let kind = if is_float {
            text.parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .map(TokenKind::Float)
        } else {
            text.parse().ok().map(TokenKind::Int)
        };
        match kind {
            Some(kind) => self.push(kind, start),
            None => {
                let span = self.span(start);
                self.diagnostics.push(
                    Diagnostic::new(Code::P004, span, format!("invalid number `{text}`"))
                        .with_hint("integers must fit in 64 bits; floats must be finite"),
                );
                self.push(TokenKind::Int(0), start);
            }
        }
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
            self.bump();
        }
    }

    /// At `e`/`E`: whether an exponent (`e3`, `e-3`, `E+3`) follows.
    fn exponent_follows(&self) -> bool {
        let after = &self.text[self.pos + 1..];
        let after = after.strip_prefix(['+', '-']).unwrap_or(after);
        after.starts_with(|c: char| c.is_ascii_digit())
    }

    fn string(&mut self) {
        let start = self.pos;
        self.bump();
        let mut value = String::new();
        loop {
            match self.peek() {
                None | Some('\n') => {
                    let span = self.span(start);
                    self.diagnostics.push(
                        Diagnostic::new(Code::P002, span, "unterminated string literal")
                            .with_hint("close the string with `\"` on the same line"),
                    );
                    break;
                }
                Some('"') => {
                    self.bump();
                    break;
                }
                Some('\\') => self.escape(&mut value),
                Some(c) => {
                    value.push(c);
                    self.bump();
                }
            }
        }
        self.push(TokenKind::Str(value), start);
    }

    fn escape(&mut self, value: &mut String) {
        let start = self.pos;
        self.bump();
        let decoded = match self.peek() {
            Some('n') => Some('\n'),
            Some('t') => Some('\t'),
            Some('r') => Some('\r'),
            Some('0') => Some('\0'),
            Some('\\') => Some('\\'),
            Some('"') => Some('"'),
            Some('u') => return self.unicode_escape(start, value),
            _ => None,
        };
        match decoded {
            Some(c) => {
                self.bump();
                value.push(c);
            }
            None => {
                self.bump();
                self.bad_escape(start);
            }
        }
    }

    /// `\u{XXXX}`: one Unicode scalar value in hex.
    fn unicode_escape(&mut self, start: usize, value: &mut String) {
        self.bump();
        let rest = self.rest();
        let parsed = rest
            .strip_prefix('{')
            .and_then(|r| r.split_once('}'))
            .filter(|(hex, _)| !hex.is_empty() && hex.len() <= 6)
            .map(|(hex, _)| {
                (
                    hex.len() + 2,
                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
                )
            });
        match parsed {
            Some((len, Some(c))) => {
                self.pos += len;
                value.push(c);
            }
            Some((len, None)) => {
                self.pos += len;
                self.bad_escape(start);
            }
            None => self.bad_escape(start),
        }
    }

    fn bad_escape(&mut self, start: usize) {
        let span = self.span(start);
        self.diagnostics.push(
            Diagnostic::new(Code::P003, span, "invalid escape sequence")
                .with_hint(r#"valid escapes: \n \t \r \0 \\ \" \u{XXXX}"#),
        );
    }
}

//! The text of one file as the formatter reads it: every token and every comment, in order,
//! each with the number of line breaks written before it. The lexer skips `//` comments; they
//! are found again here, in the gaps between tokens, which hold nothing but whitespace and
//! comments in a file that lexes without errors.

use crate::source::FileId;
use crate::syntax::lexer::{lex, TokenKind};

/// What a piece is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PieceKind {
    /// A token the parser reads (never [`TokenKind::Doc`] or [`TokenKind::Eof`]).
    Token(TokenKind),
    /// A `//` comment (or `////...`), its trailing whitespace dropped.
    Comment,
    /// A `///` doc comment: what the lexer keeps of it (one space after `///` dropped).
    Doc(String),
}

/// One token or comment with its text as written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Piece<'a> {
    /// What it is.
    pub kind: PieceKind,
    /// Its text (a comment's without trailing whitespace).
    pub text: &'a str,
    /// How many line breaks separate it from the piece before it (or the start of the file).
    pub breaks_before: usize,
}

impl Piece<'_> {
    /// Whether this is a comment or a doc comment.
    pub fn is_comment(&self) -> bool {
        !matches!(self.kind, PieceKind::Token(_))
    }

    /// Whether this is the punctuation `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == PieceKind::Token(TokenKind::Punct(c))
    }

    /// Whether this is the word `word` (keywords are identifiers).
    pub fn is_word(&self, word: &str) -> bool {
        matches!(&self.kind, PieceKind::Token(TokenKind::Ident(name)) if name == word)
    }

    /// Whether this is an identifier.
    pub fn is_ident(&self) -> bool {
        matches!(self.kind, PieceKind::Token(TokenKind::Ident(_)))
    }

    /// Whether this is an integer literal.
    pub fn is_int(&self) -> bool {
        matches!(self.kind, PieceKind::Token(TokenKind::Int(_)))
    }
}

/// Splits `text` into pieces. `Err` names what the gaps between tokens hold besides whitespace
/// and comments: only possible in a text with lexical errors, which callers refuse first.
pub(super) fn pieces(text: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut lexed = crate::diagnostic::Diagnostics::new();
    let tokens = lex(FileId(0), text, &mut lexed);
    let mut pieces = Vec::with_capacity(tokens.len());
    let mut cursor = 0;
    for token in tokens {
        let (start, end) = (token.span.start as usize, token.span.end as usize);
        let breaks = gap_comments(text, cursor, start, &mut pieces)?;
        let kind = match token.kind {
            TokenKind::Eof => break,
            TokenKind::Doc(body) => PieceKind::Doc(body),
            other => PieceKind::Token(other),
        };
        pieces.push(Piece {
            kind,
            text: &text[start..end],
            breaks_before: breaks,
        });
        cursor = end;
    }
    Ok(pieces)
}

/// Pushes the comments of `text[from..to]` and returns the line breaks after the last of them.
fn gap_comments<'a>(
    text: &'a str,
    from: usize,
    to: usize,
    pieces: &mut Vec<Piece<'a>>,
) -> Result<usize, String> {
    let mut breaks = 0;
    let mut at = from;
    while at < to {
        let rest = &text[at..to];
        if rest.starts_with("//") {
            let length = rest.find('\n').unwrap_or(rest.len());
            pieces.push(Piece {
                kind: PieceKind::Comment,
                text: rest[..length].trim_end(),
                breaks_before: breaks,
            });
            breaks = 0;
            at += length;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        if c == '\n' {
            breaks += 1;
        } else if !c.is_whitespace() {
            return Err(format!("unexpected {c:?} between tokens at byte {at}"));
        }
        at += c.len_utf8();
    }
    Ok(breaks)
}

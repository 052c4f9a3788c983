//! The printer: lays the pieces of a file out again, deciding only what goes between two of
//! them (nothing, a space, a line break, or one blank line) from the brackets around them. The
//! tokens themselves are written exactly as they were, in the same order.
//!
//! The rules (docs/editor.md#formatting says the same for users):
//!
//! - Blocks (the body of a record, a layout, a topic, an enum with versions, a version block)
//!   hold one statement per line (a field, `compat`, a clause, a version block), indented by two
//!   spaces per level; `{` ends its line and `}` has a line of its own. An empty block is `{}`.
//! - An enum's symbols stay on the line of `{` (`{ A, B; default A }`) when they were written
//!   there and no comment is among them; otherwise each symbol has a line, as do `compat` and
//!   `default`.
//! - At the top level every item starts a line, and so does every annotation before a
//!   declaration.
//! - Within a line, tokens are separated as in `name: Type @ann(a, b = c) = default;`.
//! - A comment stays where it was: after the token it followed on the same line, or on a line
//!   of its own. Doc comments always have a line of their own. A line broken by a comment goes
//!   on one level deeper (a continuation line).
//! - Blank lines are kept (at most one) where a new line starts, except at the start of a
//!   block and before its `}`.

use super::pieces::{Piece, PieceKind};

const INDENT: &str = "  ";

/// What a pair of brackets holds, which decides the layout inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// The file's top level.
    Root,
    /// A body with one statement per line.
    Block {
        /// Whether its version blocks hold enum symbols.
        of_enum: bool,
    },
    /// Enum symbols (and `compat`, `default`), one a line when `expanded`.
    Symbols { expanded: bool },
    /// An object value `{ a: 1 }`: spaces inside the braces.
    Object,
    /// The names of an import, `{A, B}`: no spaces inside the braces.
    Imported,
    /// `(...)`, `<...>` or `[...]`; `ends_annotation` when it holds the arguments of an
    /// annotation before a declaration, which ends a line.
    Group { ends_annotation: bool },
}

impl Frame {
    /// Whether the frame holds lines of its own, indented one level deeper.
    fn indents(self) -> bool {
        matches!(
            self,
            Frame::Block { .. } | Frame::Symbols { expanded: true }
        )
    }

    /// Whether the frame is the body of a declaration or of a version block, whose `}` ends a
    /// statement.
    fn is_body(self) -> bool {
        matches!(self, Frame::Block { .. } | Frame::Symbols { .. })
    }

    /// Whether a `;` in the frame ends a line.
    fn ends_lines_at_semicolons(self) -> bool {
        self == Frame::Root || self.indents()
    }
}

/// What the next piece starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// The same line (a space or nothing, by the tokens).
    SameLine,
    /// A new line, as the structure wants.
    Line,
    /// A new line one level deeper: a comment broke a line the structure keeps whole.
    Continuation,
}

/// Lays `pieces` out; the result ends with one line break.
pub(super) fn layout(pieces: &[Piece<'_>]) -> String {
    let (closer, opener) = matching_brackets(pieces);
    let mut printer = Printer {
        pieces,
        closer,
        opener,
        out: String::new(),
        frames: vec![Frame::Root],
        next: Next::Line,
        at_block_start: true,
        statement_head: true,
        keyword: "",
        previous: None,
    };
    for (index, piece) in pieces.iter().enumerate() {
        if piece.is_comment() {
            printer.comment(index);
        } else {
            printer.token(index);
        }
    }
    printer.out.push('\n');
    printer.out
}

const OPENING: [char; 4] = ['{', '(', '<', '['];
const CLOSING: [char; 4] = ['}', ')', '>', ']'];

fn is_any_punct(piece: &Piece<'_>, chars: &[char]) -> bool {
    chars.iter().any(|&c| piece.is_punct(c))
}

/// For each opening bracket the index of the piece that closes it, and the other way round.
fn matching_brackets(pieces: &[Piece<'_>]) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut closer = vec![None; pieces.len()];
    let mut opener = vec![None; pieces.len()];
    let mut open = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        if is_any_punct(piece, &OPENING) {
            open.push(index);
        } else if is_any_punct(piece, &CLOSING) {
            if let Some(start) = open.pop() {
                closer[start] = Some(index);
                opener[index] = Some(start);
            }
        }
    }
    (closer, opener)
}

struct Printer<'p, 'a> {
    pieces: &'p [Piece<'a>],
    /// The closing bracket of each opening one.
    closer: Vec<Option<usize>>,
    /// The opening bracket of each closing one.
    opener: Vec<Option<usize>>,
    out: String,
    frames: Vec<Frame>,
    /// Where the next piece goes.
    next: Next,
    /// Nothing but trailing comments was written since the start of the file or of the
    /// innermost indented frame.
    at_block_start: bool,
    /// At the top level, nothing but annotations was written since the last item ended.
    statement_head: bool,
    /// The first word of the current top-level item (`record`, `enum`, `import`, ...).
    keyword: &'a str,
    /// The index of the last token written.
    previous: Option<usize>,
}

impl<'p, 'a> Printer<'p, 'a> {
    fn frame(&self) -> Frame {
        self.frames.last().copied().unwrap_or(Frame::Root)
    }

    /// How many levels deep the lines of the innermost frame are.
    fn depth(&self) -> usize {
        self.frames.iter().filter(|frame| frame.indents()).count()
    }

    fn piece(&self, index: usize) -> &'p Piece<'a> {
        &self.pieces[index]
    }

    /// The index of the first token after `index`, comments skipped.
    fn token_after(&self, index: usize) -> Option<usize> {
        (index + 1..self.pieces.len()).find(|&i| !self.pieces[i].is_comment())
    }

    /// The index of the last token before `index`, comments skipped.
    fn token_before(&self, index: usize) -> Option<usize> {
        (0..index).rev().find(|&i| !self.pieces[i].is_comment())
    }

    fn previous_is(&self, test: impl Fn(&Piece<'a>) -> bool) -> bool {
        self.previous.is_some_and(|i| test(&self.pieces[i]))
    }

    /// Starts a new line at `depth` levels, after one blank line when `blank`.
    fn new_line(&mut self, depth: usize, blank: bool) {
        if self.out.is_empty() {
            return;
        }
        self.out.push('\n');
        if blank {
            self.out.push('\n');
        }
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
    }

    /// Whether a blank line written before `index` is kept: it starts a line of the structure
    /// that is neither the first of its block nor its closing brace.
    fn keeps_blank(&self, index: usize, closes_block: bool) -> bool {
        self.next == Next::Line
            && self.piece(index).breaks_before >= 2
            && !self.at_block_start
            && !closes_block
    }

    /// Writes a comment where it was: after the previous token, or on a line of its own.
    fn comment(&mut self, index: usize) {
        let piece = self.piece(index);
        let own_line = piece.breaks_before > 0 || matches!(piece.kind, PieceKind::Doc(_));
        let text = match &piece.kind {
            PieceKind::Doc(body) if body.is_empty() => "///".to_string(),
            PieceKind::Doc(body) => format!("/// {body}"),
            _ => piece.text.to_string(),
        };
        if self.next == Next::SameLine {
            // A comment runs to the end of its line: what follows goes on below.
            self.next = Next::Continuation;
        }
        if !own_line && !self.out.is_empty() {
            self.out.push(' ');
            self.out.push_str(&text);
            return;
        }
        let depth = self.depth() + usize::from(self.next == Next::Continuation);
        let blank = self.keeps_blank(index, false);
        self.new_line(depth, blank);
        self.out.push_str(&text);
        self.at_block_start = false;
    }

    /// Writes a token after what its place asks for (a space, nothing, or a line break).
    fn token(&mut self, index: usize) {
        let closes_block = self.piece(index).is_punct('}') && self.frame().indents();
        let empty_block = closes_block && self.opener[index] == index.checked_sub(1);
        if closes_block && !empty_block {
            self.next = Next::Line;
        }
        match self.next {
            Next::SameLine => {
                if self.space_before(index) {
                    self.out.push(' ');
                }
            }
            Next::Line | Next::Continuation => {
                let depth = match self.next {
                    _ if closes_block => self.depth().saturating_sub(1),
                    Next::Continuation => self.depth() + 1,
                    _ => self.depth(),
                };
                let blank = self.keeps_blank(index, closes_block);
                self.new_line(depth, blank);
            }
        }
        self.out.push_str(self.piece(index).text);
        self.at_block_start = false;
        self.track_statement(index);
        let closed = self.enter_or_leave(index);
        let line = self.line_after(index, closed);
        let ends_item = self.piece(index).is_punct(';') || closed.is_some_and(Frame::is_body);
        if line && ends_item && self.frame() == Frame::Root {
            self.statement_head = true;
        }
        self.next = if line { Next::Line } else { Next::SameLine };
        self.previous = Some(index);
    }

    /// Follows the top-level items: annotations before a declaration, then its keyword.
    fn track_statement(&mut self, index: usize) {
        if self.frame() != Frame::Root || !self.statement_head {
            return;
        }
        let piece = self.piece(index);
        let part_of_annotation = piece.is_punct('@')
            || self.is_annotation_name(Some(index))
            || (piece.is_punct('(') && self.is_annotation_name(self.previous));
        if !part_of_annotation {
            self.statement_head = false;
            self.keyword = piece.text;
        }
    }

    /// Pushes the frame a bracket opens, or pops (and returns) the one it closes.
    fn enter_or_leave(&mut self, index: usize) -> Option<Frame> {
        let piece = self.piece(index);
        if is_any_punct(piece, &CLOSING) {
            return if self.frames.len() > 1 {
                self.frames.pop()
            } else {
                None
            };
        }
        let frame = if piece.is_punct('{') {
            self.brace_frame(index)
        } else if is_any_punct(piece, &OPENING) {
            let ends_annotation = self.frame() == Frame::Root
                && self.statement_head
                && self.is_annotation_name(self.previous);
            Frame::Group { ends_annotation }
        } else {
            return None;
        };
        if frame.indents() {
            self.at_block_start = true;
        }
        self.frames.push(frame);
        None
    }

    /// Whether the token at `index` is the name of an annotation (it follows `@`).
    fn is_annotation_name(&self, index: Option<usize>) -> bool {
        index.is_some_and(|i| {
            self.piece(i).is_ident()
                && self
                    .token_before(i)
                    .is_some_and(|before| self.piece(before).is_punct('@'))
        })
    }

    /// What the `{` at `index` opens.
    fn brace_frame(&self, index: usize) -> Frame {
        if self.previous_is(|p| p.is_punct('.')) {
            return Frame::Imported;
        }
        let after_equals = self.previous_is(|p| p.is_punct('='));
        match self.frame() {
            Frame::Root if self.keyword == "enum" => {
                if self.holds_brace(index) {
                    Frame::Block { of_enum: true }
                } else {
                    self.symbols(index)
                }
            }
            Frame::Block { of_enum: true } => self.symbols(index),
            Frame::Root | Frame::Block { .. } if !after_equals => Frame::Block { of_enum: false },
            _ => Frame::Object,
        }
    }

    /// Whether the braces opened at `index` hold other braces (an enum's version blocks).
    fn holds_brace(&self, index: usize) -> bool {
        let end = self.closer[index].unwrap_or(self.pieces.len());
        self.pieces[index + 1..end].iter().any(|p| p.is_punct('{'))
    }

    /// The frame of enum symbols opened at `index`: on one line only when written so, with no
    /// comment or `compat` among them.
    fn symbols(&self, index: usize) -> Frame {
        let end = self.closer[index].unwrap_or(self.pieces.len());
        let inside = &self.pieces[index + 1..end];
        let written_below = inside.first().is_some_and(|p| p.breaks_before > 0);
        let has_comment = inside.iter().any(Piece::is_comment);
        let has_compat = inside.first().is_some_and(|p| p.is_word("compat"))
            && inside.get(1).is_some_and(Piece::is_ident);
        Frame::Symbols {
            expanded: written_below || has_comment || has_compat,
        }
    }

    /// Whether the structure ends the line after the token at `index`, given the frame it
    /// `closed` (frames already updated).
    fn line_after(&self, index: usize, closed: Option<Frame>) -> bool {
        let piece = self.piece(index);
        let frame = self.frame();
        if piece.is_punct(';') {
            frame.ends_lines_at_semicolons()
        } else if piece.is_punct('{') {
            frame.indents() && self.closer[index] != Some(index + 1)
        } else if piece.is_punct('}') {
            closed.is_some_and(Frame::is_body) && matches!(frame, Frame::Root | Frame::Block { .. })
        } else if piece.is_punct(',') {
            let next = self.token_after(index).map(|i| self.piece(i));
            frame == (Frame::Symbols { expanded: true })
                && !next.is_some_and(|p| p.is_punct(';') || p.is_punct('}'))
        } else if piece.is_punct(')') {
            closed
                == Some(Frame::Group {
                    ends_annotation: true,
                })
        } else {
            frame == Frame::Root
                && self.statement_head
                && self.is_annotation_name(Some(index))
                && !self
                    .token_after(index)
                    .is_some_and(|i| self.piece(i).is_punct('('))
        }
    }

    /// Whether a space separates the token at `index` from the one before, on one line.
    fn space_before(&self, index: usize) -> bool {
        let Some(before) = self.previous else {
            return false;
        };
        let (before, piece) = (self.piece(before), self.piece(index));
        if is_any_punct(piece, &[';', ',', ')', '>', ']', '?', '.', '(', '<', ':']) {
            return false;
        }
        if is_any_punct(before, &['(', '<', '[', '.', '@', '-']) {
            return false;
        }
        if before.is_punct('{') || piece.is_punct('}') {
            let empty = before.is_punct('{') && piece.is_punct('}');
            return !empty && self.spaced_braces();
        }
        if piece.is_punct('@') {
            return !self.is_version_at(index);
        }
        true
    }

    /// Whether the braces of the innermost frame have spaces inside (`{ a: 1 }`, `{ A, B }`).
    fn spaced_braces(&self) -> bool {
        matches!(self.frame(), Frame::Object | Frame::Symbols { .. })
    }

    /// Whether the `@` at `index` pins a version (`Name@2`, `Name@[1, 2]`) rather than starting
    /// an annotation.
    fn is_version_at(&self, index: usize) -> bool {
        self.token_after(index).is_some_and(|i| {
            let next = self.piece(i);
            next.is_int() || next.is_punct('[')
        })
    }
}

//! Shared by the formatter's tests: what a compilation says about its contracts, as lines that
//! must not change when the contracts are formatted (positions moved with their tokens), and the
//! mutations of the property test.

use super::gen::Rng;
use accord_compiler::diagnostic::{Diagnostic, Diagnostics};
use accord_compiler::ir::{print_version, TypeRef};
use accord_compiler::source::{FileId, SourceMap, Span};
use accord_compiler::syntax::lexer::{lex, TokenKind};
use accord_compiler::{compile_sources, lock};

/// Where each token of a file went when it was formatted: offsets in the original text map to
/// offsets in the formatted one (the token sequences are the same).
pub struct PositionMap {
    /// `(start, end)` of every token (docs and the end included) in the original text.
    original: Vec<(usize, usize)>,
    /// The same tokens in the formatted text.
    formatted: Vec<(usize, usize)>,
    /// The formatted text.
    text: String,
}

fn token_spans(text: &str) -> Vec<(usize, usize)> {
    lex(FileId(0), text, &mut Diagnostics::new())
        .iter()
        .map(|t| (t.span.start as usize, t.span.end as usize))
        .collect()
}

impl PositionMap {
    pub fn new(original: &str, formatted: &str) -> PositionMap {
        let map = PositionMap {
            original: token_spans(original),
            formatted: token_spans(formatted),
            text: formatted.to_string(),
        };
        assert_eq!(
            map.original.len(),
            map.formatted.len(),
            "the tokens changed"
        );
        map
    }

    /// The offset in the formatted text of `offset` in the original: the same place in the
    /// same token (or the start of the next token, from between two).
    pub fn map(&self, offset: usize) -> usize {
        let index = self.original.partition_point(|(_, end)| *end <= offset);
        match (self.original.get(index), self.formatted.get(index)) {
            (Some((start, _)), Some((new_start, _))) if *start <= offset => {
                new_start + (offset - start)
            }
            (_, Some((new_start, _))) => *new_start,
            _ => self.text.len(),
        }
    }

    /// 1-based line and column (in characters) of an offset of the formatted text.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[start..].chars().count() + 1)
    }
}

/// `file:line:col` of a span, moved through the map of its file when there is one.
fn moved(sources: &SourceMap, span: Span, maps: &[(String, PositionMap)]) -> String {
    let (file, line, column) = sources.location(span);
    match maps.iter().find(|(name, _)| name == file) {
        Some((_, map)) => {
            let (line, column) = map.line_col(map.map(span.start as usize));
            format!("{file}:{line}:{column}")
        }
        None => format!("{file}:{line}:{column}"),
    }
}

/// Every diagnostic as one line (code, severity, place, message, hint, labels), places moved
/// through `maps`; sorted.
pub fn moved_locations(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    maps: &[(String, PositionMap)],
) -> Vec<String> {
    let mut lines: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let labels: Vec<String> = d
                .secondary
                .iter()
                .map(|l| format!("{} {:?}", moved(sources, l.span, maps), l.message))
                .collect();
            format!(
                "{} {:?} {} {:?} {:?} [{}] {:?}",
                d.code,
                d.severity,
                moved(sources, d.primary.span, maps),
                d.message,
                d.primary.message,
                labels.join(", "),
                d.hint
            )
        })
        .collect();
    lines.sort();
    lines
}

/// Compiles `files` and describes what formatting must not change: per type version its Avro
/// schema, fingerprints, definition hash, printed definition and field ids; the lock as
/// `accord lock` would write it; layout definitions; the diagnostics (moved through `maps`).
pub fn compile_and_describe(
    files: Vec<(String, String)>,
    maps: &[(String, PositionMap)],
) -> Vec<String> {
    let compilation = compile_sources(files, Default::default());
    let model = &compilation.model;
    let field_ids = compilation.field_ids();
    let mut lines = Vec::new();
    for (def, version) in model.type_versions() {
        let reference = TypeRef {
            name: def.name.clone(),
            version: version.number,
        };
        let facts = compilation.facts.get(&reference).map(|f| {
            format!(
                "{} {} {:?}",
                f.json,
                f.definition,
                (
                    f.fingerprint_hex(),
                    &f.fingerprints.md5,
                    &f.fingerprints.sha256
                )
            )
        });
        let mode = def.compat.unwrap_or_default();
        lines.push(format!(
            "{}@{}: {facts:?}\n{}\nids {:?}",
            def.name,
            version.number,
            print_version(model, def, version, mode),
            field_ids.get(&reference)
        ));
    }
    lines.push(lock::render(model, &compilation.facts));
    for (layout, release) in lock::layout_releases(model) {
        lines.push(format!("layout {layout:?}: {}", release.definition));
    }
    lines.extend(moved_locations(
        &compilation.sources,
        &compilation.diagnostics,
        maps,
    ));
    lines
}

/// Insertions of the property test, put between two tokens.
const INSERTIONS: &[&str] = &[
    " ",
    "\t",
    "\n",
    "\n\n\n",
    "\r\n",
    "  \n    ",
    " // an inserted comment\n",
    "// another\n\n",
    "\n/// an inserted doc comment\n",
    "\n///\n",
    "//// not a doc\n",
];

/// The text with `count` insertions from [`INSERTIONS`] between tokens: laid out otherwise,
/// the same tokens (a doc comment may attach to what follows it).
pub fn spread(text: &str, count: usize, rng: &mut Rng) -> String {
    let mut text = text.to_string();
    for _ in 0..count {
        let tokens = lex(FileId(0), &text, &mut Diagnostics::new());
        let token = &tokens[rng.below(tokens.len())];
        let insertion = INSERTIONS[rng.below(INSERTIONS.len())];
        text.insert_str(token.span.start as usize, insertion);
    }
    text
}

/// The text with one to four random edits between tokens: an insertion from [`INSERTIONS`], or
/// the whitespace between two tokens removed (which may glue them into one: the mutant is then
/// another contract, or one that does not parse and is skipped).
pub fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut text = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let tokens = lex(FileId(0), &text, &mut Diagnostics::new());
        let token = &tokens[rng.below(tokens.len())];
        let (start, end) = (token.span.start as usize, token.span.end as usize);
        let is_doc = matches!(token.kind, TokenKind::Doc(_));
        if rng.chance(25) && !is_doc {
            let gap_end = text[end..]
                .find(|c: char| !c.is_whitespace())
                .map_or(text.len(), |i| end + i);
            text.replace_range(end..gap_end, "");
        } else {
            let at = if rng.chance(50) && !is_doc {
                end
            } else {
                start
            };
            let insertion = INSERTIONS[rng.below(INSERTIONS.len())];
            text.insert_str(at, insertion);
        }
    }
    text
}

//! Fixes: the changes diagnostics suggest ([`crate::diagnostic::Fix`]), applied to the sources.
//!
//! The stages attach a fix where they know it: a missing version pin (`N005`), a missing import
//! (`N004`), a probable rename (`S009`), a new field without a default (`W004`). This module
//! adds the fixes that need a second tree ([`versions`]: restore a released version and move
//! its edit to a new version, `L001`/`L003`), and applies fixes to file texts: every fix a
//! diagnostic offers alone, at most one per place, each file then formatted as `accord fmt`
//! lays it out. `accord check --fix` runs it to a fixed point; the language server offers each
//! fix of a diagnostic as a quick fix.

pub mod versions;

use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::source::{FileId, SourceMap, Span};
use std::collections::BTreeMap;

/// A file changed by fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedFile {
    /// The file in the sources the fixes were computed on.
    pub file: FileId,
    /// Its text after the fixes, formatted when it parses.
    pub text: String,
    /// The title of every fix applied to it, in source order.
    pub applied: Vec<String>,
}

/// Applies the fix of every diagnostic that offers exactly one (several mean the right one
/// depends on intent). Fixes whose edits touch a place an earlier fix edits are left for a
/// later round: renames first (a rename explains a field without a default), then in source
/// order. Returns the changed files.
pub fn apply(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Vec<FixedFile> {
    let mut chosen: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.fixes.len() == 1).collect();
    chosen.sort_by_key(|d| (d.code != Code::S009, d.primary.span));
    let mut taken: Vec<Span> = Vec::new();
    let mut per_file: BTreeMap<FileId, (Vec<Edit>, Vec<String>)> = BTreeMap::new();
    for fix in chosen.into_iter().map(|d| &d.fixes[0]) {
        if fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| touches(*t, e.span)))
        {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.span));
        for edit in &fix.edits {
            per_file
                .entry(edit.span.file)
                .or_default()
                .0
                .push(edit.clone());
        }
        let file = fix.edits.first().map(|e| e.span.file);
        if let Some(file) = file {
            per_file.entry(file).or_default().1.push(fix.title.clone());
        }
    }
    per_file
        .into_iter()
        .filter_map(|(file, (edits, applied))| {
            let before = &sources.file(file).text;
            let text = formatted(&apply_edits(before, &edits));
            (text != *before).then_some(FixedFile {
                file,
                text,
                applied,
            })
        })
        .collect()
}

/// The texts of the files `fix` changes, each formatted when it parses.
pub fn fixed_texts(sources: &SourceMap, fix: &Fix) -> BTreeMap<FileId, String> {
    let mut per_file: BTreeMap<FileId, Vec<Edit>> = BTreeMap::new();
    for edit in &fix.edits {
        per_file
            .entry(edit.span.file)
            .or_default()
            .push(edit.clone());
    }
    per_file
        .into_iter()
        .map(|(file, edits)| {
            let text = formatted(&apply_edits(&sources.file(file).text, &edits));
            (file, text)
        })
        .collect()
}

/// Whether two spans overlap or meet (two insertions at one place conflict too).
fn touches(a: Span, b: Span) -> bool {
    a.file == b.file && a.start <= b.end && b.start <= a.end
}

/// `text` with `edits` (non-overlapping, in one file) applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut ordered: Vec<&Edit> = edits.iter().collect();
    // From the end, so earlier offsets stay valid; an insertion at the end of a replaced span
    // goes first, so it lands after the replacement.
    ordered.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    let mut out = text.to_string();
    for edit in ordered {
        let (start, end) = (edit.span.start as usize, edit.span.end as usize);
        if start <= end && end <= out.len() && out.is_char_boundary(start) {
            out.replace_range(start..end, &edit.text);
        }
    }
    out
}

/// `text` as `accord fmt` lays it out, or as it is when it does not parse.
fn formatted(text: &str) -> String {
    crate::fmt::format_source(text).unwrap_or_else(|_| text.to_string())
}

/// The smallest replacement turning `before` into `after`: the byte range of `before` that
/// differs (common prefix and suffix left out, on character boundaries) and its new text.
pub fn minimal_change(before: &str, after: &str) -> (std::ops::Range<usize>, String) {
    let mut prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(prefix) || !after.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let longest = before.len().min(after.len()) - prefix;
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(longest)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - suffix)
        || !after.is_char_boundary(after.len() - suffix)
    {
        suffix -= 1;
    }
    let replaced = prefix..before.len() - suffix;
    (replaced, after[prefix..after.len() - suffix].to_string())
}

#[cfg(test)]
mod tests;

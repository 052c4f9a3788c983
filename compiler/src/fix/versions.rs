//! Fixes about versions: start a new version of a type (a copy of its latest), and undo the
//! edit of a version that is released (`L001`) or exists in the tree checked against (`L003`):
//! restore the version as that tree has it and, when it is the type's latest, carry the edit
//! into a new version after it, the way the rule says versions change.

use crate::diagnostic::{Code, Edit, Fix};
use crate::ir::{TypeDef, TypeVersion};
use crate::source::{SourceMap, Span};
use crate::Compilation;

/// The fix adding `version N+1` after the latest version `N` of `def`, a copy of it: where an
/// incompatible change to a versioned type starts. `None` for an unversioned type.
pub fn new_version(sources: &SourceMap, def: &TypeDef) -> Option<Fix> {
    if !def.versioned {
        return None;
    }
    let latest = def.latest();
    let next = latest.number + 1;
    let copy = renumbered(sources.snippet(latest.span), latest.number, next)?;
    let title = format!(
        "Start version {next} of `{}` (a copy of version {})",
        def.name.name, latest.number
    );
    let text = format!("{}{copy}", separator(sources, def));
    Some(Fix::new(title, latest.span.after(), text))
}

/// What goes between two version blocks of `def`: what the file has between its last two,
/// else a blank line.
fn separator<'s>(sources: &'s SourceMap, def: &TypeDef) -> &'s str {
    let [.., before, last] = def.versions.as_slice() else {
        return "\n\n";
    };
    let between = Span {
        start: before.span.end,
        end: last.span.start,
        ..last.span
    };
    let gap = sources.snippet(between);
    match gap.trim().is_empty() && gap.contains('\n') {
        true => gap,
        false => "\n\n",
    }
}

/// Adds to every `L001` and `L003` of `compilation` about a type version the fix restoring the
/// version as `baseline` has it (the tree of the last commit for the lock, the tree checked
/// against for `--against`), moving the edit into a new version when it is the type's latest.
/// A version `baseline` has edited too, or does not have, gets no fix.
pub fn restore_edited(compilation: &mut Compilation, baseline: &Compilation) {
    for (index, fix) in restore_fixes(compilation, baseline) {
        compilation.diagnostics[index].fixes.push(fix);
    }
}

/// The fixes [`restore_edited`] adds, each with the index of its diagnostic.
pub fn restore_fixes(compilation: &Compilation, baseline: &Compilation) -> Vec<(usize, Fix)> {
    let mut found = Vec::new();
    for (index, diagnostic) in compilation.diagnostics.iter().enumerate() {
        if !matches!(diagnostic.code, Code::L001 | Code::L003) {
            continue;
        }
        let at = diagnostic.primary.span;
        let edited = compilation
            .model
            .type_versions()
            .find(|(_, version)| version.span == at);
        if let Some((def, version)) = edited {
            found.extend(restore_fix(compilation, baseline, def, version).map(|f| (index, f)));
        }
    }
    found
}

/// The fix restoring `version` of `def` from `baseline`.
fn restore_fix(
    compilation: &Compilation,
    baseline: &Compilation,
    def: &TypeDef,
    version: &TypeVersion,
) -> Option<Fix> {
    let released = baseline
        .model
        .types
        .get(&def.name)?
        .version(version.number)?;
    let edited_there = baseline
        .diagnostics
        .iter()
        .any(|d| matches!(d.code, Code::L001 | Code::L003) && d.primary.span == released.span);
    let restored = baseline.sources.snippet(released.span);
    let current = compilation.sources.snippet(version.span);
    if edited_there || restored == current {
        return None;
    }
    let mut edits = vec![Edit {
        span: version.span,
        text: restored.to_string(),
    }];
    let name = &def.name.name;
    let number = version.number;
    let title = if version.number == def.latest().number {
        let next = number + 1;
        let copy = renumbered(current, number, next)?;
        edits.push(Edit {
            span: version.span.after(),
            text: format!("{}{copy}", separator(&compilation.sources, def)),
        });
        format!("Restore released `{name}` version {number} and move the edit to version {next}")
    } else {
        format!("Restore released `{name}` version {number}")
    };
    Some(Fix { title, edits })
}

/// The text of a `version N { ... }` block numbered `to` instead of `from`.
pub(super) fn renumbered(block: &str, from: u32, to: u32) -> Option<String> {
    let rest = block.strip_prefix("version")?;
    let digits = rest.trim_start();
    let gap = &rest[..rest.len() - digits.len()];
    let after = digits.strip_prefix(&from.to_string())?;
    if gap.is_empty() || after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("version{gap}{to}{after}"))
}

//! Declarations frozen by a hash of their definition alone, having no wire schema: layouts
//! (`[[layout]]` entries) and machines (`[[machine]]`). One reading of their lock entries and
//! one check of the model against them, the kind of declaration saying only its words.

use super::{removed, Baseline, Release, Releases};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::Span;
use std::collections::HashMap;

/// What differs between the kinds of declarations frozen by definition.
pub(super) struct Kind {
    /// The word before a name in messages (`layout`, `machine`).
    pub word: &'static str,
    /// What an edit changed, after "was edited: ".
    pub parts: &'static str,
    /// The hint of a removed version.
    pub removed_hint: &'static str,
}

/// The declarations of one kind in the model, by full name: where the name is written and
/// each version's number and span.
pub(super) type Declared = HashMap<String, (Span, Vec<(u32, Span)>)>;

/// The releases of lock entries read as `(name, version, definition, span)`.
pub(super) fn releases_of(
    entries: impl IntoIterator<Item = (String, u32, String, Option<Span>)>,
) -> Releases {
    entries
        .into_iter()
        .map(|(name, version, definition, span)| {
            let release = Release {
                fingerprint: String::new(),
                definition,
                field_ids: None,
                span,
            };
            ((name, version), release)
        })
        .collect()
}

/// Reports every baseline version that the model edited or removed (`L001`..`L004`, as for
/// types): `current` holds the model's definitions, `declared` where they are written.
pub(super) fn check(
    kind: &Kind,
    declared: &Declared,
    current: &Releases,
    baseline: &Releases,
    against: Baseline,
    diagnostics: &mut Diagnostics,
) {
    for ((name, number), recorded) in baseline {
        let found = declared.get(name);
        let version = found.and_then(|(_, versions)| versions.iter().find(|(n, _)| n == number));
        match (version, current.get(&(name.clone(), *number))) {
            (Some((_, at)), Some(now)) if now.definition != recorded.definition => {
                diagnostics.push(edited(kind, name, *number, *at, recorded, against));
            }
            (Some(_), Some(_)) => {}
            _ => {
                let at = found.map(|(name_span, _)| *name_span).or(recorded.span);
                if let Some(at) = at {
                    let mut diagnostic = removed(name, *number, at, recorded.span, against);
                    diagnostic.message = format!("{} {}", kind.word, diagnostic.message);
                    diagnostic.hint = Some(kind.removed_hint.into());
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
}

fn edited(
    kind: &Kind,
    name: &str,
    number: u32,
    at: Span,
    recorded: &Release,
    against: Baseline,
) -> Diagnostic {
    let (code, whose) = match against {
        Baseline::Lock => (Code::L001, "is released"),
        Baseline::Against => (Code::L003, "exists in the tree checked against"),
    };
    let word = kind.word;
    let mut diagnostic = Diagnostic::new(
        code,
        at,
        format!("{word} `{name}` version {number} {whose} and was edited: {}", kind.parts),
    )
    .with_hint(format!(
        "never edit a released {word} version: restore it and add a new `version` block with the change"
    ));
    if let Some(span) = recorded.span {
        diagnostic = diagnostic.with_secondary(span, "recorded here");
    }
    diagnostic
}

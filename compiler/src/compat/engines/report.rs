//! Engine verdicts as findings (`E` codes) and as the JSON matrix of `accord check --format json`
//! and `accord show`.

use super::diff::{ChangeKind, ColumnChange};
use super::rules::{code, Judgement};
use super::{Assessment, Engine, JudgedChange, Verdict};
use crate::diagnostic::{Diagnostic, Diagnostics, Evolution, Severity};
use crate::ir::{Body, TypeDef};
use crate::source::Span;
use serde_json::{json, Map, Value as Json};

/// One finding per column change that an engine judges other than safe: an error when some
/// engine breaks on it, a warning otherwise.
pub fn diagnostics(assessments: &[Assessment], diagnostics: &mut Diagnostics) {
    for assessment in assessments {
        for judged in &assessment.changes {
            if let Some(diagnostic) = finding(assessment, judged) {
                diagnostics.push(diagnostic);
            }
        }
    }
}

fn finding(assessment: &Assessment, judged: &JudgedChange) -> Option<Diagnostic> {
    let unsafe_ones: Vec<&(Engine, Judgement)> = judged
        .judgements
        .iter()
        .filter(|(_, j)| j.verdict != Verdict::Safe)
        .collect();
    let worst_verdict = unsafe_ones.iter().map(|(_, j)| j.verdict).max()?;
    let (worst_engine, worst) = unsafe_ones
        .iter()
        .find(|(_, j)| j.verdict == worst_verdict)?;
    let verdicts: Vec<String> = unsafe_ones
        .iter()
        .map(|(engine, judgement)| format!("{} for {engine}", describe(judgement)))
        .collect();
    let def = assessment.def;
    let message = format!(
        "`{}` version {} -> {}: {}: {}",
        def.name,
        assessment.from,
        assessment.to,
        describe_change(&judged.change),
        verdicts.join(", ")
    );
    let severity = match worst.verdict {
        Verdict::Breaking => Severity::Error,
        _ => Severity::Warning,
    };
    let diagnostic = Diagnostic::new(
        code(judged.change.kind),
        span(assessment, &judged.change),
        message,
    )
    .with_severity(severity)
    .with_label(format!("{worst_engine}: {}", worst.rule))
    .with_hint(format!(
        "{} (rules of each engine: docs/engines.md; `accord show {}` lists every verdict)",
        worst.hint, def.name
    ))
    .with_evolution(Evolution {
        category: "engine",
        mode: None,
        old_version: assessment.from,
        new_version: assessment.to,
        direction: Some("backward"),
        location: Some(judged.change.path().to_owned()),
    });
    Some(diagnostic)
}

/// `breaking`, `requires columnMapping`, ...
fn describe(judgement: &Judgement) -> String {
    match judgement.requires {
        Some(feature) => format!("requires {feature}"),
        None => judgement.verdict.name().to_owned(),
    }
}

/// What happened to the column, in words.
fn describe_change(change: &ColumnChange) -> String {
    let path = change.path();
    let type_name = |c: Option<&crate::table::Column>| c.map(column_type_text).unwrap_or_default();
    match change.kind {
        ChangeKind::Added => format!("column `{path}` added"),
        ChangeKind::Dropped => format!("column `{path}` dropped"),
        ChangeKind::Renamed => format!(
            "column `{path}` renamed from `{}`",
            change.old.map_or("", |c| c.name.as_str())
        ),
        ChangeKind::Retyped => format!(
            "column `{path}` changed type from {} to {}",
            type_name(change.old),
            type_name(change.new)
        ),
        ChangeKind::MadeOptional => format!("column `{path}` made optional"),
        ChangeKind::MadeRequired => format!("column `{path}` made required"),
        ChangeKind::NameReused => {
            format!("column `{path}` added with the name of a column dropped earlier")
        }
    }
}

/// A column's type in reports, an enum with its symbols: `enum {RED, GREEN}`.
fn column_type_text(column: &crate::table::Column) -> String {
    match column.symbols.as_slice() {
        [] => type_text(&column.ty),
        symbols => format!("enum {{{}}}", symbols.join(", ")),
    }
}

/// A column type in reports: `int`, `decimal(9,2)`, `struct`, `list`, `map`.
pub fn type_text(ty: &crate::table::ColumnType) -> String {
    use crate::table::{ColumnType, Primitive, Unit};
    let unit = |u: Unit| match u {
        Unit::Millis => "ms",
        Unit::Micros => "us",
    };
    match ty {
        ColumnType::Struct(_) => "struct".to_owned(),
        ColumnType::List(_) => "list".to_owned(),
        ColumnType::Map(..) => "map".to_owned(),
        ColumnType::Primitive(p) => match p {
            Primitive::Boolean => "boolean".to_owned(),
            Primitive::Int => "int".to_owned(),
            Primitive::Long => "long".to_owned(),
            Primitive::Float => "float".to_owned(),
            Primitive::Double => "double".to_owned(),
            Primitive::Decimal { precision, scale } => format!("decimal({precision},{scale})"),
            Primitive::Date => "date".to_owned(),
            Primitive::Time(u) => format!("time({})", unit(*u)),
            Primitive::Timestamp { unit: u, utc: true } => format!("timestamp({}, UTC)", unit(*u)),
            Primitive::Timestamp {
                unit: u,
                utc: false,
            } => format!("timestamp({}, local)", unit(*u)),
            Primitive::String => "string".to_owned(),
            Primitive::Binary => "binary".to_owned(),
            Primitive::Fixed(n) => format!("fixed({n})"),
        },
    }
}

/// Where a change is shown: the field of the newer version holding the column, or the newer
/// version itself for a dropped top-level column.
fn span(assessment: &Assessment, change: &ColumnChange) -> Span {
    let def: &TypeDef = assessment.def;
    let Some(version) = def.version(assessment.to) else {
        return def.name_span;
    };
    let top = change.path().split('.').next().unwrap_or_default();
    let field = match &version.body {
        Body::Record(fields) if change.new.is_some() => fields.iter().find(|f| f.name == top),
        _ => None,
    };
    // A dropped column is shown at the `version N` that drops it.
    let heading = format!("version {}", version.number).len() as u32;
    let at_heading = Span {
        end: (version.span.start + heading).min(version.span.end),
        ..version.span
    };
    field.map_or(at_heading, |f| f.name_span)
}

/// The matrix: every assessed pair with each engine's verdict and every column change.
pub fn to_json(assessments: &[Assessment], engines: &[Engine]) -> Json {
    let changes: Vec<Json> = assessments.iter().map(|a| pair_json(a, engines)).collect();
    json!({
        "targets": engines.iter().map(|e| e.name()).collect::<Vec<_>>(),
        "changes": changes,
    })
}

/// One pair's verdicts and column changes, as JSON.
pub fn pair_json(assessment: &Assessment, engines: &[Engine]) -> Json {
    let verdicts: Map<String, Json> = engines
        .iter()
        .map(|e| (e.name().to_owned(), json!(assessment.verdict(*e).name())))
        .collect();
    let columns: Vec<Json> = assessment.changes.iter().map(change_json).collect();
    json!({
        "type": assessment.def.name.to_string(),
        "from": assessment.from,
        "to": assessment.to,
        "verdicts": verdicts,
        "columns": columns,
    })
}

fn change_json(judged: &JudgedChange) -> Json {
    let change = &judged.change;
    let verdicts: Map<String, Json> = judged
        .judgements
        .iter()
        .map(|(engine, judgement)| {
            let mut entry = json!({ "verdict": judgement.verdict.name() });
            if judgement.verdict != Verdict::Safe {
                entry["code"] = json!(code(change.kind).as_str());
                entry["rule"] = json!(judgement.rule);
                entry["link"] = json!(engine.link());
                entry["hint"] = json!(judgement.hint);
            }
            if let Some(feature) = judgement.requires {
                entry["requires"] = json!(feature);
            }
            (engine.name().to_owned(), entry)
        })
        .collect();
    let mut entry = json!({
        "change": change.kind.name(),
        "path": change.path(),
        "id": change.id(),
        "verdicts": verdicts,
    });
    match change.kind {
        ChangeKind::Renamed => {
            entry["from"] = json!(change.old.map(|c| c.name.as_str()));
            entry["to"] = json!(change.new.map(|c| c.name.as_str()));
        }
        ChangeKind::Retyped => {
            entry["from"] = json!(change.old.map(column_type_text));
            entry["to"] = json!(change.new.map(column_type_text));
        }
        _ => {}
    }
    entry
}

/// The verdicts of every engine on some pairs of one type, as `//` comment lines: a row per
/// pair, then each change that some engine does not take as safe.
pub fn matrix_text(assessments: &[&Assessment]) -> String {
    let engines = Engine::ALL;
    let width = |e: &Engine| e.name().len().max("data-dependent".len());
    let mut lines = vec![
        "// What each version does to data written with the version before it, per engine"
            .to_owned(),
        "// (docs/engines.md; safe, requires, data-dependent, breaking):".to_owned(),
    ];
    let header: Vec<String> = engines
        .iter()
        .map(|e| format!("{:<w$}", e.name(), w = width(e)))
        .collect();
    lines.push(
        format!("// {:<10} {}", "", header.join(" "))
            .trim_end()
            .to_owned(),
    );
    for assessment in assessments {
        let row: Vec<String> = engines
            .iter()
            .map(|e| format!("{:<w$}", assessment.verdict(*e).name(), w = width(e)))
            .collect();
        let pair = format!("v{} -> v{}", assessment.from, assessment.to);
        lines.push(
            format!("// {pair:<10} {}", row.join(" "))
                .trim_end()
                .to_owned(),
        );
        for judged in &assessment.changes {
            let verdicts: Vec<String> = judged
                .judgements
                .iter()
                .filter(|(_, j)| j.verdict != Verdict::Safe)
                .map(|(e, j)| format!("{} for {e}", describe(j)))
                .collect();
            if !verdicts.is_empty() {
                let code = code(judged.change.kind);
                let what = describe_change(&judged.change);
                lines.push(format!("//   {code} {what}: {}", verdicts.join(", ")));
            }
        }
    }
    lines.join("\n")
}

//! Wire compatibility: each version's Avro schema checked against earlier ones under the type's
//! mode, with the exact semantics of Avro's reference checker.

use super::locate::{locate, locate_field};
use crate::avro::{
    check_history, CompatError, CompatMode, Direction, Incompatibility, IncompatibilityKind,
    PairCheck, Schema,
};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Evolution, Fix};
use crate::facts::Facts;
use crate::ir::*;

pub(super) fn check(
    model: &Model,
    facts: &Facts,
    def: &TypeDef,
    mode: CompatMode,
    diagnostics: &mut Diagnostics,
) {
    let schemas: Vec<&Schema> = def
        .versions
        .iter()
        .filter_map(|v| {
            let reference = TypeRef {
                name: def.name.clone(),
                version: v.number,
            };
            facts.get(&reference).map(|f| f.schema())
        })
        .collect();
    if schemas.len() != def.versions.len() {
        return; // A version without a schema is reported where the facts are built.
    }
    for index in 1..schemas.len() {
        for pair in check_history(schemas[index], &schemas[..index], mode) {
            report(model, def, index, &pair, mode, diagnostics);
        }
    }
}

fn report(
    model: &Model,
    def: &TypeDef,
    new_index: usize,
    pair: &PairCheck,
    mode: CompatMode,
    diagnostics: &mut Diagnostics,
) {
    let new = &def.versions[new_index];
    let old = &def.versions[pair.old_index];
    let (reader, writer) = match pair.direction {
        Direction::Backward => (new, old),
        Direction::Forward => (old, new),
    };
    let reader_ref = TypeRef {
        name: def.name.clone(),
        version: reader.number,
    };
    let context = format!(
        "`{}` version {} cannot read data written with version {} (mode {mode}, {} check)",
        def.name.name, reader.number, writer.number, pair.direction
    );
    let evolution = |location: &str| Evolution {
        category: "wire",
        mode: Some(mode.name().to_string()),
        old_version: old.number,
        new_version: new.number,
        direction: Some(pair.direction.name()),
        location: Some(location.to_string()),
    };
    match &pair.outcome {
        Ok(result) => {
            for incompatibility in &result.incompatibilities {
                let at = locate(model, &reader_ref, &incompatibility.location);
                let mut diagnostic =
                    wire_diagnostic(&context, incompatibility, at, new, old, pair.direction);
                if incompatibility.kind == IncompatibilityKind::ReaderFieldMissingDefaultValue {
                    let field = locate_field(model, &reader_ref, &incompatibility.location);
                    diagnostic
                        .fixes
                        .extend(field.and_then(|f| default_fix(model, f)));
                } else if let Some(field) = new_enum_field(reader, writer, incompatibility) {
                    diagnostic.hint = Some(format!("`{}` is new: give it a default", field.name));
                    diagnostic.fixes.extend(default_fix(model, field));
                }
                diagnostics.push(diagnostic.with_evolution(evolution(&incompatibility.location)));
            }
        }
        Err(CompatError::AmbiguousField {
            reader_field,
            location,
            ..
        }) => {
            let at = locate(model, &reader_ref, location);
            diagnostics.push(
                Diagnostic::new(Code::W007, at, format!("{context}: reader field `{reader_field}` matches several writer fields"))
                    .with_secondary(old.span, format!("version {}", old.number))
                    .with_hint("a field's name and its `@renamed` names must not match two different fields of the other version")
                    .with_evolution(evolution(location)),
            );
        }
    }
}

/// The new reader field behind Java's quirk for an enum field with an enum default but no
/// field default, missing in the writer: Java checks the enum against the writer record itself
/// and reports `TYPE_MISMATCH` where a missing default is meant (top-level fields only).
fn new_enum_field<'v>(
    reader: &'v TypeVersion,
    writer: &TypeVersion,
    incompatibility: &Incompatibility,
) -> Option<&'v Field> {
    if incompatibility.kind != IncompatibilityKind::TypeMismatch {
        return None;
    }
    let index = incompatibility
        .location
        .strip_prefix("/fields/")?
        .strip_suffix("/type")?
        .parse::<usize>()
        .ok()?;
    let (Body::Record(read), Body::Record(written)) = (&reader.body, &writer.body) else {
        return None;
    };
    let field = read.get(index)?;
    let named =
        |w: &&Field| w.name == field.name || field.annotations.renamed_from.contains(&w.name);
    (field.default.is_none() && !written.iter().any(|w| named(&w))).then_some(field)
}

/// The fix giving `field` the plainest default of its type.
fn default_fix(model: &Model, field: &Field) -> Option<Fix> {
    if field.default.is_some() {
        return None;
    }
    let value = neutral_value(model, &field.ty)?;
    check_value(model, &field.ty, &value).ok()?;
    let text = value_text(&value);
    let title = format!("Give `{}` the default `{text}`", field.name);
    Some(Fix::new(title, field.ty_span.after(), format!(" = {text}")))
}

fn wire_diagnostic(
    context: &str,
    incompatibility: &Incompatibility,
    at: crate::source::Span,
    new: &TypeVersion,
    old: &TypeVersion,
    direction: Direction,
) -> Diagnostic {
    let (code, hint) = code_and_hint(incompatibility.kind);
    let mut message = format!(
        "{context}: {} ({} at {})",
        incompatibility.message, incompatibility.kind, incompatibility.location
    );
    for cause in &incompatibility.causes {
        message.push_str(&format!(
            "; because {} at {}: {}",
            cause.kind, cause.location, cause.message
        ));
    }
    let other = match direction {
        Direction::Backward => (
            old.span,
            format!("data written with version {}", old.number),
        ),
        Direction::Forward => (
            new.span,
            format!("data written with version {}", new.number),
        ),
    };
    Diagnostic::new(code, at, message)
        .with_label("the reader")
        .with_secondary(other.0, other.1)
        .with_hint(hint)
}

fn code_and_hint(kind: IncompatibilityKind) -> (Code, &'static str) {
    match kind {
        IncompatibilityKind::NameMismatch => (Code::W001, "add the old name with `@renamed(Old)` on the type"),
        IncompatibilityKind::FixedSizeMismatch => (Code::W002, "a fixed size never changes: add a new field with a new fixed type"),
        IncompatibilityKind::MissingEnumSymbols => (Code::W003, "keep the symbols, or give the enum a `default` symbol"),
        IncompatibilityKind::ReaderFieldMissingDefaultValue => {
            (Code::W004, "give the field a default (`= value`), or `@renamed(old)` if it is a renamed field")
        }
        IncompatibilityKind::TypeMismatch => {
            (Code::W005, "only promotions are compatible (int->long->float->double, string<->bytes): add a new field instead")
        }
        IncompatibilityKind::MissingUnionBranch => (Code::W006, "add a branch for the writer's type to the union"),
    }
}

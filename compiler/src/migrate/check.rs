//! The migration rules of `accord check`, between consecutive versions of each versioned type:
//!
//! - M001: an upgrade needs a hook that is not declared, where the mode does not already require
//!   the new version to read the old one on the wire (there the `W` codes report it);
//! - M002: a downgrade needs a hook that is not declared, in a step that declares upgrade hooks,
//!   where the mode does not already require the old version to read the new one;
//! - M003: a `@migrate` that is wrong;
//! - M004: a hook declared where resolution is already defined.

use super::planner::{hooks_of, HookUse};
use super::*;
use crate::avro::Direction;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Evolution};
use crate::ir::{
    Body, CompatMode, Field, Migrate, Model, SpannedName, TypeDef, TypeKind, TypeVersion,
};
use std::collections::HashMap;

/// Checks the migrations of every type of a valid model. `default_mode` applies to types
/// without `compat`.
pub fn check(model: &Model, default_mode: CompatMode, diagnostics: &mut Diagnostics) {
    for def in model.types.values() {
        annotations(def, diagnostics);
        if !def.versioned || def.kind != TypeKind::Record {
            continue;
        }
        let mode = def.compat.unwrap_or(default_mode);
        for pair in def.versions.windows(2) {
            let step = Step {
                model,
                def,
                mode,
                old: &pair[0],
                new: &pair[1],
            };
            step.upgrade(diagnostics);
            step.downgrade(diagnostics);
            step.redundant_hooks(diagnostics);
        }
    }
}

/// Two consecutive versions of a record.
struct Step<'a> {
    model: &'a Model,
    def: &'a TypeDef,
    mode: CompatMode,
    old: &'a TypeVersion,
    new: &'a TypeVersion,
}

impl Step<'_> {
    fn key(&self, upgrade: bool) -> StepKey {
        let reference = |version: &TypeVersion| TypeRef {
            name: self.def.name.clone(),
            version: version.number,
        };
        let (from, to) = match upgrade {
            true => (reference(self.old), reference(self.new)),
            false => (reference(self.new), reference(self.old)),
        };
        StepKey { from, to }
    }

    fn fields(version: &TypeVersion) -> &[Field] {
        match &version.body {
            Body::Record(fields) => fields,
            _ => &[],
        }
    }

    /// The record plan of this step in one direction, with its hooks.
    fn record_plan(&self, upgrade: bool) -> Option<RecordPlan> {
        let key = self.key(upgrade);
        let plan = plan(self.model, &self.def.name, key.from.version, key.to.version)?;
        match &plan.root().route {
            Route::Direct(Mapping::Record(record)) => Some(record.clone()),
            _ => None,
        }
    }

    fn evolution(&self, direction: Direction) -> Evolution {
        Evolution {
            category: "migration",
            mode: Some(self.mode.name().to_string()),
            old_version: self.old.number,
            new_version: self.new.number,
            direction: Some(direction.name()),
            location: None,
        }
    }

    /// M001: every field of the new version that the upgrade cannot derive.
    fn upgrade(&self, diagnostics: &mut Diagnostics) {
        if self.mode.directions().contains(&Direction::Backward) {
            return; // The wire check already requires the upgrade to resolve.
        }
        let Some(record) = self.record_plan(true) else {
            return;
        };
        let old_fields = Self::fields(self.old);
        let mut unclaimed = record.dropped.clone();
        for (plan, field) in record.fields.iter().zip(Self::fields(self.new)) {
            let issues = local(&plan.status);
            if issues.is_empty() || invalid_from(field, old_fields) {
                continue;
            }
            let from = upgrade_source(field, old_fields, &unclaimed);
            unclaimed.retain(|name| from.is_none_or(|f| f.name != *name));
            let hint = upgrade_hint(field, from.map(|f| f.name.as_str()));
            let message = format!(
                "upgrading `{}` from version {} to {} cannot derive `{}`: {}",
                self.def.name.name,
                self.old.number,
                self.new.number,
                field.name,
                describe(&issues, &field.name)
            );
            let mut diagnostic = Diagnostic::new(Code::M001, field.span, message)
                .with_label("no value for this field")
                .with_hint(hint);
            if let Some(old) = from {
                diagnostic =
                    diagnostic.with_secondary(old.span, format!("in version {}", self.old.number));
            }
            diagnostics.push(diagnostic.with_evolution(self.evolution(Direction::Backward)));
        }
    }

    /// M002: every field of the old version that the downgrade cannot derive, in a step that
    /// upgrades through hooks.
    fn downgrade(&self, diagnostics: &mut Diagnostics) {
        if self.mode.directions().contains(&Direction::Forward) {
            return; // The wire check already requires the downgrade to resolve.
        }
        let hooked = hooks_of(self.def)
            .iter()
            .any(|u| u.upgrade && u.version == self.new.number);
        if !hooked {
            return;
        }
        let Some(record) = self.record_plan(false) else {
            return;
        };
        let new_fields = Self::fields(self.new);
        for (plan, old) in record.fields.iter().zip(Self::fields(self.old)) {
            let issues = local(&plan.status);
            if issues.is_empty() {
                continue;
            }
            let carrier = new_fields.iter().find(|f| carries(f, &old.name));
            let hook = format!("{}_to_{}", carrier.map_or("value", |f| &f.name), old.name);
            let hint = match carrier {
                Some(f) if f.annotations.migrate.is_some() => {
                    format!("add `back = {hook}` to the `@migrate` of `{}`", f.name)
                }
                Some(f) => format!(
                    "add `@migrate(from = {}, back = {hook})` to `{}`",
                    old.name, f.name
                ),
                None => format!(
                    "add `@migrate(from = {}, back = ...)` to the field of version {} that replaces it",
                    old.name, self.new.number
                ),
            };
            let message = format!(
                "downgrading `{}` from version {} to {} cannot derive `{}` of version {}: {}",
                self.def.name.name,
                self.new.number,
                self.old.number,
                old.name,
                self.old.number,
                describe(&issues, &old.name)
            );
            let at = carrier.map_or(old.span, |f| f.span);
            let diagnostic = Diagnostic::new(Code::M002, at, message)
                .with_secondary(
                    old.span,
                    format!("`{}` in version {}", old.name, self.old.number),
                )
                .with_hint(hint);
            diagnostics.push(diagnostic.with_evolution(self.evolution(Direction::Forward)));
        }
    }

    /// M004: hooks whose field resolution would derive without them.
    fn redundant_hooks(&self, diagnostics: &mut Diagnostics) {
        for used in hooks_of(self.def)
            .into_iter()
            .filter(|u| u.version == self.new.number)
        {
            let key = self.key(used.upgrade);
            let Some(Route::Direct(Mapping::Record(record))) =
                step_without_hooks(self.model, &key).map(|p| p.route)
            else {
                continue;
            };
            let target = match used.upgrade {
                true => used.field.clone(),
                false => from_of(self.new, &used.field).unwrap_or_default(),
            };
            let Some(resolved) = record.fields.iter().find(|f| f.name == target) else {
                continue;
            };
            if !resolved.status.is_infallible() || matches!(resolved.source, Source::Gap(_)) {
                continue;
            }
            diagnostics.push(self.redundant(&used, &target, &resolved.source));
        }
    }

    fn redundant(&self, used: &HookUse, target: &str, source: &Source) -> Diagnostic {
        let (from, to) = match used.upgrade {
            true => (self.old.number, self.new.number),
            false => (self.new.number, self.old.number),
        };
        let how = match source {
            Source::Field { name, .. } => format!("from its field `{name}`"),
            Source::Default(_) => "as its default".to_string(),
            _ => "by resolution".to_string(),
        };
        let message = format!(
            "hook `{}` computes `{target}` of version {to}, which version {from} already provides {how}: the hook replaces that",
            used.hook
        );
        let direction = match used.upgrade {
            true => Direction::Backward,
            false => Direction::Forward,
        };
        Diagnostic::new(Code::M004, used.span, message)
            .with_hint("keep the hook if the conversion is wanted, else remove it")
            .with_evolution(self.evolution(direction))
    }
}

/// The issues of a status that belong to this step: not those of another versioned type's own
/// plan, which is reported on that type.
fn local(status: &Status) -> Vec<Issue> {
    status
        .needs_hook
        .iter()
        .filter(
            |issue| !matches!(&issue.kind, IssueKind::Nested(key) if key.from.name == key.to.name),
        )
        .cloned()
        .collect()
}

/// The issues of one field, their paths relative to it.
fn describe(issues: &[Issue], field: &str) -> String {
    let described: Vec<String> = issues
        .iter()
        .map(|issue| {
            let relative = issue.path.strip_prefix(field).unwrap_or(&issue.path);
            let relative = relative.strip_prefix('.').unwrap_or(relative);
            match relative {
                "" => issue.kind.to_string(),
                path => format!("at `{path}`, {}", issue.kind),
            }
        })
        .collect();
    described.join("; ")
}

/// Whether the `@migrate` of `field` names a `from` the previous version lacks (M003).
fn invalid_from(field: &Field, old: &[Field]) -> bool {
    let from = field
        .annotations
        .migrate
        .as_ref()
        .and_then(|m| m.from.as_ref());
    from.is_some_and(|from| !old.iter().any(|f| f.name == from.name))
}

/// The old field a hook for `field` would most likely read: the same name or an earlier name,
/// else the first old field the upgrade drops.
fn upgrade_source<'f>(field: &Field, old: &'f [Field], dropped: &[String]) -> Option<&'f Field> {
    let named = |name: &str| old.iter().find(|f| f.name == name);
    if let Some(from) = field
        .annotations
        .migrate
        .as_ref()
        .and_then(|m| m.from.as_ref())
    {
        return named(&from.name);
    }
    std::iter::once(&field.name)
        .chain(&field.annotations.renamed_from)
        .chain(dropped)
        .find_map(|name| named(name))
}

fn upgrade_hint(field: &Field, from: Option<&str>) -> String {
    let hook = match from {
        Some(from) if from != field.name => format!("{from}_to_{}", field.name),
        _ => format!("to_{}", field.name),
    };
    let declared = field.annotations.migrate.as_ref();
    let annotation = match (declared, from) {
        (Some(_), _) => format!("add `with = {hook}` to its `@migrate`"),
        (None, Some(from)) => {
            format!(
                "add `@migrate(from = {from}, with = {hook})` to `{}`",
                field.name
            )
        }
        (None, None) => format!("add `@migrate(with = {hook})` to `{}`", field.name),
    };
    match field.default {
        None if from.is_none() => format!("{annotation}, or give it a default"),
        _ => annotation,
    }
}

/// Whether a field of the new version would carry the old field `name` back when downgrading.
fn carries(field: &Field, name: &str) -> bool {
    let from = field
        .annotations
        .migrate
        .as_ref()
        .and_then(|m| m.from.as_ref());
    from.is_some_and(|f| f.name == name)
        || field.name == name
        || field.annotations.renamed_from.iter().any(|r| r == name)
}

/// The `from` of the `@migrate` on `field` of `version`.
fn from_of(version: &TypeVersion, field: &str) -> Option<String> {
    let Body::Record(fields) = &version.body else {
        return None;
    };
    let migrate = fields
        .iter()
        .find(|f| f.name == field)?
        .annotations
        .migrate
        .as_ref()?;
    Some(migrate.from.as_ref()?.name.clone())
}

// ---- M003 ---------------------------------------------------------------------------------------

/// Every `@migrate` of a type: where it may be, what it names, and one signature per hook.
fn annotations(def: &TypeDef, diagnostics: &mut Diagnostics) {
    let mut backs: HashMap<(u32, String), crate::source::Span> = HashMap::new();
    for (index, version) in def.versions.iter().enumerate() {
        let Body::Record(fields) = &version.body else {
            continue;
        };
        let previous = index.checked_sub(1).map(|i| &def.versions[i]);
        for field in fields {
            let Some(migrate) = &field.annotations.migrate else {
                continue;
            };
            let Some(previous) = previous.filter(|_| def.versioned) else {
                let message = match def.versioned {
                    true => format!(
                        "`@migrate` on version {} of `{}`: there is no previous version",
                        version.number, def.name.name
                    ),
                    false => format!("`{}` has no versions to migrate between", def.name.name),
                };
                diagnostics.push(
                    Diagnostic::new(Code::M003, migrate.span, message)
                        .with_hint("`@migrate` goes on a field of version 2 or later"),
                );
                continue;
            };
            if migrate.with.is_none() && migrate.back.is_none() {
                diagnostics.push(
                    Diagnostic::new(Code::M003, migrate.span, "`@migrate` names no hook")
                        .with_hint(
                            "add `with = hook` (upgrade), `back = hook` (downgrade), or both",
                        ),
                );
            }
            if let Some(from) = &migrate.from {
                from_field(def, previous, from, diagnostics);
            }
            back_hook(version, migrate, &mut backs, diagnostics);
        }
    }
    signatures(def, diagnostics);
}

/// M003 for a `from` naming no field of the previous version.
fn from_field(
    def: &TypeDef,
    previous: &TypeVersion,
    from: &SpannedName,
    diagnostics: &mut Diagnostics,
) {
    let old = Step::fields(previous);
    if old.iter().any(|f| f.name == from.name) {
        return;
    }
    let names: Vec<&str> = old.iter().map(|f| f.name.as_str()).collect();
    diagnostics.push(
        Diagnostic::new(
            Code::M003,
            from.span,
            format!(
                "version {} of `{}` has no field `{}`",
                previous.number, def.name.name, from.name
            ),
        )
        .with_hint(format!(
            "`from` names a field of the previous version: {}",
            names.join(", ")
        )),
    );
}

/// M003 for a `back` hook without `from`, or a second `back` computing the same old field
/// (`backs`: the first `back` per version and old field).
fn back_hook(
    version: &TypeVersion,
    migrate: &Migrate,
    backs: &mut HashMap<(u32, String), crate::source::Span>,
    diagnostics: &mut Diagnostics,
) {
    match (&migrate.back, &migrate.from) {
        (Some(back), None) => diagnostics.push(
            Diagnostic::new(
                Code::M003,
                back.span,
                "`back` without `from`: which field of the previous version does it compute?",
            )
            .with_hint("add `from = old_field`"),
        ),
        (Some(back), Some(from)) => {
            let key = (version.number, from.name.clone());
            if let Some(first) = backs.insert(key, back.span) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::M003,
                        back.span,
                        format!("two `back` hooks compute `{}`", from.name),
                    )
                    .with_secondary(first, "the other one")
                    .with_hint("keep one"),
                );
            }
        }
        _ => {}
    }
}

/// M003 for a hook name used with two signatures within one type.
fn signatures(def: &TypeDef, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<String, HookUse> = HashMap::new();
    for used in hooks_of(def) {
        let Some(first) = seen.get(&used.hook) else {
            seen.insert(used.hook.clone(), used);
            continue;
        };
        let signature = |u: &HookUse| format!("({}) -> {}", u.input.ty(), u.output);
        if signature(first) != signature(&used) {
            diagnostics.push(
                Diagnostic::new(
                    Code::M003,
                    used.span,
                    format!(
                        "hook `{}` is used as {} here and as {} before",
                        used.hook,
                        signature(&used),
                        signature(first)
                    ),
                )
                .with_secondary(first.span, "first used here")
                .with_hint("a hook has one signature: give this one another name"),
            );
        }
    }
}

//! Migration shims (`docs/migrations.md`): code that follows the plans of
//! [`crate::migrate::plan`] between every pair of versions of every versioned record and enum.
//!
//! Per package: one hidden step function per type migration the plans use
//! (`accord_migrate_OrderV1_to_OrderV2`), `From` / `TryFrom` impls between versions (hook-free
//! migrations), `to_vN_with(hooks)` methods where hooks are needed, a `…Hooks` trait per type
//! declaring hooks, and an `Any…` enum over all versions of each versioned type. The values a
//! step converts field by field are written by [`convert`].

use super::code::{string, Code};
use super::names;
use super::{Body as LBody, Generator, LField};
pub(crate) use crate::codegen::migrations::Migrations;
use crate::ir::*;
use crate::migrate::{
    EnumPlan, HookInput, IssueKind, Mapping, RecordPlan, Route, Source, StepKey, TypePlan,
};
use proc_macro2::Ident;
use std::collections::{BTreeMap, BTreeSet};

mod any;
mod convert;

/// Why a step with a partial scalar conversion fails (`Migrations::partial`).
const PARTIAL: &str =
    "a value that another logical type or precision of the same Avro primitive cannot hold";

/// The lints the migration code allows.
const ALLOWS: &str =
    "#[allow(clippy::all, unused_variables, unused_mut, unreachable_code, unreachable_patterns)]";

fn step_ident(from: &Ident, to: &Ident) -> String {
    format!(
        "accord_migrate_{}_to_{}",
        names::unraw(from),
        names::unraw(to)
    )
}

/// `return Err(reason)`.
fn fail(reason: &str) -> String {
    format!(
        "return ::std::result::Result::Err(::accord::Error::new({}))",
        string(reason)
    )
}

/// How often a record plan reads each source field, and how often the whole source value (a
/// field read once moves out of `v`; anything read more is cloned).
fn source_uses(record: &RecordPlan) -> (BTreeMap<&str, usize>, usize) {
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut whole = 0;
    for field in &record.fields {
        match &field.source {
            Source::Field { name, .. }
            | Source::Hook {
                input: HookInput::Field { name, .. },
                ..
            } => *uses.entry(name.as_str()).or_default() += 1,
            Source::Hook {
                input: HookInput::Value(_),
                ..
            } => whole += 1,
            _ => {}
        }
    }
    (uses, whole)
}

impl Generator<'_> {
    fn step_path(&self, key: &StepKey, cx: &str) -> String {
        let from = &self.names.types[&key.from];
        let to = &self.names.types[&key.to];
        self.names
            .path(&key.to.name.package, &step_ident(from, to), cx)
    }

    fn hooks_trait_ident(&self, name: &FullName) -> String {
        format!("{}Hooks", names::unraw(&self.names.aliases[name]))
    }

    fn any_ident(&self, name: &FullName) -> String {
        format!("Any{}", names::unraw(&self.names.aliases[name]))
    }

    /// `H: ?Sized + AHooks + BHooks`, or nothing.
    fn hook_bounds(&self, traits: &BTreeSet<FullName>, cx: &str) -> Option<String> {
        if traits.is_empty() {
            return None;
        }
        let mut bounds = "H: ?::std::marker::Sized".to_owned();
        for t in traits {
            bounds.push_str(" + ");
            bounds.push_str(&self.names.path(&t.package, &self.hooks_trait_ident(t), cx));
        }
        Some(bounds)
    }

    /// `, hooks` where the step needs hooks.
    fn hooks_arg(&self, key: &StepKey) -> &'static str {
        match self.migrations.traits[key].is_empty() {
            true => "",
            false => ", hooks",
        }
    }

    fn record_fields(&self, reference: &TypeRef) -> &[LField<'_>] {
        match &self.bodies[reference] {
            LBody::Record(fields) => fields,
            _ => &[],
        }
    }

    fn field_of(&self, reference: &TypeRef, name: &str) -> Option<&LField<'_>> {
        self.record_fields(reference)
            .iter()
            .find(|f| f.field.name == name)
    }

    /// Writes every item of the migrations of the types of `package`.
    pub(super) fn migration_items(&self, code: &mut Code, package: &str, defs: &[&TypeDef]) {
        let m = &self.migrations;
        for (key, plan) in m.steps.iter().filter(|(k, _)| k.to.name.package == package) {
            self.step_fn(code, package, key, plan);
        }
        for def in defs.iter().filter(|d| d.versioned) {
            self.hooks_trait(code, package, def);
            if let Some(pairs) = m.pairs.get(&def.name) {
                self.pair_impls(code, package, def, pairs);
                self.any_enum(code, package, def, pairs);
            }
        }
    }

    fn step_fn(&self, code: &mut Code, cx: &str, key: &StepKey, plan: &TypePlan) {
        let from = &self.names.types[&key.from];
        let to = &self.names.types[&key.to];
        let from_path = self.names.target(&key.from).path(cx);
        let to_path = self.names.target(&key.to).path(cx);
        let ident = step_ident(from, to);
        let (generics, param) = match self.hook_bounds(&self.migrations.traits[key], cx) {
            Some(bounds) => (format!("<{bounds}>"), ", hooks: &H"),
            None => (String::new(), ""),
        };
        code.doc(&format!(
            " Migrates `{}@{}` to `{}@{}` (the plan of `docs/migrations.md`).",
            key.from.name, key.from.version, key.to.name, key.to.version
        ));
        code.push(&format!(
            "#[doc(hidden)]
            {ALLOWS}
            #[inline]
            pub fn {ident}{generics}(v: {from_path}{param}) -> ::accord::Result<{to_path}> {{"
        ));
        code.push(&self.step_body(cx, key, plan, &to_path));
        code.push("}");
    }

    /// The body of a step function: how its route builds the target from `v`.
    fn step_body(&self, cx: &str, key: &StepKey, plan: &TypePlan, to_path: &str) -> String {
        match &plan.route {
            Route::Identity => "::std::result::Result::Ok(v)".to_owned(),
            Route::Composed(steps) => {
                let mut body = String::new();
                for s in steps {
                    let (path, hooks) = (self.step_path(s, cx), self.hooks_arg(s));
                    body.push_str(&format!("let v = {path}(v{hooks})?;\n"));
                }
                body.push_str("::std::result::Result::Ok(v)");
                body
            }
            Route::Direct(Mapping::Fixed) => format!("::std::result::Result::Ok({to_path}(v.0))"),
            Route::Direct(Mapping::Impossible(issue)) => fail(&issue.to_string()),
            Route::Direct(Mapping::Enum(e)) => self.enum_step_body(cx, key, e, to_path),
            Route::Direct(Mapping::Record(record)) => {
                self.record_step_body(cx, key, record, to_path)
            }
        }
    }

    /// A `match` from each source symbol to its target symbol, or the failure of a missing one.
    fn enum_step_body(&self, cx: &str, key: &StepKey, e: &EnumPlan, to_path: &str) -> String {
        let from_path = self.names.target(&key.from).path(cx);
        let (LBody::Enum(src), LBody::Enum(dst)) = (&self.bodies[&key.from], &self.bodies[&key.to])
        else {
            return String::new();
        };
        let variant = |symbols: &[(String, Ident)], s: &str| {
            symbols
                .iter()
                .find(|(n, _)| n == s)
                .map(|(_, i)| i.to_string())
        };
        let mut body = "::std::result::Result::Ok(match v {\n".to_owned();
        for mapping in &e.symbols {
            let a = variant(src, &mapping.from).unwrap_or_default();
            let value = match mapping.to.as_deref().and_then(|s| variant(dst, s)) {
                Some(b) => format!("{to_path}::{b}"),
                None => fail(&IssueKind::MissingSymbol(mapping.from.clone()).to_string()),
            };
            body.push_str(&format!("{from_path}::{a} => {value},\n"));
        }
        body.push_str("})");
        body
    }

    /// The target record, each field from its plan's source: a converted source field, a
    /// default, a hook, or the failure of a gap.
    #[allow(
        clippy::expect_used,
        reason = "a record plan names only fields of its own source and target versions"
    )]
    fn record_step_body(
        &self,
        cx: &str,
        key: &StepKey,
        record: &RecordPlan,
        to_path: &str,
    ) -> String {
        let (uses, whole) = source_uses(record);
        let read = |name: &str| {
            let f = self.field_of(&key.from, name).expect("source field exists");
            let ident = &f.ident;
            if uses[name] > 1 || whole > 0 {
                (format!("::std::clone::Clone::clone(&v.{ident})"), f)
            } else {
                (format!("v.{ident}"), f)
            }
        };
        let mut body = format!("::std::result::Result::Ok({to_path} {{\n");
        for fp in &record.fields {
            let target = self
                .field_of(&key.to, &fp.name)
                .expect("target field exists");
            let expr = match &fp.source {
                Source::Field {
                    name, conversion, ..
                } => {
                    let (value, source) = read(name);
                    self.convert(cx, conversion, &source.lowered, &target.lowered, value)
                }
                Source::Default(value) => self.default_expr(cx, &target.lowered, &fp.ty, value),
                Source::Hook { hook, input } => {
                    let arg = match input {
                        HookInput::Field { name, .. } => read(name).0,
                        HookInput::Value(_) => "::std::clone::Clone::clone(&v)".to_owned(),
                    };
                    format!("hooks.{}({arg})?", names::ident(hook))
                }
                Source::Gap(issue) => fail(&issue.to_string()),
            };
            body.push_str(&format!(
                "{}: ::accord::avro::field({}, || ::std::result::Result::Ok({expr}))?,\n",
                target.ident,
                string(&fp.name)
            ));
        }
        body.push_str("})");
        body
    }

    /// The `…Hooks` trait of a type declaring hooks: one method per hook its plans call.
    #[allow(
        clippy::expect_used,
        reason = "a record plan names only fields of its own source and target versions"
    )]
    fn hooks_trait(&self, code: &mut Code, cx: &str, def: &TypeDef) {
        let mut methods: BTreeMap<String, String> = BTreeMap::new();
        for (key, plan) in &self.migrations.steps {
            if key.from.name != def.name {
                continue;
            }
            let Route::Direct(Mapping::Record(record)) = &plan.route else {
                continue;
            };
            for fp in &record.fields {
                let Source::Hook { hook, input } = &fp.source else {
                    continue;
                };
                let output = self
                    .field_of(&key.to, &fp.name)
                    .expect("target field")
                    .lowered
                    .rust_type(cx);
                let (arg, arg_ty) = match input {
                    HookInput::Field { name, .. } => {
                        let f = self.field_of(&key.from, name).expect("source field");
                        (f.ident.to_string(), f.lowered.rust_type(cx))
                    }
                    HookInput::Value(reference) => {
                        ("value".to_owned(), self.names.target(reference).path(cx))
                    }
                };
                let doc = format!(
                    "/// `{}` of `{}@{}` from `{}@{}` (`@migrate`).",
                    fp.name, key.to.name, key.to.version, key.from.name, key.from.version
                );
                methods.entry(hook.clone()).or_insert(format!(
                    "{doc}\nfn {}(&self, {arg}: {arg_ty}) -> ::accord::Result<{output}>;",
                    names::ident(hook)
                ));
            }
        }
        if methods.is_empty() {
            return;
        }
        code.doc(&format!(
            " The `@migrate` hooks of `{}`: implement them and pass the implementation to the migrations that need them.",
            def.name
        ));
        code.push(&format!(
            "pub trait {} {{",
            self.hooks_trait_ident(&def.name)
        ));
        for method in methods.values() {
            code.push(method);
        }
        code.push("}");
    }

    /// `From`, `TryFrom` or `to_vN_with` between the versions of a type.
    fn pair_impls(&self, code: &mut Code, cx: &str, def: &TypeDef, pairs: &[(u32, u32)]) {
        for &(a, b) in pairs {
            let key = version_step(def, a, b);
            let from = self.names.target(&key.from).path(cx);
            let to = self.names.target(&key.to).path(cx);
            let step = self.step_path(&key, cx);
            let plan = &self.migrations.steps[&key];
            let doc = format!(
                "/// Migrates `{}@{a}` to version {b} ({}).",
                def.name,
                if a < b { "upgrade" } else { "downgrade" }
            );
            if let Some(bounds) = self.hook_bounds(&self.migrations.traits[&key], cx) {
                code.push(&format!(
                    "{ALLOWS}
                    impl {from} {{
                    {doc}
                    #[inline]
                    pub fn to_v{b}_with<{bounds}>(self, hooks: &H) -> ::accord::Result<{to}> {{
                    {step}(self, hooks)
                    }}
                    }}"
                ));
            } else if plan.status.is_infallible() && !self.migrations.partial.contains(&key) {
                code.push(&format!(
                    "{ALLOWS}
                    impl ::std::convert::From<{from}> for {to} {{
                    {doc}
                    #[inline]
                    fn from(v: {from}) -> {to} {{
                    match {step}(v) {{
                    ::std::result::Result::Ok(v) => v,
                    ::std::result::Result::Err(e) => ::std::panic!(\"infallible migration failed: {{e}}\"),
                    }}
                    }}
                    }}"
                ));
            } else {
                let mut reasons: Vec<String> =
                    plan.status.fallible.iter().map(|i| i.to_string()).collect();
                if self.migrations.partial.contains(&key) {
                    reasons.push(PARTIAL.to_string());
                }
                code.push(&format!(
                    "{ALLOWS}
                    impl ::std::convert::TryFrom<{from}> for {to} {{
                    type Error = ::accord::Error;
                    {doc}"
                ));
                code.doc(&format!(" Fails where: {}.", reasons.join("; ")));
                code.push(&format!(
                    "#[inline]
                    fn try_from(v: {from}) -> ::accord::Result<{to}> {{
                    {step}(v)
                    }}
                    }}"
                ));
            }
        }
    }
}

/// The step from version `a` to version `b` of `def`.
fn version_step(def: &TypeDef, a: u32, b: u32) -> StepKey {
    StepKey {
        from: TypeRef {
            name: def.name.clone(),
            version: a,
        },
        to: TypeRef {
            name: def.name.clone(),
            version: b,
        },
    }
}

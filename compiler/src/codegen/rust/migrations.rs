//! Migration shims (`docs/migrations.md`): code that follows the plans of
//! [`crate::migrate::plan`] between every pair of versions of every versioned record and enum.
//!
//! Per package: one hidden step function per type migration the plans use
//! (`accord_migrate_OrderV1_to_OrderV2`), `From` / `TryFrom` impls between versions (hook-free
//! migrations), `to_vN_with(hooks)` methods where hooks are needed, a `…Hooks` trait per type
//! declaring hooks, and an `Any…` enum over all versions of each versioned type.

use super::code::tokens;
use super::lower::Lowered;
use super::names;
use super::{Body as LBody, Generator, LField};
pub(crate) use crate::codegen::migrations::Migrations;
use crate::codegen::type_ref;
use crate::ir::*;
use crate::migrate::{
    self, Branch, BranchMapping, Conversion, EnumPlan, HookInput, IssueKind, Mapping, RecordPlan,
    Route, Source, StepKey, TypePlan,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

mod any;

/// Why a step with a partial scalar conversion fails (`Migrations::partial`).
const PARTIAL: &str =
    "a value that another logical type or precision of the same Avro primitive cannot hold";

fn step_ident(from: &Ident, to: &Ident) -> Ident {
    format_ident!(
        "accord_migrate_{}_to_{}",
        names::unraw(from),
        names::unraw(to)
    )
}

/// `return Err(reason)`.
fn fail(reason: String) -> TokenStream {
    quote!(return ::std::result::Result::Err(::accord::Error::new(#reason)))
}

/// A scalar converted through its Avro encoding: written as the source type, read back as the
/// target (widening ints and floats); a value the target cannot hold fails with the plan's reason.
fn convert_scalar(
    from_ty: &Type,
    to_ty: &Type,
    from: &Lowered,
    to: &Lowered,
    v: TokenStream,
) -> TokenStream {
    let encode = from.encode(quote!(&x));
    let promoted = match (from, to_ty) {
        (_, Type::Scalar(Scalar::Float)) => Some(quote!(f32)),
        (_, Type::Scalar(Scalar::Double)) => Some(quote!(f64)),
        _ => None,
    };
    let source_primitive = match from {
        Lowered::Scalar(s) => migrate::primitive(&Type::Scalar(*s)),
        _ => None,
    };
    let decode = match (promoted, source_primitive) {
        (Some(t), Some(p)) if p != crate::avro::SchemaKind::Double => {
            let read = match p {
                crate::avro::SchemaKind::Int => quote!(r.read_int()?),
                crate::avro::SchemaKind::Long => quote!(r.read_long()?),
                _ => quote!(r.read_float()?),
            };
            quote!(#read as #t)
        }
        _ => to.decode(),
    };
    // A value the target cannot read fails with the plan's reason.
    let decode = match crate::codegen::migrations::scalar_failure(from_ty, to_ty) {
        Some(kind) => {
            let reason = kind.to_string();
            quote!((|| -> ::accord::Result<_> { ::std::result::Result::Ok(#decode) })()
                .map_err(|_| ::accord::Error::new(#reason))?)
        }
        None => decode,
    };
    quote!({
        let x = #v;
        let mut out = ::std::vec::Vec::new();
        { let out = &mut out; #encode }
        let mut r = ::accord::avro::Reader::new(&out);
        let r = &mut r;
        #decode
    })
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

fn allows() -> TokenStream {
    quote!(#[allow(clippy::all, unused_variables, unused_mut, unreachable_code, unreachable_patterns)])
}

impl Generator<'_> {
    fn step_path(&self, key: &StepKey, cx: &str) -> TokenStream {
        let from = &self.names.types[&key.from];
        let to = &self.names.types[&key.to];
        tokens(&super::relative_path(
            &key.to.name.package,
            &step_ident(from, to),
            cx,
        ))
    }

    fn hooks_trait_ident(&self, name: &FullName) -> Ident {
        format_ident!("{}Hooks", names::unraw(&self.names.aliases[name]))
    }

    fn any_ident(&self, name: &FullName) -> Ident {
        format_ident!("Any{}", names::unraw(&self.names.aliases[name]))
    }

    /// `H: ?Sized + AHooks + BHooks`, or nothing.
    fn hook_bounds(&self, traits: &BTreeSet<FullName>, cx: &str) -> Option<TokenStream> {
        if traits.is_empty() {
            return None;
        }
        let paths = traits.iter().map(|t| {
            tokens(&super::relative_path(
                &t.package,
                &self.hooks_trait_ident(t),
                cx,
            ))
        });
        Some(quote!(H: ?::std::marker::Sized #(+ #paths)*))
    }

    fn record_fields(&self, reference: &TypeRef) -> &[LField] {
        match &self.bodies[reference] {
            LBody::Record(fields) => fields,
            _ => &[],
        }
    }

    fn field_of(&self, reference: &TypeRef, name: &str) -> Option<&LField> {
        self.record_fields(reference)
            .iter()
            .find(|f| f.field.name == name)
    }

    /// Every item of the migrations of the types of `package`.
    pub(super) fn migration_items(&self, package: &str, defs: &[&TypeDef]) -> Vec<TokenStream> {
        let m = &self.migrations;
        let mut items = Vec::new();
        for (key, plan) in m.steps.iter().filter(|(k, _)| k.to.name.package == package) {
            items.push(self.step_fn(package, key, plan));
        }
        for def in defs.iter().filter(|d| d.versioned) {
            if let Some(item) = self.hooks_trait(package, def) {
                items.push(item);
            }
            if let Some(pairs) = m.pairs.get(&def.name) {
                items.extend(self.pair_impls(package, def, pairs));
                items.push(self.any_enum(package, def, pairs));
            }
        }
        items
    }

    fn step_fn(&self, cx: &str, key: &StepKey, plan: &TypePlan) -> TokenStream {
        let from = &self.names.types[&key.from];
        let to = &self.names.types[&key.to];
        let from_path = tokens(&self.names.target(&key.from).path(cx));
        let to_path = tokens(&self.names.target(&key.to).path(cx));
        let ident = step_ident(from, to);
        let bounds = self.hook_bounds(&self.migrations.traits[key], cx);
        let (generics, param) = match &bounds {
            Some(b) => (quote!(<#b>), quote!(, hooks: &H)),
            None => (quote!(), quote!()),
        };
        let body = self.step_body(cx, key, plan, &to_path);
        let doc = format!(
            " Migrates `{}@{}` to `{}@{}` (the plan of `docs/migrations.md`).",
            key.from.name, key.from.version, key.to.name, key.to.version
        );
        let allows = allows();
        quote! {
            #[doc = #doc]
            #[doc(hidden)]
            #allows
            pub fn #ident #generics (v: #from_path #param) -> ::accord::Result<#to_path> {
                #body
            }
        }
    }

    /// The body of a step function: how its route builds the target from `v`.
    fn step_body(
        &self,
        cx: &str,
        key: &StepKey,
        plan: &TypePlan,
        to_path: &TokenStream,
    ) -> TokenStream {
        match &plan.route {
            Route::Identity => quote!(::std::result::Result::Ok(v)),
            Route::Composed(steps) => {
                let calls = steps.iter().map(|s| {
                    let path = self.step_path(s, cx);
                    let hooks = self.hooks_arg(s);
                    quote!(let v = #path(v #hooks)?;)
                });
                quote!(#(#calls)* ::std::result::Result::Ok(v))
            }
            Route::Direct(Mapping::Fixed) => quote!(::std::result::Result::Ok(#to_path(v.0))),
            Route::Direct(Mapping::Impossible(issue)) => fail(issue.to_string()),
            Route::Direct(Mapping::Enum(e)) => self.enum_step_body(cx, key, e, to_path),
            Route::Direct(Mapping::Record(record)) => {
                self.record_step_body(cx, key, record, to_path)
            }
        }
    }

    /// A `match` from each source symbol to its target symbol, or the failure of a missing one.
    fn enum_step_body(
        &self,
        cx: &str,
        key: &StepKey,
        e: &EnumPlan,
        to_path: &TokenStream,
    ) -> TokenStream {
        let from_path = tokens(&self.names.target(&key.from).path(cx));
        let (LBody::Enum(src), LBody::Enum(dst)) = (&self.bodies[&key.from], &self.bodies[&key.to])
        else {
            return quote!();
        };
        let variant = |symbols: &[(String, Ident)], s: &str| {
            symbols.iter().find(|(n, _)| n == s).map(|(_, i)| i.clone())
        };
        let arms = e.symbols.iter().map(|mapping| {
            let a = variant(src, &mapping.from);
            match mapping.to.as_deref().and_then(|s| variant(dst, s)) {
                Some(b) => quote!(#from_path::#a => #to_path::#b),
                None => {
                    let reason = IssueKind::MissingSymbol(mapping.from.clone()).to_string();
                    let fail = fail(reason);
                    quote!(#from_path::#a => #fail)
                }
            }
        });
        quote!(::std::result::Result::Ok(match v { #(#arms,)* }))
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
        to_path: &TokenStream,
    ) -> TokenStream {
        let (uses, whole) = source_uses(record);
        let read = |name: &str| {
            let f = self.field_of(&key.from, name).expect("source field exists");
            let ident = &f.ident;
            if uses[name] > 1 || whole > 0 {
                (quote!(::std::clone::Clone::clone(&v.#ident)), f)
            } else {
                (quote!(v.#ident), f)
            }
        };
        let members = record.fields.iter().map(|fp| {
            let target = self
                .field_of(&key.to, &fp.name)
                .expect("target field exists");
            let ident = &target.ident;
            let wire = &fp.name;
            let expr = match &fp.source {
                Source::Field {
                    name, conversion, ..
                } => {
                    let (value, source) = read(name);
                    self.convert(cx, conversion, &source.lowered, &target.lowered, value)
                }
                Source::Default(value) => {
                    tokens(&self.default_expr(cx, &target.lowered, &fp.ty, value))
                }
                Source::Hook { hook, input } => {
                    let hook = names::ident(hook);
                    let arg = match input {
                        HookInput::Field { name, .. } => read(name).0,
                        HookInput::Value(_) if whole > 1 => {
                            quote!(::std::clone::Clone::clone(&v))
                        }
                        HookInput::Value(_) => quote!(::std::clone::Clone::clone(&v)),
                    };
                    quote!(hooks.#hook(#arg)?)
                }
                Source::Gap(issue) => fail(issue.to_string()),
            };
            quote!(#ident: ::accord::avro::field(#wire, || ::std::result::Result::Ok(#expr))?)
        });
        quote!(::std::result::Result::Ok(#to_path { #(#members,)* }))
    }

    fn hooks_arg(&self, key: &StepKey) -> Option<TokenStream> {
        (!self.migrations.traits[key].is_empty()).then(|| quote!(, hooks))
    }

    /// An expression of the target's type from `v`, of the source's type; it may use `?` and
    /// `return` (inside a function or closure returning `::accord::Result`).
    fn convert(
        &self,
        cx: &str,
        conversion: &Conversion,
        from: &Lowered,
        to: &Lowered,
        v: TokenStream,
    ) -> TokenStream {
        match conversion {
            Conversion::Identity => same(cx, from, to, v),
            Conversion::Scalar {
                from: from_ty,
                to: to_ty,
            } => convert_scalar(from_ty, to_ty, from, to, v),
            Conversion::List(inner) => self.convert_list(cx, inner, from, to, v),
            Conversion::Map(inner) => self.convert_map(cx, inner, from, to, v),
            Conversion::Wrap { branch, conversion } => {
                let Some(target) = branch_lowered(to, *branch) else {
                    return fail("no such branch".into());
                };
                let inner = self.convert(cx, conversion, from, target, v);
                construct(cx, to, *branch, inner)
            }
            Conversion::Branches(mappings) => self.convert_branches(cx, mappings, from, to, v),
            Conversion::Named(key) => self.convert_named(cx, key, from, to, v),
            Conversion::Newtype {
                unwrap,
                wrap,
                inner,
            } => self.convert_newtype(cx, (unwrap, wrap), inner, from, to, v),
            Conversion::Impossible(issue) => fail(issue.to_string()),
        }
    }

    /// Each element of a list converted, the failing index named in the error.
    fn convert_list(
        &self,
        cx: &str,
        inner: &Conversion,
        from: &Lowered,
        to: &Lowered,
        v: TokenStream,
    ) -> TokenStream {
        let (Lowered::List(a), Lowered::List(b)) = (from, to) else {
            return fail("list expected".into());
        };
        let inner = self.convert(cx, inner, a, b, quote!(x));
        quote!(::std::iter::Iterator::collect::<::accord::Result<::std::vec::Vec<_>>>(
            ::std::iter::Iterator::map(
                ::std::iter::Iterator::enumerate(::std::iter::IntoIterator::into_iter(#v)),
                |(i, x)| (|| -> ::accord::Result<_> { ::std::result::Result::Ok(#inner) })()
                    .map_err(|e| e.within(&::std::format!("[{}]", i))),
            )
        )?)
    }

    /// Each value of a map converted, the failing key named in the error.
    fn convert_map(
        &self,
        cx: &str,
        inner: &Conversion,
        from: &Lowered,
        to: &Lowered,
        v: TokenStream,
    ) -> TokenStream {
        let (Lowered::Map(a), Lowered::Map(b)) = (from, to) else {
            return fail("map expected".into());
        };
        let inner = self.convert(cx, inner, a, b, quote!(x));
        quote!(::std::iter::Iterator::collect::<::accord::Result<::accord::Map<_>>>(
            ::std::iter::Iterator::map(
                ::std::iter::IntoIterator::into_iter(#v),
                |(k, x)| match (|| -> ::accord::Result<_> { ::std::result::Result::Ok(#inner) })() {
                    ::std::result::Result::Ok(y) => ::std::result::Result::Ok((k, y)),
                    ::std::result::Result::Err(e) => ::std::result::Result::Err(e.within(&::std::format!("[{:?}]", k))),
                },
            )
        )?)
    }

    /// A `match` over the source union, one arm per branch mapping.
    fn convert_branches(
        &self,
        cx: &str,
        mappings: &[BranchMapping],
        from: &Lowered,
        to: &Lowered,
        v: TokenStream,
    ) -> TokenStream {
        let arms = mappings.iter().map(|m| {
            let pattern = pattern(cx, from, m.from);
            let body = self.branch_body(cx, m, from, to);
            quote!(#pattern => #body)
        });
        quote!(match #v { #(#arms,)* })
    }

    /// The value of one source branch (bound to `x`) in the target union, or the failure.
    fn branch_body(
        &self,
        cx: &str,
        m: &BranchMapping,
        from: &Lowered,
        to: &Lowered,
    ) -> TokenStream {
        match &m.to {
            None => fail(IssueKind::MissingBranch(m.from).to_string()),
            Some((None, conversion)) => match branch_lowered(from, m.from) {
                Some(source) => self.convert(cx, conversion, source, to, quote!(x)),
                None => fail("null has no value".into()),
            },
            Some((Some(Branch::Null), _)) => quote!(::std::option::Option::None),
            Some((Some(target), conversion)) => {
                match (branch_lowered(from, m.from), branch_lowered(to, *target)) {
                    (Some(source), Some(dst)) => {
                        let inner = self.convert(cx, conversion, source, dst, quote!(x));
                        construct(cx, to, *target, inner)
                    }
                    _ => fail("no such branch".into()),
                }
            }
        }
    }

    /// A call of the step function between two named types, unboxing and boxing as needed.
    fn convert_named(
        &self,
        cx: &str,
        key: &StepKey,
        from: &Lowered,
        to: &Lowered,
        v: TokenStream,
    ) -> TokenStream {
        let path = self.step_path(key, cx);
        let hooks = self.hooks_arg(key);
        let value = match from {
            Lowered::Named { boxed: true, .. } => quote!(*#v),
            _ => v,
        };
        let result = quote!(#path(#value #hooks)?);
        match to {
            Lowered::Named { boxed: true, .. } => {
                quote!(::std::boxed::Box::new(#result))
            }
            _ => result,
        }
    }

    /// Through newtypes: `.0` for each one unwrapped, the inner conversion, then each target
    /// newtype's constructor (boxed where the target holds it boxed).
    fn convert_newtype(
        &self,
        cx: &str,
        (unwrap, wrap): (&[FullName], &[FullName]),
        inner: &Conversion,
        from: &Lowered,
        to: &Lowered,
        v: TokenStream,
    ) -> TokenStream {
        let mut value = v;
        let mut source = from;
        if let Lowered::Named { boxed: true, .. } = source {
            value = quote!((*#value));
        }
        for name in unwrap {
            value = quote!(#value.0);
            source = self.newtype_inner(name);
        }
        let mut targets = vec![to];
        for name in wrap {
            targets.push(self.newtype_inner(name));
        }
        let innermost = targets.last().copied().unwrap_or(to);
        let mut result = self.convert(cx, inner, source, innermost, value);
        for (i, name) in wrap.iter().enumerate().rev() {
            let def = &self.model.types[name];
            let path = tokens(&self.names.target(&type_ref(def, def.latest())).path(cx));
            result = quote!(#path(#result));
            if let Lowered::Named { boxed: true, .. } = targets[i] {
                result = quote!(::std::boxed::Box::new(#result));
            }
        }
        result
    }

    fn newtype_inner(&self, name: &FullName) -> &Lowered {
        let def = &self.model.types[name];
        match &self.bodies[&type_ref(def, def.latest())] {
            LBody::Newtype(lowered, _) => lowered,
            _ => panic!("{name} is a newtype"),
        }
    }

    /// The `…Hooks` trait of a type declaring hooks: one method per hook its plans call.
    #[allow(
        clippy::expect_used,
        reason = "a record plan names only fields of its own source and target versions"
    )]
    fn hooks_trait(&self, cx: &str, def: &TypeDef) -> Option<TokenStream> {
        let mut methods: BTreeMap<String, TokenStream> = BTreeMap::new();
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
                let output = tokens(&output);
                let (arg, arg_ty) = match input {
                    HookInput::Field { name, .. } => {
                        let f = self.field_of(&key.from, name).expect("source field");
                        (f.ident.clone(), tokens(&f.lowered.rust_type(cx)))
                    }
                    HookInput::Value(reference) => (
                        format_ident!("value"),
                        tokens(&self.names.target(reference).path(cx)),
                    ),
                };
                let ident = names::ident(hook);
                let doc = format!(
                    " `{}` of `{}@{}` from `{}@{}` (`@migrate`).",
                    fp.name, key.to.name, key.to.version, key.from.name, key.from.version
                );
                methods.entry(hook.clone()).or_insert(quote! {
                    #[doc = #doc]
                    fn #ident(&self, #arg: #arg_ty) -> ::accord::Result<#output>;
                });
            }
        }
        if methods.is_empty() {
            return None;
        }
        let ident = self.hooks_trait_ident(&def.name);
        let doc = format!(
            " The `@migrate` hooks of `{}`: implement them and pass the implementation to the migrations that need them.",
            def.name
        );
        let methods = methods.values();
        Some(quote! {
            #[doc = #doc]
            pub trait #ident { #(#methods)* }
        })
    }

    /// `From`, `TryFrom` or `to_vN_with` between the versions of a type.
    fn pair_impls(&self, cx: &str, def: &TypeDef, pairs: &[(u32, u32)]) -> Vec<TokenStream> {
        let allows = allows();
        pairs
            .iter()
            .map(|&(a, b)| {
                let key = StepKey {
                    from: TypeRef {
                        name: def.name.clone(),
                        version: a,
                    },
                    to: TypeRef {
                        name: def.name.clone(),
                        version: b,
                    },
                };
                let from = tokens(&self.names.target(&key.from).path(cx));
                let to = tokens(&self.names.target(&key.to).path(cx));
                let step = self.step_path(&key, cx);
                let plan = &self.migrations.steps[&key];
                let doc = format!(
                    " Migrates `{}@{a}` to version {b} ({}).",
                    def.name,
                    if a < b { "upgrade" } else { "downgrade" }
                );
                if let Some(bounds) = self.hook_bounds(&self.migrations.traits[&key], cx) {
                    let method = format_ident!("to_v{}_with", b);
                    quote! {
                        #allows
                        impl #from {
                            #[doc = #doc]
                            pub fn #method<#bounds>(self, hooks: &H) -> ::accord::Result<#to> {
                                #step(self, hooks)
                            }
                        }
                    }
                } else if plan.status.is_infallible() && !self.migrations.partial.contains(&key) {
                    quote! {
                        #allows
                        impl ::std::convert::From<#from> for #to {
                            #[doc = #doc]
                            fn from(v: #from) -> #to {
                                match #step(v) {
                                    ::std::result::Result::Ok(v) => v,
                                    ::std::result::Result::Err(e) => ::std::panic!("infallible migration failed: {e}"),
                                }
                            }
                        }
                    }
                } else {
                    let mut reasons: Vec<String> =
                        plan.status.fallible.iter().map(|i| i.to_string()).collect();
                    if self.migrations.partial.contains(&key) {
                        reasons.push(PARTIAL.to_string());
                    }
                    let doc2 = format!(" Fails where: {}.", reasons.join("; "));
                    quote! {
                        #allows
                        impl ::std::convert::TryFrom<#from> for #to {
                            type Error = ::accord::Error;
                            #[doc = #doc]
                            #[doc = #doc2]
                            fn try_from(v: #from) -> ::accord::Result<#to> {
                                #step(v)
                            }
                        }
                    }
                }
            })
            .collect()
    }
}

/// The value of one branch of an optional or union, as lowered.
fn branch_lowered(lowered: &Lowered, branch: Branch) -> Option<&Lowered> {
    match (lowered, branch) {
        (Lowered::Optional { inner, .. }, Branch::Value(0)) => Some(inner),
        (Lowered::Union { variants, .. }, Branch::Value(i)) => variants.get(i).map(|v| &v.lowered),
        _ => None,
    }
}

/// A pattern binding the value of `branch` as `x`.
fn pattern(cx: &str, lowered: &Lowered, branch: Branch) -> TokenStream {
    match (lowered, branch) {
        (Lowered::Optional { .. } | Lowered::Union { null: Some(_), .. }, Branch::Null) => {
            quote!(::std::option::Option::None)
        }
        (Lowered::Optional { .. }, _) => quote!(::std::option::Option::Some(x)),
        (
            Lowered::Union {
                target,
                null,
                variants,
            },
            Branch::Value(i),
        ) => {
            let path = tokens(&target.path(cx));
            let v = &variants[i].ident;
            match null {
                Some(_) => quote!(::std::option::Option::Some(#path::#v(x))),
                None => quote!(#path::#v(x)),
            }
        }
        _ => quote!(_),
    }
}

/// The target value in `branch`, given the branch's value.
fn construct(cx: &str, lowered: &Lowered, branch: Branch, value: TokenStream) -> TokenStream {
    match (lowered, branch) {
        (_, Branch::Null) => quote!(::std::option::Option::None),
        (Lowered::Optional { .. }, _) => quote!(::std::option::Option::Some(#value)),
        (
            Lowered::Union {
                target,
                null,
                variants,
            },
            Branch::Value(i),
        ) => {
            let path = tokens(&target.path(cx));
            let v = &variants[i].ident;
            match null {
                Some(_) => quote!(::std::option::Option::Some(#path::#v(#value))),
                None => quote!(#path::#v(#value)),
            }
        }
        _ => value,
    }
}

fn has_union(lowered: &Lowered) -> bool {
    match lowered {
        Lowered::Union { .. } => true,
        Lowered::List(i) | Lowered::Map(i) => has_union(i),
        Lowered::Optional { inner, .. } => has_union(inner),
        _ => false,
    }
}

/// The same contract type, lowered at two places (union enums differ per field).
fn same(cx: &str, from: &Lowered, to: &Lowered, v: TokenStream) -> TokenStream {
    match (from, to) {
        (Lowered::Named { boxed: a, .. }, Lowered::Named { boxed: b, .. }) => match (a, b) {
            (true, false) => quote!(*#v),
            (false, true) => quote!(::std::boxed::Box::new(#v)),
            _ => v,
        },
        _ if !has_union(from) => v,
        (Lowered::List(a), Lowered::List(b)) => {
            let inner = same(cx, a, b, quote!(x));
            quote!(::std::iter::Iterator::collect::<::std::vec::Vec<_>>(::std::iter::Iterator::map(::std::iter::IntoIterator::into_iter(#v), |x| #inner)))
        }
        (Lowered::Map(a), Lowered::Map(b)) => {
            let inner = same(cx, a, b, quote!(x));
            quote!(::std::iter::Iterator::collect::<::accord::Map<_>>(::std::iter::Iterator::map(::std::iter::IntoIterator::into_iter(#v), |(k, x)| (k, #inner))))
        }
        (Lowered::Optional { inner: a, .. }, Lowered::Optional { inner: b, .. }) => {
            let inner = same(cx, a, b, quote!(x));
            quote!(::std::option::Option::map(#v, |x| #inner))
        }
        (
            Lowered::Union {
                target: ta,
                null: na,
                variants: va,
            },
            Lowered::Union {
                target: tb,
                variants: vb,
                ..
            },
        ) => {
            let (pa, pb) = (tokens(&ta.path(cx)), tokens(&tb.path(cx)));
            let arms = va.iter().zip(vb).map(|(a, b)| {
                let (ia, ib) = (&a.ident, &b.ident);
                let inner = same(cx, &a.lowered, &b.lowered, quote!(x));
                quote!(#pa::#ia(x) => #pb::#ib(#inner))
            });
            let m = quote!(match u { #(#arms,)* });
            match na {
                Some(_) => quote!(::std::option::Option::map(#v, |u| #m)),
                None => quote!({ let u = #v; #m }),
            }
        }
        _ => v,
    }
}

//! The expressions of migration steps: a value of one version's field type converted to the
//! other version's, following a plan's [`Conversion`] (scalars through their Avro encoding,
//! lists and maps element by element, union branches, named types through their step function,
//! newtypes unwrapped and wrapped).

use super::fail;
use crate::codegen::rust::lower::Lowered;
use crate::codegen::rust::{Body as LBody, Generator};
use crate::codegen::type_ref;
use crate::ir::*;
use crate::migrate::{self, Branch, BranchMapping, Conversion, IssueKind, StepKey};

/// A scalar converted through its Avro encoding: written as the source type, read back as the
/// target (widening ints and floats); a value the target cannot hold fails with the plan's reason.
fn convert_scalar(from_ty: &Type, to_ty: &Type, from: &Lowered, to: &Lowered, v: &str) -> String {
    let encode = from.encode_statement("&x");
    let promoted = match (from, to_ty) {
        (_, Type::Scalar(Scalar::Float)) => Some("f32"),
        (_, Type::Scalar(Scalar::Double)) => Some("f64"),
        _ => None,
    };
    let source_primitive = match from {
        Lowered::Scalar(s) => migrate::primitive(&Type::Scalar(*s)),
        _ => None,
    };
    let decode = match (promoted, source_primitive) {
        (Some(t), Some(p)) if p != crate::avro::SchemaKind::Double => {
            let read = match p {
                crate::avro::SchemaKind::Int => "r.read_int()?",
                crate::avro::SchemaKind::Long => "r.read_long()?",
                _ => "r.read_float()?",
            };
            format!("{read} as {t}")
        }
        _ => to.decode_expr(),
    };
    // A value the target cannot read fails with the plan's reason.
    let decode = match crate::codegen::migrations::scalar_failure(from_ty, to_ty) {
        Some(kind) => format!(
            "(|| -> ::accord::Result<_> {{ ::std::result::Result::Ok({decode}) }})()
            .map_err(|_| ::accord::Error::new({}))?",
            super::string(&kind.to_string())
        ),
        None => decode,
    };
    format!(
        "{{
        let x = {v};
        let mut out = ::std::vec::Vec::new();
        {{
        let out = &mut out;
        {encode}
        }}
        let mut r = ::accord::avro::Reader::new(&out);
        let r = &mut r;
        {decode}
        }}"
    )
}

impl Generator<'_> {
    /// An expression of the target's type from `v`, of the source's type; it may use `?` and
    /// `return` (inside a function or closure returning `::accord::Result`).
    pub(super) fn convert(
        &self,
        cx: &str,
        conversion: &Conversion,
        from: &Lowered,
        to: &Lowered,
        v: String,
    ) -> String {
        match conversion {
            Conversion::Identity => same(cx, from, to, v),
            Conversion::Scalar {
                from: from_ty,
                to: to_ty,
            } => convert_scalar(from_ty, to_ty, from, to, &v),
            Conversion::List(inner) => self.convert_list(cx, inner, from, to, &v),
            Conversion::Map(inner) => self.convert_map(cx, inner, from, to, &v),
            Conversion::Wrap { branch, conversion } => {
                let Some(target) = branch_lowered(to, *branch) else {
                    return fail("no such branch");
                };
                let inner = self.convert(cx, conversion, from, target, v);
                construct(cx, to, *branch, inner)
            }
            Conversion::Branches(mappings) => self.convert_branches(cx, mappings, from, to, &v),
            Conversion::Named(key) => self.convert_named(cx, key, from, to, v),
            Conversion::Newtype {
                unwrap,
                wrap,
                inner,
            } => self.convert_newtype(cx, (unwrap, wrap), inner, from, to, v),
            Conversion::Impossible(issue) => fail(&issue.to_string()),
        }
    }

    /// Each element of a list converted, the failing index named in the error.
    fn convert_list(
        &self,
        cx: &str,
        inner: &Conversion,
        from: &Lowered,
        to: &Lowered,
        v: &str,
    ) -> String {
        let (Lowered::List(a), Lowered::List(b)) = (from, to) else {
            return fail("list expected");
        };
        let inner = self.convert(cx, inner, a, b, "x".to_owned());
        format!(
            "::std::iter::Iterator::collect::<::accord::Result<::std::vec::Vec<_>>>(
            ::std::iter::Iterator::map(
            ::std::iter::Iterator::enumerate(::std::iter::IntoIterator::into_iter({v})),
            |(i, x)| (|| -> ::accord::Result<_> {{
            ::std::result::Result::Ok({inner})
            }})()
            .map_err(|e| e.within(&::std::format!(\"[{{}}]\", i))),
            )
            )?"
        )
    }

    /// Each value of a map converted, the failing key named in the error.
    fn convert_map(
        &self,
        cx: &str,
        inner: &Conversion,
        from: &Lowered,
        to: &Lowered,
        v: &str,
    ) -> String {
        let (Lowered::Map(a), Lowered::Map(b)) = (from, to) else {
            return fail("map expected");
        };
        let inner = self.convert(cx, inner, a, b, "x".to_owned());
        format!(
            "::std::iter::Iterator::collect::<::accord::Result<::accord::Map<_>>>(
            ::std::iter::Iterator::map(
            ::std::iter::IntoIterator::into_iter({v}),
            |(k, x)| match (|| -> ::accord::Result<_> {{
            ::std::result::Result::Ok({inner})
            }})() {{
            ::std::result::Result::Ok(y) => ::std::result::Result::Ok((k, y)),
            ::std::result::Result::Err(e) => ::std::result::Result::Err(e.within(&::std::format!(\"[{{:?}}]\", k))),
            }},
            )
            )?"
        )
    }

    /// A `match` over the source union, one arm per branch mapping.
    fn convert_branches(
        &self,
        cx: &str,
        mappings: &[BranchMapping],
        from: &Lowered,
        to: &Lowered,
        v: &str,
    ) -> String {
        let mut out = format!("match {v} {{\n");
        for m in mappings {
            let pattern = pattern(cx, from, m.from);
            let body = self.branch_body(cx, m, from, to);
            out.push_str(&format!("{pattern} => {body},\n"));
        }
        out.push('}');
        out
    }

    /// The value of one source branch (bound to `x`) in the target union, or the failure.
    fn branch_body(&self, cx: &str, m: &BranchMapping, from: &Lowered, to: &Lowered) -> String {
        match &m.to {
            None => fail(&IssueKind::MissingBranch(m.from).to_string()),
            Some((None, conversion)) => match branch_lowered(from, m.from) {
                Some(source) => self.convert(cx, conversion, source, to, "x".to_owned()),
                None => fail("null has no value"),
            },
            Some((Some(Branch::Null), _)) => "::std::option::Option::None".to_owned(),
            Some((Some(target), conversion)) => {
                match (branch_lowered(from, m.from), branch_lowered(to, *target)) {
                    (Some(source), Some(dst)) => {
                        let inner = self.convert(cx, conversion, source, dst, "x".to_owned());
                        construct(cx, to, *target, inner)
                    }
                    _ => fail("no such branch"),
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
        v: String,
    ) -> String {
        let path = self.step_path(key, cx);
        let hooks = self.hooks_arg(key);
        let value = match from {
            Lowered::Named { boxed: true, .. } => format!("*{v}"),
            _ => v,
        };
        let result = format!("{path}({value}{hooks})?");
        match to {
            Lowered::Named { boxed: true, .. } => format!("::std::boxed::Box::new({result})"),
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
        v: String,
    ) -> String {
        let mut value = v;
        let mut source = from;
        if let Lowered::Named { boxed: true, .. } = source {
            value = format!("(*{value})");
        }
        for name in unwrap {
            value = format!("{value}.0");
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
            let path = self.names.target(&type_ref(def, def.latest())).path(cx);
            result = format!("{path}({result})");
            if let Lowered::Named { boxed: true, .. } = targets[i] {
                result = format!("::std::boxed::Box::new({result})");
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
fn pattern(cx: &str, lowered: &Lowered, branch: Branch) -> String {
    match (lowered, branch) {
        (Lowered::Optional { .. } | Lowered::Union { null: Some(_), .. }, Branch::Null) => {
            "::std::option::Option::None".to_owned()
        }
        (Lowered::Optional { .. }, _) => "::std::option::Option::Some(x)".to_owned(),
        (
            Lowered::Union {
                target,
                null,
                variants,
            },
            Branch::Value(i),
        ) => {
            let (path, v) = (target.path(cx), &variants[i].ident);
            match null {
                Some(_) => format!("::std::option::Option::Some({path}::{v}(x))"),
                None => format!("{path}::{v}(x)"),
            }
        }
        _ => "_".to_owned(),
    }
}

/// The target value in `branch`, given the branch's value.
fn construct(cx: &str, lowered: &Lowered, branch: Branch, value: String) -> String {
    match (lowered, branch) {
        (_, Branch::Null) => "::std::option::Option::None".to_owned(),
        (Lowered::Optional { .. }, _) => format!("::std::option::Option::Some({value})"),
        (
            Lowered::Union {
                target,
                null,
                variants,
            },
            Branch::Value(i),
        ) => {
            let (path, v) = (target.path(cx), &variants[i].ident);
            match null {
                Some(_) => format!("::std::option::Option::Some({path}::{v}({value}))"),
                None => format!("{path}::{v}({value})"),
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
fn same(cx: &str, from: &Lowered, to: &Lowered, v: String) -> String {
    match (from, to) {
        (Lowered::Named { boxed: a, .. }, Lowered::Named { boxed: b, .. }) => match (a, b) {
            (true, false) => format!("*{v}"),
            (false, true) => format!("::std::boxed::Box::new({v})"),
            _ => v,
        },
        _ if !has_union(from) => v,
        (Lowered::List(a), Lowered::List(b)) => {
            let inner = same(cx, a, b, "x".to_owned());
            format!("::std::iter::Iterator::collect::<::std::vec::Vec<_>>(::std::iter::Iterator::map(::std::iter::IntoIterator::into_iter({v}), |x| {inner}))")
        }
        (Lowered::Map(a), Lowered::Map(b)) => {
            let inner = same(cx, a, b, "x".to_owned());
            format!("::std::iter::Iterator::collect::<::accord::Map<_>>(::std::iter::Iterator::map(::std::iter::IntoIterator::into_iter({v}), |(k, x)| (k, {inner})))")
        }
        (Lowered::Optional { inner: a, .. }, Lowered::Optional { inner: b, .. }) => {
            let inner = same(cx, a, b, "x".to_owned());
            format!("::std::option::Option::map({v}, |x| {inner})")
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
            let (pa, pb) = (ta.path(cx), tb.path(cx));
            let mut m = "match u {\n".to_owned();
            for (a, b) in va.iter().zip(vb) {
                let inner = same(cx, &a.lowered, &b.lowered, "x".to_owned());
                m.push_str(&format!(
                    "{pa}::{}(x) => {pb}::{}({inner}),\n",
                    a.ident, b.ident
                ));
            }
            m.push('}');
            match na {
                Some(_) => format!("::std::option::Option::map({v}, |u| {m})"),
                None => format!("{{\nlet u = {v};\n{m}\n}}"),
            }
        }
        _ => v,
    }
}

//! Python migration shims (`docs/migrations.md`): one function per type migration the plans of
//! [`crate::migrate::plan`] use, written from the plan as the Rust shims are (field moves,
//! defaults, promotions, enum maps, nested, list, map and union conversions, hooks), and the
//! `Any…` type aliases. The typed `upgrade` / `downgrade` / `decode_any` of the package root
//! dispatch to them (see [`super::root_view`]).
//!
//! Inside a step function values are `typing.Any` (the source value is read attribute by
//! attribute, and the target class's constructor checks every field); the signatures are typed.
//! The statements are laid out by `templates/python/migration.py.hbs` from [`Item`]s; this
//! module decides the expressions.

use super::classes::Ctx;
use super::literal::{docstring, py_str};
use super::names::Namer;
use super::types::{colliding, value_branches};
use super::views::LatestView;
use crate::codegen::json_encoding::branch_tag;
use crate::ir::*;
use crate::migrate::{
    Branch, Conversion, HookInput, IssueKind, Mapping, Route, Source, StepKey, TypePlan,
};
use serde::Serialize;

/// The local names of generated step functions (reserved in every module).
pub(super) const LOCALS: &[&str] = &[
    "_accord_value",
    "_accord_v",
    "_accord_h",
    "_accord_x",
    "_accord_k",
    "_accord_tag",
];

/// Module-level names of the migrations `keys` (those into one package, in key order), in the
/// module's namespace.
pub(super) fn name_steps(
    keys: &[&StepKey],
    class: &dyn Fn(&TypeRef) -> String,
    namer: &mut Namer,
) -> Vec<(StepKey, String)> {
    keys.iter()
        .map(|k| {
            let wanted = format!("_migrate_{}_to_{}", class(&k.from), class(&k.to));
            ((*k).clone(), namer.name(&wanted))
        })
        .collect()
}

/// Generates the migration code of one module.
pub(super) struct Emitter<'c, 'a> {
    ctx: &'c Ctx<'a>,
    namer: Namer,
    /// What helpers are named after: the step function and the field being converted.
    place: String,
    /// Function and constant definitions, in order.
    pub items: Vec<Item>,
}

/// One module-level definition of the migration code: exactly one field is set.
#[derive(Serialize, Default)]
pub(super) struct Item {
    step: Option<StepView>,
    symbols: Option<SymbolsView>,
    union: Option<UnionView>,
    branches: Option<BranchesView>,
}

/// A step function: `def name(_accord_value: from, _accord_h) -> to`.
#[derive(Serialize)]
struct StepView {
    name: String,
    from: String,
    to: String,
    doc: String,
    /// Its one statement, unless it builds a record.
    statement: Option<Statement>,
    record: Option<RecordCall>,
}

/// `return value` or `raise ContractError(reason)`.
#[derive(Serialize)]
struct Statement {
    returns: Option<String>,
    /// The reason, a Python string literal.
    raises: Option<String>,
}

/// `return Target(attr=value, ...)`.
#[derive(Serialize)]
struct RecordCall {
    target: String,
    args: Vec<Arg>,
}

#[derive(Serialize)]
struct Arg {
    attr: String,
    value: String,
}

/// The table of an enum step: `name: dict[str, target] = {"FROM": target.MEMBER, ...}`.
#[derive(Serialize)]
struct SymbolsView {
    name: String,
    target: String,
    entries: Vec<Arg>,
}

/// The descriptor of a source union a branch helper reads the tag with.
#[derive(Serialize)]
struct UnionView {
    name: String,
    descriptor: String,
}

/// A helper mapping every branch of a union: one `if` per branch.
#[derive(Serialize)]
struct BranchesView {
    name: String,
    union: String,
    cases: Vec<Case>,
}

#[derive(Serialize)]
struct Case {
    test: String,
    statement: Statement,
}

impl Statement {
    fn returns(value: String) -> Statement {
        Statement {
            returns: Some(value),
            raises: None,
        }
    }

    /// `raise _rt.ContractError(reason)`.
    fn fail(reason: &str) -> Statement {
        Statement {
            returns: None,
            raises: Some(py_str(reason)),
        }
    }
}

impl<'c, 'a> Emitter<'c, 'a> {
    pub(super) fn new(ctx: &'c Ctx<'a>, namer: Namer) -> Self {
        Emitter {
            ctx,
            namer,
            place: String::new(),
            items: Vec::new(),
        }
    }

    fn model(&self) -> &'a Model {
        self.ctx.input.model
    }

    /// Every step function of the module's package.
    pub(super) fn steps(&mut self) {
        let migrations = &self.ctx.naming.migrations;
        for (key, plan) in migrations
            .steps
            .iter()
            .filter(|(k, _)| k.to.name.package == self.ctx.package)
        {
            let item = self.step(key, plan);
            self.items.push(item);
        }
    }

    /// The `Any…` alias of each versioned record and enum of the package.
    pub(super) fn any_aliases(&self) -> Vec<LatestView> {
        let model = self.model();
        self.ctx
            .naming
            .any
            .iter()
            .filter(|(name, _)| name.package == self.ctx.package)
            .map(|(name, alias)| {
                let def = &model.types[name];
                let classes: Vec<String> = def
                    .versions
                    .iter()
                    .map(|v| {
                        self.ctx
                            .names(&crate::codegen::type_ref(def, v))
                            .class
                            .clone()
                    })
                    .collect();
                LatestView {
                    name: alias.clone(),
                    target: classes.join(" | "),
                }
            })
            .collect()
    }

    /// A step function's name as seen from this module.
    fn step_name(&self, key: &StepKey) -> String {
        let name = &self.ctx.naming.steps[key];
        if key.to.name.package == self.ctx.package {
            name.clone()
        } else {
            format!("{}.{name}", self.ctx.module().imports[&key.to.name.package])
        }
    }

    /// A class as seen from this module, or `_t.Any` where this module does not import it.
    fn class_or_any(&self, reference: &TypeRef) -> String {
        let local = reference.name.package == self.ctx.package;
        if local
            || self
                .ctx
                .module()
                .imports
                .contains_key(&reference.name.package)
        {
            self.ctx.reference(reference).0
        } else {
            "_t.Any".into()
        }
    }

    fn step(&mut self, key: &StepKey, plan: &TypePlan) -> Item {
        let name = self.ctx.naming.steps[key].clone();
        let (from, to) = (self.class_or_any(&key.from), self.ctx.reference(&key.to).0);
        let (mut statement, mut record) = (None, None);
        match &plan.route {
            Route::Identity | Route::Direct(Mapping::Fixed) => {
                statement = Some(Statement::returns(format!("_t.cast({to}, _accord_v)")));
            }
            Route::Composed(steps) => {
                let mut call = "_accord_v".to_string();
                for step in steps {
                    call = format!("{}({call}, _accord_h)", self.step_name(step));
                }
                statement = Some(Statement::returns(call));
            }
            Route::Direct(Mapping::Impossible(issue)) => {
                statement = Some(Statement::fail(&issue.to_string()));
            }
            Route::Direct(Mapping::Enum(plan)) => statement = Some(self.enum_body(key, plan)),
            Route::Direct(Mapping::Record(plan)) => record = Some(self.record_body(key, plan)),
        }
        let doc = format!(
            "Migrates `{}@{}` to `{}@{}` (its plan, docs/migrations.md).",
            key.from.name, key.from.version, key.to.name, key.to.version
        );
        Item {
            step: Some(StepView {
                name,
                from,
                to,
                doc: docstring(&[doc], 4),
                statement,
                record,
            }),
            ..Item::default()
        }
    }

    #[allow(
        clippy::expect_used,
        reason = "a plan's target is a type version of the model it was planned from"
    )]
    fn enum_body(&mut self, key: &StepKey, plan: &crate::migrate::EnumPlan) -> Statement {
        let target = self.ctx.reference(&key.to).0;
        let (_, version) = self.model().resolve(&key.to).expect("target resolves");
        let Body::Enum(def) = &version.body else {
            return Statement::fail("not an enum");
        };
        let members = &self.ctx.names(&key.to).members;
        let member = |symbol: &str| {
            def.symbols
                .iter()
                .zip(members)
                .find(|(s, _)| s.name == symbol)
                .map(|(_, m)| format!("{target}.{m}"))
        };
        let entries: Vec<Arg> = plan
            .symbols
            .iter()
            .filter_map(|m| {
                Some(Arg {
                    attr: py_str(&m.from),
                    value: member(m.to.as_deref()?)?,
                })
            })
            .collect();
        let table = self
            .namer
            .name(&format!("{}_symbols", self.ctx.naming.steps[key]));
        let statement = Statement::returns(format!("_mig.symbol({table}, _accord_v)"));
        self.items.push(Item {
            symbols: Some(SymbolsView {
                name: table,
                target,
                entries,
            }),
            ..Item::default()
        });
        statement
    }

    fn record_body(&mut self, key: &StepKey, plan: &crate::migrate::RecordPlan) -> RecordCall {
        let target = self.ctx.reference(&key.to).0;
        let mut args = Vec::new();
        for field in &plan.fields {
            self.place = format!("{}_{}", self.ctx.naming.steps[key], field.name);
            let Some(attr) = self.attr(&key.to, &field.name) else {
                continue;
            };
            let Some((expr, may_fail)) = self.field_value(key, field) else {
                continue;
            };
            let expr = if may_fail {
                format!("_mig.at({}, lambda: {expr})", py_str(&field.name))
            } else {
                expr
            };
            args.push(Arg { attr, value: expr });
        }
        RecordCall { target, args }
    }

    /// The Python attribute of the field `wire` of a record version.
    fn attr(&self, reference: &TypeRef, wire: &str) -> Option<String> {
        let (_, version) = self.model().resolve(reference)?;
        let Body::Record(fields) = &version.body else {
            return None;
        };
        let index = fields.iter().position(|f| f.name == wire)?;
        Some(self.ctx.names(reference).fields[index].clone())
    }

    /// The expression of a target field (`None`: left to its default) and whether it can raise.
    fn field_value(
        &mut self,
        key: &StepKey,
        field: &crate::migrate::FieldPlan,
    ) -> Option<(String, bool)> {
        Some(match &field.source {
            Source::Default(_) => return None,
            Source::Gap(issue) => (
                format!("_mig.fail({})", py_str(&issue.kind.to_string())),
                true,
            ),
            Source::Field {
                name,
                ty,
                conversion,
            } => {
                let source = format!("_accord_v.{}", self.attr(&key.from, name)?);
                let (home, to_home) = (&key.from.name.package, &key.to.name.package);
                let expr = self.convert(conversion, ty, &field.ty, home, to_home, &source);
                (expr, self.may_fail(conversion))
            }
            Source::Hook { hook, input } => {
                let arg = match input {
                    HookInput::Field { name, .. } => {
                        format!("_accord_v.{}", self.attr(&key.from, name)?)
                    }
                    HookInput::Value(_) => "_accord_v".to_string(),
                };
                (
                    format!("_mig.hook(_accord_h, {}, {arg})", py_str(hook)),
                    true,
                )
            }
        })
    }

    /// Whether converting a value can raise.
    fn may_fail(&self, conversion: &Conversion) -> bool {
        match conversion {
            Conversion::Identity => false,
            Conversion::Scalar { from, to } => scalar_code(from, to).is_none(),
            Conversion::List(c) | Conversion::Map(c) => self.may_fail(c),
            Conversion::Wrap { conversion, .. } => self.may_fail(conversion),
            Conversion::Newtype { inner, .. } => self.may_fail(inner),
            Conversion::Branches(branches) => branches.iter().any(|b| match &b.to {
                None => true,
                Some((_, c)) => self.may_fail(c),
            }),
            Conversion::Named(key) => {
                let migrations = &self.ctx.naming.migrations;
                !migrations.steps[key].status.is_infallible() || !migrations.traits[key].is_empty()
            }
            Conversion::Impossible(_) => true,
        }
    }

    /// An expression of the target value, given `x`, an expression of the source value.
    fn convert(
        &mut self,
        conversion: &Conversion,
        from: &Type,
        to: &Type,
        home: &str,
        to_home: &str,
        x: &str,
    ) -> String {
        let var = "_accord_x";
        match conversion {
            Conversion::Identity => x.to_string(),
            Conversion::Scalar { from: a, to: b } => match scalar_code(a, b) {
                Some(code) => code.replace("{x}", x),
                None => self.rescalar(a, b, x),
            },
            Conversion::List(inner) => {
                let (Type::List(a), Type::List(b)) = (from, to) else {
                    return format!("_mig.fail({})", py_str("list expected"));
                };
                let item = self.convert(inner, a, b, home, to_home, var);
                if self.may_fail(inner) {
                    format!("_mig.each(lambda {var}: {item}, {x})")
                } else if item == var {
                    format!("list({x})")
                } else {
                    format!("[{item} for {var} in {x}]")
                }
            }
            Conversion::Map(inner) => {
                let (Type::Map(a), Type::Map(b)) = (from, to) else {
                    return format!("_mig.fail({})", py_str("map expected"));
                };
                let item = self.convert(inner, a, b, home, to_home, var);
                if self.may_fail(inner) {
                    format!("_mig.each_value(lambda {var}: {item}, {x})")
                } else if item == var {
                    format!("dict({x})")
                } else {
                    format!("{{_accord_k: {item} for _accord_k, {var} in {x}.items()}}")
                }
            }
            Conversion::Wrap { branch, conversion } => {
                let Some(target) = branch_type(to, *branch) else {
                    return format!("_mig.fail({})", py_str("no such branch"));
                };
                let inner = self.convert(conversion, from, &target, home, to_home, x);
                self.construct(to, *branch, to_home, inner)
            }
            Conversion::Branches(mappings) => self.branches(mappings, from, to, home, to_home, x),
            Conversion::Named(key) => format!("{}({x}, _accord_h)", self.step_name(key)),
            Conversion::Newtype {
                unwrap,
                wrap,
                inner,
            } => {
                let (a, a_home) = self.peel(from, unwrap.len(), home);
                let (b, b_home) = self.peel(to, wrap.len(), to_home);
                self.convert(inner, &a, &b, &a_home, &b_home, x)
            }
            Conversion::Impossible(issue) => {
                format!("_mig.fail({})", py_str(&issue.kind.to_string()))
            }
        }
    }

    /// The type inside `levels` newtypes, and the package its unions are written in.
    fn peel(&self, ty: &Type, levels: usize, home: &str) -> (Type, String) {
        let model = self.model();
        let (mut ty, mut home) = (ty.clone(), home.to_string());
        for _ in 0..levels {
            let Type::Named(reference) = &ty else { break };
            let Some((_, version)) = model.resolve(reference) else {
                break;
            };
            let Body::Newtype(inner) = &version.body else {
                break;
            };
            home = reference.name.package.clone();
            ty = inner.clone();
        }
        (ty, home)
    }

    /// A scalar conversion through the Avro encoding: the source writes, the target reads.
    fn rescalar(&self, from: &Type, to: &Type, x: &str) -> String {
        let reason = crate::codegen::migrations::scalar_failure(from, to)
            .map_or_else(|| "None".to_string(), |kind| py_str(&kind.to_string()));
        let (a, b) = (
            self.ctx.descriptor(from, None),
            self.ctx.descriptor(to, None),
        );
        match (crate::migrate::primitive(from), to) {
            (Some(p), Type::Scalar(s @ (Scalar::Float | Scalar::Double))) => format!(
                "_mig.promote({a}, {x}, {}, {})",
                py_str(p.name()),
                if *s == Scalar::Float { "True" } else { "False" }
            ),
            _ => format!("_mig.rescalar({a}, {b}, {x}, {reason})"),
        }
    }

    /// `value` placed in `branch` of the optional or union `ty` (wrapped where its Python class
    /// is another branch's too).
    fn construct(&self, ty: &Type, branch: Branch, home: &str, value: String) -> String {
        match branch {
            Branch::Null => "None".into(),
            Branch::Value(i) => match self.wrapper(ty, i, home) {
                Some(wrapper) => format!("{wrapper}({value})"),
                None => value,
            },
        }
    }

    /// The wrapper class of value branch `i` of `ty`, if it needs one.
    fn wrapper(&self, ty: &Type, i: usize, home: &str) -> Option<String> {
        let declared = value_branches(ty);
        let wraps = colliding(self.model(), &declared);
        (*wraps.get(i)?).then(|| self.ctx.wrapper_name(declared[i], home))
    }

    /// A helper function mapping every branch of an optional or union source.
    fn branches(
        &mut self,
        mappings: &[crate::migrate::BranchMapping],
        from: &Type,
        to: &Type,
        home: &str,
        to_home: &str,
        x: &str,
    ) -> String {
        let model = self.model();
        let declared = value_branches(from);
        let name = self.namer.name(&self.place.clone());
        let union = self.namer.name(&format!("{}_union", self.place));
        self.items.push(Item {
            union: Some(UnionView {
                name: union.clone(),
                descriptor: self.ctx.descriptor_in(from, None, home),
            }),
            ..Item::default()
        });
        let mut cases = Vec::new();
        for mapping in mappings {
            let test = match mapping.from {
                Branch::Null => "_accord_tag is None".to_string(),
                Branch::Value(i) => match declared.get(i) {
                    Some(t) => format!("_accord_tag == {}", py_str(&branch_tag(model, t))),
                    None => continue,
                },
            };
            if let Some(statement) = self.case(mapping, &declared, from, to, home, to_home) {
                cases.push(Case { test, statement });
            }
        }
        self.items.push(Item {
            branches: Some(BranchesView {
                name: name.clone(),
                union,
                cases,
            }),
            ..Item::default()
        });
        format!("{name}({x}, _accord_h)")
    }

    /// The statement of one branch of a branch helper (`None`: the branch is skipped).
    fn case(
        &mut self,
        mapping: &crate::migrate::BranchMapping,
        declared: &[&Type],
        from: &Type,
        to: &Type,
        home: &str,
        to_home: &str,
    ) -> Option<Statement> {
        Some(match (&mapping.to, mapping.from) {
            (None, from_branch) => {
                Statement::fail(&IssueKind::MissingBranch(from_branch).to_string())
            }
            (Some((Some(Branch::Null), _)), _) | (Some(_), Branch::Null) => {
                Statement::returns("None".into())
            }
            (Some((target, conversion)), Branch::Value(i)) => {
                let source = declared[i].clone();
                let value = match self.wrapper(from, i, home) {
                    Some(_) => "_accord_x.value".to_string(),
                    None => "_accord_x".to_string(),
                };
                let (target_ty, placed) = match target {
                    Some(b) => (branch_type(to, *b), Some(*b)),
                    None => (Some(to.clone()), None),
                };
                let inner = self.convert(conversion, &source, &target_ty?, home, to_home, &value);
                Statement::returns(match placed {
                    Some(b) => self.construct(to, b, to_home, inner),
                    None => inner,
                })
            }
        })
    }
}

/// The type of `branch` of an optional or union type.
fn branch_type(ty: &Type, branch: Branch) -> Option<Type> {
    match branch {
        Branch::Null => None,
        Branch::Value(i) => value_branches(ty).get(i).map(|t| (*t).clone()),
    }
}

/// A direct Python expression (with `{x}`) of a scalar conversion that cannot fail, or `None`
/// where it goes through the Avro encoding.
fn scalar_code(from: &Type, to: &Type) -> Option<&'static str> {
    use Scalar::*;
    let (Type::Scalar(a), Type::Scalar(b)) = (from, to) else {
        return None;
    };
    Some(match (a, b) {
        (Int, Long) => "{x}",
        (Int | Long, Float) => "_mig.int_to_float32({x})",
        (Int | Long, Double) => "float({x})",
        (Float, Double) => "{x}",
        (String, Bytes) => "{x}.encode(\"utf-8\")",
        _ => return None,
    })
}

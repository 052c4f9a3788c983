//! The planner: Avro's resolution rules applied to accord types, plus the hooks of
//! `@migrate`, with the statuses of every part.

use super::*;
use crate::avro::compat::promotes;
use crate::ir::{Body, EnumDef, Field, Model, TypeDef, TypeKind};
use std::collections::BTreeSet;

/// The plan migrating values of `name` version `from` into version `to` (either way round), or
/// `None` when `name` is not a record or enum with both versions.
///
/// Between consecutive versions the plan is Avro's resolution of `to` reading `from`, with the
/// `@migrate` hooks of that step taking precedence. Further apart it is the direct resolution
/// when that needs no hook and no step in between declares a hook for this direction, else the
/// composition of the consecutive steps.
pub fn plan(model: &Model, name: &FullName, from: u32, to: u32) -> Option<Plan> {
    let def = model.types.get(name)?;
    if !matches!(def.kind, TypeKind::Record | TypeKind::Enum) {
        return None;
    }
    def.version(from)?;
    def.version(to)?;
    let key = StepKey {
        from: TypeRef {
            name: name.clone(),
            version: from,
        },
        to: TypeRef {
            name: name.clone(),
            version: to,
        },
    };
    let mut builder = Builder::new(model, None);
    builder.type_plan(&key);
    Some(Plan {
        key,
        plans: builder.plans,
    })
}

/// The direct resolution of `key` as if its step declared no hook (the plans of named types
/// inside keep theirs): what a hook replaces.
pub fn step_without_hooks(model: &Model, key: &StepKey) -> Option<TypePlan> {
    model.resolve(&key.from)?;
    model.resolve(&key.to)?;
    let mut builder = Builder::new(model, Some(key.clone()));
    Some(builder.direct(key))
}

/// One use of a hook by a `@migrate`: what the generated hooks trait (or `Protocol`) declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookUse {
    /// The hook's name.
    pub hook: String,
    /// Its argument.
    pub input: HookInput,
    /// The type it returns.
    pub output: Type,
    /// Whether it upgrades (`with`) or downgrades (`back`).
    pub upgrade: bool,
    /// The version declaring it (the newer of the step).
    pub version: u32,
    /// The field declaring it.
    pub field: String,
    /// Where the hook's name is written.
    pub span: crate::source::Span,
}

/// Every hook the `@migrate` annotations of `def` use, in declaration order (a hook used twice
/// appears twice). Annotations that name no valid `from` field are left out.
pub fn hooks_of(def: &TypeDef) -> Vec<HookUse> {
    let mut uses = Vec::new();
    for pair in def.versions.windows(2) {
        let (previous, version) = (&pair[0], &pair[1]);
        let (Body::Record(old_fields), Body::Record(fields)) = (&previous.body, &version.body)
        else {
            continue;
        };
        for field in fields {
            let Some(migrate) = &field.annotations.migrate else {
                continue;
            };
            let from = match &migrate.from {
                Some(name) => match old_fields.iter().find(|f| f.name == name.name) {
                    Some(old) => Some(old),
                    None => continue,
                },
                None => None,
            };
            if let Some(with) = &migrate.with {
                let input = match from {
                    Some(old) => HookInput::Field {
                        name: old.name.clone(),
                        ty: old.ty.clone(),
                    },
                    None => HookInput::Value(TypeRef {
                        name: def.name.clone(),
                        version: previous.number,
                    }),
                };
                uses.push(HookUse {
                    hook: with.name.clone(),
                    input,
                    output: field.ty.clone(),
                    upgrade: true,
                    version: version.number,
                    field: field.name.clone(),
                    span: with.span,
                });
            }
            if let (Some(back), Some(old)) = (&migrate.back, from) {
                uses.push(HookUse {
                    hook: back.name.clone(),
                    input: HookInput::Field {
                        name: field.name.clone(),
                        ty: field.ty.clone(),
                    },
                    output: old.ty.clone(),
                    upgrade: false,
                    version: version.number,
                    field: field.name.clone(),
                    span: back.span,
                });
            }
        }
    }
    uses
}

/// The hooks of one consecutive step, keyed by the target field they compute.
fn step_hooks(def: &TypeDef, key: &StepKey) -> BTreeMap<String, (String, HookInput)> {
    let upgrade = key.is_upgrade();
    let newer = key.from.version.max(key.to.version);
    let mut hooks = BTreeMap::new();
    for used in hooks_of(def).into_iter().filter(|u| u.version == newer) {
        if used.upgrade != upgrade {
            continue;
        }
        let target = if upgrade {
            used.field.clone()
        } else {
            match &used.output_field(def) {
                Some(name) => name.clone(),
                None => continue,
            }
        };
        hooks.entry(target).or_insert((used.hook, used.input));
    }
    hooks
}

impl HookUse {
    /// For a `back` hook, the field of the older version it computes (the `from`).
    fn output_field(&self, def: &TypeDef) -> Option<String> {
        let version = def.version(self.version)?;
        let Body::Record(fields) = &version.body else {
            return None;
        };
        let field = fields.iter().find(|f| f.name == self.field)?;
        Some(
            field
                .annotations
                .migrate
                .as_ref()?
                .from
                .as_ref()?
                .name
                .clone(),
        )
    }
}

/// Whether a step between `key`'s versions declares a hook for `key`'s direction.
fn hooks_between(def: &TypeDef, key: &StepKey) -> bool {
    let (low, high) = ordered(key);
    let upgrade = key.is_upgrade();
    hooks_of(def)
        .iter()
        .any(|u| u.upgrade == upgrade && u.version > low && u.version <= high)
}

fn ordered(key: &StepKey) -> (u32, u32) {
    let (a, b) = (key.from.version, key.to.version);
    (a.min(b), a.max(b))
}

/// The consecutive steps from `key.from` to `key.to`.
fn consecutive(key: &StepKey) -> Vec<StepKey> {
    let (from, to) = (key.from.version, key.to.version);
    let versions: Vec<u32> = if from < to {
        (from..=to).collect()
    } else {
        (to..=from).rev().collect()
    };
    versions
        .windows(2)
        .map(|w| StepKey {
            from: TypeRef {
                name: key.from.name.clone(),
                version: w[0],
            },
            to: TypeRef {
                name: key.from.name.clone(),
                version: w[1],
            },
        })
        .collect()
}

/// Builds type plans with a memo table; a plan being built is taken as infallible where it
/// recurses into itself (as Avro's checker does), its own issues being reported on it.
struct Builder<'m> {
    model: &'m Model,
    plans: BTreeMap<StepKey, TypePlan>,
    in_progress: BTreeSet<StepKey>,
    /// A step whose hooks are ignored.
    without_hooks: Option<StepKey>,
}

impl<'m> Builder<'m> {
    fn new(model: &'m Model, without_hooks: Option<StepKey>) -> Self {
        Builder {
            model,
            plans: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            without_hooks,
        }
    }

    /// Builds the plan of `key` unless it is built or being built.
    fn type_plan(&mut self, key: &StepKey) {
        if self.plans.contains_key(key) || !self.in_progress.insert(key.clone()) {
            return;
        }
        let plan = self.build(key);
        self.in_progress.remove(key);
        self.plans.insert(key.clone(), plan);
    }

    fn build(&mut self, key: &StepKey) -> TypePlan {
        if key.from == key.to {
            return TypePlan {
                key: key.clone(),
                route: Route::Identity,
                status: Status::default(),
            };
        }
        let def = &self.model.types[&key.from.name];
        let (low, high) = ordered(key);
        if key.from.name != key.to.name || !def.versioned || high - low == 1 {
            return self.direct(key);
        }
        let saved = self.plans.clone();
        let direct = self.direct(key);
        if !direct.status.needs_hook() && !hooks_between(def, key) {
            return direct;
        }
        self.plans = saved;
        let steps = consecutive(key);
        let mut status = Status::default();
        for step in &steps {
            self.type_plan(step);
            status.merge(&self.plans[step].status);
        }
        TypePlan {
            key: key.clone(),
            route: Route::Composed(steps),
            status,
        }
    }

    /// One resolution step (with the step's hooks if it is consecutive).
    fn direct(&mut self, key: &StepKey) -> TypePlan {
        let model = self.model;
        let (Some((from_def, from)), Some((to_def, to))) =
            (model.resolve(&key.from), model.resolve(&key.to))
        else {
            let issue = Issue::new(IssueKind::NameMismatch {
                from: key.from.name.clone(),
                to: key.to.name.clone(),
            });
            return impossible(key, issue);
        };
        let mapping = match (&from.body, &to.body) {
            (Body::Record(from_fields), Body::Record(to_fields)) => {
                let hooks = self.hooks_for(from_def, key);
                Mapping::Record(self.record(from_fields, to_fields, &hooks))
            }
            (Body::Enum(a), Body::Enum(b)) => Mapping::Enum(enum_plan(a, b)),
            (Body::Fixed(a), Body::Fixed(b)) if a.size == b.size => Mapping::Fixed,
            (Body::Fixed(a), Body::Fixed(b)) => {
                Mapping::Impossible(Issue::new(IssueKind::FixedSizeMismatch {
                    from: a.size,
                    to: b.size,
                }))
            }
            _ => Mapping::Impossible(Issue::new(IssueKind::TypeMismatch {
                from: Type::Named(key.from.clone()),
                to: Type::Named(key.to.clone()),
            })),
        };
        let _ = to_def;
        let status = mapping_status(&mapping);
        TypePlan {
            key: key.clone(),
            route: Route::Direct(mapping),
            status,
        }
    }

    /// The hooks that apply to a direct step: only between consecutive versions of one type.
    fn hooks_for(&self, def: &TypeDef, key: &StepKey) -> BTreeMap<String, (String, HookInput)> {
        let (low, high) = ordered(key);
        let consecutive = key.from.name == key.to.name && def.versioned && high - low == 1;
        if !consecutive || self.without_hooks.as_ref() == Some(key) {
            return BTreeMap::new();
        }
        step_hooks(def, key)
    }

    fn record(
        &mut self,
        from: &[Field],
        to: &[Field],
        hooks: &BTreeMap<String, (String, HookInput)>,
    ) -> RecordPlan {
        let mut used = BTreeSet::new();
        let mut fields = Vec::with_capacity(to.len());
        for target in to {
            let plan = match hooks.get(&target.name) {
                Some((hook, input)) => {
                    if let HookInput::Field { name, .. } = input {
                        used.insert(name.clone());
                    }
                    if let HookInput::Value(_) = input {
                        used.extend(from.iter().map(|f| f.name.clone()));
                    }
                    FieldPlan {
                        name: target.name.clone(),
                        ty: target.ty.clone(),
                        source: Source::Hook {
                            hook: hook.clone(),
                            input: input.clone(),
                        },
                        status: Status::default(),
                    }
                }
                None => self.resolve_field(target, from, &mut used),
            };
            fields.push(plan);
        }
        let dropped = from
            .iter()
            .filter(|f| !used.contains(&f.name))
            .map(|f| f.name.clone())
            .collect();
        RecordPlan { fields, dropped }
    }

    /// A target field by resolution: Java's `lookupWriterField` (the field's name, then its
    /// `@renamed` names), else its default.
    fn resolve_field(
        &mut self,
        target: &Field,
        from: &[Field],
        used: &mut BTreeSet<String>,
    ) -> FieldPlan {
        let by_name = |name: &str| from.iter().find(|f| f.name == name);
        let matches: Vec<&Field> = std::iter::once(target.name.as_str())
            .chain(target.annotations.renamed_from.iter().map(String::as_str))
            .filter_map(by_name)
            .collect();
        let (source, status) = match matches.as_slice() {
            [source] => {
                used.insert(source.name.clone());
                let conversion = self.conversion(&source.ty, &target.ty);
                let status = self.status(&conversion).under(&target.name);
                let source = Source::Field {
                    name: source.name.clone(),
                    ty: source.ty.clone(),
                    conversion,
                };
                (source, status)
            }
            [] => match &target.default {
                Some(value) => (Source::Default(value.clone()), Status::default()),
                None => gap(Issue::new(IssueKind::NoSource), &target.name),
            },
            several => {
                let names = several.iter().map(|f| f.name.clone()).collect();
                gap(Issue::new(IssueKind::AmbiguousField(names)), &target.name)
            }
        };
        FieldPlan {
            name: target.name.clone(),
            ty: target.ty.clone(),
            source,
            status,
        }
    }

    // ---- conversions ------------------------------------------------------------------------

    /// How a value of `from` becomes a value of `to`.
    fn conversion(&mut self, from: &Type, to: &Type) -> Conversion {
        if from == to {
            return Conversion::Identity;
        }
        let (from_plain, unwrap) = self.unwrap_newtypes(from);
        let (to_plain, wrap) = self.unwrap_newtypes(to);
        if unwrap.is_empty() && wrap.is_empty() {
            return self.plain_conversion(from, to);
        }
        let inner = match from_plain == to_plain {
            true => Conversion::Identity,
            false => self.plain_conversion(&from_plain, &to_plain),
        };
        Conversion::Newtype {
            unwrap,
            wrap,
            inner: Box::new(inner),
        }
    }

    /// A conversion between types that are not newtypes at the top.
    fn plain_conversion(&mut self, from: &Type, to: &Type) -> Conversion {
        if from == to {
            return Conversion::Identity;
        }
        if let Some(branches) = branches_of(from) {
            let mappings = branches
                .into_iter()
                .map(|(branch, ty)| BranchMapping {
                    from: branch,
                    to: self.branch_into(ty, to),
                })
                .collect();
            return Conversion::Branches(mappings);
        }
        if branches_of(to).is_some() {
            return match self.matching_branch(Some(from), to) {
                Some((branch, conversion)) => Conversion::Wrap {
                    branch,
                    conversion: Box::new(conversion),
                },
                None => Conversion::Impossible(Issue::new(IssueKind::NoBranch(from.clone()))),
            };
        }
        let mismatch = || {
            Conversion::Impossible(Issue::new(IssueKind::TypeMismatch {
                from: from.clone(),
                to: to.clone(),
            }))
        };
        match (from, to) {
            (Type::List(a), Type::List(b)) => Conversion::List(Box::new(self.conversion(a, b))),
            (Type::Map(a), Type::Map(b)) => Conversion::Map(Box::new(self.conversion(a, b))),
            (Type::Named(a), Type::Named(b)) => self.named(a, b),
            _ => match (primitive(from), primitive(to)) {
                (Some(a), Some(b)) if a == b || promotes(a, b) => Conversion::Scalar {
                    from: from.clone(),
                    to: to.clone(),
                },
                _ => mismatch(),
            },
        }
    }

    /// What one source branch (`None`: the `null` of an optional) becomes in `to`.
    fn branch_into(
        &mut self,
        branch: Option<&Type>,
        to: &Type,
    ) -> Option<(Option<Branch>, Conversion)> {
        if branches_of(to).is_some() {
            return self
                .matching_branch(branch, to)
                .map(|(b, conversion)| (Some(b), conversion));
        }
        let conversion = self.conversion(branch?, to);
        match conversion {
            Conversion::Impossible(_) => None,
            conversion => Some((None, conversion)),
        }
    }

    /// Avro's union matching: the first target branch of the same type (same primitive, both
    /// lists, both maps, or named types of the same kind and name), else the first the value
    /// promotes to.
    fn matching_branch(
        &mut self,
        value: Option<&Type>,
        union: &Type,
    ) -> Option<(Branch, Conversion)> {
        let branches = branches_of(union)?;
        let Some(value) = value else {
            return branches
                .iter()
                .any(|(b, _)| *b == Branch::Null)
                .then_some((Branch::Null, Conversion::Identity));
        };
        let plain = self.unwrap_newtypes(value).0;
        let candidates: Vec<(Branch, &Type)> = branches
            .iter()
            .filter_map(|(b, ty)| ty.map(|ty| (*b, ty)))
            .collect();
        let exact = candidates
            .iter()
            .find(|(_, ty)| self.same_kind(&plain, &self.unwrap_newtypes(ty).0));
        let promoted = || {
            candidates.iter().find(|(_, ty)| {
                let target = self.unwrap_newtypes(ty).0;
                matches!((primitive(&plain), primitive(&target)), (Some(a), Some(b)) if promotes(a, b))
            })
        };
        let (branch, ty) = *exact.or_else(promoted)?;
        Some((branch, self.conversion(value, ty)))
    }

    /// Whether two (newtype-free) types are the same kind for union matching.
    fn same_kind(&self, a: &Type, b: &Type) -> bool {
        match (a, b) {
            (Type::List(_), Type::List(_)) | (Type::Map(_), Type::Map(_)) => true,
            (Type::Named(x), Type::Named(y)) => {
                let (Some((dx, _)), Some((dy, _))) = (self.model.resolve(x), self.model.resolve(y))
                else {
                    return false;
                };
                dx.kind == dy.kind && names_match(&dx.name, dy)
            }
            _ => matches!((primitive(a), primitive(b)), (Some(p), Some(q)) if p == q),
        }
    }

    /// A named type to a named type: the same version, or that type's plan.
    fn named(&mut self, from: &TypeRef, to: &TypeRef) -> Conversion {
        let (Some((from_def, _)), Some((to_def, _))) =
            (self.model.resolve(from), self.model.resolve(to))
        else {
            return Conversion::Impossible(Issue::new(IssueKind::NameMismatch {
                from: from.name.clone(),
                to: to.name.clone(),
            }));
        };
        if from_def.kind != to_def.kind {
            return Conversion::Impossible(Issue::new(IssueKind::TypeMismatch {
                from: Type::Named(from.clone()),
                to: Type::Named(to.clone()),
            }));
        }
        if !names_match(&from.name, to_def) {
            return Conversion::Impossible(Issue::new(IssueKind::NameMismatch {
                from: from.name.clone(),
                to: to.name.clone(),
            }));
        }
        if from == to {
            return Conversion::Identity;
        }
        let key = StepKey {
            from: from.clone(),
            to: to.clone(),
        };
        self.type_plan(&key);
        Conversion::Named(key)
    }

    /// The type under any newtypes, and the newtypes' names, outermost first.
    fn unwrap_newtypes(&self, ty: &Type) -> (Type, Vec<FullName>) {
        let mut names = Vec::new();
        let mut current = ty.clone();
        while let Type::Named(reference) = &current {
            match self.model.resolve(reference) {
                Some((def, version)) if def.kind == TypeKind::Newtype => {
                    let Body::Newtype(inner) = &version.body else {
                        break;
                    };
                    names.push(def.name.clone());
                    current = inner.clone();
                }
                _ => break,
            }
            if names.len() > 64 {
                break; // A newtype cycle (reported by validation).
            }
        }
        (current, names)
    }

    // ---- statuses ---------------------------------------------------------------------------

    /// Whether a conversion can fail, with paths relative to the converted value.
    fn status(&self, conversion: &Conversion) -> Status {
        match conversion {
            Conversion::Identity => Status::default(),
            Conversion::Scalar { from, to } => scalar_status(from, to),
            Conversion::List(inner) => self.status(inner).under("[]"),
            Conversion::Map(inner) => self.status(inner).under("{}"),
            Conversion::Wrap { conversion, .. } => self.status(conversion),
            Conversion::Newtype { inner, .. } => self.status(inner),
            Conversion::Impossible(issue) => Status {
                fallible: Vec::new(),
                needs_hook: vec![issue.clone()],
            },
            Conversion::Named(key) => self.named_status(key),
            Conversion::Branches(mappings) => self.branches_status(mappings),
        }
    }

    fn named_status(&self, key: &StepKey) -> Status {
        let Some(plan) = self.plans.get(key) else {
            return Status::default(); // Being built: its issues are its own.
        };
        let mut status = Status::default();
        if plan.status.needs_hook() {
            status
                .needs_hook
                .push(Issue::new(IssueKind::Nested(key.clone())));
        } else if !plan.status.fallible.is_empty() {
            status
                .fallible
                .push(Issue::new(IssueKind::NestedFallible(key.clone())));
        }
        status
    }

    fn branches_status(&self, mappings: &[BranchMapping]) -> Status {
        let mut status = Status::default();
        let mut missing = Vec::new();
        for mapping in mappings {
            let label = branch_label(mapping.from);
            match &mapping.to {
                None => missing.push(Issue::new(IssueKind::MissingBranch(mapping.from))),
                Some((_, conversion)) => status.merge(&self.status(conversion).under(&label)),
            }
        }
        if missing.len() == mappings.len() {
            status.needs_hook.extend(missing);
        } else {
            status.fallible.extend(missing);
        }
        status
    }
}

/// A plan that cannot be.
fn impossible(key: &StepKey, issue: Issue) -> TypePlan {
    let status = Status {
        fallible: Vec::new(),
        needs_hook: vec![issue.clone()],
    };
    TypePlan {
        key: key.clone(),
        route: Route::Direct(Mapping::Impossible(issue)),
        status,
    }
}

fn gap(issue: Issue, field: &str) -> (Source, Status) {
    let status = Status {
        fallible: Vec::new(),
        needs_hook: vec![issue.under(field)],
    };
    (Source::Gap(issue), status)
}

/// The path segment of a union branch.
fn branch_label(branch: Branch) -> String {
    match branch {
        Branch::Null => "<null>".to_string(),
        Branch::Value(i) => format!("<{i}>"),
    }
}

/// Whether a named type `to` reads values of the type named `from`: the same full name, or
/// `from` among `to`'s `@renamed` names (Avro aliases).
fn names_match(from: &FullName, to: &TypeDef) -> bool {
    *from == to.name || to.annotations.renamed_from.contains(&from.to_string())
}

/// The branches of an optional or union type, as declared (`None` for the `null`); `None` for
/// other types.
fn branches_of(ty: &Type) -> Option<Vec<(Branch, Option<&Type>)>> {
    let values: Vec<&Type> = match ty {
        Type::Optional(inner, _) => match &**inner {
            Type::Union(branches) => branches.iter().collect(),
            other => vec![other],
        },
        Type::Union(branches) => branches.iter().collect(),
        _ => return None,
    };
    let mut branches: Vec<(Branch, Option<&Type>)> = Vec::new();
    if matches!(ty, Type::Optional(..)) {
        branches.push((Branch::Null, None));
    }
    branches.extend(
        values
            .into_iter()
            .enumerate()
            .map(|(i, t)| (Branch::Value(i), Some(t))),
    );
    Some(branches)
}

/// The value-level failures of a scalar conversion that Avro's checker accepts.
fn scalar_status(from: &Type, to: &Type) -> Status {
    let mut status = Status::default();
    if primitive(from) == Some(SchemaKind::Bytes) && primitive(to) == Some(SchemaKind::String) {
        status.fallible.push(Issue::new(IssueKind::NotUtf8));
    }
    let uuid = Type::Scalar(crate::ir::Scalar::Uuid);
    if *to == uuid && *from != uuid {
        status.fallible.push(Issue::new(IssueKind::NotUuid));
    }
    status
}

fn enum_plan(from: &EnumDef, to: &EnumDef) -> EnumPlan {
    let has = |symbol: &str| to.symbols.iter().any(|s| s.name == symbol);
    let default = to.default.as_ref().filter(|d| has(d));
    let symbols = from
        .symbols
        .iter()
        .map(|symbol| {
            let kept = has(&symbol.name);
            SymbolMapping {
                from: symbol.name.clone(),
                to: match kept {
                    true => Some(symbol.name.clone()),
                    false => default.cloned(),
                },
                defaulted: !kept && default.is_some(),
            }
        })
        .collect();
    EnumPlan { symbols }
}

fn mapping_status(mapping: &Mapping) -> Status {
    let mut status = Status::default();
    match mapping {
        Mapping::Record(record) => {
            for field in &record.fields {
                status.merge(&field.status);
            }
        }
        Mapping::Enum(plan) => {
            for symbol in plan.symbols.iter().filter(|s| s.to.is_none()) {
                status
                    .fallible
                    .push(Issue::new(IssueKind::MissingSymbol(symbol.from.clone())));
            }
        }
        Mapping::Fixed => {}
        Mapping::Impossible(issue) => status.needs_hook.push(issue.clone()),
    }
    status
}

//! Stage 6, migrations: for every versioned record or enum and every pair of its versions, the
//! **plan** that turns a value of one version into a value of the other. Code generators follow
//! plans to write upgrade and downgrade shims; [`check`] reports where a plan needs a `@migrate`
//! hook that is not declared (M001, M002), a `@migrate` that is wrong (M003) or redundant (M004).
//!
//! A plan mirrors Avro schema resolution (the target version reads data written with the source
//! version) wherever resolution is defined, and says, for every target field, where its value
//! comes from: a source field through a [`Conversion`], the field's default, a hook, or nothing
//! (a gap). Every part carries a [`Status`]: infallible, fallible (it depends on the value, with
//! the reasons) or impossible without a hook. See `docs/migrations.md`.
//!
//! ```
//! use accord_compiler::{compile_sources, config::ProjectConfig, ir::FullName, migrate};
//!
//! let source = "package shop;\nrecord Order {\n  compat none;\n  version 1 { id: long; }\n  version 2 { id: long; note: string = \"\"; }\n}\n";
//! let compiled = compile_sources(vec![("o.accord".into(), source.into())], ProjectConfig::default());
//! let plan = migrate::plan(&compiled.model, &FullName::new("shop", "Order"), 1, 2).unwrap();
//! assert!(plan.status().is_infallible());
//! ```

mod check;
mod planner;

pub use check::check;
pub use planner::{hooks_of, plan, step_without_hooks, HookUse};

use crate::avro::SchemaKind;
use crate::ir::{FullName, Type, TypeRef, Value};
use std::collections::BTreeMap;
use std::fmt;

/// A migration between two versions of one versioned type: the plans it applies, in order, and
/// every plan of a named type that they reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The migration itself: from the source version to the target version.
    pub key: StepKey,
    /// Every type plan used, keyed by source and target: this migration's (under [`Plan::key`]),
    /// the consecutive steps it composes, and those of the named types inside.
    pub plans: BTreeMap<StepKey, TypePlan>,
}

impl Plan {
    /// The type plan of the migration itself.
    pub fn root(&self) -> &TypePlan {
        &self.plans[&self.key]
    }

    /// Whether the migration is infallible, fallible or needs hooks.
    pub fn status(&self) -> &Status {
        &self.root().status
    }

    /// The plan of one type migration it uses.
    pub fn get(&self, key: &StepKey) -> Option<&TypePlan> {
        self.plans.get(key)
    }
}

/// A migration from one type version to another: the key of a [`TypePlan`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StepKey {
    /// The version values are read from (Avro's writer).
    pub from: TypeRef,
    /// The version values are turned into (Avro's reader).
    pub to: TypeRef,
}

impl StepKey {
    /// Whether it moves between versions of one type, upwards.
    pub fn is_upgrade(&self) -> bool {
        self.from.name == self.to.name && self.from.version < self.to.version
    }
}

impl fmt::Display for StepKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from.name == self.to.name {
            write!(
                f,
                "`{}` {} -> {}",
                self.from.name.name, self.from.version, self.to.version
            )
        } else {
            write!(
                f,
                "`{}@{}` -> `{}@{}`",
                self.from.name, self.from.version, self.to.name, self.to.version
            )
        }
    }
}

/// How one type version becomes another.
#[derive(Debug, Clone, PartialEq)]
pub struct TypePlan {
    /// Source and target.
    pub key: StepKey,
    /// Direct, or through consecutive versions.
    pub route: Route,
    /// Infallible, fallible or needing hooks, everything it uses included.
    pub status: Status,
}

/// How a type plan gets from source to target.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// Source and target are the same version: nothing to do.
    Identity,
    /// In one resolution step, as Avro resolves the target reading the source.
    Direct(Mapping),
    /// Through every version in between, applying these consecutive plans in order. Chosen
    /// when a step in between declares hooks for this direction, or when the direct resolution
    /// needs a hook that the steps do not.
    Composed(Vec<StepKey>),
}

/// A direct mapping between two versions of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum Mapping {
    /// Record to record.
    Record(RecordPlan),
    /// Enum to enum.
    Enum(EnumPlan),
    /// Fixed to fixed of the same size: the same bytes.
    Fixed,
    /// Two kinds of type that never resolve (a record to an enum, ...).
    Impossible(Issue),
}

/// Record to record: every target field and where its value comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordPlan {
    /// The target's fields, in target order.
    pub fields: Vec<FieldPlan>,
    /// Source fields whose value goes nowhere (not read by a target field nor by a hook).
    pub dropped: Vec<String>,
}

/// One target field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPlan {
    /// The target field's name.
    pub name: String,
    /// The target field's type.
    pub ty: Type,
    /// Where its value comes from.
    pub source: Source,
    /// Whether obtaining it can fail.
    pub status: Status,
}

/// Where a target field's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The source field of that name (or of a name in the target's `@renamed`), converted.
    Field {
        /// The source field's name.
        name: String,
        /// The source field's type.
        ty: Type,
        /// How a source value becomes a target value.
        conversion: Conversion,
    },
    /// The target field's default value (no source field provides it).
    Default(Value),
    /// A hook the user writes (`@migrate`), given its input.
    Hook {
        /// The hook's name.
        hook: String,
        /// What the hook is given.
        input: HookInput,
    },
    /// Nothing provides the value: a hook is needed.
    Gap(Issue),
}

/// What a hook is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookInput {
    /// One field of the source version (`from = field`, or the field declaring `back`).
    Field {
        /// Its name.
        name: String,
        /// Its type.
        ty: Type,
    },
    /// The whole source value (`with` without `from`).
    Value(TypeRef),
}

impl HookInput {
    /// The type of the hook's argument.
    pub fn ty(&self) -> Type {
        match self {
            HookInput::Field { ty, .. } => ty.clone(),
            HookInput::Value(reference) => Type::Named(reference.clone()),
        }
    }
}

/// Enum to enum: what every source symbol becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumPlan {
    /// One entry per source symbol, in source order.
    pub symbols: Vec<SymbolMapping>,
}

/// What one source symbol becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolMapping {
    /// The source symbol.
    pub from: String,
    /// The target symbol, if any: the same symbol, else the target's default.
    pub to: Option<String>,
    /// Whether `to` is the target's default standing in for a symbol it lacks.
    pub defaulted: bool,
}

/// How a source value becomes a target value, mirroring Avro resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Conversion {
    /// The same type: the value as it is.
    Identity,
    /// Two scalar or decimal types whose Avro primitives resolve: the same primitive under
    /// another logical type (the same number or bytes, read with another meaning), or a
    /// promotion (`int` to `long`, `float`, `double`; `long` to `float`, `double`; `float` to
    /// `double`; `string` to `bytes` and back). [`Conversion::promotion`] gives the primitives.
    Scalar {
        /// The source type.
        from: Type,
        /// The target type.
        to: Type,
    },
    /// `list<A>` to `list<B>`, element by element.
    List(Box<Conversion>),
    /// `map<A>` to `map<B>`, value by value.
    Map(Box<Conversion>),
    /// A value that is not a union (nor optional) into a branch of a union or optional target.
    Wrap {
        /// The target branch (Avro's matching rule: the first of the same type, else the first
        /// the source promotes to).
        branch: Branch,
        /// How the value becomes that branch's value.
        conversion: Box<Conversion>,
    },
    /// An optional or union source: what each of its branches becomes.
    Branches(Vec<BranchMapping>),
    /// A named type to (another version of) a named type: that type's own plan.
    Named(StepKey),
    /// Through newtypes: unwrap the source's newtypes, convert, wrap in the target's.
    Newtype {
        /// The source's newtypes, outermost first.
        unwrap: Vec<FullName>,
        /// The target's newtypes, outermost first.
        wrap: Vec<FullName>,
        /// The conversion of the wrapped values.
        inner: Box<Conversion>,
    },
    /// No conversion exists: every value needs a hook.
    Impossible(Issue),
}

impl Conversion {
    /// The Avro primitives of a [`Conversion::Scalar`] that is a promotion, else `None`.
    pub fn promotion(&self) -> Option<(SchemaKind, SchemaKind)> {
        match self {
            Conversion::Scalar { from, to } => {
                let (a, b) = (primitive(from)?, primitive(to)?);
                (a != b).then_some((a, b))
            }
            _ => None,
        }
    }
}

/// The Avro primitive a scalar or decimal type is written as.
pub fn primitive(ty: &Type) -> Option<SchemaKind> {
    match ty {
        Type::Scalar(scalar) => SchemaKind::primitive(scalar.avro_primitive()),
        Type::Decimal(_) => Some(SchemaKind::Bytes),
        _ => None,
    }
}

/// One branch of an optional or union type, as declared (not in wire order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Branch {
    /// The `null` of an optional.
    Null,
    /// The value branch at this index: `0` for `T?`, the declared index for `union<...>` and
    /// `union<...>?`.
    Value(usize),
}

/// What one source branch becomes.
#[derive(Debug, Clone, PartialEq)]
pub struct BranchMapping {
    /// The source branch.
    pub from: Branch,
    /// The target branch (`None` when the target is neither optional nor a union) and the
    /// conversion; `None` when no target branch reads it (such values fail).
    pub to: Option<(Option<Branch>, Conversion)>,
}

/// Whether a migration, or a part of one, can fail.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    /// Why some values cannot be migrated (the migration returns an error for them).
    pub fallible: Vec<Issue>,
    /// Why no value can be migrated without a hook.
    pub needs_hook: Vec<Issue>,
}

impl Status {
    /// Neither fallible nor needing a hook.
    pub fn is_infallible(&self) -> bool {
        self.fallible.is_empty() && self.needs_hook.is_empty()
    }

    /// Whether some part cannot be derived without a hook.
    pub fn needs_hook(&self) -> bool {
        !self.needs_hook.is_empty()
    }

    /// The overall verdict.
    pub fn kind(&self) -> StatusKind {
        if self.needs_hook() {
            StatusKind::NeedsHook
        } else if self.fallible.is_empty() {
            StatusKind::Infallible
        } else {
            StatusKind::Fallible
        }
    }

    /// Adds everything of `other`.
    pub fn merge(&mut self, other: &Status) {
        self.fallible.extend(other.fallible.iter().cloned());
        self.needs_hook.extend(other.needs_hook.iter().cloned());
    }

    /// The same issues, each under `prefix` (a field path).
    pub fn under(&self, prefix: &str) -> Status {
        let prefixed = |issues: &[Issue]| issues.iter().map(|i| i.under(prefix)).collect();
        Status {
            fallible: prefixed(&self.fallible),
            needs_hook: prefixed(&self.needs_hook),
        }
    }
}

/// The verdict of a [`Status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusKind {
    /// Every value migrates.
    Infallible,
    /// Some values do not migrate; the shim returns an error naming the field and reason.
    Fallible,
    /// Not derivable without a hook.
    NeedsHook,
}

/// One reason a migration fails or needs a hook, at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Where, as a field path in the target (`lines[].sku`, `method<1>.iban`); empty at the root.
    pub path: String,
    /// What.
    pub kind: IssueKind,
}

impl Issue {
    /// An issue at the root.
    pub fn new(kind: IssueKind) -> Issue {
        Issue {
            path: String::new(),
            kind,
        }
    }

    /// The same issue under `prefix`.
    pub fn under(&self, prefix: &str) -> Issue {
        let path = match (prefix.is_empty(), self.path.is_empty()) {
            (true, _) => self.path.clone(),
            (false, true) => prefix.to_string(),
            (false, false) if self.path.starts_with(['[', '{', '<']) => {
                format!("{prefix}{}", self.path)
            }
            (false, false) => format!("{prefix}.{}", self.path),
        };
        Issue {
            path,
            kind: self.kind.clone(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "`{}`: {}", self.path, self.kind)
        }
    }
}

/// The reasons a migration fails or needs a hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKind {
    // ---- needing a hook ---------------------------------------------------------------------
    /// A target field that no source field provides, without a default.
    NoSource,
    /// Types that do not resolve (not the same, not a promotion).
    TypeMismatch {
        /// The source type.
        from: Type,
        /// The target type.
        to: Type,
    },
    /// Named types of different names (and no `@renamed` alias).
    NameMismatch {
        /// The source type.
        from: FullName,
        /// The target type.
        to: FullName,
    },
    /// Fixed types of different sizes.
    FixedSizeMismatch {
        /// The source size.
        from: u64,
        /// The target size.
        to: u64,
    },
    /// A target field whose name and `@renamed` names match several source fields.
    AmbiguousField(Vec<String>),
    /// A value that is not a union, and no branch of the target union reads it.
    NoBranch(Type),
    /// The plan of a named type inside needs a hook.
    Nested(StepKey),
    // ---- fallible ---------------------------------------------------------------------------
    /// An enum symbol the target lacks, and the target has no default.
    MissingSymbol(String),
    /// A union branch (or the `null` of an optional) that no target branch reads.
    MissingBranch(Branch),
    /// `bytes` read as `string`: fails unless the bytes are UTF-8.
    NotUtf8,
    /// A string read as `uuid`: fails unless it is a UUID.
    NotUuid,
    /// The plan of a named type inside is fallible.
    NestedFallible(StepKey),
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueKind::NoSource => write!(f, "no field provides it and it has no default"),
            IssueKind::TypeMismatch { from, to } => {
                write!(f, "`{from}` does not convert to `{to}`")
            }
            IssueKind::NameMismatch { from, to } => {
                write!(f, "`{from}` is not `{to}` (no `@renamed` alias)")
            }
            IssueKind::FixedSizeMismatch { from, to } => {
                write!(f, "fixed size {from} does not convert to size {to}")
            }
            IssueKind::AmbiguousField(names) => {
                write!(f, "matches several fields: {}", names.join(", "))
            }
            IssueKind::NoBranch(ty) => write!(f, "no branch of the union reads `{ty}`"),
            IssueKind::Nested(key) => write!(f, "{key} needs a hook"),
            IssueKind::MissingSymbol(symbol) => {
                write!(
                    f,
                    "symbol `{symbol}` does not exist and there is no default"
                )
            }
            IssueKind::MissingBranch(Branch::Null) => write!(f, "fails on null"),
            IssueKind::MissingBranch(Branch::Value(i)) => {
                write!(f, "union branch {i} has no counterpart")
            }
            IssueKind::NotUtf8 => write!(f, "fails on bytes that are not UTF-8"),
            IssueKind::NotUuid => write!(f, "fails on a string that is not a UUID"),
            IssueKind::NestedFallible(key) => write!(f, "{key} can fail"),
        }
    }
}

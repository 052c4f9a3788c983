//! Python names of everything the package defines: modules, classes, codecs, wrappers,
//! migration steps, fields and enum members (rules in `docs/python.md`, "Names").
//!
//! Names are given in a fixed order, module by module, so that a name's spelling never depends
//! on what is generated after it: natural names first, then version classes, codecs, layouts,
//! topics, machines, module aliases, union wrappers, migration names, and fields and members
//! last.

use super::machines;
use super::migrations;
use super::names::{pascal, Namer, CLASS_MEMBERS, MODULE_ALIASES};
use super::types::{colliding, for_each_union, newtype_base, referenced_packages};
use crate::codegen::json_encoding::branch_tag;
use crate::codegen::{type_ref, version_name, Input};
use crate::ir::*;
use crate::migrate::StepKey;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Names the root `__init__.py` binds and the root's own modules (`_runtime`, `_tables`,
/// `arrow`, `spark`): packages must not take them.
pub(super) const ROOT_NAMES: &[&str] = &[
    "_runtime",
    "REGISTRY",
    "ContractError",
    "by_fingerprint",
    "from_avro",
    "upgrade",
    "downgrade",
    "decode_any",
    "decode_json",
    "_MIGRATIONS",
    "_LATEST",
    "_FINGERPRINTS",
    "_tables",
    "arrow",
    "spark",
    "annotations",
    "py",
];

/// Attributes the runtime gives record classes, beyond [`CLASS_MEMBERS`].
const RECORD_MEMBERS: &[&str] = &[
    "_FIELD_TABLE",
    "_FIELDS",
    "_accord_defaults",
    "_accord_fields",
    "_accord_required",
    "_warn_deprecated",
];

/// Attributes the runtime gives enum classes, beyond [`CLASS_MEMBERS`].
const ENUM_MEMBERS: &[&str] = &[
    "name",
    "value",
    "mro",
    "_DEFAULT",
    "_accord_members",
    "_accord_index",
];

/// The Python module of one accord package.
#[derive(Debug, Clone)]
pub(super) struct Module {
    /// Dotted import path, e.g. `accord_shop.shop.orders`.
    pub(super) dotted: String,
    /// File path under the root package directory, e.g. `shop/orders.py`.
    pub(super) path: String,
    /// The module's namespace.
    pub(super) namer: Namer,
    /// Aliases of the modules it imports, by accord package.
    pub(super) imports: BTreeMap<String, String>,
    /// Wrapper classes by (JSON tag, label).
    pub(super) wrappers: BTreeMap<(String, String), String>,
}

/// How a newtype or fixed type version appears in Python.
#[derive(Debug, Clone)]
pub(super) enum Alias {
    /// `typing.NewType(name, base)`.
    NewType(String),
    /// `name: TypeAlias = "annotation"`.
    TypeAlias,
}

/// The Python names of one type version.
#[derive(Debug, Clone)]
pub(super) struct TypeNames {
    pub(super) class: String,
    pub(super) codec: Option<String>,
    pub(super) alias: Option<Alias>,
    pub(super) fields: Vec<String>,
    pub(super) members: Vec<String>,
}

/// Every Python name of the package.
pub(super) struct Naming {
    pub(super) root: String,
    pub(super) modules: BTreeMap<String, Module>,
    /// Directories that are packages without contracts of their own.
    pub(super) plain_dirs: Vec<String>,
    pub(super) types: HashMap<TypeRef, TypeNames>,
    /// `Order = OrderV2` aliases of versioned types, by full name.
    pub(super) latest: BTreeMap<FullName, String>,
    /// Layout version classes, by layout and version.
    pub(super) layouts: HashMap<(FullName, u32), String>,
    /// Topic classes, by topic.
    pub(super) topics: HashMap<FullName, String>,
    /// Machine version classes (each holding its reducer), by machine and version.
    pub(super) machines: HashMap<(FullName, u32), String>,
    /// The migrations the shims follow (the Rust target's too).
    pub(super) migrations: crate::codegen::migrations::Migrations,
    /// `AnyOrder`: the alias of every version of a versioned record or enum, by full name.
    pub(super) any: BTreeMap<FullName, String>,
    /// `OrderHooks`: the protocol of a versioned record's `@migrate` hooks, by full name.
    pub(super) hooks: BTreeMap<FullName, String>,
    /// The step function of every type migration, in the module of its target.
    pub(super) steps: BTreeMap<crate::migrate::StepKey, String>,
    /// The direct sub-packages of every package directory (see [`Naming::package_tree`]).
    pub(super) tree: BTreeMap<String, Vec<String>>,
}

impl Module {
    /// The module's path relative to the root package without `.py` or `/__init__.py`
    /// (`shop/orders`): its key in [`Naming::tree`].
    pub(super) fn dir(&self) -> String {
        let dir = self.path.trim_end_matches("/__init__.py");
        dir.trim_end_matches(".py").to_string()
    }

    /// The module's import path relative to the root package (`shop.orders`).
    pub(super) fn relative(&self) -> String {
        self.dir().replace('/', ".")
    }
}

impl Naming {
    /// Names everything of the model's packages.
    pub(super) fn new(input: Input) -> Naming {
        let model = input.model;
        let packages: BTreeSet<String> = model
            .types
            .keys()
            .chain(model.layouts.keys())
            .chain(model.topics.keys())
            .chain(model.machines.keys())
            .map(|n| n.package.clone())
            .collect();
        let (segments, plain_dirs) = module_paths(&packages);
        let mut naming = Naming {
            root: input.python.package.clone(),
            modules: BTreeMap::new(),
            plain_dirs,
            types: HashMap::new(),
            latest: BTreeMap::new(),
            layouts: HashMap::new(),
            topics: HashMap::new(),
            machines: HashMap::new(),
            migrations: crate::codegen::migrations::Migrations::new(model),
            any: BTreeMap::new(),
            hooks: BTreeMap::new(),
            steps: BTreeMap::new(),
            tree: BTreeMap::new(),
        };
        for package in &packages {
            naming.name_module(model, package, &packages, &segments);
        }
        // Newtype kinds need every name; imports and wrappers need the kinds.
        let refs: Vec<TypeRef> = naming.types.keys().cloned().collect();
        naming.name_aliases(model, &refs);
        for package in &packages {
            naming.name_imports(model, package, &segments);
        }
        for package in &packages {
            naming.name_wrappers(model, package);
        }
        naming.name_migrations(model);
        // Field and member names last: they avoid every module-level name.
        for reference in &refs {
            naming.name_members(model, reference);
        }
        naming.tree = naming.package_tree();
        naming
    }

    /// Names the module of `package` and its module-level classes.
    fn name_module(
        &mut self,
        model: &Model,
        package: &str,
        packages: &BTreeSet<String>,
        segments: &BTreeMap<String, Vec<String>>,
    ) {
        let escaped = &segments[package];
        let prefix = format!("{package}.");
        // The packages under this one are a range of the sorted maps: linear in all, not
        // quadratic in the number of packages.
        let is_dir = packages
            .range(prefix.clone()..)
            .next()
            .is_some_and(|p| p.starts_with(&prefix));
        let children: Vec<&str> = segments
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .filter(|(_, s)| s.len() == escaped.len() + 1)
            .map(|(_, s)| s.last().map(String::as_str).unwrap_or_default())
            .collect();
        let mut namer = Namer::new(
            MODULE_ALIASES
                .iter()
                .chain(migrations::LOCALS)
                .copied()
                .chain(children),
        );
        self.name_types(model, package, &mut namer);
        self.name_layouts_and_topics(model, package, &mut namer);
        let path = if is_dir {
            format!("{}/__init__.py", escaped.join("/"))
        } else {
            format!("{}.py", escaped.join("/"))
        };
        self.modules.insert(
            package.to_string(),
            Module {
                dotted: format!("{}.{}", self.root, escaped.join(".")),
                path,
                namer,
                imports: BTreeMap::new(),
                wrappers: BTreeMap::new(),
            },
        );
    }

    /// Names the classes and codecs of the type versions of `package`.
    #[allow(
        clippy::expect_used,
        reason = "every type version of `package` gets its names in the loops above the `expect`"
    )]
    fn name_types(&mut self, model: &Model, package: &str, namer: &mut Namer) {
        let defs: Vec<&TypeDef> = model.types_in(package).collect();
        // Natural names first: unversioned types, and the latest alias of versioned ones.
        let natural: Vec<String> = defs.iter().map(|d| d.name.name.clone()).collect();
        let natural = namer.name_all(&natural);
        for (def, name) in defs.iter().zip(&natural) {
            if def.versioned {
                self.latest.insert(def.name.clone(), name.clone());
            } else {
                self.types
                    .insert(type_ref(def, def.latest()), TypeNames::new(name.clone()));
            }
        }
        for def in defs.iter().filter(|d| d.versioned) {
            for version in &def.versions {
                let class = namer.name(&format!("{}V{}", def.name.name, version.number));
                self.types
                    .insert(type_ref(def, version), TypeNames::new(class));
            }
        }
        for (def, version) in defs
            .iter()
            .flat_map(|d| d.versions.iter().map(move |v| (*d, v)))
        {
            if matches!(version.body, Body::Newtype(_) | Body::Fixed(_)) {
                let names = self.types.get_mut(&type_ref(def, version)).expect("named");
                names.codec = Some(namer.name(&format!("{}Codec", names.class)));
            }
        }
    }

    /// Names the layout version classes, topic classes and machine version classes of
    /// `package`.
    fn name_layouts_and_topics(&mut self, model: &Model, package: &str, namer: &mut Namer) {
        for def in model.layouts_in(package) {
            for version in &def.versions {
                let wanted = version_name(&def.name, def.versioned, version.number);
                self.layouts
                    .insert((def.name.clone(), version.number), namer.name(&wanted));
            }
        }
        for def in model.topics_in(package) {
            self.topics
                .insert(def.name.clone(), namer.name(&def.name.name));
        }
        for def in model.machines_in(package) {
            for version in &def.versions {
                let mut wanted = version_name(&def.name, def.versioned, version.number);
                if machines::REDUCER_MEMBERS.contains(&wanted.as_str()) {
                    wanted.push_str("Machine");
                }
                self.machines
                    .insert((def.name.clone(), version.number), namer.name(&wanted));
            }
        }
    }

    /// Decides how each newtype and fixed type version appears (`NewType` or a type alias).
    #[allow(
        clippy::expect_used,
        reason = "`refs` are type versions of `model`, all named by `name_types` first"
    )]
    fn name_aliases(&mut self, model: &Model, refs: &[TypeRef]) {
        for reference in refs {
            let (_, version) = model.resolve(reference).expect("named types resolve");
            let alias = match &version.body {
                Body::Fixed(f) if f.decimal.is_some() => {
                    Some(Alias::NewType("_decimal.Decimal".into()))
                }
                Body::Fixed(_) => Some(Alias::NewType("bytes".into())),
                Body::Newtype(inner) => Some(match newtype_base(model, inner) {
                    Some(base) => Alias::NewType(base),
                    None => Alias::TypeAlias,
                }),
                _ => None,
            };
            self.types.get_mut(reference).expect("named").alias = alias;
        }
    }

    /// Names the aliases of the modules `package` imports.
    #[allow(
        clippy::expect_used,
        reason = "`modules` has an entry for every package of the model, made before naming"
    )]
    fn name_imports(
        &mut self,
        model: &Model,
        package: &str,
        segments: &BTreeMap<String, Vec<String>>,
    ) {
        let used = referenced_packages(model, package);
        let module = self.modules.get_mut(package).expect("module");
        for other in used.iter().filter(|p| *p != package) {
            let wanted = format!("_{}", segments[other].join("_"));
            let alias = module.namer.name(&wanted);
            module.imports.insert(other.clone(), alias);
        }
    }

    /// Names the wrapper classes of the union branches of `package` that share a Python type.
    #[allow(
        clippy::expect_used,
        reason = "`modules` has an entry for every package of the model, made before naming"
    )]
    fn name_wrappers(&mut self, model: &Model, package: &str) {
        let mut wanted = BTreeMap::new();
        for def in model.types_in(package) {
            for version in &def.versions {
                for_each_union(model, &version.body, &mut |branches| {
                    for (branch, wrap) in branches.iter().zip(colliding(model, branches)) {
                        if wrap {
                            let key = (branch_tag(model, branch), self.label(branch));
                            wanted.entry(key).or_insert(());
                        }
                    }
                });
            }
        }
        let module = self.modules.get_mut(package).expect("module");
        for key in wanted.into_keys() {
            let name = module.namer.name(&format!("{}Value", pascal(&key.1)));
            module.wrappers.insert(key, name);
        }
    }

    /// Names the fields of a record version or the members of an enum version.
    #[allow(
        clippy::expect_used,
        reason = "`reference` is a type version of `model`, named by `name_types` first"
    )]
    fn name_members(&mut self, model: &Model, reference: &TypeRef) {
        let (def, version) = model.resolve(reference).expect("named types resolve");
        let module = &self.modules[&def.name.package];
        let names = match &version.body {
            Body::Record(fields) => {
                let mut namer = module.namer.clone();
                for name in CLASS_MEMBERS.iter().chain(RECORD_MEMBERS) {
                    namer.reserve(name);
                }
                let wanted: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
                (namer.name_all(&wanted), Vec::new())
            }
            Body::Enum(e) => {
                let mut namer = Namer::new(CLASS_MEMBERS.iter().chain(ENUM_MEMBERS).copied());
                let wanted: Vec<String> = e
                    .symbols
                    .iter()
                    .map(|s| {
                        // Enum treats names starting with `_` specially.
                        if s.name.starts_with('_') {
                            format!("x{}", s.name)
                        } else {
                            s.name.clone()
                        }
                    })
                    .collect();
                (Vec::new(), namer.name_all(&wanted))
            }
            _ => (Vec::new(), Vec::new()),
        };
        let entry = self.types.get_mut(reference).expect("named");
        (entry.fields, entry.members) = names;
    }

    /// The direct sub-packages (escaped names, sorted) of every package directory, by its path
    /// relative to the root package (`""` for the root, `shop/orders`, ...).
    fn package_tree(&self) -> BTreeMap<String, Vec<String>> {
        let mut tree: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let modules = self.modules.values().map(Module::dir);
        for dir in modules.chain(self.plain_dirs.iter().cloned()) {
            let (parent, name) = match dir.rsplit_once('/') {
                Some((parent, name)) => (parent.to_string(), name.to_string()),
                None => (String::new(), dir),
            };
            tree.entry(parent).or_default().push(name);
        }
        for children in tree.values_mut() {
            children.sort();
        }
        tree
    }

    /// Names the `Any…` aliases, `…Hooks` protocols and step functions of every module.
    fn name_migrations(&mut self, model: &Model) {
        let mut steps_into: HashMap<&str, Vec<&StepKey>> = HashMap::new();
        for key in self.migrations.steps.keys() {
            let package = key.to.name.package.as_str();
            steps_into.entry(package).or_default().push(key);
        }
        for (package, module) in self.modules.iter_mut() {
            for def in model.types_in(package) {
                let versioned =
                    def.versioned && matches!(def.kind, TypeKind::Record | TypeKind::Enum);
                if !versioned {
                    continue;
                }
                let any = module.namer.name(&format!("Any{}", def.name.name));
                self.any.insert(def.name.clone(), any);
                if !crate::migrate::hooks_of(def).is_empty() {
                    let hooks = module.namer.name(&format!("{}Hooks", def.name.name));
                    self.hooks.insert(def.name.clone(), hooks);
                }
            }
            let types = &self.types;
            let class = |r: &TypeRef| types[r].class.clone();
            let keys = steps_into
                .get(package.as_str())
                .map_or(&[][..], Vec::as_slice);
            let steps = migrations::name_steps(keys, &class, &mut module.namer);
            self.steps.extend(steps);
        }
    }

    /// The label of a union branch, which names its wrapper class.
    pub(super) fn label(&self, ty: &Type) -> String {
        match ty {
            Type::Scalar(s) => s.name().to_string(),
            Type::Decimal(_) => "decimal".into(),
            Type::List(_) => "list".into(),
            Type::Map(_) => "map".into(),
            Type::Optional(..) | Type::Union(_) => "union".into(),
            Type::Named(r) => self
                .types
                .get(r)
                .map_or_else(|| r.name.name.clone(), |n| n.class.clone()),
        }
    }
}

impl TypeNames {
    fn new(class: String) -> TypeNames {
        TypeNames {
            class,
            codec: None,
            alias: None,
            fields: Vec::new(),
            members: Vec::new(),
        }
    }
}

/// The escaped path segments of every package's module, and the directories (relative to the
/// root package) that only hold other packages.
fn module_paths(packages: &BTreeSet<String>) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    // Every prefix of every package, so siblings are named together.
    let mut prefixes: BTreeSet<Vec<String>> = BTreeSet::new();
    for package in packages {
        let parts: Vec<String> = package.split('.').map(String::from).collect();
        for n in 1..=parts.len() {
            prefixes.insert(parts[..n].to_vec());
        }
    }
    let mut escaped: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut parents: BTreeMap<Vec<String>, Vec<Vec<String>>> = BTreeMap::new();
    for prefix in &prefixes {
        parents
            .entry(prefix[..prefix.len() - 1].to_vec())
            .or_default()
            .push(prefix.clone());
    }
    // Parents sort before their children, so their escaped path exists when children are named.
    for (parent, children) in &parents {
        let mut namer = if parent.is_empty() {
            Namer::new(ROOT_NAMES.iter().copied())
        } else {
            Namer::new([])
        };
        let wanted: Vec<String> = children.iter().map(|c| c[c.len() - 1].clone()).collect();
        let named = namer.name_all(&wanted);
        let base = escaped.get(parent).cloned().unwrap_or_default();
        for (child, name) in children.iter().zip(named) {
            let mut path = base.clone();
            path.push(name);
            escaped.insert(child.clone(), path);
        }
    }
    let modules = packages
        .iter()
        .map(|p| {
            let parts: Vec<String> = p.split('.').map(String::from).collect();
            (p.clone(), escaped[&parts].clone())
        })
        .collect();
    let plain = prefixes
        .iter()
        .filter(|p| !packages.contains(&p.join(".")))
        .map(|p| escaped[p].join("/"))
        .collect();
    (modules, plain)
}

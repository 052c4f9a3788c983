//! The Rust target: typed structs and enums for every type version, with serde derives for the
//! JSON encoding (`docs/json-encoding.md`), generated Avro binary encoders and decoders, and an
//! `::accord::Contract` impl (names, fingerprint, schemas). See `docs/rust.md` for the mapping.
//!
//! Output, relative to the output directory: `mod.rs`, the module tree, which `include!`s one
//! file per package (`shop/orders.rs` for `shop.orders`). Every file starts with an
//! `@generated` header. Every item (types, migrations, layouts, topics, machines, the module
//! tree) is written as text by [`code::Code`], which indents by the brackets left open: no token
//! trees, no parsing, no pretty-printer. Every function gets `#[inline]` (`docs/rust.md`,
//! Performance).

mod code;
mod crates;
mod defaults;
mod docs;
mod enums;
mod items;
mod layouts;
pub(crate) mod lower;
mod machines;
mod migrations;
pub mod names;
pub mod parts;
mod publication;
mod record;
mod topics;

use super::{GeneratedFile, Input};
use crate::ir::*;
use crate::output::{Collected, FileSink};
pub use crates::{crate_files, Runtime};
pub(crate) use items::union_avro_impls;
use lower::{Lowered, Lowering, Target, UnionDef};
use names::{camel, snake, Scope};
use parts::Parts;
use proc_macro2::Ident;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The file users include: `include!(concat!(env!("OUT_DIR"), "/accord/mod.rs"))`.
pub const ROOT_FILE: &str = "mod.rs";

/// The Rust names of every type version, and the crate of each package.
pub struct Names {
    types: HashMap<TypeRef, Ident>,
    aliases: HashMap<FullName, Ident>,
    /// The crate of each package when the generated crate is a workspace of parts.
    crates: HashMap<String, Arc<str>>,
}

impl Names {
    /// The names, and the package scopes holding them (unions claim names there later).
    fn new(model: &Model, parts: Option<&Parts>) -> (Names, BTreeMap<String, Scope>) {
        let mut scopes: BTreeMap<String, Scope> = BTreeMap::new();
        let mut names = Names {
            types: HashMap::new(),
            aliases: HashMap::new(),
            crates: parts.map(Parts::crate_of_package).unwrap_or_default(),
        };
        // Declared names and aliases first, so that they keep their spelling.
        for def in model.types.values() {
            let scope = scopes.entry(def.name.package.clone()).or_default();
            let ident = scope.claim(&type_name(&def.name.name));
            if def.versioned {
                names.aliases.insert(def.name.clone(), ident);
            } else {
                names
                    .types
                    .insert(super::type_ref(def, def.latest()), ident);
            }
        }
        for def in model.types.values().filter(|d| d.versioned) {
            let scope = scopes.entry(def.name.package.clone()).or_default();
            for version in &def.versions {
                let ident = scope.claim(&format!("{}V{}", def.name.name, version.number));
                names.types.insert(super::type_ref(def, version), ident);
            }
        }
        (names, scopes)
    }

    /// Where the type version is generated.
    pub fn target(&self, reference: &TypeRef) -> Target {
        self.item(&reference.name.package, self.types[reference].clone())
    }

    /// The item `ident` of `package`.
    pub fn item(&self, package: &str, ident: Ident) -> Target {
        Target {
            package: package.to_owned(),
            ident,
            krate: self.crates.get(package).cloned(),
        }
    }

    /// The path to `ident` of `package` from the module of package `current`.
    pub fn path(&self, package: &str, ident: &impl std::fmt::Display, current: &str) -> String {
        let krate = self.crates.get(package).map(|k| &**k);
        item_path(package, ident, krate, current)
    }
}

/// A type's name, with `_` appended to the names of Rust's primitive types (a struct `u8`
/// would shadow the primitive in its module).
fn type_name(name: &str) -> String {
    const PRIMITIVES: &[&str] = &[
        "bool", "char", "str", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8",
        "u16", "u32", "u64", "u128", "usize",
    ];
    if PRIMITIVES.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// The path to `ident` of `package` from the module of package `current`: the bare name in
/// the same package, else relative (`super::…`) in a single crate, or from the crate root of
/// `krate` in a workspace of parts (each part names itself with `extern crate self as`).
fn item_path(
    package: &str,
    ident: &impl std::fmt::Display,
    krate: Option<&str>,
    current: &str,
) -> String {
    let mut path = String::new();
    if package != current {
        match krate {
            Some(krate) => {
                path.push_str("::");
                path.push_str(krate);
                path.push_str("::");
            }
            None => {
                for _ in current.split('.') {
                    path.push_str("super::");
                }
            }
        }
        for segment in package.split('.') {
            path.push_str(&names::ident(segment).to_string());
            path.push_str("::");
        }
    }
    path.push_str(&ident.to_string());
    path
}

/// A record field as generated.
pub(crate) struct LField<'a> {
    pub ident: Ident,
    pub lowered: Lowered,
    pub field: &'a Field,
}

/// A type version's body as generated.
pub(crate) enum Body<'a> {
    Record(Vec<LField<'a>>),
    /// Symbols and their variant names.
    Enum(Vec<(String, Ident)>),
    Fixed(u64, Option<Decimal>),
    Newtype(Lowered, Type),
}

/// Everything generation computes before writing items.
pub(crate) struct Generator<'a> {
    pub input: Input<'a>,
    pub model: &'a Model,
    pub names: Names,
    pub scopes: BTreeMap<String, Scope>,
    pub bodies: HashMap<TypeRef, Body<'a>>,
    pub unions: BTreeMap<String, Vec<UnionDef>>,
    pub errors: BTreeMap<String, Vec<String>>,
    pub migrations: migrations::Migrations,
    pub(crate) layouts: layouts::LayoutIdents,
    /// Per topic: its struct, its value enum, and its key enum when it allows several key versions.
    pub(crate) topic_idents: HashMap<FullName, (Ident, Ident, Option<Ident>)>,
    /// Per machine version: its struct, snapshot and outcome.
    pub(crate) machines: machines::MachineIdents,
}

impl<'a> Generator<'a> {
    /// Lowers every type version of the input's model, for one crate or for the workspace of
    /// `parts`.
    pub(crate) fn new(input: Input<'a>, parts: Option<&Parts>) -> Generator<'a> {
        let (names, mut scopes) = Names::new(input.model, parts);
        let layouts = layouts::LayoutIdents::new(input.model, &mut scopes);
        let mut topic_idents = HashMap::new();
        for def in input.model.topics.values() {
            let scope = scopes.entry(def.name.package.clone()).or_default();
            let ident = scope.claim(&def.name.name);
            let value = scope.claim(&format!("{}Value", def.name.name));
            let key =
                (def.key.refs().len() > 1).then(|| scope.claim(&format!("{}Key", def.name.name)));
            topic_idents.insert(def.name.clone(), (ident, value, key));
        }
        let machines = machines::MachineIdents::new(input.model, &mut scopes);
        let mut generator = Generator {
            input,
            model: input.model,
            names,
            scopes,
            bodies: HashMap::new(),
            unions: BTreeMap::new(),
            errors: BTreeMap::new(),
            migrations: migrations::Migrations::new(input.model),
            layouts,
            topic_idents,
            machines,
        };
        for (def, version) in input.model.type_versions() {
            let body = generator.lower_body(def, version);
            generator.bodies.insert(super::type_ref(def, version), body);
        }
        generator
    }

    fn lower_body(&mut self, def: &TypeDef, version: &'a TypeVersion) -> Body<'a> {
        let package = def.name.package.as_str();
        let owner = super::type_ref(def, version);
        let site = self.names.types[&owner].to_string();
        let site = site
            .trim_start_matches("r#")
            .trim_end_matches('_')
            .to_owned();
        let mut lowering = Lowering {
            model: self.model,
            names: &self.names,
            package,
            owner,
            scope: self.scopes.entry(package.to_owned()).or_default(),
            unions: self.unions.entry(package.to_owned()).or_default(),
            errors: self.errors.entry(package.to_owned()).or_default(),
        };
        match &version.body {
            Body_::Record(fields) => {
                let mut scope = Scope::default();
                let fields = fields
                    .iter()
                    .map(|field| LField {
                        ident: scope.claim(&snake(&field.name)),
                        lowered: lowering.lower(
                            &field.ty,
                            field.default.as_ref(),
                            &format!("{site}{}", camel(&field.name)),
                        ),
                        field,
                    })
                    .collect();
                Body::Record(fields)
            }
            Body_::Enum(e) => {
                let mut scope = Scope::default();
                let symbols = e
                    .symbols
                    .iter()
                    .map(|s| (s.name.clone(), scope.claim(&camel(&s.name))));
                Body::Enum(symbols.collect())
            }
            Body_::Fixed(fixed) => {
                if let Some(decimal) = fixed.decimal {
                    lowering.check_precision(decimal);
                }
                Body::Fixed(fixed.size, fixed.decimal)
            }
            Body_::Newtype(inner) => Body::Newtype(
                lowering.lower(inner, None, &format!("{site}Inner")),
                inner.clone(),
            ),
        }
    }
}

use crate::ir::Body as Body_;

/// Every file of the Rust target, paths relative to its output directory, sorted by path.
pub fn files(input: Input) -> Vec<GeneratedFile> {
    let collected = Collected::default();
    files_into(input, &collected);
    let mut files = collected.into_files();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Hands every file of the Rust target to `sink` as soon as it is made, so that no more than
/// one package file per thread is held at once.
pub fn files_into(input: Input, sink: &dyn FileSink) {
    let generator = Generator::new(input, None);
    sink.put(generator.root(&generator.packages()));
    package_files_into(input, generator, None, sink);
}

/// Hands the file of every package to `sink`, generated in a single crate or in the workspace
/// of `parts`.
///
/// Package files are independent once names are assigned, so they are generated on every core:
/// the packages are cut into one run of about equal size per thread, and each thread lowers the
/// model into a [`Generator`] of its own, which assigns the same names as every other, since
/// naming is deterministic. The content of every file does not depend on the number of threads.
fn package_files_into(
    input: Input,
    generator: Generator,
    parts: Option<&Parts>,
    sink: &dyn FileSink,
) {
    let packages = generator.packages();
    let packages: Vec<(&str, &[&TypeDef])> = packages
        .iter()
        .map(|(package, defs)| (*package, defs.as_slice()))
        .collect();
    let runs = balanced_runs(&packages, rayon::current_num_threads());
    if runs.len() <= 1 || crate::codegen::in_proc_macro() {
        generator.package_files(&packages, sink);
        return;
    }
    drop(generator);
    runs.par_iter()
        .for_each(|run| Generator::new(input, parts).package_files(run, sink));
}

/// `packages` cut into at most `count` consecutive runs of about equal weight (a package weighs
/// its type versions, and one for its file).
fn balanced_runs<'p, 'a>(
    packages: &'p [(&'a str, &'a [&'a TypeDef])],
    count: usize,
) -> Vec<&'p [(&'a str, &'a [&'a TypeDef])]> {
    let weight = |(_, defs): &(&str, &[&TypeDef])| {
        1 + defs.iter().map(|def| def.versions.len()).sum::<usize>()
    };
    let total: usize = packages.iter().map(weight).sum();
    let share = total.div_ceil(count.max(1)).max(1);
    let mut runs = Vec::new();
    let (mut start, mut filled) = (0, 0);
    for (index, package) in packages.iter().enumerate() {
        filled += weight(package);
        if filled >= share {
            runs.push(&packages[start..=index]);
            (start, filled) = (index + 1, 0);
        }
    }
    if start < packages.len() {
        runs.push(&packages[start..]);
    }
    runs
}

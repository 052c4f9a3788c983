//! The packages of a large project cut into part crates, along their reference graph.
//!
//! rustc builds one crate in one process, and its memory grows with the crate's items (about
//! half a megabyte a type version in a debug build). A generated crate over thousands of type
//! versions is therefore written as a workspace of part crates, each holding whole packages and
//! at most [`DEFAULT_PART_SIZE`] type versions (`docs/rust.md`, Large projects):
//!
//! * a package referencing another one (a field, list, map or union of its type, a newtype's
//!   inner type, a layout's stored type or segment, a topic's key or value, a machine's event
//!   and the types of its instance, key and state) is in the same part
//!   or in an earlier one, so a part depends only on earlier parts;
//! * packages referencing each other, directly or through others (a strongly connected
//!   component of the graph), are in the same part, whatever its size;
//! * the components are taken by level (those referencing no other first, then those
//!   referencing only them, and so on), then by name, and packed into parts in turn: parts of
//!   one level are independent, so cargo builds them at once.

use crate::ir::*;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The most type versions a part crate gets unless told otherwise: rustc stays well under a
/// gigabyte on such a part, and a two-core machine builds two parts at once within 2 GB
/// (`docs/scale.md`).
pub const DEFAULT_PART_SIZE: u32 = 1000;

/// The part crates of a generated workspace and the packages each holds.
#[derive(Debug)]
pub struct Parts {
    /// The name of the facade crate; the parts are `{name}-part-1`, `{name}-part-2`, ...
    name: String,
    /// Each part, in build order.
    parts: Vec<Part>,
}

/// One part crate.
#[derive(Debug, Default)]
pub struct Part {
    /// Its packages, sorted.
    pub packages: Vec<String>,
    /// The earlier parts it references, by index.
    pub dependencies: BTreeSet<usize>,
    /// Its type versions.
    pub size: usize,
}

impl Parts {
    /// The packages of `model` cut into parts of at most `size` type versions (a cycle of
    /// packages larger than that is one part), for the facade crate `name`.
    pub fn new(model: &Model, name: &str, size: usize) -> Parts {
        let graph = PackageGraph::new(model);
        let mut parts = vec![Part::default()];
        let mut part_of: HashMap<NodeIndex, usize> = HashMap::new();
        for component in graph.components_by_level() {
            let weight: usize = component.iter().map(|node| graph.weights[node]).sum();
            let last = parts.len() - 1;
            if parts[last].size > 0 && parts[last].size + weight > size {
                parts.push(Part::default());
            }
            let index = parts.len() - 1;
            for node in component {
                part_of.insert(node, index);
                parts[index].packages.push(graph.graph[node].to_owned());
            }
            parts[index].size += weight;
        }
        for edge in graph.graph.raw_edges() {
            let (from, to) = (part_of[&edge.source()], part_of[&edge.target()]);
            if from != to {
                parts[from].dependencies.insert(to);
            }
        }
        for part in &mut parts {
            part.packages.sort_unstable();
        }
        Parts {
            name: name.to_owned(),
            parts,
        }
    }

    /// The parts, in build order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The name of the facade crate.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The package name of part `index` (`{name}-part-{index + 1}`).
    pub fn package_name(&self, index: usize) -> String {
        format!("{}-part-{}", self.name, index + 1)
    }

    /// The crate name of part `index`, as Rust paths spell it.
    pub fn crate_ident(&self, index: usize) -> String {
        self.package_name(index).replace('-', "_")
    }

    /// The crate name of the part holding each package.
    pub fn crate_of_package(&self) -> HashMap<String, Arc<str>> {
        let mut crates = HashMap::new();
        for (index, part) in self.parts.iter().enumerate() {
            let ident: Arc<str> = self.crate_ident(index).into();
            for package in &part.packages {
                crates.insert(package.clone(), ident.clone());
            }
        }
        crates
    }
}

/// The packages that get a file, each weighing its type versions, and an edge from each to
/// every other package it references.
struct PackageGraph<'m> {
    graph: DiGraph<&'m str, ()>,
    weights: HashMap<NodeIndex, usize>,
}

impl<'m> PackageGraph<'m> {
    fn new(model: &'m Model) -> PackageGraph<'m> {
        let mut references: BTreeMap<&'m str, (usize, BTreeSet<&'m str>)> = BTreeMap::new();
        for def in model.types.values() {
            let (weight, targets) = references.entry(&def.name.package).or_default();
            *weight += def.versions.len();
            for version in &def.versions {
                match &version.body {
                    Body::Record(fields) => {
                        fields.iter().for_each(|f| packages_of(&f.ty, targets));
                    }
                    Body::Newtype(inner) => packages_of(inner, targets),
                    Body::Enum(_) | Body::Fixed(_) => {}
                }
            }
        }
        for def in model.layouts.values() {
            let (_, targets) = references.entry(&def.name.package).or_default();
            for version in &def.versions {
                targets.extend(version.stores.iter().map(|r| r.name.package.as_str()));
                for part in &version.parts {
                    if let LayoutPart::Segment(LayoutSegment {
                        ty: SegmentType::Written(ty, _),
                        ..
                    }) = part
                    {
                        packages_of(ty, targets);
                    }
                }
            }
        }
        for def in model.topics.values() {
            let (_, targets) = references.entry(&def.name.package).or_default();
            for ty in def.key.types.iter().chain(&def.value.types) {
                packages_of(ty, targets);
            }
        }
        for def in model.machines.values() {
            let (_, targets) = references.entry(&def.name.package).or_default();
            def.versions
                .iter()
                .for_each(|version| machine_packages(model, version, targets));
        }
        let mut graph = DiGraph::new();
        let mut weights = HashMap::new();
        let nodes: BTreeMap<&str, NodeIndex> = references
            .iter()
            .map(|(package, (weight, _))| {
                let node = graph.add_node(*package);
                weights.insert(node, *weight);
                (*package, node)
            })
            .collect();
        for (package, (_, targets)) in &references {
            for target in targets.iter().filter(|t| *t != package) {
                if let (Some(from), Some(to)) = (nodes.get(package), nodes.get(target)) {
                    graph.add_edge(*from, *to, ());
                }
            }
        }
        PackageGraph { graph, weights }
    }
}

impl PackageGraph<'_> {
    /// The strongly connected components, each sorted by name, in order of level, then of name.
    /// A component's level is one more than the highest level of the components it references
    /// (0 when it references none), so that taking them in this order builds wide: the parts of
    /// one level do not depend on each other, and cargo builds them at once.
    fn components_by_level(&self) -> Vec<Vec<NodeIndex>> {
        // Tarjan's algorithm lists a component after every component it references.
        let components = tarjan_scc(&self.graph);
        let mut component_of = HashMap::new();
        for (index, component) in components.iter().enumerate() {
            component_of.extend(component.iter().map(|node| (*node, index)));
        }
        let mut levels = vec![0; components.len()];
        for (index, component) in components.iter().enumerate() {
            for node in component {
                for target in self.graph.neighbors(*node) {
                    let referenced = component_of[&target];
                    if referenced != index {
                        levels[index] = levels[index].max(levels[referenced] + 1);
                    }
                }
            }
        }
        let mut ordered: Vec<(usize, Vec<NodeIndex>)> = components
            .into_iter()
            .zip(levels)
            .map(|(mut component, level)| {
                component.sort_by_key(|node| self.graph[*node]);
                (level, component)
            })
            .collect();
        ordered.sort_by_key(|(level, component)| (*level, self.graph[component[0]]));
        ordered
            .into_iter()
            .map(|(_, component)| component)
            .collect()
    }
}

/// Adds the packages a machine version's items name: its event record, the types of its
/// instance, idempotency and state fields, and its state enum.
fn machine_packages<'m>(
    model: &'m Model,
    version: &'m MachineVersion,
    packages: &mut BTreeSet<&'m str>,
) {
    if let Some(event) = &version.event {
        packages.insert(&event.name.package);
    }
    for clause in [&version.instance, &version.idempotency, &version.state] {
        if let Some(field) = version.field(model, clause) {
            packages_of(&field.ty, packages);
        }
    }
    if let Some((state, _)) = version.state_enum(model) {
        packages.insert(&state.name.package);
    }
}

/// Adds the package of every named type `ty` refers to.
fn packages_of<'m>(ty: &'m Type, packages: &mut BTreeSet<&'m str>) {
    match ty {
        Type::Scalar(_) | Type::Decimal(_) => {}
        Type::List(inner) | Type::Map(inner) | Type::Optional(inner, _) => {
            packages_of(inner, packages)
        }
        Type::Union(branches) => branches.iter().for_each(|b| packages_of(b, packages)),
        Type::Named(reference) => {
            packages.insert(&reference.name.package);
        }
    }
}

//! Printing is faithful: the example model printed back to contract files (one per package)
//! compiles to the same model, type version for type version (same wire fingerprint and same
//! definition hash, annotations and defaults included).

use accord_compiler::config::ProjectConfig;
use accord_compiler::ir::{print_file, FullName};
use accord_compiler::lock::releases;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn printed_contracts_compile_to_the_same_model() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let original = accord_compiler::compile(&root).expect("the examples load");
    let model = original.valid_model().expect("the examples check");
    let mut packages: BTreeMap<&str, Vec<FullName>> = BTreeMap::new();
    for name in model.types.keys() {
        packages
            .entry(name.package.as_str())
            .or_default()
            .push(name.clone());
    }
    let files: Vec<(String, String)> = packages
        .iter()
        .map(|(package, names)| {
            (
                format!("{package}.accord"),
                print_file(model, package, names),
            )
        })
        .collect();
    let config = ProjectConfig {
        default_compat: original.project.config.default_compat,
        ..ProjectConfig::default()
    };
    let reprinted = accord_compiler::compile_sources(files.clone(), config);
    let errors: Vec<_> = reprinted
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errors.is_empty(),
        "printed contracts do not compile: {errors:?}\n{files:#?}"
    );
    assert_eq!(
        strip_spans(releases(&reprinted.model, &reprinted.facts)),
        strip_spans(releases(model, &original.facts))
    );
}

fn strip_spans(mut releases: accord_compiler::lock::Releases) -> accord_compiler::lock::Releases {
    for release in releases.values_mut() {
        release.span = None;
    }
    releases
}

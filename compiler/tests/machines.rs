//! State machines end to end through the library: the example of docs/coordination.md checks
//! clean and its Mermaid diagram is the one the compiler draws; the example contracts' export
//! job checks clean with its two versions.

use accord_compiler::config::ProjectConfig;
use accord_compiler::{compile_sources, machine};
use std::path::Path;

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// The text of the first fenced block of `language` in `markdown`.
fn first_block<'t>(markdown: &'t str, language: &str) -> &'t str {
    let fence = format!("```{language}\n");
    let start = markdown.find(&fence).unwrap() + fence.len();
    let end = start + markdown[start..].find("```").unwrap();
    &markdown[start..end]
}

#[test]
fn the_coordination_doc_draws_the_diagram_of_its_example() {
    let doc = std::fs::read_to_string(repository().join("docs/coordination.md")).unwrap();
    let contract = first_block(&doc, "accord");
    let compilation = compile_sources(
        vec![("jobs.accord".into(), contract.into())],
        ProjectConfig::default(),
    );
    assert!(
        compilation.diagnostics.is_empty(),
        "{:?}",
        compilation.diagnostics
    );
    let def = compilation
        .model
        .machines
        .values()
        .next()
        .expect("a machine");
    assert_eq!(
        machine::mermaid(&def.versions[0]),
        first_block(&doc, "mermaid")
    );
}

#[test]
fn the_example_export_job_has_two_compatible_versions() {
    let compilation = accord_compiler::compile(&repository().join("schemas")).unwrap();
    let errors: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let job = compilation
        .model
        .machines
        .values()
        .find(|m| m.name.name == "ExportJob")
        .expect("schemas/shop/exports.accord declares ExportJob");
    assert_eq!(job.versions.len(), 2);
    let (v1, v2) = (&job.versions[0], &job.versions[1]);
    // Consumers upgrade first (backward): version 2 allows every move of version 1.
    for t in &v1.transitions {
        assert!(
            v2.allows(&t.from.name, &t.to.name),
            "{} -> {}",
            t.from.name,
            t.to.name
        );
    }
    assert!(v2.allows("QUEUED", "CANCELLED") && !v1.allows("QUEUED", "CANCELLED"));
}

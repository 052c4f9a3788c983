//! The synthetic monorepo generator (`examples/synth.rs`) must keep producing contracts that
//! check cleanly, so the benchmark built on it cannot rot.

#[path = "support/synth.rs"]
mod synth;

use std::path::PathBuf;

fn generate(test: &str, params: &synth::Params) -> (PathBuf, synth::Stats) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("synth")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    let stats = synth::generate(params, &dir).expect("write the synthetic repository");
    (dir, stats)
}

#[test]
fn a_small_synthetic_repository_checks_without_diagnostics() {
    let params = synth::Params {
        packages: 3,
        types_per_package: 5,
        versions: 3,
        seed: 1,
    };
    let (dir, stats) = generate("small", &params);
    assert_eq!((stats.files, stats.packages, stats.types), (3, 3, 15));
    assert!(stats.versioned_types > 0, "{stats:?}");
    assert!(stats.type_versions > stats.types, "{stats:?}");

    let compilation = accord_compiler::compile(&dir).expect("load the project");
    let messages: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(messages.is_empty(), "{messages:#?}");
    assert_eq!(compilation.files.len(), stats.files);
    assert_eq!(compilation.model.types.len(), stats.types);
    assert_eq!(
        compilation.model.type_versions().count(),
        stats.type_versions
    );
}

#[test]
fn every_construct_appears_in_a_medium_repository_which_checks_cleanly() {
    let params = synth::Params {
        packages: 6,
        types_per_package: 14,
        versions: 5,
        seed: 7,
    };
    let (files, stats) = synth::render(&params);
    let text: String = files.iter().map(|f| f.text.as_str()).collect();
    for construct in [
        "import ",
        "version 3 {",
        "compat full",
        "compat backward_transitive",
        "@key",
        "@ref(",
        "@unit(",
        "@classification(",
        "@meta(",
        "@renamed(",
        "@deprecated",
        "///",
        "decimal(",
        "union<",
        "list<",
        "map<",
        "?",
        "fixed ",
        "newtype ",
        "enum ",
        "default ",
        "uuid",
        "timestamp_ms",
        "date",
        "time_us",
        "local_timestamp_us",
    ] {
        assert!(text.contains(construct), "no `{construct}` generated");
    }
    // Pinned references to other packages' types, and promotions between versions.
    assert!(text.contains("@2"), "no pinned reference");

    let (dir, again) = generate("medium", &params);
    assert_eq!(again, stats, "the generator is deterministic");
    let compilation = accord_compiler::compile(&dir).expect("load the project");
    let messages: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(messages.is_empty(), "{messages:#?}");
    assert_eq!(
        compilation.model.type_versions().count(),
        stats.type_versions
    );
}

#[test]
fn the_same_parameters_give_the_same_bytes() {
    let params = synth::Params {
        packages: 4,
        types_per_package: 8,
        versions: 4,
        seed: 42,
    };
    let texts = |p: &synth::Params| -> Vec<(String, String)> {
        synth::render(p)
            .0
            .into_iter()
            .map(|f| (f.path, f.text))
            .collect()
    };
    assert_eq!(texts(&params), texts(&params));
    let other = synth::Params { seed: 43, ..params };
    assert_ne!(texts(&params), texts(&other));
}

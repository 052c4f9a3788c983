//! A snapshot of the resolved model of the example schemas (`schemas/shop`): a summary line per
//! type, then every type version printed in contract syntax with `print_version`.

use accord_compiler::ir::{print_version, Body, Model, TypeDef};
use std::fmt::Write;
use std::path::Path;

fn body_summary(body: &Body) -> String {
    match body {
        Body::Record(fields) => format!("{} fields", fields.len()),
        Body::Enum(e) => format!(
            "{} symbols{}",
            e.symbols.len(),
            e.default
                .as_ref()
                .map_or(String::new(), |d| format!(", default {d}"))
        ),
        Body::Fixed(fixed) => format!(
            "{} bytes{}",
            fixed.size,
            fixed.decimal.map_or(String::new(), |d| format!(
                ", decimal({}, {})",
                d.precision, d.scale
            ))
        ),
        Body::Newtype(inner) => format!("= {inner}"),
    }
}

fn summary_line(def: &TypeDef) -> String {
    let versions: Vec<String> = def
        .versions
        .iter()
        .map(|v| format!("v{}: {}", v.number, body_summary(&v.body)))
        .collect();
    let compat = def.compat.map_or(String::new(), |c| format!(" compat {c}"));
    let shape = if def.versioned {
        "versioned"
    } else {
        "unversioned"
    };
    format!(
        "{} {} {shape}{compat} [{}]",
        def.kind.keyword(),
        def.name,
        versions.join("; ")
    )
}

fn dump(model: &Model, default_compat: accord_compiler::ir::CompatMode) -> String {
    let mut out = String::new();
    let versions = model.type_versions().count();
    let _ = writeln!(
        out,
        "{} types, {versions} type versions\n",
        model.types.len()
    );
    for def in model.types.values() {
        let _ = writeln!(out, "{}", summary_line(def));
    }
    for def in model.types.values() {
        let mode = def.compat.unwrap_or(default_compat);
        for version in &def.versions {
            let _ = write!(out, "\n{}", print_version(model, def, version, mode));
        }
    }
    let _ = writeln!(out);
    for def in model.layouts.values() {
        let compat = def.compat.map_or(String::new(), |c| format!(" compat {c}"));
        let _ = writeln!(out, "layout {}{compat}", def.name);
        for version in &def.versions {
            let template = accord_compiler::layout::resolve(model, version)
                .map_or_else(|| "(unresolved)".to_string(), |t| t.describe());
            let stores = version
                .stores
                .as_ref()
                .map_or(String::new(), |r| format!("{}@{}", r.name, r.version));
            let _ = writeln!(
                out,
                "  v{}: {template} -> {stores} as {}",
                version.number, version.format
            );
        }
    }
    for def in model.topics.values() {
        let show = |contract: &accord_compiler::ir::TopicContract| {
            let types: Vec<String> = contract.types.iter().map(|t| t.to_string()).collect();
            types.join(", ")
        };
        let compat = def.compat.map_or(String::new(), |c| format!(" compat {c}"));
        let partition = def
            .partition_by
            .as_ref()
            .map_or(String::new(), |(f, _)| format!(" partition_by {f}"));
        let _ = writeln!(
            out,
            "topic {} \"{}\"{compat}{partition}: key [{}] value [{}]",
            def.name,
            def.topic,
            show(&def.key),
            show(&def.value)
        );
    }
    out
}

#[test]
fn ir_of_the_example_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let compilation = accord_compiler::compile(&root).expect("the example project loads");
    // The examples deliberately introduce the `CustomerId` newtype in `Order` version 2, which
    // S008 reports as a warning; they have no errors.
    assert!(
        !compilation.has_errors(),
        "the examples have errors: {:?}",
        compilation.diagnostics
    );
    let text = dump(
        &compilation.model,
        compilation.project.config.default_compat,
    );
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("shop_model", text);
    });
}

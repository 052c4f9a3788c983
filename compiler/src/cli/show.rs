//! `accord show Type[@N]`: print the resolved definition of a type version, or of a machine
//! version with its state diagram.

use super::{Format, Output, ProjectArg, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::compat::engines::{self, Assessment, Engine};
use crate::diagnostic::render_json;
use crate::ir::{print_version, MachineDef, Model, TypeDef, TypeVersion};
use crate::Compilation;

/// Arguments of `accord show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The type: `Name`, `package.Name`, optionally with `@N` for one version.
    pub ty: String,
    #[command(flatten)]
    pub(super) project: ProjectArg,
}

pub(super) fn run(args: &ShowArgs, output: &Output) -> i32 {
    let compilation = match crate::compile(&args.project.path) {
        Ok(compilation) => compilation,
        Err(error) => return output.load_error(error),
    };
    if compilation.has_contract_errors() {
        let message = "the contracts have errors; fix them first (`accord check`)";
        match output.format {
            Format::Human => {
                output.print_diagnostics(&compilation.sources, &compilation.diagnostics);
                eprintln!("error: {message}");
            }
            Format::Json => {
                let diagnostics = render_json(&compilation.sources, &compilation.diagnostics);
                println!(
                    "{}",
                    serde_json::json!({ "error": message, "diagnostics": diagnostics })
                );
            }
        }
        return EXIT_ERRORS;
    }
    let (name, version) = match args.ty.split_once('@') {
        Some((name, version)) => match version.parse::<u32>() {
            Ok(v) => (name, Some(v)),
            Err(_) => return usage(output, &format!("`{version}` is not a version number")),
        },
        None => (args.ty.as_str(), None),
    };
    let def = match find_type(&compilation.model, name) {
        Ok(def) => def,
        Err(message) => match find_machine(&compilation.model, name) {
            Some(machine) => return show_machine(&compilation, machine, version, output),
            None => return usage(output, &message),
        },
    };
    let versions: Vec<_> = match version {
        Some(n) => match def.version(n) {
            Some(v) => vec![v],
            None => {
                return usage(
                    output,
                    &format!(
                        "`{}` has no version {n} (it has 1..={})",
                        def.name,
                        def.versions.len()
                    ),
                )
            }
        },
        None => def.versions.iter().collect(),
    };
    let mode = def
        .compat
        .unwrap_or(compilation.project.config.default_compat);
    let texts: Vec<String> = versions
        .iter()
        .map(|v| print_version(&compilation.model, def, v, mode))
        .collect();
    print_versions(&compilation, def, &versions, &texts, output.format);
    EXIT_OK
}

/// Prints the versions' definitions, each with the engines' verdicts on it against the version
/// before it.
fn print_versions(
    compilation: &Compilation,
    def: &TypeDef,
    versions: &[&TypeVersion],
    texts: &[String],
    format: Format,
) {
    let tables = compilation.tables();
    let assessments = engines::assess(&compilation.model, &compilation.facts, &tables, Engine::ALL);
    let assessments: Vec<&Assessment> = assessments
        .iter()
        .filter(|a| a.def.name == def.name)
        .collect();
    let pair_to = |number: u32| assessments.iter().copied().find(|a| a.to == number);
    match format {
        Format::Human => {
            println!("{}", texts.join("\n"));
            let shown: Vec<&Assessment> =
                versions.iter().filter_map(|v| pair_to(v.number)).collect();
            if !shown.is_empty() {
                println!("{}", engines::matrix_text(&shown));
            }
        }
        Format::Json => {
            let items: Vec<_> = versions
                .iter()
                .zip(texts)
                .map(|(v, text)| {
                    let mut item = serde_json::json!({"type": def.name.to_string(), "version": v.number, "definition": text});
                    if let Some(assessment) = pair_to(v.number) {
                        item["engines"] = engines::pair_json(assessment, Engine::ALL);
                    }
                    item
                })
                .collect();
            println!("{:#}", serde_json::Value::Array(items));
        }
    }
}

fn usage(output: &Output, message: &str) -> i32 {
    match output.format {
        Format::Human => eprintln!("error: {message}"),
        Format::Json => println!("{}", serde_json::json!({ "error": message })),
    }
    EXIT_USAGE
}

/// Finds a type by full name, or by short name when only one package defines it.
fn find_type<'m>(model: &'m Model, name: &str) -> Result<&'m TypeDef, String> {
    if let Some(def) = model.types.values().find(|d| d.name.to_string() == name) {
        return Ok(def);
    }
    let matches: Vec<&TypeDef> = model
        .types
        .values()
        .filter(|d| d.name.name == name)
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(format!("no type `{name}`")),
        many => {
            let names: Vec<String> = many.iter().map(|d| d.name.to_string()).collect();
            Err(format!("`{name}` is ambiguous: {}", names.join(", ")))
        }
    }
}

/// A machine by full name, or by short name when only one package defines it.
fn find_machine<'m>(model: &'m Model, name: &str) -> Option<&'m MachineDef> {
    let full = model.machines.values().find(|d| d.name.to_string() == name);
    let mut short = model.machines.values().filter(|d| d.name.name == name);
    full.or_else(|| match (short.next(), short.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    })
}

/// Prints the versions of a machine as written, each with its Mermaid state diagram.
fn show_machine(
    compilation: &Compilation,
    def: &MachineDef,
    version: Option<u32>,
    output: &Output,
) -> i32 {
    let versions: Vec<_> = match version {
        Some(n) => match def.version(n) {
            Some(v) => vec![v],
            None => return usage(output, &format!("`{}` has no version {n}", def.name)),
        },
        None => def.versions.iter().collect(),
    };
    let mode = def
        .compat
        .unwrap_or(compilation.project.config.default_compat);
    let mut items = Vec::new();
    for v in &versions {
        let diagram = crate::machine::mermaid(v);
        match output.format {
            Format::Human => {
                let (of, written) = (def.versions.len(), dedented(compilation, v.span));
                println!(
                    "// machine {} version {} of {of}, compat {mode}",
                    def.name, v.number
                );
                println!("{written}\n\n```mermaid\n{diagram}```\n");
            }
            Format::Json => items.push(machine_json(def, v, mode, diagram)),
        }
    }
    if output.format == Format::Json {
        println!("{:#}", serde_json::Value::Array(items));
    }
    EXIT_OK
}

/// One machine version as `show --format json` prints it.
fn machine_json(
    def: &MachineDef,
    version: &crate::ir::MachineVersion,
    mode: crate::ir::CompatMode,
    diagram: String,
) -> serde_json::Value {
    let transitions: Vec<_> = version
        .transitions
        .iter()
        .map(|t| [&t.from.name, &t.to.name])
        .collect();
    serde_json::json!({
        "machine": def.name.to_string(),
        "version": version.number,
        "compat": mode.name(),
        "initial": version.initial.as_ref().map(|i| &i.name),
        "terminal": version.terminal.iter().map(|t| &t.name).collect::<Vec<_>>(),
        "transitions": transitions,
        "mermaid": diagram,
    })
}

/// The text of `span`, its later lines moved left by the column it starts at.
fn dedented(compilation: &Compilation, span: crate::source::Span) -> String {
    let file = compilation.sources.file(span.file);
    let (_, column) = file.line_col(span.start as usize);
    let indent = column.saturating_sub(1);
    let text = compilation.sources.snippet(span);
    let lines: Vec<&str> = text.lines().collect();
    let moved = lines.iter().enumerate().map(|(i, line)| {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        match i {
            0 => *line,
            _ => &line[spaces.min(indent)..],
        }
    });
    moved.collect::<Vec<_>>().join("\n")
}

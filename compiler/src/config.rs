//! `accord.toml`: where the contracts are, the default compatibility mode, rule severities and
//! output settings. Every key is optional; unknown keys are errors (a typo must not pass silently).

use crate::compat::engines::{parse_engines, Engine};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::CompatMode;
use crate::source::{FileId, Span};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "accord.toml";

/// A project's parsed `accord.toml` (build scripts set theirs with `accord_compiler::Config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectConfig {
    /// Directory of the `.accord` files, relative to the configuration file.
    pub schemas: String,
    /// Mode of versioned types that do not say `compat`.
    pub default_compat: CompatMode,
    /// Severity overrides by diagnostic code (`error`, `warn` or `allow`).
    pub rules: BTreeMap<String, RuleLevel>,
    /// Output settings of `accord gen`.
    pub gen: GenConfig,
    /// The engines whose verdicts on every change are findings (`[engines] targets`).
    pub engines: Vec<Engine>,
}

impl Default for ProjectConfig {
    fn default() -> ProjectConfig {
        ProjectConfig {
            schemas: "schemas".to_string(),
            default_compat: CompatMode::Backward,
            rules: BTreeMap::new(),
            gen: GenConfig::default(),
            engines: Vec::new(),
        }
    }
}

/// Output settings of `accord gen`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GenConfig {
    /// Output directory, relative to the configuration file.
    pub out: String,
    /// Targets generated when the command line names none.
    pub targets: Vec<String>,
    /// Options of the JSON Schema target.
    pub jsonschema: JsonSchemaConfig,
    /// Options of the Python target.
    pub python: PythonConfig,
}

/// `[gen.python]`: options of the Python target.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PythonConfig {
    /// Import name of the generated package (a Python identifier); its distribution name in
    /// `pyproject.toml` has `-` for `_`.
    pub package: String,
    /// Distribution version written into `pyproject.toml`.
    pub version: String,
}

impl Default for PythonConfig {
    fn default() -> PythonConfig {
        let defaults = crate::codegen::python::PythonOptions::default();
        PythonConfig {
            package: defaults.package,
            version: defaults.version,
        }
    }
}

/// `[gen.jsonschema]`: options of the JSON Schema target.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JsonSchemaConfig {
    /// Whether records accept undeclared properties (open by default, so JSON readers accept
    /// data of later versions that add fields).
    pub additional_properties: bool,
}

impl Default for JsonSchemaConfig {
    fn default() -> JsonSchemaConfig {
        JsonSchemaConfig {
            additional_properties: true,
        }
    }
}

impl Default for GenConfig {
    fn default() -> GenConfig {
        GenConfig {
            out: "generated".to_string(),
            targets: Vec::new(),
            jsonschema: JsonSchemaConfig::default(),
            python: PythonConfig::default(),
        }
    }
}

/// What a rule does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Fails the run.
    Error,
    /// Reported only.
    Warn,
    /// Not reported.
    Allow,
}

impl RuleLevel {
    /// The severity to report with, or `None` when the rule is allowed.
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Warn => Some(Severity::Warning),
            RuleLevel::Allow => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    project: RawProject,
    #[serde(default)]
    rules: BTreeMap<String, RuleLevel>,
    #[serde(default)]
    gen: GenConfig,
    #[serde(default)]
    engines: RawEngines,
}

/// `[engines]`: the engines whose verdicts are findings.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawEngines {
    #[serde(default)]
    targets: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProject {
    schemas: Option<String>,
    default_compat: Option<String>,
}

/// The text `accord init` writes.
pub const INIT_TEMPLATE: &str = r#"# accord project configuration. Every key is optional.

[project]
# Directory of the .accord contract files, relative to this file.
schemas = "schemas"
# Mode of versioned types that do not say `compat`: backward, backward_transitive, forward,
# forward_transitive, full, full_transitive or none.
default_compat = "backward"

[rules]
# Severity overrides by diagnostic code: "error", "warn" or "allow". For example:
# N009 = "allow"

[gen]
# Where `accord gen` writes, relative to this file.
out = "generated"
# Targets generated when the command line names none.
targets = ["all"]

[engines]
# Engines whose verdict on every change is checked (E codes): iceberg-v2, spark-3.5,
# spark-4.0, parquet, delta, avro or all. For example:
# targets = ["iceberg-v2", "spark-3.5"]
"#;

impl ProjectConfig {
    /// Parses `accord.toml` text; `file` is its id in the source map, for error spans.
    pub fn parse(text: &str, file: FileId) -> Result<ProjectConfig, Box<Diagnostic>> {
        let raw: RawConfig = toml::from_str(text).map_err(|error| {
            let range = error.span().unwrap_or(0..0);
            let diagnostic = Diagnostic::new(
                Code::C002,
                Span::new(file, range.start, range.end),
                error.message().trim().to_string(),
            )
            .with_hint("see docs/cli.md for the keys of accord.toml");
            Box::new(diagnostic)
        })?;
        let engines =
            parse_engines(raw.engines.targets.iter().map(String::as_str)).map_err(|message| {
                let at = text.find("[engines]").unwrap_or(0);
                let diagnostic = Diagnostic::new(
                    Code::C002,
                    Span::new(file, at, at + "[engines]".len()),
                    message,
                )
                .with_hint(
                    "[engines] targets lists engines by name; docs/engines.md describes each",
                );
                Box::new(diagnostic)
            })?;
        let mut config = ProjectConfig {
            rules: raw.rules,
            gen: raw.gen,
            engines,
            ..ProjectConfig::default()
        };
        if let Some(schemas) = raw.project.schemas {
            config.schemas = schemas;
        }
        if let Some(mode) = raw.project.default_compat {
            config.default_compat = mode.parse().map_err(|_| {
                let at = text.find(&format!("\"{mode}\"")).unwrap_or(0);
                let diagnostic = Diagnostic::new(Code::C002, Span::new(file, at, at + mode.len() + 2), format!("unknown compatibility mode `{mode}`"))
                    .with_hint("backward, backward_transitive, forward, forward_transitive, full, full_transitive or none");
                Box::new(diagnostic)
            })?;
        }
        let package = &config.gen.python.package;
        if !crate::codegen::python::valid_package_name(package) {
            let at = text.find(&format!("\"{package}\"")).unwrap_or(0);
            let diagnostic = Diagnostic::new(
                Code::C002,
                Span::new(file, at, at + package.len() + 2),
                format!("`{package}` is not a Python package name"),
            )
            .with_hint("[gen.python] package must be a Python identifier, e.g. \"shop_contracts\"");
            return Err(Box::new(diagnostic));
        }
        if let Some(code) = config
            .rules
            .keys()
            .find(|c| !Code::ALL.iter().any(|k| k.as_str() == c.as_str()))
        {
            let at = text.find(code.as_str()).unwrap_or(0);
            return Err(Box::new(
                Diagnostic::new(
                    Code::C002,
                    Span::new(file, at, at + code.len()),
                    format!("unknown diagnostic code `{code}`"),
                )
                .with_hint("docs/diagnostics.md lists every code"),
            ));
        }
        Ok(config)
    }

    /// Applies the `[rules]` overrides: changes severities and drops allowed diagnostics.
    /// Errors of the language itself (parse and name errors) cannot be lowered.
    pub fn apply_rules(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|d| match self.rules.get(d.code.as_str()) {
                Some(_) if !d.code.is_configurable() => Some(d),
                Some(level) => level.severity().map(|s| d.with_severity(s)),
                None => Some(d),
            })
            .collect()
    }
}

//! Verdicts per engine: what each change between consecutive versions of a record type does to
//! a table or files holding data written with the older version, in each engine that reads
//! them (Iceberg, Spark's Parquet source, Arrow, Delta), next to Avro's resolution.
//!
//! The two versions' table schemas ([`crate::table`]) are compared column by column, matched by
//! field id ([`diff`]); each engine judges each change ([`rules`]): safe, requires (a table
//! feature or a way of reading), data-dependent (only values that fit), or breaking. The
//! engines named in `accord.toml` (`[engines] targets`) or with `accord check --engine` turn
//! their non-safe verdicts into `E` findings ([`report`]). Rules and sources:
//! `docs/engines.md`.

pub mod diff;
mod report;
pub mod rules;

pub use report::{diagnostics, matrix_text, pair_json, to_json};

use crate::avro::{check_history, CompatMode};
use crate::facts::Facts;
use crate::ir::{Body, Model, TypeDef, TypeRef};
use crate::table::Tables;
use diff::ColumnChange;
use rules::Judgement;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// An engine accord gives verdicts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Engine {
    /// Avro schema resolution (the reader's schema is the new version).
    Avro,
    /// An Iceberg table, format v2 (columns by field id).
    IcebergV2,
    /// Spark 3.5's Parquet source (columns by name, no type change).
    Spark35,
    /// Spark 4's Parquet source (columns by name, reader widening).
    Spark40,
    /// Parquet files read through Arrow with the new schema (columns by name, safe casts).
    Parquet,
    /// A Delta table, with the protocol's table features (type widening, column mapping).
    Delta,
}

impl Engine {
    /// Every engine, in report order.
    pub const ALL: &'static [Engine] = &[
        Engine::Avro,
        Engine::IcebergV2,
        Engine::Spark35,
        Engine::Spark40,
        Engine::Parquet,
        Engine::Delta,
    ];

    /// Its name in `accord.toml`, on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Avro => "avro",
            Engine::IcebergV2 => "iceberg-v2",
            Engine::Spark35 => "spark-3.5",
            Engine::Spark40 => "spark-4.0",
            Engine::Parquet => "parquet",
            Engine::Delta => "delta",
        }
    }

    /// Where the engine's evolution rules are specified.
    pub fn link(self) -> &'static str {
        match self {
            Engine::Avro => "https://avro.apache.org/docs/1.12.0/specification/#schema-resolution",
            Engine::IcebergV2 => "https://iceberg.apache.org/spec/#schema-evolution",
            Engine::Spark35 | Engine::Spark40 => {
                "https://spark.apache.org/docs/latest/sql-data-sources-parquet.html#schema-merging"
            }
            Engine::Parquet => {
                "https://arrow.apache.org/docs/python/generated/pyarrow.dataset.dataset.html"
            }
            Engine::Delta => "https://github.com/delta-io/delta/blob/master/PROTOCOL.md",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Engine {
    type Err = String;

    fn from_str(name: &str) -> Result<Engine, String> {
        Engine::ALL
            .iter()
            .copied()
            .find(|e| e.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Engine::ALL.iter().map(|e| e.name()).collect();
                format!(
                    "unknown engine `{name}` (engines: {}, all)",
                    names.join(", ")
                )
            })
    }
}

/// Parses engine names, `all` meaning every engine; sorted, without repeats.
pub fn parse_engines<'n>(names: impl IntoIterator<Item = &'n str>) -> Result<Vec<Engine>, String> {
    let mut engines = Vec::new();
    for name in names {
        if name == "all" {
            engines.extend_from_slice(Engine::ALL);
        } else {
            engines.push(name.parse()?);
        }
    }
    engines.sort();
    engines.dedup();
    Ok(engines)
}

/// How a change treats data written before it, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Every value written before reads back unchanged.
    Safe,
    /// Safe once a table feature is enabled or the data is read a given way.
    Requires,
    /// Safe only for the values that fit the new type; the others are refused or lost.
    DataDependent,
    /// Old data is refused, or reads back different (null, another column's values).
    Breaking,
}

impl Verdict {
    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Safe => "safe",
            Verdict::Requires => "requires",
            Verdict::DataDependent => "data-dependent",
            Verdict::Breaking => "breaking",
        }
    }
}

/// One change of one column and every engine's judgement of it.
#[derive(Debug, Clone)]
pub struct JudgedChange<'t> {
    /// The change.
    pub change: ColumnChange<'t>,
    /// The judgement of every engine asked for that judges it (Avro only a reused name), in
    /// engine order.
    pub judgements: Vec<(Engine, Judgement)>,
}

/// The verdicts on one version of a record type against the version before it.
#[derive(Debug, Clone)]
pub struct Assessment<'t> {
    /// The type.
    pub def: &'t TypeDef,
    /// The older version.
    pub from: u32,
    /// The newer version.
    pub to: u32,
    /// Avro's verdict: whether the newer version reads data written with the older one.
    pub avro: Verdict,
    /// Every column change, judged.
    pub changes: Vec<JudgedChange<'t>>,
}

impl Assessment<'_> {
    /// The worst verdict of `engine` on this pair.
    pub fn verdict(&self, engine: Engine) -> Verdict {
        let resolution = match engine {
            Engine::Avro => self.avro,
            _ => Verdict::Safe,
        };
        self.changes
            .iter()
            .flat_map(|c| &c.judgements)
            .filter(|(e, _)| *e == engine)
            .map(|(_, j)| j.verdict)
            .fold(resolution, Verdict::max)
    }
}

/// The verdicts of `engines` on every pair of consecutive versions of every versioned record
/// type whose table schemas exist, in type then version order.
pub fn assess<'t>(
    model: &'t Model,
    facts: &Facts,
    tables: &'t Tables,
    engines: &[Engine],
) -> Vec<Assessment<'t>> {
    model
        .types
        .values()
        .filter(|def| def.versioned && matches!(def.versions[0].body, Body::Record(_)))
        .flat_map(|def| assess_type(def, facts, tables, engines))
        .collect()
}

/// The assessments of one type's consecutive versions.
fn assess_type<'t>(
    def: &'t TypeDef,
    facts: &Facts,
    tables: &'t Tables,
    engines: &[Engine],
) -> Vec<Assessment<'t>> {
    let reference = |number| TypeRef {
        name: def.name.clone(),
        version: number,
    };
    let mut earlier: HashMap<String, u32> = HashMap::new();
    let mut assessments = Vec::new();
    for pair in def.versions.windows(2) {
        let (old_ref, new_ref) = (reference(pair[0].number), reference(pair[1].number));
        let (Some(old), Some(new)) = (tables.get(&old_ref), tables.get(&new_ref)) else {
            continue;
        };
        for column in old.all_columns() {
            earlier.insert(column.path.clone(), column.id);
        }
        let changes = diff::changes(old, new, &earlier)
            .into_iter()
            .map(|change| JudgedChange {
                judgements: engines
                    .iter()
                    .filter(|e| judged_per_column(**e, &change))
                    .map(|e| (*e, rules::judge(*e, &change)))
                    .collect(),
                change,
            })
            .collect();
        assessments.push(Assessment {
            def,
            from: old_ref.version,
            to: new_ref.version,
            avro: avro_verdict(facts, &old_ref, &new_ref),
            changes,
        });
    }
    assessments
}

/// Whether `engine` judges `change` on its own: every table engine every change; Avro's
/// resolution judges the whole pair, but not the values of a reused name, which it brings back
/// from data older than the pair.
fn judged_per_column(engine: Engine, change: &ColumnChange) -> bool {
    engine != Engine::Avro || change.kind == diff::ChangeKind::NameReused
}

/// Whether the newer version's Avro schema reads data written with the older one.
fn avro_verdict(facts: &Facts, old: &TypeRef, new: &TypeRef) -> Verdict {
    let (Some(old), Some(new)) = (facts.get(old), facts.get(new)) else {
        return Verdict::Breaking;
    };
    let checks = check_history(new.schema(), &[old.schema()], CompatMode::Backward);
    if checks.iter().all(|c| c.is_compatible()) {
        Verdict::Safe
    } else {
        Verdict::Breaking
    }
}

//! Property tests of the generated migration shims (`docs/migrations.md`) on random values: for
//! every versioned type of the bundled contracts (`schemas/`) and of the `evolution` fixture
//! (every conversion the shop contracts lack), and every pair of its versions,
//! seeded random datums of the source version (hostile strings, extreme integers, NaN and
//! infinities, empty and large collections, blocks with byte sizes, every union branch and enum
//! symbol) are migrated by the generated Rust shims and compared with apache-avro's resolution
//! of the same bytes (writer: the source version, reader: the target). Where apache-avro does not
//! resolve them, a shim that exists fails with the documented error (or the case is counted as
//! one apache-avro cannot compare; the Python suite compares those with fastavro). Up-then-down
//! round trips of `full` types whose upgrade drops nothing give the value back.
//!
//! Every case (input, target version, output or error) is written to
//! `target/migrations-random-rust.json`, which `tests/python/test_migration_props.py` replays
//! against the Python shims and fastavro.

#[path = "support/random.rs"]
mod random;
#[path = "support/avro.rs"]
mod support;

use accord::ContractInfo;
use accord_compiler::avro::CompatMode;
use accord_compiler::ir::{Model, TypeDef};
use accord_compiler::migrate::{self, Mapping, Route, Source};
use apache_avro::from_avro_datum;
use random::Rng;
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use std::path::Path;
use support::{parse, same};

/// Random values per type version.
const CASES: usize = 60;

/// Fragments of the documented reasons of fallible migrations (`IssueKind`).
const DOCUMENTED: &[&str] = &["has no counterpart", "does not exist", "fails on"];

/// apache-avro 0.21 refuses some decimals it skips while resolving (a writer field the reader
/// lacks), whatever their digits: "Precision 12 too small to hold decimal values with 1 bytes".
const APACHE_DECIMAL_BUG: &str = "Precision ";

/// apache-avro 0.21 reads a `uuid` written value as a `Uuid` it then refuses to give a `string`
/// reader: "Expected Value::String, Value::Bytes or Value::Fixed, got: Uuid(…)".
const APACHE_UUID_BUG: &str = "Expected Value::String, Value::Bytes or Value::Fixed, got: Uuid";

#[derive(Default, Debug)]
struct Tally {
    compared: usize,
    refused: usize,
    uncompared: usize,
    round_trips: usize,
    failures: Vec<String>,
    cases: Vec<Json>,
}

/// One type's versions and what the plans say about them.
struct Subject<'a> {
    project: &'a Project,
    model: &'a Model,
    def: &'a TypeDef,
    versions: Vec<&'static ContractInfo>,
}

impl Subject<'_> {
    fn info(&self, version: u32) -> &'static ContractInfo {
        self.versions.iter().find(|i| i.version == version).unwrap()
    }

    fn generated(&self, from: u32, to: u32) -> bool {
        migrate::plan(self.model, &self.def.name, from, to)
            .is_some_and(|p| !p.status().needs_hook())
    }

    fn full(&self) -> bool {
        matches!(
            self.def.compat,
            Some(CompatMode::Full | CompatMode::FullTransitive)
        )
    }

    /// Whether the migration keeps every value of the source: no field dropped and no enum
    /// symbol replaced by a default, in any type plan it uses.
    fn keeps_everything(&self, from: u32, to: u32) -> bool {
        migrate::plan(self.model, &self.def.name, from, to).is_some_and(|p| {
            p.plans.values().all(|tp| match &tp.route {
                Route::Direct(Mapping::Record(r)) => r.dropped.is_empty(),
                Route::Direct(Mapping::Enum(e)) => e.symbols.iter().all(|s| !s.defaulted),
                _ => true,
            })
        })
    }
}

/// Finds the generated type of a contract version and writes the canonical JSON of a
/// single-object encoding through it.
struct ToJson {
    info: ContractInfo,
    bytes: Vec<u8>,
    json: Option<String>,
}

impl accord::Visitor for ToJson {
    fn visit<C: accord::Contract>(&mut self) {
        if C::INFO == self.info {
            let value = C::from_single_object(&self.bytes).and_then(|v| v.to_json());
            self.json = Some(value.unwrap());
        }
    }
}

/// The generated code of one project, as the test uses it.
struct Project {
    /// The project directory, relative to the repository.
    dir: &'static str,
    /// Its label in the cases file.
    label: &'static str,
    contracts: &'static [ContractInfo],
    migrate: fn(&[u8], u32) -> accord::Result<Vec<u8>>,
    migrate_json: fn(&str, u32, &str, u32) -> accord::Result<String>,
    visit: fn(&mut ToJson),
}

impl Project {
    /// The canonical JSON of a single-object encoding, through the generated type.
    fn json_of(&self, info: &ContractInfo, bytes: &[u8]) -> String {
        let mut visitor = ToJson {
            info: *info,
            bytes: bytes.to_vec(),
            json: None,
        };
        (self.visit)(&mut visitor);
        visitor.json.expect("a generated type has the fingerprint")
    }
}

fn seed(name: &str, version: u32) -> u64 {
    // FNV-1a: the same seed on every run and platform.
    name.bytes()
        .chain(version.to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn check_pair(
    subject: &Subject,
    input: &[u8],
    canonical: &[u8],
    from: u32,
    to: u32,
    tally: &mut Tally,
) {
    let project = subject.project;
    let migrate = project.migrate;
    let name = subject.def.name.to_string();
    let shown = hex(&input[..input.len().min(48)]);
    let label = format!("{name} {from}->{to} {shown} ({} bytes)", input.len());
    let (w_info, r_info) = (subject.info(from), subject.info(to));
    let ((w_schema, _), (r_schema, stripped)) =
        (parse(w_info.avro_schema), parse(r_info.avro_schema));
    let datum = &input[10..];
    let resolution = from_avro_datum(&w_schema, &mut &datum[..], Some(&r_schema));
    let why = resolution
        .as_ref()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let resolved = resolution.ok();
    let generated = subject.generated(from, to);
    let ours = migrate(input, to);
    let mut case = json!({"project": project.label, "type": name, "from": from, "to": to, "input": hex(input)});
    match (&ours, resolved) {
        (Ok(out), resolved) => {
            case["output"] = Json::String(hex(out));
            if !generated {
                return tally
                    .failures
                    .push(format!("{label}: migrated without a shim"));
            }
            let (print, out_datum) = accord::avro::split_single_object(out).unwrap();
            assert_eq!(print, r_info.fingerprint, "{label}");
            let value = from_avro_datum(&r_schema, &mut &out_datum[..], None).unwrap();
            // Through the JSON encoding, the same migration (JSON says no version: the caller does).
            let (json_in, json_out) =
                (project.json_of(w_info, input), project.json_of(r_info, out));
            let by_json = (project.migrate_json)(&name, from, &json_in, to);
            if by_json.as_ref().ok() != Some(&json_out) {
                tally
                    .failures
                    .push(format!("{label}: through JSON {by_json:?}, not {json_out}"));
            }
            case["json_in"] = Json::String(json_in);
            case["json_out"] = Json::String(json_out);
            match resolved {
                Some(expected) if same(&value, &expected) => tally.compared += 1,
                Some(expected) => tally.failures.push(format!(
                    "{label}: shim gives {value:?}, Avro resolution {expected:?}"
                )),
                None if stripped
                    || renames(subject, from, to)
                    || why.starts_with(APACHE_DECIMAL_BUG)
                    || why.starts_with(APACHE_UUID_BUG) =>
                {
                    tally.uncompared += 1
                }
                None => tally
                    .failures
                    .push(format!("{label}: apache-avro does not resolve it: {why}")),
            }
            if subject.full() && from < to && subject.keeps_everything(from, to) {
                tally.round_trips += 1;
                case["round_trip"] = Json::Bool(true);
                match migrate(out, from) {
                    Ok(back) if back == canonical => {}
                    other => tally
                        .failures
                        .push(format!("{label}: round trip gives {other:?}")),
                }
            }
        }
        (Err(e), Some(_)) if generated => tally.failures.push(format!(
            "{label}: shim fails ({e}) where Avro resolution reads the bytes"
        )),
        (Err(e), _) => {
            case["error"] = Json::String(e.to_string());
            let json_in = project.json_of(w_info, input);
            if (project.migrate_json)(&name, from, &json_in, to).is_ok() {
                tally.failures.push(format!(
                    "{label}: migrates through JSON, not through Avro ({e})"
                ));
            }
            tally.refused += 1;
            if generated && !DOCUMENTED.iter().any(|d| e.message().contains(d)) {
                tally
                    .failures
                    .push(format!("{label}: undocumented error {e}"));
            }
        }
    }
    tally.cases.push(case);
}

/// Whether a field of the target takes a renamed field of the source, in any type plan of the
/// migration: apache-avro 0.21 does not follow field aliases, so it cannot resolve those.
fn renames(subject: &Subject, from: u32, to: u32) -> bool {
    migrate::plan(subject.model, &subject.def.name, from, to).is_some_and(|p| {
        p.plans.values().any(|tp| match &tp.route {
            Route::Direct(Mapping::Record(r)) => r
                .fields
                .iter()
                .any(|f| matches!(&f.source, Source::Field { name, .. } if *name != f.name)),
            _ => false,
        })
    })
}

fn run(subject: &Subject, tally: &mut Tally) {
    let migrate = subject.project.migrate;
    for w_info in &subject.versions {
        let mut rng = Rng::new(seed(w_info.full_name, w_info.version));
        let schema = random::Schema::parse(w_info.avro_schema);
        for _ in 0..CASES {
            let mut input = accord::avro::single_object_header(w_info.fingerprint).to_vec();
            input.extend(schema.datum(&mut rng));
            // The generator stays within the domain of the types: the source version reads it.
            let canonical = migrate(&input, w_info.version)
                .unwrap_or_else(|e| panic!("{} {}: {e}", w_info.full_name, hex(&input)));
            for r_info in &subject.versions {
                if r_info.version != w_info.version {
                    check_pair(
                        subject,
                        &input,
                        &canonical,
                        w_info.version,
                        r_info.version,
                        tally,
                    );
                }
            }
        }
        // Every branch of every union reached, every symbol of every enum, was generated.
        let unchosen = schema.unchosen();
        if unchosen > 0 {
            let (name, version) = (w_info.full_name, w_info.version);
            tally.failures.push(format!(
                "{name}@{version}: {unchosen} choices never generated"
            ));
        }
    }
}

/// Runs every versioned type without hooks of a project; returns how many there are.
fn run_project(project: &Project, tally: &mut Tally) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(project.dir);
    let compilation = accord_compiler::compile(&dir).expect("project loads");
    let model = compilation.valid_model().expect("contracts are valid");
    let mut by_type: BTreeMap<&str, Vec<&'static ContractInfo>> = BTreeMap::new();
    for info in project.contracts {
        by_type.entry(info.full_name).or_default().push(info);
    }
    let mut types = 0;
    for def in model
        .types
        .values()
        .filter(|d| d.versioned && d.versions.len() > 1)
    {
        if !migrate::hooks_of(def).is_empty() {
            continue;
        }
        let Some(versions) = by_type.get(def.name.to_string().as_str()) else {
            continue;
        };
        types += 1;
        let subject = Subject {
            project,
            model,
            def,
            versions: versions.clone(),
        };
        run(&subject, tally);
    }
    types
}

#[test]
fn migrations_on_random_values_equal_avro_resolution() {
    let shop = Project {
        dir: ".",
        label: "shop",
        contracts: accord_tests::shop_contracts::CONTRACTS,
        migrate: accord_tests::shop_contracts::migrate_single_object,
        migrate_json: accord_tests::shop_contracts::migrate_json,
        visit: accord_tests::shop_contracts::visit_contracts::<ToJson>,
    };
    let evolution = Project {
        dir: "compiler/tests/fixtures/evolution",
        label: "evolution",
        contracts: accord_tests::evolution::CONTRACTS,
        migrate: accord_tests::evolution::migrate_single_object,
        migrate_json: accord_tests::evolution::migrate_json,
        visit: accord_tests::evolution::visit_contracts::<ToJson>,
    };
    let mut tally = Tally::default();
    let shop_types = run_project(&shop, &mut tally);
    let evolution_types = run_project(&evolution, &mut tally);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/migrations-random-rust.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, serde_json::to_string(&tally.cases).unwrap()).unwrap();
    eprintln!(
        "{} cases: {} equal to apache-avro, {} refused, {} not resolved by apache-avro, {} round trips",
        tally.cases.len(), tally.compared, tally.refused, tally.uncompared, tally.round_trips
    );
    let shown: Vec<_> = tally.failures.iter().take(20).collect();
    assert!(
        tally.failures.is_empty(),
        "{} failures:\n{shown:#?}",
        tally.failures.len()
    );
    assert!(shop_types >= 8, "every versioned shop type: {shop_types}");
    assert_eq!(evolution_types, 3, "Mood, Widened and Narrowed");
    assert!(
        tally.compared > 1000 && tally.refused > 0 && tally.round_trips > 100,
        "{tally:?}"
    );
}

//! The generated migration shims (`docs/migrations.md`) against Avro schema resolution: for
//! every versioned type of the bundled contracts and the kitchen fixture, every pair of its
//! versions and every test vector of the source version, the shim's result equals what
//! apache-avro reads from the same bytes with the target version's schema, wherever apache-avro
//! resolves them; where it does not, the shim fails with `accord::Error` or is not generated.
//! Up-then-down round trips are lossless for `full` types whose steps drop nothing. The results
//! are written as canonical JSON (`target/migrations-rust-<project>.json`) for the Python side.

use accord::ContractInfo;
use apache_avro::from_avro_datum;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::Path;
use support::{parse, same};
use vector_files::TypeVectors;

#[path = "support/avro.rs"]
mod support;
#[path = "support/vectors.rs"]
mod vector_files;

type Migrate = fn(&[u8], u32) -> accord::Result<Vec<u8>>;
type Find = fn(u64) -> Option<&'static ContractInfo>;

fn check(project: &str, migrate: Migrate, find: Find) -> (usize, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(project);
    let compilation = accord_compiler::compile(&path).expect("project loads");
    let model = compilation.valid_model().expect("contracts are valid");
    let vectors = vector_files::of_project(project);
    let mut by_type: BTreeMap<String, Vec<&TypeVectors>> = BTreeMap::new();
    for entry in &vectors {
        by_type.entry(entry.name.clone()).or_default().push(entry);
    }
    let (mut compared, mut refused) = (0, 0);
    let mut failures = Vec::new();
    let mut results = serde_json::Map::new();
    for (name, entries) in &by_type {
        let def = model
            .types
            .values()
            .find(|d| d.name.to_string() == *name)
            .unwrap();
        // Types with hooks migrate through the typed API only (`hooks` tests).
        if !def.versioned
            || entries.len() < 2
            || !accord_compiler::migrate::hooks_of(def).is_empty()
        {
            continue;
        }
        let full = matches!(
            def.compat,
            Some(accord_compiler::avro::CompatMode::Full)
                | Some(accord_compiler::avro::CompatMode::FullTransitive)
        );
        for writer in entries {
            let from = writer.version;
            for reader in entries {
                let to = reader.version;
                if from == to {
                    continue;
                }
                let generated = accord_compiler::migrate::plan(model, &def.name, from, to)
                    .is_some_and(|p| !p.status().needs_hook());
                for case in &writer.cases {
                    // The case name quoted as JSON: the Python suite compares these labels.
                    let label = format!("{name} {from}->{to} {}", Json::from(case.name.as_str()));
                    let bytes = &case.avro;
                    let ours = migrate(bytes, to);
                    let (w_print, datum) = accord::avro::split_single_object(bytes).unwrap();
                    let (w_schema, _) = parse(find(w_print).unwrap().avro_schema);
                    let r_info =
                        find(u64::from_str_radix(&reader.fingerprint, 16).unwrap()).unwrap();
                    let (r_schema, _) = parse(r_info.avro_schema);
                    let resolved =
                        from_avro_datum(&w_schema, &mut &datum[..], Some(&r_schema)).ok();
                    match (ours, resolved) {
                        (Ok(out), resolved) => {
                            if !generated {
                                failures.push(format!("{label}: migrated without a shim"));
                                continue;
                            }
                            let (print, datum) = accord::avro::split_single_object(&out).unwrap();
                            assert_eq!(print, r_info.fingerprint, "{label}");
                            let value = from_avro_datum(&r_schema, &mut &datum[..], None).unwrap();
                            if let Some(expected) = resolved {
                                compared += 1;
                                if !same(&value, &expected) {
                                    failures.push(format!(
                                        "{label}: shim gives {value:?}, Avro resolution {expected:?}"
                                    ));
                                }
                            }
                            // Canonical JSON of the result, for the Python shims to compare.
                            let json = json_of(r_info, &out);
                            results.insert(label.clone(), Json::String(json));
                            // Up, then down again.
                            if full && from < to {
                                if let Ok(back) = migrate(&out, from) {
                                    if back != *bytes && drops_nothing(model, def, from, to) {
                                        failures.push(format!("{label}: round trip is lossy"));
                                    }
                                }
                            }
                        }
                        (Err(e), Some(_)) if generated => failures.push(format!(
                            "{label}: shim fails ({e}) where Avro resolution reads the bytes"
                        )),
                        (Err(e), None) if generated => {
                            // A fallible migration: the documented error, with the field path.
                            refused += 1;
                            let documented = ["has no counterpart", "does not exist", "fails on"];
                            if !documented.iter().any(|d| e.message().contains(d)) {
                                failures.push(format!("{label}: undocumented error {e}"));
                            }
                        }
                        (Err(_), _) => refused += 1,
                    }
                }
            }
        }
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target")
        .join(format!(
            "migrations-rust-{}.json",
            project.replace('/', "_")
        ));
    let _ = std::fs::create_dir_all(out.parent().unwrap());
    std::fs::write(&out, serde_json::to_string_pretty(&results).unwrap()).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    (compared, refused)
}

/// The canonical JSON of a single-object encoding, through the generated type.
fn json_of(info: &ContractInfo, bytes: &[u8]) -> String {
    let mut json = None;
    accord_tests::shop_contracts::visit_contracts(&mut ToJson {
        info,
        bytes,
        json: &mut json,
    });
    accord_tests::kitchen::visit_contracts(&mut ToJson {
        info,
        bytes,
        json: &mut json,
    });
    json.unwrap_or_default()
}

struct ToJson<'a> {
    info: &'a ContractInfo,
    bytes: &'a [u8],
    json: &'a mut Option<String>,
}

impl accord::Visitor for ToJson<'_> {
    fn visit<C: accord::Contract>(&mut self) {
        if C::fingerprint() == self.info.fingerprint && C::full_name() == self.info.full_name {
            *self.json = C::from_single_object(self.bytes)
                .and_then(|v| v.to_json())
                .ok();
        }
    }
}

/// Whether neither direction of the pair drops a field of the root record.
fn drops_nothing(
    model: &accord_compiler::ir::Model,
    def: &accord_compiler::ir::TypeDef,
    a: u32,
    b: u32,
) -> bool {
    use accord_compiler::migrate::{Mapping, Route};
    [(a, b), (b, a)].iter().all(|&(x, y)| {
        accord_compiler::migrate::plan(model, &def.name, x, y).is_some_and(|p| {
            p.plans.values().all(|tp| match &tp.route {
                Route::Direct(Mapping::Record(r)) => r.dropped.is_empty(),
                Route::Direct(Mapping::Enum(e)) => e.symbols.iter().all(|s| !s.defaulted),
                _ => true,
            })
        })
    })
}

#[test]
fn shop_migrations_equal_avro_resolution() {
    let (compared, refused) = check(
        ".",
        accord_tests::shop_contracts::migrate_single_object,
        accord_tests::shop_contracts::find_by_fingerprint,
    );
    eprintln!("shop: {compared} migrations equal to Avro resolution, {refused} refused");
    assert!(compared > 50, "{compared}");
    assert!(refused > 0, "some downgrades fail");
}

#[test]
fn kitchen_migrations_equal_avro_resolution() {
    let (compared, refused) = check(
        "../compiler/tests/fixtures/kitchen",
        accord_tests::kitchen::migrate_single_object,
        accord_tests::kitchen::find_by_fingerprint,
    );
    eprintln!("kitchen: {compared} migrations equal to Avro resolution, {refused} refused");
}

#[test]
fn typed_api() {
    use accord::Contract;
    use accord_tests::shop_contracts::shop::common::{AnyCurrency, CurrencyV1, CurrencyV3};
    use accord_tests::shop_contracts::shop::orders::{AnyOrder, OrderV3};
    // From where infallible, TryFrom where the plan is fallible.
    let eur = CurrencyV1::Eur;
    let _: CurrencyV3 = CurrencyV3::from(eur);
    let any = AnyCurrency::decode_any(&eur.to_single_object().unwrap()).unwrap();
    assert_eq!(any.version(), 1);
    let latest = any.clone().into_latest().unwrap();
    assert_eq!(latest, CurrencyV3::Eur);
    assert!(any.downgrade(3).is_err());
    let _ = AnyOrder::FINGERPRINTS;
    let _: fn(OrderV3) -> Result<_, _> = |v| AnyOrder::V3(v).downgrade(1);
    // A fallible downgrade: Envelope 2 -> 1 fails on a payload branch version 1 lacks.
    use accord_tests::shop_contracts::shop::events::{EnvelopeV1, EnvelopeV2};
    let _: fn(EnvelopeV2) -> Result<EnvelopeV1, accord::Error> = EnvelopeV1::try_from;
}

//! The Avro target proven by real consumers: every generated `.avsc` of the example contracts and
//! of the kitchen fixture (every construct of the language) parses in our engine, in apache-avro
//! (Rust), in Java Avro 1.12 (the oracle) and in fastavro (Python), and our fingerprints equal
//! Java's `SchemaNormalization`.

mod support;

use accord_compiler::codegen::{generate, Input, Target};
use serde_json::{json, Value};
use std::path::Path;
use support::oracle;

/// The `.avsc` files generated for the example contracts and the kitchen fixture, as
/// (path, JSON).
fn example_schemas() -> Vec<(String, Value)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut schemas = schemas_of(&manifest.join(".."));
    schemas.extend(schemas_of(&manifest.join("tests/fixtures/kitchen")));
    schemas
}

/// The `.avsc` files generated for the project at `root`.
fn schemas_of(root: &Path) -> Vec<(String, Value)> {
    let compilation = accord_compiler::compile(root).expect("the project loads");
    let model = compilation
        .valid_model()
        .expect("the contracts check clean");
    let input = Input::new(model, &compilation.facts, &compilation.sources);
    generate(input, &[Target::Avro])
        .into_iter()
        .filter(|f| f.path.ends_with(".avsc"))
        .map(|f| {
            (
                f.path,
                serde_json::from_slice(&f.contents).expect("valid JSON"),
            )
        })
        .collect()
}

/// apache-avro 0.21 rejects two things Java and fastavro accept (tested below): any default of a
/// `decimal` field (it does not resolve the spec's encoding of a bytes default, a string of
/// U+0000..U+00FF, to a decimal), and the type `error` outside a protocol (`@error` records).
/// These are the rejections the test tolerates; it checks the schema parses once such defaults
/// are removed and `error` reads `record`.
fn is_apache_avro_limitation(error: &str) -> bool {
    (error.contains("`default`'s value type") && error.contains("precision"))
        || error.contains("Unknown primitive type: error")
}

fn without_apache_avro_limitations(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let decimal =
                map.get("type").and_then(|t| t.get("logicalType")) == Some(&json!("decimal"));
            if decimal {
                map.remove("default");
            }
            if map.get("type") == Some(&json!("error")) {
                map.insert("type".into(), json!("record"));
            }
            map.values_mut().for_each(without_apache_avro_limitations);
        }
        Value::Array(items) => items.iter_mut().for_each(without_apache_avro_limitations),
        _ => {}
    }
}

#[test]
fn every_schema_parses_in_apache_avro() {
    let schemas = example_schemas();
    assert!(schemas.len() >= 30, "expected one schema per type version");
    for (path, schema) in &schemas {
        let Err(error) = apache_avro::Schema::parse_str(&schema.to_string()) else {
            continue;
        };
        let error = error.to_string();
        assert!(
            is_apache_avro_limitation(&error),
            "apache-avro rejects {path}: {error}"
        );
        let mut stripped = schema.clone();
        without_apache_avro_limitations(&mut stripped);
        if let Err(error) = apache_avro::Schema::parse_str(&stripped.to_string()) {
            panic!("apache-avro rejects {path} even without decimal defaults and errors: {error}");
        }
    }
}

#[test]
fn java_accepts_every_schema_and_agrees_on_fingerprints() {
    if oracle::skipped() {
        return;
    }
    let schemas = example_schemas();
    let requests: Vec<Value> = schemas
        .iter()
        .map(|(path, schema)| json!({"id": path, "schema": schema}))
        .collect();
    let answers = oracle::run("--fingerprint", &requests);
    for ((path, schema), answer) in schemas.iter().zip(&answers) {
        assert!(
            answer["error"].is_null(),
            "Java rejects {path}: {}",
            answer["error"]
        );
        let ours = accord_compiler::avro::Fingerprints::of(
            &accord_compiler::avro::Schema::parse(schema).unwrap(),
        );
        assert_eq!(
            answer["canonical"],
            json!(ours.canonical),
            "canonical form of {path}"
        );
        assert_eq!(
            answer["crc64"],
            json!(format!("{:016x}", ours.crc64)),
            "CRC-64-AVRO of {path}"
        );
        assert_eq!(answer["md5"], json!(ours.md5), "MD5 of {path}");
        assert_eq!(answer["sha256"], json!(ours.sha256), "SHA-256 of {path}");
    }
}

#[test]
fn fastavro_parses_every_schema() {
    let schemas = example_schemas();
    let dir = std::env::temp_dir().join(format!("accord-fastavro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("schemas.json");
    let all: Vec<&Value> = schemas.iter().map(|(_, s)| s).collect();
    std::fs::write(&list, serde_json::to_string(&all).unwrap()).unwrap();
    let script = "import json, sys, fastavro\n\
                  schemas = json.load(open(sys.argv[1]))\n\
                  for s in schemas: fastavro.parse_schema(s, _force=True)\n\
                  print(len(schemas))";
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&list)
        .output()
        .expect("python3 runs (scripts/test.sh installs fastavro)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "fastavro rejects a schema: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        schemas.len().to_string()
    );
}

#[test]
fn the_manifest_traces_every_file_to_its_fingerprint() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let compilation = accord_compiler::compile(&root).unwrap();
    let input = Input::new(
        compilation.valid_model().unwrap(),
        &compilation.facts,
        &compilation.sources,
    );
    let files = generate(input, &[Target::Avro]);
    let manifest = files
        .iter()
        .find(|f| f.path == "accord-manifest.json")
        .expect("a manifest");
    let manifest: Value = serde_json::from_slice(&manifest.contents).unwrap();
    let entries = manifest["types"].as_array().unwrap();
    assert_eq!(entries.len(), input.model.type_versions().count());
    for entry in entries {
        let path = entry["files"]["avro"][0]
            .as_str()
            .expect("an avro file per type version");
        let file = files
            .iter()
            .find(|f| f.path == path)
            .expect("listed file exists");
        let schema =
            accord_compiler::avro::Schema::parse(&serde_json::from_slice(&file.contents).unwrap())
                .unwrap();
        let crc = accord_compiler::avro::Fingerprints::of(&schema).crc64;
        assert_eq!(entry["fingerprint"]["crc64"], json!(format!("{crc:016x}")));
        assert!(
            String::from_utf8_lossy(&file.contents).contains("@generated by accord"),
            "{path} says it is generated"
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let first: Vec<(String, Value)> = example_schemas();
    let second: Vec<(String, Value)> = example_schemas();
    assert_eq!(first, second);
}

#[test]
fn avro_of_example_types_is_as_reviewed() {
    let schemas = example_schemas();
    for name in [
        "avro/shop/orders/Order.v3.avsc",
        "avro/shop/customers/Customer.v2.avsc",
        "avro/shop/catalog/Category.avsc",
        "avro/shop/payments/Payment.v3.avsc",
    ] {
        let (_, schema) = schemas
            .iter()
            .find(|(path, _)| path == name)
            .unwrap_or_else(|| panic!("{name} is generated"));
        insta::assert_json_snapshot!(name.replace('/', "__"), schema);
    }
}

/// One `.avsc` that `accord gen` wrote, with the fingerprints the manifest records for its type
/// version.
struct OnDisk {
    label: String,
    text: String,
    recorded: Value,
}

/// Runs `accord <args>`; whether it succeeded (its output is shown on failure only by callers).
fn accord(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .output()
        .expect("the accord binary runs")
}

/// `accord gen --target avro` of `project` into `out`, then every `.avsc` under `out` read back
/// from disk with its manifest entry; `None` when gen refuses the project (check rejects it).
fn generated_on_disk(label: &str, project: &Path, out: &Path) -> Option<Vec<OnDisk>> {
    let output = accord(&[
        "gen".as_ref(),
        "--target".as_ref(),
        "avro".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        project.as_os_str(),
    ]);
    if !output.status.success() {
        return None;
    }
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("accord-manifest.json")).unwrap()).unwrap();
    let mut listed = std::collections::BTreeMap::new();
    for entry in manifest["types"].as_array().unwrap() {
        for path in entry["files"]["avro"].as_array().unwrap() {
            let previous = listed.insert(path.as_str().unwrap().to_owned(), entry.clone());
            assert!(previous.is_none(), "{label}: {path} listed twice");
        }
    }
    let mut on_disk = Vec::new();
    let mut files = Vec::new();
    collect_avsc(out, &mut files);
    for file in files {
        let path = file
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let entry = listed
            .remove(&path)
            .unwrap_or_else(|| panic!("{label}: {path} is not in the manifest"));
        on_disk.push(OnDisk {
            label: format!("{label}: {path} ({}@{})", entry["name"], entry["version"]),
            text: std::fs::read_to_string(&file).unwrap(),
            recorded: entry["fingerprint"].clone(),
        });
    }
    assert!(
        listed.is_empty(),
        "{label}: listed, not written: {listed:?}"
    );
    Some(on_disk)
}

fn collect_avsc(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_avsc(&path, out);
        } else if path.extension().is_some_and(|e| e == "avsc") {
            out.push(path);
        }
    }
}

/// The example project, every fixture project and every diagnostics case that `check` accepts
/// (a case without `accord.toml` is its folder of contract files), generated on disk.
fn projects_on_disk(scratch: &Path) -> Vec<OnDisk> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut projects = vec![("example".to_owned(), manifest.join(".."))];
    for folder in ["tests/fixtures", "tests/diagnostics"] {
        let mut dirs: Vec<_> = std::fs::read_dir(manifest.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            if dir.join("accord.toml").is_file() {
                projects.push((name, dir));
                continue;
            }
            let copy = scratch.join("cases").join(&name);
            std::fs::create_dir_all(copy.join("schemas")).unwrap();
            for file in std::fs::read_dir(&dir).unwrap() {
                let file = file.unwrap().path();
                if file.extension().is_some_and(|e| e == "accord") {
                    std::fs::copy(&file, copy.join("schemas").join(file.file_name().unwrap()))
                        .unwrap();
                }
            }
            projects.push((name, copy));
        }
    }
    let mut all = Vec::new();
    let mut accepted = 0;
    for (name, project) in &projects {
        if let Some(files) = generated_on_disk(name, project, &scratch.join("out").join(name)) {
            accepted += 1;
            all.extend(files);
        }
    }
    assert!(accepted >= 8, "only {accepted} projects generate");
    eprintln!(
        "on-disk avro: {accepted} of {} projects generate",
        projects.len()
    );
    all
}

/// Every corpus schema imported with `accord import avro` into a project of its own, then
/// generated on disk; `None` (after a notice) without the corpus. A schema that import refuses
/// is counted, not checked (`import_avro.rs` holds import to Java's verdicts).
fn corpus_on_disk(scratch: &Path) -> Option<Vec<OnDisk>> {
    let files = support::corpus::avsc_files()?;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new((Vec::new(), 0usize));
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(file) = files.get(i) else { return };
                let project = scratch.join("corpus").join(i.to_string());
                let schemas = project.join("schemas");
                let imported = accord(&[
                    "import".as_ref(),
                    "avro".as_ref(),
                    "--out".as_ref(),
                    schemas.as_os_str(),
                    file.as_os_str(),
                ]);
                if !imported.status.success() {
                    results.lock().unwrap().1 += 1;
                    continue;
                }
                let label = file.strip_prefix(support::corpus::dir()).unwrap();
                let label = format!("corpus {}", label.display());
                let written = generated_on_disk(&label, &project, &project.join("out"))
                    .unwrap_or_else(|| panic!("{label}: imported, but gen refuses it"));
                results.lock().unwrap().0.extend(written);
            });
        }
    });
    let (written, refused) = results.into_inner().unwrap();
    eprintln!(
        "on-disk avro: {} corpus schemas, {refused} not importable, {} .avsc files written",
        files.len(),
        written.len()
    );
    Some(written)
}

/// Sends every written `.avsc`, as the text on disk, to Java Avro 1.12 in one batch: Java must
/// parse it, and its fingerprints of the canonical form must be the ones the manifest records.
fn java_agrees_with_the_manifest(schemas: &[OnDisk]) {
    let lines: Vec<String> = schemas
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // JSON text holds no raw line break inside a string: joining its lines keeps it.
            let text = s.text.replace(['\n', '\r'], " ");
            format!("{{\"id\":{i},\"schema\":{text}}}")
        })
        .collect();
    let answers = oracle::run_lines("--fingerprint", &lines);
    let mut failures = Vec::new();
    for (schema, answer) in schemas.iter().zip(&answers) {
        if !answer["error"].is_null() {
            failures.push(format!(
                "{}: Java rejects it: {}",
                schema.label, answer["error"]
            ));
            continue;
        }
        for key in ["crc64", "md5", "sha256"] {
            if answer[key] != schema.recorded[key] {
                failures.push(format!(
                    "{}: {key} is {} in Java, {} in the manifest",
                    schema.label, answer[key], schema.recorded[key]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_avsc_gen_writes_parses_in_java_with_the_manifest_fingerprints() {
    if oracle::skipped() {
        return;
    }
    let scratch = std::env::temp_dir().join(format!("accord-avro-on-disk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let mut schemas = projects_on_disk(&scratch);
    if let Some(corpus) = corpus_on_disk(&scratch) {
        schemas.extend(corpus);
    }
    let started = std::time::Instant::now();
    java_agrees_with_the_manifest(&schemas);
    eprintln!(
        "on-disk avro: Java parsed {} files in {:.1} s",
        schemas.len(),
        started.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

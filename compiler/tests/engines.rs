//! Engine verdicts (`docs/engines.md`, Verdicts per engine): each change between two versions of
//! a record, judged the way each engine reads data written before it. The expected verdicts are
//! the engines' documented rules (Iceberg spec "Schema Evolution", Spark's Parquet source and
//! SPARK-40876, Arrow's safe casts, Delta's type widening and column mapping); the engines
//! themselves check them in tests/engines (the differential suite).

use accord_compiler::compat::engines::{self, Engine, Verdict};
use accord_compiler::config::{ProjectConfig, RuleLevel};
use accord_compiler::diagnostic::{Code, Severity};
use accord_compiler::ir::CompatMode;
use accord_compiler::{compile_sources, Compilation};

use Verdict::{Breaking as B, DataDependent as D, Requires as R, Safe as S};

/// The engines of the tables below, in column order.
const TABLE_ENGINES: [Engine; 5] = [
    Engine::IcebergV2,
    Engine::Spark35,
    Engine::Spark40,
    Engine::Parquet,
    Engine::Delta,
];

/// Compiles one file with every version pair allowed (no compatibility mode, no migration
/// hooks needed): the engines judge changes Avro would refuse too.
fn compile(text: &str) -> Compilation {
    let allow = |code: &str| (code.to_owned(), RuleLevel::Allow);
    let config = ProjectConfig {
        default_compat: CompatMode::None,
        rules: [allow("M001"), allow("M002")].into_iter().collect(),
        ..ProjectConfig::default()
    };
    let compilation = compile_sources(vec![("a.accord".into(), text.into())], config);
    assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
    compilation
}

/// The verdicts of the table engines on version 1 -> 2 of record `R` with `old` and `new` as
/// its fields (besides `id: string`).
fn verdicts(old: &str, new: &str) -> [Verdict; 5] {
    let text = format!(
        "package t;\nenum Color {{ RED, GREEN }}\nenum Red {{ RED }}\nenum Rgb {{ RED, GREEN, BLUE }}\nfixed F4(4);\nfixed F8(8);\nrecord Inner {{ a: int; }}\nrecord Wide {{ a: long; }}\nrecord R {{\n  version 1 {{ id: string; {old} }}\n  version 2 {{ id: string; {new} }}\n}}\n"
    );
    let compilation = compile(&text);
    let tables = compilation.tables();
    let assessments = engines::assess(
        &compilation.model,
        &compilation.facts,
        &tables,
        &TABLE_ENGINES,
    );
    let [pair] = assessments.as_slice() else {
        panic!("one pair expected, got {}", assessments.len());
    };
    TABLE_ENGINES.map(|engine| pair.verdict(engine))
}

/// Each row: version 1's field, version 2's field, and the verdicts of iceberg-v2, spark-3.5,
/// spark-4.0, parquet (Arrow with the new schema) and delta.
const CHANGES: &[(&str, &str, [Verdict; 5])] = &[
    // Iceberg: int->long, float->double, decimal precision; Spark 3.5 none; Spark 4 and Delta
    // widen (reader schema / typeWidening); Arrow casts safely.
    ("c: int;", "c: long;", [S, B, R, S, R]),
    ("c: long;", "c: int;", [B, B, B, D, B]),
    ("c: float;", "c: double;", [S, B, R, S, R]),
    ("c: double;", "c: float;", [B, B, B, D, B]),
    ("c: int;", "c: double;", [B, B, R, S, R]),
    ("c: long;", "c: double;", [B, B, B, D, B]),
    ("c: int;", "c: string;", [B, B, B, S, B]),
    ("c: string;", "c: int;", [B, B, B, D, B]),
    ("c: bool;", "c: int;", [B, B, B, B, B]),
    ("c: decimal(9, 2);", "c: decimal(18, 2);", [S, B, S, S, R]),
    ("c: decimal(9, 2);", "c: decimal(9, 3);", [B, B, B, D, B]),
    ("c: decimal(9, 2);", "c: decimal(12, 4);", [B, B, R, S, R]),
    ("c: int;", "c: decimal(18, 2);", [B, B, R, S, R]),
    ("c: int;", "c: decimal(9, 2);", [B, B, B, B, B]),
    ("c: double;", "c: decimal(18, 2);", [B, B, B, D, B]),
    // Arrow's decimal -> float keeps the values a float holds, except past two decimal places
    // (-999.5 at scale 3 reads -999.5000610351562).
    ("c: decimal(9, 2);", "c: double;", [B, B, B, D, B]),
    ("c: decimal(9, 2);", "c: float;", [B, B, B, D, B]),
    ("c: decimal(9, 3);", "c: float;", [B, B, B, B, B]),
    // date -> timestamp: Iceberg only in format v3; Spark 4 and Delta only to timestamp_ntz.
    ("c: date;", "c: local_timestamp_us;", [B, B, R, S, R]),
    ("c: date;", "c: timestamp_us;", [B, B, B, S, B]),
    // The engines hold one timestamp unit (Arrow holds both: ms -> us is exact).
    ("c: timestamp_ms;", "c: timestamp_us;", [S, S, S, S, S]),
    ("c: timestamp_us;", "c: timestamp_ms;", [S, S, S, D, S]),
    (
        "c: timestamp_us;",
        "c: local_timestamp_us;",
        [B, B, B, B, B],
    ),
    // Spark and Delta read times as int and long.
    ("c: time_ms;", "c: time_us;", [S, B, R, S, R]),
    // Enums and uuids are strings in every table.
    ("c: Color;", "c: string;", [S, S, S, S, S]),
    ("c: uuid;", "c: string;", [S, S, S, S, S]),
    ("c: bytes;", "c: string;", [B, D, D, D, B]),
    ("c: string;", "c: bytes;", [B, S, S, S, B]),
    // Fixed sizes: Spark and Delta hold a binary, unchecked.
    ("c: bytes;", "c: F4;", [B, D, D, D, D]),
    ("c: F4;", "c: bytes;", [B, S, S, S, S]),
    ("c: F4;", "c: F8;", [B, B, B, B, B]),
    // Enums are text to every engine, unchecked: fewer symbols depend on the data.
    ("c: string;", "c: Color;", [D, D, D, D, D]),
    ("c: Color;", "c: Red;", [D, D, D, D, D]),
    ("c: Color;", "c: Rgb;", [S, S, S, S, S]),
    ("c: int;", "c: Color;", [B, B, B, B, B]),
    // Arrow writes every leaf as text exactly.
    ("c: double;", "c: string;", [B, B, B, S, B]),
    ("c: timestamp_us;", "c: date;", [B, B, B, D, B]),
    // Nullability: Iceberg refuses; the others do not enforce it on read (nulls come back).
    ("c: string?;", "c: string;", [B, D, D, D, D]),
    ("c: string;", "c: string?;", [S, S, S, S, S]),
    // Added columns: null for old rows is safe; a default needs a backfill; none breaks.
    ("", "c: string? = null;", [S, S, S, S, S]),
    ("", "c: int = 0;", [R, R, R, R, R]),
    ("", "c: int? = 5;", [R, R, R, R, R]),
    ("", "c: int;", [B, B, B, B, B]),
    // Dropped: Delta needs column mapping.
    ("c: int;", "", [S, S, S, S, R]),
    // Renamed: Iceberg keeps the field id; the others match by name.
    ("c: int;", "d: int @renamed(c);", [S, B, B, B, R]),
    // Reordered: every engine matches by id or name.
    ("c: int; d: string;", "d: string; c: int;", [S, S, S, S, S]),
    // Nested columns follow the same rules.
    ("c: list<int>;", "c: list<long>;", [S, B, R, S, R]),
    ("c: map<int>;", "c: map<long>;", [S, B, R, S, R]),
    ("c: Inner;", "c: Wide;", [S, B, R, S, R]),
    ("c: int;", "c: list<int>;", [B, B, B, B, B]),
    ("c: list<int>;", "c: list<int?>;", [S, S, S, S, S]),
    (
        "c: union<int, string>;",
        "c: union<int, string, bool>;",
        [S, S, S, S, S],
    ),
];

#[test]
fn every_change_gets_each_engines_documented_verdict() {
    let mut wrong = Vec::new();
    for (old, new, expected) in CHANGES {
        let got = verdicts(old, new);
        if got != *expected {
            wrong.push(format!(
                "`{old}` -> `{new}`: expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_name_dropped_and_added_again_is_reused_for_name_matched_engines() {
    let compilation = compile(
        "package t;\nrecord R {\n  version 1 { id: string; c: int; }\n  version 2 { id: string; }\n  version 3 { id: string; c: string? = null; }\n}\n",
    );
    let tables = compilation.tables();
    let assessments = engines::assess(
        &compilation.model,
        &compilation.facts,
        &tables,
        &TABLE_ENGINES,
    );
    let third = assessments.iter().find(|a| a.to == 3).expect("pair 2 -> 3");
    assert_eq!(TABLE_ENGINES.map(|e| third.verdict(e)), [S, B, B, B, R]);
    // Avro resolves by name too: data written with version 1 fills `c` of version 3.
    let with_avro = engines::assess(
        &compilation.model,
        &compilation.facts,
        &tables,
        &[Engine::Avro],
    );
    let third = with_avro.iter().find(|a| a.to == 3).expect("pair 2 -> 3");
    assert_eq!(third.verdict(Engine::Avro), B);
}

#[test]
fn avro_verdict_is_avro_resolution_of_the_pair() {
    for (old, new, avro) in [
        ("c: int;", "c: long;", S),
        ("c: long;", "c: int;", B),
        ("c: int;", "d: int @renamed(c);", S),
        ("", "c: int;", B),
    ] {
        let text = format!(
            "package t;\nrecord R {{\n  version 1 {{ id: string; {old} }}\n  version 2 {{ id: string; {new} }}\n}}\n"
        );
        let compilation = compile(&text);
        let tables = compilation.tables();
        let assessments = engines::assess(
            &compilation.model,
            &compilation.facts,
            &tables,
            &[Engine::Avro],
        );
        assert_eq!(
            assessments[0].verdict(Engine::Avro),
            avro,
            "`{old}` -> `{new}`"
        );
    }
}

#[test]
fn findings_come_only_for_the_engines_asked_for_with_severity_by_verdict() {
    let text = "package t;\nrecord R {\n  version 1 { id: string; c: int; }\n  version 2 { id: string; c: long; x: int = 0; }\n}\n";
    let mut compilation = compile(text);
    assert!(compilation.diagnostics.iter().all(|d| !d.code.is_engine()));
    compilation.check_engines(&[Engine::IcebergV2]);
    let found: Vec<(Code, Severity)> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.code.is_engine())
        .map(|d| (d.code, d.severity))
        .collect();
    // int -> long is a valid Iceberg promotion; the default needs a backfill.
    assert_eq!(found, vec![(Code::E004, Severity::Warning)]);
    compilation.check_engines(&[Engine::Spark35]);
    assert!(compilation.diagnostics.iter().any(|d| d.code == Code::E002
        && d.severity == Severity::Error
        && d.message.contains("spark-3.5")));
}

#[test]
fn engines_in_accord_toml_are_parsed_and_unknown_ones_refused() {
    let file = accord_compiler::source::FileId(0);
    let config = ProjectConfig::parse(
        "[engines]\ntargets = [\"spark-3.5\", \"iceberg-v2\"]\n",
        file,
    )
    .expect("valid");
    assert_eq!(config.engines, vec![Engine::IcebergV2, Engine::Spark35]);
    let all = ProjectConfig::parse("[engines]\ntargets = [\"all\"]\n", file).expect("valid");
    assert_eq!(all.engines, Engine::ALL);
    let error = ProjectConfig::parse("[engines]\ntargets = [\"hive\"]\n", file).unwrap_err();
    assert_eq!(error.code, Code::C002);
    assert!(
        error.message.contains("unknown engine `hive`"),
        "{}",
        error.message
    );
}

#[test]
fn the_json_matrix_names_every_change_with_code_rule_and_link() {
    let compilation = compile(
        "package t;\nrecord R {\n  version 1 { id: string; name: string; }\n  version 2 { id: string; full_name: string @renamed(name); }\n}\n",
    );
    let tables = compilation.tables();
    let assessments = engines::assess(&compilation.model, &compilation.facts, &tables, Engine::ALL);
    let json = engines::to_json(&assessments, Engine::ALL);
    let pair = &json["changes"][0];
    assert_eq!(pair["type"], "t.R");
    assert_eq!(pair["verdicts"]["avro"], "safe");
    assert_eq!(pair["verdicts"]["iceberg-v2"], "safe");
    assert_eq!(pair["verdicts"]["spark-3.5"], "breaking");
    let column = &pair["columns"][0];
    assert_eq!(column["change"], "renamed");
    assert_eq!(column["path"], "full_name");
    assert_eq!(column["from"], "name");
    assert_eq!(column["id"], 2);
    let spark = &column["verdicts"]["spark-3.5"];
    assert_eq!(spark["code"], "E001");
    assert!(spark["link"]
        .as_str()
        .unwrap()
        .starts_with("https://spark.apache.org/"));
    assert_eq!(column["verdicts"]["delta"]["requires"], "columnMapping");
}

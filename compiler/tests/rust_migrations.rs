//! The conversions the Rust target generates between versions never panic: `From` only where
//! every value converts (Avro's numeric promotions, identical types, mapped symbols), `TryFrom`
//! where a value can fail, including a scalar read with another logical type or precision of
//! the same Avro primitive (`long` to `timestamp_ms`: not every `long` is a timestamp chrono
//! holds; `decimal(9, 2)` to `decimal(4, 2)`).

use accord_compiler::codegen::{rust, Input};
use accord_compiler::{compile_sources, config::ProjectConfig};

fn generated(source: &str) -> String {
    let compilation = compile_sources(
        vec![("m.accord".into(), source.into())],
        ProjectConfig::default(),
    );
    let Some(model) = compilation.valid_model() else {
        panic!("invalid contracts: {:#?}", compilation.diagnostics);
    };
    rust::files(Input::new(model, &compilation.facts, &compilation.sources))
        .into_iter()
        .map(|f| String::from_utf8(f.contents).unwrap())
        .collect()
}

const READING: &str = r#"package m;
record Reading {
  compat none;
  version 1 { at: long; count: int; price: decimal(9, 2); }
  version 2 { at: timestamp_ms; count: long; price: decimal(9, 2); }
  version 3 { at: timestamp_ms; count: long; price: decimal(4, 2); }
}
record Counter {
  compat backward;
  version 1 { count: int; label: string; }
  version 2 { count: long; label: bytes; }
}
"#;

#[test]
fn a_scalar_another_logical_type_reads_is_a_try_from() {
    let code = generated(READING);
    for (from, to) in [("V1", "V2"), ("V2", "V3"), ("V1", "V3"), ("V3", "V2")] {
        let try_from = format!("TryFrom<Reading{from}> for Reading{to}");
        assert!(code.contains(&try_from), "{try_from}");
        assert!(
            !code.contains(&format!("From<Reading{from}> for Reading{to}\n")),
            "{from} {to}"
        );
        assert!(
            !code.contains(&format!("::From<Reading{from}> for Reading{to}")),
            "{from} {to}"
        );
    }
    assert!(code.contains("cannot hold"), "the doc says why it fails");
    // `long` to `int` needs a hook: no conversion at all.
    assert!(!code.contains("From<ReadingV2> for ReadingV1"));
}

#[test]
fn promotions_stay_infallible_from() {
    let code = generated(READING);
    assert!(code.contains("::From<CounterV1> for CounterV2"));
    // long to int and bytes to string do not resolve back: no downgrade without a hook.
    assert!(!code.contains("From<CounterV2> for CounterV1"));
}

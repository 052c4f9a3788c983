//! `accord avro compat --batch`: verdict lines in input order, an error verdict with a stable
//! code for every bad line (the batch goes on), the exit code, and the schema cache not changing
//! any verdict.

use accord_compiler::avro::CompatMode;
use accord_compiler::cli::avro::batch::{run, Options};
use accord_compiler::cli::avro::Semantics;
use serde_json::{json, Value};

fn options() -> Options {
    Options {
        mode: CompatMode::Backward,
        semantics: Semantics::Avro,
        max_line_bytes: 4096,
        cache: true,
    }
}

/// Runs a batch over `input`; returns the exit code and the verdicts.
fn batch(options: &Options, input: &str) -> (i32, Vec<Value>) {
    let mut out = Vec::new();
    let code = run(options, input.as_bytes(), &mut out).expect("no I/O error");
    let text = String::from_utf8(out).unwrap();
    let verdicts = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("every verdict is one JSON line"))
        .collect();
    (code, verdicts)
}

fn user(extra: Option<Value>) -> Value {
    let mut fields = vec![json!({"name": "id", "type": "int"})];
    fields.extend(extra);
    json!({"type": "record", "name": "User", "fields": fields})
}

fn lines(requests: &[Value]) -> String {
    requests.iter().map(|r| format!("{r}\n")).collect()
}

#[test]
fn pairs_and_histories_get_verdicts_in_order() {
    let v1 = user(None);
    let v2 = user(Some(json!({"name": "email", "type": "string"})));
    let v3 = user(Some(
        json!({"name": "email", "type": "string", "default": ""}),
    ));
    let input = lines(&[
        json!({"id": "a", "writer": v1, "reader": v3}),
        json!({"id": {"subject": "users", "version": 2}, "writer": v1, "reader": v2}),
        json!({"id": 3, "old": [v1, v3], "new": v1, "mode": "full_transitive"}),
        json!({"id": 4, "old": [v1], "new": v2, "mode": "forward"}),
    ]);
    let (code, verdicts) = batch(&options(), &input);
    assert_eq!(code, 1, "some request is incompatible");
    let compatible: Vec<bool> = verdicts
        .iter()
        .map(|v| v["compatible"].as_bool().unwrap())
        .collect();
    assert_eq!(compatible, [true, false, true, true]);
    assert_eq!(verdicts[1]["id"], json!({"subject": "users", "version": 2}));
    let finding = &verdicts[1]["findings"][0];
    assert_eq!(finding["code"], "AVRO004");
    assert_eq!(
        (finding["old"].as_str(), finding["new"].as_str()),
        (Some("writer"), Some("reader"))
    );
    assert_eq!(verdicts[2]["line"], 3);
}

#[test]
fn bad_lines_get_coded_errors_and_the_batch_goes_on() {
    let ok = json!({"id": "ok", "writer": "int", "reader": "long"});
    let long_line = json!({"id": "long", "writer": "int", "reader": {"type": "record", "name": "R",
        "fields": [], "doc": "x".repeat(5000)}});
    let input = [
        "not json".to_string(),
        "[1, 2]".to_string(),
        json!({"id": 1, "writer": "int"}).to_string(),
        json!({"id": 2, "writer": "int", "reader": "int", "new": "int"}).to_string(),
        json!({"id": 3, "old": ["int"], "new": "int", "mode": "sideways"}).to_string(),
        json!({"id": 4, "old": "int", "new": "int"}).to_string(),
        json!({"id": 5, "writer": "int", "reader": {"type": "record", "name": "1R", "fields": []}})
            .to_string(),
        String::new(),
        long_line.to_string(),
        ok.to_string(),
    ]
    .join("\n");
    let (code, verdicts) = batch(&options(), &input);
    assert_eq!(code, 2, "an error verdict makes the exit code 2");
    let codes: Vec<&str> = verdicts
        .iter()
        .map(|v| v["error"]["code"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(
        codes,
        [
            "AVRO201", "AVRO201", "AVRO202", "AVRO202", "AVRO202", "AVRO202", "AVRO203", "AVRO200",
            "-"
        ],
        "{verdicts:#?}"
    );
    let lines: Vec<u64> = verdicts
        .iter()
        .map(|v| v["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lines,
        [1, 2, 3, 4, 5, 6, 7, 9, 10],
        "the blank line 8 gets no verdict"
    );
    assert_eq!(
        verdicts[2]["id"], 1,
        "the id is echoed when the line is an object"
    );
    assert!(verdicts[6]["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("reader: Illegal initial character"));
    assert_eq!(verdicts[8]["compatible"], true);
}

/// Lines the one-pass reader takes apart without checking their schemas' text get the verdicts
/// of a full JSON reading: invalid JSON anywhere is a line error (`AVRO201`, no id) even when an
/// earlier schema is refused, escapes are read, and a schema repeated from the line before is
/// taken whole only where it ends the same way.
#[test]
fn lines_read_in_one_pass_get_the_verdicts_of_a_full_json_reading() {
    let schema = r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#;
    let input = [
        r#"{"id": 1, "writer": {"type": "int",}, "reader": "int"}"#.to_string(),
        r#"{"id": 2, "old": [{"type": "bogus"}, {"type": ]}], "new": "int"}"#.to_string(),
        r#"{"id": 3, "old": [{"type": "bogus"}, {"type": "int"}], "new": "int"}"#.to_string(),
        r#"{"id": 4, "writer": {"type": "record", "name": "R", "doc": "a\"b}", "fields": []}, "reader": {"type": "record", "name": "R", "fields": []}}"#.to_string(),
        format!(r#"{{"id": 5, "writer": {schema}, "reader": {schema}}}"#),
        format!(r#"{{"id": 6, "writer": {schema}}}, "reader": {schema}}}"#),
        format!(r#"{{"id": 7, "writer": {schema}, "reader": {schema}, "writer": "int"}}"#),
        format!(r#"{{"id": 8, "writer": {schema} , "reader":{schema}}}"#),
        r#"{"id": 9, "writer": "int", "reader": "long"} x"#.to_string(),
    ]
    .join("\n");
    let (_, verdicts) = batch(&options(), &input);
    let outcome: Vec<String> = verdicts
        .iter()
        .map(|v| match v["error"]["code"].as_str() {
            Some(code) => format!("{} {code}", v["id"]),
            None => format!("{} {}", v["id"], v["compatible"]),
        })
        .collect();
    assert_eq!(
        outcome,
        [
            "null AVRO201",
            "null AVRO201",
            "3 AVRO203",
            "4 true",
            "5 true",
            "null AVRO201",
            "7 AVRO202",
            "8 true",
            "null AVRO201"
        ],
        "{verdicts:#?}"
    );
}

#[test]
fn every_request_compatible_exits_zero() {
    let (code, verdicts) = batch(
        &options(),
        &lines(&[json!({"writer": "int", "reader": "double"})]),
    );
    assert_eq!((code, verdicts[0]["id"].clone()), (0, Value::Null));
}

#[test]
fn the_cache_changes_no_verdict() {
    let v1 = user(None);
    let v2 = user(Some(json!({"name": "email", "type": "string"})));
    let bad = json!({"type": "enum", "name": "E", "symbols": ["A", "A"]});
    let mut requests = Vec::new();
    for i in 0..50 {
        let (w, r) = if i % 2 == 0 { (&v1, &v2) } else { (&v2, &v1) };
        requests.push(json!({"id": i, "writer": w, "reader": r}));
        requests.push(json!({"id": i, "old": [w, r], "new": if i % 3 == 0 { &bad } else { r }}));
    }
    let input = lines(&requests);
    let cached = batch(&options(), &input);
    let fresh = batch(
        &Options {
            cache: false,
            ..options()
        },
        &input,
    );
    assert_eq!(cached, fresh);
    assert_eq!(cached.1.len(), 100);
}

/// A large batch (many chunks, blank lines, bad lines) gets the same verdicts, in input order,
/// whatever the number of threads that check its chunks.
#[test]
fn verdicts_stay_in_input_order_on_any_number_of_threads() {
    let v1 = user(None);
    let v2 = user(Some(json!({"name": "email", "type": "string"})));
    let mut input = String::new();
    for i in 0..3000 {
        match i % 7 {
            0 => input.push('\n'),
            1 => input.push_str("not json\n"),
            _ if i % 2 == 0 => input.push_str(&format!(
                "{}\n",
                json!({"id": i, "writer": v1, "reader": v2})
            )),
            _ => input.push_str(&format!(
                "{}\n",
                json!({"id": i, "writer": v2, "reader": v1})
            )),
        }
    }
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        pool.install(|| batch(&options(), &input))
    };
    let one = on(1);
    assert_eq!(one, on(4));
    let numbers: Vec<u64> = one.1.iter().map(|v| v["line"].as_u64().unwrap()).collect();
    let expected: Vec<u64> = (1..=3000).filter(|n| (n - 1) % 7 != 0).collect();
    assert_eq!(numbers, expected);
    assert_eq!(one.0, 2, "the bad lines make the exit code 2");
}

/// A caller that writes one request at a time and waits for its verdict is answered before the
/// batch reads the next line.
#[test]
fn each_verdict_is_written_before_the_next_line_is_read() {
    use std::cell::RefCell;
    use std::io::{Read, Write};
    use std::rc::Rc;

    struct Shared(Rc<RefCell<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    /// Gives one request per read, and only once every earlier request has its verdict.
    struct OneAtATime {
        requests: Vec<String>,
        given: usize,
        written: Rc<RefCell<Vec<u8>>>,
    }
    impl Read for OneAtATime {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let verdicts = self
                .written
                .borrow()
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            assert_eq!(
                verdicts, self.given,
                "asked for more input before answering"
            );
            let Some(request) = self.requests.get(self.given) else {
                return Ok(0);
            };
            buf[..request.len()].copy_from_slice(request.as_bytes());
            self.given += 1;
            Ok(request.len())
        }
    }
    let written = Rc::new(RefCell::new(Vec::new()));
    let requests = (0..5)
        .map(|i| format!("{}\n", json!({"id": i, "writer": "int", "reader": "long"})))
        .collect();
    let input = OneAtATime {
        requests,
        given: 0,
        written: Rc::clone(&written),
    };
    let code = run(&options(), input, &mut Shared(Rc::clone(&written))).expect("no I/O error");
    assert_eq!(code, 0);
    assert_eq!(written.borrow().iter().filter(|&&b| b == b'\n').count(), 5);
}

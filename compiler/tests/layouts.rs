//! The reference path formatter and parser (`accord_compiler::layout::template`), the spec of
//! generated code: for random templates that pass the ambiguity rules and random values
//! (`samples::random`: hostile, long, control-character and arbitrary Unicode strings, ints at
//! padding edges and limits, dates at the bounds), `parse(path(x)) == x`; and templates the
//! rules refuse really are ambiguous (two values give one path, or a path does not parse back).

use accord_compiler::layout::samples::{random, SplitMix64, HOSTILE_STRINGS};
use accord_compiler::layout::template::*;

const KINDS: usize = 7;

fn kind(rng: &mut SplitMix64) -> Kind {
    match rng.below(KINDS as u64) {
        0 => Kind::String,
        1 => Kind::Int {
            long: false,
            pad: None,
        },
        2 => Kind::Int {
            long: true,
            pad: Some(1 + rng.below(8) as usize),
        },
        3 => Kind::Uuid,
        4 => Kind::Date,
        5 => Kind::Bool,
        _ => Kind::Enum(vec!["EU".into(), "US_east".into(), "x9".into()]),
    }
}

const LITERALS: &[&str] = &[
    "/", "=", "-", ".", "_", "/dt=", "-part-", ".parquet", "x", "/k=", "+", ",", "@", "!", ":",
    "~", "9", "a", "g/",
];

fn template(rng: &mut SplitMix64) -> Template {
    let mut parts = Vec::new();
    if rng.below(2) == 0 {
        parts.push(Part::Literal("root/".into()));
    }
    let segments = 1 + rng.below(4);
    for index in 0..segments {
        parts.push(Part::Segment(Segment {
            name: format!("s{index}"),
            kind: kind(rng),
        }));
        if index + 1 < segments || rng.below(2) == 0 {
            parts.push(Part::Literal(rng.pick(LITERALS).to_string()));
        }
    }
    Template { parts }
}

fn values(template: &Template, rng: &mut SplitMix64) -> Values {
    template
        .segments()
        .map(|s| (s.name.clone(), random(&s.kind, rng)))
        .collect()
}

#[test]
fn unambiguous_templates_round_trip_every_value() {
    let mut rng = SplitMix64::new(0x5eed_ac0d);
    let (mut templates, mut paths) = (0, 0);
    for _ in 0..3_000 {
        let template = template(&mut rng);
        if !ambiguities(&template).is_empty() {
            continue;
        }
        templates += 1;
        for _ in 0..40 {
            let values = values(&template, &mut rng);
            let path = format_path(&template, &values)
                .unwrap_or_else(|e| panic!("{}: {values:?}: {e}", template.describe()));
            let parsed = parse_path(&template, &path)
                .unwrap_or_else(|e| panic!("{}: {path:?}: {e}", template.describe()));
            assert_eq!(parsed, values, "{}: {path:?}", template.describe());
            paths += 1;
        }
    }
    assert!(templates > 300, "only {templates} unambiguous templates");
    println!("{templates} templates, {paths} paths round-tripped");
}

#[test]
fn every_hostile_string_round_trips_in_every_position() {
    let templates = [
        "{s: string}",
        "a/{s: string}/b",
        "k={s: string}-{t: string}.parquet",
        "{s: string}.{t: string}",
    ];
    for text in templates {
        let parts = parse_template(text).unwrap();
        let template = Template {
            parts: parts
                .into_iter()
                .map(|p| match p {
                    RawPart::Literal { text, .. } => Part::Literal(text),
                    RawPart::Segment(s) => Part::Segment(Segment {
                        name: s.name,
                        kind: Kind::String,
                    }),
                })
                .collect(),
        };
        assert!(ambiguities(&template).is_empty(), "{text}");
        for a in HOSTILE_STRINGS {
            for b in HOSTILE_STRINGS {
                let mut values = Values::new();
                values.insert("s".into(), Value::Str(a.to_string()));
                if template.segments().count() == 2 {
                    values.insert("t".into(), Value::Str(b.to_string()));
                }
                let path = format_path(&template, &values).unwrap();
                assert!(!path.contains("//") && !path.starts_with('/'), "{path}");
                for segment_text in path.split(['/', '=', '-', '.']) {
                    assert!(
                        segment_text
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "_%".contains(c)),
                        "{path}"
                    );
                }
                assert_eq!(parse_path(&template, &path).unwrap(), values, "{path}");
            }
        }
    }
}

/// A template the rules refuse has two different value sets with one path, or a value whose
/// path does not parse back: the rules refuse nothing that is safe in practice for these kinds.
#[test]
fn refused_templates_are_really_ambiguous() {
    let mut rng = SplitMix64::new(42);
    let mut refused = 0;
    let mut shown = 0;
    for _ in 0..2_000 {
        let template = template(&mut rng);
        if ambiguities(&template).is_empty() {
            continue;
        }
        refused += 1;
        let failed = (0..400).any(|_| {
            let values = values(&template, &mut rng);
            let Ok(path) = format_path(&template, &values) else {
                return false;
            };
            parse_path(&template, &path).ok() != Some(values)
        });
        if failed {
            shown += 1;
        }
    }
    assert!(refused > 100);
    // Random values do not always hit the collision (a date before `-` collides only when the
    // parser's run swallows the literal, which it always does: the path then fails to parse;
    // a bool before `a` fails the same way), so most refused templates fail on some value.
    assert!(
        shown * 2 > refused,
        "{shown} of {refused} refused templates shown ambiguous"
    );
}

/// The path vectors `accord gen --target vectors` writes for the example layouts hold what the
/// reference formatter and parser say: each case's values give its path and back, the partial
/// values their prefix and glob, and each invalid path fails at the segment named.
#[test]
fn path_vectors_of_the_examples_agree_with_the_reference() {
    use accord_compiler::codegen::{generate, Input, Target};
    use serde_json::Value as Json;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let compilation = accord_compiler::compile(&root).expect("the examples load");
    let model = compilation.valid_model().expect("the examples check");
    let files = generate(
        Input::new(model, &compilation.facts, &compilation.sources),
        &[Target::Vectors],
    );
    let mut checked = 0;
    for def in model.layouts.values() {
        for version in &def.versions {
            let template = accord_compiler::layout::resolve(model, version).expect("resolves");
            let path = accord_compiler::codegen::layout_vectors::path(def, version);
            let file = files
                .iter()
                .find(|f| f.path == path)
                .expect("a vector file");
            let doc: Json = serde_json::from_slice(&file.contents).unwrap();
            let values_of = |json: &Json| -> Values {
                json.as_object()
                    .unwrap()
                    .iter()
                    .map(|(name, value)| {
                        let segment = template.segments().find(|s| &s.name == name).unwrap();
                        (
                            name.clone(),
                            Value::from_json(&segment.kind, value).unwrap(),
                        )
                    })
                    .collect()
            };
            for case in doc["cases"].as_array().unwrap() {
                let values = values_of(&case["segments"]);
                let path = case["path"].as_str().unwrap();
                assert_eq!(format_path(&template, &values).unwrap(), path);
                assert_eq!(parse_path(&template, path).unwrap(), values);
                let partial = values_of(&case["partial"]["segments"]);
                assert_eq!(
                    prefix(&template, &partial).unwrap(),
                    case["partial"]["prefix"]
                );
                assert_eq!(glob(&template, &partial).unwrap(), case["partial"]["glob"]);
                assert!(path.starts_with(case["partial"]["prefix"].as_str().unwrap()));
                checked += 1;
            }
            let invalid = doc["invalid"].as_array().unwrap();
            assert_eq!(invalid.len(), template.segments().count() + 1, "{path}");
            for bad in invalid {
                let error = parse_path(&template, bad["path"].as_str().unwrap()).unwrap_err();
                assert_eq!(error.segment.as_deref(), bad["segment"].as_str());
            }
        }
    }
    assert!(checked >= 60, "only {checked} cases");
}

//! Migration plans (`compiler/src/migrate`): their structure on hand-written contracts, hooks
//! leaving the wire and the lock untouched, and, on generated evolutions, that a direct plan is
//! free of gaps and fallible steps exactly when Avro's checker says the target reads the source.

use accord_compiler::avro::from_model::schema_json;
use accord_compiler::avro::{check_compatibility, CompatError, Schema};
use accord_compiler::config::ProjectConfig;
use accord_compiler::diagnostic::Code;
use accord_compiler::diagnostic::Diagnostics;
use accord_compiler::facts::Facts;
use accord_compiler::ir::{FullName, Model, TypeRef, Value};
use accord_compiler::migrate::*;
use accord_compiler::{compile_sources, lock};
use std::collections::BTreeMap;

fn compile(source: &str) -> (Model, Vec<Code>) {
    let compiled = compile_sources(
        vec![("t.accord".into(), source.into())],
        ProjectConfig::default(),
    );
    let codes = compiled.diagnostics.iter().map(|d| d.code).collect();
    (compiled.model, codes)
}

fn name(type_name: &str) -> FullName {
    FullName::new("t", type_name)
}

fn record_plan(plan: &Plan) -> &RecordPlan {
    match &plan.root().route {
        Route::Direct(Mapping::Record(record)) => record,
        other => panic!("not a direct record plan: {other:?}"),
    }
}

fn field<'p>(record: &'p RecordPlan, name: &str) -> &'p FieldPlan {
    record.fields.iter().find(|f| f.name == name).unwrap()
}

const ORDER: &str = r#"package t;

enum Status {
  version 1 { PLACED, PAID, LOST; default PLACED }
  version 2 { PLACED, PAID, CANCELLED }
}

record Line {
  version 1 { sku: string; qty: int; }
  version 2 { sku: string; qty: long; note: string = ""; }
}

record Order {
  compat none;
  version 1 {
    id: long @key;
    name: string;
    qty: int;
    status: Status@1;
    lines: list<Line@1>;
    ref: union<long, string>;
    maybe: string?;
    total_cents: long;
  }
  version 2 {
    id: long @key;
    full_name: string @renamed(name);
    qty: double;
    status: Status@2;
    lines: list<Line@2>;
    ref: union<string, double>;
    maybe: string;
    total: decimal(18, 2) @migrate(from = total_cents, with = cents_to_euros, back = euros_to_cents);
    extra: int = 7;
  }
}
"#;

#[test]
fn upgrade_plan_says_where_every_field_comes_from() {
    let (model, codes) = compile(ORDER);
    assert!(!codes.contains(&Code::M001), "{codes:?}");
    let plan = plan(&model, &name("Order"), 1, 2).unwrap();
    let record = record_plan(&plan);
    let conv = |f: &str| match &field(record, f).source {
        Source::Field { conversion, .. } => conversion.clone(),
        other => panic!("{f}: {other:?}"),
    };
    assert_eq!(conv("id"), Conversion::Identity);
    assert!(
        matches!(&field(record, "full_name").source, Source::Field { name, .. } if name == "name")
    );
    assert_eq!(
        conv("qty").promotion(),
        Some((
            accord_compiler::avro::SchemaKind::Int,
            accord_compiler::avro::SchemaKind::Double
        ))
    );
    // Status 1 -> 2: LOST becomes nothing (no default in version 2): fallible.
    let status_key = StepKey {
        from: TypeRef {
            name: name("Status"),
            version: 1,
        },
        to: TypeRef {
            name: name("Status"),
            version: 2,
        },
    };
    assert_eq!(conv("status"), Conversion::Named(status_key.clone()));
    let Route::Direct(Mapping::Enum(symbols)) = &plan.get(&status_key).unwrap().route else {
        panic!()
    };
    assert_eq!(symbols.symbols[2].to, None);
    assert_eq!(field(record, "status").status.kind(), StatusKind::Fallible);
    // Lines: element by element, through Line's own plan (qty promoted, note defaulted).
    let Conversion::List(inner) = conv("lines") else {
        panic!()
    };
    let Conversion::Named(line_key) = *inner else {
        panic!()
    };
    assert!(plan.get(&line_key).unwrap().status.is_infallible());
    // union<long, string> -> union<string, double>: long promotes to double (branch 1), string
    // is the same (branch 0).
    let Conversion::Branches(branches) = conv("ref") else {
        panic!()
    };
    assert_eq!(branches[0].to.as_ref().unwrap().0, Some(Branch::Value(1)));
    assert_eq!(branches[1].to.as_ref().unwrap().0, Some(Branch::Value(0)));
    // string? -> string: fails on null.
    assert_eq!(
        field(record, "maybe").status.fallible[0].kind,
        IssueKind::MissingBranch(Branch::Null)
    );
    assert!(
        matches!(&field(record, "total").source, Source::Hook { hook, input: HookInput::Field { name, .. } } if hook == "cents_to_euros" && name == "total_cents")
    );
    assert_eq!(
        field(record, "extra").source,
        Source::Default(Value::Int(7))
    );
    assert!(record.dropped.is_empty(), "{:?}", record.dropped);
    assert_eq!(plan.status().kind(), StatusKind::Fallible);
}

#[test]
fn downgrade_plan_uses_back_hooks_and_drops_new_fields() {
    let (model, _) = compile(ORDER);
    let plan = plan(&model, &name("Order"), 2, 1).unwrap();
    let record = record_plan(&plan);
    assert!(
        matches!(&field(record, "total_cents").source, Source::Hook { hook, .. } if hook == "euros_to_cents")
    );
    // `full_name @renamed(name)` is not found by version 1 reading version 2 (Avro looks up the
    // reader's aliases only): a gap.
    assert!(matches!(field(record, "name").source, Source::Gap(_)));
    // double -> int does not resolve.
    assert!(field(record, "qty").status.needs_hook());
    assert_eq!(
        record.dropped,
        vec!["full_name".to_string(), "extra".to_string()]
    );
}

#[test]
fn multi_step_plans_resolve_directly_or_compose() {
    let source = r#"package t;

record R {
  compat none;
  version 1 { id: long; tag: string = "a"; }
  version 2 { id: long; }
  version 3 { id: long; tag: string = "b"; }
  version 4 { id: long; tag: string; }
}
"#;
    let (model, _) = compile(source);
    // 1 -> 3 resolves directly: `tag` carries over, as Avro reads it.
    let direct = plan(&model, &name("R"), 1, 3).unwrap();
    assert!(matches!(
        field(record_plan(&direct), "tag").source,
        Source::Field { .. }
    ));
    // 2 -> 4 has no `tag` and no default directly; through version 3 it gets "b".
    let composed = plan(&model, &name("R"), 2, 4).unwrap();
    let Route::Composed(steps) = &composed.root().route else {
        panic!()
    };
    assert_eq!(steps.len(), 2);
    assert!(composed.status().is_infallible());
    let step = composed.get(&steps[0]).unwrap();
    let Route::Direct(Mapping::Record(first)) = &step.route else {
        panic!()
    };
    assert_eq!(
        field(first, "tag").source,
        Source::Default(Value::String("b".into()))
    );
    // A hook in between forces the composition even where direct resolution works.
    let hooked = source.replace(
        "version 3 { id: long; tag: string = \"b\"; }",
        "version 3 { id: long; tag: string = \"b\" @migrate(with = make_tag); }",
    );
    let (model, _) = compile(&hooked);
    assert!(matches!(
        plan(&model, &name("R"), 1, 4).unwrap().root().route,
        Route::Composed(_)
    ));
    assert!(matches!(
        plan(&model, &name("R"), 4, 1).unwrap().root().route,
        Route::Direct(_)
    ));
}

#[test]
fn recursive_types_terminate() {
    let source = r#"package t;

record Node {
  compat none;
  version 1 { id: long; next: Node@1?; }
  version 2 { id: long; label: string = ""; next: Node@2?; }
}
"#;
    let (model, _) = compile(source);
    let up = plan(&model, &name("Node"), 1, 2).unwrap();
    assert!(up.status().is_infallible());
    let down = plan(&model, &name("Node"), 2, 1).unwrap();
    assert_eq!(record_plan(&down).dropped, vec!["label".to_string()]);
}

#[test]
fn a_hook_changes_neither_the_wire_schema_nor_the_lock() {
    let without = ORDER.replace(
        " @migrate(from = total_cents, with = cents_to_euros, back = euros_to_cents)",
        "",
    );
    assert_ne!(without, ORDER);
    let (with_hook, _) = compile(ORDER);
    let (plain, _) = compile(&without);
    let facts = |model: &Model| Facts::build(model, &mut Diagnostics::new(), None);
    let (with_facts, plain_facts) = (facts(&with_hook), facts(&plain));
    let recorded = |model: &Model, facts: &Facts| {
        lock::releases(model, facts)
            .into_iter()
            .map(|(key, r)| (key, r.fingerprint, r.definition))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        recorded(&with_hook, &with_facts),
        recorded(&plain, &plain_facts)
    );
    assert_eq!(
        lock::render(&with_hook, &with_facts),
        lock::render(&plain, &plain_facts)
    );
    let order2 = TypeRef {
        name: name("Order"),
        version: 2,
    };
    assert_eq!(
        schema_json(&with_hook, &order2),
        schema_json(&plain, &order2)
    );
}

#[test]
fn hooks_are_listed_with_their_signatures() {
    let (model, _) = compile(ORDER);
    let hooks = hooks_of(&model.types[&name("Order")]);
    let described: Vec<String> = hooks
        .iter()
        .map(|h| {
            format!(
                "{} ({}) -> {} {}",
                h.hook,
                h.input.ty(),
                h.output,
                h.upgrade
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            "cents_to_euros (long) -> decimal(18, 2) true",
            "euros_to_cents (decimal(18, 2)) -> long false"
        ]
    );
}

// ---- plans against Avro's checker, on generated evolutions ---------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SCALARS: &[&str] = &[
    "bool",
    "int",
    "long",
    "float",
    "double",
    "string",
    "bytes",
    "uuid",
    "date",
    "timestamp_ms",
    "decimal(9, 2)",
];
const SYMBOLS: &[&str] = &["A", "B", "C", "D"];

/// A random contract: helper types with random versions, and a record `R` of three versions
/// evolving at random. Versions of `E` and `Inner` are pinned per version of `R`.
struct Contract {
    enum_versions: Vec<(Vec<&'static str>, Option<&'static str>)>,
    inner_versions: Vec<Vec<(String, String, Option<String>)>>,
}

impl Contract {
    fn new(rng: &mut Rng) -> Contract {
        let enum_versions = (0..3)
            .map(|_| {
                let symbols: Vec<&str> =
                    SYMBOLS.iter().copied().filter(|_| rng.chance(70)).collect();
                let symbols = if symbols.is_empty() {
                    vec!["A"]
                } else {
                    symbols
                };
                let default = rng.chance(50).then(|| symbols[rng.below(symbols.len())]);
                (symbols, default)
            })
            .collect();
        let inner_versions = (0..3)
            .map(|_| {
                let mut fields = Vec::new();
                for name in ["x", "y", "z"] {
                    if rng.chance(60) {
                        let ty = ["int", "long", "string", "bytes", "double"][rng.below(5)];
                        let default = rng.chance(40).then(|| default_of(ty).unwrap());
                        fields.push((name.to_string(), ty.to_string(), default));
                    }
                }
                fields
            })
            .collect();
        Contract {
            enum_versions,
            inner_versions,
        }
    }

    fn render(&self, versions: &[Vec<FieldSpec>]) -> String {
        let mut text = String::from("package t;\n\nfixed F4(4);\n@renamed(F4)\nfixed G4(4);\nfixed F8(8);\n\nenum E {\n  compat none;\n");
        for (i, (symbols, default)) in self.enum_versions.iter().enumerate() {
            let default = default
                .map(|d| format!("; default {d}"))
                .unwrap_or_default();
            text.push_str(&format!(
                "  version {} {{ {}{default} }}\n",
                i + 1,
                symbols.join(", ")
            ));
        }
        text.push_str("}\n\nrecord Inner {\n  compat none;\n");
        for (i, fields) in self.inner_versions.iter().enumerate() {
            text.push_str(&format!("  version {} {{", i + 1));
            for (name, ty, default) in fields {
                let default = default
                    .as_ref()
                    .map(|d| format!(" = {d}"))
                    .unwrap_or_default();
                text.push_str(&format!(" {name}: {ty}{default};"));
            }
            text.push_str(" }\n");
        }
        text.push_str("}\n\nrecord R {\n  compat none;\n");
        for (i, fields) in versions.iter().enumerate() {
            text.push_str(&format!("  version {} {{\n", i + 1));
            for field in fields {
                text.push_str(&format!("    {};\n", field.render()));
            }
            text.push_str("  }\n");
        }
        text.push_str("}\n");
        text
    }
}

#[derive(Clone)]
struct FieldSpec {
    name: String,
    ty: String,
    default: Option<String>,
    renamed: Option<String>,
}

impl FieldSpec {
    fn render(&self) -> String {
        let mut text = format!("{}: {}", self.name, self.ty);
        if let Some(old) = &self.renamed {
            text.push_str(&format!(" @renamed({old})"));
        }
        if let Some(default) = &self.default {
            text.push_str(&format!(" = {default}"));
        }
        text
    }
}

/// A default literal for a type expression, when one is easy to write.
fn default_of(ty: &str) -> Option<String> {
    if ty.ends_with('?') {
        return Some("null".into());
    }
    Some(
        match ty {
            "bool" => "false",
            "int" | "long" | "date" | "timestamp_ms" => "0",
            "float" | "double" => "0.5",
            "string" | "bytes" => "\"\"",
            "uuid" => "\"00000000-0000-0000-0000-000000000000\"",
            "decimal(9, 2)" => "\"0.00\"",
            "F4" | "G4" => "\"abcd\"",
            t if t.starts_with("list<") => "[]",
            t if t.starts_with("map<") => "{}",
            t if t.starts_with("union<") => {
                let first = t["union<".len()..].split(", ").next()?;
                return default_of(first);
            }
            _ => return None,
        }
        .to_string(),
    )
}

/// A random type; `pins` are the versions of `E` and `Inner` this version of `R` uses.
fn random_type(rng: &mut Rng, depth: usize, pins: (usize, usize)) -> String {
    let pick = if depth > 1 {
        rng.below(6)
    } else {
        rng.below(12)
    };
    match pick {
        0..=5 => SCALARS[rng.below(SCALARS.len())].to_string(),
        6 => format!("list<{}>", random_type(rng, depth + 1, pins)),
        7 => format!("map<{}>", random_type(rng, depth + 1, pins)),
        8 => format!("{}?", random_value_type(rng, depth + 1, pins)),
        9 => {
            let mut branches: Vec<String> = Vec::new();
            for _ in 0..2 + rng.below(2) {
                branches.push(random_value_type(rng, depth + 1, pins));
            }
            format!("union<{}>", branches.join(", "))
        }
        10 => format!("E@{}", pins.0),
        _ => match rng.below(4) {
            0 => "F4".into(),
            1 => "G4".into(),
            2 => "F8".into(),
            _ => format!("Inner@{}", pins.1),
        },
    }
}

/// A random type that is neither optional nor a union.
fn random_value_type(rng: &mut Rng, depth: usize, pins: (usize, usize)) -> String {
    loop {
        let ty = random_type(rng, depth.max(2), pins);
        if !ty.ends_with('?') && !ty.starts_with("union<") {
            return ty;
        }
    }
}

/// Re-pins the helper types of a type expression to the versions of the next version of `R`.
fn repin(ty: &str, pins: (usize, usize)) -> String {
    let mut out = ty.to_string();
    for v in 1..=3 {
        out = out.replace(&format!("E@{v}"), &format!("E@{}", pins.0));
        out = out.replace(&format!("Inner@{v}"), &format!("Inner@{}", pins.1));
    }
    out
}

/// Small changes Avro may or may not resolve.
fn mutate(rng: &mut Rng, ty: &str, pins: (usize, usize)) -> String {
    match rng.below(6) {
        0 if !ty.ends_with('?') && !ty.starts_with("union<") => format!("{ty}?"),
        1 if ty.ends_with('?') => ty.trim_end_matches('?').to_string(),
        2 => match ty {
            "int" => "long".into(),
            "long" => "double".into(),
            "float" => "double".into(),
            "string" => "bytes".into(),
            "bytes" => "string".into(),
            "double" => "float".into(),
            other => other.to_string(),
        },
        3 if !ty.ends_with('?') && !ty.starts_with("union<") => {
            format!("union<{ty}, {}>", random_value_type(rng, 2, pins))
        }
        _ => random_type(rng, 0, pins),
    }
}

fn evolve(rng: &mut Rng, fields: &[FieldSpec], pins: (usize, usize)) -> Vec<FieldSpec> {
    let mut next = Vec::new();
    for field in fields {
        let mut field = FieldSpec {
            ty: repin(&field.ty, pins),
            renamed: None,
            ..field.clone()
        };
        match rng.below(10) {
            0 => continue, // dropped
            1 => {
                field.renamed = Some(field.name.clone());
                field.name = format!("{}_r", field.name);
            }
            2 | 3 => field.ty = mutate(rng, &field.ty, pins),
            4 => field.default = None,
            _ => {}
        }
        if field.default.is_some() || rng.chance(30) {
            field.default = default_of(&field.ty);
        }
        next.push(field);
    }
    for _ in 0..rng.below(3) {
        let ty = random_type(rng, 0, pins);
        let default = if rng.chance(60) {
            default_of(&ty)
        } else {
            None
        };
        next.push(FieldSpec {
            name: format!("f{}", rng.below(1000)),
            ty,
            default,
            renamed: None,
        });
    }
    next.sort_by(|a, b| a.name.cmp(&b.name));
    next.dedup_by(|a, b| a.name == b.name);
    next
}

/// The outcome of comparing one direct plan with Avro's checker.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Verdict {
    /// Both clean, or both not.
    Agree,
    /// Avro's checker accepts, the plan fails on some values that are not UTF-8 or not a UUID.
    ValueLevel,
    /// Java's checker throws (a reader field matches two writer fields); the plan has a gap.
    Ambiguous,
}

fn projection(model: &Model, reference: &TypeRef) -> Result<serde_json::Value, String> {
    schema_json(model, reference).map_err(|e| format!("{e:?}"))
}

fn compare(model: &Model, from: u32, to: u32) -> Result<Verdict, String> {
    let key = StepKey {
        from: TypeRef {
            name: name("R"),
            version: from,
        },
        to: TypeRef {
            name: name("R"),
            version: to,
        },
    };
    let plan = step_without_hooks(model, &key).unwrap();
    let reader = Schema::parse(&projection(model, &key.to)?).map_err(|e| e.to_string())?;
    let writer = Schema::parse(&projection(model, &key.from)?).map_err(|e| e.to_string())?;
    let mut plans = BTreeMap::new();
    collect_plans(model, &plan, &mut plans);
    match check_compatibility(&reader, &writer) {
        Err(CompatError::AmbiguousField { .. }) => {
            let ambiguous = plan
                .status
                .needs_hook
                .iter()
                .any(|i| matches!(i.kind, IssueKind::AmbiguousField(_)));
            if ambiguous {
                Ok(Verdict::Ambiguous)
            } else {
                Err(format!("Avro throws, plan {:?}", plan.status))
            }
        }
        Ok(avro) => {
            let clean = plan.status.is_infallible();
            if clean == avro.is_compatible() {
                return Ok(Verdict::Agree);
            }
            if avro.is_compatible() && only_value_level(&plan.status, &plans) {
                return Ok(Verdict::ValueLevel);
            }
            Err(format!(
                "Avro {:?}, plan {:?}",
                avro.incompatibilities
                    .iter()
                    .map(|i| format!("{} {}", i.kind, i.location))
                    .collect::<Vec<_>>(),
                plan.status
            ))
        }
    }
}

/// The plans of named types a direct plan reaches.
fn collect_plans(model: &Model, root: &TypePlan, plans: &mut BTreeMap<StepKey, TypePlan>) {
    fn walk(model: &Model, status: &Status, plans: &mut BTreeMap<StepKey, TypePlan>) {
        for issue in status.fallible.iter().chain(&status.needs_hook) {
            if let IssueKind::NestedFallible(key) | IssueKind::Nested(key) = &issue.kind {
                if plans.contains_key(key) {
                    continue;
                }
                let nested = plan_between(model, key);
                plans.insert(key.clone(), nested.clone());
                walk(model, &nested.status, plans);
            }
        }
    }
    walk(model, &root.status, plans);
}

fn plan_between(model: &Model, key: &StepKey) -> TypePlan {
    step_without_hooks(model, key).unwrap()
}

/// Whether every issue is a value-level failure Avro's checker does not see.
fn only_value_level(status: &Status, plans: &BTreeMap<StepKey, TypePlan>) -> bool {
    status.needs_hook.is_empty()
        && status.fallible.iter().all(|issue| match &issue.kind {
            IssueKind::NotUtf8 | IssueKind::NotUuid => true,
            IssueKind::NestedFallible(key) => only_value_level(&plans[key].status, plans),
            _ => false,
        })
}

#[test]
fn direct_plans_agree_with_avro_resolution() {
    let mut counts: BTreeMap<Verdict, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<StatusKind, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut skipped = 0;
    for seed in 0..400u64 {
        let mut rng = Rng(seed);
        let contract = Contract::new(&mut rng);
        let pins: Vec<(usize, usize)> = (0..3)
            .map(|_| (1 + rng.below(3), 1 + rng.below(3)))
            .collect();
        let mut versions = Vec::new();
        let mut first = Vec::new();
        for i in 0..1 + rng.below(4) {
            let ty = random_type(&mut rng, 0, pins[0]);
            let default = if rng.chance(40) {
                default_of(&ty)
            } else {
                None
            };
            first.push(FieldSpec {
                name: format!("a{i}"),
                ty,
                default,
                renamed: None,
            });
        }
        versions.push(first);
        for v in 1..3 {
            let next = evolve(&mut rng, &versions[v - 1], pins[v]);
            versions.push(next);
        }
        let text = contract.render(&versions);
        let (model, codes) = compile(&text);
        let ill_formed = codes
            .iter()
            .any(|c| matches!(c.as_str().as_bytes()[0], b'P' | b'N' | b'V'));
        if ill_formed {
            skipped += 1;
            continue;
        }
        for from in 1..=3u32 {
            for to in 1..=3u32 {
                if from == to {
                    continue;
                }
                match compare(&model, from, to) {
                    Ok(verdict) => {
                        *counts.entry(verdict).or_default() += 1;
                        let key = StepKey {
                            from: TypeRef {
                                name: name("R"),
                                version: from,
                            },
                            to: TypeRef {
                                name: name("R"),
                                version: to,
                            },
                        };
                        let kind = step_without_hooks(&model, &key).unwrap().status.kind();
                        *kinds.entry(kind).or_default() += 1;
                    }
                    Err(e) => failures.push(format!("seed {seed}, {from} -> {to}: {e}\n{text}")),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    let compared: usize = counts.values().sum();
    eprintln!("compared {compared} plans ({skipped} contracts skipped as ill-formed): {counts:?}, {kinds:?}");
    assert!(compared >= 1000, "only {compared} plans compared");
    assert!(kinds.len() == 3, "every kind of status occurs: {kinds:?}");
}

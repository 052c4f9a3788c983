//! Every shared path vector (`accord gen --target vectors`: `vectors/layouts/`) against the
//! generated layout structs of the shop and of the `boundary` fixture (a segment of every
//! kind): values give exactly the vector's path, the path parses back to the values, partial
//! values give the vector's prefix and glob, and each invalid path fails naming the vector's
//! segment (as the reference parser does).
//!
//! Property tests run the generated structs on thousands of seeded random values per layout
//! version (`accord_compiler::layout::samples::random`): each path equals the reference
//! formatter's and parses back to the value, random partial values give the reference prefix and
//! glob, which match the full path, and mutated paths either fail or are the path of what they
//! parse to. The cases are written to `ACCORD_LAYOUT_PROPERTIES` (default: this test's tmp dir)
//! for `tests/python/test_layout_properties.py`, which replays them against the Python classes.

use accord_compiler::codegen::{generate, Input, Target};
use accord_compiler::ir::Model;
use accord_compiler::layout::samples::{random, SplitMix64};
use accord_compiler::layout::template::{self, Template, Values};
use accord_tests::boundary::bank::accounts::Region;
use accord_tests::boundary::bank::storage::{
    Drops, DropsPartial, LedgerBatches, LedgerBatchesPartial, Parts, PartsPartial, Statements,
    StatementsPartial,
};
use accord_tests::shop_contracts::shop::customers::CustomerId;
use accord_tests::shop_contracts::shop::orders::{OrderStatusV1, OrderStatusV2};
use accord_tests::shop_contracts::shop::storage::*;
use serde_json::{json, Value as Json};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Debug;
use std::path::{Path, PathBuf};

/// The projects with layouts: the shop, and the fixture with a segment of every kind.
const PROJECTS: [(&str, &str); 2] = [
    ("shop", ".."),
    ("boundary", "../compiler/tests/fixtures/boundary"),
];

fn compilation(dir: &str) -> accord_compiler::Compilation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    accord_compiler::compile(&path).expect("project loads")
}

/// The path vectors of every project, by `project:file`.
fn vectors() -> HashMap<String, Json> {
    let mut vectors = HashMap::new();
    for (project, dir) in PROJECTS {
        let compilation = compilation(dir);
        let model = compilation.valid_model().expect("contracts are valid");
        let files = generate(
            Input::new(model, &compilation.facts, &compilation.sources),
            &[Target::Vectors],
        );
        vectors.extend(
            files
                .into_iter()
                .filter(|f| f.path.starts_with("vectors/layouts/"))
                .map(|f| {
                    let doc = serde_json::from_slice(&f.contents).expect("JSON");
                    (format!("{project}:{}", f.path), doc)
                }),
        );
    }
    vectors
}

fn string(j: &Json) -> String {
    j.as_str().expect("a string").to_owned()
}
fn customer(j: &Json) -> CustomerId {
    CustomerId(string(j))
}
fn int(j: &Json) -> i32 {
    i32::try_from(j.as_i64().expect("an int")).expect("in range")
}
fn boolean(j: &Json) -> bool {
    j.as_bool().expect("a bool")
}
fn long(j: &Json) -> i64 {
    j.as_i64().expect("a long")
}
fn date(j: &Json) -> accord::chrono::NaiveDate {
    let epoch = accord::chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    epoch + accord::chrono::Duration::days(long(j))
}
fn uuid(j: &Json) -> accord::uuid::Uuid {
    accord::uuid::Uuid::parse_str(j.as_str().expect("a uuid")).expect("a uuid")
}
fn symbol<T: accord::serde::de::DeserializeOwned>(j: &Json) -> T {
    serde_json::from_value(j.clone()).expect("a symbol")
}

/// One generated layout version, with how the test builds it from vector values.
trait Layout: Sized + PartialEq + Debug {
    type Partial;
    const LAYOUT: &'static str;
    const VERSION: u32;
    fn path(&self) -> String;
    fn parse(path: &str) -> accord::Result<Self>;
    fn prefix(partial: &Self::Partial) -> String;
    fn glob(partial: &Self::Partial) -> String;
    fn build(s: &Json) -> Self;
    fn build_partial(s: &Json) -> Self::Partial;
}

macro_rules! layout {
    ($ty:ident, $partial:ident { $($field:ident: $conv:expr),* $(,)? }) => {
        impl Layout for $ty {
            type Partial = $partial;
            const LAYOUT: &'static str = $ty::LAYOUT;
            const VERSION: u32 = $ty::VERSION;
            fn path(&self) -> String { $ty::path(self) }
            fn parse(path: &str) -> accord::Result<Self> { $ty::parse(path) }
            fn prefix(partial: &$partial) -> String { partial.prefix() }
            fn glob(partial: &$partial) -> String { partial.glob() }
            fn build(s: &Json) -> Self {
                $ty { $($field: $conv(&s[stringify!($field)])),* }
            }
            fn build_partial(s: &Json) -> $partial {
                let mut partial = $ty::partial();
                $(partial.$field = s.get(stringify!($field)).map($conv);)*
                partial
            }
        }
    };
}

layout!(
    OrderExportV1,
    OrderExportV1Partial {
        customer_id: customer,
        day: date,
        part: int
    }
);
layout!(
    OrderExportV2,
    OrderExportV2Partial {
        customer_id: customer,
        day: date,
        part: long
    }
);
layout!(
    OrderExportV3,
    OrderExportV3Partial {
        customer_id: customer,
        day: date,
        part: long
    }
);
layout!(
    OrderArchiveV1,
    OrderArchiveV1Partial {
        status: symbol::<OrderStatusV1>,
        id: uuid
    }
);
layout!(
    OrderArchiveV2,
    OrderArchiveV2Partial {
        status: symbol::<OrderStatusV2>,
        id: uuid
    }
);
layout!(
    CustomerSnapshotV1,
    CustomerSnapshotV1Partial {
        id: customer,
        data_version: int
    }
);
layout!(
    CustomerSnapshotV2,
    CustomerSnapshotV2Partial {
        id: customer,
        data_version: int
    }
);
layout!(
    TrackingArchive,
    TrackingArchivePartial {
        shipment_id: uuid,
        sequence: int
    }
);

layout!(
    Statements,
    StatementsPartial {
        tenant: string,
        active: boolean,
        year: int,
        seq: long,
        day: date,
        id: uuid,
        region: symbol::<Region>
    }
);
layout!(
    LedgerBatches,
    LedgerBatchesPartial {
        tenant: string,
        day: date,
        part: int
    }
);
layout!(
    Drops,
    DropsPartial {
        tenant: string,
        seq: long
    }
);
layout!(Parts, PartsPartial { part: int });

fn check<L: Layout>(vectors: &HashMap<String, Json>, seen: &mut BTreeSet<String>) -> usize {
    let doc = vectors
        .values()
        .find(|d| d["layout"] == L::LAYOUT && d["version"] == L::VERSION)
        .unwrap_or_else(|| panic!("no vectors for {}@{}", L::LAYOUT, L::VERSION));
    seen.insert(format!("{}@{}", L::LAYOUT, L::VERSION));
    let name = format!("{}@{}", L::LAYOUT, L::VERSION);
    let mut checked = 0;
    for case in doc["cases"].as_array().unwrap() {
        let values = L::build(&case["segments"]);
        let path = case["path"].as_str().unwrap();
        assert_eq!(values.path(), path, "{name} {}", case["name"]);
        assert_eq!(L::parse(path).as_ref(), Ok(&values), "{name} {path}");
        let partial = L::build_partial(&case["partial"]["segments"]);
        assert_eq!(
            L::prefix(&partial),
            case["partial"]["prefix"],
            "{name} prefix"
        );
        assert_eq!(L::glob(&partial), case["partial"]["glob"], "{name} glob");
        checked += 1;
    }
    for invalid in doc["invalid"].as_array().unwrap() {
        let path = invalid["path"].as_str().unwrap();
        let error = L::parse(path).expect_err(path);
        let expected = invalid["segment"].as_str().unwrap_or("");
        assert_eq!(error.path(), expected, "{name} {path}: {error}");
        checked += 1;
    }
    checked
}

#[test]
fn generated_layouts_replay_every_path_vector() {
    let vectors = vectors();
    let mut seen = BTreeSet::new();
    let mut checked = 0;
    checked += check::<OrderExportV1>(&vectors, &mut seen);
    checked += check::<OrderExportV2>(&vectors, &mut seen);
    checked += check::<OrderExportV3>(&vectors, &mut seen);
    checked += check::<OrderArchiveV1>(&vectors, &mut seen);
    checked += check::<OrderArchiveV2>(&vectors, &mut seen);
    checked += check::<CustomerSnapshotV1>(&vectors, &mut seen);
    checked += check::<CustomerSnapshotV2>(&vectors, &mut seen);
    checked += check::<TrackingArchive>(&vectors, &mut seen);
    checked += check::<Statements>(&vectors, &mut seen);
    checked += check::<LedgerBatches>(&vectors, &mut seen);
    checked += check::<Drops>(&vectors, &mut seen);
    checked += check::<Parts>(&vectors, &mut seen);
    let all: BTreeSet<String> = vectors
        .values()
        .filter(|d| d.get("layout").is_some())
        .map(|d| format!("{}@{}", d["layout"].as_str().unwrap(), d["version"]))
        .collect();
    assert_eq!(seen, all, "every layout version with vectors is checked");
    println!("{} layout versions, {checked} paths", seen.len());
}

#[test]
fn errors_name_the_segment_and_hostile_strings_stay_in_their_directory() {
    let path = OrderExportV2 {
        customer_id: CustomerId("c/42=%é".into()),
        day: accord::chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
        part: -42,
    }
    .path();
    assert_eq!(
        path,
        "orders/customer=c%2F42%3D%25%C3%A9/dt=2024-05-01/part--0042.parquet"
    );
    let error =
        OrderExportV2::parse("orders/customer=c/dt=2024-02-30/part-00001.parquet").unwrap_err();
    assert_eq!(error.path(), "day");
    let far = OrderExportV1 {
        customer_id: CustomerId(String::new()),
        day: accord::chrono::NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
        part: 0,
    };
    assert_eq!(far.try_path().unwrap_err().path(), "day");
    let mut partial = OrderExportV1::partial();
    partial.customer_id = Some(CustomerId(String::new()));
    assert_eq!(partial.prefix(), "orders/customer=%/dt=");
    assert_eq!(partial.glob(), "orders/customer=%/dt=*/part-*.parquet");
}

/// Random values per layout version in the property tests.
const CASES: usize = 2_000;

/// The seed of the property tests (a failure message names the layout version and case).
const SEED: u64 = 0x1a70_2024_0ac0_c0d5;

/// The reference template of a layout version.
fn reference(model: &Model, layout: &str, version: u32) -> Template {
    let def = model
        .layouts
        .values()
        .find(|d| d.name.to_string() == layout)
        .unwrap_or_else(|| panic!("no layout {layout}"));
    let version = def.versions.iter().find(|v| v.number == version).unwrap();
    accord_compiler::layout::resolve(model, version).expect("the template resolves")
}

fn values_json(values: &Values) -> Json {
    values
        .iter()
        .map(|(name, value)| (name.clone(), value.to_json()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Whether `glob` matches `path`, `*` standing for any text without `/` (as object stores list).
fn glob_matches(glob: &str, path: &str) -> bool {
    let Some((head, tail)) = glob.split_once('*') else {
        return glob == path;
    };
    let Some(rest) = path.strip_prefix(head) else {
        return false;
    };
    let directory = rest.find('/').unwrap_or(rest.len());
    (0..=directory)
        .filter(|end| rest.is_char_boundary(*end))
        .any(|end| glob_matches(tail, &rest[end..]))
}

/// A path with one random edit: a character inserted, removed or replaced.
fn mutate(path: &str, rng: &mut SplitMix64) -> String {
    const INSERTED: &[char] = &['/', '%', '0', '9', '-', 'a', 'F', '_', '=', '.', '*', 'é'];
    let mut chars: Vec<char> = path.chars().collect();
    let at = rng.below(chars.len() as u64 + 1) as usize;
    match rng.below(3) {
        0 => chars.insert(at, *rng.pick(INSERTED)),
        _ if at == chars.len() => chars.push(*rng.pick(INSERTED)),
        1 => {
            chars.remove(at);
        }
        _ => chars[at] = *rng.pick(INSERTED),
    }
    chars.into_iter().collect()
}

/// One layout version's properties on [`CASES`] random values; returns the cases for Python.
fn properties<L: Layout>(project: &str, model: &Model, rng: &mut SplitMix64) -> Json {
    let template = reference(model, L::LAYOUT, L::VERSION);
    let name = format!("{}@{}", L::LAYOUT, L::VERSION);
    let mut cases = Vec::with_capacity(CASES);
    for case in 0..CASES {
        let values: Values = template
            .segments()
            .map(|s| (s.name.clone(), random(&s.kind, rng)))
            .collect();
        let at = format!("{name} case {case}: {values:?}");
        let expected = template::format_path(&template, &values).expect("random values format");
        let value = L::build(&values_json(&values));
        let path = value.path();
        assert_eq!(path, expected, "{at}");
        assert_eq!(L::parse(&path).as_ref(), Ok(&value), "{at}");
        let given: Values = values
            .iter()
            .filter(|_| rng.below(2) == 0)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let partial = L::build_partial(&values_json(&given));
        let (prefix, glob) = (L::prefix(&partial), L::glob(&partial));
        assert_eq!(
            Ok(&prefix),
            template::prefix(&template, &given).as_ref(),
            "{at}"
        );
        assert_eq!(
            Ok(&glob),
            template::glob(&template, &given).as_ref(),
            "{at}"
        );
        assert!(path.starts_with(&prefix), "{at}: {prefix}");
        assert!(glob_matches(&glob, &path), "{at}: {glob}");
        assert_eq!(glob.split('*').next(), Some(prefix.as_str()), "{at}");
        let mutated = mutate(&path, rng);
        if let Ok(parsed) = L::parse(&mutated) {
            assert_eq!(parsed.path(), mutated, "{at}: a non-canonical path parsed");
        }
        cases.push(json!({
            "segments": values_json(&values),
            "path": path,
            "partial": {"segments": values_json(&given), "prefix": prefix, "glob": glob},
            "mutated": mutated,
            "mutated_parses": L::parse(&mutated).is_ok(),
        }));
    }
    json!({"project": project, "layout": L::LAYOUT, "version": L::VERSION, "cases": cases})
}

/// Where the property cases go for the Python suite.
fn properties_file() -> PathBuf {
    std::env::var_os("ACCORD_LAYOUT_PROPERTIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("layout-properties.json"))
}

#[test]
fn generated_layouts_round_trip_random_values() {
    let (shop, boundary) = (compilation(PROJECTS[0].1), compilation(PROJECTS[1].1));
    let shop = shop.valid_model().expect("contracts are valid");
    let boundary = boundary.valid_model().expect("contracts are valid");
    let mut rng = SplitMix64::new(SEED);
    let layouts = vec![
        properties::<OrderExportV1>("shop", shop, &mut rng),
        properties::<OrderExportV2>("shop", shop, &mut rng),
        properties::<OrderArchiveV1>("shop", shop, &mut rng),
        properties::<OrderArchiveV2>("shop", shop, &mut rng),
        properties::<CustomerSnapshotV1>("shop", shop, &mut rng),
        properties::<CustomerSnapshotV2>("shop", shop, &mut rng),
        properties::<TrackingArchive>("shop", shop, &mut rng),
        properties::<Statements>("boundary", boundary, &mut rng),
        properties::<LedgerBatches>("boundary", boundary, &mut rng),
        properties::<Drops>("boundary", boundary, &mut rng),
        properties::<OrderExportV3>("shop", shop, &mut rng),
        properties::<Parts>("boundary", boundary, &mut rng),
    ];
    let all: usize = [shop, boundary]
        .iter()
        .flat_map(|m| m.layouts.values())
        .map(|d| d.versions.len())
        .sum();
    assert_eq!(
        layouts.len(),
        all,
        "every layout version is property-tested"
    );
    let doc = json!({"seed": SEED, "cases_per_version": CASES, "layouts": layouts});
    let file = properties_file();
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).expect("writes the cases");
    println!(
        "{} layout versions x {CASES} random values -> {}",
        all,
        file.display()
    );
}

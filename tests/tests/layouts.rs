//! Every shared path vector (`accord gen --target vectors`: `vectors/layouts/`) against the
//! generated layout structs of the shop contracts: values give exactly the vector's path, the
//! path parses back to the values, partial values give the vector's prefix and glob, and each
//! invalid path fails naming the vector's segment (as the reference parser does).

use accord_compiler::codegen::{generate, Input, Target};
use accord_tests::shop_contracts::shop::customers::CustomerId;
use accord_tests::shop_contracts::shop::orders::{OrderStatusV1, OrderStatusV2};
use accord_tests::shop_contracts::shop::storage::*;
use serde_json::Value as Json;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Debug;
use std::path::Path;

fn vectors() -> HashMap<String, Json> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let compilation = accord_compiler::compile(&path).expect("project loads");
    let model = compilation.valid_model().expect("contracts are valid");
    generate(Input::new(model, &compilation.sources), &[Target::Vectors])
        .into_iter()
        .filter(|f| f.path.starts_with("vectors/layouts/"))
        .map(|f| (f.path, serde_json::from_slice(&f.contents).expect("JSON")))
        .collect()
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
    checked += check::<OrderArchiveV1>(&vectors, &mut seen);
    checked += check::<OrderArchiveV2>(&vectors, &mut seen);
    checked += check::<CustomerSnapshotV1>(&vectors, &mut seen);
    checked += check::<CustomerSnapshotV2>(&vectors, &mut seen);
    checked += check::<TrackingArchive>(&vectors, &mut seen);
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

//! The bundled example contracts (`schemas/`, `accord.toml`), copied to a temporary directory
//! and edited the way a developer would: each test applies one realistic edit and asserts the
//! exact diagnostic codes (and where the main ones point). A few run the real binary to check
//! exit codes and `--format json`.

#[path = "support/dirs.rs"]
mod dirs;

use dirs::copy_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

use accord_compiler::project::compile_other_tree;
use accord_compiler::Compilation;
use serde_json::Value;

/// The warning the untouched examples carry: `Order.customer_id` moved to the `CustomerId`
/// newtype between versions 1 and 2.
const BASELINE: (&str, Option<Pos>) = ("S008", Some(("orders.accord", "customer_id:", 0)));

/// A position: the file (under `schemas/shop/`), a needle in its edited text, and which
/// occurrence of it (0 = first). The label starts where the needle starts.
type Pos = (&'static str, &'static str, usize);

/// A copy of the examples in a fresh temporary directory, removed on drop.
struct Tree(PathBuf);

impl Tree {
    fn new(tag: &str) -> Tree {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "accord-compat-examples-{}-{}-{tag}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        copy_dir(&root.join("schemas"), &dir.join("schemas"));
        // These tests edit types; the example layouts and topics pin type versions and would
        // add their own findings (Y/T codes, tested in tests/diagnostics and tests/layouts.rs).
        for boundary in ["storage.accord", "streams.accord"] {
            let _ = std::fs::remove_file(dir.join("schemas/shop").join(boundary));
        }
        std::fs::copy(root.join("accord.toml"), dir.join("accord.toml")).unwrap();
        Tree(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join("schemas/shop").join(name)
    }

    fn text(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name)).unwrap()
    }

    /// Replaces the single occurrence of `from` in `name`.
    fn edit(&self, name: &str, from: &str, to: &str) -> &Tree {
        let text = self.text(name);
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {name}"
        );
        std::fs::write(self.file(name), text.replacen(from, to, 1)).unwrap();
        self
    }

    fn compile(&self) -> Compilation {
        accord_compiler::compile(self.path()).expect("the examples load")
    }

    /// Runs the real `accord` binary in this tree.
    fn accord(&self, args: &[&str]) -> (i32, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run accord");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// The position of `pos` in the edited tree, as (file as shown in diagnostics, line, column).
    fn locate(&self, (file, needle, nth): Pos) -> (String, usize, usize) {
        let text = if file == "accord.lock" {
            std::fs::read_to_string(self.0.join(file)).unwrap()
        } else {
            self.text(file)
        };
        let offset = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("no occurrence {nth} of `{needle}` in {file}"))
            .0;
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        let shown = if file == "accord.lock" {
            file.to_string()
        } else {
            format!("schemas/shop/{file}")
        };
        (shown, line, column)
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Asserts that `compilation` reports exactly `expected` (codes, and positions where given),
/// plus the baseline warning.
fn assert_codes(tree: &Tree, compilation: &Compilation, expected: &[(&str, Option<Pos>)]) {
    let found: Vec<(String, String, usize, usize)> = compilation
        .diagnostics
        .iter()
        .map(|d| {
            let (file, line, column) = compilation.sources.location(d.primary.span);
            (d.code.as_str().to_string(), file.to_string(), line, column)
        })
        .collect();
    let show = |f: &(String, String, usize, usize)| format!("{}@{}:{}:{}", f.0, f.1, f.2, f.3);
    let mut left: Vec<Option<&(String, String, usize, usize)>> = found.iter().map(Some).collect();
    let mut missing = Vec::new();
    let mut all = vec![BASELINE];
    all.extend_from_slice(expected);
    // Positioned expectations first, so that a loose one does not take their diagnostic.
    all.sort_by_key(|(_, pos)| pos.is_none());
    for (code, pos) in all {
        let wanted = pos.map(|p| tree.locate(p));
        let slot = left.iter_mut().find(|f| {
            f.is_some_and(|f| {
                f.0 == code
                    && wanted.as_ref().is_none_or(|(file, line, column)| {
                        (&f.1, f.2, f.3) == (file, *line, *column)
                    })
            })
        });
        match slot {
            Some(slot) => *slot = None,
            None => missing.push(format!("{code} {wanted:?}")),
        }
    }
    let unexpected: Vec<String> = left.into_iter().flatten().map(show).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing {missing:?}, unexpected {unexpected:?}; found {:?}",
        found.iter().map(show).collect::<Vec<_>>()
    );
}

#[test]
fn untouched_examples_only_warn() {
    let tree = Tree::new("untouched");
    let compilation = tree.compile();
    assert_codes(&tree, &compilation, &[]);
    assert!(!compilation.has_errors());
}

#[test]
fn released_field_type_changed() {
    // Order version 2 narrows `total_cents`: version 2 no longer reads version 1 (backward
    // transitive), while version 3 (long) still reads version 2.
    let tree = Tree::new("field-type");
    tree.edit(
        "orders.accord",
        "    customer_id: CustomerId @ref(Customer@1.id) @renamed(customer);\n    total_cents: long @unit(\"cents\");",
        "    customer_id: CustomerId @ref(Customer@1.id) @renamed(customer);\n    total_cents: int @unit(\"cents\");",
    );
    assert_codes(
        &tree,
        &tree.compile(),
        &[("W005", Some(("orders.accord", "total_cents: int", 0)))],
    );
}

#[test]
fn field_without_default_removed_under_full() {
    // Payment is `full`: version 2 readers need `authorized_at`, which version 3 drops.
    let tree = Tree::new("remove-field");
    tree.edit(
        "payments.accord",
        "    authorized_at: timestamp_us;\n    captured_at: timestamp_us? = null;\n    risk_score: float = 0.0;\n    fee:",
        "    captured_at: timestamp_us? = null;\n    risk_score: float = 0.0;\n    fee:",
    );
    assert_codes(
        &tree,
        &tree.compile(),
        &[("W004", Some(("payments.accord", "authorized_at", 1)))],
    );
}

#[test]
fn timestamp_precision_changed() {
    let tree = Tree::new("timestamp");
    tree.edit(
        "customers.accord",
        "    created_at: timestamp_ms;\n    birth_date: date? = null @classification(\"pii\");\n    addresses: list<PostalAddress> = [];\n    tier:",
        "    created_at: timestamp_us;\n    birth_date: date? = null @classification(\"pii\");\n    addresses: list<PostalAddress> = [];\n    tier:",
    );
    assert_codes(
        &tree,
        &tree.compile(),
        &[(
            "S001",
            Some(("customers.accord", "created_at: timestamp_us", 0)),
        )],
    );
}

#[test]
fn unit_changed() {
    let tree = Tree::new("unit");
    tree.edit(
        "shipments.accord",
        "weight_grams: long @unit(\"g\")",
        "weight_grams: long @unit(\"kg\")",
    );
    assert_codes(
        &tree,
        &tree.compile(),
        &[("S002", Some(("shipments.accord", "weight_grams: long", 0)))],
    );
}

#[test]
fn classification_dropped() {
    let tree = Tree::new("classification");
    tree.edit(
        "customers.accord",
        "    email: string @classification(\"pii\");\n    /// Full name as the customer wrote it.\n    full_name: string @classification(\"pii\") @renamed(name);\n    created_at: timestamp_ms;\n    birth_date: date? = null @classification(\"pii\");\n    addresses: list<PostalAddress> = [];\n    tier:",
        "    email: string;\n    /// Full name as the customer wrote it.\n    full_name: string @classification(\"pii\") @renamed(name);\n    created_at: timestamp_ms;\n    birth_date: date? = null @classification(\"pii\");\n    addresses: list<PostalAddress> = [];\n    tier:",
    );
    assert_codes(
        &tree,
        &tree.compile(),
        &[("S007", Some(("customers.accord", "email: string;", 0)))],
    );
}

#[test]
fn key_dropped_from_a_referenced_type() {
    // Order version 3 loses its key: the key changes (S003), and the references to
    // `Order@3.id` now point at a non-key (S005) that used to be a key (S004).
    let tree = Tree::new("key");
    tree.edit(
        "orders.accord",
        "  version 3 {\n    id: uuid @key;",
        "  version 3 {\n    id: uuid;",
    );
    assert_codes(
        &tree,
        &tree.compile(),
        &[
            ("S003", None),
            ("S005", Some(("payments.accord", "@ref(Order@3.id)", 0))),
            (
                "S004",
                Some(("payments.accord", "order_id: uuid @ref(Order@3.id)", 0)),
            ),
            (
                "S005",
                Some(("shipments.accord", "@ref(shop.orders.Order@3.id)", 0)),
            ),
            (
                "S004",
                Some((
                    "shipments.accord",
                    "order_id: uuid @ref(shop.orders.Order@3.id)",
                    0,
                )),
            ),
        ],
    );
}

#[test]
fn ref_pointed_at_a_non_key() {
    let tree = Tree::new("ref");
    tree.edit(
        "shipments.accord",
        "shipment_id: uuid @key @ref(Shipment@2.id);",
        "shipment_id: uuid @key @ref(Shipment@2.order_id);",
    );
    assert_codes(
        &tree,
        &tree.compile(),
        &[(
            "S005",
            Some(("shipments.accord", "@ref(Shipment@2.order_id)", 0)),
        )],
    );
}

#[test]
fn ref_of_another_type() {
    let tree = Tree::new("ref-type");
    tree.edit(
        "shipments.accord",
        "shipment_id: uuid @key @ref(Shipment@2.id);",
        "shipment_id: string @key @ref(Shipment@2.id);",
    );
    assert_codes(
        &tree,
        &tree.compile(),
        &[(
            "S006",
            Some(("shipments.accord", "string @key @ref(Shipment@2.id)", 0)),
        )],
    );
}

#[test]
fn field_renamed_without_renamed() {
    // Customer is backward_transitive: version 3 reads neither version 1 nor version 2 data.
    let tree = Tree::new("rename");
    tree.edit(
        "customers.accord",
        "    email: string @classification(\"pii\");\n    /// Full name as the customer wrote it.\n    full_name: string @classification(\"pii\") @renamed(name);\n    created_at: timestamp_ms;\n    birth_date: date? = null @classification(\"pii\");\n    addresses: list<PostalAddress> = [];\n    tier:",
        "    email_address: string @classification(\"pii\");\n    /// Full name as the customer wrote it.\n    full_name: string @classification(\"pii\") @renamed(name);\n    created_at: timestamp_ms;\n    birth_date: date? = null @classification(\"pii\");\n    addresses: list<PostalAddress> = [];\n    tier:",
    );
    let at = Some(("customers.accord", "email_address", 0));
    assert_codes(
        &tree,
        &tree.compile(),
        &[("W004", at), ("W004", at), ("S009", at)],
    );
}

#[test]
fn enum_symbol_removed_without_default_under_full() {
    // Currency is full_transitive. Version 3 drops GBP and its default: it cannot read version 2
    // data (W003), and CHF takes GBP's place (S010). Order version 3 holds `Currency@3` and reads
    // version 2 orders that may say GBP (W003 at its field); the envelope's version 2 payload holds
    // `Order@3`, so version 1 envelopes holding an `Order@2` find no branch (W006).
    let tree = Tree::new("enum");
    tree.edit(
        "common.accord",
        "  version 3 {\n    EUR,\n    USD,\n    GBP,\n    /// Swiss franc, added for the Zurich store.\n    CHF;\n    default EUR\n  }",
        "  version 3 {\n    EUR,\n    USD,\n    /// Swiss franc, added for the Zurich store.\n    CHF\n  }",
    );
    let compilation = tree.compile();
    assert_codes(
        &tree,
        &compilation,
        &[
            ("W003", Some(("common.accord", "version 3", 0))),
            ("S010", Some(("common.accord", "CHF", 0))),
            ("W003", Some(("orders.accord", "currency: Currency@3", 0))),
            ("W006", Some(("events.accord", "payload: union<Order@3", 0))),
        ],
    );
}

/// Runs `accord lock` with the real binary and checks the lock it wrote.
fn lock(tree: &Tree) {
    let (code, _, stderr) = tree.accord(&["lock"]);
    assert_eq!(code, 0, "accord lock: {stderr}");
    let lock = std::fs::read_to_string(tree.path().join("accord.lock")).unwrap();
    assert!(lock.contains("type = \"shop.events.Envelope\"\nversion = 3"));
}

#[test]
fn locked_version_edited() {
    let tree = Tree::new("l001");
    lock(&tree);
    assert_codes(&tree, &tree.compile(), &[]);
    // A default of a released version: the wire schema is the same, the definition is not.
    tree.edit(
        "payments.accord",
        "    risk_score: float = 0.0;\n  }\n\n  version 3",
        "    risk_score: float = 1.0;\n  }\n\n  version 3",
    );
    // Envelope version 1 embeds `Payment@2`: its released schema changed as well.
    let compilation = tree.compile();
    assert_codes(
        &tree,
        &compilation,
        &[
            ("L001", Some(("payments.accord", "version 2", 0))),
            ("L001", Some(("events.accord", "version 1", 0))),
        ],
    );
    let l001 = compilation
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "L001")
        .unwrap();
    assert!(
        l001.message.contains("definition changed"),
        "{}",
        l001.message
    );
}

#[test]
fn locked_version_edited_is_reported_together_with_unrelated_errors() {
    let tree = Tree::new("l001-with-errors");
    lock(&tree);
    tree.edit(
        "customers.accord",
        "    created_at: timestamp_ms;\n  }\n\n  version 2",
        "    created_at: timestamp_ms;\n    phone: string? = null;\n  }\n\n  version 2",
    );
    // An unrelated error in another file: the lock is still checked in the same run.
    tree.edit(
        "shipments.accord",
        "    carrier: string;\n    tracking_code: string? = null;\n    dispatched_at: local_timestamp_ms;\n    weight_grams: int",
        "    carrier: Carrier;\n    tracking_code: string? = null;\n    dispatched_at: local_timestamp_ms;\n    weight_grams: int",
    );
    let compilation = tree.compile();
    let found: Vec<(String, (String, usize, usize))> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let (file, line, column) = compilation.sources.location(d.primary.span);
            (
                d.code.as_str().to_string(),
                (file.to_string(), line, column),
            )
        })
        .collect();
    let expected = vec![
        (
            "L001".to_string(),
            tree.locate(("customers.accord", "version 1", 0)),
        ),
        (
            "N004".to_string(),
            tree.locate(("shipments.accord", "Carrier", 0)),
        ),
    ];
    let mut found = found;
    found.sort();
    assert_eq!(found, expected);
}

#[test]
fn locked_version_edited_on_the_wire() {
    let tree = Tree::new("l001-wire");
    lock(&tree);
    tree.edit(
        "customers.accord",
        "    created_at: timestamp_ms;\n  }\n\n  version 2",
        "    created_at: timestamp_ms;\n    phone: string? = null;\n  }\n\n  version 2",
    );
    let compilation = tree.compile();
    assert_codes(
        &tree,
        &compilation,
        &[("L001", Some(("customers.accord", "version 1", 0)))],
    );
    let l001 = compilation
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "L001")
        .unwrap();
    assert!(
        l001.message.contains("wire schema changed"),
        "{}",
        l001.message
    );
    // The binary fails with exit code 1 and says so in JSON.
    let (code, stdout, _) = tree.accord(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["errors"], 1);
    assert_eq!(report["warnings"], 1);
    let l001 = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "L001")
        .unwrap();
    let (_, line, column) = tree.locate(("customers.accord", "version 1", 0));
    assert_eq!(l001["severity"], "error");
    assert_eq!(l001["file"], "schemas/shop/customers.accord");
    assert_eq!(
        (l001["line"].as_u64(), l001["column"].as_u64()),
        (Some(line as u64), Some(column as u64))
    );
    assert!(l001["labels"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["file"] == "accord.lock" && l["primary"] == false));
}

#[test]
fn locked_version_removed() {
    let tree = Tree::new("l002");
    lock(&tree);
    let text = tree.text("events.accord");
    let start = text.find("  version 3 {").unwrap();
    let end = start + text[start..].find("\n  }\n").unwrap() + "\n  }\n".len();
    std::fs::write(
        tree.file("events.accord"),
        format!("{}{}", &text[..start].trim_end_matches('\n'), &text[end..]),
    )
    .unwrap();
    assert_codes(
        &tree,
        &tree.compile(),
        // At the type, where the version goes back (the lock entry is a secondary label).
        &[("L002", Some(("events.accord", "Envelope {", 0)))],
    );
    let (code, _, stderr) = tree.accord(&["check"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("L002"), "{stderr}");
}

#[test]
fn new_version_after_lock_is_fine() {
    let tree = Tree::new("lock-new");
    lock(&tree);
    tree.edit(
        "shipments.accord",
        "    insured: bool = false;\n  }\n}",
        "    insured: bool = false;\n  }\n\n  version 3 {\n    id: uuid @key;\n    order_id: uuid @ref(shop.orders.Order@3.id);\n    carrier: string;\n    tracking_code: string? = null;\n    dispatched_at: local_timestamp_ms;\n    weight_grams: long @unit(\"g\");\n    delivery_window_start: time_ms? = null;\n    delivery_window_end: time_us? = null;\n    insured: bool = false;\n    signed_by: string? = null @classification(\"pii\");\n  }\n}",
    );
    assert_codes(&tree, &tree.compile(), &[]);
    let (code, _, _) = tree.accord(&["check"]);
    assert_eq!(code, 0);
}

/// A copy of the untouched examples to check against, as `--against DIR`.
fn against_copy() -> Tree {
    Tree::new("against")
}

#[test]
fn against_a_tree_with_an_edited_version() {
    let base = against_copy();
    let tree = Tree::new("l003");
    // Envelope version 3 is not locked (there is no accord.lock here), but it exists in the
    // tree checked against.
    tree.edit(
        "events.accord",
        "    source: string? = null @deprecated(\"use producer\");",
        "    source: string? = null @deprecated(\"use producer\");\n    region: string? = null;",
    );
    let mut compilation = tree.compile();
    assert_codes(&tree, &compilation, &[]);
    let base_label = base.path().to_str().unwrap();
    let other = compile_other_tree(&compilation.project, base_label).expect("the base tree checks");
    compilation.check_against(&other, base_label);
    assert_codes(
        &tree,
        &compilation,
        &[("L003", Some(("events.accord", "version 3", 0)))],
    );
    let base_path = base.path().to_str().unwrap();
    let (code, stdout, _) = tree.accord(&["check", "--format", "json", "--against", base_path]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "L003").count(),
        1,
        "{codes:?}"
    );
}

#[test]
fn against_a_tree_with_a_removed_version() {
    let base = against_copy();
    let tree = Tree::new("l004");
    let text = tree.text("events.accord");
    let start = text.find("  version 3 {").unwrap();
    let end = start + text[start..].find("\n  }\n").unwrap() + "\n  }\n".len();
    std::fs::write(
        tree.file("events.accord"),
        format!("{}{}", &text[..start].trim_end_matches('\n'), &text[end..]),
    )
    .unwrap();
    let mut compilation = tree.compile();
    assert_codes(&tree, &compilation, &[]);
    let base_label = base.path().to_str().unwrap();
    let other = compile_other_tree(&compilation.project, base_label).expect("the base tree checks");
    compilation.check_against(&other, base_label);
    // Without a lock entry to point at, the diagnostic points at the type's name.
    assert_codes(
        &tree,
        &compilation,
        &[("L004", Some(("events.accord", "Envelope {", 0)))],
    );
}

#[test]
fn against_an_unchanged_tree_passes_and_a_missing_one_is_a_usage_error() {
    let base = against_copy();
    let tree = Tree::new("against-ok");
    let (code, _, stderr) = tree.accord(&["check", "--against", base.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 errors, 1 warnings"), "{stderr}");
    let missing = tree.path().join("no-such-tree");
    let (code, _, stderr) = tree.accord(&["check", "--against", missing.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn json_report_of_a_wire_break() {
    let tree = Tree::new("json");
    tree.edit(
        "payments.accord",
        "    fee: ExactAmount? = null;",
        "    fee: ExactAmount;",
    );
    // Payment version 3 cannot read version 2 (W004), and the envelope's version 2, whose
    // payload holds `Payment@3`, finds no branch for the `Payment@2` of version 1 (W006).
    let (code, stdout, _) = tree.accord(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["files"], 9);
    assert_eq!(report["errors"], 2);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 3, "{codes:?}");
    assert!(
        codes.contains(&"W006") && codes.contains(&"S008"),
        "{codes:?}"
    );
    let w = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "W004")
        .expect("W004");
    let (_, line, column) = tree.locate(("payments.accord", "fee: ExactAmount;", 0));
    assert_eq!(w["file"], "schemas/shop/payments.accord");
    assert_eq!(w["line"].as_u64(), Some(line as u64));
    assert_eq!(w["column"].as_u64(), Some(column as u64));
    assert_eq!(w["severity"], "error");
    assert!(w["hint"].as_str().unwrap().contains("default"));
    // `[rules]` cannot lower it, but can lower a semantic rule to a warning: exit code 0.
    let tree = Tree::new("json-rules");
    tree.edit(
        "shipments.accord",
        "@unit(\"g\");\n    delivery",
        "@unit(\"kg\");\n    delivery",
    );
    let (code, _, _) = tree.accord(&["check"]);
    assert_eq!(code, 1);
    let toml = std::fs::read_to_string(tree.path().join("accord.toml")).unwrap();
    let with_rule = match toml.contains("[rules]\n") {
        true => toml.replacen("[rules]\n", "[rules]\nS002 = \"warn\"\n", 1),
        false => format!("{toml}\n[rules]\nS002 = \"warn\"\n"),
    };
    std::fs::write(tree.path().join("accord.toml"), with_rule).unwrap();
    let (code, stdout, _) = tree.accord(&["check", "--format", "json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (report["errors"].as_u64(), report["warnings"].as_u64()),
        (Some(0), Some(2))
    );
}

#[test]
fn against_a_tree_with_a_removed_type() {
    // The whole envelope type is gone (nothing else uses it): its versions still count.
    let base = against_copy();
    let tree = Tree::new("l004-type");
    std::fs::remove_file(tree.file("events.accord")).unwrap();
    let mut compilation = tree.compile();
    let base_label = base.path().to_str().unwrap();
    let other = compile_other_tree(&compilation.project, base_label).expect("the base tree checks");
    compilation.check_against(&other, base_label);
    assert_codes(
        &tree,
        &compilation,
        &[("L004", None), ("L004", None), ("L004", None)],
    );
    // No line of this tree is the type's: each points at its version in the other tree.
    for d in compilation
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "L004")
    {
        let (file, line, _) = compilation.sources.location(d.primary.span);
        assert_eq!(file, format!("{base_label}:schemas/shop/events.accord"));
        let text = &compilation.sources.file(d.primary.span.file).text;
        let version_line = text.lines().nth(line - 1).unwrap_or_default();
        assert!(
            version_line.trim_start().starts_with("version "),
            "{version_line}"
        );
        assert!(d.message.contains("shop.events.Envelope"), "{}", d.message);
    }
    let (code, _, stderr) = tree.accord(&["check", "--against", base.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
}

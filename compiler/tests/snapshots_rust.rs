//! Snapshots of the generated Rust for a few example type versions (reviewed with
//! `cargo insta review`): a record with every annotation kind, a union, an enum, a fixed
//! decimal, a newtype and a recursive record; a layout version (`OrderExportV2` and its partial
//! struct) and topics (the shop's `Orders`, keyed by a text newtype, and the boundary fixture's
//! `Accounts`, keyed by two versions of a record); machines (the shop's `ExportJobV1`, and the
//! machines fixture's `Task`: no idempotency key, newtypes, an event of another package). The
//! code is known to compile: the `accord-tests` crate builds it.

use accord_compiler::codegen::{rust, Input};
use std::path::Path;

fn package_file(project: &str, path: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(project);
    let compilation = accord_compiler::compile(&dir).expect("loads");
    let model = compilation.valid_model().expect("valid");
    let files = rust::files(Input::new(model, &compilation.facts, &compilation.sources));
    let file = files
        .iter()
        .find(|f| f.path == path)
        .expect("file generated");
    String::from_utf8(file.contents.clone()).unwrap()
}

/// The line where the item `name` starts: its docs and attributes, then `pub struct` or
/// `pub enum` and the name.
fn item_start(lines: &[&str], name: &str) -> usize {
    let start = lines
        .iter()
        .position(|l| {
            [" ", ";", "("]
                .iter()
                .any(|end| l.starts_with(&format!("pub struct {name}{end}")))
                || l.starts_with(&format!("pub enum {name} "))
        })
        .unwrap_or_else(|| panic!("{name} not found"));
    (0..start)
        .rev()
        .take_while(|i| {
            lines[*i].starts_with("#[")
                || lines[*i].starts_with("///")
                || lines[*i].starts_with("    ")
                || lines[*i].starts_with(")]")
        })
        .last()
        .unwrap_or(start)
}

/// The items of one type (its struct or enum and its impls), cut from the package file.
fn item(text: &str, name: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = item_start(&lines, name);
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.starts_with("impl ::accord::Contract"))
        .map(|i| start + 1 + i)
        .unwrap_or(lines.len());
    lines[start..end].join("\n")
}

#[test]
fn rust_snapshots() {
    let orders = package_file("..", "shop/orders.rs");
    insta::assert_snapshot!("order_v3", item(&orders, "OrderV3"));
    insta::assert_snapshot!("order_v3_channel", item(&orders, "OrderV3Channel"));
    insta::assert_snapshot!("order_status_v2", item(&orders, "OrderStatusV2"));
    let common = package_file("..", "shop/common.rs");
    insta::assert_snapshot!("exact_amount", item(&common, "ExactAmount"));
    let catalog = package_file("..", "shop/catalog.rs");
    insta::assert_snapshot!("category", item(&catalog, "Category"));
    insta::assert_snapshot!("sku", item(&catalog, "Sku"));
    let hostile = package_file("tests/fixtures/hostile", "hostile/type/self.rs");
    insta::assert_snapshot!("hostile_match", item(&hostile, "r#match"));
}

/// The items from the item `first` up to the item `next` (excluded), cut from the package file.
fn items(text: &str, first: &str, next: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let (start, end) = (item_start(&lines, first), item_start(&lines, next));
    assert!(start < end, "{next} must come after {first}");
    lines[start..end].join("\n")
}

#[test]
fn layout_and_topic_snapshots() {
    let storage = package_file("..", "shop/storage.rs");
    insta::assert_snapshot!(
        "layout_order_export_v2",
        items(&storage, "OrderExportV2", "OrderExportV3")
    );
    // Version 3 declares `commit`: its writer and reader (docs/layouts.md#publication).
    insta::assert_snapshot!(
        "layout_order_export_v3",
        items(&storage, "OrderExportV3", "TrackingArchive")
    );
    let streams = package_file("..", "shop/streams.rs");
    insta::assert_snapshot!("topic_orders", items(&streams, "Orders", "Payments"));
    let accounts = package_file("tests/fixtures/boundary", "bank/accounts.rs");
    insta::assert_snapshot!(
        "topic_accounts",
        items(&accounts, "Accounts", "AccountsById")
    );
}

#[test]
fn machine_snapshots() {
    let exports = package_file("..", "shop/exports.rs");
    insta::assert_snapshot!(
        "machine_export_job_v1",
        items(&exports, "ExportJobV1", "ExportJobV2")
    );
    let tasks = package_file("tests/fixtures/machines", "flow/tasks.rs");
    insta::assert_snapshot!("machine_task", item(&tasks, "Task"));
}

#[test]
fn every_file_starts_with_the_generated_header() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let compilation = accord_compiler::compile(&dir).expect("loads");
    let model = compilation.valid_model().expect("valid");
    for file in rust::files(Input::new(model, &compilation.facts, &compilation.sources)) {
        let text = String::from_utf8(file.contents).unwrap();
        assert!(
            text.starts_with("// @generated by accord "),
            "{}",
            file.path
        );
    }
    let orders = package_file("..", "shop/orders.rs");
    assert!(orders.starts_with("// @generated by accord 0.1.0 from schemas/shop/order_lines.accord, schemas/shop/orders.accord (package shop.orders). Do not edit."), "{}", &orders[..200]);
    assert!(orders.contains("pub type Order = OrderV3;"));
}

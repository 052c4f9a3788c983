use super::*;
use crate::config::ProjectConfig;

#[test]
fn the_line_before_the_cursor_says_what_is_written() {
    let cases = [
        ("  id: uuid @", Context::Annotation),
        ("  id: uuid @cl", Context::Annotation),
        ("@", Context::Annotation),
        ("  currency: Currency@", Context::Versions("Currency")),
        (
            "  c: shop.common.Currency@2",
            Context::Versions("shop.common.Currency"),
        ),
        (
            "  c: CustomerId @ref(Customer@",
            Context::Versions("Customer"),
        ),
        (
            "  c: CustomerId @ref(Customer@1.",
            Context::Fields("Customer", 1),
        ),
        (
            "  c: CustomerId @ref(Customer@12.i",
            Context::Fields("Customer", 12),
        ),
        ("  compat ", Context::Compat),
        ("  compat back", Context::Compat),
        ("  compat", Context::Nothing),
        ("  id: ", Context::Types),
        ("  id: Cu", Context::Types),
        ("  lines: list<Ord", Context::Types),
        ("  u: union<int, ", Context::Types),
        ("  A, ", Context::Nothing),
        ("  c: CustomerId @ref(", Context::Types),
        ("newtype Id = ", Context::Types),
        ("  x: int = ", Context::Nothing),
        ("  key ", Context::Types),
        ("    stores Ord", Context::Types),
        ("    event JobEv", Context::Types),
        ("  x: shop.common.", Context::InPackage("shop.common")),
        ("  x: shop.common.Cu", Context::InPackage("shop.common")),
        ("import sh", Context::Packages("sh")),
        ("import shop.common.Cu", Context::Packages("shop.common.Cu")),
        (
            "import shop.common.{Currency, ",
            Context::ImportNames("shop.common"),
        ),
        ("  na", Context::Nothing),
        ("", Context::Nothing),
    ];
    for (line, expected) in cases {
        assert_eq!(context(line), expected, "{line:?}");
    }
}

const COMMON: &str = "package shop.common;\n/// Money.\nrecord Money { cents: long; }\n\
    enum Currency {\n  version 1 { EUR; default EUR }\n  version 2 { EUR, USD; default EUR }\n}\n";
const CUSTOMERS: &str = "package shop.customers;\nimport shop.common.Currency;\n\
    record Customer { name: string; id: string @key; c: Currency@1; }\n";
const OTHER: &str = "package other;\nrecord Money { x: int; }\n";

fn project() -> Compilation {
    let files = [
        ("c.accord", COMMON),
        ("k.accord", CUSTOMERS),
        ("o.accord", OTHER),
    ];
    let files = files.iter().map(|(n, t)| (n.to_string(), t.to_string()));
    crate::compile_sources(files.collect(), ProjectConfig::default())
}

/// The items completing `text` at its end.
fn items(text: &str) -> Vec<CompletionItem> {
    complete(&project(), text, convert::end(text)).items
}

fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

#[test]
fn versions_come_latest_first_and_fields_key_first() {
    let text = format!("{CUSTOMERS}record X {{ c: Currency@");
    let versions = items(&text);
    assert_eq!(labels(&versions), ["2", "1"]);
    assert_eq!(versions[0].preselect, Some(true));
    assert!(versions[0].sort_text < versions[1].sort_text);
    let text = format!("{COMMON}record X {{ c: string @ref(shop.customers.Customer@1.");
    let fields = items(&text);
    let mut sorted = fields.clone();
    sorted.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
    assert_eq!(labels(&sorted), ["id", "name", "c"]);
    assert_eq!(fields[1].detail.as_deref(), Some("string @key"));
}

#[test]
fn a_type_of_another_package_comes_with_its_import() {
    let text = format!("{CUSTOMERS}record X {{ m: ");
    let found = items(&text);
    let detail = |i: &CompletionItem| i.detail.clone().unwrap_or_default();
    let money = found
        .iter()
        .find(|i| i.label == "Money" && detail(i) == "record shop.common.Money")
        .unwrap();
    assert_eq!(money.documentation, Some(markdown("Money.".to_string())));
    let [edit] = money.additional_text_edits.as_deref().unwrap() else {
        panic!("one edit");
    };
    // Added to the import of the package: `import shop.common.{Currency, Money};`.
    assert_eq!(edit.new_text, "{Currency, Money}");
    assert_eq!(edit.range.start, Position::new(1, 19));
    assert!(found
        .iter()
        .any(|i| i.label == "Currency" && i.additional_text_edits.is_none()));
    assert!(found
        .iter()
        .any(|i| i.label == "X" && i.kind == Some(CompletionItemKind::STRUCT)));
    assert!(found.iter().any(|i| i.label == "timestamp_ms"));
    let text = "package other;\n\nrecord Y { m: ";
    let found = items(text);
    assert!(
        found
            .iter()
            .any(|i| i.label == "shop.common.Money" && i.additional_text_edits.is_none()),
        "the name is taken"
    );
    let customer = found.into_iter().find(|i| i.label == "Customer").unwrap();
    let edit = &customer.additional_text_edits.unwrap()[0];
    assert_eq!(edit.new_text, "\n\nimport shop.customers.Customer;");
    assert_eq!(edit.range.start, Position::new(0, 14));
}

#[test]
fn annotations_compat_modes_and_packages() {
    let found = items("package other;\nrecord Y { m: int @");
    assert_eq!(found.len(), super::super::navigate::ANNOTATIONS.len());
    assert!(found.iter().all(|i| i.documentation.is_some()));
    let modes = items("package other;\nrecord Y {\n  compat ");
    assert_eq!(modes.len(), CompatMode::ALL.len());
    assert!(modes[0].detail.as_deref().unwrap().contains("default"));
    let packages = items("package other;\nimport shop.");
    assert_eq!(labels(&packages), ["shop.common", "shop.customers"]);
    let below = items("package other;\nrecord Y { m: shop.");
    assert_eq!(labels(&below), ["common", "customers"]);
}

#[test]
fn over_so_many_types_only_those_starting_with_the_word_are_listed() {
    let records: String = (0..MOST_TYPES + 100)
        .map(|i| format!("record R{i} {{ x: int; }}\n"))
        .collect();
    let files = vec![("r.accord".to_string(), format!("package r;\n{records}"))];
    let compilation = crate::compile_sources(files, ProjectConfig::default());
    let text = "package s;\nrecord Y { m: R12";
    let list = complete(&compilation, text, convert::end(text));
    assert!(list.is_incomplete);
    let types: Vec<&str> = list
        .items
        .iter()
        .filter(|i| i.label.starts_with('R'))
        .map(|i| i.label.as_str())
        .collect();
    assert_eq!(types.len(), 11, "R12 and R120 to R129: {types:?}");
    let text = "package r;\nrecord Y { m: ";
    let list = complete(&compilation, text, convert::end(text));
    assert!(list.is_incomplete);
    assert!(list.items.len() < MOST_TYPES + BUILTIN_TYPES.len() + TYPE_CONSTRUCTORS.len() + 2);
    assert!(!complete(&project(), text, convert::end(text)).is_incomplete);
}

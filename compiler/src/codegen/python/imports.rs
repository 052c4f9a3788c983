//! The imports a rendered module keeps: the module template imports `dataclasses`, `datetime`,
//! `decimal`, `typing` and `uuid`, and the runtime modules that only some packages have
//! (`_runtime.layout`, `machine`, `migrate`, `publish`, `topic`), under private aliases; a module
//! whose code does not use one of them loses its line (pyright's strict mode reports an unused
//! import, linters do too, and a package without layouts has no `_runtime/layout.py`).
//!
//! An alias is used where `alias.` stands in the code with no identifier character before it.
//! Comments and triple-quoted strings (the docstrings, where the contracts' text goes) are not
//! code; other strings are read as code, since the field tables are Python source in a string
//! (`_FIELD_TABLE`): a mention in a string keeps an import, never drops a used one.

/// The standard-library modules the module template imports, with their aliases.
const STDLIB: [(&str, &str); 5] = [
    ("dataclasses", "_dc"),
    ("datetime", "_dt"),
    ("decimal", "_decimal"),
    ("typing", "_t"),
    ("uuid", "_uuid"),
];

/// The optional modules of the runtime package (`_runtime/`) the module template imports, with
/// their aliases; `package_into` ships each one only in packages that can use it.
pub(super) const RUNTIME: [(&str, &str); 5] = [
    ("layout", "_lay"),
    ("machine", "_mc"),
    ("migrate", "_mig"),
    ("publish", "_pub"),
    ("topic", "_top"),
];

/// `text`, a module of the package `root`, without the import lines of [`STDLIB`] and
/// [`RUNTIME`] whose alias its code does not use.
pub(super) fn drop_unused_imports(text: String, root: &str) -> String {
    let code = code_only(&text);
    let stdlib = STDLIB.map(|(module, alias)| (format!("import {module} as {alias}\n"), alias));
    let runtime = RUNTIME.map(|(module, alias)| {
        (
            format!("from {root}._runtime import {module} as {alias}\n"),
            alias,
        )
    });
    let unused: Vec<String> = stdlib
        .into_iter()
        .chain(runtime)
        .filter(|(_, alias)| !uses(&code, alias))
        .map(|(line, _)| line)
        .collect();
    if unused.is_empty() {
        return text;
    }
    let mut kept = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !unused.iter().any(|u| u == line) {
            kept.push_str(line);
        }
    }
    kept
}

/// Whether `alias.` stands in `code` after a character that cannot end an identifier.
fn uses(code: &str, alias: &str) -> bool {
    let pattern = format!("{alias}.");
    code.match_indices(&pattern).any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// `text` with its comments and triple-quoted strings left out (each replaced by a space).
fn code_only(text: &str) -> String {
    let mut code = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let skip = match c {
            '#' => rest.find('\n').unwrap_or(rest.len()),
            '"' | '\'' if rest.as_bytes().get(1..3) == Some(&[c as u8; 2]) => {
                3 + string_end(&rest[3..], &rest[..3])
            }
            '"' | '\'' => {
                let end = 1 + string_end(&rest[1..], &rest[..1]);
                code.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            _ => {
                code.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            }
        };
        code.push(' ');
        rest = &rest[skip..];
    }
    code
}

/// The length of a string's body and closing `quotes` at the start of `text` (a backslash
/// escapes the next character), or of all of `text` when it does not close.
fn string_end(text: &str, quotes: &str) -> usize {
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if text[at..].starts_with(quotes) {
            return at + quotes.len();
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "import dataclasses as _dc\nimport datetime as _dt\nimport decimal as _decimal\nimport typing as _t\nimport uuid as _uuid\n";

    #[test]
    fn only_the_aliases_the_code_uses_stay_imported() {
        let text = format!("{HEAD}\nx: _dt.date\ny = _t.cast(int, 1)\n");
        assert_eq!(
            drop_unused_imports(text, "pkg"),
            "import datetime as _dt\nimport typing as _t\n\nx: _dt.date\ny = _t.cast(int, 1)\n"
        );
    }

    #[test]
    fn docstrings_comments_and_longer_names_are_no_use() {
        let text = format!(
            "{HEAD}\"\"\"Uses _dt.date, \\\"\"\" _uuid.UUID.\"\"\"\n# _dc.field\nmy_dt = 1\nx = a_decimal.b\n'''_t.Any'''\n"
        );
        let kept = drop_unused_imports(text, "pkg");
        assert!(!kept.contains("import"), "{kept}");
    }

    #[test]
    fn code_in_one_line_strings_counts_and_a_hash_there_is_no_comment() {
        let text = format!(
            "{HEAD}T = \"(_rt.Field(\\\"a\\\", _decimal.Decimal))\"\nS = '#' ; _uuid.UUID\n"
        );
        let kept = drop_unused_imports(text, "pkg");
        assert!(
            kept.starts_with("import decimal as _decimal\nimport uuid as _uuid\n"),
            "{kept}"
        );
    }

    #[test]
    fn runtime_modules_stay_imported_only_where_the_code_uses_them() {
        let text = "from pkg import _runtime as _rt\nfrom pkg._runtime import layout as _lay\nfrom pkg._runtime import migrate as _mig\nfrom pkg._runtime import topic as _top\n\nclass A(_lay.Layout): ...\n# _mig.fail\n";
        assert_eq!(
            drop_unused_imports(text.into(), "pkg"),
            "from pkg import _runtime as _rt\nfrom pkg._runtime import layout as _lay\n\nclass A(_lay.Layout): ...\n# _mig.fail\n"
        );
    }
}

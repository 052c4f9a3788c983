//! Rust identifiers for contract names: keywords escaped, case converted for fields and enum
//! symbols, and collisions after conversion resolved deterministically.

use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// Words that cannot be plain identifiers (strict and reserved keywords of every edition).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot even be raw identifiers: they get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// The identifier for `name` (already `[A-Za-z_][A-Za-z0-9_]*`): raw (`r#type`) for keywords,
/// with a trailing `_` for the few words that cannot be raw.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The text an identifier stands for, without `r#`.
pub fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}

/// Splits a name into words at `_` and at case changes (`fooBar`, `HTTPServer`, `v2`).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `snake_case` of a name; leading underscores are kept.
pub fn snake(name: &str) -> String {
    let leading = name.len() - name.trim_start_matches('_').len();
    let body: Vec<String> = words(name).iter().map(|w| w.to_ascii_lowercase()).collect();
    let mut out = "_".repeat(leading);
    out.push_str(&body.join("_"));
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `UpperCamelCase` of a name.
pub fn camel(name: &str) -> String {
    let mut out: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first
                .into_iter()
                .chain(chars.map(|c| c.to_ascii_lowercase()))
                .collect::<String>()
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// Names taken in one scope; [`Scope::claim`] makes each new one unique.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// The identifier for `name`, with `_` appended until no other in the scope has it.
    pub fn claim(&mut self, name: &str) -> Ident {
        let mut candidate = ident(name);
        while !self.taken.insert(unraw(&candidate)) {
            candidate = Ident::new(&format!("{}_", unraw(&candidate)), Span::call_site());
        }
        candidate
    }

    /// Reserves a name without making an identifier.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case() {
        assert_eq!(snake("fooBar"), "foo_bar");
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(snake("total_cents"), "total_cents");
        assert_eq!(snake("_private"), "_private");
        assert_eq!(camel("PLACED"), "Placed");
        assert_eq!(camel("in_progress"), "InProgress");
        assert_eq!(camel("fooBar"), "FooBar");
    }

    #[test]
    fn escapes_keywords_and_collisions() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        let mut scope = Scope::default();
        assert_eq!(scope.claim(&snake("fooBar")).to_string(), "foo_bar");
        assert_eq!(scope.claim(&snake("foo_bar")).to_string(), "foo_bar_");
        assert_eq!(scope.claim("self").to_string(), "self_");
        assert_eq!(scope.claim("self_").to_string(), "self__");
    }
}

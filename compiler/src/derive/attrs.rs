//! The attributes the derive reads: its own `#[accord(...)]` (every error reported with its
//! span, all at once) and the parts of `#[serde(...)]` that decide the JSON encoding (names,
//! formats, skipping). Malformed serde attributes are left to serde_derive to report.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, LitInt, LitStr, Token};

/// A value and where it is written.
#[derive(Debug, Clone)]
pub struct Spanned_<T> {
    pub value: T,
    pub span: Span,
}

/// `#[accord(...)]` and `#[serde(...)]` on the struct or enum.
#[derive(Debug, Default)]
pub struct Container {
    pub contract: Option<Spanned_<String>>,
    pub version: Option<Spanned_<u32>>,
    pub root: Option<Spanned_<String>>,
    pub field: Option<Spanned_<String>>,
    /// The first `#[accord]` attribute, where errors about the contract point.
    pub attr_span: Option<Span>,
    pub serde: SerdeContainer,
}

/// The serde container attributes that change names or the shape of the JSON.
#[derive(Debug, Default)]
pub struct SerdeContainer {
    pub rename_all: Names<RenameRule>,
    /// `tag`, `content` or `untagged`: not the JSON encoding of accord.
    pub tagging: Option<Span>,
}

/// A name for serializing and one for deserializing (serde allows them to differ).
#[derive(Debug, Clone)]
pub struct Names<T> {
    pub ser: Option<T>,
    pub de: Option<T>,
}

impl<T> Default for Names<T> {
    fn default() -> Self {
        Names {
            ser: None,
            de: None,
        }
    }
}

/// `#[accord(...)]` and `#[serde(...)]` on a field or variant.
#[derive(Default)]
pub struct Member {
    pub skip: Option<Span>,
    pub default: Option<Spanned_<syn::ExprPath>>,
    pub serde: SerdeMember,
}

/// The serde field attributes that change the JSON.
#[derive(Debug, Default)]
pub struct SerdeMember {
    pub rename: Names<String>,
    pub with: Option<String>,
    pub serialize_with: Option<String>,
    pub deserialize_with: Option<String>,
    pub skip_serializing: bool,
    pub skip_deserializing: bool,
    /// `flatten` or `skip_serializing_if`: the JSON would not be the contract's.
    pub reshapes: Option<(String, Span)>,
}

impl SerdeMember {
    /// `#[serde(skip)]`, or both of its halves.
    pub fn skipped(&self) -> bool {
        self.skip_serializing && self.skip_deserializing
    }

    /// The JSON format named, normalized (`accord::json::` prefixes and spaces removed), or the
    /// mismatch between its serialize and deserialize halves.
    pub fn format(&self) -> Result<Option<String>, String> {
        let ser = self
            .serialize_with
            .as_deref()
            .map(|s| s.strip_suffix("::serialize").unwrap_or(s));
        let de = self
            .deserialize_with
            .as_deref()
            .map(|s| s.strip_suffix("::deserialize").unwrap_or(s));
        let (ser, de) = match &self.with {
            Some(with) => (Some(with.as_str()), Some(with.as_str())),
            None => (ser, de),
        };
        match (ser.map(normalize_path), de.map(normalize_path)) {
            (None, None) => Ok(None),
            (Some(s), Some(d)) if s == d => Ok(Some(s)),
            _ => Err("`serialize_with` and `deserialize_with` name different formats".into()),
        }
    }
}

/// A format path without spaces, leading `::` or `accord::json::` segments.
pub fn normalize_path(path: &str) -> String {
    let compact: String = path.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .replace("::accord::json::", "")
        .replace("accord::json::", "")
}

/// serde's `rename_all` rules, applied exactly as serde_derive applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    fn parse(text: &str) -> Option<RenameRule> {
        Some(match text {
            "lowercase" => RenameRule::Lower,
            "UPPERCASE" => RenameRule::Upper,
            "PascalCase" => RenameRule::Pascal,
            "camelCase" => RenameRule::Camel,
            "snake_case" => RenameRule::Snake,
            "SCREAMING_SNAKE_CASE" => RenameRule::ScreamingSnake,
            "kebab-case" => RenameRule::Kebab,
            "SCREAMING-KEBAB-CASE" => RenameRule::ScreamingKebab,
            _ => return None,
        })
    }

    /// The name of a variant (written in `PascalCase`).
    pub fn apply_to_variant(self, variant: &str) -> String {
        match self {
            RenameRule::Pascal => variant.to_owned(),
            RenameRule::Lower => variant.to_ascii_lowercase(),
            RenameRule::Upper => variant.to_ascii_uppercase(),
            RenameRule::Camel => {
                let mut chars = variant.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            RenameRule::Snake => {
                let mut out = String::new();
                for (i, c) in variant.char_indices() {
                    if i > 0 && c.is_uppercase() {
                        out.push('_');
                    }
                    out.push(c.to_ascii_lowercase());
                }
                out
            }
            RenameRule::ScreamingSnake => RenameRule::Snake
                .apply_to_variant(variant)
                .to_ascii_uppercase(),
            RenameRule::Kebab => RenameRule::Snake
                .apply_to_variant(variant)
                .replace('_', "-"),
            RenameRule::ScreamingKebab => RenameRule::ScreamingSnake
                .apply_to_variant(variant)
                .replace('_', "-"),
        }
    }

    /// The name of a field (written in `snake_case`).
    pub fn apply_to_field(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => {
                let mut out = String::new();
                let mut capitalize = true;
                for c in field.chars() {
                    if c == '_' {
                        capitalize = true;
                    } else if capitalize {
                        out.push(c.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            RenameRule::Camel => {
                let pascal = RenameRule::Pascal.apply_to_field(field);
                let mut chars = pascal.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

/// Reads the container attributes; errors go to `errors`.
pub fn container(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> Container {
    let mut out = Container::default();
    for attr in attrs {
        if attr.path().is_ident("accord") {
            out.attr_span.get_or_insert(attr.span());
            let result = attr.parse_nested_meta(|meta| {
                let key = meta.path.get_ident().map(ToString::to_string);
                let span = meta.path.span();
                match key.as_deref() {
                    Some("contract") => set(&mut out.contract, string(&meta)?, span, "contract", errors),
                    Some("root") => set(&mut out.root, string(&meta)?, span, "root", errors),
                    Some("field") => set(&mut out.field, string(&meta)?, span, "field", errors),
                    Some("version") => {
                        let lit: LitInt = meta.value()?.parse()?;
                        let value = lit.base10_parse::<u32>()?;
                        if value == 0 {
                            errors.push(syn::Error::new(lit.span(), "versions start at 1"));
                            return Ok(());
                        }
                        set(&mut out.version, Spanned_ { value, span: lit.span() }, span, "version", errors);
                    }
                    _ => {
                        skip_value(&meta)?;
                        errors.push(meta.error(
                            "unknown accord attribute; expected `contract = \"..\"`, `version = N`, `root = \"..\"` or `field = \"..\"`",
                        ));
                    }
                }
                Ok(())
            });
            if let Err(error) = result {
                errors.push(error);
            }
        } else if attr.path().is_ident("serde") {
            let _ = attr.parse_nested_meta(|meta| {
                let key = meta.path.get_ident().map(ToString::to_string);
                match key.as_deref() {
                    Some("rename_all") => {
                        out.serde.rename_all = names(&meta, |s| RenameRule::parse(&s))?
                    }
                    Some("tag" | "content" | "untagged") => {
                        out.serde.tagging = Some(meta.path.span());
                        skip_value(&meta)?;
                    }
                    _ => skip_value(&meta)?,
                }
                Ok(())
            });
        }
    }
    out
}

/// Reads the attributes of a field or variant; errors go to `errors`.
pub fn member(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> Member {
    let mut out = Member::default();
    for attr in attrs {
        if attr.path().is_ident("accord") {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("skip") {
                    if out.skip.is_some() {
                        errors.push(meta.error("duplicate `skip`"));
                    }
                    out.skip = Some(meta.path.span());
                } else if meta.path.is_ident("default") {
                    let lit = string(&meta)?;
                    let path = lit
                        .value
                        .parse::<proc_macro2::TokenStream>()
                        .ok()
                        .and_then(|t| syn::parse2::<syn::ExprPath>(t).ok());
                    match path {
                        Some(value) => {
                            out.default = Some(Spanned_ {
                                value,
                                span: lit.span,
                            })
                        }
                        None => errors.push(syn::Error::new(
                            lit.span,
                            "expected the path of a function, e.g. `default = \"Self::empty\"`",
                        )),
                    }
                } else {
                    skip_value(&meta)?;
                    errors.push(meta.error(
                        "unknown accord attribute; expected `skip` or `default = \"path\"`",
                    ));
                }
                Ok(())
            });
            if let Err(error) = result {
                errors.push(error);
            }
        } else if attr.path().is_ident("serde") {
            let _ = attr.parse_nested_meta(|meta| serde_member(&mut out.serde, meta));
        }
    }
    if let (Some(default), None) = (&out.default, out.skip) {
        errors.push(syn::Error::new(
            default.span,
            "`default` only applies to `#[accord(skip)]` fields",
        ));
    }
    out
}

fn serde_member(out: &mut SerdeMember, meta: syn::meta::ParseNestedMeta) -> syn::Result<()> {
    let key = meta.path.get_ident().map(ToString::to_string);
    match key.as_deref() {
        Some("rename") => out.rename = names(&meta, Some)?,
        Some("with") => out.with = Some(string(&meta)?.value),
        Some("serialize_with") => out.serialize_with = Some(string(&meta)?.value),
        Some("deserialize_with") => out.deserialize_with = Some(string(&meta)?.value),
        Some("skip") => {
            out.skip_serializing = true;
            out.skip_deserializing = true;
        }
        Some("skip_serializing") => out.skip_serializing = true,
        Some("skip_deserializing") => out.skip_deserializing = true,
        Some(word @ ("flatten" | "skip_serializing_if")) => {
            out.reshapes = Some((word.to_owned(), meta.path.span()));
            skip_value(&meta)?;
        }
        _ => skip_value(&meta)?,
    }
    Ok(())
}

fn set<T>(
    slot: &mut Option<Spanned_<T>>,
    value: Spanned_<T>,
    key_span: Span,
    key: &str,
    errors: &mut Vec<syn::Error>,
) {
    if slot.is_some() {
        errors.push(syn::Error::new(key_span, format!("duplicate `{key}`")));
    } else {
        *slot = Some(value);
    }
}

fn string(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Spanned_<String>> {
    let value = meta.value()?;
    let lit: LitStr = value
        .parse()
        .map_err(|e| syn::Error::new(e.span(), "expected a string literal"))?;
    Ok(Spanned_ {
        value: lit.value(),
        span: lit.span(),
    })
}

/// `key = "x"` (both names) or `key(serialize = "x", deserialize = "y")`.
fn names<T>(
    meta: &syn::meta::ParseNestedMeta,
    convert: impl Fn(String) -> Option<T>,
) -> syn::Result<Names<T>> {
    if meta.input.peek(Token![=]) {
        let value = string(meta)?.value;
        return Ok(Names {
            ser: convert(value.clone()),
            de: convert(value),
        });
    }
    let mut out = Names {
        ser: None,
        de: None,
    };
    meta.parse_nested_meta(|inner| {
        let value = convert(string(&inner)?.value);
        if inner.path.is_ident("serialize") {
            out.ser = value;
        } else if inner.path.is_ident("deserialize") {
            out.de = value;
        }
        Ok(())
    })?;
    Ok(out)
}

/// Consumes whatever follows a key we do not read: `= expr` or `( ... )`.
fn skip_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content: proc_macro2::TokenStream = meta.input.parse::<proc_macro2::Group>()?.stream();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_rules_follow_serde() {
        assert_eq!(
            RenameRule::Camel.apply_to_field("total_cents"),
            "totalCents"
        );
        assert_eq!(
            RenameRule::Pascal.apply_to_field("total_cents"),
            "TotalCents"
        );
        assert_eq!(RenameRule::ScreamingKebab.apply_to_field("a_b"), "A-B");
        assert_eq!(
            RenameRule::ScreamingSnake.apply_to_variant("InStock"),
            "IN_STOCK"
        );
        assert_eq!(RenameRule::Upper.apply_to_variant("Eur"), "EUR");
        assert_eq!(
            RenameRule::Camel.apply_to_variant("WebChannel"),
            "webChannel"
        );
        assert_eq!(
            RenameRule::Kebab.apply_to_variant("WebChannel"),
            "web-channel"
        );
    }

    #[test]
    fn accord_attribute_errors_are_all_reported() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[accord(contract = "a.B", contract = "a.C", colour = "red", version = 0)]
            struct S;
        };
        let mut errors = Vec::new();
        let attrs = container(&input.attrs, &mut errors);
        assert_eq!(attrs.contract.unwrap().value, "a.B");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            messages.iter().any(|m| m.contains("duplicate `contract`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("unknown accord attribute")),
            "{messages:?}"
        );
    }

    #[test]
    fn formats_are_normalized() {
        let member = SerdeMember {
            serialize_with: Some("::accord::json::As::<::accord::json::Float>::serialize".into()),
            deserialize_with: Some("accord::json::As::<accord::json::Float>::deserialize".into()),
            ..SerdeMember::default()
        };
        assert_eq!(member.format().unwrap().as_deref(), Some("As::<Float>"));
    }
}

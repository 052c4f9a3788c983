//! The engine of the `accord-macros` crate: hand-written Rust types checked against contract
//! versions at compile time (`#[derive(accord::Contract)]`), and the Rust target inline
//! (`accord::include_contracts!`). See `docs/derive.md`.
//!
//! The macros only parse their input and call [`derive_contract`] or [`include_contracts`],
//! which never panic: every problem, whether in the attributes, the contracts or the Rust
//! types, becomes a `compile_error!` with the span of what is at fault, all at once.

mod attrs;
mod check;
mod shape;

use crate::codegen::rust::Generator;
use crate::codegen::Input;
use crate::config::CONFIG_FILE;
use crate::diagnostic::{render_human, ColorChoice};
use crate::ir::{FullName, Model};
use crate::lock::LOCK_FILE;
use crate::source::{SourceMap, Span as SourceSpan};
use crate::Compilation;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};

/// Expands `#[derive(accord::Contract)]` on `input` (the item's tokens), for the crate whose
/// manifest directory is `manifest_dir` (`CARGO_MANIFEST_DIR` of the crate being compiled).
///
/// On success: the `accord::avro` and `accord::Contract` impls (or the union impls), checks of
/// the named types used, and `include_str!`s of every contract file so that the crate rebuilds
/// when one changes. Otherwise: one `compile_error!` per problem.
pub fn derive_contract(input: TokenStream, manifest_dir: &Path) -> TokenStream {
    let input: syn::DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    guarded(|| check::expand(&input, manifest_dir))
}

/// Expands `accord::include_contracts!("shop.orders", ...)`: the Rust target's module tree for
/// these packages (and every package their types use), inline, as `build.rs` would write it.
/// `root = "dir"` names the project directory (relative to `manifest_dir`).
pub fn include_contracts(input: TokenStream, manifest_dir: &Path) -> TokenStream {
    guarded(|| expand_include(input, manifest_dir))
}

/// Runs an expansion, turning its errors (and, as a last resort, a panic of the compiler
/// library) into `compile_error!`s.
fn guarded(expand: impl FnOnce() -> Result<TokenStream, Vec<syn::Error>>) -> TokenStream {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(expand)) {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(errors)) => errors.iter().map(syn::Error::to_compile_error).collect(),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            syn::Error::new(
                Span::call_site(),
                format!("accord: internal error, please report it: {message}"),
            )
            .to_compile_error()
        }
    }
}

/// A project loaded and checked, with what it was read from.
pub(crate) struct Project {
    pub compilation: Compilation,
    /// Absolute paths of every input file (contracts, `accord.toml`, `accord.lock`).
    pub inputs: Vec<PathBuf>,
}

impl Project {
    /// Finds `accord.toml` from `start` upward and checks the contracts; the error says why not.
    pub fn load(manifest_dir: &Path, root: Option<&str>) -> Result<Project, String> {
        let start = match root {
            Some(root) => manifest_dir.join(root),
            None => manifest_dir.to_path_buf(),
        };
        let found = std::fs::canonicalize(&start).ok().and_then(|s| {
            s.ancestors()
                .find(|d| d.join(CONFIG_FILE).is_file())
                .map(Path::to_path_buf)
        });
        if found.is_none() && root.is_none() {
            return Err(format!(
                "no {CONFIG_FILE} in {} or above it; add one, or name the project with #[accord(root = \"...\")]",
                manifest_dir.display()
            ));
        }
        let compilation = crate::compile(&start).map_err(|e| format!("accord: {e}"))?;
        if compilation.has_errors() {
            let rendered = render_human(
                &compilation.sources,
                &compilation.diagnostics,
                ColorChoice::Never,
            );
            return Err(format!("the contracts have errors:\n{rendered}"));
        }
        let mut inputs: Vec<PathBuf> = compilation.files.clone();
        let root = &compilation.project.root;
        inputs.extend(
            [CONFIG_FILE, LOCK_FILE]
                .iter()
                .map(|f| root.join(f))
                .filter(|p| p.is_file()),
        );
        let inputs = inputs
            .into_iter()
            .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
            .collect();
        Ok(Project {
            compilation,
            inputs,
        })
    }

    /// The model (valid: [`Project::load`] refuses contracts with errors).
    pub fn model(&self) -> &Model {
        &self.compilation.model
    }

    /// Generation input with the project's settings.
    pub fn generator(&self) -> Generator<'_> {
        let config = &self.compilation.project.config;
        let input = Input {
            json_schema: crate::codegen::json_schema::JsonSchemaOptions {
                additional_properties: config.gen.jsonschema.additional_properties,
            },
            ..Input::new(
                self.model(),
                &self.compilation.facts,
                &self.compilation.sources,
            )
        };
        Generator::new(input, None)
    }

    /// `file:line` of a span of the contracts.
    pub fn location(&self, span: SourceSpan) -> String {
        location(&self.compilation.sources, span)
    }

    /// `const _: &str = include_str!("...");` for every input: the crate is rebuilt, and the
    /// macro run again, when one of them changes (the typify-macro technique).
    pub fn rebuild_on_change(&self) -> TokenStream {
        let paths = self.inputs.iter().filter_map(|p| p.to_str());
        quote!(#(const _: &str = ::core::include_str!(#paths);)*)
    }
}

/// `schemas/shop/orders.accord:35`.
pub fn location(sources: &SourceMap, span: SourceSpan) -> String {
    let (file, line, _) = sources.location(span);
    format!("{file}:{line}")
}

/// `shop.orders.Order` -> its full name.
pub fn full_name(text: &str) -> Option<FullName> {
    let (package, name) = text.rsplit_once('.')?;
    (!package.is_empty() && !name.is_empty()).then(|| FullName::new(package, name))
}

fn expand_include(input: TokenStream, manifest_dir: &Path) -> Result<TokenStream, Vec<syn::Error>> {
    let args = syn::parse::Parser::parse2(
        syn::punctuated::Punctuated::<IncludeArg, syn::Token![,]>::parse_terminated,
        input,
    )
    .map_err(|e| vec![e])?;
    let mut packages = Vec::new();
    let mut root = None;
    for arg in args {
        match arg {
            IncludeArg::Package(lit) => packages.push(lit),
            IncludeArg::Root(lit) => root = Some(lit),
        }
    }
    let project = Project::load(manifest_dir, root.as_ref().map(|r| r.value()).as_deref())
        .map_err(|e| vec![syn::Error::new(Span::call_site(), e)])?;
    let mut errors = Vec::new();
    for package in &packages {
        let value = package.value();
        let exists = project
            .model()
            .types
            .keys()
            .any(|n| n.package == value || n.package.starts_with(&format!("{value}.")));
        if !exists {
            errors.push(syn::Error::new(
                package.span(),
                format!("no package `{value}` in the contracts"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut config = crate::build::Config::new();
    config.project(&project.compilation.project.root);
    for package in &packages {
        config.package(package.value());
    }
    let generated = config
        .generate()
        .map_err(|e| vec![syn::Error::new(Span::call_site(), e.to_string())])?;
    let text = inline_files(&generated.files);
    let tokens: TokenStream = text.parse().map_err(|e| {
        vec![syn::Error::new(
            Span::call_site(),
            format!("accord: generated code does not parse: {e}"),
        )]
    })?;
    let rebuild = project.rebuild_on_change();
    Ok(quote!(#tokens #rebuild))
}

/// The root file with each `include!("pkg.rs");` replaced by that file.
fn inline_files(files: &[crate::codegen::GeneratedFile]) -> String {
    let text =
        |f: &crate::codegen::GeneratedFile| String::from_utf8_lossy(&f.contents).into_owned();
    let mut root = files
        .iter()
        .find(|f| f.path == crate::codegen::rust::ROOT_FILE)
        .map(text)
        .unwrap_or_default();
    for file in files
        .iter()
        .filter(|f| f.path != crate::codegen::rust::ROOT_FILE)
    {
        root = root.replace(&format!("include!(\"{}\");", file.path), &text(file));
    }
    root
}

enum IncludeArg {
    Package(syn::LitStr),
    Root(syn::LitStr),
}

impl syn::parse::Parse for IncludeArg {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        if input.peek(syn::LitStr) {
            return Ok(IncludeArg::Package(input.parse()?));
        }
        let key: syn::Ident = input.parse()?;
        if key != "root" {
            return Err(syn::Error::new(
                key.span(),
                "expected a package (\"shop.orders\") or `root = \"dir\"`",
            ));
        }
        input.parse::<syn::Token![=]>()?;
        Ok(IncludeArg::Root(input.parse()?))
    }
}

/// The span of the item's name, where errors about the whole item point.
fn item_span(input: &syn::DeriveInput) -> Span {
    input.ident.span()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(item: TokenStream) -> String {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        derive_contract(item, here).to_string()
    }

    #[test]
    fn a_matching_struct_gets_the_contract_impls() {
        let out = expand(quote! {
            #[accord(contract = "shop.orders.StoreChannel")]
            struct Store { store_id: i32, till: i32 }
        });
        assert!(
            out.contains("impl :: accord :: Contract for Store"),
            "{out}"
        );
        assert!(out.contains("include_str !"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn every_mismatch_is_reported_at_once() {
        let out = expand(quote! {
            #[accord(contract = "shop.orders.Order", version = 2)]
            struct Order { id: String, total_cents: i32, extra: bool }
        });
        for expected in [
            "`id` is `uuid`",
            "`total_cents` is `long`",
            "field `extra` is not in shop.orders.Order@2",
            "missing field `placed_at: timestamp_ms` (schemas/shop/orders.accord:41)",
        ] {
            assert!(out.contains(expected), "{expected} in {out}");
        }
        assert!(!out.contains("impl"), "no impls on errors: {out}");
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(expand(quote!(
            fn f() {}
        ))
        .contains("compile_error"));
        let out = include_contracts(quote!(42), Path::new(env!("CARGO_MANIFEST_DIR")));
        assert!(out.to_string().contains("compile_error"));
    }
}

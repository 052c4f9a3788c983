//! The `AnyX` enum of every versioned type (any version, decoded by fingerprint, migrated to any other) and the root of the migration code.

use super::*;

impl Generator<'_> {
    /// `AnyOrder { V1(OrderV1), ... }` with decoding by fingerprint and migrations.
    pub(super) fn any_enum(&self, cx: &str, def: &TypeDef, pairs: &[(u32, u32)]) -> TokenStream {
        let any = AnyEnum {
            ident: self.any_ident(&def.name),
            name: def.name.to_string(),
            versions: def
                .versions
                .iter()
                .map(|v| {
                    (
                        v.number,
                        format_ident!("V{}", v.number),
                        tokens(&self.names.target(&type_ref(def, v)).path(cx)),
                    )
                })
                .collect(),
        };
        let ident = &any.ident;
        let variants = any.versions.iter().map(|(_, v, p)| quote!(#v(#p)));
        let doc = format!(" A value of any version of `{}`.", any.name);
        let allows = allows();
        let codec = any.codec_methods();
        let migrations = self.any_migration_methods(cx, def, pairs, &any);
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #ident { #(#[doc = " That version."] #variants,)* }
            #allows
            impl #ident {
                #codec
                #migrations
            }
        }
    }

    /// The hook traits the migrations between `pairs` of versions of `def` need.
    fn any_hook_traits(&self, def: &TypeDef, pairs: &[(u32, u32)]) -> BTreeSet<FullName> {
        let mut traits = BTreeSet::new();
        for &(a, b) in pairs {
            let key = version_step(def, a, b);
            traits.extend(self.migrations.traits[&key].iter().cloned());
        }
        traits
    }

    /// `migrate`, `upgrade`, `downgrade` and `into_latest` (each `…_with(hooks)` when the
    /// migrations need hooks).
    #[allow(clippy::expect_used, reason = "every type has at least one version")]
    fn any_migration_methods(
        &self,
        cx: &str,
        def: &TypeDef,
        pairs: &[(u32, u32)],
        any: &AnyEnum,
    ) -> TokenStream {
        let AnyEnum {
            ident,
            name,
            versions,
        } = any;
        let bounds = self.hook_bounds(&self.any_hook_traits(def, pairs), cx);
        let (generics, param, arg, suffix) = match &bounds {
            Some(b) => (quote!(<#b>), quote!(, hooks: &H), quote!(, hooks), "_with"),
            None => (quote!(), quote!(), quote!(), ""),
        };
        let migrate = format_ident!("migrate{}", suffix);
        let upgrade = format_ident!("upgrade{}", suffix);
        let downgrade = format_ident!("downgrade{}", suffix);
        let into_latest = format_ident!("into_latest{}", suffix);
        let migrate_arms = self.any_migrate_arms(cx, def, pairs, any);
        let (latest, latest_variant, latest_path) = versions.last().cloned().expect("versions");
        quote! {
            /// Migrates the value to version `to`, up or down, where a migration exists.
            pub fn #migrate #generics (self, to: u32 #param) -> ::accord::Result<#ident> {
                let from = self.version();
                ::std::result::Result::Ok(match (self, to) {
                    #(#migrate_arms,)*
                    _ => return ::std::result::Result::Err(::accord::Error::new(::std::format!(
                        "no migration of {} from version {} to {}", #name, from, to
                    ))),
                })
            }
            /// Upgrades the value to version `to` (not older than its own).
            pub fn #upgrade #generics (self, to: u32 #param) -> ::accord::Result<#ident> {
                if to < self.version() {
                    return ::std::result::Result::Err(::accord::Error::new(::std::format!(
                        "version {} is older than {}", to, self.version()
                    )));
                }
                self.#migrate(to #arg)
            }
            /// Downgrades the value to version `to` (not newer than its own).
            pub fn #downgrade #generics (self, to: u32 #param) -> ::accord::Result<#ident> {
                if to > self.version() {
                    return ::std::result::Result::Err(::accord::Error::new(::std::format!(
                        "version {} is newer than {}", to, self.version()
                    )));
                }
                self.#migrate(to #arg)
            }
            /// Upgrades the value to the latest version.
            pub fn #into_latest #generics (self #param) -> ::accord::Result<#latest_path> {
                match self.#migrate(#latest #arg)? {
                    #ident::#latest_variant(x) => ::std::result::Result::Ok(x),
                    _ => ::std::unreachable!(),
                }
            }
        }
    }

    /// One `match` arm per migration between two versions, then one per version to itself.
    fn any_migrate_arms(
        &self,
        cx: &str,
        def: &TypeDef,
        pairs: &[(u32, u32)],
        any: &AnyEnum,
    ) -> Vec<TokenStream> {
        let ident = &any.ident;
        let mut migrate_arms: Vec<TokenStream> = pairs
            .iter()
            .map(|&(a, b)| {
                let key = version_step(def, a, b);
                let step = self.step_path(&key, cx);
                let hooks = self.hooks_arg(&key);
                let (va, vb) = (format_ident!("V{}", a), format_ident!("V{}", b));
                quote!((#ident::#va(x), #b) => #ident::#vb(#step(x #hooks)?))
            })
            .collect();
        migrate_arms.extend(
            any.versions
                .iter()
                .map(|(n, v, _)| quote!((#ident::#v(x), #n) => #ident::#v(x))),
        );
        migrate_arms
    }

    /// The versioned types without hooks and the paths of their `Any…` enums from the root.
    pub(super) fn hook_free_any_paths(&self) -> Vec<(String, TokenStream)> {
        self.migrations
            .pairs
            .keys()
            .filter(|name| {
                self.migrations
                    .traits
                    .iter()
                    .all(|(k, t)| k.from.name != **name || t.is_empty())
            })
            .map(|name| {
                let path = tokens(&crate::codegen::rust::items::root_path(
                    &name.package,
                    &self.any_ident(name),
                ));
                (name.to_string(), path)
            })
            .collect()
    }

    /// The root's `migrate_single_object` and `migrate_json`, over every versioned type without
    /// hooks.
    pub(in crate::codegen::rust) fn migration_root(&self) -> TokenStream {
        let json_arms = self.hook_free_any_paths().into_iter().map(|(name, path)| {
            quote!(#name => #path::from_json(version, json)?.migrate(to_version)?.to_json())
        });
        let arms = self.hook_free_any_paths().into_iter().map(|(_, path)| {
            quote!(if #path::FINGERPRINTS.contains(&fingerprint) {
                return #path::decode_any(bytes)?.migrate(to_version)?.to_single_object();
            })
        });
        quote! {
            /// Migrates a single-object encoding of any version of a versioned type without
            /// hooks to version `to_version` of the same type (the fingerprint picks the type
            /// and the writer version).
            #[allow(unused_variables)]
            pub fn migrate_single_object(bytes: &[u8], to_version: u32) -> ::accord::Result<::std::vec::Vec<u8>> {
                let (fingerprint, _) = ::accord::avro::split_single_object(bytes)?;
                #(#arms)*
                ::std::result::Result::Err(::accord::Error::new(::std::format!(
                    "fingerprint {:016x} is no version of a versioned type without hooks", fingerprint
                )))
            }

            /// Migrates the JSON encoding of version `version` of the versioned type `full_name`
            /// (without hooks) to the JSON encoding of version `to_version`.
            #[allow(unused_variables, clippy::match_single_binding)]
            pub fn migrate_json(full_name: &str, version: u32, json: &str, to_version: u32) -> ::accord::Result<::std::string::String> {
                match full_name {
                    #(#json_arms,)*
                    _ => ::std::result::Result::Err(::accord::Error::new(::std::format!(
                        "{} is no versioned type without hooks", full_name
                    ))),
                }
            }
        }
    }
}

/// An `Any…` enum being generated: its name, the type's full name, and per version its number,
/// variant and type path.
struct AnyEnum {
    ident: Ident,
    name: String,
    versions: Vec<(u32, Ident, TokenStream)>,
}

impl AnyEnum {
    /// `FINGERPRINTS`, `version`, and the single-object and JSON codecs of any version.
    fn codec_methods(&self) -> TokenStream {
        let AnyEnum {
            ident,
            name,
            versions,
        } = self;
        let version_arms = versions.iter().map(|(n, v, _)| quote!(#ident::#v(_) => #n));
        let fingerprints = versions
            .iter()
            .map(|(_, _, p)| quote!(<#p as ::accord::Contract>::INFO.fingerprint));
        let decode_arms = versions.iter().map(|(_, v, p)| {
            quote!(if fingerprint == <#p as ::accord::Contract>::INFO.fingerprint {
                return ::std::result::Result::Ok(#ident::#v(<#p as ::accord::Contract>::from_avro_datum(datum)?));
            })
        });
        let encode_arms = versions
            .iter()
            .map(|(_, v, _)| quote!(#ident::#v(x) => ::accord::Contract::to_single_object(x)));
        let json_arms = versions
            .iter()
            .map(|(_, v, _)| quote!(#ident::#v(x) => ::accord::Contract::to_json(x)));
        let from_json_arms = versions.iter().map(|(n, v, p)| {
            quote!(#n => ::std::result::Result::Ok(#ident::#v(<#p as ::accord::Contract>::from_json(json)?)))
        });
        quote! {
            /// The fingerprints of every version, oldest first.
            pub const FINGERPRINTS: &'static [u64] = &[#(#fingerprints),*];
            /// The version of the value.
            pub fn version(&self) -> u32 {
                match self { #(#version_arms,)* }
            }
            /// Reads a single-object encoding of any version: the fingerprint picks it.
            pub fn decode_any(bytes: &[u8]) -> ::accord::Result<#ident> {
                let (fingerprint, datum) = ::accord::avro::split_single_object(bytes)?;
                #(#decode_arms)*
                ::std::result::Result::Err(::accord::Error::new(::std::format!(
                    "fingerprint {:016x} is no version of {}", fingerprint, #name
                )))
            }
            /// The single-object encoding of the value, in its version.
            pub fn to_single_object(&self) -> ::accord::Result<::std::vec::Vec<u8>> {
                match self { #(#encode_arms,)* }
            }
            /// The JSON encoding of the value, in its version.
            pub fn to_json(&self) -> ::accord::Result<::std::string::String> {
                match self { #(#json_arms,)* }
            }
            /// Reads the JSON encoding of version `version` (JSON does not say its version).
            pub fn from_json(version: u32, json: &str) -> ::accord::Result<#ident> {
                match version {
                    #(#from_json_arms,)*
                    _ => ::std::result::Result::Err(::accord::Error::new(::std::format!(
                        "{} has no version {}", #name, version
                    ))),
                }
            }
        }
    }
}

/// The step from version `a` to version `b` of `def`.
fn version_step(def: &TypeDef, a: u32, b: u32) -> StepKey {
    StepKey {
        from: TypeRef {
            name: def.name.clone(),
            version: a,
        },
        to: TypeRef {
            name: def.name.clone(),
            version: b,
        },
    }
}

//! The `AnyX` enum of every versioned type (any version, decoded by fingerprint, migrated to any
//! other) and the root of the migration code.

use super::*;
use crate::codegen::type_ref;

impl Generator<'_> {
    /// `AnyOrder { V1(OrderV1), ... }` with decoding by fingerprint and migrations.
    pub(super) fn any_enum(&self, code: &mut Code, cx: &str, def: &TypeDef, pairs: &[(u32, u32)]) {
        let any = AnyEnum {
            ident: self.any_ident(&def.name),
            name: string(&def.name.to_string()),
            versions: def
                .versions
                .iter()
                .map(|v| (v.number, self.names.target(&type_ref(def, v)).path(cx)))
                .collect(),
        };
        let ident = &any.ident;
        code.doc(&format!(" A value of any version of `{}`.", def.name));
        code.push(&format!(
            "#[derive(Debug, Clone, PartialEq)]\npub enum {ident} {{"
        ));
        for (n, path) in &any.versions {
            code.push(&format!("/// That version.\nV{n}({path}),"));
        }
        code.push(&format!("}}\n{ALLOWS}\nimpl {ident} {{"));
        any.codec_methods(code);
        self.any_migration_methods(code, cx, def, pairs, &any);
        code.push("}");
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
        code: &mut Code,
        cx: &str,
        def: &TypeDef,
        pairs: &[(u32, u32)],
        any: &AnyEnum,
    ) {
        let AnyEnum {
            ident,
            name,
            versions,
        } = any;
        let bounds = self.hook_bounds(&self.any_hook_traits(def, pairs), cx);
        let (generics, param, arg, suffix) = match &bounds {
            Some(b) => (format!("<{b}>"), ", hooks: &H", ", hooks", "_with"),
            None => (String::new(), "", "", ""),
        };
        code.push(&format!(
            "/// Migrates the value to version `to`, up or down, where a migration exists.
            #[inline]
            pub fn migrate{suffix}{generics}(self, to: u32{param}) -> ::accord::Result<{ident}> {{
            let from = self.version();
            ::std::result::Result::Ok(match (self, to) {{"
        ));
        for &(a, b) in pairs {
            let key = version_step(def, a, b);
            let (step, hooks) = (self.step_path(&key, cx), self.hooks_arg(&key));
            code.push(&format!(
                "({ident}::V{a}(x), {b}) => {ident}::V{b}({step}(x{hooks})?),"
            ));
        }
        for (n, _) in versions {
            code.push(&format!("({ident}::V{n}(x), {n}) => {ident}::V{n}(x),"));
        }
        let (latest, latest_path) = versions.last().expect("versions");
        code.push(&format!(
            "_ => return ::std::result::Result::Err(::accord::Error::new(::std::format!(
            \"no migration of {{}} from version {{}} to {{}}\", {name}, from, to
            ))),
            }})
            }}
            /// Upgrades the value to version `to` (not older than its own).
            #[inline]
            pub fn upgrade{suffix}{generics}(self, to: u32{param}) -> ::accord::Result<{ident}> {{
            if to < self.version() {{
            return ::std::result::Result::Err(::accord::Error::new(::std::format!(
            \"version {{}} is older than {{}}\", to, self.version()
            )));
            }}
            self.migrate{suffix}(to{arg})
            }}
            /// Downgrades the value to version `to` (not newer than its own).
            #[inline]
            pub fn downgrade{suffix}{generics}(self, to: u32{param}) -> ::accord::Result<{ident}> {{
            if to > self.version() {{
            return ::std::result::Result::Err(::accord::Error::new(::std::format!(
            \"version {{}} is newer than {{}}\", to, self.version()
            )));
            }}
            self.migrate{suffix}(to{arg})
            }}
            /// Upgrades the value to the latest version.
            #[inline]
            pub fn into_latest{suffix}{generics}(self{param}) -> ::accord::Result<{latest_path}> {{
            match self.migrate{suffix}({latest}{arg})? {{
            {ident}::V{latest}(x) => ::std::result::Result::Ok(x),
            _ => ::std::unreachable!(),
            }}
            }}"
        ));
    }

    /// The versioned types without hooks and the paths of their `Any…` enums from the root.
    fn hook_free_any_paths(&self) -> Vec<(String, String)> {
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
                let path =
                    crate::codegen::rust::items::root_path(&name.package, &self.any_ident(name));
                (name.to_string(), path)
            })
            .collect()
    }

    /// Writes the root's `migrate_single_object` and `migrate_json`, over every versioned type
    /// without hooks.
    pub(in crate::codegen::rust) fn migration_root(&self, code: &mut Code) {
        let paths = self.hook_free_any_paths();
        code.push(
            "/// Migrates a single-object encoding of any version of a versioned type without
            /// hooks to version `to_version` of the same type (the fingerprint picks the type
            /// and the writer version).
            #[allow(unused_variables)]
            #[inline]
            pub fn migrate_single_object(bytes: &[u8], to_version: u32) -> ::accord::Result<::std::vec::Vec<u8>> {
            let (fingerprint, _) = ::accord::avro::split_single_object(bytes)?;",
        );
        for (_, path) in &paths {
            code.push(&format!(
                "if {path}::FINGERPRINTS.contains(&fingerprint) {{
                return {path}::decode_any(bytes)?.migrate(to_version)?.to_single_object();
                }}"
            ));
        }
        code.push(
            "::std::result::Result::Err(::accord::Error::new(::std::format!(
            \"fingerprint {:016x} is no version of a versioned type without hooks\", fingerprint
            )))
            }
            /// Migrates the JSON encoding of version `version` of the versioned type `full_name`
            /// (without hooks) to the JSON encoding of version `to_version`.
            #[allow(unused_variables, clippy::match_single_binding)]
            #[inline]
            pub fn migrate_json(full_name: &str, version: u32, json: &str, to_version: u32) -> ::accord::Result<::std::string::String> {
            match full_name {",
        );
        for (name, path) in &paths {
            code.push(&format!(
                "{} => {path}::from_json(version, json)?.migrate(to_version)?.to_json(),",
                string(name)
            ));
        }
        code.push(
            "_ => ::std::result::Result::Err(::accord::Error::new(::std::format!(
            \"{} is no versioned type without hooks\", full_name
            ))),
            }
            }",
        );
    }
}

/// An `Any…` enum being generated: its name, the type's full name (a string literal), and per
/// version its number and type path.
struct AnyEnum {
    ident: String,
    name: String,
    versions: Vec<(u32, String)>,
}

impl AnyEnum {
    /// `FINGERPRINTS`, `version`, and the single-object and JSON codecs of any version.
    fn codec_methods(&self, code: &mut Code) {
        let AnyEnum {
            ident,
            name,
            versions,
        } = self;
        let fingerprints = super::super::code::list(
            versions
                .iter()
                .map(|(_, p)| format!("<{p} as ::accord::Contract>::INFO.fingerprint")),
        );
        code.push(&format!(
            "/// The fingerprints of every version, oldest first.
            pub const FINGERPRINTS: &'static [u64] = &[{fingerprints}];
            /// The version of the value.
            #[inline]
            pub fn version(&self) -> u32 {{
            match self {{"
        ));
        for (n, _) in versions {
            code.push(&format!("{ident}::V{n}(_) => {n},"));
        }
        code.push(&format!(
            "}}
            }}
            /// Reads a single-object encoding of any version: the fingerprint picks it.
            #[inline]
            pub fn decode_any(bytes: &[u8]) -> ::accord::Result<{ident}> {{
            let (fingerprint, datum) = ::accord::avro::split_single_object(bytes)?;"
        ));
        for (n, p) in versions {
            code.push(&format!(
                "if fingerprint == <{p} as ::accord::Contract>::INFO.fingerprint {{
                return ::std::result::Result::Ok({ident}::V{n}(<{p} as ::accord::Contract>::from_avro_datum(datum)?));
                }}"
            ));
        }
        code.push(&format!(
            "::std::result::Result::Err(::accord::Error::new(::std::format!(
            \"fingerprint {{:016x}} is no version of {{}}\", fingerprint, {name}
            )))
            }}
            /// The single-object encoding of the value, in its version.
            #[inline]
            pub fn to_single_object(&self) -> ::accord::Result<::std::vec::Vec<u8>> {{
            match self {{"
        ));
        for (n, _) in versions {
            code.push(&format!(
                "{ident}::V{n}(x) => ::accord::Contract::to_single_object(x),"
            ));
        }
        code.push("}\n}");
        self.json_methods(code);
    }

    /// `to_json`, and `from_json` of any version.
    fn json_methods(&self, code: &mut Code) {
        let AnyEnum {
            ident,
            name,
            versions,
        } = self;
        code.push(
            "/// The JSON encoding of the value, in its version.
            #[inline]
            pub fn to_json(&self) -> ::accord::Result<::std::string::String> {
            match self {",
        );
        for (n, _) in versions {
            code.push(&format!(
                "{ident}::V{n}(x) => ::accord::Contract::to_json(x),"
            ));
        }
        code.push(&format!(
            "}}
            }}
            /// Reads the JSON encoding of version `version` (JSON does not say its version).
            #[inline]
            pub fn from_json(version: u32, json: &str) -> ::accord::Result<{ident}> {{
            match version {{"
        ));
        for (n, p) in versions {
            code.push(&format!(
                "{n} => ::std::result::Result::Ok({ident}::V{n}(<{p} as ::accord::Contract>::from_json(json)?)),"
            ));
        }
        code.push(&format!(
            "_ => ::std::result::Result::Err(::accord::Error::new(::std::format!(
            \"{{}} has no version {{}}\", {name}, version
            ))),
            }}
            }}"
        ));
    }
}

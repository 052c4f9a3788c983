//! The writer and reader of a layout version with publication rules (`docs/layouts.md#
//! publication`): `write`, `commit` (with `commit "...";`) and `list`, calling the runtime's
//! `accord::publish`. Only layout versions that declare rules get them.

use super::code::{string, Code};
use crate::ir::*;
use crate::layout::template::{Part, Template};
use crate::ACCORD_VERSION;
use proc_macro2::Ident;

/// A segment of a layout struct as `commit` takes it: its name, field, Rust type and the
/// expression of its path text from `v: &type`.
pub(super) struct GroupField {
    pub(super) name: String,
    pub(super) field: Ident,
    pub(super) ty: String,
    pub(super) format: String,
}

/// How many segments of the template come before its last `/`: a group's segments.
fn group_len(template: &Template) -> usize {
    let end = template
        .parts
        .iter()
        .rposition(|p| matches!(p, Part::Literal(text) if text.contains('/')))
        .unwrap_or(0);
    template.parts[..end]
        .iter()
        .filter(|p| matches!(p, Part::Segment(_)))
        .count()
}

/// Writes the publication methods of layout struct `ident`, when its version declares rules
/// (`fields`: every segment, in template order).
pub(super) fn publication_item(
    code: &mut Code,
    ident: &Ident,
    version: &LayoutVersion,
    template: &Template,
    fields: &[GroupField],
) {
    if !version.publishes() {
        return;
    }
    let group = &fields[..group_len(template).min(fields.len())];
    let manifest = version
        .commit
        .as_ref()
        .map_or("::std::option::Option::None".to_string(), |c| {
            format!("::std::option::Option::Some({})", string(&c.file_name))
        });
    code.push(&format!(
        "impl {ident} {{
        /// The publication rules of this layout version.
        pub const PUBLICATION: ::accord::publish::Rules = ::accord::publish::Rules {{
        layout: Self::LAYOUT,
        version: Self::VERSION,
        immutable: {},
        manifest: {manifest},
        accord: {},
        }};
        /// Writes `data` at this path under `root`: into a temporary file, then published at
        /// once, readers never seeing it partially written{}. Returns the path written.
        pub fn write(
        &self,
        root: impl ::std::convert::AsRef<::std::path::Path>,
        data: impl ::std::io::Read,
        ) -> ::std::result::Result<::std::path::PathBuf, ::accord::publish::PublishError> {{
        ::accord::publish::write(&Self::PUBLICATION, root.as_ref(), &self.try_path()?, data)
        }}
        /// The published data files under `root`, each with its values, in the order of their paths' text{}.
        pub fn list(
        root: impl ::std::convert::AsRef<::std::path::Path>,
        ) -> ::std::result::Result<
        ::std::vec::Vec<(Self, ::std::path::PathBuf)>,
        ::accord::publish::PublishError,
        > {{
        ::accord::publish::published(&Self::PUBLICATION, root.as_ref(), |p| Self::parse(p).ok())
        }}",
        version.immutable.is_some(),
        string(ACCORD_VERSION),
        if version.immutable.is_none() {
            ""
        } else if version.commit.is_some() {
            "; refused (`PublishError::Immutable`) where the path exists or its group is committed"
        } else {
            "; refused (`PublishError::Immutable`) where the path exists"
        },
        if version.commit.is_some() {
            ": only the files that the manifest of a group names, at its size"
        } else {
            " (never a temporary file)"
        }
    ));
    if version.commit.is_some() {
        commit_method(code, group);
    }
    code.push("}");
}

/// `commit(root, group segments...)`: the group's manifest, written last and at once.
fn commit_method(code: &mut Code, group: &[GroupField]) {
    let root = if group.iter().any(|g| g.field == "root") {
        "root_"
    } else {
        "root"
    };
    code.push(&format!(
        "/// Publishes a group: writes its manifest (each data file of its directory, with size
        /// and SHA-256), last and at once. Returns the manifest's path.
        pub fn commit(
        {root}: impl ::std::convert::AsRef<::std::path::Path>,"
    ));
    for g in group {
        code.push(&format!("{}: {},", g.field, g.ty));
    }
    code.push(
        ") -> ::std::result::Result<::std::path::PathBuf, ::accord::publish::PublishError> {
        let texts = [",
    );
    for g in group {
        code.push(&format!(
            "({}, {{\nlet v = &{};\n{}\n}}),",
            string(&g.name),
            g.field,
            g.format
        ));
    }
    let binding = if group.is_empty() { "let" } else { "let mut" };
    code.push(&format!("];\n{binding} partial = Self::partial();"));
    for g in group {
        code.push(&format!(
            "partial.{0} = ::std::option::Option::Some({0});",
            g.field
        ));
    }
    code.push(&format!(
        "let prefix = partial.try_prefix()?;
        let directory = &prefix[..prefix.rfind('/').map_or(0, |i| i + 1)];
        ::accord::publish::commit(&Self::PUBLICATION, {root}.as_ref(), directory, &texts, |p| {{
        Self::parse(p).is_ok()
        }})
        }}"
    ));
}

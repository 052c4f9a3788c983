//! Storage layout classes (`docs/layouts.md#generated-code`): one frozen dataclass per layout
//! version, with its template parts for the runtime's `path`, `parse`, `prefix` and `glob`.

use super::classes::Ctx;
use super::literal::{docstring, py_str};
use super::names::{Namer, CLASS_MEMBERS};
use super::types::enum_of;
use super::views::{LayoutFieldView, LayoutView, ModuleView, PublicationView};
use crate::ir::*;
use crate::layout::template::{Kind, Part, Template};
use crate::ACCORD_VERSION;

/// Names the layout classes define (segment attributes avoid them).
const LAYOUT_MEMBERS: &[&str] = &[
    "path", "parse", "prefix", "glob", "partial", "cls", "LAYOUT", "VERSION", "TEMPLATE", "FORMAT",
    "_PARTS",
];

/// Names the layout classes with publication rules define besides.
const PUBLICATION_MEMBERS: &[&str] = &["write", "commit", "list", "root", "_PUBLICATION"];

impl Ctx<'_> {
    /// The layout classes of the package (`docs/layouts.md`).
    pub(super) fn layouts(&self, view: &mut ModuleView) {
        let model = self.model();
        for def in model.layouts_in(self.package) {
            for version in &def.versions {
                let Some(template) = crate::layout::resolve(model, version) else {
                    continue;
                };
                view.layouts.push(self.layout_view(def, version, &template));
            }
        }
    }

    fn layout_view(
        &self,
        def: &LayoutDef,
        version: &LayoutVersion,
        template: &Template,
    ) -> LayoutView {
        let model = self.model();
        let publication: &[&str] = if version.publishes() {
            PUBLICATION_MEMBERS
        } else {
            &[]
        };
        let mut namer = Namer::new(
            CLASS_MEMBERS
                .iter()
                .chain(LAYOUT_MEMBERS)
                .chain(publication)
                .copied(),
        );
        let mut types = Vec::new();
        for part in &version.parts {
            if let LayoutPart::Segment(segment) = part {
                if let Some(ty) = crate::layout::segment_type(model, version, segment) {
                    types.push((segment.name.clone(), ty));
                }
            }
        }
        let wanted: Vec<String> = types.iter().map(|(n, _)| n.clone()).collect();
        let attrs = namer.name_all(&wanted);
        let mut fields = Vec::new();
        let mut parts = Vec::new();
        let mut index = 0;
        let mut group = Vec::new();
        let directory_end = directory_end(template);
        for (at, part) in template.parts.iter().enumerate() {
            if at == directory_end {
                group.clone_from(&fields);
            }
            match part {
                Part::Literal(text) => parts.push(format!("(\"lit\", {})", py_str(text))),
                Part::Segment(segment) => {
                    let Some((_, ty)) = types.get(index) else {
                        continue;
                    };
                    let attr = &attrs[index];
                    index += 1;
                    parts.push(format!(
                        "(\"seg\", {}, {}, {})",
                        py_str(&segment.name),
                        py_str(attr),
                        self.segment_kind(&segment.kind, ty)
                    ));
                    fields.push(LayoutFieldView {
                        attr: attr.clone(),
                        annotation: self.annotation(ty, None),
                    });
                }
            }
        }
        let mut doc: Vec<String> = def.doc.iter().cloned().collect();
        doc.push(format!(
            "`{}` version {}: `{}`, storing {} files.",
            def.name,
            version.number,
            template.describe(),
            version.format
        ));
        LayoutView {
            name: self.naming.layouts[&(def.name.clone(), version.number)].clone(),
            doc: docstring(&doc, 4),
            layout: py_str(&def.name.to_string()),
            version: version.number,
            template: py_str(&version.template),
            format: py_str(&version.format),
            parts,
            fields,
            publication: publication_view(version, group),
        }
    }

    /// `"kind", pad, enum class` of a segment, as the runtime's layout parts hold them.
    fn segment_kind(&self, kind: &Kind, ty: &Type) -> String {
        let (kind, pad, enum_cls) = match kind {
            Kind::String => ("string", 0, "None".to_string()),
            Kind::Int { long, pad } => (
                if *long { "long" } else { "int" },
                pad.unwrap_or(0),
                "None".into(),
            ),
            Kind::Uuid => ("uuid", 0, "None".into()),
            Kind::Date => ("date", 0, "None".into()),
            Kind::Bool => ("bool", 0, "None".into()),
            Kind::Enum(_) => ("enum", 0, self.annotation(&enum_of(self.model(), ty), None)),
        };
        format!("\"{kind}\", {pad}, {enum_cls}")
    }
}

/// The index of the part holding the data path's last `/`: the segments before it are a
/// group's (0 when the path has no `/`: the whole root is one group).
fn directory_end(template: &Template) -> usize {
    template
        .parts
        .iter()
        .rposition(|p| matches!(p, Part::Literal(text) if text.contains('/')))
        .unwrap_or(0)
}

/// The writer and reader of a version with publication rules.
fn publication_view(
    version: &LayoutVersion,
    group: Vec<LayoutFieldView>,
) -> Option<PublicationView> {
    if !version.publishes() {
        return None;
    }
    let manifest = version
        .commit
        .as_ref()
        .map_or("None".to_string(), |c| py_str(&c.file_name));
    let immutable = version.immutable.is_some();
    Some(PublicationView {
        rules: format!(
            "_pub.Rules(immutable={}, manifest={manifest}, accord={})",
            if immutable { "True" } else { "False" },
            py_str(ACCORD_VERSION)
        ),
        immutable,
        commit: version.commit.is_some(),
        group,
    })
}

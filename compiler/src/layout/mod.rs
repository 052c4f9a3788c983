//! Storage layouts: the path templates of object storage (`orders/{customer_id}/dt={day: date}/
//! part-{part: int:05}.parquet`) as contracts. [`template`] is the reference formatter and parser;
//! this module resolves each layout version's template against the model, checks it (`Y` codes)
//! and checks versions against versions by the layout's compatibility mode.
//!
//! # Readability
//!
//! Version R *reads* version W when R's template parses every path W's template can format,
//! to the same segment values (by name), and R stores what W stores: the same file format, and
//! a version of the same record whose Avro schema reads W's. The check is sound and simple:
//! the same literals and segment names in the same order, each segment of R reading the one of
//! W ([`template::Kind::reads`]: the same kind, `long` reading `int`, an enum reading a subset
//! of its symbols; paddings equal).

mod publication;
pub mod samples;
pub mod template;

use crate::avro::{check_compatibility, CompatMode};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Evolution};
use crate::facts::Facts;
use crate::ir::*;
use crate::source::Span;
use template::{ambiguities, reads, Ambiguity, Kind, Part, Segment, Template, Unreadable};

/// The file formats a layout may store.
pub const FORMATS: &[&str] = &[
    "avro", "parquet", "orc", "arrow", "jsonl", "json", "csv", "text", "binary",
];

/// The mode a layout evolves under.
pub fn effective_mode(def: &LayoutDef, default_mode: CompatMode) -> CompatMode {
    def.compat.unwrap_or(default_mode)
}

/// The resolved template of a layout version, when every segment resolves to a kind.
pub fn resolve(model: &Model, version: &LayoutVersion) -> Option<Template> {
    let mut ignored = Diagnostics::new();
    let parts = resolve_reporting(model, version, &mut ignored);
    let parts: Option<Vec<Part>> = parts.into_iter().collect();
    parts
        .filter(|_| ignored.is_empty())
        .map(|parts| Template { parts })
}

/// Checks every layout version of the model (everything within one version).
pub fn validate(model: &Model, diagnostics: &mut Diagnostics) {
    for def in model.layouts.values() {
        for version in &def.versions {
            check_stored(model, version, diagnostics);
            let parts = resolve_reporting(model, version, diagnostics);
            report_ambiguities(version, &parts, diagnostics);
            if let Some(template) = resolve(model, version) {
                publication::check_manifest_name(version, &template, diagnostics);
            }
        }
    }
}

fn check_stored(model: &Model, version: &LayoutVersion, diagnostics: &mut Diagnostics) {
    if !FORMATS.contains(&version.format.as_str()) {
        diagnostics.push(
            Diagnostic::new(
                Code::Y009,
                version.format_span,
                format!("unknown file format `{}`", version.format),
            )
            .with_hint(format!("formats: {}", FORMATS.join(", "))),
        );
    }
    if let Some((def, _)) = version.stores.as_ref().and_then(|r| model.resolve(r)) {
        if def.kind != TypeKind::Record {
            diagnostics.push(
                Diagnostic::new(
                    Code::Y008,
                    version.stores_span,
                    format!(
                        "`{}` is {}, not a record: a layout stores records",
                        def.name,
                        match def.kind {
                            TypeKind::Enum => "an enum",
                            TypeKind::Fixed => "a fixed type",
                            _ => "a newtype",
                        }
                    ),
                )
                .with_hint("store a record (wrap the value in one)"),
            );
        }
    }
}

/// The type of a segment as declared: written, or the stored record's field of that name.
pub fn segment_type(
    model: &Model,
    version: &LayoutVersion,
    segment: &LayoutSegment,
) -> Option<Type> {
    match &segment.ty {
        SegmentType::Written(ty, _) => Some(ty.clone()),
        SegmentType::Unresolved => None,
        SegmentType::FromStored => stored_fields(model, version)?
            .iter()
            .find(|f| f.name == segment.name)
            .map(|f| f.ty.clone()),
    }
}

/// The stored record's fields, when it resolves to a record.
fn stored_fields<'m>(model: &'m Model, version: &LayoutVersion) -> Option<&'m [Field]> {
    match &model.resolve(version.stores.as_ref()?)?.1.body {
        Body::Record(fields) => Some(fields),
        _ => None,
    }
}

/// What a type is in a path, following newtypes.
fn kind_of(model: &Model, ty: &Type, pad: Option<usize>) -> Result<Kind, String> {
    let kind = match ty {
        Type::Scalar(Scalar::String) => Kind::String,
        Type::Scalar(Scalar::Int) => Kind::Int { long: false, pad },
        Type::Scalar(Scalar::Long) => Kind::Int { long: true, pad },
        Type::Scalar(Scalar::Uuid) => Kind::Uuid,
        Type::Scalar(Scalar::Date) => Kind::Date,
        Type::Scalar(Scalar::Bool) => Kind::Bool,
        Type::Named(reference) => match model.resolve(reference).map(|(_, v)| &v.body) {
            Some(Body::Newtype(inner)) => return kind_of(model, inner, pad),
            Some(Body::Enum(e)) => Kind::Enum(e.symbols.iter().map(|s| s.name.clone()).collect()),
            _ => return Err(ty.to_string()),
        },
        other => return Err(other.to_string()),
    };
    Ok(kind)
}

/// The parts of a version's template, each `None` where a segment does not resolve (reported).
fn resolve_reporting(
    model: &Model,
    version: &LayoutVersion,
    diagnostics: &mut Diagnostics,
) -> Vec<Option<Part>> {
    let mut parts = Vec::new();
    let mut names: Vec<(&str, Span)> = Vec::new();
    for part in &version.parts {
        let segment = match part {
            LayoutPart::Literal(text) => {
                parts.push(Some(Part::Literal(text.clone())));
                continue;
            }
            LayoutPart::Segment(segment) => segment,
        };
        if let Some((_, first)) = names.iter().find(|(n, _)| *n == segment.name) {
            diagnostics.push(
                Diagnostic::new(
                    Code::Y006,
                    segment.span,
                    format!("two segments are named `{}`", segment.name),
                )
                .with_secondary(*first, "first named here")
                .with_hint("a path holds each value once: rename or remove one segment"),
            );
        }
        names.push((&segment.name, segment.span));
        let part = typed_segment(model, version, segment, diagnostics)
            .and_then(|ty| segment_part(model, segment, &ty, diagnostics));
        parts.push(part);
    }
    parts
}

/// The type of a segment: written in the template, or the stored record's field of its name
/// (else reported).
fn typed_segment(
    model: &Model,
    version: &LayoutVersion,
    segment: &LayoutSegment,
    diagnostics: &mut Diagnostics,
) -> Option<Type> {
    match &segment.ty {
        SegmentType::Written(ty, _) => Some(ty.clone()),
        SegmentType::Unresolved => None,
        SegmentType::FromStored => {
            let Some(fields) = stored_fields(model, version) else {
                if version.stores.is_some() {
                    // The stored type is not a record (Y008): there is no field to take.
                    diagnostics.push(untyped(segment));
                }
                return None;
            };
            if let Some(field) = fields.iter().find(|f| f.name == segment.name) {
                return Some(field.ty.clone());
            }
            let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            diagnostics.push(
                Diagnostic::new(
                    Code::Y004,
                    segment.span,
                    format!("the stored record has no field `{}`", segment.name),
                )
                .with_secondary(version.stores_span, "the stored record")
                .with_hint(format!(
                    "give the segment a type (`{{{}: string}}`), or name a field: {}",
                    segment.name,
                    names.join(", ")
                )),
            );
            None
        }
    }
}

/// The part a segment of type `ty` makes, when a path can hold it (else reported).
fn segment_part(
    model: &Model,
    segment: &LayoutSegment,
    ty: &Type,
    diagnostics: &mut Diagnostics,
) -> Option<Part> {
    let at = match &segment.ty {
        SegmentType::Written(_, at) => *at,
        _ => segment.span,
    };
    match kind_of(model, ty, segment.pad) {
        Ok(kind) if segment.pad.is_some() && !matches!(kind, Kind::Int { .. }) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::Y007,
                    segment.span,
                    format!(
                        "segment `{}` is a {}: only integers have a zero-padded width",
                        segment.name,
                        kind.describe()
                    ),
                )
                .with_hint("remove the `:0N` format"),
            );
            None
        }
        Ok(kind) => Some(Part::Segment(Segment {
            name: segment.name.clone(),
            kind,
        })),
        Err(written) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::Y005,
                    at,
                    format!("segment `{}` is a `{written}`, which cannot be written in a path", segment.name),
                )
                .with_hint("a segment is a string, int, long, uuid, date or bool, or a newtype or enum of one"),
            );
            None
        }
    }
}

fn untyped(segment: &LayoutSegment) -> Diagnostic {
    Diagnostic::new(
        Code::Y004,
        segment.span,
        format!(
            "segment `{}` has no type and the stored type is not a record",
            segment.name
        ),
    )
    .with_hint(format!(
        "give the segment a type: `{{{}: string}}`",
        segment.name
    ))
}

fn segment_spans(version: &LayoutVersion) -> Vec<Span> {
    // Part indexes of the resolved template match the written parts one to one.
    version
        .parts
        .iter()
        .map(|part| match part {
            LayoutPart::Segment(s) => s.span,
            LayoutPart::Literal(_) => version.template_span,
        })
        .collect()
}

/// Reports touching segments (whether or not they resolved) and segments that can swallow the
/// literal after them (those that resolved).
fn report_ambiguities(
    version: &LayoutVersion,
    parts: &[Option<Part>],
    diagnostics: &mut Diagnostics,
) {
    let spans = segment_spans(version);
    let name = |index: usize| match &version.parts[index] {
        LayoutPart::Segment(s) => s.name.clone(),
        LayoutPart::Literal(text) => text.clone(),
    };
    // Unresolved segments stand in as segments that contain nothing: they touch their
    // neighbours but swallow no literal.
    let template = Template {
        parts: parts
            .iter()
            .zip(&version.parts)
            .map(|(part, written)| match (part, written) {
                (Some(part), _) => part.clone(),
                (None, written) => Part::Segment(Segment {
                    name: match written {
                        LayoutPart::Segment(s) => s.name.clone(),
                        LayoutPart::Literal(_) => String::new(),
                    },
                    kind: Kind::Enum(Vec::new()),
                }),
            })
            .collect(),
    };
    let template = &template;
    for ambiguity in ambiguities(template) {
        let diagnostic = match ambiguity {
            Ambiguity::Adjacent(first, second) => Diagnostic::new(
                Code::Y002,
                spans[second],
                format!(
                    "segments `{}` and `{}` touch: nothing says where one ends",
                    name(first),
                    name(second)
                ),
            )
            .with_secondary(spans[first], "the segment before")
            .with_hint("put a literal between them, e.g. `/` or `_`"),
            Ambiguity::Swallows(index, c) => {
                let Some(Part::Segment(segment)) = &parts[index] else {
                    continue;
                };
                Diagnostic::new(
                    Code::Y003,
                    spans[index],
                    format!(
                        "segment `{}` ({}) can contain `{c}`, which starts the literal after it",
                        segment.name,
                        segment.kind.describe()
                    ),
                )
                .with_hint(format!(
                    "its text is made of {}: follow it with a character outside that, e.g. `/`",
                    segment.kind.alphabet()
                ))
            }
        };
        diagnostics.push(diagnostic);
    }
}

/// Checks every versioned layout of a valid model against its mode.
pub fn check_compat(
    model: &Model,
    facts: &Facts,
    default_mode: CompatMode,
    diagnostics: &mut Diagnostics,
) {
    for def in model.layouts.values().filter(|d| d.versioned) {
        let mode = effective_mode(def, default_mode);
        for index in 1..def.versions.len() {
            let count = if mode.is_transitive() { index } else { 1 };
            for old in (index - count..index).rev() {
                for direction in mode.directions() {
                    let (reader, writer) = match direction {
                        crate::avro::Direction::Backward => (index, old),
                        crate::avro::Direction::Forward => (old, index),
                    };
                    let context = Context {
                        def,
                        mode,
                        new: &def.versions[index],
                        old: &def.versions[old],
                        reader: &def.versions[reader],
                        writer: &def.versions[writer],
                        direction: direction.name(),
                    };
                    context.check(model, facts, diagnostics);
                }
            }
        }
    }
}

struct Context<'a> {
    def: &'a LayoutDef,
    mode: CompatMode,
    new: &'a LayoutVersion,
    old: &'a LayoutVersion,
    reader: &'a LayoutVersion,
    writer: &'a LayoutVersion,
    direction: &'static str,
}

impl Context<'_> {
    fn prefix(&self, what: &str) -> String {
        format!(
            "`{}` version {} cannot read {what} of version {} (mode {}, {} check)",
            self.def.name.name, self.reader.number, self.writer.number, self.mode, self.direction
        )
    }

    fn evolution(&self) -> Evolution {
        Evolution {
            category: "layout",
            mode: Some(self.mode.name().to_string()),
            old_version: self.old.number,
            new_version: self.new.number,
            direction: Some(self.direction),
            location: None,
        }
    }

    fn check(&self, model: &Model, facts: &Facts, diagnostics: &mut Diagnostics) {
        self.check_publication(diagnostics);
        let (Some(reader), Some(writer)) =
            (resolve(model, self.reader), resolve(model, self.writer))
        else {
            return;
        };
        if let Err(unreadable) = reads(&reader, &writer) {
            let detail = match unreadable {
                Unreadable::Structure(_) => format!(
                    "the templates differ: `{}` against `{}`",
                    reader.describe(),
                    writer.describe()
                ),
                Unreadable::Kind(index) => match (&reader.parts[index], &writer.parts[index]) {
                    (Part::Segment(r), Part::Segment(w)) => format!(
                        "segment `{}` is {} in version {} and {} in version {}",
                        r.name,
                        w.kind.describe(),
                        self.writer.number,
                        r.kind.describe(),
                        self.reader.number
                    ),
                    _ => "a segment changed".to_string(),
                },
            };
            diagnostics.push(
                Diagnostic::new(Code::Y010, self.new.template_span, format!("{}: {detail}", self.prefix("the paths")))
                    .with_secondary(self.old.template_span, format!("version {}", self.old.number))
                    .with_hint("keep the literals and segments; widen a segment only int -> long or by adding enum symbols; a new template is a new layout")
                    .with_evolution(self.evolution()),
            );
        }
        let detail = if self.reader.format != self.writer.format {
            Some(format!(
                "the format changed ({} -> {})",
                self.old.format, self.new.format
            ))
        } else {
            stored_incompatibility(facts, self.reader, self.writer)
        };
        if let Some(detail) = detail {
            diagnostics.push(
                Diagnostic::new(Code::Y011, self.new.stores_span, format!("{}: {detail}", self.prefix("the files")))
                    .with_secondary(self.old.stores_span, format!("version {}", self.old.number))
                    .with_hint("store a version of the same record that reads (and is read by) the old one, in the same format")
                    .with_evolution(self.evolution()),
            );
        }
    }
}

fn stored_incompatibility(
    facts: &Facts,
    reader: &LayoutVersion,
    writer: &LayoutVersion,
) -> Option<String> {
    let (r, w) = (reader.stores.as_ref()?, writer.stores.as_ref()?);
    if r.name != w.name {
        return Some(format!(
            "the stored type changed ({} -> {})",
            w.name, r.name
        ));
    }
    let schema = |reference: &TypeRef| facts.get(reference).map(|f| f.schema());
    let (rs, ws) = (schema(r)?, schema(w)?);
    match check_compatibility(rs, ws) {
        Ok(result) if result.is_compatible() => None,
        Ok(result) => Some(format!(
            "{}@{} does not read {}@{}: {}",
            r.name,
            r.version,
            w.name,
            w.version,
            result
                .incompatibilities
                .iter()
                .map(|i| format!("{} at {}", i.message, i.location))
                .collect::<Vec<_>>()
                .join("; ")
        )),
        Err(_) => Some(format!(
            "{}@{} does not read {}@{}",
            r.name, r.version, w.name, w.version
        )),
    }
}

//! Maps a location of Avro's checker (a JSON pointer into the reader schema such as
//! `/fields/3/type/items`) back to the contract source: the deepest field it passes through.

use crate::ir::*;
use crate::ir::{union_branches, Branch};
use crate::source::Span;

/// The span of the deepest field `pointer` passes through in the schema of `root`, or the span
/// of the version itself.
pub fn locate(model: &Model, root: &TypeRef, pointer: &str) -> Span {
    match model.resolve(root) {
        Some((_, version)) => locate_field(model, root, pointer).map_or(version.span, |f| f.span),
        None => model
            .types
            .values()
            .next()
            .map(|d| d.span)
            .unwrap_or_else(|| Span::new(crate::source::FileId(0), 0, 0)),
    }
}

/// The deepest field `pointer` passes through in the schema of `root`.
pub fn locate_field<'m>(model: &'m Model, root: &TypeRef, pointer: &str) -> Option<&'m Field> {
    let (_, version) = model.resolve(root)?;
    let segments: Vec<&str> = pointer.split('/').filter(|s| !s.is_empty()).collect();
    let mut best = None;
    walk_named(model, &version.body, &segments, &mut best);
    best
}

fn walk_named<'m>(
    model: &'m Model,
    body: &'m Body,
    segments: &[&str],
    best: &mut Option<&'m Field>,
) {
    match (body, segments) {
        (Body::Record(fields), ["fields", index, rest @ ..]) => {
            let Some(field) = index.parse::<usize>().ok().and_then(|i| fields.get(i)) else {
                return;
            };
            *best = Some(field);
            if let ["type", rest @ ..] = rest {
                walk_type(model, &field.ty, field.default.as_ref(), rest, best);
            }
        }
        (Body::Newtype(inner), _) => walk_type(model, inner, None, segments, best),
        _ => {}
    }
}

fn walk_type<'m>(
    model: &'m Model,
    ty: &'m Type,
    default: Option<&Value>,
    segments: &[&str],
    best: &mut Option<&'m Field>,
) {
    match (ty, segments) {
        (_, []) => {}
        (Type::List(inner), ["items", rest @ ..]) | (Type::Map(inner), ["values", rest @ ..]) => {
            walk_type(model, inner, None, rest, best)
        }
        (Type::Optional(..) | Type::Union(_), [index, rest @ ..]) => {
            let branches = union_branches(model, ty, default);
            if let Some(Branch::Value(branch)) =
                index.parse::<usize>().ok().and_then(|i| branches.get(i))
            {
                walk_type(model, branch, None, rest, best);
            }
        }
        (Type::Named(reference), _) => {
            if let Some((_, version)) = model.resolve(reference) {
                walk_named(model, &version.body, segments, best);
            }
        }
        _ => {}
    }
}

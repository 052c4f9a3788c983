//! The commit template of a layout body (`commit "...";`, `docs/layouts.md#publication`):
//! split at its last `/` and checked against the data template (`Y012`).

use crate::layout::template::{parse_template, RawPart, RawSegment, TemplateError};

/// What a valid commit template says: the manifest's file name and the shape of its directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CommitSplit {
    /// The literal after the last `/`.
    pub(super) file_name: String,
    /// The directory with `{name}` for each segment (how readers find groups).
    pub(super) shape: String,
}

/// One piece of a template's directory, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Segment {
        name: String,
        ty: Option<String>,
        pad: Option<usize>,
    },
}

/// Checks a commit template against its data template and splits it; the error's offsets are
/// into the commit template. A data template that does not parse (reported as `Y001`) is not
/// compared.
pub(super) fn split_commit(data: &str, commit: &str) -> Result<CommitSplit, TemplateError> {
    let raw = parse_template(commit)?;
    let cut = commit.rfind('/').map_or(0, |i| i + 1);
    let error = |offset: usize, len: usize, message: String, hint: String| TemplateError {
        offset,
        len,
        message,
        hint,
    };
    let file_name = &commit[cut..];
    if file_name.is_empty() {
        return Err(error(
            commit.len() - 1,
            1,
            "the manifest has no file name".into(),
            "end the template with the manifest's name, e.g. `_MANIFEST.json`".into(),
        ));
    }
    if let Some(segment) = segments(&raw).find(|s| s.offset >= cut) {
        return Err(error(
            segment.offset,
            segment.len,
            format!(
                "segment `{}` is in the manifest's file name: each group has one manifest",
                segment.name
            ),
            "name the manifest with a literal, e.g. `_MANIFEST.json`".into(),
        ));
    }
    let Ok(data_raw) = parse_template(data) else {
        return Ok(CommitSplit {
            file_name: file_name.to_string(),
            shape: shape(&directory(&raw, cut)),
        });
    };
    if let Some(segment) = segments(&raw).find(|s| !segments(&data_raw).any(|d| d.name == s.name)) {
        return Err(error(
            segment.offset,
            segment.len,
            format!(
                "segment `{}` is not a segment of the data path",
                segment.name
            ),
            "a manifest's directory is the directory of the data files it publishes".into(),
        ));
    }
    let data_cut = data.rfind('/').map_or(0, |i| i + 1);
    let pieces = directory(&raw, cut);
    if pieces != directory(&data_raw, data_cut) {
        let data_dir = &data[..data_cut];
        return Err(error(
            0,
            cut.max(1),
            format!(
                "the manifest's directory `{}` is not the data path's directory `{data_dir}`",
                &commit[..cut]
            ),
            format!(
                "write the manifest beside the data files it publishes: `{data_dir}{file_name}`"
            ),
        ));
    }
    Ok(CommitSplit {
        file_name: file_name.to_string(),
        shape: shape(&pieces),
    })
}

fn segments(raw: &[RawPart]) -> impl Iterator<Item = &RawSegment> {
    raw.iter().filter_map(|part| match part {
        RawPart::Segment(segment) => Some(segment),
        RawPart::Literal { .. } => None,
    })
}

/// The pieces of a template before byte `cut` (just after its last `/`).
fn directory(raw: &[RawPart], cut: usize) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for part in raw {
        match part {
            RawPart::Literal { text, offset } if *offset < cut => {
                pieces.push(Piece::Literal(
                    text[..(cut - offset).min(text.len())].to_string(),
                ));
            }
            RawPart::Segment(segment) if segment.offset < cut => pieces.push(Piece::Segment {
                name: segment.name.clone(),
                ty: segment.ty.as_ref().map(|(text, _)| text.clone()),
                pad: segment.pad.map(|(width, _)| width),
            }),
            _ => {}
        }
    }
    pieces
}

fn shape(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Literal(text) => text.clone(),
            Piece::Segment { name, .. } => format!("{{{name}}}"),
        })
        .collect()
}

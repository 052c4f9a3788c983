//! Code actions: the fixes of the diagnostics under the cursor as quick fixes (the same fixes
//! `accord check --fix` applies, see [`crate::fix`]), and "start version N+1" on a versioned
//! type as a refactoring. Each action's edit is the smallest change turning each file it
//! touches into the fixed file as `accord fmt` lays it out.

use super::{convert, invalid, request_id, State};
use crate::diagnostic::{Code, Fix};
use crate::fix::{self, versions};
use crate::source::{FileId, Span};
use crate::Compilation;
use lsp_server::{Request, Response};
use lsp_types::request::{CodeActionRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::Path;

/// Answers `textDocument/codeAction`.
pub fn answer(state: &State, request: Request) -> Response {
    let id = request.id.clone();
    match request.extract::<CodeActionParams>(CodeActionRequest::METHOD) {
        Ok((id, params)) => {
            let actions = state
                .lookup(&params.text_document.uri)
                .map(|(compilation, path)| actions(state, compilation, &path, params.range));
            Response::new_ok(id, actions.unwrap_or_default())
        }
        Err(error) => invalid(request_id(&error).unwrap_or(id), error),
    }
}

/// The actions at `range` of the file at `path`.
fn actions(
    state: &State,
    compilation: &Compilation,
    path: &Path,
    range: lsp_types::Range,
) -> Vec<CodeActionOrCommand> {
    let Some(file) = file_id(compilation, path) else {
        return Vec::new();
    };
    let text = &compilation.sources.file(file).text;
    let selected = Span::new(
        file,
        convert::offset(text, range.start),
        convert::offset(text, range.end),
    );
    let mut found = quick_fixes(state, compilation, selected);
    found.extend(new_version(state, compilation, selected));
    found
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// The fixes of every diagnostic whose primary span meets `selected`; an edited released
/// version gets its fix from the tree of the last commit.
fn quick_fixes(state: &State, compilation: &Compilation, selected: Span) -> Vec<CodeAction> {
    let under: Vec<usize> = (0..compilation.diagnostics.len())
        .filter(|&i| meets(compilation.diagnostics[i].primary.span, selected))
        .collect();
    let mut restored: HashMap<usize, Vec<Fix>> = HashMap::new();
    let released = |i: &usize| compilation.diagnostics[*i].code == Code::L001;
    if under.iter().any(released) {
        if let Ok(last_commit) = crate::project::compile_other_tree(&compilation.project, "HEAD") {
            for (index, fix) in versions::restore_fixes(compilation, &last_commit) {
                restored.entry(index).or_default().push(fix);
            }
        }
    }
    let mut found = Vec::new();
    for index in under {
        let diagnostic = &compilation.diagnostics[index];
        let extra = restored.remove(&index).unwrap_or_default();
        let fixes: Vec<&Fix> = diagnostic.fixes.iter().chain(&extra).collect();
        let converted = convert::diagnostic(&compilation.sources, diagnostic);
        for fix in &fixes {
            found.push(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![converted.clone()]),
                edit: Some(workspace_edit(state, compilation, fix)),
                is_preferred: Some(fixes.len() == 1),
                ..CodeAction::default()
            });
        }
    }
    found
}

/// "Start version N+1" on the versioned type whose declaration holds `selected`.
fn new_version(state: &State, compilation: &Compilation, selected: Span) -> Option<CodeAction> {
    let def = compilation
        .model
        .types
        .values()
        .find(|def| def.span.file == selected.file && contains(def.span, selected))?;
    let fix = versions::new_version(&compilation.sources, def)?;
    Some(CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::REFACTOR_REWRITE),
        edit: Some(workspace_edit(state, compilation, &fix)),
        ..CodeAction::default()
    })
}

/// The edit of `fix`: per file it touches, one replacement of the part that changes.
// `WorkspaceEdit::changes` is keyed by `Uri`, whose cached parts clippy takes for mutability.
#[allow(clippy::mutable_key_type)]
fn workspace_edit(state: &State, compilation: &Compilation, fix: &Fix) -> WorkspaceEdit {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (file, after) in fix::fixed_texts(&compilation.sources, fix) {
        let source = compilation.sources.file(file);
        let Some(uri) = state.uri_of(&source.path) else {
            continue;
        };
        let (replaced, text) = fix::minimal_change(&source.text, &after);
        let span = Span::new(file, replaced.start, replaced.end);
        changes
            .entry(uri)
            .or_default()
            .push(TextEdit::new(convert::range(source, span), text));
    }
    WorkspaceEdit::new(changes)
}

/// The file of the compilation read from `path`.
fn file_id(compilation: &Compilation, path: &Path) -> Option<FileId> {
    super::navigate::file_of(compilation, path).map(|(id, _)| id)
}

/// Whether two spans of one file overlap or meet.
fn meets(a: Span, b: Span) -> bool {
    a.file == b.file && a.start <= b.end && b.start <= a.end
}

/// Whether `outer` holds `inner`.
fn contains(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

//! `accord lsp`: a Language Server over stdio, built on rust-analyzer's synchronous
//! `lsp-server` and `lsp-types` crates (one thread, no async runtime). It publishes the
//! diagnostics of `accord check` as the buffers change, answers hovers, go to definition,
//! references, completion and document symbols from the latest compilation, and formats a
//! buffer as `accord fmt` does.

mod actions;
mod complete;
mod convert;
mod navigate;
mod references;
mod scope;
mod state;

use super::{EXIT_ERRORS, EXIT_OK};
use clap::Args;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    DocumentSymbolResponse, GotoDefinitionResponse, OneOf, ServerCapabilities,
    TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind,
};
use state::State;

/// `accord lsp`: no options; the client starts it and talks over stdin and stdout.
#[derive(Debug, Args)]
pub struct LspArgs {}

/// What the server can do.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp_types::CodeActionKind::QUICKFIX,
                    lsp_types::CodeActionKind::REFACTOR_REWRITE,
                ]),
                ..lsp_types::CodeActionOptions::default()
            },
        )),
        completion_provider: Some(lsp_types::CompletionOptions {
            trigger_characters: Some(complete::TRIGGERS.map(String::from).to_vec()),
            ..lsp_types::CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Serves one client on stdin and stdout until it sends `exit`.
pub fn run(_args: &LspArgs) -> i32 {
    let (connection, io_threads) = Connection::stdio();
    let served = serde_json::to_value(capabilities())
        .map_err(|e| e.to_string())
        .and_then(|caps| connection.initialize(caps).map_err(|e| e.to_string()))
        .and_then(|_| serve(&connection).map_err(|e| e.to_string()));
    drop(connection);
    let joined = io_threads.join().map_err(|e| e.to_string());
    match served.and(joined) {
        Ok(()) => EXIT_OK,
        Err(error) => {
            eprintln!("accord lsp: {error}");
            EXIT_ERRORS
        }
    }
}

/// How long the client must be quiet after an edit before the project is compiled again: a
/// request that follows an edit at once (completion while typing) is answered first, and a
/// burst of keystrokes costs one compilation.
const QUIET: std::time::Duration = std::time::Duration::from_millis(50);

/// The message loop. Edits are applied as they come; the projects they touch are compiled
/// once the client has been quiet for [`QUIET`], or before a request that needs the latest
/// compilation.
fn serve(connection: &Connection) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut state = State::default();
    loop {
        let received = match state.is_stale() {
            true => connection.receiver.recv_timeout(QUIET),
            false => connection.receiver.recv().map_err(Into::into),
        };
        let message = match received {
            Ok(message) => message,
            Err(quiet) if quiet.is_timeout() => {
                publish(connection, &mut state)?;
                continue;
            }
            Err(_) => return Ok(()),
        };
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                if state.is_stale() && !reads_buffers_only(&request.method) {
                    publish(connection, &mut state)?;
                }
                connection.sender.send(answer(&state, request).into())?;
            }
            Message::Notification(notification) => notify(&mut state, notification),
            Message::Response(_) => {}
        }
    }
}

/// Whether a request is answered from the buffers' text (and what the last compilation knows
/// of other files), so it need not wait for the compilation of the latest edit: completion
/// while typing stays instant on the largest projects, and formatting reads the buffer alone.
fn reads_buffers_only(method: &str) -> bool {
    matches!(
        method,
        lsp_types::request::Completion::METHOD | Formatting::METHOD
    )
}

/// Compiles the stale projects and sends their diagnostics.
fn publish(
    connection: &Connection,
    state: &mut State,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    for params in state.refresh() {
        let notification = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        connection.sender.send(notification.into())?;
    }
    Ok(())
}

/// Applies a text-synchronisation notification (others are ignored).
fn notify(state: &mut State, notification: Notification) {
    let params = notification.params;
    match notification.method.as_str() {
        DidOpenTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params) {
                state.set_text(&p.text_document.uri, p.text_document.text);
            }
        }
        DidChangeTextDocument::METHOD => {
            if let Ok(mut p) =
                serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params)
            {
                if let Some(change) = p.content_changes.pop() {
                    state.set_text(&p.text_document.uri, change.text);
                }
            }
        }
        DidCloseTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params) {
                state.close(&p.text_document.uri);
            }
        }
        _ => {}
    }
}

/// The response to a request.
fn answer(state: &State, request: Request) -> Response {
    let id = request.id.clone();
    let method = request.method.clone();
    let method = method.as_str();
    match request.method.as_str() {
        HoverRequest::METHOD => at_position(state, request, HoverRequest::METHOD, |c, p, at| {
            serde_json::to_value(navigate::hover(c, p, at))
        }),
        GotoDefinition::METHOD => {
            at_position(state, request, GotoDefinition::METHOD, |c, p, at| {
                serde_json::to_value(
                    navigate::definition(c, p, at).map(GotoDefinitionResponse::Scalar),
                )
            })
        }
        DocumentSymbolRequest::METHOD => {
            match request.extract::<lsp_types::DocumentSymbolParams>(method) {
                Ok((id, params)) => {
                    let symbols = state.lookup(&params.text_document.uri).map(|(c, path)| {
                        DocumentSymbolResponse::Nested(navigate::symbols(c, &path))
                    });
                    Response::new_ok(id, symbols)
                }
                Err(error) => invalid(request_id(&error).unwrap_or(id), error),
            }
        }
        Formatting::METHOD => {
            match request.extract::<lsp_types::DocumentFormattingParams>(method) {
                Ok((id, params)) => {
                    let edits = state.text(&params.text_document.uri).map(format);
                    Response::new_ok(id, edits)
                }
                Err(error) => invalid(request_id(&error).unwrap_or(id), error),
            }
        }
        lsp_types::request::References::METHOD => references::answer(state, request),
        lsp_types::request::Completion::METHOD => complete::answer(state, request),
        lsp_types::request::CodeActionRequest::METHOD => actions::answer(state, request),
        _ => Response::new_err(
            id,
            lsp_server::ErrorCode::MethodNotFound as i32,
            format!("accord lsp does not handle {}", request.method),
        ),
    }
}

/// The edits formatting `text` (`accord fmt`'s layout): one that replaces the whole document,
/// none when it is formatted already or does not parse (its diagnostics say why).
fn format(text: &str) -> Vec<lsp_types::TextEdit> {
    match crate::fmt::format_source(text) {
        Ok(formatted) if formatted != text => {
            let whole = lsp_types::Range::new(lsp_types::Position::new(0, 0), convert::end(text));
            vec![lsp_types::TextEdit::new(whole, formatted)]
        }
        _ => Vec::new(),
    }
}

/// Answers a request at a text position with `handle`, or `null` outside any known project.
fn at_position(
    state: &State,
    request: Request,
    method: &str,
    handle: impl Fn(
        &crate::Compilation,
        &std::path::Path,
        lsp_types::Position,
    ) -> serde_json::Result<serde_json::Value>,
) -> Response {
    let id = request.id.clone();
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Params {
        #[serde(flatten)]
        at: TextDocumentPositionParams,
    }
    match request.extract::<Params>(method) {
        Ok((id, params)) => {
            let at = params.at;
            let value = match state.lookup(&at.text_document.uri) {
                Some((compilation, path)) => handle(compilation, &path, at.position),
                None => Ok(serde_json::Value::Null),
            };
            Response::new_ok(id, value.unwrap_or(serde_json::Value::Null))
        }
        Err(error) => invalid(request_id(&error).unwrap_or(id), error),
    }
}

/// The id of a request whose parameters did not parse.
fn request_id(error: &lsp_server::ExtractError<Request>) -> Option<RequestId> {
    match error {
        lsp_server::ExtractError::MethodMismatch(request) => Some(request.id.clone()),
        lsp_server::ExtractError::JsonError { .. } => None,
    }
}

/// The error response to parameters that did not parse.
fn invalid(id: RequestId, error: lsp_server::ExtractError<Request>) -> Response {
    Response::new_err(
        id,
        lsp_server::ErrorCode::InvalidParams as i32,
        error.to_string(),
    )
}

//! What the server knows: the open buffers, and per project (found from an opened file as the
//! command line finds it, `accord.toml` upward) its latest compilation with those buffers in
//! place of the files on disk.

use super::convert;
use crate::facts::Facts;
use crate::project::{compile_project_with, find_project};
use crate::source::SourceMap;
use crate::{Compilation, LoadError};
use lsp_types::{PublishDiagnosticsParams, Uri};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One project the editor has a file of open.
struct Workspace {
    /// The latest compilation, when the project could be loaded.
    compilation: Option<Compilation>,
    /// Whether a buffer changed since it was compiled.
    stale: bool,
    /// The files given diagnostics at the last publication.
    published: HashSet<PathBuf>,
}

/// The server's state.
#[derive(Default)]
pub struct State {
    /// Open buffers by canonical path.
    open: HashMap<PathBuf, String>,
    /// The URI the client used for each open path (diagnostics go back under it).
    uris: HashMap<PathBuf, Uri>,
    /// The project root of each open path.
    roots: HashMap<PathBuf, PathBuf>,
    /// Projects by root.
    workspaces: BTreeMap<PathBuf, Workspace>,
}

impl State {
    /// Records the text of an opened or changed buffer; its project is compiled again before
    /// the next answer or when the client pauses.
    pub fn set_text(&mut self, uri: &Uri, text: String) {
        let Some(path) = convert::path_of(uri).map(|p| convert::canonical(&p)) else {
            return;
        };
        if !self.roots.contains_key(&path) {
            let start = path.parent().unwrap_or(Path::new("."));
            let root = find_project(start, &mut SourceMap::new())
                .map_or_else(|_| start.to_path_buf(), |project| project.root);
            self.roots.insert(path.clone(), root);
        }
        let root = self.roots[&path].clone();
        let workspace = self.workspaces.entry(root).or_insert(Workspace {
            compilation: None,
            stale: true,
            published: HashSet::new(),
        });
        workspace.stale = true;
        self.uris.insert(path.clone(), uri.clone());
        self.open.insert(path, text);
    }

    /// Forgets a closed buffer: its project reads the file from disk again.
    pub fn close(&mut self, uri: &Uri) {
        let Some(path) = convert::path_of(uri).map(|p| convert::canonical(&p)) else {
            return;
        };
        self.open.remove(&path);
        self.uris.remove(&path);
        if let Some(workspace) = self
            .roots
            .get(&path)
            .and_then(|r| self.workspaces.get_mut(r))
        {
            workspace.stale = true;
        }
    }

    /// Whether some project waits for a compilation.
    pub fn is_stale(&self) -> bool {
        self.workspaces.values().any(|w| w.stale)
    }

    /// Compiles every stale project and returns the diagnostics to publish: every open file of
    /// the project and every file that has some, and an empty list for each file that had some
    /// and has none now.
    pub fn refresh(&mut self) -> Vec<PublishDiagnosticsParams> {
        let mut publish = Vec::new();
        for (root, workspace) in &mut self.workspaces {
            if !workspace.stale {
                continue;
            }
            workspace.stale = false;
            let earlier = workspace.compilation.take().map(|c| c.facts);
            let (compilation, mut per_file) = compile(root, &self.open, earlier.as_ref());
            for (path, _) in self.roots.iter().filter(|(_, r)| *r == root) {
                if self.open.contains_key(path) {
                    per_file.entry(path.clone()).or_default();
                }
            }
            workspace.compilation = compilation;
            for path in workspace
                .published
                .difference(&per_file.keys().cloned().collect())
            {
                publish.extend(params(&self.uris, path, Vec::new()));
            }
            workspace.published = per_file.keys().cloned().collect();
            for (path, diagnostics) in per_file {
                publish.extend(params(&self.uris, &path, diagnostics));
            }
        }
        publish
    }

    /// The text of the open buffer `uri`.
    pub fn text(&self, uri: &Uri) -> Option<&str> {
        let path = convert::canonical(&convert::path_of(uri)?);
        self.open.get(&path).map(String::as_str)
    }

    /// The URI of the file at `path`: the client's when it has the file open.
    pub fn uri_of(&self, path: &Path) -> Option<Uri> {
        let path = convert::canonical(path);
        self.uris
            .get(&path)
            .cloned()
            .or_else(|| convert::uri_of(&path))
    }

    /// The compilation of the project holding `uri`, its canonical path, and the buffer's text.
    pub fn lookup(&self, uri: &Uri) -> Option<(&Compilation, PathBuf)> {
        let path = convert::canonical(&convert::path_of(uri)?);
        let root = self.roots.get(&path)?;
        let compilation = self.workspaces.get(root)?.compilation.as_ref()?;
        Some((compilation, path))
    }
}

type PerFile = BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>;

/// Compiles the project at `root` with the open buffers, reusing the facts of its previous
/// compilation, and sorts its diagnostics by file.
fn compile(
    root: &Path,
    open: &HashMap<PathBuf, String>,
    earlier: Option<&Facts>,
) -> (Option<Compilation>, PerFile) {
    let mut sources = SourceMap::new();
    let loaded = find_project(root, &mut sources)
        .and_then(|project| compile_project_with(project, sources, open, earlier));
    let mut per_file = PerFile::new();
    match loaded {
        Ok(compilation) => {
            for diagnostic in &compilation.diagnostics {
                let file = compilation.sources.file(diagnostic.primary.span.file);
                per_file
                    .entry(convert::canonical(&file.path))
                    .or_default()
                    .push(convert::diagnostic(&compilation.sources, diagnostic));
            }
            (Some(compilation), per_file)
        }
        Err(LoadError::Config(sources, diagnostic)) => {
            let file = sources.file(diagnostic.primary.span.file);
            let converted = convert::diagnostic(&sources, &diagnostic);
            per_file.insert(convert::canonical(&file.path), vec![converted]);
            (None, per_file)
        }
        Err(error @ LoadError::Io(..)) => {
            eprintln!("accord lsp: {error}");
            (None, per_file)
        }
    }
}

/// The notification for `path`, under the URI the client opened it with when it did.
fn params(
    uris: &HashMap<PathBuf, Uri>,
    path: &Path,
    diagnostics: Vec<lsp_types::Diagnostic>,
) -> Option<PublishDiagnosticsParams> {
    let uri = uris.get(path).cloned().or_else(|| convert::uri_of(path))?;
    Some(PublishDiagnosticsParams::new(uri, diagnostics, None))
}

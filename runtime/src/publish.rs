//! Publication rules of layouts (`docs/layouts.md#publication`), for the generated layout structs
//! that declare them: writers that never expose a partially written file, commit manifests that
//! publish a group of files at once, and readers that list only published data.
//!
//! A writer writes a temporary file in the target's directory (its name starts with
//! [`TEMP_PREFIX`], which no data path produces), then publishes it in one step: a hard link
//! where the layout is immutable (it fails when the path exists, atomically), else a rename.
//! A group's manifest is written the same way, last. Readers list only the groups that have a
//! manifest, and only the files it names, at the size it gives; without `commit`, the data files
//! that exist. Digests come from RustCrypto's `sha2` (the compiler's too).

use sha2::{Digest, Sha256};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The prefix of temporary files: never the name of a data file or of a manifest.
pub const TEMP_PREFIX: &str = ".accord-tmp-";

/// The publication rules of one layout version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// The layout's full name.
    pub layout: &'static str,
    /// The layout version.
    pub version: u32,
    /// A path, once written, is never rewritten.
    pub immutable: bool,
    /// The file name of each group's commit manifest (`None`: no `commit`).
    pub manifest: Option<&'static str>,
    /// The version of accord that generated the layout struct (written in manifests).
    pub accord: &'static str,
}

/// Why a write, a commit or a listing failed.
#[derive(Debug)]
pub enum PublishError {
    /// The file system failed.
    Io(io::Error),
    /// The write would rewrite a path of an immutable layout, or add to a sealed group
    /// (committed, in an immutable layout): refused, what was there is intact.
    Immutable {
        /// The path refused.
        path: PathBuf,
        /// Whether the group is committed (else the path exists).
        sealed: bool,
    },
    /// Published data breaks the rules: a manifest that does not parse or names another layout,
    /// or a listed file whose size is not the manifest's.
    Manifest {
        /// The manifest or the file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A segment value has no text in a path (a date outside years 0000 to 9999).
    Path(crate::Error),
}

impl fmt::Display for PublishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishError::Io(error) => write!(f, "{error}"),
            PublishError::Immutable { path, sealed: true } => write!(
                f,
                "{}: the group is committed and the layout is immutable: it is sealed",
                path.display()
            ),
            PublishError::Immutable { path, .. } => write!(
                f,
                "{}: the path exists and the layout is immutable",
                path.display()
            ),
            PublishError::Manifest { path, message } => write!(f, "{}: {message}", path.display()),
            PublishError::Path(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for PublishError {}

impl From<io::Error> for PublishError {
    fn from(error: io::Error) -> Self {
        PublishError::Io(error)
    }
}

impl From<crate::Error> for PublishError {
    fn from(error: crate::Error) -> Self {
        PublishError::Path(error)
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Removes the temporary file when dropped (published or not).
struct Temp(PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Writes `data` to a temporary file in `directory`, then publishes it as `name`: hard-linked
/// (refused when it exists) where the layout is immutable, else renamed over it.
fn publish(
    rules: &Rules,
    directory: &Path,
    name: &str,
    mut data: impl Read,
) -> Result<PathBuf, PublishError> {
    fs::create_dir_all(directory)?;
    let target = directory.join(name);
    let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = Temp(directory.join(format!(
        "{TEMP_PREFIX}{}-{unique}-{name}",
        std::process::id()
    )));
    let mut out = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp.0)?;
    io::copy(&mut data, &mut out)?;
    out.flush()?;
    out.sync_all()?;
    drop(out);
    if rules.immutable {
        match fs::hard_link(&temp.0, &target) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(PublishError::Immutable {
                    path: target,
                    sealed: false,
                })
            }
            other => other?,
        }
    } else {
        fs::rename(&temp.0, &target)?;
    }
    Ok(target)
}

/// Splits a path relative to `root` into its directory and file name.
fn split(root: &Path, relative: &str) -> (PathBuf, String) {
    let (directory, name) = relative.rsplit_once('/').unwrap_or(("", relative));
    (root.join(directory), name.to_string())
}

/// Writes `data` at `relative` under `root`, readers never seeing it partially written;
/// returns the full path.
pub fn write(
    rules: &Rules,
    root: &Path,
    relative: &str,
    data: impl Read,
) -> Result<PathBuf, PublishError> {
    let (directory, name) = split(root, relative);
    if let (true, Some(manifest)) = (rules.immutable, rules.manifest) {
        if directory.join(manifest).exists() {
            return Err(PublishError::Immutable {
                path: directory.join(name),
                sealed: true,
            });
        }
    }
    publish(rules, &directory, &name, data)
}

/// Publishes the group in `directory` (relative to `root`, ending with `/` unless it is the
/// root), whose segments have the texts `group`: writes its manifest, naming each data file of
/// the directory (those `is_data` accepts by their path relative to `root`) with its size and
/// SHA-256, last and at once. Returns the manifest's path.
pub fn commit(
    rules: &Rules,
    root: &Path,
    directory: &str,
    group: &[(&str, String)],
    is_data: impl Fn(&str) -> bool,
) -> Result<PathBuf, PublishError> {
    let dir = root.join(directory);
    let Some(manifest) = rules.manifest else {
        return Err(PublishError::Manifest {
            path: dir,
            message: format!(
                "`{}` version {} has no `commit`",
                rules.layout, rules.version
            ),
        });
    };
    if rules.immutable && dir.join(manifest).exists() {
        return Err(PublishError::Immutable {
            path: dir.join(manifest),
            sealed: true,
        });
    }
    let mut files = Vec::new();
    for (name, path) in entries(&dir)? {
        if name == manifest || name.starts_with(TEMP_PREFIX) || !path.is_file() {
            continue;
        }
        if !is_data(&format!("{directory}{name}")) {
            continue;
        }
        let (size, sha256) = digest(File::open(&path)?)?;
        files.push(serde_json::json!({ "name": name, "size": size, "sha256": sha256 }));
    }
    let group: serde_json::Map<String, serde_json::Value> = group
        .iter()
        .map(|(name, text)| ((*name).to_string(), text.clone().into()))
        .collect();
    let document = serde_json::json!({
        "accord": rules.accord,
        "layout": rules.layout,
        "version": rules.version,
        "group": group,
        "files": files,
    });
    let mut text = serde_json::to_string_pretty(&document)
        .map_err(|e| PublishError::Io(io::Error::other(e)))?;
    text.push('\n');
    publish(rules, &dir, manifest, text.as_bytes())
}

/// The entries of a directory (none when it does not exist), sorted by name.
fn entries(directory: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let read = match fs::read_dir(directory) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        other => other?,
    };
    let mut entries = Vec::new();
    for entry in read {
        let entry = entry?;
        if let Ok(name) = entry.file_name().into_string() {
            entries.push((name, entry.path()));
        }
    }
    entries.sort();
    Ok(entries)
}

/// The published data files under `root`, each with its values (those `parse` accepts by their
/// path relative to `root`), in the byte order of that relative path (the order of an object
/// store's listing, and of the Python reader): with `commit`, the files that the manifest of a
/// group names (at the size it gives); else every data file (never a temporary file).
pub fn published<T>(
    rules: &Rules,
    root: &Path,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<(T, PathBuf)>, PublishError> {
    let mut found = Vec::new();
    walk(rules, root, "", &parse, &mut found)?;
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found
        .into_iter()
        .map(|(_, value, path)| (value, path))
        .collect())
}

fn walk<T>(
    rules: &Rules,
    dir: &Path,
    relative: &str,
    parse: &impl Fn(&str) -> Option<T>,
    found: &mut Vec<(String, T, PathBuf)>,
) -> Result<(), PublishError> {
    let entries = entries(dir)?;
    let candidates: Vec<(String, Option<u64>)> = match rules.manifest {
        None => entries
            .iter()
            .filter(|(name, path)| !name.starts_with(TEMP_PREFIX) && path.is_file())
            .map(|(name, _)| (name.clone(), None))
            .collect(),
        Some(manifest) if entries.iter().any(|(name, _)| name == manifest) => {
            manifest_files(rules, &dir.join(manifest))?
        }
        Some(_) => Vec::new(),
    };
    for (name, size) in candidates {
        let key = format!("{relative}{name}");
        let Some(value) = parse(&key) else {
            continue;
        };
        let path = dir.join(&name);
        if let Some(size) = size {
            let actual = fs::metadata(&path)?.len();
            if actual != size {
                return Err(PublishError::Manifest {
                    path,
                    message: format!("the manifest gives {size} bytes, the file has {actual}"),
                });
            }
        }
        found.push((key, value, path));
    }
    for (name, path) in entries {
        if path.is_dir() {
            walk(rules, &path, &format!("{relative}{name}/"), parse, found)?;
        }
    }
    Ok(())
}

/// The files a manifest names, with their sizes.
fn manifest_files(rules: &Rules, path: &Path) -> Result<Vec<(String, Option<u64>)>, PublishError> {
    let bad = |message: String| PublishError::Manifest {
        path: path.to_path_buf(),
        message,
    };
    let document: serde_json::Value = serde_json::from_slice(&fs::read(path)?)
        .map_err(|e| bad(format!("the manifest does not parse: {e}")))?;
    if document["layout"] != rules.layout {
        return Err(bad(format!(
            "the manifest is of `{}`, not `{}`",
            document["layout"], rules.layout
        )));
    }
    let files = document["files"]
        .as_array()
        .ok_or_else(|| bad("the manifest has no `files`".into()))?;
    files
        .iter()
        .map(
            |file| match (file["name"].as_str(), file["size"].as_u64()) {
                (Some(name), Some(size)) => Ok((name.to_string(), Some(size))),
                _ => Err(bad(format!(
                    "a file of the manifest has no name or size: {file}"
                ))),
            },
        )
        .collect()
}

/// The size and the SHA-256 (lowercase hex) of what `data` reads.
pub fn digest(mut data: impl Read) -> io::Result<(u64, String)> {
    let mut sha = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let read = data.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        sha.update(&buffer[..read]);
        size += read as u64;
    }
    let hex = sha.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((size, hex))
}

#[cfg(test)]
mod tests {
    use super::digest;

    #[test]
    fn sha256_of_known_texts() {
        let hex = |text: &[u8]| digest(text).unwrap().1;
        assert_eq!(
            hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(&[b'a'; 1_000_000]),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }
}

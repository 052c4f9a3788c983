//! Publication rules of layouts (`docs/layouts.md#publication`), for the generated layout structs
//! that declare them: writers that never expose a partially written file, commit manifests that
//! publish a group of files at once, and readers that list only published data. The standard
//! library only (SHA-256 included).
//!
//! A writer writes a temporary file in the target's directory (its name starts with
//! [`TEMP_PREFIX`], which no data path produces), then publishes it in one step: a hard link
//! where the layout is immutable (it fails when the path exists, atomically), else a rename.
//! A group's manifest is written the same way, last. Readers list only the groups that have a
//! manifest, and only the files it names, at the size it gives; without `commit`, the data files
//! that exist.

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
/// path relative to `root`), sorted by path: with `commit`, the files that the manifest of a
/// group names (at the size it gives); else every data file (never a temporary file).
pub fn published<T>(
    rules: &Rules,
    root: &Path,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<(T, PathBuf)>, PublishError> {
    let mut found = Vec::new();
    walk(rules, root, "", &parse, &mut found)?;
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}

fn walk<T>(
    rules: &Rules,
    dir: &Path,
    relative: &str,
    parse: &impl Fn(&str) -> Option<T>,
    found: &mut Vec<(T, PathBuf)>,
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
        let Some(value) = parse(&format!("{relative}{name}")) else {
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
        found.push((value, path));
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
    Ok((size, sha.hex()))
}

/// SHA-256 (FIPS 180-4), incremental.
struct Sha256 {
    state: [u32; 8],
    block: Vec<u8>,
    length: u64,
}

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

impl Sha256 {
    fn new() -> Self {
        Sha256 {
            state: [
                0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
                0x5be0cd19,
            ],
            block: Vec::with_capacity(64),
            length: 0,
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        while !data.is_empty() {
            let take = (64 - self.block.len()).min(data.len());
            self.block.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.block.len() == 64 {
                let block = std::mem::take(&mut self.block);
                self.compress(&block);
                self.block = block;
                self.block.clear();
            }
        }
    }

    fn compress(&mut self, block: &[u8]) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = self.state;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (state, value) in self.state.iter_mut().zip(v) {
            *state = state.wrapping_add(value);
        }
    }

    fn hex(mut self) -> String {
        let bits = self.length.wrapping_mul(8);
        let mut tail = vec![0x80u8];
        let pad = (55usize.wrapping_sub(self.block.len())) % 64;
        tail.extend(std::iter::repeat_n(0u8, pad));
        tail.extend_from_slice(&bits.to_be_bytes());
        let length = self.length;
        self.update(&tail);
        self.length = length;
        self.state
            .iter()
            .map(|word| format!("{word:08x}"))
            .collect()
    }
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

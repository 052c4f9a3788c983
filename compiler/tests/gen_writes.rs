//! How `accord gen` writes, tested on the real binary: a run killed (SIGKILL) at any moment leaves
//! every file complete in its old or its new version and the next run converges; two runs on one
//! directory never interleave (the lock); package names cannot lead out of the output directory;
//! a read-only directory or a failing write (a full disk) is a clear error that keeps the old
//! output. docs/reliability.md ("Writes") describes the guarantees.

#[path = "support/dirs.rs"]
mod dirs;

use accord_compiler::output::{
    listing_text, lock_exclusive, LISTING, LISTING_BACKUP, LOCK, STAGING, TEMPORARY_SUFFIX,
};
use dirs::copy_dir;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

type Tree = BTreeMap<String, Vec<u8>>;

/// A copy of the example project in a fresh temporary directory.
struct Project(PathBuf);

impl Project {
    fn new(name: &str) -> Project {
        let root =
            std::env::temp_dir().join(format!("accord-gen-writes-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        copy_dir(&repo.join("schemas"), &root.join("schemas"));
        std::fs::copy(repo.join("accord.toml"), root.join("accord.toml")).unwrap();
        Project(root)
    }

    fn command(&self, out: &Path) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_accord"));
        command
            .args(["gen", "--out"])
            .arg(out)
            .current_dir(&self.0)
            .stdin(Stdio::null());
        command
    }

    /// Runs `accord gen --out <out>` to its end; returns (exit code, stderr).
    fn gen(&self, out: &Path) -> (i32, String) {
        let output = self.command(out).output().expect("the accord binary runs");
        let stderr = String::from_utf8(output.stderr).unwrap();
        (output.status.code().unwrap_or(-1), stderr)
    }

    /// Edits the contracts: a type removed (its files become obsolete, a user of it changes),
    /// one added (new files) and a documentation changed (files rewritten in place).
    fn change_contracts(&self) {
        let edit = |file: &str, from: &str, to: &str| {
            let path = self.0.join("schemas/shop").join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} has no {from:?}");
            std::fs::write(&path, text.replace(from, to)).unwrap();
        };
        edit(
            "catalog.accord",
            "/// Stock keeping unit code.\nnewtype Sku = string;\n",
            "/// A maker of products.\nrecord Brand {\n  id: long @key;\n  name: string;\n}\n",
        );
        edit(
            "catalog.accord",
            "/// A node of the product category tree.",
            "/// A node of the category tree of products.",
        );
        edit("order_lines.accord", "import shop.catalog.Sku;\n", "");
        edit("order_lines.accord", "Sku @key", "string @key");
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every file under `dir` by its path relative to `dir`, with its bytes.
fn tree(dir: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy();
                out.insert(relative.replace('\\', "/"), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = Tree::new();
    walk(dir, dir, &mut out);
    out
}

/// The generated files of a tree: without the lock file (which holds the last holder's pid).
fn generated(mut tree: Tree) -> Tree {
    tree.remove(LOCK);
    tree
}

fn replace_dir(dir: &Path, with: &Tree) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, bytes) in with {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

/// The old output (before [`Project::change_contracts`]) and the new one, each generated into
/// its own directory by an uninterrupted run.
fn old_and_new(project: &Project) -> (Tree, Tree) {
    let (code, stderr) = project.gen(&project.dir("old"));
    assert_eq!(code, 0, "{stderr}");
    project.change_contracts();
    let (code, stderr) = project.gen(&project.dir("new"));
    assert_eq!(code, 0, "{stderr}");
    let old = generated(tree(&project.dir("old")));
    let new = generated(tree(&project.dir("new")));
    assert!(old.keys().any(|p| !new.contains_key(p)), "no file removed");
    assert!(new.keys().any(|p| !old.contains_key(p)), "no file added");
    assert!(
        new.iter().any(|(p, b)| old.get(p).is_some_and(|o| o != b)),
        "no file changed"
    );
    (old, new)
}

fn listed(listing: &[u8]) -> BTreeSet<String> {
    String::from_utf8_lossy(listing)
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(String::from)
        .collect()
}

/// What a kill may leave: every file complete in its old or new version (the staging directory
/// and the listing's temporary aside), every file the old and new outputs share still there, the
/// listing old, new or their union, and every file on disk named by the listing on disk (so the
/// next run can clean up).
fn assert_old_or_new(state: &Tree, old: &Tree, new: &Tree, context: &str) {
    let old_paths: BTreeSet<&str> = old.keys().map(String::as_str).collect();
    let union: BTreeSet<&str> = old_paths
        .iter()
        .copied()
        .chain(new.keys().map(String::as_str))
        .collect();
    let union_listing = listing_text(union.iter().copied().filter(|p| *p != LISTING));
    let listing = state.get(LISTING).expect("the listing is never missing");
    assert!(
        [&old[LISTING], &new[LISTING], union_listing.as_bytes()].contains(&listing.as_slice()),
        "{context}: the listing is neither old, new nor their union"
    );
    let on_disk_listed = listed(listing);
    for (path, bytes) in state {
        if path == LISTING_BACKUP {
            assert_eq!(
                bytes, &old[LISTING],
                "{context}: the listing's backup is not the old one"
            );
            continue;
        }
        let staged = path.starts_with(&format!("{STAGING}/"));
        if staged || path.ends_with(TEMPORARY_SUFFIX) || path == LISTING {
            continue;
        }
        let complete = old.get(path) == Some(bytes) || new.get(path) == Some(bytes);
        assert!(
            complete,
            "{context}: {path} is neither its old nor its new version"
        );
        assert!(
            on_disk_listed.contains(path),
            "{context}: {path} is not listed"
        );
    }
    for path in old.keys().filter(|p| new.contains_key(*p)) {
        assert!(state.contains_key(path), "{context}: {path} went missing");
    }
}

/// A small deterministic generator (SplitMix64), so that a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn seed() -> u64 {
    std::env::var("ACCORD_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(16)
}

const PAUSE_MS: &str = "5";

/// Kills `accord gen` (SIGKILL) after seeded random delays spread over a whole run (each of
/// `rounds` strata, early to late, gets one), each time from the complete old output, and checks
/// what the kill left and that the next run converges to the new output with no temporary left.
/// Each filesystem step of the write is slowed by `ACCORD_TEST_WRITE_PAUSE_MS` so that kills land
/// inside the write, not only in the compilation before it.
#[test]
fn a_killed_gen_leaves_every_file_old_or_new_and_the_next_run_converges() {
    let project = Project::new("kill");
    let (old, new) = old_and_new(&project);
    let out = project.dir("out");
    replace_dir(&out, &old);
    let started = Instant::now();
    let status = project
        .command(&out)
        .env("ACCORD_TEST_WRITE_PAUSE_MS", PAUSE_MS)
        .status()
        .unwrap();
    assert!(status.success());
    let whole = started.elapsed();
    assert_eq!(generated(tree(&out)), new);
    let rounds: u32 = std::env::var("ACCORD_KILL_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    let mut rng = Rng(seed());
    let (mut in_write, mut finished) = (0, 0);
    for round in 0..rounds {
        replace_dir(&out, &old);
        let fraction = (f64::from(round) + rng.unit()) / f64::from(rounds);
        let delay = whole.mul_f64(fraction * 1.05);
        let mut child: Child = project
            .command(&out)
            .env("ACCORD_TEST_WRITE_PAUSE_MS", PAUSE_MS)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let state = generated(tree(&out));
        finished += usize::from(status.success());
        in_write += usize::from(state != old && state != new);
        let context = format!("seed {} round {round} (killed after {delay:?})", seed());
        assert_old_or_new(&state, &old, &new, &context);
        let (code, stderr) = project.gen(&out);
        assert_eq!(code, 0, "{context}: {stderr}");
        assert_eq!(generated(tree(&out)), new, "{context}: did not converge");
    }
    eprintln!(
        "kill test: {rounds} kills over a {whole:?} run: {in_write} inside the write, {finished} after the end"
    );
    assert!(in_write > 0, "no kill landed inside the write");
}

/// Two runs at once on one directory: both succeed, one after the other, and the output is the
/// output of a single run.
#[test]
fn two_gen_runs_at_once_do_not_interleave() {
    let project = Project::new("concurrent");
    let (old, new) = old_and_new(&project);
    let out = project.dir("out");
    replace_dir(&out, &old);
    let spawn = || {
        project
            .command(&out)
            .env("ACCORD_TEST_WRITE_PAUSE_MS", "2")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stderr}");
    }
    assert_eq!(generated(tree(&out)), new);
}

/// While another process holds the lock, `gen` says so (naming the directory and the holder's
/// pid), writes nothing, and goes on once the lock is released.
#[test]
fn gen_waits_for_the_lock_and_says_so() {
    let project = Project::new("lock");
    let (old, new) = old_and_new(&project);
    let out = project.dir("out");
    replace_dir(&out, &old);
    let lock = lock_exclusive(&out, |_| panic!("nobody holds the lock yet")).unwrap();
    let mut child = project
        .command(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !line.contains("waiting for the lock") {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "gen ended: {line}"
        );
        assert!(Instant::now() < deadline, "gen never waited for the lock");
    }
    let expected = format!(
        "waiting for the lock of {}: another accord (process {}) is writing there",
        out.display(),
        std::process::id()
    );
    assert_eq!(line.trim_end(), expected);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        generated(tree(&out)),
        old,
        "gen wrote while the lock was held"
    );
    drop(lock);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(generated(tree(&out)), new);
}

/// A package name that is a path (the Python target's package of accord.toml) is refused before
/// anything is written, in the output directory or outside it.
#[test]
fn package_names_cannot_lead_out_of_the_output_directory() {
    let project = Project::new("escape");
    let config = project.0.join("accord.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    for hostile in ["../../escaped", "/tmp/escaped", "a/../../escaped", ".."] {
        let edited = text.replace(
            "package = \"accord_shop\"",
            &format!("package = {hostile:?}"),
        );
        std::fs::write(&config, edited).unwrap();
        let out = project.dir("nested/out");
        let (code, stderr) = project.gen(&out);
        assert_ne!(code, 0, "{hostile}: accepted");
        assert!(
            stderr.contains("refusing to write outside the output directory")
                || stderr.contains("is not a Python package name"),
            "{hostile}: {stderr}"
        );
        let written = tree(&project.0);
        let outside: Vec<_> = written
            .keys()
            .filter(|p| !p.starts_with("schemas/") && *p != "accord.toml")
            .collect();
        assert!(outside.is_empty(), "{hostile}: wrote {outside:?}");
        assert!(!Path::new("/tmp/escaped").exists());
    }
}

/// Makes a directory tree read-only for the test's life: by permissions, or, for root (whom
/// permissions do not bind), by the immutable attribute (`chattr +i`); `None` when neither binds.
struct ReadOnly {
    dir: PathBuf,
    immutable: bool,
}

impl ReadOnly {
    fn make(dir: &Path) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        let probe = dir.join("probe");
        for_each_dir(dir, &|d| {
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o555)).unwrap()
        });
        let mut guard = ReadOnly {
            dir: dir.to_path_buf(),
            immutable: false,
        };
        if std::fs::write(&probe, "").is_err() {
            return Some(guard);
        }
        std::fs::remove_file(&probe).unwrap();
        let chattr = Command::new("chattr").arg("-R").arg("+i").arg(dir).status();
        guard.immutable = chattr.is_ok_and(|s| s.success());
        if guard.immutable && std::fs::write(&probe, "").is_err() {
            return Some(guard);
        }
        None
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = Command::new("chattr")
                .arg("-R")
                .arg("-i")
                .arg(&self.dir)
                .status();
        }
        for_each_dir(&self.dir, &|d| {
            let _ = std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755));
        });
    }
}

fn for_each_dir(dir: &Path, action: &dyn Fn(&Path)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            for_each_dir(&path, action);
        }
    }
    action(dir);
}

/// A read-only output directory: a clear error naming it, exit 2, the old output untouched.
#[cfg(unix)]
#[test]
fn a_read_only_output_directory_is_a_clear_error_and_keeps_the_old_output() {
    let project = Project::new("readonly");
    let (old, _) = old_and_new(&project);
    let out = project.dir("out");
    replace_dir(&out, &old);
    let Some(read_only) = ReadOnly::make(&out) else {
        eprintln!(
            "a_read_only_output_directory_is_a_clear_error_and_keeps_the_old_output: skipped: \
             neither permissions nor chattr +i make a directory read-only here"
        );
        return;
    };
    let (code, stderr) = project.gen(&out);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("error: cannot write to {}", out.display())),
        "{stderr}"
    );
    assert_eq!(generated(tree(&out)), old);
    drop(read_only);
}

/// A write that fails half-way (the file-size limit, 32 KiB in dash's 512-byte blocks, lets the
/// listing (about 23 KB) and most files be written and makes the writes of the large ones fail
/// with EFBIG, as a full disk fails with ENOSPC): a clear error, the old output untouched, no
/// temporary left.
#[cfg(unix)]
#[test]
fn a_write_failing_half_way_keeps_the_old_output_and_no_temporary() {
    let project = Project::new("full");
    let (old, _) = old_and_new(&project);
    let out = project.dir("out");
    replace_dir(&out, &old);
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_accord"))
        .args(["gen", "--out"])
        .arg(&out)
        .current_dir(&project.0)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error: cannot write to"), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_eq!(generated(tree(&out)), old, "{stderr}");
}

//! Hostile bytes against every decoder of the generated Rust (and the runtime's `Reader` under
//! it): truncated vectors, length and count prefixes of 2^62 and other huge varints put at every
//! position of every vector, over-long varints, invalid UTF-8, out-of-range union and enum
//! indexes, wrong fixed sizes, deep nesting in Avro and JSON, and seeded random bytes. Every one
//! must be an `Err`, never a panic or a hang, and no decoder may allocate what the input claims:
//! a counting global allocator asserts that the peak of live heap bytes stays under 10 MB.

use accord::avro::Reader;
use accord::{Contract, Visitor};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;
use std::time::Duration;

#[path = "support/vectors.rs"]
mod vector_files;

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Relaxed);
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        PEAK.fetch_max(live, Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The heap a decoder of hostile input may use above what was live before it.
const HEAP_LIMIT: usize = 10 << 20;

/// The tests of this binary run one at a time, so that the peak measured is their own.
static SERIAL: Mutex<()> = Mutex::new(());

/// Runs `body` alone, fails it after `seconds` (a hang), and asserts the heap it used.
fn guarded(what: &str, seconds: u64, body: impl FnOnce()) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let name = what.to_owned();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(seconds));
        if !flag.load(Relaxed) {
            eprintln!("{name}: a decoder hangs (not done after {seconds} s)");
            std::process::abort();
        }
    });
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    body();
    done.store(true, Relaxed);
    let used = PEAK.load(Relaxed).saturating_sub(base);
    assert!(
        used < HEAP_LIMIT,
        "{what}: decoding hostile input used {used} bytes of heap"
    );
}

/// The zig-zag varint of `value`.
fn varint(value: i64) -> Vec<u8> {
    let mut out = Vec::new();
    accord::avro::write_long(value, &mut out);
    out
}

/// What the mutations put in place of (or in front of) a byte of a valid datum: huge lengths and
/// counts, negative block counts with a huge byte size, an over-long varint, and small values
/// that are out of range as union or enum indexes.
fn claims() -> Vec<Vec<u8>> {
    let mut claims: Vec<Vec<u8>> = [1i64 << 62, -(1 << 62), i64::MAX, i64::MIN, 1 << 31, 1 << 40]
        .iter()
        .map(|v| varint(*v))
        .collect();
    let mut negative_block = varint(-(1 << 62));
    negative_block.extend(varint(1 << 62));
    claims.push(negative_block);
    let mut negative_small = varint(-3);
    negative_small.extend(varint(1 << 62));
    claims.push(negative_small);
    claims.push(vec![0xFF; 11]);
    claims.push(vec![0x80; 10]);
    for small in [3, 7, 63, 64, -1, -2] {
        claims.push(varint(small));
    }
    claims
}

/// A seeded xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = (self.next() % (max as u64 + 1)) as usize;
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// The vectors of a project: (type, version) to its (JSON text, single-object bytes) cases.
type Cases = HashMap<(String, u64), Vec<(String, Vec<u8>)>>;

fn vectors(project: &str) -> Cases {
    let mut cases = Cases::new();
    for entry in vector_files::of_project(project) {
        let key = (entry.name, u64::from(entry.version));
        for case in entry.cases {
            cases
                .entry(key.clone())
                .or_default()
                .push((case.json, case.avro));
        }
    }
    cases
}

/// Decodes every hostile variant of every vector of each visited type version.
struct Hostile<'a> {
    cases: &'a Cases,
    claims: Vec<Vec<u8>>,
    rng: Rng,
    decodes: usize,
    failures: Vec<String>,
}

impl Hostile<'_> {
    /// Decodes `bytes` as a datum of `C`; `Some(is_ok)`, or `None` after recording a panic.
    fn datum<C: Contract>(&mut self, what: &str, bytes: &[u8]) -> Option<bool> {
        self.decodes += 1;
        match catch_unwind(AssertUnwindSafe(|| C::from_avro_datum(bytes).is_ok())) {
            Ok(ok) => Some(ok),
            Err(_) => {
                let name = C::full_name();
                self.failures
                    .push(format!("{name}: {what}: panics on {bytes:02x?}"));
                None
            }
        }
    }

    fn json<C: Contract>(&mut self, what: &str, text: &str) -> Option<bool> {
        self.decodes += 1;
        match catch_unwind(AssertUnwindSafe(|| C::from_json(text).is_ok())) {
            Ok(ok) => Some(ok),
            Err(_) => {
                let name = C::full_name();
                self.failures
                    .push(format!("{name}: {what}: panics on {text:?}"));
                None
            }
        }
    }

    /// Every proper prefix of a valid datum (and of its single-object form) is an error.
    fn truncated<C: Contract>(&mut self, avro: &[u8]) {
        let datum = &avro[10..];
        for n in 0..datum.len() {
            if self.datum::<C>("truncated", &datum[..n]) == Some(true) {
                let name = C::full_name();
                self.failures
                    .push(format!("{name}: prefix {n} of {datum:02x?} decodes"));
            }
        }
        for n in 0..avro.len() {
            self.decodes += 1;
            let result = catch_unwind(|| C::from_single_object(&avro[..n]).is_ok());
            if !matches!(result, Ok(false)) {
                let name = C::full_name();
                self.failures
                    .push(format!("{name}: single-object prefix {n}: {result:?}"));
            }
        }
    }

    /// Each claim in place of, and in front of, every byte; single bytes replaced; random tails.
    fn mutated<C: Contract>(&mut self, avro: &[u8]) {
        let datum = &avro[10..];
        let claims = std::mem::take(&mut self.claims);
        for at in 0..=datum.len() {
            for claim in &claims {
                let mut inserted = datum[..at].to_vec();
                inserted.extend_from_slice(claim);
                inserted.extend_from_slice(&datum[at..]);
                self.datum::<C>("claim inserted", &inserted);
                if at < datum.len() {
                    let mut replaced = datum[..at].to_vec();
                    replaced.extend_from_slice(claim);
                    replaced.extend_from_slice(&datum[at + 1..]);
                    self.datum::<C>("claim in place", &replaced);
                }
            }
            if at < datum.len() {
                for byte in [0x00, 0x01, 0x02, 0x7E, 0x7F, 0x80, 0xC0, 0xFE, 0xFF] {
                    let mut replaced = datum.to_vec();
                    replaced[at] = byte;
                    self.datum::<C>("byte replaced", &replaced);
                }
                let mut tail = datum[..at].to_vec();
                tail.extend(self.rng.bytes(16));
                self.datum::<C>("random tail", &tail);
            }
        }
        self.claims = claims;
    }

    /// JSON prefixes: never a panic, and an error when the value is an object, array or string.
    fn json_prefixes<C: Contract>(&mut self, text: &str) {
        let closed = text.starts_with(['{', '[', '"']);
        for n in (0..text.len()).filter(|n| text.is_char_boundary(*n)) {
            if self.json::<C>("JSON prefix", &text[..n]) == Some(true) && closed {
                let name = C::full_name();
                self.failures
                    .push(format!("{name}: JSON prefix {:?} decodes", &text[..n]));
            }
        }
    }
}

impl Visitor for Hostile<'_> {
    fn visit<C: Contract>(&mut self) {
        let key = (C::full_name().to_owned(), u64::from(C::version()));
        let cases = self.cases.get(&key).cloned().unwrap_or_default();
        for (json, avro) in &cases {
            self.truncated::<C>(avro);
            self.mutated::<C>(avro);
            self.json_prefixes::<C>(json);
        }
        for _ in 0..64 {
            let random = self.rng.bytes(64);
            self.datum::<C>("random", &random);
            let text = String::from_utf8_lossy(&random).into_owned();
            self.json::<C>("random JSON", &text);
        }
        for deep in [
            "[".repeat(100_000),
            "{\"a\":".repeat(100_000),
            format!("{}1{}", "[".repeat(200), "]".repeat(200)),
        ] {
            if self.json::<C>("deep JSON", &deep) != Some(false) {
                let name = C::full_name();
                self.failures.push(format!("{name}: deep JSON decodes"));
            }
        }
    }
}

fn hostile(project: &str, visit: fn(&mut Hostile)) {
    guarded(project, 300, || {
        let cases = vectors(project);
        let mut check = Hostile {
            cases: &cases,
            claims: claims(),
            rng: Rng(0x9E37_79B9_7F4A_7C15),
            decodes: 0,
            failures: Vec::new(),
        };
        // A panic is caught and reported as a failure; keep the default hook quiet meanwhile.
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        visit(&mut check);
        std::panic::set_hook(hook);
        assert!(
            check.failures.is_empty(),
            "{} failures:\n{}",
            check.failures.len(),
            check.failures.join("\n")
        );
        eprintln!(
            "{project}: {} hostile decodes, all errors or values",
            check.decodes
        );
    });
}

#[test]
fn shop_decoders_refuse_hostile_input() {
    hostile("..", |c| accord_tests::shop_contracts::visit_contracts(c));
}

#[test]
fn kitchen_decoders_refuse_hostile_input() {
    hostile("../compiler/tests/fixtures/kitchen", |c| {
        accord_tests::kitchen::visit_contracts(c)
    });
}

#[test]
fn fixture_decoders_refuse_hostile_input() {
    hostile("../compiler/tests/fixtures/hostile", |c| {
        accord_tests::hostile::visit_contracts(c)
    });
    hostile("../compiler/tests/fixtures/boundary", |c| {
        accord_tests::boundary::visit_contracts(c)
    });
    hostile("../compiler/tests/fixtures/evolution", |c| {
        accord_tests::evolution::visit_contracts(c)
    });
}

/// A chain of `levels` categories, each the parent of the next (`id` 0, `name` "", no children).
fn category_chain(levels: usize) -> Vec<u8> {
    let mut datum = [0x00, 0x00, 0x02].repeat(levels);
    datum.extend([0x00, 0x00, 0x00, 0x00]);
    datum.extend(std::iter::repeat_n(0x00, levels));
    datum
}

#[test]
fn recursive_data_nested_too_deep_is_an_error_not_a_stack_overflow() {
    use accord_tests::shop_contracts::shop::catalog::Category;
    guarded("deep Avro", 60, || {
        assert!(Category::from_avro_datum(&category_chain(100)).is_ok());
        for levels in [200, 10_000, 1_000_000] {
            let error = Category::from_avro_datum(&category_chain(levels)).unwrap_err();
            assert!(error.to_string().contains("nested more than"), "{error}");
        }
        let deep_json = format!(
            "{}{}",
            "{\"id\":0,\"name\":\"\",\"parent\":".repeat(100_000),
            "null"
        );
        assert!(Category::from_json(&deep_json).is_err());
    });
}

/// The runtime's reader, primitive by primitive.
#[test]
fn the_reader_refuses_false_lengths_counts_and_varints() {
    guarded("reader", 60, || {
        let huge = varint(1 << 62);
        let with = |prefix: &[u8], rest: &[u8]| [prefix, rest].concat();
        // Lengths of strings, bytes and uuids past the end.
        for bytes in [
            with(&huge, b"abc"),
            varint(i64::MAX),
            varint(-1),
            varint(i64::MIN),
        ] {
            assert!(Reader::new(&bytes).read_string().is_err());
            assert!(Reader::new(&bytes).read_bytes().is_err());
            assert!(Reader::new(&bytes).read_uuid().is_err());
            assert!(Reader::new(&bytes).read_decimal::<10, 2>().is_err());
        }
        // Block counts, positive and negative with a byte size, of zero-width items too.
        let negative = [varint(-(1 << 62)), varint(1 << 62)].concat();
        let negative_fitting = [varint(-(1 << 62)), varint(0)].concat();
        for bytes in [huge.clone(), negative, negative_fitting, varint(i64::MIN)] {
            let array = Reader::new(&bytes).read_array(|_| Ok(()));
            assert!(array.is_err(), "{bytes:02x?}");
            let array = Reader::new(&bytes).read_array(|r| r.read_long());
            assert!(array.is_err(), "{bytes:02x?}");
            let map = Reader::new(&bytes).read_map(|_| Ok(()));
            assert!(map.is_err(), "{bytes:02x?}");
        }
        // Blocks of a million zero-width items, one after another, are one false claim.
        let blocks = varint(1 << 20).repeat(1000);
        assert!(Reader::new(&blocks).read_array(|_| Ok(())).is_err());
        // Varints longer than 10 bytes, or past 64 bits, and cut short.
        for bytes in [
            vec![0xFF; 11],
            vec![0x80; 10],
            [vec![0xFF; 9], vec![0x02]].concat(),
            vec![0x80],
        ] {
            assert!(Reader::new(&bytes).read_long().is_err(), "{bytes:02x?}");
        }
        // Invalid UTF-8, booleans other than 0 and 1, ints past 32 bits, fixed of the wrong size.
        assert!(Reader::new(&[0x04, 0xC3, 0x28]).read_string().is_err());
        assert!(Reader::new(&[0x02, 0xFF]).read_string().is_err());
        assert!(Reader::new(&[0x02]).read_bool().is_err());
        assert!(Reader::new(&varint(1 << 40)).read_int().is_err());
        assert!(Reader::new(&[1, 2, 3]).read_fixed::<4>().is_err());
        let mut exact = Reader::new(&[1, 2, 3, 4, 5]);
        assert!(exact.read_fixed::<4>().is_ok() && exact.finish().is_err());
        assert!(Reader::new(&[0; 3]).read_double().is_err());
    });
}

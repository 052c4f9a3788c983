//! Deterministic sample segment values: a splitmix64 generator and values of every kind that
//! reach the edges of its text (hostile strings with `/`, `%`, `=`, unicode, the empty string;
//! integer limits and negatives; the first and last writable dates). Path vectors and the
//! property tests use them.

use super::template::{Kind, Value};

/// Steele, Lea and Flood's splitmix64: small, fast, and the same sequence everywhere.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound` (> 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Strings that break naive path code.
pub const HOSTILE_STRINGS: &[&str] = &[
    "",
    "/",
    "%",
    "%%",
    "%2F",
    "%zz",
    "=",
    "a=b",
    "k=v/x=y",
    "..",
    ".",
    "-",
    "~",
    " ",
    "a b",
    "*?[]#",
    "\\",
    "\"",
    "\0",
    "\u{7f}",
    "é",
    "ü/ß",
    "日本",
    "😀",
    "\u{200b}",
    "plain",
    "UPPER_lower_09",
];

/// Characters random strings are made of: safe ones, reserved ones and non-ASCII.
const STRING_ALPHABET: &[char] = &[
    'a', 'Z', '0', '9', '_', '/', '%', '=', '-', '.', '~', ' ', '+', ':', '@', '?', '#', '&', '\\',
    '\0', '\n', 'é', 'ß', '日', '😀', '\u{fffd}',
];

/// Days of 0000-01-01 and 9999-12-31: the dates a path can hold.
pub const DATE_RANGE: (i32, i32) = (-719_528, 2_932_896);

/// A random value of `kind` (every value formats: dates and ints stay in range).
pub fn sample(kind: &Kind, rng: &mut SplitMix64) -> Value {
    match kind {
        Kind::String => {
            if rng.below(2) == 0 {
                Value::Str(rng.pick(HOSTILE_STRINGS).to_string())
            } else {
                let len = rng.below(8);
                Value::Str((0..len).map(|_| *rng.pick(STRING_ALPHABET)).collect())
            }
        }
        Kind::Int { long, .. } => {
            let edges: &[i64] = if *long {
                &[0, 1, -1, 7, i64::MAX, i64::MIN, 1_000_000_007]
            } else {
                &[0, 1, -1, 42, i32::MAX as i64, i32::MIN as i64]
            };
            match rng.below(3) {
                0 => Value::Int(*rng.pick(edges)),
                1 => Value::Int(rng.below(100_000) as i64),
                _ if *long => Value::Int(rng.next_u64() as i64),
                _ => Value::Int(rng.next_u64() as i32 as i64),
            }
        }
        Kind::Uuid => {
            let hex: String = (0..32)
                .map(|_| char::from_digit(rng.below(16) as u32, 16).unwrap_or('0'))
                .collect();
            Value::Uuid(format!(
                "{}-{}-{}-{}-{}",
                &hex[..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..]
            ))
        }
        Kind::Date => {
            let (first, last) = DATE_RANGE;
            match rng.below(4) {
                0 => Value::Date(*rng.pick(&[first, last, 0, -1, 19_782])),
                _ => Value::Date(first + rng.below((last - first) as u64 + 1) as i32),
            }
        }
        Kind::Bool => Value::Bool(rng.below(2) == 0),
        Kind::Enum(symbols) if symbols.is_empty() => Value::Symbol(String::new()),
        Kind::Enum(symbols) => Value::Symbol(rng.pick(symbols).clone()),
    }
}

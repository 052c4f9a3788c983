//! Deterministic sample segment values: a splitmix64 generator and values of every kind that
//! reach the edges of its text (hostile strings with `/`, `%`, `=`, unicode, the empty string;
//! integer limits and negatives; the first and last writable dates). Path vectors use
//! [`sample`]; property tests use [`random`], which reaches further (long strings, any Unicode
//! scalar value, every control character, ints at the edge of a zero-padded width).

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

/// The longest random string [`random`] makes, in characters.
pub const MAX_RANDOM_STRING: usize = 600;

/// A random value of `kind` for property tests: [`sample`]'s values half of the time, else wider
/// ones: strings of any length up to [`MAX_RANDOM_STRING`] mixing reserved ASCII, control
/// characters and arbitrary Unicode scalar values; `.`/`..`-like strings; integers around
/// powers of ten (where a zero-padded width is reached) and at the type's limits; dates around
/// the writable bounds, leap days and the epoch. Every value formats.
pub fn random(kind: &Kind, rng: &mut SplitMix64) -> Value {
    if rng.below(2) == 0 {
        return sample(kind, rng);
    }
    match kind {
        Kind::String => Value::Str(random_string(rng)),
        Kind::Int { long, .. } => Value::Int(random_int(*long, rng)),
        Kind::Date => Value::Date(random_date(rng)),
        other => sample(other, rng),
    }
}

fn random_string(rng: &mut SplitMix64) -> String {
    let len = match rng.below(4) {
        0 => rng.below(4),
        1 => rng.below(32),
        2 => rng.below(MAX_RANDOM_STRING as u64 + 1),
        _ => return ".".repeat(1 + rng.below(3) as usize),
    };
    (0..len).map(|_| random_char(rng)).collect()
}

/// Reserved and safe ASCII, every control character, or any Unicode scalar value.
fn random_char(rng: &mut SplitMix64) -> char {
    match rng.below(4) {
        0 => *rng.pick(STRING_ALPHABET),
        1 => char::from(rng.below(0x20) as u8),
        2 => char::from(0x20 + rng.below(0x60) as u8),
        _ => loop {
            if let Some(c) = char::from_u32(rng.below(0x11_0000) as u32) {
                break c;
            }
        },
    }
}

fn random_int(long: bool, rng: &mut SplitMix64) -> i64 {
    let (min, max) = if long {
        (i64::MIN, i64::MAX)
    } else {
        (i64::from(i32::MIN), i64::from(i32::MAX))
    };
    match rng.below(3) {
        0 => *rng.pick(&[min, min + 1, max - 1, max]),
        _ => {
            // 10^k + d for d in -1..=1, either sign: where a padded text gains a character.
            let power = 10_i64.pow(rng.below(if long { 19 } else { 10 }) as u32);
            let value = power + rng.below(3) as i64 - 1;
            let value = if rng.below(2) == 0 { value } else { -value };
            value.clamp(min, max)
        }
    }
}

fn random_date(rng: &mut SplitMix64) -> i32 {
    let (first, last) = DATE_RANGE;
    // 2000-02-29, 1970-01-01 and the first and last writable days, give or take a week.
    let anchor = *rng.pick(&[first, last, 0, 11_016]);
    (anchor + rng.below(15) as i32 - 7).clamp(first, last)
}

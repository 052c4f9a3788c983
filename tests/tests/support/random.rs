//! Random Avro datums of a schema, for property tests: a small seeded PRNG and a generator that
//! walks an Avro schema (JSON) and writes a random datum of it, within the domain of accord's
//! types (decimals within their precision, UUID strings, dates and times in years 1 to 9999)
//! and biased towards the values that break code: hostile strings, extreme integers, NaN and
//! infinities, empty and large collections, every union branch and enum symbol.

use serde_json::Value as Json;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

/// SplitMix64: small, fast, and the same sequence on every platform.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i128, hi: i128) -> i128 {
        let span = (hi - lo) as u128 + 1;
        let r = ((self.next() as u128) << 64 | self.next() as u128) % span;
        lo + r as i128
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Strings that break naive code: empty, quotes and escapes, control characters, non-BMP
/// characters, line separators, RTL marks, long text.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "\"",
    "\\",
    "\u{0}",
    "\n\r\t",
    "\u{7f}\u{1b}[0m",
    "é",
    "\u{2028}\u{2029}",
    "\u{202e}abc",
    "😀👨‍👩‍👧",
    "\u{fffd}",
    "\u{ffff}",
    "null",
    "{\"a\":1}",
    "</script>",
    "'; DROP TABLE orders; --",
    "%s%n",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
];

/// Named types of a schema by full name (records, enums, fixed), as Avro resolves references.
pub struct Schema {
    /// The root schema.
    pub root: Json,
    named: HashMap<String, Json>,
    /// The unions and enums generated, for [`Schema::unchosen`].
    choices: RefCell<Choices>,
}

/// Unions and enums by address in the schema: with their number of choices (`offered`), and
/// with each choice made (`chosen`).
#[derive(Default)]
struct Choices {
    offered: BTreeSet<(usize, u64)>,
    chosen: BTreeSet<(usize, u64)>,
}

impl Schema {
    /// Parses the schema's JSON text.
    pub fn parse(text: &str) -> Schema {
        let root: Json = serde_json::from_str(text).expect("schema is JSON");
        let mut named = HashMap::new();
        collect(&root, "", &mut named);
        Schema {
            root,
            named,
            choices: RefCell::default(),
        }
    }

    /// How many union branches and enum symbols of the unions and enums reached have never
    /// been generated.
    pub fn unchosen(&self) -> usize {
        let choices = self.choices.borrow();
        choices
            .offered
            .iter()
            .map(|&(at, n)| {
                (0..n)
                    .filter(|i| !choices.chosen.contains(&(at, *i)))
                    .count()
            })
            .sum()
    }

    /// Records that the union or enum `node` of `n` choices produced choice `i`.
    fn chose(&self, node: &Json, n: u64, i: u64) {
        let at = node as *const Json as usize;
        let mut choices = self.choices.borrow_mut();
        choices.offered.insert((at, n));
        choices.chosen.insert((at, i));
    }

    /// A random datum of the root schema.
    pub fn datum(&self, rng: &mut Rng) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(&self.root, rng, 0, &mut out);
        out
    }

    fn resolve<'a>(&'a self, schema: &'a Json) -> &'a Json {
        match schema {
            Json::String(name) => self.named.get(name).unwrap_or(schema),
            _ => schema,
        }
    }

    fn write(&self, schema: &Json, rng: &mut Rng, depth: usize, out: &mut Vec<u8>) {
        let schema = self.resolve(schema);
        match schema {
            Json::Array(branches) => self.union(schema, branches, rng, depth, out),
            Json::String(primitive) => primitive_datum(primitive, rng, out),
            Json::Object(map) => {
                let kind = map["type"].as_str().unwrap_or("");
                match (kind, map.get("logicalType").and_then(Json::as_str)) {
                    ("record", _) => {
                        for field in map["fields"].as_array().unwrap() {
                            self.write(&field["type"], rng, depth + 1, out);
                        }
                    }
                    ("enum", _) => {
                        let symbols = map["symbols"].as_array().unwrap().len() as u64;
                        let symbol = rng.below(symbols);
                        self.chose(schema, symbols, symbol);
                        write_long(symbol as i64, out);
                    }
                    ("array", _) => self.blocks(rng, depth, out, |s, rng, out| {
                        s.write(&map["items"], rng, depth + 1, out)
                    }),
                    ("map", _) => self.map(map, rng, depth, out),
                    ("fixed", Some("decimal")) => {
                        let size = map["size"].as_u64().unwrap() as usize;
                        let unscaled = decimal_unscaled(map, rng);
                        let bytes = unscaled.to_be_bytes();
                        out.extend_from_slice(&bytes[16 - size..]);
                    }
                    ("fixed", _) => {
                        let size = map["size"].as_u64().unwrap();
                        out.extend((0..size).map(|_| rng.next() as u8));
                    }
                    ("bytes", Some("decimal")) => {
                        write_bytes(&minimal_be(decimal_unscaled(map, rng)), out)
                    }
                    (primitive, Some(logical)) => logical_datum(primitive, logical, rng, out),
                    ("", _) => self.write(&map["type"], rng, depth, out),
                    (primitive, None) => primitive_datum(primitive, rng, out),
                }
            }
            _ => panic!("unexpected schema {schema}"),
        }
    }

    fn union(
        &self,
        node: &Json,
        branches: &[Json],
        rng: &mut Rng,
        depth: usize,
        out: &mut Vec<u8>,
    ) {
        let null = branches.iter().position(|b| b == "null");
        let index = match null {
            Some(i) if depth > 6 => i,
            _ => {
                let index = rng.below(branches.len() as u64);
                self.chose(node, branches.len() as u64, index);
                index as usize
            }
        };
        write_long(index as i64, out);
        self.write(&branches[index], rng, depth + 1, out);
    }

    fn map(
        &self,
        map: &serde_json::Map<String, Json>,
        rng: &mut Rng,
        depth: usize,
        out: &mut Vec<u8>,
    ) {
        let mut keys = Vec::new();
        self.blocks(rng, depth, out, |s, rng, out| {
            let key = loop {
                let key = string(rng);
                if !keys.contains(&key) {
                    break key;
                }
            };
            write_bytes(key.as_bytes(), out);
            keys.push(key);
            s.write(&map["values"], rng, depth + 1, out)
        })
    }

    /// The blocks of an array or map: none, one, several, or a block with its byte size.
    fn blocks(
        &self,
        rng: &mut Rng,
        depth: usize,
        out: &mut Vec<u8>,
        mut item: impl FnMut(&Schema, &mut Rng, &mut Vec<u8>),
    ) {
        let count = match rng.below(8) {
            _ if depth > 6 => 0,
            0 | 1 => 0,
            2 => 20 + rng.below(20),
            _ => 1 + rng.below(4),
        };
        let mut left = count;
        while left > 0 {
            let block = 1 + rng.below(left);
            let mut items = Vec::new();
            for _ in 0..block {
                item(self, rng, &mut items);
            }
            if rng.one_in(3) {
                write_long(-(block as i64), out);
                write_long(items.len() as i64, out);
            } else {
                write_long(block as i64, out);
            }
            out.extend_from_slice(&items);
            left -= block;
        }
        write_long(0, out);
    }
}

fn collect(schema: &Json, namespace: &str, named: &mut HashMap<String, Json>) {
    match schema {
        Json::Array(branches) => branches.iter().for_each(|b| collect(b, namespace, named)),
        Json::Object(map) => {
            let kind = map.get("type");
            match kind.and_then(Json::as_str) {
                Some("record" | "enum" | "fixed") => {
                    let name = map["name"].as_str().unwrap();
                    let space = map
                        .get("namespace")
                        .and_then(Json::as_str)
                        .unwrap_or(namespace);
                    let full = if name.contains('.') || space.is_empty() {
                        name.to_owned()
                    } else {
                        format!("{space}.{name}")
                    };
                    named.insert(full.clone(), schema.clone());
                    let inner = full.rsplit_once('.').map_or("", |(ns, _)| ns).to_owned();
                    for field in map
                        .get("fields")
                        .and_then(Json::as_array)
                        .into_iter()
                        .flatten()
                    {
                        collect(&field["type"], &inner, named);
                    }
                }
                Some("array") => collect(&map["items"], namespace, named),
                Some("map") => collect(&map["values"], namespace, named),
                _ => {
                    if let Some(inner) = kind {
                        collect(inner, namespace, named)
                    }
                }
            }
        }
        _ => {}
    }
}

/// Zig-zag varint.
pub fn write_long(value: i64, out: &mut Vec<u8>) {
    let mut n = ((value << 1) ^ (value >> 63)) as u64;
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn write_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    write_long(bytes.len() as i64, out);
    out.extend_from_slice(bytes);
}

/// An integer of `bits` bits, often an extreme one.
fn integer(rng: &mut Rng, bits: u32) -> i64 {
    let (min, max) = if bits == 32 {
        (i32::MIN as i64, i32::MAX as i64)
    } else {
        (i64::MIN, i64::MAX)
    };
    match rng.below(6) {
        0 => *rng.pick(&[min, max, 0, -1, 1, min + 1, max - 1]),
        1 => rng.range(-1000, 1000) as i64,
        _ => rng.range(min as i128, max as i128) as i64,
    }
}

fn string(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 | 1 => rng.pick(HOSTILE).to_string(),
        2 => "x".repeat(rng.below(300) as usize),
        _ => (0..rng.below(12))
            .map(|_| loop {
                let c = match rng.below(4) {
                    0 => rng.range(0, 0x7f),
                    1 => rng.range(0x80, 0x7ff),
                    2 => rng.range(0x800, 0xffff),
                    _ => rng.range(0x10000, 0x10ffff),
                };
                if let Some(c) = char::from_u32(c as u32) {
                    break c;
                }
            })
            .collect(),
    }
}

fn primitive_datum(primitive: &str, rng: &mut Rng, out: &mut Vec<u8>) {
    match primitive {
        "null" => {}
        "boolean" => out.push(rng.below(2) as u8),
        "int" => write_long(integer(rng, 32), out),
        "long" => write_long(integer(rng, 64), out),
        "float" => {
            let special = [
                f32::NAN,
                f32::INFINITY,
                f32::NEG_INFINITY,
                -0.0,
                f32::MAX,
                f32::MIN_POSITIVE,
                1e-45,
            ];
            let x = match rng.below(3) {
                0 => *rng.pick(&special),
                _ => f32::from_bits(rng.next() as u32),
            };
            let x = if x.is_nan() { f32::NAN } else { x };
            out.extend_from_slice(&x.to_le_bytes());
        }
        "double" => {
            let special = [
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                -0.0,
                f64::MAX,
                f64::MIN_POSITIVE,
                5e-324,
                0.1,
            ];
            let x = match rng.below(3) {
                0 => *rng.pick(&special),
                _ => f64::from_bits(rng.next()),
            };
            let x = if x.is_nan() { f64::NAN } else { x };
            out.extend_from_slice(&x.to_le_bytes());
        }
        "string" => write_bytes(string(rng).as_bytes(), out),
        "bytes" => {
            let len = *rng.pick(&[0, 1, 3, 17, 300]);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            write_bytes(&bytes, out)
        }
        other => panic!("unknown primitive {other}"),
    }
}

/// Years 1 to 9999, the domain of dates and times in accord's JSON encoding and in Python.
const MIN_DAY: i128 = -719_162;
const MAX_DAY: i128 = 2_932_896;
const MIN_SECOND: i128 = -62_135_596_800;
const MAX_SECOND: i128 = 253_402_300_799;

fn logical_datum(primitive: &str, logical: &str, rng: &mut Rng, out: &mut Vec<u8>) {
    let edge = rng.one_in(4);
    let pick = |rng: &mut Rng, lo: i128, hi: i128| {
        if edge {
            *rng.pick(&[lo, hi, 0])
        } else {
            rng.range(lo, hi)
        }
    };
    let value = match logical {
        "uuid" => {
            let n = rng.next() as u128 | (rng.next() as u128) << 64;
            let text = format!("{:032x}", n);
            let uuid = format!(
                "{}-{}-{}-{}-{}",
                &text[..8],
                &text[8..12],
                &text[12..16],
                &text[16..20],
                &text[20..]
            );
            return write_bytes(uuid.as_bytes(), out);
        }
        "date" => pick(rng, MIN_DAY, MAX_DAY),
        "time-millis" => pick(rng, 0, 86_399_999),
        "time-micros" => pick(rng, 0, 86_399_999_999),
        "timestamp-millis" | "local-timestamp-millis" => {
            pick(rng, MIN_SECOND * 1000, MAX_SECOND * 1000 + 999)
        }
        "timestamp-micros" | "local-timestamp-micros" => pick(
            rng,
            MIN_SECOND * 1_000_000,
            MAX_SECOND * 1_000_000 + 999_999,
        ),
        _ => return primitive_datum(primitive, rng, out),
    };
    write_long(value as i64, out)
}

/// The unscaled value of a random decimal within the schema's precision.
fn decimal_unscaled(map: &serde_json::Map<String, Json>, rng: &mut Rng) -> i128 {
    let precision = map["precision"].as_u64().unwrap() as u32;
    let max = 10i128.pow(precision) - 1;
    match rng.below(4) {
        0 => *rng.pick(&[max, -max, 0, 1, -1]),
        1 => rng.range(-10_000, 10_000),
        _ => rng.range(-max, max),
    }
}

/// The shortest two's-complement big-endian bytes of `n`.
fn minimal_be(n: i128) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let mut start = 0;
    while start < 15 {
        let (b, next) = (bytes[start], bytes[start + 1]);
        if (b == 0 && next & 0x80 == 0) || (b == 0xff && next & 0x80 != 0) {
            start += 1;
        } else {
            break;
        }
    }
    bytes[start..].to_vec()
}

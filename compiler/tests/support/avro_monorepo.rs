//! A seeded synthetic monorepo of Avro schemas (`.avsc`), the input of `scripts/bench-scale.sh`:
//! what a team adopting accord already has, to be turned into contracts by `accord import avro`.
//!
//! One `.avsc` per top-level record in `<out>/<namespace as directories>/<Name>.avsc`, in about
//! `records / 12` namespaces. Each record has 5-40 fields: primitives, the logical types `uuid`,
//! `date`, `timestamp-millis` and `decimal`, nested records (up to 4 deep, some in a sub-namespace),
//! enums, arrays, maps, optional fields (`["null", T]` with a `null` default), defaults, docs, and
//! by-name references to named types defined earlier in the file, some across namespaces: the
//! shared types of `acme.common` are defined inline where a file first uses them and named after
//! that, as every self-contained `.avsc` must (each file parses on its own).
//!
//! Independent of `synth.rs` (the contract generator); deterministic for given parameters.
//! Also writes the pathological inputs of the benchmark: a chain of records each holding the next
//! ([`deep_chain_avsc`], [`deep_chain_contract`]) and one very wide record ([`wide_avsc`]).

use serde_json::{json, Value as Json};
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Top-level records, one `.avsc` file each.
    pub records: usize,
    /// Seed of the generator.
    pub seed: u64,
}

/// Counts of what was generated (every named type counted once, where it is defined).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    /// `.avsc` files (= top-level records).
    pub files: usize,
    /// Namespaces of the top-level records.
    pub namespaces: usize,
    /// Fields of every record definition, nested ones included.
    pub fields: usize,
    /// Record definitions below the top level (shared `acme.common` records included).
    pub nested_records: usize,
    /// Enum definitions.
    pub enums: usize,
    /// Fields of type `["null", T]` with a `null` default.
    pub optionals: usize,
    /// Array types.
    pub arrays: usize,
    /// Map types.
    pub maps: usize,
    /// Uses of a logical type.
    pub logical: usize,
    /// References by name to a named type defined earlier in the same file.
    pub references: usize,
    /// References by name to a type of another namespace.
    pub cross_namespace_references: usize,
    /// Fields with a default (the `null` of optionals included).
    pub defaults: usize,
    /// Distinct named types over all files (a shared type defined in many files counts once):
    /// the types the import should produce.
    pub named_types: usize,
    /// Bytes of every `.avsc` file.
    pub bytes: usize,
}

/// One generated file: its path relative to the output directory, and its text.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Relative path, `/`-separated.
    pub path: String,
    /// JSON text.
    pub text: String,
}

/// The deepest nesting of records below a top-level record.
pub const MAX_DEPTH: usize = 4;

const AREAS: [&str; 8] = [
    "billing",
    "orders",
    "catalog",
    "shipping",
    "identity",
    "payments",
    "inventory",
    "marketing",
];
const NOUNS: [&str; 16] = [
    "Order",
    "Invoice",
    "Customer",
    "Shipment",
    "Product",
    "Payment",
    "Account",
    "Refund",
    "Parcel",
    "Voucher",
    "Ledger",
    "Session",
    "Review",
    "Basket",
    "Carrier",
    "Warehouse",
];
const WORDS: [&str; 32] = [
    "id",
    "name",
    "status",
    "amount",
    "created",
    "updated",
    "owner",
    "region",
    "label",
    "code",
    "note",
    "total",
    "count",
    "price",
    "weight",
    "source",
    "target",
    "reason",
    "channel",
    "score",
    "priority",
    "quantity",
    "reference",
    "email",
    "phone",
    "country",
    "currency",
    "tag",
    "version",
    "kind",
    "detail",
    "comment",
];
const SYMBOLS: [&str; 16] = [
    "UNKNOWN", "NEW", "OPEN", "ACTIVE", "PENDING", "CLOSED", "FAILED", "DONE", "LOW", "HIGH",
    "RED", "GREEN", "BLUE", "EU", "US", "APAC",
];

/// SplitMix64: small, fast, stable across platforms and releases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Writes the monorepo into `out` (directories created as needed) and returns its counts.
pub fn generate(params: &Params, out: &Path) -> std::io::Result<Stats> {
    let (files, stats) = render(params);
    for file in &files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &file.text)?;
    }
    Ok(stats)
}

/// Number of namespaces for `records` top-level records (about one per 12 records).
pub fn namespace_count(records: usize) -> usize {
    records.div_ceil(12).max(1)
}

/// The monorepo in memory, files in generation order.
pub fn render(params: &Params) -> (Vec<OutFile>, Stats) {
    let mut rng = Rng(params.seed ^ 0xa5a5_0f0f_1234_5678);
    let mut stats = Stats {
        namespaces: namespace_count(params.records),
        ..Stats::default()
    };
    let mut files = Vec::with_capacity(params.records);
    let mut named = std::collections::BTreeSet::new();
    for index in 0..params.records {
        let namespace = namespace_name(index % stats.namespaces);
        let name = format!("{}{index}", NOUNS[index % NOUNS.len()]);
        let mut file = FileBuilder {
            rng: &mut rng,
            stats: &mut stats,
            top: name.clone(),
            defined: Vec::new(),
            counter: 0,
        };
        let schema = file.record(&name, &namespace, None, 0);
        named.extend(file.defined.into_iter().map(|d| d.full_name));
        let text = serde_json::to_string_pretty(&schema).expect("JSON values serialize") + "\n";
        stats.bytes += text.len();
        stats.files += 1;
        files.push(OutFile {
            path: format!("{}/{name}.avsc", namespace.replace('.', "/")),
            text,
        });
    }
    stats.named_types = named.len();
    (files, stats)
}

fn namespace_name(index: usize) -> String {
    format!("acme.{}.s{index}", AREAS[index % AREAS.len()])
}

/// A named type defined earlier in the file being built.
struct Defined {
    full_name: String,
    namespace: String,
    /// A default literal for a field of this type (enums only: their first symbol).
    default: Option<Json>,
}

struct FileBuilder<'a> {
    rng: &'a mut Rng,
    stats: &'a mut Stats,
    /// Name of the top-level record, the prefix of every type defined in the file.
    top: String,
    defined: Vec<Defined>,
    counter: usize,
}

/// A field type and a default that suits it (if the generator chose to give one).
struct Typed {
    schema: Json,
    default: Option<Json>,
}

impl Typed {
    fn plain(schema: Json) -> Typed {
        Typed {
            schema,
            default: None,
        }
    }
}

impl FileBuilder<'_> {
    /// A name no other type of the file has: the top record's name, the field's, and a counter
    /// after an underscore (a field `label_1` and a counter 3 would otherwise give `Label13`,
    /// as `label` and 13 do).
    fn fresh_name(&mut self, field: &str) -> String {
        self.counter += 1;
        format!("{}{}_{}", self.top, pascal(field), self.counter)
    }

    /// A record definition with 5-40 fields at the top, fewer deeper down.
    fn record(
        &mut self,
        name: &str,
        namespace: &str,
        parent_ns: Option<&str>,
        depth: usize,
    ) -> Json {
        let count = match depth {
            0 => 5 + self.rng.below(36),
            _ => 2 + self.rng.below(9 - depth),
        };
        let mut fields = Vec::with_capacity(count);
        let mut used = Vec::with_capacity(count);
        for i in 0..count {
            let mut field_name = WORDS[self.rng.below(WORDS.len())].to_string();
            if used.contains(&field_name) {
                field_name = format!("{field_name}_{i}");
            }
            used.push(field_name.clone());
            fields.push(self.field(&field_name, namespace, depth));
        }
        self.stats.fields += count;
        let mut record = json!({"type": "record", "name": name});
        if parent_ns != Some(namespace) {
            record["namespace"] = json!(namespace);
        }
        if depth == 0 || self.rng.chance(40) {
            record["doc"] = json!(format!("{name}: synthetic record at depth {depth}."));
        }
        record["fields"] = Json::Array(fields);
        self.defined.push(Defined {
            full_name: format!("{namespace}.{name}"),
            namespace: namespace.to_string(),
            default: None,
        });
        record
    }

    fn field(&mut self, name: &str, namespace: &str, depth: usize) -> Json {
        let mut field = json!({"name": name});
        if self.rng.chance(25) {
            field["doc"] = json!(format!("The {} of this record.", name.replace('_', " ")));
        }
        let optional = self.rng.chance(27);
        let typed = self.field_type(name, namespace, depth);
        if optional {
            self.stats.optionals += 1;
            self.stats.defaults += 1;
            field["type"] = json!(["null", typed.schema]);
            field["default"] = Json::Null;
        } else {
            field["type"] = typed.schema;
            if let Some(default) = typed.default {
                self.stats.defaults += 1;
                field["default"] = default;
            }
        }
        field
    }

    fn field_type(&mut self, field: &str, namespace: &str, depth: usize) -> Typed {
        let roll = self.rng.below(100);
        match roll {
            0..=5 if depth < MAX_DEPTH => Typed::plain(self.nested(field, namespace, depth)),
            0..=12 => self.new_enum(field, namespace),
            13..=17 => self.reference(namespace),
            18..=19 => self.common(),
            20..=29 => {
                self.stats.arrays += 1;
                let items = self.element(field, namespace, depth);
                let default = self.rng.chance(30).then(|| json!([]));
                Typed {
                    schema: json!({"type": "array", "items": items}),
                    default,
                }
            }
            30..=34 => {
                self.stats.maps += 1;
                let values = self.element(field, namespace, depth);
                let default = self.rng.chance(30).then(|| json!({}));
                Typed {
                    schema: json!({"type": "map", "values": values}),
                    default,
                }
            }
            35..=48 => Typed::plain(self.logical()),
            _ => self.primitive(),
        }
    }

    /// The items of an array or values of a map: never optional, never with a default.
    fn element(&mut self, field: &str, namespace: &str, depth: usize) -> Json {
        match self.rng.below(10) {
            0 if depth < MAX_DEPTH => self.nested(field, namespace, depth),
            2 => self.reference(namespace).schema,
            3 => self.logical(),
            _ => self.primitive().schema,
        }
    }

    fn nested(&mut self, field: &str, namespace: &str, depth: usize) -> Json {
        self.stats.nested_records += 1;
        let name = self.fresh_name(field);
        let target = if self.rng.chance(10) {
            format!("{namespace}.types")
        } else {
            namespace.to_string()
        };
        self.record(&name, &target, Some(namespace), depth + 1)
    }

    fn new_enum(&mut self, field: &str, namespace: &str) -> Typed {
        self.stats.enums += 1;
        let name = self.fresh_name(field);
        let start = self.rng.below(SYMBOLS.len());
        let count = 2 + self.rng.below(7);
        let symbols: Vec<&str> = (0..count)
            .map(|i| SYMBOLS[(start + i) % SYMBOLS.len()])
            .collect();
        let mut schema = json!({"type": "enum", "name": name, "symbols": symbols});
        if self.rng.chance(30) {
            schema["doc"] = json!(format!("Values of {field}."));
        }
        if self.rng.chance(40) {
            schema["default"] = json!(symbols[0]);
        }
        self.defined.push(Defined {
            full_name: format!("{namespace}.{name}"),
            namespace: namespace.to_string(),
            default: Some(json!(symbols[0])),
        });
        let default = self.rng.chance(40).then(|| json!(symbols[0]));
        Typed { schema, default }
    }

    /// A by-name reference to a complete named type of this file, else a new enum.
    fn reference(&mut self, namespace: &str) -> Typed {
        if self.defined.is_empty() {
            return self.primitive();
        }
        let target = &self.defined[self.rng.below(self.defined.len())];
        self.stats.references += 1;
        let name = if target.namespace == namespace {
            target.full_name[namespace.len() + 1..].to_string()
        } else {
            self.stats.cross_namespace_references += 1;
            target.full_name.clone()
        };
        let default = target.default.clone().filter(|_| self.rng.chance(30));
        Typed {
            schema: json!(name),
            default,
        }
    }

    /// One of the shared `acme.common` types: defined inline at its first use in the file,
    /// referenced by full name after that.
    fn common(&mut self) -> Typed {
        let which = self.rng.below(3);
        let name = ["Money", "Address", "Audit"][which];
        let full = format!("acme.common.{name}");
        if self.defined.iter().any(|d| d.full_name == full) {
            self.stats.references += 1;
            self.stats.cross_namespace_references += 1;
            return Typed::plain(json!(full));
        }
        let (fields, doc) = match which {
            0 => (
                vec![
                    json!({"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 2}}),
                    self.currency_field(),
                ],
                "An amount of money.",
            ),
            1 => (
                vec![
                    json!({"name": "street", "type": "string"}),
                    json!({"name": "city", "type": "string"}),
                    json!({"name": "postcode", "type": ["null", "string"], "default": null}),
                    json!({"name": "country", "type": "string", "default": "DE"}),
                ],
                "A postal address.",
            ),
            _ => (
                vec![
                    json!({"name": "created_at", "type": {"type": "long", "logicalType": "timestamp-millis"}}),
                    json!({"name": "created_by", "type": "string"}),
                    json!({"name": "trace_id", "type": {"type": "string", "logicalType": "uuid"}}),
                ],
                "Who changed a record, and when.",
            ),
        };
        self.stats.nested_records += 1;
        self.stats.fields += fields.len();
        self.defined.push(Defined {
            full_name: full,
            namespace: "acme.common".to_string(),
            default: None,
        });
        Typed::plain(json!({
            "type": "record", "name": name, "namespace": "acme.common", "doc": doc, "fields": fields,
        }))
    }

    /// `currency` of `Money`: the shared `Currency` enum, inline at its first use.
    fn currency_field(&mut self) -> Json {
        let full = "acme.common.Currency";
        if self.defined.iter().any(|d| d.full_name == full) {
            self.stats.references += 1;
            return json!({"name": "currency", "type": "Currency"});
        }
        self.stats.enums += 1;
        self.defined.push(Defined {
            full_name: full.to_string(),
            namespace: "acme.common".to_string(),
            default: Some(json!("EUR")),
        });
        json!({"name": "currency", "type": {"type": "enum", "name": "Currency", "symbols": ["EUR", "USD", "GBP", "JPY"], "default": "EUR"}})
    }

    fn logical(&mut self) -> Json {
        self.stats.logical += 1;
        match self.rng.below(4) {
            0 => json!({"type": "string", "logicalType": "uuid"}),
            1 => json!({"type": "int", "logicalType": "date"}),
            2 => json!({"type": "long", "logicalType": "timestamp-millis"}),
            _ => {
                let precision = 4 + self.rng.below(35);
                let scale = self.rng.below(precision.min(8) + 1);
                json!({"type": "bytes", "logicalType": "decimal", "precision": precision, "scale": scale})
            }
        }
    }

    fn primitive(&mut self) -> Typed {
        let (schema, default) = match self.rng.below(7) {
            0 | 1 => ("string", json!("")),
            2 => ("int", json!(0)),
            3 => ("long", json!(0)),
            4 => ("double", json!(0.5)),
            5 => ("boolean", json!(false)),
            _ => ("bytes", json!("")),
        };
        let default = self.rng.chance(20).then_some(default);
        Typed {
            schema: json!(schema),
            default,
        }
    }
}

fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// One `.avsc` holding a chain of `length` records, each inline in the field `next` of the one
/// before (the last holds a string): JSON nested about `3 * length` deep.
pub fn deep_chain_avsc(length: usize) -> String {
    // Written as text, outermost record first: serde_json would refuse to print (or parse)
    // nesting this deep.
    let mut text = String::new();
    for i in 0..length {
        let namespace = if i == 0 {
            "\"namespace\": \"acme.chain\", "
        } else {
            ""
        };
        text.push_str(&format!(
            "{{\"type\": \"record\", \"name\": \"Link{i}\", {namespace}\"fields\": [{{\"name\": \"value\", \"type\": \"string\"}}"
        ));
        if i + 1 < length {
            text.push_str(", {\"name\": \"next\", \"type\": ");
        }
    }
    text.push_str("]}");
    for _ in 1..length {
        text.push_str("}]}");
    }
    text + "\n"
}

/// The same chain as a contract file (`package acme.chain;`): each record names the next, so the
/// source is flat; the generated Avro of `Link0` nests all of them.
pub fn deep_chain_contract(length: usize) -> String {
    let mut text = String::from("package acme.chain;\n\n");
    for i in 0..length {
        text.push_str(&format!("record Link{i} {{\n  value: string;\n"));
        if i + 1 < length {
            text.push_str(&format!("  next: Link{};\n", i + 1));
        }
        text.push_str("}\n\n");
    }
    text
}

/// One `.avsc` with a single record of `fields` fields (cycling through primitives, optionals
/// and logical types).
pub fn wide_avsc(fields: usize) -> String {
    let kinds = [
        "\"string\"",
        "\"long\"",
        "[\"null\", \"string\"], \"default\": null",
        "{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}",
        "\"double\"",
    ];
    let mut text = String::from(
        "{\"type\": \"record\", \"name\": \"Wide\", \"namespace\": \"acme.wide\", \"fields\": [\n",
    );
    for i in 0..fields {
        let sep = if i + 1 < fields { "," } else { "" };
        text.push_str(&format!(
            "  {{\"name\": \"f{i}\", \"type\": {}}}{sep}\n",
            kinds[i % kinds.len()]
        ));
    }
    text.push_str("]}\n");
    text
}

//! A deterministic generator of random Avro schemas and random evolutions of them, shared by the
//! differential test and the benchmark. Schemas are built as JSON values.

#![allow(dead_code)]

use serde_json::{json, Map, Value};

/// splitmix64: a tiny, good-enough deterministic PRNG.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`%.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];
const NAMESPACES: [&str; 4] = ["a", "a.b", "c", "org.x"];
const SYMBOLS: [&str; 6] = ["A", "B", "C", "D", "E", "F"];
const FIELD_NAMES: [&str; 10] = [
    "id", "name", "value", "count", "tags", "kind", "at", "next", "data", "extra",
];

/// Generates one random schema document.
pub struct Generator<'r> {
    rng: &'r mut Rng,
    /// Full names of the named types defined so far (recursive references included).
    defs: Vec<String>,
    counter: usize,
}

impl<'r> Generator<'r> {
    pub fn new(rng: &'r mut Rng) -> Self {
        Generator {
            rng,
            defs: Vec::new(),
            counter: 0,
        }
    }

    /// A random top-level schema: usually a record.
    pub fn schema(mut self) -> Value {
        if self.rng.chance(85) {
            self.record(0, None)
        } else {
            self.any(1, None)
        }
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    /// `name`/`namespace` members of a new named type, relative to the enclosing namespace.
    fn name_members(
        &mut self,
        prefix: &str,
        enclosing: Option<&str>,
    ) -> (Map<String, Value>, Option<String>) {
        let short = self.fresh(prefix);
        let space: Option<String> = match self.rng.below(4) {
            0 => None,
            1 => enclosing.map(str::to_string),
            _ => Some(self.rng.pick(&NAMESPACES).to_string()),
        };
        let mut members = Map::new();
        match (&space, enclosing, self.rng.below(3)) {
            (Some(s), _, 0) => {
                members.insert("name".into(), json!(format!("{s}.{short}")));
            }
            (Some(s), e, _) if e == Some(s.as_str()) && self.rng.chance(50) => {
                members.insert("name".into(), json!(short));
            }
            (Some(s), _, _) => {
                members.insert("name".into(), json!(short));
                members.insert("namespace".into(), json!(s));
            }
            (None, None, _) => {
                members.insert("name".into(), json!(short));
            }
            (None, Some(_), _) => {
                members.insert("name".into(), json!(short));
                members.insert("namespace".into(), json!(""));
            }
        }
        let full = match &space {
            Some(s) => format!("{s}.{short}"),
            None => short,
        };
        if self.rng.chance(15) {
            members.insert("aliases".into(), json!([format!("Old{}", self.counter)]));
        }
        if self.rng.chance(10) {
            members.insert("doc".into(), json!("generated"));
        }
        (members, Some(full))
    }

    fn any(&mut self, depth: usize, space: Option<&str>) -> Value {
        let deep = depth >= 3;
        match self.rng.below(if deep { 4 } else { 12 }) {
            0 | 1 => json!(*self.rng.pick(&PRIMITIVES)),
            2 => self.logical(),
            3 => self.reference().unwrap_or_else(|| json!("string")),
            4 => self.record(depth, space),
            5 => self.enumeration(space),
            6 => self.fixed(space),
            7 => json!({"type": "array", "items": self.any(depth + 1, space)}),
            8 => json!({"type": "map", "values": self.any(depth + 1, space)}),
            _ => self.union(depth, space),
        }
    }

    fn logical(&mut self) -> Value {
        match self.rng.below(6) {
            0 => json!({"type": "int", "logicalType": "date"}),
            1 => {
                json!({"type": "long", "logicalType": *self.rng.pick(&["timestamp-millis", "timestamp-micros"])})
            }
            2 => {
                json!({"type": "bytes", "logicalType": "decimal", "precision": 4 + self.rng.below(8), "scale": self.rng.below(3)})
            }
            3 => json!({"type": "string", "logicalType": "uuid"}),
            4 => json!({"type": "int", "logicalType": "time-millis"}),
            _ => json!({"type": "long", "x-custom": "kept"}),
        }
    }

    /// A reference (by full name) to an earlier named type, recursive ones included.
    fn reference(&mut self) -> Option<Value> {
        if self.defs.is_empty() {
            return None;
        }
        Some(json!(self.rng.pick(&self.defs).clone()))
    }

    fn union(&mut self, depth: usize, space: Option<&str>) -> Value {
        let mut branches: Vec<Value> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        if self.rng.chance(70) {
            branches.push(json!("null"));
            keys.push("null".into());
        }
        for _ in 0..1 + self.rng.below(3) {
            let branch = self.any(depth + 1, space);
            let key = union_key(&branch, space);
            if branch.is_array() || keys.contains(&key) {
                continue;
            }
            keys.push(key);
            branches.push(branch);
        }
        Value::Array(branches)
    }

    fn enumeration(&mut self, space: Option<&str>) -> Value {
        let (mut members, full) = self.name_members("E", space);
        let count = 1 + self.rng.below(SYMBOLS.len());
        let symbols: Vec<&str> = SYMBOLS[..count].to_vec();
        members.insert("type".into(), json!("enum"));
        members.insert("symbols".into(), json!(symbols));
        if self.rng.chance(30) {
            members.insert("default".into(), json!(*self.rng.pick(&symbols)));
        }
        self.defs.push(full.unwrap_or_default());
        Value::Object(members)
    }

    fn fixed(&mut self, space: Option<&str>) -> Value {
        let (mut members, full) = self.name_members("F", space);
        members.insert("type".into(), json!("fixed"));
        members.insert("size".into(), json!(1 + self.rng.below(16)));
        if self.rng.chance(15) {
            members.insert("logicalType".into(), json!("decimal"));
            members.insert("precision".into(), json!(2));
        }
        self.defs.push(full.unwrap_or_default());
        Value::Object(members)
    }

    fn record(&mut self, depth: usize, space: Option<&str>) -> Value {
        let (mut members, full) = self.name_members("R", space);
        let full = full.unwrap_or_default();
        let inner = full.rsplit_once('.').map(|(s, _)| s.to_string());
        self.defs.push(full.clone());
        let mut fields = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        for _ in 0..1 + self.rng.below(if depth == 0 { 6 } else { 3 }) {
            let name = *self.rng.pick(&FIELD_NAMES);
            if names.contains(&name) {
                continue;
            }
            names.push(name);
            let ty = self.any(depth + 1, inner.as_deref());
            let mut field = Map::new();
            field.insert("name".into(), json!(name));
            if self.rng.chance(35) {
                if let Some(default) = default_for(&ty) {
                    field.insert("default".into(), default);
                }
            }
            field.insert("type".into(), ty);
            if self.rng.chance(10) {
                field.insert("aliases".into(), json!([format!("{name}_old")]));
            }
            fields.push(Value::Object(field));
        }
        members.insert("type".into(), json!("record"));
        members.insert("fields".into(), Value::Array(fields));
        Value::Object(members)
    }
}

/// What makes a union branch distinct (its full name, or its type).
fn union_key(branch: &Value, space: Option<&str>) -> String {
    match branch {
        Value::String(s) => s.clone(),
        Value::Object(o) => {
            let ty = o.get("type").and_then(Value::as_str).unwrap_or("");
            match (ty, o.get("name").and_then(Value::as_str)) {
                ("record" | "enum" | "fixed", Some(name)) => {
                    let ns = o
                        .get("namespace")
                        .and_then(Value::as_str)
                        .or(space)
                        .unwrap_or("");
                    if name.contains('.') || ns.is_empty() {
                        name.to_string()
                    } else {
                        format!("{ns}.{name}")
                    }
                }
                _ => ty.to_string(),
            }
        }
        _ => "union".into(),
    }
}

/// A valid default value for type `ty`, if one is easy to build. References to named types are not
/// followed (`None`), so no default ever reaches a record whose fields are still open.
pub fn default_for(ty: &Value) -> Option<Value> {
    match ty {
        Value::String(s) => primitive_default(s),
        Value::Array(branches) => branches.first().and_then(default_for),
        Value::Object(o) => match o.get("type").and_then(Value::as_str)? {
            "array" => Some(json!([])),
            "map" => Some(json!({})),
            "enum" => o.get("symbols")?.get(0).cloned(),
            "fixed" => Some(json!("")),
            "record" => {
                let mut value = Map::new();
                for field in o.get("fields")?.as_array()? {
                    if field.get("default").is_some() {
                        continue;
                    }
                    let name = field.get("name")?.as_str()?;
                    value.insert(name.into(), default_for(field.get("type")?)?);
                }
                Some(Value::Object(value))
            }
            other => primitive_default(other),
        },
        _ => None,
    }
}

fn primitive_default(name: &str) -> Option<Value> {
    Some(match name {
        "null" => Value::Null,
        "boolean" => json!(true),
        "int" | "long" => json!(7),
        "float" | "double" => json!(1.5),
        "bytes" | "string" => json!("x"),
        _ => return None,
    })
}

// ------------------------------------------------------------------------------------- evolutions

/// A JSON pointer to a type position in a document.
type Path = Vec<PathStep>;

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn get_mut<'v>(root: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    path.iter().try_fold(root, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k.as_str()),
        PathStep::Index(i) => v.get_mut(*i),
    })
}

/// Every type position of the document (root, field types, items, values, union branches).
fn type_positions(value: &Value, path: &mut Path, out: &mut Vec<Path>) {
    out.push(path.clone());
    match value {
        Value::Array(branches) => {
            for (i, b) in branches.iter().enumerate() {
                path.push(PathStep::Index(i));
                type_positions(b, path, out);
                path.pop();
            }
        }
        Value::Object(o) => {
            for key in ["items", "values"] {
                if let Some(inner) = o.get(key) {
                    path.push(PathStep::Key(key.into()));
                    type_positions(inner, path, out);
                    path.pop();
                }
            }
            if let Some(Value::Array(fields)) = o.get("fields") {
                for (i, f) in fields.iter().enumerate() {
                    if let Some(ty) = f.get("type") {
                        path.extend([
                            PathStep::Key("fields".into()),
                            PathStep::Index(i),
                            PathStep::Key("type".into()),
                        ]);
                        type_positions(ty, path, out);
                        path.truncate(path.len() - 3);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Rewrites every string type reference `old` to `new`.
fn rename_references(value: &mut Value, old: &str, new: &str) {
    let mut positions = Vec::new();
    type_positions(value, &mut Vec::new(), &mut positions);
    for path in positions {
        if let Some(v) = get_mut(value, &path) {
            if v.as_str() == Some(old) {
                *v = json!(new);
            }
        }
    }
}

/// A random evolution of `schema`: one to three mutations.
pub fn evolve(schema: &Value, rng: &mut Rng) -> Value {
    let mut out = schema.clone();
    for _ in 0..1 + rng.below(3) {
        mutate(&mut out, rng);
    }
    out
}

fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut positions = Vec::new();
    type_positions(doc, &mut Vec::new(), &mut positions);
    let path = rng.pick(&positions).clone();
    let snapshot = doc.clone();
    let Some(target) = get_mut(doc, &path) else {
        return;
    };
    match target {
        Value::Object(o) if o.get("type").and_then(Value::as_str) == Some("record") => {
            mutate_record(o, rng)
        }
        Value::Object(o) if o.get("type").and_then(Value::as_str) == Some("enum") => {
            mutate_enum(o, rng)
        }
        Value::Object(o) if o.get("type").and_then(Value::as_str) == Some("fixed") => {
            mutate_fixed(o, rng)
        }
        Value::Array(branches) => mutate_union(branches, rng),
        _ => mutate_plain(target, rng),
    }
    if rng.chance(12) {
        rename_some_type(doc, &snapshot, rng);
    }
}

const PROMOTIONS: [(&str, &str); 10] = [
    ("int", "long"),
    ("int", "float"),
    ("int", "double"),
    ("long", "float"),
    ("long", "double"),
    ("float", "double"),
    ("string", "bytes"),
    ("bytes", "string"),
    ("long", "int"),
    ("double", "float"),
];

fn mutate_plain(target: &mut Value, rng: &mut Rng) {
    let name = target.as_str().map(str::to_string).or_else(|| {
        target
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    match rng.below(6) {
        0 | 1 => {
            let options: Vec<&str> = PROMOTIONS
                .iter()
                .filter(|(w, _)| Some(*w) == name.as_deref())
                .map(|(_, r)| *r)
                .collect();
            *target = json!(if options.is_empty() {
                *rng.pick(&PRIMITIVES)
            } else {
                *rng.pick(&options)
            });
        }
        2 => *target = json!(["null", target.clone()]),
        3 => *target = json!({"type": "array", "items": target.clone()}),
        4 => {
            if let Some(o) = target.as_object_mut() {
                match o.get("logicalType").and_then(Value::as_str) {
                    Some("timestamp-millis") => {
                        o.insert("logicalType".into(), json!("timestamp-micros"));
                    }
                    Some("decimal") => {
                        o.insert("scale".into(), json!(5));
                    }
                    _ => {
                        o.remove("logicalType");
                    }
                }
            } else if name.as_deref() == Some("long") {
                *target = json!({"type": "long", "logicalType": "timestamp-millis"});
            }
        }
        _ => match target.as_object_mut() {
            Some(o) if o.contains_key("items") => {
                o.insert("items".into(), json!(*rng.pick(&PRIMITIVES)));
            }
            Some(o) if o.contains_key("values") => {
                o.insert("values".into(), json!(*rng.pick(&PRIMITIVES)));
            }
            _ => *target = json!({"type": "map", "values": target.clone()}),
        },
    }
}

fn mutate_union(branches: &mut Vec<Value>, rng: &mut Rng) {
    match rng.below(4) {
        0 if branches.len() > 1 => {
            branches.remove(rng.below(branches.len()));
        }
        1 => {
            let extra = json!(*rng.pick(&PRIMITIVES));
            if !branches.contains(&extra) {
                branches.insert(rng.below(branches.len() + 1), extra);
            }
        }
        2 if branches.len() > 1 => {
            let last = branches.len() - 1;
            branches.swap(0, last);
        }
        _ => {
            if let Some(b) = branches.iter_mut().find(|b| b.is_string()) {
                mutate_plain(b, rng);
            }
        }
    }
}

fn mutate_enum(o: &mut Map<String, Value>, rng: &mut Rng) {
    let Some(Value::Array(symbols)) = o.get_mut("symbols") else {
        return;
    };
    match rng.below(4) {
        0 => {
            if let Some(s) = SYMBOLS.iter().find(|s| !symbols.contains(&json!(**s))) {
                symbols.push(json!(*s));
            }
        }
        1 if symbols.len() > 1 => {
            let removed = symbols.remove(rng.below(symbols.len()));
            if o.get("default") == Some(&removed) {
                o.remove("default");
            }
        }
        2 => {
            let first = symbols.first().cloned();
            match first {
                Some(first) if !o.contains_key("default") => {
                    o.insert("default".into(), first);
                }
                _ => {
                    o.remove("default");
                }
            }
        }
        _ => {
            o.insert("symbols".into(), json!(["Z"]));
            o.remove("default");
        }
    }
}

fn mutate_fixed(o: &mut Map<String, Value>, rng: &mut Rng) {
    if rng.chance(60) {
        let size = o.get("size").and_then(Value::as_u64).unwrap_or(1);
        o.insert("size".into(), json!(size + 1));
    } else {
        *o = Map::from_iter([("type".into(), json!("bytes"))]);
    }
}

fn mutate_record(o: &mut Map<String, Value>, rng: &mut Rng) {
    let Some(Value::Array(fields)) = o.get_mut("fields") else {
        return;
    };
    let taken: Vec<String> = fields
        .iter()
        .filter_map(|f| f.get("name")?.as_str().map(str::to_string))
        .collect();
    match rng.below(7) {
        0 | 1 => {
            let Some(name) = FIELD_NAMES.iter().find(|n| !taken.contains(&n.to_string())) else {
                return;
            };
            let ty = json!(*rng.pick(&PRIMITIVES));
            let mut field = json!({"name": name, "type": ty});
            if rng.chance(50) {
                field["default"] =
                    primitive_default(ty.as_str().unwrap_or("null")).unwrap_or(Value::Null);
            }
            fields.insert(rng.below(fields.len() + 1), field);
        }
        2 if !fields.is_empty() => {
            fields.remove(rng.below(fields.len()));
        }
        3 if !fields.is_empty() => {
            let i = rng.below(fields.len());
            let old = fields[i]["name"].clone();
            let new = format!("{}_v2", old.as_str().unwrap_or("f"));
            fields[i]["name"] = json!(new);
            if rng.chance(70) {
                fields[i]["aliases"] = json!([old]);
            }
        }
        4 if !fields.is_empty() => {
            let i = rng.below(fields.len());
            let field = fields[i].as_object_mut().expect("field object");
            if field.remove("default").is_none() {
                if let Some(default) = field.get("type").and_then(default_for) {
                    field.insert("default".into(), default);
                }
            }
        }
        5 if fields.len() > 1 => {
            let last = fields.len() - 1;
            fields.swap(0, last);
        }
        _ if fields.len() > 1 => {
            // A new field takes an old name that an alias elsewhere also names (Java's ambiguity).
            let i = rng.below(fields.len());
            let old = fields[i]["name"].clone();
            fields[i]["name"] = json!(format!("{}_new", old.as_str().unwrap_or("f")));
            fields[i]["aliases"] = json!([old.clone()]);
            fields.push(json!({"name": old, "type": "string", "default": "x"}));
        }
        _ => {}
    }
}

/// Renames or re-namespaces one named type (sometimes keeping an alias), rewriting references.
fn rename_some_type(doc: &mut Value, snapshot: &Value, rng: &mut Rng) {
    let mut positions = Vec::new();
    type_positions(snapshot, &mut Vec::new(), &mut positions);
    let named: Vec<Path> = positions
        .into_iter()
        .filter(|p| {
            let mut copy = snapshot.clone();
            get_mut(&mut copy, p)
                .and_then(|v| v.get("name"))
                .is_some_and(|n| n.is_string())
        })
        .collect();
    if named.is_empty() {
        return;
    }
    let path = rng.pick(&named).clone();
    let Some(Value::Object(o)) = get_mut(doc, &path) else {
        return;
    };
    let Some(name) = o.get("name").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    let explicit_ns = o
        .get("namespace")
        .and_then(Value::as_str)
        .map(str::to_string);
    let (space, short) = match name.rsplit_once('.') {
        Some((s, n)) => (Some(s.to_string()), n.to_string()),
        None => (explicit_ns.clone().filter(|s| !s.is_empty()), name.clone()),
    };
    if name.rsplit_once('.').is_none() && explicit_ns.is_none() {
        return; // inherits its namespace: renaming would need the enclosing context
    }
    let old_full = match &space {
        Some(s) => format!("{s}.{short}"),
        None => short.clone(),
    };
    let (new_space, new_short) = if rng.chance(50) {
        (Some(rng.pick(&NAMESPACES).to_string()), short.clone())
    } else {
        (space.clone(), format!("{short}Renamed"))
    };
    let new_full = match &new_space {
        Some(s) => format!("{s}.{new_short}"),
        None => new_short.clone(),
    };
    o.insert("name".into(), json!(new_short));
    o.insert(
        "namespace".into(),
        json!(new_space.clone().unwrap_or_default()),
    );
    if rng.chance(50) {
        o.insert("aliases".into(), json!([old_full.clone()]));
    }
    rename_references(doc, &old_full, &new_full);
}

//! Topic key vectors: for every topic whose key has helpers ([`key_encoding`]), sample keys (the
//! type vectors of each allowed key version, or hostile strings for a `string` key) with the
//! exact key bytes and `accord.key.*` headers a producer sends, and keys a consumer must refuse
//! (not UTF-8, a trailing byte, no or unknown version headers). Targets prove with them that
//! they write and read the same Kafka keys. Written under `vectors/topics/`, with an index at
//! `vectors/topics/index.json`.

use super::avro_binary::encode_avro;
use super::datum::Datum;
use super::json_encoding::{canonical, to_json};
use super::vectors::{hex, vectors};
use super::{package_dir, GeneratedFile, Input, ACCORD_VERSION};
use crate::ir::{TopicDef, Type, TypeRef};
use crate::layout::samples::HOSTILE_STRINGS;
use crate::topic::{key_encoding, KeyEncoding};
use serde_json::{json, Value as Json};

/// The file of one topic's key vectors.
pub fn path(def: &TopicDef) -> String {
    format!(
        "vectors/topics/{}/{}.keys.json",
        package_dir(&def.name.package),
        def.name.name
    )
}

/// Every key vector file, and the index.
pub fn files(input: Input) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    let mut index = Vec::new();
    for def in input.model.topics.values() {
        let Some(doc) = key_vectors(input, def) else {
            continue;
        };
        let file = path(def);
        files.push(GeneratedFile::new(file.clone(), super::avro::pretty(&doc)));
        index.push(json!({"topic": def.name.to_string(), "file": file}));
    }
    if !index.is_empty() {
        let index = json!({"generated_by": format!("accord {ACCORD_VERSION}"), "topics": index});
        files.push(GeneratedFile::new(
            "vectors/topics/index.json",
            super::avro::pretty(&index),
        ));
    }
    files
}

/// One valid key: the canonical JSON of the value, its bytes and headers.
struct Case {
    name: String,
    version: Option<u32>,
    json: String,
    key: Vec<u8>,
    headers: Vec<(String, String)>,
}

impl Case {
    fn to_json(&self) -> Json {
        json!({
            "name": self.name,
            "version": self.version,
            "json": self.json,
            "key": hex(&self.key),
            "headers": self.headers,
        })
    }
}

/// The `accord.key.*` headers of a key version.
fn key_headers(input: Input, reference: &TypeRef) -> Vec<(String, String)> {
    vec![
        ("accord.key.contract".into(), reference.name.to_string()),
        ("accord.key.version".into(), reference.version.to_string()),
        (
            "accord.key.fingerprint".into(),
            input
                .facts_of(reference)
                .map(|f| f.fingerprint_hex())
                .unwrap_or_default(),
        ),
    ]
}

/// The key vectors of one topic, when its key has helpers.
pub fn key_vectors(input: Input, def: &TopicDef) -> Option<Json> {
    let encoding = key_encoding(input.model, def)?;
    let refs = def.key.refs();
    let versioned = refs
        .first()
        .is_some_and(|r| input.model.types.get(&r.name).is_some_and(|d| d.versioned));
    let cases = match refs.is_empty() {
        true => string_cases(),
        false => contract_cases(input, &refs, encoding, versioned),
    };
    let invalid = invalid_cases(input, &refs, encoding, versioned, &cases);
    let versions: Vec<u32> = match versioned {
        true => refs.iter().map(|r| r.version).collect(),
        false => Vec::new(),
    };
    Some(json!({
        "generated_by": format!("accord {ACCORD_VERSION}"),
        "topic": def.name.to_string(),
        "name": def.topic,
        "encoding": match encoding {
            KeyEncoding::Text => "utf8",
            KeyEncoding::Datum => "avro_datum",
        },
        "key_versions": versions,
        "cases": cases.iter().map(Case::to_json).collect::<Vec<_>>(),
        "invalid": invalid,
    }))
}

/// Hostile strings as `string` keys: their UTF-8 bytes.
fn string_cases() -> Vec<Case> {
    HOSTILE_STRINGS
        .iter()
        .enumerate()
        .map(|(index, text)| Case {
            name: format!("string_{index}"),
            version: None,
            json: canonical(&json!(text)),
            key: text.as_bytes().to_vec(),
            headers: Vec::new(),
        })
        .collect()
}

/// The type vectors of every allowed key version as keys; for a versioned key of one version,
/// its first vector again without headers (they are optional then).
fn contract_cases(
    input: Input,
    refs: &[&TypeRef],
    encoding: KeyEncoding,
    versioned: bool,
) -> Vec<Case> {
    let mut cases = Vec::new();
    for reference in refs {
        let ty = Type::Named((*reference).clone());
        let headers = match versioned {
            true => key_headers(input, reference),
            false => Vec::new(),
        };
        for vector in vectors(input.model, reference) {
            let Some((json, key)) = key_of(input, &ty, &vector.datum, encoding) else {
                continue;
            };
            cases.push(Case {
                name: format!("v{}_{}", reference.version, vector.name),
                version: versioned.then_some(reference.version),
                json,
                key,
                headers: headers.clone(),
            });
        }
    }
    if let (true, [_], Some(first)) = (versioned, refs, cases.first()) {
        cases.push(Case {
            name: format!("{}_without_headers", first.name),
            version: first.version,
            json: first.json.clone(),
            key: first.key.clone(),
            headers: Vec::new(),
        });
    }
    cases
}

/// The canonical JSON and the key bytes of a datum. Vectors are built to be encodable, so a
/// failure would be a bug of the vector generator; such a vector is left out.
fn key_of(
    input: Input,
    ty: &Type,
    datum: &Datum,
    encoding: KeyEncoding,
) -> Option<(String, Vec<u8>)> {
    let json = canonical(&to_json(input.model, ty, datum).ok()?);
    let key = match (encoding, datum) {
        (KeyEncoding::Text, Datum::String(text)) => text.as_bytes().to_vec(),
        (KeyEncoding::Text, _) => return None,
        (KeyEncoding::Datum, _) => {
            let mut bytes = Vec::new();
            encode_avro(input.model, ty, datum, &mut bytes).ok()?;
            bytes
        }
    };
    Some((json, key))
}

/// Keys a consumer refuses: bytes that are not UTF-8 (text keys), a trailing byte (datum
/// keys), and for versioned keys, an unknown fingerprint, a version that contradicts the
/// fingerprint, and no headers when several versions are allowed.
fn invalid_cases(
    input: Input,
    refs: &[&TypeRef],
    encoding: KeyEncoding,
    versioned: bool,
    cases: &[Case],
) -> Vec<Json> {
    let Some(first) = cases.first() else {
        return Vec::new();
    };
    let invalid = |name: &str, key: &[u8], headers: &[(String, String)]| json!({"name": name, "key": hex(key), "headers": headers});
    let mut out = Vec::new();
    match encoding {
        KeyEncoding::Text => out.push(invalid("not_utf8", &[0x66, 0xff, 0xfe], &first.headers)),
        KeyEncoding::Datum => {
            let mut key = first.key.clone();
            key.push(0);
            out.push(invalid("trailing_byte", &key, &first.headers));
        }
    }
    if !versioned {
        return out;
    }
    let mut unknown = first.headers.clone();
    unknown[2].1 = "0000000000000000".into();
    out.push(invalid("unknown_fingerprint", &first.key, &unknown));
    let fingerprint = |r: &TypeRef| input.facts_of(r).map(|f| f.fingerprints.crc64);
    if let [first_ref, second_ref, ..] = refs {
        if fingerprint(first_ref) == fingerprint(second_ref) {
            out.push(invalid("no_headers", &first.key, &[]));
            return out;
        }
        let mut contradicting = key_headers(input, first_ref);
        contradicting[1].1 = second_ref.version.to_string();
        out.push(invalid(
            "version_contradicts_fingerprint",
            &first.key,
            &contradicting,
        ));
        out.push(invalid("no_headers", &first.key, &[]));
    }
    out
}

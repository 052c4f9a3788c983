//! Kafka topics (`docs/topics.md`): the lineage stamp of a contract version and the record
//! headers a producer adds. Generated topic types (`Orders`, `OrdersValue`) use these.

/// The lineage stamp of a type version (`docs/topics.md#lineage-stamps`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The type's full name.
    pub contract: &'static str,
    /// The version number.
    pub version: u32,
    /// CRC-64-AVRO fingerprint, 16 lowercase hex digits.
    pub fingerprint: &'static str,
    /// `sha256:...` of the definition.
    pub definition: &'static str,
    /// The accord version that generated the code.
    pub accord_version: &'static str,
}

/// The headers of a record: the value's stamp (`accord.contract`, `accord.version`,
/// `accord.fingerprint`, `accord.definition`, `accord.accord_version`), `accord.topic` (the
/// declaration's full name) and, for a key of a versioned type, `accord.key.contract`,
/// `accord.key.version` and `accord.key.fingerprint`. Values are UTF-8 text.
pub fn headers(topic: &str, value: &Stamp, key: Option<&Stamp>) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("accord.contract", value.contract.to_string()),
        ("accord.version", value.version.to_string()),
        ("accord.fingerprint", value.fingerprint.to_string()),
        ("accord.definition", value.definition.to_string()),
        ("accord.accord_version", value.accord_version.to_string()),
        ("accord.topic", topic.to_string()),
    ];
    if let Some(key) = key {
        out.push(("accord.key.contract", key.contract.to_string()));
        out.push(("accord.key.version", key.version.to_string()));
        out.push(("accord.key.fingerprint", key.fingerprint.to_string()));
    }
    out
}

/// What a producer sends: key bytes, value bytes and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The key (UTF-8 for a `string` key, else the key's Avro datum).
    pub key: Vec<u8>,
    /// The value in Avro's single-object encoding.
    pub value: Vec<u8>,
    /// The stamp headers.
    pub headers: Vec<(&'static str, String)>,
}

//! Kafka topics (`docs/topics.md`): the lineage stamp of a contract version, the record
//! headers a producer adds, and the key bytes: UTF-8 text for string keys, the Avro datum for
//! other contract keys, whose version a consumer finds in the `accord.key.*` headers. Generated
//! topic types (`Orders`, `OrdersValue`, `AccountsKey`) use these.

use crate::avro::{write_str, Reader};
use crate::{Error, Result};

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
    /// The key (UTF-8 for a string key, else the key's Avro datum).
    pub key: Vec<u8>,
    /// The value in Avro's single-object encoding.
    pub value: Vec<u8>,
    /// The stamp headers.
    pub headers: Vec<(&'static str, String)>,
}

/// The header naming the key's fingerprint.
pub const KEY_FINGERPRINT: &str = "accord.key.fingerprint";
/// The header naming the key's version.
pub const KEY_VERSION: &str = "accord.key.version";
/// The header naming the key's contract.
pub const KEY_CONTRACT: &str = "accord.key.contract";

/// The key bytes of a text key: its Avro datum (a string) without the length, so UTF-8.
pub fn text_key(datum: &[u8]) -> Result<Vec<u8>> {
    let mut reader = Reader::new(datum);
    let text = reader.read_string()?;
    reader.finish()?;
    Ok(text.into_bytes())
}

/// The Avro datum of a text key's bytes (an error unless they are UTF-8).
pub fn text_key_datum(key: &[u8]) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(key)
        .map_err(|e| Error::new(format!("the key is not UTF-8 text: {e}")))?;
    let mut datum = Vec::with_capacity(key.len() + 5);
    write_str(text, &mut datum);
    Ok(datum)
}

/// The value of the header `name`, as text (the last one, as Kafka clients read headers).
fn header<'h, K: AsRef<str>, V: AsRef<[u8]>>(
    headers: &'h [(K, V)],
    name: &str,
) -> Result<Option<&'h str>> {
    match headers.iter().rev().find(|(k, _)| k.as_ref() == name) {
        None => Ok(None),
        Some((_, value)) => std::str::from_utf8(value.as_ref())
            .map(Some)
            .map_err(|_| Error::new(format!("the `{name}` header is not UTF-8"))),
    }
}

/// Which of the allowed key versions (`stamps`, in order) a record's headers name: the one
/// whose fingerprint is `accord.key.fingerprint` (and whose version and contract are
/// `accord.key.version` and `accord.key.contract`, when present). Without a fingerprint
/// header, a topic that allows one key version takes it; one that allows several refuses.
pub fn key_version<K: AsRef<str>, V: AsRef<[u8]>>(
    stamps: &[Stamp],
    headers: &[(K, V)],
) -> Result<usize> {
    let Some(fingerprint) = header(headers, KEY_FINGERPRINT)? else {
        return match stamps.len() {
            1 => Ok(0),
            _ => Err(Error::new(format!(
                "the key's version is unknown: no `{KEY_FINGERPRINT}` header (the topic allows {} key versions)",
                stamps.len()
            ))),
        };
    };
    let version = header(headers, KEY_VERSION)?;
    let contract = header(headers, KEY_CONTRACT)?;
    stamps
        .iter()
        .position(|s| {
            s.fingerprint == fingerprint
                && version.is_none_or(|v| v == s.version.to_string())
                && contract.is_none_or(|c| c == s.contract)
        })
        .ok_or_else(|| {
            Error::new(format!(
                "key fingerprint {fingerprint} (version {}) is not a key version allowed on the topic",
                version.unwrap_or("not given")
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn stamp(version: u32, fingerprint: &'static str) -> Stamp {
        Stamp {
            contract: "bank.AccountKey",
            version,
            fingerprint,
            definition: "sha256:0",
            accord_version: "0.1.0",
        }
    }

    const STAMPS: [Stamp; 2] = [stamp(1, "00000000000000a1"), stamp(2, "00000000000000b2")];
    const NONE: [(&str, &[u8]); 0] = [];

    #[test]
    fn the_fingerprint_header_picks_the_key_version() {
        let v2 = [(KEY_FINGERPRINT, &b"00000000000000b2"[..])];
        assert_eq!(key_version(&STAMPS, &v2), Ok(1));
        let both = [(KEY_FINGERPRINT, "00000000000000a1"), (KEY_VERSION, "1")];
        assert_eq!(key_version(&STAMPS, &both), Ok(0));
        // The last of repeated headers counts, as Kafka clients read them.
        let repeated = [
            (KEY_FINGERPRINT, "00000000000000a1"),
            (KEY_FINGERPRINT, "00000000000000b2"),
        ];
        assert_eq!(key_version(&STAMPS, &repeated), Ok(1));
        // One allowed version needs no header.
        assert_eq!(key_version(&STAMPS[..1], &NONE), Ok(0));
    }

    #[test]
    fn missing_unknown_or_contradicting_headers_are_errors() {
        let error = key_version(&STAMPS, &NONE).unwrap_err();
        assert!(error.message().contains(KEY_FINGERPRINT), "{error}");
        let unknown = [(KEY_FINGERPRINT, "ffffffffffffffff")];
        assert!(key_version(&STAMPS, &unknown).is_err());
        let contradicting = [(KEY_FINGERPRINT, "00000000000000a1"), (KEY_VERSION, "2")];
        assert!(key_version(&STAMPS, &contradicting).is_err());
        let other = [
            (KEY_FINGERPRINT, "00000000000000a1"),
            (KEY_CONTRACT, "bank.Other"),
        ];
        assert!(key_version(&STAMPS, &other).is_err());
        let not_text = [(KEY_FINGERPRINT, &[0xff_u8][..])];
        assert!(key_version(&STAMPS, &not_text).is_err());
    }

    #[test]
    fn text_keys_are_the_datum_without_its_length() {
        let datum = text_key_datum("c/42 é".as_bytes()).unwrap();
        assert_eq!(datum[0], 14); // 7 bytes, zigzag encoded
        assert_eq!(text_key(&datum).unwrap(), "c/42 é".as_bytes());
        assert!(text_key_datum(&[0x66, 0xff]).is_err());
        let mut trailing = datum.clone();
        trailing.push(0);
        assert!(text_key(&trailing).is_err());
        assert!(text_key(&[]).is_err());
    }
}

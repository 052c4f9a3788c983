//! Cases of the semantic rules: keys, units, references, meaning that changes under a type.

use super::*;

/// Three declarations the semantic cases share: a customer with a string key, a country with
/// a uuid key and a non-key code.
const TARGETS: &str = "record Customer {\n  version 1 {\n    id: string @key;\n    email: string;\n  }\n  version 2 {\n    id: string @key;\n    email: string;\n    code: long = 0;\n  }\n}\n\nrecord Country {\n  id: uuid @key;\n  code: string;\n}\n\nnewtype CustomerId = string;\nnewtype Email = string;\nnewtype Count = long;";

pub(super) fn semantics() -> Vec<Case> {
    let full = |versions: &[&str]| record_in("full", versions, TARGETS);
    vec![
        // S001: logical types and decimals.
        Case::new("timestamp_ms to timestamp_us", full(&["at: timestamp_ms", "at: timestamp_us"]))
            .expect(&["S001@v2.at"]),
        Case::new("local_timestamp_us to timestamp_us", full(&["at: local_timestamp_us", "at: timestamp_us"]))
            .expect(&["S001@v2.at"]),
        Case::new("long to timestamp_ms", full(&["at: long", "at: timestamp_ms"]))
            .expect(&["S001@v2.at"]),
        Case::new("timestamp_ms to long", full(&["at: timestamp_ms", "at: long"]))
            .expect(&["S001@v2.at"]),
        Case::new("date to int", full(&["d: date", "d: int"])).expect(&["S001@v2.d"]),
        Case::new("time_ms to date", full(&["t: time_ms", "t: date"])).expect(&["S001@v2.t"]),
        Case::new("uuid to string", full(&["id: uuid", "id: string"])).expect(&["S001@v2.id"]),
        // A promotion that also changes the logical type: Avro widens the number, and the reader
        // takes millis for micros (or days for millis).
        Case::new("time_ms to time_us (backward)", record_in("backward", &["t: time_ms", "t: time_us"], TARGETS))
            .expect(&["S001@v2.t"]),
        Case::new("date to timestamp_ms (backward)", record_in("backward", &["d: date", "d: timestamp_ms"], TARGETS))
            .expect(&["S001@v2.d"]),
        Case::new("int to timestamp_ms (backward)", record_in("backward", &["n: int", "n: timestamp_ms"], TARGETS))
            .expect(&["S001@v2.n"]),
        Case::new("uuid to bytes", full(&["id: uuid", "id: bytes"])).expect(&["S001@v2.id"]),
        Case::new("decimal to string", full(&["p: decimal(12, 2)", "p: string"])).expect(&["S001@v2.p"]),
        Case::new("timestamp_ms to timestamp_us in a list", full(&["at: list<timestamp_ms>", "at: list<timestamp_us>"]))
            .expect(&["S001@v2.at"]),
        Case::new("timestamp_ms to timestamp_us in a map", full(&["at: map<timestamp_ms>", "at: map<timestamp_us>"]))
            .expect(&["S001@v2.at"]),
        Case::new("timestamp_ms to timestamp_us in an optional", full(&["at: timestamp_ms? = null", "at: timestamp_us? = null"]))
            .expect(&["S001@v2.at"]),
        Case::new("timestamp_ms to timestamp_us in a union", full(&["at: union<string, timestamp_ms>", "at: union<string, timestamp_us>"]))
            .expect(&["S001@v2.at"]),
        Case::new("union branch added beside a timestamp", full(&["at: union<string, timestamp_ms>", "at: union<string, timestamp_ms, bool>"]))
            .expect(&["W006@v1.at"]),
        Case::new("decimal scale changed in an optional union", full(&["p: union<string, decimal(9, 2)>? = null", "p: union<string, decimal(9, 3)>? = null"]))
            .expect(&["S001@v2.p"]),
        Case::new("timestamp_ms made optional as timestamp_us", full(&["at: timestamp_ms", "at: timestamp_us? = null"]))
            .expect(&["S001@v2.at", "W005@v1.at"]),
        Case::new("decimal scale changed", full(&["p: decimal(12, 2)", "p: decimal(12, 4)"]))
            .expect(&["S001@v2.p"]),
        Case::new("decimal precision changed", full(&["p: decimal(12, 2)", "p: decimal(18, 2)"]))
            .expect(&["S001@v2.p"]),
        Case::new("decimal to bytes", full(&["p: decimal(12, 2)", "p: bytes"])).expect(&["S001@v2.p"]),
        Case::new("bytes to decimal", full(&["p: bytes", "p: decimal(12, 2)"])).expect(&["S001@v2.p"]),
        Case::new("decimal in an optional changed", full(&["p: decimal(12, 2)? = null", "p: decimal(12, 3)? = null"]))
            .expect(&["S001@v2.p"]),
        Case::new("decimal unchanged", full(&["p: decimal(12, 2)", "p: decimal(12, 2); q: int = 0"])),
        Case::new("plain promotion is no logical change", full(&["n: int", "n: long"]))
            .expect(&["W005@v1.n"]),
        // Backward fails on the wire; forward would read days as milliseconds.
        Case::new("timestamp to date is a demotion", record_in("backward", &["at: timestamp_ms", "at: date"], TARGETS))
            .expect(&["W005@v2.at", "S001@v2.at"]),
        Case::new("timestamp to string is no promotion", record_in("backward", &["at: timestamp_ms", "at: string"], TARGETS))
            .expect(&["W005@v2.at"]),
        Case::new("S001 downgraded by [rules]", full(&["at: timestamp_ms", "at: timestamp_us"]))
            .rule("S001 = \"warn\"")
            .expect(&["S001(warn)@v2.at"]),
        Case::new("S001 allowed by [rules]", full(&["at: timestamp_ms", "at: timestamp_us"]))
            .rule("S001 = \"allow\""),
        // S002: units.
        Case::new("unit changed", full(&["w: int @unit(\"g\")", "w: int @unit(\"kg\")"]))
            .expect(&["S002@v2.w"]),
        Case::new("unit removed", full(&["w: int @unit(\"g\")", "w: int"])).expect(&["S002@v2.w"]),
        Case::new("unit added", full(&["w: int", "w: int @unit(\"g\")"])).expect(&["S002@v2.w"]),
        Case::new("unit kept across a promotion", record_in("backward", &["w: int @unit(\"g\")", "w: long @unit(\"g\")"], TARGETS)),
        Case::new("unit changed on a renamed field", full(&["w: int @unit(\"g\")", "weight: int @unit(\"kg\") @renamed(w)"]))
            .expect(&["S002@v2.weight", "W004@v1.w"]),
        Case::new("unit changed, warn by [rules]", full(&["w: int @unit(\"g\")", "w: int @unit(\"kg\")"]))
            .rule("S002 = \"warn\"")
            .expect(&["S002(warn)@v2.w"]),
        // S003: keys.
        Case::new("key removed", full(&["id: string @key; n: int", "id: string; n: int"]))
            .expect(&["S003@v2"]),
        Case::new("key moved to another field", full(&["id: string @key; n: int", "id: string; n: int @key"]))
            .expect(&["S003@v2.n"]),
        Case::new("key field added", full(&["id: string @key; n: int", "id: string @key; n: int @key"]))
            .expect(&["S003@v2.id"]),
        Case::new("key added where there was none", full(&["id: string", "id: string @key"]))
            .expect(&["S003@v2.id"]),
        Case::new("key type changed", record_in("backward", &["id: int @key", "id: long @key"], TARGETS))
            .expect(&["S003@v2.id"]),
        Case::new("key renamed with @renamed", record_in("backward", &["id: string @key", "key: string @key @renamed(id)"], TARGETS)),
        Case::new("key unchanged while fields grow", full(&["id: string @key", "id: string @key; n: int = 0"])),
        Case::new("key change allowed by [rules]", full(&["id: string @key; n: int", "id: string; n: int @key"]))
            .rule("S003 = \"allow\""),
        // S004: a reference's target changes.
        Case::new("ref target changed type", full(&["c: string @ref(Customer@1.id)", "c: string @ref(Country.id)"]))
            .expect(&["S004@v2.c", "S006@9:8"]),
        Case::new("ref target no longer a key", full(&["c: string @ref(Customer@1.id)", "c: string @ref(Country.code)"]))
            .expect(&["S004@v2.c", "S005@9:15"]),
        Case::new("ref moved to a newer version of the target", full(&["c: string @ref(Customer@1.id)", "c: string @ref(Customer@2.id)"])),
        Case::new("ref added", full(&["c: string", "c: string @ref(Customer@2.id)"])),
        Case::new("ref removed", full(&["c: string @ref(Customer@1.id)", "c: string"])),
        // S005/S006 hold within each version.
        Case::new("ref to a non-key field", record_in("backward", &["c: string @ref(Country.code)"], TARGETS))
            .expect(&["S005@6:15"]),
        Case::new("ref to a non-key field of a versioned type", record_in("backward", &["c: long @ref(Customer@2.code)"], TARGETS))
            .expect(&["S005@6:13"]),
        Case::new("ref of another type: string vs uuid", record_in("backward", &["c: string @ref(Country.id)"], TARGETS))
            .expect(&["S006@6:8"]),
        Case::new("ref of another type: uuid vs string", record_in("backward", &["c: uuid @ref(Customer@1.id)"], TARGETS))
            .expect(&["S006@6:8"]),
        Case::new("optional ref holds the key type", record_in("backward", &["c: uuid? = null @ref(Country.id)"], TARGETS)),
        Case::new("ref through a newtype of the key type", record_in("backward", &["c: CustomerId @ref(Customer@1.id)"], TARGETS))
            .expect(&["S006@6:8"]),
        Case::new("ref to a non-key and of another type", record_in("backward", &["c: long @ref(Country.code)"], TARGETS))
            .expect(&["S005@6:13", "S006@6:8"]),
        Case::new("S005 warn by [rules]", record_in("backward", &["c: string @ref(Country.code)"], TARGETS))
            .rule("S005 = \"warn\"")
            .expect(&["S005(warn)@6:15"]),
        // S007: classification.
        Case::new("classification removed", full(&["e: string @classification(\"pii\")", "e: string"]))
            .expect(&["S007@v2.e"]),
        Case::new("classification weakened", full(&["e: string @classification(\"pii\")", "e: string @classification(\"internal\")"]))
            .expect(&["S007@v2.e"]),
        Case::new("classification restricted to confidential", full(&["e: string @classification(\"restricted\")", "e: string @classification(\"confidential\")"]))
            .expect(&["S007@v2.e"]),
        Case::new("classification strengthened", full(&["e: string @classification(\"internal\")", "e: string @classification(\"pii\")"])),
        Case::new("classification added", full(&["e: string", "e: string @classification(\"public\")"])),
        Case::new("classification public to internal", full(&["e: string @classification(\"public\")", "e: string @classification(\"internal\")"])),
        Case::new("classification of unknown level changed", full(&["e: string @classification(\"secret\")", "e: string @classification(\"pii\")"]))
            .expect(&["S007@v2.e"]),
        Case::new("classification kept on a renamed field", full(&["e: string @classification(\"pii\")", "email: string @classification(\"pii\") @renamed(e)"]))
            .expect(&["W004@v1.e"]),
        Case::new("classification dropped on a renamed field", full(&["e: string @classification(\"pii\")", "email: string @renamed(e)"]))
            .expect(&["S007@v2.email", "W004@v1.e"]),
        Case::new("classification removal allowed by [rules]", full(&["e: string @classification(\"pii\")", "e: string"]))
            .rule("S007 = \"allow\""),
        // S008: newtypes.
        Case::new("field moved to a newtype", full(&["id: string", "id: CustomerId"])).expect(&["S008@v2.id"]),
        Case::new("field moved off a newtype", full(&["id: CustomerId", "id: string"])).expect(&["S008@v2.id"]),
        Case::new("field moved between newtypes", full(&["id: CustomerId", "id: Email"])).expect(&["S008@v2.id"]),
        Case::new("newtype of another wire type", record_in("backward", &["n: int", "n: Count"], TARGETS)),
        Case::new("newtype change made an error by [rules]", full(&["id: string", "id: CustomerId"]))
            .rule("S008 = \"error\"")
            .expect(&["S008(error)@v2.id"]),
        Case::new("newtype change allowed by [rules]", full(&["id: string", "id: CustomerId"]))
            .rule("S008 = \"allow\""),
        // [rules] cannot lower errors of the wire: W codes keep their severity.
        Case::new("wire errors are not configurable", record("backward", &["id: int", "id: int; e: string"]))
            .rule("W004 = \"allow\"")
            .expect(&["W004@v2.e"]),
        Case::new("unknown code in [rules]", record("backward", &["id: int"]))
            .rule("S999 = \"warn\"")
            .expect(&["C002@accord.toml:6:1"]),
        // Several rules at once.
        Case::new(
            "several semantic changes in one version",
            full(&[
                "id: string @key; at: timestamp_ms; w: int @unit(\"g\"); e: string @classification(\"pii\")",
                "id: CustomerId; at: timestamp_us; w: int @unit(\"kg\"); e: string",
            ]),
        )
        .expect(&["S003@v2", "S008@v2.id", "S001@v2.at", "S002@v2.w", "S007@v2.e"]),
        Case::new(
            "semantic rules compare consecutive versions only",
            full(&["at: timestamp_ms", "at: timestamp_us", "at: timestamp_ms"]),
        )
        .expect(&["S001@v2.at", "S001@v3.at"]),
    ]
}

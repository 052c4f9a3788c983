//! The generated code of the bundled contracts (`schemas/`, through `accord.toml`) and of the
//! test fixtures, compiled as part of this crate by `build.rs` with the real build API.

/// The shop contracts.
pub mod shop_contracts {
    include!(concat!(env!("OUT_DIR"), "/accord/mod.rs"));
}

/// The fixture with every construct of the language.
pub mod kitchen {
    include!(concat!(env!("OUT_DIR"), "/kitchen/accord/mod.rs"));
}

/// The fixture of hostile names: keywords, collisions after case conversion, odd docs.
pub mod hostile {
    include!(concat!(env!("OUT_DIR"), "/hostile/accord/mod.rs"));
}

#[allow(clippy::upper_case_acronyms)]
pub mod derived;
/// The fixture whose migrations need `@migrate` hooks.
pub mod hooks {
    include!(concat!(env!("OUT_DIR"), "/hooks/accord/mod.rs"));
}

/// The fixture of layouts and topics beyond the shop: keys that are contracts (several versions,
/// one version, a text newtype, an enum), a key without helpers, a segment of every kind.
pub mod boundary {
    include!(concat!(env!("OUT_DIR"), "/boundary/accord/mod.rs"));
}

/// The fixture whose versions exercise every conversion of the migration plans.
pub mod evolution {
    include!(concat!(env!("OUT_DIR"), "/evolution/accord/mod.rs"));
}

/// The fixture of state machines beyond the shop's: cross-package events, newtypes, no
/// idempotency key, a string key, names taken by other types.
pub mod machines {
    include!(concat!(env!("OUT_DIR"), "/machines/accord/mod.rs"));
}

//! Whole-model facts the Python target needs in many modules, computed at most once per run:
//! the CRC-64-AVRO fingerprint of a type version (once per type version, on first use) and the
//! definition hashes of `crate::lock::releases` (once per run, only when a topic stamps them).

use crate::codegen::manifest::fingerprints;
use crate::codegen::Input;
use crate::ir::*;
use crate::lock::Releases;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

/// The per-run memo of whole-model computations, shared by every module of one generation.
#[derive(Default)]
pub(super) struct Shared {
    fingerprints: RefCell<HashMap<TypeRef, u64>>,
    releases: OnceCell<Releases>,
}

impl Shared {
    /// The CRC-64-AVRO fingerprint of a type version's schema.
    pub(super) fn fingerprint(&self, input: Input, reference: &TypeRef) -> u64 {
        if let Some(known) = self.fingerprints.borrow().get(reference) {
            return *known;
        }
        let crc = fingerprints(input, reference).crc64;
        self.fingerprints
            .borrow_mut()
            .insert(reference.clone(), crc);
        crc
    }

    /// The definition hash (`sha256:…`) of a type version, empty when it has none.
    pub(super) fn definition(&self, model: &Model, reference: &TypeRef) -> String {
        self.releases
            .get_or_init(|| crate::lock::releases(model))
            .get(&(reference.name.to_string(), reference.version))
            .map(|r| r.definition.clone())
            .unwrap_or_default()
    }
}

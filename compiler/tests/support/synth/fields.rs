//! The fields of records: their evolution between versions, names and types.

use super::*;

impl World {
    /// One version's own changes.
    pub(super) fn evolve(&mut self, scope: &Scope, state: &mut RecordState, mode: Mode) {
        let changes = self.rng.range(1, 3);
        // A version that drops a field adds none: a removal next to an addition of the same
        // type reads as a rename without `@renamed` (S009).
        let mut removed = false;
        let mut added = false;
        for _ in 0..changes {
            let backward = mode.backward_only();
            let weights = [
                6,                                                  // add a field
                if backward { 2 } else { 0 },                       // rename
                if backward { 2 } else { 0 },                       // promote
                if backward && !removed && !added { 1 } else { 0 }, // drop a field
                1,                                                  // deprecate
                1,                                                  // document
            ];
            match self.rng.weighted(&weights) {
                0 if state.fields.len() < 40 && !removed => {
                    let field = self.new_field(scope, state, true);
                    state.fields.push(field);
                    added = true;
                }
                1 => {
                    let candidates: Vec<usize> = (0..state.fields.len())
                        .filter(|&i| !state.fields[i].pinned())
                        .collect();
                    if let Some(&index) = candidates.get(self.rng.below(candidates.len().max(1))) {
                        let new_name = self.field_name(state);
                        let field = &mut state.fields[index];
                        let old = std::mem::replace(&mut field.name, new_name);
                        field.renamed.push(old);
                    }
                }
                2 => {
                    let candidates: Vec<usize> = (0..state.fields.len())
                        .filter(|&i| {
                            !state.fields[i].pinned()
                                && matches!(state.fields[i].ty, Ty::Prim("int" | "float"))
                        })
                        .collect();
                    if let Some(&index) = candidates.get(self.rng.below(candidates.len().max(1))) {
                        let field = &mut state.fields[index];
                        field.ty = match field.ty {
                            Ty::Prim("int") => Ty::Prim("long"),
                            _ => Ty::Prim("double"),
                        };
                    }
                }
                3 if state.fields.len() > 6 => {
                    let candidates: Vec<usize> = (0..state.fields.len())
                        .filter(|&i| !state.fields[i].pinned())
                        .collect();
                    if let Some(&index) = candidates.get(self.rng.below(candidates.len().max(1))) {
                        state.fields.remove(index);
                        removed = true;
                    }
                }
                4 => {
                    let candidates: Vec<usize> = (0..state.fields.len())
                        .filter(|&i| {
                            !state.fields[i].pinned() && state.fields[i].deprecated.is_none()
                        })
                        .collect();
                    if let Some(&index) = candidates.get(self.rng.below(candidates.len().max(1))) {
                        state.fields[index].deprecated = Some(if self.rng.chance(50) {
                            "no longer filled by the producer".to_string()
                        } else {
                            String::new()
                        });
                    }
                }
                _ => {
                    let candidates: Vec<usize> = (0..state.fields.len())
                        .filter(|&i| state.fields[i].doc.is_none())
                        .collect();
                    if let Some(&index) = candidates.get(self.rng.below(candidates.len().max(1))) {
                        let text = format!(
                            "The {} of this entry.",
                            state.fields[index].name.replace('_', " ")
                        );
                        state.fields[index].doc = Some(text);
                    }
                }
            }
        }
    }

    pub(super) fn field_name(&mut self, state: &mut RecordState) -> String {
        for attempt in 0.. {
            let word = self.rng.pick(FIELD_WORDS);
            let suffix = self.rng.pick(FIELD_SUFFIXES);
            let mut name = if self.rng.chance(40) {
                let second = self.rng.pick(FIELD_WORDS);
                format!("{word}_{second}{suffix}")
            } else {
                format!("{word}{suffix}")
            };
            if attempt > 10 {
                name.push_str(&format!("_{attempt}"));
            }
            if name != "version" && state.used.insert(name.clone()) {
                return name;
            }
        }
        unreachable!()
    }

    pub(super) fn reference_field(
        &mut self,
        scope: &Scope,
        state: &mut RecordState,
        later: bool,
    ) -> Field {
        let target = *self.rng.pick(&scope.entities);
        let (_, key_ty) = self.types[target].key.clone().expect("entities have keys");
        let mut name = format!("{}_id", snake(&self.types[target].name));
        if !state.used.insert(name.clone()) {
            name = self.field_name(state);
        }
        let optional = later || self.rng.chance(25);
        let (ty, default) = if optional {
            (Ty::Opt(Box::new(key_ty)), Some("null".to_string()))
        } else {
            (key_ty, None)
        };
        let mut field = Field::plain(name, ty, default);
        field.reference = Some(target);
        field.leading = self.rng.chance(15);
        field
    }

    /// A new field; `later` fields (added by a new version) always have a default.
    pub(super) fn new_field(
        &mut self,
        scope: &Scope,
        state: &mut RecordState,
        later: bool,
    ) -> Field {
        if later && !scope.entities.is_empty() && self.rng.chance(8) {
            return self.reference_field(scope, state, true);
        }
        let name = self.field_name(state);
        let (ty, mut default) = self.field_type(scope, state, later);
        if later && default.is_none() {
            // Could not find a default for it: make it optional.
            let ty = match ty {
                Ty::Opt(_) => ty,
                other => Ty::Opt(Box::new(other)),
            };
            return self.decorate(Field::plain(name, ty, Some("null".into())));
        }
        if !later && matches!(ty, Ty::Opt(_)) && self.rng.chance(15) {
            default = None; // An optional without a default: it must be written.
        }
        if !later && !matches!(ty, Ty::Opt(_)) && self.rng.chance(60) {
            default = None;
        }
        self.decorate(Field::plain(name, ty, default))
    }

    pub(super) fn decorate(&mut self, mut field: Field) -> Field {
        let numeric = matches!(
            field.ty,
            Ty::Prim("int" | "long" | "float" | "double") | Ty::Decimal(..)
        ) || matches!(&field.ty, Ty::Opt(inner) if matches!(**inner, Ty::Prim("int" | "long" | "double")));
        if numeric && self.rng.chance(35) {
            field.unit = Some(*self.rng.pick(UNITS));
        }
        let stringy = matches!(field.ty, Ty::Prim("string"))
            || matches!(&field.ty, Ty::Opt(inner) if matches!(**inner, Ty::Prim("string")));
        if stringy && self.rng.chance(20) {
            field.classification = Some(*self.rng.pick(CLASSES));
        }
        if self.rng.chance(6) {
            field.meta = Some(format!(
                "@meta(owner = \"{}\", since = {}, indexed = {})",
                self.rng.pick(TEAMS),
                self.rng.range(2019, 2025),
                self.rng.chance(50)
            ));
        }
        if self.rng.chance(20) {
            field.doc = Some(format!(
                "{} of the entry.",
                capitalized(&field.name.replace('_', " "))
            ));
        }
        field.leading = self.rng.chance(10);
        field
    }

    /// A type and its default (`None` when it has no natural default).
    pub(super) fn field_type(
        &mut self,
        scope: &Scope,
        state: &mut RecordState,
        later: bool,
    ) -> (Ty, Option<String>) {
        let pick = self.rng.weighted(&[30, 12, 5, 16, 7, 5, 4, 8, 8, 3, 3]);
        match pick {
            0 => self.primitive(),
            1 => self.logical(),
            2 => {
                let (p, s) = *self.rng.pick(&[(12, 2), (18, 4), (9, 3), (38, 10)]);
                (Ty::Decimal(p, s), Some("\"0\"".into()))
            }
            3 => {
                let (inner, _) = if self.rng.chance(60) {
                    self.primitive()
                } else {
                    self.logical()
                };
                (Ty::Opt(Box::new(inner)), Some("null".into()))
            }
            4 => {
                let item = match self.named(scope, state, &[Kind::Record, Kind::Enum, Kind::Fixed])
                {
                    Some(id) if self.rng.chance(50) => Ty::Named(id),
                    _ => self.primitive().0,
                };
                let default = if item == Ty::Prim("string") && self.rng.chance(30) {
                    "[\"default\"]".to_string()
                } else {
                    "[]".to_string()
                };
                (Ty::List(Box::new(item)), Some(default))
            }
            5 => {
                let value = match self.named(scope, state, &[Kind::Record, Kind::Enum]) {
                    Some(id) if self.rng.chance(40) => Ty::Named(id),
                    _ => self.primitive().0,
                };
                let default = if value == Ty::Prim("long") && self.rng.chance(30) {
                    "{ \"initial\": 1 }".to_string()
                } else {
                    "{}".to_string()
                };
                (Ty::Map(Box::new(value)), Some(default))
            }
            6 => self.union(scope, state, later),
            7 => match self.named(scope, state, &[Kind::Enum]) {
                Some(id) => {
                    let Body::Enum { default, .. } = &self.types[id].body else {
                        unreachable!()
                    };
                    (Ty::Named(id), Some(default.clone()))
                }
                None => self.primitive(),
            },
            8 => match self.named(scope, state, &[Kind::Record]) {
                Some(id) if later || self.rng.chance(50) => {
                    (Ty::Opt(Box::new(Ty::Named(id))), Some("null".into()))
                }
                Some(id) => (Ty::Named(id), None),
                None => self.primitive(),
            },
            9 => match self.named(scope, state, &[Kind::Fixed]) {
                Some(id) => {
                    let Body::Fixed { size, decimal } = self.types[id].body else {
                        unreachable!()
                    };
                    let default = match decimal {
                        Some(_) => "\"0\"".to_string(),
                        None => format!("\"{}\"", "0".repeat(size as usize)),
                    };
                    if self.rng.chance(50) {
                        (Ty::Opt(Box::new(Ty::Named(id))), Some("null".into()))
                    } else {
                        (Ty::Named(id), Some(default))
                    }
                }
                None => self.logical(),
            },
            _ => match self.named(scope, state, &[Kind::Newtype]) {
                Some(id) => {
                    let default = match &self.types[id].body {
                        Body::Newtype(Ty::Prim("string")) => "\"\"",
                        Body::Newtype(Ty::Prim("long")) => "0",
                        Body::Newtype(Ty::Prim("uuid")) => {
                            "\"00000000-0000-0000-0000-000000000000\""
                        }
                        _ => "{}",
                    };
                    (Ty::Named(id), Some(default.to_string()))
                }
                None => self.primitive(),
            },
        }
    }

    pub(super) fn primitive(&mut self) -> (Ty, Option<String>) {
        let (name, default) = *self.rng.pick(&[
            ("string", "\"\""),
            ("string", "\"unknown\""),
            ("string", "\"\""),
            ("long", "0"),
            ("long", "-1"),
            ("int", "0"),
            ("int", "42"),
            ("bool", "false"),
            ("bool", "true"),
            ("double", "0.0"),
            ("double", "1.5"),
            ("float", "0.0"),
            ("bytes", "\"\""),
        ]);
        (Ty::Prim(name), Some(default.to_string()))
    }

    pub(super) fn logical(&mut self) -> (Ty, Option<String>) {
        let (name, default) = *self.rng.pick(&[
            ("uuid", "\"00000000-0000-0000-0000-000000000000\""),
            ("date", "0"),
            ("time_ms", "0"),
            ("time_us", "0"),
            ("timestamp_ms", "0"),
            ("timestamp_us", "0"),
            ("timestamp_ms", "0"),
            ("local_timestamp_ms", "0"),
            ("local_timestamp_us", "0"),
        ]);
        (Ty::Prim(name), Some(default.to_string()))
    }

    pub(super) fn union(
        &mut self,
        scope: &Scope,
        state: &mut RecordState,
        later: bool,
    ) -> (Ty, Option<String>) {
        let mut branches = Vec::new();
        if self.rng.chance(50) {
            let first = self.named(scope, state, &[Kind::Record]);
            let second = self.named(scope, state, &[Kind::Record]);
            if let (Some(a), Some(b)) = (first, second) {
                if a != b {
                    branches.push(Ty::Named(a));
                    branches.push(Ty::Named(b));
                    if self.rng.chance(30) {
                        branches.push(Ty::Prim("string"));
                    }
                }
            }
        }
        if branches.is_empty() {
            let mut kinds = vec!["string", "long", "double", "bool", "bytes"];
            for _ in 0..self.rng.range(2, 3) {
                let index = self.rng.below(kinds.len());
                branches.push(Ty::Prim(kinds.swap_remove(index)));
            }
        }
        let union = Ty::Union(branches);
        if later || self.rng.chance(40) {
            (Ty::Opt(Box::new(union)), Some("null".into()))
        } else {
            (union, None)
        }
    }

    /// A visible named type of one of `kinds`, respecting the nesting bounds.
    pub(super) fn named(
        &mut self,
        scope: &Scope,
        state: &mut RecordState,
        kinds: &[Kind],
    ) -> Option<usize> {
        let records_full = state.nested_records >= 3;
        let options: Vec<usize> = scope
            .candidates
            .iter()
            .copied()
            .filter(|&id| {
                let t = &self.types[id];
                let kind = Kind::of(t);
                kinds.contains(&kind)
                    && !(kind == Kind::Record && records_full)
                    && (scope.versioned_ok || !t.versioned)
                    && (scope.backward_only_ok || t.full_safe())
            })
            .collect();
        if options.is_empty() {
            return None;
        }
        // Prefer recent types (same package, near neighbours): more realistic locality.
        let index = if self.rng.chance(60) {
            options.len() - 1 - self.rng.below(options.len().min(6))
        } else {
            self.rng.below(options.len())
        };
        let id = options[index];
        if self.types[id].is_record() {
            state.nested_records += 1;
            state.depth = state.depth.max(self.types[id].depth + 1);
        }
        Some(id)
    }
}

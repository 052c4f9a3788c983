//! Building the synthetic world: packages, and the types of each with their versions.

use super::*;

impl World {
    pub(super) fn new(params: &Params) -> World {
        World {
            params: *params,
            rng: Rng::new(params.seed),
            packages: Vec::new(),
            types: Vec::new(),
        }
    }

    pub(super) fn epochs(&self) -> usize {
        self.params.versions.max(1)
    }

    pub(super) fn build(&mut self) {
        let mut names = BTreeSet::new();
        for index in 0..self.params.packages {
            let domain = DOMAINS[index % DOMAINS.len()];
            let area = AREAS[(index / DOMAINS.len()) % AREAS.len()];
            let round = index / (DOMAINS.len() * AREAS.len());
            let mut name = format!("acme.{domain}.{area}");
            if round > 0 {
                name.push_str(&format!("{round}"));
            }
            assert!(names.insert(name.clone()), "package names are unique");
            let dep_count = self.rng.range(0, 3).min(index);
            let mut deps = BTreeSet::new();
            for _ in 0..dep_count {
                // Mostly near neighbours, sometimes a shared base package far back.
                let dep = if self.rng.chance(70) {
                    index - 1 - self.rng.below(index.min(8))
                } else {
                    self.rng.below(index)
                };
                deps.insert(dep);
            }
            let files = if self.params.types_per_package > 12 {
                vec!["model".to_string(), "events".to_string()]
            } else {
                vec!["model".to_string()]
            };
            self.packages.push(Package {
                name,
                files,
                deps: deps.into_iter().collect(),
                types: Vec::new(),
            });
            self.build_package(index);
        }
    }

    pub(super) fn build_package(&mut self, package: usize) {
        let count = self.params.types_per_package;
        // Kinds in dependency order: newtypes and fixed first, then enums, then records.
        let newtypes = (count / 10).max(usize::from(count >= 4));
        let fixed = (count / 12).max(usize::from(count >= 5));
        let enums = (count / 5).max(usize::from(count >= 3));
        let records = count.saturating_sub(newtypes + fixed + enums).max(1);
        let mut taken = BTreeSet::new();
        for _ in 0..newtypes {
            self.add_newtype(package, &mut taken);
        }
        for _ in 0..fixed {
            self.add_fixed(package, &mut taken);
        }
        for _ in 0..enums {
            self.add_enum(package, &mut taken);
        }
        for index in 0..records {
            self.add_record(package, index, records, &mut taken);
        }
    }

    pub(super) fn type_name(&mut self, taken: &mut BTreeSet<String>, suffix: &str) -> String {
        for attempt in 0.. {
            let prefix = *self.rng.pick(PREFIXES);
            let noun = *self.rng.pick(NOUNS);
            let mut name = format!("{prefix}{noun}{suffix}");
            if attempt > 20 {
                name.push_str(&attempt.to_string());
            }
            if taken.insert(name.clone()) {
                return name;
            }
        }
        unreachable!()
    }

    pub(super) fn file_for(&mut self, package: usize, is_event: bool) -> usize {
        let files = self.packages[package].files.len();
        if files > 1 && is_event {
            1
        } else {
            0
        }
    }

    pub(super) fn push(&mut self, info: TypeInfo) -> usize {
        let id = self.types.len();
        self.packages[info.package].types.push(id);
        self.types.push(info);
        id
    }

    pub(super) fn base_info(&mut self, package: usize, name: String, body: Body) -> TypeInfo {
        TypeInfo {
            package,
            file: 0,
            name,
            body,
            versioned: false,
            written_mode: None,
            mode: Mode::Backward,
            epochs: vec![1],
            depth: 0,
            key: None,
            doc: None,
            annotations: Vec::new(),
        }
    }

    pub(super) fn add_newtype(&mut self, package: usize, taken: &mut BTreeSet<String>) {
        let (suffix, inner, doc) = match self.rng.below(6) {
            0 | 1 => (
                "Id",
                Ty::Prim("string"),
                "Identifier issued by its owning service.",
            ),
            2 => ("Id", Ty::Prim("uuid"), "Identifier, a random UUID."),
            3 => (
                "Number",
                Ty::Prim("long"),
                "Sequential number, never reused.",
            ),
            4 => ("Code", Ty::Prim("string"), "Short human-readable code."),
            _ => (
                "Labels",
                Ty::Map(Box::new(Ty::Prim("string"))),
                "Free-form labels set by operators.",
            ),
        };
        let name = self.type_name(taken, suffix);
        let mut info = self.base_info(package, name, Body::Newtype(inner));
        info.doc = Some(doc.to_string());
        self.push(info);
    }

    pub(super) fn add_fixed(&mut self, package: usize, taken: &mut BTreeSet<String>) {
        let (suffix, size, decimal, doc) = match self.rng.below(4) {
            0 => ("Digest", 32, None, "SHA-256 digest of a document."),
            1 => ("Hash", 16, None, "MD5 fingerprint, for deduplication only."),
            2 => (
                "Amount",
                16,
                Some((34, 4)),
                "An exact amount held in 16 bytes with 4 decimals.",
            ),
            _ => (
                "Rate",
                8,
                Some((18, 6)),
                "An exact rate held in 8 bytes with 6 decimals.",
            ),
        };
        let name = self.type_name(taken, suffix);
        let mut info = self.base_info(package, name, Body::Fixed { size, decimal });
        info.doc = Some(doc.to_string());
        self.push(info);
    }

    pub(super) fn add_enum(&mut self, package: usize, taken: &mut BTreeSet<String>) {
        let name = self.type_name(taken, "Kind");
        let mut pool: Vec<&str> = SYMBOLS.to_vec();
        let mut fresh = 0;
        let mut take = |rng: &mut Rng| {
            if pool.is_empty() {
                fresh += 1;
                return format!("EXTRA_{fresh}");
            }
            let index = rng.below(pool.len());
            pool.swap_remove(index).to_string()
        };
        let initial = self.rng.range(2, 7);
        let mut symbols = vec!["UNKNOWN".to_string()];
        for _ in 0..initial {
            symbols.push(take(&mut self.rng));
        }
        let mut docs = BTreeMap::new();
        if self.rng.chance(30) {
            docs.insert(
                "UNKNOWN".to_string(),
                "Set by readers that do not know the written symbol.".to_string(),
            );
        }
        let versioned = self.epochs() > 1 && self.rng.chance(50);
        let mut info = self.base_info(
            package,
            name,
            Body::Fixed {
                size: 1,
                decimal: None,
            },
        );
        let mut versions = vec![symbols.clone()];
        if versioned {
            info.versioned = true;
            let mode = [
                Mode::Backward,
                Mode::Backward,
                Mode::BackwardTransitive,
                Mode::Full,
                Mode::FullTransitive,
                Mode::Forward,
            ][self.rng.below(6)];
            info.mode = mode;
            info.written_mode = (mode != Mode::Backward || self.rng.chance(20)).then_some(mode);
            let epochs = self.own_epochs();
            for _ in 1..epochs.len() {
                for _ in 0..self.rng.range(1, 2) {
                    let symbol = take(&mut self.rng);
                    if self.rng.chance(25) {
                        docs.insert(
                            symbol.clone(),
                            format!("Added for the {} flow.", symbol.to_lowercase()),
                        );
                    }
                    symbols.push(symbol);
                }
                versions.push(symbols.clone());
            }
            info.epochs = epochs;
        }
        info.body = Body::Enum {
            versions,
            default: "UNKNOWN".to_string(),
            docs,
        };
        info.doc = Some(format!(
            "{} of a {}, as the {} service reports it.",
            info.name,
            self.packages[package]
                .name
                .rsplit('.')
                .next()
                .unwrap_or("core"),
            self.packages[package]
                .name
                .split('.')
                .nth(1)
                .unwrap_or("core"),
        ));
        self.push(info);
    }

    /// Epochs at which a type changes on its own: 1, and at least one more when there is room.
    pub(super) fn own_epochs(&mut self) -> Vec<usize> {
        let last = self.epochs();
        let mut epochs = vec![1];
        for epoch in 2..=last {
            if self.rng.chance(45) {
                epochs.push(epoch);
            }
        }
        if epochs.len() == 1 && last > 1 {
            epochs.push(self.rng.range(2, last));
        }
        epochs
    }

    pub(super) fn scope(&self, package: usize, versioned: bool, mode: Mode) -> Scope {
        let mut visible: Vec<usize> = self.packages[package].types.clone();
        for &dep in &self.packages[package].deps {
            visible.extend(&self.packages[dep].types);
        }
        let backward_only_ok = mode.backward_only();
        let candidates = visible
            .iter()
            .copied()
            .filter(|&id| {
                let t = &self.types[id];
                (versioned || !t.versioned) && (backward_only_ok || t.full_safe()) && t.depth <= 2
            })
            .collect();
        let entities = visible
            .iter()
            .copied()
            .filter(|&id| self.types[id].key.is_some())
            .collect();
        Scope {
            candidates,
            entities,
            versioned_ok: versioned,
            backward_only_ok,
        }
    }

    pub(super) fn add_record(
        &mut self,
        package: usize,
        index: usize,
        records: usize,
        taken: &mut BTreeSet<String>,
    ) {
        let is_event = index * 2 >= records;
        let name = self.type_name(taken, if is_event { "Event" } else { "" });
        let versioned = self.rng.chance(60);
        let mode = if versioned {
            [
                Mode::Backward,
                Mode::Backward,
                Mode::Backward,
                Mode::Backward,
                Mode::BackwardTransitive,
                Mode::BackwardTransitive,
                Mode::Full,
                Mode::FullTransitive,
                Mode::Forward,
                Mode::ForwardTransitive,
            ][self.rng.below(10)]
        } else {
            Mode::Backward
        };
        let mut info = self.base_info(package, name.clone(), Body::Record(Vec::new()));
        info.file = self.file_for(package, is_event);
        info.versioned = versioned;
        info.mode = mode;
        if versioned {
            info.written_mode = (mode != Mode::Backward || self.rng.chance(20)).then_some(mode);
        }
        let scope = self.scope(package, versioned, mode);
        let recursive = !versioned && self.rng.chance(8);
        let self_id = self.types.len();
        let mut state = RecordState {
            fields: Vec::new(),
            used: BTreeSet::new(),
            nested_records: 0,
            depth: 1,
        };

        // The key, present from the first version and never changed.
        if self.rng.chance(55) {
            let key_name = if self.rng.chance(70) {
                "id".to_string()
            } else {
                format!("{}_id", snake(&name))
            };
            let newtype_keys: Vec<usize> = scope
                .candidates
                .iter()
                .copied()
                .filter(|&id| {
                    self.types[id].package == package
                        && matches!(
                            self.types[id].scalar_newtype(),
                            Some("string" | "long" | "uuid")
                        )
                })
                .collect();
            let ty = match self.rng.below(4) {
                0 | 1 => Ty::Prim("uuid"),
                2 => Ty::Prim("long"),
                _ if !newtype_keys.is_empty() => Ty::Named(*self.rng.pick(&newtype_keys)),
                _ => Ty::Prim("string"),
            };
            state.used.insert(key_name.clone());
            let mut field = Field::plain(key_name.clone(), ty.clone(), None);
            field.key = true;
            field.leading = self.rng.chance(20);
            if self.rng.chance(30) {
                field.doc = Some(format!(
                    "Identifies the {} everywhere.",
                    snake(&name).replace('_', " ")
                ));
            }
            state.fields.push(field);
            info.key = Some((key_name, ty));
            // Occasionally a second key part.
            if self.rng.chance(10) {
                state.used.insert("sequence".to_string());
                let mut field = Field::plain("sequence".into(), Ty::Prim("int"), None);
                field.key = true;
                state.fields.push(field);
            }
        }
        // A reference to another keyed record.
        if !scope.entities.is_empty() && self.rng.chance(60) {
            let field = self.reference_field(&scope, &mut state, false);
            state.fields.push(field);
        }
        let initial = self.rng.range(5, 28).max(state.fields.len() + 3);
        while state.fields.len() < initial {
            let field = self.new_field(&scope, &mut state, false);
            state.fields.push(field);
        }
        if recursive {
            for (field_name, ty, default) in [
                ("parent", Ty::Opt(Box::new(Ty::Named(self_id))), "null"),
                ("children", Ty::List(Box::new(Ty::Named(self_id))), "[]"),
            ] {
                if state.used.insert(field_name.to_string()) {
                    let mut field = Field::plain(field_name.into(), ty, Some(default.into()));
                    if field_name == "parent" {
                        field.doc = Some("The enclosing node; none for a root.".into());
                    }
                    state.fields.push(field);
                }
            }
        }

        // Type-level doc and annotations.
        info.doc = Some(format!(
            "{} as published by the {} service.",
            spaced(&name),
            self.packages[package]
                .name
                .split('.')
                .nth(1)
                .unwrap_or("core")
        ));
        if self.rng.chance(15) {
            info.annotations.push(format!(
                "@classification(\"{}\")",
                self.rng.pick(&CLASSES[1..])
            ));
        }
        if is_event && self.rng.chance(40) {
            info.annotations.push(format!(
                "@meta(topic = \"{}.{}\", retention_days = {}, compacted = {})",
                self.packages[package].name,
                snake(&name),
                self.rng.pick(&[1, 3, 7, 30, 365]),
                self.rng.chance(50)
            ));
        }
        if self.rng.chance(5) {
            info.annotations.push(format!("@renamed(Legacy{name})"));
        }

        // Versions: at the type's own epochs, and whenever a versioned type it uses changes.
        let mut versions = vec![state.fields.clone()];
        let mut epochs = vec![1];
        if versioned {
            let own = self.own_epochs();
            for epoch in 2..=self.epochs() {
                let changed_own = own.contains(&epoch);
                let nested_changed = state
                    .fields
                    .iter()
                    .flat_map(|f| {
                        let mut named = Vec::new();
                        f.ty.named(&mut named);
                        named
                    })
                    .any(|id| self.types[id].versioned && self.types[id].epochs.contains(&epoch));
                if !changed_own && !nested_changed {
                    continue;
                }
                if changed_own {
                    self.evolve(&scope, &mut state, mode);
                }
                versions.push(state.fields.clone());
                epochs.push(epoch);
            }
        }
        info.depth = state.depth;
        info.epochs = epochs;
        info.body = Body::Record(versions);
        let id = self.push(info);
        debug_assert_eq!(id, self_id);
    }
}

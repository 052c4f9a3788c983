//! Machine vectors: for every machine version, event logs (a valid run, retries, late and
//! lost events, illegal moves, another instance's event, and random perturbed logs) with the
//! outcome of each event and the final snapshot, computed by the reference reducer below. The
//! generated reducers of every language replay them, so they agree event by event. Written
//! under `vectors/machines/`, one file per machine version.
//!
//! Vectors need values of the instance and idempotency fields: they are made for fields whose
//! wire type is an integer, a string, a `uuid` or bytes (newtypes of them too); a machine with
//! another key type gets no vector file.

use super::datum::Datum;
use super::json_encoding::{canonical, to_json};
use super::vectors::vectors;
use super::{package_dir, GeneratedFile, Input, ACCORD_VERSION};
use crate::ir::*;
use serde_json::{json, Value as Json};

/// Random logs per machine version.
const RANDOM_CASES: u64 = 24;

/// The vector file of one machine version.
pub fn path(def: &MachineDef, version: &MachineVersion) -> String {
    format!(
        "vectors/machines/{}/{}.v{}.json",
        package_dir(&def.name.package),
        def.name.name,
        version.number
    )
}

/// Every machine vector file.
pub fn files(input: Input) -> Vec<GeneratedFile> {
    let machines = input.model.machines.values();
    let versions = machines.flat_map(|def| def.versions.iter().map(move |v| (def, v)));
    versions
        .filter_map(|(def, version)| {
            let setup = Setup::new(input.model, version)?;
            let doc = setup.document(def);
            Some(GeneratedFile::new(
                path(def, version),
                super::avro::pretty(&doc),
            ))
        })
        .collect()
}

/// One event, by what the reducer reads of it.
#[derive(Debug, Clone, PartialEq)]
struct Event {
    /// Index into the instances (0 or 1).
    instance: usize,
    sequence: i64,
    /// Index of the idempotency key value.
    key: u64,
    state: String,
}

/// What the reducer keeps of an instance.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    instance: usize,
    state: String,
    sequence: i64,
    /// Idempotency keys seen (empty when the machine has none), in the order seen.
    seen: Vec<u64>,
}

/// What applying one event gives.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Applied(Snapshot),
    Duplicate,
    Stale,
    Illegal(Option<String>, String),
    WrongInstance,
}

/// The reference reducer: the semantics every generated `apply` implements, in this order.
fn apply(version: &MachineVersion, current: Option<&Snapshot>, event: &Event) -> Outcome {
    let keyed = version.idempotency.is_some();
    if let Some(current) = current {
        if current.instance != event.instance {
            return Outcome::WrongInstance;
        }
        if keyed && current.seen.contains(&event.key) {
            return Outcome::Duplicate;
        }
        if event.sequence <= current.sequence {
            return Outcome::Stale;
        }
    }
    let from = current.map(|c| c.state.clone());
    let legal = match &from {
        None => version
            .initial
            .as_ref()
            .is_some_and(|i| i.name == event.state),
        Some(from) => version.allows(from, &event.state),
    };
    if !legal {
        return Outcome::Illegal(from, event.state.clone());
    }
    let mut seen = current.map(|c| c.seen.clone()).unwrap_or_default();
    if keyed {
        seen.push(event.key);
    }
    Outcome::Applied(Snapshot {
        instance: event.instance,
        state: event.state.clone(),
        sequence: event.sequence,
        seen,
    })
}

/// What the vectors of one machine version are made from.
struct Setup<'m> {
    model: &'m Model,
    version: &'m MachineVersion,
    event: TypeRef,
    base: Vec<(String, Datum)>,
    instance: &'m Field,
    sequence: &'m Field,
    key: Option<&'m Field>,
    state: &'m Field,
    states: &'m EnumDef,
}

impl<'m> Setup<'m> {
    fn new(model: &'m Model, version: &'m MachineVersion) -> Option<Setup<'m>> {
        let event = version.event.clone()?;
        let Datum::Record(base) = vectors(model, &event).into_iter().next()?.datum else {
            return None;
        };
        let key = match &version.idempotency {
            Some(_) => Some(version.field(model, &version.idempotency)?),
            None => None,
        };
        let setup = Setup {
            model,
            version,
            base,
            instance: version.field(model, &version.instance)?,
            sequence: version.field(model, &version.sequence)?,
            key,
            state: version.field(model, &version.state)?,
            states: version.state_enum(model)?.1,
            event,
        };
        let keys_ok = setup
            .key
            .is_none_or(|k| nth_value(model, &k.ty, 1).is_some());
        (nth_value(model, &setup.instance.ty, 1).is_some() && keys_ok).then_some(setup)
    }

    fn document(&self, def: &MachineDef) -> Json {
        let cases: Vec<Json> = self
            .cases()
            .into_iter()
            .map(|(name, events)| self.case_json(&name, &events))
            .collect();
        json!({
            "generated_by": format!("accord {ACCORD_VERSION}"),
            "machine": def.name.to_string(),
            "version": self.version.number,
            "event": format!("{}@{}", self.event.name, self.event.version),
            "cases": cases,
        })
    }

    /// The named event logs.
    fn cases(&self) -> Vec<(String, Vec<Event>)> {
        let run = self.valid_run();
        let mut cases = vec![("valid_run".to_string(), run.clone())];
        let retried = run.iter().flat_map(|e| [e.clone(), e.clone()]).collect();
        cases.push(("every_event_delivered_twice".into(), retried));
        if let Some(first) = run.first() {
            let mut resent = first.clone();
            resent.sequence += 100;
            let log = vec![first.clone(), resent];
            cases.push(("retry_with_a_new_sequence".into(), log));
            let mut other = first.clone();
            other.instance = 1;
            other.sequence += 1;
            other.key += 1000;
            cases.push(("another_instance".into(), vec![first.clone(), other]));
        }
        if run.len() >= 3 {
            let mut late = run.clone();
            late.swap(1, 2);
            cases.push(("late_event".into(), late));
            let lost: Vec<Event> = run
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 1)
                .map(|(_, e)| e.clone())
                .collect();
            cases.push(("lost_event".into(), lost));
        }
        cases.extend(self.illegal_cases(&run));
        let mut rng = SplitMix::seeded(&format!("{}@{}", self.event.name, self.version.number));
        for i in 0..RANDOM_CASES {
            cases.push((format!("random_{i}"), self.random_log(&mut rng)));
        }
        cases
    }

    /// A first event that is not the initial state, a move no transition allows, and a move
    /// out of a terminal state.
    fn illegal_cases(&self, run: &[Event]) -> Vec<(String, Vec<Event>)> {
        let mut cases = Vec::new();
        let symbols: Vec<&str> = self
            .states
            .symbols
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        let initial = self
            .version
            .initial
            .as_ref()
            .map(|i| i.name.as_str())
            .unwrap_or_default();
        if let Some(other) = symbols.iter().find(|s| **s != initial) {
            cases.push((
                "first_event_not_initial".into(),
                vec![event(0, 1, 1, other)],
            ));
        }
        if let Some(bad) = symbols.iter().find(|s| !self.version.allows(initial, s)) {
            let log = vec![event(0, 1, 1, initial), event(0, 2, 2, bad)];
            cases.push(("transition_not_declared".into(), log));
        }
        if let Some(last) = run.last().filter(|e| self.version.is_terminal(&e.state)) {
            let mut log = run.to_vec();
            log.push(event(0, last.sequence + 1, last.key + 1, initial));
            cases.push(("event_after_a_terminal_state".into(), log));
        }
        cases
    }

    /// The shortest run from the initial state to a terminal one (or as far as it goes).
    fn valid_run(&self) -> Vec<Event> {
        let path = shortest_to_terminal(self.version);
        path.iter()
            .enumerate()
            .map(|(i, state)| event(0, i as i64 + 1, i as u64 + 1, state))
            .collect()
    }

    /// A random valid walk, then perturbed: events dropped, delivered again, swapped, resent
    /// with a new sequence, and an event of another instance.
    fn random_log(&self, rng: &mut SplitMix) -> Vec<Event> {
        let mut state = match &self.version.initial {
            Some(initial) => initial.name.clone(),
            None => return Vec::new(),
        };
        let mut log = vec![event(0, 1, 1, &state)];
        for step in 2..=(2 + rng.below(7)) {
            let next: Vec<&Transition> = self
                .version
                .transitions
                .iter()
                .filter(|t| t.from.name == state)
                .collect();
            let Some(transition) = rng.pick(&next) else {
                break;
            };
            state = transition.to.name.clone();
            log.push(event(0, step as i64 * 2, step, &state));
        }
        let mut perturbed = Vec::new();
        for e in &log {
            match rng.below(10) {
                0 => {}                                        // lost
                1 => perturbed.extend([e.clone(), e.clone()]), // delivered twice
                2 => perturbed.extend([
                    e.clone(),
                    Event {
                        sequence: e.sequence + 1,
                        ..e.clone()
                    },
                ]), // resent, new sequence
                3 => perturbed.extend([
                    e.clone(),
                    Event {
                        instance: 1,
                        key: e.key + 1000,
                        ..e.clone()
                    },
                ]),
                _ => perturbed.push(e.clone()),
            }
        }
        if perturbed.len() >= 2 && rng.below(3) == 0 {
            let at = rng.below(perturbed.len() as u64 - 1) as usize;
            perturbed.swap(at, at + 1);
        }
        perturbed
    }

    fn case_json(&self, name: &str, events: &[Event]) -> Json {
        let mut current: Option<Snapshot> = None;
        let mut outcomes = Vec::new();
        for e in events {
            let outcome = apply(self.version, current.as_ref(), e);
            outcomes.push(self.outcome_json(&outcome));
            if let Outcome::Applied(snapshot) = outcome {
                current = Some(snapshot);
            }
        }
        json!({
            "name": name,
            "events": events.iter().map(|e| self.event_json(e)).collect::<Vec<_>>(),
            "outcomes": outcomes,
            "final": current.as_ref().map(|s| self.snapshot_json(s)),
        })
    }

    fn event_json(&self, e: &Event) -> Json {
        let mut fields = self.base.clone();
        let mut set = |field: &Field, datum: Datum| {
            if let Some(slot) = fields.iter_mut().find(|(n, _)| *n == field.name) {
                slot.1 = datum;
            }
        };
        set(self.instance, self.instance_value(e.instance));
        set(
            self.sequence,
            sequence_datum(self.model, &self.sequence.ty, e.sequence),
        );
        if let Some(key) = self.key {
            set(
                key,
                nth_value(self.model, &key.ty, e.key).unwrap_or(Datum::Null),
            );
        }
        set(self.state, self.state_datum(&e.state));
        let ty = Type::Named(self.event.clone());
        to_json(self.model, &ty, &Datum::Record(fields)).unwrap_or(Json::Null)
    }

    fn instance_value(&self, index: usize) -> Datum {
        nth_value(self.model, &self.instance.ty, index as u64 + 1).unwrap_or(Datum::Null)
    }

    fn state_datum(&self, state: &str) -> Datum {
        let index = self
            .states
            .symbols
            .iter()
            .position(|s| s.name == state)
            .unwrap_or(0);
        Datum::Enum(index as u32, state.to_string())
    }

    fn snapshot_json(&self, snapshot: &Snapshot) -> Json {
        let value = |field: &Field, datum: Datum| {
            to_json(self.model, &field.ty, &datum).unwrap_or(Json::Null)
        };
        let mut seen: Vec<Json> = match self.key {
            Some(key) => snapshot
                .seen
                .iter()
                .filter_map(|k| nth_value(self.model, &key.ty, *k))
                .map(|d| value(key, d))
                .collect(),
            None => Vec::new(),
        };
        seen.sort_by_key(canonical);
        json!({
            "instance": value(self.instance, self.instance_value(snapshot.instance)),
            "state": snapshot.state,
            "sequence": snapshot.sequence,
            "seen": seen,
        })
    }

    fn outcome_json(&self, outcome: &Outcome) -> Json {
        match outcome {
            Outcome::Applied(s) => json!({"outcome": "applied", "snapshot": self.snapshot_json(s)}),
            Outcome::Duplicate => json!({"outcome": "duplicate"}),
            Outcome::Stale => json!({"outcome": "stale"}),
            Outcome::Illegal(from, to) => json!({"outcome": "illegal", "from": from, "to": to}),
            Outcome::WrongInstance => json!({"outcome": "wrong_instance"}),
        }
    }
}

fn event(instance: usize, sequence: i64, key: u64, state: &str) -> Event {
    Event {
        instance,
        sequence,
        key,
        state: state.to_string(),
    }
}

/// The states of a shortest path from the initial state to a terminal one; the initial state
/// alone when none is reachable.
fn shortest_to_terminal(version: &MachineVersion) -> Vec<String> {
    let Some(initial) = &version.initial else {
        return Vec::new();
    };
    let mut paths: Vec<Vec<String>> = vec![vec![initial.name.clone()]];
    let mut visited = vec![initial.name.clone()];
    while !paths.is_empty() {
        if let Some(done) = paths
            .iter()
            .find(|p| p.len() > 1 && version.is_terminal(p.last().map_or("", String::as_str)))
        {
            return done.clone();
        }
        let mut next = Vec::new();
        for path in &paths {
            let last = path.last().map_or("", String::as_str);
            for t in version.transitions.iter().filter(|t| t.from.name == last) {
                if !visited.contains(&t.to.name) {
                    visited.push(t.to.name.clone());
                    next.push([path.clone(), vec![t.to.name.clone()]].concat());
                }
            }
        }
        paths = next;
    }
    vec![initial.name.clone()]
}

/// The `n`-th distinct value (from 1) of a key type: integers, strings, `uuid`s and bytes.
fn nth_value(model: &Model, ty: &Type, n: u64) -> Option<Datum> {
    match wire_type(model, ty) {
        Type::Scalar(Scalar::Int | Scalar::Date | Scalar::TimeMs) => {
            Some(Datum::Int(i32::try_from(n).ok()?))
        }
        Type::Scalar(
            Scalar::Long
            | Scalar::TimeUs
            | Scalar::TimestampMs
            | Scalar::TimestampUs
            | Scalar::LocalTimestampMs
            | Scalar::LocalTimestampUs,
        ) => Some(Datum::Long(i64::try_from(n).ok()?)),
        Type::Scalar(Scalar::String) => Some(Datum::String(format!("k-{n}"))),
        Type::Scalar(Scalar::Uuid) => {
            Some(Datum::String(format!("00000000-0000-4000-8000-{n:012x}")))
        }
        Type::Scalar(Scalar::Bytes) => Some(Datum::Bytes(n.to_be_bytes().to_vec())),
        _ => None,
    }
}

/// A sequence number as the datum of the sequence field's type (`int` or `long`).
fn sequence_datum(model: &Model, ty: &Type, sequence: i64) -> Datum {
    match wire_type(model, ty) {
        Type::Scalar(Scalar::Int) => Datum::Int(sequence as i32),
        _ => Datum::Long(sequence),
    }
}

/// A small deterministic generator (SplitMix64), seeded from a name: vectors never change
/// between runs.
struct SplitMix(u64);

impl SplitMix {
    fn seeded(name: &str) -> SplitMix {
        // FNV-1a of the name.
        let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        SplitMix(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn pick<'t, T>(&mut self, items: &[&'t T]) -> Option<&'t T> {
        match items.len() {
            0 => None,
            n => Some(items[self.below(n as u64) as usize]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn written(name: &str) -> Written {
        Written {
            name: name.into(),
            span: Span::new(FileId(0), 0, 0),
        }
    }

    /// QUEUED -> RUNNING -> DONE, with idempotency keys.
    fn job() -> MachineVersion {
        let transition = |from, to| Transition {
            from: written(from),
            to: written(to),
        };
        MachineVersion {
            number: 1,
            event: None,
            event_span: None,
            instance: Some(written("id")),
            sequence: Some(written("seq")),
            idempotency: Some(written("key")),
            state: Some(written("status")),
            initial: Some(written("QUEUED")),
            terminal: vec![written("DONE")],
            transitions: vec![
                transition("QUEUED", "RUNNING"),
                transition("RUNNING", "DONE"),
            ],
            span: Span::new(FileId(0), 0, 0),
        }
    }

    fn applied(outcome: Outcome) -> Snapshot {
        match outcome {
            Outcome::Applied(snapshot) => snapshot,
            other => panic!("not applied: {other:?}"),
        }
    }

    #[test]
    fn the_reference_reducer_checks_instance_then_key_then_sequence_then_transition() {
        let job = job();
        assert_eq!(
            apply(&job, None, &event(0, 1, 1, "RUNNING")),
            Outcome::Illegal(None, "RUNNING".into())
        );
        let first = applied(apply(&job, None, &event(0, 1, 1, "QUEUED")));
        assert_eq!(
            (first.state.as_str(), first.sequence, &first.seen[..]),
            ("QUEUED", 1, &[1][..])
        );
        assert_eq!(
            apply(&job, Some(&first), &event(1, 2, 2, "RUNNING")),
            Outcome::WrongInstance
        );
        // A retry with a new sequence is a duplicate by its key; an old sequence is stale.
        assert_eq!(
            apply(&job, Some(&first), &event(0, 9, 1, "RUNNING")),
            Outcome::Duplicate
        );
        assert_eq!(
            apply(&job, Some(&first), &event(0, 1, 2, "RUNNING")),
            Outcome::Stale
        );
        assert_eq!(
            apply(&job, Some(&first), &event(0, 2, 2, "DONE")),
            Outcome::Illegal(Some("QUEUED".into()), "DONE".into())
        );
        let running = applied(apply(&job, Some(&first), &event(0, 2, 2, "RUNNING")));
        assert_eq!(running.seen, vec![1, 2]);
    }

    #[test]
    fn the_valid_run_is_a_shortest_path_to_a_terminal_state() {
        assert_eq!(shortest_to_terminal(&job()), ["QUEUED", "RUNNING", "DONE"]);
    }
}

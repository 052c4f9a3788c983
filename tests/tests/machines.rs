//! The generated reducers of state machines (`docs/coordination.md`): the shop's `ExportJob`
//! (versions 1 and 2: a uuid instance and key, a `long` sequence) and the `machines` fixture's
//! `Task` (no idempotency key; a string newtype instance, an `int` newtype sequence, the state
//! in a newtype of the enum, an event of another package) and `Payout` (a `long` instance, a
//! string newtype key, a snapshot name taken by a record).
//!
//! * Vectors: every machine vector (`vectors/machines/`, shared with the Python suite) replays
//!   through the generated `apply`, decoded from its JSON encoding, event by event: each outcome
//!   and the final snapshot are those of the compiler's reference reducer.
//! * Properties (proptest, which shrinks a failure to the smallest log): on random logs, a
//!   valid walk with events lost, delivered twice, resent with a new sequence, sent for another
//!   instance, moved to a random state and swapped, the reducer applies only the initial state
//!   first and declared transitions after (by the contract, not the generated tables); every
//!   event applied before is a duplicate or stale when applied again; and every delivery of the
//!   same events in sequence order, with copies anywhere after their first delivery, ends in
//!   the same snapshot as the events once each.

use accord::Contract;
use accord_compiler::codegen::{generate, Input, Target};
use accord_compiler::ir::{MachineVersion, Model};
use accord_tests::machines::flow::events::{PhaseOf, Step, TaskEvent, TaskId};
// `PayoutSnapshot` is a record of the package: the machine's snapshot got a `_`.
use accord_tests::machines::flow::payouts::{
    AttemptId, Payout, PayoutEvent, PayoutOutcome, PayoutSnapshot_,
};
use accord_tests::machines::flow::tasks::{Task, TaskOutcome, TaskSnapshot};
use accord_tests::shop_contracts::shop::exports::{
    ExportEventV1, ExportEventV2, ExportJobV1, ExportJobV1Outcome, ExportJobV1Snapshot,
    ExportJobV2, ExportJobV2Outcome, ExportJobV2Snapshot,
};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{json, Value as Json};
use std::fmt::Debug;
use std::path::Path;
use std::sync::OnceLock;

/// The projects with machines: the shop, and the fixture of other field types.
const PROJECTS: [&str; 2] = ["..", "../compiler/tests/fixtures/machines"];

/// An event by what a reducer reads of it: the instance (an index), the sequence, the
/// idempotency key (an index) and the state moved to.
#[derive(Debug, Clone, PartialEq)]
struct Ev {
    instance: u64,
    sequence: i64,
    key: u64,
    state: String,
}

/// A generated reducer, seen generically.
trait Reducer {
    /// The machine's full name and version.
    const ID: (&'static str, u32);
    /// The event record.
    type Event: Contract + Debug;
    /// The snapshot.
    type Snapshot: Clone + PartialEq + Debug;
    /// `apply`: its outcome as the vectors write it, and the new snapshot when applied.
    fn step(
        current: Option<&Self::Snapshot>,
        event: &Self::Event,
    ) -> (Json, Option<Self::Snapshot>);
    /// The event `e` stands for.
    fn event(e: &Ev) -> Self::Event;
}

/// `value` in the JSON encoding (generated types serialize in it).
fn value<T: accord::serde::Serialize>(value: &T) -> Json {
    serde_json::to_value(value).expect("serializes")
}

/// The generated state of `symbol`.
fn symbol<T: accord::serde::de::DeserializeOwned>(symbol: &str) -> T {
    serde_json::from_value(json!(symbol)).expect("a state")
}

/// Keys sorted by their JSON text, as the vectors list them.
fn sorted(mut keys: Vec<Json>) -> Vec<Json> {
    keys.sort_by_key(|k| k.to_string());
    keys
}

/// The uuid the vectors use for index `n`.
fn uuid(n: u64) -> accord::uuid::Uuid {
    accord::uuid::Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0000 | u128::from(n))
}

/// [`Reducer::step`] of a generated machine: `$seen` lists the keys of snapshot `$s` as JSON.
macro_rules! step {
    ($machine:ty, $outcome:ident, $current:expr, $event:expr, |$s:ident| $seen:expr) => {
        match <$machine>::apply($current, $event) {
            $outcome::Applied($s) => {
                let snapshot = json!({
                    "instance": value(&$s.instance),
                    "state": value(&$s.state),
                    "sequence": $s.sequence,
                    "seen": sorted($seen),
                });
                (
                    json!({"outcome": "applied", "snapshot": snapshot}),
                    Some($s),
                )
            }
            $outcome::Duplicate => (json!({"outcome": "duplicate"}), None),
            $outcome::Stale => (json!({"outcome": "stale"}), None),
            $outcome::Illegal { from, to } => (
                json!({"outcome": "illegal", "from": from.map(|f| value(&f)), "to": value(&to)}),
                None,
            ),
            $outcome::WrongInstance => (json!({"outcome": "wrong_instance"}), None),
        }
    };
}

/// The shop's export job: both versions read the same fields.
macro_rules! export_job {
    ($machine:ident, $snapshot:ident, $outcome:ident, $event:ident, $version:literal) => {
        impl Reducer for $machine {
            const ID: (&'static str, u32) = ("shop.exports.ExportJob", $version);
            type Event = $event;
            type Snapshot = $snapshot;
            fn step(
                current: Option<&Self::Snapshot>,
                event: &$event,
            ) -> (Json, Option<Self::Snapshot>) {
                step!($machine, $outcome, current, event, |s| s
                    .seen
                    .iter()
                    .map(value)
                    .collect())
            }
            fn event(e: &Ev) -> $event {
                $event {
                    job_id: uuid(e.instance + 1),
                    callback_id: uuid(e.key),
                    seq: e.sequence,
                    status: symbol(&e.state),
                    reported_at: accord::chrono::DateTime::from_timestamp(0, 0).expect("epoch"),
                    detail: None,
                }
            }
        }
    };
}

export_job!(
    ExportJobV1,
    ExportJobV1Snapshot,
    ExportJobV1Outcome,
    ExportEventV1,
    1
);
export_job!(
    ExportJobV2,
    ExportJobV2Snapshot,
    ExportJobV2Outcome,
    ExportEventV2,
    2
);

impl Reducer for Task {
    const ID: (&'static str, u32) = ("flow.tasks.Task", 1);
    type Event = TaskEvent;
    type Snapshot = TaskSnapshot;
    fn step(current: Option<&Self::Snapshot>, event: &TaskEvent) -> (Json, Option<Self::Snapshot>) {
        step!(Task, TaskOutcome, current, event, |s| Vec::new())
    }
    fn event(e: &Ev) -> TaskEvent {
        TaskEvent {
            task: TaskId(format!("k-{}", e.instance + 1)),
            step: Step(i32::try_from(e.sequence).expect("small")),
            phase: PhaseOf(symbol(&e.state)),
            note: None,
        }
    }
}

impl Reducer for Payout {
    const ID: (&'static str, u32) = ("flow.payouts.Payout", 1);
    type Event = PayoutEvent;
    type Snapshot = PayoutSnapshot_;
    fn step(
        current: Option<&Self::Snapshot>,
        event: &PayoutEvent,
    ) -> (Json, Option<Self::Snapshot>) {
        step!(Payout, PayoutOutcome, current, event, |s| s
            .seen
            .iter()
            .map(value)
            .collect())
    }
    fn event(e: &Ev) -> PayoutEvent {
        PayoutEvent {
            payout_id: i64::try_from(e.instance).expect("small") + 1,
            attempt: AttemptId(format!("k-{}", e.key)),
            seq: e.sequence,
            state: symbol(&e.state),
        }
    }
}

fn compilation(dir: &str) -> accord_compiler::Compilation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    accord_compiler::compile(&path).expect("project loads")
}

/// The valid model of every project, compiled once.
fn models() -> &'static [Model] {
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    MODELS.get_or_init(|| {
        PROJECTS
            .iter()
            .map(|dir| compilation(dir).valid_model().expect("valid").clone())
            .collect()
    })
}

/// The contract's version of `R`'s machine, and the symbols of its state enum.
fn contract<R: Reducer>() -> (&'static MachineVersion, Vec<String>) {
    let (name, number) = R::ID;
    for model in models() {
        let def = model.machines.values().find(|d| d.name.to_string() == name);
        if let Some(version) = def.and_then(|d| d.version(number)) {
            let states = version.state_enum(model).expect("an enum").1;
            let symbols = states.symbols.iter().map(|s| s.name.clone()).collect();
            return (version, symbols);
        }
    }
    panic!("no machine {name} version {number}")
}

/// Replays every case of a vector file; returns the number of events.
fn replay<R: Reducer>(doc: &Json) -> usize {
    let mut events = 0;
    for case in doc["cases"].as_array().expect("cases") {
        let name = format!("{}: {}", doc["machine"], case["name"]);
        let mut current: Option<R::Snapshot> = None;
        let mut last = Json::Null;
        let expected = case["outcomes"].as_array().expect("outcomes");
        let log = case["events"].as_array().expect("events");
        assert_eq!(log.len(), expected.len(), "{name}");
        for (i, (event, expected)) in log.iter().zip(expected).enumerate() {
            let event = R::Event::from_json(&event.to_string()).expect("the event decodes");
            let (outcome, next) = R::step(current.as_ref(), &event);
            assert_eq!(&outcome, expected, "{name}, event {i}");
            if let Some(next) = next {
                current = Some(next);
                last = outcome["snapshot"].clone();
            }
            events += 1;
        }
        assert_eq!(last, case["final"], "{name}: the final snapshot");
    }
    events
}

/// The reducers, by machine and version, with the replay of their vectors.
type Replay = fn(&Json) -> usize;
const REDUCERS: [((&str, u32), Replay); 4] = [
    (<ExportJobV1 as Reducer>::ID, replay::<ExportJobV1>),
    (<ExportJobV2 as Reducer>::ID, replay::<ExportJobV2>),
    (<Task as Reducer>::ID, replay::<Task>),
    (<Payout as Reducer>::ID, replay::<Payout>),
];

#[test]
fn every_machine_vector_replays_through_the_generated_reducer() {
    let mut replayed = Vec::new();
    for dir in PROJECTS {
        let compilation = compilation(dir);
        let model = compilation.valid_model().expect("valid");
        let input = Input::new(model, &compilation.facts, &compilation.sources);
        for file in generate(input, &[Target::Vectors]) {
            if !file.path.starts_with("vectors/machines/") {
                continue;
            }
            let doc: Json = serde_json::from_slice(&file.contents).expect("JSON");
            let machine = (
                doc["machine"].as_str().expect("a name").to_owned(),
                u32::try_from(doc["version"].as_u64().expect("a version")).expect("small"),
            );
            let (_, replay) = REDUCERS
                .iter()
                .find(|((name, number), _)| (*name, *number) == (machine.0.as_str(), machine.1))
                .unwrap_or_else(|| panic!("no generated reducer for {machine:?}"));
            let events = replay(&doc);
            assert!(events > 50, "{}: {events} events", file.path);
            replayed.push(machine);
        }
    }
    replayed.sort_unstable();
    let mut expected: Vec<(String, u32)> = REDUCERS
        .iter()
        .map(|((name, number), _)| ((*name).to_owned(), *number))
        .collect();
    expected.sort_unstable();
    assert_eq!(replayed, expected, "a vector file per machine version");
}

/// How a random log is made: the choices of a walk, then per event how it is perturbed, the
/// random states, swaps, and where copies are delivered again.
#[derive(Debug, Clone)]
struct Plan {
    walk: Vec<u8>,
    perturb: Vec<u8>,
    states: Vec<u8>,
    swaps: Vec<(u8, u8)>,
    copies: Vec<(u8, u8)>,
}

fn plans() -> impl Strategy<Value = Plan> {
    let pairs = || vec((any::<u8>(), any::<u8>()), 0..6);
    (
        vec(any::<u8>(), 0..10),
        vec(0u8..10, 0..14),
        vec(any::<u8>(), 0..14),
        pairs(),
        pairs(),
    )
        .prop_map(|(walk, perturb, states, swaps, copies)| Plan {
            walk,
            perturb,
            states,
            swaps,
            copies,
        })
}

/// A valid walk from the initial state, one event of instance 0 every two sequence numbers.
fn walk(version: &MachineVersion, plan: &Plan) -> Vec<Ev> {
    let initial = version
        .initial
        .as_ref()
        .expect("an initial state")
        .name
        .clone();
    let ev = |i: u64, state: &str| Ev {
        instance: 0,
        sequence: 2 * i64::try_from(i).expect("small") + 2,
        key: i + 1,
        state: state.to_owned(),
    };
    let mut events = vec![ev(0, &initial)];
    let mut state = initial;
    for (i, choice) in (1u64..).zip(&plan.walk) {
        let next: Vec<&str> = version
            .transitions
            .iter()
            .filter(|t| t.from.name == state)
            .map(|t| t.to.name.as_str())
            .collect();
        if next.is_empty() {
            break;
        }
        state = next[usize::from(*choice) % next.len()].to_owned();
        events.push(ev(i, &state));
    }
    events
}

/// The distinct events of a plan: the walk with events lost, resent with a new sequence (the
/// same key), sent for another instance and moved to a random state; each has its own
/// sequence. With the events delivered twice.
fn distinct_and_twice(
    version: &MachineVersion,
    symbols: &[String],
    plan: &Plan,
) -> (Vec<Ev>, Vec<Ev>) {
    let (mut distinct, mut twice) = (Vec::new(), Vec::new());
    for (i, e) in walk(version, plan).into_iter().enumerate() {
        let op = plan.perturb.get(i).copied().unwrap_or(9);
        let later = |e: &Ev| Ev {
            sequence: e.sequence + 1,
            ..e.clone()
        };
        match op {
            0 => continue, // lost
            1 => twice.push(e.clone()),
            2 => distinct.push(later(&e)), // resent, new sequence, same key
            3 => distinct.push(Ev {
                instance: 1,
                key: e.key + 1000,
                ..later(&e)
            }),
            4 => {
                let pick = plan.states.get(i).copied().unwrap_or(0);
                distinct.push(Ev {
                    key: e.key + 2000,
                    state: symbols[usize::from(pick) % symbols.len()].clone(),
                    ..later(&e)
                });
            }
            _ => {}
        }
        distinct.push(e);
    }
    distinct.sort_by_key(|e| e.sequence);
    (distinct, twice)
}

/// A log delivered out of order: the distinct events and the copies, then swapped.
fn shuffled(distinct: &[Ev], twice: &[Ev], plan: &Plan) -> Vec<Ev> {
    let mut log: Vec<Ev> = distinct.iter().chain(twice).cloned().collect();
    log.sort_by_key(|e| e.sequence);
    let len = log.len();
    if len > 0 {
        for (a, b) in &plan.swaps {
            log.swap(usize::from(*a) % len, usize::from(*b) % len);
        }
    }
    log
}

/// The distinct events in sequence order, each copied again anywhere after its first
/// delivery.
fn with_copies(distinct: &[Ev], plan: &Plan) -> Vec<Ev> {
    let mut log = distinct.to_vec();
    if distinct.is_empty() {
        return log;
    }
    for (which, offset) in &plan.copies {
        let copy = &distinct[usize::from(*which) % distinct.len()];
        let first = log.iter().position(|e| e == copy).expect("delivered");
        let at = first + 1 + usize::from(*offset) % (log.len() - first);
        log.insert(at, copy.clone());
    }
    log
}

/// The final snapshot of a log.
fn run<R: Reducer>(log: &[Ev]) -> Option<R::Snapshot> {
    let mut current = None;
    for e in log {
        if let (_, Some(next)) = R::step(current.as_ref(), &R::event(e)) {
            current = Some(next);
        }
    }
    current
}

/// Every applied event is the initial state first, a declared transition after; re-applying an
/// event applied before never applies it.
fn legal_and_idempotent<R: Reducer>(
    version: &MachineVersion,
    log: &[Ev],
) -> Result<(), TestCaseError> {
    let initial = &version.initial.as_ref().expect("an initial state").name;
    let mut current: Option<R::Snapshot> = None;
    let mut state: Option<String> = None;
    let mut applied: Vec<&Ev> = Vec::new();
    for e in log {
        let (outcome, next) = R::step(current.as_ref(), &R::event(e));
        if let Some(next) = next {
            let to = outcome["snapshot"]["state"].as_str().expect("a symbol");
            match &state {
                None => prop_assert_eq!(to, initial.as_str(), "the first applied event"),
                Some(from) => prop_assert!(version.allows(from, to), "{from} -> {to} applied"),
            }
            state = Some(to.to_owned());
            current = Some(next);
            applied.push(e);
        }
        for again in &applied {
            let before = current.clone();
            let (outcome, next) = R::step(current.as_ref(), &R::event(again));
            let kind = outcome["outcome"].as_str().expect("a kind");
            prop_assert!(
                next.is_none() && (kind == "duplicate" || kind == "stale"),
                "{again:?} applied again: {outcome}"
            );
            prop_assert_eq!(&current, &before);
        }
    }
    Ok(())
}

/// The three properties of `R`'s reducer on the logs of `plan`.
fn properties<R: Reducer>(plan: &Plan) -> Result<(), TestCaseError> {
    let (version, symbols) = contract::<R>();
    let (distinct, twice) = distinct_and_twice(version, &symbols, plan);
    legal_and_idempotent::<R>(version, &shuffled(&distinct, &twice, plan))?;
    legal_and_idempotent::<R>(version, &with_copies(&distinct, plan))?;
    let once = run::<R>(&distinct);
    prop_assert_eq!(run::<R>(&with_copies(&distinct, plan)), once);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn export_job_v1_reducer_properties(plan in plans()) {
        properties::<ExportJobV1>(&plan)?;
    }

    #[test]
    fn export_job_v2_reducer_properties(plan in plans()) {
        properties::<ExportJobV2>(&plan)?;
    }

    #[test]
    fn task_reducer_properties(plan in plans()) {
        properties::<Task>(&plan)?;
    }

    #[test]
    fn payout_reducer_properties(plan in plans()) {
        properties::<Payout>(&plan)?;
    }
}

/// The tables and predicates describing a machine are the contract's.
#[test]
fn the_generated_tables_are_the_contract() {
    let (version, _) = contract::<ExportJobV2>();
    assert_eq!(ExportJobV2::MACHINE, "shop.exports.ExportJob");
    assert_eq!(ExportJobV2::VERSION, 2);
    assert_eq!(value(&ExportJobV2::INITIAL), json!("QUEUED"));
    let transitions: Vec<(Json, Json)> = ExportJobV2::TRANSITIONS
        .iter()
        .map(|(from, to)| (value(from), value(to)))
        .collect();
    let declared: Vec<(Json, Json)> = version
        .transitions
        .iter()
        .map(|t| (json!(t.from.name), json!(t.to.name)))
        .collect();
    assert_eq!(transitions, declared);
    for (from, to) in ExportJobV2::TRANSITIONS {
        assert!(ExportJobV2::allows(*from, *to));
        assert!(!ExportJobV2::is_terminal(*from));
    }
    let terminal: Vec<Json> = ExportJobV2::TERMINAL.iter().map(value).collect();
    assert_eq!(
        terminal,
        json!(["SUCCEEDED", "FAILED", "CANCELLED"])
            .as_array()
            .unwrap()
            .clone()
    );
    assert!(ExportJobV2::TERMINAL
        .iter()
        .all(|s| ExportJobV2::is_terminal(*s)));
    assert!(Task::is_terminal(symbol("CLOSED")) && !Task::is_terminal(symbol("OPEN")));
}

"""The generated Python reducers of machines (docs/coordination.md, "Python").

* Shared vectors: every ``vectors/machines/**/<Name>.v<N>.json`` of every project (written by
  the compiler's reference reducer, replayed by the generated Rust too) is replayed through the
  generated ``apply``: events decoded with the generated JSON decoding, every outcome and the
  final snapshot compared.
* Properties (hypothesis, derandomized): on random event logs with duplicates, reorderings,
  drops and retries, the reducer gives the outcome of a model of the five rules written here,
  never accepts an illegal transition, ignores any event applied before (duplicate or stale,
  the snapshot unchanged), and every order of one set of events that respects the sequence
  ends in the same snapshot. On the shop's ``ExportJob`` (uuid keys, kept as they are), the
  hostile fixture's machine (a list key, kept as JSON text; hostile names) and the machines
  fixture's (no idempotency; newtypes; another package's event; a string key).
"""

from __future__ import annotations

import datetime
import importlib
import json
import pathlib
import uuid
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GENERATED, PROJECTS, package

SETTINGS = settings(
    derandomize=True, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _reducer(project: str, machine: str, version: int) -> Any:
    """The reducer class of ``machine`` version ``version``: the class of its package's module
    (the fixtures' package names need no escaping) with those ``MACHINE`` and ``VERSION``."""
    root = package(project)
    module = importlib.import_module(f"{root.__name__}.{machine.rsplit('.', 1)[0]}")
    for value in vars(module).values():
        if getattr(value, "MACHINE", None) == machine and getattr(value, "VERSION", None) == version:
            return value
    raise LookupError(f"{project}: no reducer of {machine} v{version}")


# ---- shared vectors ------------------------------------------------------------------------


def _vector_files() -> list[tuple[str, pathlib.Path]]:
    found = []
    for project in PROJECTS:
        root = GENERATED / project / "vectors/machines"
        if root.is_dir():
            found.extend((project, path) for path in sorted(root.rglob("*.json")))
    return found


VECTOR_FILES = _vector_files()


def _json_of(rt: Any, value: Any) -> Any:
    """A key or instance value (an integer, a string, a uuid or bytes: the vectors have no
    other) in the JSON encoding."""
    if isinstance(value, uuid.UUID):
        return rt.UUID.to_json(value, "")
    if isinstance(value, bytes):
        return rt.BYTES.to_json(value, "")
    return value


def _snapshot_json(rt: Any, snapshot: Any) -> dict[str, Any]:
    seen = [_json_of(rt, k) for k in getattr(snapshot, "seen", ())]
    return {
        "instance": _json_of(rt, snapshot.instance),
        "state": snapshot.state.value,
        "sequence": snapshot.sequence,
        "seen": sorted(seen, key=rt.canonical_json),
    }


def _outcome_json(rt: Any, reducer: Any, outcome: Any) -> dict[str, Any]:
    if isinstance(outcome, reducer.Applied):
        return {"outcome": "applied", "snapshot": _snapshot_json(rt, outcome.snapshot)}
    if isinstance(outcome, reducer.Illegal):
        return {
            "outcome": "illegal",
            "from": None if outcome.from_ is None else outcome.from_.value,
            "to": outcome.to.value,
        }
    kinds = {reducer.Duplicate: "duplicate", reducer.Stale: "stale", reducer.WrongInstance: "wrong_instance"}
    return {"outcome": kinds[type(outcome)]}


def test_every_project_with_a_machine_has_vectors() -> None:
    assert {project for project, _ in VECTOR_FILES} == {"shop", "machines"}


@pytest.mark.parametrize(
    "project,path", VECTOR_FILES, ids=[f"{p}:{f.name}" for p, f in VECTOR_FILES]
)
def test_shared_vectors_replay_through_apply(project: str, path: pathlib.Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    reducer = _reducer(project, doc["machine"], doc["version"])
    event_cls = reducer.Event
    assert f"{event_cls.FULL_NAME}@{event_cls.VERSION}" == doc["event"]
    rt = package(project)._runtime
    assert doc["cases"]
    for case in doc["cases"]:
        current = None
        assert len(case["events"]) == len(case["outcomes"]), case["name"]
        for i, (data, expected) in enumerate(zip(case["events"], case["outcomes"])):
            event = event_cls.from_dict(data)
            outcome = reducer.apply(current, event)
            assert _outcome_json(rt, reducer, outcome) == expected, f"{case['name']} event {i}"
            if isinstance(outcome, reducer.Applied):
                current = outcome.snapshot
        final = None if current is None else _snapshot_json(rt, current)
        assert final == case["final"], case["name"]


# ---- properties ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """A reducer and how the tests make its events: ``make(instance, sequence, key, state)``
    from small integers (instance 0 or 1, key index) and a state member."""

    reducer: Any
    make: Callable[[int, int, int, Any], Any]
    #: The event's instance, sequence and state.
    fields: Callable[[Any], tuple[Any, int, Any]]
    #: The event's key as the snapshot keeps it; None without idempotency.
    key_of: Callable[[Any], Any] | None


def _export(version: int) -> Subject:
    reducer = _reducer("shop", "shop.exports.ExportJob", version)
    at = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)

    def make(instance: int, sequence: int, key: int, state: Any) -> Any:
        return reducer.Event(
            job_id=uuid.UUID(int=instance + 1),
            callback_id=uuid.UUID(int=1000 + key),
            seq=sequence,
            status=state,
            reported_at=at,
        )

    return Subject(reducer, make, lambda e: (e.job_id, e.seq, e.status), lambda e: e.callback_id)


def _hostile() -> Subject:
    reducer = _reducer("hostile", "hostile.machine.Snapshot", 1)

    def make(instance: int, sequence: int, key: int, state: Any) -> Any:
        # A list key, so the reducer keeps it as JSON text; two lists per key index.
        return reducer.Event(self=f"i-{instance}", cls=sequence, key=["k", str(key)], State_=state)

    return Subject(
        reducer, make, lambda e: (e.self, e.cls, e.State_), lambda e: json.dumps(e.key, separators=(",", ":"))
    )


def _task() -> Subject:
    """No idempotency; instance, sequence and state are newtypes; the event is another package's."""
    reducer = _reducer("machines", "flow.tasks.Task", 1)

    def make(instance: int, sequence: int, key: int, state: Any) -> Any:
        del key
        return reducer.Event(task=f"t-{instance}", step=sequence, phase=state)

    return Subject(reducer, make, lambda e: (e.task, e.step, e.phase), None)


def _payout() -> Subject:
    reducer = _reducer("machines", "flow.payouts.Payout", 1)

    def make(instance: int, sequence: int, key: int, state: Any) -> Any:
        return reducer.Event(payout_id=instance + 7, attempt=f"a-{key}", seq=sequence, state=state)

    return Subject(reducer, make, lambda e: (e.payout_id, e.seq, e.state), lambda e: e.attempt)


SUBJECTS = {
    "shop.ExportJob@1": _export(1),
    "shop.ExportJob@2": _export(2),
    "hostile.Snapshot@1": _hostile(),
    "machines.Task@1": _task(),
    "machines.Payout@1": _payout(),
}


def _model(subject: Subject, current: Any, event: Any) -> tuple[str, Any]:
    """The five rules of docs/coordination.md, written out here: the outcome's kind and the
    new snapshot (or the illegal move)."""
    r = subject.reducer
    instance, sequence, to = subject.fields(event)
    if current is not None and instance != current.instance:
        return "wrong_instance", None
    key = None if subject.key_of is None else subject.key_of(event)
    if current is not None and subject.key_of is not None and key in current.seen:
        return "duplicate", None
    if current is not None and sequence <= current.sequence:
        return "stale", None
    if current is None:
        legal = to == r.INITIAL
    else:
        legal = (current.state, to) in r.TRANSITIONS
    if not legal:
        return "illegal", (None if current is None else current.state, to)
    if subject.key_of is None:
        return "applied", r.Snapshot(instance, to, sequence)
    seen = frozenset([key]) | (current.seen if current is not None else frozenset())
    return "applied", r.Snapshot(instance, to, sequence, seen)


def _kind(subject: Subject, outcome: Any) -> tuple[str, Any]:
    r = subject.reducer
    if isinstance(outcome, r.Applied):
        return "applied", outcome.snapshot
    if isinstance(outcome, r.Illegal):
        return "illegal", (outcome.from_, outcome.to)
    return {r.Duplicate: "duplicate", r.Stale: "stale", r.WrongInstance: "wrong_instance"}[type(outcome)], None


def _states(subject: Subject) -> list[Any]:
    return list(subject.reducer.State)


@st.composite
def _walk(draw: Any, subject: Subject) -> list[tuple[int, int, int, Any]]:
    """A legal run of instance 0: the initial state, then declared moves, with growing
    sequences (gaps allowed) and a fresh key per event."""
    r = subject.reducer
    state = r.INITIAL
    sequence = draw(st.integers(1, 3))
    run = [(0, sequence, 0, state)]
    for key in range(1, draw(st.integers(0, 8)) + 1):
        moves = sorted((to for (a, to) in r.TRANSITIONS if a == state), key=lambda s: s.value)
        if not moves:
            break
        state = draw(st.sampled_from(moves))
        sequence += draw(st.integers(1, 3))
        run.append((0, sequence, key, state))
    return run


@st.composite
def _log(draw: Any, subject: Subject) -> list[tuple[int, int, int, Any]]:
    """A legal run perturbed: events dropped, delivered twice, retried with a new sequence,
    swapped, another instance's events, and events in any state."""
    run = draw(_walk(subject))
    log: list[tuple[int, int, int, Any]] = []
    for event in run:
        action = draw(st.sampled_from(["keep", "keep", "drop", "twice", "retry", "other"]))
        if action == "drop":
            continue
        log.append(event)
        if action == "twice":
            log.append(event)
        elif action == "retry":
            log.append((event[0], event[1] + draw(st.integers(1, 5)), event[2], event[3]))
        elif action == "other":
            log.append((1, event[1], event[2] + 100, event[3]))
    noise = st.tuples(
        st.integers(0, 1), st.integers(0, 30), st.integers(0, 12), st.sampled_from(_states(subject))
    )
    for _ in range(draw(st.integers(0, 4))):
        log.insert(draw(st.integers(0, len(log))), draw(noise))
    for _ in range(draw(st.integers(0, 3))):
        if len(log) >= 2:
            i = draw(st.integers(0, len(log) - 2))
            log[i], log[i + 1] = log[i + 1], log[i]
    return log


def _fold(subject: Subject, events: list[Any]) -> tuple[Any, list[Any]]:
    current = None
    outcomes = []
    for event in events:
        outcome = subject.reducer.apply(current, event)
        outcomes.append(outcome)
        if isinstance(outcome, subject.reducer.Applied):
            current = outcome.snapshot
    return current, outcomes


@pytest.mark.parametrize("name", SUBJECTS)
def test_apply_follows_the_rules_and_never_accepts_an_illegal_move(name: str) -> None:
    subject = SUBJECTS[name]
    r = subject.reducer

    @SETTINGS
    @given(_log(subject))
    def check(log: list[tuple[int, int, int, Any]]) -> None:
        current = None
        for spec in log:
            event = subject.make(*spec)
            before = current
            outcome = r.apply(current, event)
            assert _kind(subject, outcome) == _model(subject, current, event)
            assert current == before  # apply is pure
            if isinstance(outcome, r.Applied):
                new = outcome.snapshot
                if current is None:
                    assert new.state == r.INITIAL
                else:
                    assert (current.state, new.state) in r.TRANSITIONS
                    assert new.sequence > current.sequence and new.instance == current.instance
                current = new

    check()


@pytest.mark.parametrize("name", SUBJECTS)
def test_an_event_applied_before_is_ignored_and_leaves_the_snapshot(name: str) -> None:
    subject = SUBJECTS[name]
    r = subject.reducer

    @SETTINGS
    @given(_log(subject), st.data())
    def check(log: list[tuple[int, int, int, Any]], data: Any) -> None:
        events = [subject.make(*spec) for spec in log]
        current, outcomes = _fold(subject, events)
        applied = [e for e, o in zip(events, outcomes) if isinstance(o, r.Applied)]
        if current is None:
            return
        kept = r.Snapshot(*[getattr(current, f) for f in type(current).__match_args__])
        for event in data.draw(st.lists(st.sampled_from(applied), max_size=5)):
            again = r.apply(current, event)
            allowed = (r.Duplicate, r.Stale) if subject.key_of is not None else (r.Stale,)
            assert isinstance(again, allowed)
            assert current == kept

    check()


@pytest.mark.parametrize("name", SUBJECTS)
def test_every_order_of_one_set_that_respects_the_sequence_ends_alike(name: str) -> None:
    subject = SUBJECTS[name]

    @SETTINGS
    @given(_walk(subject), st.data())
    def check(run: list[tuple[int, int, int, Any]], data: Any) -> None:
        # The set: the run with events dropped, delivered again and retried later. Two events
        # of one sequence are the same event: distinct ones would make the order matter.
        specs: list[tuple[int, int, int, Any]] = []
        used = {spec[1] for spec in run}
        for spec in run:
            if data.draw(st.booleans()) and spec is not run[0]:
                continue  # dropped (the first is kept: else no event is legal)
            specs.append(spec)
            for _ in range(data.draw(st.integers(0, 2))):
                specs.append(spec)
            retry = spec[1] + data.draw(st.integers(1, 9))
            if data.draw(st.booleans()) and retry not in used:
                used.add(retry)
                specs.append((spec[0], retry, spec[2], spec[3]))
        first, _ = _fold(subject, [subject.make(*s) for s in sorted(specs, key=lambda s: s[1])])
        for _ in range(3):
            shuffled = data.draw(st.permutations(specs))
            ordered = sorted(shuffled, key=lambda s: s[1])  # stable: ties stay shuffled
            final, _ = _fold(subject, [subject.make(*s) for s in ordered])
            assert final == first

    check()


def test_keys_that_python_cannot_hash_are_kept_as_json_text() -> None:
    subject = SUBJECTS["hostile.Snapshot@1"]
    r = subject.reducer
    first = r.apply(None, subject.make(0, 1, 7, r.INITIAL))
    assert isinstance(first, r.Applied)
    assert first.snapshot.seen == frozenset(['["k","7"]'])
    # The same list again, with a later sequence: a retry.
    again = subject.make(0, 5, 7, r.INITIAL)
    assert isinstance(r.apply(first.snapshot, again), r.Duplicate)


def test_snapshots_and_outcomes_are_frozen_values() -> None:
    subject = SUBJECTS["shop.ExportJob@1"]
    r = subject.reducer
    out = r.apply(None, subject.make(0, 1, 1, r.INITIAL))
    assert isinstance(out, r.Applied)
    snapshot = out.snapshot
    assert snapshot == r.Snapshot(snapshot.instance, snapshot.state, 1, snapshot.seen)
    assert hash(snapshot) == hash(r.Snapshot(snapshot.instance, snapshot.state, 1, snapshot.seen))
    with pytest.raises(AttributeError):
        snapshot.state = r.INITIAL
    assert r.Duplicate() == r.Duplicate() and r.Duplicate() != r.Stale()
    assert r.Illegal(None, r.INITIAL).from_ is None
    assert "stateDiagram-v2" in (r.__doc__ or "") and "[*] --> QUEUED" in (r.__doc__ or "")
    assert r.TERMINAL == frozenset({r.State.SUCCEEDED, r.State.FAILED})


def test_the_example_of_the_coordination_doc_runs() -> None:
    text = (pathlib.Path(__file__).resolve().parents[2] / "docs/coordination.md").read_text()
    python = text.split("\n### Python\n", 1)[1]
    example = python.split("```python\n", 1)[1].split("```", 1)[0]
    subject = SUBJECTS["shop.ExportJob@2"]
    event = subject.make(0, 1, 1, subject.reducer.INITIAL)
    scope: dict[str, Any] = {"data": event.to_json()}
    exec(compile(example, "docs/coordination.md", "exec"), scope)
    assert isinstance(scope["outcome"], subject.reducer.Applied)
    assert scope["snapshot"] == scope["outcome"].snapshot

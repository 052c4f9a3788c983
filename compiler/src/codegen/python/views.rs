//! The view models the Python templates render: every name, annotation, descriptor and
//! docstring is decided in Rust, the templates (`templates/python/`) only lay them out.

use serde::Serialize;

#[derive(Serialize)]
pub(super) struct ModuleView {
    pub(super) header: Vec<String>,
    pub(super) doc: String,
    pub(super) root: String,
    pub(super) imports: Vec<ImportView>,
    pub(super) exports: Vec<String>,
    pub(super) newtypes: Vec<NewTypeView>,
    pub(super) enums: Vec<EnumView>,
    pub(super) wrappers: Vec<WrapperView>,
    pub(super) records: Vec<RecordView>,
    pub(super) codecs: Vec<CodecView>,
    pub(super) latest: Vec<LatestView>,
    pub(super) hooks: Vec<HooksView>,
    pub(super) layouts: Vec<LayoutView>,
    pub(super) topics: Vec<TopicView>,
    /// The reducers of the machines.
    pub(super) machines: Vec<MachineView>,
    /// `AnyOrder: TypeAlias = OrderV1 | OrderV2`.
    pub(super) any: Vec<LatestView>,
    /// The migration step functions and their tables (Python code).
    pub(super) migrations: Vec<super::migrations::Item>,
    /// The sub-packages of a package that is a directory, imported on first access.
    pub(super) submodules: Vec<String>,
}

/// The `@migrate` hooks of a versioned record: a `typing.Protocol` and the steps calling them.
#[derive(Serialize)]
pub(super) struct HooksView {
    pub(super) name: String,
    pub(super) doc: String,
    pub(super) methods: Vec<HookMethodView>,
}

#[derive(Serialize)]
pub(super) struct HookMethodView {
    pub(super) name: String,
    pub(super) arg: String,
    pub(super) arg_annotation: String,
    pub(super) output: String,
}

#[derive(Serialize)]
pub(super) struct TopicView {
    pub(super) name: String,
    pub(super) doc: String,
    pub(super) kafka: String,
    pub(super) topic: String,
    pub(super) versions: String,
    /// The allowed value classes, as a `|` union annotation and as a tuple.
    pub(super) value_annotation: String,
    pub(super) value_classes: Vec<String>,
    /// `(version, stamp dict)` per allowed value version.
    pub(super) stamps: Vec<String>,
    pub(super) key: TopicKeyView,
}

/// How a topic's key is written and read (`crate::topic::KeyEncoding`).
#[derive(Serialize)]
pub(super) struct TopicKeyView {
    /// `str`, the union of the key classes, or `bytes` for keys without helpers.
    pub(super) annotation: String,
    /// `"string"`, `"text"`, `"datum"` or `"bytes"` (the runtime's `topic_key_bytes`).
    pub(super) kind: String,
    /// What the key bytes are, for the docstring of `key_bytes`.
    pub(super) bytes_doc: String,
    /// The class (record, enum) or codec class (newtype) of each allowed key version.
    pub(super) classes: Vec<String>,
    /// The allowed key versions of a versioned key, as tuple items.
    pub(super) versions: String,
    /// `version: {accord.key.* headers}` per allowed version of a versioned key.
    pub(super) stamps: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct LayoutView {
    pub(super) name: String,
    pub(super) doc: String,
    pub(super) layout: String,
    pub(super) version: u32,
    pub(super) template: String,
    pub(super) format: String,
    pub(super) parts: Vec<String>,
    pub(super) fields: Vec<LayoutFieldView>,
    /// The writer and reader of a layout version with publication rules.
    pub(super) publication: Option<PublicationView>,
}

/// The publication rules of a layout version (`docs/layouts.md#publication`).
#[derive(Serialize)]
pub(super) struct PublicationView {
    /// `_pub.Rules(...)`.
    pub(super) rules: String,
    pub(super) immutable: bool,
    /// Whether it has `commit`.
    pub(super) commit: bool,
    /// The segments of a group (those of the data path's directory), as `commit`'s arguments.
    pub(super) group: Vec<LayoutFieldView>,
}

#[derive(Serialize, Clone)]
pub(super) struct LayoutFieldView {
    pub(super) attr: String,
    pub(super) annotation: String,
}

/// The reducer of one machine version (`docs/coordination.md`, "Python").
#[derive(Serialize)]
pub(super) struct MachineView {
    pub(super) name: String,
    pub(super) doc: String,
    /// The machine's full name (a string literal) and the version's number.
    pub(super) machine: String,
    pub(super) version: u32,
    /// The state enum's class, as `State` aliases it.
    pub(super) state: String,
    /// The event record's class, as `Event` aliases it.
    pub(super) event: String,
    /// Whether `Event` is aliased before `State` (the event class is called `State`).
    pub(super) event_first: bool,
    /// `State.X` of the initial state, of each terminal state, and `(State.A, State.B)` of
    /// each transition.
    pub(super) initial: String,
    pub(super) terminal: Vec<String>,
    pub(super) transitions: Vec<String>,
    /// The annotation of the instance field.
    pub(super) instance: String,
    /// The event's attributes read by `apply`.
    pub(super) instance_attr: String,
    pub(super) sequence_attr: String,
    pub(super) state_attr: String,
    /// The idempotency key, when the machine has one.
    pub(super) key: Option<MachineKeyView>,
}

/// How a reducer keeps idempotency keys in `Snapshot.seen`.
#[derive(Serialize)]
pub(super) struct MachineKeyView {
    /// The annotation of a key in `seen`.
    pub(super) annotation: String,
    /// The key of `event` (Python code).
    pub(super) expr: String,
}

#[derive(Serialize)]
pub(super) struct ImportView {
    pub(super) module: String,
    pub(super) alias: String,
}

#[derive(Serialize)]
pub(super) struct NewTypeView {
    pub(super) name: String,
    /// `_t.NewType("X", base)` or a string type alias.
    pub(super) definition: String,
    pub(super) doc: String,
}

#[derive(Serialize)]
pub(super) struct Constants {
    pub(super) full_name: String,
    pub(super) version: u32,
    pub(super) fingerprint: String,
    pub(super) schema: String,
}

#[derive(Serialize)]
pub(super) struct EnumView {
    pub(super) name: String,
    pub(super) doc: String,
    pub(super) members: Vec<MemberView>,
    pub(super) constants: Constants,
    pub(super) default: String,
}

#[derive(Serialize)]
pub(super) struct MemberView {
    pub(super) name: String,
    pub(super) value: String,
    pub(super) doc: Option<String>,
}

#[derive(Serialize)]
pub(super) struct WrapperView {
    pub(super) name: String,
    pub(super) tag: String,
    pub(super) annotation: String,
    pub(super) doc: String,
}

#[derive(Serialize)]
pub(super) struct RecordView {
    pub(super) name: String,
    pub(super) doc: String,
    pub(super) constants: Constants,
    /// `_FIELD_TABLE`: a string literal of the Python tuple of the fields' `_rt.Field`
    /// descriptors, evaluated on first use (docs/python.md, "Import cost").
    pub(super) table: String,
    pub(super) fields: Vec<FieldView>,
}

#[derive(Serialize)]
pub(super) struct FieldView {
    pub(super) attr: String,
    pub(super) annotation: String,
    /// ` = value` or ` = _dc.field(default_factory=...)`, or empty.
    pub(super) default: String,
    pub(super) doc: Option<String>,
}

#[derive(Serialize)]
pub(super) struct CodecView {
    pub(super) name: String,
    pub(super) value_type: String,
    pub(super) doc: String,
    pub(super) constants: Constants,
    pub(super) descriptor: String,
}

#[derive(Serialize)]
pub(super) struct LatestView {
    pub(super) name: String,
    pub(super) target: String,
}

#[derive(Serialize)]
pub(super) struct RootView {
    pub(super) header: String,
    pub(super) doc: String,
    pub(super) imports: Vec<ImportView>,
    /// The lines of the registry's table (`_runtime.registry_table`).
    pub(super) registry: Vec<RegistryEntry>,
    /// Each fingerprint and the first type version that has it (`_runtime.fingerprint_table`).
    pub(super) fingerprints: Vec<FingerprintEntry>,
    /// The top-level sub-packages, imported on first access.
    pub(super) submodules: Vec<String>,
    pub(super) migrations: super::package::RootMigrations,
}

#[derive(Serialize)]
pub(super) struct FingerprintEntry {
    pub(super) fingerprint: String,
    pub(super) name: String,
    pub(super) version: u32,
}

/// The `__init__.py` of a directory without contracts of its own.
#[derive(Serialize)]
pub(super) struct DirectoryView {
    pub(super) header: String,
    pub(super) root: String,
    pub(super) submodules: Vec<String>,
}

#[derive(Serialize)]
/// A line of the registry's table: names and dotted paths hold no white space, so the runtime
/// splits the line on it.
pub(super) struct RegistryEntry {
    /// The full name of the type.
    pub(super) name: String,
    pub(super) version: u32,
    /// The module (relative to the root) and the class.
    pub(super) module: String,
    pub(super) class: String,
}

#[derive(Serialize)]
pub(super) struct TablesView {
    pub(super) header: String,
    /// One line per record type version: full name, version, entry JSON.
    pub(super) lines: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct PyprojectView {
    pub(super) header: String,
    pub(super) distribution: String,
    pub(super) package: String,
    pub(super) version: String,
}

//! The catalogue of diagnostic codes. Codes are stable: a code, once published, keeps its meaning.
//! `docs/diagnostics.md` documents every code (a test keeps the two in step).
//!
//! Prefixes: `P` parse, `N` names and imports, `V` validation of one version, `W` wire
//! compatibility between versions (Avro resolution), `S` semantic rules, `L` frozen releases,
//! `M` migrations between versions, `Y` storage layouts, `T` Kafka topics, `C` configuration,
//! `I` import of existing schemas (`accord import`), `E` engines: what a change does to tables
//! and files holding older data (Iceberg, Spark, Parquet, Delta).

use super::Severity;

macro_rules! codes {
    ($($code:ident $severity:ident $summary:literal,)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $summary] $code,)*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// The code as written in output and docs, e.g. `"N004"`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code),)* }
            }

            /// A one-line summary of what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$code => $summary,)* }
            }

            /// The severity used unless configuration says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$code => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    P001 Error "unexpected character",
    P002 Error "unterminated string literal",
    P003 Error "invalid escape sequence in a string literal",
    P004 Error "invalid number literal",
    P005 Error "syntax error: unexpected token",
    P006 Error "unknown annotation",
    P007 Error "missing or misplaced package declaration",
    P008 Error "unknown compatibility mode",
    P009 Error "a type mixes `version` blocks with unversioned members",
    P010 Warning "doc comment not attached to a declaration",
    P011 Error "nesting too deep",
    P012 Error "type name shadows a built-in type",
    N001 Error "duplicate type name",
    N002 Error "import of an unknown package",
    N003 Error "import of a name the package does not define",
    N004 Error "unknown type name",
    N005 Error "versioned type used without a version pin",
    N006 Error "version pin on an unversioned type",
    N007 Error "pinned version does not exist",
    N008 Error "name imported twice or clashing with a local type",
    N009 Warning "unused import",
    N010 Error "`@ref` names an unknown field",
    N011 Error "type name reserved for the migration code of a versioned type",
    V001 Error "duplicate field name",
    V002 Error "duplicate version number",
    V003 Error "versions are not numbered 1, 2, 3, ... in order",
    V004 Error "duplicate enum symbol",
    V005 Error "enum default is not one of the symbols",
    V006 Error "default value does not match the field type",
    V007 Error "empty enum",
    V008 Error "record contains itself with no optional, list or map in between",
    V009 Error "newtype defined in terms of itself",
    V010 Error "invalid union",
    V011 Error "duplicate annotation",
    V012 Error "annotation not allowed here",
    V013 Error "`compat` on an unversioned type",
    V014 Error "invalid decimal or fixed size",
    V015 Error "two versions of one named type in one schema",
    V016 Error "invalid key field",
    V017 Error "optional of an optional",
    V018 Error "invalid Avro namespace, or two types with one Avro full name",
    V019 Warning "a union default is not of the union's first branch",
    V020 Error "a type version's Avro schema nests too deep for Avro consumers",
    V021 Error "a type version projects onto an Avro schema Avro's parser refuses",
    V022 Error "a type version has no standalone Avro schema",
    W001 Error "wire: a named type was renamed without an alias (NAME_MISMATCH)",
    W002 Error "wire: a fixed type changed size (FIXED_SIZE_MISMATCH)",
    W003 Error "wire: the reader enum lacks writer symbols and has no default (MISSING_ENUM_SYMBOLS)",
    W004 Error "wire: a reader field missing in the writer has no default (READER_FIELD_MISSING_DEFAULT_VALUE)",
    W005 Error "wire: the types do not resolve (TYPE_MISMATCH)",
    W006 Error "wire: the reader union has no branch for a writer type (MISSING_UNION_BRANCH)",
    W007 Error "wire: a reader field matches several writer fields (Avro's resolver throws)",
    S001 Error "logical type changed on the same physical type",
    S002 Error "unit changed while the type stayed",
    S003 Error "key fields changed",
    S004 Error "a reference's target changed type or stopped being a key",
    S005 Error "`@ref` target is not a key of the referenced type",
    S006 Error "`@ref` field and its target have different types",
    S007 Error "classification removed or weakened",
    S008 Warning "field changed to or from a newtype",
    S009 Warning "a field removed and one of the same type added: probably a rename without `@renamed`",
    S010 Error "enum symbol renamed",
    L001 Error "a released (locked) version was edited",
    L002 Error "a released (locked) version was removed",
    L003 Error "a version differs from the tree checked against",
    L004 Error "a version of the tree checked against is missing",
    L005 Error "the field ids of a released version differ from the lock",
    E001 Error "engine: a renamed column loses its data where columns are matched by name",
    E002 Error "engine: a column changed type in a way the engine does not widen",
    E003 Error "engine: an optional column made required",
    E004 Error "engine: a new column that rows written before cannot fill",
    E005 Error "engine: a dropped column needs a table feature",
    E006 Error "engine: a new column takes the name of a column dropped earlier",
    M001 Error "an upgrade needs a `@migrate` hook",
    M002 Warning "a downgrade needs a `back` hook",
    M003 Error "invalid `@migrate`",
    M004 Warning "a hook where resolution is already defined",
    Y001 Error "layout: invalid path template",
    Y002 Error "layout: two segments with no literal between them",
    Y003 Error "layout: a segment's text can contain the literal that follows it",
    Y004 Error "layout: a segment names no field of the stored record",
    Y005 Error "layout: a segment's type cannot be written in a path",
    Y006 Error "layout: two segments have the same name",
    Y007 Error "layout: a format on a segment that is not an integer",
    Y008 Error "layout: the stored type is not a record",
    Y009 Error "layout: unknown file format",
    Y010 Error "layout: a version cannot read the paths of another (by the layout's mode)",
    Y011 Error "layout: a version stores another type or format than one it must read",
    Y012 Error "layout: invalid publication rule (`commit` manifest or a clause written twice)",
    Y013 Error "layout: a version without `commit` reads the groups of a version with it (unpublished data seen)",
    Y014 Error "layout: a version without `immutable` is read by a version that has it",
    Y015 Error "layout: two versions put the commit manifest at different paths",
    T001 Error "topic: invalid Kafka topic name",
    T002 Error "topic: two topics declare the same Kafka topic",
    T003 Error "topic: a clause is missing or written twice",
    T004 Error "topic: invalid set of versions",
    T005 Error "topic: the partition key is not a field of the key or value",
    T006 Error "topic: versions allowed on the topic are not compatible under its mode",
    K001 Error "machine: a clause is missing or written twice",
    K002 Error "machine: the event is not a record type version",
    K003 Error "machine: a clause names no field of the event",
    K004 Error "machine: a field has the wrong type for its clause",
    K005 Error "machine: a state is not a symbol of the state enum",
    K006 Warning "machine: a state no transition from the initial state reaches",
    K007 Error "machine: a state from which no terminal state is reachable",
    K008 Error "machine: a transition is written twice or leaves a terminal state",
    K009 Error "machine: old consumers reject a transition of a newer version",
    K010 Error "machine: a newer version rejects a transition old producers make",
    C002 Error "invalid accord.toml",
    I001 Error "import: the Avro schema does not parse",
    I003 Error "import: a name cannot be written in contracts",
    I005 Error "import: a logical type has no contract type",
    I006 Error "import: an attribute or doc cannot be kept",
    I007 Error "import: a union has no branch",
    I008 Error "import: a default value has no contract literal",
    I009 Error "import: an Avro construct has no contract equivalent",
    I010 Error "import: one name is defined differently in two places",
    I011 Error "import: a history changes what contracts keep once per type",
    I012 Error "import: the imported contracts would not reproduce the schema",
    I013 Warning "import: an attribute accord writes itself is ignored",
    I014 Warning "import: the history breaks a semantic rule of `accord check`",
    I015 Error "import: an alias in the null namespace of a type in a namespace",
}

impl Code {
    /// Whether `accord.toml` may change this code's severity: warnings, the semantic rules
    /// (`S` codes) and the migration rules (`M` codes: a project whose consumers never migrate
    /// between versions may relax them) may; errors of the language itself may not.
    pub fn is_configurable(self) -> bool {
        self.default_severity() == Severity::Warning
            || self.as_str().starts_with('S')
            || self.as_str().starts_with('M')
            || self.as_str().starts_with('E')
    }
}

impl Code {
    /// Whether the code is an engine verdict (`E`).
    pub fn is_engine(self) -> bool {
        self.as_str().starts_with('E')
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

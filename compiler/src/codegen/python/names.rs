//! Python names: escaping of keywords and builtins, and unique names within one namespace.
//!
//! The rules (docs/python.md, "Names"):
//! 1. a name starting with two underscores (mangled or special in Python) gets the prefix `x`;
//! 2. a Python keyword, soft keyword (`match`, `case`, `_`, `type`) or builtin (`id`, `list`,
//!    `type`, ...), or a name the generated code itself uses in that namespace, gets a `_` suffix;
//! 3. a name taken by an earlier name of the namespace gets `_` suffixes until it is free.
//!    Names that need no escaping are placed first, so `type` and `type_` become `type__` and
//!    `type_`.

use std::collections::BTreeSet;

/// Python's keywords and soft keywords.
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "match", "case", "_", "type",
];

/// The names of Python's `builtins` module (3.10 to 3.13), without the underscore ones.
pub const BUILTINS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "vars",
    "zip",
];

/// Module aliases every generated module binds (and `annotations`, bound by the
/// `from __future__` import).
pub const MODULE_ALIASES: &[&str] = &[
    "_dc",
    "_dt",
    "_decimal",
    "_t",
    "_uuid",
    "_rt",
    "_lay",
    "_mc",
    "_mig",
    "_pub",
    "_top",
    "annotations",
];

/// Attributes of generated records, enums and codecs (fields and members must not shadow them).
pub const CLASS_MEMBERS: &[&str] = &[
    "to_dict",
    "from_dict",
    "to_json",
    "from_json",
    "to_avro",
    "from_avro",
    "to_avro_datum",
    "from_avro_datum",
    "FULL_NAME",
    "VERSION",
    "FINGERPRINT",
    "AVRO_SCHEMA",
];

/// Whether `name` is a keyword or builtin of Python.
pub fn is_reserved(name: &str) -> bool {
    KEYWORDS.contains(&name) || BUILTINS.contains(&name)
}

/// `name` escaped by rules 1 and 2 (`extra` are the namespace's own reserved names).
pub fn escape(name: &str, extra: &BTreeSet<String>) -> String {
    let mut name = if name.starts_with("__") {
        format!("x{name}")
    } else {
        name.to_string()
    };
    if is_reserved(&name) || extra.contains(&name) {
        name.push('_');
    }
    name
}

/// Hands out unique names in one namespace.
#[derive(Debug, Clone, Default)]
pub struct Namer {
    /// Names the namespace reserves for the generated code.
    reserved: BTreeSet<String>,
    taken: BTreeSet<String>,
}

impl Namer {
    /// A namespace whose generated code uses `reserved`.
    pub fn new<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Namer {
        let reserved: BTreeSet<String> = reserved.into_iter().map(String::from).collect();
        Namer {
            taken: reserved.clone(),
            reserved,
        }
    }

    /// Reserves more names.
    pub fn reserve(&mut self, name: &str) {
        self.reserved.insert(name.to_string());
        self.taken.insert(name.to_string());
    }

    /// Names every wanted name (in order), unescaped names first (rule 3).
    pub fn name_all(&mut self, wanted: &[String]) -> Vec<String> {
        let escaped: Vec<String> = wanted.iter().map(|w| escape(w, &self.reserved)).collect();
        let mut out: Vec<Option<String>> = vec![None; wanted.len()];
        for pass in [true, false] {
            for (i, (w, e)) in wanted.iter().zip(&escaped).enumerate() {
                if (w == e) == pass {
                    out[i] = Some(self.claim(e.clone()));
                }
            }
        }
        out.into_iter().map(Option::unwrap_or_default).collect()
    }

    /// Claims `name` escaped, with `_` suffixes until free.
    pub fn name(&mut self, wanted: &str) -> String {
        let escaped = escape(wanted, &self.reserved);
        self.claim(escaped)
    }

    fn claim(&mut self, mut name: String) -> String {
        while self.taken.contains(&name) {
            name.push('_');
        }
        self.taken.insert(name.clone());
        name
    }
}

/// `snake_or_dotted.Name` as PascalCase: `shop.common.Sha256` -> `Sha256`, `long` -> `Long`.
pub fn pascal(text: &str) -> String {
    let last = text.rsplit('.').next().unwrap_or(text);
    last.split('_')
        .filter(|p| !p.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_builtins_and_dunders_are_escaped() {
        let none = BTreeSet::new();
        assert_eq!(escape("class", &none), "class_");
        assert_eq!(escape("type", &none), "type_");
        assert_eq!(escape("id", &none), "id_");
        assert_eq!(escape("None", &none), "None_");
        assert_eq!(escape("__init__", &none), "x__init__");
        assert_eq!(escape("order_id", &none), "order_id");
    }

    #[test]
    fn names_colliding_after_escaping_get_more_underscores() {
        let mut namer = Namer::new(["to_dict"]);
        let names = namer.name_all(&[
            "type".into(),
            "type_".into(),
            "to_dict".into(),
            "to_dict_".into(),
        ]);
        assert_eq!(names, ["type__", "type_", "to_dict__", "to_dict_"]);
    }

    #[test]
    fn pascal_case() {
        assert_eq!(pascal("long"), "Long");
        assert_eq!(pascal("shop.common.Sha256"), "Sha256");
        assert_eq!(pascal("time_ms"), "TimeMs");
    }
}

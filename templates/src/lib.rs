//! The text templates accord's targets embed, kept in a package of their own so that the
//! compiler package (and `cargo package`) carries them: the Handlebars templates of the Python
//! target and the runtime module every generated Python package ships.

#![deny(missing_docs)]

/// One Handlebars template of the Python target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// The name the generator renders it by.
    pub name: &'static str,
    /// Its text.
    pub text: &'static str,
    /// Whether it renders a whole file; the others are also partials of those.
    pub file: bool,
}

/// The core modules of the Python runtime package (`_runtime/`), by name, copied as they are
/// into every generated package.
pub const PYTHON_RUNTIME: [(&str, &str); 4] = [
    ("__init__", include_str!("../python/runtime/__init__.py")),
    ("wire", include_str!("../python/runtime/wire.py")),
    ("scalars", include_str!("../python/runtime/scalars.py")),
    ("compound", include_str!("../python/runtime/compound.py")),
];

/// The optional modules of the Python runtime package, by name, each copied only into the
/// packages that have what it serves: `layout` (paths of storage layouts), `machine` (the base
/// of machine reducers' classes), `migrate` (what migration steps call), `publish` (the
/// publication rules of layouts) and `topic` (topic keys).
pub const PYTHON_RUNTIME_OPTIONAL: [(&str, &str); 5] = [
    ("layout", include_str!("../python/runtime/layout.py")),
    ("machine", include_str!("../python/runtime/machine.py")),
    ("migrate", include_str!("../python/runtime/migrate.py")),
    ("publish", include_str!("../python/runtime/publish.py")),
    ("topic", include_str!("../python/runtime/topic.py")),
];

/// The Spark helpers (`spark.py`), copied as they are into every generated package.
pub const PYTHON_SPARK: &str = include_str!("../python/spark.py");

/// The Arrow and Parquet helpers (`arrow.py`), copied as they are into every generated package.
pub const PYTHON_ARROW: &str = include_str!("../python/arrow.py");

/// Every template of the Python target.
pub const PYTHON: &[Template] = &[
    Template {
        name: "module",
        text: include_str!("../python/module.py.hbs"),
        file: true,
    },
    Template {
        name: "record",
        text: include_str!("../python/record.py.hbs"),
        file: false,
    },
    Template {
        name: "enum",
        text: include_str!("../python/enum.py.hbs"),
        file: false,
    },
    Template {
        name: "codec",
        text: include_str!("../python/codec.py.hbs"),
        file: false,
    },
    Template {
        name: "layout",
        text: include_str!("../python/layout.py.hbs"),
        file: false,
    },
    Template {
        name: "machine",
        text: include_str!("../python/machine.py.hbs"),
        file: false,
    },
    Template {
        name: "topic",
        text: include_str!("../python/topic.py.hbs"),
        file: false,
    },
    Template {
        name: "wrapper",
        text: include_str!("../python/wrapper.py.hbs"),
        file: false,
    },
    Template {
        name: "root_init",
        text: include_str!("../python/root_init.py.hbs"),
        file: true,
    },
    Template {
        name: "pyproject",
        text: include_str!("../python/pyproject.toml.hbs"),
        file: true,
    },
    Template {
        name: "migration",
        text: include_str!("../python/migration.py.hbs"),
        file: false,
    },
    Template {
        name: "statement",
        text: include_str!("../python/statement.py.hbs"),
        file: false,
    },
    Template {
        name: "tables",
        text: include_str!("../python/tables.py.hbs"),
        file: true,
    },
    Template {
        name: "directory_init",
        text: include_str!("../python/directory_init.py.hbs"),
        file: true,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_python_folder_is_embedded_once() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .expect("templates/python")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.ends_with(".hbs"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = PYTHON
            .iter()
            .map(|t| {
                let stem = on_disk
                    .iter()
                    .find(|f| f.split('.').next() == Some(t.name))
                    .cloned();
                stem.unwrap_or_else(|| panic!("no file for template {}", t.name))
            })
            .collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn every_module_of_the_runtime_folder_is_embedded_once() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .expect("templates/python/runtime")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = PYTHON_RUNTIME
            .iter()
            .chain(&PYTHON_RUNTIME_OPTIONAL)
            .map(|(name, text)| {
                assert!(
                    text.starts_with("\"\"\""),
                    "{name}.py opens with its docstring"
                );
                format!("{name}.py")
            })
            .collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }
}

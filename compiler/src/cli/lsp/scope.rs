//! The names one file sees, resolved as the compiler resolves them (`ir::lower`): a dotted name
//! is a full name; a bare name is an imported type when it is imported, else a type of the
//! file's package. An import is ignored where the compiler refuses it: a type that does not
//! exist, a type of another package that a type of this package shadows, a second import of the
//! same name.

use crate::ir::{FullName, Model};
use crate::syntax::ast;
use std::collections::HashMap;

/// The package of one file and its accepted imports.
pub(super) struct Scope {
    /// The file's package (`""` when it has none).
    package: String,
    /// Imported short names.
    imports: HashMap<String, FullName>,
}

impl Scope {
    /// The scope of a parsed file, against the types of `model`.
    pub(super) fn of(file: &ast::File, model: &Model) -> Scope {
        let package = file.package.as_ref().map(ast::Path::dotted);
        let mut scope = Scope {
            package: package.unwrap_or_default(),
            imports: HashMap::new(),
        };
        for import in &file.imports {
            let from = import.package.dotted();
            for ident in &import.names {
                scope.import(FullName::new(from.clone(), ident.name.clone()), model);
            }
        }
        scope
    }

    /// Records one import, unless the compiler would refuse it.
    fn import(&mut self, name: FullName, model: &Model) {
        let local = FullName::new(self.package.clone(), name.name.clone());
        let shadowed = name.package != self.package && model.types.contains_key(&local);
        if model.types.contains_key(&name) && !shadowed && !self.imports.contains_key(&name.name) {
            self.imports.insert(name.name.clone(), name);
        }
    }

    /// The file's package.
    pub(super) fn package(&self) -> &str {
        &self.package
    }

    /// Whether the bare name `short` names some type here (imported, or of this package).
    pub(super) fn sees(&self, short: &str, model: &Model) -> bool {
        self.imports.contains_key(short)
            || model
                .types
                .contains_key(&FullName::new(self.package.clone(), short))
    }

    /// The full name the written name `segments` (at least one) stands for.
    pub(super) fn resolve<S: AsRef<str>>(&self, segments: &[S]) -> FullName {
        match segments {
            [single] => {
                let short = single.as_ref();
                self.imports
                    .get(short)
                    .cloned()
                    .unwrap_or_else(|| FullName::new(self.package.clone(), short))
            }
            [package @ .., last] => {
                let package: Vec<&str> = package.iter().map(AsRef::as_ref).collect();
                FullName::new(package.join("."), last.as_ref())
            }
            [] => FullName::new(self.package.clone(), ""),
        }
    }

    /// The full name the dotted text `written` (`Order`, `shop.orders.Order`) stands for.
    pub(super) fn resolve_text(&self, written: &str) -> FullName {
        let segments: Vec<&str> = written.split('.').collect();
        self.resolve(&segments)
    }
}

//! Stage 2, syntax trees -> [`Model`]: builds the symbol table of every package, resolves names
//! through imports, checks version pins, and lowers declarations. Everything it cannot resolve is
//! reported and left out, so later checks see only resolved items.

use super::model::*;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Fix};
use crate::source::{FileId, Span};
use crate::syntax::ast;
use crate::syntax::{BUILTIN_TYPES, TYPE_CONSTRUCTORS};
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod annotations;
mod boundary;
mod machine;
mod types;
mod versions;

use versions::{Declared, Versions};

/// One parsed file, ready for resolution.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// Which file it is.
    pub file: FileId,
    /// Its syntax tree.
    pub ast: ast::File,
}

/// Resolves and lowers every file into one model.
pub fn lower(files: &[ParsedFile], diagnostics: &mut Diagnostics) -> Model {
    let symbols = Symbols::collect(files, diagnostics);
    let mut model = Model::default();
    for file in files {
        let Some(package) = &file.ast.package else {
            continue;
        };
        let scope = Scope::new(&symbols, package, &file.ast.imports, diagnostics);
        let mut lowerer = Lowerer {
            symbols: &symbols,
            scope: &scope,
            diagnostics,
        };
        for decl in &file.ast.decls {
            let name = FullName::new(package.dotted(), decl.name.name.clone());
            let is_owner = symbols
                .decls
                .get(&name)
                .is_some_and(|d| std::ptr::eq(d.decl, decl));
            if is_owner {
                let def = lowerer.decl(name.clone(), decl);
                model.types.insert(name, def);
            }
        }
        lowerer.boundaries(&package.dotted(), &file.ast, &mut model);
        lowerer.machines(&package.dotted(), &file.ast, &mut model);
        scope.report_unused(diagnostics);
    }
    model
}

/// What the resolver knows of a declaration before lowering it.
struct DeclInfo<'a> {
    decl: &'a ast::Decl,
}

impl DeclInfo<'_> {
    fn is_versioned(&self) -> bool {
        match &self.decl.kind {
            ast::DeclKind::Record(v) => matches!(v.body, ast::VersionedBody::Versions(_)),
            ast::DeclKind::Enum(v) => matches!(v.body, ast::VersionedBody::Versions(_)),
            ast::DeclKind::Fixed(_) | ast::DeclKind::Newtype(_) => false,
        }
    }

    /// The version numbers written, in order.
    fn version_numbers(&self) -> Vec<u64> {
        fn numbers<T>(v: &ast::Versioned<T>) -> Vec<u64> {
            match &v.body {
                ast::VersionedBody::Single(_) => vec![1],
                ast::VersionedBody::Versions(blocks) => blocks.iter().map(|b| b.number).collect(),
            }
        }
        match &self.decl.kind {
            ast::DeclKind::Record(v) => numbers(v),
            ast::DeclKind::Enum(v) => numbers(v),
            ast::DeclKind::Fixed(_) | ast::DeclKind::Newtype(_) => vec![1],
        }
    }

    /// The field names of one record version (`None` if not a record or no such version).
    fn field_names(&self, version: u64) -> Option<Vec<&str>> {
        let ast::DeclKind::Record(record) = &self.decl.kind else {
            return None;
        };
        let fields = match &record.body {
            ast::VersionedBody::Single(fields) => fields,
            ast::VersionedBody::Versions(blocks) => {
                &blocks.iter().find(|b| b.number == version)?.members
            }
        };
        Some(fields.iter().map(|f| f.name.name.as_str()).collect())
    }
}

/// Every declared type and package of the compilation.
struct Symbols<'a> {
    decls: BTreeMap<FullName, DeclInfo<'a>>,
    packages: BTreeSet<String>,
}

impl<'a> Symbols<'a> {
    fn collect(files: &'a [ParsedFile], diagnostics: &mut Diagnostics) -> Symbols<'a> {
        let mut symbols = Symbols {
            decls: BTreeMap::new(),
            packages: BTreeSet::new(),
        };
        for file in files {
            let Some(package) = &file.ast.package else {
                continue;
            };
            symbols.packages.insert(package.dotted());
            for decl in &file.ast.decls {
                symbols.declare(
                    FullName::new(package.dotted(), decl.name.name.clone()),
                    decl,
                    diagnostics,
                );
            }
        }
        symbols
    }

    fn declare(&mut self, name: FullName, decl: &'a ast::Decl, diagnostics: &mut Diagnostics) {
        let word = decl.name.name.as_str();
        if BUILTIN_TYPES.contains(&word) || TYPE_CONSTRUCTORS.contains(&word) || word == "null" {
            diagnostics.push(
                Diagnostic::new(
                    Code::P012,
                    decl.name.span,
                    format!("`{word}` is a built-in type"),
                )
                .with_hint("choose another name for the type"),
            );
            return;
        }
        if let Some(first) = self.decls.get(&name) {
            diagnostics.push(
                Diagnostic::new(
                    Code::N001,
                    decl.name.span,
                    format!("`{name}` is defined more than once"),
                )
                .with_label("defined again here")
                .with_secondary(first.decl.name.span, "first defined here")
                .with_hint("rename one of them, or add a `version` to the existing type"),
            );
            return;
        }
        self.decls.insert(name, DeclInfo { decl });
    }

    /// Names in other packages that end with `short`, for hints.
    fn elsewhere(&self, short: &str) -> Vec<&FullName> {
        self.decls.keys().filter(|n| n.name == short).collect()
    }
}

/// The names visible in one file: its package's types and its imports.
struct Scope<'s, 'a> {
    symbols: &'s Symbols<'a>,
    package: String,
    imports: HashMap<String, Imported>,
    /// Where the file declares its package and imports: where a missing import goes.
    header: Header,
}

/// The `package` and `import` declarations of a file, as written.
struct Header {
    /// The span of the package's name.
    package: Span,
    /// Each import: its package, its names, the whole declaration.
    imports: Vec<(String, Vec<String>, Span)>,
}

impl Header {
    /// The fix importing `name`: into the file's import of its package when there is one, else
    /// as a new import before the others, else after the package declaration.
    fn import_fix(&self, name: &FullName) -> Fix {
        let title = format!("Import `{name}`");
        let same_package = self.imports.iter().find(|(p, _, _)| *p == name.package);
        if let Some((package, names, span)) = same_package {
            let mut names = names.clone();
            names.push(name.name.clone());
            let text = format!("import {package}.{{{}}};", names.join(", "));
            return Fix::new(title, *span, text);
        }
        match self.imports.first() {
            Some((_, _, first)) => Fix::new(title, first.before(), format!("import {name};\n")),
            None => Fix::new(title, self.package.after(), format!(";\n\nimport {name}")),
        }
    }
}

struct Imported {
    name: FullName,
    span: Span,
    used: Cell<bool>,
}

impl<'s, 'a> Scope<'s, 'a> {
    fn new(
        symbols: &'s Symbols<'a>,
        package: &ast::Path,
        imports: &[ast::Import],
        diagnostics: &mut Diagnostics,
    ) -> Scope<'s, 'a> {
        let written = imports.iter().map(|import| {
            let names = import.names.iter().map(|n| n.name.clone()).collect();
            (import.package.dotted(), names, import.span)
        });
        let mut scope = Scope {
            symbols,
            package: package.dotted(),
            imports: HashMap::new(),
            header: Header {
                package: package.span,
                imports: written.collect(),
            },
        };
        for import in imports {
            scope.import(import, diagnostics);
        }
        scope
    }

    fn import(&mut self, import: &ast::Import, diagnostics: &mut Diagnostics) {
        let package = import.package.dotted();
        if !self.symbols.packages.contains(&package) {
            diagnostics.push(
                Diagnostic::new(
                    Code::N002,
                    import.package.span,
                    format!("no package `{package}`"),
                )
                .with_hint(suggest(
                    &package,
                    self.symbols.packages.iter().map(String::as_str),
                )),
            );
            return;
        }
        for ident in &import.names {
            self.import_name(&package, ident, diagnostics);
        }
    }

    fn import_name(&mut self, package: &str, ident: &ast::Ident, diagnostics: &mut Diagnostics) {
        let name = FullName::new(package, ident.name.clone());
        if !self.symbols.decls.contains_key(&name) {
            let known = self.symbols.decls.keys().filter(|n| n.package == package);
            diagnostics.push(
                Diagnostic::new(
                    Code::N003,
                    ident.span,
                    format!("package `{package}` has no type `{}`", ident.name),
                )
                .with_hint(suggest(&ident.name, known.map(|n| n.name.as_str()))),
            );
            return;
        }
        let local = FullName::new(self.package.clone(), ident.name.clone());
        if package != self.package && self.symbols.decls.contains_key(&local) {
            diagnostics.push(
                Diagnostic::new(
                    Code::N008,
                    ident.span,
                    format!("`{}` is also a type of this package", ident.name),
                )
                .with_hint(format!("refer to it as `{name}` instead of importing it")),
            );
            return;
        }
        if let Some(previous) = self.imports.get(&ident.name) {
            diagnostics.push(
                Diagnostic::new(
                    Code::N008,
                    ident.span,
                    format!("`{}` is imported twice", ident.name),
                )
                .with_secondary(previous.span, "imported here first")
                .with_hint("import it once, or refer to one of them by its full name"),
            );
            return;
        }
        let imported = Imported {
            name,
            span: ident.span,
            used: Cell::new(false),
        };
        self.imports.insert(ident.name.clone(), imported);
    }

    fn report_unused(&self, diagnostics: &mut Diagnostics) {
        let mut unused: Vec<&Imported> = self.imports.values().filter(|i| !i.used.get()).collect();
        unused.sort_by_key(|i| i.span);
        for import in unused {
            diagnostics.push(
                Diagnostic::new(
                    Code::N009,
                    import.span,
                    format!("`{}` is imported but never used", import.name),
                )
                .with_hint("remove the import"),
            );
        }
    }

    /// Resolves a written path to a declared type.
    fn lookup(&self, path: &ast::Path) -> Result<(FullName, &'s DeclInfo<'a>), Box<Diagnostic>> {
        let name = match path.segments.as_slice() {
            [single] => self.lookup_short(&single.name),
            [package @ .., last] => {
                let package: Vec<&str> = package.iter().map(|s| s.name.as_str()).collect();
                FullName::new(package.join("."), last.name.clone())
            }
            [] => unreachable!("paths have at least one segment"),
        };
        match self.symbols.decls.get(&name) {
            Some(info) => Ok((name, info)),
            None => Err(Box::new(self.unknown(path))),
        }
    }

    fn lookup_short(&self, short: &str) -> FullName {
        if let Some(imported) = self.imports.get(short) {
            imported.used.set(true);
            return imported.name.clone();
        }
        FullName::new(self.package.clone(), short)
    }

    fn unknown(&self, path: &ast::Path) -> Diagnostic {
        let written = path.dotted();
        let short = &path.segments[path.segments.len() - 1].name;
        let elsewhere = self.symbols.elsewhere(short);
        let hint = if path.segments.len() == 1 && !elsewhere.is_empty() {
            format!("import it: `import {}.{short};`", elsewhere[0].package)
        } else {
            let visible = self
                .symbols
                .decls
                .keys()
                .filter(|n| n.package == self.package)
                .map(|n| n.name.as_str())
                .chain(self.imports.keys().map(String::as_str))
                .chain(BUILTIN_TYPES.iter().copied());
            suggest(short, visible)
        };
        let diagnostic =
            Diagnostic::new(Code::N004, path.span, format!("unknown type `{written}`"))
                .with_hint(hint);
        if path.segments.len() > 1 {
            return diagnostic;
        }
        elsewhere.into_iter().fold(diagnostic, |diagnostic, name| {
            diagnostic.with_fix(self.header.import_fix(name))
        })
    }
}

/// "did you mean" text for the closest candidate, or a generic hint.
fn suggest<'n>(written: &str, candidates: impl Iterator<Item = &'n str>) -> String {
    let best = candidates
        .map(|c| (edit_distance(written, c), c))
        .filter(|(d, c)| *d <= (c.len().max(written.len()) / 3).max(1))
        .min();
    match best {
        Some((_, candidate)) => format!("did you mean `{candidate}`?"),
        None => "check the spelling, the package and the imports".to_string(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// Lowers the declarations of one file.
struct Lowerer<'l, 's, 'a> {
    symbols: &'l Symbols<'a>,
    scope: &'l Scope<'s, 'a>,
    diagnostics: &'l mut Diagnostics,
}

impl Lowerer<'_, '_, '_> {
    fn decl(&mut self, name: FullName, decl: &ast::Decl) -> TypeDef {
        let (kind, versions) = match &decl.kind {
            ast::DeclKind::Record(record) => {
                let versions = self.type_versions(decl, record, |l, fields| {
                    let mut lowered = Vec::with_capacity(fields.len());
                    lowered.extend(fields.iter().filter_map(|f| l.field(f)));
                    Body::Record(lowered)
                });
                (TypeKind::Record, versions)
            }
            ast::DeclKind::Enum(body) => {
                let versions =
                    self.type_versions(decl, body, |_, members| Body::Enum(lower_enum(members)));
                (TypeKind::Enum, versions)
            }
            ast::DeclKind::Fixed(fixed) => {
                let body = Body::Fixed(FixedDef {
                    size: fixed.size,
                    size_span: fixed.size_span,
                    decimal: fixed.decimal.map(|d| lower_decimal(&d)),
                    decimal_span: fixed.decimal.map(|d| d.span),
                });
                (TypeKind::Fixed, single(decl, Some(body)))
            }
            ast::DeclKind::Newtype(ty) => {
                let body = self.ty(ty).map(Body::Newtype);
                (TypeKind::Newtype, single(decl, body))
            }
        };
        TypeDef {
            annotations: self.type_annotations(&name, &decl.annotations),
            name,
            kind,
            doc: decl.doc.clone(),
            versioned: versions.versioned,
            compat: versions.compat,
            versions: versions.list,
            span: decl.span,
            name_span: decl.name.span,
        }
    }

    /// The versions of a record or enum, each body lowered by `lower_members`.
    fn type_versions<T>(
        &mut self,
        decl: &ast::Decl,
        versioned: &ast::Versioned<T>,
        lower_members: impl Fn(&mut Self, &T) -> Body,
    ) -> Versions<TypeVersion> {
        self.versions(Declared::Type, versioned, decl.span, |l, written| {
            Some(TypeVersion {
                number: written.number,
                doc: written.doc.cloned(),
                body: lower_members(l, written.members),
                span: written.span,
            })
        })
    }

    fn compat(&mut self, mode: &ast::Ident) -> Option<CompatMode> {
        let found = mode.name.parse::<CompatMode>().ok();
        if found.is_none() {
            let names = CompatMode::ALL.map(CompatMode::name);
            let hint = match suggest(&mode.name, names.iter().copied()) {
                s if s.starts_with("did") => s,
                _ => format!("modes: {}", names.join(", ")),
            };
            self.diagnostics.push(
                Diagnostic::new(
                    Code::P008,
                    mode.span,
                    format!("unknown compatibility mode `{}`", mode.name),
                )
                .with_hint(hint),
            );
        }
        found
    }

    fn field(&mut self, field: &ast::Field) -> Option<Field> {
        let mut type_meta = TypeMeta::new();
        let ty = self.ty_in(&field.ty, &mut Vec::new(), Some(&mut type_meta));
        let annotations = self.field_annotations(&field.annotations);
        Some(Field {
            name: field.name.name.clone(),
            doc: field.doc.clone(),
            ty: ty?,
            default: field.default.as_ref().map(lower_value),
            annotations,
            type_meta,
            span: field.span,
            name_span: field.name.span,
            ty_span: field.ty.span(),
            default_span: field.default.as_ref().map(ast::ValueExpr::span),
        })
    }
}

/// Annotations that mean the same on types and fields.
fn lower_common(annotations: &mut Annotations, kind: &ast::AnnotationKind) {
    match kind {
        ast::AnnotationKind::Unit(unit) => annotations.unit = Some(unit.clone()),
        ast::AnnotationKind::Deprecated(reason) => annotations.deprecated = Some(reason.clone()),
        ast::AnnotationKind::Classification(c) => annotations.classification = Some(c.clone()),
        ast::AnnotationKind::Meta(entries) => annotations.meta.extend(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), lower_value(v))),
        ),
        ast::AnnotationKind::Plain => annotations.plain = true,
        ast::AnnotationKind::Error => annotations.error = true,
        ast::AnnotationKind::Key
        | ast::AnnotationKind::Ref(_)
        | ast::AnnotationKind::Renamed(_)
        | ast::AnnotationKind::Namespace(_)
        | ast::AnnotationKind::Migrate(_) => {}
    }
}

/// Why an attribute cannot be written before `ty`: Avro reads it as part of the type.
fn reserved_type_attribute(ty: &Type, key: &str, value: &Value) -> Option<String> {
    let modelled = |name: &str| {
        name == "decimal"
            || Scalar::NAMES
                .iter()
                .any(|(_, s)| s.avro_logical_type() == Some(name))
    };
    let logical_type = matches!(value, Value::String(v) if modelled(v));
    let has_logical = matches!(ty, Type::Scalar(s) if s.avro_logical_type().is_some());
    let reserved = match key {
        "type" | "items" | "values" => true,
        "logicalType" => logical_type || has_logical || matches!(ty, Type::Decimal(_)),
        "precision" | "scale" => matches!(ty, Type::Decimal(_)),
        _ => false,
    };
    reserved.then(|| format!("`{key}` is part of the Avro type `{ty}` itself, not an attribute"))
}

/// `decimal(p, s)`, or `decimal(p)`: scale 0, left out of the Avro schema.
fn lower_decimal(written: &ast::DecimalExpr) -> Decimal {
    Decimal {
        precision: written.precision,
        scale: written.scale.unwrap_or(0),
        scale_omitted: written.scale.is_none(),
    }
}

/// Whether a union branch is written `null` (which makes the union an optional).
fn is_null(branch: &ast::TypeExpr) -> bool {
    match branch {
        ast::TypeExpr::Builtin(ident) => ident.name == "null",
        ast::TypeExpr::Annotated(_, inner, _) => is_null(inner),
        _ => false,
    }
}

/// A union as written: with a `null` branch it is an optional of the other branches, `null`
/// kept where it is written (a second `null` stays a branch, for validation to report).
fn union_of(mut branches: Vec<Type>) -> Type {
    let null = Type::Scalar(Scalar::Null);
    let Some(index) = branches.iter().position(|b| *b == null) else {
        return Type::Union(branches);
    };
    branches.remove(index);
    let inner = match branches.len() {
        1 => branches.remove(0),
        _ => Type::Union(branches),
    };
    Type::Optional(Box::new(inner), NullAt::Written(index))
}

fn lower_enum(body: &ast::EnumBody) -> EnumDef {
    EnumDef {
        symbols: body
            .symbols
            .iter()
            .map(|s| EnumSymbol {
                name: s.name.name.clone(),
                doc: s.doc.clone(),
                span: s.name.span,
            })
            .collect(),
        default: body.default.as_ref().map(|d| d.name.clone()),
        default_span: body.default.as_ref().map(|d| d.span),
    }
}

fn lower_value(value: &ast::ValueExpr) -> Value {
    match value {
        ast::ValueExpr::Null(_) => Value::Null,
        ast::ValueExpr::Bool(b, _) => Value::Bool(*b),
        ast::ValueExpr::Int(i, _) => Value::Int(*i),
        ast::ValueExpr::Float(f, _) => Value::Float(*f),
        ast::ValueExpr::Str(s, _) => Value::String(s.clone()),
        ast::ValueExpr::Symbol(ident) => Value::Symbol(ident.name.clone()),
        ast::ValueExpr::List(items, _) => Value::List(items.iter().map(lower_value).collect()),
        ast::ValueExpr::Object(entries, _) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), lower_value(v)))
                .collect(),
        ),
    }
}

/// A type without versions (fixed, newtype): version 1 when its body lowered.
fn single(decl: &ast::Decl, body: Option<Body>) -> Versions<TypeVersion> {
    let list = body.map(|body| TypeVersion {
        number: 1,
        doc: None,
        body,
        span: decl.span,
    });
    Versions {
        versioned: false,
        compat: None,
        list: list.into_iter().collect(),
    }
}

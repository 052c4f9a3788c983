//! Lowering of type expressions: names resolved through the file's scope, pins checked, attributes written before a type attached to it.

use super::*;

impl Lowerer<'_, '_, '_> {
    /// A type outside a record field (newtypes, layouts, topics): no place for attributes.
    pub(super) fn ty(&mut self, ty: &ast::TypeExpr) -> Option<Type> {
        self.ty_in(ty, &mut Vec::new(), None)
    }

    /// Lowers a type at `path` inside a field's type; attributes written before types go to
    /// `meta` (`None` outside record fields).
    pub(super) fn ty_in(
        &mut self,
        ty: &ast::TypeExpr,
        path: &mut Vec<TypeStep>,
        mut meta: Option<&mut TypeMeta>,
    ) -> Option<Type> {
        Some(match ty {
            ast::TypeExpr::Builtin(ident) => Type::Scalar(Scalar::from_name(&ident.name)?),
            ast::TypeExpr::Decimal(d) => Type::Decimal(lower_decimal(d)),
            ast::TypeExpr::List(inner, _) => Type::List(Box::new(self.ty_below(
                &[TypeStep::Item],
                inner,
                path,
                meta,
            )?)),
            ast::TypeExpr::Map(inner, _) => Type::Map(Box::new(self.ty_below(
                &[TypeStep::Value],
                inner,
                path,
                meta,
            )?)),
            ast::TypeExpr::Optional(inner, _) => Type::Optional(
                Box::new(self.ty_below(&[TypeStep::Inner], inner, path, meta)?),
                NullAt::Derived,
            ),
            ast::TypeExpr::Union(branches, _) => {
                let null_at = branches.iter().position(is_null);
                let values = branches.len() - usize::from(null_at.is_some());
                let mut lowered = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    let j = i - usize::from(null_at.is_some_and(|n| n < i));
                    let step: Vec<TypeStep> = match (null_at, values) {
                        (Some(n), _) if n == i => Vec::new(),
                        (Some(_), 1) => vec![TypeStep::Inner],
                        (Some(_), _) => vec![TypeStep::Inner, TypeStep::Branch(j)],
                        (None, _) => vec![TypeStep::Branch(j)],
                    };
                    lowered.push(self.ty_below(&step, branch, path, meta.as_deref_mut()));
                }
                union_of(lowered.into_iter().collect::<Option<_>>()?)
            }
            ast::TypeExpr::Named(name) => Type::Named(self.type_ref(name)?),
            ast::TypeExpr::Annotated(annotations, inner, _) => {
                let lowered = self.ty_in(inner, path, meta.as_deref_mut())?;
                self.type_attributes(annotations, &lowered, path, meta);
                lowered
            }
        })
    }

    /// Lowers `inner`, `step` below `path`.
    pub(super) fn ty_below(
        &mut self,
        step: &[TypeStep],
        inner: &ast::TypeExpr,
        path: &mut Vec<TypeStep>,
        meta: Option<&mut TypeMeta>,
    ) -> Option<Type> {
        let depth = path.len();
        path.extend_from_slice(step);
        let lowered = self.ty_in(inner, path, meta);
        path.truncate(depth);
        lowered
    }

    /// Keeps `@meta` written before a type as attributes of its Avro schema, where Avro has
    /// them; anything else there is `V012`.
    pub(super) fn type_attributes(
        &mut self,
        annotations: &[ast::Annotation],
        ty: &Type,
        path: &[TypeStep],
        meta: Option<&mut TypeMeta>,
    ) {
        let problem = match (meta.is_some(), ty) {
            (false, _) => {
                Some("attributes before a type are kept on the types of record fields only")
            }
            (true, Type::Named(_)) => {
                Some("a named type keeps its attributes on its declaration: write `@meta` there")
            }
            (true, Type::Optional(..) | Type::Union(_)) => {
                Some("Avro keeps no attributes on a union: write them before a branch")
            }
            (true, _) => None,
        };
        let mut entries = Vec::new();
        for annotation in annotations {
            let reason = match (&annotation.kind, problem) {
                (ast::AnnotationKind::Meta(written), None) => {
                    for (key, value) in written {
                        let value = lower_value(value);
                        match reserved_type_attribute(ty, &key.name, &value) {
                            Some(reason) => {
                                self.diagnostics
                                    .push(Diagnostic::new(Code::V012, key.span, reason).with_hint(
                                    "the type itself says this: write the contract type instead",
                                ))
                            }
                            None => entries.push((key.name.clone(), value)),
                        }
                    }
                    continue;
                }
                (ast::AnnotationKind::Meta(_), Some(reason)) => reason,
                _ => "only `@meta` is written before a type (the attributes of its Avro schema)",
            };
            self.diagnostics.push(
                Diagnostic::new(Code::V012, annotation.span, reason.to_string()).with_hint(
                    "write field annotations before the field name, after the type or after the default",
                ),
            );
        }
        if let (Some(meta), false) = (meta, entries.is_empty()) {
            meta.entry(path.to_vec()).or_default().extend(entries);
        }
    }

    /// Resolves a named type and checks its version pin.
    pub(super) fn type_ref(&mut self, written: &ast::TypeName) -> Option<TypeRef> {
        let (name, info) = match self.scope.lookup(&written.path) {
            Ok(found) => found,
            Err(diagnostic) => {
                self.diagnostics.push(*diagnostic);
                return None;
            }
        };
        let versions = info.version_numbers();
        let version = match (info.is_versioned(), written.version) {
            (true, None) => {
                let latest = versions.iter().max().copied().unwrap_or(1);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::N005,
                        written.span,
                        format!("`{name}` is versioned: say which version"),
                    )
                    .with_secondary(info.decl.name.span, "declared with versions here")
                    .with_hint(format!(
                        "write `{}@{latest}` (its latest version)",
                        written.path.dotted()
                    ))
                    .with_fix(Fix::new(
                        format!(
                            "Pin `{}@{latest}` (the latest version)",
                            written.path.dotted()
                        ),
                        written.span.after(),
                        format!("@{latest}"),
                    )),
                );
                return None;
            }
            (false, Some((_, span))) => {
                self.diagnostics.push(
                    Diagnostic::new(Code::N006, span, format!("`{name}` has no versions"))
                        .with_secondary(info.decl.name.span, "declared without versions here")
                        .with_hint("remove the `@N` pin"),
                );
                return None;
            }
            (true, Some((number, span))) if !versions.contains(&number) => {
                let listed: Vec<String> = versions.iter().map(u64::to_string).collect();
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::N007,
                        span,
                        format!("`{name}` has no version {number}"),
                    )
                    .with_secondary(info.decl.name.span, "declared here")
                    .with_hint(format!("its versions are {}", listed.join(", "))),
                );
                return None;
            }
            (_, pin) => pin.map_or(1, |(number, _)| number as u32),
        };
        Some(TypeRef { name, version })
    }

    pub(super) fn reference(&mut self, target: &ast::RefTarget, span: Span) -> Option<Reference> {
        let reference = self.type_ref(&target.ty)?;
        let info = &self.symbols.decls[&reference.name];
        match info.field_names(reference.version as u64) {
            Some(fields) if fields.contains(&target.field.name.as_str()) => Some(Reference {
                target: reference,
                field: target.field.name.clone(),
                span,
            }),
            Some(fields) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::N010,
                        target.field.span,
                        format!(
                            "`{}` version {} has no field `{}`",
                            reference.name, reference.version, target.field.name
                        ),
                    )
                    .with_secondary(info.decl.name.span, "declared here")
                    .with_hint(suggest(&target.field.name, fields.into_iter())),
                );
                None
            }
            None => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::N010,
                        target.ty.span,
                        format!("`{}` is not a record", reference.name),
                    )
                    .with_hint("`@ref` points at a key field of a record"),
                );
                None
            }
        }
    }
}

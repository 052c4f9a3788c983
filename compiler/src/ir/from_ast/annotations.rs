//! Lowering of annotations: what each one means on a field or a type, duplicates refused.

use super::*;

impl Lowerer<'_, '_, '_> {
    pub(super) fn field_annotations(&mut self, written: &[ast::Annotation]) -> Annotations {
        let mut annotations = Annotations::default();
        self.reject_duplicates(written);
        for annotation in written {
            match &annotation.kind {
                ast::AnnotationKind::Key => annotations.key = true,
                ast::AnnotationKind::Ref(target) => {
                    annotations.reference = self.reference(target, annotation.span).map(Box::new)
                }
                ast::AnnotationKind::Renamed(paths) => {
                    for path in paths {
                        if path.segments.len() > 1 {
                            self.diagnostics.push(
                                Diagnostic::new(
                                    Code::V012,
                                    path.span,
                                    "a field's earlier name is a plain name",
                                )
                                .with_hint("write `@renamed(old_name)`"),
                            );
                        }
                        annotations.renamed_from.push(path.dotted());
                    }
                }
                ast::AnnotationKind::Namespace(_)
                | ast::AnnotationKind::Plain
                | ast::AnnotationKind::Error => {
                    let which = annotation.kind.name();
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::V012,
                            annotation.span,
                            format!("`@{which}` applies to types, not fields"),
                        )
                        .with_hint(format!("move `@{which}` to the type declaration")),
                    )
                }
                ast::AnnotationKind::Migrate(args) => {
                    let named = |ident: &Option<ast::Ident>| {
                        ident.as_ref().map(|i| SpannedName {
                            name: i.name.clone(),
                            span: i.span,
                        })
                    };
                    annotations.migrate = Some(Box::new(Migrate {
                        from: named(&args.from),
                        with: named(&args.with),
                        back: named(&args.back),
                        span: annotation.span,
                    }));
                }
                other => lower_common(&mut annotations, other),
            }
        }
        annotations
    }

    pub(super) fn type_annotations(
        &mut self,
        name: &FullName,
        written: &[ast::Annotation],
    ) -> Annotations {
        let mut annotations = Annotations::default();
        self.reject_duplicates(written);
        annotations.namespace = written.iter().find_map(|a| match &a.kind {
            ast::AnnotationKind::Namespace(space) => Some(space.clone()),
            _ => None,
        });
        let avro_namespace = annotations
            .namespace
            .clone()
            .unwrap_or_else(|| name.package.clone());
        for annotation in written {
            match &annotation.kind {
                ast::AnnotationKind::Key
                | ast::AnnotationKind::Ref(_)
                | ast::AnnotationKind::Unit(_)
                | ast::AnnotationKind::Migrate(_) => {
                    let which = annotation.kind.name();
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::V012,
                            annotation.span,
                            format!("`@{which}` applies to fields, not types"),
                        )
                        .with_hint(format!("move `@{which}` to a field")),
                    );
                }
                ast::AnnotationKind::Renamed(paths) => {
                    annotations.renamed_from.extend(paths.iter().map(|path| {
                        match path.segments.len() {
                            1 => avro_full_name(&avro_namespace, &path.dotted()),
                            _ => path.dotted(),
                        }
                    }))
                }
                other => lower_common(&mut annotations, other),
            }
        }
        annotations
    }

    pub(super) fn reject_duplicates(&mut self, written: &[ast::Annotation]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for annotation in written {
            let name = annotation.kind.name();
            if let Some(first) = seen.insert(name, annotation.span) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::V011,
                        annotation.span,
                        format!("`@{name}` is written twice"),
                    )
                    .with_secondary(first, "first written here")
                    .with_hint("keep one"),
                );
            }
        }
    }
}

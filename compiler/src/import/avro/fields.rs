//! Avro record fields -> contract fields: defaults, aliases, docs, and attributes -> annotations.

use super::*;

impl Conv<'_, '_> {
    pub(super) fn field(&mut self, field: &AvroField, pointer: &str) -> Option<Field> {
        if !is_ident(&field.name) {
            let message = format!("field name `{}` is not an ASCII name", field.name);
            self.report(
                Code::I003,
                self.at(&format!("{pointer}/name")),
                message,
                "contract names are `[A-Za-z_][A-Za-z0-9_]*`",
            );
        }
        // A field's type may define records whose fields are converted in between: keep the
        // outer field's place and attributes aside meanwhile.
        let outer_path = std::mem::take(&mut self.path);
        let outer_meta = self.type_meta.replace(TypeMeta::new());
        let ty = self.ty(field.ty, &format!("{pointer}/type"), field.default.as_ref());
        let type_meta = std::mem::replace(&mut self.type_meta, outer_meta).unwrap_or_default();
        self.path = outer_path;
        let ty = ty?;
        let default = match &field.default {
            None => None,
            Some(json) => match self.value(&ty, json) {
                Ok(value) => Some(value),
                Err(why) => {
                    let message =
                        format!("default of field `{}` cannot be written: {why}", field.name);
                    self.report(
                        Code::I008,
                        self.at(&format!("{pointer}/default")),
                        message,
                        "change the default to one a contract literal can express",
                    );
                    None
                }
            },
        };
        if let (Type::Union(values), Some(default)) = (&ty, &default) {
            self.check_union_default_first(values, &ty, default, pointer);
        }
        let doc = self.doc(field.doc.as_deref(), pointer);
        let mut annotations = self.annotations(&field.attributes, pointer);
        if let Some(order) = field.order {
            annotations
                .meta
                .push(("order".into(), Value::String(order.name().into())));
        }
        for (i, alias) in field.aliases.iter().enumerate() {
            if alias.split('.').all(is_ident) {
                annotations.renamed_from.push(alias.clone());
            } else {
                let message = format!("field alias `{alias}` is not an ASCII name");
                self.report(
                    Code::I003,
                    self.at(&format!("{pointer}/aliases/{i}")),
                    message,
                    "contract names are `[A-Za-z_][A-Za-z0-9_]*`",
                );
            }
        }
        let span = dummy(self.input.file);
        Some(Field {
            name: field.name.clone(),
            doc,
            ty,
            default,
            annotations,
            type_meta,
            span,
            name_span: span,
            ty_span: span,
            default_span: None,
        })
    }

    /// `accord.*` attributes back to annotations; the others become `@meta`.
    pub(super) fn annotations(&mut self, attributes: &Attributes, pointer: &str) -> Annotations {
        let mut out = Annotations::default();
        for (key, value) in attributes {
            let at = self.key_at(&format!("{pointer}/{}", escape(key)));
            let text = value.as_str().map(str::to_string);
            let bad = match (key.as_str(), text) {
                ("accord.key", _) if value == &Json::Bool(true) => {
                    out.key = true;
                    false
                }
                ("accord.ref", Some(text)) => match parse_ref(&text) {
                    Some(reference) => {
                        out.reference = Some(Box::new(Reference {
                            span: dummy(self.input.file),
                            ..reference
                        }));
                        false
                    }
                    None => true,
                },
                ("accord.unit", Some(text)) => {
                    out.unit = Some(text);
                    false
                }
                ("accord.deprecated", Some(text)) => {
                    out.deprecated = Some(Some(text).filter(|t| !t.is_empty()));
                    false
                }
                ("accord.classification", Some(text)) => {
                    out.classification = Some(text);
                    false
                }
                ("accord.version" | "accord.generated", _) => {
                    let message =
                        format!("`{key}` is written by `accord gen`; the import ignores it");
                    self.report(
                        Code::I013,
                        at,
                        message,
                        "nothing to do: accord writes it again when it generates Avro",
                    );
                    false
                }
                (k, _) if k.starts_with("accord.") => true,
                _ => {
                    match meta_value(value) {
                        Some(value) => {
                            out.meta.push((key.clone(), value));
                            false
                        }
                        None => {
                            let message = format!("attribute `{key}`: the number {value} has no exact contract literal");
                            self.report(Code::I006, at, message, "integers beyond 64-bit signed range cannot be kept; change the attribute");
                            false
                        }
                    }
                }
            };
            if bad {
                let message =
                    format!("attribute `{key}` = {value} is not an annotation accord writes");
                self.report(
                    Code::I006,
                    at,
                    message,
                    "`accord.*` attributes are accord's own: remove or rename it",
                );
            }
        }
        out
    }
}

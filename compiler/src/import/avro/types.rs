//! Avro types -> contract types: primitives and logical types, unions (with the branch order their default needs), newtypes for what a field cannot say.

use super::*;

impl Conv<'_, '_> {
    /// The contract type of the schema at `id`, `step` below the current place.
    pub(super) fn ty_below(
        &mut self,
        step: &[TypeStep],
        id: NodeId,
        pointer: &str,
    ) -> Option<Type> {
        let depth = self.path.len();
        self.path.extend_from_slice(step);
        let ty = self.ty(id, pointer, None);
        self.path.truncate(depth);
        ty
    }

    /// The contract type of the schema at `id`; `default` (the field's) orders unions.
    pub(super) fn ty(&mut self, id: NodeId, pointer: &str, default: Option<&Json>) -> Option<Type> {
        let node = self.input.schema.node(id);
        match node {
            Node::Record { .. } | Node::Enum { .. } | Node::Fixed { .. } => {
                self.named(id, pointer).map(Type::Named)
            }
            Node::Union { branches } => self.union(branches, pointer, default),
            Node::Primitive { kind, attributes } => {
                let mut attributes = attributes.clone();
                let newtype = take_newtype(&mut attributes);
                let ty = self.primitive(*kind, &mut attributes, pointer)?;
                self.leftover(&attributes, pointer, newtype.is_none());
                self.wrap(newtype, ty, pointer)
            }
            Node::Array { items, attributes }
            | Node::Map {
                values: items,
                attributes,
            } => {
                let key = if node.kind() == SchemaKind::Array {
                    "items"
                } else {
                    "values"
                };
                let step = if key == "items" {
                    TypeStep::Item
                } else {
                    TypeStep::Value
                };
                let inner = self.ty_below(&[step], *items, &format!("{pointer}/{key}"))?;
                let mut attributes = attributes.clone();
                let newtype = take_newtype(&mut attributes);
                self.leftover(&attributes, pointer, newtype.is_none());
                let ty = if key == "items" {
                    Type::List(Box::new(inner))
                } else {
                    Type::Map(Box::new(inner))
                };
                self.wrap(newtype, ty, pointer)
            }
        }
    }

    pub(super) fn wrap(
        &mut self,
        newtype: Option<(Json, Option<Json>)>,
        ty: Type,
        pointer: &str,
    ) -> Option<Type> {
        let Some((name, doc)) = newtype else {
            return Some(ty);
        };
        let at = self.key_at(&format!("{pointer}/accord.newtype"));
        let parsed = name
            .as_str()
            .and_then(|n| n.rsplit_once('.'))
            .filter(|(p, n)| p.split('.').all(is_ident) && is_ident(n));
        let Some((package, short)) = parsed else {
            let message = format!("`accord.newtype` = {name} is not a full type name");
            self.report(
                Code::I006,
                at,
                message,
                "it names the newtype as `package.Name`",
            );
            return Some(ty);
        };
        let doc = match doc {
            None => None,
            Some(Json::String(doc)) => self.doc(Some(&doc), &format!("{pointer}/accord.doc")),
            Some(other) => {
                let message = format!("`accord.doc` = {other} is not a string");
                self.report(
                    Code::I006,
                    self.key_at(&format!("{pointer}/accord.doc")),
                    message,
                    "the doc of a newtype is a string",
                );
                None
            }
        };
        self.newtype(FullName::new(package, short), ty, doc, pointer)
            .map(Type::Named)
    }

    pub(super) fn newtype(
        &mut self,
        name: FullName,
        inner: Type,
        doc: Option<String>,
        pointer: &str,
    ) -> Option<TypeRef> {
        let reference = TypeRef {
            name: name.clone(),
            version: 1,
        };
        if let Some(def) = self.b.model.types.get(&name) {
            let same = def.kind == TypeKind::Newtype
                && def.doc == doc
                && matches!(&def.latest().body, Body::Newtype(t) if *t == inner);
            if !same {
                let message = format!("newtype `{name}` wraps different types (or has different docs) in different places");
                let code = if self.b.history {
                    Code::I011
                } else {
                    Code::I010
                };
                self.report(
                    code,
                    self.at(pointer),
                    message,
                    "a newtype has one definition; give the other one another name",
                );
                return None;
            }
            return Some(reference);
        }
        let span = dummy(self.input.file);
        self.b.order.push(name.clone());
        self.b.model.types.insert(
            name.clone(),
            TypeDef {
                name,
                kind: TypeKind::Newtype,
                doc,
                versioned: false,
                compat: None,
                annotations: Annotations::default(),
                versions: vec![TypeVersion {
                    number: 1,
                    doc: None,
                    body: Body::Newtype(inner),
                    span,
                }],
                span,
                name_span: span,
            },
        );
        Some(reference)
    }

    /// A union without `null` puts its default's branch first; Java also accepts a default of a
    /// later branch, which contracts can then not reproduce (`I007`).
    pub(super) fn check_union_default_first(
        &mut self,
        values: &[Type],
        ty: &Type,
        default: &Value,
        pointer: &str,
    ) {
        let order = crate::ir::union_branches(&self.b.model, ty, Some(default));
        let first = match order.first() {
            Some(crate::ir::Branch::Value(first)) => *first,
            _ => return,
        };
        if let Some(index) = values
            .iter()
            .position(|v| std::ptr::eq(v, first))
            .filter(|i| *i > 0)
        {
            let message = format!("the default is of branch {index} of this union, not the first (Java accepts it; the Avro specification does not)");
            self.report(
                Code::I007,
                self.at(&format!("{pointer}/default")),
                message,
                "contracts move the default's branch first, which changes the branch order: give the field a default of the first branch (a new schema version)",
            );
        }
    }

    /// Attributes left on a primitive, array or map schema: inside a field's type they are kept
    /// as `@meta` before the type; elsewhere (a newtype's type) contracts have no place for them.
    pub(super) fn leftover(&mut self, attributes: &Attributes, pointer: &str, keepable: bool) {
        if attributes.is_empty() {
            return;
        }
        if let (Some(meta), true) = (self.type_meta.as_mut(), keepable) {
            let mut entries = Vec::new();
            let mut unkept = Attributes::new();
            for (key, value) in attributes {
                match meta_value(value) {
                    Some(value) => entries.push((key.clone(), value)),
                    None => {
                        unkept.insert(key.clone(), value.clone());
                    }
                }
            }
            meta.entry(self.path.clone()).or_default().extend(entries);
            for (key, value) in &unkept {
                let at = self.key_at(&format!("{pointer}/{}", escape(key)));
                let message =
                    format!("attribute `{key}`: the number {value} has no exact contract literal");
                self.report(
                    Code::I006,
                    at,
                    message,
                    "integers beyond 64-bit signed range cannot be kept; change the attribute",
                );
            }
            return;
        }
        for key in attributes.keys() {
            let at = self.key_at(&format!("{pointer}/{}", escape(key)));
            let message = format!("attribute `{key}` on a type schema cannot be kept: contracts carry attributes on fields and named types only");
            self.report(
                Code::I006,
                at,
                message,
                "move it to the field (it becomes `@meta`), or remove it",
            );
        }
    }

    pub(super) fn primitive(
        &mut self,
        kind: SchemaKind,
        attributes: &mut Attributes,
        pointer: &str,
    ) -> Option<Type> {
        let logical = attributes.get("logicalType").cloned();
        let plain = match kind {
            SchemaKind::Boolean => Scalar::Bool,
            SchemaKind::Int => Scalar::Int,
            SchemaKind::Long => Scalar::Long,
            SchemaKind::Float => Scalar::Float,
            SchemaKind::Double => Scalar::Double,
            SchemaKind::String => Scalar::String,
            SchemaKind::Bytes => Scalar::Bytes,
            _ => Scalar::Null,
        };
        let Some(logical) = logical else {
            return Some(Type::Scalar(plain));
        };
        if let Some(scalar) = logical
            .as_str()
            .and_then(|l| Scalar::from_avro_logical(plain.avro_primitive(), l))
        {
            attributes.shift_remove("logicalType");
            return Some(Type::Scalar(scalar));
        }
        if kind == SchemaKind::Bytes && logical.as_str() == Some("decimal") {
            let decimal = self.decimal_params(attributes, pointer, "bytes")?;
            for key in ["logicalType", "precision", "scale"] {
                attributes.shift_remove(key);
            }
            return Some(Type::Decimal(decimal));
        }
        // `big-decimal`, and logical types accord does not model or that do not fit their base
        // type, stay attributes of the type: the value is the base type, as in every Avro library
        // that does not know the logical type.
        Some(Type::Scalar(plain))
    }

    /// The contract type of an Avro union: `T?` (or `union<..., null, ...>`) when `null` is a
    /// branch, else `union<...>`; `None` when a branch does not import or no branch is left.
    pub(super) fn union(
        &mut self,
        branches: &[NodeId],
        pointer: &str,
        default: Option<&Json>,
    ) -> Option<Type> {
        let schema = self.input.schema;
        let null_at = branches
            .iter()
            .position(|b| schema.node(*b).kind() == SchemaKind::Null);
        if let Some(at) = null_at {
            if let Some(attributes) = schema
                .node(branches[at])
                .attributes()
                .filter(|a| !a.is_empty())
            {
                self.leftover(attributes, &format!("{pointer}/{at}"), false);
            }
        }
        let values = self.branch_types(branches, null_at, pointer)?;
        self.union_of(values, null_at, pointer, default)
    }

    /// The types of the non-null branches, each at its place in the model: `Inner` of an
    /// optional, then its index among the non-null branches when there are several.
    fn branch_types(
        &mut self,
        branches: &[NodeId],
        null_at: Option<usize>,
        pointer: &str,
    ) -> Option<Vec<Type>> {
        let mut values = Vec::new();
        let mut ok = true;
        let count = branches.len() - usize::from(null_at.is_some());
        for (i, branch) in branches.iter().enumerate() {
            if Some(i) == null_at {
                continue;
            }
            let j = values.len();
            let step = match (null_at, count) {
                (Some(_), 1) => vec![TypeStep::Inner],
                (Some(_), _) => vec![TypeStep::Inner, TypeStep::Branch(j)],
                (None, _) => vec![TypeStep::Branch(j)],
            };
            match self.ty_below(&step, *branch, &format!("{pointer}/{i}")) {
                Some(ty) => values.push(ty),
                None => ok = false,
            }
        }
        ok.then_some(values)
    }

    /// The union of the non-null branch types `values`, optional when `null` is at `null_at`.
    fn union_of(
        &mut self,
        mut values: Vec<Type>,
        null_at: Option<usize>,
        pointer: &str,
        default: Option<&Json>,
    ) -> Option<Type> {
        let non_null_default = default.is_some_and(|d| !d.is_null());
        match null_at {
            None if values.is_empty() => {
                self.report(
                    Code::I007,
                    self.at(pointer),
                    "a union of no branch has no contract type".into(),
                    "give the field a type",
                );
                None
            }
            None => Some(Type::Union(values)),
            Some(_) if values.is_empty() => {
                self.report(
                    Code::I009,
                    self.at(pointer),
                    "a union of only `null` has no contract type".into(),
                    "write the field as `null` itself, or give it a real type",
                );
                None
            }
            Some(at) => {
                // `T?` derives `null` first, or last after a non-null default (of `T`, the first
                // branch); any other order is written out as `union<..., null, ...>`.
                let derived = match (non_null_default, values.len()) {
                    (false, _) => at == 0,
                    (true, 1) => at == 1,
                    (true, _) => false,
                };
                let inner = if values.len() == 1 {
                    values.pop().expect("one value")
                } else {
                    Type::Union(values)
                };
                let null = if derived {
                    NullAt::Derived
                } else {
                    NullAt::Written(at)
                };
                Some(Type::Optional(Box::new(inner), null))
            }
        }
    }
}

//! Python annotations, runtime descriptors (`_rt.Field`, `_rt.Union`, ...) and default values
//! of accord types, as seen from one module.

use super::classes::Ctx;
use super::literal::{py_bytes, py_str};
use super::naming::Alias;
use super::types::{colliding, scalar_annotation, scalar_descriptor, value_branches};
use crate::avro::decimal::unscaled_text;
use crate::codegen::datum::{from_value, Datum};
use crate::codegen::json_encoding::{branch_tag, date_text, time_text, timestamp_text};
use crate::ir::*;
use crate::ir::{union_branches, Branch};

impl Ctx<'_> {
    /// The Python annotation of a type.
    pub(super) fn annotation(&self, ty: &Type, default: Option<&Value>) -> String {
        let model = self.model();
        match ty {
            Type::Scalar(s) => scalar_annotation(*s).to_string(),
            Type::Decimal(_) => "_decimal.Decimal".into(),
            Type::List(item) => format!("list[{}]", self.annotation(item, None)),
            Type::Map(item) => format!("dict[str, {}]", self.annotation(item, None)),
            Type::Optional(..) | Type::Union(_) => {
                let branches = value_branches(ty);
                let mut parts: Vec<String> = branches
                    .iter()
                    .zip(colliding(model, &branches))
                    .map(|(b, wrap)| {
                        if wrap {
                            self.wrapper_name(b, self.package)
                        } else {
                            self.annotation(b, None)
                        }
                    })
                    .collect();
                if matches!(ty, Type::Optional(..)) {
                    parts.push("None".into());
                }
                let _ = default;
                parts.join(" | ")
            }
            Type::Named(r) => self.reference(r).0,
        }
    }

    /// The wrapper class of a union branch declared in package `home`, as seen from here.
    pub(super) fn wrapper_name(&self, branch: &Type, home: &str) -> String {
        let key = (branch_tag(self.model(), branch), self.naming.label(branch));
        let name = self.naming.modules[home].wrappers[&key].clone();
        if home == self.package {
            name
        } else {
            format!("{}.{name}", self.module().imports[home])
        }
    }

    /// The runtime descriptor of a type; `default` orders union branches as on the wire.
    pub(super) fn descriptor(&self, ty: &Type, default: Option<&Value>) -> String {
        self.descriptor_in(ty, default, self.package)
    }

    /// [`Self::descriptor`] of a type written in package `home` (its unions' wrappers are there).
    pub(super) fn descriptor_in(&self, ty: &Type, default: Option<&Value>, home: &str) -> String {
        let model = self.model();
        match ty {
            Type::Scalar(s) => scalar_descriptor(*s).to_string(),
            Type::Decimal(d) => format!("_rt.Decimal({}, {})", d.precision, d.scale),
            Type::List(item) => format!("_rt.List({})", self.descriptor_in(item, None, home)),
            Type::Map(item) => format!("_rt.Map({})", self.descriptor_in(item, None, home)),
            Type::Optional(..) | Type::Union(_) => {
                let declared = value_branches(ty);
                let wraps = colliding(model, &declared);
                let branches: Vec<String> = union_branches(model, ty, default)
                    .iter()
                    .map(|branch| match branch {
                        Branch::Null => "None".to_string(),
                        Branch::Value(t) => {
                            let wrap = declared
                                .iter()
                                .zip(&wraps)
                                .any(|(d, w)| std::ptr::eq(*d, *t) && *w);
                            let mut inner = self.descriptor_in(t, None, home);
                            if wrap {
                                inner = format!(
                                    "_rt.Wrap(lambda: {}, {inner})",
                                    self.wrapper_name(t, home)
                                );
                            }
                            format!("_rt.Branch({}, {inner})", py_str(&branch_tag(model, t)))
                        }
                    })
                    .collect();
                format!("_rt.Union(({},))", branches.join(", "))
            }
            Type::Named(r) => {
                let Some((_, version)) = model.resolve(r) else {
                    return "_rt.STRING".into();
                };
                let (name, _) = self.reference(r);
                match &version.body {
                    Body::Record(_) => format!("_rt.Rec(lambda: {name})"),
                    Body::Enum(_) => format!("_rt.Enum(lambda: {name})"),
                    Body::Fixed(f) => fixed_descriptor(f),
                    Body::Newtype(inner) => self.descriptor_in(inner, default, &r.name.package),
                }
            }
        }
    }

    /// ` = value`, or ` = _dc.field(default_factory=lambda: value)` for mutable values and
    /// values defined later or elsewhere (`default_factory=_rt.empty_list` / `empty_dict` for
    /// empty ones: no lambda to compile at import, and typed, unlike `list`).
    pub(super) fn default_text(&self, field: &Field, value: &Value) -> String {
        let datum = match from_value(self.model(), &field.ty, Some(value), value) {
            Ok(datum) => datum,
            Err(e) => {
                return format!(
                    " = _dc.field(default_factory=lambda: _rt.unrepresentable({}))",
                    py_str(&e.to_string())
                )
            }
        };
        let mut lazy = false;
        let text = self.value(&field.ty, Some(value), &datum, &mut lazy, self.package);
        if text == "[]" || text == "{}" {
            let factory = if text == "[]" { "list" } else { "dict" };
            format!(" = _dc.field(default_factory=_rt.empty_{factory})")
        } else if lazy {
            format!(" = _dc.field(default_factory=lambda: {text})")
        } else {
            format!(" = {text}")
        }
    }

    /// A Python expression of a datum of `ty`; sets `lazy` when it must be built per instance.
    fn value(
        &self,
        ty: &Type,
        default: Option<&Value>,
        datum: &Datum,
        lazy: &mut bool,
        home: &str,
    ) -> String {
        match ty {
            Type::Scalar(s) => scalar_value(*s, datum, lazy),
            Type::Decimal(_) => decimal_value(datum),
            Type::List(item) => {
                *lazy = true;
                let Datum::Array(items) = datum else {
                    return "[]".into();
                };
                let items: Vec<String> = items
                    .iter()
                    .map(|d| self.value(item, None, d, lazy, home))
                    .collect();
                format!("[{}]", items.join(", "))
            }
            Type::Map(item) => {
                *lazy = true;
                let Datum::Map(entries) = datum else {
                    return "{}".into();
                };
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, d)| {
                        format!("{}: {}", py_str(k), self.value(item, None, d, lazy, home))
                    })
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
            Type::Optional(..) | Type::Union(_) => self.union_value(ty, default, datum, lazy, home),
            Type::Named(r) => self.named_value(r, default, datum, lazy),
        }
    }

    /// [`Self::value`] of an optional or union type: the branch's value, wrapped if need be.
    fn union_value(
        &self,
        ty: &Type,
        default: Option<&Value>,
        datum: &Datum,
        lazy: &mut bool,
        home: &str,
    ) -> String {
        let model = self.model();
        let branches = union_branches(model, ty, default);
        let (branch, inner) = match datum {
            Datum::Null => return "None".into(),
            Datum::Union(index, inner) => (branches.get(*index).copied(), &**inner),
            plain => (
                branches.iter().find(|b| **b != Branch::Null).copied(),
                plain,
            ),
        };
        match branch {
            Some(Branch::Value(t)) => {
                let text = self.value(t, None, inner, lazy, home);
                let declared = value_branches(ty);
                let wrap = declared
                    .iter()
                    .zip(colliding(model, &declared))
                    .any(|(d, w)| std::ptr::eq(*d, t) && w);
                if wrap {
                    *lazy |= home != self.package;
                    format!("{}({text})", self.wrapper_name(t, home))
                } else {
                    text
                }
            }
            _ => "None".into(),
        }
    }

    /// [`Self::value`] of a named type: a constructor call, enum member or newtype.
    fn named_value(
        &self,
        r: &TypeRef,
        default: Option<&Value>,
        datum: &Datum,
        lazy: &mut bool,
    ) -> String {
        let model = self.model();
        let Some((_, version)) = model.resolve(r) else {
            return "None".into();
        };
        let (name, elsewhere) = self.reference(r);
        *lazy |= elsewhere;
        let names = self.names(r);
        match (&version.body, datum) {
            (Body::Record(fields), Datum::Record(entries)) => {
                *lazy = true;
                let args: Vec<String> = fields
                    .iter()
                    .zip(&names.fields)
                    .filter_map(|(f, attr)| {
                        let (_, d) = entries.iter().find(|(k, _)| *k == f.name)?;
                        let v = self.value(&f.ty, f.default.as_ref(), d, lazy, &r.name.package);
                        Some(format!("{attr}={v}"))
                    })
                    .collect();
                format!("{name}({})", args.join(", "))
            }
            (Body::Enum(_), Datum::Enum(index, _)) => {
                let member = names
                    .members
                    .get(*index as usize)
                    .cloned()
                    .unwrap_or_default();
                format!("{name}.{member}")
            }
            (Body::Fixed(_), Datum::Fixed(bytes)) => format!("{name}({})", py_bytes(bytes)),
            (Body::Fixed(_), d) => format!("{name}({})", decimal_value(d)),
            (Body::Newtype(inner), d) => {
                let text = self.value(inner, default, d, lazy, &r.name.package);
                match names.alias {
                    Some(Alias::NewType(_)) => format!("{name}({text})"),
                    _ => text,
                }
            }
            _ => "None".into(),
        }
    }
}

/// The runtime descriptor of a fixed type (a decimal one too).
pub(super) fn fixed_descriptor(fixed: &FixedDef) -> String {
    match fixed.decimal {
        Some(d) => format!("_rt.Decimal({}, {}, {})", d.precision, d.scale, fixed.size),
        None => format!("_rt.Fixed({})", fixed.size),
    }
}

/// A Python expression of a decimal datum.
fn decimal_value(datum: &Datum) -> String {
    match datum {
        Datum::Decimal { unscaled, scale } => {
            format!(
                "_decimal.Decimal({})",
                py_str(&unscaled_text(unscaled, *scale))
            )
        }
        _ => "_decimal.Decimal(0)".into(),
    }
}

/// A Python expression of a scalar datum; sets `lazy` where it cannot be built at import.
fn scalar_value(scalar: Scalar, datum: &Datum, lazy: &mut bool) -> String {
    let mut text = |r: Result<String, crate::codegen::datum::EncodeError>,
                    make: &dyn Fn(String) -> String| match r {
        Ok(t) => make(t),
        Err(e) => {
            *lazy = true;
            format!("_rt.unrepresentable({})", py_str(&e.to_string()))
        }
    };
    match (scalar, datum) {
        (Scalar::Null, Datum::Null) => "None".into(),
        (Scalar::Bool, Datum::Bool(b)) => if *b { "True" } else { "False" }.into(),
        (Scalar::Int, Datum::Int(i)) => i.to_string(),
        (Scalar::Long, Datum::Long(i)) => i.to_string(),
        (Scalar::Float, Datum::Float(f)) => float_value(f64::from(*f)),
        (Scalar::Double, Datum::Double(f)) => float_value(*f),
        (Scalar::String, Datum::String(s)) => py_str(s),
        (Scalar::Bytes, Datum::Bytes(b)) => py_bytes(b),
        (Scalar::Uuid, Datum::String(s)) => format!("_uuid.UUID({})", py_str(s)),
        (Scalar::Date, Datum::Int(days)) => text(date_text(i64::from(*days)), &|t| {
            format!("_dt.date.fromisoformat({})", py_str(&t))
        }),
        (Scalar::TimeMs, Datum::Int(ms)) => text(time_text(i64::from(*ms), 1_000, 3), &|t| {
            format!("_dt.time.fromisoformat({})", py_str(&t))
        }),
        (Scalar::TimeUs, Datum::Long(us)) => text(time_text(*us, 1_000_000, 6), &|t| {
            format!("_dt.time.fromisoformat({})", py_str(&t))
        }),
        (Scalar::TimestampMs, Datum::Long(v)) => {
            text(timestamp_text(*v, 1_000, 3, "+00:00"), &|t| {
                format!("_dt.datetime.fromisoformat({})", py_str(&t))
            })
        }
        (Scalar::TimestampUs, Datum::Long(v)) => {
            text(timestamp_text(*v, 1_000_000, 6, "+00:00"), &|t| {
                format!("_dt.datetime.fromisoformat({})", py_str(&t))
            })
        }
        (Scalar::LocalTimestampMs, Datum::Long(v)) => {
            text(timestamp_text(*v, 1_000, 3, ""), &|t| {
                format!("_dt.datetime.fromisoformat({})", py_str(&t))
            })
        }
        (Scalar::LocalTimestampUs, Datum::Long(v)) => {
            text(timestamp_text(*v, 1_000_000, 6, ""), &|t| {
                format!("_dt.datetime.fromisoformat({})", py_str(&t))
            })
        }
        _ => "None".into(),
    }
}

/// A Python expression of a float (`nan` and infinities included).
fn float_value(value: f64) -> String {
    if value.is_nan() {
        "float(\"nan\")".into()
    } else if value.is_infinite() {
        if value > 0.0 {
            "float(\"inf\")"
        } else {
            "float(\"-inf\")"
        }
        .into()
    } else {
        format!("{value:?}")
    }
}

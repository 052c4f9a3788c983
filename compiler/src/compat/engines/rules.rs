//! Each engine's rules: what one column change does to data written before it, when read
//! through the new schema the engine's way. Sources and the probe behind each rule are in
//! `docs/engines.md`.

use super::diff::{ChangeKind, ColumnChange};
use super::{Engine, Verdict};
use crate::diagnostic::Code;
use crate::table::{Column, ColumnType, DefaultValue, Primitive, Unit};

/// An engine's verdict on one column change, with why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judgement {
    /// The verdict.
    pub verdict: Verdict,
    /// What makes a `requires` change safe (`typeWidening`, `columnMapping`, `reader schema`).
    pub requires: Option<&'static str>,
    /// The rule, in one sentence.
    pub rule: &'static str,
    /// What to do about it.
    pub hint: &'static str,
}

impl Judgement {
    fn safe(rule: &'static str) -> Judgement {
        Judgement {
            verdict: Verdict::Safe,
            requires: None,
            rule,
            hint: "",
        }
    }

    fn new(verdict: Verdict, rule: &'static str, hint: &'static str) -> Judgement {
        Judgement {
            verdict,
            requires: None,
            rule,
            hint,
        }
    }

    fn requires(feature: &'static str, rule: &'static str, hint: &'static str) -> Judgement {
        Judgement {
            verdict: Verdict::Requires,
            requires: Some(feature),
            rule,
            hint,
        }
    }
}

/// The code of the findings about a kind of change.
pub fn code(kind: ChangeKind) -> Code {
    match kind {
        ChangeKind::Renamed => Code::E001,
        ChangeKind::Retyped => Code::E002,
        ChangeKind::MadeRequired => Code::E003,
        ChangeKind::Added => Code::E004,
        ChangeKind::Dropped => Code::E005,
        ChangeKind::NameReused => Code::E006,
        ChangeKind::MadeOptional => Code::E002, // always safe: never reported
    }
}

/// What `engine` does with `change` (not [`Engine::Avro`], judged on the whole schema).
pub fn judge(engine: Engine, change: &ColumnChange) -> Judgement {
    match change.kind {
        ChangeKind::Added => added(engine, change),
        ChangeKind::Dropped => dropped(engine),
        ChangeKind::Renamed => renamed(engine),
        ChangeKind::NameReused => name_reused(engine),
        ChangeKind::MadeOptional => Judgement::safe("a required column may become optional"),
        ChangeKind::MadeRequired => made_required(engine),
        ChangeKind::Retyped => match (change.old, change.new) {
            (Some(old), Some(new)) => retyped_column(engine, old, new),
            _ => Judgement::safe(""),
        },
    }
}

/// What `engine` does when a column changes type: shape, leaf type, or the enum it holds.
fn retyped_column(engine: Engine, old: &Column, new: &Column) -> Judgement {
    let (ColumnType::Primitive(from), ColumnType::Primitive(to)) = (&old.ty, &new.ty) else {
        return Judgement::new(
            Verdict::Breaking,
            "a column cannot change between a value, a struct, a list and a map",
            "add a new column (a new field) and migrate the data to it",
        );
    };
    if new.symbols.is_empty() {
        return retyped(engine, *from, *to);
    }
    if *from != Primitive::String {
        return Judgement::new(
            Verdict::Breaking,
            "a value of another type is never a symbol of the new enum",
            "add a new field for the enum and migrate the values to it",
        );
    }
    Judgement::new(
        Verdict::DataDependent,
        "the engine reads an enum column as text, unchecked: values that are not symbols of the new enum come back as they are",
        "check that every stored value is a symbol of the new enum, or keep the removed symbols",
    )
}

fn added(engine: Engine, change: &ColumnChange) -> Judgement {
    let Some(column) = change.new else {
        return Judgement::safe("");
    };
    match column.default {
        DefaultValue::Null | DefaultValue::None if !column.required => {
            Judgement::safe("rows written before read null in a new optional column")
        }
        DefaultValue::Value | DefaultValue::Null => Judgement::requires(
            "backfill",
            match engine {
                Engine::IcebergV2 => "Iceberg v2 reads null for rows written before a column existed (a default for them needs format v3's initial-default), and refuses to add a required column",
                _ => "rows written before a column existed read null in it, not the contract's default",
            },
            "backfill the column with its default in the data written before (or make the field optional with a null default)",
        ),
        DefaultValue::None => Judgement::new(
            Verdict::Breaking,
            "rows written before a required column existed have no value for it: they read null",
            "give the new field a default and backfill it, or make it optional",
        ),
    }
}

fn dropped(engine: Engine) -> Judgement {
    match engine {
        Engine::Delta => Judgement::requires(
            "columnMapping",
            "Delta drops a column only with column mapping (`delta.columnMapping.mode`); without it, dropping rewrites the table",
            "enable column mapping on the table (`delta.columnMapping.mode = 'name'`) before this version",
        ),
        _ => Judgement::safe("a dropped column is no longer read"),
    }
}

fn renamed(engine: Engine) -> Judgement {
    match engine {
        Engine::IcebergV2 | Engine::Avro => {
            Judgement::safe("columns are identified by field id: a renamed column keeps its id")
        }
        Engine::Delta => Judgement::requires(
            "columnMapping",
            "Delta renames a column only with column mapping (`delta.columnMapping.mode`); without it, the old files' column reads null",
            "enable column mapping on the table (`delta.columnMapping.mode = 'name'`) before this version",
        ),
        Engine::Spark35 | Engine::Spark40 | Engine::Parquet => Judgement::new(
            Verdict::Breaking,
            "Parquet columns are matched by name: files written before the rename read null in the renamed column",
            "keep the old name, or rewrite the files written before (or read them through Iceberg, which matches by field id)",
        ),
    }
}

fn name_reused(engine: Engine) -> Judgement {
    match engine {
        Engine::IcebergV2 => {
            Judgement::safe("a new column has a new field id: old data of a dropped column with its name is not read")
        }
        Engine::Avro => Judgement::new(
            Verdict::Breaking,
            "Avro resolves fields by name: data written while the dropped field existed fills the new one with its values",
            "use another name for the new field",
        ),
        Engine::Delta => Judgement::requires(
            "columnMapping",
            "without column mapping, Delta matches Parquet columns by name: the old values of the dropped column come back in the new one",
            "use another name, or enable column mapping (`delta.columnMapping.mode = 'name'`)",
        ),
        Engine::Spark35 | Engine::Spark40 | Engine::Parquet => Judgement::new(
            Verdict::Breaking,
            "Parquet columns are matched by name: files written while the old column of this name existed put its values in the new column",
            "use another name for the new field",
        ),
    }
}

fn made_required(engine: Engine) -> Judgement {
    let hint = "keep the field optional, or migrate: a new required field with a default, filled from the old one";
    match engine {
        Engine::IcebergV2 => Judgement::new(
            Verdict::Breaking,
            "Iceberg refuses to make an optional column required (an incompatible change)",
            hint,
        ),
        _ => Judgement::new(
            Verdict::DataDependent,
            "nullability is not enforced on read: values read back, and the nulls written before come back in a required column",
            hint,
        ),
    }
}

/// A leaf type as an engine sees it (units and stand-ins it does not distinguish folded).
fn as_seen(engine: Engine, ty: Primitive) -> Primitive {
    use Primitive::*;
    match (engine, ty) {
        (Engine::Parquet | Engine::Avro, ty) => ty,
        (Engine::IcebergV2, Time(_)) => Time(Unit::Micros),
        (Engine::IcebergV2, Timestamp { utc, .. }) => Timestamp {
            unit: Unit::Micros,
            utc,
        },
        (Engine::IcebergV2, ty) => ty,
        // Spark and Delta have no time type (Spark reads Avro times as int and long) and one
        // timestamp unit; a fixed-size binary is a binary to them (see `binary_family`).
        (_, Time(Unit::Millis)) => Int,
        (_, Time(Unit::Micros)) => Long,
        (_, Timestamp { utc, .. }) => Timestamp {
            unit: Unit::Micros,
            utc,
        },
        (_, ty) => ty,
    }
}

/// What `engine` does when a leaf column changes type.
fn retyped(engine: Engine, from: Primitive, to: Primitive) -> Judgement {
    let (from, to) = (as_seen(engine, from), as_seen(engine, to));
    if from == to {
        return Judgement::safe("the engine sees the same type");
    }
    if let Some(judgement) = binary_family(engine, from, to) {
        return judgement;
    }
    match engine {
        Engine::IcebergV2 => iceberg_retyped(from, to),
        Engine::Spark35 => Judgement::new(
            Verdict::Breaking,
            "Spark 3.5 reads a Parquet column only as the type it was written with (CANNOT_MERGE_SCHEMAS with mergeSchema; the reader refuses other types)",
            "add a new field of the new type and migrate, or rewrite the files written before",
        ),
        Engine::Spark40 if spark4_merges(from, to) => Judgement::safe(
            "Spark 4 reads a decimal with more digits and the same scale, with the new schema or mergeSchema",
        ),
        Engine::Spark40 if type_widening(from, to) => Judgement::requires(
            "reader schema",
            "Spark 4 widens this type when the files are read with the new schema (`spark.read.schema`), but mergeSchema still refuses it (CANNOT_MERGE_SCHEMAS)",
            "read with the contract's schema (the generated reader does), never with mergeSchema",
        ),
        Engine::Spark40 => Judgement::new(
            Verdict::Breaking,
            "Spark 4's Parquet reader widens only int->long/double, float->double, decimal precision, int/long->decimal and date->timestamp_ntz",
            "add a new field of the new type and migrate, or rewrite the files written before",
        ),
        Engine::Delta if type_widening(from, to) => Judgement::requires(
            "typeWidening",
            "Delta widens this type only with the type widening table feature (Delta 4.0; `delta.enableTypeWidening`)",
            "enable type widening on the table (`delta.enableTypeWidening = true`; readers need Delta 4.0) before this version",
        ),
        Engine::Delta => Judgement::new(
            Verdict::Breaking,
            "Delta's type widening allows only int->long/double, float->double, decimal widening, int/long->decimal and date->timestamp_ntz",
            "add a new field of the new type and migrate, or overwrite the table",
        ),
        Engine::Parquet => parquet_retyped(from, to),
        Engine::Avro => Judgement::safe(""),
    }
}

/// Spark and Delta hold strings, binaries and fixed-size binaries as Parquet binary: changes
/// among them read the same bytes, checked or not.
fn binary_family(engine: Engine, from: Primitive, to: Primitive) -> Option<Judgement> {
    use Primitive::*;
    let spark = matches!(engine, Engine::Spark35 | Engine::Spark40);
    if !spark && engine != Engine::Delta {
        return None;
    }
    let fits = |rule| {
        Judgement::new(
            Verdict::DataDependent,
            rule,
            "check that every stored value fits the new type, or add a new field and migrate",
        )
    };
    Some(match (from, to) {
        (Fixed(_), Binary) => Judgement::safe("a fixed-size binary column is a binary column"),
        (String, Binary) if spark => Judgement::safe("Spark reads a string column's bytes as binary"),
        (Binary | Fixed(_), String) if spark => {
            fits("Spark reads the bytes as text without checking them: only UTF-8 values read back as written")
        }
        (Binary, Fixed(_)) => {
            fits("the engine reads the bytes unchecked: values of another size come back in a fixed-size column")
        }
        (Fixed(_), Fixed(_)) => Judgement::new(
            Verdict::Breaking,
            "no value of one fixed size has the other",
            "add a new field of the new size and migrate",
        ),
        _ => return None,
    })
}

fn iceberg_retyped(from: Primitive, to: Primitive) -> Judgement {
    use Primitive::*;
    let promotes = match (from, to) {
        (Int, Long) | (Float, Double) => true,
        (
            Decimal {
                precision: p,
                scale: s,
            },
            Decimal {
                precision: q,
                scale: t,
            },
        ) => s == t && q > p,
        _ => false,
    };
    if promotes {
        return Judgement::safe(
            "a valid Iceberg type promotion (int->long, float->double, decimal precision widening)",
        );
    }
    Judgement::new(
        Verdict::Breaking,
        "Iceberg allows only int->long, float->double and widening a decimal's precision (same scale)",
        "add a new field of the new type and migrate, or rewrite the table",
    )
}

/// Whether a decimal `(p, s)` widens to `(q, t)`: no fewer digits before or after the point.
fn decimal_widens(p: u32, s: u32, q: u32, t: u32) -> bool {
    t >= s && q.saturating_sub(t) >= p.saturating_sub(s)
}

/// Whether an integer of `digits` decimal digits fits a decimal `(q, t)`.
fn integer_fits(digits: u32, q: u32, t: u32) -> bool {
    q.saturating_sub(t) >= digits
}

/// Whether Spark 4 merges the two types (mergeSchema): decimals of one scale.
fn spark4_merges(from: Primitive, to: Primitive) -> bool {
    matches!(
        (from, to),
        (Primitive::Decimal { precision: p, scale: s }, Primitive::Decimal { precision: q, scale: t }) if s == t && q > p
    )
}

/// Type widening as Spark 4's Parquet reader (SPARK-40876) and Delta 4's `typeWidening` feature
/// define it (one design, the same rules): int -> long/double, float -> double, decimals that
/// lose no digit on either side of the point, integers into decimals with room for every digit,
/// date -> timestamp without time zone.
fn type_widening(from: Primitive, to: Primitive) -> bool {
    use Primitive::*;
    match (from, to) {
        (Int, Long | Double) | (Float, Double) => true,
        (Date, Timestamp { utc: false, .. }) => true,
        _ => into_decimal(from, to, 20).unwrap_or(false),
    }
}

/// Whether a decimal or integer fits a decimal without losing a digit (`None` when `to` is not
/// a decimal or `from` not a number these rules cover); a long needs `long_digits` digits
/// before the point (Spark and Delta ask 20, Arrow 19).
fn into_decimal(from: Primitive, to: Primitive, long_digits: u32) -> Option<bool> {
    use Primitive::*;
    let Decimal {
        precision: q,
        scale: t,
    } = to
    else {
        return None;
    };
    match from {
        Decimal {
            precision: p,
            scale: s,
        } => Some(decimal_widens(p, s, q, t)),
        Int => Some(integer_fits(10, q, t)),
        Long => Some(integer_fits(long_digits, q, t)),
        _ => None,
    }
}

/// Arrow's safe cast from the written type to the reader schema's.
fn parquet_retyped(from: Primitive, to: Primitive) -> Judgement {
    if arrow_casts_exactly(from, to) {
        return Judgement::safe("Arrow casts every value of the old type to the new one exactly");
    }
    if let (Primitive::Timestamp { .. }, Primitive::Date) = (from, to) {
        return Judgement::new(
            Verdict::DataDependent,
            "Arrow drops the time of day silently: only timestamps at midnight read back unchanged",
            "store dates in a new field and migrate",
        );
    }
    if arrow_checks_each_value(from, to) {
        return Judgement::new(
            Verdict::DataDependent,
            "Arrow's safe cast reads the values that fit the new type and refuses the files holding any other",
            "check that every stored value fits the new type, or add a new field and migrate",
        );
    }
    Judgement::new(
        Verdict::Breaking,
        "Arrow refuses this cast for any file, or casts lossily (an integer needs a decimal with room for all its digits; a decimal becomes a float through an inexact scaling)",
        "add a new field of the new type and migrate, or rewrite the files written before",
    )
}

/// Whether Arrow's safe cast turns every value of `from` into the same value of `to`.
fn arrow_casts_exactly(from: Primitive, to: Primitive) -> bool {
    use Primitive::*;
    if let Some(fits) = into_decimal(from, to, 19) {
        return fits;
    }
    match (from, to) {
        (Int, Long | Double) | (Float, Double) => true,
        (String | Fixed(_), Binary) | (Date, Timestamp { .. }) => true,
        (Boolean | Int | Long | Float | Double | Decimal { .. } | Date, String) => true,
        (Timestamp { .. } | Fixed(_), String) => true,
        (Time(Unit::Millis), Time(Unit::Micros)) => true,
        (
            Timestamp {
                unit: Unit::Millis,
                utc: a,
            },
            Timestamp {
                unit: Unit::Micros,
                utc: b,
            },
        ) => a == b,
        _ => false,
    }
}

/// Whether Arrow's safe cast checks each value: it reads those that fit `to` exactly and
/// refuses a file holding any other.
fn arrow_checks_each_value(from: Primitive, to: Primitive) -> bool {
    use Primitive::*;
    match (from, to) {
        (Long, Int) | (Int | Long, Float) | (Long, Double) | (Double, Float) => true,
        (Float | Double, Int | Long | Decimal { .. }) | (Decimal { .. }, Double) => true,
        // Arrow scales into a float by a float factor: exact from two decimal places, not
        // beyond (-999.5 at scale 3 reads -999.5000610351562).
        (Decimal { scale, .. }, Float) => scale <= 2,
        (Decimal { .. }, Decimal { .. } | Int | Long) => true,
        (
            String,
            Boolean | Int | Long | Float | Double | Decimal { .. } | Date | Timestamp { .. },
        ) => true,
        (Binary, String | Fixed(_)) => true,
        (
            Timestamp {
                unit: Unit::Micros,
                utc: a,
            },
            Timestamp {
                unit: Unit::Millis,
                utc: b,
            },
        ) => a == b,
        (Time(Unit::Micros), Time(Unit::Millis)) => true,
        _ => false,
    }
}

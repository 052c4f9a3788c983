//! Avro wire formats as types: generated code encodes and decodes a field with one call,
//! `accord::wire::put::<F, _>(&self.field, out)` and `accord::wire::get::<F, _>(r)`, where `F`
//! is a marker below saying how the value is written (`Opt<List<TimestampMillis>, 0>`).
//!
//! Each marker is a generic implementation that rustc instantiates once per crate for each
//! Rust type it is used with, however many records use it; per-field closures and per-type
//! expansions of the same logic are what made large generated crates slow to compile
//! (`docs/benchmarks.md`, "Generated Rust: rustc cost per type").

use crate::avro::{self, AvroDecode, AvroEncode, Reader};
use crate::error::Result;
use crate::time::Unit;
use crate::Decimal;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use indexmap::IndexMap;
use std::marker::PhantomData;
use uuid::Uuid;

/// How values of `T` are written in Avro binary.
pub trait Wire<T> {
    /// Whether the errors of a record field in this format get the field's name in their path
    /// (formats that can fail on a value, or that nest other values).
    const AT: bool = false;

    /// Appends the encoding of `value`.
    fn put(value: &T, out: &mut Vec<u8>) -> Result<()>;
    /// Reads one value.
    fn get(r: &mut Reader<'_>) -> Result<T>;
}

/// Appends `value` in format `F`.
#[inline]
pub fn put<F: Wire<T>, T>(value: &T, out: &mut Vec<u8>) -> Result<()> {
    F::put(value, out)
}

/// Reads a value in format `F`.
#[inline]
pub fn get<F: Wire<T>, T>(r: &mut Reader<'_>) -> Result<T> {
    F::get(r)
}

/// Appends field `name` in format `F`; its errors get the field in their path.
#[inline]
pub fn put_at<F: Wire<T>, T>(value: &T, name: &str, out: &mut Vec<u8>) -> Result<()> {
    F::put(value, out).map_err(|e| e.within(name))
}

/// Reads field `name` in format `F`; its errors get the field in their path.
#[inline]
pub fn get_at<F: Wire<T>, T>(r: &mut Reader<'_>, name: &str) -> Result<T> {
    F::get(r).map_err(|e| e.within(name))
}

/// Writes the fields of a record one call each, keeping the first error: what generated
/// `AvroEncode` impls of records call, so that a record's encoder is a list of plain calls (a `?`
/// per field costs rustc a match, a conversion and a return per field, in every record).
///
/// ```
/// use accord::wire::{Long, Str, Writer};
/// let mut out = Vec::new();
/// let mut w = Writer::new(&mut out);
/// w.put::<Long, _>(&1);
/// w.put_at::<Str, _>(&"a".to_owned(), "name");
/// w.end().unwrap();
/// assert_eq!(out, [2, 2, b'a']);
/// ```
pub struct Writer<'a> {
    out: &'a mut Vec<u8>,
    result: Result<()>,
}

impl<'a> Writer<'a> {
    /// A writer appending to `out`.
    #[inline]
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        Writer {
            out,
            result: Ok(()),
        }
    }

    /// Appends `value` in format `F`, unless an earlier field failed.
    #[inline]
    pub fn put<F: Wire<T>, T>(&mut self, value: &T) {
        if self.result.is_ok() {
            self.result = F::put(value, self.out);
        }
    }

    /// Appends field `name` in format `F`, unless an earlier field failed; its errors get the
    /// field in their path.
    #[inline]
    pub fn put_at<F: Wire<T>, T>(&mut self, value: &T, name: &str) {
        if self.result.is_ok() {
            self.result = put_at::<F, T>(value, name, self.out);
        }
    }

    /// The outcome: the first error, if any (`out` then holds a partial encoding).
    #[inline]
    pub fn end(self) -> Result<()> {
        self.result
    }
}

macro_rules! scalar {
    ($(#[$doc:meta])* $name:ident: $ty:ty, |$v:ident, $out:ident| $put:expr, |$r:ident| $get:expr) => {
        scalar!($(#[$doc])* $name: $ty, false, |$v, $out| $put, |$r| $get);
    };
    ($(#[$doc:meta])* $name:ident: $ty:ty, $at:expr, |$v:ident, $out:ident| $put:expr, |$r:ident| $get:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl Wire<$ty> for $name {
            const AT: bool = $at;
            #[inline]
            fn put($v: &$ty, $out: &mut Vec<u8>) -> Result<()> {
                $put
            }
            #[inline]
            fn get($r: &mut Reader<'_>) -> Result<$ty> {
                $get
            }
        }
    };
}

scalar!(
    /// `null`: nothing on the wire.
    Null: (), |_v, _out| Ok(()), |_r| Ok(())
);
scalar!(
    /// `boolean`.
    Bool: bool, |v, out| { avro::write_bool(*v, out); Ok(()) }, |r| r.read_bool()
);
scalar!(
    /// `int`.
    Int: i32, |v, out| { avro::write_int(*v, out); Ok(()) }, |r| r.read_int()
);
scalar!(
    /// `long`.
    Long: i64, |v, out| { avro::write_long(*v, out); Ok(()) }, |r| r.read_long()
);
scalar!(
    /// `float`.
    Float: f32, |v, out| { avro::write_float(*v, out); Ok(()) }, |r| r.read_float()
);
scalar!(
    /// `double`.
    Double: f64, |v, out| { avro::write_double(*v, out); Ok(()) }, |r| r.read_double()
);
scalar!(
    /// `string`.
    Str: String, |v, out| { avro::write_str(v, out); Ok(()) }, |r| r.read_string()
);
scalar!(
    /// `bytes`.
    Bytes: Vec<u8>, |v, out| { avro::write_bytes(v, out); Ok(()) }, |r| Ok(r.read_bytes()?.to_vec())
);
scalar!(
    /// `uuid`: its text.
    UuidText: Uuid, |v, out| { avro::write_uuid(v, out); Ok(()) }, |r| r.read_uuid()
);
scalar!(
    /// `date`: days since 1970-01-01.
    Date: NaiveDate, |v, out| { avro::write_date(v, out); Ok(()) }, |r| r.read_date()
);
scalar!(
    /// `time_ms`.
    TimeMillis: NaiveTime, true,
    |v, out| avro::write_time(v, Unit::Millis, out),
    |r| r.read_time(Unit::Millis)
);
scalar!(
    /// `time_us`.
    TimeMicros: NaiveTime, true,
    |v, out| avro::write_time(v, Unit::Micros, out),
    |r| r.read_time(Unit::Micros)
);
scalar!(
    /// `timestamp_ms`.
    TimestampMillis: DateTime<Utc>, true,
    |v, out| avro::write_timestamp(v, Unit::Millis, out),
    |r| r.read_timestamp(Unit::Millis)
);
scalar!(
    /// `timestamp_us`.
    TimestampMicros: DateTime<Utc>, true,
    |v, out| avro::write_timestamp(v, Unit::Micros, out),
    |r| r.read_timestamp(Unit::Micros)
);
scalar!(
    /// `local_timestamp_ms`.
    LocalTimestampMillis: NaiveDateTime, true,
    |v, out| avro::write_local_timestamp(v, Unit::Millis, out),
    |r| r.read_local_timestamp(Unit::Millis)
);
scalar!(
    /// `local_timestamp_us`.
    LocalTimestampMicros: NaiveDateTime, true,
    |v, out| avro::write_local_timestamp(v, Unit::Micros, out),
    |r| r.read_local_timestamp(Unit::Micros)
);

/// `decimal(p, s)` on `bytes`: the shortest two's complement.
pub struct Dec;

impl<const P: u32, const S: u32> Wire<Decimal<P, S>> for Dec {
    #[inline]
    fn put(value: &Decimal<P, S>, out: &mut Vec<u8>) -> Result<()> {
        avro::write_decimal(value, out);
        Ok(())
    }
    #[inline]
    fn get(r: &mut Reader<'_>) -> Result<Decimal<P, S>> {
        r.read_decimal::<P, S>()
    }
}

/// A decimal on `fixed(N)`: sign-extended to exactly `N` bytes.
pub struct DecFixed<const N: usize>;

impl<const N: usize, const P: u32, const S: u32> Wire<Decimal<P, S>> for DecFixed<N> {
    const AT: bool = true;
    #[inline]
    fn put(value: &Decimal<P, S>, out: &mut Vec<u8>) -> Result<()> {
        avro::write_decimal_fixed(value, N, out)
    }
    #[inline]
    fn get(r: &mut Reader<'_>) -> Result<Decimal<P, S>> {
        r.read_decimal_fixed::<P, S>(N)
    }
}

/// `fixed(N)` held as `[u8; N]`.
pub struct Fixed;

impl<const N: usize> Wire<[u8; N]> for Fixed {
    #[inline]
    fn put(value: &[u8; N], out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(value);
        Ok(())
    }
    #[inline]
    fn get(r: &mut Reader<'_>) -> Result<[u8; N]> {
        r.read_fixed::<N>()
    }
}

/// A generated type (record, enum, fixed, newtype or union), boxed or not: its own
/// [`AvroEncode`] / [`AvroDecode`].
pub struct Named;

impl<T: AvroEncode + AvroDecode> Wire<T> for Named {
    const AT: bool = true;
    #[inline]
    fn put(value: &T, out: &mut Vec<u8>) -> Result<()> {
        value.avro_encode(out)
    }
    #[inline]
    fn get(r: &mut Reader<'_>) -> Result<T> {
        r.nested(T::avro_decode)
    }
}

/// `T?` of a non-union `T` in format `F`: a union of `null` (wire branch `NULL`, 0 or 1) and
/// the value (the other branch).
pub struct Opt<F, const NULL: i64>(PhantomData<F>);

impl<F: Wire<T>, T, const NULL: i64> Wire<Option<T>> for Opt<F, NULL> {
    const AT: bool = F::AT;
    #[inline]
    fn put(value: &Option<T>, out: &mut Vec<u8>) -> Result<()> {
        match value {
            None => {
                avro::write_long(NULL, out);
                Ok(())
            }
            Some(v) => {
                avro::write_long(1 - NULL, out);
                F::put(v, out)
            }
        }
    }
    #[inline]
    fn get(r: &mut Reader<'_>) -> Result<Option<T>> {
        match r.read_branch()? {
            i if i == NULL => Ok(None),
            i if i == 1 - NULL => F::get(r).map(Some),
            i => Err(avro::bad_branch(i, 2)),
        }
    }
}

/// An optional generated union: `null` is wire branch `NULL`, the union's variants the others.
pub struct OptUnion<const NULL: i64>;

impl<T: avro::AvroUnion, const NULL: i64> Wire<Option<T>> for OptUnion<NULL> {
    const AT: bool = true;
    #[inline]
    fn put(value: &Option<T>, out: &mut Vec<u8>) -> Result<()> {
        match value {
            None => {
                avro::write_long(NULL, out);
                Ok(())
            }
            Some(v) => v.avro_encode(out),
        }
    }
    #[inline]
    fn get(r: &mut Reader<'_>) -> Result<Option<T>> {
        match r.read_branch()? {
            i if i == NULL => Ok(None),
            i => T::avro_decode_branch(i, r).map(Some),
        }
    }
}

/// `list<T>` whose items have format `F`: one block, then the empty block.
pub struct List<F>(PhantomData<F>);

impl<F: Wire<T>, T> Wire<Vec<T>> for List<F> {
    const AT: bool = true;
    #[inline]
    fn put(value: &Vec<T>, out: &mut Vec<u8>) -> Result<()> {
        avro::write_array(value, out, F::put)
    }
    #[inline]
    fn get(r: &mut Reader<'_>) -> Result<Vec<T>> {
        r.read_array(F::get)
    }
}

/// `map<T>` whose values have format `F`: one block in the map's order, then the empty block.
pub struct Map<F>(PhantomData<F>);

impl<F: Wire<T>, T> Wire<IndexMap<String, T>> for Map<F> {
    const AT: bool = true;
    #[inline]
    fn put(value: &IndexMap<String, T>, out: &mut Vec<u8>) -> Result<()> {
        avro::write_map(value, out, F::put)
    }
    #[inline]
    fn get(r: &mut Reader<'_>) -> Result<IndexMap<String, T>> {
        r.read_map(F::get)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<F: Wire<T>, T: PartialEq + std::fmt::Debug>(value: T, bytes: &[u8]) {
        let mut out = Vec::new();
        put::<F, T>(&value, &mut out).unwrap();
        assert_eq!(out, bytes);
        let mut r = Reader::new(&out);
        assert_eq!(get::<F, T>(&mut r).unwrap(), value);
        r.finish().unwrap();
    }

    #[test]
    fn optionals_follow_the_null_branch() {
        round_trip::<Opt<Long, 0>, _>(Some(1i64), &[2, 2]);
        round_trip::<Opt<Long, 1>, _>(Some(1i64), &[0, 2]);
        round_trip::<Opt<Long, 1>, _>(None, &[2]);
        let mut r = Reader::new(&[4]);
        let err = get::<Opt<Long, 0>, Option<i64>>(&mut r).unwrap_err();
        assert!(err.message().contains("branch 2"), "{err}");
    }

    #[test]
    fn lists_and_maps_nest_formats() {
        round_trip::<List<Opt<Int, 0>>, _>(vec![None, Some(-1i32)], &[4, 0, 2, 1, 0]);
        let mut map = IndexMap::new();
        map.insert("a".to_owned(), vec![1.5f64]);
        let mut bytes = vec![2, 2, b'a', 2];
        bytes.extend_from_slice(&1.5f64.to_le_bytes());
        bytes.extend_from_slice(&[0, 0]);
        round_trip::<Map<List<Double>>, _>(map, &bytes);
    }

    #[test]
    fn field_errors_carry_the_field_name() {
        let mut r = Reader::new(&[]);
        let err = get_at::<Long, i64>(&mut r, "total").unwrap_err();
        assert_eq!(err.path(), "total");
        let late = NaiveTime::from_hms_nano_opt(23, 59, 59, 1_000_000_500).unwrap();
        let err = put_at::<TimeMillis, _>(&late, "at", &mut Vec::new()).unwrap_err();
        assert_eq!(err.path(), "at");
    }

    #[test]
    fn decimals_on_fixed_are_sign_extended() {
        round_trip::<DecFixed<3>, _>(Decimal::<5, 2>::new(-1).unwrap(), &[0xFF, 0xFF, 0xFF]);
        round_trip::<Fixed, _>([1u8, 2], &[1, 2]);
    }
}

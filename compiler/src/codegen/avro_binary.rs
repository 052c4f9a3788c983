//! The Avro binary encoding of data (Avro specification, "Binary Encoding"), and the single-object
//! encoding that prefixes it with a schema fingerprint.

use super::datum::{
    check_map_keys, check_symbol, choose_branch, record_fields, shape, Datum, EncodeError, Shape,
};
use super::json_encoding::{check_decimal, uuid_text};
use crate::avro::decimal::{minimal, sign_extend};
use crate::ir::Branch;
use crate::ir::*;

/// The two marker bytes that start an Avro single-object encoding.
pub const SINGLE_OBJECT_MARKER: [u8; 2] = [0xC3, 0x01];

/// Appends the Avro binary encoding of `datum`, a value of `ty`, to `out`. Union indexes are wire
/// positions ([`super::avro::union_branches`]), arrays and maps are written in one block followed
/// by the empty block, decimals in their shortest two's complement (sign-extended for fixed).
/// On error `out` may hold a partial encoding.
pub fn encode_avro(
    model: &Model,
    ty: &Type,
    datum: &Datum,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    encode(model, ty, None, datum, out)
}

/// The single-object encoding: `C3 01`, the schema's 8-byte CRC-64-AVRO fingerprint
/// (little-endian, computed by the caller), then the datum's binary encoding.
pub fn single_object(fingerprint_le: [u8; 8], datum: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(10 + datum.len());
    out.extend_from_slice(&SINGLE_OBJECT_MARKER);
    out.extend_from_slice(&fingerprint_le);
    out.extend_from_slice(datum);
    out
}

/// Appends a `long` (or `int`): zig-zag, then a little-endian base-128 varint.
pub fn write_long(value: i64, out: &mut Vec<u8>) {
    let mut zigzag = ((value << 1) ^ (value >> 63)) as u64;
    while zigzag >= 0x80 {
        out.push((zigzag as u8 & 0x7F) | 0x80);
        zigzag >>= 7;
    }
    out.push(zigzag as u8);
}

/// Appends `bytes` (or a string's UTF-8): its length as a `long`, then the bytes.
pub fn write_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    write_long(bytes.len() as i64, out);
    out.extend_from_slice(bytes);
}

fn encode(
    model: &Model,
    ty: &Type,
    default: Option<&Value>,
    datum: &Datum,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    match shape(model, ty, default)? {
        Shape::Scalar(scalar) => encode_scalar(scalar, datum, out),
        Shape::Decimal(decimal, size) => encode_decimal(decimal, size, datum, out),
        Shape::List(item) => match datum {
            Datum::Array(items) => {
                // One block holds every item, then the empty block ends the array.
                write_block_count(items.len(), out);
                for (i, d) in items.iter().enumerate() {
                    encode(model, item, None, d, out).map_err(|e| e.within(&format!("[{i}]")))?;
                }
                out.push(0);
                Ok(())
            }
            other => Err(EncodeError::mismatch("an array", other)),
        },
        Shape::Map(item) => match datum {
            Datum::Map(entries) => {
                check_map_keys(entries)?;
                write_block_count(entries.len(), out);
                for (k, d) in entries {
                    write_bytes(k.as_bytes(), out);
                    encode(model, item, None, d, out).map_err(|e| e.within(&format!("[{k:?}]")))?;
                }
                out.push(0);
                Ok(())
            }
            other => Err(EncodeError::mismatch("a map", other)),
        },
        Shape::Union(branches) => {
            let (index, branch, inner) = choose_branch(&branches, datum)?;
            write_long(index as i64, out);
            match branch {
                Branch::Null => match inner {
                    Datum::Null => Ok(()),
                    other => Err(EncodeError::mismatch("null", other)),
                },
                Branch::Value(t) => encode(model, t, None, inner, out),
            }
        }
        Shape::Record(fields) => match datum {
            Datum::Record(entries) => {
                record_fields(fields, entries)?
                    .into_iter()
                    .try_for_each(|(field, d)| {
                        encode(model, &field.ty, field.default.as_ref(), d, out)
                            .map_err(|e| e.within(&field.name))
                    })
            }
            other => Err(EncodeError::mismatch("a record", other)),
        },
        Shape::Enum(e) => match datum {
            Datum::Enum(index, symbol) => {
                check_symbol(e, *index, symbol)?;
                write_long(i64::from(*index), out);
                Ok(())
            }
            other => Err(EncodeError::mismatch("an enum symbol", other)),
        },
        Shape::Fixed(size) => match datum {
            Datum::Fixed(bytes) if bytes.len() == size => {
                out.extend_from_slice(bytes);
                Ok(())
            }
            Datum::Fixed(bytes) => Err(EncodeError::new(format!(
                "fixed of {size} bytes given {} bytes",
                bytes.len()
            ))),
            other => Err(EncodeError::mismatch("fixed bytes", other)),
        },
    }
}

/// One block holds every item: a count before them, unless there are none.
fn write_block_count(count: usize, out: &mut Vec<u8>) {
    if count > 0 {
        write_long(count as i64, out);
    }
}

fn encode_scalar(scalar: Scalar, datum: &Datum, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    match (scalar.avro_primitive(), datum) {
        ("null", Datum::Null) => {}
        ("boolean", Datum::Bool(b)) => out.push(u8::from(*b)),
        ("int", Datum::Int(i)) => {
            check_time(scalar, i64::from(*i))?;
            write_long(i64::from(*i), out)
        }
        ("long", Datum::Long(i)) => {
            check_time(scalar, *i)?;
            write_long(*i, out)
        }
        ("float", Datum::Float(f)) => out.extend_from_slice(&f.to_le_bytes()),
        ("double", Datum::Double(f)) => out.extend_from_slice(&f.to_le_bytes()),
        ("string", Datum::String(s)) => {
            if scalar == Scalar::Uuid {
                uuid_text(s)?;
            }
            write_bytes(s.as_bytes(), out)
        }
        ("bytes", Datum::Bytes(b)) => write_bytes(b, out),
        (primitive, other) => {
            let expected = format!("a `{}` ({primitive} datum)", scalar.name());
            return Err(EncodeError::mismatch(&expected, other));
        }
    }
    Ok(())
}

/// Times of day must lie within one day; dates and timestamps have the full range in binary.
fn check_time(scalar: Scalar, value: i64) -> Result<(), EncodeError> {
    let per_day = match scalar {
        Scalar::TimeMs => 86_400_000,
        Scalar::TimeUs => 86_400_000_000,
        _ => return Ok(()),
    };
    if (0..per_day).contains(&value) {
        Ok(())
    } else {
        Err(EncodeError::new(format!(
            "time {value} is outside one day (0..{per_day})"
        )))
    }
}

fn encode_decimal(
    decimal: Decimal,
    size: Option<usize>,
    datum: &Datum,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    let (unscaled, scale) = match datum {
        Datum::Decimal { unscaled, scale } => (unscaled.as_slice(), *scale),
        Datum::Fixed(bytes) if size == Some(bytes.len()) => (bytes.as_slice(), decimal.scale),
        other => return Err(EncodeError::mismatch("a decimal", other)),
    };
    check_decimal(decimal, size, unscaled, scale)?;
    match size {
        Some(size) => out.extend(sign_extend(unscaled, size).unwrap_or_default()),
        None => write_bytes(&minimal(unscaled), out),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(value: i64) -> Vec<u8> {
        let mut out = Vec::new();
        write_long(value, &mut out);
        out
    }

    #[test]
    fn zig_zag_varints_match_the_avro_specification() {
        // The table of the Avro specification, "Binary Encoding", primitive types.
        assert_eq!(long(0), [0x00]);
        assert_eq!(long(-1), [0x01]);
        assert_eq!(long(1), [0x02]);
        assert_eq!(long(-2), [0x03]);
        assert_eq!(long(2), [0x04]);
        assert_eq!(long(-64), [0x7F]);
        assert_eq!(long(64), [0x80, 0x01]);
    }

    #[test]
    fn varints_of_the_extremes() {
        assert_eq!(long(i64::from(i32::MAX)), [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]);
        assert_eq!(long(i64::from(i32::MIN)), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
        let mut max = vec![0xFE];
        max.extend([0xFF; 8]);
        max.push(0x01);
        assert_eq!(long(i64::MAX), max);
        assert_eq!(long(i64::MIN), [[0xFF; 9].as_slice(), &[0x01]].concat());
    }

    #[test]
    fn strings_are_length_prefixed() {
        // The specification's example: the string "foo" is 06 66 6f 6f.
        let mut out = Vec::new();
        write_bytes(b"foo", &mut out);
        assert_eq!(out, [0x06, 0x66, 0x6F, 0x6F]);
    }

    #[test]
    fn single_object_prefixes_marker_and_fingerprint() {
        let framed = single_object([1, 2, 3, 4, 5, 6, 7, 8], &[0x02]);
        assert_eq!(framed, [0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x02]);
    }

    #[test]
    fn arrays_are_one_block_then_the_empty_block() {
        // The specification's example: the array [3, 27] of longs is 04 06 36 00.
        let ty = Type::List(Box::new(Type::Scalar(Scalar::Long)));
        let datum = Datum::Array(vec![Datum::Long(3), Datum::Long(27)]);
        let mut out = Vec::new();
        encode_avro(&Model::default(), &ty, &datum, &mut out).unwrap();
        assert_eq!(out, [0x04, 0x06, 0x36, 0x00]);
        out.clear();
        encode_avro(&Model::default(), &ty, &Datum::Array(vec![]), &mut out).unwrap();
        assert_eq!(out, [0x00]);
    }

    #[test]
    fn unions_write_the_wire_index() {
        // The specification's example: ["null","string"] with "a" is 02 02 61.
        let ty = Type::Optional(Box::new(Type::Scalar(Scalar::String)), NullAt::Derived);
        let mut out = Vec::new();
        let datum = Datum::String("a".into());
        encode_avro(&Model::default(), &ty, &datum, &mut out).unwrap();
        assert_eq!(out, [0x02, 0x02, 0x61]);
        out.clear();
        encode_avro(&Model::default(), &ty, &Datum::Null, &mut out).unwrap();
        assert_eq!(out, [0x00]);
    }

    #[test]
    fn decimals_are_shortest_twos_complement() {
        let ty = Type::Decimal(Decimal::new(12, 2));
        let datum = Datum::Decimal {
            unscaled: vec![0xFF, 0xFF, 0xFB],
            scale: 2,
        };
        let mut out = Vec::new();
        encode_avro(&Model::default(), &ty, &datum, &mut out).unwrap();
        assert_eq!(out, [0x02, 0xFB]);
    }
}

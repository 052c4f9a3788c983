//! Avro binary encoding: the writers and the [`Reader`] generated code calls, the
//! [`AvroEncode`] / [`AvroDecode`] traits every generated type implements, single-object and
//! schema-registry framing, and the CRC-64-AVRO fingerprint.

use crate::error::{Error, Result};
use crate::time::{self, Unit};
use crate::Decimal;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use indexmap::IndexMap;
use uuid::Uuid;

/// A value that writes itself in Avro binary.
pub trait AvroEncode {
    /// Appends the binary encoding of `self` to `out` (on error `out` may hold a partial
    /// encoding).
    fn avro_encode(&self, out: &mut Vec<u8>) -> Result<()>;
}

/// A value that reads itself from Avro binary.
pub trait AvroDecode: Sized {
    /// Reads one value.
    fn avro_decode(reader: &mut Reader<'_>) -> Result<Self>;
}

/// A generated union enum: reads the value of a wire branch whose index is already read
/// (optional unions read the index themselves to find `null`).
pub trait AvroUnion: AvroEncode + AvroDecode {
    /// Reads the value of wire branch `index`.
    fn avro_decode_branch(index: i64, reader: &mut Reader<'_>) -> Result<Self>;
}

impl<T: AvroEncode + ?Sized> AvroEncode for Box<T> {
    fn avro_encode(&self, out: &mut Vec<u8>) -> Result<()> {
        (**self).avro_encode(out)
    }
}

impl<T: AvroDecode> AvroDecode for Box<T> {
    fn avro_decode(reader: &mut Reader<'_>) -> Result<Self> {
        T::avro_decode(reader).map(Box::new)
    }
}

/// The two marker bytes that start an Avro single-object encoding.
pub const SINGLE_OBJECT_MARKER: [u8; 2] = [0xC3, 0x01];

/// The 10-byte header of the single-object encoding: the marker, then the CRC-64-AVRO
/// fingerprint in little-endian.
pub fn single_object_header(fingerprint: u64) -> [u8; 10] {
    let mut header = [0; 10];
    header[..2].copy_from_slice(&SINGLE_OBJECT_MARKER);
    header[2..].copy_from_slice(&fingerprint.to_le_bytes());
    header
}

/// Splits a single-object encoding into the fingerprint it names and the datum.
pub fn split_single_object(bytes: &[u8]) -> Result<(u64, &[u8])> {
    match bytes {
        [0xC3, 0x01, rest @ ..] if rest.len() >= 8 => {
            let (print, datum) = rest.split_at(8);
            let print = u64::from_le_bytes(print.try_into().expect("8 bytes"));
            Ok((print, datum))
        }
        _ => Err(Error::new(
            "not an Avro single-object encoding (expected C3 01 and an 8-byte fingerprint)",
        )),
    }
}

/// Splits the schema-registry wire format (`00`, a 4-byte big-endian schema id, the datum).
pub fn split_registry(bytes: &[u8]) -> Result<(u32, &[u8])> {
    match bytes {
        [0x00, a, b, c, d, datum @ ..] => Ok((u32::from_be_bytes([*a, *b, *c, *d]), datum)),
        _ => Err(Error::new(
            "not the schema-registry wire format (expected 00 and a 4-byte schema id)",
        )),
    }
}

/// CRC-64-AVRO (the Rabin fingerprint of the Avro specification) of `bytes`, normally a
/// schema's Parsing Canonical Form.
pub fn crc64_avro(bytes: &[u8]) -> u64 {
    const EMPTY: u64 = 0xc15d_213a_a4d7_a795;
    const fn table() -> [u64; 256] {
        let mut table = [0u64; 256];
        let mut i = 0;
        while i < 256 {
            let mut fp = i as u64;
            let mut j = 0;
            while j < 8 {
                fp = (fp >> 1) ^ (EMPTY & (0u64.wrapping_sub(fp & 1)));
                j += 1;
            }
            table[i] = fp;
            i += 1;
        }
        table
    }
    const TABLE: [u64; 256] = table();
    bytes.iter().fold(EMPTY, |fp, b| {
        (fp >> 8) ^ TABLE[((fp ^ u64::from(*b)) & 0xff) as usize]
    })
}

// ---- writers --------------------------------------------------------------------------------

/// Appends a `long`: zig-zag, then a little-endian base-128 varint.
#[inline]
pub fn write_long(value: i64, out: &mut Vec<u8>) {
    let mut zigzag = ((value << 1) ^ (value >> 63)) as u64;
    while zigzag >= 0x80 {
        out.push((zigzag as u8 & 0x7F) | 0x80);
        zigzag >>= 7;
    }
    out.push(zigzag as u8);
}

/// Appends an `int`.
#[inline]
pub fn write_int(value: i32, out: &mut Vec<u8>) {
    write_long(i64::from(value), out);
}

/// Appends a `boolean`.
#[inline]
pub fn write_bool(value: bool, out: &mut Vec<u8>) {
    out.push(u8::from(value));
}

/// Appends a `float`.
#[inline]
pub fn write_float(value: f32, out: &mut Vec<u8>) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// Appends a `double`.
#[inline]
pub fn write_double(value: f64, out: &mut Vec<u8>) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// Appends `bytes`: the length, then the bytes.
#[inline]
pub fn write_bytes(value: &[u8], out: &mut Vec<u8>) {
    write_long(value.len() as i64, out);
    out.extend_from_slice(value);
}

/// Appends a `string`.
#[inline]
pub fn write_str(value: &str, out: &mut Vec<u8>) {
    write_bytes(value.as_bytes(), out);
}

/// Appends a `uuid`: its lowercase 8-4-4-4-12 text as a `string`.
pub fn write_uuid(value: &Uuid, out: &mut Vec<u8>) {
    let mut buffer = Uuid::encode_buffer();
    write_str(value.hyphenated().encode_lower(&mut buffer), out);
}

/// Appends a `date`: days since 1970-01-01.
pub fn write_date(value: &NaiveDate, out: &mut Vec<u8>) {
    write_int(time::date_to_days(value), out);
}

/// Appends a `time_ms` (an `int`) or `time_us` (a `long`).
pub fn write_time(value: &NaiveTime, unit: Unit, out: &mut Vec<u8>) -> Result<()> {
    write_long(time::time_to_units(value, unit)?, out);
    Ok(())
}

/// Appends a `timestamp_ms` or `timestamp_us`.
pub fn write_timestamp(value: &DateTime<Utc>, unit: Unit, out: &mut Vec<u8>) -> Result<()> {
    write_long(time::timestamp_to_units(value, unit)?, out);
    Ok(())
}

/// Appends a `local_timestamp_ms` or `local_timestamp_us`.
pub fn write_local_timestamp(value: &NaiveDateTime, unit: Unit, out: &mut Vec<u8>) -> Result<()> {
    write_long(time::local_timestamp_to_units(value, unit)?, out);
    Ok(())
}

/// Appends a decimal on `bytes`: its shortest two's complement.
pub fn write_decimal<const P: u32, const S: u32>(value: &Decimal<P, S>, out: &mut Vec<u8>) {
    let (bytes, start) = value.to_be_bytes_minimal();
    write_bytes(&bytes[start..], out);
}

/// Appends a decimal on `fixed(size)`: sign-extended to exactly `size` bytes.
pub fn write_decimal_fixed<const P: u32, const S: u32>(
    value: &Decimal<P, S>,
    size: usize,
    out: &mut Vec<u8>,
) -> Result<()> {
    let (bytes, start) = value.to_be_bytes_minimal();
    let needed = 16 - start;
    if needed > size {
        return Err(Error::new(format!(
            "decimal {value} does not fit {size} bytes"
        )));
    }
    let fill = if value.unscaled() < 0 { 0xFF } else { 0x00 };
    out.extend(std::iter::repeat_n(fill, size - needed));
    out.extend_from_slice(&bytes[start..]);
    Ok(())
}

/// Appends an array: one block of every item, then the empty block.
pub fn write_array<T>(
    items: &[T],
    out: &mut Vec<u8>,
    mut item: impl FnMut(&T, &mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    if !items.is_empty() {
        write_long(items.len() as i64, out);
        for (i, value) in items.iter().enumerate() {
            item(value, out).map_err(|e| e.within(&format!("[{i}]")))?;
        }
    }
    out.push(0);
    Ok(())
}

/// Appends a map: one block of every entry in the map's order, then the empty block.
pub fn write_map<T>(
    entries: &IndexMap<String, T>,
    out: &mut Vec<u8>,
    mut value: impl FnMut(&T, &mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    if !entries.is_empty() {
        write_long(entries.len() as i64, out);
        for (key, v) in entries {
            write_str(key, out);
            value(v, out).map_err(|e| e.within(&format!("[{key:?}]")))?;
        }
    }
    out.push(0);
    Ok(())
}

// ---- reader ---------------------------------------------------------------------------------

/// How deeply generated values may nest in one datum (a record holding itself through an
/// optional, a list or a union): deeper data is an error, not a stack overflow. serde_json refuses
/// JSON nested deeper than 128 levels, so no value deeper than this has a JSON encoding either.
pub const MAX_DEPTH: u32 = 128;

/// How many array items and map entries in all a datum may hold beyond one per byte: an item
/// always takes at least one byte of its own unless it is written in zero bytes (a record
/// without fields), so a block count past this is a false claim, refused before it is looped
/// over or allocated for.
pub const ZERO_WIDTH_ITEMS: usize = 1 << 16;

/// A cursor over Avro binary data.
///
/// Hostile input is an error, never a panic, a hang or an allocation of what the input claims:
/// lengths and block counts are checked against the bytes left before anything is reserved,
/// varints are at most 10 bytes, nesting is at most [`MAX_DEPTH`] generated values deep and
/// the items of every array and map together at most one per byte plus [`ZERO_WIDTH_ITEMS`].
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: u32,
    items_left: usize,
}

fn eof() -> Error {
    Error::new("unexpected end of data")
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            at: 0,
            depth: 0,
            items_left: bytes.len().saturating_add(ZERO_WIDTH_ITEMS),
        }
    }

    /// Reads a generated value nested in the current one, at most [`MAX_DEPTH`] deep.
    #[inline]
    pub fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::new(format!(
                "values nested more than {MAX_DEPTH} deep"
            )));
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    /// The bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    /// Fails unless every byte was read.
    pub fn finish(&self) -> Result<()> {
        match self.bytes.len() - self.at {
            0 => Ok(()),
            n => Err(Error::new(format!("{n} bytes left after the value"))),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(eof)?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    /// Reads a `long`.
    #[inline]
    pub fn read_long(&mut self) -> Result<i64> {
        let mut value: u64 = 0;
        let mut shift = 0;
        loop {
            let byte = *self.bytes.get(self.at).ok_or_else(eof)?;
            self.at += 1;
            if shift == 63 && byte > 1 {
                return Err(Error::new("varint overflows 64 bits"));
            }
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Ok((value >> 1) as i64 ^ -((value & 1) as i64));
            }
            shift += 7;
        }
    }

    /// Reads an `int`.
    #[inline]
    pub fn read_int(&mut self) -> Result<i32> {
        let value = self.read_long()?;
        i32::try_from(value).map_err(|_| Error::new(format!("{value} does not fit an int")))
    }

    /// Reads a `boolean` (byte 0 or 1).
    pub fn read_bool(&mut self) -> Result<bool> {
        match self.take(1)?[0] {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(Error::new(format!("{other} is not a boolean"))),
        }
    }

    /// Reads a `float`.
    pub fn read_float(&mut self) -> Result<f32> {
        let bytes = self.take(4)?;
        Ok(f32::from_le_bytes(bytes.try_into().expect("4 bytes")))
    }

    /// Reads a `double`.
    pub fn read_double(&mut self) -> Result<f64> {
        let bytes = self.take(8)?;
        Ok(f64::from_le_bytes(bytes.try_into().expect("8 bytes")))
    }

    fn read_len(&mut self) -> Result<usize> {
        let len = self.read_long()?;
        usize::try_from(len).map_err(|_| Error::new(format!("negative length {len}")))
    }

    /// Reads `bytes`, borrowed from the input.
    pub fn read_bytes(&mut self) -> Result<&'a [u8]> {
        let len = self.read_len()?;
        self.take(len)
    }

    /// Reads a `string`.
    pub fn read_string(&mut self) -> Result<String> {
        let bytes = self.read_bytes()?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| Error::new("string is not UTF-8"))
    }

    /// Reads `N` fixed bytes.
    pub fn read_fixed<const N: usize>(&mut self) -> Result<[u8; N]> {
        Ok(self.take(N)?.try_into().expect("N bytes"))
    }

    /// Reads a `uuid` (a `string` in uuid form).
    pub fn read_uuid(&mut self) -> Result<Uuid> {
        let bytes = self.read_bytes()?;
        let text = std::str::from_utf8(bytes).map_err(|_| Error::new("uuid is not UTF-8"))?;
        if text.len() != 36 {
            return Err(Error::new(format!("`{text}` is not a uuid")));
        }
        Uuid::try_parse(text).map_err(|_| Error::new(format!("`{text}` is not a uuid")))
    }

    /// Reads a `date`.
    pub fn read_date(&mut self) -> Result<NaiveDate> {
        time::date_from_days(self.read_int()?)
    }

    /// Reads a `time_ms` or `time_us`.
    pub fn read_time(&mut self, unit: Unit) -> Result<NaiveTime> {
        let value = match unit {
            Unit::Millis => i64::from(self.read_int()?),
            Unit::Micros => self.read_long()?,
        };
        time::time_from_units(value, unit)
    }

    /// Reads a `timestamp_ms` or `timestamp_us`.
    pub fn read_timestamp(&mut self, unit: Unit) -> Result<DateTime<Utc>> {
        time::timestamp_from_units(self.read_long()?, unit)
    }

    /// Reads a `local_timestamp_ms` or `local_timestamp_us`.
    pub fn read_local_timestamp(&mut self, unit: Unit) -> Result<NaiveDateTime> {
        time::local_timestamp_from_units(self.read_long()?, unit)
    }

    /// Reads a decimal on `bytes`.
    pub fn read_decimal<const P: u32, const S: u32>(&mut self) -> Result<Decimal<P, S>> {
        Decimal::from_be_bytes(self.read_bytes()?)
    }

    /// Reads a decimal on `fixed(size)`.
    pub fn read_decimal_fixed<const P: u32, const S: u32>(
        &mut self,
        size: usize,
    ) -> Result<Decimal<P, S>> {
        Decimal::from_be_bytes(self.take(size)?)
    }

    /// Reads the index of a union branch.
    pub fn read_branch(&mut self) -> Result<i64> {
        self.read_long()
    }

    /// Reads an array in blocks.
    pub fn read_array<T>(
        &mut self,
        mut item: impl FnMut(&mut Reader<'a>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut items = Vec::new();
        loop {
            let count = self.read_block_count()?;
            if count == 0 {
                return Ok(items);
            }
            items.reserve(count.min(self.remaining()));
            for _ in 0..count {
                let i = items.len();
                items.push(item(self).map_err(|e| e.within(&format!("[{i}]")))?);
            }
        }
    }

    /// Reads a map in blocks; a key given twice is an error.
    pub fn read_map<T>(
        &mut self,
        mut value: impl FnMut(&mut Reader<'a>) -> Result<T>,
    ) -> Result<IndexMap<String, T>> {
        let mut entries = IndexMap::new();
        loop {
            let count = self.read_block_count()?;
            if count == 0 {
                return Ok(entries);
            }
            for _ in 0..count {
                let key = self.read_string()?;
                let v = value(self).map_err(|e| e.within(&format!("[{key:?}]")))?;
                match entries.entry(key) {
                    indexmap::map::Entry::Vacant(slot) => {
                        slot.insert(v);
                    }
                    indexmap::map::Entry::Occupied(slot) => {
                        return Err(Error::new(format!(
                            "map key {:?} is given twice",
                            slot.key()
                        )));
                    }
                }
            }
        }
    }

    /// A block's item count; a negative count is followed by the block's size in bytes. A count
    /// more than the data can hold is an error here, before any item is read or reserved.
    fn read_block_count(&mut self) -> Result<usize> {
        let count = self.read_long()?;
        if count < 0 {
            let size = self.read_long()?;
            if usize::try_from(size).map_or(true, |size| size > self.remaining()) {
                return Err(Error::new(format!(
                    "block size {size} does not fit the {} bytes left",
                    self.remaining()
                )));
            }
        }
        let items = usize::try_from(count.unsigned_abs()).unwrap_or(usize::MAX);
        if items > self.items_left {
            return Err(Error::new(format!(
                "block count {count} is more than the {} bytes left can hold",
                self.remaining()
            )));
        }
        self.items_left -= items;
        Ok(items)
    }
}

/// Runs the encoding or decoding of field `name`; its errors get the field in their path.
#[inline]
pub fn field<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    f().map_err(|e| e.within(name))
}

/// The error for an enum symbol index that does not exist.
#[cold]
pub fn bad_symbol(index: i64, symbols: usize) -> Error {
    Error::new(format!(
        "enum symbol {index} does not exist ({symbols} symbols)"
    ))
}

/// The error for a union branch index that does not exist.
#[cold]
pub fn bad_branch(index: i64, branches: usize) -> Error {
    Error::new(format!(
        "union branch {index} does not exist ({branches} branches)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        for value in [0, -1, 1, -64, 64, i64::MAX, i64::MIN, i64::from(i32::MIN)] {
            let mut out = Vec::new();
            write_long(value, &mut out);
            assert_eq!(Reader::new(&out).read_long().unwrap(), value);
        }
        let mut out = Vec::new();
        write_long(64, &mut out);
        assert_eq!(out, [0x80, 0x01]);
    }

    #[test]
    fn crc64_of_the_specification() {
        // The fingerprint of the Parsing Canonical Form "int".
        assert_eq!(crc64_avro(b"\"int\""), 0x7275_d51a_3f39_5c8f);
    }

    #[test]
    fn decimals_on_fixed_are_sign_extended() {
        let mut out = Vec::new();
        write_decimal_fixed(&Decimal::<5, 2>::new(-5).unwrap(), 3, &mut out).unwrap();
        assert_eq!(out, [0xFF, 0xFF, 0xFB]);
        let back: Decimal<5, 2> = Reader::new(&out).read_decimal_fixed(3).unwrap();
        assert_eq!(back.unscaled(), -5);
    }
}

//! [`Decimal`]: an exact decimal of precision `P` and scale `S`, held as its unscaled integer.

use crate::error::{Error, Result};
use std::fmt;
use std::str::FromStr;

/// The most digits a [`Decimal`] holds: every value of an `i128` with 38 digits, which covers
/// every decimal on `fixed` of up to 16 bytes (38 digits at most) and every `bytes` decimal of
/// precision 38 or less.
pub const MAX_PRECISION: u32 = 38;

/// An exact decimal `unscaled / 10^S` with at most `P` significant digits, `P <= 38`.
///
/// It is what accord's `decimal(p, s)` and `fixed(n) decimal(p, s)` map to: exact (no binary
/// rounding, no precision limit below the contract's), `Copy`, and as fast as integer
/// arithmetic on the wire. Convert to your arithmetic type of choice through
/// [`Decimal::unscaled`] and [`Decimal::SCALE`] or the text form.
///
/// ```
/// use accord::Decimal;
/// let price: Decimal<12, 2> = "12.5".parse().unwrap();
/// assert_eq!(price.to_string(), "12.50");
/// assert_eq!(price.unscaled(), 1250);
/// assert!(Decimal::<3, 1>::new(1000).is_none()); // 100.0 has 4 digits
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal<const P: u32, const S: u32>(i128);

const fn digits(value: i128) -> u32 {
    let mut magnitude = value.unsigned_abs();
    let mut count = 0;
    while magnitude > 0 {
        magnitude /= 10;
        count += 1;
    }
    count
}

impl<const P: u32, const S: u32> Decimal<P, S> {
    /// The precision: the most significant digits.
    pub const PRECISION: u32 = P;
    /// The scale: digits after the point.
    pub const SCALE: u32 = S;
    /// Zero.
    pub const ZERO: Self = Decimal(0);

    /// The decimal `unscaled / 10^S`, or `None` when it has more than `P` digits.
    pub const fn new(unscaled: i128) -> Option<Self> {
        if P > MAX_PRECISION || S > P || digits(unscaled) > P {
            None
        } else {
            Some(Decimal(unscaled))
        }
    }

    /// The unscaled integer: the value times `10^S`.
    pub const fn unscaled(self) -> i128 {
        self.0
    }

    pub(crate) fn checked(unscaled: i128) -> Result<Self> {
        Self::new(unscaled).ok_or_else(|| {
            Error::new(format!(
                "decimal with unscaled value {unscaled} has more than {P} digits"
            ))
        })
    }

    /// The unscaled integer in its shortest big-endian two's complement (Avro `bytes`).
    pub fn to_be_bytes_minimal(self) -> ([u8; 16], usize) {
        let bytes = self.0.to_be_bytes();
        let mut start = 0;
        while start < 15 {
            let (first, next) = (bytes[start], bytes[start + 1]);
            let redundant =
                (first == 0x00 && next & 0x80 == 0) || (first == 0xFF && next & 0x80 != 0);
            if !redundant {
                break;
            }
            start += 1;
        }
        (bytes, start)
    }

    /// The decimal of big-endian two's-complement bytes of any width (Avro `bytes` or
    /// `fixed`); wider than 16 bytes only with sign extension.
    pub fn from_be_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.is_empty() {
            return Ok(Decimal(0));
        }
        let negative = bytes[0] & 0x80 != 0;
        let fill = if negative { 0xFF } else { 0x00 };
        let (extra, rest) = bytes.split_at(bytes.len().saturating_sub(16));
        if extra.iter().any(|b| *b != fill)
            || (!extra.is_empty() && (rest[0] & 0x80 != 0) != negative)
        {
            return Err(Error::new(format!("decimal has more than {P} digits")));
        }
        let mut full = [fill; 16];
        full[16 - rest.len()..].copy_from_slice(rest);
        Self::checked(i128::from_be_bytes(full))
    }
}

impl<const P: u32, const S: u32> fmt::Display for Decimal<P, S> {
    /// An optional `-`, the whole part, and exactly `S` fraction digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let magnitude = self.0.unsigned_abs();
        let scale = 10u128.pow(S);
        if self.0 < 0 {
            f.write_str("-")?;
        }
        write!(f, "{}", magnitude / scale)?;
        if S > 0 {
            write!(f, ".{:0width$}", magnitude % scale, width = S as usize)?;
        }
        Ok(())
    }
}

impl<const P: u32, const S: u32> fmt::Debug for Decimal<P, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal<{P}, {S}>({self})")
    }
}

impl<const P: u32, const S: u32> FromStr for Decimal<P, S> {
    type Err = Error;

    /// Reads `-123.45`: an optional `-`, digits, and at most `S` fraction digits (more only
    /// when they are zeros).
    fn from_str(text: &str) -> Result<Self> {
        let invalid = || Error::new(format!("`{text}` is not a decimal of scale {S}"));
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return Err(invalid());
        }
        if digits.contains('.') && fraction.is_empty() {
            return Err(invalid());
        }
        let (kept, dropped) = fraction.split_at(fraction.len().min(S as usize));
        if dropped.bytes().any(|b| b != b'0') {
            return Err(invalid());
        }
        let mut unscaled: i128 = 0;
        let padding = std::iter::repeat_n(b'0', S as usize - kept.len());
        for digit in whole.bytes().chain(kept.bytes()).chain(padding) {
            unscaled = unscaled
                .checked_mul(10)
                .and_then(|n| n.checked_add(i128::from(digit - b'0')))
                .ok_or_else(invalid)?;
        }
        if text.starts_with('-') {
            unscaled = -unscaled;
        }
        Self::checked(unscaled)
    }
}

impl<const P: u32, const S: u32> serde::Serialize for Decimal<P, S> {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, const P: u32, const S: u32> serde::Deserialize<'de> for Decimal<P, S> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_has_exactly_the_scale() {
        let d: Decimal<12, 2> = "-0.05".parse().unwrap();
        assert_eq!(d.unscaled(), -5);
        assert_eq!(d.to_string(), "-0.05");
        assert_eq!(Decimal::<5, 0>::new(-42).unwrap().to_string(), "-42");
        assert_eq!(Decimal::<3, 3>::new(999).unwrap().to_string(), "0.999");
        assert!("1.234".parse::<Decimal<12, 2>>().is_err());
        assert_eq!("1.230".parse::<Decimal<12, 2>>().unwrap().unscaled(), 123);
        let max: Decimal<38, 4> = "9999999999999999999999999999999999.9999".parse().unwrap();
        assert_eq!(max.to_string(), "9999999999999999999999999999999999.9999");
    }

    #[test]
    fn bytes_round_trip() {
        for value in [0i128, 1, -1, 127, 128, -128, -129, 10i128.pow(38) - 1] {
            let d = Decimal::<38, 0>::new(value).unwrap();
            let (bytes, start) = d.to_be_bytes_minimal();
            assert_eq!(Decimal::<38, 0>::from_be_bytes(&bytes[start..]).unwrap(), d);
        }
        let (bytes, start) = Decimal::<12, 2>::new(-5).unwrap().to_be_bytes_minimal();
        assert_eq!(&bytes[start..], [0xFB]);
    }
}

//! Decimal values as Avro stores them: the unscaled integer in big-endian two's complement.

/// The unscaled two's-complement bytes of `text` (e.g. `"-12.5"`) at `scale`, in the fewest bytes
/// (as Java's `BigInteger.toByteArray`), or sign-extended to `width` bytes when given.
/// Returns `None` when `text` is not a decimal with at most `scale` fraction digits, or does not
/// fit in `width`.
pub fn unscaled_bytes(text: &str, scale: u64, width: Option<usize>) -> Option<Vec<u8>> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || fraction.len() as u64 > scale {
        return None;
    }
    let padding = "0".repeat((scale - fraction.len() as u64) as usize);
    let unscaled = format!("{whole}{fraction}{padding}");
    let magnitude = decimal_to_base256(&unscaled)?;
    let bytes = twos_complement(magnitude, negative);
    match width {
        None => Some(bytes),
        Some(width) if bytes.len() <= width => {
            let fill = if bytes[0] & 0x80 != 0 { 0xFF } else { 0x00 };
            let mut out = vec![fill; width - bytes.len()];
            out.extend(bytes);
            Some(out)
        }
        Some(_) => None,
    }
}

/// Big-endian magnitude of a string of decimal digits.
fn decimal_to_base256(digits: &str) -> Option<Vec<u8>> {
    let mut magnitude: Vec<u8> = vec![0];
    for c in digits.chars() {
        let mut carry = c.to_digit(10)?;
        for byte in magnitude.iter_mut().rev() {
            let value = u32::from(*byte) * 10 + carry;
            *byte = (value & 0xFF) as u8;
            carry = value >> 8;
        }
        while carry > 0 {
            magnitude.insert(0, (carry & 0xFF) as u8);
            carry >>= 8;
        }
    }
    Some(magnitude)
}

/// Minimal two's-complement encoding of `±magnitude`.
fn twos_complement(mut magnitude: Vec<u8>, negative: bool) -> Vec<u8> {
    while magnitude.len() > 1 && magnitude[0] == 0 {
        magnitude.remove(0);
    }
    let is_zero = magnitude.iter().all(|b| *b == 0);
    if !negative || is_zero {
        if magnitude[0] & 0x80 != 0 {
            magnitude.insert(0, 0);
        }
        return magnitude;
    }
    // Negate: invert and add one.
    let mut out: Vec<u8> = magnitude.iter().map(|b| !b).collect();
    for byte in out.iter_mut().rev() {
        let (sum, overflow) = byte.overflowing_add(1);
        *byte = sum;
        if !overflow {
            break;
        }
    }
    if out[0] & 0x80 == 0 {
        out.insert(0, 0xFF);
    }
    // Drop redundant leading 0xFF bytes (keep the sign bit set).
    while out.len() > 1 && out[0] == 0xFF && out[1] & 0x80 != 0 {
        out.remove(0);
    }
    out
}

/// Whether an unscaled two's-complement big-endian integer is negative, and the decimal digits
/// of its magnitude.
fn sign_and_digits(bytes: &[u8]) -> (bool, String) {
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    let magnitude = if negative {
        negate(bytes)
    } else {
        bytes.to_vec()
    };
    (negative, base256_to_decimal(&magnitude))
}

/// The text of an unscaled two's-complement big-endian integer at `scale`: an optional `-`, the
/// whole part without leading zeros (`0` when it is zero), and exactly `scale` fraction digits
/// after a `.` (no `.` when `scale` is 0). Empty bytes are zero. Zero is never negative.
pub fn unscaled_text(bytes: &[u8], scale: u64) -> String {
    let (negative, digits) = sign_and_digits(bytes);
    let scale = scale as usize;
    let padded = if digits.len() <= scale {
        format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
    } else {
        digits
    };
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    let sign = if negative { "-" } else { "" };
    if scale == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// The number of significant decimal digits of an unscaled two's-complement integer (0 for zero).
pub fn unscaled_digits(bytes: &[u8]) -> usize {
    let (_, digits) = sign_and_digits(bytes);
    if digits == "0" {
        0
    } else {
        digits.len()
    }
}

/// The shortest two's-complement form of the same integer (as Java's `BigInteger.toByteArray`):
/// redundant leading sign bytes dropped; empty input becomes `[0]`.
pub fn minimal(bytes: &[u8]) -> Vec<u8> {
    let mut start = 0;
    while start + 1 < bytes.len() {
        let (first, next) = (bytes[start], bytes[start + 1]);
        let redundant = (first == 0x00 && next & 0x80 == 0) || (first == 0xFF && next & 0x80 != 0);
        if !redundant {
            break;
        }
        start += 1;
    }
    if bytes.is_empty() {
        vec![0]
    } else {
        bytes[start..].to_vec()
    }
}

/// The same integer sign-extended to exactly `width` bytes, or `None` when it does not fit.
pub fn sign_extend(bytes: &[u8], width: usize) -> Option<Vec<u8>> {
    let bytes = minimal(bytes);
    if bytes.len() > width {
        return None;
    }
    let fill = if bytes[0] & 0x80 != 0 { 0xFF } else { 0x00 };
    let mut out = vec![fill; width - bytes.len()];
    out.extend(bytes);
    Some(out)
}

/// The magnitude of a negative two's-complement integer, as unsigned big-endian bytes.
fn negate(bytes: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = bytes.iter().map(|b| !b).collect();
    for byte in out.iter_mut().rev() {
        let (sum, overflow) = byte.overflowing_add(1);
        *byte = sum;
        if !overflow {
            break;
        }
    }
    // -2^(8n-1) negates to itself; read as unsigned it is the right magnitude.
    out
}

/// Decimal digits of an unsigned big-endian integer, without leading zeros (`"0"` for zero).
fn base256_to_decimal(bytes: &[u8]) -> String {
    // Little-endian base-10 digits.
    let mut digits: Vec<u8> = vec![0];
    for byte in bytes {
        let mut carry = u32::from(*byte);
        for digit in digits.iter_mut() {
            let value = u32::from(*digit) * 256 + carry;
            *digit = (value % 10) as u8;
            carry = value / 10;
        }
        while carry > 0 {
            digits.push((carry % 10) as u8);
            carry /= 10;
        }
    }
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_java_big_integer_to_byte_array() {
        // Values of BigInteger.toByteArray for the unscaled integers.
        assert_eq!(unscaled_bytes("0", 0, None), Some(vec![0x00]));
        assert_eq!(unscaled_bytes("1.00", 2, None), Some(vec![0x64]));
        assert_eq!(unscaled_bytes("1.28", 2, None), Some(vec![0x00, 0x80]));
        assert_eq!(unscaled_bytes("-1.28", 2, None), Some(vec![0x80]));
        assert_eq!(unscaled_bytes("-1.29", 2, None), Some(vec![0xFF, 0x7F]));
        assert_eq!(unscaled_bytes("-0.01", 2, None), Some(vec![0xFF]));
        assert_eq!(unscaled_bytes("255", 0, None), Some(vec![0x00, 0xFF]));
        assert_eq!(unscaled_bytes("-256", 0, None), Some(vec![0xFF, 0x00]));
        assert_eq!(
            unscaled_bytes("65536", 0, None),
            Some(vec![0x01, 0x00, 0x00])
        );
    }

    #[test]
    fn sign_extends_to_a_fixed_width() {
        assert_eq!(unscaled_bytes("-1", 0, Some(4)), Some(vec![0xFF; 4]));
        assert_eq!(unscaled_bytes("1", 0, Some(3)), Some(vec![0, 0, 1]));
        assert_eq!(unscaled_bytes("65536", 0, Some(2)), None);
    }

    #[test]
    fn rejects_what_is_not_a_decimal_of_the_scale() {
        assert_eq!(unscaled_bytes("1.234", 2, None), None);
        assert_eq!(unscaled_bytes("x", 0, None), None);
        assert_eq!(unscaled_bytes(".5", 1, None), None);
    }

    #[test]
    fn renders_unscaled_integers_at_their_scale() {
        assert_eq!(unscaled_text(&[], 2), "0.00");
        assert_eq!(unscaled_text(&[0x00], 0), "0");
        assert_eq!(unscaled_text(&[0x04, 0xE2], 2), "12.50");
        assert_eq!(unscaled_text(&[0xFB], 2), "-0.05");
        assert_eq!(unscaled_text(&[0x80], 0), "-128");
        assert_eq!(unscaled_text(&[0xFF, 0x7F], 2), "-1.29");
        assert_eq!(unscaled_text(&[0x00, 0x80], 3), "0.128");
        for text in [
            "-99999999999999.9999",
            "12345678901234567890.1234",
            "0.0001",
        ] {
            let bytes = unscaled_bytes(text, 4, None).unwrap();
            assert_eq!(unscaled_text(&bytes, 4), text);
        }
    }

    #[test]
    fn counts_digits_and_normalizes() {
        assert_eq!(unscaled_digits(&[0x00]), 0);
        assert_eq!(unscaled_digits(&[0xFF]), 1);
        assert_eq!(unscaled_digits(&[0x04, 0xE2]), 4);
        assert_eq!(minimal(&[0x00, 0x00, 0x7F]), vec![0x7F]);
        assert_eq!(minimal(&[0xFF, 0xFF, 0x80]), vec![0x80]);
        assert_eq!(minimal(&[0x00, 0x80]), vec![0x00, 0x80]);
        assert_eq!(minimal(&[]), vec![0x00]);
        assert_eq!(sign_extend(&[0xFB], 3), Some(vec![0xFF, 0xFF, 0xFB]));
        assert_eq!(sign_extend(&[0x01, 0x00, 0x00], 2), None);
    }
}

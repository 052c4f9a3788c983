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

#[cfg(test)]
mod tests {
    use super::unscaled_bytes;

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
}

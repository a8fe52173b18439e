//! C's `strtol` / `strtoul`, as Upstart calls them: the whole argument must be consumed.

/// `strtol(text, &end, base)` followed by Upstart's `errno || *end` check.
///
/// Leading C whitespace and one sign are accepted; overflow is an error (`ERANGE`).
pub fn strtol(text: &[u8], base: u32) -> Option<i64> {
    let (negative, digits) = split_sign(skip_c_space(text));
    let magnitude = parse_digits(digits, base)?;
    if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// `strtoul(text, &end, base)` followed by Upstart's `errno || *end` check.
///
/// As in C, a leading `-` negates the value modulo 2⁶⁴: `-1` is `u64::MAX`.
pub fn strtoul(text: &[u8], base: u32) -> Option<u64> {
    let (negative, digits) = split_sign(skip_c_space(text));
    let magnitude = parse_digits(digits, base)?;
    Some(if negative {
        magnitude.wrapping_neg()
    } else {
        magnitude
    })
}

fn skip_c_space(text: &[u8]) -> &[u8] {
    let start = text
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
        .unwrap_or(text.len());
    &text[start..]
}

fn split_sign(text: &[u8]) -> (bool, &[u8]) {
    match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

/// Digits only, at least one, no overflow of `u64`.
fn parse_digits(digits: &[u8], base: u32) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |value, &byte| {
        let digit = char::from(byte).to_digit(base)?;
        value
            .checked_mul(u64::from(base))?
            .checked_add(u64::from(digit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtol_accepts_what_c_accepts() {
        assert_eq!(strtol(b"+7", 10), Some(7));
        assert_eq!(strtol(b"010", 10), Some(10));
        assert_eq!(strtol(b" -3", 10), Some(-3));
        assert_eq!(strtol(b"0x10", 10), None);
        assert_eq!(strtol(b"99foo", 10), None);
        assert_eq!(strtol(b"-", 10), None);
        assert_eq!(strtol(b"9223372036854775808", 10), None);
        assert_eq!(strtol(b"-9223372036854775808", 10), Some(i64::MIN));
    }

    #[test]
    fn strtoul_wraps_negative_values() {
        assert_eq!(strtoul(b"-1", 10), Some(u64::MAX));
        assert_eq!(strtoul(b"777", 8), Some(0o777));
        assert_eq!(strtoul(b"8", 8), None);
    }
}

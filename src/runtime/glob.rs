//! `fnmatch(pattern, string, 0)` as glibc implements it: `*`, `?`, `[…]`, `[!…]`, `\` escapes.

/// Whether `text` matches the shell pattern `pattern` (no flags: `/` and `.` are ordinary).
pub fn fnmatch(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    // Where to resume after the last `*`: pattern index after it, and the text index it covers to.
    let mut backtrack: Option<(usize, usize)> = None;
    loop {
        if p < pattern.len() {
            match pattern[p] {
                b'*' => {
                    backtrack = Some((p + 1, t));
                    p += 1;
                    continue;
                }
                b'?' if t < text.len() => {
                    p += 1;
                    t += 1;
                    continue;
                }
                b'[' if t < text.len() => {
                    if let Some((matched, next)) = bracket(&pattern[p..], text[t]) {
                        if matched {
                            p += next;
                            t += 1;
                            continue;
                        }
                    } else if text[t] == b'[' {
                        p += 1;
                        t += 1;
                        continue;
                    }
                }
                b'\\' if p + 1 < pattern.len() && t < text.len() && pattern[p + 1] == text[t] => {
                    p += 2;
                    t += 1;
                    continue;
                }
                c if c != b'?' && c != b'[' && c != b'\\' && t < text.len() && c == text[t] => {
                    p += 1;
                    t += 1;
                    continue;
                }
                _ => {}
            }
        } else if t == text.len() {
            return true;
        }
        match backtrack {
            Some((star_p, star_t)) if star_t < text.len() => {
                backtrack = Some((star_p, star_t + 1));
                p = star_p;
                t = star_t + 1;
            }
            _ => return false,
        }
    }
}

/// Matches one byte against the bracket expression at the start of `pattern`; returns whether
/// it matched and the length of the expression, or `None` if the bracket is not closed.
fn bracket(pattern: &[u8], byte: u8) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(pattern.get(i), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let c = *pattern.get(i)?;
        if c == b']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if c == b'[' && pattern.get(i + 1) == Some(&b':') {
            let rest = &pattern[i + 2..];
            let end = rest.windows(2).position(|w| w == b":]")?;
            matched |= class_matches(&rest[..end], byte);
            i += end + 4;
            continue;
        }
        let (low, step) = match c {
            b'\\' => (*pattern.get(i + 1)?, 2),
            _ => (c, 1),
        };
        i += step;
        if pattern.get(i) == Some(&b'-') && pattern.get(i + 1).is_some_and(|&b| b != b']') {
            let high = *pattern.get(i + 1)?;
            matched |= (low..=high).contains(&byte);
            i += 2;
        } else {
            matched |= low == byte;
        }
    }
}

fn class_matches(name: &[u8], byte: u8) -> bool {
    match name {
        b"alpha" => byte.is_ascii_alphabetic(),
        b"digit" => byte.is_ascii_digit(),
        b"alnum" => byte.is_ascii_alphanumeric(),
        b"upper" => byte.is_ascii_uppercase(),
        b"lower" => byte.is_ascii_lowercase(),
        b"space" => byte.is_ascii_whitespace() || byte == b'\x0b',
        b"punct" => byte.is_ascii_punctuation(),
        b"xdigit" => byte.is_ascii_hexdigit(),
        b"blank" => byte == b' ' || byte == b'\t',
        b"cntrl" => byte.is_ascii_control(),
        b"print" => (0x20..0x7f).contains(&byte),
        b"graph" => byte.is_ascii_graphic(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::fnmatch;

    #[test]
    fn shell_patterns() {
        assert!(fnmatch(b"[2345]", b"2"));
        assert!(!fnmatch(b"[!2345]", b"2"));
        assert!(fnmatch(b"[!2345]", b"0"));
        assert!(fnmatch(b"a*", b"abc"));
        assert!(fnmatch(b"[xy]?", b"xz"));
        assert!(!fnmatch(b"[xy]?", b"x"));
        assert!(fnmatch(b"*b*c", b"abxbc"));
        assert!(fnmatch(b"\\*", b"*"));
        assert!(!fnmatch(b"f*", b"g"));
        assert!(fnmatch(b"[[:digit:]]", b"7"));
        assert!(fnmatch(b"[]a]", b"]"));
    }
}

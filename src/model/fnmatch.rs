//! POSIX `fnmatch(pattern, string, 0)`, as Upstart uses it for event values and `emits` globs:
//! `*` and `?` match any byte (`/` and leading dots included), `[…]` sets with `!`/`^`
//! negation, ranges and `[:class:]`, and `\` quoting the next byte.

/// Whether `text` matches the shell glob `pattern` (flags 0).
pub fn fnmatch(pattern: &[u8], text: &[u8]) -> bool {
    // Iterative matcher with one backtracking point per `*`: linear in practice, never recursive.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        let step = match pattern.get(p) {
            Some(b'*') => {
                star = Some((p + 1, t));
                p += 1;
                continue;
            }
            Some(b'?') => Some(p + 1),
            Some(b'[') => match bracket(pattern, p + 1, text[t]) {
                Some((true, next)) => Some(next),
                Some((false, _)) => None,
                // An unclosed `[` is an ordinary character.
                None => (text[t] == b'[').then_some(p + 1),
            },
            Some(b'\\') if p + 1 < pattern.len() => (text[t] == pattern[p + 1]).then_some(p + 2),
            Some(&c) => (text[t] == c).then_some(p + 1),
            None => None,
        };
        match step {
            Some(next) => {
                p = next;
                t += 1;
            }
            None => match star {
                Some((star_p, star_t)) => {
                    p = star_p;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p.min(pattern.len())..].iter().all(|&c| c == b'*')
}

/// Matches `c` against the set starting after `[` at `start`; returns the result and the index
/// after `]`, or `None` when the set is not closed.
fn bracket(pattern: &[u8], start: usize, c: u8) -> Option<(bool, usize)> {
    let mut i = start;
    let negate = matches!(pattern.get(i), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let &b = pattern.get(i)?;
        if b == b']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if b == b'[' && pattern.get(i + 1) == Some(&b':') {
            let rest = &pattern[i + 2..];
            if let Some(end) = rest.windows(2).position(|w| w == b":]") {
                matched |= in_class(&rest[..end], c);
                i += 2 + end + 2;
                continue;
            }
        }
        let (low, next) = if b == b'\\' && i + 1 < pattern.len() {
            (pattern[i + 1], i + 2)
        } else {
            (b, i + 1)
        };
        if pattern.get(next) == Some(&b'-') && pattern.get(next + 1).is_some_and(|&h| h != b']') {
            let high = pattern[next + 1];
            matched |= (low..=high).contains(&c);
            i = next + 2;
        } else {
            matched |= low == c;
            i = next;
        }
    }
}

fn in_class(name: &[u8], c: u8) -> bool {
    match name {
        b"alpha" => c.is_ascii_alphabetic(),
        b"digit" => c.is_ascii_digit(),
        b"alnum" => c.is_ascii_alphanumeric(),
        b"upper" => c.is_ascii_uppercase(),
        b"lower" => c.is_ascii_lowercase(),
        b"space" => c.is_ascii_whitespace() || c == 0x0b,
        b"blank" => c == b' ' || c == b'\t',
        b"punct" => c.is_ascii_punctuation(),
        b"print" => (0x20..0x7f).contains(&c),
        b"graph" => c.is_ascii_graphic(),
        b"cntrl" => c.is_ascii_control(),
        b"xdigit" => c.is_ascii_hexdigit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::fnmatch;

    #[test]
    fn globs() {
        let cases: &[(&str, &str, bool)] = &[
            ("*-device-added", "net-device-added", true),
            ("*-device-added", "net-device-removed", false),
            (":sys:*", ":sys:rotate-logs", true),
            ("runlevel", "runlevel", true),
            ("runlevel", "runlevels", false),
            ("[2345]", "3", true),
            ("[!2345]", "3", false),
            ("[!$RUNLEVEL]", "2", true),
            ("a?c", "abc", true),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
            ("\\*", "*", true),
            ("\\*", "a", false),
            ("[]a]", "]", true),
            ("[a-c]x", "bx", true),
            ("[[:digit:]]", "7", true),
            ("[", "[", true),
            ("*", "", true),
            ("", "", true),
            ("", "a", false),
        ];
        for &(pattern, text, expected) in cases {
            assert_eq!(
                fnmatch(pattern.as_bytes(), text.as_bytes()),
                expected,
                "{pattern} ~ {text}"
            );
        }
    }
}

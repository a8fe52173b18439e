//! Signal names as libnih knows them (`nih/signal.c`, spec §2.9), with Linux's numbers.

/// libnih's table, in its order: the first name of a number is the one it prints.
const SIGNALS: [(&str, i32); 34] = [
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("ILL", 4),
    ("TRAP", 5),
    ("ABRT", 6),
    ("IOT", 6),
    ("BUS", 7),
    ("FPE", 8),
    ("KILL", 9),
    ("USR1", 10),
    ("SEGV", 11),
    ("USR2", 12),
    ("PIPE", 13),
    ("ALRM", 14),
    ("TERM", 15),
    ("STKFLT", 16),
    ("CHLD", 17),
    ("CLD", 17),
    ("CONT", 18),
    ("STOP", 19),
    ("TSTP", 20),
    ("TTIN", 21),
    ("TTOU", 22),
    ("URG", 23),
    ("XCPU", 24),
    ("XFSZ", 25),
    ("VTALRM", 26),
    ("PROF", 27),
    ("WINCH", 28),
    ("IO", 29),
    ("POLL", 29),
    ("PWR", 30),
    ("SYS", 31),
];

/// `nih_signal_from_name`: case-sensitive, with or without the `SIG` prefix.
pub fn from_name(name: &[u8]) -> Option<i32> {
    let bare = name.strip_prefix(b"SIG").unwrap_or(name);
    SIGNALS
        .iter()
        .find(|(known, _)| known.as_bytes() == bare)
        .map(|&(_, number)| number)
}

/// `nih_signal_to_name`: the first name for `number`, without `SIG`.
pub fn to_name(number: i32) -> Option<&'static str> {
    SIGNALS
        .iter()
        .find(|&&(_, known)| known == number)
        .map(|&(name, _)| name)
}

/// Every accepted name, for suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    SIGNALS.iter().map(|&(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_with_first_alias() {
        assert_eq!(from_name(b"SIGTERM"), Some(15));
        assert_eq!(from_name(b"IOT"), Some(6));
        assert_eq!(to_name(6), Some("ABRT"));
        assert_eq!(from_name(b"term"), None);
        assert_eq!(from_name(b"RTMIN"), None);
    }
}

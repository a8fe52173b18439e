//! Upstart releases, and the release each stanza first appeared in (spec Appendix B).

use std::fmt;
use std::str::FromStr;

use crate::syntax::StanzaKind;

/// An Upstart release, e.g. 1.13.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UpstartVersion {
    /// Major number.
    pub major: u16,
    /// Minor number.
    pub minor: u16,
    /// Patch number (0 when not given).
    pub patch: u16,
}

impl UpstartVersion {
    /// A release from its numbers.
    pub const fn new(major: u16, minor: u16, patch: u16) -> Self {
        UpstartVersion {
            major,
            minor,
            patch,
        }
    }

    /// The release this tool reads files as: 1.13.2.
    pub const LATEST: UpstartVersion = UpstartVersion::new(1, 13, 2);
}

/// Distribution names accepted for `target-version`, with the Upstart they ship.
pub const DISTRIBUTIONS: [(&str, UpstartVersion); 4] = [
    ("rhel6", UpstartVersion::new(0, 6, 5)),
    ("ubuntu-12.04", UpstartVersion::new(1, 5, 0)),
    ("ubuntu-14.04", UpstartVersion::new(1, 12, 1)),
    ("ubuntu-16.04", UpstartVersion::new(1, 13, 2)),
];

impl FromStr for UpstartVersion {
    type Err = String;

    /// `1.5`, `0.6.5`, or a distribution name such as `rhel6` or `ubuntu-14.04`.
    fn from_str(text: &str) -> Result<Self, String> {
        if let Some((_, version)) = DISTRIBUTIONS.iter().find(|(name, _)| *name == text) {
            return Ok(*version);
        }
        let numbers: Vec<u16> = text
            .split('.')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|_| unknown_version(text))?;
        match numbers.as_slice() {
            [major, minor] => Ok(UpstartVersion::new(*major, *minor, 0)),
            [major, minor, patch] => Ok(UpstartVersion::new(*major, *minor, *patch)),
            _ => Err(unknown_version(text)),
        }
    }
}

fn unknown_version(text: &str) -> String {
    let names: Vec<&str> = DISTRIBUTIONS.iter().map(|(name, _)| *name).collect();
    format!(
        "`{text}` is not an Upstart version: write one like `1.5` or `0.6.5`, or one of {}",
        names.join(", ")
    )
}

impl fmt::Display for UpstartVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if self.patch != 0 {
            write!(f, ".{}", self.patch)?;
        }
        Ok(())
    }
}

/// The release that introduced a stanza, or a stanza form (`sub` is its second word), when
/// it is newer than 0.5.0 (spec Appendix B).
pub fn introduced_in(stanza: StanzaKind, sub: Option<&str>) -> Option<UpstartVersion> {
    let version = match (stanza, sub) {
        (StanzaKind::Manual | StanzaKind::Debug, _) => (0, 6, 7),
        (StanzaKind::Kill, Some("signal")) | (StanzaKind::Oom, Some("score")) => (1, 3, 0),
        (StanzaKind::Console, Some("log")) | (StanzaKind::Setuid | StanzaKind::Setgid, _) => {
            (1, 4, 0)
        }
        (StanzaKind::Usage, _) => (1, 5, 0),
        (StanzaKind::Apparmor, _) => (1, 9, 0),
        (StanzaKind::Reload, _) => (1, 10, 0),
        (StanzaKind::Cgroup, _) => (1, 13, 0),
        _ => return None,
    };
    Some(UpstartVersion::new(version.0, version.1, version.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_compare_and_print() {
        let rhel: UpstartVersion = "rhel6".parse().unwrap();
        assert_eq!(rhel.to_string(), "0.6.5");
        assert!(rhel < "1.4".parse().unwrap());
        assert_eq!("1.13.2".parse(), Ok(UpstartVersion::LATEST));
        assert!(
            "1.x"
                .parse::<UpstartVersion>()
                .unwrap_err()
                .contains("rhel6")
        );
        assert!("1".parse::<UpstartVersion>().is_err());
    }

    #[test]
    fn stanza_forms_know_their_release() {
        let console_log = introduced_in(StanzaKind::Console, Some("log"));
        assert_eq!(console_log, Some(UpstartVersion::new(1, 4, 0)));
        assert_eq!(introduced_in(StanzaKind::Console, Some("output")), None);
        assert_eq!(introduced_in(StanzaKind::Kill, Some("timeout")), None);
    }
}

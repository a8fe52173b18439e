//! Rule selectors: what `select`, `ignore`, `--select` and suppression comments name.

use crate::check::registry::{self, Rule};

/// Families a code prefix may start with, even before any rule of the family exists.
const FAMILIES: [char; 5] = ['E', 'W', 'G', 'S', 'P'];

/// The families that run when nothing is selected: everything but the opt-in `P` policies.
pub const DEFAULT_SELECTION: [&str; 4] = ["E", "W", "G", "S"];

/// Named sets of rules: `preset = "chromeos"` turns on ChromiumOS's house rules.
const PRESETS: [(&str, &[&str]); 1] = [("chromeos", &["P"])];

/// A set of rules, named by code prefix (`W`, `W01`, `W0101`), by rule name, or `ALL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Every rule whose code starts with this upper-case prefix; the empty prefix is `ALL`.
    Prefix(String),
    /// One rule, by its kebab-case name.
    Name(&'static Rule),
}

impl std::str::FromStr for Selector {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text.eq_ignore_ascii_case("ALL") {
            return Ok(Selector::Prefix(String::new()));
        }
        if let Some(rule) = registry::ALL.iter().find(|rule| rule.name == text) {
            return Ok(Selector::Name(rule));
        }
        let upper = text.to_ascii_uppercase();
        let mut chars = upper.chars();
        let well_formed = chars.next().is_some_and(|c| FAMILIES.contains(&c))
            && chars.all(|c| c.is_ascii_digit())
            && upper.len() <= 5;
        let known = upper.len() == 1 || registry::ALL.iter().any(|r| r.code.starts_with(&upper));
        if well_formed && known {
            Ok(Selector::Prefix(upper))
        } else {
            Err(format!(
                "no rule is called `{text}`: expected a code (`W0101`), a code prefix (`W01`, \
                 `W`), a rule name (`expect-with-script`) or `ALL`"
            ))
        }
    }
}

impl Selector {
    /// Whether `rule` is one of the rules selected.
    pub fn matches(&self, rule: &Rule) -> bool {
        match self {
            Selector::Prefix(prefix) => rule.code.starts_with(prefix.as_str()),
            Selector::Name(named) => std::ptr::eq(*named, rule),
        }
    }

    /// How narrow the selector is: when two disagree about a rule, the narrower one wins.
    pub fn specificity(&self) -> usize {
        match self {
            Selector::Prefix(prefix) => prefix.len(),
            Selector::Name(rule) => rule.code.len(),
        }
    }

    /// The rules selected, in registry order.
    pub fn rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        registry::ALL
            .iter()
            .copied()
            .filter(move |rule| self.matches(rule))
    }
}

/// A named set of rules, such as `chromeos`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    /// The rules it turns on.
    pub selectors: Vec<Selector>,
}

impl std::str::FromStr for Preset {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        let (_, selectors) = PRESETS
            .iter()
            .find(|(preset, _)| *preset == name)
            .ok_or_else(|| {
                let known: Vec<&str> = PRESETS.iter().map(|(preset, _)| *preset).collect();
                format!(
                    "no preset is called `{name}`: known presets are {}",
                    known.join(", ")
                )
            })?;
        Ok(Preset {
            selectors: selectors
                .iter()
                .map(|s| s.parse())
                .collect::<Result<_, _>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(selector: &str) -> Vec<&'static str> {
        let selector: Selector = selector.parse().unwrap();
        selector.rules().map(|r| r.code).collect()
    }

    #[test]
    fn codes_prefixes_families_and_names_select_rules() {
        assert_eq!(codes("W0101"), ["W0101"]);
        assert_eq!(codes("w0101"), ["W0101"]);
        assert_eq!(codes("expect-with-script"), ["W0101"]);
        assert!(codes("W01").iter().all(|c| c.starts_with("W01")));
        assert!(codes("W01").len() > 10);
        assert_eq!(codes("ALL").len(), registry::ALL.len());
        // A family is well formed even while it has no rules yet.
        assert!("P".parse::<Selector>().is_ok());
    }

    #[test]
    fn unknown_selectors_are_refused() {
        for bad in ["W9999", "X", "W01x", "W010101", "expect_with_script", ""] {
            assert!(bad.parse::<Selector>().is_err(), "{bad}");
        }
        assert!("chromeos".parse::<Preset>().is_ok());
        assert!("debian".parse::<Preset>().unwrap_err().contains("chromeos"));
    }
}

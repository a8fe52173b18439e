//! Which rules run, and how serious their findings are: the result of all selections.

use std::collections::BTreeMap;

use super::selector::{DEFAULT_SELECTION, Selector};
use crate::check::registry::{self, Rule};
use crate::check::{Diagnostic, Severity};

/// One layer of rule selection: the defaults, a config file, or the command line.
///
/// As in ruff, a layer's `select` replaces what the layers before it enabled; `extend-select`
/// and `ignore` adjust it. Within a layer the narrower selector wins (`ignore = ["W"]` with
/// `extend-select = ["W0101"]` keeps W0101), and `ignore` wins over a selection just as narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Rules to enable instead of everything enabled so far.
    pub select: Option<Vec<Selector>>,
    /// Rules to enable in addition.
    pub extend_select: Vec<Selector>,
    /// Rules to disable.
    pub ignore: Vec<Selector>,
}

impl Selection {
    /// Applies the layer to the set of enabled rule codes.
    fn apply(&self, enabled: &mut std::collections::BTreeSet<&'static str>) {
        if self.select.is_some() {
            enabled.clear();
        }
        let enabling = self.select.iter().flatten().chain(&self.extend_select);
        let mut steps: Vec<(&Selector, bool)> = enabling
            .map(|s| (s, true))
            .chain(self.ignore.iter().map(|s| (s, false)))
            .collect();
        // Broad before narrow, and at equal breadth enabling before disabling.
        steps.sort_by_key(|(selector, enable)| (selector.specificity(), !*enable));
        for (selector, enable) in steps {
            for rule in selector.rules() {
                if enable {
                    enabled.insert(rule.code);
                } else {
                    enabled.remove(rule.code);
                }
            }
        }
    }
}

/// The enabled rules and the severity of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTable {
    enabled: BTreeMap<&'static str, Severity>,
}

impl Default for RuleTable {
    /// Every rule but the opt-in families, at its default severity.
    fn default() -> Self {
        RuleTable::from_layers(&[], &[])
    }
}

impl RuleTable {
    /// Every rule, opt-in ones included, at its default severity.
    pub fn all() -> Self {
        RuleTable::with(registry::ALL.iter().copied())
    }

    fn with(rules: impl Iterator<Item = &'static Rule>) -> Self {
        RuleTable {
            enabled: rules.map(|rule| (rule.code, rule.severity)).collect(),
        }
    }

    /// The table after the default selection, then each layer in turn, then the severity
    /// overrides (narrow selectors after broad ones).
    pub fn from_layers(layers: &[Selection], severities: &[(Selector, Severity)]) -> Self {
        let defaults = Selection {
            select: Some(
                DEFAULT_SELECTION
                    .iter()
                    .filter_map(|s| s.parse().ok())
                    .collect(),
            ),
            ..Selection::default()
        };
        let mut enabled = std::collections::BTreeSet::new();
        for layer in std::iter::once(&defaults).chain(layers) {
            layer.apply(&mut enabled);
        }
        let mut table = RuleTable::with(
            registry::ALL
                .iter()
                .copied()
                .filter(|rule| enabled.contains(rule.code)),
        );
        let mut severities: Vec<&(Selector, Severity)> = severities.iter().collect();
        severities.sort_by_key(|(selector, _)| selector.specificity());
        for (selector, severity) in severities {
            for rule in selector.rules() {
                if let Some(slot) = table.enabled.get_mut(rule.code) {
                    *slot = *severity;
                }
            }
        }
        table
    }

    /// The severity of `rule`'s findings, or `None` when it is disabled.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        self.enabled.get(rule.code).copied()
    }

    /// The same table without the rules `selectors` name.
    pub fn without(&self, selectors: &[Selector]) -> Self {
        let mut table = self.clone();
        table.enabled.retain(|code, _| {
            !selectors
                .iter()
                .any(|s| registry::find(code).is_some_and(|r| s.matches(r)))
        });
        table
    }

    /// Keeps the findings of enabled rules, each at its configured severity.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                d.severity = self.severity(d.rule)?;
                Some(d)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selectors(list: &[&str]) -> Vec<Selector> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    fn layer(select: Option<&[&str]>, extend: &[&str], ignore: &[&str]) -> Selection {
        Selection {
            select: select.map(selectors),
            extend_select: selectors(extend),
            ignore: selectors(ignore),
        }
    }

    fn on(table: &RuleTable, code: &str) -> bool {
        table.severity(registry::find(code).unwrap()).is_some()
    }

    #[test]
    fn narrower_selectors_win_and_ignore_wins_ties() {
        let table = RuleTable::from_layers(&[layer(None, &["W0101"], &["W"])], &[]);
        assert!(on(&table, "W0101") && !on(&table, "W0102") && on(&table, "E0001"));
        let table = RuleTable::from_layers(&[layer(Some(&["W0101"]), &[], &["W0101"])], &[]);
        assert!(!on(&table, "W0101"));
    }

    #[test]
    fn a_later_select_replaces_earlier_layers() {
        let file = layer(None, &[], &["W0101"]);
        let cli = layer(Some(&["W01"]), &[], &[]);
        let table = RuleTable::from_layers(&[file.clone(), cli], &[]);
        assert!(on(&table, "W0101") && !on(&table, "E0001"));
        let table = RuleTable::from_layers(&[file, layer(None, &["expect-with-script"], &[])], &[]);
        assert!(on(&table, "W0101"));
    }

    #[test]
    fn severities_apply_narrow_after_broad_to_enabled_rules() {
        let table = RuleTable::from_layers(
            &[],
            &[
                ("W0101".parse().unwrap(), Severity::Error),
                ("W".parse().unwrap(), Severity::Info),
            ],
        );
        let severity = |code| table.severity(registry::find(code).unwrap());
        assert_eq!(severity("W0101"), Some(Severity::Error));
        assert_eq!(severity("W0102"), Some(Severity::Info));
        assert_eq!(severity("E0001"), Some(Severity::Error));
    }
}

//! Editor features over a set of job files, in byte offsets: what is under the cursor, hover,
//! completion, navigation, outline, highlighting, formatting, code actions and hints.
//!
//! This is the analysis side of the language server (rust-analyzer's `ide` layer): it knows
//! nothing of the protocol. `lsp/` only converts positions and types, so that the CLI or any
//! other front end can ask the same questions.

pub mod actions;
pub mod completion;
pub mod cursor;
pub mod formatting;
pub mod highlight;
pub mod hints;
pub mod hover;
pub mod navigation;
pub mod outline;
pub mod symbols;
mod world;

pub use world::{FileEntry, World};

use crate::check::registry::Rule;

/// How an editor should mark a finding, beyond its severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Marks {
    /// The span has no effect (shown faded).
    pub unnecessary: bool,
    /// The span uses a form Upstart keeps only for compatibility (shown struck through).
    pub deprecated: bool,
}

/// Rules whose span has no effect: a replaced stanza, a limit without respawn, a `manual`
/// before the `start on` it cannot discard, a suppression that hides nothing.
const UNNECESSARY: [&str; 4] = [
    "duplicate-stanza",
    "respawn-limit-without-respawn",
    "manual-before-start-on",
    "unused-suppression",
];

/// Rules whose span is a form Upstart keeps for compatibility only.
const DEPRECATED: [&str; 1] = ["legacy-oom"];

/// The marks for findings of `rule`.
pub fn marks(rule: &Rule) -> Marks {
    Marks {
        unnecessary: UNNECESSARY.contains(&rule.name),
        deprecated: DEPRECATED.contains(&rule.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::registry;

    #[test]
    fn marked_rules_exist() {
        for name in UNNECESSARY.iter().chain(&DEPRECATED) {
            assert!(registry::find(name).is_some(), "{name}");
        }
    }
}

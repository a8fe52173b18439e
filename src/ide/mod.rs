//! Editor features over a set of job files, in byte offsets: what is under the cursor, hover,
//! completion, navigation, outline, highlighting, code actions and hints.
//!
//! This is the analysis side of the language server (rust-analyzer's `ide` layer): it knows
//! nothing of the protocol. `lsp/` only converts positions and types, so that the CLI or any
//! other front end can ask the same questions.

pub mod actions;
pub mod completion;
pub mod cursor;
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

/// The marks for findings of `rule`.
pub fn marks(rule: &Rule) -> Marks {
    Marks {
        // Each points at text that has no effect: a replaced stanza, a limit without respawn,
        // a `manual` before the `start on` it cannot discard.
        unnecessary: matches!(
            rule.name,
            "duplicate-stanza" | "respawn-limit-without-respawn" | "manual-before-start-on"
        ),
        deprecated: rule.name == "legacy-oom",
    }
}

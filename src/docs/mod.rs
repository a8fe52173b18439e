//! Reference documentation of the job-file format's stanzas (spec §2). Events are documented
//! with the model, in [`crate::model::events`].
//!
//! Tables live in the core, not in a front end, so that the CLI, the language server and
//! generated docs all say the same thing.

mod stanzas;

pub use stanzas::{StanzaDoc, stanza, values};

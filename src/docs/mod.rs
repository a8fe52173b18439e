//! Reference documentation of the job-file format: stanzas and well-known events (spec §2, §3).
//!
//! Tables live in the core, not in a front end, so that the CLI, the language server and
//! generated docs all say the same thing.

mod events;
mod stanzas;

pub use events::{EVENTS, EventDoc, JOB_EVENTS, event};
pub use stanzas::{StanzaDoc, stanza, values};

//! The job/event graph of a workspace: who starts and stops whom, on which events, and who
//! emits them; its analyses (deadlock cycles, reachability from boot); and its exports.

pub mod dot;

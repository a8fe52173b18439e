//! upstart-lint: reads Upstart job files the way Upstart 1.13 does, and says what is wrong.

pub mod check;
pub mod cli;
pub mod docs;
pub mod format;
pub mod graph;
pub mod ide;
pub mod initctl;
pub mod lsp;
pub mod model;
pub mod render;
pub mod runtime;
pub mod source;
pub mod syntax;
pub mod workspace;

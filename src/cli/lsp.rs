//! `upstart-lint lsp`: the language server on stdin/stdout.

use super::{EXIT_CLEAN, EXIT_TROUBLE};

/// Serves the Language Server Protocol until the client exits.
pub fn run() -> i32 {
    match crate::lsp::run() {
        Ok(()) => EXIT_CLEAN,
        Err(error) => {
            eprintln!("upstart-lint lsp: {error}");
            EXIT_TROUBLE
        }
    }
}

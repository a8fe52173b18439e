//! Commands that print documentation: `rules`, `completions`, `man`.

use clap::{CommandFactory, ValueEnum};

use super::Cli;
use crate::render::rules;

/// How `rules` prints the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One line per rule.
    Text,
    /// A JSON array with every field.
    Json,
    /// The Markdown of docs/rules.md.
    Markdown,
}

/// Prints every rule.
pub fn print_rules(format: RulesFormat) -> i32 {
    let out = match format {
        RulesFormat::Text => rules::text(),
        RulesFormat::Json => rules::json(),
        RulesFormat::Markdown => rules::markdown(),
    };
    print!("{out}");
    super::EXIT_CLEAN
}

/// Prints a completion script for `shell`.
pub fn print_completions(shell: clap_complete::Shell) -> i32 {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "upstart-lint", &mut std::io::stdout());
    super::EXIT_CLEAN
}

/// Prints the man page (roff), generated from the command-line definition.
pub fn print_man_page() -> i32 {
    let mut page = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut page) {
        Ok(()) => {
            print!("{}", String::from_utf8_lossy(&page));
            super::EXIT_CLEAN
        }
        Err(error) => {
            eprintln!("upstart-lint: {error}");
            super::EXIT_TROUBLE
        }
    }
}

//! The command line: clap definitions and dispatch. No analysis logic lives here.

mod check;
mod checkconf;
mod debug;
mod docs;
mod fmt;
mod graph;
mod initctl;
mod lsp;
mod simulate;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

/// Exit status: no findings.
pub const EXIT_CLEAN: i32 = 0;
/// Exit status: findings at or above the failure level.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage or I/O error.
pub const EXIT_TROUBLE: i32 = 2;

/// Lint Upstart job files the way Upstart 1.13 reads them.
#[derive(Debug, Parser)]
#[command(name = "upstart-lint", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check job files and directories (recursively: *.conf and *.override).
    Check(Box<check::CheckArgs>),
    /// Drop-in replacement for Upstart's init-checkconf (no init or D-Bus needed).
    Checkconf(checkconf::CheckconfArgs),
    /// Lay job files out canonically (stanza lines only; scripts and comments are kept).
    Fmt(fmt::FmtArgs),
    /// Print the rule documentation for a code or name, e.g. `E0001` or `unknown-stanza`.
    Explain {
        /// Rule code or name.
        rule: String,
    },
    /// List every rule: code, name, severity, fixability and summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: docs::RulesFormat,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// The job/event graph of a directory (DOT as initctl2dot draws it, JSON, or Mermaid).
    Graph(Box<graph::GraphArgs>),
    /// What `initctl show-config` prints, from the files (no init needed).
    ShowConfig(initctl::ShowConfigArgs),
    /// What `initctl check-config` prints, from the files (no init needed).
    CheckConfig(initctl::CheckConfigArgs),
    /// Dry-run Upstart's event engine and job state machine on these jobs.
    Simulate(simulate::SimulateArgs),
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
    /// Developer views of the parser and the model.
    #[command(subcommand)]
    Debug(debug::DebugCommand),
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Runs the command line; returns the process exit status.
pub fn main() -> i32 {
    let args: Vec<OsString> = std::env::args_os().collect();
    let invoked_as = args.first().map(PathBuf::from);
    if invoked_as
        .as_deref()
        .and_then(Path::file_name)
        .is_some_and(|n| n == "init-checkconf")
    {
        return checkconf::main_as_init_checkconf(&args[1..]);
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_CLEAN
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Checkconf(args) => checkconf::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Explain { rule } => explain(&rule),
        Command::Rules { format } => docs::print_rules(format),
        Command::Completions { shell } => docs::print_completions(shell),
        Command::Man => docs::print_man_page(),
        Command::Debug(command) => debug::run(&command),
        Command::Graph(args) => graph::run(&args),
        Command::ShowConfig(args) => initctl::show_config(&args),
        Command::CheckConfig(args) => initctl::check_config(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Lsp => lsp::run(),
    }
}

fn explain(code_or_name: &str) -> i32 {
    match crate::check::registry::find(code_or_name) {
        Some(rule) => {
            println!(
                "{} ({}) — {:?} by default\n\n{}\n\n{}",
                rule.code, rule.name, rule.severity, rule.summary, rule.explanation
            );
            EXIT_CLEAN
        }
        None => {
            // Not a rule: a stanza or a well-known event, documented in the core.
            if let Some(kind) = crate::syntax::StanzaKind::from_name(code_or_name.as_bytes()) {
                println!("{}", crate::docs::stanza_markdown(kind));
                return EXIT_CLEAN;
            }
            if crate::model::events::find(code_or_name).is_some() {
                println!("{}", crate::docs::event_markdown(code_or_name));
                return EXIT_CLEAN;
            }
            eprintln!("upstart-lint: no rule, stanza or event is called `{code_or_name}`");
            EXIT_TROUBLE
        }
    }
}

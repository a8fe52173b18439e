//! `checkconf`: Upstart's `init-checkconf`, same output and exit status, no running init.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::Parser;

use super::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::check::{self, shell::checkconf as shell};
use crate::model;

/// Arguments of `checkconf` (and of the binary invoked as `init-checkconf`).
#[derive(Debug, Parser)]
#[command(name = "init-checkconf")]
pub struct CheckconfArgs {
    /// Do not check script sections for shell syntax.
    #[arg(short = 's', long = "noscript")]
    noscript: bool,
    /// Show debug output (accepted for compatibility; there is no init to debug).
    #[arg(short = 'd', long = "debug")]
    debug: bool,
    /// The job file to check.
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    file_option: Option<PathBuf>,
    /// The job file to check.
    #[arg(value_name = "FILE", required_unless_present = "file_option")]
    file: Option<PathBuf>,
}

/// Entry point when the binary is called through a link named `init-checkconf`.
pub fn main_as_init_checkconf(args: &[OsString]) -> i32 {
    let argv = std::iter::once(OsString::from("init-checkconf")).chain(args.iter().cloned());
    match CheckconfArgs::try_parse_from(argv) {
        Ok(args) => run(&args),
        Err(error) => {
            let _ = error.print();
            if error.use_stderr() {
                EXIT_TROUBLE
            } else {
                EXIT_CLEAN
            }
        }
    }
}

/// Checks one file and prints what init-checkconf prints, in init-checkconf's order: the file
/// must exist and end in `.conf`; script sections are checked first (unless `--noscript`), then
/// Upstart's own verdict.
pub fn run(args: &CheckconfArgs) -> i32 {
    let Some(path) = args.file_option.as_ref().or(args.file.as_ref()) else {
        return die("Must specify configuration file");
    };
    let shown = path.display();
    if !path.is_file() {
        return die(&format!("File {shown} does not exist"));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !file_name.ends_with(".conf") {
        return die("File must end in .conf");
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return die(&format!("File {shown}: cannot read: {error}")),
    };
    let job_name = model::job_name_from_file_name(file_name.as_bytes());
    if args.debug {
        println!("DEBUG: file={shown}");
        println!("DEBUG: job={}", String::from_utf8_lossy(&job_name));
    }
    let analysis = check::analyze(&bytes, &job_name);
    if !args.noscript {
        match shell::syntax_errors(&analysis, Path::new("/bin/sh")) {
            Ok(errors) => {
                if let Some(first) = errors.first() {
                    return die(&format!(
                        "File {shown}: shell syntax invalid in {} section:\n{}",
                        first.section, first.message
                    ));
                }
            }
            Err(message) => return die(&message),
        }
    }
    if let Some(error) = analysis.upstart_error() {
        let upstart = error
            .upstart
            .as_ref()
            .expect("upstart errors carry Upstart's message");
        let location = if upstart.has_line {
            format!(
                "{file_name}:{}: {}",
                analysis.upstart_line(error),
                upstart.message
            )
        } else {
            format!(
                "{file_name}: Error while loading configuration file: {}",
                upstart.message
            )
        };
        return die(&format!("File {shown}: syntax invalid:\ninit:{location}"));
    }
    println!("File {shown}: syntax ok");
    EXIT_CLEAN
}

/// init-checkconf's `die`: the message on stderr after `ERROR: `, exit status 1.
fn die(message: &str) -> i32 {
    eprintln!("ERROR: {message}");
    EXIT_FINDINGS
}

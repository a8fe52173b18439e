//! `checkconf`: Upstart's `init-checkconf`, same output and exit status, no running init.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use clap::Parser;

use super::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::check::{self, Analysis};
use crate::model;
use crate::syntax::ast::Stanza;

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

/// Checks one file and prints what init-checkconf prints.
pub fn run(args: &CheckconfArgs) -> i32 {
    let Some(path) = args.file_option.as_ref().or(args.file.as_ref()) else {
        eprintln!("ERROR: no file specified");
        return EXIT_TROUBLE;
    };
    let shown = path.display();
    if !path.to_string_lossy().ends_with(".conf") {
        eprintln!("ERROR: File must end in .conf");
        return EXIT_FINDINGS;
    }
    let bytes = match read_job_file(path) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("ERROR: File {shown}: {message}");
            return EXIT_FINDINGS;
        }
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let job_name = model::job_name_from_file_name(file_name.as_bytes());
    let analysis = check::analyze(&bytes, &job_name);
    if args.debug {
        eprintln!(
            "DEBUG: checking {shown} as job {}",
            String::from_utf8_lossy(&job_name)
        );
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
        eprintln!("ERROR: File {shown}: syntax invalid:\ninit:{location}");
        return EXIT_FINDINGS;
    }
    if !args.noscript {
        let failures = shell_syntax_errors(&analysis);
        if !failures.is_empty() {
            eprintln!("ERROR: File {shown}: syntax invalid:");
            for failure in failures {
                eprintln!("{failure}");
            }
            return EXIT_FINDINGS;
        }
    }
    println!("File {shown}: syntax ok");
    EXIT_CLEAN
}

fn read_job_file(path: &Path) -> Result<Vec<u8>, String> {
    if path.is_dir() {
        return Err("is a directory".into());
    }
    std::fs::read(path).map_err(|error| error.to_string())
}

/// Runs every script block through `/bin/sh -n`, as init-checkconf does, but maps the shell's
/// line numbers back into the job file.
fn shell_syntax_errors(analysis: &Analysis) -> Vec<String> {
    let mut failures = Vec::new();
    for stanza in analysis.tree.source_file().stanzas() {
        let Some(block) = stanza.script_block() else {
            continue;
        };
        let body_line = analysis.source.text[..usize::from(block.range().start())]
            .matches('\n')
            .count()
            + 1;
        if let Some(message) = sh_syntax_error(&block.text()) {
            failures.push(format!(
                "{} script (line {}): {}",
                section_name(&stanza),
                body_line,
                map_sh_lines(&message, body_line)
            ));
        }
    }
    failures
}

fn section_name(stanza: &Stanza) -> String {
    stanza
        .keyword()
        .map(|k| String::from_utf8_lossy(&k.value()).into_owned())
        .map_or_else(String::new, |name| {
            if name == "script" {
                "main".into()
            } else {
                name
            }
        })
}

fn sh_syntax_error(script: &[u8]) -> Option<String> {
    let mut child = Command::new("/bin/sh")
        .arg("-n")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(script);
    }
    let output = child.wait_with_output().ok()?;
    (!output.status.success()).then(|| String::from_utf8_lossy(&output.stderr).trim().to_string())
}

/// Rewrites the shell's `line N:` into the job file's line numbers.
fn map_sh_lines(message: &str, first_line: usize) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        out.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<usize>() {
            out.push_str(&(n + first_line - 1).to_string());
            rest = &rest[digits.len()..];
        }
    }
    out.push_str(rest);
    out
}

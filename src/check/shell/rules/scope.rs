//! Variables that do not cross from one process to another: each fragment is a new shell.

use std::collections::HashMap;
use std::ops::Range;

use super::ShellFile;
use crate::check::shell::commands::SimpleCommand;
use crate::check::shell::extract::Fragment;
use crate::check::shell::variables::{is_name, job_variables};
use crate::check::{Diagnostic, registry};

/// Commands after which a fragment may have any variable set.
const SETS_ANYTHING: [&str; 3] = [".", "source", "eval"];

/// Builtins whose name operands are set (or marked) in the current shell.
const DECLARES: [&str; 4] = ["export", "readonly", "local", "read"];

/// `$NAME` used in one fragment but set only in another (typically `pre-start`): every process
/// is a separate `/bin/sh`, so the value does not carry over (spec §6.4 item 28).
pub fn variable_from_other_process(shell: &ShellFile) -> Vec<Diagnostic> {
    let mut provided = job_variables(shell.file.job);
    provided.extend(shell.fragments.iter().flat_map(|(_, c)| set_env(c)));
    let set: Vec<HashMap<String, Range<usize>>> = shell
        .fragments
        .iter()
        .map(|(fragment, commands)| assignments(fragment, commands))
        .collect();
    let mut found = Vec::new();
    for (b, (fragment, commands)) in shell.fragments.iter().enumerate() {
        if commands
            .iter()
            .any(|c| c.name().is_some_and(|n| SETS_ANYTHING.contains(&n)))
        {
            continue;
        }
        let mut reported = Vec::new();
        for (name, at) in references(commands) {
            if set[b].contains_key(&name) || provided.contains(&name) || reported.contains(&name) {
                continue;
            }
            let Some((a, origin)) = set
                .iter()
                .enumerate()
                .find_map(|(a, vars)| Some((a, vars.get(&name)?)))
            else {
                continue;
            };
            let (source, _) = shell.fragments[a];
            found.push(
                Diagnostic::new(
                    &registry::VARIABLE_FROM_OTHER_PROCESS,
                    fragment.file_range(at.start, at.end),
                    format!(
                        "`${name}` is set in the {}, not here: each process is a new shell",
                        source.describe()
                    ),
                )
                .with_label("empty here, unless the job's environment has it")
                .with_secondary(
                    source.file_range(origin.start, origin.end),
                    "set here, in another process",
                )
                .with_help(format!(
                    "give the job `env {name}=…`, or run `initctl set-env {name}=…` in the {}",
                    source.describe()
                )),
            );
            reported.push(name);
        }
    }
    found
}

/// The variables a fragment sets for itself, with where.
fn assignments(fragment: &Fragment, commands: &[SimpleCommand]) -> HashMap<String, Range<usize>> {
    let mut set = HashMap::new();
    let mut add = |name: &str, range: Range<usize>| {
        if is_name(name) {
            set.entry(name.to_string()).or_insert(range);
        }
    };
    for command in commands {
        let words = command.command_words();
        match words.first().map(|w| w.text.as_str()) {
            // Assignments alone stay set in the shell; before a command they are its own.
            None => {
                for word in &command.words {
                    if let Some((name, _)) = word.text.split_once('=') {
                        add(name, word.range.clone());
                    }
                }
            }
            Some(name) if DECLARES.contains(&name) => {
                for word in words[1..].iter().filter(|w| !w.text.starts_with('-')) {
                    let name = word.text.split('=').next().unwrap_or_default();
                    add(name, word.range.clone());
                }
            }
            _ => {}
        }
    }
    for (name, range) in loop_variables(&fragment.text) {
        add(&name, range);
    }
    set
}

/// The names `initctl set-env NAME=…` puts in the job's environment, for its later processes.
fn set_env(commands: &[SimpleCommand]) -> Vec<String> {
    let mut names = Vec::new();
    for command in commands {
        let words = command.command_words();
        let program = words
            .first()
            .map(|w| w.text.rsplit('/').next().unwrap_or_default());
        if program == Some("initctl") && words.get(1).is_some_and(|w| w.text == "set-env") {
            let operands = words[2..].iter().filter(|w| !w.text.starts_with('-'));
            names
                .extend(operands.map(|w| w.text.split('=').next().unwrap_or_default().to_string()));
        }
    }
    names
}

/// `for NAME in …` loop variables, which the command reader does not keep.
fn loop_variables(text: &str) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("for ") {
        let start = from + at;
        from = start + 4;
        let boundary = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == ';');
        let name: String = text[from..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if boundary && !name.is_empty() {
            found.push((name, start..from));
        }
    }
    found
}

/// Every `$NAME` / `${NAME…}` outside single quotes in the commands' words, with its range.
fn references(commands: &[SimpleCommand]) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    for word in commands.iter().flat_map(|c| &c.words) {
        let bytes = word.text.as_bytes();
        let (mut single, mut double, mut i) = (false, false, 0);
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if !single => i += 1,
                b'\'' if !double => single = !single,
                b'"' if !single => double = !double,
                b'$' if !single => {
                    let braced = bytes.get(i + 1) == Some(&b'{');
                    let start = i + 1 + usize::from(braced);
                    let len = bytes[start.min(bytes.len())..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                        .count();
                    let name = &word.text[start.min(bytes.len())..start + len];
                    if is_name(name) {
                        let end = start
                            + len
                            + usize::from(braced && bytes.get(start + len) == Some(&b'}'));
                        found.push((
                            name.to_string(),
                            word.range.start + i..word.range.start + end,
                        ));
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    found
}

//! E rules: everything Upstart rejects, explained better than Upstart explains it.
//!
//! The parser and the model report *what* Upstart rejects and where its cursor was; this module
//! turns each into a diagnostic with a precise span, a message, a hint and, where the intent is
//! clear, a fix.

use rowan::{TextRange, TextSize};

use crate::check::diagnostic::{Diagnostic, Fix, UpstartError};
use crate::check::registry::{self, Rule};
use crate::model::{ValueError, ValueErrorKind, signal};
use crate::syntax::{StanzaKind, SyntaxError, SyntaxErrorKind};

/// Upstart's message for a syntax error (libnih's and `parse_job.c`'s strings).
fn syntax_message(kind: SyntaxErrorKind) -> &'static str {
    match kind {
        SyntaxErrorKind::UnknownStanza => "Unknown stanza",
        SyntaxErrorKind::ExpectedToken => "Expected token",
        SyntaxErrorKind::UnexpectedToken => "Unexpected token",
        SyntaxErrorKind::TrailingSlash => "Trailing slash in file",
        SyntaxErrorKind::UnterminatedQuote => "Unterminated quoted string",
        SyntaxErrorKind::UnterminatedBlock => "Unterminated block",
        SyntaxErrorKind::ExpectedEvent => "Expected event",
        SyntaxErrorKind::ExpectedOperator => "Expected operator",
        SyntaxErrorKind::ExpectedVariable => "Expected variable name before value",
        SyntaxErrorKind::MismatchedParens => "Mismatched parentheses",
    }
}

/// Upstart's message for a rejected value.
fn value_message(kind: ValueErrorKind) -> &'static str {
    match kind {
        ValueErrorKind::IllegalInterval => "Illegal interval, expected number of seconds",
        ValueErrorKind::IllegalExit => "Illegal exit status, expected integer",
        ValueErrorKind::IllegalSignal => "Illegal signal status, expected integer",
        ValueErrorKind::IllegalUmask => "Illegal file creation mask, expected octal integer",
        ValueErrorKind::IllegalNice => "Illegal nice value, expected -20 to 19",
        ValueErrorKind::IllegalOom => "Illegal oom adjustment, expected -16 to 15 or 'never'",
        ValueErrorKind::IllegalOomScore => {
            "Illegal oom score adjustment, expected -999 to 1000 or 'never'"
        }
        ValueErrorKind::IllegalLimit => "Illegal limit, expected 'unlimited' or integer",
        ValueErrorKind::UnknownExpect
        | ValueErrorKind::UnknownConsole
        | ValueErrorKind::UnknownResource => "Unknown stanza",
    }
}

/// Stanzas that no longer exist and what replaced them (spec §2.20), and other words that are
/// only ever mistaken for stanzas.
const NOT_STANZAS: [(&str, &str); 9] = [
    ("on", "`on EVENT` became `start on EVENT`"),
    ("normalexit", "`normalexit` became `normal exit`"),
    (
        "service",
        "`service` was removed: jobs are services unless they say `task`",
    ),
    (
        "daemon",
        "`daemon` was replaced by `expect daemon` (or `expect fork`)",
    ),
    (
        "pid",
        "`pid file` / `pid timeout` were replaced by `expect daemon` / `expect fork`",
    ),
    (
        "session",
        "`session leader` was removed: every job is a session leader",
    ),
    (
        "end",
        "this `end script` has no open `script` block, or the block was ended early",
    ),
    ("and", CONTINUED_EXPRESSION),
    ("or", CONTINUED_EXPRESSION),
];

const CONTINUED_EXPRESSION: &str = "a line break ends a `start on` / `stop on` expression unless \
    it is inside parentheses: wrap the whole expression in `( … )` to continue it on the next line";

/// Builds the diagnostic for a syntax error in `text`.
pub fn syntax_diagnostic(error: &SyntaxError, text: &str) -> Diagnostic {
    let rule = syntax_rule(error);
    let snippet = &text[usize::from(error.range.start())..usize::from(error.range.end())];
    let stanza = error.stanza.map(StanzaKind::name);
    let mut diagnostic = match error.kind {
        SyntaxErrorKind::UnknownStanza => match error.stanza {
            Some(kind) => unknown_sub_keyword(error, kind, snippet),
            None => unknown_stanza(error.range, snippet),
        },
        SyntaxErrorKind::ExpectedToken => expected_token(error, text),
        SyntaxErrorKind::UnexpectedToken => unexpected_token(error, snippet, text),
        SyntaxErrorKind::TrailingSlash => {
            Diagnostic::new(rule, error.range, "the file ends with a backslash")
                .with_label("nothing follows this backslash")
                .with_help("remove it, or finish the continued line")
                .with_fix(Fix::replace(
                    error.range,
                    "",
                    "Remove the trailing backslash",
                    false,
                ))
        }
        SyntaxErrorKind::UnterminatedQuote => {
            let opened = error.opened_at.unwrap_or(error.range);
            let quote = &text[usize::from(opened.start())..usize::from(opened.end())];
            let mut d = Diagnostic::new(rule, opened, format!("this {quote} is never closed"))
                .with_label("quote opened here runs to the end of the file");
            d.help = Some(if quote == "'" {
                "`'` opens a quote anywhere outside script blocks, even inside a word like \
                 `don't`: put the whole value in double quotes, e.g. `description \"don't stop\"`"
                    .into()
            } else {
                "close the quote, or put the text in single quotes if it contains `\"`".into()
            });
            d
        }
        SyntaxErrorKind::UnterminatedBlock => {
            let mut d = Diagnostic::new(
                rule,
                error.range,
                "this script block has no `end script` line",
            )
            .with_label("block opened here")
            .with_help(
                "end it with a line that is exactly `end script`; `endscript`, \
                     `END SCRIPT` or `end script` followed by text do not count",
            );
            for (range, why) in near_terminators(text, usize::from(error.range.end())) {
                d = d.with_secondary(range, why);
            }
            d
        }
        SyntaxErrorKind::ExpectedEvent => {
            Diagnostic::new(rule, error.range, "an event is missing here")
                .with_label("`and` / `or` needs an event on both sides, and `( )` cannot be empty")
        }
        SyntaxErrorKind::ExpectedOperator => {
            Diagnostic::new(rule, error.range, "`and` or `or` is missing before this")
                .with_label("two terms in a row")
                .with_help("join the terms with `and` or `or`")
        }
        SyntaxErrorKind::ExpectedVariable => Diagnostic::new(
            rule,
            error.range,
            format!(
                "positional argument `{}` after a KEY=VALUE argument",
                show(snippet)
            ),
        )
        .with_label("positional arguments must come before KEY=VALUE ones")
        .with_help("move it before the KEY=VALUE arguments, or write it as KEY=VALUE"),
        SyntaxErrorKind::MismatchedParens => match error.opened_at {
            Some(opened) => Diagnostic::new(rule, opened, "this `(` is never closed")
                .with_label("the expression runs on to the end of the file")
                .with_help("add the missing `)`; later lines were read as event arguments"),
            None => Diagnostic::new(rule, error.range, "this `)` has no matching `(`")
                .with_label("unmatched"),
        },
    };
    if let (Some(name), SyntaxErrorKind::ExpectedEvent | SyntaxErrorKind::ExpectedOperator) =
        (stanza, error.kind)
    {
        diagnostic.message = format!("{} in `{name} on`", diagnostic.message);
    }
    diagnostic.upstart = Some(UpstartError {
        message: syntax_message(error.kind),
        report_at: error.report_at,
        has_line: true,
    });
    diagnostic
}

fn syntax_rule(error: &SyntaxError) -> &'static Rule {
    match error.kind {
        SyntaxErrorKind::UnknownStanza if error.stanza.is_some() => &registry::UNKNOWN_SUB_KEYWORD,
        SyntaxErrorKind::UnknownStanza => &registry::UNKNOWN_STANZA,
        SyntaxErrorKind::ExpectedToken => &registry::EXPECTED_TOKEN,
        SyntaxErrorKind::UnexpectedToken => &registry::UNEXPECTED_TOKEN,
        SyntaxErrorKind::TrailingSlash => &registry::TRAILING_SLASH,
        SyntaxErrorKind::UnterminatedQuote => &registry::UNTERMINATED_QUOTE,
        SyntaxErrorKind::UnterminatedBlock => &registry::UNTERMINATED_BLOCK,
        SyntaxErrorKind::ExpectedEvent => &registry::EXPECTED_EVENT,
        SyntaxErrorKind::ExpectedOperator => &registry::EXPECTED_OPERATOR,
        SyntaxErrorKind::ExpectedVariable => &registry::EXPECTED_VARIABLE,
        SyntaxErrorKind::MismatchedParens => &registry::MISMATCHED_PARENS,
    }
}

fn unknown_stanza(range: TextRange, name: &str) -> Diagnostic {
    let rule = &registry::UNKNOWN_STANZA;
    let shown = show(name);
    let mut d = Diagnostic::new(rule, range, format!("unknown stanza `{shown}`"))
        .with_label("Upstart does not know this stanza");
    if let Some(rest) = name.strip_prefix('\u{feff}') {
        let bom = TextRange::at(range.start(), TextSize::of('\u{feff}'));
        return d
            .with_label("the file starts with an invisible UTF-8 byte-order mark")
            .with_help(format!("remove the byte-order mark before `{rest}`"))
            .with_fix(Fix::replace(bom, "", "Remove the byte-order mark", true));
    }
    let unquoted: String = name.chars().filter(|c| !matches!(c, '"' | '\'')).collect();
    if unquoted != name && StanzaKind::from_name(unquoted.as_bytes()).is_some() {
        return d
            .with_help("stanza names must not be quoted")
            .with_fix(Fix::replace(
                range,
                &unquoted,
                format!("Write `{unquoted}` without quotes"),
                true,
            ));
    }
    if let Some((_, why)) = NOT_STANZAS.iter().find(|(word, _)| *word == name) {
        return d.with_help(*why);
    }
    let names = StanzaKind::ALL.iter().map(|k| k.name());
    if let Some(suggestion) = closest(name, names) {
        let safe = suggestion.eq_ignore_ascii_case(name);
        d = d
            .with_help(format!("did you mean `{suggestion}`?"))
            .with_fix(Fix::replace(
                range,
                suggestion,
                format!("Replace with `{suggestion}`"),
                safe,
            ));
    }
    d
}

fn unknown_sub_keyword(error: &SyntaxError, stanza: StanzaKind, word: &str) -> Diagnostic {
    let rule = &registry::UNKNOWN_SUB_KEYWORD;
    let accepted: Vec<String> = stanza
        .sub_keywords()
        .iter()
        .map(|k| format!("`{k}`"))
        .collect();
    let name = stanza.name();
    let mut d = Diagnostic::new(
        rule,
        error.range,
        format!(
            "`{name}` must be followed by {}, not `{}`",
            accepted.join(" or "),
            show(word)
        ),
    )
    .with_label(format!("expected {}", accepted.join(" or ")));
    if stanza == StanzaKind::Respawn {
        return d.with_help(
            "`respawn COMMAND` is the pre-0.5 syntax: write `exec COMMAND` and `respawn` on \
             separate lines; to rate-limit, use `respawn limit COUNT SECONDS`",
        );
    }
    if matches!(
        stanza.name(),
        "pre-start" | "post-start" | "pre-stop" | "post-stop"
    ) {
        return d
            .with_help(format!("did you mean `{name} exec {word} …`?"))
            .with_fix(Fix::replace(
                TextRange::empty(error.range.start()),
                "exec ",
                format!("Insert `exec` after `{name}`"),
                false,
            ));
    }
    let unquoted: String = word.chars().filter(|c| !matches!(c, '"' | '\'')).collect();
    if let Some(suggestion) = closest(&unquoted, stanza.sub_keywords().iter().copied()) {
        d = d
            .with_help(format!("did you mean `{name} {suggestion}`?"))
            .with_fix(Fix::replace(
                error.range,
                suggestion,
                format!("Replace with `{suggestion}`"),
                false,
            ));
    }
    d
}

fn expected_token(error: &SyntaxError, text: &str) -> Diagnostic {
    let rule = &registry::EXPECTED_TOKEN;
    let at = usize::from(error.range.start());
    let on_later_line = text[..at].ends_with('\n')
        || text[..at]
            .trim_end_matches([' ', '\t', '\r'])
            .ends_with('\n');
    let range = if error.range.is_empty() {
        // Point at the line end (or the comment) where the argument should have been.
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i).max(at);
        TextRange::new(
            error.range.start(),
            TextSize::try_from(end.min(at + 1).max(at)).unwrap_or(error.range.start()),
        )
    } else {
        error.range
    };
    let Some(stanza) = error.stanza else {
        return Diagnostic::new(rule, range, "a stanza name is missing");
    };
    let name = stanza.name();
    let (message, help) = match stanza {
        StanzaKind::Start | StanzaKind::Stop if on_later_line => (
            format!("blank or comment-only line inside the parentheses of `{name} on`"),
            "inside `( … )` every line must continue the expression: remove the empty line or \
             move the comment to the end of a line that has a token"
                .to_string(),
        ),
        StanzaKind::Start | StanzaKind::Stop => (
            format!("`{name}` needs `on` and an event expression"),
            format!("e.g. `{name} on runlevel [2345]`"),
        ),
        StanzaKind::PreStart
        | StanzaKind::PostStart
        | StanzaKind::PreStop
        | StanzaKind::PostStop => (
            format!("`{name}` needs `exec COMMAND` or `script`"),
            format!(
                "did you mean `{name} script` (with a block ending in `end script`) or `{name} exec COMMAND`?"
            ),
        ),
        StanzaKind::Exec => (
            "`exec` needs a command".into(),
            "e.g. `exec /usr/sbin/daemon --foreground`".into(),
        ),
        StanzaKind::Env => (
            "`env` needs KEY or KEY=VALUE".into(),
            "e.g. `env PORT=8080`".into(),
        ),
        StanzaKind::Respawn => (
            "`respawn limit` needs COUNT and INTERVAL, or `unlimited`".into(),
            "e.g. `respawn limit 10 5` (at most 10 respawns within 5 seconds)".into(),
        ),
        StanzaKind::Limit => (
            "`limit` needs a resource, a soft and a hard value".into(),
            "e.g. `limit nofile 4096 4096`; use `unlimited` for no limit".into(),
        ),
        StanzaKind::Kill => (
            "`kill` needs `timeout SECONDS` or `signal SIGNAL`".into(),
            "e.g. `kill timeout 30`".into(),
        ),
        _ if text[usize::from(error.range.start())..usize::from(error.range.end())]
            .trim()
            .chars()
            .all(|c| matches!(c, '"' | '\'')) =>
        {
            (
                format!("`{name}` cannot take an empty string"),
                "Upstart treats `\"\"` as no argument at all".to_string(),
            )
        }
        _ => (
            format!("`{name}` is missing its argument"),
            format!("see `upstart-lint explain {}`", rule.code),
        ),
    };
    Diagnostic::new(rule, range, message)
        .with_label("argument expected here")
        .with_help(help)
}

fn unexpected_token(error: &SyntaxError, extra: &str, text: &str) -> Diagnostic {
    let rule = &registry::UNEXPECTED_TOKEN;
    let shown = show(extra);
    let d = Diagnostic::new(rule, error.range, format!("unexpected `{shown}`"));
    let Some(stanza) = error.stanza else { return d };
    let joined = error.previous_arg.is_some_and(|arg| {
        text[usize::from(arg.end())..usize::from(error.range.start())].contains("\\\n")
    });
    if joined {
        return d
            .with_label("joined to the previous line by its trailing backslash")
            .with_help("remove the backslash at the end of the previous line");
    }
    let name = stanza.name();
    match stanza {
        StanzaKind::Description | StanzaKind::Author | StanzaKind::Version | StanzaKind::Usage => {
            let d = d
                .with_label(format!("`{name}` takes one argument"))
                .with_help("quote text that contains spaces");
            match error
                .previous_arg
                .and_then(|arg| quote_fix(text, arg.cover(error.range)))
            {
                Some(fix) => d.with_fix(fix),
                None => d,
            }
        }
        StanzaKind::Env => {
            let d = d
                .with_label("`env` takes one KEY=VALUE argument")
                .with_help("write `env KEY=VALUE`, quoting a value with spaces: `env KEY=\"a b\"`");
            match error
                .previous_arg
                .and_then(|key| env_assignment_fix(text, key, error.range))
            {
                Some(fix) => d.with_fix(fix),
                None => d,
            }
        }
        StanzaKind::Script
        | StanzaKind::PreStart
        | StanzaKind::PostStart
        | StanzaKind::PreStop
        | StanzaKind::PostStop => d
            .with_label("only a comment may follow `script` on its line")
            .with_help("start the script on the next line"),
        StanzaKind::Task | StanzaKind::Respawn => {
            d.with_label(format!("`{name}` takes no arguments here"))
        }
        _ => d.with_label(format!("`{name}` takes nothing more")),
    }
}

/// Builds the diagnostic for a value Upstart rejects.
pub fn value_diagnostic(error: &ValueError, text: &str) -> Diagnostic {
    let value = &text[usize::from(error.range.start())..usize::from(error.range.end())];
    let name = error.stanza.name();
    let shown = show(value);
    let (rule, message, help, suggestion): (&'static Rule, String, String, Option<String>) =
        match error.kind {
            ValueErrorKind::IllegalInterval => (
                &registry::ILLEGAL_INTERVAL,
                format!("`{shown}` is not a number of seconds"),
                "use a whole number of seconds, e.g. `30`".into(),
                None,
            ),
            ValueErrorKind::IllegalExit => (
                &registry::ILLEGAL_EXIT,
                format!("`{shown}` is neither a signal name nor an exit status"),
                "use an exit status 0–255 or an upper-case signal name such as `TERM`".into(),
                upper_case_signal(value),
            ),
            ValueErrorKind::IllegalSignal => (
                &registry::ILLEGAL_SIGNAL,
                format!("`{shown}` is not a signal Upstart knows"),
                format!(
                    "use an upper-case name: {}",
                    signal::names().take(16).collect::<Vec<_>>().join(" ")
                ),
                upper_case_signal(value),
            ),
            ValueErrorKind::IllegalUmask => (
                &registry::ILLEGAL_UMASK,
                format!("`{shown}` is not an octal file mode mask"),
                "write the mask in octal, at most 0777, e.g. `022`".into(),
                None,
            ),
            ValueErrorKind::IllegalNice => (
                &registry::ILLEGAL_NICE,
                format!("nice value `{shown}` is outside -20 … 19"),
                "nice values range from -20 (highest priority) to 19 (lowest)".into(),
                None,
            ),
            ValueErrorKind::IllegalOom => (
                &registry::ILLEGAL_OOM,
                format!("`{shown}` is not a legacy oom adjustment (-17 … 15 or `never`)"),
                "prefer `oom score N` with -1000 … 1000".into(),
                None,
            ),
            ValueErrorKind::IllegalOomScore => (
                &registry::ILLEGAL_OOM_SCORE,
                format!("oom score `{shown}` is outside -1000 … 1000"),
                "use a score from -1000 to 1000, or `never`".into(),
                None,
            ),
            ValueErrorKind::IllegalLimit => (
                &registry::ILLEGAL_LIMIT,
                format!("`{shown}` is not `unlimited` or a whole number"),
                "use a decimal number or `unlimited`".into(),
                (value == "infinity").then(|| "unlimited".to_string()),
            ),
            ValueErrorKind::UnknownExpect => (
                &registry::UNKNOWN_VALUE,
                format!("`expect {shown}` is not a known mode"),
                "use `expect fork`, `expect daemon`, `expect stop` or `expect none`".into(),
                closest(value, ["stop", "daemon", "fork", "none"].into_iter()).map(str::to_string),
            ),
            ValueErrorKind::UnknownConsole => (
                &registry::UNKNOWN_VALUE,
                format!("`console {shown}` is not a known mode"),
                if value == "logged" {
                    "`console logged` was removed; `console log` logs to /var/log/upstart".into()
                } else {
                    "use `console log`, `console output`, `console owner` or `console none`".into()
                },
                closest(value, ["none", "output", "owner", "log"].into_iter()).map(str::to_string),
            ),
            ValueErrorKind::UnknownResource => (
                &registry::UNKNOWN_VALUE,
                format!("`{shown}` is not a resource `limit` knows"),
                format!("resources: {}", crate::model::LIMIT_RESOURCES.join(" ")),
                closest(value, crate::model::LIMIT_RESOURCES.into_iter()).map(str::to_string),
            ),
        };
    let mut d = Diagnostic::new(rule, error.range, message)
        .with_label(format!("rejected by `{name}`"))
        .with_help(help);
    if let Some(suggestion) = suggestion {
        let safe = suggestion.eq_ignore_ascii_case(value);
        d = d.with_fix(Fix::replace(
            error.range,
            &suggestion,
            format!("Replace with `{suggestion}`"),
            safe,
        ));
    }
    d.upstart = Some(UpstartError {
        message: value_message(error.kind),
        report_at: usize::from(error.range.start()),
        has_line: error.kind != ValueErrorKind::IllegalSignal,
    });
    d
}

/// `value` in upper case, when that is a signal name (`term` → `TERM`).
fn upper_case_signal(value: &str) -> Option<String> {
    let upper = value.to_ascii_uppercase();
    signal::from_name(upper.as_bytes()).map(|_| upper)
}

/// Lines after `from` that look like an attempt at `end script` but are not one (spec §1.6).
fn near_terminators(text: &str, from: usize) -> Vec<(TextRange, &'static str)> {
    let mut found = Vec::new();
    let mut offset = text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    for line in text[offset..].split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t', '\r']);
        let start = offset + (line.len() - trimmed.len());
        let content = trimmed.trim_end_matches(['\n', '\r', ' ', '\t']);
        let lower = content.to_ascii_lowercase();
        let why = if lower == "endscript" || lower == "end-script" {
            Some("not a terminator: `end` and `script` must be separate words")
        } else if lower.starts_with("end") && lower.contains("script") && content != "end script" {
            if content.starts_with("end ") || content.starts_with("end\t") {
                Some("not a terminator: only a comment may follow `end script`")
            } else {
                Some("not a terminator: `end script` is lower case")
            }
        } else {
            None
        };
        if let Some(why) = why {
            let size = |n: usize| TextSize::try_from(n).unwrap_or_default();
            found.push((
                TextRange::new(size(start), size(start + content.len())),
                why,
            ));
        }
        offset += line.len();
    }
    found
}

/// A snippet of the file for a message: control characters escaped, at most 40 characters.
fn show(snippet: &str) -> String {
    let mut shown = String::new();
    for c in snippet.chars().take(40) {
        if c.is_control() || c == '\u{feff}' {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    if snippet.chars().count() > 40 {
        shown.push('…');
    }
    shown
}

/// `env KEY value` → `env KEY=value` (quoted when the value has blanks), for a plain KEY.
fn env_assignment_fix(text: &str, key: TextRange, value: TextRange) -> Option<Fix> {
    let key_text = &text[key];
    let value_text = &text[value];
    let plain_key = !key_text.is_empty()
        && key_text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !plain_key || value_text.contains(['"', '\'', '\\', '\n', '#']) {
        return None;
    }
    let value_text = if value_text.contains([' ', '\t']) {
        format!("\"{value_text}\"")
    } else {
        value_text.to_string()
    };
    Some(Fix::replace(
        key.cover(value),
        &format!("{key_text}={value_text}"),
        format!("Write `{key_text}={value_text}`"),
        false,
    ))
}

/// Wraps `range` (an argument and the words after it) in quotes, when a quote character fits.
fn quote_fix(text: &str, range: TextRange) -> Option<Fix> {
    let value = &text[range];
    let quote = if !value.contains('"') {
        '"'
    } else if !value.contains('\'') {
        '\''
    } else {
        return None;
    };
    if value.contains(['\\', '\n', '#']) {
        return None;
    }
    Some(Fix::replace(
        range,
        &format!("{quote}{value}{quote}"),
        "Quote the whole value",
        false,
    ))
}

/// The candidate nearest to `word`: same letters in another case, or at most two edits away.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = if candidate == lower {
            0
        } else {
            edit_distance(&lower, candidate)
        };
        if distance <= 2 && distance < candidate.len() && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Levenshtein distance, by characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_matches_only() {
        let names = || StanzaKind::ALL.iter().map(|k| k.name());
        assert_eq!(closest("Exec", names()), Some("exec"));
        assert_eq!(closest("descripton", names()), Some("description"));
        assert_eq!(closest("frobnicate", names()), None);
    }
}

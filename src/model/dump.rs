//! The JobClass dump format of `oracle/README.md`, as `debug job` prints it.

use std::fmt::Write as _;

use super::{Console, EventExpr, Expect, Job, ProcessKind, RLimit, signal};

/// Renders `job` as the `OK <path>` block of the oracle's `.parse` files.
pub fn dump_job(job: &Job, path: &str) -> String {
    let mut out = Lines(format!("OK {path}\n"));
    out.line("name", &quoted(&job.name));
    out.line("description", &optional(&job.description));
    out.line("author", &optional(&job.author));
    out.line("version", &optional(&job.version));
    out.line("usage", &optional(&job.usage));
    out.line("instance", &quoted(&job.instance));
    out.line(
        "start_on",
        &job.start_on.as_ref().map_or("null".into(), sexpr),
    );
    out.line(
        "stop_on",
        &job.stop_on.as_ref().map_or("null".into(), sexpr),
    );
    out.line(
        "start_on_text",
        &job.start_on
            .as_ref()
            .map_or("null".into(), |e| quoted(&text(e))),
    );
    out.line(
        "stop_on_text",
        &job.stop_on
            .as_ref()
            .map_or("null".into(), |e| quoted(&text(e))),
    );
    out.line("manual", &flag(job.manual));
    out.list("emits", job.emits.iter().map(|item| quoted(item)));
    out.list("env", job.env.iter().map(|item| quoted(item)));
    out.list("export", job.export.iter().map(|item| quoted(item)));
    out.line("expect", expect_name(job.expect));
    out.line("task", &flag(job.task));
    out.line("respawn", &flag(job.respawn));
    out.line("respawn_limit", &job.respawn_limit.to_string());
    out.line("respawn_interval", &job.respawn_interval.to_string());
    out.list("normalexit", job.normal_exit.iter().map(i32::to_string));
    out.line("kill_signal", &signal_with_name(job.kill_signal));
    out.line("kill_timeout", &job.kill_timeout.to_string());
    out.line("reload_signal", &signal_with_name(job.reload_signal));
    out.line("console", console_name(job.console));
    out.line("umask", &format!("{:04o}", job.umask));
    out.line("nice", &job.nice.map_or("null".into(), |n| n.to_string()));
    out.line("oom_score_adj", &job.oom_score_adj.to_string());
    out.line("chroot", &optional(&job.chroot));
    out.line("chdir", &optional(&job.chdir));
    out.line("setuid", &optional(&job.setuid));
    out.line("setgid", &optional(&job.setgid));
    for (resource, (soft, hard)) in &job.limits {
        out.line(
            "limit",
            &format!("{resource} {} {}", rlimit(*soft), rlimit(*hard)),
        );
    }
    out.line("apparmor_switch", &optional(&job.apparmor_switch));
    for cgroup in &job.cgroups {
        let head = format!("{} {}", quoted(&cgroup.controller), quoted(&cgroup.name));
        if cgroup.settings.is_empty() {
            out.line("cgroup", &head);
        }
        for (key, value) in &cgroup.settings {
            out.line(
                "cgroup",
                &format!("{head} {} {}", quoted(key), quoted(value)),
            );
        }
    }
    // Upstart keeps `debug` only when init itself runs with `--debug`; the oracle's init did not.
    out.line("debug", "0");
    for kind in ProcessKind::ALL {
        let value = match job.processes.get(&kind) {
            None => "null".to_string(),
            Some(process) => {
                let form = if process.script { "script" } else { "exec" };
                format!("{form} {}", quoted(&process.command))
            }
        };
        out.line(&format!("process {}", kind.name()), &value);
    }
    out.0
}

/// The dump being written, one indented `key value` line at a time.
struct Lines(String);

impl Lines {
    fn line(&mut self, key: &str, value: &str) {
        let _ = writeln!(self.0, "  {key} {value}");
    }

    /// A key followed by zero or more space-separated items.
    fn list(&mut self, key: &str, items: impl Iterator<Item = String>) {
        let _ = write!(self.0, "  {key}");
        for item in items {
            let _ = write!(self.0, " {item}");
        }
        self.0.push('\n');
    }
}

/// Upstart's one-line rendering of an expression (`event_operator_collapse`).
pub fn text(expr: &EventExpr) -> Vec<u8> {
    match expr {
        EventExpr::Match { name, args } => {
            let mut out = name.clone();
            for arg in args {
                out.push(b' ');
                out.extend_from_slice(arg);
            }
            out
        }
        EventExpr::And(lhs, rhs) | EventExpr::Or(lhs, rhs) => {
            let operator: &[u8] = if matches!(expr, EventExpr::And(..)) {
                b" and "
            } else {
                b" or "
            };
            let mut out = b"(".to_vec();
            out.extend_from_slice(&text(lhs));
            out.extend_from_slice(operator);
            out.extend_from_slice(&text(rhs));
            out.push(b')');
            out
        }
    }
}

fn sexpr(expr: &EventExpr) -> String {
    match expr {
        EventExpr::Match { name, args } => {
            let mut out = format!("({}", sexpr_token(name));
            for arg in args {
                out.push(' ');
                out.push_str(&sexpr_token(arg));
            }
            out.push(')');
            out
        }
        EventExpr::And(lhs, rhs) => format!("(and {} {})", sexpr(lhs), sexpr(rhs)),
        EventExpr::Or(lhs, rhs) => format!("(or {} {})", sexpr(lhs), sexpr(rhs)),
    }
}

/// A token is quoted only when it could be misread: spaces, parentheses, quotes, backslashes,
/// `#`, control or non-ASCII bytes, the empty string, and the words `and`, `or`, `null`.
fn sexpr_token(token: &[u8]) -> String {
    let plain = !token.is_empty()
        && !matches!(token, b"and" | b"or" | b"null")
        && token
            .iter()
            .all(|&b| b.is_ascii_graphic() && !b"()\"\\'#".contains(&b));
    if plain {
        String::from_utf8_lossy(token).into_owned()
    } else {
        quoted(token)
    }
}

/// A C-style double-quoted string: `\n \t \r \\ \"` and `\xNN` for everything else unprintable.
pub fn quoted(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('"');
    out
}

fn optional(value: &Option<Vec<u8>>) -> String {
    value.as_deref().map_or("null".into(), quoted)
}

fn flag(value: bool) -> String {
    u8::from(value).to_string()
}

fn signal_with_name(number: i32) -> String {
    format!("{number} {}", signal::to_name(number).unwrap_or("-"))
}

fn rlimit(limit: RLimit) -> String {
    match limit {
        RLimit::Unlimited => "unlimited".into(),
        RLimit::Value(value) => value.to_string(),
    }
}

fn expect_name(expect: Expect) -> &'static str {
    match expect {
        Expect::None => "none",
        Expect::Stop => "stop",
        Expect::Daemon => "daemon",
        Expect::Fork => "fork",
    }
}

fn console_name(console: Console) -> &'static str {
    match console {
        Console::None => "none",
        Console::Output => "output",
        Console::Owner => "owner",
        Console::Log => "log",
    }
}

//! Scenarios in the steps format of the recordings (`../shared/oracle/runtime/README.md` §2),
//! run against the engine the way the recording harness drove the real daemon, and printed in
//! its normalised trace format (§3).

use std::fmt::Write as _;

use super::control::Origin;
use super::engine::{CallId, Engine};
use super::state::{Goal, JobState};
use super::trace::number_pids;

/// One line of a steps file.
#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    /// An initctl command (`words` after `initctl`), possibly in the background.
    Initctl {
        /// The command words.
        words: Vec<String>,
        /// Trailing `&`.
        background: bool,
    },
    /// `sleep SECONDS` (microseconds).
    Sleep(i64),
    /// `settle`.
    Settle,
    /// `autosettle on|off`.
    Autosettle(bool),
    /// `settle-timeout SECONDS` (microseconds).
    SettleTimeout(i64),
}

/// A numbered step with its text as written.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioStep {
    /// 1-based number.
    pub number: usize,
    /// The line as written (trimmed).
    pub text: String,
    /// What it does.
    pub kind: StepKind,
}

/// Parses a steps file.
pub fn parse_steps(text: &str) -> Result<Vec<ScenarioStep>, String> {
    let mut steps = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = split_words(line)?;
        let background = words.last().is_some_and(|w| w == "&");
        if background {
            words.pop();
        }
        let seconds = |w: Option<&String>| -> Result<i64, String> {
            w.and_then(|s| s.parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(|s| (s * 1e6).round() as i64)
                .ok_or_else(|| format!("`{line}`: expected a number of seconds"))
        };
        let kind = match words.first().map(String::as_str) {
            Some("sleep") => StepKind::Sleep(seconds(words.get(1))?),
            Some("settle") => StepKind::Settle,
            Some("autosettle") => StepKind::Autosettle(words.get(1).is_some_and(|w| w == "on")),
            Some("settle-timeout") => StepKind::SettleTimeout(seconds(words.get(1))?),
            Some("initctl") => StepKind::Initctl {
                words: words[1..].to_vec(),
                background,
            },
            Some(_) => StepKind::Initctl { words, background },
            None => continue,
        };
        steps.push(ScenarioStep {
            number: steps.len() + 1,
            text: line.to_string(),
            kind,
        });
    }
    Ok(steps)
}

/// POSIX-like word splitting: `'…'` and `"…"` group, `\` escapes outside single quotes.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => current.push(c),
                        None => return Err(format!("`{line}`: unterminated quote")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => current.extend(chars.next()),
                        Some(c) => current.push(c),
                        None => return Err(format!("`{line}`: unterminated quote")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                current.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

const SECOND: i64 = 1_000_000;
/// The harness kills an initctl that has not returned after 15 s.
const INITCTL_TIMEOUT: i64 = 15 * SECOND;
/// Starting an initctl process takes the harness this long; the daemon is idle again by then.
const STEP_LATENCY: i64 = 1_000;
/// Settle polls `initctl list` every 0.1 s.
const POLL: i64 = SECOND / 10;
/// After the last settle the harness waits up to 2 s for background calls.
const BACKGROUND_GRACE: i64 = 2 * SECOND;

/// Runs steps against an engine like the recording harness, collecting the results.
pub struct Runner {
    /// The simulated daemon.
    pub engine: Engine,
    autosettle: bool,
    settle_timeout: i64,
    settle_timeouts: Vec<String>,
    calls: Vec<(usize, CallId)>,
}

impl Runner {
    /// A runner over an idle engine.
    pub fn new(engine: Engine) -> Self {
        Runner {
            engine,
            autosettle: true,
            settle_timeout: 6 * SECOND,
            settle_timeouts: Vec::new(),
            calls: Vec::new(),
        }
    }

    /// Runs every step, then the final settle and the wait for background calls.
    pub fn run(&mut self, steps: &[ScenarioStep]) {
        for step in steps {
            match &step.kind {
                StepKind::Initctl { words, background } => {
                    self.engine
                        .run_until(self.engine.now.saturating_add(STEP_LATENCY));
                    self.engine
                        .log(super::trace::Record::Step(step.number, step.text.clone()));
                    let call = self
                        .engine
                        .submit(Origin::Step(step.number), words.clone(), 0);
                    self.calls.push((step.number, call));
                    if !background {
                        self.wait_for(&[call], INITCTL_TIMEOUT, true);
                        if self.autosettle {
                            self.settle(&step.number.to_string());
                        }
                    }
                }
                StepKind::Sleep(micros) => {
                    self.engine
                        .run_until(self.engine.now.saturating_add(*micros));
                }
                StepKind::Settle => self.settle(&step.number.to_string()),
                StepKind::Autosettle(on) => self.autosettle = *on,
                StepKind::SettleTimeout(micros) => self.settle_timeout = *micros,
            }
        }
        self.settle("end");
        let pending: Vec<CallId> = self.calls.iter().map(|&(_, c)| c).collect();
        self.wait_for(&pending, BACKGROUND_GRACE, false);
    }

    /// Runs the engine until every call is answered or `timeout` passes; with `kill`, calls
    /// still unanswered are killed like the harness does (exit status 124).
    fn wait_for(&mut self, calls: &[CallId], timeout: i64, kill: bool) {
        let deadline = self.engine.now.saturating_add(timeout);
        while calls.iter().any(|c| !self.engine.calls[c.0].done()) {
            match self.engine.next_time() {
                Some(t) if t <= deadline => {
                    self.engine.iterate();
                }
                _ => {
                    self.engine.run_until(deadline);
                    if kill {
                        for c in calls {
                            let call = &mut self.engine.calls[c.0];
                            if call.rc.is_none() {
                                call.rc = Some(124);
                            }
                        }
                    }
                    return;
                }
            }
        }
    }

    /// Polls until no instance is in transition and nothing changed for three polls.
    fn settle(&mut self, label: &str) {
        let start = self.engine.now;
        let mut seen: Vec<(Vec<String>, usize)> = Vec::new();
        loop {
            let snapshot = (self.engine.list_lines(), self.finished_events());
            seen.push(snapshot);
            let stable = seen.len() >= 4 && seen[seen.len() - 4..].windows(2).all(|w| w[0] == w[1]);
            if stable && !self.busy() {
                return;
            }
            // Nothing left to happen: a busy instance stays busy until the timeout.
            let idle = self.engine.next_time().is_none();
            if self.engine.now - start >= self.settle_timeout || (idle && self.busy()) {
                self.engine
                    .run_until(start.saturating_add(self.settle_timeout));
                self.settle_timeouts.push(label.to_string());
                return;
            }
            self.engine.run_until(self.engine.now.saturating_add(POLL));
        }
    }

    fn finished_events(&self) -> usize {
        self.engine
            .records
            .iter()
            .filter(|(_, r)| matches!(r, super::trace::Record::Finished(..)))
            .count()
    }

    /// Whether some instance is anywhere but at rest (a task at running is busy).
    fn busy(&self) -> bool {
        self.engine.instances.iter().flatten().any(|i| {
            !(i.goal == Goal::Start
                && i.state == JobState::Running
                && !self.engine.classes[i.class].job.task)
        })
    }

    /// The normalised trace: timeline, results, final.
    pub fn trace(&self) -> String {
        let mut out = String::new();
        for (_, record) in &self.engine.records {
            out.push_str(&record.line());
            out.push('\n');
        }
        out.push_str("--- results\n");
        for label in &self.settle_timeouts {
            let _ = writeln!(out, "result {label} settle-timeout");
        }
        for &(number, call) in &self.calls {
            let call = &self.engine.calls[call.0];
            let Some(rc) = call.rc else {
                let _ = writeln!(out, "result {number} blocked");
                continue;
            };
            let _ = writeln!(out, "result {number} rc={rc}");
            for line in &call.out {
                let _ = writeln!(out, "  out| {line}");
            }
            for line in &call.err {
                let _ = writeln!(out, "  err| {line}");
            }
        }
        out.push_str("--- final\n");
        let mut list = self.engine.list_lines();
        list.sort();
        for line in list {
            let _ = writeln!(out, "final {}", final_line(&line));
        }
        number_pids(&out)
    }
}

/// `name (inst) …` → `name[inst] …`; an indented process line → two spaces.
fn final_line(line: &str) -> String {
    if let Some(rest) = line.strip_prefix('\t') {
        return format!("  {rest}");
    }
    if let Some((name, rest)) = line.split_once(" (")
        && let Some((instance, tail)) = rest.split_once(") ")
    {
        return format!("{name}[{instance}] {tail}");
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_steps() {
        assert_eq!(
            split_words(r#"emit foo A=1 B="x y" 'c d'"#).unwrap(),
            ["emit", "foo", "A=1", "B=x y", "c d"]
        );
        let steps = parse_steps("# c\n\nautosettle off\nstart ef &\nsleep 1\n").unwrap();
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[1].number, 2);
        assert_eq!(
            steps[1].kind,
            StepKind::Initctl {
                words: vec!["start".into(), "ef".into()],
                background: true
            }
        );
        assert_eq!(final_line("j (2) start/running"), "j[2] start/running");
    }
}

//! The outcome language: what a simulated process does (issue 6).
//!
//! `SPEC := RUN (',' RUN)*` — successive runs, the last one repeating; `RUN := STEP ('+' STEP)*`.

use std::collections::BTreeMap;

use crate::model::{Bytes, ProcessKind, signal};

/// One thing a process does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Runs until killed.
    Run,
    /// Exits with this status.
    Exit(i32),
    /// Dies of this signal.
    Signal(i32),
    /// Virtual time passes (microseconds).
    Sleep(i64),
    /// Forks once; the child does these steps (`fork` in the language: runs until killed).
    Fork(Vec<Step>),
    /// Forks, `setsid`, forks again; the grandchild does these steps (`daemon`: runs until
    /// killed).
    Daemon(Vec<Step>),
    /// Raises SIGSTOP.
    Stop,
    /// Ignores SIGTERM from now on.
    IgnoreTerm,
    /// The exec fails.
    SpawnFail,
    /// Runs `initctl` with these words.
    Initctl(Vec<String>),
}

/// What one process slot does on each of its runs; the last run repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec(pub Vec<Vec<Step>>);

impl Spec {
    /// The steps of run number `index` (0-based).
    pub fn run(&self, index: usize) -> &[Step] {
        self.0
            .get(index)
            .or_else(|| self.0.last())
            .map_or(&[], Vec::as_slice)
    }
}

/// Parses a SPEC.
pub fn parse_spec(text: &str) -> Result<Spec, String> {
    let runs = text
        .split(',')
        .map(|run| run.split('+').map(parse_step).collect())
        .collect::<Result<Vec<Vec<Step>>, String>>()?;
    Ok(Spec(runs))
}

fn parse_step(text: &str) -> Result<Step, String> {
    let text = text.trim();
    let (word, argument) = match text.split_once(':') {
        Some((word, argument)) => (word, Some(argument)),
        None => (text, None),
    };
    let step = match (word, argument) {
        ("run", None) => Step::Run,
        ("fork", None) => Step::Fork(vec![Step::Run]),
        ("daemon", None) => Step::Daemon(vec![Step::Run]),
        ("stop", None) => Step::Stop,
        ("ignore-term", None) => Step::IgnoreTerm,
        ("spawn-fail", None) => Step::SpawnFail,
        ("exit", Some(n)) => Step::Exit(n.parse().map_err(|_| format!("bad exit status `{n}`"))?),
        ("signal", Some(name)) => Step::Signal(
            signal::from_name(name.as_bytes())
                .or_else(|| name.parse().ok())
                .ok_or_else(|| format!("unknown signal `{name}`"))?,
        ),
        ("sleep", Some(seconds)) => {
            let seconds: f64 = seconds
                .parse()
                .ok()
                .filter(|s: &f64| s.is_finite() && *s >= 0.0)
                .ok_or_else(|| format!("bad sleep `{seconds}`"))?;
            Step::Sleep((seconds * 1e6).round() as i64)
        }
        ("initctl", Some(words)) => {
            Step::Initctl(words.split_whitespace().map(String::from).collect())
        }
        _ => return Err(format!("unknown outcome step `{text}`")),
    };
    Ok(step)
}

/// Outcomes by job name and process slot.
#[derive(Debug, Clone, Default)]
pub struct Outcomes(pub BTreeMap<(Bytes, ProcessKind), Spec>);

impl Outcomes {
    /// Adds one `JOB[/PROCESS] SPEC` line.
    pub fn add_line(&mut self, line: &str) -> Result<(), String> {
        let line = line.trim();
        let (target, spec) = line
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("`{line}`: expected `JOB[/PROCESS] SPEC`"))?;
        let (job, kind) = split_target(target);
        self.0
            .insert((job.as_bytes().to_vec(), kind), parse_spec(spec.trim())?);
        Ok(())
    }

    /// Adds every line of an outcomes file (`#` comments and blank lines ignored).
    pub fn add_file(&mut self, text: &str) -> Result<(), String> {
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .try_for_each(|l| self.add_line(l))
    }

    /// Scripts a slot with one run that repeats.
    pub fn set(&mut self, job: &[u8], kind: ProcessKind, steps: Vec<Step>) {
        self.0.insert((job.to_vec(), kind), Spec(vec![steps]));
    }

    /// The outcome scripted for a slot, if any.
    pub fn get(&self, job: &[u8], kind: ProcessKind) -> Option<&Spec> {
        self.0.get(&(job.to_vec(), kind))
    }
}

/// `JOB/pre-start` → (`JOB`, pre-start); job names may hold `/` themselves.
fn split_target(target: &str) -> (&str, ProcessKind) {
    if let Some((job, slot)) = target.rsplit_once('/')
        && let Some(kind) = ProcessKind::ALL.into_iter().find(|k| k.name() == slot)
    {
        return (job, kind);
    }
    (target, ProcessKind::Main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_steps() {
        let spec = parse_spec("sleep:0.2+exit:1,run").unwrap();
        assert_eq!(spec.run(0), [Step::Sleep(200_000), Step::Exit(1)]);
        assert_eq!(spec.run(5), [Step::Run]);
        assert_eq!(
            parse_spec("initctl:emit --no-wait foo A=1").unwrap().run(0),
            [Step::Initctl(vec![
                "emit".into(),
                "--no-wait".into(),
                "foo".into(),
                "A=1".into()
            ])]
        );
        assert!(parse_spec("explode").is_err());
    }

    #[test]
    fn targets() {
        let mut outcomes = Outcomes::default();
        outcomes
            .add_file("# c\nnet/web/pre-start exit:1\nnet/db run\n")
            .unwrap();
        assert!(outcomes.get(b"net/web", ProcessKind::PreStart).is_some());
        assert!(outcomes.get(b"net/db", ProcessKind::Main).is_some());
    }
}

//! `simulate`: run jobs in the dry-run runtime, from a steps scenario or a boot.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::runtime::Engine;
use crate::runtime::boot::{self, BootOptions, Profile};
use crate::runtime::outcome::Outcomes;
use crate::runtime::report::BootReport;
use crate::runtime::scenario::{Runner, parse_steps};

/// Arguments of `simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Job files and directories (the daemon's configuration).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// A scenario in the steps format of the recordings; prints the normalised trace.
    #[arg(long, value_name = "FILE", conflicts_with = "boot")]
    steps: Option<PathBuf>,
    /// Simulate a boot: `startup` and the profile's outside events; prints a timeline.
    #[arg(long)]
    boot: bool,
    /// Whose boot (with --boot).
    #[arg(long, value_enum, default_value = "ubuntu")]
    profile: ProfileArg,
    /// The runlevel the boot switches to (with --boot).
    #[arg(long, default_value = "2")]
    runlevel: String,
    /// Output format of the boot timeline.
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
    /// Stop the boot clock after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value = "300")]
    until: f64,
    /// A file of `JOB[/PROCESS] SPEC` lines scripting what processes do.
    #[arg(long, value_name = "FILE")]
    outcomes: Option<PathBuf>,
    /// One `JOB[/PROCESS] SPEC` outcome (repeatable), e.g. `db sleep:0.2+exit:1,run`.
    #[arg(long, value_name = "'JOB[/PROCESS] SPEC'")]
    outcome: Vec<String>,
}

/// `--profile`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProfileArg {
    /// Ubuntu 14.04's boot chain.
    Ubuntu,
    /// Chrome OS.
    Chromeos,
    /// Plain Upstart: `startup` only.
    Upstart,
}

/// `--format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// For people.
    Text,
    /// For programs.
    Json,
}

/// Runs the simulation and prints its result.
pub fn run(args: &SimulateArgs) -> i32 {
    match simulate(args) {
        Ok(output) => {
            print!("{output}");
            super::EXIT_CLEAN
        }
        Err(message) => {
            eprintln!("upstart-lint: {message}");
            super::EXIT_TROUBLE
        }
    }
}

fn simulate(args: &SimulateArgs) -> Result<String, String> {
    let loaded = crate::workspace::load_job_classes(&args.paths);
    for problem in &loaded.problems {
        eprintln!(
            "upstart-lint: {}: {}",
            problem.path.display(),
            problem.message
        );
    }
    let mut outcomes = Outcomes::default();
    if let Some(path) = &args.outcomes {
        let text = read(path)?;
        outcomes
            .add_file(&text)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for line in &args.outcome {
        outcomes
            .add_line(line)
            .map_err(|e| format!("--outcome: {e}"))?;
    }
    if args.boot {
        if !(args.until.is_finite() && args.until >= 0.0) {
            return Err(format!("--until {}: expected seconds", args.until));
        }
        let options = BootOptions {
            profile: match args.profile {
                ProfileArg::Ubuntu => Profile::Ubuntu,
                ProfileArg::Chromeos => Profile::Chromeos,
                ProfileArg::Upstart => Profile::Upstart,
            },
            runlevel: args.runlevel.clone(),
            until: (args.until * 1e6) as i64,
            budget: boot::DEFAULT_BUDGET,
        };
        let engine = boot::boot(loaded.jobs, &outcomes, &options);
        if !engine.completed {
            eprintln!(
                "upstart-lint: note: the simulation stopped after {} steps at {:.3} s, before --until: \
                 the jobs keep each other busy",
                boot::DEFAULT_BUDGET,
                engine.now as f64 / 1e6
            );
        }
        let report = BootReport::new(&engine);
        return Ok(match args.format {
            FormatArg::Json => {
                serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"
            }
            FormatArg::Text => render_text(&report),
        });
    }
    let Some(steps_path) = &args.steps else {
        return Err("nothing to simulate: give --steps FILE or --boot".into());
    };
    let steps =
        parse_steps(&read(steps_path)?).map_err(|e| format!("{}: {e}", steps_path.display()))?;
    let mut runner = Runner::new(Engine::new(loaded.jobs, outcomes));
    runner.run(&steps);
    Ok(runner.trace())
}

fn read(path: &std::path::Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The boot report for people.
fn render_text(report: &BootReport) -> String {
    let mut out = format!(
        "Boot of {} jobs, simulated for {:.1} s\n\nTimeline\n",
        report.jobs, report.until
    );
    for m in &report.timeline {
        let _ = writeln!(out, "  {:>9.3}s  {:<13} {}", m.time, m.what, m.subject);
    }
    section(&mut out, "Waited for other jobs", &report.waits, |wait| {
        let how_long = wait
            .seconds
            .map_or_else(|| "still waiting".to_string(), |s| format!("{s:.3} s"));
        format!(
            "{} in {} ({how_long}): held by {}",
            wait.job,
            wait.state,
            wait.held_by.join(", ")
        )
    });
    section(
        &mut out,
        "Never started",
        &report.never_started,
        |job| match &job.start_on {
            None => format!("{}: no start on (started by hand only)", job.job),
            Some(start_on) if job.never_emitted.is_empty() => {
                format!("{}: start on {start_on} never became true", job.job)
            }
            Some(start_on) => format!(
                "{}: waits for {} (never emitted); start on {start_on}",
                job.job,
                job.never_emitted.join(", ")
            ),
        },
    );
    section(
        &mut out,
        "Events still held at the end",
        &report.held_events,
        |held| {
            format!(
                "{} (since {:.3}s): held by {}",
                held.event,
                held.since,
                held.held_by.join(", ")
            )
        },
    );
    section(
        &mut out,
        "Stopped by the respawn limit",
        &report.respawn_limited,
        String::clone,
    );
    section(
        &mut out,
        "Not at rest at the end",
        &report.not_at_rest,
        String::clone,
    );
    out
}

/// A titled list, left out when empty.
fn section<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    for item in items {
        let _ = writeln!(out, "  {}", line(item));
    }
}

//! Human output: ariadne reports with source snippets, labels and hints.

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

use crate::check::{Diagnostic, Severity};
use crate::workspace::CheckRun;

pub fn render(run: &CheckRun, color: bool) -> String {
    let mut out = Vec::new();
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for file in &run.files {
        let name = file.path.display().to_string();
        let text = &file.analysis.source.text;
        for d in &file.analysis.diagnostics {
            match d.severity() {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
            let _ = report(&name, d, color)
                .write((name.clone(), Source::from(text.as_str())), &mut out);
        }
    }
    let mut out = String::from_utf8_lossy(&out).into_owned();
    let files = run.files.len();
    let noun = if files == 1 { "file" } else { "files" };
    if errors + warnings + infos == 0 {
        out.push_str(&format!("checked {files} {noun}: no problems found\n"));
    } else {
        out.push_str(&format!(
            "checked {files} {noun}: {errors} errors, {warnings} warnings, {infos} infos\n"
        ));
    }
    out
}

fn report<'a>(
    file: &'a str,
    d: &Diagnostic,
    color: bool,
) -> Report<'a, (String, std::ops::Range<usize>)> {
    let (kind, tint) = match d.severity() {
        Severity::Error => (ReportKind::Error, Color::Red),
        Severity::Warning => (ReportKind::Warning, Color::Yellow),
        Severity::Info => (ReportKind::Advice, Color::Cyan),
    };
    let span = |range: rowan::TextRange| {
        (
            file.to_string(),
            usize::from(range.start())..usize::from(range.end()),
        )
    };
    let mut builder = Report::build(kind, span(d.range))
        .with_config(
            Config::default()
                .with_color(color)
                .with_index_type(IndexType::Byte),
        )
        .with_code(format!("{}/{}", d.rule.code, d.rule.name))
        .with_message(&d.message);
    let mut primary = Label::new(span(d.range)).with_color(tint);
    if let Some(label) = &d.label {
        primary = primary.with_message(label);
    }
    builder.add_label(primary);
    for label in &d.labels {
        builder.add_label(
            Label::new(span(label.range))
                .with_message(&label.message)
                .with_color(Color::Blue),
        );
    }
    if let Some(help) = &d.help {
        builder = builder.with_help(help);
    }
    if let Some(upstart) = &d.upstart {
        builder = builder.with_note(format!(
            "Upstart rejects this file: \"{}\"",
            upstart.message
        ));
    }
    if let Some(fix) = &d.fix {
        let safety = if fix.safe {
            "safe fix"
        } else {
            "suggested fix"
        };
        builder = builder.with_note(format!("{safety}: {}", fix.title));
    }
    builder.finish()
}

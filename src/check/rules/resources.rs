//! Signals, limits and the OOM score (spec §2.9, §2.11, §2.12, §6.4).

use super::context::{JobFile, number};
use crate::check::registry;
use crate::check::{Diagnostic, Fix};
use crate::model::version::UpstartVersion;
use crate::model::{RLimit, signal};
use crate::syntax::StanzaKind;

/// `kill signal 15` / `reload signal 0`: numbers where a name says what is meant.
pub fn numeric_signal(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for kind in [StanzaKind::Kill, StanzaKind::Reload] {
        for stanza in file.stanzas(kind) {
            let mut args = stanza.args();
            let (Some(arg), None) = (args.next(), args.next()) else {
                continue;
            };
            let value = arg.value();
            let Some(number) = number::<i32>(&value) else {
                continue;
            };
            // Only `kill signal N` / `reload signal N`: `kill timeout N` is a number by design.
            let is_signal = stanza
                .syntax()
                .children()
                .filter(|n| n.kind() == crate::syntax::SyntaxKind::KEYWORD)
                .nth(1)
                .is_some_and(|k| k.text() == "signal");
            if !is_signal {
                continue;
            }
            // `reload signal 0` makes `initctl reload` a no-op, a known idiom for daemons that
            // cannot reload.
            if number == 0 && kind == StanzaKind::Reload {
                continue;
            }
            let mut d = if number == 0 {
                Diagnostic::new(
                    &registry::NUMERIC_SIGNAL,
                    arg.range(),
                    "signal 0 stops nothing",
                )
                .with_label("signal 0 only checks that the process exists")
                .with_help("only SIGKILL after `kill timeout` will end the job; name a real signal")
            } else {
                Diagnostic::new(
                    &registry::NUMERIC_SIGNAL,
                    arg.range(),
                    format!("signal given as the number {number}"),
                )
                .with_label("signal numbers differ between architectures")
                .with_help("name the signal, e.g. `TERM`")
            };
            if let Some(name) = signal::to_name(number).filter(|_| number != 0) {
                d = d.with_fix(Fix::replace(
                    arg.range(),
                    name,
                    format!("Write `{name}`"),
                    true,
                ));
            }
            found.push(d);
        }
    }
    found
}

/// `limit RES SOFT HARD` with SOFT above HARD: the job fails to start.
pub fn limit_soft_above_hard(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for stanza in file.stanzas(StanzaKind::Limit) {
        let args: Vec<_> = stanza.args().collect();
        let [resource, soft, hard] = args.as_slice() else {
            continue;
        };
        let parse = |value: Vec<u8>| -> Option<RLimit> {
            if value == b"unlimited" {
                return Some(RLimit::Unlimited);
            }
            number::<u64>(&value).map(RLimit::Value)
        };
        let (Some(soft_value), Some(hard_value)) = (parse(soft.value()), parse(hard.value()))
        else {
            continue;
        };
        let above = match (soft_value, hard_value) {
            (RLimit::Unlimited, RLimit::Value(_)) => true,
            (RLimit::Value(s), RLimit::Value(h)) => s > h,
            _ => false,
        };
        if above {
            found.push(
                Diagnostic::new(
                    &registry::LIMIT_SOFT_ABOVE_HARD,
                    soft.range(),
                    format!(
                        "the soft limit for `{}` is above the hard limit",
                        String::from_utf8_lossy(&resource.value())
                    ),
                )
                .with_label("setrlimit rejects this: the job fails when it starts")
                .with_secondary(hard.range(), "hard limit")
                .with_help("the soft limit must not exceed the hard one"),
            );
        }
    }
    found
}

/// Legacy `oom N` / `oom never`: scaled to `oom score`, which says the same directly.
pub fn legacy_oom(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // Before 1.3 the legacy form is the only one (spec Appendix B).
    if file
        .options
        .target_version
        .is_some_and(|target| target < UpstartVersion::new(1, 3, 0))
    {
        return found;
    }
    for stanza in file.stanzas(StanzaKind::Oom) {
        let args: Vec<_> = stanza.args().collect();
        let [arg] = args.as_slice() else { continue };
        let value = arg.value();
        let score = if value == b"never" {
            Some(-1000)
        } else {
            number::<i32>(&value).map(|adj| {
                if adj < 0 {
                    adj * 1000 / 17
                } else {
                    adj * 1000 / 15
                }
            })
        };
        let Some(score) = score else { continue };
        let replacement = if score == -1000 {
            "score never".to_string()
        } else {
            format!("score {score}")
        };
        found.push(
            Diagnostic::new(
                &registry::LEGACY_OOM,
                arg.range(),
                format!(
                    "legacy `oom {}` means `oom {replacement}`",
                    String::from_utf8_lossy(&value)
                ),
            )
            .with_label("the old oom_adj scale, converted by Upstart")
            .with_help("write the score directly")
            .with_fix(Fix::replace(
                arg.range(),
                &replacement,
                format!("Write `oom {replacement}`"),
                true,
            )),
        );
    }
    found
}

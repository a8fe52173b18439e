//! Generated documentation stays in step with the code.

use std::path::Path;
use std::process::Command;

use upstart_lint::check::registry::ALL;
use upstart_lint::render::rules;

/// docs/rules.md is what `upstart-lint rules --format markdown` prints (`UPDATE_EXPECT=1`
/// regenerates it).
#[test]
fn rules_markdown_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let generated = rules::markdown();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `UPDATE_EXPECT=1 cargo test --test docs`"
    );
    for rule in ALL {
        assert!(generated.contains(&format!("\n### {}\n", rule.code)));
    }
}

fn upstart_lint(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_upstart-lint"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn every_rule_explains_itself_by_code_and_by_name() {
    for rule in ALL {
        for key in [rule.code, rule.name] {
            let (ok, text) = upstart_lint(&["explain", key]);
            assert!(ok, "explain {key}");
            assert!(text.contains(rule.summary) && text.contains(rule.explanation));
        }
    }
    assert!(!upstart_lint(&["explain", "W9999"]).0);
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    let (ok, bash) = upstart_lint(&["completions", "bash"]);
    assert!(ok && bash.contains("checkconf") && bash.contains("--format"));
    let (ok, zsh) = upstart_lint(&["completions", "zsh"]);
    assert!(ok && zsh.starts_with("#compdef upstart-lint"));
    let (ok, man) = upstart_lint(&["man"]);
    assert!(ok && man.contains(".SH NAME") && man.contains("checkconf"));
    let (ok, json) = upstart_lint(&["rules", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(ok);
    assert_eq!(parsed.as_array().map(Vec::len), Some(ALL.len()));
}

#[test]
fn explain_documents_stanzas_and_well_known_events_too() {
    for kind in upstart_lint::syntax::StanzaKind::ALL {
        let (ok, text) = upstart_lint(&["explain", kind.name()]);
        assert!(ok, "explain {}", kind.name());
        assert!(
            text.contains(upstart_lint::docs::stanza(kind).syntax),
            "{text}"
        );
    }
    let (ok, text) = upstart_lint(&["explain", "net-device-up"]);
    assert!(
        ok && text.contains("Variables: `IFACE` `LOGICAL` `ADDRFAM` `METHOD`"),
        "{text}"
    );
    assert!(!upstart_lint(&["explain", "no-such-thing"]).0);
}

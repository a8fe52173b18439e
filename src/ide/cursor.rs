//! What sits at a position in a job file: the question every editor feature starts with.

use rowan::{TextRange, TextSize, TokenAtOffset};

use crate::model::events::is_job_event;
use crate::syntax::ast::{Keyword, Stanza};
use crate::syntax::{StanzaKind, SyntaxKind, SyntaxNode, SyntaxToken};

/// The comment prefix that suppresses findings on the next stanza (issue 3's syntax).
pub const SUPPRESSION_PREFIX: &str = "upstart-lint: disable=";

/// A meaningful thing under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A stanza's name; `kind` is `None` for a word Upstart does not know.
    Stanza {
        /// The stanza, when known.
        kind: Option<StanzaKind>,
        /// The keyword.
        range: TextRange,
    },
    /// A stanza's second word (`on`, `limit`, `exec`, …).
    SubKeyword {
        /// The stanza.
        kind: StanzaKind,
        /// The word.
        word: String,
        /// Where.
        range: TextRange,
    },
    /// A stanza argument that is not an event, job or variable.
    Value {
        /// The stanza.
        kind: StanzaKind,
        /// Its sub-keyword, if it has one.
        sub: Option<String>,
        /// The dequoted value.
        value: String,
        /// Where.
        range: TextRange,
    },
    /// An event name in `start on` / `stop on` / `emits`.
    Event {
        /// The name.
        name: String,
        /// Where.
        range: TextRange,
    },
    /// A job name after `starting` / `started` / `stopping` / `stopped`.
    Job {
        /// The name.
        name: String,
        /// Where.
        range: TextRange,
    },
    /// The `KEY` of a `KEY=VALUE` event argument.
    EventVariable {
        /// The event it belongs to.
        event: String,
        /// The variable.
        key: String,
        /// Where the key is.
        range: TextRange,
    },
    /// A `$VAR` / `${VAR}` reference, or the `KEY` of an `env` stanza.
    Variable {
        /// The variable.
        name: String,
        /// Where the name is.
        range: TextRange,
    },
    /// A rule code in a suppression comment.
    RuleCode {
        /// The code.
        code: String,
        /// Where.
        range: TextRange,
    },
}

impl Target {
    /// Where the target is.
    pub fn range(&self) -> TextRange {
        match self {
            Target::Stanza { range, .. }
            | Target::SubKeyword { range, .. }
            | Target::Value { range, .. }
            | Target::Event { range, .. }
            | Target::Job { range, .. }
            | Target::EventVariable { range, .. }
            | Target::Variable { range, .. }
            | Target::RuleCode { range, .. } => *range,
        }
    }
}

/// The target at byte `offset` of the tree `root`.
pub fn target_at(root: &SyntaxNode, offset: usize) -> Option<Target> {
    let offset = TextSize::try_from(offset).ok()?;
    if offset > root.text_range().end() {
        return None;
    }
    let token = match root.token_at_offset(offset) {
        TokenAtOffset::None => return None,
        TokenAtOffset::Single(token) => token,
        TokenAtOffset::Between(left, right) => {
            if right.kind().is_trivia() && !left.kind().is_trivia() {
                left
            } else {
                right
            }
        }
    };
    match token.kind() {
        SyntaxKind::COMMENT => rule_code_at(&token, offset),
        SyntaxKind::SCRIPT_TEXT => variable_in(&token, offset),
        _ => {
            let node = token.parent()?;
            match node.kind() {
                SyntaxKind::KEYWORD => keyword_target(&node),
                SyntaxKind::ARG => arg_target(&node, &token, offset),
                SyntaxKind::COMMAND => variable_in(&token, offset),
                _ => None,
            }
        }
    }
}

fn keyword_target(node: &SyntaxNode) -> Option<Target> {
    let stanza = Stanza::cast(node.parent()?)?;
    let range = node.text_range();
    if stanza.keyword()?.syntax() == node {
        return Some(Target::Stanza {
            kind: stanza.kind(),
            range,
        });
    }
    Some(Target::SubKeyword {
        kind: stanza.kind()?,
        word: node.text().to_string(),
        range,
    })
}

fn arg_target(node: &SyntaxNode, token: &SyntaxToken, offset: TextSize) -> Option<Target> {
    let parent = node.parent()?;
    let value =
        String::from_utf8_lossy(&crate::syntax::ast::Arg::cast(node.clone())?.value()).into_owned();
    let range = node.text_range();
    if parent.kind() == SyntaxKind::EVENT_MATCH {
        let args: Vec<SyntaxNode> = parent
            .children()
            .filter(|n| n.kind() == SyntaxKind::ARG)
            .collect();
        let event = args.first()?.text().to_string();
        let position = args.iter().position(|arg| arg == node)?;
        if position == 0 {
            return Some(Target::Event { name: event, range });
        }
        if let Some(key_len) = key_length(&value) {
            let key_range = TextRange::at(range.start(), TextSize::try_from(key_len).ok()?);
            if key_range.contains_inclusive(offset) {
                return Some(Target::EventVariable {
                    event,
                    key: value[..key_len].to_string(),
                    range: key_range,
                });
            }
            return variable_in(token, offset);
        }
        if position == 1 && is_job_event(&event) && !value.contains('$') {
            return Some(Target::Job { name: value, range });
        }
        return variable_in(token, offset);
    }
    let stanza = Stanza::cast(parent)?;
    let kind = stanza.kind()?;
    match kind {
        StanzaKind::Emits => Some(Target::Event { name: value, range }),
        StanzaKind::Env => {
            let key_len = value.find('=').unwrap_or(value.len());
            let key_range = TextRange::at(range.start(), TextSize::try_from(key_len).ok()?);
            if key_range.contains_inclusive(offset) {
                Some(Target::Variable {
                    name: value[..key_len].to_string(),
                    range: key_range,
                })
            } else {
                variable_in(token, offset)
            }
        }
        // `export $VAR` is a mistake (W0115) for `export VAR`: it still means VAR.
        StanzaKind::Export => Some(Target::Variable {
            name: value.trim_start_matches('$').to_string(),
            range,
        }),
        _ => {
            if let Some(variable) = variable_in(token, offset) {
                return Some(variable);
            }
            let sub = stanza
                .syntax()
                .children()
                .filter_map(Keyword::cast)
                .nth(1)
                .map(|k| k.syntax().text().to_string());
            Some(Target::Value {
                kind,
                sub,
                value,
                range,
            })
        }
    }
}

/// The length of `KEY` in `KEY=VALUE` or `KEY!=VALUE`, when `value` has that form.
fn key_length(value: &str) -> Option<usize> {
    let eq = value.find('=')?;
    let key = value[..eq].strip_suffix('!').unwrap_or(&value[..eq]);
    (!key.is_empty() && key.bytes().all(is_name_byte)).then_some(key.len())
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The `$NAME` or `${NAME}` reference in `token` that covers `offset`.
fn variable_in(token: &SyntaxToken, offset: TextSize) -> Option<Target> {
    let base = usize::from(token.text_range().start());
    let at = usize::from(offset).checked_sub(base)?;
    let (name, range) = variable_references(token.text())
        .find(|(_, range)| range.start <= at + 1 && at <= range.end)?;
    Some(Target::Variable {
        name: name.to_string(),
        range: TextRange::new(
            TextSize::try_from(base + range.start).ok()?,
            TextSize::try_from(base + range.end).ok()?,
        ),
    })
}

/// Every `$NAME` / `${NAME}` in `text`: the name and its byte range (without `$` and braces).
pub fn variable_references(text: &str) -> impl Iterator<Item = (&str, std::ops::Range<usize>)> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'$', bytes).filter_map(move |dollar| {
        let braced = bytes.get(dollar + 1) == Some(&b'{');
        let start = dollar + 1 + usize::from(braced);
        let len = bytes[start.min(bytes.len())..]
            .iter()
            .take_while(|&&b| is_name_byte(b))
            .count();
        let starts_like_a_name = bytes.get(start).is_some_and(|b| !b.is_ascii_digit());
        (len > 0 && starts_like_a_name).then(|| (&text[start..start + len], start..start + len))
    })
}

fn rule_code_at(token: &SyntaxToken, offset: TextSize) -> Option<Target> {
    let text = token.text();
    let list_start = text.find(SUPPRESSION_PREFIX)? + SUPPRESSION_PREFIX.len();
    let base = usize::from(token.text_range().start()) + list_start;
    let at = usize::from(offset).checked_sub(base)?;
    let list = text[list_start..].split_whitespace().next()?;
    let mut start = 0;
    for code in list.split(',') {
        if (start..=start + code.len()).contains(&at) {
            return Some(Target::RuleCode {
                code: code.to_string(),
                range: TextRange::new(
                    TextSize::try_from(base + start).ok()?,
                    TextSize::try_from(base + start + code.len()).ok()?,
                ),
            });
        }
        start += code.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn at(text: &str, marker: &str) -> Option<Target> {
        let offset = text.find(marker).map(|i| i + 1)?;
        target_at(&syntax::parse(text).root, offset)
    }

    #[test]
    fn finds_events_jobs_and_variables() {
        let text = "start on started mysql and net-device-up IFACE=$IF\nenv IF=eth0\n";
        assert!(matches!(
            at(text, "start"),
            Some(Target::Stanza {
                kind: Some(StanzaKind::Start),
                ..
            })
        ));
        assert!(matches!(at(text, " on"), Some(Target::SubKeyword { .. })));
        assert!(
            matches!(at(text, " started"), Some(Target::Event { name, .. }) if name == "started")
        );
        assert!(matches!(at(text, " mysql"), Some(Target::Job { name, .. }) if name == "mysql"));
        assert!(
            matches!(at(text, " IFACE"), Some(Target::EventVariable { key, .. }) if key == "IFACE")
        );
        assert!(matches!(at(text, "$IF"), Some(Target::Variable { name, .. }) if name == "IF"));
        assert!(matches!(at(text, " IF="), Some(Target::Variable { name, .. }) if name == "IF"));
        assert_eq!(target_at(&syntax::parse(text).root, 10_000), None);
    }

    #[test]
    fn finds_rule_codes_in_suppressions() {
        let text = "# upstart-lint: disable=W0101,W0113 reason\nexpect fork\n";
        assert!(
            matches!(at(text, ",W0113"), Some(Target::RuleCode { code, .. }) if code == "W0113")
        );
    }
}

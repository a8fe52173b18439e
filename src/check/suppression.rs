//! Inline suppressions, read from the comments of the lossless tree:
//!
//! - `# upstart-lint: disable=CODE[,CODE] [reason]` at the end of a stanza's line, or alone on
//!   the line before the stanza (other comment lines may come between, a blank line may not),
//!   hides those rules' findings in that stanza;
//! - `# upstart-lint: disable-file=CODE[,CODE] [reason]` anywhere hides them in the whole file.
//!
//! Codes or rule names are accepted, except for `E` rules: Upstart rejects those files whatever
//! a comment says. Codes that hide nothing (W0901) and codes or directives that mean nothing or
//! cannot be suppressed (W0902) are findings of their own.

use rowan::{NodeOrToken, TextRange, TextSize};

use crate::check::registry::{self, Family, Rule};
use crate::check::{Diagnostic, Fix};
use crate::syntax::{SyntaxKind, SyntaxNode, SyntaxToken};

/// What every suppression comment starts with, after the `#`.
const MARKER: &str = "upstart-lint:";

/// One suppression comment.
struct Suppression {
    /// Where it applies: a stanza's range, the whole file, or nowhere (no stanza follows).
    scope: Option<TextRange>,
    /// Each code written, with its place in the comment and the rule it names.
    codes: Vec<(TextRange, &'static Rule)>,
    /// How many codes are written, those that name nothing included.
    written: usize,
    /// The comment.
    comment: TextRange,
}

impl Suppression {
    fn covers(&self, d: &Diagnostic) -> bool {
        self.scope
            .is_some_and(|scope| scope.contains_inclusive(d.range.start()))
            && self
                .codes
                .iter()
                .any(|(_, rule)| std::ptr::eq(*rule, d.rule))
    }
}

/// Drops the findings that suppression comments in `root` (whose text is `text`) hide, and adds
/// findings for the suppressions that hide nothing or name nothing.
pub fn apply(root: &SyntaxNode, text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Most files have no suppression at all: do not walk their trees.
    if memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_none() {
        return diagnostics;
    }
    let mut problems = Vec::new();
    let suppressions = read_all(root, &mut problems);
    if suppressions.is_empty() && problems.is_empty() {
        return diagnostics;
    }
    let mut used = std::collections::HashSet::new();
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let hiding = suppressions.iter().enumerate().find(|(_, s)| s.covers(d));
            if let Some((index, suppression)) = hiding {
                for (code_index, (_, rule)) in suppression.codes.iter().enumerate() {
                    if std::ptr::eq(*rule, d.rule) {
                        used.insert((index, code_index));
                    }
                }
            }
            hiding.is_none()
        })
        .collect();
    for (index, suppression) in suppressions.iter().enumerate() {
        for (code_index, (range, rule)) in suppression.codes.iter().enumerate() {
            if !used.contains(&(index, code_index)) && !judged_later(rule) {
                let message = match suppression.scope {
                    Some(_) => format!("`{}` is suppressed here but has no finding", rule.code),
                    None => format!(
                        "`{}` is suppressed, but the next line holds no stanza",
                        rule.code
                    ),
                };
                let fix = if suppression.written == 1 {
                    Fix::replace(
                        comment_removal(text, suppression.comment),
                        "",
                        "Remove the suppression comment",
                        true,
                    )
                } else {
                    Fix::replace(
                        code_removal(text, *range),
                        "",
                        format!("Remove `{}` from the suppression", rule.code),
                        true,
                    )
                };
                problems.push(
                    Diagnostic::new(&registry::UNUSED_SUPPRESSION, *range, message)
                        .with_label(format!("no `{}` finding to hide", rule.name))
                        .with_help("remove the code from the comment")
                        .with_fix(fix),
                );
            }
        }
    }
    // The findings about suppressions can themselves be suppressed (say, file-wide).
    kept.extend(
        problems
            .into_iter()
            .filter(|d| !suppressions.iter().any(|s| s.covers(d))),
    );
    kept.sort_by_cached_key(Diagnostic::order_key);
    kept
}

/// Whether `rule`'s findings are added after this pass (cross-job rules, which run only when a
/// directory is checked, and the `dash -n` and ShellCheck checks): a suppression of them
/// cannot be judged unused here.
fn judged_later(rule: &Rule) -> bool {
    rule.family() == Family::Graph || (rule.family() == Family::Shell && rule.code < "S0200")
}

/// Drops the findings that suppression comments in `root` hide, and reports nothing else: for
/// findings added after [`apply`] ran (the cross-job rules).
pub fn hide(root: &SyntaxNode, text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_none() {
        return diagnostics;
    }
    let suppressions = read_all(root, &mut Vec::new());
    diagnostics
        .into_iter()
        .filter(|d| !suppressions.iter().any(|s| s.covers(d)))
        .collect()
}

/// Every suppression comment in `root`; what cannot be understood goes to `problems`.
fn read_all(root: &SyntaxNode, problems: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    root.descendants_with_tokens()
        .filter_map(NodeOrToken::into_token)
        .filter(|token| token.kind() == SyntaxKind::COMMENT)
        .filter_map(|comment| read(root, &comment, problems))
        .collect()
}

/// Reads one comment; records a W0902 finding in `problems` for what it cannot understand.
fn read(
    root: &SyntaxNode,
    comment: &SyntaxToken,
    problems: &mut Vec<Diagnostic>,
) -> Option<Suppression> {
    let text = comment.text();
    let start = usize::from(comment.text_range().start());
    let body = text.trim_start_matches('#').trim_start();
    let rest = body.strip_prefix(MARKER)?.trim_start();
    let offset_of = |s: &str| start + (s.as_ptr() as usize - text.as_ptr() as usize);
    let range_of = |s: &str| to_range(offset_of(s), offset_of(s) + s.len());
    let (directive, codes) = match rest.split_once('=') {
        Some((directive, codes)) => (directive.trim_end(), codes),
        None => (rest.split_whitespace().next().unwrap_or(rest), ""),
    };
    let scope = match directive {
        "disable" => stanza_scope(root, comment),
        "disable-file" => Some(root.text_range()),
        _ => {
            problems.push(
                Diagnostic::new(
                    &registry::UNKNOWN_SUPPRESSION,
                    range_of(rest),
                    format!("`{directive}` is not a suppression directive"),
                )
                .with_help(
                    "write `upstart-lint: disable=CODE` or `upstart-lint: disable-file=CODE`",
                ),
            );
            return None;
        }
    };
    let list = codes.split_whitespace().next().unwrap_or("");
    let mut found = Vec::new();
    let written = list.split(',').count();
    for code in list.split(',') {
        let refusal = match registry::find(code) {
            Some(rule) if !rule.code.starts_with('E') => {
                found.push((range_of(code), rule));
                continue;
            }
            Some(rule) => format!(
                "`{code}` cannot be suppressed: Upstart rejects the file whatever the comment \
                 says ({})",
                rule.name
            ),
            None if code.is_empty() => format!("`{directive}` names no rule"),
            None => format!("no rule is called `{code}`"),
        };
        let range = if code.is_empty() {
            range_of(rest)
        } else {
            range_of(code)
        };
        problems.push(
            Diagnostic::new(&registry::UNKNOWN_SUPPRESSION, range, refusal).with_help(
                "name W, S, G or P rules by code (`W0101`) or name (`expect-with-script`), \
                 separated by commas without spaces",
            ),
        );
    }
    Some(Suppression {
        scope,
        codes: found,
        written,
        comment: comment.text_range(),
    })
}

/// The stanza a `disable=` comment applies to: the one it ends, or the one on the next line
/// that is not a comment.
fn stanza_scope(root: &SyntaxNode, comment: &SyntaxToken) -> Option<TextRange> {
    let top = comment
        .parent_ancestors()
        .take_while(|node| node != root)
        .last();
    if let Some(stanza) = top {
        return Some(stanza.text_range());
    }
    let mut newlines = 0;
    for element in std::iter::successors(comment.next_sibling_or_token(), |e| {
        e.next_sibling_or_token()
    }) {
        match element.kind() {
            SyntaxKind::NEWLINE => {
                newlines += 1;
                if newlines > 1 {
                    return None;
                }
            }
            SyntaxKind::COMMENT => newlines = 0,
            SyntaxKind::WHITESPACE => {}
            _ => return element.into_node().map(|node| node.text_range()),
        }
    }
    None
}

/// What removing a comment removes: the blanks before it too, and its whole line when it is alone
/// on it.
fn comment_removal(text: &str, comment: TextRange) -> TextRange {
    let (start, end) = (usize::from(comment.start()), usize::from(comment.end()));
    let before = text.get(..start).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let on_line = &before[line_start..];
    if on_line.trim().is_empty() {
        let after = text.get(end..).unwrap_or_default();
        let line_end = after.find('\n').map_or(text.len(), |i| end + i + 1);
        to_range(line_start, line_end)
    } else {
        to_range(start - (on_line.len() - on_line.trim_end().len()), end)
    }
}

/// What removing one code of a list removes: the code and one comma beside it.
fn code_removal(text: &str, code: TextRange) -> TextRange {
    let (start, end) = (usize::from(code.start()), usize::from(code.end()));
    if text.get(end..).is_some_and(|after| after.starts_with(',')) {
        to_range(start, end + 1)
    } else if text
        .get(..start)
        .is_some_and(|before| before.ends_with(','))
    {
        to_range(start - 1, end)
    } else {
        to_range(start, end)
    }
}

fn to_range(start: usize, end: usize) -> TextRange {
    let size = |n: usize| TextSize::try_from(n).unwrap_or_default();
    TextRange::new(size(start), size(end))
}

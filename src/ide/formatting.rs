//! The formatter as editor edits: the whole file, or only the changes within a range.

use std::ops::Range;

use rowan::{TextRange, TextSize};
use similar::{Algorithm, DiffTag, capture_diff_slices_by_key};

use super::FileEntry;
use crate::check::Edit;

/// The file as the formatter lays it out; `None` when it is formatted already. An error says
/// why the file cannot be formatted (Upstart rejects it).
pub fn formatted(file: &FileEntry) -> Result<Option<String>, String> {
    let before = crate::source::encode(file.text());
    let after = crate::format::format(&before, &file.job_name).map_err(|e| e.to_string())?;
    if after == before {
        return Ok(None);
    }
    String::from_utf8(after)
        .map(Some)
        .map_err(|e| e.to_string())
}

/// The formatter's changes to the lines that `range` touches, one edit per changed run of
/// lines; changes elsewhere are left alone.
///
/// Lines are diffed with their whitespace ignored, so that a line the formatter only respaces
/// stays paired with its new form and is an edit of its own.
pub fn range_edits(file: &FileEntry, range: TextRange) -> Result<Vec<Edit>, String> {
    let Some(after) = formatted(file)? else {
        return Ok(Vec::new());
    };
    let before = file.text();
    let (first, last) = touched_lines(before, range);
    let old_lines: Vec<&str> = before.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = after.split_inclusive('\n').collect();
    let old_starts = line_starts(before);
    let mut edits = Vec::new();
    for (old, new) in hunks(&old_lines, &new_lines) {
        let inside = if old.is_empty() {
            // An insertion before line `old.start`: inside when that line is selected.
            first <= old.start && old.start <= last
        } else {
            old.start <= last && first < old.end
        };
        let (Some(start), Some(end)) = (old_starts.get(old.start), old_starts.get(old.end)) else {
            continue;
        };
        if inside {
            edits.push(Edit {
                range: TextRange::new(*start, *end),
                replacement: new_lines.get(new).unwrap_or_default().concat(),
            });
        }
    }
    Ok(edits)
}

/// The changed runs of lines, as old and new line ranges: lines equal but for whitespace that
/// differ are one run each; so are the lines of a run replacing as many lines as it removes.
fn hunks(old: &[&str], new: &[&str]) -> Vec<(Range<usize>, Range<usize>)> {
    let key = |line: &&str| line.split_whitespace().collect::<String>();
    let mut found = Vec::new();
    for op in capture_diff_slices_by_key(Algorithm::Myers, old, new, key) {
        let (tag, old_run, new_run) = op.as_tag_tuple();
        if tag == DiffTag::Equal || old_run.len() == new_run.len() {
            found.extend(
                old_run
                    .zip(new_run)
                    .filter(|&(o, n)| old.get(o) != new.get(n))
                    .map(|(o, n)| (o..o + 1, n..n + 1)),
            );
        } else {
            found.push((old_run, new_run));
        }
    }
    found
}

/// The first and last line (0-based) that `range` covers; a range ending at the start of a
/// line does not cover that line.
fn touched_lines(text: &str, range: TextRange) -> (usize, usize) {
    let line_of = |offset: TextSize| {
        let offset = usize::from(offset).min(text.len());
        text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    };
    let first = line_of(range.start());
    let mut last = line_of(range.end());
    let end = usize::from(range.end()).min(text.len());
    if last > first && text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\n') {
        last -= 1;
    }
    (first, last)
}

/// The offset where each line starts, and the end of the text last (so line `n` is
/// `starts[n]..starts[n + 1]`).
fn line_starts(text: &str) -> Vec<TextSize> {
    let mut starts: Vec<usize> = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if starts.last() != Some(&text.len()) {
        starts.push(text.len());
    }
    starts
        .into_iter()
        .filter_map(|s| TextSize::try_from(s).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_touched_by_a_range() {
        let text = "a\nbb\nccc\n";
        let range = |a: u32, b: u32| TextRange::new(a.into(), b.into());
        assert_eq!(touched_lines(text, range(0, 0)), (0, 0));
        // From the middle of `bb` to the start of `ccc`: only line 1.
        assert_eq!(touched_lines(text, range(3, 5)), (1, 1));
        assert_eq!(touched_lines(text, range(3, 6)), (1, 2));
        assert_eq!(touched_lines(text, range(0, 99)), (0, 2));
        assert_eq!(
            line_starts(text),
            [0u32, 2, 5, 9].map(TextSize::from).to_vec()
        );
        assert_eq!(
            line_starts("a\nb"),
            [0u32, 2, 3].map(TextSize::from).to_vec()
        );
    }
}

//! Where each byte of a shell fragment came from in the job file.
//!
//! A fragment is made of runs of file text copied verbatim (a script line after its indentation,
//! a stretch of an `exec` line between folded line breaks) and a few bytes Upstart adds itself
//! (the `exec ` in front of a command line). The map keeps the runs; added bytes map to the
//! file position of the run that follows them.

use rowan::{TextRange, TextSize};

/// One run of fragment bytes copied from the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// Offset in the fragment.
    fragment: usize,
    /// Offset in the job file's text.
    file: usize,
    /// Length in bytes.
    len: usize,
}

/// Maps byte offsets in a fragment to byte offsets in the job file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PositionMap {
    runs: Vec<Run>,
}

impl PositionMap {
    /// Records that `len` fragment bytes from `fragment` on were copied from `file` on.
    /// Runs must be pushed in fragment order; adjacent runs are merged.
    pub fn push(&mut self, fragment: usize, file: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.runs.last_mut()
            && last.fragment + last.len == fragment
            && last.file + last.len == file
        {
            last.len += len;
            return;
        }
        self.runs.push(Run {
            fragment,
            file,
            len,
        });
    }

    /// Builds a map from `(fragment offset, file offset)` pairs of single copied bytes, in
    /// fragment order.
    pub fn from_copies(copies: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut map = PositionMap::default();
        for (fragment, file) in copies {
            map.push(fragment, file, 1);
        }
        map
    }

    /// The file offset of fragment byte `offset`.
    ///
    /// Bytes Upstart added map to the next copied byte; offsets past the end map just past the
    /// last copied byte.
    pub fn file_offset(&self, offset: usize) -> usize {
        let after = self.runs.partition_point(|run| run.fragment <= offset);
        match after.checked_sub(1).map(|i| self.runs[i]) {
            Some(run) if offset < run.fragment + run.len => run.file + (offset - run.fragment),
            Some(run) => self
                .runs
                .get(after)
                .map_or(run.file + run.len, |next| next.file),
            None => self.runs.first().map_or(0, |run| run.file),
        }
    }

    /// The file range of fragment bytes `start..end`: a range that ends at the end of a run
    /// ends there in the file too, not at the start of the next run.
    pub fn file_range(&self, start: usize, end: usize) -> TextRange {
        let file_start = self.file_offset(start);
        let file_end = if end > start {
            (self.file_offset(end - 1) + 1).max(file_start)
        } else {
            file_start
        };
        let size = |n: usize| TextSize::try_from(n).unwrap_or_default();
        TextRange::new(size(file_start), size(file_end))
    }
}

impl PositionMap {
    /// The runs of copied bytes: fragment offset, file offset, length.
    pub fn runs(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.runs
            .iter()
            .map(|run| (run.fragment, run.file, run.len))
    }

    /// The file range of fragment bytes `start..end` when they were copied in one piece, so
    /// that editing the file there edits exactly those fragment bytes.
    pub fn exact_range(&self, start: usize, end: usize) -> Option<TextRange> {
        let after = self.runs.partition_point(|run| run.fragment <= start);
        let run = self.runs.get(after.checked_sub(1)?)?;
        if end > run.fragment + run.len {
            return None;
        }
        let size = |n: usize| TextSize::try_from(n).ok();
        let file = |offset: usize| size(run.file + (offset - run.fragment));
        Some(TextRange::new(file(start)?, file(end)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_added_bytes_and_the_end() {
        // "exec " added, then "foo" from 10, then " --bar" from 20.
        let mut map = PositionMap::default();
        map.push(5, 10, 3);
        map.push(8, 20, 6);
        assert_eq!(map.file_offset(0), 10);
        assert_eq!(map.file_offset(6), 11);
        assert_eq!(map.file_offset(8), 20);
        assert_eq!(map.file_offset(14), 26);
        assert_eq!(map.file_range(5, 8), TextRange::new(10.into(), 13.into()));
        assert_eq!(map.file_range(9, 14), TextRange::new(21.into(), 26.into()));
        assert_eq!(
            map.exact_range(8, 8),
            Some(TextRange::new(20.into(), 20.into()))
        );
        assert_eq!(map.exact_range(6, 9), None);
        assert_eq!(map.exact_range(2, 3), None);
    }

    #[test]
    fn contiguous_origins_make_one_run() {
        let map = PositionMap::from_copies([(0, 4), (1, 5), (2, 6), (3, 9), (4, 10)]);
        assert_eq!(map.runs.len(), 2);
        assert_eq!(map.file_offset(3), 9);
    }
}

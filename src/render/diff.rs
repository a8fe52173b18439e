//! Unified diffs of a file's old and new content, for `fmt --diff` and `check --diff`.

use std::path::Path;

/// The unified diff from `old` to `new` for `path`, or an empty string when they are equal.
pub fn unified_diff(path: &Path, old: &[u8], new: &[u8]) -> String {
    if old == new {
        return String::new();
    }
    let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
    let name = path.display().to_string();
    let name = name.trim_start_matches('/');
    similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_show_changed_lines_with_context() {
        let diff = unified_diff(Path::new("job.conf"), b"a\n  b\nc\n", b"a\nb\nc\n");
        assert_eq!(
            diff,
            "--- a/job.conf\n+++ b/job.conf\n@@ -1,3 +1,3 @@\n a\n-  b\n+b\n c\n"
        );
        assert_eq!(unified_diff(Path::new("x"), b"same", b"same"), "");
    }
}

//! Applying fixes to text, and writing a fixed file without ever leaving it half-written.

use std::io::Write as _;
use std::path::Path;

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// The result of applying fixes to one text.
#[derive(Debug)]
pub struct Fixed {
    /// The new text.
    pub text: String,
    /// How many diagnostics' fixes were applied.
    pub applied: usize,
    /// How many were left because they overlapped an earlier fix.
    pub skipped: usize,
}

/// Applies the fixes of `diagnostics` allowed by `unsafe_fixes`. Fixes that overlap an earlier
/// one are left for the next run, so edits never interfere.
pub fn apply(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> Fixed {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| unsafe_fixes || f.applicability == Applicability::Safe)
        .map(|f| f.edits.as_slice())
        .filter(|edits| !edits.is_empty())
        .collect();
    fixes.sort_by_key(|edits| (edits[0].span.start, edits[0].span.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let (mut applied, mut skipped) = (0, 0);
    for edits in fixes {
        let valid = edits.iter().all(|e| {
            e.span.start >= cursor
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        }) && edits.windows(2).all(|w| w[0].span.end <= w[1].span.start);
        if !valid {
            skipped += 1;
            continue;
        }
        for edit in edits {
            out.push_str(&text[cursor..edit.span.start]);
            out.push_str(&edit.replacement);
            cursor = edit.span.end;
        }
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    Fixed {
        text: out,
        applied,
        skipped,
    }
}

/// Replaces the file at `path` with `contents` atomically: the text goes to a temporary file in
/// the same folder, which takes the original's permissions and is then renamed over it. A run
/// interrupted at any point leaves either the original or the complete new file.
pub fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path)?.permissions();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.copydesk-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        std::fs::set_permissions(&temp, permissions)?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        // The original is untouched; only the temporary file needs to go.
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A unified diff of a fix, for `--diff`.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

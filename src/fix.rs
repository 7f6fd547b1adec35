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

/// Marks a fix's temporary file: `.<name>.copydesk-<pid>.tmp` beside the file it replaces.
const TEMPORARY_INFIX: &str = ".copydesk-";

/// Whether `name` is a temporary file of [`write_atomically`]. One outlives its run only when
/// copydesk is killed between writing it and renaming it; the walk never takes it for an article
/// and it can be deleted.
pub fn is_temporary(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        && name.ends_with(".tmp")
        && name
            .rsplit_once(TEMPORARY_INFIX)
            .and_then(|(_, rest)| rest.strip_suffix(".tmp"))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file is read-only.
    #[error("read-only; fixes not written")]
    ReadOnly,
    /// The file changed on disk after it was read; writing would lose that change.
    #[error("changed on disk while it was being fixed; fixes not written, run again")]
    Changed,
    /// Reading, writing or renaming failed (a vanished file or folder, a full disk).
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Replaces the file at `path`, whose text was `original` when it was read, with `contents`.
///
/// The text goes to a temporary file in the same folder, which takes the original's
/// permissions and is then renamed over it, so a run interrupted at any point leaves either the
/// original or the complete new file (and, if it was killed outright, possibly the temporary
/// file: see [`is_temporary`]). A symbolic link is followed, so its target is fixed and the link
/// stays a link. A read-only file, or one whose text is no longer `original`, is left alone.
pub fn write_atomically(path: &Path, original: &str, contents: &str) -> Result<(), WriteError> {
    write_atomically_with(path, original, contents, || Ok(()))
}

/// [`write_atomically`] with a step run between writing the temporary file and renaming it,
/// which lets tests interrupt a fix at its most delicate moment.
pub fn write_atomically_with(
    path: &Path,
    original: &str,
    contents: &str,
    before_rename: impl FnOnce() -> std::io::Result<()>,
) -> Result<(), WriteError> {
    // Renaming over a link would replace the link with a file and leave its target unfixed.
    let path = &std::fs::canonicalize(path)?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let permissions = std::fs::metadata(path)?.permissions();
    if permissions.readonly() {
        return Err(WriteError::ReadOnly);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{name}{TEMPORARY_INFIX}{}.tmp",
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        std::fs::set_permissions(&temp, permissions)?;
        before_rename()?;
        // Last look: another program may have saved the file while it was being fixed.
        if std::fs::read(path)? != original.as_bytes() {
            return Err(WriteError::Changed);
        }
        std::fs::rename(&temp, path)?;
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("story.txt");
        std::fs::write(&path, text).expect("write");
        (dir, path)
    }

    fn leftovers(dir: &Path) -> usize {
        std::fs::read_dir(dir).expect("read dir").count() - 1
    }

    #[test]
    fn an_interrupted_fix_leaves_the_original_intact() {
        let (dir, path) = file_with("the the original");
        let interrupted = write_atomically_with(&path, "the the original", "the fixed", || {
            Err(std::io::Error::other("killed between write and rename"))
        });
        assert!(interrupted.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the the original");
        assert_eq!(leftovers(dir.path()), 0, "the temporary file is removed");
        write_atomically(&path, "the the original", "the fixed").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "the fixed");
        assert_eq!(leftovers(dir.path()), 0);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let (_dir, path) = file_with("edited by someone else");
        let result = write_atomically(&path, "what copydesk read", "fixed");
        assert!(matches!(result, Err(WriteError::Changed)));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "edited by someone else"
        );
    }

    #[cfg(unix)]
    #[test]
    fn fixing_through_a_symbolic_link_fixes_its_target_and_keeps_the_link() {
        let (dir, target) = file_with("the the original");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("story.txt", &link).unwrap();
        write_atomically(&link, "the the original", "the fixed").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "the fixed");
        assert_eq!(leftovers(dir.path()), 1, "only the link beside the file");
    }

    #[test]
    fn temporary_files_are_recognised_by_name() {
        let named = |n: &str| is_temporary(std::ffi::OsStr::new(n));
        assert!(named(".story.md.copydesk-4242.tmp"));
        assert!(named("..copydesk-1.tmp"));
        for other in [
            "story.md",
            ".story.md",
            "story.md.copydesk-4242.tmp",
            ".story.md.copydesk-.tmp",
            ".story.md.copydesk-42x.tmp",
            ".story.md.copydesk-42.tmp.md",
        ] {
            assert!(!named(other), "{other}");
        }
    }

    #[test]
    fn read_only_and_vanished_files_are_errors() {
        let (_dir, path) = file_with("text");
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        assert!(matches!(
            write_atomically(&path, "text", "new"),
            Err(WriteError::ReadOnly)
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "text");
        let gone = path.with_file_name("gone.txt");
        assert!(matches!(
            write_atomically(&gone, "text", "new"),
            Err(WriteError::Io(_))
        ));
    }
}

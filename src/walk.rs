//! Finding the files to lint: explicit files as given, folders walked with walkdir.
//!
//! Symbolic links are followed. One that leads nowhere (a missing target, or a chain of links
//! that never ends in a file) is reported with its target; one that leads back to a folder being
//! walked is reported and not followed, since everything below it is linted already.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Extensions linted when a folder is walked.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown"];

/// Folder names never descended into.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// Which files a walk takes.
#[derive(Debug, Default)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// The configuration's folder: globs also match paths relative to it, so `drafts/**`
    /// means the same whether copydesk runs from the project root, a subfolder or with
    /// absolute paths.
    base: Option<PathBuf>,
}

impl Filter {
    /// Builds a filter; with `include` globs, walked files must match one of them instead of
    /// having a default extension; `exclude` globs drop files and whole folders.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filter, globset::Error> {
        Ok(Filter {
            include: build(include)?,
            exclude: build(exclude)?,
            base: None,
        })
    }

    /// Also matches the globs against paths relative to `base` (an absolute folder).
    pub fn relative_to(mut self, base: &Path) -> Filter {
        self.base = Some(base.to_path_buf());
        self
    }

    /// Whether `set` matches `path` as given, its file name, or its path relative to the base.
    fn matches(&self, set: &GlobSet, path: &Path) -> bool {
        if set.is_match(path) || path.file_name().is_some_and(|name| set.is_match(name)) {
            return true;
        }
        let Some(base) = &self.base else {
            return false;
        };
        std::path::absolute(path)
            .ok()
            .and_then(|absolute| absolute.strip_prefix(base).ok().map(|r| set.is_match(r)))
            .unwrap_or(false)
    }

    /// Whether `path` (relative to where the globs apply) is excluded.
    pub fn excluded(&self, path: &Path) -> bool {
        let path = path.strip_prefix("./").unwrap_or(path);
        self.exclude
            .as_ref()
            .is_some_and(|set| self.matches(set, path))
    }

    fn included(&self, path: &Path) -> bool {
        let path = path.strip_prefix("./").unwrap_or(path);
        match &self.include {
            Some(set) => self.matches(set, path),
            None => path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d))),
        }
    }
}

fn build(globs: &[String]) -> Result<Option<GlobSet>, globset::Error> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(Glob::new(glob)?);
    }
    builder.build().map(Some)
}

/// A path that could not be walked.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct WalkError {
    /// The path.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
    /// Whether the run fails for it. Only a note when no text was missed: a link loop back into
    /// the walk, or a broken link whose name would not have been linted anyway.
    pub is_error: bool,
}

/// Expands `paths` into the sorted list of files to lint. Files named explicitly are taken as
/// they are (unless excluded); folders are walked, skipping hidden folders, `target/` and
/// `node_modules/`.
pub fn collect(paths: &[PathBuf], filter: &Filter) -> (Vec<PathBuf>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        let metadata = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(unreachable(root, &e, true));
                continue;
            }
        };
        if !metadata.is_dir() {
            if !filter.excluded(root) {
                files.push(root.clone());
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !skipped(entry, filter));
        for entry in walker {
            match entry {
                Ok(entry) if takes(&entry, filter) => files.push(entry.into_path()),
                Ok(_) => {}
                Err(e) => errors.extend(walk_error(root, &e, filter)),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

/// Whether a walked entry is a file to lint. A fix's temporary file, left behind only when
/// copydesk was killed mid-write, is never one.
fn takes(entry: &walkdir::DirEntry, filter: &Filter) -> bool {
    entry.file_type().is_file()
        && filter.included(entry.path())
        && !crate::fix::is_temporary(entry.file_name())
}

/// What a walk error means for the run; `None` for a path the filter excludes anyway.
fn walk_error(root: &Path, error: &walkdir::Error, filter: &Filter) -> Option<WalkError> {
    let path = error.path().unwrap_or(root);
    if filter.excluded(path) {
        return None;
    }
    if let Some(ancestor) = error.loop_ancestor() {
        return Some(WalkError {
            path: path.to_path_buf(),
            message: format!(
                "symbolic link loop (it leads back to {}, which is linted already), not followed",
                ancestor.display()
            ),
            is_error: false,
        });
    }
    let Some(io) = error.io_error() else {
        return Some(WalkError {
            path: path.to_path_buf(),
            message: error.to_string(),
            is_error: true,
        });
    };
    Some(unreachable(path, io, filter.included(path)))
}

/// Describes a path whose metadata cannot be read. A symbolic link is named as one, with its
/// target; it fails the run only when it would have been linted (`linted`).
fn unreachable(path: &Path, error: &std::io::Error, linted: bool) -> WalkError {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = std::fs::read_link(path).map(|t| t.display().to_string());
    let (true, Ok(target)) = (is_link, target) else {
        return WalkError {
            path: path.to_path_buf(),
            message: error.to_string(),
            is_error: true,
        };
    };
    let message = if error.kind() == std::io::ErrorKind::NotFound {
        format!("broken symbolic link (its target {target} does not exist), skipped")
    } else if endless(path) {
        format!("symbolic link loop (following {target} never reaches a file), skipped")
    } else {
        format!("cannot follow symbolic link to {target}: {error}")
    };
    WalkError {
        path: path.to_path_buf(),
        message,
        is_error: linted,
    }
}

/// Whether following the link at `path` goes on for ever: still a link after as many hops as
/// the operating system would take (40 on Linux) before giving up.
fn endless(path: &Path) -> bool {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&current) else {
            return false;
        };
        current = match current.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    true
}

fn skipped(entry: &walkdir::DirEntry, filter: &Filter) -> bool {
    let name = entry.file_name().to_string_lossy();
    if entry.file_type().is_dir()
        && (name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref()))
    {
        return true;
    }
    filter.excluded(entry.path())
}

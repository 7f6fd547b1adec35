//! Finding the files to lint: explicit files as given, folders walked with walkdir.

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
}

impl Filter {
    /// Builds a filter; with `include` globs, walked files must match one of them instead of
    /// having a default extension; `exclude` globs drop files and whole folders.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filter, globset::Error> {
        Ok(Filter {
            include: build(include)?,
            exclude: build(exclude)?,
        })
    }

    fn excluded(&self, path: &Path) -> bool {
        let path = path.strip_prefix("./").unwrap_or(path);
        self.exclude.as_ref().is_some_and(|set| {
            set.is_match(path) || path.file_name().is_some_and(|name| set.is_match(name))
        })
    }

    fn included(&self, path: &Path) -> bool {
        let path = path.strip_prefix("./").unwrap_or(path);
        match &self.include {
            Some(set) => {
                set.is_match(path) || path.file_name().is_some_and(|name| set.is_match(name))
            }
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
                errors.push(WalkError {
                    path: root.clone(),
                    message: e.to_string(),
                });
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
                Ok(entry) if entry.file_type().is_file() && filter.included(entry.path()) => {
                    files.push(entry.into_path());
                }
                Ok(_) => {}
                Err(e) => errors.push(WalkError {
                    path: e.path().map_or_else(|| root.clone(), Path::to_path_buf),
                    message: e.to_string(),
                }),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
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

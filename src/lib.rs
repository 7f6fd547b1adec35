//! copydesk: a fast linter for article text.
//!
//! It finds the damage that articles pick up on their way into a content repository: truncated
//! and spliced text, contradictory statements, missing or vague attribution, and leftover page
//! boilerplate. Lints are TOML definitions that bind a check kind (Rust, in [`checks`]) to
//! parameters, a message and documentation.
//!
//! The library never prints or exits: [`Ruleset::lint_text`] turns text into sorted
//! [`Diagnostic`]s, and the renderers in [`render`] turn those into human, JSON or other output.

pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod fix;
pub mod fuzzing;
pub mod lexicon;
pub mod lsp;
pub mod names;
pub mod render;
pub mod rules;
pub mod source;
pub mod stream;
pub mod suppress;
pub mod walk;

pub use diagnostic::{Diagnostic, Severity};
pub use document::Document;
pub use engine::Ruleset;
pub use source::{Format, SourceFile};

use std::io::Read;
use std::path::{Path, PathBuf};

use config::ByteSize;

/// A file that could not be linted.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Reading failed.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The bytes are not UTF-8.
    #[error(
        "{path}: not valid UTF-8 (first bad byte at offset {offset}); convert it to UTF-8 first"
    )]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// Fixes could not be written.
    #[error("{path}: {reason}")]
    Unwritable {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file holds NUL bytes, so it is not text.
    #[error("{path}: binary file (it contains NUL bytes), skipped")]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The file is larger than the size limit, so it was not read.
    #[error(
        "{path}: too large to lint: {} the limit of {limit}; raise max-file-size in copydesk.toml or pass --max-file-size",
        size.map_or("over".to_string(), |s| format!("{s} is over"))
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size, when known before reading (not for standard input).
        size: Option<ByteSize>,
        /// The limit it exceeds.
        limit: ByteSize,
    },
}

impl FileError {
    /// Whether the run should fail for this file; a skipped binary file is only a note.
    pub fn is_error(&self) -> bool {
        !matches!(self, FileError::Binary { .. })
    }

    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            FileError::Io { path, .. }
            | FileError::NotUtf8 { path, .. }
            | FileError::Unwritable { path, .. }
            | FileError::Binary { path }
            | FileError::TooLarge { path, .. } => path,
        }
    }
}

/// Turns raw bytes into a [`SourceFile`], refusing binary and non-UTF-8 content.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, FileError> {
    if bytes.contains(&0) {
        return Err(FileError::Binary {
            path: path.to_path_buf(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(error) => Err(FileError::NotUtf8 {
            path: path.to_path_buf(),
            offset: error.utf8_error().valid_up_to(),
        }),
    }
}

/// Reads and decodes a file of at most `limit` bytes. A larger file is refused from its
/// metadata, before any of it is read.
pub fn read_source(path: &Path, limit: ByteSize) -> Result<SourceFile, FileError> {
    let io = |source| FileError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit.0 {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: Some(ByteSize(size)),
            limit,
        });
    }
    // The file may grow after its size was read (or be a device with no size): the read is
    // bounded all the same.
    let bytes = read_bounded(path, file, limit, size)?;
    decode(path, bytes)
}

/// Reads `reader` to its end (standard input, say) and decodes it, refusing it once it passes
/// `limit` bytes: no more than `limit` + 1 bytes are ever held.
pub fn read_source_from(
    path: &Path,
    reader: impl Read,
    limit: ByteSize,
) -> Result<SourceFile, FileError> {
    let bytes = read_bounded(path, reader, limit, 0)?;
    decode(path, bytes)
}

fn read_bounded(
    path: &Path,
    reader: impl Read,
    limit: ByteSize,
    expected: u64,
) -> Result<Vec<u8>, FileError> {
    let capacity = usize::try_from(expected.min(limit.0)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    reader
        .take(limit.0.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| FileError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > limit.0 {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: None,
            limit,
        });
    }
    Ok(bytes)
}

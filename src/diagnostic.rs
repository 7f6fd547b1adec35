//! What a run reports: diagnostics with spans, positions, labels and fixes.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::source::Position;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; does not fail a run by default.
    Info,
    /// Probably damage; fails a run by default.
    Warning,
    /// Certainly damage.
    Error,
}

impl Severity {
    /// The lowercase name used in TOML, JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Applied by `--fix`.
    Safe,
    /// A suggestion: applied only with `--unsafe-fixes`.
    Unsafe,
}

/// One replacement of a byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte range replaced.
    pub span: Range<usize>,
    /// Where the range starts.
    pub start: Position,
    /// Where the range ends (exclusive).
    pub end: Position,
    /// Replacement text.
    pub replacement: String,
}

/// A repair for a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Safe or a suggestion.
    pub applicability: Applicability,
    /// Edits, sorted and non-overlapping.
    pub edits: Vec<Edit>,
}

/// A secondary place that explains the finding, such as the other half of a contradiction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Byte span.
    pub span: Range<usize>,
    /// Where the span starts.
    pub start: Position,
    /// Where the span ends (exclusive).
    pub end: Position,
    /// What this place is.
    pub message: String,
}

/// A finding of one lint in one file, ready for rendering.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Lint id, `family/name`.
    pub lint: String,
    /// Severity after configuration.
    pub severity: Severity,
    /// The rendered message.
    pub message: String,
    /// Primary byte span.
    pub span: Range<usize>,
    /// Where the span starts.
    pub start: Position,
    /// Where the span ends (exclusive).
    pub end: Position,
    /// The text of the primary span.
    pub matched: String,
    /// Secondary places.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// A repair, where one is known.
    pub fix: Option<Fix>,
}

//! Output formats. The only code that knows codespan-reporting, JSON, SARIF, JUnit XML and the
//! GitHub Actions annotation syntax.

pub mod docs;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;
pub mod uri;

use crate::diagnostic::Diagnostic;

/// The diagnostics of one file, for renderers that see the whole run at once.
#[derive(Debug)]
pub struct FileDiagnostics {
    /// The path as shown to the user.
    pub path: String,
    /// Sorted diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// A file that could not be linted, as shown to the user.
#[derive(Debug)]
pub struct FileProblem {
    /// The path as shown to the user.
    pub path: String,
    /// The message.
    pub message: String,
    /// `error` fails the run; `note` (a skipped binary file) does not.
    pub level: &'static str,
}

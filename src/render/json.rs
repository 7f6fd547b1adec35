//! JSON output: one document per run, with a stable, versioned schema documented in the README.

use serde::Serialize;

use super::{FileDiagnostics, FileProblem};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::Position;

/// The schema version; bumped only when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// One diagnostic in the documented JSON shape; the NDJSON stream uses it without a path.
#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    lint: &'a str,
    severity: Severity,
    message: &'a str,
    start: Position,
    end: Position,
    matched: &'a str,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: Position,
    end: Position,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    level: &'a str,
    message: &'a str,
}

#[derive(Serialize, Default)]
struct Summary {
    files: usize,
    files_with_diagnostics: usize,
    diagnostics: usize,
    errors: usize,
    info: usize,
    warning: usize,
    error: usize,
}

/// The JSON form of a diagnostic; `path` is left out when it is `None`.
pub(crate) fn diagnostic<'a>(path: Option<&'a str>, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        path,
        lint: &d.lint,
        severity: d.severity,
        message: &d.message,
        start: d.start,
        end: d.end,
        matched: &d.matched,
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel {
                message: &l.message,
                start: l.start,
                end: l.end,
            })
            .collect(),
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    start: e.start,
                    end: e.end,
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

/// Renders a whole run as one pretty-printed JSON document.
pub fn render(files: &[FileDiagnostics], problems: &[FileProblem], linted: usize) -> String {
    let mut summary = Summary {
        files: linted,
        errors: problems.iter().filter(|p| p.level == "error").count(),
        ..Summary::default()
    };
    let mut diagnostics = Vec::new();
    for file in files {
        if !file.diagnostics.is_empty() {
            summary.files_with_diagnostics += 1;
        }
        for d in &file.diagnostics {
            match d.severity {
                Severity::Info => summary.info += 1,
                Severity::Warning => summary.warning += 1,
                Severity::Error => summary.error += 1,
            }
            diagnostics.push(diagnostic(Some(&file.path), d));
        }
    }
    summary.diagnostics = diagnostics.len();
    let output = Output {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "copydesk",
            version: env!("CARGO_PKG_VERSION"),
        },
        diagnostics,
        errors: problems
            .iter()
            .map(|p| JsonError {
                path: &p.path,
                level: p.level,
                message: &p.message,
            })
            .collect(),
        summary,
    };
    let mut text =
        serde_json::to_string_pretty(&output).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

//! GitHub Actions workflow commands: one `::warning file=…,line=…::message` line per finding,
//! which the runner turns into annotations on the pull request's changed lines.
//!
//! Lines and columns are 1-based; columns count Unicode characters and the end is exclusive, as
//! in the JSON output.

use std::fmt::Write as _;

use super::{FileDiagnostics, FileProblem};
use crate::diagnostic::{Diagnostic, Severity};

/// The workflow command for a severity: GitHub has `error`, `warning` and `notice`.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message: the runner decodes `%25`, `%0D` and `%0A`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, where `:` and `,` would end the value early.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn annotation(path: &str, d: &Diagnostic) -> String {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
        command(d.severity),
        escape_property(path),
        d.start.line,
        d.start.column,
        d.end.line,
        d.end.column,
        escape_property(&d.lint),
        escape_data(&message)
    )
}

/// Renders a whole run: findings first, then files that could not be linted.
pub fn render(files: &[FileDiagnostics], problems: &[FileProblem]) -> String {
    let mut out = String::new();
    for file in files {
        for d in &file.diagnostics {
            out.push_str(&annotation(&file.path, d));
        }
    }
    for problem in problems {
        let level = if problem.level == "error" {
            "error"
        } else {
            "notice"
        };
        let _ = writeln!(
            out,
            "::{level} file={},title=copydesk::{}",
            escape_property(&problem.path),
            escape_data(&problem.message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_end_a_value_or_a_line() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("notes/a,b:c%.md"), "notes/a%2Cb%3Ac%25.md");
        // `::` inside a message is harmless: only the first one after the properties separates.
        assert_eq!(escape_data("a::b"), "a::b");
    }
}

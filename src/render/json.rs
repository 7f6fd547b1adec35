//! JSON output: one document per run, with a stable, versioned schema documented in the README.

use std::io::Write;

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

impl Summary {
    fn count(&mut self, file: &FileDiagnostics) {
        if !file.diagnostics.is_empty() {
            self.files_with_diagnostics += 1;
        }
        for d in &file.diagnostics {
            match d.severity {
                Severity::Info => self.info += 1,
                Severity::Warning => self.warning += 1,
                Severity::Error => self.error += 1,
            }
        }
        self.diagnostics += file.diagnostics.len();
    }
}

/// Renders a whole run as one pretty-printed JSON document.
pub fn render(files: &[FileDiagnostics], problems: &[FileProblem], linted: usize) -> String {
    let mut summary = Summary::default();
    let mut diagnostics = Vec::new();
    for file in files {
        summary.count(file);
        diagnostics.extend(
            file.diagnostics
                .iter()
                .map(|d| diagnostic(Some(&file.path), d)),
        );
    }
    document(diagnostics, problems, linted, summary)
}

fn document(
    diagnostics: Vec<JsonDiagnostic<'_>>,
    problems: &[FileProblem],
    linted: usize,
    mut summary: Summary,
) -> String {
    summary.files = linted;
    summary.errors = problems.iter().filter(|p| p.level == "error").count();
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

/// Where the diagnostics array opens in the pretty-printed document.
const DIAGNOSTICS_KEY: &str = "\"diagnostics\": [";

/// Writes the same document as [`render`] file by file, so a run holds the findings of the
/// files in flight, not of every file: the header first, each file's diagnostics as it
/// comes, and the errors and summary at the end.
#[derive(Default)]
pub struct JsonStream {
    summary: Summary,
    started: bool,
}

impl JsonStream {
    /// Writes one file's diagnostics (and, before the first, the document's opening).
    pub fn file(&mut self, out: &mut impl Write, file: &FileDiagnostics) -> std::io::Result<()> {
        self.summary.count(file);
        for d in &file.diagnostics {
            if self.started {
                out.write_all(b",")?;
            } else {
                out.write_all(Self::opening().as_bytes())?;
                self.started = true;
            }
            let text = serde_json::to_string_pretty(&diagnostic(Some(&file.path), d))
                .map_err(std::io::Error::other)?;
            // Strings are escaped, so every line break is the printer's: indent each line.
            for line in text.split('\n') {
                out.write_all(b"\n    ")?;
                out.write_all(line.as_bytes())?;
            }
        }
        Ok(())
    }

    /// Writes the rest of the document.
    pub fn finish(
        self,
        out: &mut impl Write,
        problems: &[FileProblem],
        linted: usize,
    ) -> std::io::Result<()> {
        let whole = document(Vec::new(), problems, linted, self.summary);
        let Some((opening, rest)) = whole.split_once(DIAGNOSTICS_KEY) else {
            return out.write_all(whole.as_bytes());
        };
        if self.started {
            // `rest` starts with the `]` of an empty array; close the open one on its own line.
            out.write_all(b"\n  ")?;
        } else {
            out.write_all(opening.as_bytes())?;
            out.write_all(DIAGNOSTICS_KEY.as_bytes())?;
        }
        out.write_all(rest.as_bytes())
    }

    fn opening() -> String {
        let whole = document(Vec::new(), &[], 0, Summary::default());
        match whole.split_once(DIAGNOSTICS_KEY) {
            Some((opening, _)) => format!("{opening}{DIAGNOSTICS_KEY}"),
            None => whole,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Ruleset};

    /// The streamed document is byte for byte the one `render` builds, with and without
    /// findings and errors.
    #[test]
    fn streaming_writes_the_same_document() {
        let ruleset = Ruleset::builtin().expect("built-in lints load");
        let texts = [
            "The council met and the the vote passed.\n\nRelated Articles\n\nBack to top\n",
            "A clean sentence that ends well.\n",
            "Critics say the plan, which \"cannot work\", is dead.\n",
        ];
        let files: Vec<FileDiagnostics> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| FileDiagnostics {
                path: format!("dir/a \"{i}\".txt"),
                diagnostics: ruleset.lint_text(text, Format::Plain),
            })
            .collect();
        let problem = FileProblem {
            path: "bad.txt".into(),
            message: "bad.txt: not valid UTF-8".into(),
            level: "error",
        };
        for (files, problems) in [
            (&files[..], &[][..]),
            (&files[1..2], &[][..]),
            (&files[..], std::slice::from_ref(&problem)),
            (&[][..], std::slice::from_ref(&problem)),
        ] {
            let mut stream = JsonStream::default();
            let mut out = Vec::new();
            for file in files {
                stream.file(&mut out, file).expect("write to memory");
            }
            stream
                .finish(&mut out, problems, files.len())
                .expect("write");
            let expected = render(files, problems, files.len());
            assert_eq!(String::from_utf8(out).expect("UTF-8"), expected);
        }
        assert!(files[0].diagnostics.len() >= 2, "the test needs findings");
    }
}

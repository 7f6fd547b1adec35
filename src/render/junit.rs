//! JUnit XML for CI dashboards: one test suite per file, one failing test case per finding, and
//! one passing case for a file with nothing to report, so clean files show as passed.

use std::fmt::Write as _;

use super::{FileDiagnostics, FileProblem};
use crate::diagnostic::Diagnostic;

/// Escapes text for XML element content and attribute values. Characters XML 1.0 cannot carry
/// at all (control characters other than tab and line breaks) become U+FFFD; line breaks and tabs
/// are written as references so attribute-value normalisation keeps them.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn failure(path: &str, d: &Diagnostic) -> String {
    let mut body = format!(
        "{path}:{}:{}: {}: {}",
        d.start.line, d.start.column, d.severity, d.message
    );
    if let Some(help) = &d.help {
        let _ = write!(body, "\nhelp: {help}");
    }
    format!(
        "    <testcase name=\"{lint} ({line}:{column})\" classname=\"{path}\" file=\"{path}\" line=\"{line}\">\n      <failure type=\"{severity}\" message=\"{message}\">{body}</failure>\n    </testcase>\n",
        lint = escape(&d.lint),
        line = d.start.line,
        column = d.start.column,
        path = escape(path),
        severity = d.severity,
        message = escape(&d.message),
        body = escape(&body),
    )
}

fn suite(out: &mut String, name: &str, tests: usize, failures: usize, errors: usize) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">",
        escape(name)
    );
}

/// Renders a whole run as one JUnit XML document.
pub fn render(files: &[FileDiagnostics], problems: &[FileProblem]) -> String {
    let mut body = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for file in files {
        let count = file.diagnostics.len();
        suite(&mut body, &file.path, count.max(1), count, 0);
        if count == 0 {
            let _ = writeln!(
                body,
                "    <testcase name=\"copydesk\" classname=\"{path}\" file=\"{path}\"/>",
                path = escape(&file.path)
            );
        }
        for d in &file.diagnostics {
            body.push_str(&failure(&file.path, d));
        }
        body.push_str("  </testsuite>\n");
        tests += count.max(1);
        failures += count;
    }
    for problem in problems {
        let is_error = problem.level == "error";
        suite(&mut body, &problem.path, 1, 0, usize::from(is_error));
        let element = if is_error { "error" } else { "skipped" };
        let _ = writeln!(
            body,
            "    <testcase name=\"copydesk\" classname=\"{path}\" file=\"{path}\">\n      <{element} message=\"{message}\"/>\n    </testcase>\n  </testsuite>",
            path = escape(&problem.path),
            message = escape(&problem.message),
        );
        tests += 1;
        errors += usize::from(is_error);
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"copydesk\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{body}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_characters_xml_cannot_hold() {
        assert_eq!(
            escape("a<b & \"c\" 'd'\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&#10;\u{FFFD}"
        );
    }
}

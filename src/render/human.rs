//! Human output: source excerpts with underlines, rendered by codespan-reporting.

use codespan_reporting::diagnostic::{
    Diagnostic as Report, Label as ReportLabel, Severity as ReportSeverity,
};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Config};

use crate::config::ConfigError;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rules::LoadError;

fn buffer(color: bool) -> Buffer {
    if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

fn severity(severity: Severity) -> ReportSeverity {
    match severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
        Severity::Info => ReportSeverity::Note,
    }
}

/// Renders the diagnostics of one file with source excerpts.
pub fn render_file(path: &str, source: &str, diagnostics: &[Diagnostic], color: bool) -> String {
    let file = SimpleFile::new(path, source);
    let config = Config::default();
    let mut out = buffer(color);
    for diagnostic in diagnostics {
        let report = to_report(diagnostic);
        if term::emit_to_write_style(&mut out, &config, &file, &report).is_err() {
            // The spans come from this very source, so this only happens if a check produced a
            // span outside it; show the message without an excerpt rather than nothing.
            return format!(
                "{path}:{}:{}: {}: {}\n",
                diagnostic.start.line, diagnostic.start.column, diagnostic.lint, diagnostic.message
            );
        }
    }
    String::from_utf8_lossy(out.as_slice()).into_owned()
}

fn to_report(diagnostic: &Diagnostic) -> Report<()> {
    let mut labels = vec![ReportLabel::primary((), diagnostic.span.clone())];
    labels.extend(
        diagnostic
            .labels
            .iter()
            .map(|l| ReportLabel::secondary((), l.span.clone()).with_message(l.message.clone())),
    );
    let mut notes = Vec::new();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    if let Some(fix) = &diagnostic.fix {
        let kind = match fix.applicability {
            Applicability::Safe => "fix",
            Applicability::Unsafe => "suggestion",
        };
        let describe = |replacement: &str| match replacement {
            "" => "delete it".to_string(),
            r => format!("replace with \"{}\"", r.escape_debug()),
        };
        if let Some(edit) = fix.edits.first() {
            notes.push(format!("{kind}: {}", describe(&edit.replacement)));
        }
    }
    Report::new(severity(diagnostic.severity))
        .with_code(diagnostic.lint.clone())
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders a lint-definition error against the TOML it concerns, pointing at the line.
pub fn render_load_error(error: &LoadError, color: bool) -> String {
    let LoadError::Definition {
        id,
        origin,
        text,
        span,
        message,
    } = error
    else {
        return format!("error: {error}\n");
    };
    let header = format!("invalid lint `{id}`: {message}");
    render_spanned(
        &origin.display().to_string(),
        text,
        span.clone(),
        &header,
        color,
    )
}

/// Renders a configuration error against `copydesk.toml`, pointing at the line.
pub fn render_config_error(error: &ConfigError, color: bool) -> String {
    let header = format!("invalid configuration: {}", error.message);
    render_spanned(
        &error.path.display().to_string(),
        &error.text,
        error.span.clone(),
        &header,
        color,
    )
}

/// An error about a TOML file, with the offending span underlined when it is known.
fn render_spanned(
    name: &str,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    header: &str,
    color: bool,
) -> String {
    let file = SimpleFile::new(name, text);
    let mut report = Report::error().with_message(header);
    match span.filter(|s| s.end <= text.len()) {
        Some(span) => report = report.with_labels(vec![ReportLabel::primary((), span)]),
        None => report = report.with_notes(vec![format!("in {name}")]),
    }
    let mut out = buffer(color);
    if term::emit_to_write_style(&mut out, &Config::default(), &file, &report).is_err() {
        return format!("error: {name}: {header}\n");
    }
    String::from_utf8_lossy(out.as_slice()).into_owned()
}

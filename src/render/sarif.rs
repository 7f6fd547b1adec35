//! SARIF 2.1.0, for GitHub code scanning and other tools that read static-analysis results.
//!
//! Each lint of the run is a rule (`tool.driver.rules`) carrying its documentation, so code
//! scanning can show what a finding means. Regions use 1-based lines and 1-based columns counted
//! in Unicode code points (`columnKind: unicodeCodePoints`), the end column pointing just past the
//! last character, as the SARIF specification defines it; these are the JSON output's positions.

use serde_json::{Value, json};

use super::docs::marked;
use super::uri::path_reference;
use super::{FileDiagnostics, FileProblem};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rules::{Example, Lint};
use crate::source::Position;
use crate::suppress::DIRECTIVE_LINT;

/// The schema the output follows.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn examples(lint: &Lint, bad: bool) -> Vec<String> {
    lint.examples()
        .iter()
        .filter_map(|example| match example {
            Example::Bad { text, span, .. } if bad => Some(marked(text, span)),
            Example::Good { text, .. } if !bad => Some(text.clone()),
            _ => None,
        })
        .map(|text| text.trim_end().to_string())
        .collect()
}

fn help_text(lint: &Lint) -> String {
    let indent = |texts: Vec<String>| -> String {
        texts
            .iter()
            .flat_map(|t| t.lines().map(|l| format!("    {l}\n")))
            .collect()
    };
    format!(
        "{}\n\nFires on:\n{}\nStays quiet on:\n{}",
        lint.why.trim(),
        indent(examples(lint, true)),
        indent(examples(lint, false))
    )
    .trim_end()
    .to_string()
}

fn help_markdown(lint: &Lint) -> String {
    let blocks = |texts: Vec<String>| -> String {
        texts
            .iter()
            .map(|t| format!("```text\n{t}\n```\n\n"))
            .collect()
    };
    format!(
        "**What it finds.** {}\n\n**Why it matters.** {}\n\n**Fires on:**\n\n{}**Stays quiet on:**\n\n{}Silence it with `ignore = [\"{id}\"]` in copydesk.toml, or in the text with `<!-- copydesk-disable-next-line {id} -->` (Markdown) or `copydesk: disable-next-line {id}` (plain text).",
        lint.what.trim(),
        lint.why.trim(),
        blocks(examples(lint, true)),
        blocks(examples(lint, false)),
        id = lint.id,
    )
}

fn rule(lint: &Lint) -> Value {
    json!({
        "id": lint.id,
        "shortDescription": { "text": lint.summary() },
        "fullDescription": { "text": lint.what.trim() },
        "help": { "text": help_text(lint), "markdown": help_markdown(lint) },
        "defaultConfiguration": { "level": level(lint.severity) },
        "properties": { "tags": [lint.family()], "copydesk/kind": lint.kind },
    })
}

/// The rule for the diagnostics that suppression directives themselves produce.
fn directive_rule() -> Value {
    json!({
        "id": DIRECTIVE_LINT,
        "shortDescription": { "text": "Suppression directives that name an unknown lint or silence nothing." },
        "fullDescription": { "text": "Reports copydesk-disable directives that name a lint or family copydesk does not know, and, with --report-unused-directives, directives that suppressed nothing." },
        "help": { "text": "Name a lint id or family that `copydesk rules` lists, or remove the directive." },
        "defaultConfiguration": { "level": "warning" },
        "properties": { "tags": ["copydesk"] },
    })
}

fn region(start: Position, end: Position) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn location(uri: &str, start: Position, end: Position) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": region(start, end),
        }
    })
}

fn fix(uri: &str, d: &Diagnostic) -> Option<Value> {
    let fix = d.fix.as_ref()?;
    let first = fix.edits.first()?;
    let what = match first.replacement.as_str() {
        "" => format!("Delete \"{}\"", d.matched.trim_end()),
        replacement => format!("Replace with \"{replacement}\""),
    };
    let description = match fix.applicability {
        Applicability::Safe => what,
        Applicability::Unsafe => format!("{what} (suggestion: review before applying)"),
    };
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            json!({
                "deletedRegion": region(e.start, e.end),
                "insertedContent": { "text": e.replacement },
            })
        })
        .collect();
    Some(json!({
        "description": { "text": description },
        "artifactChanges": [{ "artifactLocation": { "uri": uri }, "replacements": replacements }],
    }))
}

fn result(uri: &str, d: &Diagnostic, rule_index: Option<usize>) -> Value {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut value = json!({
        "ruleId": d.lint,
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [location(uri, d.start, d.end)],
    });
    if let Some(index) = rule_index {
        value["ruleIndex"] = json!(index);
    }
    if !d.labels.is_empty() {
        value["relatedLocations"] = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut related = location(uri, l.start, l.end);
                related["id"] = json!(i + 1);
                related["message"] = json!({ "text": l.message });
                related
            })
            .collect();
    }
    if let Some(fix) = fix(uri, d) {
        value["fixes"] = json!([fix]);
    }
    value
}

/// Renders a whole run as one SARIF log with a single run. `lints` are the rules to describe:
/// the lints the run had enabled (rules that results name but `lints` lacks are added).
pub fn render(files: &[FileDiagnostics], problems: &[FileProblem], lints: &[&Lint]) -> String {
    let mut ids: Vec<&str> = lints.iter().map(|l| l.id.as_str()).collect();
    let mut rules: Vec<Value> = lints.iter().map(|l| rule(l)).collect();
    let names_directive = files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .any(|d| d.lint == DIRECTIVE_LINT);
    if names_directive && !ids.contains(&DIRECTIVE_LINT) {
        ids.push(DIRECTIVE_LINT);
        rules.push(directive_rule());
    }
    let mut results = Vec::new();
    for file in files {
        let uri = path_reference(&file.path);
        for d in &file.diagnostics {
            let index = ids.iter().position(|id| *id == d.lint);
            results.push(result(&uri, d, index));
        }
    }
    let notifications: Vec<Value> = problems
        .iter()
        .map(|p| {
            json!({
                "level": if p.level == "error" { "error" } else { "note" },
                "message": { "text": p.message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": path_reference(&p.path) } } }],
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "copydesk",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": !problems.iter().any(|p| p.level == "error"),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text =
        serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

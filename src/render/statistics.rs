//! `--statistics`: how often each lint fired in a run, most frequent first, instead of the
//! findings themselves. For a first look at a large archive and for tuning the configuration.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::FileDiagnostics;
use crate::diagnostic::Applicability;

/// The counts of one lint.
#[derive(Debug, Default, Serialize)]
struct Row<'a> {
    lint: &'a str,
    count: usize,
    /// Findings `--fix` repairs.
    safe_fixes: usize,
    /// Findings `--fix --unsafe-fixes` repairs as well.
    unsafe_fixes: usize,
}

fn rows(files: &[FileDiagnostics]) -> Vec<Row<'_>> {
    let mut by_lint: BTreeMap<&str, Row<'_>> = BTreeMap::new();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        let row = by_lint.entry(d.lint.as_str()).or_insert_with(|| Row {
            lint: &d.lint,
            ..Row::default()
        });
        row.count += 1;
        match d.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => row.safe_fixes += 1,
            Some(Applicability::Unsafe) => row.unsafe_fixes += 1,
            None => {}
        }
    }
    let mut rows: Vec<Row<'_>> = by_lint.into_values().collect();
    // Stable on the id order of the map, so ties stay alphabetical.
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    rows
}

/// A table: count, lint id, and `[*]` where `--fix` repairs findings (`[-]` where only
/// `--unsafe-fixes` does).
pub fn table(files: &[FileDiagnostics]) -> String {
    let rows = rows(files);
    let width = rows.iter().map(|r| r.lint.len()).max().unwrap_or(0);
    let count_width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for row in &rows {
        let marker = if row.safe_fixes > 0 {
            "[*]"
        } else if row.unsafe_fixes > 0 {
            "[-]"
        } else {
            ""
        };
        let line = format!("{:>count_width$}  {:width$}  {marker}", row.count, row.lint);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let safe: usize = rows.iter().map(|r| r.safe_fixes).sum();
    let unsafe_only: usize = rows.iter().map(|r| r.unsafe_fixes).sum();
    if safe > 0 {
        let _ = writeln!(out, "[*] {safe} fixable with `copydesk check --fix`.");
    }
    if unsafe_only > 0 {
        let _ = writeln!(
            out,
            "[-] {unsafe_only} more with `copydesk check --fix --unsafe-fixes` (suggestions to review)."
        );
    }
    out
}

/// The same counts as a JSON array of `{lint, count, safe_fixes, unsafe_fixes}`.
pub fn json(files: &[FileDiagnostics]) -> String {
    let mut text = serde_json::to_string_pretty(&rows(files))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

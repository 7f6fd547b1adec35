//! Inline suppression: directives in the article that silence lints for a line, a region or the
//! whole file.
//!
//! Markdown (and HTML) use comments: `<!-- copydesk-disable LINT -->` … `<!-- copydesk-enable -->`,
//! `<!-- copydesk-disable-next-line LINT -->`, `<!-- copydesk-disable-file -->`. Plain text uses
//! the same directives on a line of their own: `copydesk: disable-next-line LINT`. Markdown front
//! matter may say `copydesk: { ignore: [LINT, ...] }`. A directive without lint names applies to
//! every lint; names may be lint ids or families.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};

/// What a directive does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    DisableFile,
    DisableNextLine,
    Disable,
    Enable,
}

/// One directive found in the source.
#[derive(Clone, Debug)]
pub struct Directive {
    kind: Kind,
    /// Where the directive is written.
    pub span: Range<usize>,
    /// The lint ids or families it names; empty means every lint.
    pub names: Vec<String>,
    /// Where it applies (for `enable`, nothing).
    range: Range<usize>,
}

impl Directive {
    fn covers(&self, diagnostic: &Diagnostic) -> bool {
        self.kind != Kind::Enable
            && self.range.contains(&diagnostic.span.start)
            && (self.names.is_empty() || self.names.iter().any(|n| names_lint(n, &diagnostic.lint)))
    }
}

fn names_lint(name: &str, id: &str) -> bool {
    id == name
        || id
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The lint id of the diagnostics suppression itself reports.
pub const DIRECTIVE_LINT: &str = "copydesk/directive";

/// Finds every directive in `source`.
pub fn directives(source: &str) -> Vec<Directive> {
    let mut found = Vec::new();
    // Every directive names the tool; most articles hold none, and one search rules that out.
    if !source.contains("copydesk") {
        return found;
    }
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let leading = line.len() - line.trim_start().len();
        if let Some(rest) = trimmed.strip_prefix("copydesk:") {
            if let Some((kind, names)) = parse(rest) {
                found.push(directive(
                    source,
                    kind,
                    names,
                    start + leading..start + leading + trimmed.len(),
                ));
            }
            continue;
        }
        let mut search = 0;
        while let Some(open) = line[search..].find("<!--") {
            let open = search + open;
            let Some(close) = line[open..].find("-->") else {
                break;
            };
            let close = open + close + 3;
            let body = line[open + 4..close - 3].trim();
            if let Some(rest) = body.strip_prefix("copydesk-")
                && let Some((kind, names)) = parse(rest)
            {
                found.push(directive(source, kind, names, start + open..start + close));
            }
            search = close;
        }
    }
    close_regions(&mut found, source.len());
    found
}

fn parse(rest: &str) -> Option<(Kind, Vec<String>)> {
    let rest = rest.trim();
    let (word, names) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let kind = match word.trim_start_matches("copydesk-") {
        "disable-file" => Kind::DisableFile,
        "disable-next-line" => Kind::DisableNextLine,
        "disable" => Kind::Disable,
        "enable" => Kind::Enable,
        _ => return None,
    };
    let names = names
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    Some((kind, names))
}

fn directive(source: &str, kind: Kind, names: Vec<String>, span: Range<usize>) -> Directive {
    let range = match kind {
        Kind::DisableFile => 0..source.len() + 1,
        Kind::DisableNextLine => next_line(source, span.end),
        // Closed by the matching `enable`, or the end of the file.
        Kind::Disable => span.end..source.len() + 1,
        Kind::Enable => span.start..span.start,
    };
    Directive {
        kind,
        span,
        names,
        range,
    }
}

/// The next non-blank line after `offset`.
fn next_line(source: &str, offset: usize) -> Range<usize> {
    let mut start = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i + 1);
    while start < source.len() {
        let end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i + 1);
        if !source[start..end].trim().is_empty() {
            return start..end;
        }
        start = end;
    }
    start..start
}

/// Ends each `disable` region at the first later `enable` that names it (or names nothing).
fn close_regions(found: &mut [Directive], _len: usize) {
    let enables: Vec<(usize, Vec<String>)> = found
        .iter()
        .filter(|d| d.kind == Kind::Enable)
        .map(|d| (d.span.start, d.names.clone()))
        .collect();
    for d in found.iter_mut().filter(|d| d.kind == Kind::Disable) {
        let end = enables.iter().find(|(at, names)| {
            *at >= d.span.end
                && (names.is_empty()
                    || d.names.is_empty()
                    || d.names.iter().any(|n| names.contains(n)))
        });
        if let Some((at, _)) = end {
            d.range.end = *at;
        }
    }
}

/// Every directive of a document: those in the text and, for Markdown, a file-wide one for the
/// front matter's `copydesk: { ignore: [...] }`.
pub fn document_directives(source: &str, markdown: bool) -> Vec<Directive> {
    let mut found = directives(source);
    if markdown && let Some((whole, body)) = crate::document::find_front_matter(source) {
        let names = front_matter_ignores(&source[body]);
        if !names.is_empty() {
            found.push(Directive {
                kind: Kind::DisableFile,
                span: whole,
                names,
                range: 0..source.len() + 1,
            });
        }
    }
    found
}

/// Lint names listed under `copydesk: { ignore: [...] }` in YAML front matter.
pub fn front_matter_ignores(front_matter: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_block = false;
    let mut in_ignore = false;
    for line in front_matter.lines() {
        let indented = line.starts_with([' ', '\t']);
        let trimmed = line.trim();
        if !indented {
            in_ignore = false;
            in_block = false;
            if let Some(rest) = trimmed.strip_prefix("copydesk:") {
                let rest = rest.trim();
                in_block = rest.is_empty();
                if let Some(list) = rest.split_once("ignore:").map(|(_, l)| l) {
                    names.extend(list_items(list));
                }
            }
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(list) = trimmed.strip_prefix("ignore:") {
            in_ignore = true;
            names.extend(list_items(list));
        } else if in_ignore && let Some(item) = trimmed.strip_prefix("- ") {
            names.extend(list_items(item));
        }
    }
    names
}

fn list_items(list: &str) -> impl Iterator<Item = String> + '_ {
    list.split([',', '[', ']', '{', '}'])
        .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\''))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Removes suppressed diagnostics; reports directives naming unknown lints and, when asked,
/// directives that suppressed nothing.
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    directives: &[Directive],
    known: impl Fn(&str) -> bool,
    report_unused: bool,
    mut report: impl FnMut(Range<usize>, Severity, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut used = vec![false; directives.len()];
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let mut suppressed = false;
            for (i, directive) in directives.iter().enumerate() {
                if directive.covers(d) {
                    used[i] = true;
                    suppressed = true;
                }
            }
            !suppressed
        })
        .collect();
    for (i, directive) in directives.iter().enumerate() {
        if let Some(unknown) = directive.names.iter().find(|n| !known(n)) {
            kept.push(report(
                directive.span.clone(),
                Severity::Warning,
                format!("directive names unknown lint `{unknown}`"),
            ));
        } else if report_unused && !used[i] && directive.kind != Kind::Enable {
            kept.push(report(
                directive.span.clone(),
                Severity::Warning,
                "directive suppressed nothing".to_string(),
            ));
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_markdown_and_plain_directives() {
        let text = "<!-- copydesk-disable-file boilerplate -->\nText.\ncopydesk: disable-next-line truncation/doubled-word\nthe the\n<!-- copydesk-disable -->\nA\n<!-- copydesk-enable -->\nB\n";
        let found = directives(text);
        let kinds: Vec<Kind> = found.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::DisableFile,
                Kind::DisableNextLine,
                Kind::Disable,
                Kind::Enable
            ]
        );
        assert_eq!(found[0].names, vec!["boilerplate"]);
        assert_eq!(&text[found[1].range.clone()], "the the\n");
        let region = &text[found[2].range.clone()];
        assert!(region.contains('A') && !region.contains('B'));
    }

    #[test]
    fn reads_front_matter_ignores() {
        assert_eq!(
            front_matter_ignores(
                "title: x\ncopydesk: { ignore: [boilerplate, attribution/reportedly] }\n"
            ),
            vec!["boilerplate", "attribution/reportedly"]
        );
        assert_eq!(
            front_matter_ignores(
                "copydesk:\n  ignore:\n    - truncation\n    - \"consistency\"\nother: 1\n"
            ),
            vec!["truncation", "consistency"]
        );
        assert_eq!(
            front_matter_ignores("copydesk:\n  ignore: [a]\n"),
            vec!["a"]
        );
    }
}

//! Lint documentation: `copydesk explain`, the generated `docs/lints.md`, and the resolved
//! configuration shown by `copydesk config`.

use std::fmt::Write as _;

use crate::config::Resolved;
use crate::engine::{Ruleset, Selection};
use crate::rules::{Example, Lint, SPAN_CLOSE, SPAN_OPEN};

/// An example's text with its expected span marked again, for display.
pub(crate) fn marked(text: &str, span: &Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => format!(
            "{}{SPAN_OPEN}{}{SPAN_CLOSE}{}",
            &text[..span.start],
            &text[span.clone()],
            &text[span.end..]
        ),
        None => text.to_string(),
    }
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| format!("    {l}\n"))
        .collect()
}

/// The text `copydesk explain LINT` prints.
pub fn explain(lint: &Lint) -> String {
    let mut out = String::new();
    let fix = lint.fix.map_or("none", |f| f.as_str());
    let _ = writeln!(
        out,
        "{}  ({} check, {}, fix: {fix})\n",
        lint.id, lint.kind, lint.severity
    );
    let _ = writeln!(out, "What it finds\n{}", indent(&lint.what));
    let _ = writeln!(out, "Why it matters\n{}", indent(&lint.why));
    let _ = writeln!(out, "Fires on");
    for example in lint.examples() {
        if let Example::Bad { text, span, .. } = example {
            out.push_str(&indent(&marked(text, span)));
            out.push('\n');
        }
    }
    let _ = writeln!(out, "Stays quiet on");
    for example in lint.examples() {
        if let Example::Good { text, .. } = example {
            out.push_str(&indent(text));
            out.push('\n');
        }
    }
    let _ = writeln!(out, "Configure or silence it");
    out.push_str(&indent(&configure(lint)));
    out
}

fn configure(lint: &Lint) -> String {
    format!(
        "copydesk.toml:       ignore = [\"{id}\"]   or   [severity] \"{id}\" = \"info\"\n\
         command line:        --ignore {id}\n\
         Markdown, one line:  <!-- copydesk-disable-next-line {id} -->\n\
         Markdown, a region:  <!-- copydesk-disable {id} --> … <!-- copydesk-enable -->\n\
         plain text:          copydesk: disable-next-line {id}",
        id = lint.id
    )
}

/// `docs/lints.md`: every lint's documentation, generated from its definition.
pub fn lints_markdown(ruleset: &Ruleset) -> String {
    let mut out = String::from(
        "# copydesk lints\n\nGenerated from `lints/**/*.toml` by `COPYDESK_BLESS=1 cargo test --test docs`; do not edit by hand.\n",
    );
    let mut family = "";
    for lint in ruleset.lints() {
        if lint.family() != family {
            family = lint.family();
            let _ = write!(out, "\n## {family}\n");
        }
        let fix = lint
            .fix
            .map_or("none".to_string(), |f| format!("`{}`", f.as_str()));
        let _ = write!(
            out,
            "\n### `{}`\n\nCheck kind `{}`, severity `{}`, fix: {fix}.\n\n**What it finds.** {}\n\n**Why it matters.** {}\n\n",
            lint.id,
            lint.kind,
            lint.severity,
            lint.what.trim(),
            lint.why.trim()
        );
        out.push_str("**Fires on:**\n\n");
        for example in lint.examples() {
            if let Example::Bad { text, span, .. } = example {
                let _ = write!(out, "```text\n{}\n```\n\n", marked(text, span).trim_end());
            }
        }
        out.push_str("**Stays quiet on:**\n\n");
        for example in lint.examples() {
            if let Example::Good { text, .. } = example {
                let _ = write!(out, "```text\n{}\n```\n\n", text.trim_end());
            }
        }
    }
    out
}

/// What `copydesk config` prints: the file in force and every lint's state for the path.
pub fn resolved_config(resolved: &Resolved, selection: &Selection, json: bool) -> String {
    let config = &resolved.config;
    let lints = resolved.ruleset.lints();
    let file = config.path.as_ref().map(|p| p.display().to_string());
    if json {
        let value = serde_json::json!({
            "file": file,
            "fail-on": config.fail_on,
            "include": config.include,
            "exclude": config.exclude,
            "lints": config.lints,
            "names": config.names,
            "overrides": config.overrides.iter().map(|o| &o.paths).collect::<Vec<_>>(),
            "rules": lints.iter().enumerate().map(|(i, l)| serde_json::json!({
                "id": l.id, "enabled": selection.is_enabled(i), "severity": selection.severity(i),
            })).collect::<Vec<_>>(),
        });
        return serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# configuration file: {}",
        file.as_deref().unwrap_or("none (defaults)")
    );
    let fail_on = config.fail_on.map_or("warning (default)".to_string(), |f| {
        format!("{f:?}").to_lowercase()
    });
    let _ = writeln!(out, "fail-on = {fail_on}");
    let _ = writeln!(out, "include = {:?}", config.include);
    let _ = writeln!(out, "exclude = {:?}", config.exclude);
    let _ = writeln!(out, "lints = {:?}", config.lints);
    let _ = writeln!(out, "names = {:?}", config.names);
    let _ = writeln!(out, "overrides = {}", config.overrides.len());
    let _ = writeln!(out, "\n# lints for this path");
    for (i, lint) in lints.iter().enumerate() {
        let state = if selection.is_enabled(i) {
            selection.severity(i).map_or("", |s| s.as_str())
        } else {
            "off"
        };
        let _ = writeln!(out, "{:40} {state}", lint.id);
    }
    out
}

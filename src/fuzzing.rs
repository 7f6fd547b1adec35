//! Entry points shared by the fuzz targets (`fuzz/`) and the test that replays their corpus, so
//! both check the same invariants. Each takes raw bytes and panics only when an invariant
//! breaks: that panic is what the fuzzer reports.

use std::sync::OnceLock;

use crate::{Document, Format, Ruleset};

fn check_span(text: &str, span: &std::ops::Range<usize>) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside the text"
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "span {span:?} splits a character"
    );
}

/// Runs a front end; every span must lie on char boundaries inside the text.
pub fn front_end(data: &[u8], format: Format) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::parse(text, format);
    assert_eq!(
        doc.text.len(),
        text.len(),
        "the masked text keeps every offset"
    );
    for span in doc
        .tokens
        .iter()
        .map(|t| t.span())
        .chain(doc.sentences.iter().map(|s| s.span.clone()))
        .chain(doc.blocks.iter().map(|b| b.span.clone()))
        .chain(doc.quotes.iter().map(|q| q.span.clone()))
    {
        check_span(text, &span);
    }
}

/// Loads arbitrary bytes as a lint definition; any outcome but a panic is fine.
pub fn lint_loader(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Ruleset::from_toml("fuzz/lint", text);
}

/// Lints arbitrary text with the default ruleset and applies every fix.
pub fn engine(data: &[u8]) {
    static RULESET: OnceLock<Option<Ruleset>> = OnceLock::new();
    let Some(ruleset) = RULESET.get_or_init(|| Ruleset::builtin().ok()) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Plain, Format::Markdown] {
        let diagnostics = ruleset.lint_text(text, format);
        for d in &diagnostics {
            check_span(text, &d.span);
            for edit in d.fix.iter().flat_map(|f| &f.edits) {
                check_span(text, &edit.span);
            }
        }
        let fixed = crate::fix::apply(text, &diagnostics, true);
        assert!(fixed.applied + fixed.skipped <= diagnostics.len());
    }
}

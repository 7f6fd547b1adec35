//! Property tests: whatever the text, linting never panics, every span lies on char boundaries
//! inside the file, and line/column positions round-trip to the byte offset.

use copydesk::source::LineIndex;
use copydesk::{Document, Format, Ruleset};
use proptest::prelude::*;
use std::sync::OnceLock;

fn ruleset() -> &'static Ruleset {
    static RULESET: OnceLock<Ruleset> = OnceLock::new();
    RULESET
        .get_or_init(|| Ruleset::builtin().unwrap_or_else(|e| panic!("built-in lints load: {e:?}")))
}

/// Pieces that stress segmentation and the front ends: quotes, abbreviations, Markdown
/// syntax, combining marks, right-to-left text, emoji with joiners, CR, BOM, NUL.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("The the ".to_string()),
        Just("U.S. ".to_string()),
        Just("Dr. ".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just(". ".to_string()),
        Just("…".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{0}".to_string()),
        Just("e\u{301}".to_string()),
        Just("مرحبا ".to_string()),
        Just("👩\u{200d}👩\u{200d}👧".to_string()),
        Just("# ".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("```".to_string()),
        Just("`".to_string()),
        Just("<!-- copydesk-disable -->".to_string()),
        Just("[link](http://x.y/a b)".to_string()),
        Just("---\n".to_string()),
        Just("mili- tary ".to_string()),
        Just("Tokyo, Tokyo ".to_string()),
        Just("s the ".to_string()),
        "[a-zA-Z]{1,12} ",
        "\\PC{1,8}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

fn check(text: &str, format: Format) {
    let doc = Document::parse(text, format);
    assert_eq!(doc.text.len(), text.len());
    for span in doc
        .tokens
        .iter()
        .map(|t| t.span())
        .chain(doc.sentences.iter().map(|s| s.span.clone()))
        .chain(doc.blocks.iter().map(|b| b.span.clone()))
        .chain(doc.quotes.iter().map(|q| q.span.clone()))
    {
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{span:?}"
        );
    }
    let lines = LineIndex::new(text);
    for d in ruleset().lint_text(text, format) {
        assert!(
            d.span.end <= text.len()
                && text.is_char_boundary(d.span.start)
                && text.is_char_boundary(d.span.end)
        );
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(
                edit.span.end <= text.len()
                    && text.is_char_boundary(edit.span.start)
                    && text.is_char_boundary(edit.span.end)
            );
        }
        // The reported line and column lead back to the same byte offset.
        let start = lines.line_start(d.start.line - 1);
        let offset = text[start..]
            .char_indices()
            .nth(d.start.column - 1)
            .map_or(text.len(), |(i, _)| start + i);
        assert_eq!(offset, d.span.start, "{d:?}");
        let _ = copydesk::fix::apply(text, std::slice::from_ref(&d), true);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn plain_text_never_panics_and_spans_are_sound(text in text()) {
        check(&text, Format::Plain);
    }

    #[test]
    fn markdown_never_panics_and_spans_are_sound(text in text()) {
        check(&text, Format::Markdown);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,400}") {
        check(&text, Format::Plain);
        check(&text, Format::Markdown);
    }
}

#[test]
fn very_long_lines_words_and_deep_nesting() {
    let long_word = "a".repeat(200_000);
    check(&long_word, Format::Plain);
    let quotes = "“".repeat(50_000);
    check(&quotes, Format::Plain);
    let nested = format!("{}deep\n", "> ".repeat(5_000));
    check(&nested, Format::Markdown);
    let lists = format!("{}item\n", "- ".repeat(2_000));
    check(&lists, Format::Markdown);
}

//! Tests of the document model: blocks, sentences, tokens and quotes map to source bytes.

use super::*;
use std::ops::Range;

fn sentences<'a>(doc: &Document<'a>) -> Vec<&'a str> {
    doc.sentences.iter().map(|s| doc.slice(&s.span)).collect()
}

fn blocks<'a>(doc: &Document<'a>) -> Vec<(BlockKind, &'a str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, doc.slice(&b.span)))
        .collect()
}

#[test]
fn plain_paragraphs_and_standalone_lines() {
    let text = "Headline Without Punctuation\n\nFirst paragraph. It has two sentences.\n\nRelated Articles\n";
    let doc = Document::parse(text, Format::Plain);
    assert_eq!(
        blocks(&doc),
        vec![
            (BlockKind::Line, "Headline Without Punctuation"),
            (
                BlockKind::Paragraph,
                "First paragraph. It has two sentences."
            ),
            (BlockKind::Line, "Related Articles"),
        ]
    );
}

#[test]
fn hard_wrapped_paragraph_stays_one_block_but_a_heading_line_splits_off() {
    let text = "A Short Heading\nThe council met on Monday to discuss the budget for the coming\nyear, and voted to approve it after a long debate.\n";
    let doc = Document::parse(text, Format::Plain);
    let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, vec![BlockKind::Line, BlockKind::Paragraph]);
    assert_eq!(doc.blocks[1].sentences.len(), 1);
}

#[test]
fn abbreviations_initials_and_decimals_do_not_end_sentences() {
    let text = "The U.S. envoy, Mary K. Okafor III, met Dr. Ruiz on Feb. 24 in Lima. Growth was 3.5% in the U.S. The talks ended.";
    let doc = Document::parse(text, Format::Plain);
    assert_eq!(
        sentences(&doc),
        vec![
            "The U.S. envoy, Mary K. Okafor III, met Dr. Ruiz on Feb. 24 in Lima.",
            "Growth was 3.5% in the U.S.",
            "The talks ended.",
        ]
    );
}

#[test]
fn abbreviations_match_whole_words_only() {
    for word in [
        "Adm", "Messrs", "Jr", "Apr", "approx", "Gov't", "Thurs", "p", "K", "U.S", "É",
    ] {
        assert!(is_abbreviation(word), "{word}");
    }
    for word in [
        "",
        "Ad",
        "Admi",
        "mr",
        "MR",
        "Messr",
        "Dr\0",
        "approxi",
        "é",
        "Internationally",
    ] {
        assert!(!is_abbreviation(word), "{word:?}");
    }
    // After an abbreviation that may end a sentence, only a typical opening word starts one.
    for (text, count) in [
        ("Talks in the U.S. However the vote failed.", 2),
        ("Talks in the U.S. Congress failed.", 1),
        ("It merged with Acme Corp. They said so.", 2),
        ("It merged with Acme Corp. Thereafter it grew.", 1),
    ] {
        assert_eq!(
            Document::parse(text, Format::Plain).sentences.len(),
            count,
            "{text}"
        );
    }
}

#[test]
fn quotes_around_sentence_ends() {
    let text = "“We will not back down,” she said. “Never.” He left. “Why?” she asked.";
    let doc = Document::parse(text, Format::Plain);
    assert_eq!(
        sentences(&doc),
        vec![
            "“We will not back down,” she said.",
            "“Never.”",
            "He left.",
            "“Why?” she asked."
        ]
    );
}

#[test]
fn a_lowercase_word_after_a_full_stop_starts_a_spliced_sentence() {
    let doc = Document::parse(
        "The town voted to join the consortium. on water matters.",
        Format::Plain,
    );
    assert_eq!(
        sentences(&doc),
        vec![
            "The town voted to join the consortium.",
            "on water matters."
        ]
    );
    let doc = Document::parse(
        "It costs approx. five dollars, e.g. at noon.",
        Format::Plain,
    );
    assert_eq!(doc.sentences.len(), 1);
}

#[test]
fn ellipses_are_one_token() {
    let doc = Document::parse("And then... nothing happened.", Format::Plain);
    let texts: Vec<&str> = doc.tokens.iter().map(|t| doc.token_text(t)).collect();
    assert_eq!(
        texts,
        vec!["And", "then", "...", "nothing", "happened", "."]
    );
    assert_eq!(doc.sentences.len(), 1);
}

#[test]
fn words_keep_apostrophes_hyphens_and_initialisms() {
    let doc = Document::parse(
        "Russia’s 30-strong U.S.-led bloc isn't 1,000.5 strong.",
        Format::Plain,
    );
    let words: Vec<(&str, TokenKind)> = doc
        .tokens
        .iter()
        .map(|t| (doc.token_text(t), t.kind))
        .collect();
    assert_eq!(words[0], ("Russia’s", TokenKind::Word));
    assert_eq!(words[1], ("30-strong", TokenKind::Word));
    assert_eq!(words[2], ("U.S", TokenKind::Word));
    assert!(words.contains(&("isn't", TokenKind::Word)));
    assert!(words.contains(&("1,000.5", TokenKind::Number)));
}

#[test]
fn open_quotes_continue_into_the_next_paragraph() {
    let text = "“The first part goes on\n\n“and the second part ends here,” she said.";
    let doc = Document::parse(text, Format::Plain);
    assert_eq!(doc.quotes.len(), 2);
    assert!(doc.quotes[0].opened && !doc.quotes[0].closed);
    assert!(doc.quotes[1].opened && doc.quotes[1].closed);
    assert!(doc.is_quoted(text.find("first").unwrap()));
    assert!(!doc.is_quoted(text.find("said").unwrap()));
}

#[test]
fn markdown_hides_code_html_urls_and_front_matter() {
    let text = "---\ntitle: Test\ndate: 2022-06-29\n---\n# The Heading\n\nSee [the the report](https://example.com/the the) and `the the` code.\n\n```\nthe the\n```\n\n<div>the the</div>\n\nVisit https://example.com/x now.\n";
    let doc = Document::parse(text, Format::Markdown);
    assert_eq!(doc.text.len(), text.len());
    assert_eq!(doc.front_matter_value("date"), Some("2022-06-29"));
    let kinds: Vec<BlockKind> = doc.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![
            BlockKind::Heading(1),
            BlockKind::Paragraph,
            BlockKind::Paragraph
        ]
    );
    // Link text is prose; its destination, inline code, fenced code and HTML are not.
    assert_eq!(doc.text.matches("the the").count(), 1);
    assert!(!doc.text.contains("example.com"));
    assert!(!doc.text.contains("title"));
    // Spans point into the Markdown source.
    assert_eq!(doc.slice(&doc.blocks[0].span), "The Heading");
}

#[test]
fn markdown_lists_and_block_quotes() {
    let text = "- first item\n- second item\n\n> A quoted paragraph.\n";
    let doc = Document::parse(text, Format::Markdown);
    assert_eq!(
        blocks(&doc),
        vec![
            (BlockKind::ListItem, "first item"),
            (BlockKind::ListItem, "second item"),
            (BlockKind::Quote, "A quoted paragraph."),
        ]
    );
}

#[test]
fn every_span_lies_on_char_boundaries() {
    let text = "Ça va? “Oui.” 😀 Naïve café… Ελληνικά. \u{200d}\u{301} end\r\n\r\nNext\tline.";
    for format in [Format::Plain, Format::Markdown] {
        let doc = Document::parse(text, format);
        for span in doc
            .tokens
            .iter()
            .map(|t| t.span())
            .chain(doc.sentences.iter().map(|s| s.span.clone()))
            .chain(doc.blocks.iter().map(|b| b.span.clone()))
        {
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{span:?}"
            );
        }
    }
}

/// The tokenizer as first written, one `char` at a time: the byte-level tokenizer must split
/// every text exactly as this does.
fn reference_tokens(slice: &str) -> Vec<(Range<usize>, TokenKind)> {
    fn word(slice: &str, start: usize, first: char) -> (usize, TokenKind) {
        let mut end = start + first.len_utf8();
        let mut has_letter = first.is_alphabetic();
        let mut segment_len = 1usize;
        let mut rest = slice[end..].chars().peekable();
        while let Some(c) = rest.next() {
            if c.is_alphanumeric() {
                has_letter |= c.is_alphabetic();
                segment_len += 1;
                end += c.len_utf8();
                continue;
            }
            let Some(&next) = rest.peek() else { break };
            let joins = match c {
                '\'' | '’' | '-' | '‐' => next.is_alphanumeric(),
                '.' | ',' if !has_letter => next.is_ascii_digit(),
                '.' => {
                    segment_len == 1
                        && next.is_alphabetic()
                        && !rest.clone().nth(1).is_some_and(|n| n.is_alphabetic())
                }
                _ => false,
            };
            if !joins {
                break;
            }
            segment_len = 0;
            end += c.len_utf8();
        }
        (
            end,
            if has_letter {
                TokenKind::Word
            } else {
                TokenKind::Number
            },
        )
    }
    let mut out = Vec::new();
    let mut chars = slice.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let (end, kind) = word(slice, start, c);
            while chars.peek().is_some_and(|(i, _)| *i < end) {
                chars.next();
            }
            out.push((start..end, kind));
            continue;
        }
        let mut end = start + c.len_utf8();
        if c == '.' && slice[start..].starts_with("...") {
            end = start + 3;
            chars.next();
            chars.next();
        }
        out.push((start..end, TokenKind::Punct));
    }
    out
}

fn fast_tokens(slice: &str) -> Vec<(Range<usize>, TokenKind)> {
    let mut tokens = Vec::new();
    segment::tokenize(slice, 0..slice.len(), &mut tokens);
    tokens.into_iter().map(|t| (t.span(), t.kind)).collect()
}

#[test]
fn tokenizer_matches_the_char_by_char_reference_on_tricky_words() {
    for text in [
        "U.S. officials in D.C. met at 3.5 p.m.; 1,200 people... don't go—Jong-un’s e.g. a.b.c",
        "café naïve Ünïcödé ÀB.C. 北京 ١٢٣ x‐y 5.x ,5 'a ’b -c a- a' ... .. ....",
        "İstanbul ǅemal e\u{301}te \u{200d}\u{1F600} a.\u{e9} 3,\u{663} \u{2028}",
    ] {
        assert_eq!(fast_tokens(text), reference_tokens(text), "{text}");
    }
}

#[test]
fn tokenizer_matches_the_reference_around_every_ascii_character() {
    for c in (0u8..0x80).map(char::from) {
        for text in [
            format!("a{c}b A{c}Z 1{c}2 z{c}9 {c}x.{c}.y"),
            format!("U.S{c} 3.{c}5 x{c}{c}y ...{c} ab{c}cd{c}ef"),
        ] {
            assert_eq!(fast_tokens(&text), reference_tokens(&text), "{text:?}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn tokenizer_matches_the_char_by_char_reference(
        text in "[a-zA-Z0-9 .,'’‐\\-éÀ北\u{301}\u{663}\u{2028}\u{a0}\u{85}\t\n\r\u{b}\u{c}\u{0}\u{1c}!?…\"“”@\\[`{/:]{0,60}"
    ) {
        proptest::prop_assert_eq!(fast_tokens(&text), reference_tokens(&text));
    }
}

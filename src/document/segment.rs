//! Word and sentence segmentation shared by every front end.

use std::ops::Range;

use super::{Quote, Sentence, Token, TokenKind, is_closer};

/// Abbreviations after which a full stop does not end a sentence before a capitalised word:
/// titles, which always precede a name.
const TITLES: &[&str] = &[
    "Adm", "Capt", "Cmdr", "Col", "Cpl", "Det", "Dr", "Fr", "Gen", "Gov", "Hon", "Insp", "Lt",
    "Maj", "Messrs", "Mr", "Mrs", "Ms", "Mt", "Pres", "Prof", "Rep", "Rev", "Sen", "Sgt", "Sr",
    "St", "Supt", "Jr",
];

/// Abbreviations that usually continue a sentence but may also end one.
const ABBREVIATIONS: &[&str] = &[
    "Apr", "Aug", "Ave", "Blvd", "Bros", "Co", "Corp", "Dec", "Dept", "Est", "Feb", "Fig", "Fri",
    "Ft", "Inc", "Jan", "Jul", "Jun", "Ltd", "Mar", "Mon", "No", "Nos", "Nov", "Oct", "Rd", "Sat",
    "Sep", "Sept", "Sun", "Thu", "Thurs", "Tue", "Tues", "Univ", "Wed", "al", "approx", "ca", "cf",
    "etc", "vs", "viz", "p", "pp", "vol", "ed", "eds", "esp", "incl", "min", "max", "mln", "bn",
    "tel", "Gov't", "Govt",
];

/// Capitalised words that typically open a sentence, used to decide whether a full stop after an
/// abbreviation ("the U.S. The talks") also ends the sentence.
const OPENERS: &[&str] = &[
    "A", "After", "An", "And", "As", "At", "But", "Each", "For", "He", "Her", "His", "However",
    "I", "If", "In", "It", "Its", "Many", "Most", "No", "Now", "On", "One", "Our", "She", "Some",
    "So", "That", "The", "Their", "There", "These", "They", "This", "Those", "To", "We", "What",
    "When", "While", "Yet", "You",
];

/// True when `word` (without its final full stop) is an abbreviation, an initial or an
/// initialism, after which a full stop need not end the sentence.
pub fn is_abbreviation(word: &str) -> bool {
    is_title_or_initial(word) || ABBREVIATIONS.contains(&word) || word.contains('.')
}

fn is_title_or_initial(word: &str) -> bool {
    let mut chars = word.chars();
    let single_capital =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    single_capital || TITLES.contains(&word)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text[span]` into tokens, appending them to `out`.
///
/// Words are runs of alphanumeric characters joined by apostrophes and hyphens ("don't",
/// "Jong-un"), numbers keep their decimal points and thousands separators ("3.5", "1,200"), and
/// single letters joined by dots stay one initialism ("U.S"). Every other character that is not
/// whitespace is one punctuation token, except "..." which is one. ASCII bytes, nearly all of an
/// English text, are classified without decoding a `char`.
pub(crate) fn tokenize(text: &str, span: Range<usize>, out: &mut Vec<Token>) {
    let base = span.start;
    let slice = &text[span];
    let bytes = slice.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII whitespace, as `char::is_whitespace` counts it.
        if matches!(b, b' ' | b'\t'..=b'\r') {
            i += 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            char_at(slice, i)
        };
        if b >= 0x80 && c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if is_word_char(c) {
            let (end, kind) = scan_word(slice, i, c);
            out.push(Token {
                span: base + i..base + end,
                kind,
            });
            i = end;
            continue;
        }
        let end = if b == b'.' && bytes[i..].starts_with(b"...") {
            i + 3
        } else {
            i + c.len_utf8()
        };
        out.push(Token {
            span: base + i..base + end,
            kind: TokenKind::Punct,
        });
        i = end;
    }
}

/// The character starting at byte `i` of `slice`, which must be a character boundary inside it.
fn char_at(slice: &str, i: usize) -> char {
    slice[i..].chars().next().unwrap_or('\0')
}

/// The character starting at byte `i`, or `None` at the end of `slice`.
fn next_char(slice: &str, i: usize) -> Option<char> {
    match slice.as_bytes().get(i) {
        None => None,
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => slice[i..].chars().next(),
    }
}

/// Scans one word or number starting at `start`; returns its end and kind.
fn scan_word(slice: &str, start: usize, first: char) -> (usize, TokenKind) {
    let bytes = slice.as_bytes();
    let mut end = start + first.len_utf8();
    let mut has_letter = first.is_alphabetic();
    let mut segment_len = 1usize;
    loop {
        // The common case: a run of ASCII letters and digits.
        let rest = &bytes[end..];
        let run = rest
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if !has_letter {
            has_letter = rest[..run].iter().any(u8::is_ascii_alphabetic);
        }
        segment_len += run;
        end += run;
        let Some(c) = next_char(slice, end) else {
            break;
        };
        if is_word_char(c) {
            has_letter |= c.is_alphabetic();
            segment_len += 1;
            end += c.len_utf8();
            continue;
        }
        let after = end + c.len_utf8();
        let Some(next) = next_char(slice, after) else {
            break;
        };
        let joins = match c {
            '\'' | '’' | '-' | '‐' => is_word_char(next),
            // Decimals and thousands separators inside numbers.
            '.' | ',' if !has_letter => next.is_ascii_digit(),
            // Initialisms such as U.S or D.C: single letters joined by dots.
            '.' => {
                segment_len == 1
                    && next.is_alphabetic()
                    && !next_char(slice, after + next.len_utf8()).is_some_and(|n| n.is_alphabetic())
            }
            _ => false,
        };
        if !joins {
            break;
        }
        segment_len = 0;
        end = after;
    }
    let kind = if has_letter {
        TokenKind::Word
    } else {
        TokenKind::Number
    };
    (end, kind)
}

/// Groups the tokens `range` of one block into sentences.
pub(crate) fn sentences(
    text: &str,
    tokens: &[Token],
    range: Range<usize>,
    block: usize,
    out: &mut Vec<Sentence>,
) {
    let mut start = range.start;
    let mut i = range.start;
    while i < range.end {
        let token = &tokens[i];
        let mut end = i + 1;
        if token.kind == TokenKind::Punct && is_sentence_mark(&text[token.span.clone()]) {
            // Closing quotes and brackets belong to the sentence they close.
            while end < range.end
                && is_closing(text, &tokens[end])
                && tokens[end].span.start == tokens[end - 1].span.end
            {
                end += 1;
            }
            if end == range.end || ends_sentence(text, tokens, i, end) {
                push(out, tokens, start..end, block);
                start = end;
            }
        }
        i = end;
    }
    if start < range.end {
        push(out, tokens, start..range.end, block);
    }
}

fn push(out: &mut Vec<Sentence>, tokens: &[Token], range: Range<usize>, block: usize) {
    let span = tokens[range.start].span.start..tokens[range.end - 1].span.end;
    out.push(Sentence {
        span,
        tokens: range,
        block,
    });
}

fn is_sentence_mark(mark: &str) -> bool {
    matches!(mark, "." | "!" | "?" | "..." | "…")
}

fn is_closing(text: &str, token: &Token) -> bool {
    token.kind == TokenKind::Punct
        && text[token.span.clone()]
            .chars()
            .next()
            .is_some_and(is_closer)
}

/// Decides whether the mark at `mark` (with closers up to `next`) ends the sentence, given the
/// word before it and the token after it.
fn ends_sentence(text: &str, tokens: &[Token], mark: usize, next: usize) -> bool {
    let after = &tokens[next];
    // "member.on" or "3.5" never split: a sentence end is followed by space.
    if after.span.start == tokens[next - 1].span.end {
        return false;
    }
    let after_text = &text[after.span.clone()];
    let Some(first) = after_text.chars().next() else {
        return false;
    };
    let lower = first.is_lowercase();
    let mark_text = &text[tokens[mark].span.clone()];
    let closed_by_quote = next > mark + 1;
    if mark_text != "." {
        // "Why?" she asked. / "and then… the" continue the sentence.
        return !lower;
    }
    let previous = (mark > 0).then(|| &tokens[mark - 1]);
    let word = previous
        .filter(|t| t.kind == TokenKind::Word && t.span.end == tokens[mark].span.start)
        .map(|t| &text[t.span.clone()]);
    if lower {
        // A lowercase word after a real full stop is a spliced sentence; after an abbreviation
        // ("approx. five", "p.m. on") or a quotation it is the same sentence.
        return !closed_by_quote && word.is_some_and(|w| !is_abbreviation(w));
    }
    match word {
        Some(w) if is_title_or_initial(w) => false,
        Some(w) if is_abbreviation(w) => OPENERS.contains(&after_text),
        _ => true,
    }
}

/// Finds double-quoted passages among the tokens of one block.
pub(crate) fn quotes(text: &str, tokens: &[Token], block: usize, out: &mut Vec<Quote>) {
    let mut open: Option<usize> = None;
    let mut first = true;
    for (i, token) in tokens.iter().enumerate() {
        if token.kind != TokenKind::Punct {
            first = false;
            continue;
        }
        let mark = &text[token.span.clone()];
        let opening = match mark {
            "“" | "„" | "«" => true,
            "”" | "»" => false,
            "\"" => straight_quote_opens(text, tokens, i),
            _ => {
                first = false;
                continue;
            }
        };
        match (opening, open) {
            (true, None) => open = Some(token.span.start),
            (false, Some(start)) => {
                out.push(Quote {
                    span: start..token.span.end,
                    block,
                    opened: true,
                    closed: true,
                });
                open = None;
            }
            (false, None) if first || out.last().is_none_or(|q| q.block != block) => {
                // A closing mark with no opening one: the passage began in an earlier paragraph.
                out.push(Quote {
                    span: tokens[0].span.start..token.span.end,
                    block,
                    opened: false,
                    closed: true,
                });
            }
            _ => {}
        }
        first = false;
    }
    if let (Some(start), Some(last)) = (open, tokens.last()) {
        out.push(Quote {
            span: start..last.span.end,
            block,
            opened: true,
            closed: false,
        });
    }
}

/// A straight double quote opens when it follows whitespace, an opening bracket or nothing.
fn straight_quote_opens(text: &str, tokens: &[Token], i: usize) -> bool {
    let start = tokens[i].span.start;
    match text[..start].chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-'),
    }
}

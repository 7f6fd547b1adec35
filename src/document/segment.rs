//! Word and sentence segmentation shared by every front end.

use std::ops::Range;

use super::{MAX_TOKENIZED_BYTES, Quote, Sentence, Token, TokenKind, is_closer};

/// Abbreviations after which a full stop does not end a sentence before a capitalised word:
/// titles, which always precede a name.
static TITLES: WordSet<29> = WordSet::new([
    "Adm", "Capt", "Cmdr", "Col", "Cpl", "Det", "Dr", "Fr", "Gen", "Gov", "Hon", "Insp", "Lt",
    "Maj", "Messrs", "Mr", "Mrs", "Ms", "Mt", "Pres", "Prof", "Rep", "Rev", "Sen", "Sgt", "Sr",
    "St", "Supt", "Jr",
]);

/// Abbreviations that usually continue a sentence but may also end one.
static ABBREVIATIONS: WordSet<57> = WordSet::new([
    "Apr", "Aug", "Ave", "Blvd", "Bros", "Co", "Corp", "Dec", "Dept", "Est", "Feb", "Fig", "Fri",
    "Ft", "Inc", "Jan", "Jul", "Jun", "Ltd", "Mar", "Mon", "No", "Nos", "Nov", "Oct", "Rd", "Sat",
    "Sep", "Sept", "Sun", "Thu", "Thurs", "Tue", "Tues", "Univ", "Wed", "al", "approx", "ca", "cf",
    "etc", "vs", "viz", "p", "pp", "vol", "ed", "eds", "esp", "incl", "min", "max", "mln", "bn",
    "tel", "Gov't", "Govt",
]);

/// Capitalised words that typically open a sentence, used to decide whether a full stop after an
/// abbreviation ("the U.S. The talks") also ends the sentence.
static OPENERS: WordSet<43> = WordSet::new([
    "A", "After", "An", "And", "As", "At", "But", "Each", "For", "He", "Her", "His", "However",
    "I", "If", "In", "It", "Its", "Many", "Most", "No", "Now", "On", "One", "Our", "She", "Some",
    "So", "That", "The", "Their", "There", "These", "They", "This", "Those", "To", "We", "What",
    "When", "While", "Yet", "You",
]);

/// True when `word` (without its final full stop) is an abbreviation, an initial or an
/// initialism, after which a full stop need not end the sentence.
pub fn is_abbreviation(word: &str) -> bool {
    is_title_or_initial(word) || is_ambiguous_abbreviation(word)
}

fn is_title_or_initial(word: &str) -> bool {
    let mut chars = word.chars();
    let single_capital =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    single_capital || TITLES.contains(word)
}

/// True when a full stop after `word` may or may not end the sentence: an abbreviation that can
/// close one ("Inc.", "etc.") or an initialism ("U.S").
fn is_ambiguous_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(word) || word.as_bytes().contains(&b'.')
}

/// A set of words of up to seven bytes, each packed with its length into a `u64` and sorted at
/// compile time, so that a lookup is a binary search over integers rather than a string
/// comparison with every entry.
struct WordSet<const N: usize>([u64; N]);

impl<const N: usize> WordSet<N> {
    const fn new(words: [&str; N]) -> Self {
        let mut keys = [0; N];
        let mut i = 0;
        while i < N {
            let Some(key) = pack(words[i].as_bytes()) else {
                panic!("a word of a WordSet is longer than seven bytes");
            };
            // Insertion sort: the lists are short and sorted once, by the compiler.
            let mut j = i;
            while j > 0 && keys[j - 1] > key {
                keys[j] = keys[j - 1];
                j -= 1;
            }
            keys[j] = key;
            i += 1;
        }
        WordSet(keys)
    }

    fn contains(&self, word: &str) -> bool {
        pack(word.as_bytes()).is_some_and(|key| self.0.binary_search(&key).is_ok())
    }
}

/// `word` as one integer, its length above its bytes so that no two words share a key, or `None`
/// when it is longer than seven bytes.
const fn pack(word: &[u8]) -> Option<u64> {
    if word.len() > 7 {
        return None;
    }
    let mut key = word.len() as u64;
    let mut i = 0;
    while i < word.len() {
        key = key << 8 | word[i] as u64;
        i += 1;
    }
    Some(key)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// How the tokenizer treats a byte. ASCII bytes, nearly all of an English text, are classified
/// by one table lookup; only the bytes of a multi-byte character need a `char` decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ASCII whitespace, as `char::is_whitespace` counts it.
    Space,
    /// An ASCII letter or digit.
    Alphanumeric,
    /// ASCII punctuation that may join the parts of a word or number: `'`, `-`, `.` and `,`.
    Joiner,
    /// Any other ASCII character, a punctuation token of its own.
    Punct,
    /// A byte of a multi-byte character.
    NonAscii,
}

static CLASSES: [Class; 256] = {
    let mut table = [Class::NonAscii; 256];
    let mut b = 0;
    while b < 0x80 {
        table[b] = match b as u8 {
            b' ' | b'\t'..=b'\r' => Class::Space,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => Class::Alphanumeric,
            b'\'' | b'-' | b'.' | b',' => Class::Joiner,
            _ => Class::Punct,
        };
        b += 1;
    }
    table
};

fn class(b: u8) -> Class {
    CLASSES[usize::from(b)]
}

/// Splits `text[span]` into tokens, appending them to `out`.
///
/// Words are runs of alphanumeric characters joined by apostrophes and hyphens ("don't",
/// "Jong-un"), numbers keep their decimal points and thousands separators ("3.5", "1,200"), and
/// single letters joined by dots stay one initialism ("U.S"). Every other character that is not
/// whitespace is one punctuation token, except "..." which is one.
pub(crate) fn tokenize(text: &str, span: Range<usize>, out: &mut Vec<Token>) {
    // Token offsets are 32-bit: text past MAX_TOKENIZED_BYTES (a 4 GiB document, which the
    // file-size limit keeps out) is not tokenized. The end of the last token lies before it.
    let mut end = span.end.min(MAX_TOKENIZED_BYTES.saturating_sub(4));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if span.start >= end {
        return;
    }
    let span = span.start..end;
    let base = span.start;
    let slice = &text[span];
    let bytes = slice.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (end, kind) = match class(b) {
            Class::Space => {
                i += 1;
                continue;
            }
            Class::Alphanumeric => {
                // Most words are ASCII letters followed by a space or punctuation that cannot
                // join them to more.
                let (end, stop) = ascii_alphanumeric_run(bytes, i + 1);
                let has_letter = b.is_ascii_alphabetic() || has_ascii_letter(&bytes[i..end]);
                match stop {
                    None | Some(Class::Space | Class::Punct) => (end, word_kind(has_letter)),
                    _ => scan_word(slice, i, end, has_letter),
                }
            }
            Class::Joiner if b == b'.' && bytes[i..].starts_with(b"...") => {
                (i + 3, TokenKind::Punct)
            }
            Class::Joiner | Class::Punct => (i + 1, TokenKind::Punct),
            Class::NonAscii => {
                let c = char_at(slice, i);
                if c.is_whitespace() {
                    i += c.len_utf8();
                    continue;
                }
                if is_word_char(c) {
                    scan_word(slice, i, i + c.len_utf8(), c.is_alphabetic())
                } else {
                    (i + c.len_utf8(), TokenKind::Punct)
                }
            }
        };
        out.push(Token::new(base + i..base + end, kind));
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

/// Scans one word or number starting at `start`, of which `start..end` (no more than one
/// segment: letters and digits with no joining mark) has been read and holds a letter if
/// `has_letter`; returns its end and kind.
fn scan_word(
    slice: &str,
    start: usize,
    mut end: usize,
    mut has_letter: bool,
) -> (usize, TokenKind) {
    let bytes = slice.as_bytes();
    // Where the characters since the last joining mark begin: each part of an initialism is one
    // letter.
    let mut segment = start;
    while let Some(&b) = bytes.get(end) {
        let c = match class(b) {
            Class::Alphanumeric => {
                let run = end..ascii_alphanumeric_run(bytes, end).0;
                has_letter = has_letter || has_ascii_letter(&bytes[run.clone()]);
                end = run.end;
                continue;
            }
            Class::Joiner => b as char,
            Class::NonAscii => char_at(slice, end),
            Class::Space | Class::Punct => break,
        };
        if is_word_char(c) {
            has_letter |= c.is_alphabetic();
            end += c.len_utf8();
            continue;
        }
        let after = end + c.len_utf8();
        let joins = match c {
            '\'' | '’' | '-' | '‐' => next_char(slice, after).is_some_and(is_word_char),
            // Decimals and thousands separators inside numbers.
            '.' | ',' if !has_letter => bytes.get(after).is_some_and(u8::is_ascii_digit),
            // Initialisms such as U.S or D.C: single letters joined by dots.
            '.' => is_one_char(&slice[segment..end]) && starts_single_letter(slice, after),
            _ => false,
        };
        if !joins {
            break;
        }
        segment = after;
        end = after;
    }
    (end, word_kind(has_letter))
}

fn word_kind(has_letter: bool) -> TokenKind {
    if has_letter {
        TokenKind::Word
    } else {
        TokenKind::Number
    }
}

/// The end of the run of ASCII letters and digits that starts at byte `i`, and the class of the
/// byte after it.
fn ascii_alphanumeric_run(bytes: &[u8], mut i: usize) -> (usize, Option<Class>) {
    loop {
        match bytes.get(i).map(|&b| class(b)) {
            Some(Class::Alphanumeric) => i += 1,
            stop => return (i, stop),
        }
    }
}

fn has_ascii_letter(bytes: &[u8]) -> bool {
    bytes.iter().any(u8::is_ascii_alphabetic)
}

/// True when `text` is exactly one character.
fn is_one_char(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some() && chars.next().is_none()
}

/// True when the character at byte `i` is alphabetic and the one after it is not.
fn starts_single_letter(slice: &str, i: usize) -> bool {
    let Some(c) = next_char(slice, i).filter(|c| c.is_alphabetic()) else {
        return false;
    };
    !next_char(slice, i + c.len_utf8()).is_some_and(char::is_alphabetic)
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
    while let Some(offset) = tokens[i..range.end]
        .iter()
        .position(|t| is_sentence_mark(text, t))
    {
        let mark = i + offset;
        let mut end = mark + 1;
        // Closing quotes and brackets belong to the sentence they close.
        while end < range.end
            && is_closing(text, &tokens[end])
            && tokens[end].span().start == tokens[end - 1].span().end
        {
            end += 1;
        }
        if end == range.end || ends_sentence(text, tokens, mark, end) {
            push(out, tokens, start..end, block);
            start = end;
        }
        i = end;
    }
    if start < range.end {
        push(out, tokens, start..range.end, block);
    }
}

fn push(out: &mut Vec<Sentence>, tokens: &[Token], range: Range<usize>, block: usize) {
    let span = tokens[range.start].span().start..tokens[range.end - 1].span().end;
    out.push(Sentence {
        span,
        tokens: range,
        block,
    });
}

/// True for a full stop, exclamation or question mark, or ellipsis.
fn is_sentence_mark(text: &str, token: &Token) -> bool {
    if token.kind != TokenKind::Punct {
        return false;
    }
    // A punctuation token is one character or "...", so its first byte nearly decides.
    match text.as_bytes()[token.span().start] {
        b'.' | b'!' | b'?' => true,
        _ => &text.as_bytes()[token.span()] == "…".as_bytes(),
    }
}

fn is_closing(text: &str, token: &Token) -> bool {
    token.kind == TokenKind::Punct && text[token.span()].chars().next().is_some_and(is_closer)
}

/// Decides whether the mark at `mark` (with closers up to `next`) ends the sentence, given the
/// word before it and the token after it.
fn ends_sentence(text: &str, tokens: &[Token], mark: usize, next: usize) -> bool {
    let after = &tokens[next];
    // "member.on" or "3.5" never split: a sentence end is followed by space.
    if after.span().start == tokens[next - 1].span().end {
        return false;
    }
    let after_text = &text[after.span()];
    let Some(first) = after_text.chars().next() else {
        return false;
    };
    let lower = first.is_lowercase();
    let mark_text = &text[tokens[mark].span()];
    let closed_by_quote = next > mark + 1;
    if mark_text != "." {
        // "Why?" she asked. / "and then… the" continue the sentence.
        return !lower;
    }
    let previous = (mark > 0).then(|| &tokens[mark - 1]);
    let word = previous
        .filter(|t| t.kind == TokenKind::Word && t.span().end == tokens[mark].span().start)
        .map(|t| &text[t.span()]);
    if lower {
        // A lowercase word after a real full stop is a spliced sentence; after an abbreviation
        // ("approx. five", "p.m. on") or a quotation it is the same sentence.
        return !closed_by_quote && word.is_some_and(|w| !is_abbreviation(w));
    }
    match word {
        Some(w) if is_title_or_initial(w) => false,
        Some(w) if is_ambiguous_abbreviation(w) => OPENERS.contains(after_text),
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
        let mark = &text[token.span()];
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
            (true, None) => open = Some(token.span().start),
            (false, Some(start)) => {
                out.push(Quote {
                    span: start..token.span().end,
                    block,
                    opened: true,
                    closed: true,
                });
                open = None;
            }
            (false, None) if first || out.last().is_none_or(|q| q.block != block) => {
                // A closing mark with no opening one: the passage began in an earlier paragraph.
                out.push(Quote {
                    span: tokens[0].span().start..token.span().end,
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
            span: start..last.span().end,
            block,
            opened: true,
            closed: false,
        });
    }
}

/// A straight double quote opens when it follows whitespace, an opening bracket or nothing.
fn straight_quote_opens(text: &str, tokens: &[Token], i: usize) -> bool {
    let start = tokens[i].span().start;
    match text[..start].chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-'),
    }
}

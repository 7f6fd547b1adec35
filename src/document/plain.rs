//! Plain-text front end: paragraphs are separated by blank lines; a short line with no terminal
//! punctuation stands as a line of its own (headline, subheading, credit or page furniture).

use std::borrow::Cow;
use std::ops::Range;

use super::{BlockKind, Layout, blank, ends_with_terminal, trim_span};

/// Lines longer than this are taken as whole unwrapped paragraphs, never as hard-wrapped text.
const WRAP_WIDTH: usize = 100;

pub(crate) fn layout(source: &str) -> Layout<'_> {
    let found = super::find_front_matter(source);
    let directives = crate::suppress::directives(source);
    let clean = found.is_none()
        && directives.is_empty()
        && !source.starts_with('\u{feff}')
        && !has_control(source.as_bytes());
    let front_matter = found
        .clone()
        .map(|(_, body)| super::front_matter_fields(&source[body]))
        .unwrap_or_default();
    // Most articles need nothing blanked: the text is the source itself, not a copy.
    let text = if clean {
        Cow::Borrowed(source)
    } else {
        let mut masked = source.as_bytes().to_vec();
        mask_control(source, &mut masked);
        if let Some((whole, _)) = found {
            blank(&mut masked, whole);
        }
        // Suppression directives are instructions to copydesk, not article text.
        for directive in directives {
            blank(&mut masked, directive.span);
        }
        // Only ASCII bytes were replaced by ASCII spaces, and whole characters at that, so
        // this cannot fail; fall back to the source rather than panic if that ever changes.
        Cow::Owned(String::from_utf8(masked).unwrap_or_else(|_| source.to_string()))
    };
    let blocks = blocks(&text);
    Layout {
        text,
        blocks,
        front_matter,
    }
}

/// Whether `bytes` hold a control byte, tested 64 bytes at a time without an early exit
/// inside a block, which the compiler turns into vector instructions.
fn has_control(bytes: &[u8]) -> bool {
    bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |found, &b| found | is_control(b)))
}

/// Tabs, carriage returns, NUL and the other ASCII control bytes but the line feed.
fn is_control(byte: u8) -> bool {
    byte != b'\n' && (byte < b' ' || byte == 0x7f)
}

/// Blanks tabs, carriage returns, NUL and other ASCII control bytes, and a byte-order mark.
fn mask_control(source: &str, masked: &mut [u8]) {
    for (i, byte) in source.bytes().enumerate() {
        if is_control(byte) {
            masked[i] = b' ';
        }
    }
    if source.starts_with('\u{feff}') {
        blank(masked, 0..3);
    }
}

fn blocks(text: &str) -> Vec<(BlockKind, Range<usize>)> {
    let mut blocks = Vec::new();
    let mut group: Vec<Range<usize>> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let span = trim_span(text, offset..offset + line.len());
        offset += line.len();
        if span.is_empty() {
            split_group(text, &group, &mut blocks);
            group.clear();
        } else {
            group.push(span);
        }
    }
    split_group(text, &group, &mut blocks);
    blocks
}

/// Turns a run of non-blank lines into blocks.
fn split_group(text: &str, lines: &[Range<usize>], blocks: &mut Vec<(BlockKind, Range<usize>)>) {
    let Some(first) = lines.first() else {
        return;
    };
    if lines.len() == 1 {
        blocks.push((single_line_kind(&text[first.clone()]), first.clone()));
        return;
    }
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| text[l.clone()].chars().count())
        .collect();
    let longest = widths.iter().copied().max().unwrap_or(0);
    let wrapped = widths[..widths.len() - 1].iter().all(|w| *w <= WRAP_WIDTH);
    if !wrapped {
        // Unwrapped text puts one paragraph on each line.
        for line in lines {
            blocks.push((single_line_kind(&text[line.clone()]), line.clone()));
        }
        return;
    }
    let mut paragraph: Option<Range<usize>> = None;
    for (i, line) in lines.iter().enumerate() {
        let previous_ends = i == 0 || ends_with_terminal(&text[lines[i - 1].clone()]);
        let next_starts = lines
            .get(i + 1)
            .is_none_or(|next| starts_like_sentence(&text[next.clone()]));
        let own = &text[line.clone()];
        let standalone = previous_ends
            && next_starts
            && !ends_with_terminal(own)
            && widths[i] * 10 <= longest * 7;
        if standalone {
            if let Some(p) = paragraph.take() {
                blocks.push((BlockKind::Paragraph, p));
            }
            blocks.push((BlockKind::Line, line.clone()));
        } else {
            paragraph = Some(match paragraph {
                Some(p) => p.start..line.end,
                None => line.clone(),
            });
        }
    }
    if let Some(p) = paragraph {
        blocks.push((BlockKind::Paragraph, p));
    }
}

fn single_line_kind(line: &str) -> BlockKind {
    if ends_with_terminal(line) {
        BlockKind::Paragraph
    } else {
        BlockKind::Line
    }
}

fn starts_like_sentence(line: &str) -> bool {
    line.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘'))
}

//! The one analysis every check reads: blocks, sentences, tokens and quotations, built once per file.
//!
//! Every span is a byte range into the original source. Front ends produce a *masked* copy of the
//! source of the same length in which everything that is not prose (code, markup, URLs, HTML,
//! front matter) is blanked to spaces, so pattern matching on it reports offsets that are valid in
//! the original file without any mapping table.

mod markdown;
mod plain;
mod segment;

use std::ops::Range;

pub use segment::is_abbreviation;

use crate::source::Format;

/// What kind of block a run of text is; checks treat headings and lists differently from prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph of running prose.
    Paragraph,
    /// A Markdown heading, with its level.
    Heading(u8),
    /// A plain-text line standing alone with no terminal punctuation: a headline, subheading,
    /// credit or leftover page furniture.
    Line,
    /// A paragraph inside a block quote.
    Quote,
    /// A list item.
    ListItem,
    /// A table cell.
    Cell,
}

/// A block of text: paragraph, heading, quote or list item.
#[derive(Clone, Debug)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Byte span, trimmed of surrounding whitespace and markup.
    pub span: Range<usize>,
    /// Indices into [`Document::sentences`].
    pub sentences: Range<usize>,
    /// Indices into [`Document::tokens`].
    pub tokens: Range<usize>,
}

/// A sentence inside one block.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// Byte span from the first to the last token, closing quotes included.
    pub span: Range<usize>,
    /// Indices into [`Document::tokens`].
    pub tokens: Range<usize>,
    /// Index of the block that holds it.
    pub block: usize,
}

/// The lexical class of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes, hyphens, digits or initialism dots ("U.S").
    Word,
    /// Digits with inner separators ("3.5", "1,000").
    Number,
    /// Any other single character, or an ellipsis written as three dots.
    Punct,
}

/// A word, number or punctuation mark.
///
/// Its offsets are stored as `u32`, which halves the token list, the largest structure of a
/// parsed document: a document holds at most [`MAX_TOKENIZED_BYTES`] of tokenized text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
    /// Lexical class.
    pub kind: TokenKind,
}

/// How much of a document is split into tokens: offsets beyond it do not fit a token. Files
/// are refused long before this (`max-file-size`, 32 MiB by default, at most 4 GiB).
pub const MAX_TOKENIZED_BYTES: usize = u32::MAX as usize;

impl Token {
    /// A token over `span`, which must end by [`MAX_TOKENIZED_BYTES`].
    pub fn new(span: Range<usize>, kind: TokenKind) -> Token {
        debug_assert!(span.end <= MAX_TOKENIZED_BYTES);
        Token {
            start: span.start as u32,
            end: span.end as u32,
            kind,
        }
    }

    /// Byte span.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A double-quoted passage inside one block.
#[derive(Clone, Debug)]
pub struct Quote {
    /// From the opening mark (or block start) to the closing mark (or block end), inclusive.
    pub span: Range<usize>,
    /// Index of the block that holds it.
    pub block: usize,
    /// The passage starts with an opening mark in this block.
    pub opened: bool,
    /// The passage ends with a closing mark in this block; a paragraph that opens a quotation
    /// without closing it continues into the next paragraph.
    pub closed: bool,
}

/// A `key: value` line of YAML front matter.
#[derive(Clone, Debug)]
pub struct FrontMatterField {
    /// The key, as written.
    pub key: String,
    /// The value with surrounding quotes removed.
    pub value: String,
}

/// The analysed document.
#[derive(Debug)]
pub struct Document<'a> {
    /// The original text.
    pub source: &'a str,
    /// The format the front end read.
    pub format: Format,
    /// The source with non-prose bytes blanked; same length and line structure. Borrowed
    /// when nothing needed blanking, as in most plain-text articles.
    pub text: std::borrow::Cow<'a, str>,
    /// Blocks in source order.
    pub blocks: Vec<Block>,
    /// Sentences in source order.
    pub sentences: Vec<Sentence>,
    /// Tokens in source order.
    pub tokens: Vec<Token>,
    /// Quoted passages in source order.
    pub quotes: Vec<Quote>,
    /// Top-level fields of the front matter, if any.
    pub front_matter: Vec<FrontMatterField>,
}

impl<'a> Document<'a> {
    /// Analyses `source` with the front end for `format`.
    pub fn parse(source: &'a str, format: Format) -> Document<'a> {
        let layout = match format {
            Format::Plain => plain::layout(source),
            Format::Markdown => markdown::layout(source),
        };
        let mut doc = Document {
            source,
            format,
            text: layout.text,
            blocks: Vec::with_capacity(layout.blocks.len()),
            sentences: Vec::new(),
            tokens: Vec::with_capacity(source.len() / 5),
            quotes: Vec::new(),
            front_matter: layout.front_matter,
        };
        for (kind, span) in layout.blocks {
            let index = doc.blocks.len();
            let token_start = doc.tokens.len();
            segment::tokenize(&doc.text, span.clone(), &mut doc.tokens);
            let tokens = token_start..doc.tokens.len();
            if tokens.is_empty() {
                continue;
            }
            let sentence_start = doc.sentences.len();
            segment::sentences(
                &doc.text,
                &doc.tokens,
                tokens.clone(),
                index,
                &mut doc.sentences,
            );
            segment::quotes(
                &doc.text,
                &doc.tokens[tokens.clone()],
                index,
                &mut doc.quotes,
            );
            doc.blocks.push(Block {
                kind,
                span,
                sentences: sentence_start..doc.sentences.len(),
                tokens,
            });
        }
        doc
    }

    /// The original text of a span.
    pub fn slice(&self, span: &Range<usize>) -> &'a str {
        &self.source[span.clone()]
    }

    /// The text of a token.
    pub fn token_text(&self, token: &Token) -> &'a str {
        &self.source[token.span()]
    }

    /// The tokens of a block.
    pub fn block_tokens(&self, block: &Block) -> &[Token] {
        &self.tokens[block.tokens.clone()]
    }

    /// The tokens of a sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        &self.tokens[sentence.tokens.clone()]
    }

    /// The sentences of a block.
    pub fn block_sentences(&self, block: &Block) -> &[Sentence] {
        &self.sentences[block.sentences.clone()]
    }

    /// Index of the sentence containing byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        let sentence = self.sentences.get(i)?;
        (sentence.span.start <= offset).then_some(i)
    }

    /// Index of the block containing byte `offset`, if any.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.span.end <= offset);
        let block = self.blocks.get(i)?;
        (block.span.start <= offset).then_some(i)
    }

    /// Index of the first token starting at or after `offset`.
    pub fn token_index_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.span().start < offset)
    }

    /// Whether byte `offset` lies inside a quoted passage.
    pub fn is_quoted(&self, offset: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.span.end <= offset);
        self.quotes.get(i).is_some_and(|q| q.span.start <= offset)
    }

    /// The lines of prose: each line of each block, trimmed, with its byte span.
    pub fn lines(&self) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        self.blocks
            .iter()
            .enumerate()
            .flat_map(move |(index, block)| {
                let text = &self.text[block.span.clone()];
                let base = block.span.start;
                text.split('\n').scan(base, move |start, line| {
                    let line_start = *start;
                    *start += line.len() + 1;
                    Some((
                        index,
                        trim_span(&self.text, line_start..line_start + line.len()),
                    ))
                })
            })
            .filter(|(_, span)| !span.is_empty())
    }

    /// A front-matter field by key, compared case-insensitively.
    pub fn front_matter_value(&self, key: &str) -> Option<&str> {
        self.front_matter
            .iter()
            .find(|field| field.key.eq_ignore_ascii_case(key))
            .map(|field| field.value.as_str())
    }
}

/// What a front end hands to the shared segmentation.
pub(crate) struct Layout<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub blocks: Vec<(BlockKind, Range<usize>)>,
    pub front_matter: Vec<FrontMatterField>,
}

/// Shrinks a span so it neither starts nor ends with whitespace.
pub fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// True for characters that end a sentence.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '։' | '。')
}

/// True for closing quotation marks and brackets that may follow terminal punctuation.
pub fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '›')
}

/// Whether the text of a block ends like a finished sentence (terminal mark, perhaps inside
/// closing quotes or brackets), or with a colon that introduces what follows.
pub fn ends_with_terminal(text: &str) -> bool {
    let trimmed = text.trim_end().trim_end_matches(is_closer);
    trimmed.ends_with(is_terminal)
}

/// Blanks a byte range of the masked text to spaces, keeping line breaks.
pub(crate) fn blank(masked: &mut [u8], span: Range<usize>) {
    for byte in &mut masked[span] {
        if *byte != b'\n' {
            *byte = b' ';
        }
    }
}

/// Parses the top-level `key: value` lines of a YAML front matter body.
pub(crate) fn front_matter_fields(body: &str) -> Vec<FrontMatterField> {
    body.lines()
        .filter(|line| !line.starts_with([' ', '\t', '-', '#']))
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            Some(FrontMatterField {
                key: key.trim().to_string(),
                value: value.to_string(),
            })
        })
        .collect()
}

/// Finds a YAML front matter block (`---` ... `---` or `...`) at the very start of the text and
/// returns its whole span and the span of its body.
pub fn find_front_matter(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - rest.len();
    let first_line_end = rest.find('\n')?;
    if rest[..first_line_end].trim_end() != "---" {
        return None;
    }
    let body_start = bom + first_line_end + 1;
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((0..offset + line.len(), body_start..offset));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests;

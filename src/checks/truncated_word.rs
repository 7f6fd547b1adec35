//! `truncated-word`: a word cut off where the text was cut, at the end of a paragraph or of the
//! document ("from the state governmen", "the governmen…" after a length limit) or at the very
//! start of the text ("rnment said on Tuesday").
//!
//! This file also holds what the truncation kinds share: the shape of a fragment, where the
//! article body starts, and whether the document itself uses a word (a name or term met
//! elsewhere counts as a word even when the lexicon does not know it).

use rustc_hash::FxHashMap as HashMap;
use std::cell::{Cell, OnceCell};

use serde::Deserialize;

use super::lost_initial;
use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Block, BlockKind, Document, Token, TokenKind, ends_with_terminal};
use crate::lexicon::lexicon;

/// Fragments shorter than this are reported without a guess: "cen" may be "cent", "center" or
/// "century", and a wrong completion is worse than none.
const GUESS_MIN_LETTERS: usize = 4;

/// The body starts at the first block of running text with at least this many words that ends
/// like a sentence or holds more than one...
const BODY_MIN_WORDS: usize = 8;
/// ...or at the first block this long, finished or not (a cut-off first paragraph).
const BODY_LONG_WORDS: usize = 25;
/// A fragment is only taken for a cut in a sentence of at least this many words.
const MIN_SENTENCE_WORDS: usize = 4;
/// How many blocks may come before the body (headline, deck, labels, byline, dateline) and
/// still hold the start of the text.
const TOP_MATTER_MAX_BLOCKS: usize = 6;

/// Which edge of the text to look at.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Edge {
    /// The last word of each paragraph (and so of the document).
    #[default]
    End,
    /// The first word of the text: of the first body paragraph or a block above it.
    Start,
}

fn default_max_level() -> u8 {
    50
}

fn default_min_letters() -> usize {
    3
}

/// Parameters of `[check.truncated-word]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// `end` (the default) for a word cut off at the end of a paragraph, `start` for a text that
    /// starts in the middle of a word.
    #[serde(default)]
    at: Edge,
    /// How common (SCOWL level, 10 to 70) the word a fragment at the `end` begins must be. 50 by
    /// default.
    #[serde(default = "default_max_level")]
    max_level: u8,
    /// Fragments with fewer letters are left alone: two letters are more often an abbreviation
    /// than a cut. 3 by default.
    #[serde(default = "default_min_letters")]
    min_letters: usize,
    /// Clipped words and abbreviations that begin longer words but stand on their own ("app",
    /// "tech", "info", "approx"); compared case-insensitively.
    #[serde(default)]
    allow: Vec<String>,
}

/// The compiled check.
#[derive(Debug)]
pub struct TruncatedWord {
    at: Edge,
    max_level: u8,
    min_letters: usize,
    allow: Vec<String>,
}

impl TruncatedWord {
    /// Validates the level and length bounds.
    pub fn compile(params: Params) -> Result<TruncatedWord, ParamError> {
        super::words::check_level(params.max_level)?;
        if params.min_letters == 0 {
            return Err(ParamError {
                span: None,
                message: "`min-letters` must be at least 1".into(),
            });
        }
        Ok(TruncatedWord {
            at: params.at,
            max_level: params.max_level,
            min_letters: params.min_letters,
            allow: params.allow,
        })
    }

    /// A lowercase token of the right length that neither the lexicon nor the allow list knows.
    fn unknown_fragment(&self, text: &str) -> bool {
        is_lowercase_fragment(text)
            && text.chars().count() >= self.min_letters
            && lexicon().lookup(text).is_none()
            && !self.allow.iter().any(|a| a.eq_ignore_ascii_case(text))
    }

    fn ends(&self, doc: &Document<'_>, vocabulary: &Vocabulary<'_>, sink: &mut Sink) {
        for block in &doc.blocks {
            // A Markdown heading is a heading by the author's own markup, never a cut paragraph.
            if matches!(block.kind, BlockKind::Cell | BlockKind::Heading(_)) {
                continue;
            }
            let Some(cut) = self.cut_ending(doc, vocabulary, block) else {
                continue;
            };
            sink.push(cut);
        }
    }

    /// The finding for a block whose last word is the start of a longer word.
    fn cut_ending(
        &self,
        doc: &Document<'_>,
        vocabulary: &Vocabulary<'_>,
        block: &Block,
    ) -> Option<Finding> {
        let token = last_word(doc, block)?;
        let text = doc.token_text(token);
        if !self.unknown_fragment(text) || !stands_alone_before(doc, token.span().start) {
            return None;
        }
        // "Get the app" is a promo line; a cut falls in running text.
        let sentence = doc.block_sentences(block).last()?;
        if word_count(doc.sentence_tokens(sentence)) < MIN_SENTENCE_WORDS {
            return None;
        }
        if follows_number(doc, block, token) || vocabulary.used_elsewhere(text) {
            return None;
        }
        let completion = likely_completion(text, self.max_level)?;
        let finding = Finding::at(token.span());
        if text.chars().count() < GUESS_MIN_LETTERS {
            return Some(finding.var("perhaps", ""));
        }
        Some(
            finding
                .var("perhaps", format!(" (perhaps \"{completion}\")"))
                .replace_with(completion),
        )
    }

    fn starts(&self, doc: &Document<'_>, vocabulary: &Vocabulary<'_>, sink: &mut Sink) {
        // The text starts at the top: a body found far down does not make every block above it
        // a possible start.
        let last = body_start(doc).unwrap_or(0).min(TOP_MATTER_MAX_BLOCKS);
        for block in doc.blocks.iter().take(last + 1) {
            if block.kind == BlockKind::Cell {
                continue;
            }
            if let Some(cut) = self.cut_opening(doc, vocabulary, block) {
                sink.push(cut);
                // The text starts only once.
                return;
            }
        }
    }

    /// The finding for a block that opens with the end of a longer word.
    fn cut_opening(
        &self,
        doc: &Document<'_>,
        vocabulary: &Vocabulary<'_>,
        block: &Block,
    ) -> Option<Finding> {
        let tokens = doc.block_tokens(block);
        let [first, next, ..] = tokens else {
            return None;
        };
        let text = doc.token_text(first);
        if first.kind != TokenKind::Word
            || next.kind != TokenKind::Word
            || !self.unknown_fragment(text)
        {
            return None;
        }
        if !opens_line(doc, first.span().start) || word_count(tokens) < MIN_SENTENCE_WORDS {
            return None;
        }
        // One lost letter is a lost drop-cap initial, which `lost-initial` repairs; a lowercase
        // name or brand recurs in the text.
        if lost_initial::has_one_letter_repair(text, lost_initial::DEFAULT_MAX_LEVEL)
            || vocabulary.used_elsewhere(text)
        {
            return None;
        }
        Some(Finding::at(first.span()))
    }
}

impl Check for TruncatedWord {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let vocabulary = Vocabulary::new(cx.doc).with_names(cx.names);
        match self.at {
            Edge::End => self.ends(cx.doc, &vocabulary, sink),
            Edge::Start => self.starts(cx.doc, &vocabulary, sink),
        }
    }
}

/// The word the block ends on, or the word an ellipsis at the block end is glued to; `None`
/// when the block ends otherwise (full stop, quote, number) or when hidden text follows.
pub(super) fn last_word<'d>(doc: &'d Document<'_>, block: &Block) -> Option<&'d Token> {
    let tokens = doc.block_tokens(block);
    let (last, rest) = tokens.split_last()?;
    let word = match last.kind {
        TokenKind::Word => last,
        TokenKind::Punct if matches!(doc.token_text(last), "…" | "...") => {
            let word = rest.last().filter(|w| w.kind == TokenKind::Word)?;
            (word.span().end == last.span().start).then_some(word)?
        }
        _ => return None,
    };
    closes_line(doc, last.span().end).then_some(word)
}

/// Lowercase letters only: the shape of a piece of a cut word, and not of a brand written with
/// inner capitals ("eBay", "iPhone"), a code ("x86") or a contraction.
pub(super) fn is_lowercase_fragment(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
}

/// True when nothing but whitespace or Markdown block markers ("> ", "- ", "1. ", "#") stands
/// between the start of the line and `offset` in the source, so the block really starts with
/// this token and not after a code span, link or tag that the front end hid.
pub(super) fn opens_line(doc: &Document<'_>, offset: usize) -> bool {
    let Some(before) = doc.source.get(..offset) else {
        return false;
    };
    let line = before.rsplit('\n').next().unwrap_or(before);
    line.chars().all(|c| {
        c.is_whitespace()
            || c.is_ascii_digit()
            || matches!(c, '>' | '-' | '*' | '+' | '#' | '.' | ')' | '_')
    })
}

/// True when nothing but whitespace or emphasis markers follows `offset` on its line in the
/// source: the block really ends here, not before a hidden code span, link or tag.
pub(super) fn closes_line(doc: &Document<'_>, offset: usize) -> bool {
    let Some(after) = doc.source.get(offset..) else {
        return false;
    };
    let line = after.split('\n').next().unwrap_or(after);
    line.chars()
        .all(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~' | '\\'))
}

/// True when the token at `offset` is not glued to a word, path or identifier before it
/// ("clap_lex"). Read in the masked text, where Markdown emphasis marks are already blank.
fn stands_alone_before(doc: &Document<'_>, offset: usize) -> bool {
    let before = doc.text.get(..offset).and_then(|s| s.chars().next_back());
    before.is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '(' | '['))
}

/// The word a fragment most likely begins: the most common lowercase completion, or a shorter
/// one as common that one or two more letters make ("histo" → "history", not "historical";
/// a cut is likelier to fall in the base form than in a longer derivative).
fn likely_completion(fragment: &str, max_level: u8) -> Option<String> {
    let lexicon = lexicon();
    let (common, entry) = lexicon
        .completion(fragment, max_level)
        .filter(|(_, e)| e.lowercase)?;
    let mut word = String::with_capacity(fragment.len() + 2);
    let mut try_word = |tail: &[char]| {
        word.clear();
        word.push_str(fragment);
        word.extend(tail);
        lexicon
            .lookup(&word)
            .is_some_and(|e| e.lowercase && e.level <= entry.level)
            .then(|| word.clone())
    };
    let letters = 'a'..='z';
    letters
        .clone()
        .find_map(|a| try_word(&[a]))
        .or_else(|| {
            letters
                .clone()
                .find_map(|a| letters.clone().find_map(|b| try_word(&[a, b])))
        })
        .or(Some(common))
}

/// Whether `token` comes right after a number in its block, as units do ("5 min", "20 sq").
fn follows_number(doc: &Document<'_>, block: &Block, token: &Token) -> bool {
    let tokens = doc.block_tokens(block);
    let index = tokens.partition_point(|t| t.span().start < token.span().start);
    index
        .checked_sub(1)
        .and_then(|i| tokens.get(i))
        .is_some_and(|t| t.kind == TokenKind::Number)
}

/// The number of words among `tokens`.
pub(super) fn word_count(tokens: &[Token]) -> usize {
    tokens.iter().filter(|t| t.kind == TokenKind::Word).count()
}

/// Index of the block where the article body starts: the first block of running text that ends
/// like a sentence and has a few words, or a long one. Blocks before it are top matter
/// (headline, deck, labels, byline). `None` when the document has no such block.
pub(super) fn body_start(doc: &Document<'_>) -> Option<usize> {
    doc.blocks.iter().position(|block| is_body(doc, block))
}

fn is_body(doc: &Document<'_>, block: &Block) -> bool {
    if !matches!(
        block.kind,
        BlockKind::Paragraph | BlockKind::Line | BlockKind::Quote
    ) {
        return false;
    }
    let words = word_count(doc.block_tokens(block));
    let sentence_like = ends_with_terminal(doc.slice(&block.span)) || block.sentences.len() > 1;
    words >= BODY_LONG_WORDS || (words >= BODY_MIN_WORDS && sentence_like)
}

/// The words of a document, so that a token the lexicon does not know still counts as a word
/// when the document uses it elsewhere (a name, a brand, a term).
///
/// Most documents ask once or twice, if at all, so the first questions scan the tokens; a
/// document that keeps asking gets a count of every word, built once.
pub(super) struct Vocabulary<'a> {
    doc: &'a Document<'a>,
    /// The project's names file: its words are real, like names met in the document.
    names: Option<&'a crate::names::Names>,
    questions: Cell<u32>,
    counts: OnceCell<HashMap<&'a str, u32>>,
}

/// Questions answered by scanning before the vocabulary is counted.
const VOCABULARY_SCANS: u32 = 8;

impl<'a> Vocabulary<'a> {
    /// An empty vocabulary; nothing is counted until it pays off.
    pub(super) fn new(doc: &'a Document<'a>) -> Vocabulary<'a> {
        Vocabulary {
            doc,
            names: None,
            questions: Cell::new(0),
            counts: OnceCell::new(),
        }
    }

    /// How many times `word` occurs as a token, up to `limit`.
    fn count(&self, word: &str, limit: u32) -> u32 {
        let asked = self.questions.get();
        if asked < VOCABULARY_SCANS && self.counts.get().is_none() {
            self.questions.set(asked + 1);
            // Length first: most tokens are ruled out before their text is sliced.
            let words = self
                .doc
                .tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Word && t.span().len() == word.len());
            let found = words
                .filter(|t| self.doc.token_text(t) == word)
                .take(limit as usize)
                .count();
            return u32::try_from(found).unwrap_or(limit);
        }
        let counts = self.counts.get_or_init(|| {
            let mut counts: HashMap<&'a str, u32> = HashMap::default();
            for token in &self.doc.tokens {
                if token.kind == TokenKind::Word {
                    *counts.entry(self.doc.token_text(token)).or_default() += 1;
                }
            }
            counts
        });
        counts.get(word).copied().unwrap_or(0).min(limit)
    }

    /// Counts the words of the project's names file as known.
    pub(super) fn with_names(mut self, names: &'a crate::names::Names) -> Vocabulary<'a> {
        self.names = Some(names);
        self
    }

    /// Whether the document uses `word` in another place too (the same token again, or the
    /// word with a capital: a name met mid-sentence elsewhere), or the names file knows it.
    pub(super) fn used_elsewhere(&self, word: &str) -> bool {
        if self.names.is_some_and(|n| n.is_name_word(word)) || self.count(word, 2) >= 2 {
            return true;
        }
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let capitalised: String = first.to_uppercase().chain(chars).collect();
        capitalised != word && self.count(&capitalised, 1) >= 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    fn doc(text: &str) -> Document<'_> {
        Document::parse(text, Format::Plain)
    }

    #[test]
    fn fragment_shape_excludes_brands_codes_and_contractions() {
        assert!(is_lowercase_fragment("governmen"));
        assert!(!is_lowercase_fragment("eBay"));
        assert!(!is_lowercase_fragment("x86"));
        assert!(!is_lowercase_fragment("don’t"));
        assert!(!is_lowercase_fragment(""));
    }

    #[test]
    fn last_word_takes_a_glued_ellipsis_but_not_a_full_stop() {
        let d = doc("The plan came from the governmen…");
        assert_eq!(
            last_word(&d, &d.blocks[0]).map(|t| d.token_text(t)),
            Some("governmen")
        );
        let d = doc("The plan came from the governmen.");
        assert!(last_word(&d, &d.blocks[0]).is_none());
        let d = doc("The plan came from the government …");
        assert!(last_word(&d, &d.blocks[0]).is_none());
    }

    #[test]
    fn completions_prefer_the_short_common_word() {
        assert_eq!(likely_completion("histo", 50).as_deref(), Some("history"));
        assert_eq!(
            likely_completion("governmen", 50).as_deref(),
            Some("government")
        );
        assert_eq!(likely_completion("busi", 50).as_deref(), Some("business"));
        assert_eq!(likely_completion("qzxw", 50), None);
    }

    #[test]
    fn names_used_elsewhere_count_as_words() {
        let d = doc("Zhou spoke first. Later the crowd chanted zhou and left.");
        let vocabulary = Vocabulary::new(&d);
        assert!(vocabulary.used_elsewhere("zhou"));
        assert!(!vocabulary.used_elsewhere("crowd"));
    }

    #[test]
    fn words_of_the_names_file_count_as_words() {
        let d = doc("The crowd chanted okonkwo and left.");
        let names = crate::names::Names::parse(
            "[[person]]\nname = \"Ada Okonkwo\"\n",
            std::path::Path::new("names.toml"),
        )
        .expect("names parse");
        assert!(!Vocabulary::new(&d).used_elsewhere("okonkwo"));
        assert!(
            Vocabulary::new(&d)
                .with_names(&names)
                .used_elsewhere("okonkwo")
        );
    }

    #[test]
    fn the_counted_vocabulary_agrees_with_the_scans() {
        let d = doc("Zhou spoke first. Later the crowd chanted zhou and left.");
        let vocabulary = Vocabulary::new(&d);
        assert!(vocabulary.used_elsewhere("zhou"));
        assert!(vocabulary.counts.get().is_none());
        for _ in 0..VOCABULARY_SCANS {
            assert!(vocabulary.used_elsewhere("zhou"));
        }
        assert!(!vocabulary.used_elsewhere("crowd"));
        assert!(vocabulary.counts.get().is_some());
    }

    #[test]
    fn body_starts_after_the_headline_and_labels() {
        let d = doc(
            "A Headline in Title Case\n\nFULL TEXT.\n\nThe council voted on Tuesday to approve the budget for next year.\n",
        );
        assert_eq!(body_start(&d), Some(2));
    }
}

//! `unattributed-quote`: a quotation of a full sentence that nobody is said to have spoken.
//!
//! A quotation is attributed when a speech word ("said", "told", "according to") stands outside
//! quotation marks in its own paragraph, in the sentence right after it, or, for a quotation
//! that runs over several paragraphs, in any of them. The multi-paragraph convention is the one
//! news writing uses: a paragraph that opens a quotation without closing it continues into the
//! next, which opens with a quotation mark again. A quotation woven into the writer's own
//! sentence is framed by it, and one introduced by a paragraph ending in a colon belongs to that
//! paragraph's speaker. A quotation that is closed at the end of its paragraph ends that
//! speaker's turn, so a new quotation in the following paragraph needs a speaker of its own, even
//! when the paragraph before named one.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Block, BlockKind, Document, Quote, Token, TokenKind, is_terminal};

fn default_min_words() -> usize {
    6
}

fn default_min_sentence_words() -> usize {
    3
}

fn default_opening_words() -> usize {
    8
}

fn default_true() -> bool {
    true
}

/// Speech words are short ASCII words; longer or non-ASCII tokens are never looked up.
const MAX_WORD_BYTES: usize = 24;

/// Parameters of `[check.unattributed-quote]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Words and phrases that attribute a quotation to a speaker ("said", "told", "according
    /// to", "statement"), compared case-insensitively outside quotation marks; list every
    /// inflection you want matched. Words of a phrase match consecutive words.
    speech: Vec<Spanned<String>>,
    /// A quotation of at least this many words counts as a full sentence even when no sentence
    /// mark stands inside its closing quotation mark.
    #[serde(default = "default_min_words")]
    min_words: usize,
    /// Quotations with fewer words are never reported, whatever their punctuation: "“Stop.”",
    /// "“No comment.”" and the like are too short to matter.
    #[serde(default = "default_min_sentence_words")]
    min_sentence_words: usize,
    /// How many words of the quotation the message shows as `{opening}`.
    #[serde(default = "default_opening_words")]
    opening_words: usize,
    /// Count a sentence next to the quotation in its paragraph that opens with a person ("Okafor
    /// shrugged.", "She laughed.") as its attribution, as feature writing does.
    #[serde(default = "default_true")]
    action_beats: bool,
}

/// The compiled check.
#[derive(Debug)]
pub struct UnattributedQuote {
    /// Lowercased speech phrases, each split into words, keyed by their first word.
    speech: HashMap<String, Vec<Vec<String>>>,
    /// For each first byte of a speech phrase (ASCII lowercase), the lengths its first words
    /// have, as bits: most tokens are turned away by one array read, before any lowercasing
    /// or hashing.
    first_lengths: [u64; 128],
    min_words: usize,
    min_sentence_words: usize,
    opening_words: usize,
    action_beats: bool,
}

impl UnattributedQuote {
    /// Splits and lowercases the speech phrases.
    pub fn compile(params: Params) -> Result<UnattributedQuote, ParamError> {
        if params.speech.is_empty() {
            return Err(ParamError {
                span: None,
                message: "`unattributed-quote` needs at least one entry in `speech`".into(),
            });
        }
        let mut speech: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        for entry in &params.speech {
            let words: Vec<String> = entry
                .get_ref()
                .split_whitespace()
                .map(str::to_ascii_lowercase)
                .collect();
            let usable = words.iter().all(|w| {
                w.len() <= MAX_WORD_BYTES
                    && w.chars()
                        .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'')
            });
            let Some(first) = words.first().filter(|_| usable) else {
                return Err(ParamError {
                    span: Some(entry.span()),
                    message: format!(
                        "speech entries are ASCII words of at most {MAX_WORD_BYTES} letters, got {:?}",
                        entry.get_ref()
                    ),
                });
            };
            speech.entry(first.clone()).or_default().push(words);
        }
        if params.min_sentence_words == 0 || params.min_words < params.min_sentence_words {
            return Err(ParamError {
                span: None,
                message: "`min-sentence-words` must be at least 1 and no larger than `min-words`"
                    .into(),
            });
        }
        let mut first_lengths = [0u64; 128];
        for first in speech.keys() {
            // Every key is ASCII and at most MAX_WORD_BYTES (< 64) long.
            if let Some(&b) = first.as_bytes().first() {
                first_lengths[usize::from(b & 0x7f)] |= 1 << first.len();
            }
        }
        Ok(UnattributedQuote {
            speech,
            first_lengths,
            min_words: params.min_words,
            min_sentence_words: params.min_sentence_words,
            opening_words: params.opening_words.max(1),
            action_beats: params.action_beats,
        })
    }
}

/// A quotation followed across paragraphs until its closing mark.
#[derive(Debug)]
struct Chain {
    /// Where it is reported: its first sentence.
    report: Range<usize>,
    /// The whole quotation's first block's quote span, for the `{opening}` text.
    quote: Range<usize>,
    /// A speaker has been named somewhere along it.
    attributed: bool,
    /// It quotes at least one full sentence.
    full: bool,
}

/// Blocks whose quotations are someone's words; headlines, lists and tables are not checked.
fn is_prose(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Paragraph | BlockKind::Quote)
}

/// Where the walk over the blocks stands.
#[derive(Debug, Default)]
struct Walk {
    /// A quotation left open at the end of the previous paragraph.
    open: Option<Chain>,
    /// The previous block ends with a colon that introduces what follows.
    introduced: bool,
}

impl Check for UnattributedQuote {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        let mut walk = Walk::default();
        let mut next_quote = 0;
        for (index, block) in doc.blocks.iter().enumerate() {
            let first = next_quote;
            while doc.quotes.get(next_quote).is_some_and(|q| q.block <= index) {
                next_quote += 1;
            }
            let quotes = doc.quotes.get(first..next_quote).unwrap_or_default();
            self.block(doc, index, quotes, &mut walk, sink);
            walk.introduced = ends_with_colon(doc, block);
        }
        if let Some(chain) = walk.open {
            self.finish(chain, false, sink, doc);
        }
    }
}

impl UnattributedQuote {
    /// Follows the quotations of one block, carrying an open one on to the next block.
    fn block(
        &self,
        doc: &Document<'_>,
        index: usize,
        quotes: &[Quote],
        walk: &mut Walk,
        sink: &mut Sink,
    ) {
        let Some(block) = doc.blocks.get(index) else {
            return;
        };
        let block_start = doc.block_tokens(block).first().map(|t| t.span().start);
        let continues = is_prose(block.kind)
            && quotes
                .first()
                .is_some_and(|q| Some(q.span.start) == block_start);
        if !continues && let Some(chain) = walk.open.take() {
            let after = self.attributes_next(doc, block);
            self.finish(chain, after, sink, doc);
        }
        if !is_prose(block.kind) {
            return;
        }
        let here = !quotes.is_empty() && self.has_speech(doc, doc.block_tokens(block), quotes);
        for (i, quote) in quotes.iter().enumerate() {
            let carried = if i == 0 { walk.open.take() } else { None };
            let chain = match carried {
                Some(mut chain) => {
                    chain.attributed |= here;
                    chain.full = true;
                    chain
                }
                None => {
                    let introduced = walk.introduced && Some(quote.span.start) == block_start;
                    self.chain(doc, block, quote, here || introduced)
                }
            };
            if !quote.closed {
                walk.open = Some(chain);
                continue;
            }
            let at_end = doc
                .block_tokens(block)
                .last()
                .is_some_and(|t| t.span().end <= quote.span.end);
            let after = at_end
                && doc
                    .blocks
                    .get(index + 1)
                    .is_some_and(|next| self.attributes_next(doc, next));
            self.finish(chain, after, sink, doc);
        }
    }

    /// Starts following a quotation that opens in `block`.
    fn chain(&self, doc: &Document<'_>, block: &Block, quote: &Quote, attributed: bool) -> Chain {
        Chain {
            report: first_sentence(doc, quote),
            quote: quote.span.clone(),
            attributed: attributed || (self.action_beats && beat_beside(doc, block, quote)),
            full: self.is_full_sentence(doc, quote),
        }
    }

    /// Reports a finished quotation unless a speaker was named on it or right after it.
    fn finish(&self, chain: Chain, attributed_after: bool, sink: &mut Sink, doc: &Document<'_>) {
        if chain.attributed || attributed_after || !chain.full {
            return;
        }
        let opening = self.opening(doc, &chain.quote);
        sink.push(Finding::at(chain.report).var("opening", opening));
    }

    /// Whether a speech word stands among `tokens` outside the quotations `quotes` (sorted).
    fn has_speech(&self, doc: &Document<'_>, tokens: &[Token], quotes: &[Quote]) -> bool {
        let mut q = 0;
        for (i, token) in tokens.iter().enumerate() {
            while quotes
                .get(q)
                .is_some_and(|quote| quote.span.end <= token.span().start)
            {
                q += 1;
            }
            if quotes
                .get(q)
                .is_some_and(|quote| quote.span.start <= token.span().start)
            {
                continue;
            }
            if token.kind == TokenKind::Word && self.speech_at(doc, tokens, i) {
                return true;
            }
        }
        false
    }

    /// Whether a speech phrase starts at `tokens[i]`.
    fn speech_at(&self, doc: &Document<'_>, tokens: &[Token], i: usize) -> bool {
        let Some(token) = tokens.get(i) else {
            return false;
        };
        let first = doc.source.as_bytes().get(token.span().start).copied();
        let possible = first.is_some_and(|b| {
            b.is_ascii()
                && token.span().len() < 64
                && self.first_lengths[usize::from(b.to_ascii_lowercase())]
                    & (1 << token.span().len())
                    != 0
        });
        if !possible {
            return false;
        }
        let mut buffer = [0u8; MAX_WORD_BYTES];
        let Some(word) = ascii_lowercase(doc.token_text(token), &mut buffer) else {
            return false;
        };
        let Some(phrases) = self.speech.get(word) else {
            return false;
        };
        phrases.iter().any(|phrase| {
            let rest = phrase.get(1..).unwrap_or_default();
            let following = tokens.get(i + 1..).unwrap_or_default();
            rest.len() <= following.len()
                && rest.iter().zip(following).all(|(w, t)| {
                    t.kind == TokenKind::Word && doc.token_text(t).eq_ignore_ascii_case(w)
                })
        })
    }

    /// Whether the first sentence of `block` names a speaker for the quotation before it. A
    /// sentence that opens with a quotation of its own attributes that one instead.
    fn attributes_next(&self, doc: &Document<'_>, block: &Block) -> bool {
        let Some(sentence) = doc.block_sentences(block).first() else {
            return false;
        };
        let tokens = doc.sentence_tokens(sentence);
        if dash_credit(doc, tokens) {
            return true;
        }
        if !is_prose(block.kind) {
            return false;
        }
        if tokens
            .first()
            .is_some_and(|t| doc.is_quoted(t.span().start))
        {
            return false;
        }
        let first = doc
            .quotes
            .partition_point(|q| q.span.end <= sentence.span.start);
        let last = doc
            .quotes
            .partition_point(|q| q.span.start < sentence.span.end);
        let quotes = doc.quotes.get(first..last.max(first)).unwrap_or_default();
        self.has_speech(doc, tokens, quotes)
    }

    /// Whether the quotation holds at least one full sentence: it starts with a capital, is not a
    /// title, and either ends with a sentence mark inside its closing mark or is long enough. A
    /// quotation woven into a sentence of the writer's ("Kishida warned “…”", "the slogan “…”")
    /// is framed by that sentence, which names who or what it comes from, so it never counts.
    fn is_full_sentence(&self, doc: &Document<'_>, quote: &Quote) -> bool {
        let first = doc.token_index_at(quote.span.start);
        let last = doc.token_index_at(quote.span.end);
        let Some(tokens) = doc.tokens.get(first..last) else {
            return false;
        };
        let words: Vec<&str> = tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Punct)
            .map(|t| doc.token_text(t))
            .collect();
        if words.len() < self.min_sentence_words {
            return false;
        }
        let starts_upper = words
            .first()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase);
        if !starts_upper || is_title(&words) || woven(doc, quote) {
            return false;
        }
        let inner_last = if quote.closed {
            tokens.len().checked_sub(2)
        } else {
            tokens.len().checked_sub(1)
        };
        let terminal = inner_last.and_then(|i| tokens.get(i)).is_some_and(|t| {
            t.kind == TokenKind::Punct && doc.token_text(t).chars().all(is_terminal)
        });
        if terminal {
            return true;
        }
        words.len() >= self.min_words
    }

    /// The first few words of a quotation, for the message.
    fn opening(&self, doc: &Document<'_>, quote: &Range<usize>) -> String {
        let text = doc.slice(quote).trim_start_matches(['“', '"', '„', '«']);
        let mut words = text.split_whitespace();
        let shown: Vec<&str> = words.by_ref().take(self.opening_words).collect();
        let mut opening = shown.join(" ");
        if words.next().is_some() {
            opening.push_str(" …");
        } else {
            opening = opening.trim_end_matches(['”', '"', '»']).to_string();
        }
        opening
    }
}

/// Lowercases an ASCII word into `buffer`; `None` for longer or non-ASCII words.
fn ascii_lowercase<'b>(word: &str, buffer: &'b mut [u8; MAX_WORD_BYTES]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    let slot = buffer.get_mut(..bytes.len())?;
    if !word.is_ascii() {
        return None;
    }
    for (out, byte) in slot.iter_mut().zip(bytes) {
        *out = byte.to_ascii_lowercase();
    }
    std::str::from_utf8(slot).ok()
}

/// A title or name in quotation marks ("“Homes for All”"): every longer word is capitalised.
fn is_title(words: &[&str]) -> bool {
    words.iter().filter(|w| w.chars().count() >= 4).all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    })
}

/// Whether the quotation sits inside a sentence of the writer's, after its first words.
fn woven(doc: &Document<'_>, quote: &Quote) -> bool {
    let Some(sentence) = doc
        .sentence_at(quote.span.start)
        .and_then(|i| doc.sentences.get(i))
    else {
        return false;
    };
    sentence.span.start < quote.span.start
}

/// Whether a block ends with a colon that introduces the next one ("The minister was blunt:").
fn ends_with_colon(doc: &Document<'_>, block: &Block) -> bool {
    doc.text
        .get(block.span.clone())
        .is_some_and(|text| text.trim_end().ends_with(':'))
}

/// Whether the sentence right before or right after the quotation in its paragraph is an action
/// beat whose subject is a person ("Okafor shrugged. “…”", "“…” She laughed."): feature writing
/// attributes a quotation that way without a speech verb.
fn beat_beside(doc: &Document<'_>, block: &Block, quote: &Quote) -> bool {
    let Some(first) = doc.sentence_at(quote.span.start) else {
        return false;
    };
    let last = doc
        .sentence_at(quote.span.end.saturating_sub(1))
        .unwrap_or(first);
    let before = first.checked_sub(1);
    [before, Some(last + 1)]
        .into_iter()
        .flatten()
        .filter(|i| block.sentences.contains(i))
        .filter_map(|i| doc.sentences.get(i))
        .any(|sentence| {
            let tokens = doc.sentence_tokens(sentence);
            !tokens.iter().any(|t| doc.is_quoted(t.span().start))
                && (starts_with_person(doc, tokens) || dash_credit(doc, tokens))
        })
}

/// Whether a sentence or line is a dash followed by a name ("— Ana Ruiz, mayor"), the way pull
/// quotes and epigraphs are credited.
fn dash_credit(doc: &Document<'_>, tokens: &[Token]) -> bool {
    let Some((dash, rest)) = tokens.split_first() else {
        return false;
    };
    matches!(doc.token_text(dash), "—" | "–" | "-" | "―")
        && rest.first().is_some_and(|t| {
            t.kind == TokenKind::Word
                && doc
                    .token_text(t)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        })
}

/// Whether a sentence opens with "he", "she", "they" or the writer's "I", or with a capitalised
/// name: up to three capitalised words, one of them not an ordinary English word ("Okafor",
/// "Dr. Whitlock").
fn starts_with_person(doc: &Document<'_>, tokens: &[Token]) -> bool {
    let Some(first) = tokens.first().map(|t| doc.token_text(t)) else {
        return false;
    };
    if ["he", "she", "they", "i"]
        .iter()
        .any(|p| first.eq_ignore_ascii_case(p))
    {
        return true;
    }
    let lexicon = crate::lexicon::lexicon();
    tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Punct || doc.token_text(t) != ".")
        .take(3)
        .take_while(|t| {
            t.kind == TokenKind::Word
                && doc
                    .token_text(t)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        })
        .any(|t| {
            let word = doc.token_text(t);
            let bare = word
                .strip_suffix("’s")
                .or_else(|| word.strip_suffix("'s"))
                .unwrap_or(word);
            !lexicon.is_word(bare) && !crate::document::is_abbreviation(bare)
        })
}

/// The quotation's first sentence, clipped to the quotation.
fn first_sentence(doc: &Document<'_>, quote: &Quote) -> Range<usize> {
    let Some(sentence) = doc
        .sentence_at(quote.span.start)
        .and_then(|i| doc.sentences.get(i))
    else {
        return quote.span.clone();
    };
    let end = sentence.span.end.min(quote.span.end).max(quote.span.start);
    quote.span.start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    fn check() -> UnattributedQuote {
        let speech = [
            "said",
            "says",
            "told",
            "according to",
            "warning",
            "statement",
        ];
        let params = Params {
            speech: speech
                .iter()
                .map(|s| Spanned::new(0..0, s.to_string()))
                .collect(),
            min_words: 6,
            min_sentence_words: 3,
            opening_words: 8,
            action_beats: true,
        };
        UnattributedQuote::compile(params).expect("valid params")
    }

    fn found(text: &str) -> Vec<String> {
        crate::checks::run_alone(&check(), text, Format::Plain)
            .into_iter()
            .map(|f| text[f.span].to_string())
            .collect()
    }

    #[test]
    fn closed_quote_after_attributed_paragraph_needs_its_own_speaker() {
        let text = "“The first part is done,” says Ortiz.\n\n“The second part will take years longer than anyone expects.”\n";
        assert_eq!(
            found(text),
            ["“The second part will take years longer than anyone expects.”"]
        );
    }

    #[test]
    fn unclosed_quote_carries_the_speaker_into_the_next_paragraph() {
        let text = "“We started late,” she said. “We will finish late.\n\n“But we will finish, and nobody will remember the delay.”\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn multi_paragraph_quote_is_reported_once_at_its_opening() {
        let text = "“We started late. We will finish late.\n\n“But we will finish.”\n\nThe work resumes Monday.\n";
        assert_eq!(found(text), ["“We started late."]);
    }

    #[test]
    fn speaker_in_the_next_sentence_attributes() {
        let text = "“Nobody expected the river to rise this fast.”\n\nThat was how the mayor put it, according to an aide.\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn next_paragraph_quote_does_not_lend_its_speaker() {
        let text =
            "“Nobody expected the river to rise this fast.”\n\n“We lost everything,” said Ruiz.\n";
        assert_eq!(
            found(text),
            ["“Nobody expected the river to rise this fast.”"]
        );
    }

    #[test]
    fn phrases_titles_and_woven_fragments_are_not_sentences() {
        let text = "The film “Up” opened. Crowds chanted “Homes for All Now” all day. It was a “quiet burden” and the start of “a long and expensive road to nowhere in particular” for all.\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn words_inside_the_quote_do_not_attribute_it() {
        let text =
            "The hall went quiet.\n\n“I told them the truth and they said nothing back to me.”\n";
        assert_eq!(
            found(text),
            ["“I told them the truth and they said nothing back to me.”"]
        );
    }

    #[test]
    fn action_beats_attribute_but_scene_setting_does_not() {
        assert!(found("Okafor shrugged. “Nobody wanted to be the one to close it.”\n").is_empty());
        assert!(found("“Nobody wanted to be the one to close it.” She laughed.\n").is_empty());
        let text = "Turnout was low. “Nobody wanted to be the one to close it.”\n";
        assert_eq!(found(text), ["“Nobody wanted to be the one to close it.”"]);
    }

    #[test]
    fn dash_credits_attribute() {
        assert!(
            found("“Nobody wanted to be the one to close it.”\n— Ana Ruiz, mayor\n").is_empty()
        );
        assert!(found("“Nobody wanted to be the one to close it.”\n\n— Ana Ruiz\n").is_empty());
    }

    #[test]
    fn colon_introductions_attribute() {
        let text = "The minister was blunt:\n\n“We will not pay for a road that nobody drives on.”\n\nIt went on: “Nobody will ever drive on it again.”\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn multi_word_speech_phrases_match_consecutive_words() {
        let text = "“Prices will rise again before the end of the year,” according to the bank.\n";
        assert!(found(text).is_empty());
        let text =
            "“Prices will rise again before the end of the year.” The bank agreed, to a point.\n";
        assert_eq!(found(text).len(), 1);
    }
}

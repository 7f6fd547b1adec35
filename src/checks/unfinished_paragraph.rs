//! `unfinished-paragraph`: a paragraph of running prose cut off mid-sentence, ending without
//! terminal punctuation on a fragment ("the state governmen"), on a word that cannot end a
//! sentence ("Write to the editor at") or on an ordinary word ("the cast recorded the voice").
//!
//! Headlines, decks, subheadings, credits and captions also end without punctuation, so the
//! check reads the shape of the block:
//! - a fragment or a dangling word ("the", "of", "at", "and") ends no finished line of any kind,
//!   headlines included, since title case capitalises the last word; prepositions that a
//!   question can strand ("What to look for") are excused after a wh-word;
//! - an ordinary word ends a cut paragraph only in running prose: after the top matter, in
//!   sentence case, not a list, a credit or an emphasised caption, and either after a finished
//!   sentence in the same block or in a sentence longer than any heading whose last noun phrase
//!   is left open ("during a routine"), since a long caption may simply lack its full stop.
//!
//! The span is the last sentence, which for a one-line block is the whole trimmed line (so a
//! boilerplate lint reporting that line is merged with this one); a fragment is reported on its
//! own, the span `truncated-word` uses.

use serde::Deserialize;

use super::truncated_word::{Vocabulary, body_start, is_lowercase_fragment, last_word};
use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Block, BlockKind, Document, Sentence, Token, TokenKind, ends_with_terminal};
use crate::lexicon::lexicon;

/// Words that open a question or a heading built like one, after which a preposition may end
/// the line ("What to look for", "Who it is for").
const WH_WORDS: &[&str] = &[
    "what", "where", "who", "whom", "which", "how", "why", "when", "whatever", "wherever",
];

/// Words that open a noun phrase and never close one: a long sentence that ends one word after
/// them ("during a routine") was cut, while "pleased with it" or "of campus" may be complete.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "our", "your", "my", "his", "each", "every", "another",
];

/// A sentence in running prose is mostly lowercase words; a title-case line is not.
const PROSE_LOWERCASE_SHARE: f32 = 0.6;

/// A fragment must begin a word at most this rare to count as one.
const FRAGMENT_MAX_LEVEL: u8 = 50;

/// Words quoted in the message from the end of a long sentence.
const QUOTED_ENDING_WORDS: usize = 5;

fn default_min_words() -> usize {
    15
}

/// Parameters of `[check.unfinished-paragraph]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Lowercase words that cannot end a finished sentence: articles, conjunctions, possessive
    /// determiners, most prepositions.
    dangling: Vec<String>,
    /// Those of `dangling` that a question can strand at its end ("What to look for"): they
    /// are excused in a line that starts with a wh-word.
    #[serde(default)]
    stranded: Vec<String>,
    /// First words of credits, captions and page furniture ("Photo", "Reporting"): a line that
    /// starts with one is not running prose, whatever word it ends on.
    #[serde(default)]
    furniture: Vec<String>,
    /// A block of one sentence that ends on an ordinary word is reported only from this many
    /// words up, longer than headlines and decks; 15 by default.
    #[serde(default = "default_min_words")]
    min_words: usize,
}

/// The compiled check.
#[derive(Debug)]
pub struct UnfinishedParagraph {
    dangling: Vec<String>,
    stranded: Vec<String>,
    furniture: Vec<String>,
    min_words: usize,
}

/// What a block without terminal punctuation ends on.
enum Ending {
    /// A word that cannot end a sentence.
    Dangling,
    /// Any other lowercase word or fragment.
    Lowercase,
}

impl UnfinishedParagraph {
    /// Checks the word lists.
    pub fn compile(params: Params) -> Result<UnfinishedParagraph, ParamError> {
        if params.dangling.is_empty() {
            return Err(ParamError {
                span: None,
                message: "`unfinished-paragraph` needs `dangling` words".into(),
            });
        }
        if let Some(bad) = params
            .dangling
            .iter()
            .chain(&params.stranded)
            .find(|w| w.chars().any(char::is_uppercase))
        {
            return Err(ParamError {
                span: None,
                message: format!("{bad:?} must be written in lowercase"),
            });
        }
        if params.min_words == 0 {
            return Err(ParamError {
                span: None,
                message: "`min-words` must be at least 1".into(),
            });
        }
        Ok(UnfinishedParagraph {
            dangling: params.dangling,
            stranded: params.stranded,
            furniture: params.furniture,
            min_words: params.min_words,
        })
    }

    fn check_block(
        &self,
        doc: &Document<'_>,
        vocabulary: &Vocabulary<'_>,
        index: usize,
        body: Option<usize>,
    ) -> Option<Finding> {
        let block = doc.blocks.get(index)?;
        if !matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::Line | BlockKind::Quote
        ) {
            return None;
        }
        let word = last_word(doc, block)?;
        let sentence = doc.block_sentences(block).last()?;
        // "Licensed under either of" goes on in the list below it, "Run this with" in the code.
        if doc
            .blocks
            .get(index + 1)
            .is_some_and(|next| next.kind == BlockKind::ListItem || is_list(doc, next))
            || leads_into_hidden(doc, block)
        {
            return None;
        }
        let ellipsis = word.span().end != sentence.span.end;
        match self.ending(doc, word, sentence)? {
            Ending::Dangling if !ellipsis => {}
            Ending::Dangling => return None,
            Ending::Lowercase => {
                let after_top_matter = body.is_some_and(|b| index >= b);
                if !after_top_matter || is_list(doc, block) || is_emphasised(doc, block) {
                    return None;
                }
                let fragment = is_fragment(doc, vocabulary, word);
                if !self.running_prose(doc, block, sentence, fragment) {
                    return None;
                }
                // A fragment is reported on its own, where `truncated-word` reports it too.
                if fragment {
                    return Some(Finding::at(word.span()).var("ending", doc.token_text(word)));
                }
                // An ellipsis after a whole word may be a deliberate trailing off.
                if ellipsis {
                    return None;
                }
            }
        }
        Some(Finding::at(sentence.span.clone()).var("ending", quoted_ending(doc, sentence)))
    }

    /// Classifies the last word, or `None` when it may well end a finished line (a name, an
    /// initialism, a stranded preposition after a wh-word).
    fn ending(&self, doc: &Document<'_>, word: &Token, sentence: &Sentence) -> Option<Ending> {
        let text = doc.token_text(word);
        if !text.chars().next().is_some_and(char::is_lowercase) {
            return None;
        }
        if !self.dangling.iter().any(|d| d == text) {
            return Some(Ending::Lowercase);
        }
        let mut words = doc
            .sentence_tokens(sentence)
            .iter()
            .filter(|t| t.kind == TokenKind::Word);
        let opener = words.next().map(|t| doc.token_text(t)).unwrap_or_default();
        if words.count() < 2 {
            return None;
        }
        let question = WH_WORDS.iter().any(|w| w.eq_ignore_ascii_case(opener));
        if question && self.stranded.iter().any(|s| s == text) {
            return None;
        }
        Some(Ending::Dangling)
    }

    /// Whether a block that ends on an ordinary word or a `fragment` reads as running prose:
    /// sentence case, not a credit, and long enough or after a finished sentence.
    fn running_prose(
        &self,
        doc: &Document<'_>,
        block: &Block,
        sentence: &Sentence,
        fragment: bool,
    ) -> bool {
        let words: Vec<&str> = doc
            .sentence_tokens(sentence)
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| doc.token_text(t))
            .collect();
        let Some((first, rest)) = words.split_first() else {
            return false;
        };
        if self.furniture.iter().any(|f| f.eq_ignore_ascii_case(first)) {
            return false;
        }
        let lowercase = rest
            .iter()
            .filter(|w| w.starts_with(char::is_lowercase))
            .count();
        // Shares of a handful of words: the precision of f32 is more than enough.
        #[allow(clippy::cast_precision_loss)]
        let share = lowercase as f32 / rest.len().max(1) as f32;
        if share < PROSE_LOWERCASE_SHARE {
            return false;
        }
        let after_finished_sentence = doc
            .block_sentences(block)
            .iter()
            .rev()
            .nth(1)
            .is_some_and(|s| ends_with_terminal(doc.slice(&s.span)));
        if after_finished_sentence && words.len() >= 5 {
            return true;
        }
        // A long single sentence that ends on a whole word may be a caption missing its full
        // stop; a cut leaves its last noun phrase open ("during a routine").
        let open_phrase = words
            .iter()
            .rev()
            .nth(1)
            .is_some_and(|w| DETERMINERS.contains(w));
        words.len() >= self.min_words && (fragment || open_phrase)
    }
}

impl Check for UnfinishedParagraph {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        let vocabulary = Vocabulary::new(doc);
        let body = body_start(doc);
        for index in 0..doc.blocks.len() {
            if let Some(finding) = self.check_block(doc, &vocabulary, index, body) {
                sink.push(finding);
            }
        }
    }
}

/// Whether `word` is the start of a longer word: unknown to the lexicon and to the rest of the
/// document, but the beginning of a known word.
fn is_fragment(doc: &Document<'_>, vocabulary: &Vocabulary<'_>, word: &Token) -> bool {
    let text = doc.token_text(word);
    is_lowercase_fragment(text)
        && lexicon().lookup(text).is_none()
        && lexicon()
            .completion(text, FRAGMENT_MAX_LEVEL)
            .is_some_and(|(_, e)| e.lowercase)
        && !vocabulary.used_elsewhere(text)
}

/// Whether the first non-blank line after `block` is a code block or HTML, hidden from the
/// checks: a paragraph may lead into it ("run the planner with" and the command).
fn leads_into_hidden(doc: &Document<'_>, block: &Block) -> bool {
    let Some(newline) = doc
        .source
        .get(block.span.end..)
        .and_then(|after| after.find('\n'))
    else {
        return false;
    };
    let mut offset = block.span.end + newline + 1;
    for line in doc
        .source
        .get(offset..)
        .unwrap_or_default()
        .split_inclusive('\n')
    {
        let end = offset + line.len();
        if !line.trim().is_empty() {
            let code = line.starts_with("    ")
                || line.starts_with('\t')
                || line.trim_start().starts_with(['`', '~', '<']);
            // The masked text has the same offsets and blanks whatever is not prose.
            return code
                && doc
                    .text
                    .get(offset..end)
                    .is_some_and(|masked| masked.trim().is_empty());
        }
        offset = end;
    }
    false
}

/// Whether a Markdown block is set in emphasis as a whole, as captions often are.
fn is_emphasised(doc: &Document<'_>, block: &Block) -> bool {
    let before = doc
        .source
        .get(..block.span.start)
        .and_then(|s| s.chars().next_back());
    let after = doc
        .source
        .get(block.span.end..)
        .and_then(|s| s.chars().next());
    matches!(
        (before, after),
        (Some('*'), Some('*')) | (Some('_'), Some('_'))
    )
}

/// Whether a block is a list written as plain text ("- item", "* item", "1. item").
fn is_list(doc: &Document<'_>, block: &Block) -> bool {
    doc.slice(&block.span).lines().any(|line| {
        let line = line.trim_start();
        let bullet =
            line.starts_with(['-', '*', '•', '–', '—', '+']) && line.chars().nth(1) == Some(' ');
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let numbered = digits > 0
            && line[digits..].starts_with([')', '.'])
            && line[digits + 1..].starts_with(' ');
        bullet || numbered
    })
}

/// The end of a sentence for the message: the whole of a short one, the last few words of a
/// long one.
fn quoted_ending(doc: &Document<'_>, sentence: &Sentence) -> String {
    let tokens = doc.sentence_tokens(sentence);
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    match words.len().checked_sub(QUOTED_ENDING_WORDS) {
        Some(skip) if skip > 1 => {
            let start = words[skip].span().start;
            format!("…{}", &doc.source[start..sentence.span.end])
        }
        _ => doc.slice(&sentence.span).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    fn findings(text: &str) -> Vec<String> {
        let check = UnfinishedParagraph::compile(Params {
            dangling: ["the", "a", "at", "for", "of", "and"]
                .iter()
                .map(|w| w.to_string())
                .collect(),
            stranded: vec!["for".into(), "at".into()],
            furniture: vec!["Photo".into()],
            min_words: 15,
        })
        .expect("valid params");
        let doc = Document::parse(text, Format::Plain);
        let vocabulary = Vocabulary::new(&doc);
        let body = body_start(&doc);
        (0..doc.blocks.len())
            .filter_map(|i| check.check_block(&doc, &vocabulary, i, body))
            .map(|f| doc.slice(&f.span).to_string())
            .collect()
    }

    const BODY: &str =
        "The council met on Tuesday and approved the new budget for the coming year.";

    #[test]
    fn a_dangling_word_ends_no_line() {
        let text = format!("{BODY}\n\nTo Jane Doe at\n");
        assert_eq!(findings(&text), vec!["To Jane Doe at"]);
    }

    #[test]
    fn a_question_may_strand_its_preposition() {
        let text = format!("{BODY}\n\nWhat to look for\n\n{BODY}\n");
        assert!(findings(&text).is_empty());
    }

    #[test]
    fn an_ordinary_word_ends_a_paragraph_only_in_running_prose() {
        let cut = format!(
            "{BODY}\n\nIt passed. The mayor said the plan would be paid for by the\nnew voice\n"
        );
        assert_eq!(
            findings(&cut),
            vec!["The mayor said the plan would be paid for by the\nnew voice"]
        );
        let heading = format!("{BODY}\n\nA plan under scrutiny\n\n{BODY}\n");
        assert!(findings(&heading).is_empty());
        let credit = format!(
            "{BODY}\n\nPhoto by the county fire department on a very smoky day in the hills\n"
        );
        assert!(findings(&credit).is_empty());
    }

    #[test]
    fn lists_are_not_paragraphs() {
        let list = format!(
            "{BODY}\n\nThe plan will:\n- build six new stations along the river\n- cut fares for students and older riders\n"
        );
        assert!(findings(&list).is_empty());
    }
}

//! `lost-initial`: a block that starts with a lost drop-cap initial ("s the vote neared" for "As
//! the vote neared", "he minister said" for "The minister said").
//!
//! Pages set the first letter of an article or section as a large decorative initial, and
//! scrapers often drop it. What is left is a lowercase block start that one letter repairs.
//!
//! The rule, in two cases:
//! - the start is not a word (nor a name the document uses elsewhere): report it when some
//!   letter in front makes a common word ("s" → "As", "overnment" → "Government");
//! - the start is itself a word ("he", "his", "or"): a lowercase block start is already abnormal
//!   in edited prose, but lowercase names exist ("van Dam", "bitcoin"), so report it only when
//!   one letter turns it into a typical sentence opener from the lint's list ("The", "This",
//!   "For"). List items often start lowercase by design and get only the first case.
//!
//! Tokens with capitals or digits inside ("iPhone", "eBay", "x86") are names, never fragments.

use serde::Deserialize;
use toml::Spanned;

use super::truncated_word::{Vocabulary, is_lowercase_fragment, opens_line};
use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Block, BlockKind, Document, TokenKind};
use crate::lexicon::lexicon;

/// The default for `max-level`, also used by `truncated-word` to leave one-letter losses to
/// this check. SCOWL level 20 holds the common nouns that open news stories ("Police",
/// "Officials", "Residents"); level 35 adds rare forms such as "actives", which would turn the
/// longer cut "ctives" (of "detectives") into a wrong one-letter repair.
pub(super) const DEFAULT_MAX_LEVEL: u8 = 20;

/// Openers that are pronouns: they win when a verb follows ("he said" → "She said") and lose
/// otherwise ("he minister" → "The minister").
const PRONOUNS: &[&str] = &["He", "She", "It", "We", "They", "I", "You"];

/// Words that follow a subject pronoun far more often than an article or preposition.
const AFTER_PRONOUN: &[&str] = &[
    "added", "also", "are", "argued", "asked", "became", "believes", "can", "could", "declined",
    "did", "does", "had", "has", "have", "is", "knew", "knows", "may", "might", "must", "noted",
    "remains", "said", "says", "should", "thinks", "told", "took", "wanted", "wants", "warned",
    "was", "went", "were", "will", "would", "wrote",
];

fn default_max_level() -> u8 {
    DEFAULT_MAX_LEVEL
}

/// Parameters of `[check.lost-initial]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Typical sentence openers, most likely first ("The", "In", "As", ...). They rank the
    /// repairs of a fragment, and a block start that is itself a word ("he") is reported only
    /// when one letter turns it into one of them ("The").
    openers: Vec<Spanned<String>>,
    /// How common (SCOWL level, 10 to 70) a repaired word that is not an opener must be; 20 by
    /// default, so a rare word does not mask a longer cut ("ctives" is not "Actives").
    #[serde(default = "default_max_level")]
    max_level: u8,
}

/// The compiled check.
#[derive(Debug)]
pub struct LostInitial {
    openers: Vec<String>,
    max_level: u8,
}

/// A candidate repair and how it ranks: lower sorts first.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Repair {
    group: u8,
    rank: usize,
    level: u8,
    word: String,
}

impl LostInitial {
    /// Validates the openers (capitalised single words) and the level.
    pub fn compile(params: Params) -> Result<LostInitial, ParamError> {
        if params.openers.is_empty() {
            return Err(ParamError {
                span: None,
                message: "`lost-initial` needs at least one opener".into(),
            });
        }
        if let Some(bad) = params
            .openers
            .iter()
            .find(|o| !is_capitalised_word(o.get_ref()))
        {
            return Err(ParamError {
                span: Some(bad.span()),
                message: format!(
                    "opener {:?} must be one capitalised word, such as \"The\"",
                    bad.get_ref()
                ),
            });
        }
        super::words::check_level(params.max_level)?;
        Ok(LostInitial {
            openers: params
                .openers
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
            max_level: params.max_level,
        })
    }

    fn check_block(
        &self,
        doc: &Document<'_>,
        vocabulary: &Vocabulary<'_>,
        block: &Block,
    ) -> Option<Finding> {
        if !matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::Line | BlockKind::Quote | BlockKind::ListItem
        ) {
            return None;
        }
        let tokens = doc.block_tokens(block);
        let [first, next, ..] = tokens else {
            return None;
        };
        let fragment = doc.token_text(first);
        if first.kind != TokenKind::Word
            || !is_lowercase_fragment(fragment)
            || !opens_line(doc, first.span().start)
        {
            return None;
        }
        // Running text follows: "s the" or "verall, the", not "a)" or "b:".
        let runs_on = match next.kind {
            TokenKind::Word | TokenKind::Number => next.span().start > first.span().end,
            TokenKind::Punct => doc.token_text(next) == ",",
        };
        if !runs_on {
            return None;
        }
        let known = lexicon().lookup(fragment).is_some() || vocabulary.used_elsewhere(fragment);
        if known && block.kind == BlockKind::ListItem {
            return None;
        }
        let repair = self.best_repair(fragment, doc.token_text(next), known)?;
        Some(
            Finding::at(first.span())
                .var("repair", repair.as_str())
                .replace_with(repair),
        )
    }

    /// The likeliest capitalised word that one letter in front of `fragment` makes, or `None`.
    fn best_repair(&self, fragment: &str, next: &str, known: bool) -> Option<String> {
        let verb_follows = AFTER_PRONOUN.iter().any(|w| next.eq_ignore_ascii_case(w));
        let mut best: Option<Repair> = None;
        for letter in 'A'..='Z' {
            let mut word = String::with_capacity(fragment.len() + 1);
            word.push(letter);
            word.push_str(fragment);
            let Some(repair) = self.rank(word, known, verb_follows) else {
                continue;
            };
            if best.as_ref().is_none_or(|b| repair < *b) {
                best = Some(repair);
            }
        }
        best.map(|r| r.word)
    }

    /// Ranks one candidate; `None` when it is not an acceptable repair.
    fn rank(&self, word: String, known: bool, verb_follows: bool) -> Option<Repair> {
        let opener = self.openers.iter().position(|o| *o == word);
        let level = lexicon().lookup(&word).map(|e| e.level);
        let group = match (opener, level) {
            (Some(_), _) if PRONOUNS.contains(&word.as_str()) => {
                if verb_follows {
                    0
                } else {
                    2
                }
            }
            (Some(_), _) => 1,
            // A fragment that is a word needs an opener to be suspicious at all.
            (None, _) if known => return None,
            (None, Some(level)) if level <= self.max_level => 3,
            (None, _) => return None,
        };
        Some(Repair {
            group,
            rank: opener.unwrap_or(usize::MAX),
            level: level.unwrap_or(u8::MAX),
            word,
        })
    }
}

impl Check for LostInitial {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let vocabulary = Vocabulary::new(cx.doc).with_names(cx.names);
        for block in &cx.doc.blocks {
            if let Some(finding) = self.check_block(cx.doc, &vocabulary, block) {
                sink.push(finding);
            }
        }
    }
}

/// Whether one letter in front of `fragment` makes a word at most `max_level`: the mark of a
/// lost initial rather than of a longer cut.
pub(super) fn has_one_letter_repair(fragment: &str, max_level: u8) -> bool {
    let lexicon = lexicon();
    let mut word = String::with_capacity(fragment.len() + 1);
    ('a'..='z').any(|letter| {
        word.clear();
        word.push(letter);
        word.push_str(fragment);
        lexicon.is_common(&word, max_level)
    })
}

fn is_capitalised_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_alphabetic() || c == '’' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> LostInitial {
        let openers = [
            "The", "In", "A", "As", "It", "He", "She", "At", "On", "An", "This", "For", "We",
        ];
        LostInitial::compile(Params {
            openers: openers
                .iter()
                .map(|o| Spanned::new(0..0, o.to_string()))
                .collect(),
            max_level: DEFAULT_MAX_LEVEL,
        })
        .expect("valid params")
    }

    #[test]
    fn openers_beat_equally_common_words() {
        // "As", "Is" and "Us" are all level 10; only "As" opens news sentences.
        assert_eq!(
            check().best_repair("s", "the", false).as_deref(),
            Some("As")
        );
        assert_eq!(check().best_repair("n", "a", false).as_deref(), Some("In"));
    }

    #[test]
    fn the_next_word_picks_article_or_pronoun() {
        assert_eq!(
            check().best_repair("he", "minister", true).as_deref(),
            Some("The")
        );
        assert_eq!(
            check().best_repair("he", "said", true).as_deref(),
            Some("She")
        );
        assert_eq!(
            check().best_repair("t", "was", false).as_deref(),
            Some("It")
        );
        assert_eq!(
            check().best_repair("t", "the", false).as_deref(),
            Some("At")
        );
    }

    #[test]
    fn a_word_start_needs_an_opener_repair() {
        // "van" + letter makes no opener, so "van Dam said" is left alone.
        assert_eq!(check().best_repair("van", "Dam", true), None);
        assert_eq!(
            check().best_repair("his", "year", true).as_deref(),
            Some("This")
        );
    }

    #[test]
    fn longer_fragments_repair_to_common_words() {
        assert_eq!(
            check()
                .best_repair("overnment", "officials", false)
                .as_deref(),
            Some("Government")
        );
        assert_eq!(check().best_repair("qzx", "officials", false), None);
    }

    #[test]
    fn one_letter_repairs_are_told_from_longer_cuts() {
        assert!(has_one_letter_repair("s", DEFAULT_MAX_LEVEL));
        assert!(!has_one_letter_repair("rnment", DEFAULT_MAX_LEVEL));
    }

    #[test]
    fn openers_must_be_capitalised_words() {
        let bad = LostInitial::compile(Params {
            openers: vec![Spanned::new(0..3, "the".into())],
            max_level: 35,
        });
        assert!(bad.is_err());
    }
}

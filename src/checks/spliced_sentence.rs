//! `spliced-sentence`: a sentence that starts lowercase right after a full stop in the same
//! block ("voted to join the group. on defense matters, the"), the mark of text cut out or
//! pasted together mid-sentence.
//!
//! Segmentation already splits there (a full stop that follows no known abbreviation, then a
//! space and a lowercase word), and already keeps together ellipses, quotations closed before the
//! full stop, "e.g." and "etc.". This check adds what segmentation cannot know: the lowercase
//! word must be an ordinary dictionary word (not a lowercase brand or code), not a name particle
//! ("van", "de"), and the word before the full stop must not be an abbreviation the segmenter
//! does not list (state names, units) or a list letter ("a.").

use serde::Deserialize;

use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Document, Sentence, Token, TokenKind};
use crate::lexicon::lexicon;

/// Unknown lowercase words this short before a full stop are taken for abbreviations ("lbs",
/// "hrs", "com" of an address).
const SHORT_ABBREVIATION_CHARS: usize = 4;

/// Parameters of `[check.spliced-sentence]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Lowercase words that may start a sentence: name particles such as "van" in "van Dam" or
    /// "de" in "de Blasio". Compared case-sensitively.
    #[serde(default)]
    allow: Vec<String>,
    /// Abbreviations, written without their full stop, after which a lowercase word continues
    /// the sentence, beyond the ones segmentation knows ("Calif", "lbs"). Compared
    /// case-sensitively.
    #[serde(default)]
    abbreviations: Vec<String>,
}

/// The compiled check.
#[derive(Debug)]
pub struct SplicedSentence {
    allow: Vec<String>,
    abbreviations: Vec<String>,
}

impl SplicedSentence {
    /// Checks that the lists hold single words.
    pub fn compile(params: Params) -> Result<SplicedSentence, ParamError> {
        let spaced = params
            .allow
            .iter()
            .chain(&params.abbreviations)
            .find(|w| w.is_empty() || w.contains(char::is_whitespace) || w.ends_with('.'));
        if let Some(bad) = spaced {
            return Err(ParamError {
                span: None,
                message: format!("{bad:?} must be one word, written without a final full stop"),
            });
        }
        Ok(SplicedSentence {
            allow: params.allow,
            abbreviations: params.abbreviations,
        })
    }

    /// The finding for `sentence` when it is spliced onto `previous`.
    fn splice(
        &self,
        doc: &Document<'_>,
        previous: &Sentence,
        sentence: &Sentence,
    ) -> Option<Finding> {
        let first = doc.sentence_tokens(sentence).first()?;
        let word = doc.token_text(first);
        if first.kind != TokenKind::Word || !self.lowercase_word(word) {
            return None;
        }
        let before = word_before_full_stop(doc, previous)?;
        if self.is_abbreviation(doc.token_text(before)) {
            return None;
        }
        let between = doc.source.get(before.span().end..first.span().start)?;
        // "set. `bitflags` allows": the sentence starts with hidden code, not with "allows".
        if !between
            .trim_start_matches('.')
            .chars()
            .all(char::is_whitespace)
        {
            return None;
        }
        Some(
            Finding::at(before.span().start..first.span().end)
                .var("word", word)
                .replace_with(format!(
                    "{}{between}{}",
                    doc.token_text(before),
                    capitalise(word)
                )),
        )
    }

    /// An ordinary lowercase dictionary word: not a brand ("eBay", "bitcoin" when unlisted), a
    /// code, or an allowed name particle.
    fn lowercase_word(&self, word: &str) -> bool {
        let mut chars = word.chars();
        if !chars.next().is_some_and(char::is_lowercase)
            || word.chars().any(|c| c.is_uppercase() || c.is_numeric())
        {
            return false;
        }
        if self.allow.iter().any(|a| a == word) {
            return false;
        }
        lexicon().is_word(strip_possessive(word))
    }

    fn is_abbreviation(&self, word: &str) -> bool {
        if word.chars().count() == 1 || self.abbreviations.iter().any(|a| a == word) {
            return true;
        }
        let lowercase = word.chars().all(char::is_lowercase);
        lowercase
            && word.chars().count() <= SHORT_ABBREVIATION_CHARS
            && lexicon().lookup(word).is_none()
    }
}

impl Check for SplicedSentence {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        for block in &doc.blocks {
            for pair in doc.block_sentences(block).windows(2) {
                let [previous, sentence] = pair else { continue };
                if let Some(finding) = self.splice(doc, previous, sentence) {
                    sink.push(finding);
                }
            }
        }
    }
}

/// The word a sentence ends on when it ends with a plain full stop glued to that word.
fn word_before_full_stop<'d>(doc: &'d Document<'_>, sentence: &Sentence) -> Option<&'d Token> {
    let tokens = doc.sentence_tokens(sentence);
    let [.., word, stop] = tokens else {
        return None;
    };
    let glued = word.span().end == stop.span().start;
    (word.kind == TokenKind::Word && doc.token_text(stop) == "." && glued).then_some(word)
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    fn findings(text: &str) -> Vec<String> {
        let check = SplicedSentence::compile(Params {
            allow: vec!["van".into()],
            abbreviations: vec!["Calif".into()],
        })
        .expect("valid params");
        let doc = Document::parse(text, Format::Plain);
        let mut out = Vec::new();
        for pair in doc.sentences.windows(2) {
            if let Some(f) = check.splice(&doc, &pair[0], &pair[1]) {
                out.push(doc.slice(&f.span).to_string());
            }
        }
        out
    }

    #[test]
    fn finds_a_lowercase_word_after_a_full_stop() {
        assert_eq!(
            findings("It voted to join. on defense it did not."),
            vec!["join. on"]
        );
    }

    #[test]
    fn leaves_brands_particles_and_abbreviations_alone() {
        assert!(findings("Sales rose. eBay said so.").is_empty());
        assert!(findings("The vote ended. van Dam left.").is_empty());
        assert!(findings("He moved to Fresno, Calif. in May.").is_empty());
        assert!(findings("It weighs 5 lbs. and more.").is_empty());
        assert!(findings("Choose a. the first or b. the second.").is_empty());
    }

    #[test]
    fn the_fix_capitalises_the_word() {
        assert_eq!(capitalise("on"), "On");
        assert_eq!(capitalise(""), "");
    }
}

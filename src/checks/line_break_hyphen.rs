//! `line-break-hyphen`: hyphenation from a printed or wrapped line left in the text, "mili- tary"
//! on one line or "mili-" at the end of one line and "tary" at the start of the next.
//!
//! A word ending in a hyphen followed by a space is also how English suspends a compound ("two-
//! and three-year", "pre- and post-war", "mid- to long-term"), so the check reports only when
//! joining the parts makes a known word and the parts are not both words themselves, and never
//! when the next word is a connector such as "and", "or" or "to".

use serde::Deserialize;

use super::words::strip_possessive;
use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Document, Token, TokenKind};
use crate::lexicon::lexicon;

fn default_max_level() -> u8 {
    60
}

/// Parameters of `[check.line-break-hyphen]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Words after a hanging hyphen that mark a suspended compound ("and", "or", "to").
    /// Compared case-insensitively.
    connectors: Vec<String>,
    /// How common (SCOWL level, 10 to 70) the joined word must be; 60 by default, the rarest
    /// level the word lists trust for spelling.
    #[serde(default = "default_max_level")]
    max_level: u8,
}

/// The compiled check.
#[derive(Debug)]
pub struct LineBreakHyphen {
    connectors: Vec<String>,
    max_level: u8,
}

impl LineBreakHyphen {
    /// Validates the level.
    pub fn compile(params: Params) -> Result<LineBreakHyphen, ParamError> {
        super::words::check_level(params.max_level)?;
        Ok(LineBreakHyphen {
            connectors: params.connectors,
            max_level: params.max_level,
        })
    }

    /// The finding for `head`, `hyphen`, `tail` when they are one word broken at a line end.
    fn broken_word(
        &self,
        doc: &Document<'_>,
        head: &Token,
        hyphen: &Token,
        tail: &Token,
    ) -> Option<Finding> {
        if head.kind != TokenKind::Word
            || tail.kind != TokenKind::Word
            || hyphen.kind != TokenKind::Punct
        {
            return None;
        }
        if !matches!(doc.token_text(hyphen), "-" | "\u{2010}")
            || head.span().end != hyphen.span().start
        {
            return None;
        }
        // A space or one line break, nothing else: a blank line or a comma is not a wrapped word.
        let gap = &doc.text[hyphen.span().end..tail.span().start];
        if gap.is_empty() || !gap.chars().all(char::is_whitespace) || gap.matches('\n').count() > 1
        {
            return None;
        }
        let (first, second) = (doc.token_text(head), doc.token_text(tail));
        if !second.chars().next().is_some_and(char::is_lowercase) {
            return None;
        }
        if self
            .connectors
            .iter()
            .any(|c| c.eq_ignore_ascii_case(second))
        {
            return None;
        }
        // "tary-style" joins as "military-style": judge the word up to its own hyphen.
        let second_part = second.split(['-', '\u{2010}']).next().unwrap_or(second);
        let joined_part = format!("{first}{second_part}");
        let lexicon = lexicon();
        if lexicon
            .lookup(strip_possessive(&joined_part).0)
            .is_none_or(|e| e.level > self.max_level)
        {
            return None;
        }
        if lexicon.lookup(first).is_some()
            && lexicon.lookup(strip_possessive(second_part).0).is_some()
        {
            return None;
        }
        let joined = format!("{first}{second}");
        // The message shows the break on one line, whatever line break the source has.
        let hyphen_text = doc.token_text(hyphen);
        Some(
            Finding::at(head.span().start..tail.span().end)
                .var("broken", format!("{first}{hyphen_text} {second}"))
                .var("joined", joined.as_str())
                .replace_with(joined),
        )
    }
}

impl Check for LineBreakHyphen {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        for block in &doc.blocks {
            for triple in doc.block_tokens(block).windows(3) {
                let [head, hyphen, tail] = triple else {
                    continue;
                };
                if let Some(finding) = self.broken_word(doc, head, hyphen, tail) {
                    sink.push(finding);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    fn findings(text: &str) -> Vec<String> {
        let check = LineBreakHyphen::compile(Params {
            connectors: vec!["and".into(), "or".into(), "to".into()],
            max_level: 60,
        })
        .expect("valid params");
        crate::checks::run_alone(&check, text, Format::Plain)
            .into_iter()
            .map(|f| f.replacement.unwrap_or_default())
            .collect()
    }

    #[test]
    fn joins_words_broken_on_one_line_or_across_lines() {
        assert_eq!(findings("The mili- tary moved in."), vec!["military"]);
        assert_eq!(findings("The mili-\ntary moved in."), vec!["military"]);
        assert_eq!(findings("The mili- tary’s plan."), vec!["military’s"]);
    }

    #[test]
    fn leaves_suspended_compounds_and_real_compounds_alone() {
        assert!(findings("Two- and three-year terms.").is_empty());
        assert!(findings("A mid- to long-term plan.").is_empty());
        assert!(findings("A well-\nknown name.").is_empty());
        assert!(findings("The mili-\n\ntary moved in.").is_empty());
    }
}

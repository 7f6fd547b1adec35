//! `repetition`: the same word twice in a row ("the the") or a name repeated after a comma
//! ("Tokyo, Tokyo"), the marks of a paste or an edit gone wrong.

use serde::Deserialize;

use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Document, Token, TokenKind};

/// What counts as a repetition.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// The same word twice, separated only by white space.
    #[default]
    Word,
    /// The same capitalised name of one to three words on both sides of a comma.
    Name,
}

/// Parameters of `[check.repetition]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// `word` (the default) or `name`.
    #[serde(default)]
    mode: Mode,
    /// Repetitions that are correct English or real names ("had had", "that that", "Walla
    /// Walla", "New York"); compared case-insensitively, one occurrence of the word or name.
    #[serde(default)]
    allow: Vec<String>,
}

/// The compiled check.
#[derive(Debug)]
pub struct Repetition {
    mode: Mode,
    allow: Vec<String>,
}

impl Repetition {
    /// Normalises the allow list.
    pub fn compile(params: Params) -> Result<Repetition, ParamError> {
        let allow = params.allow.iter().map(|w| w.to_lowercase()).collect();
        Ok(Repetition {
            mode: params.mode,
            allow,
        })
    }

    fn allowed(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.allow.contains(&text)
    }
}

impl Check for Repetition {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        for sentence in &doc.sentences {
            let tokens = doc.sentence_tokens(sentence);
            match self.mode {
                Mode::Word => self.words(doc, tokens, sink),
                Mode::Name => self.names(doc, tokens, sink),
            }
        }
    }
}

impl Repetition {
    fn words(&self, doc: &Document<'_>, tokens: &[Token], sink: &mut Sink) {
        for pair in tokens.windows(2) {
            let [a, b] = pair else { continue };
            // Kinds and lengths first: most pairs differ there, before any text is sliced.
            if a.kind != TokenKind::Word
                || b.kind != TokenKind::Word
                || a.span().len() != b.span().len()
            {
                continue;
            }
            let (first, second) = (doc.token_text(a), doc.token_text(b));
            if !first.eq_ignore_ascii_case(second) {
                continue;
            }
            // Only white space between them: "it is, is it" is not a doubling.
            if !doc.text[a.span().end..b.span().start]
                .chars()
                .all(char::is_whitespace)
                || self.allowed(first)
            {
                continue;
            }
            sink.push(
                Finding::at(a.span().start..b.span().end)
                    .var("word", first)
                    .replace_with(first),
            );
        }
    }

    fn names(&self, doc: &Document<'_>, tokens: &[Token], sink: &mut Sink) {
        for (comma, token) in tokens.iter().enumerate() {
            let is_comma = token.kind == TokenKind::Punct
                && token.span().len() == 1
                && doc.text.as_bytes()[token.span().start] == b',';
            if !is_comma || comma == 0 {
                continue;
            }
            for len in (1..=3).rev() {
                let Some(found) = self.repeated_name(doc, tokens, comma, len) else {
                    continue;
                };
                sink.push(found);
                break;
            }
        }
    }

    /// Checks whether the `len` words before the comma at `comma` repeat right after it.
    fn repeated_name(
        &self,
        doc: &Document<'_>,
        tokens: &[Token],
        comma: usize,
        len: usize,
    ) -> Option<Finding> {
        let before = tokens.get(comma.checked_sub(len)?..comma)?;
        let after = tokens.get(comma + 1..comma + 1 + len)?;
        let is_name = |t: &Token| {
            t.kind == TokenKind::Word
                && doc
                    .token_text(t)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        };
        if !before.iter().all(is_name) || !after.iter().all(is_name) {
            return None;
        }
        let same = before
            .iter()
            .zip(after)
            .all(|(a, b)| doc.token_text(a) == doc.token_text(b));
        if !same {
            return None;
        }
        let name = &doc.source[before[0].span().start..before[len - 1].span().end];
        if self.allowed(name) {
            return None;
        }
        Some(
            Finding::at(before[0].span().start..after[len - 1].span().end)
                .var("name", name)
                .replace_with(name),
        )
    }
}

//! `known-name`: names checked against the project's names file (copydesk.toml `names = ...`):
//! near-miss spellings of known names, banned forms, and known people given another title.

use serde::Deserialize;

use super::{Check, Context, Finding, ParamError, Sink, at_word_boundaries};
use crate::document::TokenKind;
use crate::names::name_words;

/// What the check looks for.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// A capitalised word one letter away from a word of a known name ("Vladmir").
    Spelling,
    /// A form the names file bans ("Kiev" for "Kyiv").
    Banned,
    /// A known person preceded by a title other than the one the names file gives.
    Title,
}

/// Parameters of `[check.known-name]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// `spelling`, `banned` or `title`.
    mode: Mode,
    /// For `title`: the titles recognised before a name, as written ("Prime Minister", "Sen.").
    #[serde(default)]
    titles: Vec<String>,
    /// For `title`: groups of titles that mean the same ("Senator" and "Sen.").
    #[serde(default)]
    equivalent: Vec<Vec<String>>,
    /// For `title`: words before a title that mark it as past or acting ("former").
    #[serde(default)]
    qualifiers: Vec<String>,
}

/// The compiled check.
#[derive(Debug)]
pub struct KnownName {
    mode: Mode,
    /// Longest first, so "Prime Minister" wins over "Minister".
    titles: Vec<String>,
    equivalent: Vec<Vec<String>>,
    qualifiers: Vec<String>,
}

impl KnownName {
    /// Validates the parameters.
    pub fn compile(params: Params) -> Result<KnownName, ParamError> {
        if params.mode == Mode::Title && params.titles.is_empty() {
            return Err(ParamError {
                span: None,
                message: "`known-name` with mode = \"title\" needs a `titles` list".into(),
            });
        }
        let mut titles = params.titles;
        titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        Ok(KnownName {
            mode: params.mode,
            titles,
            equivalent: params.equivalent,
            qualifiers: params.qualifiers,
        })
    }

    fn same_title(&self, a: &str, b: &str) -> bool {
        a.eq_ignore_ascii_case(b)
            || self.equivalent.iter().any(|group| {
                group.iter().any(|t| t.eq_ignore_ascii_case(a))
                    && group.iter().any(|t| t.eq_ignore_ascii_case(b))
            })
    }
}

impl Check for KnownName {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        if cx.names.is_empty() {
            return;
        }
        match self.mode {
            Mode::Spelling => spelling(cx, sink),
            Mode::Banned => banned(cx, sink),
            Mode::Title => self.titles(cx, sink),
        }
    }
}

fn spelling(cx: &Context<'_>, sink: &mut Sink) {
    let lexicon = crate::lexicon::lexicon();
    for token in &cx.doc.tokens {
        if token.kind != TokenKind::Word {
            continue;
        }
        let word = cx.doc.token_text(token);
        let mut chars = word.chars();
        let capitalised =
            chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase);
        // A word the dictionary knows ("Justin" beside a known "Austin") is another name.
        if !capitalised || lexicon.lookup(word).is_some() {
            continue;
        }
        let Some(correct) = cx.names.near_miss(word) else {
            continue;
        };
        let full = cx
            .names
            .entry_with_word(correct)
            .map_or(correct, |e| e.name.as_str());
        sink.push(
            Finding::at(token.span())
                .var("correct", correct)
                .var("name", full)
                .replace_with(correct),
        );
    }
}

fn banned(cx: &Context<'_>, sink: &mut Sink) {
    let text = &cx.doc.text;
    for (form, entry) in cx.names.banned() {
        for (start, _) in text.match_indices(form) {
            let span = start..start + form.len();
            if !at_word_boundaries(text, &span) {
                continue;
            }
            sink.push(
                Finding::at(span)
                    .var("correct", entry.name.as_str())
                    .var("name", entry.name.as_str())
                    .replace_with(entry.name.as_str()),
            );
        }
    }
}

impl KnownName {
    fn titles(&self, cx: &Context<'_>, sink: &mut Sink) {
        let text = &cx.doc.text;
        for entry in cx.names.entries() {
            let Some(known) = entry.title.as_deref() else {
                continue;
            };
            // The full name, its aliases, and the surname on its own.
            let surname = name_words(&entry.name).last();
            let forms = std::iter::once(entry.name.as_str())
                .chain(entry.aliases.iter().map(String::as_str))
                .chain(surname);
            let mut seen = Vec::new();
            for form in forms {
                for (start, _) in text.match_indices(form) {
                    let name = start..start + form.len();
                    if seen.contains(&start) || !at_word_boundaries(text, &name) {
                        continue;
                    }
                    seen.push(start);
                    // "President Vladmir Putin": a given name (even misspelt) may stand between.
                    let found = self.title_before(text, start).or_else(|| {
                        given_name_start(text, start).and_then(|s| self.title_before(text, s))
                    });
                    let Some((title_span, title)) = found else {
                        continue;
                    };
                    if self.same_title(title, known) || self.qualified(text, title_span.start) {
                        continue;
                    }
                    sink.push(
                        Finding::at(title_span.start..name.end)
                            .var("title", title)
                            .var("known", known)
                            .var("name", entry.name.as_str())
                            .replace_with(format!("{known} {}", &cx.doc.source[name])),
                    );
                }
            }
        }
    }

    /// The longest configured title that ends right before `start`, one space between.
    fn title_before<'t>(
        &'t self,
        text: &str,
        start: usize,
    ) -> Option<(std::ops::Range<usize>, &'t str)> {
        let before = text[..start].strip_suffix(' ')?;
        self.titles.iter().find_map(|title| {
            let at = before.len().checked_sub(title.len())?;
            let boundary = !before
                .get(..at)?
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            (boundary && before.get(at..) == Some(title.as_str()))
                .then_some((at..before.len(), title.as_str()))
        })
    }

    /// Whether a word such as "former" stands right before the title.
    fn qualified(&self, text: &str, title_start: usize) -> bool {
        let before = text[..title_start].trim_end().trim_end_matches('-');
        let word = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        self.qualifiers.iter().any(|q| q.eq_ignore_ascii_case(word))
    }
}

/// Where the capitalised word right before `start` (one space between) begins.
fn given_name_start(text: &str, start: usize) -> Option<usize> {
    let before = text[..start].strip_suffix(' ')?;
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        .last()
        .map(|(i, _)| i)?;
    before[word_start..]
        .chars()
        .next()
        .filter(|c| c.is_uppercase())?;
    Some(word_start)
}

//! `phrase`: words and phrases inside sentences, given as literals or regexes.

use serde::Deserialize;
use toml::Spanned;

use super::{Case, Check, Context, Finding, ParamError, PatternBankBuilder, Sink};

/// Parameters of `[check.phrase]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Literal phrases, matched at word boundaries; a space matches one space or line break.
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    /// Regexes (Rust `regex` syntax) for phrases with variants; word boundaries are checked for
    /// you, so write no `\b`.
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    /// `insensitive` (the default) or `sensitive`.
    #[serde(default)]
    case: Case,
    /// A suggested replacement, offered as a fix and available to the message as `{replacement}`.
    replacement: Option<String>,
    /// Case-sensitive regexes: a match is not reported when its sentence matches any of them
    /// (for example when a named source is attached: `such as [A-Z]`).
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    /// Ignore matches inside quotation marks: the speaker's own words are theirs to choose.
    #[serde(default)]
    skip_quoted: bool,
}

/// The compiled check.
#[derive(Debug)]
pub struct Phrase {
    ids: std::ops::Range<usize>,
    replacement: Option<String>,
    unless: Vec<super::LazyRegex>,
    skip_quoted: bool,
}

impl Phrase {
    /// Registers the phrases with the shared bank and compiles the exceptions.
    pub fn compile(params: Params, bank: &mut PatternBankBuilder) -> Result<Phrase, ParamError> {
        if params.phrases.is_empty() && params.patterns.is_empty() {
            return Err(ParamError {
                span: None,
                message: "`phrase` needs at least one entry in `phrases` or `patterns`".into(),
            });
        }
        let mut ids = None::<std::ops::Range<usize>>;
        let mut note = |id: usize| {
            ids = Some(ids.take().map_or(id..id + 1, |r| r.start..id + 1));
        };
        for phrase in &params.phrases {
            if phrase.get_ref().trim().is_empty() {
                return Err(ParamError {
                    span: Some(phrase.span()),
                    message: "empty phrase".into(),
                });
            }
            note(bank.literal(phrase.get_ref(), params.case, true));
        }
        for pattern in &params.patterns {
            let id = bank
                .regex(pattern.get_ref(), params.case, true)
                .map_err(|e| invalid_regex(pattern, e))?;
            note(id);
        }
        let unless = params
            .unless
            .iter()
            .map(|p| super::LazyRegex::new(p.get_ref()).map_err(|e| invalid_regex(p, e)))
            .collect::<Result<_, _>>()?;
        Ok(Phrase {
            ids: ids.unwrap_or(0..0),
            replacement: params.replacement,
            unless,
            skip_quoted: params.skip_quoted,
        })
    }
}

/// A regex error pointing at the pattern's place in the TOML.
pub(super) fn invalid_regex(
    pattern: &Spanned<String>,
    error: impl std::fmt::Display,
) -> ParamError {
    ParamError {
        span: Some(pattern.span()),
        message: format!("invalid regex: {error}"),
    }
}

impl Check for Phrase {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        let hits = cx.hits.of(self.ids.clone());
        if !hits.is_empty() {
            super::LazyRegex::prepare_all(&self.unless);
        }
        for hit in hits {
            if self.skip_quoted && doc.is_quoted(hit.span.start) {
                continue;
            }
            if !self.unless.is_empty() {
                let sentence = doc
                    .sentence_at(hit.span.start)
                    .map(|i| &doc.sentences[i].span);
                let context = sentence.map_or("", |s| &doc.text[s.clone()]);
                if self.unless.iter().any(|r| r.is_match(context)) {
                    continue;
                }
            }
            let mut finding = Finding::at(hit.span.clone());
            finding.vars.extend(hit.captures.iter().cloned());
            if let Some(replacement) = &self.replacement {
                finding = finding
                    .var("replacement", replacement.clone())
                    .replace_with(replacement.clone());
            }
            sink.push(finding);
        }
    }
}

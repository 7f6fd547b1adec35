//! Check kinds: the mechanisms written in Rust that lints configure.
//!
//! A check sees a [`Context`] (the document and the shared pattern scan) and pushes
//! [`Finding`]s; it does no I/O and cannot fail. Parameters are validated and compiled once, when
//! the lint is loaded.

mod bank;
mod boilerplate_line;
mod conflicting_figure;
mod conflicting_title;
mod known_name;
mod line_break_hyphen;
mod lost_initial;
mod name_variant;
mod phrase;
mod polarity;
mod repetition;
mod spliced_sentence;
mod stray_line;
mod triggers;
mod truncated_word;
mod unattributed_quote;
mod unfinished_paragraph;
mod weekday_date;
mod words;

use std::ops::Range;

use regex_automata::hybrid;
use serde::Deserialize;

pub use bank::{Hit, PatternBank, PatternBankBuilder, PatternHits, Scope};

use crate::document::Document;

/// The `[check.<kind>]` table of a lint: one variant per check kind.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckSpec {
    /// Words and phrases inside sentences, as literals or regexes.
    Phrase(phrase::Params),
    /// Whole lines that are page furniture rather than article text.
    BoilerplateLine(boilerplate_line::Params),
    /// The same word or name twice in a row.
    Repetition(repetition::Params),
    /// Names checked against the project's names file.
    KnownName(known_name::Params),
    /// Short lines between paragraphs that are page debris, judged by shape and neighbours.
    StrayLine(stray_line::Params),
    /// A quotation of a full sentence with no speaker named for it.
    UnattributedQuote(unattributed_quote::Params),
    /// A block that starts with a lost drop-cap initial ("s the vote" for "As the vote").
    LostInitial(lost_initial::Params),
    /// A word cut off at the end of a paragraph or at the start of the text.
    TruncatedWord(truncated_word::Params),
    /// Running prose that stops mid-sentence without terminal punctuation.
    UnfinishedParagraph(unfinished_paragraph::Params),
    /// A sentence that starts lowercase right after a full stop.
    SplicedSentence(spliced_sentence::Params),
    /// A word split by line-break hyphenation ("mili- tary").
    LineBreakHyphen(line_break_hyphen::Params),
    /// A weekday that disagrees with the date it names.
    WeekdayDate(weekday_date::Params),
    /// One fact about one subject (an age, a group's size, an event's year) given two values.
    ConflictingFigure(conflicting_figure::Params),
    /// Two statements about the same subject and object with opposite polarity.
    Polarity(polarity::Params),
    /// One proper name written two ways: case, hyphens, spacing or one letter.
    NameVariant(name_variant::Params),
    /// A person's title that changes within the document without saying why.
    ConflictingTitle(conflicting_title::Params),
}

impl CheckSpec {
    /// The kind's name as written in TOML.
    pub fn kind(&self) -> &'static str {
        match self {
            CheckSpec::Phrase(_) => "phrase",
            CheckSpec::BoilerplateLine(_) => "boilerplate-line",
            CheckSpec::Repetition(_) => "repetition",
            CheckSpec::KnownName(_) => "known-name",
            CheckSpec::StrayLine(_) => "stray-line",
            CheckSpec::UnattributedQuote(_) => "unattributed-quote",
            CheckSpec::LostInitial(_) => "lost-initial",
            CheckSpec::TruncatedWord(_) => "truncated-word",
            CheckSpec::UnfinishedParagraph(_) => "unfinished-paragraph",
            CheckSpec::SplicedSentence(_) => "spliced-sentence",
            CheckSpec::LineBreakHyphen(_) => "line-break-hyphen",
            CheckSpec::WeekdayDate(_) => "weekday-date",
            CheckSpec::ConflictingFigure(_) => "conflicting-figure",
            CheckSpec::Polarity(_) => "polarity",
            CheckSpec::NameVariant(_) => "name-variant",
            CheckSpec::ConflictingTitle(_) => "conflicting-title",
        }
    }

    /// Validates the parameters and compiles them, registering any patterns with the shared bank.
    pub fn compile(self, bank: &mut PatternBankBuilder) -> Result<Box<dyn Check>, ParamError> {
        Ok(match self {
            CheckSpec::Phrase(p) => Box::new(phrase::Phrase::compile(p, bank)?),
            CheckSpec::BoilerplateLine(p) => {
                Box::new(boilerplate_line::BoilerplateLine::compile(p, bank)?)
            }
            CheckSpec::Repetition(p) => Box::new(repetition::Repetition::compile(p)?),
            CheckSpec::KnownName(p) => Box::new(known_name::KnownName::compile(p)?),
            CheckSpec::StrayLine(p) => Box::new(stray_line::StrayLine::compile(p)?),
            CheckSpec::UnattributedQuote(p) => {
                Box::new(unattributed_quote::UnattributedQuote::compile(p)?)
            }
            CheckSpec::LostInitial(p) => Box::new(lost_initial::LostInitial::compile(p)?),
            CheckSpec::TruncatedWord(p) => Box::new(truncated_word::TruncatedWord::compile(p)?),
            CheckSpec::UnfinishedParagraph(p) => {
                Box::new(unfinished_paragraph::UnfinishedParagraph::compile(p)?)
            }
            CheckSpec::SplicedSentence(p) => {
                Box::new(spliced_sentence::SplicedSentence::compile(p)?)
            }
            CheckSpec::LineBreakHyphen(p) => {
                Box::new(line_break_hyphen::LineBreakHyphen::compile(p)?)
            }
            CheckSpec::WeekdayDate(p) => Box::new(weekday_date::WeekdayDate::compile(p)?),
            CheckSpec::ConflictingFigure(p) => {
                Box::new(conflicting_figure::ConflictingFigure::compile(p)?)
            }
            CheckSpec::Polarity(p) => Box::new(polarity::Polarity::compile(p)?),
            CheckSpec::NameVariant(p) => Box::new(name_variant::NameVariant::compile(p)?),
            CheckSpec::ConflictingTitle(p) => {
                Box::new(conflicting_title::ConflictingTitle::compile(p)?)
            }
        })
    }
}

/// A parameter that failed validation, with the span of the offending TOML value when known.
#[derive(Debug)]
pub struct ParamError {
    /// Byte span in the lint's TOML file.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
}

/// What every check kind implements.
pub trait Check: Send + Sync + std::fmt::Debug {
    /// Reports findings for one document.
    fn run(&self, cx: &Context<'_>, sink: &mut Sink);
}

/// Everything a check may read about one document.
pub struct Context<'a> {
    /// The analysed document.
    pub doc: &'a Document<'a>,
    /// Matches of every shared pattern in this document.
    pub hits: &'a PatternHits,
    /// The project's known names (empty without a names file).
    pub names: &'a crate::names::Names,
}

/// One finding before the engine turns it into a diagnostic.
#[derive(Clone, Debug, Default)]
pub struct Finding {
    /// Primary byte span.
    pub span: Range<usize>,
    /// Secondary spans with their messages.
    pub labels: Vec<(Range<usize>, String)>,
    /// Values for `{name}` placeholders in the lint's message and help.
    pub vars: Vec<(String, String)>,
    /// Replacement for the primary span, used by the `replace` and `suggest` fixes.
    pub replacement: Option<String>,
}

impl Finding {
    /// A finding at `span` with nothing else attached.
    pub fn at(span: Range<usize>) -> Finding {
        Finding {
            span,
            ..Finding::default()
        }
    }

    /// Adds a placeholder value.
    pub fn var(mut self, name: &str, value: impl Into<String>) -> Finding {
        self.vars.push((name.to_string(), value.into()));
        self
    }

    /// Sets the replacement for the primary span.
    pub fn replace_with(mut self, replacement: impl Into<String>) -> Finding {
        self.replacement = Some(replacement.into());
        self
    }

    /// Adds a secondary label.
    pub fn label(mut self, span: Range<usize>, message: impl Into<String>) -> Finding {
        self.labels.push((span, message.into()));
        self
    }
}

/// Collects the findings of one lint on one document.
#[derive(Debug, Default)]
pub struct Sink {
    findings: Vec<Finding>,
}

impl Sink {
    /// Records a finding.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Takes the findings recorded so far.
    pub fn take(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }
}

/// Whether a text comparison ignores case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Case {
    /// "Critics say" matches "critics say".
    #[default]
    Insensitive,
    /// Letters must match exactly.
    Sensitive,
}

/// Runs one check alone on `text` with no shared patterns and no names file: the checks' unit
/// tests all start here.
#[cfg(test)]
pub(crate) fn run_alone(check: &dyn Check, text: &str, format: crate::Format) -> Vec<Finding> {
    let doc = Document::parse(text, format);
    let hits = PatternHits::default();
    let names = crate::names::Names::default();
    let mut sink = Sink::default();
    check.run(
        &Context {
            doc: &doc,
            hits: &hits,
            names: &names,
        },
        &mut sink,
    );
    sink.take()
}

/// A regex checked when its lint loads but compiled the first time it is used: most patterns
/// never run on a given article, and compiling regexes is most of start-up.
///
/// Compilation has two tiers. Whether a haystack holds a match is answered by a forward-only
/// lazy DFA, which costs a fraction of the full regex to build (no reverse automaton, no
/// capture engines); the full regex, which finds where matches start and what groups capture,
/// is compiled only when a match's span or groups are wanted, or when the DFA gives up. A
/// triggered pattern usually finds nothing, so most patterns never need the second tier.
#[derive(Debug)]
pub struct LazyRegex {
    source: String,
    probe: std::sync::OnceLock<Option<Probe>>,
    regex: std::sync::OnceLock<Option<regex::Regex>>,
}

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync>;

/// The first tier: a forward lazy DFA and a pool of its caches, one per thread using it.
struct Probe {
    dfa: hybrid::dfa::DFA,
    caches: regex_automata::util::pool::Pool<hybrid::dfa::Cache, CacheFn>,
}

impl std::fmt::Debug for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Probe").finish_non_exhaustive()
    }
}

impl Probe {
    /// Builds the DFA with the syntax the regex crate uses by default, or `None` when it cannot
    /// be built within the size limit (the full regex then answers alone).
    fn new(source: &str) -> Option<Probe> {
        let dfa = hybrid::dfa::DFA::builder()
            .configure(hybrid::dfa::Config::new().unicode_word_boundary(true))
            .thompson(
                regex_automata::nfa::thompson::Config::new()
                    .nfa_size_limit(Some(bank::REGEX_SIZE_LIMIT))
                    .which_captures(regex_automata::nfa::thompson::WhichCaptures::None),
            )
            .build(source)
            .ok()?;
        let shared = dfa.clone();
        let create: CacheFn = Box::new(move || hybrid::dfa::Cache::new(&shared));
        Some(Probe {
            dfa,
            caches: regex_automata::util::pool::Pool::new(create),
        })
    }

    /// Whether `text` holds a match, or `None` when the DFA had to give up (it stops at a
    /// non-ASCII byte next to a Unicode word boundary).
    fn is_match(&self, text: &str) -> Option<bool> {
        let mut cache = self.caches.get();
        let input = regex_automata::Input::new(text).earliest(true);
        self.dfa
            .try_search_fwd(&mut cache, &input)
            .ok()
            .map(|m| m.is_some())
    }
}

impl LazyRegex {
    /// Parses `source`, so a syntax error surfaces at load time, without compiling it. The
    /// built-in lints' regexes were parsed when the binary was built.
    pub fn new(source: &str) -> Result<LazyRegex, String> {
        if !bank::known_valid(source) {
            regex_syntax::Parser::new()
                .parse(source)
                .map_err(|e| e.to_string())?;
        }
        Ok(LazyRegex::parsed(source.to_string()))
    }

    /// Wraps a source whose parts were already validated.
    pub(crate) fn parsed(source: String) -> LazyRegex {
        LazyRegex {
            source,
            probe: std::sync::OnceLock::new(),
            regex: std::sync::OnceLock::new(),
        }
    }

    /// The compiled regex (`None` if it exceeds the size limits), compiled on first call.
    pub fn get(&self) -> Option<&regex::Regex> {
        self.regex
            .get_or_init(|| {
                regex::RegexBuilder::new(&self.source)
                    .size_limit(bank::REGEX_SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Whether the tier that answers next is ready: the first (`probe`) or the full regex.
    pub(crate) fn is_prepared(&self, probe: bool) -> bool {
        self.is_compiled() || probe && self.probe.get().is_some()
    }

    /// Compiles the first tier (`probe`) or the full regex now, ahead of its first use.
    pub(crate) fn prepare(&self, probe: bool) {
        if probe {
            self.probe.get_or_init(|| Probe::new(&self.source));
        } else {
            self.get();
        }
    }

    /// Compiles the first tier of every regex in `list` not compiled yet, in parallel: a
    /// check about to consult a list of exceptions for the first time would otherwise
    /// compile them one after another.
    pub(crate) fn prepare_all(list: &[LazyRegex]) {
        use rayon::prelude::*;
        let fresh: Vec<&LazyRegex> = list.iter().filter(|r| !r.is_prepared(true)).collect();
        if fresh.len() > 1 {
            fresh.par_iter().for_each(|r| r.prepare(true));
        }
    }

    /// Whether the full regex has been compiled (or found too large to compile).
    pub(crate) fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }

    /// Whether the regex matches anywhere in `text` (never, if it could not be compiled),
    /// answered by the first tier whenever it can.
    pub fn is_match(&self, text: &str) -> bool {
        if self.regex.get().is_none() {
            let probe = self.probe.get_or_init(|| Probe::new(&self.source));
            if let Some(found) = probe.as_ref().and_then(|p| p.is_match(text)) {
                return found;
            }
        }
        self.get().is_some_and(|r| r.is_match(text))
    }
}

/// True when the character before `start` and the one at `end` are not letters or digits.
pub fn at_word_boundaries(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::LazyRegex;

    /// The first tier answers as the full regex would, including where its DFA must give up
    /// (a Unicode word boundary beside a non-ASCII letter), and a haystack without a match
    /// leaves the full regex uncompiled.
    #[test]
    fn lazy_regex_answers_as_the_full_regex_and_compiles_it_only_after_a_match() {
        let patterns = [
            r"(?i)^(?:Read more|Continue reading):? .+$",
            r"\bsaid\b",
            r"(?i)critics (?:say|said)",
            r"^(?:By \p{Lu}\S*(?: \p{Lu}\S*){1,3})$",
            r"[^\s,;]+ly said",
        ];
        let haystacks = [
            "",
            "The minister said on Tuesday.",
            "READ MORE: the harbour plan",
            "ésaid",
            "Critics say the plan is late",
            "By Ána Ruiz",
            "by ána ruiz",
            "an analyst, who quietly said no",
            "nothing to see",
        ];
        for pattern in patterns {
            let full = regex::Regex::new(pattern).unwrap();
            for haystack in haystacks {
                let lazy = LazyRegex::new(pattern).unwrap();
                let expected = full.is_match(haystack);
                assert_eq!(
                    lazy.is_match(haystack),
                    expected,
                    "{pattern} on {haystack:?}"
                );
                let word_boundary_beside_non_ascii =
                    pattern.contains(r"\b") && !haystack.is_ascii();
                if !expected && !word_boundary_beside_non_ascii {
                    assert!(!lazy.is_compiled(), "{pattern} on {haystack:?}");
                }
            }
        }
    }
}

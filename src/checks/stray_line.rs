//! `stray-line`: short lines left between the paragraphs of an article by the page it was copied
//! from, found by their shape and their neighbours rather than by their words.
//!
//! Everything before the first real paragraph is the article's top (headline, deck, byline,
//! dateline) and is never reported. After it, a short line without closing punctuation is a
//! subheading when text follows it; the same line followed by another such line, a run of other
//! stories' headlines, a pile of short lines after the last paragraph, or a bare date, timestamp
//! or byline is debris.

use std::ops::Range;

use serde::Deserialize;

use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Block, BlockKind, Document, TokenKind, ends_with_terminal};

/// What the check looks for.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Short lines that are not subheadings: one followed by another, a run of headlines, or a
    /// pile after the last paragraph.
    #[default]
    HeadlineRun,
    /// A date, timestamp or byline standing alone after the article began.
    Dateline,
}

fn default_max_words() -> usize {
    20
}

fn default_min_headline_words() -> usize {
    5
}

fn default_min_body_words() -> usize {
    8
}

fn default_max_runs() -> usize {
    3
}

fn default_byline_words() -> usize {
    6
}

/// Parameters of `[check.stray-line]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// `headline-run` (the default) or `dateline`.
    #[serde(default)]
    mode: Mode,
    /// Lines with more words than this are text, not furniture, and are never reported.
    #[serde(default = "default_max_words")]
    max_words: usize,
    /// A line counts as another story's headline when it is in title case and has at least this
    /// many words; shorter title-case lines may be subheadings.
    #[serde(default = "default_min_headline_words")]
    min_headline_words: usize,
    /// The article begins at its first paragraph of at least this many words that ends with a
    /// sentence mark; nothing above it is reported.
    #[serde(default = "default_min_body_words")]
    min_body_words: usize,
    /// `headline-run`: when a document has more runs of short lines between paragraphs than
    /// this, they are its format (a live blog, a listing), not debris, and none is reported.
    /// `dateline`: the same limit for date and timestamp lines.
    #[serde(default = "default_max_runs")]
    max_runs: usize,
    /// `dateline`: words a date or timestamp line may hold besides numbers and punctuation
    /// (month and weekday names, "ago", "updated", "a.m"); compared case-insensitively. A line
    /// counts when all its words are listed and it has a number.
    #[serde(default)]
    date_words: Vec<String>,
    /// `dateline`: words that open a byline ("By"), matched case-sensitively.
    #[serde(default)]
    byline_openers: Vec<String>,
    /// `dateline`: lowercase words allowed inside a name in a byline ("and", "de", "van").
    #[serde(default)]
    name_particles: Vec<String>,
    /// `dateline`: a byline names at most this many words after its opener.
    #[serde(default = "default_byline_words")]
    byline_words: usize,
}

/// The compiled check.
#[derive(Debug)]
pub struct StrayLine {
    mode: Mode,
    max_words: usize,
    min_headline_words: usize,
    min_body_words: usize,
    max_runs: usize,
    date_words: Vec<String>,
    byline_openers: Vec<String>,
    name_particles: Vec<String>,
    byline_words: usize,
}

impl StrayLine {
    /// Validates the parameters the mode needs and lowercases the word lists.
    pub fn compile(params: Params) -> Result<StrayLine, ParamError> {
        let needs_lists = params.mode == Mode::Dateline;
        if needs_lists && (params.date_words.is_empty() || params.byline_openers.is_empty()) {
            return Err(ParamError {
                span: None,
                message: "`stray-line` in `dateline` mode needs `date-words` and `byline-openers`"
                    .into(),
            });
        }
        if params.max_words == 0 || params.min_headline_words > params.max_words {
            return Err(ParamError {
                span: None,
                message: "`max-words` must be at least 1 and at least `min-headline-words`".into(),
            });
        }
        Ok(StrayLine {
            mode: params.mode,
            max_words: params.max_words,
            min_headline_words: params.min_headline_words,
            min_body_words: params.min_body_words,
            max_runs: params.max_runs,
            date_words: params.date_words.iter().map(|w| w.to_lowercase()).collect(),
            byline_openers: params.byline_openers,
            name_particles: params
                .name_particles
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            byline_words: params.byline_words,
        })
    }
}

/// How a block takes part in the page's layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Running text, a list item or a table cell.
    Body,
    /// A Markdown heading: deliberate structure, never reported.
    Heading,
    /// A short line without closing punctuation that starts with a capital or a digit.
    Short,
}

impl Check for StrayLine {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        let Some(start) = self.article_start(doc) else {
            return;
        };
        let shapes: Vec<Shape> = doc.blocks.iter().map(|b| self.shape(doc, b)).collect();
        match self.mode {
            Mode::HeadlineRun => self.headline_runs(doc, &shapes, start, sink),
            Mode::Dateline => self.datelines(doc, &shapes, start, sink),
        }
    }
}

impl StrayLine {
    /// Index of the first real paragraph: enough words and a closing sentence mark.
    fn article_start(&self, doc: &Document<'_>) -> Option<usize> {
        doc.blocks.iter().position(|block| {
            matches!(block.kind, BlockKind::Paragraph | BlockKind::Quote)
                && word_count(doc, block) >= self.min_body_words
                && ends_with_terminal(block_text(doc, block))
        })
    }

    /// Sorts a block into body text, a heading or a short line.
    fn shape(&self, doc: &Document<'_>, block: &Block) -> Shape {
        let text = block_text(doc, block);
        match block.kind {
            BlockKind::Heading(_) => Shape::Heading,
            BlockKind::Line | BlockKind::Paragraph
                if !ends_with_terminal(text)
                    && !text.trim_end().ends_with(':')
                    && !text.contains('\n')
                    && text
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                    && word_count(doc, block) <= self.max_words =>
            {
                Shape::Short
            }
            _ => Shape::Body,
        }
    }

    /// Reports short lines that a subheading cannot explain.
    fn headline_runs(&self, doc: &Document<'_>, shapes: &[Shape], start: usize, sink: &mut Sink) {
        let mut findings = Vec::new();
        let mut runs_between = 0;
        let mut i = start + 1;
        while i < shapes.len() {
            if shapes.get(i) == Some(&Shape::Body) {
                i += 1;
                continue;
            }
            let run_start = i;
            while shapes.get(i).is_some_and(|s| *s != Shape::Body) {
                i += 1;
            }
            if self.judge_run(doc, shapes, run_start..i, &mut findings) {
                runs_between += 1;
            }
        }
        if runs_between > self.max_runs {
            findings.retain(|(_, reason)| *reason == Reason::Footer);
        }
        for (b, reason) in findings {
            if let Some(block) = doc.blocks.get(b) {
                sink.push(Finding::at(block.span.clone()).var("reason", reason.text()));
            }
        }
    }

    /// Collects the debris in one run of non-body blocks; returns whether it is a run of two or
    /// more blocks between paragraphs, which counts towards `max-runs`.
    fn judge_run(
        &self,
        doc: &Document<'_>,
        shapes: &[Shape],
        run: Range<usize>,
        findings: &mut Vec<(usize, Reason)>,
    ) -> bool {
        // A body block before the run that ends with a colon introduces a list of lines.
        let introduced = run
            .start
            .checked_sub(1)
            .and_then(|b| doc.blocks.get(b))
            .is_some_and(|b| block_text(doc, b).trim_end().ends_with(':'));
        let shorts: Vec<usize> = run
            .clone()
            .filter(|b| shapes.get(*b) == Some(&Shape::Short))
            .collect();
        if introduced || self.is_list(doc, &shorts) {
            return false;
        }
        if run.end == shapes.len() {
            // After the last paragraph: one line may be a truncated ending, several are a footer.
            if shorts.len() >= 2 {
                findings.extend(shorts.iter().map(|b| (*b, Reason::Footer)));
            }
            return false;
        }
        if run.len() < 2 {
            return false;
        }
        let headlines = shorts.iter().filter(|b| self.is_headline(doc, **b)).count();
        for b in shorts {
            if headlines >= 2 && self.is_headline(doc, b) {
                findings.push((b, Reason::Headlines));
            } else if b + 1 < run.end {
                findings.push((b, Reason::Followed));
            }
        }
        true
    }

    /// Whether a run of short lines reads as a list of points the writer set out without bullets:
    /// three or more lines, most of them sentence-like (several words, not title case), where
    /// furniture is mostly one to three words or title-case headlines.
    fn is_list(&self, doc: &Document<'_>, shorts: &[usize]) -> bool {
        let sentence_like = shorts
            .iter()
            .filter_map(|b| doc.blocks.get(*b))
            .filter(|block| word_count(doc, block) >= 4 && !is_title_case(doc, block))
            .count();
        shorts.len() >= 3 && sentence_like * 2 > shorts.len()
    }

    /// Another story's headline: title case, long enough not to be a subheading, and no marks
    /// of a credit ("/", "|", "©").
    fn is_headline(&self, doc: &Document<'_>, index: usize) -> bool {
        let Some(block) = doc.blocks.get(index) else {
            return false;
        };
        let text = block_text(doc, block);
        if text.contains(['/', '|', '©', '@']) || word_count(doc, block) < self.min_headline_words
        {
            return false;
        }
        is_title_case(doc, block)
    }

    /// Reports date, timestamp and byline lines after the article began.
    fn datelines(&self, doc: &Document<'_>, shapes: &[Shape], start: usize, sink: &mut Sink) {
        let mut dates = Vec::new();
        for (index, block) in doc.blocks.iter().enumerate().skip(start + 1) {
            if shapes.get(index) != Some(&Shape::Short) {
                continue;
            }
            if self.is_byline(doc, block) {
                sink.push(Finding::at(block.span.clone()).var("what", "byline"));
            } else if self.is_date(doc, block) {
                dates.push(block.span.clone());
            }
        }
        // Many of them are the document's format, as in a live blog's timestamped entries.
        if dates.len() > self.max_runs {
            return;
        }
        for span in dates {
            sink.push(Finding::at(span).var("what", "date line"));
        }
    }

    /// A line of date and time words and numbers, with at least one number and one word.
    fn is_date(&self, doc: &Document<'_>, block: &Block) -> bool {
        let tokens = doc.block_tokens(block);
        let mut number = false;
        let mut word = false;
        for token in tokens {
            match token.kind {
                TokenKind::Number => number = true,
                TokenKind::Word => {
                    if !self.is_date_word(doc.token_text(token)) {
                        return false;
                    }
                    word = true;
                }
                TokenKind::Punct => {}
            }
        }
        number && word
    }

    /// "By" and a name of capitalised words, perhaps several joined by "and" or commas.
    fn is_byline(&self, doc: &Document<'_>, block: &Block) -> bool {
        let tokens = doc.block_tokens(block);
        let Some((opener, rest)) = tokens.split_first() else {
            return false;
        };
        if !self
            .byline_openers
            .iter()
            .any(|o| o == doc.token_text(opener))
        {
            return false;
        }
        let words: Vec<&str> = rest
            .iter()
            .filter(|t| t.kind != TokenKind::Punct)
            .map(|t| doc.token_text(t))
            .collect();
        let Some(first) = words.first() else {
            return false;
        };
        let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
        let names = words.iter().filter(|w| capitalised(w)).count();
        names >= 2
            && words.len() <= self.byline_words
            && !self.is_date_word(first)
            && words.iter().all(|w| {
                capitalised(w)
                    || self
                        .name_particles
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(w))
            })
    }

    fn is_date_word(&self, word: &str) -> bool {
        self.date_words.iter().any(|d| d.eq_ignore_ascii_case(word))
    }
}

/// Why a short line is reported; shown as `{reason}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    /// Another short line follows it, so it heads no section.
    Followed,
    /// It is one of several headlines in a row.
    Headlines,
    /// It is one of several short lines after the last paragraph.
    Footer,
}

impl Reason {
    fn text(self) -> &'static str {
        match self {
            Reason::Followed => "another short line follows it, so it heads no section",
            Reason::Headlines => {
                "one of several headlines in a row, like a list of related stories"
            }
            Reason::Footer => "one of several short lines after the last paragraph",
        }
    }
}

/// Whether every word of four letters or more is capitalised, as in a headline.
fn is_title_case(doc: &Document<'_>, block: &Block) -> bool {
    doc.block_tokens(block)
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| doc.token_text(t))
        .filter(|w| w.chars().count() >= 4)
        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// The masked text of a block.
fn block_text<'d>(doc: &'d Document<'_>, block: &Block) -> &'d str {
    doc.text.get(block.span.clone()).unwrap_or_default()
}

/// Words and numbers in a block.
fn word_count(doc: &Document<'_>, block: &Block) -> usize {
    doc.block_tokens(block)
        .iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    const BODY: &str = "The council met on Tuesday and voted to close the pool for the summer.";

    fn check(mode: Mode) -> StrayLine {
        let words = [
            "june", "oct", "updated", "ago", "hours", "a.m", "et", "monday",
        ];
        StrayLine::compile(Params {
            mode,
            max_words: 20,
            min_headline_words: 5,
            min_body_words: 8,
            max_runs: 2,
            date_words: words.iter().map(|w| w.to_string()).collect(),
            byline_openers: vec!["By".into()],
            name_particles: vec!["and".into(), "de".into()],
            byline_words: 6,
        })
        .expect("valid params")
    }

    fn found(mode: Mode, text: &str, format: Format) -> Vec<String> {
        crate::checks::run_alone(&check(mode), text, format)
            .into_iter()
            .map(|f| text[f.span].to_string())
            .collect()
    }

    #[test]
    fn subheading_followed_by_text_is_kept() {
        let text = format!("Pool Closes\n\n{BODY}\n\nWhat Comes Next for Swimmers\n\n{BODY}\n");
        assert!(found(Mode::HeadlineRun, &text, Format::Plain).is_empty());
    }

    #[test]
    fn line_followed_by_a_subheading_is_reported() {
        let text = format!("Pool Closes\n\n{BODY}\n\nMost popular\n\nWhat comes next\n\n{BODY}\n");
        assert_eq!(
            found(Mode::HeadlineRun, &text, Format::Plain),
            ["Most popular"]
        );
    }

    #[test]
    fn run_of_headlines_is_reported_whole() {
        let text = format!(
            "Pool Closes\n\n{BODY}\n\nCity Weighs New Tax on Downtown Parking Garages\n\nSchool Board Delays Vote on Later Start Times\n\n{BODY}\n"
        );
        assert_eq!(found(Mode::HeadlineRun, &text, Format::Plain).len(), 2);
    }

    #[test]
    fn top_of_the_article_and_lists_are_left_alone() {
        let text = format!(
            "Pool Closes\n\nCouncil cites the cost of repairs\n\n{BODY}\n\nThe options were:\n\nClose It\n\nSell It\n\n{BODY}\n"
        );
        assert!(found(Mode::HeadlineRun, &text, Format::Plain).is_empty());
    }

    #[test]
    fn unbulleted_lists_of_points_are_left_alone() {
        let text = format!(
            "Pool Closes\n\n{BODY}\n\nKey points\n\nThe pool closes on June 1\n\nRepairs will cost $2 million\n\nSwimmers can use the school pool\n\n{BODY}\n"
        );
        assert!(found(Mode::HeadlineRun, &text, Format::Plain).is_empty());
    }

    #[test]
    fn footer_lines_after_the_last_paragraph_are_reported() {
        let text = format!("Pool Closes\n\n{BODY}\n\nMore Stories\n\nBack to top\n");
        assert_eq!(
            found(Mode::HeadlineRun, &text, Format::Plain),
            ["More Stories", "Back to top"]
        );
        let text = format!("Pool Closes\n\n{BODY}\n\nBack to top\n");
        assert!(found(Mode::HeadlineRun, &text, Format::Plain).is_empty());
    }

    #[test]
    fn markdown_line_before_a_heading_is_reported() {
        let text = format!(
            "# Pool Closes\n\n{BODY}\n\nRelated Articles\n\n## What comes next\n\n{BODY}\n"
        );
        assert_eq!(
            found(Mode::HeadlineRun, &text, Format::Markdown),
            ["Related Articles"]
        );
    }

    #[test]
    fn dates_and_bylines_after_the_start_are_reported() {
        let text = format!(
            "Pool Closes\n\nBy Ana Ruiz\n\nJune 27, 2022\n\n{BODY}\n\nBy Ana Ruiz\n\n3 hours ago\n\nBy Monday\n\n{BODY}\n"
        );
        assert_eq!(
            found(Mode::Dateline, &text, Format::Plain),
            ["By Ana Ruiz", "3 hours ago"]
        );
    }

    #[test]
    fn many_timestamps_are_a_live_blog() {
        let text = format!(
            "Pool Closes\n\n{BODY}\n\nUpdated 9:10 a.m. ET\n\n{BODY}\n\nUpdated 9:40 a.m. ET\n\n{BODY}\n\nUpdated 10:15 a.m. ET\n\n{BODY}\n"
        );
        assert!(found(Mode::Dateline, &text, Format::Plain).is_empty());
    }
}

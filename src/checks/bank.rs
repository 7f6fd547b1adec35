//! The shared matcher: every phrase and line pattern of every lint, compiled together so a
//! document is scanned once, not once per lint.
//!
//! Literal phrases go into one Aho-Corasick automaton; regexes into one `RegexSet` per scope,
//! which tells in a single pass which regexes match at all, so only those are run again for
//! their positions.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{RegexSet, RegexSetBuilder};

use super::{Case, LazyRegex};
use crate::document::Document;

/// Compiled regexes may be large when many lints share a set; these limits keep that possible
/// without letting one pathological pattern take unbounded memory.
pub(super) const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// Where a pattern is matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere in the prose, across line breaks.
    Text,
    /// Against each whole trimmed line of prose.
    Line,
}

/// A match of one shared pattern.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The pattern's id, as returned when it was registered.
    pub pattern: usize,
    /// Byte span of the match (for line patterns, the whole line).
    pub span: Range<usize>,
    /// Named capture groups that took part in the match.
    pub captures: Vec<(String, String)>,
}

/// All hits in one document, grouped by pattern id.
#[derive(Debug, Default)]
pub struct PatternHits {
    hits: Vec<Hit>,
}

impl PatternHits {
    /// The hits of the patterns with ids in `ids`, in pattern then position order.
    pub fn of(&self, ids: Range<usize>) -> &[Hit] {
        let start = self.hits.partition_point(|h| h.pattern < ids.start);
        let end = self.hits.partition_point(|h| h.pattern < ids.end);
        &self.hits[start..end]
    }
}

struct RegexEntry {
    id: usize,
    source: String,
}

/// Collects patterns while lints compile.
#[derive(Default)]
pub struct PatternBankBuilder {
    literals: Vec<(usize, String, Case)>,
    text: Vec<RegexEntry>,
    line: Vec<RegexEntry>,
    bounded: Vec<bool>,
    longest_line: usize,
}

impl PatternBankBuilder {
    /// Notes the longest line (in characters) any line pattern may report, so longer lines,
    /// which are running prose, are never scanned for them.
    pub fn line_limit(&mut self, max_chars: usize) {
        self.longest_line = self.longest_line.max(max_chars);
    }

    fn next_id(&mut self, bounded: bool) -> usize {
        self.bounded.push(bounded);
        self.bounded.len() - 1
    }

    /// Registers a literal phrase; `bounded` requires word boundaries at its ends.
    pub fn literal(&mut self, phrase: &str, case: Case, bounded: bool) -> usize {
        let id = self.next_id(bounded);
        self.literals.push((id, phrase.to_string(), case));
        id
    }

    /// Registers a regex. It is parsed here, so a syntax error names this very pattern, but
    /// compiled only into the shared set: the regex on its own is compiled the first time the
    /// set says it matched, which keeps start-up fast.
    pub fn regex(
        &mut self,
        pattern: &str,
        case: Case,
        scope: Scope,
        bounded: bool,
    ) -> Result<usize, String> {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(case == Case::Insensitive)
            .build()
            .parse(pattern)
            .map_err(|e| e.to_string())?;
        let id = self.next_id(bounded);
        let entry = RegexEntry {
            id,
            source: wrap(pattern, case, scope),
        };
        match scope {
            Scope::Text => self.text.push(entry),
            Scope::Line => self.line.push(entry),
        }
        Ok(id)
    }

    /// Compiles everything registered.
    pub fn build(self) -> Result<PatternBank, String> {
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(self.literals.iter().map(|(_, p, _)| p.as_bytes()))
            .map_err(|e| e.to_string())?;
        Ok(PatternBank {
            automaton,
            literals: self.literals.into_iter().collect(),
            text: RegexGroup::new(self.text, Scope::Text)?,
            line: RegexGroup::new(self.line, Scope::Line)?,
            bounded: self.bounded,
            // A character is at most four bytes: a cheap bound that never skips a short line.
            longest_line_bytes: self.longest_line.saturating_mul(4),
        })
    }
}

fn wrap(pattern: &str, case: Case, scope: Scope) -> String {
    let flags = if case == Case::Insensitive {
        "(?i)"
    } else {
        ""
    };
    match scope {
        Scope::Text => format!("{flags}(?:{pattern})"),
        Scope::Line => format!("{flags}^(?:{pattern})$"),
    }
}

struct RegexGroup {
    scope: Scope,
    ids: Vec<usize>,
    set: RegexSet,
    regexes: Vec<LazyRegex>,
    /// Whether the pattern has named groups, whose captures the message may use.
    named: Vec<bool>,
}

impl RegexGroup {
    fn new(entries: Vec<RegexEntry>, scope: Scope) -> Result<RegexGroup, String> {
        let set = RegexSetBuilder::new(entries.iter().map(|e| &e.source))
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(RegexGroup {
            scope,
            ids: entries.iter().map(|e| e.id).collect(),
            set,
            named: entries
                .iter()
                .map(|e| e.source.contains("(?P<") || e.source.contains("(?<"))
                .collect(),
            // Each regex on its own, compiled the first time the set says it matched.
            regexes: entries
                .into_iter()
                .map(|e| LazyRegex::parsed(e.source))
                .collect(),
        })
    }

    /// Runs the regexes that match `haystack` and records their hits, offset by `base`. A line
    /// pattern's hit is the whole line, so it needs its own regex only for named captures.
    fn scan(&self, haystack: &str, base: usize, out: &mut Vec<Hit>) {
        if self.regexes.is_empty() {
            return;
        }
        let whole = base..base + haystack.len();
        for index in self.set.matches(haystack).iter() {
            let pattern = self.ids[index];
            if self.scope == Scope::Line && !self.named[index] {
                out.push(Hit {
                    pattern,
                    span: whole.clone(),
                    captures: Vec::new(),
                });
                continue;
            }
            let Some(regex) = self.regexes[index].get() else {
                continue;
            };
            let span = |m: regex::Match<'_>| match self.scope {
                Scope::Line => whole.clone(),
                Scope::Text => base + m.start()..base + m.end(),
            };
            if !self.named[index] {
                out.extend(regex.find_iter(haystack).map(|m| Hit {
                    pattern,
                    span: span(m),
                    captures: Vec::new(),
                }));
                continue;
            }
            for caps in regex.captures_iter(haystack) {
                let Some(m) = caps.get(0) else { continue };
                let captures = regex
                    .capture_names()
                    .flatten()
                    .filter_map(|name| {
                        Some((name.to_string(), caps.name(name)?.as_str().to_string()))
                    })
                    .collect();
                out.push(Hit {
                    pattern,
                    span: span(m),
                    captures,
                });
            }
        }
    }
}

/// Every shared pattern, compiled.
pub struct PatternBank {
    automaton: AhoCorasick,
    literals: Vec<(usize, String, Case)>,
    text: RegexGroup,
    line: RegexGroup,
    bounded: Vec<bool>,
    longest_line_bytes: usize,
}

impl std::fmt::Debug for PatternBank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternBank")
            .field("literals", &self.literals.len())
            .field("text_regexes", &self.text.regexes.len())
            .field("line_regexes", &self.line.regexes.len())
            .finish()
    }
}

impl PatternBank {
    /// Scans a document once for every pattern.
    pub fn scan(&self, doc: &Document<'_>) -> PatternHits {
        let mut hits = Vec::new();
        // Line breaks inside a paragraph are spaces for phrases that span them. Only the ASCII
        // byte '\n' is replaced, so the text stays valid UTF-8 with the same offsets.
        let flat = doc.text.replace('\n', " ");
        if !self.literals.is_empty() {
            for m in self.automaton.find_overlapping_iter(&flat) {
                let (pattern, phrase, case) = &self.literals[m.pattern().as_usize()];
                if *case == Case::Sensitive && &flat[m.range()] != phrase {
                    continue;
                }
                hits.push(Hit {
                    pattern: *pattern,
                    span: m.range(),
                    captures: Vec::new(),
                });
            }
        }
        self.text.scan(&flat, 0, &mut hits);
        if !self.line.regexes.is_empty() {
            let short = |(_, span): &(usize, Range<usize>)| span.len() <= self.longest_line_bytes;
            for (_, span) in doc.lines().filter(short) {
                self.line
                    .scan(&doc.text[span.clone()], span.start, &mut hits);
            }
        }
        hits.retain(|hit| !self.bounded[hit.pattern] || bounded(&doc.text, &hit.span));
        hits.sort_by(|a, b| {
            (a.pattern, a.span.start, a.span.end).cmp(&(b.pattern, b.span.start, b.span.end))
        });
        PatternHits { hits }
    }
}

/// Word boundaries hold at each end of the match that is itself a letter or digit.
fn bounded(text: &str, span: &Range<usize>) -> bool {
    let matched = &text[span.clone()];
    let starts_alnum = matched.chars().next().is_some_and(char::is_alphanumeric);
    let ends_alnum = matched
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let before = text[..span.start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let after = text[span.end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric);
    !(starts_alnum && before || ends_alnum && after)
}

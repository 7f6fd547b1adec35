//! The shared matcher: every phrase and pattern of every lint, found in one pass over a
//! document, not one pass per lint.
//!
//! Literal phrases go into one Aho-Corasick automaton. So do the literals that every match of
//! a regex must start (or end) with, found by `regex-syntax`'s literal extractor: a regex runs
//! on a document only where one of its literals occurs, a line pattern only on the lines that
//! hold one. The few regexes with no usable literal run on every document (or short line).
//! Each regex is compiled on its own the first time it has to run, so loading the lints parses
//! patterns but compiles none of them.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rayon::prelude::*;

use super::triggers::{self, Triggers};

use super::{Case, LazyRegex};
use crate::document::Document;

// PRECOMPUTED: (anchored source, case-insensitive, Some((suffix, literals))) for every
// pattern of the built-in lints, sorted by source and flag; VALID_UNLESS: the `unless` regexes
// of the built-in lints that parse. Both written by build.rs.
include!(concat!(env!("OUT_DIR"), "/builtin_triggers.rs"));

/// Whether `source` is an `unless` regex of a built-in lint, which build.rs found to parse.
pub(super) fn known_valid(source: &str) -> bool {
    VALID_UNLESS.binary_search(&source).is_ok()
}

/// Compiled regexes may be large; this limit keeps one pathological pattern from taking
/// unbounded memory.
pub(super) const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// The longest text (in bytes) that a text pattern searches with its first-tier DFA before its
/// full regex is compiled: an article, not a book, whose single extra pass costs less than
/// compiling a regex it may never need.
const PROBE_TEXT_BYTES: usize = 64 << 10;

/// How many bytes a run scans with the phrase NFA before it builds the phrase DFA.
const DFA_AFTER_BYTES: usize = 200 << 10;

/// Characters outside ASCII that Unicode case folding maps onto ASCII letters (KELVIN SIGN to
/// "k", LONG S to "s"). The ASCII-case-insensitive literal search cannot see them, so a
/// document that holds one runs every case-insensitive regex.
const ASCII_FOLDS: [char; 2] = ['\u{212A}', '\u{17F}'];

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

/// One registered regex.
struct RegexEntry {
    id: usize,
    scope: Scope,
    case: Case,
    /// The literals every match starts or ends with, or `None` when it must run everywhere.
    triggers: Option<Triggers>,
    regex: LazyRegex,
    /// Whether the pattern has named groups, whose captures the message may use.
    named: bool,
    /// For a line pattern, the longest line (in characters) it may report.
    max_chars: usize,
}

/// Collects patterns while lints compile.
#[derive(Default)]
pub struct PatternBankBuilder {
    literals: Vec<(usize, String, Case)>,
    regexes: Vec<RegexEntry>,
    bounded: Vec<bool>,
    longest_line: usize,
}

impl PatternBankBuilder {
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

    /// Registers a regex matched anywhere in the prose; `bounded` requires word boundaries at
    /// its ends. It is parsed here, so a syntax error names this very pattern, and its trigger
    /// literals are worked out; it is compiled the first time a document needs it.
    pub fn regex(&mut self, pattern: &str, case: Case, bounded: bool) -> Result<usize, String> {
        self.register(pattern, case, Scope::Text, bounded, usize::MAX)
    }

    /// Registers a regex that must match a whole trimmed line of prose of at most `max_chars`
    /// characters; longer lines, which are running prose, are never matched against it.
    pub fn line_regex(
        &mut self,
        pattern: &str,
        case: Case,
        max_chars: usize,
    ) -> Result<usize, String> {
        self.longest_line = self.longest_line.max(max_chars);
        self.register(pattern, case, Scope::Line, false, max_chars)
    }

    fn register(
        &mut self,
        pattern: &str,
        case: Case,
        scope: Scope,
        bounded: bool,
        max_chars: usize,
    ) -> Result<usize, String> {
        let anchored = triggers::anchored(pattern, scope == Scope::Line);
        let insensitive = case == Case::Insensitive;
        // The built-in patterns were analysed when the binary was built.
        let triggers = match PRECOMPUTED.binary_search_by(|(source, flag, _)| {
            (*source, *flag).cmp(&(anchored.as_str(), insensitive))
        }) {
            Ok(found) => PRECOMPUTED[found].2.map(|(suffix, literals)| Triggers {
                suffix,
                literals: literals.iter().map(|l| l.to_vec()).collect(),
            }),
            Err(_) => triggers::analyse(&anchored, insensitive, scope == Scope::Line)?,
        };
        let id = self.next_id(bounded);
        let flags = if case == Case::Insensitive {
            "(?i)"
        } else {
            ""
        };
        let source = format!("{flags}{anchored}");
        self.regexes.push(RegexEntry {
            id,
            scope,
            case,
            triggers,
            named: source.contains("(?P<") || source.contains("(?<"),
            regex: LazyRegex::parsed(source),
            max_chars,
        });
        Ok(id)
    }

    /// Builds the automaton over every phrase and trigger literal.
    pub fn build(self) -> Result<PatternBank, String> {
        let mut patterns: Vec<Vec<u8>> = self
            .literals
            .iter()
            .map(|(_, p, _)| p.as_bytes().to_vec())
            .collect();
        // Trigger literals shared by several regexes are searched once.
        let mut triggers: Vec<Vec<usize>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut always_text = Vec::new();
        let mut always_line = Vec::new();
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for (r, entry) in self.regexes.iter().enumerate() {
            // A text pattern anchored at the start of the text may have a literal of one
            // byte, which would trigger it nearly everywhere: it runs always.
            let rare = |t: &&Triggers| {
                entry.scope == Scope::Line
                    || t.literals
                        .iter()
                        .all(|l| l.len() >= triggers::MIN_TRIGGER_BYTES)
            };
            let Some(found) = entry.triggers.as_ref().filter(rare) else {
                match entry.scope {
                    Scope::Text => always_text.push(r),
                    Scope::Line => always_line.push(r),
                }
                continue;
            };
            if entry.scope == Scope::Line {
                for literal in &found.literals {
                    if found.suffix {
                        ends.push((literal.iter().rev().copied().collect(), r));
                    } else {
                        starts.push((literal.clone(), r));
                    }
                }
                continue;
            }
            for literal in found.literals.iter().cloned() {
                let slot = *index.entry(literal.clone()).or_insert_with(|| {
                    patterns.push(literal);
                    triggers.push(Vec::new());
                    triggers.len() - 1
                });
                if let Some(list) = triggers.get_mut(slot).filter(|l| l.last() != Some(&r)) {
                    list.push(r);
                }
            }
        }
        let automaton = automaton(&patterns, AhoCorasickKind::ContiguousNFA)?;
        Ok(PatternBank {
            automaton,
            patterns,
            fast: std::sync::OnceLock::new(),
            scanned: std::sync::atomic::AtomicUsize::new(0),
            literals: self.literals,
            triggers,
            starts: EndTrie::new(starts),
            ends: EndTrie::new(ends),
            regexes: self.regexes,
            always_text,
            always_line,
            bounded: self.bounded,
            // A character is at most four bytes: a cheap bound that never skips a short line.
            longest_line_bytes: self.longest_line.saturating_mul(4),
            longest_line: self.longest_line,
        })
    }
}

/// The automaton over `patterns`, matching ASCII letters in either case.
fn automaton(patterns: &[Vec<u8>], kind: AhoCorasickKind) -> Result<AhoCorasick, String> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(patterns)
        .map_err(|e| e.to_string())
}

/// Literals that a line must start (or end) with, in a byte trie walked from one end of each
/// short line: the line patterns are anchored at both ends, so a trigger anywhere else in the
/// line says nothing. Nodes, edges and regexes live in three flat arrays.
#[derive(Debug, Default)]
struct EndTrie {
    nodes: Vec<TrieNode>,
    /// Each node's edges, sorted by byte (ASCII lowercase), as a run of this array.
    edges: Vec<(u8, u32)>,
    /// The regexes whose literal ends at each node, as a run of this array.
    regexes: Vec<usize>,
}

#[derive(Debug, Default, Clone, Copy)]
struct TrieNode {
    edges: (u32, u32),
    regexes: (u32, u32),
}

impl EndTrie {
    /// Builds the trie of `(literal, regex)` pairs, matched ASCII-case-insensitively.
    fn new(mut entries: Vec<(Vec<u8>, usize)>) -> EndTrie {
        for (literal, _) in &mut entries {
            literal.make_ascii_lowercase();
        }
        entries.sort_unstable();
        entries.dedup();
        let mut trie = EndTrie {
            nodes: vec![TrieNode::default()],
            ..EndTrie::default()
        };
        trie.fill(&entries, 0, 0);
        trie
    }

    /// Fills node `node`, which `entries` (sorted, sharing their first `depth` bytes) reach.
    fn fill(&mut self, entries: &[(Vec<u8>, usize)], depth: usize, node: usize) {
        // Sorted, the literals that end here come first.
        let ending = entries.partition_point(|(literal, _)| literal.len() == depth);
        let start = self.regexes.len() as u32;
        self.regexes
            .extend(entries[..ending].iter().map(|&(_, r)| r));
        self.nodes[node].regexes = (start, self.regexes.len() as u32);
        let mut groups = Vec::new();
        let mut rest = &entries[ending..];
        while let Some((first, _)) = rest.first() {
            let byte = first[depth];
            let len = rest.partition_point(|(literal, _)| literal[depth] == byte);
            groups.push((byte, &rest[..len]));
            rest = &rest[len..];
        }
        let first_edge = self.edges.len();
        for &(byte, _) in &groups {
            self.edges.push((byte, self.nodes.len() as u32));
            self.nodes.push(TrieNode::default());
        }
        self.nodes[node].edges = (first_edge as u32, self.edges.len() as u32);
        for (i, (_, group)) in groups.into_iter().enumerate() {
            let child = self.edges[first_edge + i].1 as usize;
            self.fill(group, depth + 1, child);
        }
    }

    /// Calls `found` with every regex whose literal `bytes` starts with.
    fn walk(&self, bytes: impl Iterator<Item = u8>, mut found: impl FnMut(usize)) {
        let mut node = 0usize;
        for byte in bytes {
            let Some(&TrieNode { edges, .. }) = self.nodes.get(node) else {
                return;
            };
            let edges = &self.edges[edges.0 as usize..edges.1 as usize];
            match edges.binary_search_by_key(&byte.to_ascii_lowercase(), |&(b, _)| b) {
                Ok(i) => node = edges[i].1 as usize,
                Err(_) => return,
            }
            let (start, end) = self.nodes[node].regexes;
            for &r in &self.regexes[start as usize..end as usize] {
                found(r);
            }
        }
    }
}

/// Every shared pattern, ready to scan.
pub struct PatternBank {
    /// A contiguous NFA, cheap to build, for the first texts of a run: linting one article
    /// should not wait for a DFA.
    automaton: AhoCorasick,
    /// The automaton's patterns, from which `fast` is built.
    patterns: Vec<Vec<u8>>,
    /// A DFA over the same patterns, built once a run has scanned `DFA_AFTER_BYTES`: it costs
    /// several times the NFA to build but scans faster, and the overlapping search that phrases
    /// need gets no help from prefilters, so the per-byte step decides.
    fast: std::sync::OnceLock<Result<AhoCorasick, String>>,
    /// Bytes scanned so far, by every thread.
    scanned: std::sync::atomic::AtomicUsize,
    literals: Vec<(usize, String, Case)>,
    /// For each automaton pattern after the phrases, the text regexes its literal triggers.
    triggers: Vec<Vec<usize>>,
    /// Literals that short lines start with, and (reversed) end with, for line patterns.
    starts: EndTrie,
    ends: EndTrie,
    regexes: Vec<RegexEntry>,
    always_text: Vec<usize>,
    always_line: Vec<usize>,
    bounded: Vec<bool>,
    longest_line_bytes: usize,
    /// The longest line, in characters, that any line pattern may report.
    longest_line: usize,
}

impl std::fmt::Debug for PatternBank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternBank")
            .field("literals", &self.literals.len())
            .field("regexes", &self.regexes.len())
            .field("always_text", &self.always_text.len())
            .field("always_line", &self.always_line.len())
            .finish()
    }
}

impl PatternBank {
    /// Scans a document once for every pattern.
    pub fn scan(&self, doc: &Document<'_>) -> PatternHits {
        self.scan_with(doc, false)
    }

    /// The scan; `exhaustive` runs every regex on the whole text or every short line, as if
    /// no trigger had been worked out, which is what the triggers must never change.
    fn scan_with(&self, doc: &Document<'_>, exhaustive: bool) -> PatternHits {
        let mut hits = Vec::new();
        // Line breaks inside a paragraph are spaces for phrases that span them. Only the ASCII
        // byte '\n' is replaced, so the text stays valid UTF-8 with the same offsets.
        let flat = doc.text.replace('\n', " ");
        // Short lines and their length in characters.
        let lines: Vec<(Range<usize>, usize)> = doc
            .lines()
            .map(|(_, span)| span)
            .filter(|span| span.len() <= self.longest_line_bytes)
            .map(|span| {
                let chars = doc.text.as_bytes()[span.clone()]
                    .iter()
                    .filter(|&&b| (b & 0xc0) != 0x80)
                    .count();
                (span, chars)
            })
            .filter(|(_, chars)| *chars <= self.longest_line)
            .collect();
        let mut triggered = vec![false; self.regexes.len()];
        for m in self.automaton_for(flat.len()).find_overlapping_iter(&flat) {
            let index = m.pattern().as_usize();
            if let Some((pattern, phrase, case)) = self.literals.get(index) {
                if *case == Case::Sensitive && &flat[m.range()] != phrase {
                    continue;
                }
                hits.push(Hit {
                    pattern: *pattern,
                    span: m.range(),
                    captures: Vec::new(),
                });
                continue;
            }
            for &r in self
                .triggers
                .get(index - self.literals.len())
                .into_iter()
                .flatten()
            {
                triggered[r] = true;
            }
        }
        let folds = flat.contains(ASCII_FOLDS);
        let text_due: Vec<usize> = (self.regexes.iter().enumerate())
            .filter(|(r, entry)| {
                entry.scope == Scope::Text
                    && (exhaustive
                        || triggered[*r]
                        || entry.triggers.is_none()
                        || folds && entry.case == Case::Insensitive)
            })
            .map(|(r, _)| r)
            .collect();
        let mut line_due: Vec<(usize, usize)> = Vec::new();
        for (line, (span, chars)) in lines.iter().enumerate() {
            let mut due = |r: usize| {
                if *chars <= self.regexes[r].max_chars {
                    line_due.push((line, r));
                }
            };
            let bytes = doc.text[span.clone()].bytes();
            self.starts.walk(bytes.clone(), &mut due);
            self.ends.walk(bytes.rev(), &mut due);
            self.always_line.iter().for_each(|&r| due(r));
            let folded = folds && doc.text[span.clone()].contains(ASCII_FOLDS);
            if folded || exhaustive {
                let every = self.regexes.iter().enumerate();
                every
                    .filter(|(_, e)| e.scope == Scope::Line)
                    .filter(|(_, e)| exhaustive || e.case == Case::Insensitive)
                    .for_each(|(r, _)| due(r));
            }
        }
        line_due.sort_unstable();
        line_due.dedup();
        self.compile_due(&text_due, &line_due, flat.len());
        for r in text_due {
            self.run(&self.regexes[r], &flat, 0, &mut hits);
        }
        for (line, r) in line_due {
            let span = lines[line].0.clone();
            self.run(
                &self.regexes[r],
                &doc.text[span.clone()],
                span.start,
                &mut hits,
            );
        }
        hits.retain(|hit| !self.bounded[hit.pattern] || bounded(&doc.text, &hit.span));
        hits.sort_by(|a, b| {
            (a.pattern, a.span.start, a.span.end).cmp(&(b.pattern, b.span.start, b.span.end))
        });
        PatternHits { hits }
    }

    /// The automaton to scan the next `len` bytes with: the DFA once the run has scanned enough
    /// to repay building it (measured: the DFA costs about 5M instructions more to build and
    /// saves about 2.7M per 100 KB scanned).
    fn automaton_for(&self, len: usize) -> &AhoCorasick {
        use std::sync::atomic::Ordering;
        let before = self.scanned.fetch_add(len, Ordering::Relaxed);
        if before + len < DFA_AFTER_BYTES {
            return &self.automaton;
        }
        let fast = self
            .fast
            .get_or_init(|| automaton(&self.patterns, AhoCorasickKind::DFA));
        // The patterns built the NFA, so they build the DFA; should it fail all the same, the
        // NFA finds the same matches.
        fast.as_ref().unwrap_or(&self.automaton)
    }

    /// Compiles, in parallel, the regexes this document is about to run for the first time
    /// (the tier `run` will ask first). On the first document of a run, compiling them is
    /// most of the work, and a single file would otherwise leave every other core idle.
    fn compile_due(&self, text_due: &[usize], line_due: &[(usize, usize)], text_len: usize) {
        let mut fresh: Vec<(usize, bool)> = text_due
            .iter()
            .map(|&r| (r, text_len <= PROBE_TEXT_BYTES))
            .chain(line_due.iter().map(|&(_, r)| (r, true)))
            .filter(|&(r, probe)| !self.regexes[r].regex.is_prepared(probe))
            .collect();
        fresh.sort_unstable();
        fresh.dedup();
        if fresh.len() > 1 {
            fresh
                .par_iter()
                .for_each(|&(r, probe)| self.regexes[r].regex.prepare(probe));
        }
    }

    /// Runs one regex over `haystack` and records its hits, offset by `base`. A line
    /// pattern's hit is the whole line.
    fn run(&self, entry: &RegexEntry, haystack: &str, base: usize, out: &mut Vec<Hit>) {
        let whole = base..base + haystack.len();
        // Asking first whether there is a match at all lets most patterns skip compiling the
        // full regex. A long text is searched once by a compiled regex rather than twice.
        let ask_first = match entry.scope {
            Scope::Line => true,
            Scope::Text => haystack.len() <= PROBE_TEXT_BYTES && !entry.regex.is_compiled(),
        };
        if ask_first && !entry.regex.is_match(haystack) {
            return;
        }
        if !entry.named && entry.scope == Scope::Line {
            out.push(Hit {
                pattern: entry.id,
                span: whole,
                captures: Vec::new(),
            });
            return;
        }
        let Some(regex) = entry.regex.get() else {
            return;
        };
        let span = |m: regex::Match<'_>| match entry.scope {
            Scope::Line => whole.clone(),
            Scope::Text => base + m.start()..base + m.end(),
        };
        if !entry.named {
            out.extend(regex.find_iter(haystack).map(|m| Hit {
                pattern: entry.id,
                span: span(m),
                captures: Vec::new(),
            }));
            return;
        }
        for caps in regex.captures_iter(haystack) {
            let Some(m) = caps.get(0) else { continue };
            let captures = regex
                .capture_names()
                .flatten()
                .filter_map(|name| Some((name.to_string(), caps.name(name)?.as_str().to_string())))
                .collect();
            out.push(Hit {
                pattern: entry.id,
                span: span(m),
                captures,
            });
        }
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
#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    type HitKey = (usize, Range<usize>, Vec<(String, String)>);

    fn hit_list(hits: &PatternHits) -> Vec<HitKey> {
        hits.hits
            .iter()
            .map(|h| (h.pattern, h.span.clone(), h.captures.clone()))
            .collect()
    }

    /// Each line pattern keeps its own length limit, in characters, whether it is triggered
    /// by a literal at the line's start, at its end, or runs on every line.
    #[test]
    fn each_line_pattern_keeps_its_own_length_limit() {
        let mut builder = PatternBankBuilder::default();
        let patterns = ["Read more.*", ".*the end", "[^ ]+ more.*"];
        let short: Vec<usize> = patterns
            .iter()
            .map(|p| builder.line_regex(p, Case::Sensitive, 20).unwrap())
            .collect();
        let long: Vec<usize> = patterns
            .iter()
            .map(|p| builder.line_regex(p, Case::Sensitive, 60).unwrap())
            .collect();
        let bank = builder.build().unwrap();
        let text =
            "Read more éé the end\n\nRead more about it and then on to the very end, the end\n";
        let doc = Document::parse(text, Format::Plain);
        let first = 0..text.find('\n').unwrap();
        let second = text.rfind("Read").unwrap()..text.len() - 1;
        for (i, _) in patterns.iter().enumerate() {
            let lines = |id: usize| -> Vec<Range<usize>> {
                bank.scan(&doc)
                    .of(id..id + 1)
                    .iter()
                    .map(|h| h.span.clone())
                    .collect()
            };
            assert_eq!(lines(short[i]), vec![first.clone()], "{}", patterns[i]);
            assert_eq!(
                lines(long[i]),
                [first.clone(), second.clone()],
                "{}",
                patterns[i]
            );
        }
    }

    /// Every `.txt` and `.md` file under `fixtures/`, in path order, with its format.
    fn fixture_texts() -> Vec<(String, Format)> {
        let mut corpus = Vec::new();
        texts(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut corpus,
        );
        corpus
    }

    fn texts(dir: &std::path::Path, out: &mut Vec<(String, Format)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                texts(&path, out);
            } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                out.push((
                    std::fs::read_to_string(&path).unwrap(),
                    Format::from_path(&path),
                ));
            }
        }
    }

    /// The table build.rs wrote holds what working the triggers out at load time gives, for
    /// every pattern of the built-in lints.
    #[test]
    fn precomputed_triggers_match_the_analysis() {
        assert!(PRECOMPUTED.len() > 100, "{} rows", PRECOMPUTED.len());
        for (source, insensitive, stored) in PRECOMPUTED {
            let stored = stored.map(|(suffix, literals)| Triggers {
                suffix,
                literals: literals.iter().map(|l| l.to_vec()).collect(),
            });
            assert_eq!(
                triggers::analyse(source, *insensitive, source.starts_with("^(?:")),
                Ok(stored),
                "{source}"
            );
        }
    }

    /// The `unless` regexes that loading trusts without parsing do parse, and there are as
    /// many as the built-in lints have.
    #[test]
    fn regexes_trusted_at_load_parse() {
        for source in VALID_UNLESS {
            assert!(
                regex_syntax::Parser::new().parse(source).is_ok(),
                "{source}"
            );
        }
        let mut unless: Vec<String> = Vec::new();
        for (_, _, text, _) in crate::engine::BUILTIN_LINTS {
            let table: toml::Table = text.parse().unwrap();
            let checks = table["check"].as_table().unwrap();
            for params in checks.values() {
                let list = params.get("unless").and_then(toml::Value::as_array);
                unless.extend(
                    list.into_iter()
                        .flatten()
                        .map(|v| v.as_str().unwrap().to_string()),
                );
            }
        }
        unless.sort();
        unless.dedup();
        assert!(unless.len() > 10, "{} unless regexes", unless.len());
        assert_eq!(VALID_UNLESS, unless);
        assert!(!known_valid("(unclosed"));
    }

    /// The phrase NFA that starts a run and the DFA that takes over after `DFA_AFTER_BYTES`
    /// find the same hits on every fixture text.
    #[test]
    fn the_phrase_dfa_finds_what_the_nfa_finds() {
        use std::sync::atomic::Ordering;
        let ruleset = crate::Ruleset::builtin().expect("built-in lints load");
        let bank = ruleset.bank();
        let corpus = fixture_texts();
        let mut hits = 0;
        for (text, format) in &corpus {
            let doc = Document::parse(text, *format);
            bank.scanned.store(0, Ordering::Relaxed);
            let nfa = hit_list(&bank.scan(&doc));
            bank.scanned.store(DFA_AFTER_BYTES, Ordering::Relaxed);
            let dfa = hit_list(&bank.scan(&doc));
            assert_eq!(nfa, dfa, "the automata disagree on:\n{text}");
            hits += nfa.len();
        }
        assert!(bank.fast.get().is_some_and(Result::is_ok));
        assert!(hits > 100, "{hits} hits");
    }

    /// Triggers only skip work: on every fixture text, the lint examples and texts spelled
    /// with the characters that case folding maps onto ASCII, the scan finds exactly what
    /// running every regex everywhere finds.
    #[test]
    fn triggers_never_change_what_is_found() {
        let ruleset = crate::Ruleset::builtin().expect("built-in lints load");
        let bank = ruleset.bank();
        let mut corpus = fixture_texts();
        for lint in ruleset.lints() {
            for example in lint.examples() {
                let (crate::rules::Example::Bad { text, .. }
                | crate::rules::Example::Good { text, .. }) = example;
                corpus.push((text.clone(), Format::Plain));
            }
        }
        // LONG S and KELVIN SIGN fold to "s" and "k" under (?i).
        corpus.push(("Some critics \u{17F}ay the plan will fail.\n\nCONTINUE READING\n\nBac\u{212A} to top\n".into(), Format::Plain));
        corpus.push((
            "\u{17F}ome experts say so.\n\nSign up for our newsletter\n".into(),
            Format::Plain,
        ));
        let mut hits = 0;
        for (text, format) in &corpus {
            let doc = Document::parse(text, *format);
            let fast = hit_list(&bank.scan_with(&doc, false));
            let slow = hit_list(&bank.scan_with(&doc, true));
            assert_eq!(fast, slow, "triggers changed the hits in:\n{text}");
            hits += fast.len();
        }
        assert!(
            hits > 100,
            "the corpus should exercise the patterns ({hits} hits)"
        );
    }
}

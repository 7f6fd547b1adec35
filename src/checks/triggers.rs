//! Trigger literals: the literals every match of a regex starts with, or else ends with, so
//! a document is searched for them instead of running the regex. A pure function of the
//! pattern text, shared with `build.rs`, which works it out for the built-in lints ahead of
//! time so loading them parses no regex.

use regex_syntax::hir::Look;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Literals shorter than this occur too often to be worth a trigger: such a regex runs always.
/// A literal that must sit at the start (or end) of the haystack is rare at any length, as
/// only one place is looked at: one byte is enough there.
pub const MIN_TRIGGER_BYTES: usize = 3;

/// How much of each trigger literal of a text pattern is searched for: enough to be rare.
pub const TEXT_TRIGGER_BYTES: usize = 10;

/// How much of each trigger literal of a line pattern the line tries hold: a line's first (or
/// last) dozen bytes tell most patterns apart, and longer literals would only grow the tries.
pub const LINE_TRIGGER_BYTES: usize = 12;

/// The literals that every match of a regex starts with, or ends with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Triggers {
    /// Whether the literals end every match rather than start it.
    pub suffix: bool,
    /// The literals in ASCII lowercase, cut to their first (or, for suffixes, last) few
    /// bytes, sorted, with none that holds a shorter one at the same end.
    pub literals: Vec<Vec<u8>>,
}

/// Parses `source` as written (no case-insensitive flag: the literals come out in the case
/// the pattern spells them, and the search for them ignores ASCII case) and works out its
/// triggers; `insensitive` says whether the regex will run case-insensitively, `line` whether
/// it is matched against whole lines. An error is the parser's message.
pub fn analyse(source: &str, insensitive: bool, line: bool) -> Result<Option<Triggers>, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .map_err(|e| e.to_string())?;
    let keep = if line {
        LINE_TRIGGER_BYTES
    } else {
        TEXT_TRIGGER_BYTES
    };
    Ok(trigger_literals(&hir, insensitive).map(|t| shorten(t, keep)))
}

/// Keeps the first (or, for suffixes, last) `keep` bytes of each literal, lowercased, then
/// drops every literal that contains a shorter one at the same end: finding the shorter one is
/// enough to know the regex may match, and a few short literals search faster than many long
/// ones.
fn shorten(triggers: Triggers, keep: usize) -> Triggers {
    let suffix = triggers.suffix;
    let mut keys: Vec<Vec<u8>> = triggers
        .literals
        .into_iter()
        .map(|mut l| {
            l.make_ascii_lowercase();
            let cut = l.len().min(keep);
            let mut key = if suffix {
                l.split_off(l.len() - cut)
            } else {
                l.truncate(cut);
                l
            };
            // Compare suffixes as reversed prefixes.
            if suffix {
                key.reverse();
            }
            key
        })
        .collect();
    keys.sort();
    keys.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for key in keys {
        if !kept.last().is_some_and(|k| key.starts_with(k)) {
            kept.push(key);
        }
    }
    if suffix {
        for key in &mut kept {
            key.reverse();
        }
        kept.sort();
    }
    Triggers {
        suffix,
        literals: kept,
    }
}

/// The whole characters of a literal the extractor may have cut inside a character: it drops
/// the bytes of an incomplete character at the cut end.
fn whole_chars(bytes: &[u8], suffix: bool) -> &[u8] {
    if suffix {
        let skip = bytes.iter().take_while(|&&b| b & 0xc0 == 0x80).count();
        &bytes[skip..]
    } else {
        match std::str::from_utf8(bytes) {
            Ok(_) => bytes,
            Err(e) if e.error_len().is_none() => &bytes[..e.valid_up_to()],
            Err(_) => bytes,
        }
    }
}

/// The literals that every match of `hir` starts with, or else ends with; `None` when neither
/// set is finite and made of literals long enough to be rare.
fn trigger_literals(hir: &regex_syntax::hir::Hir, insensitive: bool) -> Option<Triggers> {
    let props = hir.properties();
    for (kind, suffix) in [(ExtractKind::Prefix, false), (ExtractKind::Suffix, true)] {
        let anchored = if suffix {
            props.look_set_suffix().contains(Look::End)
        } else {
            props.look_set_prefix().contains(Look::Start)
        };
        let min_bytes = if anchored { 1 } else { MIN_TRIGGER_BYTES };
        let seq = Extractor::new().kind(kind).extract(hir);
        let Some(literals) = seq.literals() else {
            continue;
        };
        let usable = |bytes: &[u8]| {
            let bytes = whole_chars(bytes, suffix);
            bytes.len() >= min_bytes
                // An ASCII-case-insensitive search finds every case of an ASCII letter, but
                // not of a letter outside ASCII.
                && (!insensitive
                    || bytes.is_ascii()
                    || std::str::from_utf8(bytes).is_ok_and(|text| {
                        text.chars()
                            .all(|c| c.is_ascii() || !(c.is_lowercase() || c.is_uppercase()))
                    }))
        };
        if !literals.is_empty() && literals.iter().all(|l| usable(l.as_bytes())) {
            return Some(Triggers {
                suffix,
                literals: literals
                    .iter()
                    .map(|l| whole_chars(l.as_bytes(), suffix).to_vec())
                    .collect(),
            });
        }
    }
    None
}

/// The source a pattern is compiled from in each scope, without the case flag.
pub fn anchored(pattern: &str, line: bool) -> String {
    if line {
        format!("^(?:{pattern})$")
    } else {
        format!("(?:{pattern})")
    }
}

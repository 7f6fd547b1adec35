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

/// The literals that every match of a regex starts with, or ends with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Triggers {
    /// Whether the literals end every match rather than start it.
    pub suffix: bool,
    /// The literals, as the pattern spells them.
    pub literals: Vec<Vec<u8>>,
}

/// Parses `source` as written (no case-insensitive flag: the literals come out in the case
/// the pattern spells them, and the search for them ignores ASCII case) and works out its
/// triggers; `insensitive` says whether the regex will run case-insensitively. An error is
/// the parser's message.
pub fn analyse(source: &str, insensitive: bool) -> Result<Option<Triggers>, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(source)
        .map_err(|e| e.to_string())?;
    Ok(trigger_literals(&hir, insensitive))
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
                literals: literals.iter().map(|l| l.as_bytes().to_vec()).collect(),
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

//! Embedded English lexicon with SCOWL frequency levels.
//!
//! The checks that judge fragments ("is `governmen` a truncated word?", "does
//! `s` become a common word with one more letter?") need a word list that
//! ships inside the binary, so the data is compiled in as an `fst::Map`
//! built by `scripts/build-lexicon.sh` (see `data/LEXICON.md`). Keys are
//! lowercase words without possessive `'s`; stripping possessives is the
//! caller's job.

use std::sync::OnceLock;

use fst::{IntoStreamer, Map, Streamer};

/// The raw fst; built by `examples/build_lexicon.rs`.
static LEXICON_FST: &[u8] = include_bytes!("../../data/lexicon.fst");

// Value layout written by examples/build_lexicon.rs; keep both in sync.
const LEVEL_MASK: u64 = 0xff;
const LOWERCASE_BIT: u64 = 1 << 8;
const CAPITALIZED_BIT: u64 = 1 << 9;
/// SCOWL's most common size level; the builder rejects anything lower, so
/// a completion at this level cannot be beaten.
const LOWEST_LEVEL: u8 = 10;

/// Longest normalised key looked up without touching the heap; the longest
/// word in the lexicon is well below this, so only junk input spills over.
const INLINE_KEY_CAPACITY: usize = 64;

/// How one word form is known to the lexicon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Lowest SCOWL size level the word appears at, over all its spellings
    /// and cases: 10 is among the most common words, 70 is the rarest
    /// included.
    pub level: u8,
    /// Listed as an ordinary lowercase word (or contraction), so it is fine
    /// in running text without a capital.
    pub lowercase: bool,
    /// Listed with a capital letter (proper name, upper-case word), so it
    /// may be a name even when `lowercase` is false.
    pub capitalized: bool,
}

impl Entry {
    fn decode(value: u64) -> Self {
        Entry {
            // Masked to 8 bits, so the cast cannot truncate.
            level: (value & LEVEL_MASK) as u8,
            lowercase: value & LOWERCASE_BIT != 0,
            capitalized: value & CAPITALIZED_BIT != 0,
        }
    }
}

/// The embedded word list; obtain the shared instance with [`lexicon`].
pub struct Lexicon {
    map: Map<&'static [u8]>,
}

/// Returns the process-wide lexicon, parsing the embedded data on first use.
///
/// # Panics
///
/// Only if the compiled-in `data/lexicon.fst` is corrupt, which the unit
/// tests of this module rule out for any build that passed them.
#[must_use]
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon {
        // The bytes are produced by our own build step and compiled in, so a
        // failure here is a packaging bug that no input can trigger; the
        // unit tests below load it and would fail first.
        map: Map::new(LEXICON_FST).expect("embedded data/lexicon.fst is not a valid fst map"),
    })
}

impl Lexicon {
    #[must_use]
    /// Looks up a word case-insensitively (the caller passes any case; ASCII
    /// fast path lowercasing into a stack buffer, no heap allocation for
    /// words up to 64 bytes; curly apostrophe ’ treated as ').
    pub fn lookup(&self, word: &str) -> Option<Entry> {
        if word.is_empty() {
            return None;
        }
        with_key(word, |key| self.map.get(key)).map(Entry::decode)
    }

    #[must_use]
    /// True when the word is known at any level as a lowercase (common) word.
    pub fn is_word(&self, word: &str) -> bool {
        self.lookup(word).is_some_and(|entry| entry.lowercase)
    }

    #[must_use]
    /// True when the word is known and its level is at most `max_level`
    /// (e.g. 35 = common).
    ///
    /// Capitalised-only entries count too, because the level is the minimum
    /// over every form; combine with [`Lexicon::is_word`] when only ordinary
    /// lowercase words should pass.
    pub fn is_common(&self, word: &str, max_level: u8) -> bool {
        self.lookup(word)
            .is_some_and(|entry| entry.level <= max_level)
    }

    #[must_use]
    /// Is this known as a word that starts with `prefix` (for truncation
    /// checks: is "governmen" the start of a known word?). Return the most
    /// common completion (lowest level, ties broken alphabetically) within
    /// `max_level`, if any.
    ///
    /// Only words strictly longer than `prefix` count, since a truncation
    /// check has already asked whether the prefix itself is a word; an empty
    /// prefix yields `None` because every word would match. The prefix is
    /// normalised like [`Lexicon::lookup`], and the returned word is the
    /// lowercase key.
    pub fn completion(&self, prefix: &str, max_level: u8) -> Option<(String, Entry)> {
        if prefix.is_empty() {
            return None;
        }
        with_key(prefix, |key| {
            // Keys sharing the prefix form one contiguous run right after the
            // prefix itself in byte order, so the scan can stop at the first
            // key that leaves the run.
            let mut stream = self.map.range().gt(key).into_stream();
            let mut best: Option<(Vec<u8>, Entry)> = None;
            while let Some((candidate, value)) = stream.next() {
                if !candidate.starts_with(key) {
                    break;
                }
                let entry = Entry::decode(value);
                if entry.level > max_level {
                    continue;
                }
                // Strictly lower only: the stream is alphabetical, so the
                // first word seen at a level wins ties.
                if best.as_ref().is_none_or(|(_, b)| entry.level < b.level) {
                    best = Some((candidate.to_vec(), entry));
                    // Nothing later can beat the lowest level, and short
                    // prefixes have thousands of completions to skip.
                    if entry.level <= LOWEST_LEVEL {
                        break;
                    }
                }
            }
            best.map(|(bytes, entry)| (String::from_utf8_lossy(&bytes).into_owned(), entry))
        })
    }
}

/// Runs `f` on the normalised key for `word`, keeping it on the stack when it
/// fits so the per-token lookups of a lint pass do not allocate.
fn with_key<R>(word: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    let mut buf = [0u8; INLINE_KEY_CAPACITY];
    if word.is_ascii() {
        // Most prose tokens are ASCII, where lowercasing is byte-for-byte and
        // there is no curly apostrophe to rewrite.
        if let Some(slot) = buf.get_mut(..word.len()) {
            slot.copy_from_slice(word.as_bytes());
            slot.make_ascii_lowercase();
            return f(slot);
        }
    } else {
        let mut len = 0;
        let fits = normalize(word, |bytes| match buf.get_mut(len..len + bytes.len()) {
            Some(slot) => {
                slot.copy_from_slice(bytes);
                len += bytes.len();
                true
            }
            None => false,
        });
        if fits {
            return f(&buf[..len]);
        }
    }
    let mut heap = Vec::with_capacity(word.len());
    normalize(word, |bytes| {
        heap.extend_from_slice(bytes);
        true
    });
    f(&heap)
}

/// Feeds the lowercased UTF-8 of `word` to `push`, stopping early when `push`
/// reports it is out of room; returns whether everything was pushed.
fn normalize(word: &str, mut push: impl FnMut(&[u8]) -> bool) -> bool {
    let mut utf8 = [0u8; 4];
    for ch in word.chars() {
        // Typographic apostrophes are common in edited articles, while the
        // word lists only use the ASCII one.
        if ch == '\u{2019}' {
            if !push(b"'") {
                return false;
            }
            continue;
        }
        for lower in ch.to_lowercase() {
            if !push(lower.encode_utf8(&mut utf8).as_bytes()) {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_words() {
        let lex = lexicon();
        for word in ["the", "government", "military", "as", "he", "in", "a", "i"] {
            assert!(lex.is_word(word), "{word:?} should be a word");
        }
        assert_eq!(lex.lookup("the").map(|e| e.level), Some(10));
    }

    #[test]
    fn fragments_are_not_words() {
        let lex = lexicon();
        for fragment in ["governmen", "mili", "rnment"] {
            assert!(!lex.is_word(fragment), "{fragment:?} should not be a word");
            assert_eq!(lex.lookup(fragment), None, "{fragment:?}");
        }
    }

    #[test]
    fn single_letters_other_than_a_and_i_are_unknown() {
        let lex = lexicon();
        for letter in ["s", "n", "b", "m", "x", "S", "N"] {
            assert_eq!(lex.lookup(letter), None, "{letter:?}");
            assert!(!lex.is_word(letter), "{letter:?}");
            assert!(!lex.is_common(letter, 95), "{letter:?}");
        }
    }

    #[test]
    fn one_more_letter_makes_a_common_word() {
        let lex = lexicon();
        assert!(lex.is_common("as", 35));
        assert!(lex.is_common("in", 35));
        assert!(lex.is_word("he"));
    }

    #[test]
    fn lookup_is_case_insensitive() {
        let lex = lexicon();
        let the = lex.lookup("the");
        assert!(the.is_some());
        assert_eq!(lex.lookup("The"), the);
        assert_eq!(lex.lookup("THE"), the);
        assert_eq!(lex.lookup("GoVeRnMeNt"), lex.lookup("government"));
        // Non-ASCII letters take the slow path but must agree.
        let kinder = lex.lookup("kindergärtner");
        assert!(kinder.is_some_and(|e| e.lowercase));
        assert_eq!(lex.lookup("KINDERGÄRTNER"), kinder);
    }

    #[test]
    fn curly_apostrophe_matches_ascii() {
        let lex = lexicon();
        assert!(lex.is_word("don't"));
        assert_eq!(lex.lookup("don\u{2019}t"), lex.lookup("don't"));
        assert_eq!(lex.lookup("Don\u{2019}t"), lex.lookup("don't"));
    }

    #[test]
    fn names_are_flagged_capitalized_not_lowercase() {
        let lex = lexicon();
        let ukraine = lex.lookup("Ukraine").expect("Ukraine is in SCOWL upper 50");
        assert!(ukraine.capitalized);
        assert!(!ukraine.lowercase);
        assert!(!lex.is_word("ukraine"));
        assert!(lex.is_common("ukraine", 50));
        assert!(!lex.is_common("ukraine", 35));
    }

    #[test]
    fn completion_finds_truncated_words() {
        let lex = lexicon();
        let (word, entry) = lex.completion("governmen", 50).expect("completion");
        assert_eq!(word, "government");
        assert!(entry.lowercase);
        assert_eq!(lex.completion("Governmen", 50).map(|c| c.0), Some(word));
        assert_eq!(
            lex.completion("mili", 50).map(|c| c.0).as_deref(),
            Some("military")
        );
    }

    #[test]
    fn completion_respects_level_and_length() {
        let lex = lexicon();
        // Level 10 is the lowest SCOWL level, so nothing is within 9.
        assert_eq!(lex.completion("governmen", 9), None);
        assert_eq!(lex.completion("zzqx", 95), None);
        assert_eq!(lex.completion("", 95), None);
        // The prefix itself never counts as its own completion.
        let (word, _) = lex
            .completion("govern", 95)
            .expect("govern has longer forms");
        assert!(word.starts_with("govern") && word.len() > "govern".len());
    }

    #[test]
    fn completion_matches_a_full_scan() {
        // Guards the early exit at the lowest level against a plain scan.
        let lex = lexicon();
        let prefixes = ["s", "co", "qu", "governmen", "mili", "tr", "x", "kindergä"];
        let levels = [10, 35, 50, 70];
        let mut expected: Vec<Option<(String, u8)>> = vec![None; prefixes.len() * levels.len()];
        let mut stream = lex.map.stream();
        while let Some((key, value)) = stream.next() {
            let level = Entry::decode(value).level;
            for (p, prefix) in prefixes.iter().enumerate() {
                if key.len() <= prefix.len() || !key.starts_with(prefix.as_bytes()) {
                    continue;
                }
                for (l, &max) in levels.iter().enumerate() {
                    let slot = &mut expected[p * levels.len() + l];
                    if level <= max && slot.as_ref().is_none_or(|(_, best)| level < *best) {
                        *slot = Some((String::from_utf8(key.to_vec()).unwrap(), level));
                    }
                }
            }
        }
        for (p, prefix) in prefixes.iter().enumerate() {
            for (l, &max) in levels.iter().enumerate() {
                let got = lex.completion(prefix, max).map(|(w, e)| (w, e.level));
                assert_eq!(
                    got,
                    expected[p * levels.len() + l],
                    "{prefix:?} within {max}"
                );
            }
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        let lex = lexicon();
        assert_eq!(lex.lookup(""), None);
        let long = "a".repeat(INLINE_KEY_CAPACITY + 10);
        assert_eq!(lex.lookup(&long), None);
        let long_unicode = "é".repeat(INLINE_KEY_CAPACITY);
        assert_eq!(lex.lookup(&long_unicode), None);
        assert_eq!(lex.lookup(&"x".repeat(INLINE_KEY_CAPACITY)), None);
    }

    #[test]
    fn key_normalisation() {
        let collect = |word: &str| with_key(word, <[u8]>::to_vec);
        assert_eq!(collect("Don\u{2019}T"), b"don't");
        assert_eq!(collect("ÜBER"), "über".as_bytes());
        let long = "Ä".repeat(INLINE_KEY_CAPACITY);
        assert_eq!(collect(&long), "ä".repeat(INLINE_KEY_CAPACITY).as_bytes());
    }
}

//! Known names: the people, organisations and places a team writes about, with their accepted
//! spellings, banned forms and titles, read from the file `names = "..."` in copydesk.toml.
//!
//! ```toml
//! [[person]]
//! name = "Vladimir Putin"
//! aliases = ["Putin"]
//! title = "President"
//! role = "President of Russia"
//!
//! [[place]]
//! name = "Kyiv"
//! banned = ["Kiev"]
//! ```

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// What a known name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A person.
    Person,
    /// An organisation.
    Organisation,
    /// A place.
    Place,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<String>,
    title: Option<String>,
    role: Option<String>,
    #[serde(default)]
    banned: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNames {
    #[serde(default)]
    person: Vec<RawEntry>,
    #[serde(default, alias = "organization")]
    organisation: Vec<RawEntry>,
    #[serde(default)]
    place: Vec<RawEntry>,
}

/// One known name.
#[derive(Clone, Debug)]
pub struct KnownName {
    /// Person, organisation or place.
    pub kind: NameKind,
    /// The canonical form.
    pub name: String,
    /// Other accepted forms.
    pub aliases: Vec<String>,
    /// The person's title, e.g. "President".
    pub title: Option<String>,
    /// What the person does, for messages.
    pub role: Option<String>,
    /// Forms that must not be used.
    pub banned: Vec<String>,
}

/// A names file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct NamesError {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Where, when known.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
}

/// The known names, indexed for the checks.
#[derive(Debug, Default)]
pub struct Names {
    entries: Vec<KnownName>,
    /// Every word of every canonical name and alias, lowercased.
    words: HashSet<String>,
    /// Each canonical word (lowercased) and every form of it with one letter deleted, mapped
    /// to the canonical words it came from: finds one-edit misspellings without comparing all
    /// pairs.
    deletions: HashMap<String, Vec<String>>,
    /// Canonical spelling of each word, keyed by its lowercase form.
    spelling: HashMap<String, String>,
    /// Every word of every canonical name and alias as written there.
    written: HashSet<String>,
    /// Every banned form, with the index of its entry.
    banned: Vec<(String, usize)>,
}

impl Names {
    /// Reads a names file.
    pub fn load(path: &Path) -> Result<Names, NamesError> {
        let text = std::fs::read_to_string(path).map_err(|e| NamesError {
            path: path.to_path_buf(),
            text: String::new(),
            span: None,
            message: format!("cannot read: {e}"),
        })?;
        Names::parse(&text, path)
    }

    /// Parses the text of a names file; `path` is only for errors.
    pub fn parse(text: &str, path: &Path) -> Result<Names, NamesError> {
        let fail = |text: &str, span, message: String| NamesError {
            path: path.to_path_buf(),
            text: text.to_string(),
            span,
            message,
        };
        let raw: RawNames =
            toml::from_str(text).map_err(|e| fail(text, e.span(), e.message().to_string()))?;
        let mut entries = Vec::new();
        for (kind, list) in [
            (NameKind::Person, raw.person),
            (NameKind::Organisation, raw.organisation),
            (NameKind::Place, raw.place),
        ] {
            for entry in list {
                if entry.name.get_ref().trim().is_empty() {
                    return Err(fail(text, Some(entry.name.span()), "empty name".into()));
                }
                entries.push(KnownName {
                    kind,
                    name: entry.name.into_inner(),
                    aliases: entry.aliases,
                    title: entry.title,
                    role: entry.role,
                    banned: entry.banned,
                });
            }
        }
        Ok(Names::new(entries))
    }

    /// Indexes a list of names.
    pub fn new(entries: Vec<KnownName>) -> Names {
        let mut names = Names {
            entries,
            ..Names::default()
        };
        let forms: Vec<String> = names
            .entries
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .cloned()
            .collect();
        names.banned = names
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.banned.iter().map(move |b| (b.clone(), i)))
            .filter(|(b, _)| !b.trim().is_empty())
            .collect();
        for form in &forms {
            for word in name_words(form) {
                let lower = word.to_lowercase();
                names
                    .spelling
                    .entry(lower.clone())
                    .or_insert_with(|| word.to_string());
                names.words.insert(lower.clone());
                names.written.insert(word.to_string());
                for variant in deletions(&lower) {
                    names
                        .deletions
                        .entry(variant)
                        .or_default()
                        .push(lower.clone());
                }
                names
                    .deletions
                    .entry(lower.clone())
                    .or_default()
                    .push(lower);
            }
        }
        names
    }

    /// Every known name.
    pub fn entries(&self) -> &[KnownName] {
        &self.entries
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Banned forms with the entry each belongs to.
    pub fn banned(&self) -> impl Iterator<Item = (&str, &KnownName)> {
        self.banned
            .iter()
            .map(|(form, i)| (form.as_str(), &self.entries[*i]))
    }

    /// The known name that has `word` among the words of its name or aliases.
    pub fn entry_with_word(&self, word: &str) -> Option<&KnownName> {
        self.entries.iter().find(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|form| name_words(form).any(|w| w == word))
        })
    }

    /// Whether `word` is a word of a known name or alias (any case).
    pub fn is_name_word(&self, word: &str) -> bool {
        !self.words.is_empty() && self.words.contains(&word.to_lowercase())
    }

    /// Whether every word of `form` is written exactly as in a known name or alias: "Shangri-La"
    /// when "Shangri-La Dialogue" is known, but not "Shangri-la".
    pub fn knows_spelling(&self, form: &str) -> bool {
        let mut words = name_words(form).peekable();
        words.peek().is_some() && words.all(|w| self.written.contains(w))
    }

    /// The known name word that `word` misspells by one letter (inserted, deleted, replaced or
    /// two swapped), written the canonical way. Only words of five letters or more are
    /// considered: shorter ones collide with too many real words.
    pub fn near_miss(&self, word: &str) -> Option<&str> {
        if word.chars().count() < 5 || self.words.is_empty() {
            return None;
        }
        let lower = word.to_lowercase();
        if self.words.contains(&lower) {
            return None;
        }
        let candidates = std::iter::once(lower.clone())
            .chain(deletions(&lower))
            .filter_map(|key| self.deletions.get(&key))
            .flatten();
        let mut found: Option<&String> = None;
        for candidate in candidates {
            if !one_edit(&lower, candidate) {
                continue;
            }
            match found {
                Some(previous) if previous != candidate => return None,
                _ => found = Some(candidate),
            }
        }
        found.and_then(|c| self.spelling.get(c)).map(String::as_str)
    }
}

/// The words of a name: letters with inner apostrophes and hyphens.
pub fn name_words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
}

fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(i, c)| {
        let mut out = String::with_capacity(word.len());
        out.push_str(&word[..i]);
        out.push_str(&word[i + c.len_utf8()..]);
        out
    })
}

/// Whether `a` and `b` differ by exactly one insertion, deletion, substitution or swap of two
/// neighbouring letters.
pub fn one_edit(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        let rest_equal = |from: usize| short[from..] == long[from..];
        // One substitution, or two neighbours swapped.
        return rest_equal(prefix + 1)
            || (prefix + 1 < short.len()
                && short[prefix] == long[prefix + 1]
                && short[prefix + 1] == long[prefix]
                && rest_equal(prefix + 2));
    }
    short[prefix..] == long[prefix + 1..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> KnownName {
        KnownName {
            kind: NameKind::Person,
            name: name.into(),
            aliases: vec![],
            title: None,
            role: None,
            banned: vec![],
        }
    }

    #[test]
    fn one_edit_covers_the_four_edits() {
        assert!(one_edit("vladmir", "vladimir"));
        assert!(one_edit("vladimir", "vladmir"));
        assert!(one_edit("vladimar", "vladimir"));
        assert!(one_edit("vladimri", "vladimir"));
        assert!(!one_edit("vladimir", "vladimir"));
        assert!(!one_edit("vlad", "vladimir"));
        assert!(!one_edit("valdmiir", "vladimir"));
    }

    #[test]
    fn known_spellings_match_words_exactly() {
        let mut kim = person("Kim Jong Un");
        kim.aliases.push("Kim Jong-un".into());
        let names = Names::new(vec![kim, person("Shangri-La Dialogue")]);
        assert!(names.knows_spelling("Shangri-La"));
        assert!(names.knows_spelling("Kim Jong-un"));
        assert!(names.knows_spelling("Jong Un"));
        assert!(!names.knows_spelling("Shangri-la"));
        assert!(!names.knows_spelling("Kim Jong-Un"));
        assert!(!names.knows_spelling(""));
        assert!(!Names::default().knows_spelling("Kim"));
    }

    #[test]
    fn near_misses_map_to_the_canonical_spelling() {
        let names = Names::new(vec![
            person("Vladimir Putin"),
            person("Volodymyr Zelenskyy"),
        ]);
        assert_eq!(names.near_miss("Vladmir"), Some("Vladimir"));
        assert_eq!(names.near_miss("Zelenskky"), Some("Zelenskyy"));
        assert_eq!(names.near_miss("Vladimir"), None);
        assert_eq!(names.near_miss("Putn"), None, "short words are too risky");
        assert!(names.is_name_word("putin"));
    }
}

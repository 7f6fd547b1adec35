//! `conflicting-title`: a person whose title changes within the document without the text saying
//! why ("Prime Minister Ana Ruiz" ... "President Ruiz").
//!
//! A mention is a capitalised title from the configured list immediately before a capitalised
//! name ("Foreign Minister Elena Vasquez", "Sen. Ruiz"). Mentions are matched to a person by
//! surname, and by given name when both mentions have one. A surname that comes with two given
//! names anywhere in the text ("Maria Chen", "David Chen") belongs to two people, so a mention
//! by surname alone cannot be placed and is left alone. A person named in any sentence that
//! tells of a change of office ("former", "became", "then-Senator") is never reported.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::words::{is_name_word, strip_possessive};
use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Document, Token, TokenKind};
use crate::lexicon::lexicon;
use crate::source::Format;

/// Longest name read after a title, in words; initials and suffixes do not count.
const MAX_NAME_WORDS: usize = 4;

/// Most titles read in one chain ("President and Chief Executive Dr. Ana Ruiz").
const MAX_CHAIN: usize = 4;

/// Most portfolio words read before or after a title ("Foreign Affairs Minister").
const MAX_MODIFIERS: usize = 3;

/// Capitalised words that open sentences rather than name a portfolio: "When Minister Ruiz".
const OPENERS: &[&str] = &[
    "a", "after", "also", "an", "and", "as", "at", "because", "before", "both", "but", "by",
    "each", "even", "for", "from", "he", "her", "his", "if", "in", "it", "its", "like", "many",
    "my", "new", "no", "now", "of", "on", "once", "only", "or", "our", "she", "since", "so",
    "some", "still", "that", "the", "their", "then", "these", "they", "this", "those", "though",
    "to", "under", "until", "we", "when", "where", "while", "with", "without", "yet", "your",
];

/// Words that end a name: "Prime Minister Fumio Kishida Wednesday" in a terse dateline style.
const NOT_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Name suffixes that follow a surname without being it.
const SUFFIXES: &[&str] = &["Jr", "Sr", "II", "III", "IV", "V"];

/// Parameters of `[check.conflicting-title]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Titles as they are written before a name, capitalised ("Prime Minister", "Sen."); a
    /// lowercase title in running text ("the president said") is not read.
    titles: Vec<Spanned<String>>,
    /// Groups of titles that name one office ("Senator", "Sen."), so they never conflict; each
    /// member must be listed in `titles`.
    #[serde(default)]
    equivalent: Vec<Vec<Spanned<String>>>,
    /// Groups of titles that one person often holds at once ("President", "Chief Executive"),
    /// so they never conflict with each other; each member must be listed in `titles`.
    #[serde(default)]
    compatible: Vec<Vec<Spanned<String>>>,
    /// Titles a person holds alongside any office ("Dr.", "Chairman", "Speaker"): read so that
    /// the name after them is found, never compared.
    #[serde(default)]
    combinable: Vec<Spanned<String>>,
    /// Words before a title that make it a different office ("Deputy", "Vice"): "Deputy
    /// Minister" conflicts with "Minister", while a portfolio ("Defense Minister") only
    /// conflicts with another portfolio ("Foreign Minister").
    #[serde(default)]
    ranks: Vec<String>,
    /// Words and phrases that tell of a change of office ("former", "became", "stepped down"),
    /// also as the first part of a hyphenated word ("then-Senator", "ex-President"); a person
    /// named in a sentence with one is never reported.
    #[serde(default)]
    changes: Vec<String>,
}

/// One entry of the title list, as the tokens it is written with.
#[derive(Debug)]
struct TitleDef {
    words: Vec<String>,
    /// The office it names, shared by equivalent titles; `None` for a combinable title.
    office: Option<usize>,
}

/// Entries keyed by a word, looked up by its first byte and length before any string
/// comparison: most tokens are turned away by one array read, with no hashing.
#[derive(Debug)]
struct WordIndex {
    buckets: Vec<Vec<(String, usize)>>,
}

/// Words longer than this share the last length bucket.
const MAX_BUCKET_LEN: usize = 15;

impl Default for WordIndex {
    fn default() -> Self {
        WordIndex {
            buckets: vec![Vec::new(); 256 * (MAX_BUCKET_LEN + 1)],
        }
    }
}

impl WordIndex {
    fn bucket(word: &str) -> usize {
        Self::bucket_of(word.as_bytes().first().copied().unwrap_or(0), word.len())
    }

    fn bucket_of(first: u8, len: usize) -> usize {
        usize::from(first) * (MAX_BUCKET_LEN + 1) + len.min(MAX_BUCKET_LEN)
    }

    /// False when no entry can be the token's word; reads one byte of the source instead of
    /// slicing the token's text.
    #[inline]
    fn may_hold(&self, doc: &Document<'_>, token: &Token) -> bool {
        let first = doc.source.as_bytes().get(token.span().start).copied();
        first.is_some_and(|b| {
            self.buckets
                .get(Self::bucket_of(b, token.span().len()))
                .is_some_and(|bucket| !bucket.is_empty())
        })
    }

    /// Adds an entry; entries for one word keep the order they were added in.
    fn insert(&mut self, word: &str, value: usize) {
        if let Some(bucket) = self.buckets.get_mut(Self::bucket(word)) {
            bucket.push((word.to_string(), value));
        }
    }

    /// The entries for `word`, in the order they were added.
    fn get<'s>(&'s self, word: &'s str) -> impl Iterator<Item = usize> + 's {
        self.buckets
            .get(Self::bucket(word))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(move |(w, _)| w == word)
            .map(|&(_, value)| value)
    }
}

/// The compiled check.
#[derive(Debug)]
pub struct ConflictingTitle {
    titles: Vec<TitleDef>,
    /// Titles by their first word, longest first.
    by_first_word: WordIndex,
    compatible: HashSet<(usize, usize)>,
    ranks: Vec<String>,
    /// Each phrase as its lowercase words.
    changes: Vec<Vec<String>>,
}

impl ConflictingTitle {
    /// Tokenises the titles and resolves the equivalence and compatibility groups.
    pub fn compile(params: Params) -> Result<ConflictingTitle, ParamError> {
        if params.titles.is_empty() {
            return Err(ParamError {
                span: None,
                message: "`conflicting-title` needs at least one entry in `titles`".into(),
            });
        }
        let mut titles = Vec::new();
        let mut names: HashMap<String, usize> = HashMap::default();
        for (title, combinable) in params
            .titles
            .iter()
            .map(|t| (t, false))
            .chain(params.combinable.iter().map(|t| (t, true)))
        {
            let words = title_words(title)?;
            let index = titles.len();
            names.insert(words.join(" "), index);
            titles.push(TitleDef {
                words,
                office: (!combinable).then_some(index),
            });
        }
        for group in &params.equivalent {
            let members = resolve(group, &names, &titles)?;
            let Some(&canonical) = members.first() else {
                continue;
            };
            for member in members {
                if let Some(def) = titles.get_mut(member) {
                    def.office = Some(canonical);
                }
            }
        }
        let mut compatible = HashSet::default();
        for group in &params.compatible {
            let members = resolve(group, &names, &titles)?;
            for &a in &members {
                for &b in &members {
                    let office = |i: usize| titles.get(i).and_then(|d| d.office);
                    if let (Some(a), Some(b)) = (office(a), office(b)) {
                        compatible.insert((a, b));
                    }
                }
            }
        }
        let mut by_first_word = WordIndex::default();
        let mut order: Vec<usize> = (0..titles.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(titles.get(i).map_or(0, |d| d.words.len())));
        for index in order {
            if let Some(first) = titles.get(index).and_then(|d| d.words.first()) {
                by_first_word.insert(first, index);
            }
        }
        let changes = params
            .changes
            .iter()
            .map(|c| super::words::phrase_words(c))
            .filter(|words| !words.is_empty())
            .collect();
        Ok(ConflictingTitle {
            titles,
            by_first_word,
            compatible,
            ranks: params.ranks,
            changes,
        })
    }
}

/// The tokens a title is written with, as the document tokeniser splits them ("Sen." is "Sen"
/// and ".").
fn title_words(title: &Spanned<String>) -> Result<Vec<String>, ParamError> {
    let doc = Document::parse(title.get_ref(), Format::Plain);
    let words: Vec<String> = doc
        .tokens
        .iter()
        .map(|t| doc.token_text(t).to_string())
        .collect();
    let capitalised = words
        .first()
        .is_some_and(|w| w.starts_with(char::is_uppercase));
    if !capitalised {
        return Err(ParamError {
            span: Some(title.span()),
            message: "a title must start with a capital letter, as it is written before a name"
                .into(),
        });
    }
    Ok(words)
}

/// The title indices of a group, each of which must be a listed title.
fn resolve(
    group: &[Spanned<String>],
    names: &HashMap<String, usize>,
    titles: &[TitleDef],
) -> Result<Vec<usize>, ParamError> {
    group
        .iter()
        .map(|member| {
            let doc = Document::parse(member.get_ref(), Format::Plain);
            let key: Vec<&str> = doc.tokens.iter().map(|t| doc.token_text(t)).collect();
            names
                .get(&key.join(" "))
                .copied()
                .filter(|&i| i < titles.len())
                .ok_or_else(|| ParamError {
                    span: Some(member.span()),
                    message: format!("{:?} is not in `titles` or `combinable`", member.get_ref()),
                })
        })
        .collect()
}

/// An office held in one mention, with the words that qualify it.
#[derive(Debug, PartialEq, Eq)]
struct Held<'a> {
    office: usize,
    /// Capitalised portfolio words before the title or after its "of" ("Foreign", "Defense").
    modifiers: Vec<&'a str>,
}

/// A title chain followed by a name.
#[derive(Debug)]
struct Mention<'a> {
    /// From the first word of the title chain to the end of the name.
    span: Range<usize>,
    /// Where the name starts.
    name_start: usize,
    offices: Vec<Held<'a>>,
    given: Option<&'a str>,
    surname: &'a str,
}

/// What the document says about everyone who shares one surname.
#[derive(Debug, Default)]
struct Person<'a> {
    /// Distinct words seen right before the surname that may be given names.
    given: Vec<&'a str>,
    /// The sentences that name the surname.
    sentences: Vec<usize>,
    /// Whether one of them tells of a change of office; read only when a conflict is found.
    changed: Option<bool>,
    /// Mentions compared so far, one per distinct given name and set of offices.
    seen: Vec<usize>,
}

impl Check for ConflictingTitle {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        let mentions = self.mentions(doc);
        if mentions.len() < 2 {
            return;
        }
        let mut people: HashMap<&str, Person<'_>> = HashMap::default();
        for mention in &mentions {
            let person = people.entry(mention.surname).or_default();
            if let Some(given) = mention.given {
                add_given(person, given);
            }
        }
        self.read_people(doc, &mut people);
        for index in 0..mentions.len() {
            if let Some(finding) = self.compare(doc, &mentions, index, &mut people) {
                sink.push(finding);
            }
        }
    }
}

/// One bit of a 64-bit filter, chosen by a word's first byte and length.
fn surname_bit(word: &str) -> u64 {
    let first = word.as_bytes().first().copied().unwrap_or(0);
    1 << ((usize::from(first) ^ (word.len() << 2)) % 64)
}

fn add_given<'a>(person: &mut Person<'a>, given: &'a str) {
    if !person.given.contains(&given) {
        person.given.push(given);
    }
}

impl ConflictingTitle {
    /// The title at `at`, if one starts there: its index and the token after it.
    fn title_at(&self, doc: &Document<'_>, tokens: &[Token], at: usize) -> Option<(usize, usize)> {
        let first = doc.token_text(tokens.get(at)?);
        self.by_first_word.get(first).find_map(|index| {
            let def = self.titles.get(index)?;
            let window = tokens.get(at..at + def.words.len())?;
            let matches = window
                .iter()
                .zip(&def.words)
                .all(|(t, w)| doc.token_text(t) == w);
            matches.then_some((index, at + def.words.len()))
        })
    }

    /// Every title-and-name mention, in document order.
    fn mentions<'a>(&self, doc: &Document<'a>) -> Vec<Mention<'a>> {
        let mut out = Vec::new();
        for sentence in &doc.sentences {
            let tokens = doc.sentence_tokens(sentence);
            let mut at = 0;
            while at < tokens.len() {
                if !self.by_first_word.may_hold(doc, &tokens[at]) {
                    at += 1;
                    continue;
                }
                match self.mention_at(doc, tokens, at) {
                    Some((mention, end)) => {
                        out.push(mention);
                        at = end.max(at + 1);
                    }
                    None => at += 1,
                }
            }
        }
        out
    }

    /// Reads "[portfolio] Title [of Portfolio] [and Title ...] Name" starting with the title at
    /// `at`; returns the mention and the token after the name.
    fn mention_at<'a>(
        &self,
        doc: &Document<'a>,
        tokens: &[Token],
        at: usize,
    ) -> Option<(Mention<'a>, usize)> {
        let (first_title, _) = self.title_at(doc, tokens, at)?;
        let mut start = at;
        let mut modifiers = Vec::new();
        while start > 0 && modifiers.len() < MAX_MODIFIERS {
            let Some(word) = tokens.get(start - 1) else {
                break;
            };
            if is_portfolio(doc, word) {
                modifiers.insert(0, doc.token_text(word));
                start -= 1;
                continue;
            }
            // "Health and Human Services Secretary": one portfolio joined by "and".
            let joins = !modifiers.is_empty()
                && is_and(doc, word)
                && start >= 2
                && tokens.get(start - 2).is_some_and(|t| is_portfolio(doc, t));
            if !joins {
                break;
            }
            start -= 1;
        }
        let mut offices = Vec::new();
        let mut next = at;
        let mut title = Some(first_title);
        for _ in 0..MAX_CHAIN {
            let Some(index) = title.take() else { break };
            let end = next + self.titles.get(index).map_or(1, |d| d.words.len());
            let end = of_portfolio(doc, tokens, end, &mut modifiers);
            if let Some(office) = self.titles.get(index).and_then(|d| d.office) {
                offices.push(Held {
                    office,
                    modifiers: std::mem::take(&mut modifiers),
                });
            }
            modifiers.clear();
            next = end;
            if let Some((index, _)) = self.title_at(doc, tokens, next) {
                title = Some(index);
                continue;
            }
            let joins = tokens
                .get(next)
                .is_some_and(|t| matches!(doc.token_text(t), "and" | "&"));
            if !joins {
                break;
            }
            let mut after = next + 1;
            while let Some(word) = tokens
                .get(after)
                .filter(|t| is_portfolio(doc, t) && modifiers.len() < MAX_MODIFIERS)
            {
                if self.title_at(doc, tokens, after).is_some() {
                    break;
                }
                modifiers.push(doc.token_text(word));
                after += 1;
            }
            if let Some((index, _)) = self.title_at(doc, tokens, after) {
                title = Some(index);
                next = after;
            }
        }
        if offices.is_empty() {
            return None;
        }
        let (name, end) = self.name_at(doc, tokens, next)?;
        let name_start = tokens.get(next)?.span().start;
        let span_start = tokens.get(start)?.span().start;
        Some((
            Mention {
                span: span_start..name.end,
                name_start,
                offices,
                given: name.given,
                surname: name.surname,
            },
            end,
        ))
    }

    /// Reads a capitalised name with optional initials and suffix at `at`.
    fn name_at<'a>(
        &self,
        doc: &Document<'a>,
        tokens: &[Token],
        at: usize,
    ) -> Option<(Name<'a>, usize)> {
        let mut words: Vec<&'a str> = Vec::new();
        let mut end = 0;
        let mut next = at;
        while words.len() < MAX_NAME_WORDS {
            let Some(token) = tokens.get(next).filter(|t| t.kind == TokenKind::Word) else {
                break;
            };
            let text = doc.token_text(token);
            let dot_follows = tokens
                .get(next + 1)
                .is_some_and(|t| doc.token_text(t) == ".");
            if is_initial(text) && dot_follows {
                next += 2;
                continue;
            }
            if SUFFIXES.contains(&text) && !words.is_empty() {
                end = token.span().end;
                next += 1;
                break;
            }
            if !is_name_word(text)
                || NOT_NAMES.contains(&text)
                || self.title_at(doc, tokens, next).is_some()
            {
                break;
            }
            let (bare, possessive) = strip_possessive(text);
            words.push(bare);
            end = token.span().start + bare.len();
            next += 1;
            if possessive {
                break;
            }
        }
        let surname = *words.last()?;
        let given = (words.len() > 1).then(|| words.first().copied()).flatten();
        Some((
            Name {
                given,
                surname,
                end,
            },
            next,
        ))
    }
}

/// A parsed name.
struct Name<'a> {
    given: Option<&'a str>,
    surname: &'a str,
    end: usize,
}

/// A capitalised ordinary word that can name a portfolio or body before a title ("Foreign",
/// "Council"): nationalities and places ("Russian", "Japan’s") are not portfolios and are left
/// out, so "Russian President" and "President" agree.
fn is_portfolio(doc: &Document<'_>, token: &Token) -> bool {
    if token.kind != TokenKind::Word {
        return false;
    }
    let text = doc.token_text(token);
    if !text.starts_with(char::is_uppercase) || OPENERS.iter().any(|o| o.eq_ignore_ascii_case(text))
    {
        return false;
    }
    lexicon().is_word(text)
}

/// Reads "of [the] Portfolio" after a title ("Secretary of Defense"), adding the portfolio to
/// `modifiers`; returns the token after it, or `at` when there is none.
fn of_portfolio<'a>(
    doc: &Document<'a>,
    tokens: &[Token],
    at: usize,
    modifiers: &mut Vec<&'a str>,
) -> usize {
    if tokens.get(at).is_none_or(|t| doc.token_text(t) != "of") {
        return at;
    }
    let mut next = at + 1;
    if tokens.get(next).is_some_and(|t| doc.token_text(t) == "the") {
        next += 1;
    }
    let before = modifiers.len();
    while modifiers.len() < before + MAX_MODIFIERS {
        let Some(word) = tokens.get(next) else { break };
        if is_portfolio(doc, word) {
            modifiers.push(doc.token_text(word));
            next += 1;
            continue;
        }
        // "Secretary of Health and Human Services": one portfolio joined by "and".
        let joins = modifiers.len() > before
            && is_and(doc, word)
            && tokens.get(next + 1).is_some_and(|t| is_portfolio(doc, t));
        if !joins {
            break;
        }
        next += 1;
    }
    if modifiers.len() == before { at } else { next }
}

fn is_and(doc: &Document<'_>, token: &Token) -> bool {
    matches!(doc.token_text(token), "and" | "&")
}

fn is_initial(text: &str) -> bool {
    let mut chars = text.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

impl ConflictingTitle {
    /// Finds, for every surname that has a mention, the given names written before it anywhere
    /// in the text and the sentences that name it.
    fn read_people<'a>(&self, doc: &Document<'a>, people: &mut HashMap<&'a str, Person<'a>>) {
        // A cheap filter on first letter and length spares hashing most capitalised words.
        let mut filter = 0u64;
        for surname in people.keys() {
            filter |= surname_bit(surname);
        }
        for (index, sentence) in doc.sentences.iter().enumerate() {
            let tokens = doc.sentence_tokens(sentence);
            for (at, token) in tokens.iter().enumerate() {
                // Lowercase ASCII, most words, is ruled out before the text is sliced.
                let first = doc.source.as_bytes().get(token.span().start);
                if token.kind != TokenKind::Word || first.is_some_and(u8::is_ascii_lowercase) {
                    continue;
                }
                let text = doc.token_text(token);
                if !text.starts_with(char::is_uppercase) {
                    continue;
                }
                let bare = strip_possessive(text).0;
                if filter & surname_bit(bare) == 0 {
                    continue;
                }
                let Some(person) = people.get_mut(bare) else {
                    continue;
                };
                if let Some(given) = self.given_before(doc, tokens, at) {
                    add_given(person, given);
                }
                if person.sentences.last() != Some(&index) {
                    person.sentences.push(index);
                }
            }
        }
    }

    /// The word before a surname, when it may be a given name: "David" in "David Chen" or in
    /// "David K. Chen", but not "Minister" in "Minister Chen" nor "When" in "When Chen".
    fn given_before<'a>(&self, doc: &Document<'a>, tokens: &[Token], at: usize) -> Option<&'a str> {
        let mut before = at.checked_sub(1)?;
        if tokens.get(before).is_some_and(|t| doc.token_text(t) == ".")
            && tokens
                .get(before.checked_sub(1)?)
                .is_some_and(|t| is_initial(doc.token_text(t)))
        {
            before = before.checked_sub(2)?;
        }
        let token = tokens.get(before).filter(|t| t.kind == TokenKind::Word)?;
        let text = doc.token_text(token);
        let plain = is_name_word(text) && !strip_possessive(text).1;
        let opener = OPENERS.iter().any(|o| o.eq_ignore_ascii_case(text));
        let title =
            self.by_first_word.get(text).next().is_some() || self.ends_title(doc, tokens, before);
        (plain && !opener && !title).then_some(text)
    }

    /// Whether the token at `at` is the last word of a title ("Executive" in "Chief Executive").
    fn ends_title(&self, doc: &Document<'_>, tokens: &[Token], at: usize) -> bool {
        let text = tokens.get(at).map_or("", |t| doc.token_text(t));
        self.titles.iter().any(|def| {
            def.words.last().is_some_and(|w| w == text)
                && at + 1 >= def.words.len()
                && self
                    .title_at(doc, tokens, at + 1 - def.words.len())
                    .is_some()
        })
    }

    /// Whether a sentence holds one of the change phrases.
    fn tells_of_change(&self, doc: &Document<'_>, tokens: &[Token]) -> bool {
        tokens.iter().enumerate().any(|(at, token)| {
            if token.kind != TokenKind::Word {
                return false;
            }
            let text = doc.token_text(token);
            let head = text.split_once(['-', '‐']).map(|(head, _)| head);
            self.changes.iter().any(|phrase| {
                let Some((first, rest)) = phrase.split_first() else {
                    return false;
                };
                if rest.is_empty() {
                    return text.eq_ignore_ascii_case(first)
                        || head.is_some_and(|h| h.eq_ignore_ascii_case(first));
                }
                text.eq_ignore_ascii_case(first)
                    && tokens.get(at + 1..at + phrase.len()).is_some_and(|window| {
                        window
                            .iter()
                            .zip(rest)
                            .all(|(t, w)| doc.token_text(t).eq_ignore_ascii_case(w))
                    })
            })
        })
    }

    /// Compares a mention with the earlier mentions of the same person.
    fn compare(
        &self,
        doc: &Document<'_>,
        mentions: &[Mention<'_>],
        index: usize,
        people: &mut HashMap<&str, Person<'_>>,
    ) -> Option<Finding> {
        let mention = mentions.get(index)?;
        let person = people.get_mut(mention.surname)?;
        if person.changed == Some(true) {
            return None;
        }
        // A surname that is also an ordinary word ("Justice Department", "General Motors") is a
        // person only when a given name somewhere in the text says so.
        let word_surname = person.given.is_empty() && lexicon().is_word(mention.surname);
        let ambiguous = person.given.len() > 1 || word_surname;
        let same_person = |other: &Mention<'_>| match (other.given, mention.given) {
            (Some(a), Some(b)) => a == b,
            _ => !ambiguous,
        };
        let earlier: Vec<usize> = person
            .seen
            .iter()
            .copied()
            .filter(|&i| mentions.get(i).is_some_and(&same_person))
            .collect();
        let duplicate = person.seen.iter().any(|&i| {
            mentions
                .get(i)
                .is_some_and(|m| m.given == mention.given && m.offices == mention.offices)
        });
        if !duplicate {
            person.seen.push(index);
        }
        if earlier.is_empty() {
            return None;
        }
        let agrees = earlier
            .iter()
            .any(|&i| mentions.get(i).is_some_and(|m| self.agree(m, mention)));
        if agrees {
            return None;
        }
        // The sentence after one that names the person often goes on with a pronoun: "She
        // became president in 2020."
        let changed = *person.changed.get_or_insert_with(|| {
            person.sentences.iter().any(|&i| {
                let Some(named) = doc.sentences.get(i) else {
                    return false;
                };
                let next = doc.sentences.get(i + 1).filter(|s| s.block == named.block);
                [Some(named), next]
                    .into_iter()
                    .flatten()
                    .any(|s| self.tells_of_change(doc, doc.sentence_tokens(s)))
            })
        });
        if changed {
            return None;
        }
        let first = mentions.get(*earlier.first()?)?;
        Some(conflict(doc, first, mention))
    }

    /// Whether two mentions share an office.
    fn agree(&self, a: &Mention<'_>, b: &Mention<'_>) -> bool {
        a.offices
            .iter()
            .any(|x| b.offices.iter().any(|y| self.same_office(x, y)))
    }

    fn same_office(&self, a: &Held<'_>, b: &Held<'_>) -> bool {
        if self.compatible.contains(&(a.office, b.office)) {
            return true;
        }
        if a.office != b.office {
            return false;
        }
        let mut ranks_a = self.modifiers(a, true);
        let mut ranks_b = self.modifiers(b, true);
        ranks_a.sort_unstable();
        ranks_b.sort_unstable();
        if ranks_a != ranks_b {
            return false;
        }
        let (pa, pb) = (self.modifiers(a, false), self.modifiers(b, false));
        pa.is_empty()
            || pb.is_empty()
            || pa
                .iter()
                .any(|x| pb.iter().any(|y| x.eq_ignore_ascii_case(y)))
    }

    /// The modifiers of an office that are ranks (`true`) or portfolios (`false`).
    fn modifiers<'a>(&self, held: &Held<'a>, ranks: bool) -> Vec<&'a str> {
        held.modifiers
            .iter()
            .copied()
            .filter(|m| self.ranks.iter().any(|r| r.eq_ignore_ascii_case(m)) == ranks)
            .collect()
    }
}

/// The finding for `later`, which conflicts with `first`.
fn conflict(doc: &Document<'_>, first: &Mention<'_>, later: &Mention<'_>) -> Finding {
    let spaced = |span: Range<usize>| {
        doc.source
            .get(span)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let earlier = spaced(first.span.clone());
    let earlier_title = spaced(first.span.start..first.name_start);
    let name = spaced(later.name_start..later.span.end);
    Finding::at(later.span.clone())
        .var("earlier", earlier.clone())
        .replace_with(format!("{earlier_title} {name}"))
        .label(first.span.clone(), format!("called “{earlier}” here"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> ConflictingTitle {
        let text = r#"
titles = ["President", "Prime Minister", "Minister", "Secretary", "Sen.", "Senator", "Rep.", "Chief Executive"]
combinable = ["Dr."]
equivalent = [["Senator", "Sen."]]
compatible = [["President", "Chief Executive"]]
ranks = ["Deputy"]
changes = ["former", "became", "stepped down", "then"]
"#;
        let params: Params = toml::from_str(text).unwrap();
        ConflictingTitle::compile(params).unwrap()
    }

    fn found(text: &str) -> Vec<String> {
        crate::checks::run_alone(&check(), text, Format::Plain)
            .into_iter()
            .map(|f| text[f.span].to_string())
            .collect()
    }

    #[test]
    fn bad_parameters_point_at_the_value() {
        let compile =
            |text: &str| ConflictingTitle::compile(toml::from_str::<Params>(text).unwrap());
        let err =
            compile("titles = [\"Senator\"]\nequivalent = [[\"Senator\", \"Sen.\"]]").unwrap_err();
        assert!(err.message.contains("\"Sen.\""), "{}", err.message);
        assert!(err.span.is_some());
        let err = compile("titles = [\"senator\"]").unwrap_err();
        assert!(err.message.contains("capital"), "{}", err.message);
        assert!(compile("titles = []").is_err());
    }

    #[test]
    fn titles_tokenise_like_the_text() {
        let check = check();
        let sen = check
            .titles
            .iter()
            .find(|d| d.words.first().is_some_and(|w| w == "Sen"));
        assert_eq!(
            sen.map(|d| d.words.clone()),
            Some(vec!["Sen".to_string(), ".".to_string()])
        );
    }

    #[test]
    fn portfolios_conflict_only_with_other_portfolios() {
        assert_eq!(
            found("Foreign Minister Ana Ruiz spoke. Later, Defense Minister Ruiz left."),
            ["Defense Minister Ruiz"]
        );
        assert!(found("Foreign Minister Ana Ruiz spoke. Minister Ruiz left.").is_empty());
        assert_eq!(
            found("Prime Minister Ana Ruiz spoke. Deputy Prime Minister Ruiz left."),
            ["Deputy Prime Minister Ruiz"]
        );
    }

    #[test]
    fn portfolios_may_be_joined_by_and() {
        assert!(found("Health and Human Services Secretary Xavier Becerra spoke. Health Secretary Becerra left.").is_empty());
        assert!(found("Secretary of Health and Human Services Xavier Becerra spoke. Health Secretary Becerra left.").is_empty());
        assert_eq!(
            found(
                "Health and Human Services Secretary Xavier Becerra spoke. Labor Secretary Becerra left."
            ),
            ["Labor Secretary Becerra"]
        );
    }

    #[test]
    fn abbreviations_and_combinations_agree() {
        assert!(found("Senator Ana Ruiz spoke. Sen. Ruiz left.").is_empty());
        assert!(found("President Ana Ruiz spoke. Chief Executive Ruiz left.").is_empty());
        assert!(found("Sen. Ana Ruiz spoke. Dr. Ruiz left.").is_empty());
        assert_eq!(found("Sen. Ana Ruiz spoke. Rep. Ruiz left."), ["Rep. Ruiz"]);
    }

    #[test]
    fn changes_and_other_people_are_left_alone() {
        assert!(found("Sen. Ana Ruiz spoke. Ruiz, a former senator, became president. President Ruiz left.").is_empty());
        assert!(found("President Joe Ruiz spoke. Sen. Ana Ruiz left.").is_empty());
        assert!(found("Sen. Ana Ruiz and Joe Ruiz spoke. Rep. Ruiz left.").is_empty());
        assert!(found("Sen. Ana Ruiz spoke. The then-Rep. Ruiz left.").is_empty());
    }

    #[test]
    fn a_change_told_with_a_pronoun_counts() {
        assert!(
            found(
                "Sen. Ana Ruiz spoke in 2019. She became president in 2021. President Ruiz left."
            )
            .is_empty()
        );
        assert_eq!(
            found("Sen. Ana Ruiz spoke in 2019. The vote passed. President Ruiz left."),
            ["President Ruiz"]
        );
    }

    #[test]
    fn a_word_surname_needs_a_given_name() {
        assert!(found("President Motors spoke. Sen. Motors left.").is_empty());
    }
}

//! `conflicting-figure`: one fact about one subject given two different values in the same
//! article: a person's age ("Jennings, 54," then "the 56-year-old Jennings"), the size of a
//! group ("the five-member board" then "all of its seven members"), or the year of a one-time
//! event ("the 2014 annexation of Crimea" then "Crimea's annexation in 2015").
//!
//! Only tight, common patterns are read, and a figure near a word that marks time ("then",
//! "turned", "now", "grew") is left out, because a figure that changes over time is not a
//! contradiction. The finding sits on the later figure, which differs from the first one given
//! for the same subject; the first one gets a label.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use serde::Deserialize;

use super::words;
use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Document, Token, TokenKind};
use crate::lexicon::lexicon;

/// Which fact the lint compares.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Fact {
    /// A person's age: "Smith, 45,", "the 45-year-old Smith", "Smith, aged 45,".
    Age,
    /// The size of a named group: "the 30-member alliance", "its 30 members".
    GroupSize,
    /// The year of a one-time event: "the 2014 annexation of Crimea", "Crimea's annexation in
    /// 2014".
    EventYear,
}

/// Parameters of `[check.conflicting-figure]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// `age`, `group-size` or `event-year`.
    fact: Fact,
    /// For `group-size`: nouns that name a group with members ("board", "alliance"), singular.
    #[serde(default)]
    groups: Vec<String>,
    /// For `event-year`: nouns for events that happen once to their subject ("annexation",
    /// "founding"); leave out recurring ones such as elections or cups.
    #[serde(default)]
    events: Vec<String>,
    /// For `age`: words that come before a name without being a given name ("President",
    /// "Councilman"), so "Council President Maria Chen" is read as Maria Chen.
    #[serde(default)]
    titles: Vec<String>,
    /// Words and phrases that mark a change over time ("then", "turned", "now", "grew"); a
    /// figure near one is neither reported nor used as the reference.
    #[serde(default)]
    time_markers: Vec<String>,
    /// How many tokens on each side of a figure are searched for a time marker; without it the
    /// whole sentence is.
    marker_window: Option<usize>,
}

/// The compiled check.
#[derive(Debug)]
pub struct ConflictingFigure {
    fact: Fact,
    groups: Vec<String>,
    events: Vec<String>,
    /// Rules out most tokens before `events` is searched.
    event_filter: WordFilter,
    titles: Vec<String>,
    /// Each marker split into its words.
    time_markers: Vec<Vec<String>>,
    /// Rules out most tokens before `time_markers` is searched: the first words of the
    /// markers, when all of them start with a letter from a to z.
    marker_filter: Option<WordFilter>,
    marker_window: Option<usize>,
}

impl ConflictingFigure {
    /// Validates that the lists the chosen fact needs are present.
    pub fn compile(params: Params) -> Result<ConflictingFigure, ParamError> {
        let fail = |message: &str| {
            Err(ParamError {
                span: None,
                message: message.to_string(),
            })
        };
        match params.fact {
            Fact::GroupSize if params.groups.is_empty() => {
                return fail("`group-size` needs a list of `groups`");
            }
            Fact::EventYear if params.events.is_empty() => {
                return fail("`event-year` needs a list of `events`");
            }
            Fact::Age | Fact::EventYear if !params.groups.is_empty() => {
                return fail("`groups` only applies to `fact = \"group-size\"`");
            }
            Fact::Age | Fact::GroupSize if !params.events.is_empty() => {
                return fail("`events` only applies to `fact = \"event-year\"`");
            }
            _ => {}
        }
        let lower = |list: Vec<String>| {
            list.into_iter()
                .map(|w| w.trim().to_lowercase())
                .collect::<Vec<_>>()
        };
        let time_markers: Vec<Vec<String>> = params
            .time_markers
            .iter()
            .map(|m| super::words::phrase_words(m))
            .collect();
        if time_markers.iter().any(Vec::is_empty) {
            return fail("`time-markers` entries must not be empty");
        }
        let first_words = || {
            time_markers
                .iter()
                .filter_map(|m| m.first())
                .map(String::as_str)
        };
        let marker_filter = first_words()
            .all(WordFilter::holds)
            .then(|| WordFilter::new(first_words()));
        // The filter holds the events as they are compared: trimmed and lowercased.
        let events = lower(params.events);
        Ok(ConflictingFigure {
            fact: params.fact,
            groups: lower(params.groups),
            event_filter: WordFilter::new(events.iter().map(String::as_str)),
            events,
            titles: lower(params.titles),
            time_markers,
            marker_filter,
            marker_window: params.marker_window,
        })
    }
}

/// A cheap membership pre-test for a list of lowercase ASCII words: the lengths seen for each
/// initial letter. Most running words fail it without hashing or comparing strings.
#[derive(Debug, Default)]
pub(super) struct WordFilter {
    lengths: [u64; 26],
}

impl WordFilter {
    /// A filter for `words` (matched case-sensitively, as lowercase).
    pub(super) fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> WordFilter {
        let mut filter = WordFilter::default();
        for word in words {
            if let Some(slot) = Self::slot(word.bytes().next(), word.len()) {
                filter.lengths[slot.0] |= slot.1;
            }
        }
        filter
    }

    /// False when `word` is certainly not in the list.
    #[cfg(test)]
    fn may_contain(&self, word: &str) -> bool {
        Self::slot(word.bytes().next(), word.len())
            .is_some_and(|(i, bit)| self.lengths[i] & bit != 0)
    }

    /// False when the word token is certainly not in the list; reads one byte of the source
    /// instead of slicing the token's text.
    pub(super) fn may_contain_token(&self, doc: &Document<'_>, token: &Token) -> bool {
        token.kind == TokenKind::Word
            && Self::slot(
                doc.source.as_bytes().get(token.span().start).copied(),
                token.span().len(),
            )
            .is_some_and(|(i, bit)| self.lengths[i] & bit != 0)
    }

    /// Whether `word` can be kept by a filter: it starts with a letter from a to z and is
    /// shorter than 64 bytes.
    fn holds(word: &str) -> bool {
        Self::slot(word.bytes().next(), word.len()).is_some()
    }

    /// False when the token is certainly not in the list even ignoring ASCII case, as
    /// `eq_ignore_ascii_case` compares; reads one byte of the source.
    fn may_contain_token_ignoring_case(&self, doc: &Document<'_>, token: &Token) -> bool {
        let first = doc.source.as_bytes().get(token.span().start);
        Self::slot(first.map(u8::to_ascii_lowercase), token.span().len())
            .is_some_and(|(i, bit)| self.lengths[i] & bit != 0)
    }

    fn slot(first: Option<u8>, len: usize) -> Option<(usize, u64)> {
        let index = usize::from(first?.checked_sub(b'a')?);
        (index < 26 && len < 64).then(|| (index, 1u64 << len))
    }
}

/// One statement of a figure about a subject.
#[derive(Debug, Clone)]
struct Mention {
    /// What the figure is about: a surname, a group noun with its unit, an event with its
    /// subject.
    key: String,
    /// What tells subjects with the same key apart: a given name, a group's modifiers.
    qualifier: Option<String>,
    value: u32,
    /// The whole phrase, reported as the primary span.
    span: Range<usize>,
    /// The figure's own bytes inside `span`.
    figure: Range<usize>,
    /// The figure is spelt out ("seven").
    in_words: bool,
}

impl Check for ConflictingFigure {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        let mut mentions = Vec::new();
        for (index, sentence) in doc.sentences.iter().enumerate() {
            let tokens = doc.sentence_tokens(sentence);
            let before = mentions.len();
            match self.fact {
                Fact::Age => self.ages(doc, tokens, &mut mentions),
                Fact::GroupSize => self.group_sizes(doc, index, tokens, &mut mentions),
                Fact::EventYear => self.event_years(doc, tokens, &mut mentions),
            }
            self.drop_time_marked(doc, tokens, &mut mentions, before);
        }
        if self.fact == Fact::Age {
            self.resolve_given_names(doc, &mut mentions);
        }
        report(doc, &mentions, self.fact, sink);
    }
}

/// Reports every mention whose value differs from the first compatible mention of its key.
fn report(doc: &Document<'_>, mentions: &[Mention], fact: Fact, sink: &mut Sink) {
    let ambiguous = ambiguous_keys(mentions);
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::default();
    for (index, mention) in mentions.iter().enumerate() {
        let earlier = by_key.entry(mention.key.as_str()).or_default();
        let first = earlier
            .iter()
            .map(|&i| &mentions[i])
            .find(|m| compatible(m, mention, &ambiguous));
        // Only the first mention of each value matters; keeping repeats would make a long
        // document quadratic.
        let repeat = earlier.iter().any(|&i| {
            mentions[i].value == mention.value && mentions[i].qualifier == mention.qualifier
        });
        if !repeat {
            earlier.push(index);
        }
        let Some(first) = first else { continue };
        if first.value == mention.value {
            continue;
        }
        sink.push(finding(doc, first, mention, fact));
    }
}

/// Keys whose mentions carry two or more different qualifiers ("canvassing board", "school
/// board"): a bare "its seven members" could be either.
fn ambiguous_keys(mentions: &[Mention]) -> HashSet<&str> {
    let mut qualifiers: HashMap<&str, &str> = HashMap::default();
    let mut ambiguous = HashSet::default();
    for mention in mentions {
        let Some(qualifier) = &mention.qualifier else {
            continue;
        };
        match qualifiers.get(mention.key.as_str()) {
            Some(seen) if *seen != qualifier => {
                ambiguous.insert(mention.key.as_str());
            }
            Some(_) => {}
            None => {
                qualifiers.insert(&mention.key, qualifier);
            }
        }
    }
    ambiguous
}

fn compatible(a: &Mention, b: &Mention, ambiguous: &HashSet<&str>) -> bool {
    match (&a.qualifier, &b.qualifier) {
        (Some(x), Some(y)) => x == y,
        _ => !ambiguous.contains(a.key.as_str()),
    }
}

fn finding(doc: &Document<'_>, first: &Mention, later: &Mention, fact: Fact) -> Finding {
    let earlier_text = doc.slice(&first.figure);
    let value = later.value.to_string();
    let earlier = first.value.to_string();
    let subject = match fact {
        Fact::Age => later.key.clone(),
        Fact::GroupSize => later.key.split('/').next().unwrap_or_default().to_string(),
        Fact::EventYear => later.key.replacen('/', " of ", 1),
    };
    let phrase = doc.slice(&later.span);
    let start = later.figure.start - later.span.start;
    let end = later.figure.end - later.span.start;
    let figure = if later.in_words {
        number_in_words(first.value)
            .map_or(earlier.clone(), |w| match_case(w, doc.slice(&later.figure)))
    } else {
        earlier.clone()
    };
    let replacement = format!("{}{}{}", &phrase[..start], figure, &phrase[end..]);
    Finding::at(later.span.clone())
        .var("subject", subject)
        .var("value", value)
        .var("earlier", earlier)
        .replace_with(replacement)
        .label(
            first.span.clone(),
            format!("earlier given as {earlier_text}"),
        )
}

impl ConflictingFigure {
    /// Removes the mentions from `from` on that sit near a word marking time.
    fn drop_time_marked(
        &self,
        doc: &Document<'_>,
        tokens: &[Token],
        mentions: &mut Vec<Mention>,
        from: usize,
    ) {
        if self.time_markers.is_empty() || mentions.len() == from {
            return;
        }
        let mut keep = Vec::with_capacity(mentions.len() - from);
        for mention in mentions.drain(from..) {
            let window = match self.marker_window {
                None => 0..tokens.len(),
                Some(n) => {
                    let first = tokens.partition_point(|t| t.span().start < mention.span.start);
                    let last = tokens.partition_point(|t| t.span().start < mention.span.end);
                    first.saturating_sub(n)..(last + n).min(tokens.len())
                }
            };
            let marked = (window.start..window.end).any(|i| {
                tokens
                    .get(i)
                    .is_some_and(|t| !overlaps(&t.span(), &mention.span))
                    && self.marker_at(doc, tokens, i)
            });
            if !marked {
                keep.push(mention);
            }
        }
        mentions.extend(keep);
    }

    /// Whether a time marker starts at token `i`.
    fn marker_at(&self, doc: &Document<'_>, tokens: &[Token], i: usize) -> bool {
        let Some(token) = tokens.get(i) else {
            return false;
        };
        if self
            .marker_filter
            .as_ref()
            .is_some_and(|filter| !filter.may_contain_token_ignoring_case(doc, token))
        {
            return false;
        }
        // The token's text is read once for all the markers' first words.
        let text = doc.token_text(token);
        self.time_markers.iter().any(|marker| {
            marker.split_first().is_some_and(|(first, rest)| {
                first.eq_ignore_ascii_case(text) && phrase_at(doc, tokens, i + 1, rest)
            })
        })
    }

    /// Ages: "Smith, 45,", "Smith, aged 45,", "Smith, a 45-year-old lawyer", "the 45-year-old
    /// (Ana) Smith".
    fn ages(&self, doc: &Document<'_>, tokens: &[Token], out: &mut Vec<Mention>) {
        // Each token is read once, by its kind and length first, since nearly none is part of an
        // age: a comma may end the name of "Smith, 45," and a long word may be "45-year-old". A
        // name starts with a capital, never a digit, so mentions stay in text order. The readers
        // are `#[cold]`: kept out of line, they leave this loop small.
        for (i, token) in tokens.iter().enumerate() {
            let mention = match token.kind {
                TokenKind::Punct if is_byte(doc, token, b',') => i
                    .checked_sub(1)
                    .and_then(|name| self.age_after_name(doc, tokens, name)),
                TokenKind::Word if may_be_years_old(doc, token) => {
                    self.age_before_name(doc, tokens, i)
                }
                _ => continue,
            };
            if let Some(mention) = mention {
                out.push(mention);
            }
        }
    }

    /// "the 45-year-old (Ana) Smith" with the age at `i`.
    #[cold]
    fn age_before_name(&self, doc: &Document<'_>, tokens: &[Token], i: usize) -> Option<Mention> {
        let (value, figure) = years_old(doc, tokens.get(i))?;
        let (surname, given) = self.name_run_from(doc, tokens, i + 1)?;
        let next = tokens.partition_point(|t| t.span().start < surname.end);
        if self.is_year_before(doc, tokens, i) || is_attributive(doc, tokens.get(next)) {
            return None;
        }
        Some(Mention {
            key: strip_possessive(doc.slice(&surname)).to_string(),
            qualifier: given.map(|g| doc.slice(&g).to_string()),
            value,
            span: with_article(doc, tokens, i)..surname.end,
            figure,
            in_words: false,
        })
    }

    /// "Smith, 45," / "Smith, aged 45," / "Smith, a 45-year-old ..." with the name at `i`.
    #[cold]
    fn age_after_name(&self, doc: &Document<'_>, tokens: &[Token], i: usize) -> Option<Mention> {
        let name = tokens.get(i)?;
        let comma = tokens.get(i + 1)?;
        // The comma and the figure first, by kind and single bytes: they rule out nearly every
        // token before the name's text is read.
        if name.kind != TokenKind::Word || !is_byte(doc, comma, b',') {
            return None;
        }
        let (value, figure, end) = age_figure(doc, tokens, i + 2)?;
        if !self.is_name(doc.token_text(name)) {
            return None;
        }
        let (surname, given) = self.name_run_to(doc, tokens, i)?;
        let start = given.as_ref().map_or(surname.start, |g| g.start);
        let first = tokens.partition_point(|t| t.span().start < start);
        if first > 0 && tokens[first - 1].kind == TokenKind::Number
            || self.is_year_before(doc, tokens, first)
        {
            return None;
        }
        Some(Mention {
            key: doc.slice(&surname).to_string(),
            qualifier: given.map(|g| doc.slice(&g).to_string()),
            value,
            span: start..end,
            figure,
            in_words: false,
        })
    }

    /// Whether a four-digit year sits just before token `i` ("in 2019, the 44-year-old ...").
    fn is_year_before(&self, doc: &Document<'_>, tokens: &[Token], i: usize) -> bool {
        (i.saturating_sub(3)..i)
            .any(|k| tokens.get(k).is_some_and(|t| year_value(doc, t).is_some()))
    }

    /// The capitalised name starting at `i`: (surname, given name).
    fn name_run_from(
        &self,
        doc: &Document<'_>,
        tokens: &[Token],
        i: usize,
    ) -> Option<(Range<usize>, Option<Range<usize>>)> {
        if !is_capitalised(doc, tokens.get(i)?) {
            return None;
        }
        let mut end = i + 1;
        while end < i + 4
            && tokens.get(end).is_some_and(|t| is_capitalised(doc, t))
            && adjacent(doc, tokens, end - 1)
        {
            end += 1;
        }
        self.split_name(doc, &tokens[i..end])
    }

    /// The capitalised name ending at `i`: (surname, given name).
    fn name_run_to(
        &self,
        doc: &Document<'_>,
        tokens: &[Token],
        i: usize,
    ) -> Option<(Range<usize>, Option<Range<usize>>)> {
        if !is_capitalised(doc, tokens.get(i)?) {
            return None;
        }
        let mut start = i;
        while start > 0
            && i - start < 3
            && is_capitalised(doc, &tokens[start - 1])
            && adjacent(doc, tokens, start - 1)
        {
            start -= 1;
        }
        self.split_name(doc, &tokens[start..=i])
    }

    /// Splits a run of capitalised words into surname and given name, skipping suffixes and
    /// titles.
    fn split_name(
        &self,
        doc: &Document<'_>,
        run: &[Token],
    ) -> Option<(Range<usize>, Option<Range<usize>>)> {
        let mut last = run.len().checked_sub(1)?;
        if is_suffix(doc.token_text(&run[last])) {
            last = last.checked_sub(1)?;
        }
        let surname = &run[last];
        let text = strip_possessive(doc.token_text(surname));
        if !self.is_name(text) {
            return None;
        }
        let given = last
            .checked_sub(1)
            .map(|k| &run[k])
            .filter(|t| self.is_given_name(doc.token_text(t)))
            .map(|t| t.span());
        Some((surname.span(), given))
    }

    /// A capitalised word that can be a surname: not a month, weekday or title.
    fn is_name(&self, word: &str) -> bool {
        starts_upper(word)
            && word.chars().count() > 1
            && !is_calendar_word(word)
            && !self.titles.iter().any(|t| t.eq_ignore_ascii_case(word))
    }

    /// A word that can be a given name: a name the lexicon knows capitalised, or does not know.
    fn is_given_name(&self, word: &str) -> bool {
        self.is_name(word) && lexicon().lookup(word).is_none_or(|e| e.capitalized)
    }

    /// Gives each bare surname the given name it refers to: the only one used for that surname
    /// so far, or in the whole document. A surname two people share is ambiguous and dropped.
    fn resolve_given_names<'a>(&self, doc: &Document<'a>, mentions: &mut Vec<Mention>) {
        if mentions.is_empty() {
            return;
        }
        let surnames: HashSet<&str> = mentions.iter().map(|m| m.key.as_str()).collect();
        // The first bytes of the surnames: one byte rules out nearly every token.
        let mut initials = [false; 256];
        for surname in &surnames {
            if let Some(&byte) = surname.as_bytes().first() {
                initials[usize::from(byte)] = true;
            }
        }
        let mut full_names: HashMap<&'a str, Vec<(usize, &'a str)>> = HashMap::default();
        for pair in doc.tokens.windows(2) {
            let [given, surname] = pair else { continue };
            let first = doc.source.as_bytes().get(surname.span().start).copied();
            if !first.is_some_and(|b| initials[usize::from(b)]) || !is_capitalised(doc, surname) {
                continue;
            }
            let surname_text = strip_possessive(doc.token_text(surname));
            if !surnames.contains(surname_text) {
                continue;
            }
            let between = &doc.text[given.span().end..surname.span().start];
            let given_text = doc.token_text(given);
            if given.kind != TokenKind::Word || between != " " || !self.is_given_name(given_text) {
                continue;
            }
            full_names
                .entry(surname_text)
                .or_default()
                .push((given.span().start, given_text));
        }
        let mut resolved = Vec::with_capacity(mentions.len());
        for mut mention in mentions.drain(..) {
            if mention.qualifier.is_none() {
                let names = full_names
                    .get(mention.key.as_str())
                    .map_or(&[][..], Vec::as_slice);
                let before = names.iter().take_while(|(at, _)| *at < mention.span.start);
                // With no full name before it, a bare surname is only safe when nobody in the
                // article is ever given a first name with it.
                let given = match single(before.map(|(_, g)| *g)) {
                    Ok(Some(given)) => given,
                    Ok(None) if names.is_empty() => {
                        resolved.push(mention);
                        continue;
                    }
                    _ => continue,
                };
                mention.qualifier = Some(given.to_string());
            }
            resolved.push(mention);
        }
        *mentions = resolved;
    }

    /// Group sizes: "the 30-member alliance", "its 30 members", "the alliance's 30 members",
    /// "all 30 members", "a panel of 30 members".
    fn group_sizes(
        &self,
        doc: &Document<'_>,
        sentence: usize,
        tokens: &[Token],
        out: &mut Vec<Mention>,
    ) {
        // Each token is read once, by its kind, length and one byte, since nearly none is a
        // size. A plural unit ("members") takes its count from the token before; that count is
        // never a compound ("30-member"), so the two kinds of mention stay in text order. The
        // readers are `#[cold]`: kept out of line, they leave this loop small.
        for (i, token) in tokens.iter().enumerate() {
            // Every unit noun and size compound is a word of six bytes or more.
            if token.kind != TokenKind::Word || token.span().len() < 6 {
                continue;
            }
            let word = &doc.source.as_bytes()[token.span()];
            if is_unit_noun(word)
                && let Some(count) = i.checked_sub(1)
                && let Some(mention) = self.members_size(doc, sentence, tokens, count)
            {
                out.push(mention);
            }
            if may_be_compound(word)
                && let Some(mention) = self.compound_size(doc, tokens, i)
            {
                out.push(mention);
            }
        }
    }

    /// "its 30 members", "the alliance's 30 members" with the count at `i`, tied to its group.
    #[cold]
    fn members_size(
        &self,
        doc: &Document<'_>,
        sentence: usize,
        tokens: &[Token],
        i: usize,
    ) -> Option<Mention> {
        let phrase = members_phrase(doc, tokens, i)?;
        let head = self.group_owner(doc, sentence, tokens, phrase.owner, phrase.start)?;
        let figure = tokens[i].span();
        let first = match phrase.owner {
            Owner::Word(_) => with_article(doc, tokens, phrase.start),
            Owner::Pronoun => tokens
                .get(phrase.start)
                .map_or(figure.start, |t| t.span().start),
        };
        let last = phrase.end.checked_sub(1).and_then(|k| tokens.get(k))?;
        Some(Mention {
            key: format!("{head}/{}", phrase.unit),
            qualifier: None,
            value: phrase.value,
            span: first..last.span().end,
            figure,
            in_words: phrase.in_words,
        })
    }

    /// "the 30-member alliance", "the 14-nation Atlantic Council" with the compound at `i`.
    #[cold]
    fn compound_size(&self, doc: &Document<'_>, tokens: &[Token], i: usize) -> Option<Mention> {
        let token = tokens.get(i).filter(|t| t.kind == TokenKind::Word)?;
        let text = doc.token_text(token);
        if !may_be_compound(text.as_bytes()) {
            return None;
        }
        let (number, unit) = compound_parts(text)?;
        let (value, in_words) = count_value(number)?;
        let mut modifiers: Vec<&str> = Vec::new();
        // "the company's nine-member board" is not the hospital's.
        if let Some(owner) = i.checked_sub(1).and_then(|k| tokens.get(k)) {
            let text = doc.token_text(owner);
            let stem = strip_possessive(text);
            if stem.len() != text.len() {
                modifiers.push(stem);
            }
        }
        for k in i + 1..(i + 5).min(tokens.len()) {
            let word = tokens.get(k).filter(|t| t.kind == TokenKind::Word)?;
            let word_text = doc.token_text(word);
            if let Some(head) = self.group_noun(word_text) {
                let mut qualifier = modifiers
                    .iter()
                    .map(|m| m.to_lowercase())
                    .collect::<Vec<_>>();
                let mut end = word.span().end;
                // "Board of Supervisors", "board of the hospital": what follows "of" tells
                // boards apart.
                if tokens.get(k + 1).is_some_and(|t| doc.token_text(t) == "of") {
                    let skip = tokens
                        .get(k + 2)
                        .is_some_and(|t| is_article(doc.token_text(t)));
                    let name = tokens
                        .get(k + 2 + usize::from(skip))
                        .filter(|t| t.kind == TokenKind::Word);
                    if let Some(name) = name {
                        qualifier.push(doc.token_text(name).to_lowercase());
                        end = name.span().end;
                    }
                }
                return Some(Mention {
                    key: format!("{head}/{unit}"),
                    qualifier: (!qualifier.is_empty()).then(|| qualifier.join(" ")),
                    value,
                    span: token.span().start..end,
                    figure: token.span().start..token.span().start + number.len(),
                    in_words,
                });
            }
            modifiers.push(word_text);
        }
        None
    }

    /// The group a members phrase belongs to: the word it names, or for "its" and "all" the
    /// nearest group noun before it in the sentence or the one before.
    fn group_owner(
        &self,
        doc: &Document<'_>,
        sentence: usize,
        tokens: &[Token],
        owner: Owner,
        start: usize,
    ) -> Option<String> {
        if let Owner::Word(k) = owner {
            let text = doc.token_text(tokens.get(k)?);
            let stem = strip_possessive(text);
            return match self.group_noun(stem) {
                Some(head) => Some(head.to_string()),
                // "NATO's 30 members": the name is the group.
                None if stem.len() != text.len() && starts_upper(stem) => Some(stem.to_lowercase()),
                None => None,
            };
        }
        let here = tokens
            .get(..start)?
            .iter()
            .rev()
            .find_map(|t| self.group_noun(doc.token_text(t)));
        if let Some(head) = here {
            return Some(head.to_string());
        }
        let previous = doc.sentences.get(sentence.checked_sub(1)?)?;
        let head = doc
            .sentence_tokens(previous)
            .iter()
            .rev()
            .find_map(|t| self.group_noun(doc.token_text(t)))?;
        Some(head.to_string())
    }

    /// The listed group noun a word is (singular, plural or possessive), if any.
    fn group_noun(&self, word: &str) -> Option<&str> {
        let word = strip_possessive(word);
        self.groups
            .iter()
            .find(|g| {
                word.eq_ignore_ascii_case(g)
                    || word
                        .strip_suffix('s')
                        .is_some_and(|w| w.eq_ignore_ascii_case(g))
            })
            .map(String::as_str)
    }

    /// Event years: "the 2014 annexation of Crimea", "Crimea's 2014 annexation", "Crimea's
    /// annexation in 2014", "the annexation of Crimea in 2014".
    fn event_years(&self, doc: &Document<'_>, tokens: &[Token], out: &mut Vec<Mention>) {
        // Every mention has a year, a four-byte number; most sentences have none, and a kind and
        // a length are cheaper to test than the event filter.
        if !tokens
            .iter()
            .any(|t| t.kind == TokenKind::Number && t.span().len() == 4)
        {
            return;
        }
        for (e, token) in tokens.iter().enumerate() {
            if !self.event_filter.may_contain_token(doc, token) {
                continue;
            }
            let text = doc.token_text(token);
            let Some(event) = self.events.iter().find(|ev| ev.as_str() == text) else {
                continue;
            };
            if let Some(mention) = event_mention(doc, tokens, e, event) {
                out.push(mention);
            }
        }
    }
}

/// Reads the event phrase around the event noun at `e`.
fn event_mention(doc: &Document<'_>, tokens: &[Token], e: usize, event: &str) -> Option<Mention> {
    let year_at = |k: usize| {
        tokens
            .get(k)
            .and_then(|t| year_value(doc, t).map(|y| (y, t.span())))
    };
    let year_before = e.checked_sub(1).and_then(year_at);
    let owner = if year_before.is_some() {
        e.checked_sub(2)
    } else {
        e.checked_sub(1)
    };
    let possessor = owner.and_then(|k| possessive_name(doc, tokens, k));
    // "the second invasion of ...": one of several events of the kind.
    let phrase_start = owner.unwrap_or(e);
    if (phrase_start.saturating_sub(1)..e).any(|k| {
        tokens
            .get(k)
            .is_some_and(|t| is_sequence_word(doc.token_text(t)))
    }) {
        return None;
    }
    let event_index = if year_before.is_some() { e - 1 } else { e };
    let (subject, first, mut end) = match of_name(doc, tokens, e + 1) {
        Some((name, after)) => (name, event_index, after),
        None => {
            let (stem, at) = possessor?;
            (stem, at, e + 1)
        }
    };
    let first = article_before(doc, tokens, first);
    let year_after = match tokens.get(end) {
        Some(word) if doc.token_text(word) == "in" => year_at(end + 1),
        _ => None,
    };
    let (value, figure) = match (year_before, year_after) {
        (Some(before), None) => before,
        (None, Some(after)) => {
            // "marked Ukraine's independence in 2021": the year may belong to the verb.
            if !opens_event_phrase(doc, tokens, first)
                || tokens
                    .iter()
                    .any(|t| doc.token_text(t).eq_ignore_ascii_case("anniversary"))
            {
                return None;
            }
            end += 2;
            after
        }
        _ => return None,
    };
    let start = tokens.get(first)?.span().start;
    Some(Mention {
        key: format!("{event}/{subject}"),
        qualifier: None,
        value,
        span: start..tokens.get(end - 1)?.span().end,
        figure,
        in_words: false,
    })
}

/// A capitalised name ending in a possessive at token `k` ("the Soviet Union's"): the name
/// without the possessive and the index of its first word.
fn possessive_name<'a>(doc: &Document<'a>, tokens: &[Token], k: usize) -> Option<(&'a str, usize)> {
    let last = tokens.get(k)?;
    let text = doc.token_text(last);
    if !is_capitalised(doc, last) || strip_possessive(text).len() == text.len() {
        return None;
    }
    let mut first = k;
    while first > 0
        && k - first < 3
        && is_capitalised(doc, &tokens[first - 1])
        && !is_article(doc.token_text(&tokens[first - 1]))
        && adjacent(doc, tokens, first - 1)
    {
        first -= 1;
    }
    // "Since Crimea's": a sentence's first word is capitalised whether or not it is a name.
    if first == 0 && first < k && !could_be_name(doc.token_text(&tokens[0])) {
        first = 1;
    }
    let span = tokens[first].span().start..last.span().end;
    Some((strip_possessive(doc.slice(&span)), first))
}

/// Whether a capitalised word may be part of a name rather than an ordinary word capitalised
/// to open a sentence.
fn could_be_name(word: &str) -> bool {
    lexicon()
        .lookup(word)
        .is_none_or(|entry| entry.capitalized || !entry.lowercase)
}

/// Whether the token before index `first` lets an event phrase with a trailing "in YEAR" stand
/// on its own: the sentence start, a comma, or a preposition of time ("since Crimea's annexation
/// in 2014"), not a verb the year could belong to.
fn opens_event_phrase(doc: &Document<'_>, tokens: &[Token], first: usize) -> bool {
    const OPENERS: &[&str] = &[
        ",",
        ";",
        "(",
        "—",
        "after",
        "before",
        "following",
        "since",
        "until",
        "with",
        "amid",
        "despite",
        "over",
        "against",
        "during",
    ];
    let Some(previous) = first.checked_sub(1).and_then(|k| tokens.get(k)) else {
        return true;
    };
    OPENERS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(doc.token_text(previous)))
}

/// Index `i`, or the index of the article right before it.
fn article_before(doc: &Document<'_>, tokens: &[Token], i: usize) -> usize {
    match i.checked_sub(1) {
        Some(k) if tokens.get(k).is_some_and(|t| is_article(doc.token_text(t))) => k,
        _ => i,
    }
}

/// "of Crimea", "of the Baltic States" starting at `i`: the name and the index after it.
fn of_name<'a>(doc: &Document<'a>, tokens: &[Token], i: usize) -> Option<(&'a str, usize)> {
    if doc.token_text(tokens.get(i)?) != "of" {
        return None;
    }
    let mut start = i + 1;
    if tokens
        .get(start)
        .is_some_and(|t| doc.token_text(t).eq_ignore_ascii_case("the"))
    {
        start += 1;
    }
    let mut end = start;
    while tokens
        .get(end)
        .is_some_and(|t| t.kind == TokenKind::Word && starts_upper(doc.token_text(t)))
        && end < start + 4
    {
        end += 1;
    }
    if end == start {
        return None;
    }
    let span = tokens[start].span().start..tokens[end - 1].span().end;
    let name = doc.slice(&span);
    // "the death of Smith's father" is not Smith's death.
    if strip_possessive(name).len() != name.len() {
        return None;
    }
    Some((name, end))
}

/// What a members phrase hangs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    /// "its 30 members", "all 30 members": the group is found in the text before.
    Pronoun,
    /// "the alliance's 30 members", "a panel of 30 members": the word at the index names it.
    Word(usize),
}

/// A size given as a count of members: "its 30 members".
#[derive(Debug)]
struct MembersPhrase {
    /// What it hangs on.
    owner: Owner,
    /// Index of its first token ("its", "alliance's", "panel").
    start: usize,
    value: u32,
    in_words: bool,
    /// Index after the unit noun.
    end: usize,
    unit: &'static str,
}

/// A members phrase with its count at `i`: "its 30 members", "all of its 30 members", "the
/// alliance's 30 members", "all 30 members", "a panel of 30 members".
fn members_phrase(doc: &Document<'_>, tokens: &[Token], i: usize) -> Option<MembersPhrase> {
    // The unit first: it rules out almost every token with one comparison.
    let (unit, end) = plural_unit(doc, tokens, i + 1)?;
    let (value, in_words) = count_value(doc.token_text(tokens.get(i)?))?;
    // "its 19 members that use the euro", "all 12 members present": a part of the group.
    if tokens
        .get(end)
        .is_some_and(|t| is_subset_word(doc.token_text(t)))
    {
        return None;
    }
    let previous = i.checked_sub(1)?;
    let before = doc.token_text(tokens.get(previous)?);
    // "all 12 members of the jury": the group is named after the unit. Without "all" or
    // "the" it is a count of some members ("eight members of the council voted no").
    if tokens.get(end).is_some_and(|t| doc.token_text(t) == "of") {
        if !(before.eq_ignore_ascii_case("all") || before.eq_ignore_ascii_case("the")) {
            return None;
        }
        let skip = tokens
            .get(end + 1)
            .is_some_and(|t| is_article(doc.token_text(t)));
        let group = end + 1 + usize::from(skip);
        if tokens
            .get(group + 1)
            .is_some_and(|t| is_subset_word(doc.token_text(t)))
        {
            return None;
        }
        return Some(MembersPhrase {
            owner: Owner::Word(group),
            start: previous,
            value,
            in_words,
            end: group + 1,
            unit,
        });
    }
    let (owner, start) = if before.eq_ignore_ascii_case("its")
        || (before.eq_ignore_ascii_case("all") && unit == "member")
    {
        (Owner::Pronoun, previous)
    } else if strip_possessive(before).len() != before.len() {
        (Owner::Word(previous), previous)
    } else if before == "of" {
        let group = previous.checked_sub(1)?;
        (Owner::Word(group), group)
    } else {
        return None;
    };
    Some(MembersPhrase {
        owner,
        start,
        value,
        in_words,
        end,
        unit,
    })
}

/// "members", "member states", "nations", "unions" at `i`: the unit and the index after it.
fn plural_unit(doc: &Document<'_>, tokens: &[Token], i: usize) -> Option<(&'static str, usize)> {
    let word = doc.token_text(tokens.get(i)?);
    let unit = match word {
        "members" => {
            let next = tokens.get(i + 1).map(|t| doc.token_text(t));
            if next.is_some_and(|n| matches!(n, "states" | "countries" | "nations")) {
                return Some(("nation", i + 2));
            }
            "member"
        }
        "member" => {
            let next = tokens.get(i + 1).map(|t| doc.token_text(t))?;
            if !matches!(next, "states" | "countries" | "nations") {
                return None;
            }
            return Some(("nation", i + 2));
        }
        "nations" | "countries" => "nation",
        "unions" => "union",
        _ => return None,
    };
    Some((unit, i + 1))
}

/// Whether a word can be a size compound ("30-member", "fourteen-nation"): eight bytes or more,
/// ending in the last letter of a unit.
fn may_be_compound(word: &[u8]) -> bool {
    word.len() >= 8 && matches!(word.last(), Some(b'r' | b'g' | b'n' | b'y'))
}

/// Whether a word is one of the nouns `plural_unit` reads: "members", "member" (of "member
/// states"), "nations", "countries", "unions".
fn is_unit_noun(word: &[u8]) -> bool {
    matches!(
        word,
        b"members" | b"member" | b"nations" | b"countries" | b"unions"
    )
}

/// A size compound split at its last hyphen into the count and the unit its second half names:
/// "30-member" gives ("30", "member"), "14-country" gives ("14", "nation"). Compares the end of
/// the word with each unit instead of searching it for a hyphen.
fn compound_parts(text: &str) -> Option<(&str, &'static str)> {
    const UNITS: [(&str, &str); 6] = [
        ("member", "member"),
        ("strong", "member"),
        ("person", "member"),
        ("nation", "nation"),
        ("country", "nation"),
        ("union", "union"),
    ];
    UNITS.iter().find_map(|&(word, unit)| {
        let dash = text.len().checked_sub(word.len() + 1)?;
        let (number, rest) = text.split_at_checked(dash)?;
        let second = rest.strip_prefix('-')?;
        second.eq_ignore_ascii_case(word).then_some((number, unit))
    })
}

/// "Smith, 45," / "Smith, aged 45," / "Smith, a 45-year-old" from the token after the comma:
/// the age, the figure's bytes and the end of the phrase.
fn age_figure(
    doc: &Document<'_>,
    tokens: &[Token],
    i: usize,
) -> Option<(u32, Range<usize>, usize)> {
    let first = tokens.get(i)?;
    let first_text = doc.token_text(first);
    if first.kind == TokenKind::Number {
        let value = age_value(first_text)?;
        let close = doc.token_text(tokens.get(i + 1)?);
        // "Smith, 45, 46 and 47" is a list of numbers, not an age.
        let list = tokens
            .get(i + 2)
            .is_some_and(|t| t.kind == TokenKind::Number);
        return (matches!(close, "," | ")") && !list)
            .then(|| (value, first.span(), first.span().end));
    }
    if first_text.eq_ignore_ascii_case("aged") {
        let number = tokens.get(i + 1).filter(|t| t.kind == TokenKind::Number)?;
        let value = age_value(doc.token_text(number))?;
        let close = doc.token_text(tokens.get(i + 2)?);
        return matches!(close, "," | ")" | ".").then(|| (value, number.span(), number.span().end));
    }
    if first_text == "a" || first_text == "an" {
        let (value, figure) = years_old(doc, tokens.get(i + 1))?;
        return Some((value, figure, tokens.get(i + 1)?.span().end));
    }
    None
}

/// "45-year-old": the age and the bytes of its digits.
fn years_old(doc: &Document<'_>, token: Option<&Token>) -> Option<(u32, Range<usize>)> {
    let token = token.filter(|t| may_be_years_old(doc, t))?;
    let text = doc.token_text(token);
    let number = text
        .strip_suffix("-year-old")
        .or_else(|| text.strip_suffix("-years-old"))?;
    let value = age_value(number)?;
    Some((value, token.span().start..token.span().start + number.len()))
}

/// Whether a token can be "45-year-old": a long word that starts with a digit.
fn may_be_years_old(doc: &Document<'_>, token: &Token) -> bool {
    token.kind == TokenKind::Word && token.span().len() > 9 && starts_with_digit(doc, token)
}

/// A plausible age written in digits.
fn age_value(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u32 = text.parse().ok()?;
    (1..=120).contains(&value).then_some(value)
}

/// A four-digit year from 1000 to 2199.
fn year_value(doc: &Document<'_>, token: &Token) -> Option<u32> {
    let text = doc.token_text(token);
    if token.kind != TokenKind::Number
        || text.len() != 4
        || !text.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let year: u32 = text.parse().ok()?;
    (1000..2200).contains(&year).then_some(year)
}

const SMALL_NUMBERS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A count in digits ("30") or words ("seven", "twenty-five"); and whether it was in words.
fn count_value(text: &str) -> Option<(u32, bool)> {
    if !text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        let value: u32 = text.parse().ok()?;
        return (value > 1).then_some((value, false));
    }
    let small = |w: &str| SMALL_NUMBERS.iter().position(|n| n.eq_ignore_ascii_case(w));
    let tens = |w: &str| {
        TENS.iter()
            .position(|n| !n.is_empty() && n.eq_ignore_ascii_case(w))
    };
    let value = match text.split_once('-') {
        Some((t, u)) => tens(t)? * 10 + small(u).filter(|&n| (1..10).contains(&n))?,
        None => small(text).or_else(|| tens(text).map(|t| t * 10))?,
    };
    (value > 1).then_some((value as u32, true))
}

/// A count spelt out, for replacing a figure written in words.
fn number_in_words(value: u32) -> Option<String> {
    let value = value as usize;
    if let Some(word) = SMALL_NUMBERS.get(value) {
        return Some(word.to_string());
    }
    let (tens, units) = (value / 10, value % 10);
    let tens = TENS.get(tens).filter(|t| !t.is_empty())?;
    if units == 0 {
        return Some(tens.to_string());
    }
    Some(format!("{tens}-{}", SMALL_NUMBERS.get(units)?))
}

/// Capitalises `word` when `like` is capitalised.
fn match_case(word: String, like: &str) -> String {
    if !starts_upper(like) {
        return word;
    }
    let mut chars = word.chars();
    chars
        .next()
        .map_or(word.clone(), |c| c.to_uppercase().chain(chars).collect())
}

/// The only distinct value in `values`: `Ok(None)` when there is none, `Err` when there are
/// several.
fn single<'a>(values: impl Iterator<Item = &'a str>) -> Result<Option<&'a str>, ()> {
    let mut found: Option<&str> = None;
    for value in values {
        match found {
            Some(f) if f != value => return Err(()),
            _ => found = Some(value),
        }
    }
    Ok(found)
}

/// Whether the words of `marker` start at token `i`.
fn phrase_at(doc: &Document<'_>, tokens: &[Token], i: usize, marker: &[String]) -> bool {
    marker.iter().enumerate().all(|(k, word)| {
        tokens
            .get(i + k)
            .is_some_and(|t| doc.token_text(t).eq_ignore_ascii_case(word))
    })
}

/// Whether a token's first byte is an ASCII digit; reads one byte instead of the token's text.
fn starts_with_digit(doc: &Document<'_>, token: &Token) -> bool {
    doc.source
        .as_bytes()
        .get(token.span().start)
        .is_some_and(u8::is_ascii_digit)
}

/// Whether a token is exactly the ASCII character `byte`; reads one byte of the source.
fn is_byte(doc: &Document<'_>, token: &Token, byte: u8) -> bool {
    token.span().len() == 1 && doc.source.as_bytes().get(token.span().start) == Some(&byte)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The start of token `i`, or of the article right before it ("the 45-year-old Smith").
fn with_article(doc: &Document<'_>, tokens: &[Token], i: usize) -> usize {
    let Some(token) = tokens.get(i) else { return 0 };
    match i.checked_sub(1).and_then(|k| tokens.get(k)) {
        Some(article) if is_article(doc.token_text(article)) => article.span().start,
        _ => token.span().start,
    }
}

fn is_article(word: &str) -> bool {
    ["the", "a", "an"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(word))
}

/// Whether the word after a name makes the name a modifier: "the 9-year-old Smith boy", "the
/// 80-year-old Smith house".
fn is_attributive(doc: &Document<'_>, next: Option<&Token>) -> bool {
    const NOUNS: &[&str] = &[
        "boy", "girl", "son", "daughter", "child", "children", "twins", "baby", "family",
        "brothers", "sisters", "home", "house", "building", "company", "firm", "business",
        "estate",
    ];
    next.is_some_and(|t| {
        NOUNS
            .iter()
            .any(|n| n.eq_ignore_ascii_case(doc.token_text(t)))
    })
}

/// A word token starting with a capital letter.
fn is_capitalised(doc: &Document<'_>, token: &Token) -> bool {
    token.kind == TokenKind::Word && starts_upper(doc.token_text(token))
}

/// Whether tokens `k` and `k + 1` are separated by exactly one space, as the words of a name are.
fn adjacent(doc: &Document<'_>, tokens: &[Token], k: usize) -> bool {
    match (tokens.get(k), tokens.get(k + 1)) {
        (Some(a), Some(b)) => doc.text.get(a.span().end..b.span().start) == Some(" "),
        _ => false,
    }
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_suffix(word: &str) -> bool {
    matches!(word, "Jr" | "Sr" | "II" | "III" | "IV")
}

/// Months and weekdays, which precede a comma and a number in dates ("June 3, 45 people").
fn is_calendar_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "No",
        "Nos",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Words after a members phrase that pick out part of the group.
fn is_subset_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "that",
        "who",
        "whom",
        "whose",
        "with",
        "without",
        "from",
        "in",
        "outside",
        "except",
        "besides",
        "present",
        "voting",
        "elected",
        "remaining",
        "other",
        "not",
        "absent",
        "attending",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Words that number an event among several of its kind ("the second invasion").
fn is_sequence_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "first", "second", "third", "fourth", "last", "latest", "previous", "earlier", "later",
        "another", "new", "renewed", "recent",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The word without a possessive ending.
fn strip_possessive(word: &str) -> &str {
    words::strip_possessive(word).0
}

#[cfg(test)]
mod tests {
    /// Events are listed however the lint writes them: "Partition" and " partition " are the
    /// same event as "partition".
    #[test]
    fn listed_events_are_trimmed_and_lowercased() {
        for event in ["partition", "Partition", " partition "] {
            let lint = format!(
                "severity = \"warning\"\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\n\n[check.conflicting-figure]\nfact = \"event-year\"\nevents = [\"{event}\"]\n"
            );
            let ruleset = crate::Ruleset::from_toml("test/event", &lint).expect("the lint loads");
            let text = "Trade stalled after the 1998 partition of Vellmark. Vellmark’s partition in 1999 split the valley.";
            let findings = ruleset.lint_text(text, crate::Format::Plain);
            assert_eq!(findings.len(), 1, "{event:?}");
        }
    }

    use super::*;

    #[test]
    fn word_filter_keeps_listed_words() {
        let filter = WordFilter::new(["annexation", "founding"]);
        assert!(filter.may_contain("annexation"));
        assert!(filter.may_contain("founding"));
        assert!(!filter.may_contain("annexed"));
        assert!(!filter.may_contain("The"));
        assert!(!filter.may_contain(""));
    }

    #[test]
    fn counts_in_digits_and_words() {
        assert_eq!(count_value("30"), Some((30, false)));
        assert_eq!(count_value("seven"), Some((7, true)));
        assert_eq!(count_value("Fourteen"), Some((14, true)));
        assert_eq!(count_value("twenty-five"), Some((25, true)));
        assert_eq!(count_value("thirty"), Some((30, true)));
        assert_eq!(
            count_value("one"),
            None,
            "a one-member body is not a size worth comparing"
        );
        assert_eq!(count_value("twenty-twelve"), None);
        assert_eq!(count_value("strong"), None);
    }

    #[test]
    fn compounds_split_at_their_unit() {
        assert_eq!(compound_parts("30-member"), Some(("30", "member")));
        assert_eq!(
            compound_parts("Twenty-five-Strong"),
            Some(("Twenty-five", "member"))
        );
        assert_eq!(compound_parts("14-country"), Some(("14", "nation")));
        assert_eq!(compound_parts("long-term"), None);
        assert_eq!(compound_parts("membership"), None);
        assert_eq!(compound_parts("-member"), Some(("", "member")));
        // A unit's count is never itself a compound, which keeps the two readings of a
        // sentence in text order.
        assert_eq!(count_value("30-member"), None);
        assert_eq!(count_value("twenty-five-member"), None);
    }

    #[test]
    fn counts_back_to_words() {
        assert_eq!(number_in_words(5).as_deref(), Some("five"));
        assert_eq!(number_in_words(30).as_deref(), Some("thirty"));
        assert_eq!(number_in_words(32).as_deref(), Some("thirty-two"));
        assert_eq!(number_in_words(120), None);
        assert_eq!(match_case("five".into(), "Seven"), "Five");
    }

    #[test]
    fn single_value() {
        assert_eq!(single(["a", "a"].into_iter()), Ok(Some("a")));
        assert_eq!(single(std::iter::empty()), Ok(None));
        assert_eq!(single(["a", "b"].into_iter()), Err(()));
    }

    #[test]
    fn ages_and_possessives() {
        assert_eq!(age_value("45"), Some(45));
        assert_eq!(age_value("0"), None);
        assert_eq!(age_value("2019"), None);
        assert_eq!(strip_possessive("Jennings’s"), "Jennings");
        assert_eq!(strip_possessive("alliance's"), "alliance");
        assert_eq!(strip_possessive("Ruiz"), "Ruiz");
    }
}

//! `weekday-date`: a day of the week that disagrees with the date it names ("Tuesday, June 29,
//! 2022" when June 29, 2022 was a Wednesday).
//!
//! The year comes from the date itself or, when the date has none, from the publication date in
//! the front matter or from the other full dates in the document when they all share one year.
//! Without a known year nothing is reported: a weekday cannot be checked against a bare month
//! and day.

use std::ops::Range;

use serde::Deserialize;

use super::{Check, Context, Finding, ParamError, Sink};
use crate::document::{Document, Token, TokenKind};

/// Parameters of `[check.weekday-date]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Front-matter keys holding the publication date (`2022-06-29`), tried in order, used for
    /// dates written without a year.
    #[serde(default = "default_date_keys")]
    date_keys: Vec<String>,
    /// For dates without a year and no front-matter date, take the year from the document's
    /// other full dates ("June 29, 2022") when they all agree on one year.
    #[serde(default = "yes")]
    infer_year: bool,
}

fn default_date_keys() -> Vec<String> {
    vec!["date".to_string()]
}

fn yes() -> bool {
    true
}

/// The compiled check.
#[derive(Debug)]
pub struct WeekdayDate {
    date_keys: Vec<String>,
    infer_year: bool,
}

impl WeekdayDate {
    /// Validates the parameters.
    pub fn compile(params: Params) -> Result<WeekdayDate, ParamError> {
        if params.date_keys.iter().any(|k| k.trim().is_empty()) {
            return Err(ParamError {
                span: None,
                message: "`date-keys` entries must not be empty".into(),
            });
        }
        Ok(WeekdayDate {
            date_keys: params.date_keys,
            infer_year: params.infer_year,
        })
    }
}

/// English weekday names, Sunday first as [`weekday`] counts, with accepted abbreviations.
const WEEKDAYS: [(&str, &[&str]); 7] = [
    ("Sunday", &["Sun"]),
    ("Monday", &["Mon"]),
    ("Tuesday", &["Tue", "Tues"]),
    ("Wednesday", &["Wed"]),
    ("Thursday", &["Thu", "Thur", "Thurs"]),
    ("Friday", &["Fri"]),
    ("Saturday", &["Sat"]),
];

/// Month names with accepted abbreviations, January first.
const MONTHS: [(&str, &[&str]); 12] = [
    ("January", &["Jan"]),
    ("February", &["Feb"]),
    ("March", &["Mar"]),
    ("April", &["Apr"]),
    ("May", &[]),
    ("June", &["Jun"]),
    ("July", &["Jul"]),
    ("August", &["Aug"]),
    ("September", &["Sep", "Sept"]),
    ("October", &["Oct"]),
    ("November", &["Nov"]),
    ("December", &["Dec"]),
];

/// Words that put a weekday in a list or range ("Monday and Tuesday, June 27 and 28"), where it
/// need not name the date that follows.
const RANGE_WORDS: &[&str] = &[
    "and", "or", "through", "thru", "to", "until", "till", "&", "-", "–", "—",
];

/// Day of the week of a Gregorian date, 0 = Sunday (Sakamoto's method).
pub fn weekday(year: i32, month: u32, day: u32) -> u32 {
    const OFFSETS: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let Some(&offset) = month.checked_sub(1).and_then(|m| OFFSETS.get(m as usize)) else {
        return 0;
    };
    let y = if month < 3 { year - 1 } else { year };
    let sum = y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + offset + day as i32;
    sum.rem_euclid(7) as u32
}

/// Number of days in a month of a Gregorian year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A month, day and perhaps year found in the tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Date {
    month: u32,
    day: u32,
    year: Option<i32>,
    /// Index just past the last token of the date.
    end: usize,
}

/// A weekday followed by the date it names.
#[derive(Debug)]
struct Dated {
    weekday: u32,
    /// The weekday word (without an abbreviation's full stop).
    word: Range<usize>,
    date: Date,
    span: Range<usize>,
}

impl Check for WeekdayDate {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let doc = cx.doc;
        let mut context: Option<Option<(i32, u32)>> = None;
        for block in &doc.blocks {
            let tokens = doc.block_tokens(block);
            for i in 0..tokens.len() {
                let Some(found) = weekday_date_at(doc, tokens, i) else {
                    continue;
                };
                let year = match found.date.year {
                    Some(year) => year,
                    None => {
                        let reference = *context.get_or_insert_with(|| self.reference_date(doc));
                        let Some(reference) = reference else { continue };
                        nearest_year(reference, found.date.month)
                    }
                };
                self.report(doc, &found, year, sink);
            }
        }
    }
}

impl WeekdayDate {
    fn report(&self, doc: &Document<'_>, found: &Dated, year: i32, sink: &mut Sink) {
        let Date { month, day, .. } = found.date;
        if !(1583..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return;
        }
        let actual = weekday(year, month, day);
        if actual == found.weekday {
            return;
        }
        let Some((correct, _)) = WEEKDAYS.get(actual as usize) else {
            return;
        };
        let Some((month_name, _)) = MONTHS.get(month as usize - 1) else {
            return;
        };
        let written = doc.slice(&found.word);
        let replacement_word = restyle(written, actual);
        let text = doc.slice(&found.span);
        let offset = found.word.start - found.span.start;
        let replacement = format!(
            "{}{}{}",
            &text[..offset],
            replacement_word,
            &text[offset + written.len()..]
        );
        sink.push(
            Finding::at(found.span.clone())
                .var("weekday", *correct)
                .var("date", format!("{month_name} {day}, {year}"))
                .replace_with(replacement),
        );
    }

    /// The year and month the document was written in, for dates given without a year.
    fn reference_date(&self, doc: &Document<'_>) -> Option<(i32, u32)> {
        for key in &self.date_keys {
            if let Some(date) = doc.front_matter_value(key).and_then(parse_iso_date) {
                return Some(date);
            }
        }
        if !self.infer_year {
            return None;
        }
        let mut reference: Option<(i32, u32)> = None;
        for block in &doc.blocks {
            let tokens = doc.block_tokens(block);
            for i in 0..tokens.len() {
                let Some(Date {
                    month,
                    year: Some(year),
                    ..
                }) = date_at(doc, tokens, i)
                else {
                    continue;
                };
                match reference {
                    None => reference = Some((year, month)),
                    Some((first, _)) if first != year => return None,
                    Some(_) => {}
                }
            }
        }
        reference
    }
}

/// The year a yearless month most likely falls in, given the month and year of writing: a
/// January date in a December article is next year's.
fn nearest_year((year, reference_month): (i32, u32), month: u32) -> i32 {
    let distance = month as i32 - reference_month as i32;
    if distance > 6 {
        year - 1
    } else if distance < -6 {
        year + 1
    } else {
        year
    }
}

/// Reads `YYYY-MM` from the start of a front-matter date such as `2022-06-29` or
/// `2022-06-29T10:00:00Z`.
fn parse_iso_date(value: &str) -> Option<(i32, u32)> {
    let year = value.get(0..4)?.parse::<i32>().ok()?;
    if value.get(4..5)? != "-" {
        return None;
    }
    let month = value.get(5..7)?.parse::<u32>().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// A weekday at token `i` followed by a date: "Tuesday, June 29, 2022", "Tue., June 29",
/// "Tuesday (June 29)", "Tuesday, 29 June 2022".
fn weekday_date_at(doc: &Document<'_>, tokens: &[Token], i: usize) -> Option<Dated> {
    let token = tokens.get(i)?;
    // Every weekday starts with one of these capitals; one byte rules out most tokens.
    let first = doc.source.as_bytes().get(token.span().start);
    if token.kind != TokenKind::Word
        || !(3..=9).contains(&token.span().len())
        || !matches!(first, Some(b'M' | b'T' | b'W' | b'F' | b'S'))
    {
        return None;
    }
    let (weekday, abbreviated) = weekday_of(doc.token_text(token))?;
    let mut next = i + 1;
    if abbreviated {
        // "Sun" and "Sat" are also ordinary words; an abbreviation is only trusted with its stop.
        let stop = tokens.get(next)?;
        if doc.token_text(stop) != "." || stop.span().start != token.span().end {
            return None;
        }
        next += 1;
    }
    if i > 0
        && RANGE_WORDS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(doc.token_text(&tokens[i - 1])))
    {
        return None;
    }
    let separator = doc.token_text(tokens.get(next)?);
    let bracketed = separator == "(";
    if separator == "," || bracketed {
        next += 1;
    }
    let date = date_at(doc, tokens, next)?;
    if continues_as_range(doc, tokens, date.end) {
        return None;
    }
    let mut last = tokens.get(date.end - 1)?;
    // "Tuesday (June 29)": the closing bracket belongs to the phrase.
    if let Some(close) = tokens
        .get(date.end)
        .filter(|t| bracketed && doc.token_text(t) == ")")
    {
        last = close;
    }
    Some(Dated {
        weekday,
        word: token.span(),
        span: token.span().start..last.span().end,
        date,
    })
}

/// A date starting at token `i`: month-day-year or day-month-year, the year optional.
fn date_at(doc: &Document<'_>, tokens: &[Token], i: usize) -> Option<Date> {
    let first = tokens.get(i)?;
    if let Some((month, end)) = month_at(doc, tokens, i) {
        let day = day_of(doc.token_text(tokens.get(end)?))?;
        let mut date = Date {
            month,
            day,
            year: None,
            end: end + 1,
        };
        // The year follows a comma: "June 29, 2022".
        let comma = tokens
            .get(end + 1)
            .is_some_and(|t| doc.token_text(t) == ",");
        if let Some(year) = tokens.get(end + 2).and_then(|t| year_of(doc, t))
            && comma
        {
            date.year = Some(year);
            date.end = end + 3;
        }
        return Some(date);
    }
    let day = day_of(doc.token_text(first))?;
    let (month, end) = month_at(doc, tokens, i + 1)?;
    let mut date = Date {
        month,
        day,
        year: None,
        end,
    };
    if let Some(year) = tokens.get(end).and_then(|t| year_of(doc, t)) {
        date.year = Some(year);
        date.end = end + 1;
    }
    Some(date)
}

/// A month name at token `i` (an abbreviation may carry its full stop); returns the month and
/// the index of the token after it.
fn month_at(doc: &Document<'_>, tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    let token = tokens.get(i)?;
    if token.kind != TokenKind::Word {
        return None;
    }
    let text = doc.token_text(token);
    if !text.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    for (n, (name, abbreviations)) in MONTHS.iter().enumerate() {
        let month = n as u32 + 1;
        if text.eq_ignore_ascii_case(name) {
            return Some((month, i + 1));
        }
        if abbreviations.iter().any(|a| text.eq_ignore_ascii_case(a)) {
            let dotted = tokens
                .get(i + 1)
                .is_some_and(|t| doc.token_text(t) == "." && t.span().start == token.span().end);
            return Some((month, if dotted { i + 2 } else { i + 1 }));
        }
    }
    None
}

/// A weekday name or abbreviation: its number (0 = Sunday) and whether it was abbreviated.
fn weekday_of(text: &str) -> Option<(u32, bool)> {
    if !text.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    for (n, (name, abbreviations)) in WEEKDAYS.iter().enumerate() {
        if text.eq_ignore_ascii_case(name) {
            return Some((n as u32, false));
        }
        if abbreviations.iter().any(|a| text.eq_ignore_ascii_case(a)) {
            return Some((n as u32, true));
        }
    }
    None
}

/// A day of the month, "29" or "29th".
fn day_of(text: &str) -> Option<u32> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &text[digits.len()..];
    if !matches!(
        suffix.to_ascii_lowercase().as_str(),
        "" | "st" | "nd" | "rd" | "th"
    ) {
        return None;
    }
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day = digits.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// A four-digit year token.
fn year_of(doc: &Document<'_>, token: &Token) -> Option<i32> {
    let text = doc.token_text(token);
    if token.kind != TokenKind::Number
        || text.len() != 4
        || !text.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    text.parse().ok()
}

/// Whether the date goes on as a range ("June 28-29", "June 28 and 29"), so the weekday may
/// belong to either day.
fn continues_as_range(doc: &Document<'_>, tokens: &[Token], end: usize) -> bool {
    let Some(word) = tokens.get(end) else {
        return false;
    };
    RANGE_WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(doc.token_text(word)))
        && tokens
            .get(end + 1)
            .is_some_and(|t| t.kind == TokenKind::Number)
}

/// The correct weekday written the way the wrong one was: full or abbreviated, in its case.
fn restyle(written: &str, weekday: u32) -> String {
    let Some((name, abbreviations)) = WEEKDAYS.get(weekday as usize) else {
        return written.to_string();
    };
    let word = if written.len() >= 6 {
        *name
    } else {
        // Keep a four-letter style ("Tues", "Thur") where the day has one.
        abbreviations
            .iter()
            .find(|a| a.len() == written.len())
            .or_else(|| abbreviations.first())
            .copied()
            .unwrap_or(name)
    };
    let upper = written
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && written.len() > 1;
    if upper {
        word.to_uppercase()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_of_known_dates() {
        // 0 = Sunday.
        assert_eq!(weekday(2022, 6, 29), 3, "June 29, 2022 was a Wednesday");
        assert_eq!(weekday(2023, 3, 16), 4, "March 16, 2023 was a Thursday");
        assert_eq!(weekday(2024, 2, 27), 2, "Feb. 27, 2024 was a Tuesday");
        assert_eq!(weekday(2024, 2, 29), 4, "leap day 2024 was a Thursday");
        assert_eq!(weekday(2000, 1, 1), 6, "Jan. 1, 2000 was a Saturday");
        assert_eq!(weekday(1900, 3, 1), 4, "1900 was not a leap year");
        assert_eq!(weekday(1969, 7, 20), 0, "the Moon landing was on a Sunday");
        assert_eq!(weekday(2023, 12, 31), 0);
    }

    #[test]
    fn weekday_agrees_with_day_by_day_count() {
        // Walk day by day from a known Saturday (Jan. 1, 2000) through 2030.
        let mut expected = 6;
        for year in 2000..=2030 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(weekday(year, month, day), expected, "{year}-{month}-{day}");
                    expected = (expected + 1) % 7;
                }
            }
        }
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2023, 13), 0);
    }

    #[test]
    fn yearless_dates_take_the_nearest_year() {
        assert_eq!(nearest_year((2022, 12), 1), 2023);
        assert_eq!(nearest_year((2023, 1), 12), 2022);
        assert_eq!(nearest_year((2022, 6), 7), 2022);
    }

    #[test]
    fn front_matter_dates() {
        assert_eq!(parse_iso_date("2022-06-29"), Some((2022, 6)));
        assert_eq!(parse_iso_date("2022-06-29T10:00:00Z"), Some((2022, 6)));
        assert_eq!(parse_iso_date("June 29, 2022"), None);
        assert_eq!(parse_iso_date("2022-13-01"), None);
        assert_eq!(parse_iso_date("20é"), None);
    }

    #[test]
    fn days_and_styles() {
        assert_eq!(day_of("29th"), Some(29));
        assert_eq!(day_of("1st"), Some(1));
        assert_eq!(day_of("32"), None);
        assert_eq!(day_of("2022"), None);
        assert_eq!(day_of("29xy"), None);
        assert_eq!(restyle("Tuesday", 3), "Wednesday");
        assert_eq!(restyle("TUESDAY", 3), "WEDNESDAY");
        assert_eq!(restyle("Tue", 4), "Thu");
        assert_eq!(restyle("Tues", 4), "Thur");
        assert_eq!(restyle("Tues", 3), "Wed");
    }
}

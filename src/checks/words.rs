//! Small word-shape helpers several check kinds share.

use super::ParamError;

/// Splits a possessive ending off ("Kishida’s", "Jennings’" → the name) and says whether
/// there was one; a bare ending ("’s" alone) is kept as it is.
pub(crate) fn strip_possessive(text: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "’S", "'S", "’", "'"] {
        if let Some(bare) = text.strip_suffix(suffix).filter(|b| !b.is_empty()) {
            return (bare, true);
        }
    }
    (text, false)
}

/// Whether `c` may join the parts of one word: apostrophes and hyphens.
pub(crate) fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐')
}

/// A capitalised word with at least one lowercase letter (all-capital words are acronyms,
/// datelines and credits, where capitals are a style) and nothing but letters, apostrophes and
/// hyphens.
pub(crate) fn is_name_word(text: &str) -> bool {
    let mut chars = text.chars();
    if !chars.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let mut lower = false;
    for c in chars {
        if c.is_lowercase() {
            lower = true;
        } else if !(c.is_alphabetic() || is_joiner(c)) {
            return false;
        }
    }
    lower
}

/// Checks a `max-level` parameter: a SCOWL size level the lexicon holds.
pub(crate) fn check_level(level: u8) -> Result<(), ParamError> {
    if (10..=70).contains(&level) {
        return Ok(());
    }
    Err(ParamError {
        span: None,
        message: format!("`max-level` must be a SCOWL level from 10 to 70, not {level}"),
    })
}

/// A configured phrase as its lowercase words ("Prime Minister" -> ["prime", "minister"]).
pub(super) fn phrase_words(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(str::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn possessives_and_name_words() {
        assert_eq!(strip_possessive("Jennings’s"), ("Jennings", true));
        assert_eq!(strip_possessive("Jennings’"), ("Jennings", true));
        assert_eq!(strip_possessive("alliance's"), ("alliance", true));
        assert_eq!(strip_possessive("’s"), ("’s", false));
        assert_eq!(strip_possessive("Ruiz"), ("Ruiz", false));
        assert!(is_name_word("O’Neill-Smith"));
        assert!(!is_name_word("NATO"));
        assert!(!is_name_word("ruiz"));
        assert!(check_level(35).is_ok() && check_level(95).is_err());
    }
}

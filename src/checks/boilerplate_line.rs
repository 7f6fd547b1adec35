//! `boilerplate-line`: whole lines that are page furniture (navigation, promos, credits) rather
//! than article text.

use serde::Deserialize;
use toml::Spanned;

use super::phrase::invalid_regex;
use super::{Case, Check, Context, Finding, ParamError, PatternBankBuilder, Sink};

fn default_max_chars() -> usize {
    160
}

/// Parameters of `[check.boilerplate-line]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Regexes that must match a whole trimmed line of prose (they are anchored for you).
    patterns: Vec<Spanned<String>>,
    /// `insensitive` (the default) or `sensitive`.
    #[serde(default)]
    case: Case,
    /// Lines longer than this many characters are never reported, so a real paragraph that
    /// happens to open like boilerplate is left alone.
    #[serde(default = "default_max_chars")]
    max_chars: usize,
    /// Case-sensitive regexes: a line that matches any of them is not reported, which says
    /// "but not these" more simply than a pattern can (for example the common words that may
    /// follow "By" in a subheading).
    #[serde(default)]
    unless: Vec<Spanned<String>>,
}

/// The compiled check.
#[derive(Debug)]
pub struct BoilerplateLine {
    ids: std::ops::Range<usize>,
    unless: Vec<super::LazyRegex>,
}

impl BoilerplateLine {
    /// Registers the line patterns with the shared bank.
    pub fn compile(
        params: Params,
        bank: &mut PatternBankBuilder,
    ) -> Result<BoilerplateLine, ParamError> {
        let Some(first) = params.patterns.first() else {
            return Err(ParamError {
                span: None,
                message: "`boilerplate-line` needs at least one pattern".into(),
            });
        };
        let mut ids = 0..0;
        for pattern in &params.patterns {
            let id = bank
                .line_regex(pattern.get_ref(), params.case, params.max_chars)
                .map_err(|e| invalid_regex(pattern, e))?;
            ids = if pattern.span() == first.span() {
                id..id + 1
            } else {
                ids.start..id + 1
            };
        }
        let unless = params
            .unless
            .iter()
            .map(|p| super::LazyRegex::new(p.get_ref()).map_err(|e| invalid_regex(p, e)))
            .collect::<Result<_, _>>()?;
        Ok(BoilerplateLine { ids, unless })
    }
}

impl Check for BoilerplateLine {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        // The bank only matches lines of at most `max-chars` characters against the patterns.
        let hits = cx.hits.of(self.ids.clone());
        if !hits.is_empty() {
            super::LazyRegex::prepare_all(&self.unless);
        }
        let mut hits: Vec<_> = hits
            .iter()
            .filter(|hit| {
                let line = &cx.doc.text[hit.span.clone()];
                !self.unless.iter().any(|r| r.is_match(line))
            })
            .collect();
        // Two patterns of one lint may match the same line: report it once.
        hits.sort_by_key(|hit| hit.span.start);
        hits.dedup_by_key(|hit| hit.span.start);
        for hit in hits {
            let mut finding = Finding::at(hit.span.clone());
            finding.vars.extend(hit.captures.iter().cloned());
            sink.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Format, Ruleset};

    /// Lines it reports, of a text linted with one `boilerplate-line` lint.
    fn reported(lint: &str, text: &str) -> Vec<String> {
        let ruleset = Ruleset::from_toml("test/line", lint).expect("the lint loads");
        let findings = ruleset.lint_text(text, Format::Plain);
        findings
            .iter()
            .map(|f| text[f.span.clone()].to_string())
            .collect()
    }

    /// A line that matches an `unless` regex is not reported; one that does not still is.
    #[test]
    fn unless_keeps_matching_lines_quiet() {
        let lint = "severity = \"warning\"\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\n\n[check.boilerplate-line]\npatterns = ['By [A-Z][a-z]+ [A-Z][a-z]+']\nunless = ['^By (?:Popular|Land) ']\n";
        let text = "By Popular Demand\n\nBy Ruth Abernathy\n\nBy Land Alone\n";
        assert_eq!(reported(lint, text), ["By Ruth Abernathy"]);
    }

    /// `max-chars` counts characters, not bytes, and holds for a pattern that must run on
    /// every line as much as for one with a literal to find.
    #[test]
    fn max_chars_bounds_the_lines_reported_in_characters() {
        for pattern in ["Read more.*", "[^ ]+ more.*"] {
            let lint = format!(
                "severity = \"warning\"\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\n\n[check.boilerplate-line]\npatterns = ['{pattern}']\nmax-chars = 20\n"
            );
            let text =
                "Read more here\n\nRead more about the harbour fees\n\nRead more: ééééééééé\n";
            assert_eq!(
                reported(&lint, text),
                ["Read more here", "Read more: ééééééééé"],
                "{pattern}"
            );
        }
    }
}

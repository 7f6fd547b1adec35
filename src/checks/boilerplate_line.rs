//! `boilerplate-line`: whole lines that are page furniture (navigation, promos, credits) rather
//! than article text.

use serde::Deserialize;
use toml::Spanned;

use super::phrase::invalid_regex;
use super::{Case, Check, Context, Finding, ParamError, PatternBankBuilder, Scope, Sink};

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
}

/// The compiled check.
#[derive(Debug)]
pub struct BoilerplateLine {
    ids: std::ops::Range<usize>,
    max_chars: usize,
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
        bank.line_limit(params.max_chars);
        let mut ids = 0..0;
        for pattern in &params.patterns {
            let id = bank
                .regex(pattern.get_ref(), params.case, Scope::Line, false)
                .map_err(|e| invalid_regex(pattern, e))?;
            ids = if pattern.span() == first.span() {
                id..id + 1
            } else {
                ids.start..id + 1
            };
        }
        Ok(BoilerplateLine {
            ids,
            max_chars: params.max_chars,
        })
    }
}

impl Check for BoilerplateLine {
    fn run(&self, cx: &Context<'_>, sink: &mut Sink) {
        let mut hits: Vec<_> = cx
            .hits
            .of(self.ids.clone())
            .iter()
            .filter(|hit| cx.doc.text[hit.span.clone()].chars().count() <= self.max_chars)
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

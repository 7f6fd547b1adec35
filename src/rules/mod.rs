//! Lint definitions: the TOML schema, loading with spanned errors, and the compiled [`Lint`].

mod template;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub use template::Template;

use crate::checks::{Check, CheckSpec, PatternBankBuilder};
use crate::diagnostic::Severity;

/// The marks that delimit the expected span in a `bad` example.
pub const SPAN_OPEN: char = '⟦';
/// See [`SPAN_OPEN`].
pub const SPAN_CLOSE: char = '⟧';

/// How a lint repairs what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixKind {
    /// Delete the whole line that holds the finding (safe: for known page furniture).
    DeleteLine,
    /// Delete the matched text (safe).
    Delete,
    /// Replace the match with the check's replacement (safe).
    Replace,
    /// Replace the match with the check's replacement once a person approves (unsafe).
    Suggest,
}

impl FixKind {
    /// The name used in TOML.
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::DeleteLine => "delete-line",
            FixKind::Delete => "delete",
            FixKind::Replace => "replace",
            FixKind::Suggest => "suggest",
        }
    }
}

/// One `[[example]]` entry as written in TOML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    bad: Option<String>,
    good: Option<String>,
    fixed: Option<String>,
    names: Option<String>,
}

/// A lint file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLint {
    severity: Severity,
    message: Spanned<String>,
    help: Option<String>,
    what: String,
    why: String,
    fix: Option<FixKind>,
    check: Spanned<CheckSpec>,
    #[serde(default, rename = "example")]
    examples: Vec<Spanned<RawExample>>,
}

/// A validated example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Example {
    /// Text that must give exactly one diagnostic of the lint, at `span` when marked.
    Bad {
        /// The text without the span marks.
        text: String,
        /// The marked span, if any.
        span: Option<Range<usize>>,
        /// The text after applying the fix, if given.
        fixed: Option<String>,
        /// A names file (TOML text) in force for this example.
        names: Option<String>,
    },
    /// Text that must give no diagnostic of the lint.
    Good {
        /// The text.
        text: String,
        /// A names file (TOML text) in force for this example.
        names: Option<String>,
    },
}

impl Example {
    /// The names file in force for this example, if any.
    pub fn names(&self) -> Option<&str> {
        match self {
            Example::Bad { names, .. } | Example::Good { names, .. } => names.as_deref(),
        }
    }
}

/// A loaded, compiled lint.
#[derive(Debug)]
pub struct Lint {
    /// `family/name`, from the file's path.
    pub id: String,
    /// The check kind it binds to.
    pub kind: &'static str,
    /// Severity as defined (configuration may override it per run).
    pub severity: Severity,
    /// The message, with `{placeholders}`.
    pub message: Template,
    /// What to do about a finding.
    pub help: Option<Template>,
    /// What the lint finds.
    pub what: String,
    /// Why that matters.
    pub why: String,
    /// How findings are repaired, if at all.
    pub fix: Option<FixKind>,
    /// Examples that must and must not fire; see [`Lint::examples`].
    examples: Examples,
    /// Where the definition came from (`lints/...` for built-in ones).
    pub origin: PathBuf,
    pub(crate) check: Box<dyn Check>,
}

/// A lint's examples, parsed when the lint loads or, for the built-in lints, when first read:
/// only `explain`, SARIF rule metadata and the tests read them, and they are a third of the
/// TOML every run would otherwise parse.
#[derive(Debug)]
struct Examples {
    parsed: std::sync::OnceLock<Vec<Example>>,
    /// The `[[example]]` tables still to parse.
    pending: &'static str,
    fix: Option<FixKind>,
}

/// The `[[example]]` tables of a built-in lint, split from the rest of its file at build time.
#[derive(Deserialize)]
struct RawExamples {
    #[serde(default, rename = "example")]
    examples: Vec<RawExample>,
}

impl Lint {
    /// Examples that must and must not fire. A built-in lint's examples were checked when
    /// the project's tests ran; one that does not parse is left out here.
    pub fn examples(&self) -> &[Example] {
        let examples = &self.examples;
        examples.parsed.get_or_init(|| {
            toml::from_str::<RawExamples>(examples.pending)
                .map(|raw| {
                    raw.examples
                        .into_iter()
                        .filter_map(|e| parse_example(e, examples.fix).ok())
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// The family: the part of the id before the first `/`.
    pub fn family(&self) -> &str {
        self.id.split('/').next().unwrap_or(&self.id)
    }

    /// The first sentence of `what`, for tables.
    pub fn summary(&self) -> &str {
        let what = self.what.trim();
        match what.find(". ") {
            Some(end) => &what[..=end],
            None => what,
        }
    }
}

/// A lint definition that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The TOML is malformed or does not fit the schema.
    #[error("{origin}: lint `{id}`: {message}")]
    Definition {
        /// The lint's id.
        id: String,
        /// The lint file.
        origin: PathBuf,
        /// Its text, for rendering the error against it.
        text: String,
        /// Where in the text, when known.
        span: Option<Range<usize>>,
        /// What is wrong.
        message: String,
    },
    /// A lint folder or file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Two definitions share an id.
    #[error("{origin}: lint `{id}` is already defined by {first}")]
    Duplicate {
        /// The id.
        id: String,
        /// The first definition.
        first: PathBuf,
        /// The second one.
        origin: PathBuf,
    },
}

/// Parses and compiles one lint definition.
pub fn load_lint(
    id: &str,
    origin: &Path,
    text: &str,
    bank: &mut PatternBankBuilder,
) -> Result<Lint, LoadError> {
    load_split(id, origin, text, "", bank)
}

/// Loads a lint whose `[[example]]` tables are kept apart from `text` as `pending`, parsed
/// only when read (the built-in lints); with `pending` empty this is [`load_lint`].
pub(crate) fn load_split(
    id: &str,
    origin: &Path,
    text: &str,
    pending: &'static str,
    bank: &mut PatternBankBuilder,
) -> Result<Lint, LoadError> {
    let fail = |span: Option<Range<usize>>, message: String| LoadError::Definition {
        id: id.to_string(),
        origin: origin.to_path_buf(),
        text: text.to_string(),
        span,
        message,
    };
    if !valid_id(id) {
        return Err(fail(
            None,
            format!(
                "lint id `{id}` must be `family/name` in lowercase letters, digits and hyphens"
            ),
        ));
    }
    let raw: RawLint = toml::from_str(text).map_err(|e| fail(e.span(), e.message().to_string()))?;
    let check_span = raw.check.span();
    let spec = raw.check.into_inner();
    let kind = spec.kind();
    let check = spec
        .compile(bank)
        .map_err(|e| fail(e.span.or(Some(check_span.clone())), e.message))?;
    let message_span = raw.message.span();
    let message =
        Template::parse(raw.message.get_ref()).map_err(|m| fail(Some(message_span), m))?;
    if message.is_empty() {
        return Err(fail(Some(raw.message.span()), "`message` is empty".into()));
    }
    let help = raw
        .help
        .as_deref()
        .map(Template::parse)
        .transpose()
        .map_err(|m| fail(None, format!("in `help`: {m}")))?;
    let mut parsed = Vec::with_capacity(raw.examples.len());
    for example in raw.examples {
        let span = example.span();
        parsed.push(parse_example(example.into_inner(), raw.fix).map_err(|m| fail(Some(span), m))?);
    }
    let examples = Examples {
        parsed: std::sync::OnceLock::new(),
        pending,
        fix: raw.fix,
    };
    if pending.is_empty() {
        let _ = examples.parsed.set(parsed);
    }
    Ok(Lint {
        id: id.to_string(),
        kind,
        severity: raw.severity,
        message,
        help,
        what: raw.what,
        why: raw.why,
        fix: raw.fix,
        examples,
        origin: origin.to_path_buf(),
        check,
    })
}

fn valid_id(id: &str) -> bool {
    let mut parts = id.split('/');
    let ok = |part: Option<&str>| {
        part.is_some_and(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
    };
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

fn parse_example(raw: RawExample, fix: Option<FixKind>) -> Result<Example, String> {
    match (raw.bad, raw.good) {
        (Some(bad), None) => {
            if raw.fixed.is_some() && fix.is_none() {
                return Err("example has `fixed` but the lint has no `fix`".into());
            }
            let (text, span) = strip_marks(&bad)?;
            Ok(Example::Bad {
                text,
                span,
                fixed: raw.fixed,
                names: raw.names,
            })
        }
        (None, Some(good)) => {
            if raw.fixed.is_some() {
                return Err("`fixed` belongs to a `bad` example".into());
            }
            if good.contains([SPAN_OPEN, SPAN_CLOSE]) {
                return Err("a `good` example has no span marks".into());
            }
            Ok(Example::Good {
                text: good,
                names: raw.names,
            })
        }
        (Some(_), Some(_)) => Err("an example is either `bad` or `good`, not both".into()),
        (None, None) => Err("an example needs `bad` or `good`".into()),
    }
}

/// Removes one pair of ⟦ ⟧ marks, returning the text and the byte span they enclosed.
pub fn strip_marks(marked: &str) -> Result<(String, Option<Range<usize>>), String> {
    let opens = marked.matches(SPAN_OPEN).count();
    let closes = marked.matches(SPAN_CLOSE).count();
    match (opens, closes) {
        (0, 0) => Ok((marked.to_string(), None)),
        (1, 1) => {
            let start = marked.find(SPAN_OPEN).unwrap_or(0);
            let close = marked.find(SPAN_CLOSE).unwrap_or(0);
            if close < start {
                return Err("`⟧` comes before `⟦`".into());
            }
            let end = close - SPAN_OPEN.len_utf8();
            let text = marked
                .replacen(SPAN_OPEN, "", 1)
                .replacen(SPAN_CLOSE, "", 1);
            Ok((text, Some(start..end)))
        }
        _ => Err("a `bad` example marks at most one span with one `⟦` and one `⟧`".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every built-in lint is embedded without its examples, and the examples it parses when
    /// first asked are the ones its whole file gives.
    #[test]
    fn built_in_examples_load_apart_and_equal_the_whole_file() {
        for (id, origin, rules, examples) in crate::engine::BUILTIN_LINTS {
            assert!(!rules.contains("[[example]]"), "{id} embeds its examples");
            let mut bank = PatternBankBuilder::default();
            let apart = load_split(id, Path::new(origin), rules, examples, &mut bank).unwrap();
            let whole = format!("{rules}{examples}");
            let at_once = load_lint(id, Path::new(origin), &whole, &mut bank).unwrap();
            assert!(
                apart.examples.parsed.get().is_none(),
                "{id}: parsed at load"
            );
            assert!(apart.examples().len() >= 6, "{id}");
            assert_eq!(apart.examples(), at_once.examples(), "{id}");
        }
    }

    #[test]
    fn marks_are_stripped_to_a_byte_span() {
        let (text, span) = strip_marks("a ⟦bé⟧ c").unwrap();
        assert_eq!(text, "a bé c");
        assert_eq!(&text[span.unwrap()], "bé");
        assert!(strip_marks("⟦a⟦b⟧").is_err());
        assert!(strip_marks("⟧a⟦").is_err());
    }

    #[test]
    fn ids_are_family_slash_name() {
        assert!(valid_id("boilerplate/read-more-link"));
        assert!(!valid_id("Boilerplate/x"));
        assert!(!valid_id("a/b/c"));
        assert!(!valid_id("noslash"));
    }
}

//! `copydesk.toml`: project configuration. Every field is optional and unknown keys are errors
//! that point at the line. The command line overrides the nearest file, which overrides the
//! defaults.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::Severity;
use crate::engine::{Ruleset, Selection};
use crate::rules::Lint;

/// The file name looked for in each folder from the linted path up to the root.
pub const CONFIG_FILE: &str = "copydesk.toml";

/// The severity at or above which findings fail a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Any finding fails the run.
    Info,
    /// Warnings and errors fail the run.
    Warning,
    /// Only errors fail the run.
    Error,
    /// Findings never fail the run.
    Never,
}

impl FailOn {
    /// The lowest failing severity, or `None` for `never`.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Info => Some(Severity::Info),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
    fail_on: Option<FailOn>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    lints: Vec<String>,
    names: Option<String>,
    max_file_size: Option<ByteSize>,
    #[serde(default)]
    overrides: Vec<Spanned<RawOverride>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    paths: Vec<String>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Severity>,
}

/// A lint selector: a lint id or a family, with its place in the configuration when it came
/// from a file.
#[derive(Clone, Debug)]
pub struct Selector {
    /// The id or family as written.
    pub name: String,
    /// Byte span in the configuration file, if it came from one.
    pub span: Option<Range<usize>>,
}

impl Selector {
    /// A selector given on the command line.
    pub fn cli(name: &str) -> Selector {
        Selector {
            name: name.to_string(),
            span: None,
        }
    }

    fn spanned(s: &Spanned<String>) -> Selector {
        Selector {
            name: s.get_ref().clone(),
            span: Some(s.span()),
        }
    }

    /// Whether it names this lint or the lint's family.
    pub fn matches(&self, id: &str) -> bool {
        id == self.name
            || id
                .strip_prefix(self.name.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// One layer of lint choices: the file's top level, an override, or the command line.
#[derive(Clone, Debug, Default)]
pub struct Choice {
    /// When given, only these lints run (before `extend-select` and `ignore`).
    pub select: Option<Vec<Selector>>,
    /// Lints added to the selection.
    pub extend_select: Vec<Selector>,
    /// Lints removed from the selection.
    pub ignore: Vec<Selector>,
    /// Severity overrides.
    pub severity: Vec<(Selector, Severity)>,
}

impl Choice {
    fn from_raw(
        select: Option<Vec<Spanned<String>>>,
        extend_select: Vec<Spanned<String>>,
        ignore: Vec<Spanned<String>>,
        severity: BTreeMap<Spanned<String>, Severity>,
    ) -> Choice {
        let list = |v: Vec<Spanned<String>>| v.iter().map(Selector::spanned).collect();
        Choice {
            select: select.map(list),
            extend_select: list(extend_select),
            ignore: list(ignore),
            severity: severity
                .into_iter()
                .map(|(k, v)| (Selector::spanned(&k), v))
                .collect(),
        }
    }

    fn selectors(&self) -> impl Iterator<Item = &Selector> {
        self.select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
            .chain(self.severity.iter().map(|(s, _)| s))
    }

    /// Applies this layer on top of `selection`.
    pub fn apply(&self, lints: &[Lint], selection: &mut Selection) {
        for (index, lint) in lints.iter().enumerate() {
            let id = lint.id.as_str();
            let any = |list: &[Selector]| list.iter().any(|s| s.matches(id));
            if let Some(select) = &self.select {
                selection.set_enabled(index, any(select));
            }
            if any(&self.extend_select) {
                selection.set_enabled(index, true);
            }
            if any(&self.ignore) {
                selection.set_enabled(index, false);
            }
            // The most specific entry wins: a lint id over its family.
            let severity = self
                .severity
                .iter()
                .filter(|(s, _)| s.matches(id))
                .max_by_key(|(s, _)| s.name.len());
            if let Some((_, severity)) = severity {
                selection.set_severity(index, *severity);
            }
        }
    }

    /// The first selector that names no loaded lint or family.
    pub fn unknown<'a>(&'a self, ruleset: &Ruleset) -> Option<&'a Selector> {
        self.selectors()
            .find(|s| !ruleset.lints().iter().any(|l| s.matches(&l.id)))
    }
}

/// The largest file linted when neither `max-file-size` nor `--max-file-size` says otherwise:
/// far beyond any article (a long feature is well under 1 MiB), yet a bound on the memory one
/// file can take.
pub const DEFAULT_MAX_FILE_SIZE: ByteSize = ByteSize(32 << 20);

/// A size in bytes. Written as a whole number of bytes (`33554432`) or a whole number and a
/// unit (`"32MiB"`, `"500 KB"`): B, KB, MB, GB are powers of 1000 and KiB, MiB, GiB powers of
/// 1024, in any letter case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ByteSize(pub u64);

/// The largest `max-file-size`: 4 GiB.
const MAX_FILE_SIZE: u64 = 4 << 30;

const UNITS: &[(&str, u64)] = &[
    ("", 1),
    ("b", 1),
    ("kb", 1000),
    ("mb", 1000 * 1000),
    ("gb", 1000 * 1000 * 1000),
    ("kib", 1 << 10),
    ("mib", 1 << 20),
    ("gib", 1 << 30),
];

impl ByteSize {
    /// The size as a `usize`, saturating on targets where it does not fit.
    pub fn as_usize(self) -> usize {
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }

    fn from_count(bytes: u64) -> Result<ByteSize, String> {
        if bytes == 0 {
            return Err("a size limit must be at least 1 byte".into());
        }
        // Token offsets are 32-bit (`document::MAX_TOKENIZED_BYTES`).
        if bytes > MAX_FILE_SIZE {
            return Err(
                "a size limit can be at most 4 GiB, the largest file copydesk lints".into(),
            );
        }
        Ok(ByteSize(bytes))
    }
}

impl std::str::FromStr for ByteSize {
    type Err = String;

    fn from_str(text: &str) -> Result<ByteSize, String> {
        let invalid = || {
            format!(
                "invalid size \"{text}\": write a whole number of bytes or a whole number with a \
                 unit (KB, MB, GB, KiB, MiB, GiB), e.g. \"32MiB\""
            )
        };
        let trimmed = text.trim();
        let digits = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (number, unit) = trimmed.split_at(digits);
        let number: u64 = number.parse().map_err(|_| invalid())?;
        let unit = unit.trim_start().to_ascii_lowercase();
        let (_, scale) = UNITS
            .iter()
            .find(|(name, _)| *name == unit)
            .ok_or_else(invalid)?;
        let bytes = number
            .checked_mul(*scale)
            .ok_or_else(|| format!("size \"{text}\" is too large"))?;
        ByteSize::from_count(bytes)
    }
}

impl std::fmt::Display for ByteSize {
    /// The largest unit that states the size exactly (`32 MiB`, `32 MB`), else the bytes and,
    /// from 1 KiB, a rounded figure to read them by (`300000001 bytes (286.1 MiB)`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const EXACT: [(&str, u64); 6] = [
            ("GiB", 1 << 30),
            ("GB", 1_000_000_000),
            ("MiB", 1 << 20),
            ("MB", 1_000_000),
            ("KiB", 1 << 10),
            ("KB", 1000),
        ];
        let bytes = self.0;
        if let Some((unit, scale)) = EXACT
            .iter()
            .find(|(_, s)| bytes >= *s && bytes.is_multiple_of(*s))
        {
            return write!(f, "{} {unit}", bytes / scale);
        }
        write!(f, "{bytes} byte{}", if bytes == 1 { "" } else { "s" })?;
        let binary = EXACT.iter().step_by(2).find(|(_, s)| bytes >= *s);
        match binary {
            Some((unit, scale)) => write!(f, " ({:.1} {unit})", bytes as f64 / *scale as f64),
            None => Ok(()),
        }
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ByteSize, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ByteSize;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number of bytes or a size such as \"32MiB\"")
            }

            fn visit_i64<E: serde::de::Error>(self, bytes: i64) -> Result<ByteSize, E> {
                let bytes = u64::try_from(bytes)
                    .map_err(|_| E::custom("a size limit must be at least 1 byte"))?;
                ByteSize::from_count(bytes).map_err(E::custom)
            }

            fn visit_u64<E: serde::de::Error>(self, bytes: u64) -> Result<ByteSize, E> {
                ByteSize::from_count(bytes).map_err(E::custom)
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<ByteSize, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// An override for files matching `paths`.
#[derive(Debug)]
pub struct Override {
    /// The globs as written, relative to the configuration's folder.
    pub paths: Vec<String>,
    set: GlobSet,
    /// The lint choices for those files.
    pub choice: Choice,
}

/// A loaded configuration (or the defaults, when no file was found).
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from.
    pub path: Option<PathBuf>,
    /// The folder paths in it are relative to.
    pub dir: PathBuf,
    text: String,
    /// Top-level lint choices.
    pub choice: Choice,
    /// Failure threshold.
    pub fail_on: Option<FailOn>,
    /// Walk filters.
    pub include: Vec<String>,
    /// Walk filters.
    pub exclude: Vec<String>,
    /// Lint packs to load beside the built-in lints, resolved against `dir`.
    pub lints: Vec<PathBuf>,
    /// The known-names file, resolved against `dir`.
    pub names: Option<PathBuf>,
    /// Files larger than this are refused unread; `None` means the default.
    pub max_file_size: Option<ByteSize>,
    /// Per-path overrides, applied in order.
    pub overrides: Vec<Override>,
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// Its text, for rendering the error against it.
    pub text: String,
    /// Where, when known.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
}

impl Config {
    /// Finds the nearest `copydesk.toml` in `start` (or its folder, for a file) and its parents.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(start).ok()?;
        let mut dir = if absolute.is_dir() {
            Some(absolute.as_path())
        } else {
            absolute.parent()
        };
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent();
        }
        None
    }

    /// Reads and validates the shape of a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let fail = |text: &str, span: Option<Range<usize>>, message: String| ConfigError {
            path: path.to_path_buf(),
            text: text.to_string(),
            span,
            message,
        };
        if path.is_dir() {
            return Err(fail(
                "",
                None,
                "is a folder, not a configuration file".into(),
            ));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| fail("", None, format!("cannot read: {e}")))?;
        let raw: RawConfig =
            toml::from_str(&text).map_err(|e| fail(&text, e.span(), e.message().to_string()))?;
        let dir = std::path::absolute(path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let mut overrides = Vec::new();
        for spanned in raw.overrides {
            let span = spanned.span();
            let o = spanned.into_inner();
            let set = globs(&o.paths).map_err(|e| {
                fail(
                    &text,
                    Some(span.clone()),
                    format!("bad glob in `paths`: {e}"),
                )
            })?;
            overrides.push(Override {
                paths: o.paths,
                set,
                choice: Choice::from_raw(o.select, o.extend_select, o.ignore, o.severity),
            });
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            lints: raw.lints.iter().map(|p| dir.join(p)).collect(),
            names: raw.names.as_ref().map(|p| dir.join(p)),
            dir,
            choice: Choice::from_raw(raw.select, raw.extend_select, raw.ignore, raw.severity),
            fail_on: raw.fail_on,
            include: raw.include,
            exclude: raw.exclude,
            max_file_size: raw.max_file_size,
            overrides,
            text,
        })
    }

    /// Checks that every lint id and family named in the file exists in `ruleset`.
    pub fn validate(&self, ruleset: &Ruleset) -> Result<(), ConfigError> {
        let layers = std::iter::once(&self.choice).chain(self.overrides.iter().map(|o| &o.choice));
        for choice in layers {
            if let Some(unknown) = choice.unknown(ruleset) {
                return Err(ConfigError {
                    path: self.path.clone().unwrap_or_default(),
                    text: self.text.clone(),
                    span: unknown.span.clone(),
                    message: format!("unknown lint or family `{}`", unknown.name),
                });
            }
        }
        Ok(())
    }

    /// The lints and severities for `file`: defaults, then this file's choices, then each
    /// matching override, then the command line.
    pub fn selection(&self, ruleset: &Ruleset, file: &Path, cli: &Choice) -> Selection {
        let mut selection = ruleset.default_selection();
        self.choice.apply(ruleset.lints(), &mut selection);
        let relative = std::path::absolute(file)
            .ok()
            .and_then(|abs| abs.strip_prefix(&self.dir).ok().map(Path::to_path_buf));
        if let Some(relative) = relative {
            for o in self.overrides.iter().filter(|o| o.set.is_match(&relative)) {
                o.choice.apply(ruleset.lints(), &mut selection);
            }
        }
        cli.apply(ruleset.lints(), &mut selection);
        selection
    }
}

fn globs(patterns: &[String]) -> Result<GlobSet, globset::Error> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(Glob::new(pattern)?);
        // "drafts/**" should also match "drafts" itself; "drafts" everything below it.
        if !pattern.contains('*') {
            builder.add(Glob::new(&format!("{}/**", pattern.trim_end_matches('/')))?);
        }
    }
    builder.build()
}

/// The commented starter file written by `copydesk init`.
pub const STARTER: &str = r#"# copydesk configuration. Every key is optional; the command line overrides this file.
# Found by looking in the linted path's folder and each parent up to the root; the nearest wins.

# Lints to run, by id or family ("boilerplate", "consistency/name-variant"). Default: all.
# select = ["truncation", "consistency", "attribution", "boilerplate"]
# extend-select = []
# ignore = ["attribution/reportedly"]

# The lowest severity that makes `copydesk check` exit 1: info, warning (default), error, never.
# fail-on = "warning"

# Which files a folder walk takes (globs). Default: *.txt, *.md, *.markdown.
# include = ["*.md"]
# exclude = ["archive/**"]

# The team's own lint packs: folders laid out as <family>/<name>.toml.
# lints = ["style/lints"]

# Known people, organisations and places, their spellings and titles.
# names = "names.toml"

# Larger files (and standard input, and NDJSON records) are refused unread, so one stray dump
# cannot take the memory of a run. Bytes, or a number and a unit: KB, MB, GB, KiB, MiB, GiB.
# max-file-size = "32MiB"

# Per-lint severity: error, warning or info.
# [severity]
# "attribution/vague-source" = "error"

# Looser or stricter rules for some paths (globs relative to this file), applied in order.
# [[overrides]]
# paths = ["drafts/**"]
# ignore = ["attribution"]
# severity = { "boilerplate" = "info" }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_parses() {
        let raw: Result<RawConfig, _> = toml::from_str(STARTER);
        assert!(raw.is_ok(), "{raw:?}");
        let uncommented: String = STARTER
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ") || r.starts_with('['))
                    .unwrap_or("")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let raw: Result<RawConfig, _> = toml::from_str(&uncommented);
        assert!(
            raw.is_ok(),
            "every commented key is valid: {raw:?}\n{uncommented}"
        );
    }

    #[test]
    fn sizes_read_as_bytes_or_with_a_unit_and_print_exactly() {
        for (text, bytes) in [
            ("1", 1),
            ("33554432", 32 << 20),
            ("32MiB", 32 << 20),
            ("32 mib", 32 << 20),
            ("32MB", 32_000_000),
            ("500 KB", 500_000),
            ("2GiB", 2 << 30),
            ("4GiB", 4 << 30),
            ("10b", 10),
        ] {
            assert_eq!(text.parse::<ByteSize>(), Ok(ByteSize(bytes)), "{text}");
        }
        for bad in [
            "",
            "0",
            "MiB",
            "1.5MiB",
            "-3",
            "32 MiBs",
            "32 TB",
            "99999999999GiB",
            "5GiB",
            "4294967297",
        ] {
            assert!(bad.parse::<ByteSize>().is_err(), "{bad:?} is refused");
        }
        let shown: Vec<String> = [32 << 20, 3 << 30, 32_000_000, 1536, 300_000_001, 1023, 1]
            .into_iter()
            .map(|b| ByteSize(b).to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "32 MiB",
                "3 GiB",
                "32 MB",
                "1536 bytes (1.5 KiB)",
                "300000001 bytes (286.1 MiB)",
                "1023 bytes",
                "1 byte",
            ]
            .map(String::from)
        );
    }

    #[test]
    fn selectors_match_ids_and_families() {
        let s = Selector::cli("boilerplate");
        assert!(s.matches("boilerplate/read-more-link"));
        assert!(!s.matches("boilerplates/x"));
        assert!(Selector::cli("truncation/doubled-word").matches("truncation/doubled-word"));
    }
}

/// Why a project's configuration could not be used.
#[derive(Debug)]
pub enum ProjectError {
    /// A configuration file is malformed or names unknown lints.
    Config(ConfigError),
    /// Lint definitions (built-in, `--lints` or a configured pack) failed to load.
    Lints(Vec<crate::rules::LoadError>),
}

/// A configuration with the ruleset compiled for it (built-in lints, the command line's packs
/// and its own packs).
#[derive(Debug)]
pub struct Resolved {
    /// The configuration.
    pub config: Config,
    /// Its lints.
    pub ruleset: Ruleset,
}

/// How configuration is found for a run.
#[derive(Clone, Debug)]
pub enum Discovery {
    /// The nearest `copydesk.toml` above each file.
    Nearest,
    /// One file for everything (`--config`).
    File(PathBuf),
    /// No file at all (`--isolated`).
    Isolated,
}

/// Every configuration a run meets, each compiled once, looked up per folder.
#[derive(Debug)]
pub struct Project {
    discovery: Discovery,
    extra_lints: Vec<PathBuf>,
    cli: Choice,
    resolved: Vec<Resolved>,
    by_file: std::collections::HashMap<Option<PathBuf>, usize>,
    by_dir: std::collections::HashMap<PathBuf, usize>,
}

impl Project {
    /// A project with the command line's lint packs and lint choices.
    pub fn new(discovery: Discovery, extra_lints: Vec<PathBuf>, cli: Choice) -> Project {
        Project {
            discovery,
            extra_lints,
            cli,
            resolved: Vec::new(),
            by_file: Default::default(),
            by_dir: Default::default(),
        }
    }

    /// The configuration that governs `path` (a file, a folder or a name for standard input),
    /// loading and compiling it the first time it is met.
    pub fn resolve(&mut self, path: &Path) -> Result<usize, ProjectError> {
        let dir = std::path::absolute(path)
            .ok()
            .map(|p| {
                if p.is_dir() {
                    p
                } else {
                    p.parent().map(Path::to_path_buf).unwrap_or(p)
                }
            })
            .unwrap_or_default();
        if let Some(&index) = self.by_dir.get(&dir) {
            return Ok(index);
        }
        let file = match &self.discovery {
            Discovery::Nearest => Config::discover(&dir),
            Discovery::File(file) => Some(file.clone()),
            Discovery::Isolated => None,
        };
        let index = match self.by_file.get(&file) {
            Some(&index) => index,
            None => {
                let resolved = self.compile(file.as_deref())?;
                self.resolved.push(resolved);
                self.by_file.insert(file, self.resolved.len() - 1);
                self.resolved.len() - 1
            }
        };
        self.by_dir.insert(dir, index);
        Ok(index)
    }

    fn compile(&self, file: Option<&Path>) -> Result<Resolved, ProjectError> {
        let config = match file {
            Some(file) => Config::load(file).map_err(ProjectError::Config)?,
            None => Config::default(),
        };
        let packs: Vec<PathBuf> = self
            .extra_lints
            .iter()
            .chain(&config.lints)
            .cloned()
            .collect();
        let mut ruleset = Ruleset::load(&packs).map_err(ProjectError::Lints)?;
        if let Some(path) = &config.names {
            let names = crate::names::Names::load(path).map_err(|e| {
                ProjectError::Config(ConfigError {
                    path: e.path,
                    text: e.text,
                    span: e.span,
                    message: format!("in the names file: {}", e.message),
                })
            })?;
            ruleset.set_names(names);
        }
        config.validate(&ruleset).map_err(ProjectError::Config)?;
        if let Some(unknown) = self.cli.unknown(&ruleset) {
            return Err(ProjectError::Config(ConfigError {
                path: PathBuf::from("command line"),
                text: String::new(),
                span: None,
                message: format!("unknown lint or family `{}`", unknown.name),
            }));
        }
        Ok(Resolved { config, ruleset })
    }

    /// A resolved configuration by index.
    pub fn get(&self, index: usize) -> &Resolved {
        &self.resolved[index]
    }

    /// The lint selection for `file` under configuration `index`.
    pub fn selection(&self, index: usize, file: &Path) -> Selection {
        let resolved = &self.resolved[index];
        resolved
            .config
            .selection(&resolved.ruleset, file, &self.cli)
    }
}

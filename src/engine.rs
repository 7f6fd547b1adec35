//! The ruleset and the run of its lints over documents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::checks::{Context, PatternBank, PatternBankBuilder, Sink};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
use crate::document::Document;
use crate::rules::{FixKind, Lint, LoadError, load_split};
use crate::source::{Format, LineIndex};
use crate::suppress;

include!(concat!(env!("OUT_DIR"), "/builtin_lints.rs"));

/// A set of compiled lints sharing one pattern bank.
#[derive(Debug)]
pub struct Ruleset {
    lints: Vec<Lint>,
    selection: Selection,
    bank: PatternBank,
    names: crate::names::Names,
}

/// Which lints run and at what severity: the part of a run that configuration decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    enabled: Vec<bool>,
    severity: Vec<Severity>,
    /// Report suppression directives that silenced nothing.
    pub report_unused_directives: bool,
}

impl Selection {
    /// Turns the lint at `index` (in [`Ruleset::lints`] order) on or off.
    pub fn set_enabled(&mut self, index: usize, enabled: bool) {
        if let Some(slot) = self.enabled.get_mut(index) {
            *slot = enabled;
        }
    }

    /// Sets the severity of the lint at `index`.
    pub fn set_severity(&mut self, index: usize, severity: Severity) {
        if let Some(slot) = self.severity.get_mut(index) {
            *slot = severity;
        }
    }

    /// Whether the lint at `index` runs.
    pub fn is_enabled(&self, index: usize) -> bool {
        self.enabled.get(index).copied().unwrap_or(false)
    }

    /// The severity of the lint at `index`.
    pub fn severity(&self, index: usize) -> Option<Severity> {
        self.severity.get(index).copied()
    }
}

/// A lint definition waiting to be compiled: id, origin and TOML text; a built-in lint's
/// `[[example]]` tables come apart from the rest.
struct Definition {
    id: String,
    origin: PathBuf,
    text: String,
    /// A built-in lint's `[[example]]` tables, kept apart; empty for a project's lints,
    /// whose examples are in `text`.
    examples: &'static str,
}

impl Ruleset {
    /// The lints built into the binary.
    pub fn builtin() -> Result<Ruleset, Vec<LoadError>> {
        Ruleset::load(&[])
    }

    /// The built-in lints plus every `<family>/<name>.toml` under each of `dirs`.
    pub fn load(dirs: &[PathBuf]) -> Result<Ruleset, Vec<LoadError>> {
        let mut definitions: Vec<Definition> = BUILTIN_LINTS
            .iter()
            .map(|(id, origin, text, examples)| Definition {
                id: id.to_string(),
                origin: PathBuf::from(origin),
                text: text.to_string(),
                examples,
            })
            .collect();
        let mut errors = Vec::new();
        for dir in dirs {
            read_dir_definitions(dir, &mut definitions, &mut errors);
        }
        Ruleset::compile(definitions, errors)
    }

    /// Compiles a single lint from TOML text, alone in its ruleset: for tests and tools.
    pub fn from_toml(id: &str, text: &str) -> Result<Ruleset, Vec<LoadError>> {
        let definition = Definition {
            id: id.to_string(),
            origin: PathBuf::from(format!("{id}.toml")),
            text: text.to_string(),
            examples: "",
        };
        Ruleset::compile(vec![definition], Vec::new())
    }

    fn compile(
        definitions: Vec<Definition>,
        mut errors: Vec<LoadError>,
    ) -> Result<Ruleset, Vec<LoadError>> {
        let mut builder = PatternBankBuilder::default();
        let mut lints: Vec<Lint> = Vec::new();
        let mut seen: HashMap<String, PathBuf> = HashMap::new();
        for definition in definitions {
            if let Some(first) = seen.get(&definition.id) {
                errors.push(LoadError::Duplicate {
                    id: definition.id,
                    first: first.clone(),
                    origin: definition.origin,
                });
                continue;
            }
            match load_split(
                &definition.id,
                &definition.origin,
                &definition.text,
                definition.examples,
                &mut builder,
            ) {
                Ok(lint) => {
                    seen.insert(lint.id.clone(), lint.origin.clone());
                    lints.push(lint);
                }
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let bank = builder.build().map_err(|message| {
            vec![LoadError::Definition {
                id: "*".into(),
                origin: PathBuf::from("lints"),
                text: String::new(),
                span: None,
                message: format!("the shared pattern set does not compile: {message}"),
            }]
        })?;
        lints.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Ruleset {
            selection: Selection {
                enabled: vec![true; lints.len()],
                severity: lints.iter().map(|l| l.severity).collect(),
                report_unused_directives: false,
            },
            lints,
            bank,
            names: crate::names::Names::default(),
        })
    }

    /// The shared pattern bank.
    #[cfg(test)]
    pub(crate) fn bank(&self) -> &PatternBank {
        &self.bank
    }

    /// Every loaded lint, sorted by id.
    pub fn lints(&self) -> &[Lint] {
        &self.lints
    }

    /// Looks a lint up by id.
    pub fn get(&self, id: &str) -> Option<&Lint> {
        self.lints.iter().find(|l| l.id == id)
    }

    /// Teaches the checks the project's known names.
    pub fn set_names(&mut self, names: crate::names::Names) {
        self.names = names;
    }

    /// The project's known names.
    pub fn names(&self) -> &crate::names::Names {
        &self.names
    }

    /// Every lint on, at the severity its definition gives.
    pub fn default_selection(&self) -> Selection {
        Selection {
            enabled: vec![true; self.lints.len()],
            severity: self.lints.iter().map(|l| l.severity).collect(),
            report_unused_directives: false,
        }
    }

    /// Enables exactly the lints for which `keep` is true in the ruleset's own selection, which
    /// [`Ruleset::lint_text`] uses.
    pub fn select(&mut self, keep: impl Fn(&Lint) -> bool) {
        for (index, lint) in self.lints.iter().enumerate() {
            self.selection.set_enabled(index, keep(lint));
        }
    }

    /// Whether a lint runs in the ruleset's own selection.
    pub fn is_enabled(&self, id: &str) -> bool {
        self.lints
            .iter()
            .position(|l| l.id == id)
            .is_some_and(|i| self.selection.is_enabled(i))
    }

    /// Lints `source` as a document of `format` with the ruleset's own selection.
    pub fn lint_text(&self, source: &str, format: Format) -> Vec<Diagnostic> {
        self.lint_text_with(source, format, &self.selection)
    }

    /// Lints `source` as a document of `format` with the given selection.
    pub fn lint_text_with(
        &self,
        source: &str,
        format: Format,
        selection: &Selection,
    ) -> Vec<Diagnostic> {
        let doc = Document::parse(source, format);
        self.lint_document(&doc, selection)
    }

    /// Runs every selected lint over an analysed document; the result is sorted by offset and id.
    pub fn lint_document(&self, doc: &Document<'_>, selection: &Selection) -> Vec<Diagnostic> {
        if !self
            .lints
            .iter()
            .enumerate()
            .any(|(i, _)| selection.is_enabled(i))
        {
            return Vec::new();
        }
        let hits = self.bank.scan(doc);
        let cx = Context {
            doc,
            hits: &hits,
            names: &self.names,
        };
        let lines = LineIndex::new(doc.source);
        let mut sink = Sink::default();
        let mut out = Vec::new();
        for (index, lint) in self.lints.iter().enumerate() {
            let (true, Some(severity)) = (selection.is_enabled(index), selection.severity(index))
            else {
                continue;
            };
            lint.check.run(&cx, &mut sink);
            for finding in sink.take() {
                out.push(self.diagnostic(lint, severity, finding, doc.source, &lines));
            }
        }
        let out = settle(out);
        let directives = suppress::document_directives(doc.source, doc.format == Format::Markdown);
        if directives.is_empty() {
            return out;
        }
        let known = |name: &str| {
            self.lints.iter().any(|l| {
                l.id == name || l.id.strip_prefix(name).is_some_and(|r| r.starts_with('/'))
            })
        };
        let report =
            |span: std::ops::Range<usize>, severity: Severity, message: String| Diagnostic {
                lint: suppress::DIRECTIVE_LINT.to_string(),
                severity,
                message,
                start: lines.position(doc.source, span.start),
                end: lines.position(doc.source, span.end),
                matched: doc.source[span.clone()].to_string(),
                span,
                labels: Vec::new(),
                help: Some(
                    "name a lint id or family that `copydesk rules` lists, or remove the directive"
                        .into(),
                ),
                fix: None,
            };
        settle(suppress::apply(
            out,
            &directives,
            known,
            selection.report_unused_directives,
            report,
        ))
    }

    fn diagnostic(
        &self,
        lint: &Lint,
        severity: Severity,
        finding: crate::checks::Finding,
        source: &str,
        lines: &LineIndex,
    ) -> Diagnostic {
        let span = finding.span.clone();
        let matched = source[span.clone()].to_string();
        let lookup = |name: &str| -> Option<&str> {
            if name == "match" {
                return Some(matched.as_str());
            }
            finding
                .vars
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let message = lint.message.render(lookup);
        let help = lint.help.as_ref().map(|h| h.render(lookup));
        let fix = lint
            .fix
            .and_then(|kind| build_fix(kind, &finding, source, lines));
        Diagnostic {
            lint: lint.id.clone(),
            severity,
            message,
            start: lines.position(source, span.start),
            end: lines.position(source, span.end),
            span,
            labels: finding
                .labels
                .into_iter()
                .map(|(span, message)| Label {
                    start: lines.position(source, span.start),
                    end: lines.position(source, span.end),
                    span,
                    message,
                })
                .collect(),
            matched,
            help,
            fix,
        }
    }
}

/// Sorts diagnostics by offset then lint id, and reports each damaged place once: where several
/// lints flag the same span, the most severe (then the first by id) speaks for it.
fn settle(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| {
        (
            a.span.start,
            a.span.end,
            std::cmp::Reverse(a.severity),
            &a.lint,
        )
            .cmp(&(
                b.span.start,
                b.span.end,
                std::cmp::Reverse(b.severity),
                &b.lint,
            ))
    });
    diagnostics.dedup_by(|later, earlier| later.span == earlier.span);
    diagnostics.sort_by(|a, b| {
        (a.span.start, &a.lint, a.span.end).cmp(&(b.span.start, &b.lint, b.span.end))
    });
    diagnostics
}

fn build_fix(
    kind: FixKind,
    finding: &crate::checks::Finding,
    source: &str,
    lines: &LineIndex,
) -> Option<Fix> {
    let (applicability, span, replacement) = match kind {
        FixKind::DeleteLine => (
            Applicability::Safe,
            line_deletion(source, &finding.span),
            String::new(),
        ),
        FixKind::Delete => (Applicability::Safe, finding.span.clone(), String::new()),
        FixKind::Replace => (
            Applicability::Safe,
            finding.span.clone(),
            finding.replacement.clone()?,
        ),
        FixKind::Suggest => (
            Applicability::Unsafe,
            finding.span.clone(),
            finding.replacement.clone()?,
        ),
    };
    let edit = Edit {
        start: lines.position(source, span.start),
        end: lines.position(source, span.end),
        span,
        replacement,
    };
    Some(Fix {
        applicability,
        edits: vec![edit],
    })
}

/// The bytes to delete to remove the lines holding `span`: the lines with their line break, and
/// the blank line after them when they stood alone between blank lines, so no double gap is left
/// behind. At the end of the file the blank lines above go instead, keeping a final line break.
fn line_deletion(source: &str, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let line_end = |from: usize| {
        source[from..]
            .find('\n')
            .map_or(source.len(), |i| from + i + 1)
    };
    let start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let mut end = line_end(span.end);
    if end == source.len() {
        let kept = source[..start].trim_end().len();
        let newline = usize::from(kept > 0 && source.ends_with('\n'));
        return (kept + newline).min(start)..end;
    }
    let alone_above = start == 0
        || source[..start - 1]
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty());
    let next = line_end(end);
    if alone_above && source[end..next].trim().is_empty() {
        end = next;
    }
    start..end
}

fn read_dir_definitions(dir: &Path, out: &mut Vec<Definition>, errors: &mut Vec<LoadError>) {
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(true);
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                errors.push(LoadError::Io {
                    path: error.path().unwrap_or(dir).to_path_buf(),
                    source: error.into(),
                });
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let relative = path.strip_prefix(dir).unwrap_or(path).with_extension("");
        let id = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read_to_string(path) {
            Ok(text) => out.push(Definition {
                id,
                origin: path.to_path_buf(),
                text,
                examples: "",
            }),
            Err(source) => errors.push(LoadError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }
}

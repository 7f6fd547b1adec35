//! The command line: clap definitions and the drive from paths to rendered output.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::render::{FileDiagnostics, FileProblem, human, json};
use crate::{Diagnostic, FileError, Ruleset, Severity, SourceFile, fix, walk};

/// A fast linter for article text: truncated and spliced text, contradictions, missing
/// attribution and leftover page boilerplate.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint files and folders (default: the current folder).
    Check(CheckArgs),
    /// List every loaded lint: id, check kind, severity and summary.
    Rules(RulesArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    /// Source excerpts with underlines.
    Human,
    /// One JSON document (schema in the README).
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum RulesFormat {
    /// An aligned table.
    Table,
    /// A JSON array.
    Json,
}

#[derive(Debug, Args)]
struct LintSource {
    /// Add the lints in DIR (laid out as DIR/<family>/<name>.toml) to the built-in ones.
    #[arg(long = "lints", value_name = "DIR")]
    lints: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files and folders to lint; `-` reads standard input.
    #[arg(value_name = "PATHS", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Exit with 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    #[command(flatten)]
    lints: LintSource,
    /// Lint only walked files matching this glob (repeatable; replaces the default .txt/.md/.markdown).
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Skip files and folders matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Run only these lints or families (repeatable, comma-separated).
    #[arg(long, value_name = "LINT", value_delimiter = ',')]
    select: Vec<String>,
    /// Apply safe fixes to the files in place.
    #[arg(long)]
    fix: bool,
    /// With --fix, apply suggested (unsafe) fixes too.
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
    /// Name to use for standard input, for format detection.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOn {
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
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Info => Some(Severity::Info),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Args)]
struct RulesArgs {
    #[command(flatten)]
    lints: LintSource,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    format: RulesFormat,
}

/// How a run ended, mapped to the exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the failure threshold.
    Clean,
    /// Findings at or above the threshold.
    Findings,
    /// A usage, configuration, lint-definition or I/O error.
    Error,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Error => 2,
        }
    }
}

/// Runs a parsed command line. Write errors (a closed pipe) end the run quietly.
pub fn run(cli: Cli) -> Outcome {
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
    };
    match result {
        Ok(outcome) => outcome,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Clean,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {error}");
            Outcome::Error
        }
    }
}

fn load_rules(source: &LintSource, color: bool) -> Result<Ruleset, Outcome> {
    Ruleset::load(&source.lints).map_err(|errors| {
        let mut stderr = std::io::stderr().lock();
        for error in &errors {
            let _ = stderr.write_all(human::render_load_error(error, color).as_bytes());
        }
        let count = errors.len();
        let _ = writeln!(
            stderr,
            "error: {count} lint definition{} failed to load",
            plural(count)
        );
        Outcome::Error
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn rules(args: RulesArgs) -> std::io::Result<Outcome> {
    let ruleset = match load_rules(&args.lints, std::io::stderr().is_terminal()) {
        Ok(r) => r,
        Err(outcome) => return Ok(outcome),
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        RulesFormat::Json => {
            let rows: Vec<_> = ruleset
                .lints()
                .iter()
                .map(|l| {
                    serde_json::json!({
                        "id": l.id, "family": l.family(), "kind": l.kind,
                        "severity": l.severity, "fix": l.fix.is_some(),
                        "summary": l.summary(), "what": l.what, "why": l.why,
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&rows).map_err(std::io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        RulesFormat::Table => {
            let width = ruleset
                .lints()
                .iter()
                .map(|l| l.id.len())
                .max()
                .unwrap_or(0);
            let kind_width = ruleset
                .lints()
                .iter()
                .map(|l| l.kind.len())
                .max()
                .unwrap_or(0);
            for lint in ruleset.lints() {
                writeln!(
                    out,
                    "{:width$}  {:kind_width$}  {:7}  {}",
                    lint.id,
                    lint.kind,
                    lint.severity.as_str(),
                    lint.summary()
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// What linting one file produced.
struct FileOutcome {
    path: String,
    diagnostics: Vec<Diagnostic>,
    rendered: Option<String>,
    problem: Option<FileProblem>,
    fixed: usize,
}

fn check(args: CheckArgs) -> std::io::Result<Outcome> {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut ruleset = match load_rules(&args.lints, std::io::stderr().is_terminal()) {
        Ok(r) => r,
        Err(outcome) => return Ok(outcome),
    };
    if !args.select.is_empty() {
        let unknown: Vec<&String> = args
            .select
            .iter()
            .filter(|s| !ruleset.lints().iter().any(|l| selects(s, &l.id)))
            .collect();
        if let Some(name) = unknown.first() {
            writeln!(
                std::io::stderr(),
                "error: --select names no known lint or family: {name}"
            )?;
            return Ok(Outcome::Error);
        }
        ruleset.select(|lint| args.select.iter().any(|s| selects(s, &lint.id)));
    }
    let filter = match walk::Filter::new(&args.include, &args.exclude) {
        Ok(f) => f,
        Err(e) => {
            writeln!(std::io::stderr(), "error: bad glob: {e}")?;
            return Ok(Outcome::Error);
        }
    };

    let mut problems = Vec::new();
    let mut outcomes = Vec::new();
    let walked: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        outcomes.push(lint_stdin(&ruleset, &args, color));
    }
    let (files, walk_errors) = walk::collect(&walked, &filter);
    problems.extend(walk_errors.into_iter().map(|e| FileProblem {
        path: e.path.display().to_string(),
        message: e.to_string(),
        level: "error",
    }));
    let work = || -> Vec<FileOutcome> {
        files
            .par_iter()
            .map(|path| lint_path(&ruleset, path, &args, color))
            .collect()
    };
    let linted = match args.threads {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(work),
            Err(e) => {
                writeln!(std::io::stderr(), "error: cannot start {n} threads: {e}")?;
                return Ok(Outcome::Error);
            }
        },
        None => work(),
    };
    outcomes.extend(linted);
    report(&args, outcomes, problems)
}

/// Whether a `--select` entry names this lint or its family.
fn selects(selector: &str, id: &str) -> bool {
    id == selector
        || id
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn lint_stdin(ruleset: &Ruleset, args: &CheckArgs, color: bool) -> FileOutcome {
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("-"));
    let mut bytes = Vec::new();
    let source = match std::io::stdin().lock().read_to_end(&mut bytes) {
        Ok(_) => crate::decode(&name, bytes),
        Err(source) => Err(FileError::Io {
            path: name.clone(),
            source,
        }),
    };
    match source {
        Ok(file) => lint_source(ruleset, file, args, color, false),
        Err(error) => failed(error),
    }
}

fn lint_path(ruleset: &Ruleset, path: &Path, args: &CheckArgs, color: bool) -> FileOutcome {
    match crate::read_source(path) {
        Ok(file) => lint_source(ruleset, file, args, color, args.fix),
        Err(error) => failed(error),
    }
}

fn failed(error: FileError) -> FileOutcome {
    FileOutcome {
        path: error.path().display().to_string(),
        diagnostics: Vec::new(),
        rendered: None,
        problem: Some(FileProblem {
            path: error.path().display().to_string(),
            level: if error.is_error() { "error" } else { "note" },
            message: error.to_string(),
        }),
        fixed: 0,
    }
}

/// Fixing passes per file: a fix can reveal another, but never loop for ever.
const MAX_FIX_PASSES: usize = 8;

fn lint_source(
    ruleset: &Ruleset,
    mut file: SourceFile,
    args: &CheckArgs,
    color: bool,
    write_fixes: bool,
) -> FileOutcome {
    let path = file.path.display().to_string();
    let mut diagnostics = ruleset.lint_text(&file.text, file.format);
    let mut fixed = 0;
    if write_fixes {
        let original = file.text.clone();
        for _ in 0..MAX_FIX_PASSES {
            let result = fix::apply(&file.text, &diagnostics, args.unsafe_fixes);
            if result.applied == 0 {
                break;
            }
            fixed += result.applied;
            file = SourceFile::with_format(file.path.clone(), result.text, file.format);
            diagnostics = ruleset.lint_text(&file.text, file.format);
        }
        if file.text != original
            && let Err(error) = fix::write_atomically(&file.path, &file.text)
        {
            return failed(FileError::Io {
                path: file.path.clone(),
                source: error,
            });
        }
    }
    let rendered = (args.format == OutputFormat::Human && !diagnostics.is_empty())
        .then(|| human::render_file(&path, &file.text, &diagnostics, color));
    FileOutcome {
        path,
        diagnostics,
        rendered,
        problem: None,
        fixed,
    }
}

fn report(
    args: &CheckArgs,
    outcomes: Vec<FileOutcome>,
    mut problems: Vec<FileProblem>,
) -> std::io::Result<Outcome> {
    let mut stdout = std::io::stdout().lock();
    let threshold = args.fail_on.threshold();
    let failing = outcomes
        .iter()
        .flat_map(|o| &o.diagnostics)
        .any(|d| threshold.is_some_and(|t| d.severity >= t));
    let linted = outcomes.iter().filter(|o| o.problem.is_none()).count();
    let fixed: usize = outcomes.iter().map(|o| o.fixed).sum();
    let mut files = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        if let Some(rendered) = &outcome.rendered {
            stdout.write_all(rendered.as_bytes())?;
        }
        problems.extend(outcome.problem);
        files.push(FileDiagnostics {
            path: outcome.path,
            diagnostics: outcome.diagnostics,
        });
    }
    let errors = problems.iter().any(|p| p.level == "error");
    match args.format {
        OutputFormat::Json => {
            stdout.write_all(json::render(&files, &problems, linted).as_bytes())?
        }
        OutputFormat::Human => {
            let mut stderr = std::io::stderr().lock();
            for problem in &problems {
                writeln!(stderr, "{}: {}", problem.level, problem.message)?;
            }
            let total: usize = files.iter().map(|f| f.diagnostics.len()).sum();
            let with = files.iter().filter(|f| !f.diagnostics.is_empty()).count();
            if fixed > 0 {
                writeln!(stdout, "Fixed {fixed} problem{}.", plural(fixed))?;
            }
            if total > 0 {
                writeln!(
                    stdout,
                    "Found {total} problem{} in {with} of {linted} file{}.",
                    plural(total),
                    plural(linted)
                )?;
            }
        }
    }
    stdout.flush()?;
    Ok(if errors {
        Outcome::Error
    } else if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

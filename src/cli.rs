//! The command line: clap definitions and the drive from paths to rendered output.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::{
    ByteSize, CONFIG_FILE, Choice, DEFAULT_MAX_FILE_SIZE, Discovery, FailOn, Project, ProjectError,
    STARTER, Selector,
};
use crate::engine::Selection;
use crate::render::{FileDiagnostics, FileProblem, github, human, json, junit, sarif, statistics};
use crate::rules::Lint;
use crate::{Diagnostic, FileError, Ruleset, SourceFile, fix, stream, walk};

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
    /// Explain a lint: what it finds, why it matters, examples, and how to configure it.
    Explain(ExplainArgs),
    /// Print the configuration that applies to a path.
    Config(ConfigArgs),
    /// Write a commented starter copydesk.toml in the current folder.
    Init,
    /// Run the language server on standard input and output, for editors.
    Lsp(LspArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    /// Source excerpts with underlines.
    Human,
    /// One JSON document (schema in the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other result viewers.
    Sarif,
    /// GitHub Actions workflow commands that annotate the pull request.
    Github,
    /// JUnit XML, for CI test dashboards.
    Junit,
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
enum ListFormat {
    /// Text for people.
    Table,
    /// JSON for tools.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOnArg {
    /// Any finding fails the run.
    Info,
    /// Warnings and errors fail the run.
    Warning,
    /// Only errors fail the run.
    Error,
    /// Findings never fail the run.
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(arg: FailOnArg) -> FailOn {
        match arg {
            FailOnArg::Info => FailOn::Info,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

/// Where lints and configuration come from; shared by every subcommand that loads lints.
#[derive(Debug, Args)]
struct ProjectArgs {
    /// Add the lints in DIR (laid out as DIR/<family>/<name>.toml) to the built-in ones.
    #[arg(long = "lints", value_name = "DIR")]
    lints: Vec<PathBuf>,
    /// Use this configuration file instead of discovering copydesk.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every copydesk.toml.
    #[arg(long)]
    isolated: bool,
    /// Run only these lints or families (repeatable, comma-separated).
    #[arg(long, value_name = "LINT", value_delimiter = ',')]
    select: Vec<String>,
    /// Run these lints or families as well (repeatable, comma-separated).
    #[arg(long, value_name = "LINT", value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Do not run these lints or families (repeatable, comma-separated).
    #[arg(long, value_name = "LINT", value_delimiter = ',')]
    ignore: Vec<String>,
}

impl ProjectArgs {
    fn discovery(&self) -> Discovery {
        match (&self.config, self.isolated) {
            (Some(file), _) => Discovery::File(file.clone()),
            (None, true) => Discovery::Isolated,
            (None, false) => Discovery::Nearest,
        }
    }

    fn choice(&self) -> Choice {
        let list = |names: &[String]| names.iter().map(|n| Selector::cli(n)).collect::<Vec<_>>();
        Choice {
            select: (!self.select.is_empty()).then(|| list(&self.select)),
            extend_select: list(&self.extend_select),
            ignore: list(&self.ignore),
            severity: Vec::new(),
        }
    }

    fn project(&self) -> Project {
        Project::new(self.discovery(), self.lints.clone(), self.choice())
    }
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
    /// Exit with 1 when a finding at or above this severity is reported [default: warning, or
    /// the configuration's fail-on].
    #[arg(long, value_enum)]
    fail_on: Option<FailOnArg>,
    #[command(flatten)]
    project: ProjectArgs,
    /// Lint only walked files matching this glob (repeatable; replaces the default .txt/.md/.markdown).
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Skip files and folders matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Apply safe fixes to the files in place.
    #[arg(long)]
    fix: bool,
    /// Apply suggested fixes too (with --fix or --diff).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Report suppression directives that silenced nothing.
    #[arg(long)]
    report_unused_directives: bool,
    /// Name to use for standard input, for format detection and configuration lookup.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Refuse files, standard input and NDJSON records larger than this, unread: bytes, or a
    /// number and a unit (KB, MB, GB, KiB, MiB, GiB) [default: 32MiB, or the configuration's
    /// max-file-size].
    #[arg(long, value_name = "SIZE")]
    max_file_size: Option<ByteSize>,
    /// Print how often each lint fired instead of the findings (with --format human or json).
    #[arg(long, conflicts_with = "diff")]
    statistics: bool,
    /// Read NDJSON records {"id", "text", "format"} from standard input and write one JSON line
    /// per record, in order; findings do not change the exit code unless --fail-on is given.
    #[arg(long, conflicts_with_all = ["paths", "format", "fix", "diff", "statistics", "stdin_filename"])]
    ndjson: bool,
}

#[derive(Debug, Args)]
struct LspArgs {
    #[command(flatten)]
    project: ProjectArgs,
}

#[derive(Debug, Args)]
struct RulesArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// The lint id, e.g. boilerplate/read-more-link.
    lint: String,
    #[command(flatten)]
    project: ProjectArgs,
}

#[derive(Debug, Args)]
struct ConfigArgs {
    /// The file or folder whose configuration to show.
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
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
        Command::Explain(args) => explain(args),
        Command::Config(args) => show_config(args),
        Command::Init => init(),
        Command::Lsp(args) => lsp(args),
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Prints why a configuration or lint pack could not be used.
fn report_project_error(error: &ProjectError) -> Outcome {
    let color = std::io::stderr().is_terminal();
    let mut stderr = std::io::stderr().lock();
    match error {
        ProjectError::Config(e) => {
            let _ = stderr.write_all(human::render_config_error(e, color).as_bytes());
        }
        ProjectError::Lints(errors) => {
            for e in errors {
                let _ = stderr.write_all(human::render_load_error(e, color).as_bytes());
            }
            let count = errors.len();
            let _ = writeln!(
                stderr,
                "error: {count} lint definition{} failed to load",
                plural(count)
            );
        }
    }
    Outcome::Error
}

/// The ruleset that applies in the current folder, for the listing subcommands.
fn current_ruleset(args: &ProjectArgs, path: &Path) -> Result<(Project, usize), Outcome> {
    let mut project = args.project();
    match project.resolve(path) {
        Ok(index) => Ok((project, index)),
        Err(error) => Err(report_project_error(&error)),
    }
}

fn rules(args: RulesArgs) -> std::io::Result<Outcome> {
    let (project, index) = match current_ruleset(&args.project, Path::new(".")) {
        Ok(found) => found,
        Err(outcome) => return Ok(outcome),
    };
    let ruleset = &project.get(index).ruleset;
    let selection = project.selection(index, Path::new("."));
    let mut out = std::io::stdout().lock();
    match args.format {
        ListFormat::Json => {
            let rows: Vec<_> = ruleset
                .lints()
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    serde_json::json!({
                        "id": l.id, "family": l.family(), "kind": l.kind,
                        "severity": selection.severity(i), "enabled": selection.is_enabled(i),
                        "fix": l.fix, "summary": l.summary(), "what": l.what, "why": l.why,
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&rows).map_err(std::io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        ListFormat::Table => {
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
            for (i, lint) in ruleset.lints().iter().enumerate() {
                let severity = if selection.is_enabled(i) {
                    selection.severity(i).map_or("", |s| s.as_str())
                } else {
                    "off"
                };
                writeln!(
                    out,
                    "{:width$}  {:kind_width$}  {severity:7}  {}",
                    lint.id,
                    lint.kind,
                    lint.summary()
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

fn explain(args: ExplainArgs) -> std::io::Result<Outcome> {
    let (project, index) = match current_ruleset(&args.project, Path::new(".")) {
        Ok(found) => found,
        Err(outcome) => return Ok(outcome),
    };
    let ruleset = &project.get(index).ruleset;
    let Some(lint) = ruleset.get(&args.lint) else {
        writeln!(
            std::io::stderr(),
            "error: no lint `{}`; `copydesk rules` lists them",
            args.lint
        )?;
        return Ok(Outcome::Error);
    };
    std::io::stdout().write_all(crate::render::docs::explain(lint).as_bytes())?;
    Ok(Outcome::Clean)
}

fn show_config(args: ConfigArgs) -> std::io::Result<Outcome> {
    let (project, index) = match current_ruleset(&args.project, &args.path) {
        Ok(found) => found,
        Err(outcome) => return Ok(outcome),
    };
    let resolved = project.get(index);
    let selection = project.selection(index, &args.path);
    let json = args.format == ListFormat::Json;
    let text = crate::render::docs::resolved_config(resolved, &selection, json);
    let text = with_max_file_size(text, resolved.config.max_file_size, json)?;
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// Adds the resolved `max-file-size` to `copydesk config` output: bytes in JSON, after the
/// `names` line in text.
fn with_max_file_size(text: String, size: Option<ByteSize>, json: bool) -> std::io::Result<String> {
    let resolved = size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
    if json {
        let mut value: serde_json::Value =
            serde_json::from_str(&text).map_err(std::io::Error::other)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("max-file-size".into(), resolved.0.into());
        }
        let text = serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?;
        return Ok(text + "\n");
    }
    let default = if size.is_none() { " (default)" } else { "" };
    let line = format!("max-file-size = {resolved}{default}\n");
    let at = text
        .find("\nnames = ")
        .and_then(|start| text[start + 1..].find('\n').map(|end| start + end + 2))
        .unwrap_or(text.len());
    let mut text = text;
    text.insert_str(at, &line);
    Ok(text)
}

fn init() -> std::io::Result<Outcome> {
    let path = Path::new(CONFIG_FILE);
    if path.exists() {
        writeln!(
            std::io::stderr(),
            "error: {CONFIG_FILE} already exists here; not overwriting it"
        )?;
        return Ok(Outcome::Error);
    }
    std::fs::write(path, STARTER)?;
    writeln!(std::io::stdout(), "wrote {CONFIG_FILE}")?;
    Ok(Outcome::Clean)
}

/// What linting one file produced.
struct FileOutcome {
    path: String,
    diagnostics: Vec<Diagnostic>,
    rendered: Option<String>,
    diff: Option<String>,
    problem: Option<FileProblem>,
    fixed: usize,
    failing: bool,
}

/// A file to lint with everything decided about it before the parallel part starts.
struct Job {
    path: PathBuf,
    config: usize,
    selection: Selection,
    threshold: Option<crate::Severity>,
    max_file_size: ByteSize,
}

fn check(args: CheckArgs) -> std::io::Result<Outcome> {
    if args.ndjson {
        return ndjson(&args);
    }
    if args.statistics && !matches!(args.format, OutputFormat::Human | OutputFormat::Json) {
        writeln!(
            std::io::stderr(),
            "error: --statistics prints a table (--format human) or JSON (--format json)"
        )?;
        return Ok(Outcome::Error);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    // The run ends when `check` returns: freeing every compiled lint and regex cache first
    // would only delay the exit (3M instructions, 5% of linting one article).
    let mut project = std::mem::ManuallyDrop::new(args.project.project());
    let mut problems = Vec::new();
    let mut files = Vec::new();
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    for root in args.paths.iter().filter(|p| p.as_os_str() != "-") {
        let index = match project.resolve(root) {
            Ok(index) => index,
            Err(error) => return Ok(report_project_error(&error)),
        };
        let config = &project.get(index).config;
        let include = if args.include.is_empty() {
            &config.include
        } else {
            &args.include
        };
        let exclude: Vec<String> = args
            .exclude
            .iter()
            .chain(&config.exclude)
            .cloned()
            .collect();
        let filter = match walk::Filter::new(include, &exclude) {
            Ok(f) => f.relative_to(&config.dir),
            Err(e) => {
                writeln!(std::io::stderr(), "error: bad glob: {e}")?;
                return Ok(Outcome::Error);
            }
        };
        let (found, errors) = walk::collect(std::slice::from_ref(root), &filter);
        files.extend(found);
        problems.extend(errors.into_iter().map(|e| FileProblem {
            path: e.path.display().to_string(),
            message: e.to_string(),
            level: if e.is_error { "error" } else { "note" },
        }));
    }
    files.sort();
    files.dedup();
    if args.fix {
        // A file reached by two paths (a link and its target) is fixed once: two parallel
        // writes to one file would each find the other's change and refuse.
        let mut seen = std::collections::HashSet::new();
        files.retain(|path| {
            seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        });
    }
    let mut jobs = Vec::with_capacity(files.len());
    for path in files {
        match job(&mut project, path, &args) {
            Ok(job) => jobs.push(job),
            Err(error) => return Ok(report_project_error(&error)),
        }
    }
    let mut outcomes = Vec::new();
    let mut stdin_job = None;
    if stdin {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        match job(&mut project, name, &args) {
            Ok(job) => {
                outcomes.push(lint_stdin(&project, &job, &args, color));
                stdin_job = Some(job);
            }
            Err(error) => return Ok(report_project_error(&error)),
        }
    }
    let streamable = !args.diff
        && !args.statistics
        && matches!(args.format, OutputFormat::Human | OutputFormat::Json);
    if streamable {
        let work = || report_streaming(&args, &project, &jobs, outcomes, problems, color);
        return match with_threads(args.threads, work) {
            Ok(result) => result,
            Err(message) => {
                writeln!(std::io::stderr(), "error: {message}")?;
                Ok(Outcome::Error)
            }
        };
    }
    let work = || -> Vec<FileOutcome> {
        jobs.par_iter()
            .map(|job| lint_path(&project, job, &args, color))
            .collect()
    };
    match with_threads(args.threads, work) {
        Ok(linted) => outcomes.extend(linted),
        Err(message) => {
            writeln!(std::io::stderr(), "error: {message}")?;
            return Ok(Outcome::Error);
        }
    }
    let rules = if args.format == OutputFormat::Sarif {
        enabled_lints(&project, jobs.iter().chain(&stdin_job))
    } else {
        Vec::new()
    };
    report(&args, outcomes, problems, &rules)
}

/// Runs `work` on `threads` worker threads, or on rayon's global pool (one per core).
fn with_threads<T: Send>(
    threads: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> Result<T, String> {
    let Some(n) = threads else {
        return Ok(work());
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(n.max(1))
        .build()
        .map(|pool| pool.install(work))
        .map_err(|e| format!("cannot start {n} threads: {e}"))
}

/// The lints enabled for any of the jobs, by id: the rules a SARIF log describes.
fn enabled_lints<'a, 'j>(
    project: &'a Project,
    jobs: impl Iterator<Item = &'j Job>,
) -> Vec<&'a Lint> {
    let mut by_id: BTreeMap<&str, &Lint> = BTreeMap::new();
    // Files under one configuration mostly share one selection; look at each pair once.
    let mut seen: Vec<(usize, &Selection)> = Vec::new();
    for job in jobs {
        if seen
            .iter()
            .any(|(config, selection)| *config == job.config && **selection == job.selection)
        {
            continue;
        }
        seen.push((job.config, &job.selection));
        let lints = project.get(job.config).ruleset.lints();
        for (index, lint) in lints.iter().enumerate() {
            if job.selection.is_enabled(index) {
                by_id.entry(lint.id.as_str()).or_insert(lint);
            }
        }
    }
    by_id.into_values().collect()
}

/// `check --ndjson`: lints records from standard input with the configuration that governs
/// the current folder.
fn ndjson(args: &CheckArgs) -> std::io::Result<Outcome> {
    let mut project = args.project.project();
    let here = Path::new(".");
    let index = match project.resolve(here) {
        Ok(index) => index,
        Err(error) => return Ok(report_project_error(&error)),
    };
    let mut selection = project.selection(index, here);
    selection.report_unused_directives = args.report_unused_directives;
    // Findings are the answer a pipeline asks for, not a failure of the step (a batch engine
    // stops the job when a piped command exits non-zero), unless the caller says otherwise.
    let threshold = args.fail_on.map(FailOn::from).and_then(FailOn::threshold);
    let ruleset = &project.get(index).ruleset;
    let limits = stream::Limits {
        max_record_bytes: max_file_size(args, project.get(index)).as_usize(),
        ..stream::Limits::default()
    };
    let work = || {
        let input = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
        let output = std::io::BufWriter::new(std::io::stdout().lock());
        stream::run(input, output, ruleset, &selection, threshold, &limits)
    };
    let summary = match with_threads(args.threads, work) {
        Ok(result) => result?,
        Err(message) => {
            writeln!(std::io::stderr(), "error: {message}")?;
            return Ok(Outcome::Error);
        }
    };
    Ok(if summary.failing > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn lsp(args: LspArgs) -> std::io::Result<Outcome> {
    let options = crate::lsp::Options {
        discovery: args.project.discovery(),
        extra_lints: args.project.lints.clone(),
        choice: args.project.choice(),
    };
    match crate::lsp::run(options) {
        Ok(true) => Ok(Outcome::Clean),
        // The protocol asks for exit code 1 when `exit` comes without `shutdown`.
        Ok(false) => Ok(Outcome::Findings),
        Err(error) => Err(std::io::Error::other(error)),
    }
}

fn job(project: &mut Project, path: PathBuf, args: &CheckArgs) -> Result<Job, ProjectError> {
    let config = project.resolve(&path)?;
    let mut selection = project.selection(config, &path);
    selection.report_unused_directives = args.report_unused_directives;
    let fail_on = args
        .fail_on
        .map(FailOn::from)
        .or(project.get(config).config.fail_on)
        .unwrap_or(FailOn::Warning);
    Ok(Job {
        path,
        config,
        selection,
        threshold: fail_on.threshold(),
        max_file_size: max_file_size(args, project.get(config)),
    })
}

/// The size limit: the command line's, else the configuration's, else the default.
fn max_file_size(args: &CheckArgs, resolved: &crate::config::Resolved) -> ByteSize {
    args.max_file_size
        .or(resolved.config.max_file_size)
        .unwrap_or(DEFAULT_MAX_FILE_SIZE)
}

fn lint_stdin(project: &Project, job: &Job, args: &CheckArgs, color: bool) -> FileOutcome {
    let source = crate::read_source_from(&job.path, std::io::stdin().lock(), job.max_file_size);
    match source {
        Ok(file) => lint_source(project, job, file, args, color, false),
        Err(error) => failed(error),
    }
}

fn lint_path(project: &Project, job: &Job, args: &CheckArgs, color: bool) -> FileOutcome {
    match crate::read_source(&job.path, job.max_file_size) {
        Ok(file) => lint_source(project, job, file, args, color, args.fix),
        Err(error) => failed(error),
    }
}

fn failed(error: FileError) -> FileOutcome {
    FileOutcome {
        path: error.path().display().to_string(),
        diagnostics: Vec::new(),
        rendered: None,
        diff: None,
        problem: Some(FileProblem {
            path: error.path().display().to_string(),
            level: if error.is_error() { "error" } else { "note" },
            message: error.to_string(),
        }),
        fixed: 0,
        failing: false,
    }
}

/// Fixing passes per file: a fix can reveal another, but never loop for ever.
const MAX_FIX_PASSES: usize = 8;

fn lint_source(
    project: &Project,
    job: &Job,
    mut file: SourceFile,
    args: &CheckArgs,
    color: bool,
    write: bool,
) -> FileOutcome {
    let ruleset: &Ruleset = &project.get(job.config).ruleset;
    let path = file.path.display().to_string();
    let mut diagnostics = ruleset.lint_text_with(&file.text, file.format, &job.selection);
    let mut fixed = 0;
    let mut diff = None;
    if write || args.diff {
        let original = file.text.clone();
        for _ in 0..MAX_FIX_PASSES {
            let result = fix::apply(&file.text, &diagnostics, args.unsafe_fixes);
            if result.applied == 0 {
                break;
            }
            fixed += result.applied;
            file = SourceFile::with_format(file.path.clone(), result.text, file.format);
            diagnostics = ruleset.lint_text_with(&file.text, file.format, &job.selection);
        }
        if file.text != original {
            if args.diff {
                diff = Some(fix::unified_diff(&path, &original, &file.text));
                // The file is untouched: report what is in it, not what the fixes would leave.
                diagnostics = ruleset.lint_text_with(&original, file.format, &job.selection);
                file.text = original;
            } else if let Err(error) = fix::write_atomically(&file.path, &original, &file.text) {
                return failed(FileError::Unwritable {
                    path: file.path.clone(),
                    reason: error.to_string(),
                });
            }
        }
    }
    let rendered = (args.format == OutputFormat::Human
        && !args.diff
        && !args.statistics
        && !diagnostics.is_empty())
    .then(|| human::render_file(&path, &file.text, &diagnostics, color));
    let failing = diagnostics
        .iter()
        .any(|d| job.threshold.is_some_and(|t| d.severity >= t));
    FileOutcome {
        path,
        diagnostics,
        rendered,
        diff,
        problem: None,
        fixed: if args.diff { 0 } else { fixed },
        failing,
    }
}

/// Files linted in parallel per chunk; the output of a chunk is written, and its findings
/// dropped, before the next starts, so memory follows the chunk, not the run.
const STREAM_CHUNK: usize = 128;

/// Lints the jobs chunk by chunk and writes human or JSON output as each chunk finishes, in
/// the same order and with the same bytes as a run that collects everything first.
fn report_streaming(
    args: &CheckArgs,
    project: &Project,
    jobs: &[Job],
    first: Vec<FileOutcome>,
    mut problems: Vec<FileProblem>,
    color: bool,
) -> std::io::Result<Outcome> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut json = (args.format == OutputFormat::Json).then(json::JsonStream::default);
    let (mut failing, mut linted, mut fixed, mut total, mut with) = (false, 0, 0, 0, 0);
    let mut emit = |outcome: FileOutcome,
                    stdout: &mut std::io::BufWriter<std::io::StdoutLock<'_>>|
     -> std::io::Result<()> {
        failing |= outcome.failing;
        fixed += outcome.fixed;
        if let Some(rendered) = &outcome.rendered {
            stdout.write_all(rendered.as_bytes())?;
        }
        if let Some(problem) = outcome.problem {
            problems.push(problem);
            return Ok(());
        }
        linted += 1;
        total += outcome.diagnostics.len();
        with += usize::from(!outcome.diagnostics.is_empty());
        if let Some(json) = &mut json {
            let file = FileDiagnostics {
                path: outcome.path,
                diagnostics: outcome.diagnostics,
            };
            json.file(stdout, &file)?;
        }
        Ok(())
    };
    for outcome in first {
        emit(outcome, &mut stdout)?;
    }
    for chunk in jobs.chunks(STREAM_CHUNK) {
        let outcomes: Vec<FileOutcome> = chunk
            .par_iter()
            .map(|job| lint_path(project, job, args, color))
            .collect();
        for outcome in outcomes {
            emit(outcome, &mut stdout)?;
        }
    }
    let errors = problems.iter().any(|p| p.level == "error");
    if let Some(json) = json {
        json.finish(&mut stdout, &problems, linted)?;
    } else {
        stdout.flush()?;
        human_ending(&mut stdout, &problems, fixed, Some((total, with, linted)))?;
    }
    stdout.flush()?;
    Ok(outcome(errors, failing))
}

fn report(
    args: &CheckArgs,
    outcomes: Vec<FileOutcome>,
    mut problems: Vec<FileProblem>,
    rules: &[&Lint],
) -> std::io::Result<Outcome> {
    let mut stdout = std::io::stdout().lock();
    let failing = outcomes.iter().any(|o| o.failing);
    let linted = outcomes.iter().filter(|o| o.problem.is_none()).count();
    let fixed: usize = outcomes.iter().map(|o| o.fixed).sum();
    let mut files = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        if let Some(rendered) = &outcome.rendered {
            stdout.write_all(rendered.as_bytes())?;
        }
        if let Some(diff) = &outcome.diff {
            stdout.write_all(diff.as_bytes())?;
        }
        // A file that could not be linted is reported as a problem, not as a clean file.
        if let Some(problem) = outcome.problem {
            problems.push(problem);
            continue;
        }
        files.push(FileDiagnostics {
            path: outcome.path,
            diagnostics: outcome.diagnostics,
        });
    }
    let errors = problems.iter().any(|p| p.level == "error");
    // Machine formats carry the files that could not be linted inside the document.
    let document = match args.format {
        _ if args.diff => None,
        OutputFormat::Json if args.statistics => None,
        OutputFormat::Json => Some(json::render(&files, &problems, linted)),
        OutputFormat::Sarif => Some(sarif::render(&files, &problems, rules)),
        OutputFormat::Github => Some(github::render(&files, &problems)),
        OutputFormat::Junit => Some(junit::render(&files, &problems)),
        OutputFormat::Human => None,
    };
    match document {
        Some(text) => stdout.write_all(text.as_bytes())?,
        None if args.statistics && args.format == OutputFormat::Json => {
            stdout.write_all(statistics::json(&files).as_bytes())?;
            print_problems(&problems)?;
        }
        None => {
            if args.statistics {
                stdout.write_all(statistics::table(&files).as_bytes())?;
            }
            let total: usize = files.iter().map(|f| f.diagnostics.len()).sum();
            let with = files.iter().filter(|f| !f.diagnostics.is_empty()).count();
            let found = (!args.diff).then_some((total, with, linted));
            human_ending(&mut stdout, &problems, fixed, found)?;
        }
    }
    stdout.flush()?;
    Ok(outcome(errors, failing))
}

/// The end of human output: the files that could not be linted (on standard error), how many
/// fixes were applied, and `found` = (findings, files with findings, files linted).
fn human_ending(
    stdout: &mut impl Write,
    problems: &[FileProblem],
    fixed: usize,
    found: Option<(usize, usize, usize)>,
) -> std::io::Result<()> {
    print_problems(problems)?;
    if fixed > 0 {
        writeln!(stdout, "Fixed {fixed} problem{}.", plural(fixed))?;
    }
    if let Some((total, with, linted)) = found.filter(|f| f.0 > 0) {
        writeln!(
            stdout,
            "Found {total} problem{} in {with} of {linted} file{}.",
            plural(total),
            plural(linted)
        )?;
    }
    Ok(())
}

fn print_problems(problems: &[FileProblem]) -> std::io::Result<()> {
    let mut stderr = std::io::stderr().lock();
    for problem in problems {
        writeln!(stderr, "{}: {}", problem.level, problem.message)?;
    }
    Ok(())
}

/// The exit status: unreadable files first, then findings at or above `--fail-on`.
fn outcome(errors: bool, failing: bool) -> Outcome {
    if errors {
        Outcome::Error
    } else if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

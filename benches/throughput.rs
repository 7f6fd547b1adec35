//! Throughput of the front ends, of each check kind and of the default ruleset, on corpora that
//! `benches/corpus.sh` builds from the project's own fixture texts. Criterion reports MB/s
//! (10^6 bytes); every figure is for one thread, since the library lints one document at a
//! time and the CLI spreads files over cores.
//!
//! Run with `cargo bench --bench throughput` (needs `bash`, as the corpus script does). Add a
//! filter to run part of it, e.g. `cargo bench --bench throughput -- corpus-1mb/kind`.
//!
//! - `corpus-1mb`: about 1 MB of fixture texts in 630 files. `front-end/plain` and
//!   `front-end/markdown` parse every file with that front end; `pattern-scan` runs the shared
//!   phrase and line patterns of every built-in lint over the parsed files; `kind/<kind>` runs
//!   only the lints bound to one check kind over the parsed files; `default-ruleset` parses and
//!   runs every lint, as `check` does per file. A kind's figure includes the shared pattern
//!   scan, which the engine runs once per document whatever is selected, so the kind's own cost
//!   is its time minus `pattern-scan`'s.
//! - `set-50mb`: about 50 MB in 31,000 files, the default ruleset over every file.
//! - `single-10mb`: one 10 MB plain-text file, where checks that compare statements across the
//!   whole document see the most text at once.
//! - `start-up/load-builtin-lints`: parsing and compiling the built-in lints, which every run of
//!   the CLI pays once.
//!
//! The large corpora take seconds per iteration, so their groups run ten single iterations; on a
//! machine slower than about 3 s per 50 MB criterion warns that the samples do not fit the
//! budget and goes on, which is expected. The whole run takes about four minutes on two cores.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use copydesk::checks::PatternBankBuilder;
use copydesk::rules::load_lint;
use copydesk::{Document, Format, Ruleset};
use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};

/// A corpus held in memory: each file's text and the format its extension gives.
type Corpus = Vec<(String, Format)>;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds (or reuses) a corpus with `benches/corpus.sh` under Cargo's scratch folder for
/// benches, and returns its folder.
fn build_corpus(name: &str, args: &[&str]) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("corpus")
        .join(name);
    let script = manifest_dir().join("benches/corpus.sh");
    let status = Command::new("bash")
        .arg(&script)
        .args(args)
        .arg(&out)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    assert!(status.success(), "{} failed: {status}", script.display());
    out
}

fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            text_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
            out.push(path);
        }
    }
}

/// Reads every text file of a corpus folder, in path order.
fn load_corpus(dir: &Path) -> Corpus {
    let mut files = Vec::new();
    text_files(dir, &mut files);
    files.sort();
    let corpus: Corpus = files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            (text, Format::from_path(p))
        })
        .collect();
    assert!(!corpus.is_empty(), "empty corpus in {}", dir.display());
    corpus
}

fn corpus_bytes(corpus: &Corpus) -> u64 {
    corpus.iter().map(|(text, _)| text.len() as u64).sum()
}

/// The check kinds that built-in lints bind to, sorted and without repeats.
fn check_kinds(ruleset: &Ruleset) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = ruleset.lints().iter().map(|l| l.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}

/// Every lint under `lints/` compiled into one shared pattern bank, as the engine builds it.
fn shared_pattern_bank() -> copydesk::checks::PatternBank {
    let root = manifest_dir().join("lints");
    let mut files = Vec::new();
    for family in std::fs::read_dir(&root)
        .expect("lints/ is readable")
        .flatten()
    {
        for entry in std::fs::read_dir(family.path()).into_iter().flatten() {
            files.push(entry.expect("lints/ is readable").path());
        }
    }
    files.sort();
    let mut builder = PatternBankBuilder::default();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        let relative = path.strip_prefix(&root).expect("under lints/");
        let id = relative
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).expect("lint file is readable");
        load_lint(&id, path, &text, &mut builder).expect("built-in lint loads");
    }
    builder.build().expect("shared patterns compile")
}

fn lint_all(ruleset: &Ruleset, corpus: &Corpus) -> usize {
    corpus
        .iter()
        .map(|(text, format)| ruleset.lint_text(text, *format).len())
        .sum()
}

/// One group per corpus, with throughput in bytes and the run-time budget given.
fn new_group<'c>(
    c: &'c mut Criterion,
    name: &str,
    corpus: &Corpus,
    samples: usize,
    measure: Duration,
) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::BytesDecimal(corpus_bytes(corpus)));
    group.sample_size(samples);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(measure);
    // Iterations take tenths of a second to seconds: equal-sized samples keep the run short.
    group.sampling_mode(SamplingMode::Flat);
    group
}

fn small_corpus(c: &mut Criterion) {
    let corpus = load_corpus(&build_corpus("set-1mb", &["--mb", "1"]));
    let ruleset = Ruleset::builtin().expect("built-in lints load");
    let bank = shared_pattern_bank();
    let mut group = new_group(c, "corpus-1mb", &corpus, 10, Duration::from_secs(3));
    for (label, format) in [("plain", Format::Plain), ("markdown", Format::Markdown)] {
        group.bench_function(format!("front-end/{label}"), |b| {
            b.iter(|| {
                corpus
                    .iter()
                    .map(|(text, _)| Document::parse(text, format).tokens.len())
                    .sum::<usize>()
            })
        });
    }
    // Parsed once, so the figures below leave the front end out and a kind's own cost shows
    // against the shared scan, which is all that the engine runs for every selection.
    let docs: Vec<Document<'_>> = corpus
        .iter()
        .map(|(text, format)| Document::parse(text, *format))
        .collect();
    group.bench_function("pattern-scan", |b| {
        b.iter(|| {
            docs.iter()
                .map(|doc| bank.scan(doc).of(0..usize::MAX).len())
                .sum::<usize>()
        })
    });
    for kind in check_kinds(&ruleset) {
        let mut selection = ruleset.default_selection();
        for (index, lint) in ruleset.lints().iter().enumerate() {
            selection.set_enabled(index, lint.kind == kind);
        }
        group.bench_function(format!("kind/{kind}"), |b| {
            b.iter(|| {
                docs.iter()
                    .map(|doc| ruleset.lint_document(doc, &selection).len())
                    .sum::<usize>()
            })
        });
    }
    group.bench_function("default-ruleset", |b| {
        b.iter(|| lint_all(&ruleset, &corpus))
    });
    group.finish();
}

fn large_corpora(c: &mut Criterion) {
    let ruleset = Ruleset::builtin().expect("built-in lints load");

    let set = load_corpus(&build_corpus("set-50mb", &["--mb", "50"]));
    let mut group = new_group(c, "set-50mb", &set, 10, Duration::from_secs(30));
    group.bench_function("default-ruleset", |b| b.iter(|| lint_all(&ruleset, &set)));
    group.finish();
    drop(set);

    let single = load_corpus(&build_corpus("single-10mb", &["--mb", "10", "--single"]));
    let mut group = new_group(c, "single-10mb", &single, 10, Duration::from_secs(15));
    group.bench_function("front-end", |b| {
        b.iter(|| {
            single
                .iter()
                .map(|(text, format)| Document::parse(text, *format).tokens.len())
                .sum::<usize>()
        })
    });
    group.bench_function("default-ruleset", |b| {
        b.iter(|| lint_all(&ruleset, &single))
    });
    group.finish();
}

fn start_up(c: &mut Criterion) {
    let mut group = c.benchmark_group("start-up");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("load-builtin-lints", |b| {
        b.iter(|| Ruleset::builtin().map(|r| r.lints().len()))
    });
    group.finish();
}

criterion_group!(benches, small_corpus, large_corpora, start_up);
criterion_main!(benches);

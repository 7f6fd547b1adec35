//! Throughput of the front ends and the default ruleset on a corpus built from the project's
//! own fixture articles, repeated to about 1 MB. Criterion reports MB/s.
//!
//! Run with `cargo bench --bench throughput`.

use std::path::{Path, PathBuf};

use copydesk::{Document, Format, Ruleset};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const TARGET_BYTES: usize = 1 << 20;

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixture_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
            out.push(path);
        }
    }
}

/// The fixture articles, repeated in a fixed order until the corpus reaches the target size.
fn corpus() -> Vec<(String, Format)> {
    let mut files = Vec::new();
    fixture_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut files,
    );
    let docs: Vec<(String, Format)> = files
        .iter()
        .filter_map(|p| Some((std::fs::read_to_string(p).ok()?, Format::from_path(p))))
        .collect();
    assert!(
        !docs.is_empty(),
        "no fixture articles to build a corpus from"
    );
    let mut corpus = Vec::new();
    let mut size = 0;
    while size < TARGET_BYTES {
        for doc in &docs {
            size += doc.0.len();
            corpus.push(doc.clone());
        }
    }
    corpus
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let bytes: usize = corpus.iter().map(|(t, _)| t.len()).sum();
    let ruleset = Ruleset::builtin().expect("built-in lints load");

    let mut group = c.benchmark_group("corpus-1mb");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("front-end", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|(text, format)| Document::parse(text, *format).tokens.len())
                .sum::<usize>()
        })
    });
    group.bench_function("default-ruleset", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|(text, format)| ruleset.lint_text(text, *format).len())
                .sum::<usize>()
        })
    });
    group.finish();

    c.bench_function("load-builtin-lints", |b| {
        b.iter(|| Ruleset::builtin().map(|r| r.lints().len()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Lints every `.txt` and `.md` file under a folder in-process, several passes over the same
//! texts, and prints the throughput of each pass: the first pass pays for compiling the regexes
//! the texts need, later ones show the steady state. A profiling aid for the engine without
//! the command line's reading, walking and rendering.
//!
//! Usage: `cargo run --release --example lint_corpus -- <folder> [passes]`

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use copydesk::{Format, Ruleset};

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(folder) = args.next() else {
        eprintln!("usage: lint_corpus <folder> [passes]");
        return ExitCode::from(2);
    };
    let passes: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(3);
    let mut paths = Vec::new();
    if let Err(e) = files(Path::new(&folder), &mut paths) {
        eprintln!("{folder}: {e}");
        return ExitCode::from(2);
    }
    let texts: Vec<(String, Format)> = paths
        .iter()
        .filter_map(|p| Some((std::fs::read_to_string(p).ok()?, Format::from_path(p))))
        .collect();
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    let start = Instant::now();
    let ruleset = match Ruleset::builtin() {
        Ok(ruleset) => ruleset,
        Err(errors) => {
            eprintln!("built-in lints failed to load: {} errors", errors.len());
            return ExitCode::from(2);
        }
    };
    println!("load: {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
    for pass in 1..=passes {
        let start = Instant::now();
        let findings: usize = texts
            .iter()
            .map(|(text, format)| ruleset.lint_text(text, *format).len())
            .sum();
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "pass {pass}: {} files, {:.1} MB, {findings} findings, {:.3} s, {:.1} MB/s",
            texts.len(),
            bytes as f64 / 1e6,
            seconds,
            bytes as f64 / 1e6 / seconds
        );
    }
    ExitCode::SUCCESS
}

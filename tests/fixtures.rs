//! Fixture snapshots: `fixtures/<family>/<name>/*` run with only that lint on, and
//! `fixtures/articles/*` run with the defaults. Each file's diagnostics are snapshotted as JSON
//! beside it in `tests/snapshots/`; re-bless with `cargo insta review` (or INSTA_UPDATE=always).

use std::path::{Path, PathBuf};

use copydesk::names::Names;
use copydesk::{Diagnostic, Ruleset, SourceFile};
use serde_json::json;

fn article_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n != "MANIFEST.md" && n != "README.md")
        })
        .collect();
    files.sort();
    files
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The stable, reviewable part of a diagnostic.
fn summarise(source: &str, diagnostics: &[Diagnostic]) -> serde_json::Value {
    let _ = source;
    json!(diagnostics
        .iter()
        .map(|d| json!({
            "lint": d.lint,
            "severity": d.severity,
            "at": format!("{}:{}-{}:{}", d.start.line, d.start.column, d.end.line, d.end.column),
            "matched": d.matched,
            "message": d.message,
            "labels": d.labels.iter().map(|l| json!({
                "at": format!("{}:{}", l.start.line, l.start.column),
                "message": l.message,
            })).collect::<Vec<_>>(),
            "fix": d.fix.as_ref().map(|f| f.edits.iter().map(|e| json!({
                "at": format!("{}:{}-{}:{}", e.start.line, e.start.column, e.end.line, e.end.column),
                "replacement": e.replacement,
            })).collect::<Vec<_>>()),
        }))
        .collect::<Vec<_>>())
}

fn snapshot_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace(['/', '\\', '.'], "__")
}

#[test]
fn fixture_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut ruleset =
        Ruleset::builtin().unwrap_or_else(|e| panic!("built-in lints must load: {e:?}"));
    let mut seen = 0;
    for file in article_files(&root) {
        let relative = file
            .strip_prefix(&root)
            .expect("under fixtures")
            .to_path_buf();
        let parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        // A fixture folder may carry the names file its cases assume.
        let names_file = file.with_file_name("names.toml");
        let names = match std::fs::read_to_string(&names_file) {
            Ok(text) => Names::parse(&text, &names_file).unwrap_or_else(|e| panic!("{e}")),
            Err(_) => Names::default(),
        };
        ruleset.set_names(names);
        if parts[0] == "articles" {
            ruleset.select(|_| true);
        } else {
            let id = format!("{}/{}", parts[0], parts[1]);
            assert!(
                ruleset.get(&id).is_some(),
                "fixture folder for unknown lint {id}"
            );
            ruleset.select(|l| l.id == id);
        }
        let text = std::fs::read_to_string(&file).expect("fixture is UTF-8");
        let source = SourceFile::new(&file, text);
        let diagnostics = ruleset.lint_text(&source.text, source.format);
        let value = summarise(&source.text, &diagnostics);
        let name = snapshot_name(&root, &file);
        insta::with_settings!({prepend_module_to_snapshot => false, input_file => &file}, {
            insta::assert_json_snapshot!(name, value);
        });
        seen += 1;
    }
    assert!(seen > 0, "no fixtures found under {}", root.display());
}

/// Clean articles are the false-positive guard: no warning or error may fire on them.
#[test]
fn clean_articles_have_no_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles");
    let ruleset = Ruleset::builtin().unwrap_or_else(|e| panic!("built-in lints must load: {e:?}"));
    let mut failures = Vec::new();
    let mut clean = 0;
    for file in article_files(&root) {
        if !file
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("clean-"))
        {
            continue;
        }
        clean += 1;
        let text = std::fs::read_to_string(&file).expect("fixture is UTF-8");
        let source = SourceFile::new(&file, text);
        for d in ruleset.lint_text(&source.text, source.format) {
            if d.severity >= copydesk::Severity::Warning {
                failures.push(format!(
                    "{}:{}:{}: {} {}",
                    file.display(),
                    d.start.line,
                    d.start.column,
                    d.lint,
                    d.message
                ));
            }
        }
    }
    assert!(
        clean >= 5,
        "expected clean articles under fixtures/articles"
    );
    assert!(
        failures.is_empty(),
        "findings on clean articles:\n{}",
        failures.join("\n")
    );
}

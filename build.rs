//! Embeds every built-in lint definition (`lints/**/*.toml`) into the binary, so the installed
//! tool needs no data files beside it, and works out the trigger literals of their regexes
//! (`src/checks/triggers.rs`), so loading the built-in lints parses none of them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/checks/triggers.rs"]
mod triggers;

fn main() {
    println!("cargo:rerun-if-changed=lints");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lints");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Built-in lints: (id, path relative to the crate, TOML text without the examples,\n\
         /// the `[[example]]` tables).\n",
    );
    out.push_str("pub static BUILTIN_LINTS: &[(&str, &str, &str, &str)] = &[\n");
    for file in &files {
        let relative = file
            .strip_prefix(&root)
            .expect("lint path lies under lints/");
        let id = relative
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        let shown = format!("lints/{}", relative.to_string_lossy().replace('\\', "/"));
        let text = std::fs::read_to_string(file).expect("lint files are readable UTF-8");
        let (rules, examples) = split_examples(&text);
        writeln!(out, "    ({id:?}, {shown:?}, {rules:?}, {examples:?}),")
            .expect("writing to a String cannot fail");
        println!("cargo:rerun-if-changed={}", file.display());
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("builtin_lints.rs"), out).expect("OUT_DIR is writable");
    std::fs::write(out_dir.join("builtin_triggers.rs"), precomputed(&files))
        .expect("OUT_DIR is writable");
}

/// Splits a lint file before its first `[[example]]` table, so loading parses the rest alone,
/// when the two parts hold exactly what the whole file does; otherwise keeps it whole.
fn split_examples(text: &str) -> (&str, &str) {
    let whole = (text, "");
    let at = if text.starts_with("[[example]]") {
        0
    } else {
        match text.find("\n[[example]]") {
            Some(at) => at + 1,
            None => return whole,
        }
    };
    let (rules, examples) = text.split_at(at);
    let (Ok(mut full), Ok(rules_table), Ok(mut examples_table)) = (
        text.parse::<toml::Table>(),
        rules.parse::<toml::Table>(),
        examples.parse::<toml::Table>(),
    ) else {
        return whole;
    };
    let same_examples = full.remove("example") == examples_table.remove("example");
    if same_examples && examples_table.is_empty() && full == rules_table {
        (rules, examples)
    } else {
        whole
    }
}

/// The `PRECOMPUTED` table: the triggers of every string in a `patterns` list of a lint's
/// `[check.<kind>]` table, in both scopes, under the table's `case`; and the `VALID_UNLESS`
/// list of the strings in its `unless` list that parse. A pattern that does not parse is left
/// out, so loading the lint reports it as usual.
fn precomputed(files: &[PathBuf]) -> String {
    let mut rows: Vec<(String, bool, Option<triggers::Triggers>)> = Vec::new();
    let mut valid_unless: Vec<&str> = Vec::new();
    let mut lints = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let Ok(lint) = text.parse::<toml::Table>() else {
            continue;
        };
        lints.push(lint);
    }
    for lint in &lints {
        let checks = lint.get("check").and_then(toml::Value::as_table);
        for (kind, params) in checks.into_iter().flatten() {
            // The scopes the bank compiles this kind's patterns in.
            let scopes: &[bool] = match kind.as_str() {
                "phrase" => &[false],
                "boilerplate-line" => &[true],
                _ => &[false, true],
            };
            let insensitive = params.get("case").and_then(toml::Value::as_str) != Some("sensitive");
            let patterns = params.get("patterns").and_then(toml::Value::as_array);
            for pattern in patterns
                .into_iter()
                .flatten()
                .filter_map(toml::Value::as_str)
            {
                for &line in scopes {
                    let source = triggers::anchored(pattern, line);
                    if let Ok(found) = triggers::analyse(&source, insensitive, line) {
                        rows.push((source, insensitive, found));
                    }
                }
            }
            let unless = params.get("unless").and_then(toml::Value::as_array);
            for source in unless.into_iter().flatten().filter_map(toml::Value::as_str) {
                if regex_syntax::Parser::new().parse(source).is_ok() {
                    valid_unless.push(source);
                }
            }
        }
    }
    valid_unless.sort_unstable();
    valid_unless.dedup();
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    rows.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut out = String::from(
        "#[allow(clippy::type_complexity)]\nstatic PRECOMPUTED: &[(&str, bool, Option<(bool, &[&[u8]])>)] = &[\n",
    );
    for (source, insensitive, found) in rows {
        let found = match found {
            None => "None".to_string(),
            Some(t) => {
                let literals: Vec<String> = t.literals.iter().map(|l| byte_string(l)).collect();
                format!("Some(({}, &[{}]))", t.suffix, literals.join(", "))
            }
        };
        writeln!(out, "    ({source:?}, {insensitive}, {found}),")
            .expect("writing to a String cannot fail");
    }
    out.push_str("];\n");
    out.push_str("/// Every `unless` regex of the built-in lints that parses, sorted.\n");
    out.push_str("static VALID_UNLESS: &[&str] = &[\n");
    for source in valid_unless {
        writeln!(out, "    {source:?},").expect("writing to a String cannot fail");
    }
    out.push_str("];\n");
    out
}

/// A byte-string literal for `bytes`.
fn byte_string(bytes: &[u8]) -> String {
    let mut out = String::from("b\"");
    for &b in bytes {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => write!(out, "\\x{b:02x}").expect("writing to a String cannot fail"),
        }
    }
    out.push('"');
    out
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}

//! The CI and pipeline formats end to end: SARIF, GitHub annotations, JUnit XML, `--statistics`
//! and the NDJSON stream, each snapshotted on a small project whose lints are defined here, so
//! the snapshots change only when the formats do.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

mod common;
use common::write;

const BANNED_PHRASE: &str = r#"
severity = "warning"
message = "house style avoids \"{match}\""
help = "write \"{replacement}\" instead"
what = "Finds phrases the house style guide bans. Each has a plainer replacement."
why = "Consistent wording is part of the publication's voice."
fix = "replace"
[check.phrase]
phrases = ["game changer"]
replacement = "turning point"
[[example]]
bad = "The port is a ⟦game changer⟧ for the town."
fixed = "The port is a turning point for the town."
[[example]]
good = "The game changed after half-time."
"#;

const PROMO_LINE: &str = r#"
severity = "error"
message = "promotion line \"{match}\""
help = "delete the line"
what = "Finds the site's subscription promotion left in article text."
why = "Readers of the archive cannot subscribe from a stored article."
fix = "delete-line"
[check.boilerplate-line]
patterns = ['Subscribe now for more stories']
[[example]]
bad = "⟦Subscribe now for more stories⟧"
fixed = ""
[[example]]
good = "Readers can subscribe now for more stories, the editor said."
"#;

const WEASEL: &str = r#"
severity = "info"
message = "unnamed source \"{match}\""
what = "Finds claims pinned on unnamed sources."
why = "The reader cannot weigh a claim whose source is hidden."
[check.phrase]
phrases = ["sources say"]
[[example]]
bad = "The deal is close, ⟦sources say⟧."
[[example]]
good = "The deal is close, the minister said."
"#;

/// A project with the three lints above and a folder of news: a Markdown story with an emoji
/// before its findings, a plain story whose name needs escaping, a clean story and a file that
/// is not UTF-8.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "lints/house/banned-phrase.toml",
        BANNED_PHRASE.as_bytes(),
    );
    write(root, "lints/house/promo-line.toml", PROMO_LINE.as_bytes());
    write(root, "lints/house/weasel.toml", WEASEL.as_bytes());
    write(
        root,
        "news/harbour.md",
        "---\ntitle: Harbour talks\n---\n\n# Harbour talks\n\n😀 The deal is a game changer for the port, sources say.\n\nSubscribe now for more stories\n\nThe union said talks would resume on Monday.\n".as_bytes(),
    );
    write(
        root,
        "news/a, b:c.txt",
        b"Officials called the plan a game changer.\n",
    );
    write(root, "news/clean.txt", b"The council met on Monday.\n");
    write(root, "news/latin1.txt", b"Caf\xe9 owners met.\n");
    dir
}

fn copydesk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("copydesk runs")
}

const HOUSE: [&str; 5] = ["--isolated", "--lints", "lints", "--select", "house"];

/// Runs `check` over the news folder in `format`; the version is masked so releases do not
/// change the snapshots.
fn check(format: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let dir = project();
    let mut args = vec!["check", "--format", format];
    args.extend(HOUSE);
    args.extend(extra);
    args.push("news");
    let output = copydesk(dir.path(), &args);
    let stdout = String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .replace(env!("CARGO_PKG_VERSION"), "[version]");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 errors");
    (output.status.code(), stdout, stderr)
}

#[test]
fn github_annotations() {
    let (code, stdout, _) = check("github", &[]);
    assert_eq!(code, Some(2), "the file that is not UTF-8 is an error");
    insta::assert_snapshot!("github", stdout);
}

#[test]
fn junit_xml() {
    let (code, stdout, _) = check("junit", &[]);
    assert_eq!(code, Some(2));
    insta::assert_snapshot!("junit", stdout);
}

#[test]
fn sarif_log() {
    let (code, stdout, _) = check("sarif", &[]);
    assert_eq!(code, Some(2));
    let log: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    validate_sarif(&log);
    insta::assert_snapshot!("sarif", stdout);
}

#[test]
fn statistics_table_and_json() {
    let (code, stdout, stderr) = check("human", &["--statistics"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("latin1.txt: not valid UTF-8"), "{stderr}");
    insta::assert_snapshot!("statistics_table", stdout);
    let (_, stdout, _) = check("json", &["--statistics"]);
    insta::assert_snapshot!("statistics_json", stdout);
    let (code, _, stderr) = check("sarif", &["--statistics"]);
    assert_eq!(code, Some(2), "statistics are a table or JSON");
    assert!(stderr.contains("--statistics"), "{stderr}");
}

const RECORDS: &str = r##"{"id": 1, "text": "It was a game changer.", "format": "plain"}
{"id": "md-2", "text": "# Title\n\n😀 A game changer, sources say.\n\nSubscribe now for more stories\n", "format": "markdown"}
not a record

{"id": 3, "text": "Nothing to see here."}
{"id": 4, "text": "A game changer.", "format": "html"}
{"id": [5], "text": "Ids may be any JSON value: a game changer."}
"##;

fn ndjson(dir: &Path, input: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--ndjson"];
    args.extend(HOUSE);
    args.extend(extra);
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir)
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("copydesk runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(input.as_bytes()).expect("write records");
    drop(stdin);
    child.wait_with_output().expect("copydesk finishes")
}

#[test]
fn ndjson_answers_each_record_in_order() {
    let dir = project();
    let output = ndjson(dir.path(), RECORDS, &[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "findings are answers, not failures"
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    for line in stdout.lines() {
        let _: Value = serde_json::from_str(line).expect("each line is one JSON value");
    }
    insta::assert_snapshot!("ndjson", stdout);

    let output = ndjson(dir.path(), RECORDS, &["--fail-on", "error"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "--fail-on makes findings fail"
    );
    let output = ndjson(dir.path(), "", &[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());

    let refused = copydesk(dir.path(), &["check", "--ndjson", "--format", "json"]);
    assert_eq!(refused.status.code(), Some(2), "NDJSON has its own output");
}

#[test]
fn ndjson_answers_a_record_before_the_next_arrives() {
    // A caller that keeps one process and waits for each answer (a worker's coprocess) must
    // not wait for a chunk to fill up.
    let dir = project();
    let mut args = vec!["check", "--ndjson"];
    args.extend(HOUSE);
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .current_dir(dir.path())
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("copydesk runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    let (sender, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if sender.send(line.expect("read line")).is_err() {
                return;
            }
        }
    });
    for id in 0..3 {
        writeln!(stdin, r#"{{"id": {id}, "text": "A game changer."}}"#).expect("write record");
        stdin.flush().expect("flush");
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("an answer while the input stays open");
        let answer: Value = serde_json::from_str(&line).expect("JSON line");
        assert_eq!(answer["id"], id);
        assert_eq!(answer["diagnostics"][0]["lint"], "house/banned-phrase");
    }
    drop(stdin);
    assert_eq!(child.wait().expect("copydesk exits").code(), Some(0));
}

/// Checks the required properties and value constraints of the SARIF 2.1.0 schema for every
/// object copydesk writes.
fn validate_sarif(log: &Value) {
    let text = |v: &Value, what: &str| -> String {
        v.as_str()
            .unwrap_or_else(|| panic!("{what} must be a string: {v}"))
            .to_string()
    };
    let array = |v: &Value, what: &str| -> Vec<Value> {
        v.as_array()
            .unwrap_or_else(|| panic!("{what} must be an array: {v}"))
            .clone()
    };
    let level = |v: &Value, what: &str| {
        let l = text(v, what);
        assert!(
            ["none", "note", "warning", "error"].contains(&l.as_str()),
            "{what}: {l}"
        );
    };
    let message = |v: &Value, what: &str| {
        assert!(
            v["text"].is_string() || v["id"].is_string(),
            "{what} needs text or id: {v}"
        );
    };
    let uri = |v: &Value, what: &str| {
        let u = text(&v["uri"], what);
        assert!(
            !u.is_empty() && !u.contains([' ', ',', '\\']),
            "{what}: a URI reference has no raw spaces: {u}"
        );
    };
    let region = |r: &Value, what: &str| {
        let n = |key: &str| {
            r[key]
                .as_u64()
                .unwrap_or_else(|| panic!("{what}.{key} must be an integer: {r}"))
        };
        let (start_line, start_column, end_line, end_column) = (
            n("startLine"),
            n("startColumn"),
            n("endLine"),
            n("endColumn"),
        );
        assert!(
            start_line >= 1 && start_column >= 1 && end_column >= 1,
            "{what}: {r}"
        );
        assert!(
            end_line > start_line || (end_line == start_line && end_column >= start_column),
            "{what} ends before it starts: {r}"
        );
    };

    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .unwrap()
            .ends_with("sarif-schema-2.1.0.json")
    );
    let runs = array(&log["runs"], "runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(text(&driver["name"], "driver.name"), "copydesk");
    let rules = array(&driver["rules"], "rules");
    for rule in &rules {
        text(&rule["id"], "rule.id");
        for key in ["shortDescription", "fullDescription", "help"] {
            text(&rule[key]["text"], key);
        }
        level(
            &rule["defaultConfiguration"]["level"],
            "defaultConfiguration.level",
        );
    }
    assert!(["utf16CodeUnits", "unicodeCodePoints"].contains(&run["columnKind"].as_str().unwrap()));
    for invocation in array(&run["invocations"], "invocations") {
        assert!(invocation["executionSuccessful"].is_boolean());
        for notification in array(&invocation["toolExecutionNotifications"], "notifications") {
            message(&notification["message"], "notification.message");
            level(&notification["level"], "notification.level");
        }
    }
    let results = array(&run["results"], "results");
    assert!(!results.is_empty());
    for result in &results {
        message(&result["message"], "result.message");
        let id = text(&result["ruleId"], "ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"],
            id.as_str(),
            "ruleIndex points at ruleId"
        );
        level(&result["level"], "result.level");
        for location in array(&result["locations"], "locations") {
            let physical = &location["physicalLocation"];
            uri(&physical["artifactLocation"], "artifactLocation");
            region(&physical["region"], "region");
        }
        for fix in result["fixes"].as_array().into_iter().flatten() {
            let changes = array(&fix["artifactChanges"], "artifactChanges");
            assert!(!changes.is_empty());
            for change in changes {
                uri(&change["artifactLocation"], "change.artifactLocation");
                let replacements = array(&change["replacements"], "replacements");
                assert!(!replacements.is_empty());
                for replacement in replacements {
                    region(&replacement["deletedRegion"], "deletedRegion");
                    text(&replacement["insertedContent"]["text"], "insertedContent");
                }
            }
        }
    }
}

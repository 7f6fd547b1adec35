//! End-to-end tests of the binary: output formats, exit codes, bad input and bad lint files.

use std::path::Path;

use assert_cmd::Command;

mod common;
use common::{json_of, write};

fn copydesk() -> Command {
    let mut cmd = Command::cargo_bin("copydesk").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    cmd
}

const DAMAGED: &str = "Harbour Talks Resume\n\nThe the union met on Monday.\n\nRelated Articles\n\nTalks continue next week.\n";

#[test]
fn human_output_shows_source_excerpts_and_help() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", DAMAGED.as_bytes());
    let output = copydesk()
        .current_dir(dir.path())
        .args(["check", "story.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!("human_output", stdout);
}

#[test]
fn color_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", DAMAGED.as_bytes());
    let plain = copydesk()
        .current_dir(dir.path())
        .args(["check", "story.txt"])
        .output()
        .unwrap();
    assert!(
        !plain.stdout.contains(&0x1b),
        "no escape codes when not on a terminal"
    );
    let colored = copydesk()
        .current_dir(dir.path())
        .args(["check", "--color", "always", "story.txt"])
        .output()
        .unwrap();
    assert!(colored.stdout.contains(&0x1b), "--color always colours");
}

#[test]
fn json_output_follows_the_documented_schema() {
    let output = copydesk()
        .args(["check", "--format", "json", "fixtures/articles"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json = json_of(&output.stdout);
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "copydesk");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics array");
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        for key in ["path", "lint", "severity", "message", "matched"] {
            assert!(d[key].is_string(), "{key} is a string in {d}");
        }
        for key in ["start", "end"] {
            for field in ["offset", "line", "column"] {
                assert!(d[key][field].as_u64().is_some(), "{key}.{field} in {d}");
            }
        }
        assert!(d["labels"].is_array());
        assert!(d["help"].is_string() || d["help"].is_null());
        assert!(d["fix"].is_object() || d["fix"].is_null());
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
    }
    let summary = &json["summary"];
    assert_eq!(
        summary["diagnostics"].as_u64(),
        Some(diagnostics.len() as u64)
    );
    assert_eq!(summary["errors"], 0);
    // Sorted by path, then offset.
    let keys: Vec<(String, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["start"]["offset"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn json_positions_match_the_text() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "story.txt",
        "Ça commence.\n\nLe le chat dort.\n".as_bytes(),
    );
    let output = copydesk()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "story.txt"])
        .output()
        .unwrap();
    let json = json_of(&output.stdout);
    let d = &json["diagnostics"][0];
    assert_eq!(d["lint"], "truncation/doubled-word");
    assert_eq!(d["matched"], "Le le");
    assert_eq!(d["start"]["line"], 3);
    assert_eq!(d["start"]["column"], 1);
    assert_eq!(d["start"]["offset"], "Ça commence.\n\n".len());
    assert_eq!(d["fix"]["edits"][0]["replacement"], "Le");
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clean.txt",
        b"The council met on Monday. It approved the plan.\n",
    );
    write(dir.path(), "damaged.txt", DAMAGED.as_bytes());
    copydesk()
        .current_dir(dir.path())
        .args(["check", "clean.txt"])
        .assert()
        .code(0);
    copydesk()
        .current_dir(dir.path())
        .args(["check", "damaged.txt"])
        .assert()
        .code(1);
    copydesk()
        .current_dir(dir.path())
        .args(["check", "--fail-on", "error", "damaged.txt"])
        .assert()
        .code(0);
    copydesk()
        .current_dir(dir.path())
        .args(["check", "--fail-on", "never", "damaged.txt"])
        .assert()
        .code(0);
    copydesk()
        .current_dir(dir.path())
        .args(["check", "--no-such-flag"])
        .assert()
        .code(2);
}

#[test]
fn bad_files_are_reported_and_the_rest_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-latin1.txt", b"Caf\xe9 society met.\n");
    write(dir.path(), "b-binary.txt", b"\x00\x01\x02binary");
    write(dir.path(), "c-empty.txt", b"");
    write(dir.path(), "d-damaged.txt", DAMAGED.as_bytes());
    let output = copydesk()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "a non-UTF-8 file is an error"
    );
    let json = json_of(&output.stdout);
    let errors = json["errors"].as_array().unwrap();
    let messages: Vec<&str> = errors
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("a-latin1.txt")
            && m.contains("not valid UTF-8")
            && m.contains("offset 3")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("b-binary.txt") && m.contains("binary")),
        "{messages:?}"
    );
    let linted: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(
        linted.iter().any(|p| p.ends_with("d-damaged.txt")),
        "other files are still linted"
    );

    let human = copydesk()
        .current_dir(dir.path())
        .args(["check", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8(human.stderr).unwrap();
    assert!(
        stderr.contains("error: ./a-latin1.txt: not valid UTF-8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: ./b-binary.txt: binary file"),
        "{stderr}"
    );
}

#[test]
fn missing_path_is_an_error() {
    let output = copydesk()
        .args(["check", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/file.txt"));
}

#[test]
fn walking_skips_hidden_target_and_other_extensions_and_honours_globs() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        ".hidden/a.txt",
        "target/b.md",
        "node_modules/c.md",
        "notes.rst",
        "drafts/d.txt",
        "e.markdown",
        "f.md",
    ] {
        write(dir.path(), name, DAMAGED.as_bytes());
    }
    let paths = |args: &[&str]| -> Vec<String> {
        let output = copydesk()
            .current_dir(dir.path())
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let json = json_of(&output.stdout);
        let mut paths: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                d["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("./")
                    .to_string()
            })
            .collect();
        paths.dedup();
        paths
    };
    assert_eq!(paths(&["."]), vec!["drafts/d.txt", "e.markdown", "f.md"]);
    assert_eq!(
        paths(&["--exclude", "drafts", "."]),
        vec!["e.markdown", "f.md"]
    );
    assert_eq!(paths(&["--include", "*.rst", "."]), vec!["notes.rst"]);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let run = |threads: &str| {
        copydesk()
            .args([
                "check",
                "--format",
                "json",
                "--threads",
                threads,
                "fixtures",
            ])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("4"));
}

#[test]
fn standard_input_is_linted_with_its_stated_name() {
    let output = copydesk()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "story.md",
            "-",
        ])
        .write_stdin(DAMAGED)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json = json_of(&output.stdout);
    assert_eq!(json["diagnostics"][0]["path"], "story.md");
}

#[test]
fn fix_rewrites_the_file_and_a_second_run_finds_nothing_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "story.txt", DAMAGED.as_bytes());
    copydesk()
        .current_dir(dir.path())
        .args(["check", "--fix", "story.txt"])
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        "Harbour Talks Resume\n\nThe union met on Monday.\n\nTalks continue next week.\n"
    );
    let again = copydesk()
        .current_dir(dir.path())
        .args(["check", "--fix", "story.txt"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&again.stdout).contains("Fixed"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
}

#[test]
fn rules_lists_every_lint() {
    let output = copydesk()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let rules = json_of(&output.stdout);
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"truncation/doubled-word"));
    let on_disk = walk_toml(&Path::new(env!("CARGO_MANIFEST_DIR")).join("lints"));
    assert_eq!(ids.len(), on_disk, "every lints/**/*.toml is listed");
    let table = copydesk().arg("rules").output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert_eq!(table.lines().count(), on_disk);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("truncation/doubled-word")
                && l.contains("repetition")
                && l.contains("warning"))
    );
}

fn walk_toml(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk_toml(&p)
            } else {
                usize::from(p.extension().is_some_and(|x| x == "toml"))
            }
        })
        .sum()
}

#[test]
fn version_and_help() {
    let version = copydesk().arg("--version").output().unwrap();
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        format!("copydesk {}", env!("CARGO_PKG_VERSION"))
    );
    let help = copydesk().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for flag in [
        "--format",
        "--fail-on",
        "--lints",
        "--include",
        "--exclude",
        "--fix",
        "--threads",
        "--color",
    ] {
        assert!(help.contains(flag), "check --help mentions {flag}");
    }
}

/// Each kind of broken lint definition exits 2 with an error naming the file, line and column.
#[test]
fn broken_lint_definitions_point_at_the_line() {
    const HEAD: &str = "severity = \"warning\"\nmessage = \"found {match}\"\nwhat = \"Finds a test phrase in text.\"\nwhy = \"The test needs a reason to exist.\"\n";
    let cases: &[(&str, String, &str, &str)] = &[
        (
            "unknown-key",
            format!("{HEAD}colour = \"red\"\n[check.phrase]\nphrases = [\"x\"]\n"),
            "unknown field `colour`",
            ":5:1",
        ),
        (
            "unknown-kind",
            format!("{HEAD}[check.telepathy]\nlevel = 3\n"),
            "unknown variant `telepathy`",
            ":5:",
        ),
        (
            "bad-severity",
            format!(
                "{}[check.phrase]\nphrases = [\"x\"]\n",
                HEAD.replace("\"warning\"", "\"fatal\"")
            ),
            "unknown variant `fatal`",
            ":1:12",
        ),
        (
            "bad-regex",
            format!("{HEAD}[check.phrase]\npatterns = ['ok', 'a(b']\n"),
            "invalid regex",
            ":6:19",
        ),
        (
            "bad-example",
            format!("{HEAD}[check.phrase]\nphrases = [\"x\"]\n[[example]]\ngood = \"a ⟦x⟧\"\n"),
            "a `good` example has no span marks",
            ":7:1",
        ),
        ("bad-toml", format!("{HEAD}[check.phrase\n"), "", ":5:"),
        (
            "unknown-param",
            format!("{HEAD}[check.phrase]\nphrasez = [\"x\"]\n"),
            "unknown field `phrasez`",
            ":6:1",
        ),
    ];
    for (name, text, expected, location) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &format!("custom/{name}.toml"), text.as_bytes());
        let output = copydesk()
            .args(["check", "--lints"])
            .arg(dir.path())
            .arg("fixtures/articles")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("custom/{name}.toml{location}")),
            "{name}: expected {location} in {stderr}"
        );
        assert!(
            stderr.contains(&format!("custom/{name}")),
            "{name}: the lint is named: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn a_lint_id_defined_twice_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("lints/truncation/doubled-word.toml"),
    )
    .unwrap();
    write(
        dir.path(),
        "truncation/doubled-word.toml",
        builtin.as_bytes(),
    );
    let output = copydesk()
        .args(["rules", "--lints"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("already defined"));
}

#[test]
fn a_project_lint_pack_adds_lints_without_rust() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "house/banned-phrase.toml",
        "severity = \"error\"\nmessage = \"house style forbids \\\"{match}\\\"\"\nwhat = \"Finds phrases the house style bans.\"\nwhy = \"The style guide says so, for clarity.\"\n[check.phrase]\nphrases = [\"game changer\"]\n".as_bytes(),
    );
    let story = write(
        dir.path(),
        "story.txt",
        b"The new port is a game changer for the town.\n",
    );
    let output = copydesk()
        .args(["check", "--format", "json", "--lints"])
        .arg(dir.path())
        .arg(&story)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json = json_of(&output.stdout);
    assert_eq!(json["diagnostics"][0]["lint"], "house/banned-phrase");
    assert_eq!(
        json["diagnostics"][0]["message"],
        "house style forbids \"game changer\""
    );
    assert_eq!(json["diagnostics"][0]["severity"], "error");
}

/// Output is written chunk by chunk: across chunk boundaries every file is reported once, in
/// path order, and the human and JSON runs agree on the totals.
#[test]
fn streamed_output_covers_every_file_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let count = 300;
    for i in 0..count {
        write(
            dir.path(),
            &format!("a/{i:03}.txt"),
            format!("Story {i} ends here and the the vote passed.\n").as_bytes(),
        );
    }
    let json = copydesk()
        .args(["check", "--format", "json", "--threads", "2"])
        .arg(dir.path())
        .output()
        .unwrap();
    let json = json_of(&json.stdout);
    let paths: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), count);
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "each once, in order");
    assert_eq!(json["summary"]["files"], count);
    assert_eq!(json["summary"]["diagnostics"], count);
    let human = copydesk()
        .args(["check", "--color", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(
        human.ends_with(&format!(
            "Found {count} problems in {count} of {count} files.\n"
        )),
        "{}",
        &human[human.len().saturating_sub(200)..]
    );
    assert_eq!(human.matches("truncation/doubled-word").count(), count);
}

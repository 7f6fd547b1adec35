//! Bad input is reported and the run goes on; nothing is lost. End-to-end tests of the binary
//! against oversized input, symbolic links that lead nowhere, and a fix killed part-way.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;

mod common;
use common::{copydesk_in as copydesk, json_of, write};

/// A doubled word and a leftover line: two findings, both with safe fixes.
const DAMAGED: &str = "Harbour Talks Resume\n\nThe the union met on Monday.\n\nRelated Articles\n\nTalks continue next week.\n";

/// The paths with findings in a JSON run, in order, each once.
fn linted_paths(json: &Value) -> Vec<String> {
    let mut paths: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    paths
}

/// The `errors` entries of a JSON run as `level: message`.
fn problems(json: &Value) -> Vec<String> {
    json["errors"]
        .as_array()
        .expect("errors array")
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["level"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            )
        })
        .collect()
}

const RAISE: &str = "raise max-file-size in copydesk.toml or pass --max-file-size";

#[test]
fn a_file_over_the_default_limit_is_refused_unread_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", DAMAGED.as_bytes());
    // 200 MiB of prose, written a mebibyte at a time.
    let sentence = b"The council met on Monday and talked about the budget. ";
    let block: Vec<u8> = sentence.iter().copied().cycle().take(1 << 20).collect();
    let mut big = std::fs::File::create(dir.path().join("dump.txt")).unwrap();
    for _ in 0..200 {
        big.write_all(&block).unwrap();
    }
    drop(big);
    assert_eq!(
        std::fs::metadata(dir.path().join("dump.txt"))
            .unwrap()
            .len(),
        200 << 20
    );
    let output = copydesk(dir.path())
        .args(["check", "--isolated", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a refused file is an error");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "error: ./dump.txt: too large to lint: 200 MiB is over the limit of 32 MiB; {RAISE}\n"
        )
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("./story.txt:3:1"), "{stdout}");
    assert!(
        stdout.contains("Found 2 problems in 1 of 1 file."),
        "{stdout}"
    );
}

#[test]
fn a_lowered_limit_refuses_larger_files_and_the_command_line_overrides_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "copydesk.toml", b"max-file-size = \"1KiB\"\n");
    write(dir.path(), "a-small.txt", DAMAGED.as_bytes());
    let long = format!("The the council met.\n\n{}", "It met again. ".repeat(141));
    assert_eq!(long.len(), 1996);
    write(dir.path(), "b-long.txt", long.as_bytes());
    write(dir.path(), "c-small.txt", DAMAGED.as_bytes());

    let output = copydesk(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json = json_of(&output.stdout);
    assert_eq!(
        problems(&json),
        [format!(
            "error: ./b-long.txt: too large to lint: 1996 bytes (1.9 KiB) is over the limit of 1 KiB; {RAISE}"
        )]
    );
    assert_eq!(linted_paths(&json), ["./a-small.txt", "./c-small.txt"]);
    assert_eq!(json["summary"]["files"], 2);

    let output = copydesk(dir.path())
        .args(["check", "--format", "json", "--max-file-size", "4KiB", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "findings only");
    let json = json_of(&output.stdout);
    assert!(problems(&json).is_empty());
    assert_eq!(
        linted_paths(&json),
        ["./a-small.txt", "./b-long.txt", "./c-small.txt"]
    );

    // The limit is inclusive: a file of exactly the limit is linted, one byte more is not.
    let at = |limit: &str| {
        copydesk(dir.path())
            .args(["check", "--max-file-size", limit, "b-long.txt"])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(at("1996"), Some(1));
    assert_eq!(at("1995"), Some(2));
}

#[test]
fn standard_input_and_ndjson_records_respect_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("The the council met.\n\n{}", "It met again. ".repeat(141));
    let output = copydesk(dir.path())
        .args(["check", "--isolated", "--max-file-size", "1KiB", "-"])
        .write_stdin(long.clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("error: -: too large to lint: over the limit of 1 KiB; {RAISE}\n")
    );
    assert!(output.stdout.is_empty(), "nothing of it was linted");
    copydesk(dir.path())
        .args(["check", "--isolated", "--max-file-size", "4KiB", "-"])
        .write_stdin(long.clone())
        .assert()
        .code(1);

    // The configuration's limit governs NDJSON records too.
    write(dir.path(), "copydesk.toml", b"max-file-size = 1024\n");
    let records = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "long", "text": long}),
        serde_json::json!({"id": "short", "text": "The the end."})
    );
    let output = copydesk(dir.path())
        .args(["check", "--ndjson"])
        .write_stdin(records)
        .output()
        .unwrap();
    let lines: Vec<Value> = output
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(json_of)
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0]["error"],
        format!("record longer than the limit of 1 KiB, skipped; {RAISE}")
    );
    assert_eq!(lines[1]["id"], "short");
    assert_eq!(
        lines[1]["diagnostics"][0]["lint"],
        "truncation/doubled-word"
    );
}

#[test]
fn config_shows_the_resolved_limit() {
    let dir = tempfile::tempdir().unwrap();
    let shown = |args: &[&str]| {
        let output = copydesk(dir.path())
            .arg("config")
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(
        shown(&["--isolated"])
            .lines()
            .any(|l| l == "max-file-size = 32 MiB (default)")
    );
    let json = json_of(shown(&["--isolated", "--format", "json"]).as_bytes());
    assert_eq!(json["max-file-size"], 32 << 20);
    write(dir.path(), "copydesk.toml", b"max-file-size = \"500 KB\"\n");
    assert!(shown(&[]).lines().any(|l| l == "max-file-size = 500 KB"));
    let json = json_of(shown(&["--format", "json"]).as_bytes());
    assert_eq!(json["max-file-size"], 500_000);
}

#[test]
fn a_bad_size_on_the_command_line_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = copydesk(dir.path())
        .args(["check", "--max-file-size", "lots", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("invalid value 'lots' for '--max-file-size <SIZE>': invalid size \"lots\""),
        "{stderr}"
    );
}

/// A folder with two articles, a broken link and an endless link that would be linted, a broken
/// link that would not be, and a link back up the tree.
#[cfg(unix)]
fn folder_with_bad_links(dir: &Path) {
    use std::os::unix::fs::symlink;
    write(dir, "a-story.md", DAMAGED.as_bytes());
    write(dir, "sub/b-story.md", DAMAGED.as_bytes());
    symlink("missing.md", dir.join("dangling.md")).unwrap();
    symlink("endless.md", dir.join("endless.md")).unwrap();
    symlink("missing.png", dir.join("logo.png")).unwrap();
    symlink("..", dir.join("sub/up")).unwrap();
}

#[cfg(unix)]
#[test]
fn bad_symbolic_links_are_reported_once_each_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_bad_links(dir.path());
    let output = copydesk(dir.path())
        .args(["check", "--isolated", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "a link that should lead to an article but leads nowhere is an error"
    );
    let json = json_of(&output.stdout);
    assert_eq!(
        problems(&json),
        [
            "error: ./dangling.md: broken symbolic link (its target missing.md does not exist), skipped",
            "error: ./endless.md: symbolic link loop (following endless.md never reaches a file), skipped",
            "note: ./logo.png: broken symbolic link (its target missing.png does not exist), skipped",
            "note: ./sub/up: symbolic link loop (it leads back to ., which is linted already), not followed",
        ]
    );
    assert_eq!(
        linted_paths(&json),
        ["./a-story.md", "./sub/b-story.md"],
        "each article once: the loop is not followed"
    );

    let human = copydesk(dir.path())
        .args(["check", "--isolated", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8(human.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
    assert!(stderr.contains("error: ./dangling.md: broken symbolic link"));
    assert!(!stderr.contains("panicked"));
}

#[cfg(unix)]
#[test]
fn a_loop_or_a_link_that_would_not_be_linted_does_not_fail_the_run() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clean.txt",
        b"The council met on Monday. It approved the plan.\n",
    );
    symlink(".", dir.path().join("loop")).unwrap();
    symlink("missing.png", dir.path().join("logo.png")).unwrap();
    let output = copydesk(dir.path())
        .args(["check", "--isolated", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "notes only");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "note: ./logo.png: broken symbolic link (its target missing.png does not exist), skipped\n\
         note: ./loop: symbolic link loop (it leads back to ., which is linted already), not followed\n"
    );
    // Excluded paths are not walked, so their links are not reported either.
    let output = copydesk(dir.path())
        .args(["check", "--isolated", "--exclude", "logo.png", "."])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(output.stderr)
            .unwrap()
            .contains("logo.png")
    );
}

#[cfg(unix)]
#[test]
fn a_link_named_on_the_command_line_is_linted() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "real/story.txt", DAMAGED.as_bytes());
    symlink("real/story.txt", dir.path().join("link.txt")).unwrap();
    symlink("real/missing.txt", dir.path().join("broken.txt")).unwrap();
    let output = copydesk(dir.path())
        .args(["check", "--isolated", "--format", "json", "link.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(linted_paths(&json_of(&output.stdout)), ["link.txt"]);

    let output = copydesk(dir.path())
        .args(["check", "--isolated", "broken.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: broken.txt: broken symbolic link (its target real/missing.txt does not exist), skipped\n"
    );
}

#[cfg(unix)]
#[test]
fn fixing_through_a_link_fixes_its_target_once_and_keeps_the_link() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let target = write(dir.path(), "real/story.txt", DAMAGED.as_bytes());
    symlink("real/story.txt", dir.path().join("link.txt")).unwrap();
    copydesk(dir.path())
        .args(["check", "--isolated", "--fix", "link.txt"])
        .assert()
        .code(0);
    let link = dir.path().join("link.txt");
    assert!(
        link.symlink_metadata().unwrap().file_type().is_symlink(),
        "the link is still a link"
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "Harbour Talks Resume\n\nThe union met on Monday.\n\nTalks continue next week.\n",
        "its target is fixed"
    );

    // A folder holding both a file and a link to it: the file is fixed once, without a
    // spurious conflict between the two paths.
    std::fs::write(&target, DAMAGED).unwrap();
    symlink("story.txt", dir.path().join("real/alias.txt")).unwrap();
    let output = copydesk(dir.path())
        .args(["check", "--isolated", "--fix", "real"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "Fixed 2 problems.\n"
    );
    assert!(
        !std::fs::read_to_string(&target)
            .unwrap()
            .contains("The the")
    );
}

#[test]
fn a_leftover_fix_temporary_file_is_never_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.md", DAMAGED.as_bytes());
    write(
        dir.path(),
        ".story.md.copydesk-4242.tmp",
        DAMAGED.as_bytes(),
    );
    write(dir.path(), ".draft.md", DAMAGED.as_bytes());
    let output = copydesk(dir.path())
        .args([
            "check",
            "--isolated",
            "--format",
            "json",
            "--include",
            "*",
            ".",
        ])
        .output()
        .unwrap();
    let json = json_of(&output.stdout);
    assert_eq!(
        linted_paths(&json),
        ["./.draft.md", "./story.md"],
        "other hidden files are still linted"
    );
}

/// The damaged fixture articles, each copied `copies` times into `dir` with a numbered name.
fn fill_with_articles(dir: &Path, copies: usize) -> BTreeMap<String, Vec<u8>> {
    let articles = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&articles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("damaged-")
        })
        .collect();
    sources.sort();
    let mut files = BTreeMap::new();
    for copy in 0..copies {
        for source in &sources {
            let name = format!(
                "{copy:02}-{}",
                source.file_name().unwrap().to_string_lossy()
            );
            let bytes = std::fs::read(source).unwrap();
            std::fs::write(dir.join(&name), &bytes).unwrap();
            files.insert(name, bytes);
        }
    }
    files
}

fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// `copydesk check --isolated --fix DIR`, its output discarded.
fn fix_command(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"));
    cmd.args(["check", "--isolated", "--fix", "--color", "never"])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

/// `--fix` killed with SIGKILL at any moment leaves every article either as it was or fully
/// fixed, never half-written, and nothing that a later run takes for an article.
#[cfg(unix)]
#[test]
fn a_fix_killed_at_any_moment_leaves_each_file_whole() {
    use std::os::unix::process::ExitStatusExt;
    const COPIES: usize = 8;
    let work = tempfile::tempdir().unwrap();
    let reference = work.path().join("reference");
    std::fs::create_dir(&reference).unwrap();
    let originals = fill_with_articles(&reference, COPIES);
    let started = Instant::now();
    assert_ne!(fix_command(&reference).status().unwrap().code(), Some(2));
    let full_run = started.elapsed();
    let fixed = contents(&reference);
    assert_eq!(fixed.len(), originals.len(), "no files added or lost");
    let changed = originals.iter().filter(|(n, b)| fixed[*n] != **b).count();
    assert!(
        changed >= originals.len() * 3 / 4,
        "most articles have safe fixes ({changed} of {})",
        originals.len()
    );

    // Kill moments spread from the start to the length of a whole run, so that some land mid-run
    // however fast or slow the machine is; the assertions hold wherever they land.
    let mut report = Vec::new();
    let mut last = PathBuf::new();
    for step in 0..8 {
        last = work.path().join(format!("killed-at-{step}"));
        std::fs::create_dir(&last).unwrap();
        fill_with_articles(&last, COPIES);
        let mut child = fix_command(&last).spawn().unwrap();
        std::thread::sleep(full_run * step / 7);
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let (mut whole_fixed, mut temporary) = (0, 0);
        for (name, bytes) in contents(&last) {
            if let Some(original) = originals.get(&name) {
                assert!(
                    bytes == *original || bytes == fixed[&name],
                    "{name} is neither the original nor the fixed text after a kill at {step}/7"
                );
                whole_fixed += usize::from(bytes != *original);
                continue;
            }
            // Only a temporary file caught between its write and its rename may be left.
            let article = name
                .strip_prefix('.')
                .and_then(|n| n.split_once(".copydesk-"))
                .map(|(article, _)| article);
            assert!(
                article.is_some_and(|a| originals.contains_key(a)) && name.ends_with(".tmp"),
                "unexpected file {name}"
            );
            temporary += 1;
        }
        let ended = if status.signal() == Some(9) {
            "killed"
        } else {
            "finished"
        };
        report.push(format!(
            "{step}/7: {ended}, {whole_fixed} fixed, {temporary} temporary"
        ));
    }
    eprintln!("full run {full_run:?}; {}", report.join("; "));
    assert!(
        report[0].contains("killed"),
        "a kill at once interrupts the run: {report:?}"
    );

    // Running again finishes the job, and takes no leftover for an article even when told to
    // lint every file.
    let output = fix_command(&last)
        .args(["--include", "*", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(2));
    let json = json_of(&output.stdout);
    assert!(
        linted_paths(&json)
            .iter()
            .all(|p| !p.contains(".copydesk-")),
        "{json}"
    );
    for (name, bytes) in &fixed {
        assert_eq!(&std::fs::read(last.join(name)).unwrap(), bytes, "{name}");
    }
}

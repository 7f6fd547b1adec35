//! Project configuration, inline suppression, explain/config/init and --diff, end to end.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{copydesk_in as copydesk, write};

/// Two findings of different families and a warning each: a doubled word and a leftover line.
const STORY: &str = "Harbour Talks Resume\n\nThe the union met on Monday.\n\nRelated Articles\n\nTalks continue next week.\n";

/// (path, lint, severity) of every diagnostic of a JSON run.
fn findings(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<(String, String, String)>) {
    let output = copydesk(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let rows = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("./")
                .to_string();
            (
                path,
                d["lint"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (output.status.code(), rows)
}

fn lints(rows: &[(String, String, String)]) -> Vec<&str> {
    rows.iter().map(|(_, l, _)| l.as_str()).collect()
}

#[test]
fn nearest_config_wins_and_cli_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "copydesk.toml", "ignore = [\"boilerplate\"]\n");
    write(root, "published/story.txt", STORY);
    write(root, "desk/copydesk.toml", "ignore = [\"truncation\"]\n");
    write(root, "desk/story.txt", STORY);

    let (_, rows) = findings(root, &["."]);
    let by_path = |p: &str| {
        rows.iter()
            .filter(|r| r.0 == p)
            .map(|r| r.1.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        by_path("published/story.txt"),
        vec!["truncation/doubled-word"],
        "root config ignores boilerplate"
    );
    assert_eq!(
        by_path("desk/story.txt"),
        vec!["boilerplate/related-links-heading"],
        "the nearer config wins"
    );

    let (_, rows) = findings(root, &["--isolated", "published/story.txt"]);
    assert_eq!(
        lints(&rows),
        vec![
            "truncation/doubled-word",
            "boilerplate/related-links-heading"
        ]
    );

    let (_, rows) = findings(
        root,
        &["--config", "desk/copydesk.toml", "published/story.txt"],
    );
    assert_eq!(
        lints(&rows),
        vec!["boilerplate/related-links-heading"],
        "--config replaces discovery"
    );

    let (_, rows) = findings(
        root,
        &["--extend-select", "boilerplate", "published/story.txt"],
    );
    assert_eq!(
        rows.len(),
        2,
        "the command line re-enables what the file ignored"
    );
    let (_, rows) = findings(
        root,
        &[
            "--select",
            "boilerplate/related-links-heading",
            "--isolated",
            "published/story.txt",
        ],
    );
    assert_eq!(lints(&rows), vec!["boilerplate/related-links-heading"]);
    let (_, rows) = findings(root, &["--ignore", "truncation", "published/story.txt"]);
    assert!(rows.is_empty());
}

#[test]
fn every_key_of_the_file_takes_effect() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "packs/house/banned.toml",
        "severity = \"info\"\nmessage = \"house style avoids \\\"{match}\\\"\"\nwhat = \"Finds phrases the house style bans.\"\nwhy = \"The style guide asks for plain words.\"\n[check.phrase]\nphrases = [\"game changer\"]\n",
    );
    write(
        root,
        "copydesk.toml",
        "select = [\"truncation\", \"house\"]\nextend-select = [\"boilerplate/related-links-heading\"]\nignore = [\"truncation/doubled-name\"]\nfail-on = \"error\"\ninclude = [\"*.md\"]\nexclude = [\"archive/**\"]\nlints = [\"packs\"]\n[severity]\n\"truncation\" = \"error\"\n\"truncation/doubled-word\" = \"info\"\n",
    );
    write(
        root,
        "story.md",
        format!("{STORY}\nIt is a game changer.\n"),
    );
    write(root, "story.txt", STORY);
    write(root, "archive/old.md", STORY);
    let (code, rows) = findings(root, &["."]);
    assert_eq!(code, Some(0), "fail-on = error and no error-level finding");
    assert_eq!(
        rows,
        vec![
            (
                "story.md".into(),
                "truncation/doubled-word".into(),
                "info".into()
            ),
            (
                "story.md".into(),
                "boilerplate/related-links-heading".into(),
                "warning".into()
            ),
            ("story.md".into(), "house/banned".into(), "info".into()),
        ],
        "include, exclude, select, extend-select, the lint pack, and the most specific severity"
    );
    let (code, _) = findings(root, &["--fail-on", "info", "."]);
    assert_eq!(code, Some(1), "the command line's fail-on wins");
}

#[test]
fn overrides_loosen_one_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "copydesk.toml",
        "[[overrides]]\npaths = [\"drafts\"]\nignore = [\"boilerplate\"]\nseverity = { \"truncation\" = \"info\" }\n",
    );
    write(root, "drafts/a.txt", STORY);
    write(root, "published/a.txt", STORY);
    let (_, rows) = findings(root, &["."]);
    assert_eq!(
        rows,
        vec![
            (
                "drafts/a.txt".into(),
                "truncation/doubled-word".into(),
                "info".into()
            ),
            (
                "published/a.txt".into(),
                "truncation/doubled-word".into(),
                "warning".into()
            ),
            (
                "published/a.txt".into(),
                "boilerplate/related-links-heading".into(),
                "warning".into()
            ),
        ]
    );
}

#[test]
fn config_errors_point_at_the_line() {
    let cases = [
        (
            "colour = \"red\"\n",
            "unknown field `colour`",
            "copydesk.toml:1:1",
        ),
        (
            "select = [\"truncation\"]\nignore = [\"boilerplat\"]\n",
            "unknown lint or family `boilerplat`",
            "copydesk.toml:2:11",
        ),
        (
            "[severity]\n\"truncation\" = \"loud\"\n",
            "unknown variant `loud`",
            "copydesk.toml:2:16",
        ),
        (
            "[[overrides]]\npaths = [\"a\"]\nselect = [\"nope/nothing\"]\n",
            "unknown lint or family `nope/nothing`",
            "copydesk.toml:3:11",
        ),
        ("fail-on = 3\n", "wanted string", "copydesk.toml:1:11"),
        (
            "fail-on = \"warning\"\nmax-file-size = \"32 potatoes\"\n",
            "invalid size \"32 potatoes\": write a whole number of bytes or a whole number with a unit",
            "copydesk.toml:2:17",
        ),
        (
            "max-file-size = 0\n",
            "a size limit must be at least 1 byte",
            "copydesk.toml:1:17",
        ),
        (
            "max-file-size = 1.5\n",
            "expected a number of bytes or a size such as \"32MiB\"",
            "copydesk.toml:1:17",
        ),
    ];
    for (text, message, location) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "copydesk.toml", text);
        write(dir.path(), "a.txt", STORY);
        let output = copydesk(dir.path())
            .args(["check", "a.txt"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{text}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(message) && stderr.contains(location),
            "{text}: {stderr}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    let output = copydesk(dir.path())
        .args(["check", "--config", "folder.toml", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("is a folder, not a configuration file") && stderr.contains("folder.toml"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing is linted");
}

#[test]
fn init_writes_a_starter_that_loads_and_config_prints_the_result() {
    let dir = tempfile::tempdir().unwrap();
    copydesk(dir.path()).arg("init").assert().success();
    let starter = std::fs::read_to_string(dir.path().join("copydesk.toml")).unwrap();
    assert!(starter.contains("# select ="));
    assert!(starter.contains("# max-file-size = \"32MiB\""));
    copydesk(dir.path()).arg("init").assert().code(2);
    write(dir.path(), "a.txt", STORY);
    copydesk(dir.path())
        .args(["check", "a.txt"])
        .assert()
        .code(1);

    write(
        dir.path(),
        "copydesk.toml",
        "ignore = [\"boilerplate\"]\n[[overrides]]\npaths = [\"drafts/**\"]\nseverity = { \"truncation/doubled-word\" = \"info\" }\n",
    );
    let output = copydesk(dir.path())
        .args(["config", "--format", "json", "drafts/x.txt"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["file"].as_str().unwrap().ends_with("copydesk.toml"));
    let rule = |id: &str| {
        json["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(rule("boilerplate/page-navigation")["enabled"], false);
    assert_eq!(rule("truncation/doubled-word")["severity"], "info");
    let text = copydesk(dir.path()).arg("config").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("boilerplate/page-navigation") && l.ends_with("off"))
    );
}

fn lint_ids(dir: &Path, name: &str, text: &str, extra: &[&str]) -> Vec<String> {
    write(dir, name, text);
    let (_, rows) = findings(dir, &[&["--isolated"], extra, &[name]].concat());
    rows.into_iter().map(|r| r.1).collect()
}

#[test]
fn markdown_directives_silence_lines_regions_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let next_line = "Intro paragraph here.\n\n<!-- copydesk-disable-next-line truncation/doubled-word -->\nThe the union met.\n\nThe the board met.\n";
    assert_eq!(
        lint_ids(d, "a.md", next_line, &[]),
        vec!["truncation/doubled-word"],
        "only the next line is silenced"
    );

    let region = "Intro paragraph here.\n\n<!-- copydesk-disable truncation -->\nThe the union met.\n\nThe the board met.\n<!-- copydesk-enable -->\n\nThe the mayor spoke.\n";
    let ids = lint_ids(d, "b.md", region, &[]);
    assert_eq!(
        ids,
        vec!["truncation/doubled-word"],
        "the region ends at enable"
    );

    let file = "<!-- copydesk-disable-file -->\nThe the union met.\n\nRelated Articles\n";
    assert!(lint_ids(d, "c.md", file, &[]).is_empty());

    let front = "---\ntitle: Test\ncopydesk: { ignore: [boilerplate] }\n---\nThe the union met.\n\nRelated Articles\n";
    assert_eq!(
        lint_ids(d, "d.md", front, &[]),
        vec!["truncation/doubled-word"]
    );
}

#[test]
fn plain_text_directives_are_not_linted_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Intro paragraph here.\n\ncopydesk: disable-next-line truncation/doubled-word\nThe the union met.\n\ncopydesk: disable boilerplate\nRelated Articles\ncopydesk: enable\n";
    assert!(lint_ids(dir.path(), "a.txt", text, &[]).is_empty());
}

#[test]
fn unknown_and_unused_directives_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- copydesk-disable-next-line truncation/no-such-lint -->\nThe union met.\n\n<!-- copydesk-disable-next-line boilerplate -->\nThe council met.\n";
    assert_eq!(
        lint_ids(dir.path(), "a.md", text, &[]),
        vec!["copydesk/directive"]
    );
    assert_eq!(
        lint_ids(dir.path(), "a.md", text, &["--report-unused-directives"]),
        vec!["copydesk/directive", "copydesk/directive"]
    );
}

#[test]
fn diff_shows_fixes_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", STORY);
    let output = copydesk(dir.path())
        .args(["check", "--isolated", "--diff", "a.txt"])
        .output()
        .unwrap();
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(
        diff.contains("--- a/a.txt") && diff.contains("+++ b/a.txt"),
        "{diff}"
    );
    assert!(
        diff.contains("-The the union met on Monday.")
            && diff.contains("+The union met on Monday."),
        "{diff}"
    );
    assert!(diff.contains("-Related Articles"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        STORY,
        "--diff never writes"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn explain_prints_the_lint_documentation() {
    let dir = tempfile::tempdir().unwrap();
    let output = copydesk(dir.path())
        .args(["explain", "truncation/doubled-word"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for part in [
        "What it finds",
        "Why it matters",
        "Fires on",
        "⟦the the⟧",
        "Stays quiet on",
        "copydesk-disable-next-line truncation/doubled-word",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    copydesk(dir.path())
        .args(["explain", "no/such"])
        .assert()
        .code(2);
}

#[test]
fn fix_keeps_permissions_and_leaves_no_temporary_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", STORY);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    copydesk(dir.path())
        .args(["check", "--isolated", "--fix", "a.txt"])
        .assert()
        .code(0);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(!std::fs::read_to_string(&path).unwrap().contains("The the"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
}

#[test]
fn a_names_file_teaches_spellings_titles_and_banned_forms() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "copydesk.toml", "names = \"names.toml\"\n");
    write(
        root,
        "names.toml",
        "[[person]]\nname = \"Vladimir Putin\"\ntitle = \"President\"\n\n[[place]]\nname = \"Kyiv\"\nbanned = [\"Kiev\"]\n",
    );
    let story = "Talks Resume\n\nPrime Minister Vladmir Putin spoke in Kiev on Monday.\n";
    let path = write(root, "a.txt", story);
    let (_, rows) = findings(root, &["a.txt"]);
    let mut ids = lints(&rows);
    ids.sort();
    assert_eq!(
        ids,
        vec![
            "consistency/banned-name",
            "consistency/known-name-spelling",
            "consistency/known-title"
        ]
    );
    copydesk(root)
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(1);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains("Vladimir Putin spoke in Kyiv"),
        "safe fixes applied: {fixed}"
    );
    assert!(
        fixed.contains("Prime Minister"),
        "a title change is only a suggestion: {fixed}"
    );

    write(root, "names.toml", "[[person]]\nnmae = \"Typo\"\n");
    let output = copydesk(root).args(["check", "a.txt"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("names.toml:2:1") && stderr.contains("unknown field `nmae`"),
        "{stderr}"
    );
}

/// `exclude` globs are relative to the configuration's folder: they hold whether copydesk runs
/// from the project root, from a subfolder or with absolute paths.
#[test]
fn exclude_globs_are_relative_to_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "copydesk.toml", "exclude = [\"news/drafts/**\"]\n");
    write(&root, "news/story.md", STORY);
    write(&root, "news/drafts/draft.md", STORY);
    let paths = |rows: &[(String, String, String)]| {
        let mut paths: Vec<String> = rows.iter().map(|(p, _, _)| p.replace('\\', "/")).collect();
        paths.dedup();
        paths
    };
    let (_, from_root) = findings(&root, &[]);
    assert_eq!(paths(&from_root), ["news/story.md"]);
    let (_, from_news) = findings(&root.join("news"), &["."]);
    assert_eq!(paths(&from_news), ["story.md"]);
    let absolute = root.to_string_lossy().into_owned();
    let (_, absolute_rows) = findings(&root.join("news"), &[&absolute]);
    let absolute_paths = paths(&absolute_rows);
    assert_eq!(absolute_paths.len(), 1, "{absolute_paths:?}");
    assert!(absolute_paths[0].ends_with("news/story.md"));
}

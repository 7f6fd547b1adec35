//! The README's table of built-in lints is generated from the lint definitions; this test fails
//! when it is stale. Regenerate with `COPYDESK_BLESS=1 cargo test --test docs`.

use std::path::Path;

use copydesk::Ruleset;

const START: &str = "<!-- lints:start -->";
const END: &str = "<!-- lints:end -->";

fn table(ruleset: &Ruleset) -> String {
    let mut out = String::from(
        "\n| lint | kind | severity | fix | what it finds |\n| --- | --- | --- | --- | --- |\n",
    );
    for lint in ruleset.lints() {
        let fix = lint.fix.map_or("", |_| "yes");
        let summary = lint.summary().replace('|', "\\|").replace('\n', " ");
        out.push_str(&format!(
            "| `{}` | {} | {} | {fix} | {summary} |\n",
            lint.id, lint.kind, lint.severity
        ));
    }
    out
}

#[test]
fn readme_lint_table_is_current() {
    let ruleset = Ruleset::builtin().unwrap_or_else(|e| panic!("built-in lints must load: {e:?}"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md exists");
    let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the {START} … {END} markers");
    };
    let current = &readme[start + START.len()..end];
    let expected = table(&ruleset);
    if current == expected {
        return;
    }
    if std::env::var_os("COPYDESK_BLESS").is_some() {
        let updated = format!(
            "{}{expected}{}",
            &readme[..start + START.len()],
            &readme[end..]
        );
        std::fs::write(&path, updated).expect("README.md is writable");
        return;
    }
    panic!("the README lint table is stale; run `COPYDESK_BLESS=1 cargo test --test docs`");
}

/// `docs/lints.md` is generated from the lint definitions; this fails when it is stale.
#[test]
fn lint_reference_is_current() {
    let ruleset = Ruleset::builtin().unwrap_or_else(|e| panic!("built-in lints must load: {e:?}"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/lints.md");
    let expected = copydesk::render::docs::lints_markdown(&ruleset);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current == expected {
        return;
    }
    if std::env::var_os("COPYDESK_BLESS").is_some() {
        std::fs::write(&path, expected).expect("docs/lints.md is writable");
        return;
    }
    panic!("docs/lints.md is stale; run `COPYDESK_BLESS=1 cargo test --test docs`");
}

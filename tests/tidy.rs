//! Meta-tests on the built-in lints: documentation, examples, message style and fixture folders.

use std::path::Path;

use copydesk::Ruleset;
use copydesk::rules::Example;

#[test]
fn every_lint_is_documented_exemplified_and_has_fixtures() {
    let ruleset = Ruleset::builtin().unwrap_or_else(|e| panic!("built-in lints must load: {e:?}"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    for lint in ruleset.lints() {
        let id = &lint.id;
        let bad = lint
            .examples()
            .iter()
            .filter(|e| matches!(e, Example::Bad { .. }))
            .count();
        let good = lint.examples().len() - bad;
        if bad < 3 || good < 3 {
            problems.push(format!(
                "{id}: needs at least 3 bad and 3 good examples (has {bad} bad, {good} good)"
            ));
        }
        if lint.what.trim().len() < 20 || lint.why.trim().len() < 20 {
            problems.push(format!("{id}: `what` and `why` must explain the lint"));
        }
        let message = lint.message.as_str();
        if message.starts_with(|c: char| c.is_uppercase()) || message.ends_with('.') {
            problems.push(format!(
                "{id}: message must start lowercase and have no final period: {message:?}"
            ));
        }
        let fixtures = root.join("fixtures").join(id);
        let cases = std::fs::read_dir(&fixtures).map(|d| d.count()).unwrap_or(0);
        if cases == 0 {
            problems.push(format!("{id}: no fixture cases in {}", fixtures.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

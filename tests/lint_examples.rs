//! Runs every lint's own `[[example]]` entries: each `bad` example gives exactly one diagnostic
//! of that lint at the marked span, each `good` example none, and each `fixed` text is what the
//! fix produces, with nothing left to report.

use std::path::Path;

use copydesk::names::Names;
use copydesk::rules::Example;
use copydesk::{Format, Ruleset, fix};

#[test]
fn every_lint_example_holds() {
    let mut ruleset =
        Ruleset::builtin().unwrap_or_else(|e| panic!("built-in lints must load: {e:?}"));
    let ids: Vec<String> = ruleset.lints().iter().map(|l| l.id.clone()).collect();
    assert!(!ids.is_empty(), "no built-in lints were loaded");
    let mut failures = Vec::new();
    let mut checked = 0;
    for id in &ids {
        ruleset.select(|l| &l.id == id);
        let lint = ruleset.get(id).expect("listed lint exists");
        let examples = lint.examples().to_vec();
        for (n, example) in examples.iter().enumerate() {
            checked += 1;
            let names = match example.names() {
                Some(text) => Names::parse(text, Path::new("example"))
                    .unwrap_or_else(|e| panic!("{id}: bad names in example: {e}")),
                None => Names::default(),
            };
            ruleset.set_names(names);
            let label = format!("{id} example {}", n + 1);
            match example {
                Example::Bad {
                    text, span, fixed, ..
                } => {
                    let found = ruleset.lint_text(text, Format::Plain);
                    if found.len() != 1 {
                        let got: Vec<_> = found
                            .iter()
                            .map(|d| (d.lint.as_str(), d.matched.as_str()))
                            .collect();
                        failures.push(format!(
                            "{label}: bad example gave {} diagnostics {got:?}\n    {text:?}",
                            found.len()
                        ));
                        continue;
                    }
                    if let Some(span) = span
                        && &found[0].span != span
                    {
                        failures.push(format!(
                            "{label}: reported {:?} but the example marks {:?}",
                            &text[found[0].span.clone()],
                            &text[span.clone()]
                        ));
                    }
                    let Some(expected) = fixed else { continue };
                    let result = fix::apply(text, &found, true);
                    if &result.text != expected {
                        failures.push(format!(
                            "{label}: fix gave {:?}, expected {expected:?}",
                            result.text
                        ));
                    }
                    let left = ruleset.lint_text(&result.text, Format::Plain);
                    if !left.is_empty() {
                        failures.push(format!(
                            "{label}: after the fix {} diagnostics remain",
                            left.len()
                        ));
                    }
                }
                Example::Good { text, .. } => {
                    let found = ruleset.lint_text(text, Format::Plain);
                    if let Some(d) = found.first() {
                        failures.push(format!(
                            "{label}: good example fired on {:?}: {}\n    {text:?}",
                            d.matched, d.message
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no examples were checked");
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

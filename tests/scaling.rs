//! Pathological inputs finish in linear time: eight times the input takes less than sixteen
//! times as long. The ratio is measured within one run (best of three), so it holds on slow
//! and busy machines alike; it is not a wall-clock limit.

use std::time::{Duration, Instant};

use copydesk::{Format, Ruleset};

fn best_of_three(ruleset: &Ruleset, text: &str, format: Format) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(ruleset.lint_text(text, format));
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn assert_linear(name: &str, unit: &str, format: Format) {
    assert_linear_from(name, unit, format, 64 * 1024);
}

/// As [`assert_linear`], from `base` bytes of input (shapes that give a finding per word are
/// slow in unoptimised test builds at the usual size, and show a quadratic cost well before).
fn assert_linear_from(name: &str, unit: &str, format: Format, base: usize) {
    let ruleset = Ruleset::builtin().unwrap_or_else(|e| panic!("built-in lints load: {e:?}"));
    let reps = base / unit.len();
    let small = unit.repeat(reps);
    let large = unit.repeat(reps * 8);
    let (t1, t8) = (
        best_of_three(&ruleset, &small, format),
        best_of_three(&ruleset, &large, format),
    );
    let ratio = t8.as_secs_f64() / t1.as_secs_f64().max(1e-6);
    assert!(
        ratio < 16.0,
        "{name}: 8x the input took {ratio:.1}x as long ({t1:?} -> {t8:?})"
    );
}

/// One test, run case after case, so parallel tests do not skew the ratios.
#[test]
fn pathological_inputs_scale_linearly() {
    assert_linear(
        "no sentence end",
        "and the council kept talking about the budget ",
        Format::Plain,
    );
    // A finding at every word of one endless line: each position is counted from a nearby
    // mark, not from the line start.
    assert_linear_from("findings on one line", "word ", Format::Plain, 16 * 1024);
    assert_linear("quote marks", "“ ", Format::Plain);
    assert_linear("straight quotes", "\"a\" ", Format::Plain);
    assert_linear("short lines", "Related Articles\n", Format::Plain);
    assert_linear(
        "names",
        "Ana Ruiz met Anna Ruis and Ana Ruiz. ",
        Format::Plain,
    );
    assert_linear("emphasis", "*a* _b_ **c** `d` ", Format::Markdown);
    assert_linear("list items", "- item one\n", Format::Markdown);
}

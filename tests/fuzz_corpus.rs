//! Replays the fuzz corpus and every crash the fuzzers found as ordinary tests, so CI checks
//! them without the fuzzing toolchain. Inputs live in `fuzz/corpus/<target>/` and
//! `fuzz/regressions/<target>/`.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).expect("corpus file is readable");
            run(&data);
            count += 1;
        }
    }
    count
}

#[test]
fn fuzz_inputs_replay_without_panics() {
    let mut total = 0;
    total += replay("markdown", |d| {
        copydesk::fuzzing::front_end(d, copydesk::Format::Markdown)
    });
    total += replay("plain", |d| {
        copydesk::fuzzing::front_end(d, copydesk::Format::Plain)
    });
    total += replay("lint_loader", copydesk::fuzzing::lint_loader);
    total += replay("engine", copydesk::fuzzing::engine);
    assert!(total > 0, "the fuzz corpus is committed under fuzz/corpus");
}

//! The TOML lint loader on arbitrary input: errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    copydesk::fuzzing::lint_loader(data);
});

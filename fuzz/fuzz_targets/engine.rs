//! The whole default ruleset, with fixes applied, on arbitrary UTF-8.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    copydesk::fuzzing::engine(data);
});

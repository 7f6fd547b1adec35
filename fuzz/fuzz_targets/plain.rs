//! The plain-text front end on arbitrary UTF-8: no panic, spans on char boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    copydesk::fuzzing::front_end(data, copydesk::Format::Plain);
});

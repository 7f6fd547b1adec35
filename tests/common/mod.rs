//! Helpers the end-to-end test files share.

#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Writes `contents` to `dir/name`, creating folders on the way.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(&path, contents).expect("write file");
    path
}

/// Parses a run's JSON output, showing the output when it is not JSON.
pub fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap_or_else(|e| {
        panic!(
            "output is not JSON ({e}): {}",
            String::from_utf8_lossy(output)
        )
    })
}

/// The copydesk binary, run in `dir`.
pub fn copydesk_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("copydesk").expect("binary builds");
    cmd.current_dir(dir);
    cmd
}

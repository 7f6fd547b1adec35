//! Embeds every built-in lint definition (`lints/**/*.toml`) into the binary, so the installed
//! tool needs no data files beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=lints");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lints");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut out =
        String::from("/// Built-in lints: (id, path relative to the crate, TOML text).\n");
    out.push_str("pub static BUILTIN_LINTS: &[(&str, &str, &str)] = &[\n");
    for file in &files {
        let relative = file
            .strip_prefix(&root)
            .expect("lint path lies under lints/");
        let id = relative
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        let shown = format!("lints/{}", relative.to_string_lossy().replace('\\', "/"));
        writeln!(
            out,
            "    ({id:?}, {shown:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("writing to a String cannot fail");
        println!("cargo:rerun-if-changed={}", file.display());
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_lints.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}

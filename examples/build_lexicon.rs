//! Builds the embedded lexicon (`data/lexicon.fst`) from the TSV that
//! `scripts/build-lexicon.sh` derives from SCOWL.
//!
//! Input: one `word<TAB>level<TAB>flags` line per word, keys lowercase and
//! sorted bytewise (`LC_ALL=C`), `flags` a combination of `l` (seen as a
//! lowercase word) and `c` (seen capitalised), or `-` for neither.
//!
//! Usage: `cargo run --release --example build_lexicon -- <input.tsv> <output.fst>`

use std::error::Error;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

// Value layout shared with src/lexicon/mod.rs; keep both in sync.
const LOWERCASE_BIT: u64 = 1 << 8;
const CAPITALIZED_BIT: u64 = 1 << 9;
/// SCOWL's most common size level; the runtime stops a completion search
/// once it finds a word this common, which is only right if none is lower.
const LOWEST_LEVEL: u8 = 10;

fn main() -> ExitCode {
    match run() {
        Ok(count) => {
            eprintln!("build_lexicon: wrote {count} words");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("build_lexicon: error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<usize, Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: build_lexicon <input.tsv> <output.fst>".into());
    };

    // Written to a sibling file first so a failed build never leaves a
    // truncated lexicon where the crate would embed it.
    let tmp_path = format!("{output}.tmp");
    let count = match build(input, &tmp_path) {
        Ok(count) => count,
        Err(err) => {
            // Best effort: the build error is the one worth reporting.
            let _ = std::fs::remove_file(&tmp_path);
            return Err(err);
        }
    };
    std::fs::rename(&tmp_path, output)
        .map_err(|e| format!("cannot move {tmp_path} to {output}: {e}"))?;
    Ok(count)
}

fn build(input: &str, tmp_path: &str) -> Result<usize, Box<dyn Error>> {
    let reader =
        BufReader::new(File::open(input).map_err(|e| format!("cannot open {input}: {e}"))?);
    let writer = BufWriter::new(
        File::create(tmp_path).map_err(|e| format!("cannot create {tmp_path}: {e}"))?,
    );
    let mut builder = fst::MapBuilder::new(writer)?;

    let mut previous: Option<String> = None;
    let mut count = 0usize;
    for (index, line) in reader.lines().enumerate() {
        let lineno = index + 1;
        let line = line.map_err(|e| format!("{input}:{lineno}: cannot read line: {e}"))?;
        if line.is_empty() {
            continue;
        }
        let (word, value) =
            parse_line(&line).map_err(|e| format!("{input}:{lineno}: {e}: {line:?}"))?;
        if let Some(prev) = &previous
            && prev.as_bytes() >= word.as_bytes()
        {
            return Err(format!(
                "{input}:{lineno}: {word:?} is not after {prev:?}; \
                 sort the input with LC_ALL=C and remove duplicates"
            )
            .into());
        }
        builder
            .insert(word, value)
            .map_err(|e| format!("{input}:{lineno}: cannot insert {word:?}: {e}"))?;
        previous = Some(word.to_owned());
        count += 1;
    }
    if count == 0 {
        return Err(format!("{input}: no words; refusing to write an empty lexicon").into());
    }

    let mut writer = builder.into_inner()?;
    writer.flush()?;
    Ok(count)
}

fn parse_line(line: &str) -> Result<(&str, u64), String> {
    let mut fields = line.split('\t');
    let (Some(word), Some(level), Some(flags), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err("expected 3 tab-separated fields".to_owned());
    };
    if word.is_empty() || word.chars().any(char::is_whitespace) {
        return Err("word is empty or contains whitespace".to_owned());
    }
    // The runtime lowercases queries before the lookup, so an uppercase key
    // could never be found.
    if word.to_lowercase() != word {
        return Err("word is not lowercase".to_owned());
    }
    // Likewise the runtime turns curly apostrophes into ASCII ones.
    if word.contains('\u{2019}') {
        return Err("word contains a curly apostrophe".to_owned());
    }
    let level: u8 = level
        .parse()
        .map_err(|_| format!("level {level:?} is not a number from 0 to 255"))?;
    if level < LOWEST_LEVEL {
        return Err(format!(
            "level {level} is below SCOWL's lowest level {LOWEST_LEVEL}"
        ));
    }
    let mut value = u64::from(level);
    if flags != "-" {
        for flag in flags.chars() {
            value |= match flag {
                'l' => LOWERCASE_BIT,
                'c' => CAPITALIZED_BIT,
                other => return Err(format!("unknown flag {other:?}")),
            };
        }
    }
    Ok((word, value))
}

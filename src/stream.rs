//! NDJSON streaming for pipelines: records `{"id": …, "text": …, "format": "markdown"|"plain"}`
//! in, one result line per record out, in input order.
//!
//! Memory stays bounded whatever the stream's length: a reader thread reads ahead only while
//! the records waiting to be linted fit in a fixed byte budget, and a record longer than the
//! record limit is skipped (with an error line) without being held. Records are linted in
//! parallel a chunk at a time; a chunk ends when it is full or when no more input is waiting, so
//! a caller that writes one record and waits for its answer gets it at once. Output is flushed
//! after every chunk.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::{Receiver, TryRecvError, sync_channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Severity;
use crate::engine::{Ruleset, Selection};
use crate::render::json::{JsonDiagnostic, diagnostic};
use crate::source::Format;

/// Limits of a stream; the defaults suit articles.
#[derive(Clone, Debug)]
pub struct Limits {
    /// A longer record is answered with an error line and never held in memory
    /// (`max-file-size`).
    pub max_record_bytes: usize,
    /// Record bytes read ahead and not yet answered; the reader waits beyond this.
    pub in_flight_bytes: usize,
    /// Records linted together in one parallel step.
    pub chunk_records: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_record_bytes: crate::config::DEFAULT_MAX_FILE_SIZE.as_usize(),
            in_flight_bytes: 32 << 20,
            chunk_records: 512,
        }
    }
}

/// What a stream produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records answered with diagnostics.
    pub records: usize,
    /// Records answered with an error line.
    pub errors: usize,
    /// Records with a finding at or above the threshold.
    pub failing: usize,
}

/// One input line, as the reader thread hands it over.
enum Line {
    /// The line's bytes, without the line break.
    Record(Vec<u8>),
    /// The line was longer than the limit; its bytes were dropped.
    TooLong,
}

/// Counts the record bytes in flight so the reader cannot run ahead of the linting.
struct Budget {
    used: Mutex<usize>,
    freed: Condvar,
    limit: usize,
}

impl Budget {
    /// Waits until `bytes` more fit (a single record always fits when nothing else is held).
    fn acquire(&self, bytes: usize) {
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        while *used > 0 && *used + bytes > self.limit {
            used = self
                .freed
                .wait(used)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *used += bytes;
    }

    fn release(&self, bytes: usize) {
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        *used = used.saturating_sub(bytes);
        self.freed.notify_all();
    }
}

/// Reads one line into `buf` (without its `\n`), keeping at most `max` bytes. `Ok(None)` at the
/// end of input.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Option<Line>> {
    buf.clear();
    let mut too_long = false;
    let mut read_any = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        read_any = true;
        let (part, done) = match memchr_newline(available) {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        if !too_long && buf.len() + part.len() <= max {
            buf.extend_from_slice(part);
        } else {
            too_long = true;
            buf.clear();
        }
        let consumed = done.unwrap_or(available.len());
        input.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !read_any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(Line::TooLong));
    }
    Ok(Some(Line::Record(std::mem::take(buf))))
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// Reads lines on a thread of its own, numbered from 1, within the byte budget.
fn spawn_reader(
    mut input: impl BufRead + Send + 'static,
    limits: &Limits,
    budget: Arc<Budget>,
) -> Receiver<io::Result<(usize, Line)>> {
    let (sender, receiver) = sync_channel(limits.chunk_records);
    let max = limits.max_record_bytes;
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let mut number = 0;
        loop {
            let line = read_line(&mut input, &mut buf, max);
            let item = match line {
                Ok(None) => return,
                Ok(Some(line)) => {
                    number += 1;
                    if let Line::Record(bytes) = &line {
                        budget.acquire(bytes.len());
                    }
                    Ok((number, line))
                }
                Err(e) => Err(e),
            };
            let failed = item.is_err();
            // The receiver is gone when the writer failed (a closed pipe); stop reading.
            if sender.send(item).is_err() || failed {
                return;
            }
        }
    });
    receiver
}

#[derive(Serialize)]
struct Answer<'a> {
    id: &'a Value,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Failure<'a> {
    id: &'a Value,
    line: usize,
    error: &'a str,
}

/// The answer to one line: `None` for a blank line, else the JSON line and whether it failed.
struct Reply {
    text: String,
    error: bool,
    failing: bool,
}

fn failure(id: &Value, line: usize, error: &str) -> Reply {
    let text = serde_json::to_string(&Failure { id, line, error })
        .unwrap_or_else(|_| format!("{{\"id\":null,\"line\":{line},\"error\":\"unprintable\"}}"));
    Reply {
        text,
        error: true,
        failing: false,
    }
}

/// A record's id, text and format, or why it is not a record.
fn parse(bytes: &[u8]) -> Result<(Value, String, Format), (Value, String)> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| (Value::Null, format!("not a JSON record: {e}")))?;
    let Value::Object(mut record) = value else {
        return Err((Value::Null, "a record must be a JSON object".into()));
    };
    let id = record.remove("id").unwrap_or(Value::Null);
    let text = match record.remove("text") {
        Some(Value::String(text)) => text,
        Some(_) => return Err((id, "\"text\" must be a string".into())),
        None => return Err((id, "the record has no \"text\"".into())),
    };
    let format = match record.get("format") {
        None | Some(Value::Null) => Format::Plain,
        Some(Value::String(f)) if f == "plain" => Format::Plain,
        Some(Value::String(f)) if f == "markdown" => Format::Markdown,
        Some(other) => {
            return Err((
                id,
                format!("unknown format {other} (expected \"markdown\" or \"plain\")"),
            ));
        }
    };
    Ok((id, text, format))
}

fn answer(
    number: usize,
    line: &Line,
    ruleset: &Ruleset,
    selection: &Selection,
    threshold: Option<Severity>,
    max: usize,
) -> Option<Reply> {
    let bytes = match line {
        Line::TooLong => {
            return Some(failure(
                &Value::Null,
                number,
                &format!(
                    "record longer than the limit of {}, skipped; raise max-file-size in \
                     copydesk.toml or pass --max-file-size",
                    crate::config::ByteSize(max as u64)
                ),
            ));
        }
        Line::Record(bytes) => bytes.strip_suffix(b"\r").unwrap_or(bytes),
    };
    // Some Windows tools start a UTF-8 file with a byte order mark, which is not JSON.
    let bytes = match number {
        1 => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
        _ => bytes,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let (id, text, format) = match parse(bytes) {
        Ok(record) => record,
        Err((id, message)) => return Some(failure(&id, number, &message)),
    };
    let diagnostics = ruleset.lint_text_with(&text, format, selection);
    let failing = diagnostics
        .iter()
        .any(|d| threshold.is_some_and(|t| d.severity >= t));
    let answer = Answer {
        id: &id,
        diagnostics: diagnostics.iter().map(|d| diagnostic(None, d)).collect(),
    };
    match serde_json::to_string(&answer) {
        Ok(text) => Some(Reply {
            text,
            error: false,
            failing,
        }),
        Err(e) => Some(failure(
            &id,
            number,
            &format!("cannot encode the result: {e}"),
        )),
    }
}

/// Lints every record of `input` and writes one line per record to `output`, in order. Blank
/// lines are skipped. Findings at or above `threshold` are counted as failing.
pub fn run(
    input: impl BufRead + Send + 'static,
    mut output: impl Write,
    ruleset: &Ruleset,
    selection: &Selection,
    threshold: Option<Severity>,
    limits: &Limits,
) -> io::Result<Summary> {
    let budget = Arc::new(Budget {
        used: Mutex::new(0),
        freed: Condvar::new(),
        limit: limits.in_flight_bytes,
    });
    let receiver = spawn_reader(input, limits, Arc::clone(&budget));
    let mut summary = Summary::default();
    let mut chunk = Vec::with_capacity(limits.chunk_records);
    while let Ok(first) = receiver.recv() {
        chunk.push(first?);
        while chunk.len() < limits.chunk_records {
            match receiver.try_recv() {
                Ok(item) => chunk.push(item?),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let replies: Vec<Option<Reply>> = chunk
            .par_iter()
            .map(|(number, line)| {
                answer(
                    *number,
                    line,
                    ruleset,
                    selection,
                    threshold,
                    limits.max_record_bytes,
                )
            })
            .collect();
        for reply in replies.into_iter().flatten() {
            output.write_all(reply.text.as_bytes())?;
            output.write_all(b"\n")?;
            summary.errors += usize::from(reply.error);
            summary.records += usize::from(!reply.error);
            summary.failing += usize::from(reply.failing);
        }
        output.flush()?;
        for (_, line) in chunk.drain(..) {
            if let Line::Record(bytes) = line {
                budget.release(bytes.len());
            }
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOUBLED: &str = "The the union met on Monday.";

    fn stream(input: &str, limits: &Limits) -> (Vec<Value>, Summary) {
        let ruleset = Ruleset::builtin().expect("built-in lints load");
        let selection = {
            let mut s = ruleset.default_selection();
            for (i, l) in ruleset.lints().iter().enumerate() {
                s.set_enabled(i, l.id == "truncation/doubled-word");
            }
            s
        };
        let mut out = Vec::new();
        let summary = run(
            io::Cursor::new(input.as_bytes().to_vec()),
            &mut out,
            &ruleset,
            &selection,
            Some(Severity::Warning),
            limits,
        )
        .expect("in-memory streams do not fail");
        let text = String::from_utf8(out).expect("output is UTF-8");
        let lines = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
            .collect();
        (lines, summary)
    }

    #[test]
    fn answers_every_record_in_order_across_chunks() {
        let input: String = (0..50)
            .map(|i| {
                let text = if i % 3 == 0 { DOUBLED } else { "All is well." };
                format!("{}\n", serde_json::json!({"id": i, "text": text}))
            })
            .collect();
        let limits = Limits {
            chunk_records: 4,
            in_flight_bytes: 200,
            ..Limits::default()
        };
        let (lines, summary) = stream(&input, &limits);
        let ids: Vec<i64> = lines.iter().filter_map(|l| l["id"].as_i64()).collect();
        assert_eq!(ids, (0..50).collect::<Vec<_>>());
        for line in &lines {
            let expected = if line["id"].as_i64().unwrap() % 3 == 0 {
                1
            } else {
                0
            };
            assert_eq!(line["diagnostics"].as_array().unwrap().len(), expected);
        }
        assert_eq!(
            summary,
            Summary {
                records: 50,
                errors: 0,
                failing: 17
            }
        );
    }

    #[test]
    fn a_bad_record_gets_an_error_line_and_the_stream_goes_on() {
        let input = format!(
            "{}\nnot json\n\n{}\n[1]\n{}\n{}\n{}\r\n",
            r#"{"id": "a", "text": "Fine."}"#,
            r#"{"id": "b"}"#,
            r#"{"id": "c", "text": 3}"#,
            r#"{"id": "d", "text": "x", "format": "html"}"#,
            r#"{"id": "e", "text": "The the end.", "format": "markdown", "extra": 1}"#,
        );
        let (lines, summary) = stream(&input, &Limits::default());
        let shown: Vec<String> = lines
            .iter()
            .map(|l| match l.get("error") {
                Some(e) => format!("{} line {}: {}", l["id"], l["line"], e.as_str().unwrap()),
                None => format!(
                    "{} ok {}",
                    l["id"],
                    l["diagnostics"].as_array().unwrap().len()
                ),
            })
            .collect();
        insta::assert_snapshot!(shown.join("\n"), @r#"
        "a" ok 0
        null line 2: not a JSON record: expected ident at line 1 column 2
        "b" line 4: the record has no "text"
        null line 5: a record must be a JSON object
        "c" line 6: "text" must be a string
        "d" line 7: unknown format "html" (expected "markdown" or "plain")
        "e" ok 1
        "#);
        assert_eq!(summary.errors, 5);
        assert_eq!(summary.records, 2);
    }

    #[test]
    fn an_overlong_record_is_skipped_without_being_held() {
        let long = format!("{{\"id\": 1, \"text\": \"{}\"}}", "a".repeat(500));
        let input = format!("{long}\n{{\"id\": 2, \"text\": \"ok\"}}\n");
        let limits = Limits {
            max_record_bytes: 100,
            ..Limits::default()
        };
        let (lines, _) = stream(&input, &limits);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0]["error"],
            "record longer than the limit of 100 bytes, skipped; raise max-file-size in \
             copydesk.toml or pass --max-file-size"
        );
        assert_eq!(lines[0]["line"], 1);
        assert_eq!(lines[1]["id"], 2);
    }

    #[test]
    fn a_byte_order_mark_before_the_first_record_is_skipped() {
        let input = "\u{feff}{\"id\": 1, \"text\": \"The the end.\"}\n\u{feff}{\"id\": 2, \"text\": \"x\"}\n";
        let (lines, summary) = stream(input, &Limits::default());
        assert_eq!(lines[0]["id"], 1);
        assert_eq!(lines[0]["diagnostics"].as_array().map(Vec::len), Some(1));
        // Only the stream's start may carry one: further in, it is a bad record.
        assert_eq!(lines[1]["line"], 2);
        assert!(lines[1]["error"].is_string());
        assert_eq!((summary.records, summary.errors), (1, 1));
    }

    #[test]
    fn the_last_line_needs_no_line_break() {
        let (lines, _) = stream(r#"{"id": 7, "text": "The the end."}"#, &Limits::default());
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0]["diagnostics"][0]["lint"],
            "truncation/doubled-word"
        );
        assert!(lines[0]["diagnostics"][0].get("path").is_none());
    }
}

//! Source files and the mapping from byte offsets to lines and columns.

use std::path::PathBuf;

/// The input format, which decides the front end that builds the [`crate::Document`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: paragraphs separated by blank lines.
    Plain,
    /// CommonMark with front matter.
    Markdown,
}

impl Format {
    /// Picks the format from a file name: `.md` and `.markdown` are Markdown, anything else plain.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                Format::Markdown
            }
            _ => Format::Plain,
        }
    }
}

/// One article as read from disk or standard input.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given by the user (or `-` for standard input).
    pub path: PathBuf,
    /// The whole text, valid UTF-8.
    pub text: String,
    /// Which front end reads it.
    pub format: Format,
}

impl SourceFile {
    /// Wraps text read from `path`; the format follows the file name.
    pub fn new(path: impl Into<PathBuf>, text: String) -> SourceFile {
        let path = path.into();
        let format = Format::from_path(&path);
        SourceFile::with_format(path, text, format)
    }

    /// Wraps text with an explicit format.
    pub fn with_format(path: impl Into<PathBuf>, text: String, format: Format) -> SourceFile {
        SourceFile {
            path: path.into(),
            text,
            format,
        }
    }
}

/// A 1-based line and column position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// Byte offset into the file.
    pub offset: usize,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
}

/// Byte offsets of every line start, so positions are found by binary search.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// In a text with very long lines, a mark every [`MARK_STEP`] bytes: its byte offset and
    /// how many scalar values and UTF-16 units come before it. Columns are then counted from
    /// the nearest mark, not from the line start, so positions in a one-line megabyte cost
    /// the same as anywhere else.
    marks: Vec<Mark>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Mark {
    offset: usize,
    scalars: usize,
    units: usize,
}

/// Lines longer than this get marks.
const MARK_STEP: usize = 4096;

impl LineIndex {
    /// Indexes the line starts of `text`; `\n` ends a line (a preceding `\r` stays part of it).
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()));
        let long = starts
            .windows(2)
            .map(|w| w[1] - w[0])
            .chain(starts.last().map(|&s| text.len() - s))
            .any(|len| len > MARK_STEP);
        let mut marks = Vec::new();
        if long {
            let mut mark = Mark::default();
            marks.push(mark);
            while mark.offset + MARK_STEP < text.len() {
                let next = floor_char_boundary(text, mark.offset + MARK_STEP);
                let part = &text[mark.offset..next];
                mark = Mark {
                    offset: next,
                    scalars: mark.scalars + part.chars().count(),
                    units: mark.units + part.encode_utf16().count(),
                };
                marks.push(mark);
            }
        }
        LineIndex { starts, marks }
    }

    /// Scalar values and UTF-16 units in `text[..offset]`, from the nearest mark.
    fn counts_before(&self, text: &str, offset: usize) -> (usize, usize) {
        let index = self.marks.partition_point(|m| m.offset <= offset);
        let mark = index
            .checked_sub(1)
            .and_then(|i| self.marks.get(i))
            .copied()
            .unwrap_or_default();
        let part = &text[mark.offset..offset];
        (
            mark.scalars + part.chars().count(),
            mark.units + part.encode_utf16().count(),
        )
    }

    /// Scalar values and UTF-16 units between the start of `offset`'s line and `offset`.
    fn line_counts(&self, text: &str, start: usize, offset: usize) -> (usize, usize) {
        if self.marks.is_empty() {
            let part = &text[start..offset];
            return (part.chars().count(), part.encode_utf16().count());
        }
        let (scalars, units) = self.counts_before(text, offset);
        let (line_scalars, line_units) = self.counts_before(text, start);
        (scalars - line_scalars, units - line_units)
    }

    /// The 0-based line that holds `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    /// Number of lines (a trailing newline opens one more, empty line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Always false: even an empty text has one line.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The 1-based position of a byte offset; offsets past the end clamp to the end.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = if self.marks.is_empty() {
            text[start..offset].chars().count() + 1
        } else {
            self.line_counts(text, start, offset).0 + 1
        };
        Position {
            offset,
            line: line + 1,
            column,
        }
    }

    /// The 0-based UTF-16 column of a byte offset, as editors speaking LSP count.
    pub fn utf16_column(&self, text: &str, offset: usize) -> usize {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let start = self.starts[self.line_of(offset)];
        self.line_counts(text, start, offset).1
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "héllo\nwörld\n";
        let index = LineIndex::new(text);
        let w = text.find('w').unwrap();
        assert_eq!(
            index.position(text, w),
            Position {
                offset: w,
                line: 2,
                column: 1
            }
        );
        let r = text.find('r').unwrap();
        assert_eq!(index.position(text, r).column, 3);
        assert_eq!(index.position(text, text.len()).line, 3);
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "a😀b";
        let index = LineIndex::new(text);
        assert_eq!(index.utf16_column(text, text.find('b').unwrap()), 3);
    }

    /// Lines long enough to get marks give the same positions as counting from the line
    /// start, in scalar values and in UTF-16 units, at every char boundary.
    #[test]
    fn marks_on_long_lines_give_the_same_columns() {
        let line: String = "aé😀 東京 ".repeat(1500);
        let text = format!("short\n{line}\n{line}\nend");
        let index = LineIndex::new(&text);
        assert!(!index.marks.is_empty());
        for offset in (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .step_by(7)
        {
            let start = index.starts[index.line_of(offset)];
            let expect = text[start..offset].chars().count() + 1;
            assert_eq!(index.position(&text, offset).column, expect, "at {offset}");
            let units = text[start..offset].encode_utf16().count();
            assert_eq!(index.utf16_column(&text, offset), units, "at {offset}");
        }
    }
}

//! File paths as URIs, for SARIF artifact locations and the language server.
//!
//! Only what copydesk needs: relative references for paths as the user named them, `file:` URIs
//! for absolute paths, and the way back from a `file:` URI an editor sends to a path.

use std::path::{Path, PathBuf};

/// Bytes a path segment may hold unescaped: RFC 3986 unreserved characters. Everything else,
/// `:` included (it would read as a scheme in a relative reference), is percent-encoded.
fn unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

fn encode(bytes: &[u8], out: &mut String) {
    for &byte in bytes {
        if unreserved(byte) || byte == b'/' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// A path as a URI reference: relative paths stay relative (forward slashes, no leading `./`),
/// absolute ones become `file:` URIs.
pub fn path_reference(path: &str) -> String {
    let as_path = Path::new(path);
    if as_path.is_absolute() {
        return file_uri(as_path);
    }
    let relative = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(relative.len());
    encode(separators(relative).as_bytes(), &mut out);
    out
}

/// Windows paths use `\`; URIs only `/`.
fn separators(path: &str) -> std::borrow::Cow<'_, str> {
    if cfg!(windows) {
        std::borrow::Cow::Owned(path.replace('\\', "/"))
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

/// The `file:` URI of an absolute path (`file:///home/a/b%20c.md`, `file:///C:/a/b.md`).
pub fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    let text = separators(&text);
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        // A Windows drive path gains the slash that separates it from the empty authority,
        // and its drive colon stays as editors write it.
        out.push('/');
        if let Some((drive, rest)) = text.split_once(':')
            && drive.len() == 1
        {
            out.push_str(drive);
            out.push(':');
            encode(rest.as_bytes(), &mut out);
            return out;
        }
    }
    encode(text.as_bytes(), &mut out);
    out
}

/// The path a `file:` URI names, or `None` for another scheme, a remote host or a path that
/// does not decode.
pub fn to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri
        .strip_prefix("file://")
        .or_else(|| uri.strip_prefix("FILE://"))?;
    let path = match rest.strip_prefix("localhost") {
        Some(path) => path,
        None if rest.starts_with('/') => rest,
        None => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = decode(path)?;
    let text = String::from_utf8(bytes).ok()?;
    // `/C:/a` is the drive path `C:/a`.
    let windows_drive = text.len() >= 3
        && text.as_bytes()[2] == b':'
        && text.as_bytes()[1].is_ascii_alphabetic()
        && cfg!(windows);
    Some(PathBuf::from(if windows_drive {
        &text[1..]
    } else {
        &text
    }))
}

fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_relative_and_are_escaped() {
        assert_eq!(
            path_reference("./news/a b/été.md"),
            "news/a%20b/%C3%A9t%C3%A9.md"
        );
        assert_eq!(path_reference("c:d.txt"), "c%3Ad.txt");
        assert_eq!(path_reference("-"), "-");
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_round_trip_through_file_uris() {
        let path = Path::new("/srv/news/a b#1/été.md");
        let uri = file_uri(path);
        assert_eq!(uri, "file:///srv/news/a%20b%231/%C3%A9t%C3%A9.md");
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        assert_eq!(
            to_path("file://localhost/srv/x.md").as_deref(),
            Some(Path::new("/srv/x.md"))
        );
        assert_eq!(to_path("untitled:Untitled-1"), None);
        assert_eq!(to_path("file://server/share/x.md"), None);
        assert_eq!(to_path("file:///bad%2"), None);
    }
}

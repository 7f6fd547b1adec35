//! The language server driven as an editor drives it: `copydesk lsp` is spawned and spoken to in
//! JSON-RPC messages with Content-Length framing over its standard input and output.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Long enough for a loaded CI machine; a hung server fails the test instead of hanging it.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for something else, kept for later waits.
    backlog: Vec<Value>,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("copydesk lsp starts");
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, incoming) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            backlog: Vec::new(),
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait_for(&format!("the response to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        });
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The next message matching `wanted`, answering the server's own requests on the way.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => panic!("no {what} within {TIMEOUT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed before {what}"),
            };
            if message.get("method").is_some() && message.get("id").is_some() {
                // A request from the server, such as client/registerCapability.
                let id = message["id"].clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
            }
            if wanted(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// The diagnostics published for `uri` at document `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for(&format!("diagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .clone()
    }
}

fn file_uri(path: &Path) -> String {
    copydesk::render::uri::file_uri(path)
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect()
}

fn range(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    let n = |v: &Value| v.as_u64().expect("number");
    (
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

const BOTH: &str = "select = [\"truncation/doubled-word\", \"boilerplate/read-more-link\"]\n";

/// Writes the configuration and moves its modification time clearly past the previous one,
/// so the change shows even on file systems with coarse timestamps.
fn configure(dir: &Path, text: &str, seconds_ahead: u64) {
    let path = dir.join("copydesk.toml");
    std::fs::write(&path, text).expect("write configuration");
    let file = std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open configuration");
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(seconds_ahead))
        .expect("set modification time");
}

fn initialize(client: &mut Client, root: &str) -> Value {
    let result = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "capabilities": {
                "workspace": {
                    "workspaceEdit": { "documentChanges": true },
                    "didChangeWatchedFiles": { "dynamicRegistration": true },
                },
                "textDocument": { "publishDiagnostics": { "versionSupport": true } },
            },
        }),
    );
    client.notify("initialized", json!({}));
    result
}

#[test]
fn an_editor_session_from_initialize_to_exit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path().canonicalize().expect("canonical temp dir");
    configure(&dir, BOTH, 0);
    let story = dir.join("story.md");
    let uri = file_uri(&story);
    let mut client = Client::start(&dir);

    let result = initialize(&mut client, &file_uri(&dir));
    assert_eq!(result["serverInfo"]["name"], "copydesk");
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["textDocumentSync"]["change"], 1, "full sync");
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    assert!(
        capabilities["codeActionProvider"]["codeActionKinds"]
            .as_array()
            .expect("code action kinds")
            .contains(&json!("quickfix"))
    );
    let registration = client.wait_for("the watcher registration", |m| {
        m["method"] == "client/registerCapability"
    });
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );

    // An emoji (two UTF-16 code units, four bytes, one character) before the finding: only
    // UTF-16 counting puts "the the" at character 18 (bytes would say 20, characters 17).
    let text = "# Harbour talks\n\n😀 Officials said the the talks would resume.\n\nContinue reading: The Next Big Story\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let opened = client.diagnostics(&uri, 1);
    assert_eq!(
        codes(&opened),
        ["truncation/doubled-word", "boilerplate/read-more-link"]
    );
    assert_eq!(range(&opened[0]), (2, 18, 2, 25));
    assert_eq!(opened[0]["severity"], 2);
    assert_eq!(opened[0]["source"], "copydesk");
    assert_eq!(range(&opened[1]), (4, 0, 4, 36));

    // Full synchronisation: the finding moves to a line with a musical symbol from the
    // supplementary planes and accented letters (one code unit each).
    let text = "# Harbour talks\n\nThe 𝄞 choir of Zürich sang; the the talks would resume.\n\nContinue reading: The Next Big Story\n";
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    let changed = client.diagnostics(&uri, 2);
    assert_eq!(
        codes(&changed),
        ["truncation/doubled-word", "boilerplate/read-more-link"]
    );
    assert_eq!(range(&changed[0]), (2, 29, 2, 36));

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": changed[0]["range"],
            "context": {"diagnostics": [changed[0]]},
        }),
    );
    let actions = actions.as_array().expect("code actions");
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace with \"the\" (truncation/doubled-word)",
            "Disable truncation/doubled-word on this line",
            "Fix all safe copydesk problems",
        ]
    );
    let edit = |action: &Value| -> (Value, Value) {
        let change = &action["edit"]["documentChanges"][0];
        assert_eq!(change["textDocument"]["uri"], uri.as_str());
        assert_eq!(change["textDocument"]["version"], 2);
        (
            change["edits"][0]["range"].clone(),
            change["edits"][0]["newText"].clone(),
        )
    };
    let (fix_range, fix_text) = edit(&actions[0]);
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(
        actions[0]["diagnostics"][0]["code"],
        "truncation/doubled-word"
    );
    assert_eq!(fix_range, changed[0]["range"]);
    assert_eq!(fix_text, "the");
    let (disable_range, disable_text) = edit(&actions[1]);
    assert_eq!(
        disable_range,
        json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}})
    );
    assert_eq!(
        disable_text,
        "<!-- copydesk-disable-next-line truncation/doubled-word -->\n"
    );
    assert_eq!(actions[2]["kind"], "source.fixAll.copydesk");
    let (_, fixed_all) = edit(&actions[2]);
    assert_eq!(
        fixed_all,
        "# Harbour talks\n\nThe 𝄞 choir of Zürich sang; the talks would resume.\n"
    );

    // Applying the directive as the editor would silences that finding and nothing else.
    let silenced = text.replacen(
        "The 𝄞",
        &format!("{}The 𝄞", disable_text.as_str().unwrap()),
        1,
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": silenced}]}),
    );
    assert_eq!(
        codes(&client.diagnostics(&uri, 3)),
        ["boilerplate/read-more-link"]
    );

    // A changed configuration, announced by the editor's file watcher, applies at once.
    configure(&dir, "select = [\"truncation/doubled-word\"]\n", 5);
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.join("copydesk.toml")), "type": 2}]}),
    );
    assert!(client.diagnostics(&uri, 3).is_empty());

    // Unannounced, the change is noticed by its modification time at the next lint.
    configure(&dir, BOTH, 10);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": text}]}),
    );
    assert_eq!(
        codes(&client.diagnostics(&uri, 4)),
        ["truncation/doubled-word", "boilerplate/read-more-link"]
    );

    // A broken configuration is shown on the file at fault and in a message.
    configure(
        &dir,
        "select = [\"truncation/doubled-word\"]\ncolour = \"red\"\n",
        15,
    );
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": file_uri(&dir.join("copydesk.toml"))}}),
    );
    let config_uri = file_uri(&dir.join("copydesk.toml"));
    let flagged = client.wait_for("the configuration error", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == config_uri.as_str()
    });
    let error = &flagged["params"]["diagnostics"][0];
    assert!(
        error["message"].as_str().unwrap().contains("colour"),
        "{error}"
    );
    assert_eq!(range(error), (1, 0, 1, 6));
    let shown = client.wait_for("the error message", |m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("invalid configuration")
    );
    assert!(client.diagnostics(&uri, 4).is_empty());

    // Repaired without a word to the server, it is picked up at the next edit.
    configure(&dir, BOTH, 20);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 5}, "contentChanges": [{"text": text}]}),
    );
    assert_eq!(
        codes(&client.diagnostics(&uri, 5)),
        ["truncation/doubled-word", "boilerplate/read-more-link"]
    );
    let cleared = client.wait_for("the configuration error withdrawn", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == config_uri.as_str()
            && m["params"]["diagnostics"] == json!([])
    });
    assert!(
        cleared["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("server exits");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn plain_text_documents_and_requests_it_does_not_serve() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path().canonicalize().expect("canonical temp dir");
    configure(&dir, BOTH, 0);
    let mut client = Client::start(&dir);
    initialize(&mut client, &file_uri(&dir));

    let uri = file_uri(&dir.join("notes.txt"));
    let text = "A long paragraph that wraps onto a second line where\nthe the council met again.\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 7, "text": text}}),
    );
    let found = client.diagnostics(&uri, 7);
    assert_eq!(codes(&found), ["truncation/doubled-word"]);
    assert_eq!(range(&found[0]), (1, 0, 1, 7));
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}},
            "context": {"diagnostics": [], "only": ["quickfix"]},
        }),
    );
    let disable = &actions[1];
    assert_eq!(
        disable["title"],
        "Disable truncation/doubled-word in this paragraph"
    );
    let edits = &disable["edit"]["documentChanges"][0]["edits"];
    assert_eq!(
        edits[0]["newText"],
        "copydesk: disable truncation/doubled-word\n"
    );
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert_eq!(
        edits[1]["newText"],
        "copydesk: enable truncation/doubled-word\n"
    );
    assert_eq!(
        edits[1]["range"]["start"],
        json!({"line": 2, "character": 0})
    );

    // Source code is not prose: a Rust file gets no diagnostics at all.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": file_uri(&dir.join("main.rs")), "languageId": "rust", "version": 1, "text": "// the the\n"}}),
    );
    let response = {
        client.next_id += 1;
        let id = client.next_id;
        client.send(
            json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {}}),
        );
        client.wait_for("the hover error", |m| m["id"] == id)
    };
    assert_eq!(response["error"]["code"], -32601, "method not found");
    let unexpected = client.backlog.iter().find(|m| {
        m["params"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("main.rs"))
    });
    assert!(unexpected.is_none(), "{unexpected:?}");

    // `exit` without `shutdown` is an abnormal end: exit code 1.
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("server exits");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn ranged_changes_and_a_configuration_that_appears_unannounced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path().canonicalize().expect("canonical temp dir");
    std::fs::create_dir(dir.join("news")).expect("news folder");
    let uri = file_uri(&dir.join("news").join("vote.md"));
    let mut client = Client::start(&dir);
    // An editor that cannot watch files (Neovim on Linux, by default).
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(&dir), "capabilities": {
            "workspace": { "workspaceEdit": { "documentChanges": true } },
        }}),
    );
    client.notify("initialized", json!({}));

    let text = "The the vote passed.\n\nContinue reading: The Next Big Story\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    assert_eq!(
        codes(&client.diagnostics(&uri, 1)),
        ["truncation/doubled-word", "boilerplate/read-more-link"]
    );

    // Changes that name a range are applied one after the other, in UTF-16 columns: the second
    // one's column counts the emoji the first one inserted as two.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 7}}, "text": "The"},
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "😀 "},
            {"range": {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 3}}, "text": "the "},
        ]}),
    );
    let changed = client.diagnostics(&uri, 2);
    assert_eq!(
        codes(&changed),
        ["truncation/doubled-word", "boilerplate/read-more-link"]
    );
    assert_eq!(
        range(&changed[0]),
        (0, 3, 0, 10),
        "\"the The\" after the emoji"
    );
    // The server holds the editor's text: fixing everything rewrites exactly that text.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": changed[0]["range"],
            "context": {"diagnostics": [], "only": ["source.fixAll.copydesk"]},
        }),
    );
    let change = &actions[0]["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(
        change["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}})
    );
    assert_eq!(change["newText"], "😀 the vote passed.\n");

    // A copydesk.toml created where none was, then a nearer one, then that one removed: each
    // is seen at the next edit without a word from the editor.
    let edit = |client: &mut Client, version: i64| {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        client.diagnostics(&uri, version)
    };
    configure(&dir, "select = [\"boilerplate\"]\n", 5);
    assert_eq!(codes(&edit(&mut client, 3)), ["boilerplate/read-more-link"]);
    configure(&dir.join("news"), "select = [\"truncation\"]\n", 10);
    assert_eq!(codes(&edit(&mut client, 4)), ["truncation/doubled-word"]);
    std::fs::remove_file(dir.join("news").join("copydesk.toml")).expect("remove configuration");
    assert_eq!(codes(&edit(&mut client, 5)), ["boilerplate/read-more-link"]);

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().expect("server exits").code(), Some(0));
}

/// A file the configuration's `exclude` globs drop is not linted in the editor either, while
/// its neighbours are.
#[test]
fn excluded_files_get_no_diagnostics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path().canonicalize().expect("canonical temp dir");
    configure(&dir, "exclude = [\"drafts/**\"]\n", 0);
    std::fs::create_dir_all(dir.join("drafts")).expect("drafts folder");
    let mut client = Client::start(&dir);
    initialize(&mut client, &file_uri(&dir));
    let text = "The council met and the the vote was held.\n";
    let published = file_uri(&dir.join("story.md"));
    let draft = file_uri(&dir.join("drafts").join("story.md"));
    for uri in [&draft, &published] {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }
    assert_eq!(
        codes(&client.diagnostics(&published, 1)),
        ["truncation/doubled-word"]
    );
    assert!(client.diagnostics(&draft, 1).is_empty());
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().expect("server exits").code(), Some(0));
}

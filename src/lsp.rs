//! The language server: `copydesk lsp` speaks the Language Server Protocol over standard input
//! and output, so editors show findings as the writer types.
//!
//! Markdown and plain-text documents are linted when opened, changed and saved, with the
//! configuration the command line would use for the same file (the nearest `copydesk.toml`).
//! That configuration is reloaded when it changes: on a watched-file event or a save of any
//! `.toml` file (configuration or lint pack), and, for editors that send neither, when the
//! governing `copydesk.toml`'s modification time moves. Each finding offers code actions: its fix
//! where it has one, and a directive that silences the lint at that place. Positions are UTF-16
//! code units, the protocol's default encoding.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentChanges, InitializeParams,
    Location, MessageType, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier,
    Position, PublishDiagnosticsParams, SaveOptions, ServerCapabilities, ShowMessageParams,
    TextDocumentEdit, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};

use crate::config::{CONFIG_FILE, Choice, Discovery, Project, ProjectError};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::BlockKind;
use crate::engine::Selection;
use crate::render::uri::{file_uri, to_path};
use crate::rules::LoadError;
use crate::source::{Format, LineIndex, floor_char_boundary};
use crate::{Document, fix};

/// Where the server's lints and configuration come from: the same choices as `copydesk check`.
#[derive(Clone, Debug)]
pub struct Options {
    /// How `copydesk.toml` is found.
    pub discovery: Discovery,
    /// Lint packs given on the command line.
    pub extra_lints: Vec<PathBuf>,
    /// Lint choices given on the command line.
    pub choice: Choice,
}

/// Why the server stopped other than by `shutdown` and `exit`.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    /// The client broke the protocol or went away.
    #[error("language server protocol error: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    /// The `initialize` request could not be read.
    #[error("bad initialize request: {0}")]
    Initialize(#[from] serde_json::Error),
    /// Standard input or output failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Runs the server on standard input and output until the client says `exit`. Returns whether
/// `shutdown` came first, which decides the exit code the protocol asks for.
pub fn run(options: Options) -> Result<bool, LspError> {
    let (connection, io_threads) = Connection::stdio();
    let clean = serve(&connection, options)?;
    drop(connection);
    io_threads.join()?;
    Ok(clean)
}

/// Serves one connection: initialisation, then messages until `shutdown` and `exit`.
pub fn serve(connection: &Connection, options: Options) -> Result<bool, LspError> {
    let (id, params) = connection.initialize_start()?;
    let init: InitializeParams = serde_json::from_value(params)?;
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "copydesk", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server::new(connection.sender.clone(), options, &init);
    server.watch_configuration(&init);
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(true);
                }
                server.on_request(request);
            }
            Message::Notification(notification) if notification.method == "exit" => {
                return Ok(false);
            }
            Message::Notification(notification) => server.on_notification(notification),
            Message::Response(_) => {}
        }
    }
    Ok(false)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, fix_all_kind()]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.copydesk")
}

/// An open document and what was last reported for it.
struct OpenDocument {
    uri: Uri,
    version: Option<i32>,
    text: String,
    format: Format,
    /// The file, for configuration lookup; untitled documents use the workspace folder.
    path: Option<PathBuf>,
    lines: LineIndex,
    diagnostics: Vec<Diagnostic>,
    /// The configuration (index into the project) and selection it was last linted with.
    config: Option<(usize, Selection)>,
}

struct Server {
    sender: Sender<Message>,
    options: Options,
    project: Project,
    /// Each configuration file in use and its modification time when it was loaded.
    stamps: HashMap<PathBuf, Option<SystemTime>>,
    /// Keyed by the URI's text: the URI type keeps a cache that makes it a poor map key.
    documents: HashMap<String, OpenDocument>,
    root: Option<PathBuf>,
    /// Folders whose configuration failed to load, until the next reload.
    broken: Vec<PathBuf>,
    /// URIs of configuration and lint files that carry an error diagnostic now.
    flagged: Vec<Uri>,
    /// The last error shown in a message window, so it is not repeated at every keystroke.
    shown: Option<String>,
    document_changes: bool,
}

fn project(options: &Options) -> Project {
    Project::new(
        options.discovery.clone(),
        options.extra_lints.clone(),
        options.choice.clone(),
    )
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Server {
    fn new(sender: Sender<Message>, options: Options, init: &InitializeParams) -> Server {
        let root = init
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .and_then(|folder| to_path(folder.uri.as_str()));
        #[allow(deprecated)] // older clients send only `rootUri`
        let root = root.or_else(|| init.root_uri.as_ref().and_then(|u| to_path(u.as_str())));
        let document_changes = init
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false);
        Server {
            sender,
            project: project(&options),
            options,
            stamps: HashMap::new(),
            broken: Vec::new(),
            documents: HashMap::new(),
            root,
            flagged: Vec::new(),
            shown: None,
            document_changes,
        }
    }

    fn send(&self, message: impl Into<Message>) {
        // The client has gone when this fails; the receive loop then ends by itself.
        let _ = self.sender.send(message.into());
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Notification::new(method.to_string(), params));
    }

    /// Asks the client to report changes to TOML files, when it can be asked.
    fn watch_configuration(&self, init: &InitializeParams) {
        let dynamic = init
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        if !dynamic {
            return;
        }
        let params = serde_json::json!({
            "registrations": [{
                "id": "copydesk-configuration",
                "method": DidChangeWatchedFiles::METHOD,
                "registerOptions": { "watchers": [{ "globPattern": "**/*.toml" }] },
            }]
        });
        self.send(Request::new(
            RequestId::from("copydesk/watch".to_string()),
            RegisterCapability::METHOD.to_string(),
            params,
        ));
    }

    fn on_notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    notification.extract::<DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    self.open(p);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = notification
                    .extract::<DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                {
                    self.change(p);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) =
                    notification.extract::<DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                {
                    self.saved(p.text_document.uri.as_str());
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    notification.extract::<DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                    && self
                        .documents
                        .remove(p.text_document.uri.as_str())
                        .is_some()
                {
                    self.publish(p.text_document.uri, Vec::new(), None);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = notification
                    .extract::<DidChangeWatchedFilesParams>(DidChangeWatchedFiles::METHOD)
                    && p.changes.iter().any(|c| c.uri.as_str().ends_with(".toml"))
                {
                    self.reload();
                }
            }
            _ => {}
        }
    }

    fn on_request(&mut self, request: Request) {
        if request.method != CodeActionRequest::METHOD {
            self.send(Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("copydesk does not handle {}", request.method),
            ));
            return;
        }
        let id = request.id.clone();
        let response = match request.extract::<CodeActionParams>(CodeActionRequest::METHOD) {
            Ok((id, params)) => Response::new_ok(id, self.code_actions(&params)),
            Err(error) => Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("bad code action request: {error}"),
            ),
        };
        self.send(response);
    }

    fn open(&mut self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let path = to_path(item.uri.as_str());
        let Some(format) = format_of(&item.language_id, path.as_deref()) else {
            return;
        };
        let key = item.uri.as_str().to_string();
        let document = OpenDocument {
            uri: item.uri,
            version: Some(item.version),
            lines: LineIndex::new(&item.text),
            text: item.text,
            format,
            path,
            diagnostics: Vec::new(),
            config: None,
        };
        self.documents.insert(key.clone(), document);
        self.lint(&key);
    }

    fn change(&mut self, params: DidChangeTextDocumentParams) {
        let key = params.text_document.uri.as_str();
        let Some(document) = self.documents.get_mut(key) else {
            return;
        };
        // The server asks for full synchronisation, but a change that names a range is applied
        // as the edit it is: taking its text for the whole document would lint a fragment and
        // offer code actions whose ranges no longer match the editor's text.
        for change in params.content_changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let start = offset(&document.lines, &document.text, range.start);
                    let end = offset(&document.lines, &document.text, range.end).max(start);
                    document.text.replace_range(start..end, &change.text);
                }
            }
            document.lines = LineIndex::new(&document.text);
        }
        document.version = Some(params.text_document.version);
        let key = key.to_string();
        self.lint(&key);
    }

    fn saved(&mut self, uri: &str) {
        if uri.ends_with(".toml") {
            self.reload();
        } else if self.documents.contains_key(uri) {
            self.lint(uri);
        }
    }

    /// Forgets every compiled configuration and lints every open document again.
    fn reload(&mut self) {
        self.project = project(&self.options);
        self.stamps.clear();
        self.broken.clear();
        self.shown = None;
        for uri in std::mem::take(&mut self.flagged) {
            self.publish(uri, Vec::new(), None);
        }
        let keys: Vec<String> = self.documents.keys().cloned().collect();
        for key in keys {
            self.lint(&key);
        }
    }

    /// Records, as absent, each `copydesk.toml` that would govern `place` in place of `config`
    /// were it created: those in the folders from `place` up to `config`'s own (or to the root
    /// when none governs). Editors that do not watch files then still see a new configuration
    /// at the next edit, as they see a changed one. Only for the nearest-file discovery.
    fn watch_nearer(&mut self, place: &Path, config: Option<&Path>) {
        if !matches!(self.options.discovery, Discovery::Nearest) {
            return;
        }
        let Ok(place) = std::path::absolute(place) else {
            return;
        };
        let stop = config.and_then(Path::parent);
        let mut folder = place.parent();
        while let Some(f) = folder {
            if Some(f) == stop {
                return;
            }
            self.stamps.entry(f.join(CONFIG_FILE)).or_insert(None);
            folder = f.parent();
        }
    }

    /// Whether a configuration file in use changed on disk since it was loaded, or one that
    /// would take over appeared.
    fn stale(&self) -> bool {
        self.stamps
            .iter()
            .any(|(path, stamp)| modified(path) != *stamp)
    }

    /// The path whose configuration governs a document: its file, or for an untitled
    /// document a file in the workspace folder.
    fn place(&self, document: &OpenDocument) -> PathBuf {
        document
            .path
            .clone()
            .or_else(|| self.root.as_ref().map(|r| r.join(CONFIG_FILE)))
            .unwrap_or_else(|| PathBuf::from(CONFIG_FILE))
    }

    /// Withdraws a document's findings while its configuration cannot be used.
    fn clear(&mut self, key: &str) {
        let Some(document) = self.documents.get_mut(key) else {
            return;
        };
        document.diagnostics.clear();
        document.config = None;
        let (uri, version) = (document.uri.clone(), document.version);
        self.publish(uri, Vec::new(), version);
    }

    fn lint(&mut self, key: &str) {
        if self.stale() {
            // `reload` lints every open document, this one included.
            self.reload();
            return;
        }
        let Some(document) = self.documents.get(key) else {
            return;
        };
        let place = self.place(document);
        let folder = place.parent().map(Path::to_path_buf).unwrap_or_default();
        if self.broken.contains(&folder) {
            // Already reported; compiling it again at every keystroke would only repeat that.
            self.clear(key);
            return;
        }
        let index = match self.project.resolve(&place) {
            Ok(index) => index,
            Err(error) => {
                if let ProjectError::Config(e) = &error
                    && e.path.is_file()
                {
                    // Its next modification time triggers a reload, as for a working file.
                    self.stamps.insert(e.path.clone(), modified(&e.path));
                    self.watch_nearer(&place, Some(&e.path));
                }
                self.broken.push(folder);
                self.report(&error);
                self.clear(key);
                return;
            }
        };
        let config = self.project.get(index).config.path.clone();
        if let Some(config) = &config {
            self.stamps
                .entry(config.clone())
                .or_insert_with(|| modified(config));
        }
        self.watch_nearer(&place, config.as_deref());
        let Some(document) = self.documents.get(key) else {
            return;
        };
        let resolved = self.project.get(index);
        if excluded_by(&resolved.config, &place) {
            // `copydesk check` would not lint it; neither does the editor.
            self.clear(key);
            return;
        }
        let selection = self.project.selection(index, &place);
        let diagnostics =
            resolved
                .ruleset
                .lint_text_with(&document.text, document.format, &selection);
        let published = diagnostics.iter().map(|d| to_lsp(d, document)).collect();
        let (uri, version) = (document.uri.clone(), document.version);
        if let Some(document) = self.documents.get_mut(key) {
            document.diagnostics = diagnostics;
            document.config = Some((index, selection));
        }
        self.publish(uri, published, version);
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            PublishDiagnostics::METHOD,
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    /// Shows why the configuration cannot be used: as a diagnostic on the file at fault, and
    /// once in a message, since the documents it governs are not linted meanwhile.
    fn report(&mut self, error: &ProjectError) {
        let (summary, places) = match error {
            ProjectError::Config(e) => (
                format!("copydesk: invalid configuration: {e}"),
                vec![(
                    e.path.clone(),
                    e.text.clone(),
                    e.span.clone(),
                    e.message.clone(),
                )],
            ),
            ProjectError::Lints(errors) => {
                let places = errors
                    .iter()
                    .filter_map(|e| match e {
                        LoadError::Definition {
                            origin,
                            text,
                            span,
                            message,
                            ..
                        } => Some((origin.clone(), text.clone(), span.clone(), message.clone())),
                        _ => None,
                    })
                    .collect();
                let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
                (
                    format!(
                        "copydesk: {} lint definition(s) failed to load: {first}",
                        errors.len()
                    ),
                    places,
                )
            }
        };
        for (path, text, span, message) in places {
            let Ok(absolute) = std::path::absolute(&path) else {
                continue;
            };
            if !absolute.is_file() {
                continue;
            }
            let Ok(uri) = file_uri(&absolute).parse::<Uri>() else {
                continue;
            };
            let lines = LineIndex::new(&text);
            let span = span.unwrap_or(0..0);
            let diagnostic = lsp_types::Diagnostic {
                range: lsp_types::Range {
                    start: position(&lines, &text, span.start),
                    end: position(&lines, &text, span.end),
                },
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("copydesk".into()),
                message,
                ..lsp_types::Diagnostic::default()
            };
            self.publish(uri.clone(), vec![diagnostic], None);
            self.flagged.push(uri);
        }
        if self.shown.as_deref() != Some(summary.as_str()) {
            self.notify(
                ShowMessage::METHOD,
                ShowMessageParams {
                    typ: MessageType::ERROR,
                    message: summary.clone(),
                },
            );
            self.shown = Some(summary);
        }
    }

    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(document) = self.documents.get(params.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let wanted = |kind: &CodeActionKind| {
            params.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|o| {
                    kind.as_str() == o.as_str()
                        || kind.as_str().starts_with(&format!("{}.", o.as_str()))
                })
            })
        };
        let mut actions = Vec::new();
        if wanted(&CodeActionKind::QUICKFIX) {
            for d in &document.diagnostics {
                let lsp = to_lsp(d, document);
                if !touches(&lsp.range, &params.range) {
                    continue;
                }
                if let Some(action) = self.fix_action(document, d, &lsp) {
                    actions.push(CodeActionOrCommand::CodeAction(action));
                }
                actions.push(CodeActionOrCommand::CodeAction(
                    self.disable_action(document, d, lsp),
                ));
            }
        }
        if wanted(&fix_all_kind())
            && let Some(action) = self.fix_all_action(document)
        {
            actions.push(CodeActionOrCommand::CodeAction(action));
        }
        actions
    }

    fn edit(&self, document: &OpenDocument, edits: Vec<TextEdit>) -> WorkspaceEdit {
        if self.document_changes {
            // Versioned: the client refuses the edit if the text has moved on since.
            return WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: document.uri.clone(),
                        version: document.version,
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..WorkspaceEdit::default()
            };
        }
        #[allow(clippy::mutable_key_type)] // the protocol's own map type; its hash is the text
        let changes = HashMap::from([(document.uri.clone(), edits)]);
        WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }
    }

    fn fix_action(
        &self,
        document: &OpenDocument,
        d: &Diagnostic,
        lsp: &lsp_types::Diagnostic,
    ) -> Option<CodeAction> {
        let fix = d.fix.as_ref()?;
        let first = fix.edits.first()?;
        let what = match first.replacement.as_str() {
            "" => format!("Delete \"{}\"", shorten(d.matched.trim_end())),
            replacement => format!("Replace with \"{}\"", shorten(replacement)),
        };
        let title = match fix.applicability {
            Applicability::Safe => format!("{what} ({})", d.lint),
            Applicability::Unsafe => format!("{what} ({}, suggestion)", d.lint),
        };
        let edits = fix
            .edits
            .iter()
            .map(|e| TextEdit {
                range: range(document, e.span.clone()),
                new_text: e.replacement.clone(),
            })
            .collect();
        Some(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![lsp.clone()]),
            edit: Some(self.edit(document, edits)),
            is_preferred: Some(fix.applicability == Applicability::Safe),
            ..CodeAction::default()
        })
    }

    fn disable_action(
        &self,
        document: &OpenDocument,
        d: &Diagnostic,
        lsp: lsp_types::Diagnostic,
    ) -> CodeAction {
        let silence = disable_directive(&document.text, document.format, d.span.start, &d.lint);
        let edits = silence
            .edits
            .into_iter()
            .map(|(at, new_text)| TextEdit {
                range: range(document, at..at),
                new_text,
            })
            .collect();
        CodeAction {
            title: silence.title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![lsp]),
            edit: Some(self.edit(document, edits)),
            ..CodeAction::default()
        }
    }

    /// Every safe fix at once, as `--fix` would apply them (fixes can uncover more findings, so
    /// this lints again between passes).
    fn fix_all_action(&self, document: &OpenDocument) -> Option<CodeAction> {
        let has_safe = document.diagnostics.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        if !has_safe {
            return None;
        }
        let (index, selection) = document.config.as_ref()?;
        let ruleset = &self.project.get(*index).ruleset;
        let mut text = document.text.clone();
        let mut diagnostics = document.diagnostics.clone();
        for _ in 0..FIX_PASSES {
            let fixed = fix::apply(&text, &diagnostics, false);
            if fixed.applied == 0 {
                break;
            }
            text = fixed.text;
            diagnostics = ruleset.lint_text_with(&text, document.format, selection);
        }
        if text == document.text {
            return None;
        }
        let whole = range(document, 0..document.text.len());
        Some(CodeAction {
            title: "Fix all safe copydesk problems".into(),
            kind: Some(fix_all_kind()),
            edit: Some(self.edit(
                document,
                vec![TextEdit {
                    range: whole,
                    new_text: text,
                }],
            )),
            ..CodeAction::default()
        })
    }
}

/// Fixing passes for "fix all", as for `copydesk check --fix`.
const FIX_PASSES: usize = 8;

/// Which front end reads a document: by the editor's language id, else by the file name.
/// `None` for documents copydesk does not lint (source code, TOML).
fn format_of(language: &str, path: Option<&Path>) -> Option<Format> {
    match language {
        "markdown" | "mdx" => return Some(Format::Markdown),
        "plaintext" | "text" | "txt" => return Some(Format::Plain),
        _ => {}
    }
    let extension = path?.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "txt" | "text" => Some(Format::Plain),
        _ => None,
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The protocol position of a byte offset: 0-based line, UTF-16 column.
fn position(lines: &LineIndex, text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset);
    Position {
        line: to_u32(lines.line_of(offset)),
        character: to_u32(lines.utf16_column(text, offset)),
    }
}

/// The byte offset of a protocol position: the inverse of [`position`]. A column past the end
/// of its line means the line's end (before its line break), as the protocol asks; one between
/// the two halves of a surrogate pair means the start of the character they encode.
fn offset(lines: &LineIndex, text: &str, position: Position) -> usize {
    let line = position.line as usize;
    if line >= lines.len() {
        return text.len();
    }
    let start = lines.line_start(line);
    let end = line_end(text, start);
    let target = position.character as usize;
    let mut units = 0;
    for (at, c) in text[start..end].char_indices() {
        units += c.len_utf16();
        if units > target {
            return start + at;
        }
    }
    end
}

fn range(document: &OpenDocument, span: Range<usize>) -> lsp_types::Range {
    lsp_types::Range {
        start: position(&document.lines, &document.text, span.start),
        end: position(&document.lines, &document.text, span.end),
    }
}

/// Whether two ranges overlap or touch, so a cursor at either edge of a finding counts.
fn touches(a: &lsp_types::Range, b: &lsp_types::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

fn to_lsp(d: &Diagnostic, document: &OpenDocument) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location {
                uri: document.uri.clone(),
                range: range(document, l.span.clone()),
            },
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(document, d.span.clone()),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.lint.clone())),
        source: Some("copydesk".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

/// Text to insert to silence a lint at one place, and the action's title.
#[derive(Debug, PartialEq, Eq)]
struct Silence {
    title: String,
    /// Insertions: byte offset and text, in order.
    edits: Vec<(usize, String)>,
}

/// Start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// End of the line starting at `start`, before its line break (and a `\r`).
fn line_end(text: &str, start: usize) -> usize {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    }
}

/// How to silence `lint` for the finding that starts at `offset`. A directive on a line of its
/// own above the finding's line is the plain answer, but where that line continues the line
/// before it, a line inserted between them would split the paragraph (a directive line reads
/// as a blank line in plain text and as an HTML block in Markdown) and change what the other
/// lints see. There, Markdown gets the comment at the end of the line before, where it stays
/// inline; plain text, whose directives need lines of their own, gets a disable/enable pair
/// around the paragraph. A Markdown list item gets the comment at the end of the last line of
/// text before it too, since an HTML block between two items would end the list; and a line
/// inside a quotation gets its directive inside the quotation.
fn disable_directive(text: &str, format: Format, offset: usize, lint: &str) -> Silence {
    let offset = floor_char_boundary(text, offset);
    let start = line_start(text, offset);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let previous = (start > 0).then(|| line_start(text, start - 1));
    let continues = previous.is_some_and(|p| !text[p..line_end(text, p)].trim().is_empty());
    let above = |directive: String, container: &[char]| {
        let line = &text[start..line_end(text, start)];
        let rest = line.trim_start_matches(container);
        let prefix = &line[..line.len() - rest.len()];
        Silence {
            title: format!("Disable {lint} on this line"),
            edits: vec![(start, format!("{prefix}{directive}{newline}"))],
        }
    };
    match format {
        Format::Markdown => {
            let directive = format!("<!-- copydesk-disable-next-line {lint} -->");
            // Indentation and quotation markers: the directive belongs to the same container.
            let container = [' ', '\t', '>'];
            let before = if continues {
                previous
            } else if starts_list_item(&text[start..line_end(text, start)]) {
                previous.and_then(|p| last_text_line(text, p))
            } else {
                None
            };
            let Some(at) = before.and_then(|p| inline_end(text, p, offset)) else {
                return above(directive, &container);
            };
            Silence {
                title: format!("Disable {lint} on this line"),
                edits: vec![(at, format!(" {directive}"))],
            }
        }
        Format::Plain => {
            if !continues {
                return above(format!("copydesk: disable-next-line {lint}"), &[' ', '\t']);
            }
            let (first, last) = paragraph(text, start);
            let mut closing = format!("copydesk: enable {lint}{newline}");
            if last == text.len() && !text.ends_with('\n') {
                closing = format!("{newline}copydesk: enable {lint}");
            }
            Silence {
                title: format!("Disable {lint} in this paragraph"),
                edits: vec![
                    (first, format!("copydesk: disable {lint}{newline}")),
                    (last, closing),
                ],
            }
        }
    }
}

/// Where a comment appended to the Markdown line starting at `previous` stays inline text that
/// changes nothing a reader sees: the line's end, before a hard line break it ends with
/// (trailing spaces or a backslash), when that line is text of the finding's own block or of a
/// paragraph, quotation or list item. `None` for a fence, a heading, a table row, an underline.
fn inline_end(text: &str, previous: usize, offset: usize) -> Option<usize> {
    let end = line_end(text, previous);
    let kept = text[previous..end].trim_end_matches([' ', '\t', '\\']);
    if kept.trim().is_empty() {
        return None;
    }
    let (last, _) = kept.char_indices().next_back()?;
    let doc = Document::parse(text, Format::Markdown);
    let block = doc.block_at(previous + last)?;
    let prose = matches!(
        doc.blocks[block].kind,
        BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem
    );
    (prose || doc.block_at(offset) == Some(block)).then_some(previous + kept.len())
}

/// Whether a Markdown line opens a list item: a bullet or a number and a period or parenthesis,
/// after any indentation and quotation markers, followed by a space or nothing.
fn starts_list_item(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t', '>']);
    let after = match rest.strip_prefix(['-', '*', '+']) {
        Some(after) => after,
        None => {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 || digits > 9 {
                return false;
            }
            let Some(after) = rest[digits..].strip_prefix(['.', ')']) else {
                return false;
            };
            after
        }
    };
    after.is_empty() || after.starts_with([' ', '\t'])
}

/// The start of the last non-blank line at or before the line starting at `line`.
fn last_text_line(text: &str, mut line: usize) -> Option<usize> {
    loop {
        if !text[line..line_end(text, line)].trim().is_empty() {
            return Some(line);
        }
        if line == 0 {
            return None;
        }
        line = line_start(text, line - 1);
    }
}

/// The run of non-blank lines around the line starting at `start`: where its first line starts
/// and where the line after its last one starts (or the end of the text).
fn paragraph(text: &str, start: usize) -> (usize, usize) {
    let mut first = start;
    while first > 0 {
        let previous = line_start(text, first - 1);
        if text[previous..line_end(text, previous)].trim().is_empty() {
            break;
        }
        first = previous;
    }
    let mut next = start;
    loop {
        let end = line_end(text, next);
        if text[next..end].trim().is_empty() && next != start {
            return (first, next);
        }
        match text[next..].find('\n') {
            Some(i) => next += i + 1,
            None => return (first, text.len()),
        }
        if next >= text.len() {
            return (first, text.len());
        }
    }
}

/// Whether the configuration's `exclude` globs, taken relative to its folder, drop `place`.
fn excluded_by(config: &crate::config::Config, place: &Path) -> bool {
    if config.exclude.is_empty() {
        return false;
    }
    let Ok(relative) = place.strip_prefix(&config.dir) else {
        return false;
    };
    crate::walk::Filter::new(&[], &config.exclude).is_ok_and(|f| f.excluded(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, silence: &Silence) -> String {
        let mut out = text.to_string();
        for (at, insert) in silence.edits.iter().rev() {
            out.insert_str(*at, insert);
        }
        out
    }

    fn silenced(text: &str, format: Format, needle: &str) -> String {
        let offset = text.find(needle).expect("needle in text");
        apply(
            text,
            &disable_directive(text, format, offset, "truncation/doubled-word"),
        )
    }

    #[test]
    fn a_line_of_its_own_above_a_line_that_starts_a_paragraph() {
        assert_eq!(
            silenced("Intro.\n\nThe the vote.\n", Format::Markdown, "The the"),
            "Intro.\n\n<!-- copydesk-disable-next-line truncation/doubled-word -->\nThe the vote.\n"
        );
        assert_eq!(
            silenced("The the vote.\r\nNext.\r\n", Format::Plain, "The the"),
            "copydesk: disable-next-line truncation/doubled-word\r\nThe the vote.\r\nNext.\r\n"
        );
        // Inside a list item and inside a quotation, the directive keeps the line's container.
        assert_eq!(
            silenced("- one\n\n  the the two\n", Format::Markdown, "the the"),
            "- one\n\n  <!-- copydesk-disable-next-line truncation/doubled-word -->\n  the the two\n"
        );
        assert_eq!(
            silenced("> One.\n>\n> The the two.\n", Format::Markdown, "The the"),
            "> One.\n>\n> <!-- copydesk-disable-next-line truncation/doubled-word -->\n> The the two.\n"
        );
    }

    #[test]
    fn a_list_item_gets_the_comment_at_the_end_of_the_text_before_it() {
        // A line of its own between two items would end the list and start another.
        assert_eq!(
            silenced("- one\n\n  - the the two\n", Format::Markdown, "the the"),
            "- one <!-- copydesk-disable-next-line truncation/doubled-word -->\n\n  - the the two\n"
        );
        assert_eq!(
            silenced("Intro:\n\n1. the the one\n", Format::Markdown, "the the"),
            "Intro: <!-- copydesk-disable-next-line truncation/doubled-word -->\n\n1. the the one\n"
        );
        // Nothing but a heading before it: a line of its own.
        assert_eq!(
            silenced("# News\n\n- the the one\n", Format::Markdown, "the the"),
            "# News\n\n<!-- copydesk-disable-next-line truncation/doubled-word -->\n- the the one\n"
        );
    }

    #[test]
    fn a_hard_line_break_stays_after_the_comment() {
        assert_eq!(
            silenced(
                "A line break  \nand the the vote.\n",
                Format::Markdown,
                "the the"
            ),
            "A line break <!-- copydesk-disable-next-line truncation/doubled-word -->  \nand the the vote.\n"
        );
        assert_eq!(
            silenced(
                "A line break\\\nand the the vote.\n",
                Format::Markdown,
                "the the"
            ),
            "A line break <!-- copydesk-disable-next-line truncation/doubled-word -->\\\nand the the vote.\n"
        );
    }

    #[test]
    fn markdown_continuation_lines_get_the_comment_at_the_end_of_the_line_before() {
        assert_eq!(
            silenced(
                "A wrapped paragraph goes\non with the the vote.\n",
                Format::Markdown,
                "the the"
            ),
            "A wrapped paragraph goes <!-- copydesk-disable-next-line truncation/doubled-word -->\non with the the vote.\n"
        );
        // A fence is not inline text: the line before is in another block.
        assert_eq!(
            silenced(
                "```\ncode\n```\nThe the vote.\n",
                Format::Markdown,
                "The the"
            ),
            "```\ncode\n```\n<!-- copydesk-disable-next-line truncation/doubled-word -->\nThe the vote.\n"
        );
    }

    #[test]
    fn plain_continuation_lines_get_a_region_around_the_paragraph() {
        assert_eq!(
            silenced(
                "Title\n\nA wrapped paragraph goes\non with the the vote\nand ends.\n\nNext.\n",
                Format::Plain,
                "the the"
            ),
            "Title\n\ncopydesk: disable truncation/doubled-word\nA wrapped paragraph goes\non with the the vote\nand ends.\ncopydesk: enable truncation/doubled-word\n\nNext.\n"
        );
        assert_eq!(
            silenced("One line\nthe the end", Format::Plain, "the the"),
            "copydesk: disable truncation/doubled-word\nOne line\nthe the end\ncopydesk: enable truncation/doubled-word"
        );
    }

    #[test]
    fn the_directives_silence_the_finding_and_nothing_else() {
        let ruleset = crate::Ruleset::builtin().expect("built-in lints load");
        let cases = [
            ("Intro.\n\nThe the vote passed.\n", Format::Plain),
            ("Intro.\n\nThe the vote passed.\n", Format::Markdown),
            (
                "The council met on a Tuesday and the\nthe vote passed after a long debate.\n",
                Format::Markdown,
            ),
            (
                "The council met on a Tuesday and the\nthe vote passed after a long debate.\n",
                Format::Plain,
            ),
            // Hard line breaks: two trailing spaces, or a backslash.
            (
                "The council met on a Tuesday  \nand the the vote passed after a debate.\n",
                Format::Markdown,
            ),
            (
                "The council met on a Tuesday\\\nand the the vote passed after a debate.\n",
                Format::Markdown,
            ),
            // A list item after its sibling, and after the paragraph that introduces the list.
            (
                "- The council met on Tuesday.\n- The the vote passed after a debate.\n",
                Format::Markdown,
            ),
            (
                "The council met on Tuesday:\n\n- a debate\n- the the vote\n",
                Format::Markdown,
            ),
            // A quotation whose second paragraph holds the finding.
            (
                "> The council met on Tuesday.\n>\n> The the vote passed after a debate.\n",
                Format::Markdown,
            ),
        ];
        for (text, format) in cases {
            let before = ruleset.lint_text(text, format);
            let target = before
                .iter()
                .find(|d| d.lint == "truncation/doubled-word")
                .unwrap_or_else(|| panic!("a doubled word in {text:?}: {before:?}"));
            let silence = disable_directive(text, format, target.span.start, &target.lint);
            let after_text = apply(text, &silence);
            let after = ruleset.lint_text(&after_text, format);
            let others = |ds: &[Diagnostic]| {
                ds.iter()
                    .filter(|d| d.lint != target.lint)
                    .map(|d| d.lint.clone())
                    .collect::<Vec<_>>()
            };
            assert!(
                after.iter().all(|d| d.lint != target.lint),
                "{after_text:?}: {after:?}"
            );
            assert_eq!(others(&before), others(&after), "{after_text:?}");
            if format == Format::Markdown {
                assert_eq!(rendered(text), rendered(&after_text), "{after_text:?}");
            }
        }
    }

    /// What a reader of the rendered Markdown gets: its structure, and its text with comments
    /// dropped and runs of text joined across soft breaks with whitespace collapsed.
    fn rendered(text: &str) -> Vec<String> {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let mut out = Vec::new();
        let mut run = String::new();
        for event in Parser::new(text) {
            match event {
                Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::HtmlBlock)
                | Event::End(TagEnd::HtmlBlock) => {}
                Event::Text(t) => run.push_str(&t),
                Event::SoftBreak => run.push(' '),
                other => {
                    let words = run.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !words.is_empty() {
                        out.push(words);
                    }
                    run.clear();
                    out.push(format!("{other:?}"));
                }
            }
        }
        out
    }

    #[test]
    fn positions_count_utf16_code_units() {
        let text = "a😀b\nc";
        let lines = LineIndex::new(text);
        assert_eq!(
            position(&lines, text, text.find('b').unwrap()),
            Position {
                line: 0,
                character: 3
            }
        );
        assert_eq!(
            position(&lines, text, text.len()),
            Position {
                line: 1,
                character: 1
            }
        );
    }

    #[test]
    fn offsets_are_the_inverse_of_positions() {
        let text = "a😀東e\u{301}b\r\nc𝄞d\n";
        let lines = LineIndex::new(text);
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let back = offset(&lines, text, position(&lines, text, at));
            // A `\r` before `\n` is part of the line break, which a position cannot point into.
            let expected = if text[at..].starts_with("\n") && text[..at].ends_with('\r') {
                at - 1
            } else {
                at
            };
            assert_eq!(back, expected, "offset {at}");
        }
        let at = |line, character| offset(&lines, text, Position { line, character });
        // Past the end of a line: its end, before the line break.
        assert_eq!(at(0, 99), text.find('\r').unwrap());
        // Between the halves of a surrogate pair: the character's start.
        assert_eq!(at(0, 2), text.find('😀').unwrap());
        assert_eq!(at(1, 2), text.find('𝄞').unwrap());
        // Past the last line: the end of the text.
        assert_eq!(at(9, 0), text.len());
    }

    #[test]
    fn only_prose_documents_are_linted() {
        assert_eq!(format_of("markdown", None), Some(Format::Markdown));
        assert_eq!(
            format_of("plaintext", Some(Path::new("/a/b.log"))),
            Some(Format::Plain)
        );
        assert_eq!(
            format_of("", Some(Path::new("/a/b.MD"))),
            Some(Format::Markdown)
        );
        assert_eq!(format_of("toml", Some(Path::new("/a/copydesk.toml"))), None);
        assert_eq!(format_of("rust", None), None);
    }
}

//! The server's state and main loop: documents in, diagnostics out, requests answered.
//!
//! Edits only update the document text and mark it dirty; analysis runs when no message is
//! waiting or before a request is answered, so a flood of edits costs one analysis.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles,
    DidChangeWorkspaceFolders, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Initialized, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{RegisterCapability, Request as _, WorkspaceConfiguration};
use lsp_types::{
    ConfigurationItem, ConfigurationParams, DidChangeWatchedFilesRegistrationOptions,
    FileChangeType, FileSystemWatcher, GlobPattern, MessageType, PublishDiagnosticsParams,
    Registration, RegistrationParams, ShowMessageParams, Uri,
};
use serde::Deserialize;

use super::convert::{Encoding, Lines, path_to_uri, uri_to_path};
use super::documents::Document;
use super::{handlers, to_proto};
use crate::check::shell::ShellTools;
use crate::check::shell::shellcheck::Dialect;
use crate::ide::{FileEntry, World};
use crate::workspace::is_job_file_name;

/// How long the client must be quiet before the cross-job rules run again.
const GRAPH_DEBOUNCE: Duration = Duration::from_millis(150);

/// Settings a client passes as `initializationOptions`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// A URL with `{code}` in it, for each diagnostic's `codeDescription` (rule documentation);
    /// none when empty.
    #[serde(deserialize_with = "non_empty")]
    pub rule_docs_url: Option<String>,
    /// Run ShellCheck on embedded shell too (the shell's own syntax check always runs).
    pub shellcheck: bool,
}

/// What the client can do that the server depends on.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientSupport {
    /// It watches files for us when asked (`workspace/didChangeWatchedFiles` registration).
    pub watch_files: bool,
    /// It can rename files as part of a workspace edit (needed to rename a job).
    pub rename_files: bool,
    /// It answers `workspace/configuration` requests (settings are pulled, not only pushed).
    pub configuration: bool,
}

fn non_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Option::<String>::deserialize(d)?;
    Ok(value.filter(|s| !s.is_empty()))
}

/// Everything the server knows.
pub struct Server {
    connection: Connection,
    /// How the client counts columns.
    pub encoding: Encoding,
    /// The analysed job files.
    pub world: World,
    /// The client's settings.
    pub settings: Settings,
    documents: HashMap<PathBuf, (Uri, Document)>,
    dirty: BTreeSet<PathBuf>,
    /// Open documents whose embedded shell must be checked again once the client is quiet.
    shell_due: BTreeSet<PathBuf>,
    /// The programs that check embedded shell.
    shell_tools: ShellTools,
    /// What the client supports.
    pub client: ClientSupport,
    next_id: i32,
    /// The id of the `workspace/configuration` request awaiting its answer.
    configuration_request: Option<RequestId>,
    shut_down: bool,
    config_errors_shown: HashSet<String>,
}

impl Server {
    /// A server for a connection that has been initialised.
    pub fn new(
        connection: Connection,
        encoding: Encoding,
        settings: Settings,
        client: ClientSupport,
    ) -> Self {
        let shell_tools = shell_tools(&settings);
        if shell_tools.shell.is_none() {
            log("neither dash nor sh is on PATH: shell syntax not checked");
        }
        Server {
            connection,
            encoding,
            world: World::new(),
            settings,
            documents: HashMap::new(),
            dirty: BTreeSet::new(),
            shell_due: BTreeSet::new(),
            shell_tools,
            client,
            next_id: 0,
            configuration_request: None,
            shut_down: false,
            config_errors_shown: HashSet::new(),
        }
    }

    /// Adds a workspace folder: its job files are read and analysed.
    pub fn add_root(&mut self, root: &Path) {
        for problem in self.world.add_root(root) {
            log(&format!("{}: {}", problem.path.display(), problem.message));
        }
    }

    /// Serves until the client says `exit` or goes away.
    pub fn run(mut self) {
        loop {
            // Cross-job and shell findings wait until the client has been quiet for a moment:
            // typing is answered at once, the whole directory and the shell are looked at once
            // typing pauses.
            let received = if self.world.graph_is_pending() || !self.shell_due.is_empty() {
                self.connection.receiver.recv_timeout(GRAPH_DEBOUNCE)
            } else {
                self.connection
                    .receiver
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected)
            };
            let message = match received {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    self.refresh_graph();
                    self.check_shell();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            match message {
                Message::Request(request) if request.method == "shutdown" => {
                    self.shut_down = true;
                    self.send(Message::Response(Response::new_ok(request.id, ())));
                }
                Message::Request(request) if self.shut_down => {
                    self.send(Message::Response(Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    )));
                }
                Message::Request(request) => {
                    self.analyse_dirty();
                    let response = self.answer(request);
                    self.send(Message::Response(response));
                }
                Message::Notification(notification) => {
                    if notification.method == "exit" {
                        return;
                    }
                    let method = notification.method.clone();
                    if catch_unwind(AssertUnwindSafe(|| self.notify(notification))).is_err() {
                        log(&format!("{method}: internal error; notification dropped"));
                    }
                }
                Message::Response(response) => self.answered(response),
            }
            if self.connection.receiver.is_empty() {
                self.analyse_dirty();
            }
        }
    }

    fn send(&self, message: Message) {
        if self.connection.sender.send(message).is_err() {
            log("the client has gone away");
        }
    }

    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let method = request.method.clone();
        match catch_unwind(AssertUnwindSafe(|| handlers::dispatch(self, request))) {
            Ok(response) => response,
            Err(_) => {
                log(&format!("{method}: internal error"));
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!("{method}: internal error"),
                )
            }
        }
    }

    fn notify(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let result = match method.as_str() {
            Initialized::METHOD => {
                self.register_watchers();
                self.pull_configuration();
                Ok(())
            }
            DidOpenTextDocument::METHOD => notification
                .extract::<lsp_types::DidOpenTextDocumentParams>(&method)
                .map(|params| {
                    let doc = params.text_document;
                    self.open(doc.uri, doc.text, doc.version);
                }),
            DidChangeTextDocument::METHOD => notification
                .extract::<lsp_types::DidChangeTextDocumentParams>(&method)
                .map(|params| self.change(params)),
            DidSaveTextDocument::METHOD => notification
                .extract::<lsp_types::DidSaveTextDocumentParams>(&method)
                .map(|params| {
                    let path = uri_to_path(&params.text_document.uri);
                    if self.documents.contains_key(&path) {
                        self.shell_due.insert(path);
                    }
                }),
            DidCloseTextDocument::METHOD => notification
                .extract::<lsp_types::DidCloseTextDocumentParams>(&method)
                .map(|params| self.close(&params.text_document.uri)),
            DidChangeWatchedFiles::METHOD => notification
                .extract::<lsp_types::DidChangeWatchedFilesParams>(&method)
                .map(|params| self.files_changed(params)),
            DidChangeConfiguration::METHOD => notification
                .extract::<lsp_types::DidChangeConfigurationParams>(&method)
                .map(|params| match params.settings {
                    // A client with pull-model settings only says that they changed.
                    serde_json::Value::Null => self.pull_configuration(),
                    serde_json::Value::Object(map) if map.is_empty() => self.pull_configuration(),
                    settings => self.configure(settings),
                }),
            DidChangeWorkspaceFolders::METHOD => notification
                .extract::<lsp_types::DidChangeWorkspaceFoldersParams>(&method)
                .map(|params| {
                    for folder in params.event.removed {
                        self.world.remove_root(&uri_to_path(&folder.uri));
                    }
                    for folder in params.event.added {
                        self.add_root(&uri_to_path(&folder.uri));
                    }
                    // Open documents keep the editor's text whatever the folders are.
                    self.dirty.extend(self.documents.keys().cloned());
                }),
            _ => Ok(()),
        };
        if let Err(error) = result {
            log(&format!("{method}: {error}"));
        }
    }

    /// Asks the client for the `upstart-lint` settings section, when it can answer; the answer
    /// is applied as pushed settings are.
    fn pull_configuration(&mut self) {
        if !self.client.configuration {
            return;
        }
        let params = ConfigurationParams {
            items: vec![ConfigurationItem {
                scope_uri: None,
                section: Some("upstart-lint".into()),
            }],
        };
        let id = self.request(WorkspaceConfiguration::METHOD, params);
        self.configuration_request = Some(id);
    }

    /// A client's answer to one of the server's requests.
    fn answered(&mut self, response: Response) {
        if self.configuration_request.as_ref() != Some(&response.id) {
            return;
        }
        self.configuration_request = None;
        match response.response_result {
            Ok(serde_json::Value::Array(mut sections)) if !sections.is_empty() => {
                match sections.swap_remove(0) {
                    serde_json::Value::Null => {}
                    section => self.configure(section),
                }
            }
            Ok(other) => log(&format!(
                "workspace/configuration: unexpected answer {other}"
            )),
            Err(error) => log(&format!("workspace/configuration: {}", error.message)),
        }
    }

    /// New client settings (`{"upstartLint": {...}}` or the settings themselves): every open
    /// document is published again with them.
    fn configure(&mut self, settings: serde_json::Value) {
        let section = settings.get("upstartLint").cloned().unwrap_or(settings);
        match serde_json::from_value::<Settings>(section) {
            Ok(settings) => {
                self.shell_tools = shell_tools(&settings);
                self.settings = settings;
                self.dirty.extend(self.documents.keys().cloned());
                self.shell_due.extend(self.documents.keys().cloned());
            }
            Err(error) => log(&format!("settings ignored: {error}")),
        }
    }

    fn open(&mut self, uri: Uri, text: String, version: i32) {
        let path = uri_to_path(&uri);
        self.documents
            .insert(path.clone(), (uri, Document { text, version }));
        self.dirty.insert(path.clone());
        self.shell_due.insert(path);
    }

    fn change(&mut self, params: lsp_types::DidChangeTextDocumentParams) {
        let path = uri_to_path(&params.text_document.uri);
        let Some((_, document)) = self.documents.get_mut(&path) else {
            return log(&format!(
                "change to a document that is not open: {}",
                path.display()
            ));
        };
        document.apply(params.content_changes, self.encoding);
        document.version = params.text_document.version;
        self.dirty.insert(path.clone());
        self.shell_due.insert(path);
    }

    fn close(&mut self, uri: &Uri) {
        let path = uri_to_path(uri);
        self.documents.remove(&path);
        self.dirty.remove(&path);
        self.shell_due.remove(&path);
        self.world.forget_shell(&path);
        self.reload_from_disk(&path);
        self.publish(uri.clone(), &path, None);
    }

    /// After a close or a change on disk: the job file as saved when it is in the workspace,
    /// else nothing (a file opened from elsewhere is forgotten when closed).
    fn reload_from_disk(&mut self, path: &Path) {
        match std::fs::read(path) {
            Ok(bytes) if is_job_file_name(path) && self.world.in_roots(path) => {
                self.world.set_file(path, &bytes)
            }
            _ => self.world.remove_file(path),
        }
    }

    fn files_changed(&mut self, params: lsp_types::DidChangeWatchedFilesParams) {
        for change in params.changes {
            let path = uri_to_path(&change.uri);
            // The editor's text of an open document wins over the disk.
            if self.documents.contains_key(&path) {
                continue;
            }
            if change.typ == FileChangeType::DELETED {
                self.world.remove_file(&path);
            } else {
                self.reload_from_disk(&path);
            }
        }
    }

    fn register_watchers(&mut self) {
        if !self.client.watch_files {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: ["**/*.conf", "**/*.override"]
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.into()),
                    kind: None,
                })
                .to_vec(),
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "upstart-lint-watch".into(),
                method: DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.request(RegisterCapability::METHOD, params);
    }

    /// Sends a request to the client and returns its id.
    fn request(&mut self, method: &str, params: impl serde::Serialize) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Message::Request(Request::new(
            id.clone(),
            method.into(),
            params,
        )));
        id
    }

    /// Re-analyses the documents edited since the last time, and publishes their findings.
    fn analyse_dirty(&mut self) {
        for path in std::mem::take(&mut self.dirty) {
            let Some((uri, document)) = self.documents.get(&path) else {
                continue;
            };
            let (uri, version) = (uri.clone(), document.version);
            self.world.set_file(&path, document.text.as_bytes());
            self.report_config_error(&path);
            self.publish(uri, &path, Some(version));
        }
    }

    /// Runs the cross-job rules again and republishes the open documents whose findings changed.
    fn refresh_graph(&mut self) {
        let Ok(changed) = catch_unwind(AssertUnwindSafe(|| self.world.refresh_graph())) else {
            return log("cross-job analysis: internal error");
        };
        for path in changed {
            if let Some((uri, document)) = self.documents.get(&path) {
                self.publish(uri.clone(), &path, Some(document.version));
            }
        }
    }

    /// Checks the embedded shell of the documents edited, opened or saved since the last time,
    /// and republishes those whose findings changed.
    fn check_shell(&mut self) {
        self.analyse_dirty();
        let due: Vec<PathBuf> = std::mem::take(&mut self.shell_due).into_iter().collect();
        let tools = &self.shell_tools;
        let world = &mut self.world;
        let Ok((changed, problem)) =
            catch_unwind(AssertUnwindSafe(|| world.check_shell(&due, tools)))
        else {
            return log("shell checks: internal error");
        };
        if let Some(problem) = problem {
            log(&format!("shell checks: {problem}"));
        }
        for path in changed {
            if let Some((uri, document)) = self.documents.get(&path) {
                self.publish(uri.clone(), &path, Some(document.version));
            }
        }
    }

    /// Tells the user, once per message, that a config file could not be used.
    fn report_config_error(&mut self, path: &Path) {
        let Some(error) = self.world.file(path).and_then(|f| f.config_error.clone()) else {
            return;
        };
        if self.config_errors_shown.insert(error.clone()) {
            log(&error);
            let params = ShowMessageParams {
                typ: MessageType::WARNING,
                message: format!("upstart-lint: {error}; checking with the default settings"),
            };
            self.send(Message::Notification(Notification::new(
                ShowMessage::METHOD.into(),
                params,
            )));
        }
    }

    fn publish(&self, uri: Uri, path: &Path, version: Option<i32>) {
        let diagnostics = match (version, self.world.file(path)) {
            (Some(_), Some(file)) => self
                .world
                .diagnostics(path)
                .iter()
                .map(|d| to_proto::diagnostic(self, &uri, &self.lines(file), d))
                .collect(),
            _ => Vec::new(),
        };
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.into(),
            params,
        )));
    }

    /// The position converter for an analysed file.
    pub fn lines<'a>(&self, file: &'a FileEntry) -> Lines<'a> {
        Lines {
            text: file.text(),
            index: &file.line_index,
            encoding: self.encoding,
        }
    }

    /// The URI to show for `path`: the editor's own for open documents.
    pub fn uri(&self, path: &Path) -> Option<Uri> {
        match self.documents.get(path) {
            Some((uri, _)) => Some(uri.clone()),
            None => path_to_uri(path),
        }
    }
}

/// The shell-checking programs for `settings`: `dash` (else `sh`), and ShellCheck when asked.
fn shell_tools(settings: &Settings) -> ShellTools {
    ShellTools::detect(settings.shellcheck, None, Dialect::default()).unwrap_or_else(|error| {
        log(&format!("shell checks: {error}"));
        ShellTools::default()
    })
}

/// Logs to standard error, which editors show as the server's log.
pub fn log(message: &str) {
    eprintln!("upstart-lint lsp: {message}");
}

//! A small LSP client that drives the real `upstart-lint lsp` binary over stdio.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// How long any single answer may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(20);

/// A running server and the messages it sent that nobody has read yet.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications (and server requests) received while waiting for something else.
    pub pending: Vec<Value>,
    next_id: i64,
    /// The workspace root the server was started on.
    pub root: PathBuf,
}

/// The test workspace shipped in `tests/lsp/workspace`.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp/workspace")
}

/// The `file:` URI of `path` (test paths need no escaping).
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Starts the server on `root` and completes the handshake; `capabilities` are the client's.
    pub fn start(root: &Path, capabilities: Value, options: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_upstart-lint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            pending: Vec::new(),
            next_id: 0,
            root: root.to_path_buf(),
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// Writes raw bytes to the server, as a broken client would.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(frame.as_bytes());
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.next();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// Sends a request and returns its result; fails the test on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(TIMEOUT)
            .expect("the server answers in time")
    }

    /// Waits for the next `publishDiagnostics` for `uri` and returns its params.
    pub fn diagnostics(&mut self, uri: &str) -> Value {
        let is_wanted = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.pending.iter().position(is_wanted) {
            return self.pending.remove(i)["params"].clone();
        }
        loop {
            let message = self.next();
            if is_wanted(&message) {
                return message["params"].clone();
            }
            self.pending.push(message);
        }
    }

    /// Waits for the next request the server sends with `method`, and returns it whole.
    pub fn server_request(&mut self, method: &str) -> Value {
        let is_wanted = |m: &Value| m["method"] == method && m.get("id").is_some();
        if let Some(i) = self.pending.iter().position(is_wanted) {
            return self.pending.remove(i);
        }
        loop {
            let message = self.next();
            if is_wanted(&message) {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// Answers the server's request `id` with `result`.
    pub fn reply(&mut self, id: &Value, result: Value) {
        self.send(json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    /// Opens `path` with `text` as version 1.
    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "upstart", "version": 1, "text": text}}),
        );
        uri
    }

    /// Opens a workspace file with its content on disk.
    pub fn open_file(&mut self, name: &str) -> String {
        let path = self.root.join(name);
        let text = std::fs::read_to_string(&path).expect("workspace file");
        self.open(&path, &text)
    }

    /// Shuts the server down and returns its exit code.
    pub fn shutdown(mut self) -> Option<i32> {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("the server exits");
        status.code()
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Compares `actual` with `tests/lsp/expected/NAME.json` (rewritten with `UPDATE_EXPECT=1`),
/// with the workspace path `root` replaced by `$WORKSPACE` so the files are portable.
pub fn expect(name: &str, root: &Path, actual: &Value) {
    let text = serde_json::to_string_pretty(actual).expect("json") + "\n";
    let text = text.replace(&root.display().to_string(), "$WORKSPACE");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/lsp/expected")
        .join(format!("{name}.json"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &text).expect("write expected");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_EXPECT=1", path.display()));
    assert_eq!(text, expected, "{name} differs from {}", path.display());
}

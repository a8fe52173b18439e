//! The language server: `upstart-lint lsp`, over stdio.
//!
//! Built on `lsp-server` (rust-analyzer's and ruff's synchronous transport) with `lsp-types`:
//! analysis of a job file takes well under a millisecond, so requests are answered in order
//! on one thread, with no async runtime. The server holds no analysis logic: it converts
//! between the protocol and [`crate::ide`].
//!
//! Files are checked as `upstart-lint check` checks them (`workspace::lint_bytes`: the nearest
//! `upstart-lint.toml`, suppression comments), and formatted by [`crate::format`].
//!
//! Where cross-job (graph) findings join: `ide::World::diagnostics` is the one source of what
//! is published; when findings of one file depend on others, `Server::analyse_dirty` must also
//! republish the other open documents (once per batch of edits, which is the debounce).

mod capabilities;
mod convert;
mod documents;
mod handlers;
mod server;
mod to_proto;
mod transport;

use lsp_server::{Message, Response};
use lsp_types::{InitializeParams, InitializeResult, ResourceOperationKind, ServerInfo};

use convert::{Encoding, uri_to_path};
use server::{ClientSupport, Server, Settings, log};

/// Runs the server on stdin/stdout until the client exits. Returns an error only when the
/// client never initialises the connection.
pub fn run() -> Result<(), String> {
    let (connection, writer) = transport::stdio();
    let (id, params) = connection
        .initialize_start()
        .map_err(|error| error.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_else(|error| {
        log(&format!("initialize: {error}; using defaults"));
        InitializeParams::default()
    });
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_deref()),
    );
    let settings: Settings = params
        .initialization_options
        .clone()
        .and_then(|options| serde_json::from_value(options).ok())
        .unwrap_or_default();
    let workspace = params.capabilities.workspace.as_ref();
    let client = ClientSupport {
        watch_files: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        rename_files: workspace
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Rename)),
        configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
    };
    let result = InitializeResult {
        capabilities: capabilities::server_capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "upstart-lint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection
        .sender
        .send(Message::Response(Response::new_ok(id, result)))
        .map_err(|error| error.to_string())?;
    let mut server = Server::new(connection, encoding, settings, client);
    #[allow(deprecated)] // `rootUri` is what older clients send instead of workspace folders.
    let roots = match (params.workspace_folders, params.root_uri) {
        (Some(folders), _) if !folders.is_empty() => {
            folders.into_iter().map(|f| uri_to_path(&f.uri)).collect()
        }
        (_, Some(root)) => vec![uri_to_path(&root)],
        _ => Vec::new(),
    };
    for root in roots {
        server.add_root(&root);
    }
    server.run();
    let _ = writer.join();
    Ok(())
}

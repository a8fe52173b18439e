//! The language server, driven over stdio by a real client: one test per capability, with the
//! exact ranges checked against `tests/lsp/expected/*.json` (`UPDATE_EXPECT=1` rewrites them).

mod client;

use std::path::{Path, PathBuf};

use client::{Client, expect, uri, workspace};
use serde_json::{Value, json};

const DOCS_URL: &str = "https://upstart-lint.example/rules/{code}";

fn start() -> Client {
    Client::start(&workspace(), json!({}), json!({"ruleDocsUrl": DOCS_URL})).0
}

/// The UTF-16 position of the `nth` character after the start of `needle` in `text`.
fn pos(text: &str, needle: &str, nth: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in text"));
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column: usize = text[line_start..at].encode_utf16().count()
        + needle.chars().take(nth).map(char::len_utf16).sum::<usize>();
    json!({"line": line, "character": column})
}

fn text_of(name: &str) -> String {
    std::fs::read_to_string(workspace().join(name)).expect("workspace file")
}

fn at(uri: &str, position: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": position})
}

/// A copy of the workspace the test may change.
fn scratch_workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upstart-lint-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    for entry in std::fs::read_dir(workspace()).expect("workspace") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

#[test]
fn initialize_negotiates_the_position_encoding() {
    let (client, result) = Client::start(
        &workspace(),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        json!({}),
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(client.shutdown(), Some(0));
    let (client, result) = Client::start(&workspace(), json!({}), json!({}));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    expect("initialize", &workspace(), &result);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn diagnostics_have_codes_links_related_information_and_tags() {
    let mut client = start();
    let uri = client.open_file("web.conf");
    let published = client.diagnostics(&uri);
    expect("diagnostics", &workspace(), &published);
    // New settings from the client: the links follow them.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"upstartLint": {"ruleDocsUrl": "https://other.example/{code}.html"}}}),
    );
    let republished = client.diagnostics(&uri);
    assert_eq!(
        republished["diagnostics"][0]["codeDescription"]["href"],
        "https://other.example/W0113.html"
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"upstartLint": {"ruleDocsUrl": ""}}}),
    );
    let without = client.diagnostics(&uri);
    assert!(without["diagnostics"][0].get("codeDescription").is_none());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn settings_are_pulled_after_initialized_and_when_the_client_says_they_changed() {
    let caps = json!({"workspace": {"configuration": true}});
    let (mut client, _) = Client::start(&workspace(), caps, json!({}));
    let request = client.server_request("workspace/configuration");
    assert_eq!(
        request["params"],
        json!({"items": [{"section": "upstart-lint"}]})
    );
    client.reply(
        &request["id"],
        json!([{"ruleDocsUrl": "https://pulled.example/{code}"}]),
    );
    let uri = client.open_file("web.conf");
    let published = client.diagnostics(&uri);
    let first = &published["diagnostics"][0];
    assert_eq!(first["code"], "W0113");
    assert_eq!(
        first["range"],
        json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 14}})
    );
    assert_eq!(
        first["codeDescription"]["href"],
        "https://pulled.example/W0113"
    );
    // Empty settings: the server asks again and applies the answer to the open documents.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let request = client.server_request("workspace/configuration");
    client.reply(
        &request["id"],
        json!([{"ruleDocsUrl": "https://again.example/{code}.html"}]),
    );
    let republished = client.diagnostics(&uri);
    assert_eq!(republished["diagnostics"][0]["range"], first["range"]);
    assert_eq!(
        republished["diagnostics"][0]["codeDescription"]["href"],
        "https://again.example/W0113.html"
    );
    client.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    let request = client.server_request("workspace/configuration");
    client.reply(&request["id"], json!([{}]));
    let cleared = client.diagnostics(&uri);
    assert!(cleared["diagnostics"][0].get("codeDescription").is_none());
    assert_eq!(client.shutdown(), Some(0));
    // A client that cannot answer is never asked.
    let (mut client, _) = Client::start(&workspace(), json!({}), json!({}));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let _ = client.request("shutdown", Value::Null);
    assert!(
        client
            .pending
            .iter()
            .all(|m| m["method"] != "workspace/configuration"),
        "{:?}",
        client.pending
    );
}

#[test]
fn edits_are_applied_incrementally_in_utf16_and_utf8() {
    for (encodings, column) in [(json!(["utf-16"]), 9), (json!(["utf-8"]), 11)] {
        let caps = json!({"general": {"positionEncodings": encodings}});
        let (mut client, _) = Client::start(&workspace(), caps, json!({}));
        let uri = client.open(&workspace().join("unsaved.conf"), "env A=\u{1F600} B\n");
        let published = client.diagnostics(&uri);
        let range = &published["diagnostics"][0]["range"];
        assert_eq!(published["diagnostics"][0]["code"], "E0005");
        assert_eq!(range["start"], json!({"line": 0, "character": column}));
        assert_eq!(range["end"], json!({"line": 0, "character": column + 1}));
        // Delete " B": the file becomes valid only if the columns were read in the right unit.
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"range": {
                    "start": {"line": 0, "character": column - 1},
                    "end": {"line": 0, "character": column + 1}}, "text": ""}],
            }),
        );
        let published = client.diagnostics(&uri);
        assert_eq!(published["version"], 2);
        assert_eq!(published["diagnostics"], json!([]));
        assert_eq!(client.shutdown(), Some(0));
    }
}

#[test]
fn hover_documents_stanzas_values_events_jobs_variables_and_rules() {
    let mut client = start();
    let web_uri = client.open_file("web.conf");
    let worker_uri = client.open_file("worker.conf");
    let web = text_of("web.conf");
    let worker = text_of("worker.conf");
    let cases = [
        ("stanza", &web_uri, pos(&web, "respawn", 2)),
        ("value", &web_uri, pos(&web, "log", 0)),
        ("event", &web_uri, pos(&web, "net-device-up", 3)),
        ("job", &web_uri, pos(&web, "db and", 0)),
        ("event variable", &web_uri, pos(&web, "IFACE", 1)),
        ("variable", &web_uri, pos(&web, "--port $PORT", 9)),
        ("export", &web_uri, pos(&web, "$PORT\n", 2)),
        (
            "event variable in a command",
            &web_uri,
            pos(&web, "$IFACE", 2),
        ),
        ("rule code", &worker_uri, pos(&worker, "W0111", 0)),
        ("emitted event", &worker_uri, pos(&worker, "db-ready", 0)),
    ];
    let hovers: Vec<Value> = cases
        .iter()
        .map(|(what, uri, position)| {
            json!({"case": what, "hover": client.request("textDocument/hover", at(uri, position.clone()))})
        })
        .collect();
    expect("hover", &workspace(), &Value::Array(hovers));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_stanzas_values_events_jobs_and_variables() {
    let mut client = start();
    let text = "\nconsole \nstart on started \nstart on net-device-up \nkill signal \nenv PORT=1\nexec /bin/x $P\nstop on (a) \nexport \nexec echo $IF\n";
    let uri = client.open(&workspace().join("typing.conf"), text);
    let lines: Vec<&str> = text.split('\n').collect();
    let mut results = Vec::new();
    for (line, content) in lines.iter().enumerate().take(10) {
        let position = json!({"line": line, "character": content.encode_utf16().count()});
        let items = client.request("textDocument/completion", at(&uri, position));
        let labels: Vec<&Value> = items
            .as_array()
            .expect("items")
            .iter()
            .map(|i| &i["label"])
            .collect();
        results.push(json!({"line": content, "labels": labels, "first": items[0]}));
    }
    expect("completion", &workspace(), &Value::Array(results));
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn definition_goes_to_job_files_emitters_and_env() {
    let mut client = start();
    let web_uri = client.open_file("web.conf");
    let worker_uri = client.open_file("worker.conf");
    let web = text_of("web.conf");
    let worker = text_of("worker.conf");
    let found = json!({
        "job": client.request("textDocument/definition", at(&web_uri, pos(&web, "db and", 1))),
        "variable": client.request("textDocument/definition", at(&web_uri, pos(&web, "--port $PORT", 9))),
        "event": client.request("textDocument/definition", at(&worker_uri, pos(&worker, "db-ready", 2))),
        "nothing": client.request("textDocument/definition", at(&web_uri, pos(&web, "respawn", 0))),
    });
    expect("definition", &workspace(), &found);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn references_find_every_job_and_event_use() {
    let mut client = start();
    let web_uri = client.open_file("web.conf");
    let web = text_of("web.conf");
    let worker = text_of("worker.conf");
    let worker_uri = client.open_file("worker.conf");
    let reference = |client: &mut Client, uri: &str, position: Value, declaration: bool| {
        let mut params = at(uri, position);
        params["context"] = json!({"includeDeclaration": declaration});
        client.request("textDocument/references", params)
    };
    let found = json!({
        "job db": reference(&mut client, &web_uri, pos(&web, "db and", 0), false),
        "event db-ready": reference(&mut client, &worker_uri, pos(&worker, "db-ready", 0), true),
        "variable PORT": reference(&mut client, &web_uri, pos(&web, "PORT=", 0), true),
    });
    expect("references", &workspace(), &found);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn rename_moves_the_job_file_and_every_reference() {
    let capabilities = json!({"workspace": {"workspaceEdit": {
        "documentChanges": true, "resourceOperations": ["rename"]}}});
    let (mut client, _) = Client::start(&workspace(), capabilities, json!({}));
    let web_uri = client.open_file("web.conf");
    let web = text_of("web.conf");
    let position = pos(&web, "db and", 1);
    let prepared = client.request("textDocument/prepareRename", at(&web_uri, position.clone()));
    let not_a_job = client.request(
        "textDocument/prepareRename",
        at(&web_uri, pos(&web, "respawn", 0)),
    );
    let mut params = at(&web_uri, position.clone());
    params["newName"] = json!("database");
    let edit = client.request("textDocument/rename", params.clone());
    params["newName"] = json!("web");
    let taken = client.call("textDocument/rename", params.clone());
    assert_eq!(client.shutdown(), Some(0));
    // A client that cannot move files is told so rather than left with a half-renamed job.
    let mut client = start();
    client.open_file("web.conf");
    params["newName"] = json!("database");
    let refused = client.call("textDocument/rename", params);
    assert_eq!(refused["error"]["code"], -32803);
    expect(
        "rename",
        &workspace(),
        &json!({"prepare": prepared, "not a job": not_a_job, "edit": edit, "taken": taken["error"]}),
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn document_symbols_and_folding_ranges() {
    let mut client = start();
    let uri = client.open_file("db.conf");
    let web_uri = client.open_file("web.conf");
    let document = |uri: &str| json!({"textDocument": {"uri": uri}});
    let found = json!({
        "symbols": client.request("textDocument/documentSymbol", document(&uri)),
        "folding db": client.request("textDocument/foldingRange", document(&uri)),
        "folding web": client.request("textDocument/foldingRange", document(&web_uri)),
    });
    expect("outline", &workspace(), &found);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn semantic_tokens_classify_keywords_events_jobs_and_values() {
    let mut client = start();
    let uri = client.open_file("web.conf");
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    // One token per row: [deltaLine, deltaStart, length, type, modifiers].
    let rows: Vec<Value> = tokens["data"]
        .as_array()
        .expect("data")
        .chunks(5)
        .map(|row| Value::Array(row.to_vec()))
        .collect();
    expect("semantic_tokens", &workspace(), &Value::Array(rows));
    // A quoted value over two lines becomes one string token per line.
    let uri = client.open(
        &workspace().join("quoted.conf"),
        "description \"two\n  lines\"\n",
    );
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(
        tokens["data"],
        json!([0, 0, 11, 0, 0, 0, 12, 4, 7, 0, 1, 0, 8, 7, 0])
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn code_actions_fix_suppress_and_fix_all() {
    let mut client = start();
    let uri = client.open_file("web.conf");
    let whole_file =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}});
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": whole_file, "context": {"diagnostics": []}}),
    );
    let only_fix_all = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": whole_file,
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    assert_eq!(only_fix_all.as_array().map(Vec::len), Some(1));
    expect("code_actions", &workspace(), &actions);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn inlay_hints_show_the_respawn_limit_in_force() {
    let mut client = start();
    let uri = client.open(
        &workspace().join("hinted.conf"),
        "respawn\nexec /bin/a\nrespawn limit 3 60\n",
    );
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}});
    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": range}),
    );
    expect("inlay_hints", &workspace(), &hints);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn survives_malformed_messages_bad_positions_strange_files_and_edit_floods() {
    let root = scratch_workspace("robust");
    let (mut client, _) = Client::start(&root, json!({}), json!({}));
    // Not JSON, then a frame without a length: both are skipped.
    client.send_raw(b"Content-Length: 5\r\n\r\n{oops");
    client.send_raw(b"X-Junk: 1\r\n\r\n");
    let unknown = client.call("no/suchMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let invalid = client.call("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(invalid["error"]["code"], -32602);

    let web_uri = client.open(&root.join("web.conf"), &text_of("web.conf"));
    let far = json!({"line": 10_000, "character": 10_000});
    assert_eq!(
        client.request("textDocument/hover", at(&web_uri, far.clone())),
        Value::Null
    );
    let _ = client.request("textDocument/completion", at(&web_uri, far));
    let unknown_doc = uri(Path::new("/nonexistent/x.conf"));
    assert_eq!(
        client.request(
            "textDocument/hover",
            at(&unknown_doc, json!({"line": 0, "character": 0}))
        ),
        Value::Null
    );

    // A document that is no job file at all, with bytes Upstart would choke on.
    let binary = client.open(
        &root.join("notes.txt"),
        "\u{0}\u{FEFF}((( \"unterminated\n\\",
    );
    assert!(
        client.diagnostics(&binary)["diagnostics"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
    );

    // A flood of edits, then one question: the answer reflects the last edit.
    for version in 2..400 {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": web_uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                                  "end": {"line": 0, "character": 0}},
                                       "text": "# flood\n"}]}),
        );
    }
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": web_uri}}),
    );
    assert_eq!(symbols[0]["range"]["start"]["line"], 398 + 2);

    // A job file deleted under the server: its name is no longer known.
    std::fs::remove_file(root.join("db.conf")).expect("delete");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join("db.conf")), "type": 3}]}),
    );
    let web = text_of("web.conf");
    let job_position = pos(&web, "db and", 0);
    let job_position = json!({"line": job_position["line"].as_u64().unwrap_or(0) + 398, "character": job_position["character"]});
    let hover = client.request("textDocument/hover", at(&web_uri, job_position));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("No job of this name")),
        "{hover}"
    );
    assert_eq!(client.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_workspace_follows_files_created_on_disk_and_documents_closed() {
    let root = scratch_workspace("files");
    let (mut client, _) = Client::start(&root, json!({}), json!({}));
    let typing = client.open(&root.join("typing.conf"), "start on started \n");
    let position = json!({"line": 0, "character": 17});
    let jobs = |client: &mut Client| -> Vec<Value> {
        let items = client.request("textDocument/completion", at(&typing, position.clone()));
        let items = items.as_array().cloned().unwrap_or_default();
        items
            .into_iter()
            .filter(|i| i["kind"] == 7)
            .map(|i| i["label"].clone())
            .collect()
    };
    assert_eq!(
        jobs(&mut client),
        [json!("db"), json!("web"), json!("worker")]
    );
    std::fs::write(root.join("cache.conf"), "description \"a cache\"\n").expect("new job");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join("cache.conf")), "type": 1}]}),
    );
    assert_eq!(
        jobs(&mut client),
        [json!("cache"), json!("db"), json!("web"), json!("worker")]
    );
    // Closing clears the document's diagnostics; unsaved, it is no job any more.
    client.open(&root.join("unsaved.conf"), "nice 100\n");
    let unsaved = uri(&root.join("unsaved.conf"));
    assert_eq!(
        client.diagnostics(&unsaved)["diagnostics"][0]["code"],
        "E0017"
    );
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": unsaved}}),
    );
    assert_eq!(client.diagnostics(&unsaved)["diagnostics"], json!([]));
    assert_eq!(client.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn formatting_lays_out_the_whole_document_or_says_why_not() {
    let mut client = start();
    let uri = client.open(
        &workspace().join("messy.conf"),
        "description   \"messy\"   \n\n\n\nstart   on  ( a  and b )\n  exec /bin/true\n",
    );
    let params = |uri: &str| json!({"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": true}});
    let edits = client.request("textDocument/formatting", params(&uri));
    let rejected = client.open(&workspace().join("rejected.conf"), "nice 100\n");
    let refused = client.call("textDocument/formatting", params(&rejected));
    let web = client.open_file("web.conf");
    let unchanged = client.request("textDocument/formatting", params(&web));
    expect(
        "formatting",
        &workspace(),
        &json!({"edits": edits, "rejected": refused["error"], "already formatted": unchanged}),
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn range_formatting_changes_only_the_selected_lines() {
    let mut client = start();
    let text = "description   \"messy\"   \n\n\n\nstart   on  ( a  and b )\n  exec /bin/true\n";
    let uri = client.open(&workspace().join("messy.conf"), text);
    let params = |start: Value, end: Value| {
        json!({"textDocument": {"uri": uri}, "range": {"start": start, "end": end},
               "options": {"tabSize": 4, "insertSpaces": true}})
    };
    // Part of `start on` only: its line, not the description, blank lines or `exec`.
    let one_line = client.request(
        "textDocument/rangeFormatting",
        params(pos(text, "on  (", 0), pos(text, "and", 1)),
    );
    // From the blank lines to the end of `start on` (the end at the next line's start).
    let blank_lines = client.request(
        "textDocument/rangeFormatting",
        params(
            json!({"line": 1, "character": 0}),
            json!({"line": 5, "character": 0}),
        ),
    );
    let nothing = client.request(
        "textDocument/rangeFormatting",
        params(
            json!({"line": 1, "character": 0}),
            json!({"line": 1, "character": 0}),
        ),
    );
    let rejected = client.open(&workspace().join("rejected.conf"), "nice 100\n");
    let zero = json!({"line": 0, "character": 0});
    let refused = client.call(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": rejected}, "range": {"start": zero, "end": zero},
               "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    expect(
        "range_formatting",
        &workspace(),
        &json!({"one line": one_line, "blank lines": blank_lines, "unchanged line": nothing,
                "rejected": refused["error"]}),
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn the_nearest_config_file_and_suppressions_apply() {
    let root = scratch_workspace("config");
    std::fs::write(root.join("upstart-lint.toml"), "ignore = [\"W0118\"]\n").expect("config");
    let (mut client, _) = Client::start(&root, json!({}), json!({}));
    let text =
        text_of("web.conf").replace("export $PORT", "export $PORT # upstart-lint: disable=W0115");
    let uri = client.open(&root.join("web.conf"), &text);
    let codes: Vec<Value> = client.diagnostics(&uri)["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    // W0118 is ignored by the config file, W0115 suppressed in the file: W0113 is left.
    assert_eq!(codes, [json!("W0113")]);
    std::fs::write(root.join("upstart-lint.toml"), "ignore = [\"W01\"\n").expect("bad config");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    let published = client.diagnostics(&uri);
    assert_eq!(published["diagnostics"].as_array().map(Vec::len), Some(2));
    let warning = client
        .pending
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .cloned()
        .unwrap_or_default();
    assert!(
        warning["params"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("upstart-lint.toml")),
        "{warning}"
    );
    assert_eq!(client.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(root);
}

/// A job whose main script has a shell syntax error deep inside indented blocks: `then` is
/// missing, so dash stops at the `fi` on line 13.
const DEEP_SHELL_ERROR: &str = "description \"deep\"
start on runlevel [2345]

pre-start script
    echo starting
end script

script
    for i in 1 2 3; do
        case \"$i\" in
            1) echo one ;;
            *) if [ \"$i\" = 2 ]
                   echo two
               fi ;;
        esac
    done
end script
";

/// Whether `check` can run the shell's syntax check here.
fn shell_installed() -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|dir| dir.join("dash").is_file() || dir.join("sh").is_file())
}

/// Waits until the diagnostics of `uri` contain `code` or not, as `wanted` says; the shell runs
/// once the client is quiet, after the file's own findings.
fn diagnostics_until(client: &mut Client, uri: &str, code: &str, wanted: bool) -> Value {
    let mut published = client.diagnostics(uri);
    for _ in 0..5 {
        let has = published["diagnostics"]
            .as_array()
            .is_some_and(|all| all.iter().any(|d| d["code"] == code));
        if has == wanted {
            break;
        }
        published = client.diagnostics(uri);
    }
    published
}

#[test]
fn shell_syntax_errors_are_published_at_the_exact_place_check_reports() {
    if !shell_installed() {
        eprintln!("skipped: dash not installed (nor sh)");
        return;
    }
    let root = scratch_workspace("shell");
    let path = root.join("deep.conf");
    std::fs::write(&path, DEEP_SHELL_ERROR).expect("job file");
    let (mut client, _) = Client::start(&root, json!({}), json!({}));
    let uri = client.open(&path, DEEP_SHELL_ERROR);
    let published = diagnostics_until(&mut client, &uri, "S0001", true);
    let portable: Value = serde_json::from_str(
        &published
            .to_string()
            .replace(&root.display().to_string(), "$WORKSPACE"),
    )
    .expect("json");
    expect("shell_diagnostics", &workspace(), &portable);
    // The same place as `check` (its lines and columns count from 1).
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_upstart-lint"))
        .args(["check", "--no-shellcheck", "--format", "json"])
        .arg(&path)
        .output()
        .expect("check runs");
    let reported: Value = serde_json::from_slice(&output.stdout).expect("json");
    let from_check = reported
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "S0001"))
        .expect("check reports S0001");
    let at = |line: &Value, column: &Value| json!({"line": line.as_i64().map(|l| l - 1), "character": column.as_i64().map(|c| c - 1)});
    let served = published["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "S0001"))
        .expect("the server publishes S0001");
    assert_eq!(
        served["range"],
        json!({"start": at(&from_check["line"], &from_check["column"]),
               "end": at(&from_check["end_line"], &from_check["end_column"])})
    );
    // Adding the `then`: the finding goes once typing pauses.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": 11, "character": 30}, "end": {"line": 11, "character": 30}},
            "text": "; then"}]}),
    );
    let fixed = diagnostics_until(&mut client, &uri, "S0001", false);
    assert_eq!(fixed["version"], 2);
    assert_eq!(fixed["diagnostics"], json!([]));
    assert_eq!(client.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn shellcheck_runs_only_when_the_setting_enables_it() {
    let have_shellcheck = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .any(|dir| dir.join("shellcheck").is_file());
    if !shell_installed() || !have_shellcheck {
        eprintln!("skipped: dash or shellcheck not installed");
        return;
    }
    let text = "pre-start script\n    if true\nend script\nscript\n    echo $1\nend script\n";
    let mut client = start();
    let uri = client.open(&workspace().join("quoting.conf"), text);
    // The syntax error shows that the shell was checked; ShellCheck was not asked.
    let published = diagnostics_until(&mut client, &uri, "S0001", true);
    let codes: Vec<&Value> = published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert_eq!(codes, [&json!("S0001")]);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"upstartLint": {"shellcheck": true}}}),
    );
    let published = diagnostics_until(&mut client, &uri, "S0103", true);
    let found: Vec<Value> = published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| json!([d["code"], d["range"]]))
        .collect();
    let unquoted = json!({"start": pos(text, "$1", 0), "end": pos(text, "$1", 2)});
    assert!(found.contains(&json!(["S0103", unquoted])), "{found:?}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn cross_job_findings_arrive_once_typing_pauses_with_places_in_other_jobs() {
    let root = scratch_workspace("graph");
    let (mut client, _) = Client::start(&root, json!({}), json!({}));
    let text = "start on started worker or db-redy\nstop on runlevel [!2345]\nexec /bin/report\n";
    let uri = client.open(&root.join("report.conf"), text);
    // The file's own findings first, then (after a quiet moment) the cross-job ones.
    let mut published = client.diagnostics(&uri);
    for _ in 0..5 {
        let codes = published["diagnostics"].to_string();
        if codes.contains("\"G0") {
            break;
        }
        published = client.diagnostics(&uri);
    }
    let with_workspace = serde_json::to_string(&published).expect("json");
    let portable: Value =
        serde_json::from_str(&with_workspace.replace(&root.display().to_string(), "$WORKSPACE"))
            .expect("json");
    expect("graph_diagnostics", &workspace(), &portable);
    assert_eq!(client.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(root);
}

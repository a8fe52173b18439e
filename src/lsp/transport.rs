//! Stdio transport that survives malformed input.
//!
//! `lsp-server`'s own stdio reader stops at the first payload that is not a JSON-RPC message;
//! a language server must log it and go on reading.

use std::io::{self, BufRead};
use std::thread;

use crossbeam_channel::{Sender, bounded, unbounded};
use lsp_server::{Connection, Message};

/// The connection over stdin/stdout, and the writer thread, to join after the connection is
/// dropped so that every reply is flushed (the reader may stay blocked on stdin).
pub fn stdio() -> (Connection, thread::JoinHandle<()>) {
    let (to_server, from_client) = unbounded::<Message>();
    let (to_client, from_server) = bounded::<Message>(64);
    thread::spawn(move || {
        let stdin = io::stdin();
        read_messages(&mut stdin.lock(), &to_server);
    });
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut stdout = stdout.lock();
        for message in from_server {
            if let Err(error) = message.write(&mut stdout) {
                eprintln!("upstart-lint lsp: cannot write to the client: {error}");
                return;
            }
        }
    });
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, writer)
}

/// Reads framed messages until end of input or `exit`, skipping frames that do not parse.
pub fn read_messages(input: &mut impl BufRead, to_server: &Sender<Message>) {
    loop {
        let payload = match read_frame(input) {
            Ok(Some(payload)) => payload,
            Ok(None) => return,
            Err(error) => {
                eprintln!("upstart-lint lsp: unreadable frame skipped: {error}");
                continue;
            }
        };
        match serde_json::from_slice::<Message>(&payload) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            Err(error) => eprintln!("upstart-lint lsp: malformed message ignored: {error}"),
        }
    }
}

/// One `Content-Length` framed payload; `None` at end of input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    let length = length.ok_or_else(|| io::Error::other("no valid Content-Length header"))?;
    let mut payload = vec![0; length];
    input.read_exact(&mut payload)?;
    Ok(Some(payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_frames_are_skipped() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: 9\r\n\r\nnot json!X-Nothing: 1\r\n\r\nContent-Length: {}\r\n\r\n{good}",
            good.len()
        );
        let (sender, receiver) = unbounded();
        read_messages(&mut input.as_bytes(), &sender);
        let methods: Vec<String> = receiver
            .try_iter()
            .filter_map(|m| match m {
                Message::Notification(n) => Some(n.method),
                _ => None,
            })
            .collect();
        assert_eq!(methods, ["initialized"]);
    }
}

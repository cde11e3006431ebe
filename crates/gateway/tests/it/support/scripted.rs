//! An upstream that answers every request with the same event stream, byte for byte, then
//! closes the connection: for what OCI may send that the mock does not (a stream ended by
//! `[DONE]` alone, several choices with finish events that carry no index, odd final events).

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// A running scripted upstream.
#[derive(Debug)]
pub(crate) struct ScriptedStream {
    addr: SocketAddr,
    _tasks: JoinSet<()>,
}

impl ScriptedStream {
    /// Answers each request with `200 text/event-stream` and `events` as the body.
    pub(crate) async fn start(events: &'static str) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                connections.spawn(answer(stream, events));
            }
        });
        Self {
            addr,
            _tasks: tasks,
        }
    }

    /// The base URL to give the gateway as its inference endpoint.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Reads one request (head, then `content-length` bytes of body) and sends the stream.
async fn answer(mut stream: TcpStream, events: &'static str) {
    let mut received = Vec::new();
    let mut buffer = [0_u8; 16 * 1024];
    let body_end = loop {
        let Ok(read) = stream.read(&mut buffer).await else {
            return;
        };
        if read == 0 {
            return;
        }
        received.extend_from_slice(&buffer[..read]);
        if let Some(head_end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse().ok())
                .unwrap_or(0);
            break head_end + 4 + length;
        }
    };
    while received.len() < body_end {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
        }
    }
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nopc-request-id: scripted\r\n\
         connection: close\r\n\r\n{events}"
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

//! A TCP tap between the gateway and the mock: it forwards bytes both ways, keeps what the
//! gateway sent (to check what reached "OCI"), and records when the gateway closes its side
//! of a connection, so a test can see the gateway drop an upstream request (a client that
//! hung up) while the mock would still be sending.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// What the tap has seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Connections the gateway opened.
    pub(crate) opened: u32,
    /// Connections the gateway closed (end of stream or reset on its side).
    pub(crate) closed_by_gateway: u32,
}

/// A running tap.
#[derive(Debug)]
pub(crate) struct Tap {
    addr: SocketAddr,
    seen: watch::Receiver<Seen>,
    sent: Arc<Mutex<Vec<u8>>>,
    _tasks: JoinSet<()>,
}

impl Tap {
    /// Forwards connections on a new port to `upstream`.
    pub(crate) async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (report, seen) = watch::channel(Seen::default());
        let sent = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&sent);
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((gateway_side, _)) = listener.accept().await {
                report.send_modify(|seen| seen.opened += 1);
                let report = report.clone();
                let record = Arc::clone(&record);
                connections.spawn(async move {
                    let Ok(mock_side) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    forward(gateway_side, mock_side, &record).await;
                    report.send_modify(|seen| seen.closed_by_gateway += 1);
                });
            }
        });
        Self {
            addr,
            seen,
            sent,
            _tasks: tasks,
        }
    }

    /// The URL to give the gateway as its OCI endpoint.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Everything the gateway sent upstream so far (requests, as text).
    pub(crate) fn sent(&self) -> String {
        String::from_utf8_lossy(&self.sent.lock().unwrap()).into_owned()
    }

    pub(crate) fn seen(&self) -> Seen {
        *self.seen.borrow()
    }

    /// Waits until the gateway has closed `count` connections, or `limit` passes.
    pub(crate) async fn gateway_closed(&self, count: u32, limit: std::time::Duration) -> bool {
        let mut seen = self.seen.clone();
        tokio::time::timeout(limit, seen.wait_for(|seen| seen.closed_by_gateway >= count))
            .await
            .is_ok_and(|result| result.is_ok())
    }
}

/// Copies both ways until the gateway's side ends; then drops both connections, so the mock
/// sees its client go away, as it would if the gateway had hung up on OCI.
async fn forward(gateway_side: TcpStream, mock_side: TcpStream, record: &Mutex<Vec<u8>>) {
    let (mut from_gateway, mut to_gateway) = gateway_side.into_split();
    let (mut from_mock, mut to_mock) = mock_side.into_split();
    let upstream = async {
        let mut buffer = vec![0; 16 * 1024];
        loop {
            match from_gateway.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(read) => {
                    record.lock().unwrap().extend_from_slice(&buffer[..read]);
                    if to_mock.write_all(&buffer[..read]).await.is_err() {
                        return;
                    }
                }
            }
        }
    };
    let downstream = async {
        let mut buffer = vec![0; 16 * 1024];
        loop {
            match from_mock.read(&mut buffer).await {
                Ok(0) | Err(_) => {
                    // The mock ended the connection: pass that on and keep waiting for the
                    // gateway to close its side.
                    let _ = to_gateway.shutdown().await;
                    std::future::pending::<()>().await;
                }
                Ok(read) => {
                    if to_gateway.write_all(&buffer[..read]).await.is_err() {
                        std::future::pending::<()>().await;
                    }
                }
            }
        }
    };
    tokio::select! {
        () = upstream => {}
        () = downstream => {}
    }
}

/// A mock with a tap in front: the gateway's "OCI".
#[derive(Debug)]
pub(crate) struct Upstream {
    pub(crate) mock: oci_genai_mock::MockServer,
    pub(crate) tap: Tap,
}

impl Upstream {
    pub(crate) async fn start(config: oci_genai_mock::MockConfig) -> Self {
        let mock = oci_genai_mock::MockServer::start(config).await.unwrap();
        let tap = Tap::start(mock.addr()).await;
        Self { mock, tap }
    }

    /// The OCI endpoint for the gateway.
    pub(crate) fn url(&self) -> String {
        self.tap.url()
    }
}

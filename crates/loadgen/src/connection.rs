//! HTTP/1.1 keep-alive connections, and the pool the open-loop and stream modes share them
//! through.
//!
//! The pool is ours rather than hyper-util's so that what a run measures is plain: a request
//! takes an idle connection or, when none is idle, opens one at once (paying the connect in
//! its own latency), up to a fixed maximum; nothing connects in the background, and the
//! report says how many connections were opened.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::outcome::Failure;

/// The sending half of one connection.
pub(crate) type Sender = SendRequest<Full<Bytes>>;

/// Opens a connection to `addr`, with Nagle's algorithm off as every HTTP client does.
///
/// # Errors
///
/// [`Failure::Connect`] when the TCP connection or the handshake fails.
pub(crate) async fn dial(addr: SocketAddr) -> Result<Sender, Failure> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|_| Failure::Connect)?;
    stream.set_nodelay(true).map_err(|_| Failure::Connect)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|_| Failure::Connect)?;
    // The connection task ends when the sender is dropped or the peer closes; its error, if
    // any, reaches the request that was in flight.
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// Connections to one address, at most `max` at once.
#[derive(Debug)]
pub(crate) struct Pool {
    addr: SocketAddr,
    idle: Mutex<Vec<Sender>>,
    slots: Arc<Semaphore>,
    opened: AtomicU64,
}

/// A connection taken from the pool, with its slot.
#[derive(Debug)]
pub(crate) struct Lease {
    /// The connection.
    pub(crate) sender: Sender,
    _slot: OwnedSemaphorePermit,
}

impl Pool {
    /// An empty pool for `addr`, allowing `max` connections.
    pub(crate) fn new(addr: SocketAddr, max: usize) -> Self {
        Self {
            addr,
            idle: Mutex::new(Vec::new()),
            slots: Arc::new(Semaphore::new(max.max(1))),
            opened: AtomicU64::new(0),
        }
    }

    /// An idle connection, or a new one. Waits for a slot when `max` are in use.
    ///
    /// # Errors
    ///
    /// [`Failure::Connect`] when a new connection cannot be opened.
    pub(crate) async fn checkout(&self) -> Result<Lease, Failure> {
        let slot = Arc::clone(&self.slots)
            .acquire_owned()
            .await
            .map_err(|_| Failure::Connect)?;
        while let Some(sender) = self.pop_idle() {
            if !sender.is_closed() {
                return Ok(Lease {
                    sender,
                    _slot: slot,
                });
            }
        }
        let sender = dial(self.addr).await?;
        self.opened.fetch_add(1, Ordering::Relaxed);
        Ok(Lease {
            sender,
            _slot: slot,
        })
    }

    /// Returns a connection whose answer was read to its end, for the next request.
    pub(crate) fn checkin(&self, lease: Lease) {
        if lease.sender.is_closed() {
            return;
        }
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(lease.sender);
        }
    }

    /// Connections opened so far.
    pub(crate) fn opened(&self) -> u64 {
        self.opened.load(Ordering::Relaxed)
    }

    fn pop_idle(&self) -> Option<Sender> {
        // Last in, first out: the most recently used connection is the warmest.
        self.idle.lock().ok()?.pop()
    }
}

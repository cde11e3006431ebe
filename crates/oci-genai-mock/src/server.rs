//! The HTTP server: a plain hyper 1.x server (HTTP/1.1 with keep-alive and
//! HTTP/2, picked per connection) with graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};

use crate::config::MockConfig;
use crate::error::MockError;
use crate::service::{self, State};

/// How long shutdown waits for answers in flight before dropping them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A mock running in the background of the current Tokio runtime.
///
/// Dropping it stops the server too, without waiting;
/// [`shutdown`](Self::shutdown) waits for answers in flight.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    requests: Arc<AtomicU64>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a mock on `127.0.0.1` and a free port.
    ///
    /// # Errors
    ///
    /// [`MockError`] if no port can be bound or the configuration is invalid.
    pub async fn start(config: MockConfig) -> Result<Self, MockError> {
        Self::bind(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts a mock listening on `addr`.
    ///
    /// # Errors
    ///
    /// [`MockError`] if `addr` cannot be bound or the configuration is invalid.
    pub async fn bind(addr: SocketAddr, config: MockConfig) -> Result<Self, MockError> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| MockError::Bind { addr, source })?;
        let addr = listener.local_addr().map_err(MockError::LocalAddr)?;
        let (stopping, stopping_receiver) = watch::channel(false);
        let state = Arc::new(State::new(config, stopping_receiver)?);
        let requests = Arc::clone(&state.requests);
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(run(listener, state, stopping, async {
            // A dropped sender (the server was dropped) stops it too.
            let _ = stopped.await;
        }));
        Ok(Self {
            addr,
            requests,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, `http://127.0.0.1:PORT`: the OCI endpoint to give
    /// clients, for inference and the control plane alike.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests passed signature verification so far: each retry
    /// counts, so tests can check how often a client tried.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Stops accepting connections, ends held-open streams, waits (up to ten
    /// seconds) for answers in flight, then returns.
    ///
    /// # Errors
    ///
    /// [`MockError::Task`] if the server task panicked.
    pub async fn shutdown(mut self) -> Result<(), MockError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(|error| MockError::Task(Box::new(error))),
            None => Ok(()),
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Serves the mock on `listener` until `shutdown` resolves, then shuts down
/// gracefully: no new connections, held-open streams end, answers in flight
/// get up to ten seconds. This is what the binary runs; embed it the same way
/// (or use [`MockServer`]).
///
/// # Errors
///
/// [`MockError`] if the configuration is invalid. Connection errors are
/// logged, never returned.
pub async fn serve(
    listener: TcpListener,
    config: MockConfig,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), MockError> {
    let (stopping, stopping_receiver) = watch::channel(false);
    let state = Arc::new(State::new(config, stopping_receiver)?);
    run(listener, state, stopping, shutdown).await;
    Ok(())
}

async fn run(
    listener: TcpListener,
    state: Arc<State>,
    stopping: watch::Sender<bool>,
    shutdown: impl Future<Output = ()> + Send,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new());
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Typically out of file descriptors: back off instead
                        // of spinning.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                // Small SSE frames must not wait for Nagle's algorithm.
                let _ = stream.set_nodelay(true);
                let state = Arc::clone(&state);
                let service = service_fn(move |request| service::handle(Arc::clone(&state), request));
                let connection = builder
                    .serve_connection(TokioIo::new(stream), service)
                    .into_owned();
                let connection = graceful.watch(connection);
                connections.spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::debug!(%peer, %error, "connection ended with an error");
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = stopping.send(true);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("answers still in flight after the grace period were dropped");
    }
    connections.shutdown().await;
}

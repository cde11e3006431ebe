//! The accept loop: HTTP/1.1 and HTTP/2 (prior knowledge or upgrade-free h2c) on one
//! listener, a header-read timeout against slow and silent clients, and graceful shutdown
//! that lets in-flight requests and streams finish up to a deadline.
//!
//! The binary runs one single-threaded runtime per worker thread ([`serve_on_workers`]): one
//! acceptor hands each connection to a worker, which serves it to the end with its own OCI
//! client, so a request, its signature and the pooled upstream connection are all polled by
//! one thread. With a shared multi-threaded runtime, a request hopped between threads several
//! times on its way to OCI and back, which cost about 0.3 ms of latency (see
//! `docs/benchmarks.md`).

pub mod affinity;
mod opening_deadline;
mod workers;

pub use self::workers::{WorkersError, serve_on_workers};

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use self::opening_deadline::OpeningDeadline;
use crate::routes;
use crate::state::AppState;

/// Serves `listener` until `shutdown` completes, then stops accepting and waits up to the
/// configured grace period for in-flight requests (streams included) to finish. Then a
/// request still without its answer gets a 503 and a stream still open one error event
/// (both `server_shutting_down`); within a short notice every connection still open is
/// closed.
///
/// Returns how many connections were still open when the grace period ran out (0 after a
/// clean drain).
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) -> usize {
    serve_connections(Connections::Listener(listener), state, shutdown).await
}

/// Where a server loop gets its connections: its own listener, or an acceptor that hands
/// them over (closing the channel means "shut down").
pub(crate) enum Connections {
    Listener(TcpListener),
    Handed(tokio::sync::mpsc::Receiver<(std::net::TcpStream, SocketAddr)>),
}

impl Connections {
    /// The next connection; `None` when the acceptor has shut down.
    async fn next(&mut self) -> Option<std::io::Result<(tokio::net::TcpStream, SocketAddr)>> {
        match self {
            Self::Listener(listener) => Some(listener.accept().await),
            Self::Handed(handed) => {
                let (stream, remote) = handed.recv().await?;
                Some(tokio::net::TcpStream::from_std(stream).map(|stream| (stream, remote)))
            }
        }
    }
}

/// The server loop over a source of connections; see [`serve`].
pub(crate) async fn serve_connections(
    mut incoming: Connections,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) -> usize {
    let header_read_timeout = state.settings.limits.header_read_timeout;
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(Duration::from_secs(30)));
    let graceful = GracefulShutdown::new();
    // Every connection task lives here, so that none outlives `serve`.
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);

    loop {
        let accepted = tokio::select! {
            accepted = incoming.next() => match accepted {
                Some(accepted) => accepted,
                None => break,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            () = &mut shutdown => break,
        };
        let (stream, remote) = match accepted {
            Ok(connection) => connection,
            Err(error) => {
                // Running out of file descriptors must not spin the loop; back off briefly.
                tracing::warn!(%error, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        let service = service_fn(move |request| {
            let state = Arc::clone(&state);
            async move { Ok::<_, Infallible>(routes::handle(&state, request, remote).await) }
        });
        let io = TokioIo::new(OpeningDeadline::new(stream, header_read_timeout));
        let connection = builder.serve_connection(io, service);
        let connection = graceful.watch(connection.into_owned());
        connections.spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%remote, error = %error, "connection ended with an error");
            }
        });
    }

    drop(incoming);
    let grace = state.settings.limits.shutdown_grace;
    tracing::info!(
        grace_seconds = grace.as_secs_f64(),
        open = graceful.count(),
        "shutting down: draining in-flight requests"
    );
    let drained = graceful.shutdown();
    let mut drained = std::pin::pin!(drained);
    tokio::select! {
        () = &mut drained => {
            tracing::info!("all connections closed");
            connections.shutdown().await;
            0
        }
        () = tokio::time::sleep(grace) => {
            while connections.try_join_next().is_some() {}
            let open = connections.len();
            tracing::warn!(open, "grace period over; closing the remaining connections");
            // Streams end with an error event saying why; give them a moment to send it.
            state.stopping.send_replace(true);
            let _ = tokio::time::timeout(STOP_NOTICE, &mut drained).await;
            connections.shutdown().await;
            open
        }
    }
}

/// How long streams still open at the end of the grace period have to send their last
/// event (an error saying the gateway is stopping) before their connections are closed.
const STOP_NOTICE: Duration = Duration::from_millis(250);

/// Completes on SIGTERM or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received"),
        () = terminate => tracing::info!("SIGTERM received"),
    }
}

//! The accept loop: HTTP/1.1 and HTTP/2 (prior knowledge or upgrade-free h2c) on one
//! listener, a header-read timeout against slow and silent clients, and graceful shutdown
//! that lets in-flight requests and streams finish up to a deadline.

mod opening_deadline;

use std::convert::Infallible;
use std::future::Future;
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
/// configured grace period for in-flight requests (streams included) to finish; connections
/// still open then are closed.
///
/// Returns how many connections were still open when the grace period ran out (0 after a
/// clean drain).
pub async fn serve(
    listener: TcpListener,
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
            accepted = listener.accept() => accepted,
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

    drop(listener);
    let grace = state.settings.limits.shutdown_grace;
    tracing::info!(
        grace_seconds = grace.as_secs_f64(),
        open = graceful.count(),
        "shutting down: draining in-flight requests"
    );
    tokio::select! {
        () = graceful.shutdown() => {
            tracing::info!("all connections closed");
            connections.shutdown().await;
            0
        }
        () = tokio::time::sleep(grace) => {
            while connections.try_join_next().is_some() {}
            let open = connections.len();
            tracing::warn!(open, "grace period over; closing the remaining connections");
            connections.shutdown().await;
            open
        }
    }
}

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

//! One single-threaded runtime per worker thread, fed by one acceptor.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

use super::{Connections, affinity, serve_connections};
use crate::state::AppState;

/// Why the worker threads could not serve, or did not all drain.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkersError {
    /// No worker thread could start: nothing was served.
    #[error("no worker thread could start")]
    NoWorker,
    /// A worker thread ended without reporting its drain: it panicked.
    #[error("worker thread {index} ended without draining")]
    Lost {
        /// The worker's index.
        index: usize,
    },
}

/// Connections waiting for a busy worker; past this the acceptor waits, and the kernel's
/// listen backlog holds the rest.
const HANDOFF_QUEUE: usize = 1024;

/// Serves `listener` on one worker thread per state in `workers` (each a single-threaded
/// Tokio runtime with its own OCI client), handing connections to them in turn, until
/// `shutdown` completes; then every worker drains as [`super::serve`] does.
///
/// Worker `i` is pinned to CPU `cpus[i]` when that is `Some` (see [`super::affinity::plan`]);
/// a pin the kernel refuses is logged, and the worker runs unpinned.
///
/// The acceptor runs on the calling runtime. Returns how many connections were still open
/// when the grace period ran out, over all workers.
///
/// # Errors
///
/// [`WorkersError`] when no worker could start (at once), or when one ended without draining.
pub async fn serve_on_workers(
    listener: TcpListener,
    workers: Vec<Arc<AppState>>,
    cpus: Vec<Option<usize>>,
    shutdown: impl Future<Output = ()>,
) -> Result<usize, WorkersError> {
    let mut handoffs = Vec::with_capacity(workers.len());
    let mut finished = Vec::with_capacity(workers.len());
    for (index, state) in workers.into_iter().enumerate() {
        let (handoff, handed) = mpsc::channel::<(std::net::TcpStream, SocketAddr)>(HANDOFF_QUEUE);
        let (done, open) = oneshot::channel::<usize>();
        let cpu = cpus.get(index).copied().flatten();
        let spawned = std::thread::Builder::new()
            // Linux keeps 15 bytes of a thread name (`top -H`, `/proc`): this one stays whole.
            .name(format!("gw-worker-{index}"))
            .spawn(move || {
                let mut runtime = tokio::runtime::Builder::new_current_thread();
                runtime.enable_all();
                if let Some(mask) = cpu.and_then(|cpu| pin_worker(index, cpu)) {
                    // The blocking pool's threads (name lookups) would inherit the pin.
                    runtime.on_thread_start(move || {
                        let _ = affinity::restrict_current_thread(&mask);
                    });
                }
                let runtime = runtime.build();
                let open = match runtime {
                    Ok(runtime) => {
                        let open = runtime.block_on(serve_connections(
                            Connections::Handed(handed),
                            state,
                            // The handoff channel closing is the shutdown signal.
                            std::future::pending(),
                        ));
                        // Dropping the runtime runs what was deferred (log lines) before
                        // the process may exit.
                        drop(runtime);
                        open
                    }
                    Err(error) => {
                        tracing::error!(%error, "cannot start a worker runtime");
                        0
                    }
                };
                let _ = done.send(open);
            });
        match spawned {
            Ok(_) => {
                handoffs.push(handoff);
                finished.push((index, open));
            }
            Err(error) => tracing::error!(%error, "cannot start worker thread {index}"),
        }
    }
    if handoffs.is_empty() {
        return Err(WorkersError::NoWorker);
    }

    let mut shutdown = std::pin::pin!(shutdown);
    let mut next = 0;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, remote) = match accepted {
            Ok(connection) => connection,
            Err(error) => {
                tracing::warn!(%error, "accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        // The worker registers the socket with its own runtime.
        let stream = match stream.into_std() {
            Ok(stream) => stream,
            Err(error) => {
                tracing::warn!(%error, %remote, "cannot hand a connection over");
                continue;
            }
        };
        if handoffs[next].send((stream, remote)).await.is_err() {
            tracing::error!(worker = next, "a worker thread has stopped");
        }
        next = (next + 1) % handoffs.len();
    }

    drop(listener);
    drop(handoffs);
    let mut open = 0;
    let mut lost = None;
    for (index, worker) in finished {
        match worker.await {
            Ok(left_open) => open += left_open,
            Err(_) => lost = Some(WorkersError::Lost { index }),
        }
    }
    lost.map_or(Ok(open), Err)
}

/// Pins the calling worker thread to `cpu`, and returns the mask it had before, for the
/// threads it will start; `None` when it could not be pinned (logged).
fn pin_worker(index: usize, cpu: usize) -> Option<Vec<usize>> {
    let pinned = affinity::allowed_cpus()
        .and_then(|mask| affinity::restrict_current_thread(&[cpu]).map(|()| mask));
    match pinned {
        Ok(mask) => {
            tracing::debug!(worker = index, cpu, "worker pinned");
            Some(mask)
        }
        Err(error) => {
            tracing::warn!(worker = index, cpu, %error, "cannot pin worker; it runs unpinned");
            None
        }
    }
}

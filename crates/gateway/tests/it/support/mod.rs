//! What the tests share: the gateway harness (in process or as the built binary), an HTTP
//! client that reads whole answers and event streams, OCI config files for "real" mode, and a
//! TCP tap that shows what the gateway does with its upstream connections.

pub(crate) mod binary;
pub(crate) mod client;
pub(crate) mod gateway;
pub(crate) mod oci_config;
pub(crate) mod requests;
pub(crate) mod scripted;
pub(crate) mod tap;
#[cfg(target_os = "linux")]
pub(crate) mod threads;

use std::future::Future;
use std::time::Duration;

pub(crate) use client::{Client, Reply};

/// How long a test waits for something that should happen; a hang fails the test instead of
/// blocking the suite.
pub(crate) const PATIENCE: Duration = Duration::from_secs(15);

/// Awaits `future`, failing the test after [`PATIENCE`].
pub(crate) async fn within<T>(what: &str, future: impl Future<Output = T>) -> T {
    match tokio::time::timeout(PATIENCE, future).await {
        Ok(value) => value,
        Err(_) => panic!("{what}: nothing after {PATIENCE:?}"),
    }
}

/// Polls `condition` every few milliseconds until it holds, failing after `limit`.
/// For state the gateway exposes only by polling (its `/metrics`).
pub(crate) async fn eventually<F, Fut>(what: &str, limit: Duration, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if condition().await {
            return;
        }
        if tokio::time::Instant::now() >= deadline {
            panic!("{what}: still not true after {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

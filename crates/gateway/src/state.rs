//! What every request handler shares.

use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use oci_genai_client::client::Client;
use oci_signer::ProvideCredentials;
use ring::rand::SystemRandom;
use tokio::sync::{Semaphore, watch};
use translate::{ModelCatalog, RequestOptions, SchemaMemo};

use crate::auth::ClientKeys;
use crate::metrics::Metrics;
use crate::settings::Settings;

/// The gateway's shared state: settings, the OCI client, the alias catalog, metrics.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AppState {
    /// Resolved settings.
    pub settings: Settings,
    /// The OCI GenAI client (one connection pool).
    pub client: Client,
    /// The credentials the client signs with, for readiness checks.
    pub credentials: Arc<dyn ProvideCredentials>,
    /// What translation adds to every request: the compartment billed for inference, and this
    /// worker's memo of tool schemas (agents send the same tools on every turn).
    pub request_options: RequestOptions,
    /// Model aliases and pass-through rules.
    pub catalog: ModelCatalog,
    /// Accepted client keys.
    pub keys: ClientKeys,
    /// Prometheus metrics, shared by every worker.
    pub metrics: Arc<Metrics>,
    /// Random source for request ids.
    pub rng: SystemRandom,
    /// Bounds the requests served at once.
    pub concurrency: Arc<Semaphore>,
    /// OCI's model catalog as last fetched, for `GET /v1/models` with `list_oci_models`.
    /// Locked only to read or update it, never across the fetch.
    pub oci_models: Arc<Mutex<OciCatalog>>,
    /// Set once a shutdown's grace period is over: the streams still open end with an error
    /// event instead of a cut connection. Shared by every worker.
    pub stopping: watch::Sender<bool>,
}

/// What the gateway knows of OCI's model catalog.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct OciCatalog {
    /// The catalog as last fetched; kept past its freshness, to be served while a new fetch
    /// is under way or after one failed.
    pub last: Option<CachedModels>,
    /// A listing is fetching the catalog now.
    pub fetching: bool,
    /// When the last fetch failed, if it failed after the last success.
    pub failed_at: Option<Instant>,
}

/// A copy of OCI's model catalog and when it was fetched.
#[derive(Debug, Clone)]
pub struct CachedModels {
    /// When the catalog was fetched.
    pub fetched: Instant,
    /// The catalog.
    pub models: oci_genai_client::wire::ModelCollection,
}

impl AppState {
    /// The same state for another worker runtime: its own OCI client, so that a request and
    /// the pooled connection it uses are polled by the same thread, and its own tool-schema
    /// memo, which stays in that thread's caches.
    #[must_use]
    pub fn for_worker(&self, client: Client) -> Self {
        Self {
            client,
            request_options: self
                .request_options
                .clone()
                .with_schema_memo(Arc::new(SchemaMemo::new())),
            ..self.clone()
        }
    }

    /// Completes once the server stops waiting for requests in flight: the end of a
    /// shutdown's grace period ([`stopping`](Self::stopping)).
    pub async fn stopped(&self) {
        let mut stopping = self.stopping.subscribe();
        if stopping.wait_for(|stopping| *stopping).await.is_err() {
            // The sender lives in `self`, so this cannot happen; never complete if it does.
            std::future::pending::<()>().await;
        }
    }

    /// Seconds since the Unix epoch, for `created` fields.
    pub fn now_unix(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs())
    }
}

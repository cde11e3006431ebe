//! What every request handler shares.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use oci_genai_client::client::Client;
use oci_signer::ProvideCredentials;
use ring::rand::SystemRandom;
use tokio::sync::Semaphore;
use translate::ModelCatalog;

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
    /// Compartment billed for inference.
    pub compartment_id: String,
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
    pub oci_models: Arc<tokio::sync::Mutex<Option<CachedModels>>>,
}

/// A copy of OCI's model catalog and when it was fetched.
#[derive(Debug, Clone)]
pub struct CachedModels {
    /// When the catalog was fetched.
    pub fetched: std::time::Instant,
    /// The catalog.
    pub models: oci_genai_client::wire::ModelCollection,
}

impl AppState {
    /// The same state with another OCI client: each worker runtime gets its own client, so
    /// that a request and the pooled connection it uses are polled by the same thread.
    #[must_use]
    pub fn with_client(&self, client: Client) -> Self {
        Self {
            client,
            ..self.clone()
        }
    }

    /// Seconds since the Unix epoch, for `created` fields.
    pub fn now_unix(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs())
    }
}

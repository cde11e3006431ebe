//! Start-up: OCI credentials (or the embedded mock), the OCI client, the alias catalog.
//!
//! The OCI config profile is the lowest settings layer: it gives the credentials and, when
//! neither the flag nor the TOML file does, the region (with the SDKs' `OCI_REGION` fallback).

use std::path::PathBuf;
use std::sync::Arc;

use oci_genai_client::client::{Client, ClientBuilder, RetryConfig, Timeouts};
use oci_genai_mock::{MockConfig, MockServer, test_identity};
use oci_signer::config::{ProcessEnv, default_config_path};
use oci_signer::{ConfigFileProvider, Credentials, KeyId, PrivateKey, ProvideCredentials};
use ring::rand::SystemRandom;
use tokio::sync::{Semaphore, watch};
use translate::{ModelCatalog, RequestOptions, SchemaMemo};

use crate::auth::ClientKeys;
use crate::error::chain;
use crate::metrics::Metrics;
use crate::settings::Settings;
use crate::state::AppState;

/// Why the gateway cannot start. Each message names what is missing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartupError {
    /// The OCI credentials cannot be loaded.
    #[error(
        "cannot load OCI credentials from profile [{profile}] of {}: {detail}\n\
         Set OCI_CONFIG_FILE and OCI_PROFILE (or --oci-config-file, --oci-profile) to a working \
         OCI config, or run with --mock to try the gateway against its built-in OCI stand-in \
         without an OCI account",
        path.display()
    )]
    Credentials {
        /// The config file looked at.
        path: PathBuf,
        /// The profile.
        profile: String,
        /// What went wrong, with its causes.
        detail: String,
    },
    /// No compartment was given.
    #[error(
        "no compartment: set OCI_COMPARTMENT_ID (or --compartment-id, or compartment_id in the \
         TOML file) to the compartment OCID billed for inference, or run with --mock"
    )]
    MissingCompartment,
    /// No region and no explicit endpoints.
    #[error(
        "no OCI region: set region in the OCI profile, OCI_REGION, --region, or region in the \
         TOML file (or give both --inference-endpoint and --control-plane-endpoint)"
    )]
    MissingRegion,
    /// The OCI client cannot be built (a malformed endpoint URL, a bad CA bundle).
    #[error("cannot set up the OCI client: {detail}")]
    Client {
        /// What went wrong.
        detail: String,
    },
    /// The embedded mock cannot start.
    #[error("cannot start the embedded OCI mock: {detail}")]
    Mock {
        /// What went wrong.
        detail: String,
    },
}

/// A ready gateway: its shared state, and the embedded mock when `--mock` runs one.
#[derive(Debug)]
pub struct Backend {
    /// The handlers' shared state.
    pub state: Arc<AppState>,
    /// The embedded mock, kept alive as long as the gateway.
    pub mock: Option<MockServer>,
    /// What built `state.client`, to build one client per worker runtime.
    client_builder: ClientBuilder,
}

impl Backend {
    /// The state for one more worker runtime: shared settings, credentials, metrics and limits,
    /// and a client (connection pool) of its own.
    ///
    /// # Errors
    ///
    /// [`StartupError::Client`] if the client cannot be built (it was built once already with
    /// the same settings, so this does not happen in practice).
    pub fn worker_state(&self) -> Result<Arc<AppState>, StartupError> {
        let client = self
            .client_builder
            .clone()
            .build()
            .map_err(|error| StartupError::Client {
                detail: chain(&error),
            })?;
        Ok(Arc::new(self.state.for_worker(client)))
    }
}

/// Builds the gateway's state from resolved settings.
///
/// # Errors
///
/// A [`StartupError`] naming what is missing.
pub async fn build(settings: Settings) -> Result<Backend, StartupError> {
    let (credentials, compartment_id, builder, mock): (Arc<dyn ProvideCredentials>, _, _, _) =
        if settings.mock {
            let mock = MockServer::start(MockConfig::default())
                .await
                .map_err(|error| StartupError::Mock {
                    detail: chain(&error),
                })?;
            let key =
                PrivateKey::from_pem(test_identity::TEST_ONLY_PRIVATE_KEY_PEM.as_bytes(), None)
                    .map_err(|error| StartupError::Mock {
                        detail: chain(&error),
                    })?;
            let credentials = Credentials::new(
                KeyId::api_key(
                    test_identity::TEST_ONLY_TENANCY,
                    test_identity::TEST_ONLY_USER,
                    test_identity::TEST_ONLY_FINGERPRINT,
                ),
                key,
            );
            let compartment = settings
                .compartment_id
                .clone()
                .unwrap_or_else(|| test_identity::TEST_ONLY_COMPARTMENT.to_owned());
            let builder = Client::builder().base_url(mock.url());
            (Arc::new(credentials), compartment, builder, Some(mock))
        } else {
            let path = match &settings.oci_config_file {
                Some(path) => path.clone(),
                None => {
                    default_config_path(&ProcessEnv).map_err(|error| StartupError::Credentials {
                        path: PathBuf::from("~/.oci/config"),
                        profile: settings.oci_profile.clone(),
                        detail: chain(&error),
                    })?
                }
            };
            let provider =
                ConfigFileProvider::load(&path, &settings.oci_profile).map_err(|error| {
                    StartupError::Credentials {
                        path: path.clone(),
                        profile: settings.oci_profile.clone(),
                        detail: chain(&error),
                    }
                })?;
            for warning in provider.warnings() {
                tracing::warn!(%warning, "OCI config");
            }
            let compartment = settings
                .compartment_id
                .clone()
                .ok_or(StartupError::MissingCompartment)?;
            let region = settings
                .region
                .clone()
                .or_else(|| provider.region().map(str::to_owned));
            let mut builder = Client::builder();
            match (
                &region,
                &settings.inference_endpoint,
                &settings.control_plane_endpoint,
            ) {
                (Some(region), _, _) => builder = builder.region(region.clone()),
                (None, Some(_), Some(_)) => {}
                (None, _, _) => return Err(StartupError::MissingRegion),
            }
            if let Some(url) = &settings.inference_endpoint {
                builder = builder.inference_url(url.clone());
            }
            if let Some(url) = &settings.control_plane_endpoint {
                builder = builder.control_plane_url(url.clone());
            }
            tracing::info!(
                config = %path.display(),
                profile = %settings.oci_profile,
                auth = if provider.is_session_token() { "session_token" } else { "api_key" },
                key_fingerprint = provider.key().fingerprint(),
                "OCI credentials loaded"
            );
            (Arc::new(provider), compartment, builder, None)
        };

    let upstream = &settings.upstream;
    let client_builder = builder
        .credentials(Arc::clone(&credentials))
        .timeouts(
            Timeouts::default()
                .with_connect(upstream.connect_timeout)
                .with_request(upstream.request_timeout)
                .with_stream_idle(upstream.stream_idle_timeout)
                .with_usage_wait(upstream.stream_usage_wait),
        )
        .retry(
            RetryConfig::default()
                .with_max_attempts(upstream.retry_max_attempts)
                .with_budget(upstream.retry_budget),
        )
        .user_agent(concat!("oci-openai-gateway/", env!("CARGO_PKG_VERSION")));
    let client = client_builder
        .clone()
        .build()
        .map_err(|error| StartupError::Client {
            detail: chain(&error),
        })?;

    let mut catalog = ModelCatalog::new();
    for (alias, alias_settings) in &settings.aliases {
        catalog.insert_alias(alias.clone(), alias_settings.clone());
    }

    let state = AppState {
        keys: ClientKeys::new(&settings.api_keys),
        concurrency: Arc::new(Semaphore::new(settings.limits.max_concurrent_requests)),
        settings,
        client,
        credentials,
        request_options: RequestOptions::new(compartment_id)
            .with_schema_memo(Arc::new(SchemaMemo::new())),
        catalog,
        metrics: Arc::new(Metrics::default()),
        rng: SystemRandom::new(),
        oci_models: Arc::default(),
        stopping: watch::Sender::new(false),
    };
    Ok(Backend {
        state: Arc::new(state),
        mock,
        client_builder,
    })
}

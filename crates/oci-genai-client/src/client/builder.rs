//! Building a [`Client`] once, from its settings.

use std::fmt;
use std::sync::Arc;

use http::HeaderValue;
use oci_signer::{ProvideCredentials, SystemTimeSource, TimeSource};

use super::endpoint::{Endpoint, Region};
use super::error::BuildError;
use super::hyper_transport::HyperTransport;
use super::proxy::{self, Proxy};
use super::retry::RetryConfig;
use super::timeouts::Timeouts;
use super::tls::{self, RootCertificates};
use super::transport::Transport;
use super::{Client, Inner};

/// Settings for a [`Client`]. Start with [`Client::builder`].
///
/// An endpoint and credentials are required: a region
/// ([`region`](Self::region)) sets both hosts; a base URL
/// ([`base_url`](Self::base_url), or one per host) overrides them.
///
/// A builder is `Clone`: a program that runs one async runtime per core builds one client
/// (one connection pool) per runtime from the same settings.
#[derive(Clone, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    region: Option<String>,
    realm_domain: Option<String>,
    inference_url: Option<String>,
    control_plane_url: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    time_source: Option<Arc<dyn TimeSource>>,
    timeouts: Timeouts,
    retry: RetryConfig,
    root_certificates: RootCertificates,
    extra_root_certificates: Vec<Vec<u8>>,
    proxy: Proxy,
    transport: Option<Arc<dyn Transport>>,
    user_agent: Option<String>,
}

impl ClientBuilder {
    /// The region whose hosts to call, e.g. `us-chicago-1` (or its short
    /// name `ord`). See [`Region`] for realms.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The second-level domain of the region's realm, for a region newer
    /// than this crate's table (the table knows every realm of SDK 2.189).
    pub fn realm_domain(mut self, domain: impl Into<String>) -> Self {
        self.realm_domain = Some(domain.into());
        self
    }

    /// One base URL for both hosts, such as a local mock:
    /// `http://127.0.0.1:8080`. Scheme, host and port only; the client adds
    /// `/20231130`.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.inference_url(url.clone()).control_plane_url(url)
    }

    /// The base URL of the inference host (chat, embeddings), overriding
    /// the region's.
    pub fn inference_url(mut self, url: impl Into<String>) -> Self {
        self.inference_url = Some(url.into());
        self
    }

    /// The base URL of the control-plane host (model list), overriding the
    /// region's.
    pub fn control_plane_url(mut self, url: impl Into<String>) -> Self {
        self.control_plane_url = Some(url.into());
        self
    }

    /// Who signs: any credentials provider of `oci-signer` (a config file
    /// profile, fixed [`Credentials`](oci_signer::Credentials), a principal
    /// provider). Asked before every attempt; told to refresh after a 401.
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// The clock that dates signatures and reads `Retry-After` dates. The
    /// default is the system clock.
    pub fn time_source(mut self, time: impl TimeSource + 'static) -> Self {
        self.time_source = Some(Arc::new(time));
        self
    }

    /// Time limits; see [`Timeouts`] for the defaults.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The retry policy; see [`RetryConfig`] for the defaults.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The root certificates to start from (default: the compiled-in
    /// Mozilla roots).
    pub fn root_certificates(mut self, roots: RootCertificates) -> Self {
        self.root_certificates = roots;
        self
    }

    /// Also trusts the CA certificates of a PEM bundle, e.g. the CA of a
    /// TLS-inspecting corporate proxy. May be called more than once.
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.extra_root_certificates.push(pem.into());
        self
    }

    /// Which HTTP proxy to use (default: from the environment).
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = proxy;
        self
    }

    /// Sends requests through `transport` instead of the built-in hyper
    /// client; the TLS, proxy and connect-timeout settings then do not
    /// apply.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The `user-agent` to send (default: `oci-genai-client/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Checks the settings and builds the client. Reads the proxy variables
    /// and, with [`RootCertificates::Native`], the system store. Needs no
    /// async runtime; the client's calls need Tokio's.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] naming the setting at fault.
    pub fn build(self) -> Result<Client, BuildError> {
        let credentials = self.credentials.ok_or(BuildError::MissingCredentials)?;
        let region = match (&self.region, &self.realm_domain) {
            (Some(name), Some(domain)) => Some(Region::with_realm_domain(name, domain)?),
            (Some(name), None) => Some(Region::new(name)?),
            (None, _) => None,
        };
        let inference = endpoint(
            self.inference_url.as_deref(),
            region.as_ref().map(Region::inference_endpoint),
            "inference",
        )?;
        let control_plane = endpoint(
            self.control_plane_url.as_deref(),
            region.as_ref().map(Region::control_plane_endpoint),
            "control plane",
        )?;
        let user_agent = match &self.user_agent {
            Some(agent) => {
                HeaderValue::from_str(agent).map_err(|_| BuildError::InvalidUserAgent {
                    user_agent: agent.clone(),
                })?
            }
            None => {
                HeaderValue::from_static(concat!("oci-genai-client/", env!("CARGO_PKG_VERSION")))
            }
        };
        let transport = match self.transport {
            Some(transport) => transport,
            None => {
                let proxies = self.proxy.matcher()?;
                proxy::check_route(proxies.as_ref(), &inference)?;
                proxy::check_route(proxies.as_ref(), &control_plane)?;
                let tls =
                    tls::client_config(self.root_certificates, &self.extra_root_certificates)?;
                Arc::new(HyperTransport::new(tls, proxies, self.timeouts.connect))
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                inference,
                control_plane,
                credentials,
                time: self
                    .time_source
                    .unwrap_or_else(|| Arc::new(SystemTimeSource)),
                transport,
                retry: RetryConfig {
                    max_attempts: self.retry.max_attempts.max(1),
                    ..self.retry
                },
                timeouts: self.timeouts,
                user_agent,
            }),
        })
    }
}

/// The endpoint from an explicit URL, else from the region.
fn endpoint(
    url: Option<&str>,
    from_region: Option<Endpoint>,
    name: &'static str,
) -> Result<Endpoint, BuildError> {
    match (url, from_region) {
        (Some(url), _) => Endpoint::parse(url),
        (None, Some(endpoint)) => Ok(endpoint),
        (None, None) => Err(BuildError::MissingEndpoint { endpoint: name }),
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("realm_domain", &self.realm_domain)
            .field("inference_url", &self.inference_url)
            .field("control_plane_url", &self.control_plane_url)
            .field("credentials", &self.credentials)
            .field("time_source", &self.time_source)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("root_certificates", &self.root_certificates)
            .field(
                "extra_root_certificates",
                &self.extra_root_certificates.len(),
            )
            .field("proxy", &self.proxy)
            .field("transport", &self.transport)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

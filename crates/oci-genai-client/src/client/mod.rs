//! An async client of OCI Generative AI (feature `client`): chat, streamed
//! chat, embeddings and the model list, signed with `oci-signer`, over
//! hyper and rustls.
//!
//! ```no_run
//! use futures_util::StreamExt as _;
//! use oci_genai_client::client::Client;
//! use oci_genai_client::wire::{
//!     ChatContent, ChatDetails, ChatRequest, GenericChatRequest, Message, ServingMode,
//!     StreamOptions, UserMessage,
//! };
//! use oci_signer::{ConfigFileProvider, config};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let path = config::default_config_path(&config::ProcessEnv)?;
//! let client = Client::builder()
//!     .region("us-chicago-1")
//!     .credentials(ConfigFileProvider::load(&path, "DEFAULT")?)
//!     .build()?;
//!
//! let details = ChatDetails {
//!     compartment_id: "ocid1.compartment.oc1..example".into(),
//!     serving_mode: ServingMode::on_demand("meta.llama-3.3-70b-instruct"),
//!     chat_request: ChatRequest::Generic(GenericChatRequest {
//!         messages: vec![Message::User(UserMessage {
//!             content: Some(vec![ChatContent::text("Is it raining in Paris?")]),
//!             ..Default::default()
//!         })],
//!         stream_options: Some(StreamOptions { is_include_usage: Some(true) }),
//!         max_tokens: Some(512),
//!         ..Default::default()
//!     }),
//! };
//!
//! // The whole answer at once...
//! let answer = client.chat(&details).await?;
//! println!("{:?} (request {})", answer.value.chat_response, answer.opc_request_id);
//!
//! // ...or event by event. The stream ends when the answer is complete.
//! let mut stream = client.chat_stream(&details).opc_request_id("MY-REQUEST-1").await?;
//! while let Some(event) = stream.next().await {
//!     let event = event?;
//!     if let Some(usage) = event.usage() {
//!         println!("{usage:?}");
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What a call does
//!
//! 1. Serializes the body once and hashes it once.
//! 2. For each attempt: asks the credentials provider, signs with a fresh
//!    date from the [`TimeSource`], and sends with the
//!    call's `opc-request-id` (generated, or given with
//!    [`Call::opc_request_id`]), `Accept-Encoding: identity` and a
//!    `content-length`.
//! 3. Retries failures to connect and answers 429, 500, 502, 503 and 504
//!    within the [`RetryConfig`], honouring `Retry-After`; re-sends once with
//!    fresh credentials after a 401; re-sends once with
//!    `maxCompletionTokens` when an OpenAI-served model refuses `maxTokens`.
//! 4. Decodes the answer, or for a stream returns a [`ChatStream`] as soon
//!    as the response head arrives.
//!
//! Errors keep OCI's status, `code`, `message` and `opc-request-id`
//! ([`Error`], [`ApiError`]). See `docs/client.md` in the repository for the
//! reasoning behind each rule.
//!
//! Calls need a Tokio runtime with its time driver and, for the built-in
//! transport, its IO driver.

mod body;
mod builder;
mod endpoint;
mod error;
mod exchange;
mod hyper_transport;
mod models;
mod operations;
mod proxy;
mod request_id;
mod response;
mod retry;
mod stream;
mod timeouts;
mod tls;
mod transport;

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;

use http::HeaderValue;
use oci_signer::{ProvideCredentials, TimeSource};

pub use self::builder::ClientBuilder;
pub use self::endpoint::{Endpoint, Region};
pub use self::error::{ApiError, BuildError, Error, TimeoutKind};
pub use self::models::{ModelFilters, ModelPage, ModelSortBy, SortOrder};
pub use self::proxy::Proxy;
pub use self::response::Response;
pub use self::retry::RetryConfig;
pub use self::stream::ChatStream;
pub use self::timeouts::Timeouts;
pub use self::tls::RootCertificates;
pub use self::transport::{ResponseBody, Transport, TransportError, TransportFuture};
use crate::wire::{ChatDetails, ChatResult, EmbedTextDetails, EmbedTextResult, ModelCollection};

/// A client of OCI Generative AI. Build it once with [`Client::builder`];
/// clones share one connection pool and are cheap.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// What every clone shares.
pub(crate) struct Inner {
    inference: Endpoint,
    control_plane: Endpoint,
    credentials: Arc<dyn ProvideCredentials>,
    time: Arc<dyn TimeSource>,
    transport: Arc<dyn Transport>,
    retry: RetryConfig,
    timeouts: Timeouts,
    user_agent: HeaderValue,
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// `POST /20231130/actions/chat`: the whole answer. `isStream` is left
    /// out of the request whatever `details` says.
    pub fn chat<'a>(&'a self, details: &'a ChatDetails) -> Call<'a, Response<ChatResult>> {
        Call::new(move |id| Box::pin(self.inner.chat(details, id)))
    }

    /// `POST /20231130/actions/chat` with `isStream: true`: resolves when
    /// the response head has arrived, to a stream of the answer's events
    /// that ends when the answer is complete. Retries happen only before
    /// that.
    pub fn chat_stream<'a>(&'a self, details: &'a ChatDetails) -> Call<'a, ChatStream> {
        Call::new(move |id| Box::pin(self.inner.chat_stream(details, id)))
    }

    /// `POST /20231130/actions/embedText`.
    pub fn embed_text<'a>(
        &'a self,
        details: &'a EmbedTextDetails,
    ) -> Call<'a, Response<EmbedTextResult>> {
        Call::new(move |id| Box::pin(self.inner.embed_text(details, id)))
    }

    /// `GET /20231130/models` on the control plane, following
    /// `opc-next-page` to the last page. The response carries the first
    /// page's `opc-request-id` and the attempts of every page; each page
    /// has the request timeout to itself.
    pub fn list_models<'a>(
        &'a self,
        compartment_id: &'a str,
        filters: &'a ModelFilters,
    ) -> Call<'a, Response<ModelCollection>> {
        Call::new(move |id| Box::pin(self.inner.list_models(compartment_id, filters, id)))
    }

    /// One page of `GET /20231130/models`: the first when `page` is `None`,
    /// else the one an earlier page's [`ModelPage::next_page`] named.
    pub fn list_models_page<'a>(
        &'a self,
        compartment_id: &'a str,
        filters: &'a ModelFilters,
        page: Option<&'a str>,
    ) -> Call<'a, Response<ModelPage>> {
        Call::new(move |id| {
            Box::pin(
                self.inner
                    .list_models_page(compartment_id, filters, page, id),
            )
        })
    }

    /// The inference host's base URL.
    pub fn inference_endpoint(&self) -> &Endpoint {
        &self.inner.inference
    }

    /// The control plane's base URL.
    pub fn control_plane_endpoint(&self) -> &Endpoint {
        &self.inner.control_plane
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("inference", &self.inner.inference)
            .field("control_plane", &self.inner.control_plane)
            .field("credentials", &self.inner.credentials)
            .field("transport", &self.inner.transport)
            .field("retry", &self.inner.retry)
            .field("timeouts", &self.inner.timeouts)
            .finish_non_exhaustive()
    }
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Starts a call's future once its options are known.
type Start<'a, T> = Box<dyn FnOnce(Option<String>) -> BoxFuture<'a, Result<T, Error>> + Send + 'a>;

/// A call that has not started: set per-call options, then `.await` it.
///
/// ```no_run
/// # async fn run(client: oci_genai_client::client::Client, details: oci_genai_client::wire::ChatDetails) -> Result<(), oci_genai_client::client::Error> {
/// // Correlate with the caller's own request id.
/// let answer = client.chat(&details).opc_request_id("GATEWAY-7F3A").await?;
/// assert!(answer.opc_request_id.starts_with("GATEWAY-7F3A"));
/// # Ok(())
/// # }
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T> {
    start: Start<'a, T>,
    opc_request_id: Option<String>,
}

impl<'a, T> Call<'a, T> {
    fn new(
        start: impl FnOnce(Option<String>) -> BoxFuture<'a, Result<T, Error>> + Send + 'a,
    ) -> Self {
        Self {
            start: Box::new(start),
            opc_request_id: None,
        }
    }

    /// Sends this `opc-request-id` on every attempt instead of a generated
    /// one (non-empty visible ASCII; OCI documents up to three
    /// `/`-separated segments of 32 characters).
    pub fn opc_request_id(mut self, opc_request_id: impl Into<String>) -> Self {
        self.opc_request_id = Some(opc_request_id.into());
        self
    }
}

impl<'a, T: 'a> IntoFuture for Call<'a, T> {
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<'a, Result<T, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        (self.start)(self.opc_request_id)
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("opc_request_id", &self.opc_request_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}

    #[test]
    fn handles_and_futures_cross_threads() {
        // Shared across tasks, and errors usable with `?` into boxed errors.
        send_sync::<Client>();
        send_sync::<Error>();
        send_sync::<BuildError>();
        send::<ChatStream>();
        send::<Call<'static, Response<ChatResult>>>();
        send::<<Call<'static, ChatStream> as IntoFuture>::IntoFuture>();
    }
}

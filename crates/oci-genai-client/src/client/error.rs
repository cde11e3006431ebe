//! What can go wrong: building a client ([`BuildError`]) and making a call
//! ([`Error`], with [`ApiError`] for answers OCI refused).
//!
//! Every `Display` prints only its own level, lowercase and without a final
//! period; causes are reachable through [`std::error::Error::source`]. No
//! hyper or rustls type appears here: transport failures are the opaque
//! [`TransportError`].

use std::fmt;
use std::time::Duration;

use http::StatusCode;

use super::transport::TransportError;
use crate::sse;
use crate::wire::OpenAiError;

/// A call failed.
///
/// Every variant raised after the call started carries the `opc-request-id`
/// of the call: the one OCI echoed in its answer when there was one, else the
/// one the client sent. Quote it to Oracle support.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The `opc-request-id` given for the call cannot go in a header.
    #[error("invalid opc-request-id {opc_request_id:?}: it must be non-empty visible ASCII")]
    InvalidOpcRequestId {
        /// The id as given.
        opc_request_id: String,
    },
    /// The request body could not be serialized to JSON (a
    /// `serde_json::Value` holding something JSON cannot express).
    #[error("cannot serialize the request body")]
    Serialize {
        /// The serializer's error.
        #[source]
        source: serde_json::Error,
    },
    /// The credentials provider failed.
    #[error("cannot get OCI credentials")]
    Credentials {
        /// The call's `opc-request-id`.
        opc_request_id: String,
        /// The provider's error (boxed: config errors are large).
        #[source]
        source: Box<oci_signer::CredentialsError>,
    },
    /// The request could not be signed.
    #[error("cannot sign the request")]
    Signing {
        /// The call's `opc-request-id`.
        opc_request_id: String,
        /// The signer's error.
        #[source]
        source: oci_signer::SigningError,
    },
    /// No answer came back: connecting, TLS, or sending the request failed.
    /// Connection failures were retried first.
    #[error("no answer from OCI Generative AI after {attempts} attempt(s)")]
    Transport {
        /// The call's `opc-request-id`.
        opc_request_id: String,
        /// Requests sent, retries included.
        attempts: u32,
        /// What failed, last attempt.
        #[source]
        source: TransportError,
    },
    /// A time limit ran out.
    #[error("{kind} timed out after {after:?}")]
    Timeout {
        /// Which limit.
        kind: TimeoutKind,
        /// The limit.
        after: Duration,
        /// The call's `opc-request-id`.
        opc_request_id: String,
        /// Requests sent, retries included.
        attempts: u32,
    },
    /// OCI answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A response body or stream event is not the JSON it should be.
    #[error("invalid JSON from OCI Generative AI: {snippet:?}")]
    Decode {
        /// The call's `opc-request-id`.
        opc_request_id: String,
        /// The start of the offending body or event, for the log.
        snippet: String,
        /// The parser's error.
        #[source]
        source: serde_json::Error,
    },
    /// A response body is larger than the client accepts.
    #[error("the response body exceeds {limit} bytes")]
    ResponseTooLarge {
        /// The call's `opc-request-id`.
        opc_request_id: String,
        /// The limit in bytes.
        limit: usize,
    },
    /// A streamed chat was answered with something other than an event
    /// stream.
    #[error("expected an event stream, got content type {content_type:?}: {snippet:?}")]
    UnexpectedContentType {
        /// The call's `opc-request-id`.
        opc_request_id: String,
        /// The `content-type` of the answer.
        content_type: String,
        /// The start of the body.
        snippet: String,
    },
    /// The event stream itself is malformed (an event over the size limit).
    #[error("malformed event stream")]
    EventStream {
        /// The call's `opc-request-id`.
        opc_request_id: String,
        /// The decoder's error.
        #[source]
        source: sse::DecodeError,
    },
    /// The event stream stopped before the answer was complete: the
    /// connection closed or failed mid-answer. Never retried, since part of
    /// the answer was already delivered.
    #[error("the event stream ended before the answer was complete")]
    IncompleteStream {
        /// The call's `opc-request-id`.
        opc_request_id: String,
        /// The transport failure, or `None` when the server closed the
        /// stream cleanly too early.
        #[source]
        source: Option<TransportError>,
    },
}

impl Error {
    /// The HTTP status of an [`Error::Api`].
    pub fn status(&self) -> Option<StatusCode> {
        self.api_error().map(|error| error.status)
    }

    /// Whether sending the same request again later may succeed: an answer
    /// of 429, 500, 502, 503 or 504, or a failure to connect. The client has
    /// already retried these within its [`RetryConfig`](super::RetryConfig);
    /// this tells a caller with a wider view (another region, a later time)
    /// that trying again is reasonable.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api(error) => error.is_retryable(),
            Self::Transport { source, .. } => source.is_connect(),
            Self::Timeout { kind, .. } => *kind == TimeoutKind::Connect,
            _ => false,
        }
    }

    /// The `opc-request-id` of the call: OCI's echo when it answered, else the
    /// id the client sent. `None` only for errors raised before a request
    /// existed.
    pub fn opc_request_id(&self) -> Option<&str> {
        match self {
            Self::InvalidOpcRequestId { .. } | Self::Serialize { .. } => None,
            Self::Credentials { opc_request_id, .. }
            | Self::Signing { opc_request_id, .. }
            | Self::Transport { opc_request_id, .. }
            | Self::Timeout { opc_request_id, .. }
            | Self::Decode { opc_request_id, .. }
            | Self::ResponseTooLarge { opc_request_id, .. }
            | Self::UnexpectedContentType { opc_request_id, .. }
            | Self::EventStream { opc_request_id, .. }
            | Self::IncompleteStream { opc_request_id, .. } => Some(opc_request_id),
            Self::Api(error) => Some(&error.opc_request_id),
        }
    }

    /// How long OCI asked the caller to wait (`Retry-After`), for an
    /// [`Error::Api`] that carried one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|error| error.retry_after)
    }

    /// The refused answer, for an [`Error::Api`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(error) => Some(error),
            _ => None,
        }
    }

    /// Whether a time limit ran out ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}

/// Which time limit ran out. See [`Timeouts`](super::Timeouts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Opening a connection (TCP, proxy tunnel and TLS), on every attempt.
    Connect,
    /// The whole call, retries included: up to the complete body, or up to
    /// the response head for a stream.
    Request,
    /// Waiting for the next event of a stream that has not completed.
    StreamIdle,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connecting",
            Self::Request => "the request",
            Self::StreamIdle => "waiting for the next stream event",
        })
    }
}

/// OCI answered with an error status: what it said, and how to follow up.
///
/// OCI error bodies are `{"code","message"}`; for OpenAI-served models a
/// model-level error arrives as an OpenAI error document inside `message`,
/// which [`openai_error`](Self::openai_error) holds unwrapped.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// OCI's `code` (`NotAuthenticated`, `TooManyRequests`, ... or the
    /// status as a string for errors passed through from a model).
    pub code: Option<String>,
    /// OCI's `message`, as sent (possibly an OpenAI error document as text).
    pub message: Option<String>,
    /// The OpenAI error inside the body, when there is one.
    pub openai_error: Option<OpenAiError>,
    /// The start of the body when it was not an OCI error document (an HTML
    /// page from a proxy, say).
    pub body_snippet: Option<String>,
    /// The answer's `opc-request-id`, or the one sent when OCI echoed none.
    pub opc_request_id: String,
    /// The answer's `Retry-After`, as a wait from when it arrived.
    pub retry_after: Option<Duration>,
    /// Requests sent for the call, retries included.
    pub attempts: u32,
}

impl ApiError {
    /// Whether the status is one the client retries: 429, 500, 502, 503,
    /// 504.
    pub fn is_retryable(&self) -> bool {
        super::retry::is_retryable_status(self.status)
    }

    /// The most specific human-readable message: the OpenAI error's, else
    /// OCI's.
    pub fn best_message(&self) -> Option<&str> {
        self.openai_error
            .as_ref()
            .and_then(|error| error.message.as_deref())
            .or(self.message.as_deref())
    }

    /// Whether the model rejected the request field `param` as unsupported
    /// (status 400, OpenAI code `unsupported_parameter`).
    pub fn is_unsupported_parameter(&self, param: &str) -> bool {
        self.status == StatusCode::BAD_REQUEST
            && self
                .openai_error
                .as_ref()
                .is_some_and(|error| error.is_unsupported_parameter(param))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OCI Generative AI answered {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        match (self.best_message(), &self.body_snippet) {
            (Some(message), _) => write!(f, ": {message:?}"),
            (None, Some(snippet)) => write!(f, ": {snippet:?}"),
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

/// A client could not be built from its settings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No credentials provider was set.
    #[error("no credentials: call ClientBuilder::credentials")]
    MissingCredentials,
    /// An endpoint is needed but neither a region nor a base URL names it.
    #[error("no {endpoint} endpoint: set a region or a base URL")]
    MissingEndpoint {
        /// `inference` or `control plane`.
        endpoint: &'static str,
    },
    /// The region name is not a region name.
    #[error("invalid region {region:?}: expected a name like us-chicago-1")]
    InvalidRegion {
        /// The region as given.
        region: String,
    },
    /// A base URL cannot be used.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidEndpoint {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A proxy URL cannot be used.
    #[error("invalid proxy {proxy}: {reason}")]
    InvalidProxy {
        /// The proxy URL, credentials removed.
        proxy: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// An extra CA bundle could not be used.
    #[error("invalid CA certificate bundle: {reason}")]
    InvalidCaCertificates {
        /// What was wrong with it.
        reason: String,
    },
    /// The system's certificate store had no usable certificate
    /// ([`RootCertificates::Native`](super::RootCertificates::Native)).
    #[error("no usable certificate in the system store ({errors} error(s) while loading it)")]
    NoNativeRootCertificates {
        /// How many errors the loader reported.
        errors: usize,
    },
    /// The user agent cannot go in a header.
    #[error("invalid user agent {user_agent:?}")]
    InvalidUserAgent {
        /// The user agent as given.
        user_agent: String,
    },
    /// The TLS configuration was refused.
    #[error("invalid TLS configuration: {reason}")]
    Tls {
        /// rustls's reason.
        reason: String,
    },
}

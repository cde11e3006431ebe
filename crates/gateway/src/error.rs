//! Everything that can go wrong in a request, and its OpenAI error body and HTTP status.
//!
//! Every variant maps to one status and one `{"error":{"message","type","param","code"}}`
//! body, so clients (the official SDKs raise `AuthenticationError`, `NotFoundError`,
//! `BadRequestError`, `RateLimitError` ... from the status) see errors in their own format.

use std::time::Duration;

use http::{HeaderValue, Response, StatusCode};
use oci_genai_client::client as oci;
use openai_types::error::{ErrorObject, ErrorResponse};

use crate::body::{GatewayBody, json};

/// A request that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GatewayError {
    /// The body is not JSON, or not the JSON of this endpoint (wrong type, missing field).
    #[error("{message}")]
    BadRequest {
        /// What is wrong, for the client.
        message: String,
        /// The offending field, when known.
        param: Option<String>,
    },
    /// Client authentication is on and the request has no valid key.
    #[error("invalid or missing API key")]
    Unauthorized,
    /// No such route.
    #[error("unknown URL {method} {path}")]
    UnknownRoute {
        /// The method.
        method: String,
        /// The path.
        path: String,
    },
    /// The route exists but not with this method.
    #[error("{method} is not allowed on {path}")]
    MethodNotAllowed {
        /// The method.
        method: String,
        /// The path.
        path: String,
    },
    /// The model is neither an alias nor an OCI model id.
    #[error("{message}")]
    UnknownModel {
        /// The message from the catalog, listing the aliases.
        message: String,
    },
    /// The request cannot be translated for OCI (an unsupported or invalid parameter).
    #[error("{message}")]
    Untranslatable {
        /// HTTP status (400 or 404).
        status: u16,
        /// The message.
        message: String,
        /// The OpenAI parameter at fault.
        param: Option<String>,
    },
    /// The body is larger than the limit.
    #[error("request body larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// Too many requests in flight.
    #[error("the gateway is at its limit of {limit} concurrent requests")]
    Overloaded {
        /// The limit.
        limit: usize,
    },
    /// OCI answered with an error; already mapped to the client's status and body.
    #[error("{}", body.error.message)]
    Upstream {
        /// Status for the client.
        status: u16,
        /// The OpenAI error body.
        body: ErrorResponse,
        /// `Retry-After` to pass on (429).
        retry_after: Option<Duration>,
        /// OCI's status, for metrics.
        upstream_status: u16,
    },
    /// OCI could not be reached (connect, TLS, or the connection failed before an answer).
    #[error("OCI Generative AI is unreachable: {detail}")]
    UpstreamUnreachable {
        /// What failed.
        detail: String,
    },
    /// OCI did not answer in time.
    #[error("OCI Generative AI did not answer in time: {detail}")]
    UpstreamTimeout {
        /// Which limit ran out.
        detail: String,
    },
    /// OCI answered with something that is not what its API promises.
    #[error("OCI Generative AI sent an invalid answer: {detail}")]
    UpstreamInvalid {
        /// What was wrong.
        detail: String,
    },
    /// A bug or an unexpected state in the gateway.
    #[error("internal error: {detail}")]
    Internal {
        /// What happened.
        detail: String,
    },
}

impl GatewayError {
    /// A bad request with an optional parameter.
    pub fn bad_request(message: impl Into<String>, param: Option<&str>) -> Self {
        Self::BadRequest {
            message: message.into(),
            param: param.map(str::to_owned),
        }
    }

    /// The status and OpenAI error body for the client.
    pub fn to_response_parts(&self) -> (StatusCode, ErrorResponse) {
        let message = self.to_string();
        let (status, object) = match self {
            Self::BadRequest { param, .. } => (
                StatusCode::BAD_REQUEST,
                ErrorObject::invalid_request(message, param.as_deref()),
            ),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                ErrorObject::authentication(
                    "Incorrect or missing API key. Send it as `Authorization: Bearer <key>`.",
                ),
            ),
            Self::UnknownRoute { .. } => (
                StatusCode::NOT_FOUND,
                ErrorObject::invalid_request(message, None).with_code("unknown_url"),
            ),
            Self::MethodNotAllowed { .. } => (
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorObject::invalid_request(message, None).with_code("method_not_allowed"),
            ),
            Self::UnknownModel { .. } => (
                StatusCode::NOT_FOUND,
                ErrorObject::invalid_request(message, Some("model")).with_code("model_not_found"),
            ),
            Self::Untranslatable { status, param, .. } => (
                StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST),
                ErrorObject::invalid_request(message, param.as_deref()),
            ),
            Self::PayloadTooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorObject::invalid_request(message, None).with_code("request_too_large"),
            ),
            Self::Overloaded { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorObject::service_unavailable(message).with_code("overloaded"),
            ),
            Self::Upstream { status, body, .. } => (
                StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_GATEWAY),
                return_body(body),
            ),
            Self::UpstreamUnreachable { .. } | Self::UpstreamInvalid { .. } => (
                StatusCode::BAD_GATEWAY,
                ErrorObject::server_error(message).with_code("upstream_error"),
            ),
            Self::UpstreamTimeout { .. } => {
                (StatusCode::GATEWAY_TIMEOUT, ErrorObject::timeout(message))
            }
            Self::Internal { .. } => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorObject::server_error(message),
            ),
        };
        (status, ErrorResponse::from(object))
    }

    /// The error as an HTTP response.
    pub fn into_response(self) -> Response<GatewayBody> {
        let (status, body) = self.to_response_parts();
        let mut response = json(status, &body);
        if let Self::Upstream {
            retry_after: Some(after),
            ..
        } = &self
        {
            let seconds = after.as_secs() + u64::from(after.subsec_nanos() > 0);
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response
                    .headers_mut()
                    .insert(http::header::RETRY_AFTER, value);
            }
        }
        response
    }

    /// A short, fixed name for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "invalid_request",
            Self::Unauthorized => "unauthorized",
            Self::UnknownRoute { .. } | Self::MethodNotAllowed { .. } => "unknown_route",
            Self::UnknownModel { .. } => "unknown_model",
            Self::Untranslatable { .. } => "untranslatable",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::Overloaded { .. } => "overloaded",
            Self::Upstream {
                upstream_status, ..
            } => match upstream_status {
                429 => "upstream_rate_limited",
                500..=599 => "upstream_5xx",
                _ => "upstream_4xx",
            },
            Self::UpstreamUnreachable { .. } => "upstream_unreachable",
            Self::UpstreamTimeout { .. } => "upstream_timeout",
            Self::UpstreamInvalid { .. } => "upstream_invalid",
            Self::Internal { .. } => "internal",
        }
    }
}

fn return_body(body: &ErrorResponse) -> ErrorObject {
    body.error.clone()
}

impl From<translate::TranslateError> for GatewayError {
    fn from(error: translate::TranslateError) -> Self {
        let status = error.status();
        let param = error.param().map(str::to_owned);
        match error {
            translate::TranslateError::UnknownModel { .. } => Self::UnknownModel {
                message: error.to_string(),
            },
            other => Self::Untranslatable {
                status,
                message: other.to_string(),
                param,
            },
        }
    }
}

/// Maps a client error for a call on behalf of `context` (the client's model and its OCI
/// target, for OCI's 404 about a model the tenancy lacks).
pub fn from_oci(error: &oci::Error, context: &translate::ErrorContext<'_>) -> GatewayError {
    match error {
        oci::Error::Api(api) => {
            let body = oci_genai_client::wire::ErrorBody {
                code: api.code.clone(),
                message: api.message.clone(),
                error: api.openai_error.clone(),
            };
            let raw = api.body_snippet.as_deref().unwrap_or_default();
            let (status, body) = translate::error_response(
                api.status.as_u16(),
                Some(&body),
                raw.as_bytes(),
                Some(&api.opc_request_id),
                context,
            );
            GatewayError::Upstream {
                status,
                body,
                retry_after: api.retry_after,
                upstream_status: api.status.as_u16(),
            }
        }
        oci::Error::Timeout { kind, after, .. } => GatewayError::UpstreamTimeout {
            detail: format!("{kind} after {after:?}"),
        },
        oci::Error::Transport { .. } => GatewayError::UpstreamUnreachable {
            detail: chain(error),
        },
        oci::Error::Credentials { .. } | oci::Error::Signing { .. } => GatewayError::Internal {
            detail: chain(error),
        },
        _ => GatewayError::UpstreamInvalid {
            detail: chain(error),
        },
    }
}

/// An error and its causes on one line, for logs and messages.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

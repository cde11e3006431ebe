//! Everything that can go wrong in a request, and its OpenAI error body and HTTP status.
//!
//! Every variant maps to one status and one `{"error":{"message","type","param","code"}}`
//! body, so clients (the official SDKs raise `AuthenticationError`, `NotFoundError`,
//! `BadRequestError`, `RateLimitError` ... from the status) see errors in their own format.

use std::time::Duration;

use http::{HeaderValue, Response, StatusCode, header};
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
        /// The methods the route takes, for the `Allow` header.
        allow: &'static str,
    },
    /// `translate` refused: the model is neither an alias nor an OCI model id (404, listing
    /// the aliases), the request cannot be expressed for OCI (400, naming the parameter), or
    /// OCI's answer reports an error in itself (502). Its own OpenAI error body is sent.
    #[error(transparent)]
    Translate(#[from] translate::TranslateError),
    /// The body is larger than the limit.
    #[error("request body larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The client stopped sending its body mid-way for the header-read timeout.
    #[error("the request body stalled: nothing received for {idle:?}")]
    RequestTimeout {
        /// The silence allowed.
        idle: Duration,
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
    /// The gateway is stopping and the grace period for requests in flight is over.
    #[error("the gateway is shutting down; send the request again")]
    ShuttingDown,
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
            Self::Translate(error) => {
                let (status, body) = error.to_error_response();
                return (
                    StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
                    body,
                );
            }
            Self::PayloadTooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorObject::invalid_request(message, None).with_code("request_too_large"),
            ),
            Self::RequestTimeout { .. } => (
                StatusCode::REQUEST_TIMEOUT,
                ErrorObject::invalid_request(message, None).with_code("request_timeout"),
            ),
            Self::Overloaded { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorObject::service_unavailable(message).with_code("overloaded"),
            ),
            Self::Upstream { status, body, .. } => (
                StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_GATEWAY),
                body.error.clone(),
            ),
            Self::UpstreamUnreachable { .. } | Self::UpstreamInvalid { .. } => (
                StatusCode::BAD_GATEWAY,
                ErrorObject::server_error(message).with_code("upstream_error"),
            ),
            Self::UpstreamTimeout { .. } => (
                StatusCode::GATEWAY_TIMEOUT,
                ErrorObject::timeout(message).with_code("timeout"),
            ),
            Self::ShuttingDown => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorObject::service_unavailable(message).with_code("server_shutting_down"),
            ),
            Self::Internal { .. } => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorObject::server_error(message),
            ),
        };
        (status, ErrorResponse::from(object))
    }

    /// The error as an HTTP response, with the headers its status calls for.
    pub fn into_response(self) -> Response<GatewayBody> {
        let (status, body) = self.to_response_parts();
        let mut response = json(status, &body);
        let headers = response.headers_mut();
        match &self {
            // RFC 9110 requires a challenge with every 401.
            Self::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            // ... and the allowed methods with every 405.
            Self::MethodNotAllowed { allow, .. } => {
                headers.insert(header::ALLOW, HeaderValue::from_static(allow));
            }
            // A slot frees as soon as any request in flight ends; the SDKs honour the hint.
            Self::Overloaded { .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            Self::Upstream {
                retry_after: Some(after),
                ..
            } => {
                let seconds = after.as_secs() + u64::from(after.subsec_nanos() > 0);
                headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            _ => {}
        }
        response
    }

    /// A short, fixed name for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "invalid_request",
            Self::Unauthorized => "unauthorized",
            Self::UnknownRoute { .. } | Self::MethodNotAllowed { .. } => "unknown_route",
            Self::Translate(error) => match error {
                translate::TranslateError::UnknownModel { .. } => "unknown_model",
                translate::TranslateError::Upstream { .. }
                | translate::TranslateError::Truncated => "upstream_invalid",
                _ => "untranslatable",
            },
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::RequestTimeout { .. } => "request_timeout",
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
            Self::ShuttingDown => "shutdown",
            Self::Internal { .. } => "internal",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn every_variant() -> Vec<(GatewayError, u16, &'static str)> {
        vec![
            (
                GatewayError::bad_request("bad", Some("model")),
                400,
                "invalid_request_error",
            ),
            (GatewayError::Unauthorized, 401, "invalid_request_error"),
            (
                GatewayError::UnknownRoute {
                    method: "GET".into(),
                    path: "/x".into(),
                },
                404,
                "invalid_request_error",
            ),
            (
                GatewayError::MethodNotAllowed {
                    method: "PUT".into(),
                    path: "/v1/models".into(),
                    allow: "GET",
                },
                405,
                "invalid_request_error",
            ),
            (
                GatewayError::Translate(translate::TranslateError::UnknownModel {
                    model: "gpt-4.1".into(),
                    aliases: vec!["gpt-5".into()],
                }),
                404,
                "invalid_request_error",
            ),
            (
                GatewayError::Translate(translate::TranslateError::Truncated),
                502,
                "server_error",
            ),
            (
                GatewayError::PayloadTooLarge { limit: 10 },
                413,
                "invalid_request_error",
            ),
            (
                GatewayError::RequestTimeout {
                    idle: Duration::from_secs(1),
                },
                408,
                "invalid_request_error",
            ),
            (GatewayError::Overloaded { limit: 1 }, 503, "server_error"),
            (
                GatewayError::Upstream {
                    status: 429,
                    body: ErrorResponse::from(ErrorObject::rate_limit("slow down")),
                    retry_after: Some(Duration::from_millis(1500)),
                    upstream_status: 429,
                },
                429,
                "requests",
            ),
            (
                GatewayError::UpstreamUnreachable {
                    detail: "refused".into(),
                },
                502,
                "server_error",
            ),
            (
                GatewayError::UpstreamTimeout {
                    detail: "the request after 1s".into(),
                },
                504,
                "server_error",
            ),
            (
                GatewayError::UpstreamInvalid {
                    detail: "cut".into(),
                },
                502,
                "server_error",
            ),
            (
                GatewayError::Internal {
                    detail: "bug".into(),
                },
                500,
                "server_error",
            ),
        ]
    }

    #[test]
    fn every_variant_maps_to_a_status_and_an_openai_body() {
        for (error, status, r#type) in every_variant() {
            let text = error.to_string();
            assert!(!text.ends_with('.'), "{text}");
            assert!(!error.kind().is_empty());
            let (got, body) = error.to_response_parts();
            assert_eq!(got.as_u16(), status, "{text}");
            assert_eq!(body.error.r#type, r#type, "{text}");
            assert!(!body.error.message.is_empty(), "{text}");
        }
    }

    #[test]
    fn statuses_get_the_headers_they_call_for() {
        let header = |error: GatewayError, name: header::HeaderName| {
            error
                .into_response()
                .headers()
                .get(name)
                .map(|value| value.to_str().unwrap().to_owned())
        };
        assert_eq!(
            header(GatewayError::Unauthorized, header::WWW_AUTHENTICATE).as_deref(),
            Some("Bearer")
        );
        assert_eq!(
            header(GatewayError::Overloaded { limit: 1 }, header::RETRY_AFTER).as_deref(),
            Some("1")
        );
        let throttled = every_variant()
            .into_iter()
            .find(|(_, status, _)| *status == 429)
            .unwrap()
            .0;
        assert_eq!(
            header(throttled, header::RETRY_AFTER).as_deref(),
            Some("2"),
            "rounded up to whole seconds"
        );
    }
}

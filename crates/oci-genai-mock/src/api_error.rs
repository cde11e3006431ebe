//! OCI's error answers: `{"code":"…","message":"…"}` with the status OCI uses
//! for each code.

use std::borrow::Cow;

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};
use oci_genai_client::wire::ErrorBody;

use crate::body::ReplyBody;
use crate::verify::AuthError;

/// An error answer the way OCI sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: Cow<'static, str>,
    pub(crate) message: String,
    /// Seconds for a `retry-after` header.
    pub(crate) retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: Cow::Borrowed(code),
            message: message.into(),
            retry_after: None,
        }
    }

    /// 401: a missing or bad signature.
    pub(crate) fn not_authenticated(reason: &AuthError) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "NotAuthenticated",
            format!(
                "The required information to complete authentication was not provided or was incorrect. ({reason})"
            ),
        )
    }

    /// 404: an unknown model or endpoint, worded as OCI words it.
    pub(crate) fn entity_not_found(key: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NotAuthorizedOrNotFound",
            format!("Entity with key {key} not found"),
        )
    }

    /// 404: a path the service does not have.
    pub(crate) fn path_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NotAuthorizedOrNotFound",
            "Authorization failed or requested resource not found.",
        )
    }

    /// 405: a known path with another method.
    pub(crate) fn method_not_allowed(method: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!("Method {method} is not allowed on this resource."),
        )
    }

    /// 400 `InvalidParameter`.
    pub(crate) fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "InvalidParameter", message)
    }

    /// 400 `InvalidParameter` for a `[mock:…]` marker the mock does not
    /// know, so that a typo in a test script cannot pass silently.
    pub(crate) fn invalid_marker(error: &crate::markers::MarkerError) -> Self {
        Self::invalid_parameter(format!(
            "Invalid mock marker: {error}. Known markers: {}.",
            crate::markers::KNOWN
        ))
    }

    /// 400 `MissingParameter`.
    pub(crate) fn missing_parameter(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "MissingParameter",
            format!("Missing required parameter: {name}."),
        )
    }

    /// 400 `CannotParseRequest`: the body is not JSON at all.
    pub(crate) fn cannot_parse(detail: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "CannotParseRequest",
            format!("The request is incorrectly formatted: {detail}"),
        )
    }

    /// 413: a body over the configured limit.
    pub(crate) fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            format!("The request body exceeds {limit} bytes."),
        )
    }

    /// 429 with `retry-after`.
    pub(crate) fn too_many_requests(retry_after_secs: u64) -> Self {
        Self {
            retry_after: Some(retry_after_secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                "Too many requests for the tenant",
            )
        }
    }

    /// The transient failure OCI answers with `status`: 429, 500 or 503
    /// (anything else becomes 500).
    pub(crate) fn transient(status: StatusCode, retry_after_secs: u64) -> Self {
        match status {
            StatusCode::TOO_MANY_REQUESTS => Self::too_many_requests(retry_after_secs),
            StatusCode::SERVICE_UNAVAILABLE => Self::new(
                status,
                "ServiceUnavailable",
                "The service is currently unavailable. Please retry the request.",
            ),
            _ => Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "An internal error occurred. Please retry the request.",
            ),
        }
    }

    /// The 400 OpenAI's GPT-5 and o-series models give for `maxTokens`: the
    /// OpenAI error document passed through as a JSON *string* in `message`,
    /// with the HTTP status as `code`.
    pub(crate) fn unsupported_max_tokens() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "400",
            r#"{"error": {"message": "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", "type": "invalid_request_error", "param": "maxTokens", "code": "unsupported_parameter"}}"#,
        )
    }

    /// The JSON answer.
    pub(crate) fn into_response(self) -> Response<ReplyBody> {
        let body = ErrorBody {
            code: Some(self.code.into_owned()),
            message: Some(self.message),
            error: None,
        };
        // Serializing two strings cannot fail; the fallback keeps it panic-free.
        let json = serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec());
        let mut response = crate::body::json_response(self.status, Bytes::from(json));
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt as _;

    use super::*;

    async fn body_of(error: ApiError) -> (StatusCode, Option<String>, ErrorBody) {
        let response = error.into_response();
        let status = response.status();
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().to_owned());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, retry_after, ErrorBody::from_json(&bytes).unwrap())
    }

    #[tokio::test]
    async fn errors_are_oci_error_bodies() {
        let (status, retry_after, body) = body_of(ApiError::too_many_requests(3)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(retry_after.as_deref(), Some("3"));
        assert_eq!(body.code.as_deref(), Some("TooManyRequests"));

        let (status, _, body) = body_of(ApiError::entity_not_found("meta.nope")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            body.message.as_deref(),
            Some("Entity with key meta.nope not found")
        );
    }

    #[tokio::test]
    async fn max_tokens_error_carries_the_openai_error_as_a_string() {
        let (status, _, body) = body_of(ApiError::unsupported_max_tokens()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body.code.as_deref(), Some("400"));
        let inner = body.openai_error().unwrap();
        assert!(inner.is_unsupported_parameter("maxTokens"));
        assert_eq!(inner.r#type.as_deref(), Some("invalid_request_error"));
    }

    #[test]
    fn transient_statuses_map_to_oci_codes() {
        assert_eq!(
            ApiError::transient(StatusCode::SERVICE_UNAVAILABLE, 0).code,
            "ServiceUnavailable"
        );
        assert_eq!(
            ApiError::transient(StatusCode::INTERNAL_SERVER_ERROR, 0).code,
            "InternalServerError"
        );
        assert_eq!(
            ApiError::transient(StatusCode::TOO_MANY_REQUESTS, 1).retry_after,
            Some(1)
        );
    }
}

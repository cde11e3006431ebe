//! The error body every endpoint returns with a non-2xx status.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// An error body: `{"error": {"message", "type", "param", "code"}}`.
///
/// [Spec](https://platform.openai.com/docs/guides/error-codes). The official SDKs pick the
/// exception class from the HTTP status and read `message`, `type`, `param` and `code` from this
/// body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// The error.
    pub error: ErrorObject,
}

impl From<ErrorObject> for ErrorResponse {
    fn from(error: ErrorObject) -> Self {
        Self { error }
    }
}

/// The error inside an [`ErrorResponse`].
///
/// `param` and `code` are always written, as `null` when `None`, because OpenAI always sends
/// both keys and clients index them directly. When reading, a numeric `code` (vLLM sends the
/// HTTP status, `"code": 400`) becomes its decimal string and a missing `type` becomes `""`.
///
/// The constructors use the `type` and `code` values OpenAI itself returns for the same
/// situation; the HTTP status to send is given in each one's docs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorObject {
    /// A human-readable message.
    #[serde(default)]
    pub message: String,
    /// The error class, e.g. `invalid_request_error` or `server_error`.
    #[serde(rename = "type", default)]
    pub r#type: String,
    /// The request parameter at fault, e.g. `messages` or `model`.
    #[serde(default)]
    pub param: Option<String>,
    /// A machine-readable code, e.g. `model_not_found` or `invalid_api_key`.
    #[serde(default, deserialize_with = "string_or_number")]
    pub code: Option<String>,
}

impl ErrorObject {
    /// `type` of errors caused by the request (HTTP 400, 401, 403, 404).
    pub const INVALID_REQUEST_ERROR: &'static str = "invalid_request_error";
    /// `type` of errors on the server side (HTTP 500, 502, 503, 504).
    pub const SERVER_ERROR: &'static str = "server_error";
    /// `type` OpenAI gives request-rate limit errors (HTTP 429).
    pub const RATE_LIMIT_TYPE: &'static str = "requests";

    /// An error with a message and a `type`, no `param` and no `code`.
    pub fn new(message: impl Into<String>, r#type: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            r#type: r#type.into(),
            param: None,
            code: None,
        }
    }

    /// Sets `param`.
    #[must_use]
    pub fn with_param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }

    /// Sets `code`.
    #[must_use]
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// A malformed or unsupported request (HTTP 400), naming the offending parameter if known.
    pub fn invalid_request(message: impl Into<String>, param: Option<&str>) -> Self {
        Self {
            param: param.map(str::to_owned),
            ..Self::new(message, Self::INVALID_REQUEST_ERROR)
        }
    }

    /// A missing or wrong API key (HTTP 401); `code` is `invalid_api_key`, as from OpenAI.
    pub fn authentication(message: impl Into<String>) -> Self {
        Self::new(message, Self::INVALID_REQUEST_ERROR).with_code("invalid_api_key")
    }

    /// A valid key without access to the resource (HTTP 403).
    pub fn permission_denied(message: impl Into<String>) -> Self {
        Self::new(message, Self::INVALID_REQUEST_ERROR)
    }

    /// An unknown route or resource (HTTP 404).
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(message, Self::INVALID_REQUEST_ERROR)
    }

    /// An unknown model (HTTP 404), worded as OpenAI words it; `param` is `model` and `code`
    /// is `model_not_found`.
    pub fn model_not_found(model: &str) -> Self {
        Self::new(
            format!("The model `{model}` does not exist or you do not have access to it."),
            Self::INVALID_REQUEST_ERROR,
        )
        .with_param("model")
        .with_code("model_not_found")
    }

    /// A prompt longer than the model's context (HTTP 400); `param` is `messages` and `code`
    /// is `context_length_exceeded`.
    pub fn context_length_exceeded(message: impl Into<String>) -> Self {
        Self::invalid_request(message, Some("messages")).with_code("context_length_exceeded")
    }

    /// Too many requests or tokens (HTTP 429); `code` is `rate_limit_exceeded`.
    pub fn rate_limit(message: impl Into<String>) -> Self {
        Self::new(message, Self::RATE_LIMIT_TYPE).with_code("rate_limit_exceeded")
    }

    /// A failure on the server side (HTTP 500).
    pub fn server_error(message: impl Into<String>) -> Self {
        Self::new(message, Self::SERVER_ERROR)
    }

    /// The backend is overloaded or down (HTTP 503).
    pub fn service_unavailable(message: impl Into<String>) -> Self {
        Self::new(message, Self::SERVER_ERROR)
    }

    /// The backend did not answer in time (HTTP 504).
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(message, Self::SERVER_ERROR)
    }
}

/// Reads `code` as a string, a number (kept as its decimal text) or `null`.
fn string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct CodeVisitor;

    impl Visitor<'_> for CodeVisitor {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number or null")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(Some(value.to_owned()))
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
            Ok(Some(value))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    deserializer.deserialize_any(CodeVisitor)
}

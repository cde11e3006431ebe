//! Error bodies: OCI's `{code, message}` and the OpenAI error some models put
//! inside it.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// The body of an OCI error response.
///
/// OCI sends `{"code":"NotAuthenticated","message":"…"}`. For OpenAI-served
/// models a model-level error comes back double-encoded: `code` is the HTTP
/// status as a string and `message` is an OpenAI error document *as a string*:
///
/// ```json
/// {"code":"400","message":"{\"error\": {\"message\":\"…\",\"type\":\"invalid_request_error\",\"param\":\"maxTokens\",\"code\":\"unsupported_parameter\"}}"}
/// ```
///
/// Some bodies are OpenAI-shaped directly, `{"error":{…}}`; that lands in
/// [`ErrorBody::error`]. [`ErrorBody::openai_error`] finds the OpenAI error in
/// either form.
///
/// ```
/// use oci_genai_client::wire::ErrorBody;
///
/// let body = ErrorBody::from_json(br#"{"code":"400","message":"{\"error\":{\"message\":\"Unsupported parameter\",\"type\":\"invalid_request_error\",\"param\":\"maxTokens\",\"code\":\"unsupported_parameter\"}}"}"#).unwrap();
/// let inner = body.openai_error().unwrap();
/// assert!(inner.is_unsupported_parameter("maxTokens"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// `code`: an OCI error code such as `NotAuthenticated`,
    /// `NotAuthorizedOrNotFound`, `TooManyRequests`, or an HTTP status as a
    /// string for errors passed through from the model.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    /// `message`: human-readable, or an OpenAI error document as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `error`: set when the body is OpenAI-shaped (`{"error":{…}}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<OpenAiError>,
}

impl ErrorBody {
    /// Parses an error response body.
    ///
    /// # Errors
    ///
    /// When the body is not a JSON object of this shape.
    pub fn from_json(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }

    /// The OpenAI error in this body: the direct `error` object, or the one
    /// encoded as a JSON string in `message`. `None` when there is neither.
    pub fn openai_error(&self) -> Option<OpenAiError> {
        if let Some(error) = &self.error {
            return Some(error.clone());
        }
        let message = self.message.as_deref()?.trim_start();
        if !message.starts_with('{') {
            return None;
        }
        #[derive(Deserialize)]
        struct Envelope {
            error: OpenAiError,
        }
        serde_json::from_str::<Envelope>(message)
            .ok()
            .map(|envelope| envelope.error)
    }
}

/// An OpenAI-style error object, as OCI passes it through from OpenAI-served
/// models.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenAiError {
    /// `message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `type`, e.g. `invalid_request_error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// `param`: the offending request field, in OCI's spelling (`maxTokens`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// `code`, e.g. `unsupported_parameter`, `unsupported_value`.
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
}

impl OpenAiError {
    /// Whether the model rejected the request field `param` as unsupported
    /// (`code: "unsupported_parameter"`). For `maxTokens`, resend once with
    /// `maxCompletionTokens`.
    pub fn is_unsupported_parameter(&self, param: &str) -> bool {
        self.code.as_deref() == Some("unsupported_parameter")
            && self.param.as_deref() == Some(param)
    }
}

/// A string that may arrive as a JSON number, or be `null`.
fn lenient_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct LenientVisitor;

    impl Visitor<'_> for LenientVisitor {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number or null")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    deserializer.deserialize_any(LenientVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_null_codes_are_accepted() {
        let body = ErrorBody::from_json(br#"{"code":400,"message":"bad"}"#).unwrap();
        assert_eq!(body.code.as_deref(), Some("400"));
        let body = ErrorBody::from_json(br#"{"code":null,"message":"bad"}"#).unwrap();
        assert_eq!(body.code, None);
        let body = ErrorBody::from_json(br#"{"error":{"code":null,"param":null}}"#).unwrap();
        assert_eq!(body.error, Some(OpenAiError::default()));
    }

    #[test]
    fn plain_message_has_no_openai_error() {
        let body =
            ErrorBody::from_json(br#"{"code":"NotAuthenticated","message":"nope"}"#).unwrap();
        assert_eq!(body.openai_error(), None);
        let body = ErrorBody::from_json(br#"{"code":"400","message":"{not json"}"#).unwrap();
        assert_eq!(body.openai_error(), None);
        let body =
            ErrorBody::from_json(br#"{"code":"400","message":"{\"detail\":\"x\"}"}"#).unwrap();
        assert_eq!(body.openai_error(), None);
    }
}

//! OCI error answers → OpenAI error bodies and statuses.

use oci_genai_client::wire::ErrorBody;
use openai_types::error::{ErrorObject, ErrorResponse};

/// What the error translation knows about the request that failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorContext<'a> {
    /// The model name the client sent (an alias, or an OCI id).
    pub client_model: Option<&'a str>,
    /// The OCI model id or endpoint OCID the request went to.
    pub oci_model: Option<&'a str>,
}

impl<'a> ErrorContext<'a> {
    /// A context naming both models.
    #[must_use]
    pub const fn new(client_model: Option<&'a str>, oci_model: Option<&'a str>) -> Self {
        Self {
            client_model,
            oci_model,
        }
    }

    /// The context of a request to `target`.
    #[must_use]
    pub fn for_target(target: &'a crate::catalog::Target) -> Self {
        Self::new(Some(&target.client_model), Some(target.oci_model()))
    }
}

/// The longest piece of a non-JSON error body kept in the message.
const MAX_RAW_MESSAGE: usize = 512;

/// Maps an OCI error answer to the status and OpenAI error body the client gets.
///
/// | OCI status | client status | OpenAI `type` / `code` |
/// | --- | --- | --- |
/// | 400 (and other 4xx) | same | `invalid_request_error`; OCI's code, or the inner OpenAI error's `param` (in OpenAI's spelling) and `code` |
/// | 401 | 502 | `server_error` / `upstream_authentication_failed`: OCI refused the *gateway's* credentials, not the client's key |
/// | 402, 403 | 403 | `invalid_request_error` / `permission_denied` |
/// | 404 | 404 | `invalid_request_error` / `model_not_found`, naming the OCI model and how to remap the alias |
/// | 409 | 409 | `invalid_request_error` / OCI's code (clients retry 409) |
/// | 429 | 429 | `requests` / `rate_limit_exceeded` |
/// | 503, 504 | same | `server_error` |
/// | other 5xx | 502 | `server_error` |
///
/// `body` is the parsed OCI body when it parsed; `raw_body` is used otherwise. An OpenAI
/// error nested in OCI's `message` (OpenAI-served models) is unwrapped. The message ends with
/// the `opc-request-id` when there is one.
///
/// ```
/// use oci_genai_client::wire::ErrorBody;
/// use translate::{ErrorContext, error_response};
///
/// let raw = br#"{"code":"NotAuthorizedOrNotFound","message":"Authorization failed or requested resource not found."}"#;
/// let body = ErrorBody::from_json(raw).ok();
/// let (status, error) = error_response(404, body.as_ref(), raw, Some("ABC123"),
///     &ErrorContext::new(Some("gpt-5"), Some("openai.gpt-4.1")));
/// assert_eq!(status, 404);
/// assert!(error.error.message.contains("`openai.gpt-4.1`"));
/// assert!(error.error.message.contains("openai.gpt-oss-120b"));
/// assert!(error.error.message.ends_with("(opc-request-id: ABC123)"));
/// ```
#[must_use]
pub fn error_response(
    status: u16,
    body: Option<&ErrorBody>,
    raw_body: &[u8],
    opc_request_id: Option<&str>,
    ctx: &ErrorContext<'_>,
) -> (u16, ErrorResponse) {
    let inner = body.and_then(ErrorBody::openai_error);
    let oci_code = body
        .and_then(|b| b.code.as_deref())
        .filter(|c| !c.is_empty());
    let oci_message = inner
        .as_ref()
        .and_then(|e| e.message.clone())
        .or_else(|| body.and_then(|b| b.message.clone()))
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| raw_message(status, raw_body));

    let (client_status, mut object) = match status {
        401 => (
            502,
            ErrorObject::server_error(format!(
                "OCI Generative AI rejected the gateway's credentials (HTTP 401): {oci_message}"
            ))
            .with_code("upstream_authentication_failed"),
        ),
        402 | 403 => (
            403,
            ErrorObject::permission_denied(format!(
                "OCI Generative AI denied access (HTTP {status}): {oci_message}"
            ))
            .with_code("permission_denied"),
        ),
        404 => (404, not_found(&oci_message, ctx)),
        429 => (429, ErrorObject::rate_limit(oci_message)),
        503 | 504 => (status, ErrorObject::server_error(oci_message)),
        500..=599 => (502, ErrorObject::server_error(oci_message)),
        400..=499 => (
            status,
            ErrorObject::new(oci_message, ErrorObject::INVALID_REQUEST_ERROR),
        ),
        // A success or informational status is no error answer; report it as a bad gateway.
        _ => (
            502,
            ErrorObject::server_error(format!(
                "unexpected HTTP {status} from OCI Generative AI: {oci_message}"
            )),
        ),
    };
    if let Some(inner) = &inner {
        if object.param.is_none() {
            object.param = inner.param.as_deref().map(snake_case);
        }
        if object.code.is_none() {
            object.code = inner.code.clone();
        }
    }
    if object.code.is_none()
        && let Some(code) = oci_code
        && code.parse::<u16>().is_err()
    {
        object.code = Some(code.to_owned());
    }
    if let Some(id) = opc_request_id.filter(|id| !id.is_empty()) {
        object.message = format!("{} (opc-request-id: {id})", object.message);
    }
    (client_status, ErrorResponse::from(object))
}

fn raw_message(status: u16, raw_body: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw_body);
    let text = text.trim();
    if text.is_empty() {
        return format!("OCI Generative AI answered HTTP {status} without a body");
    }
    match text.char_indices().nth(MAX_RAW_MESSAGE) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A 404: name the OCI model, and say how to fix the alias.
fn not_found(oci_message: &str, ctx: &ErrorContext<'_>) -> ErrorObject {
    let message = match (ctx.oci_model, ctx.client_model) {
        (Some(oci), _) if oci.starts_with(crate::catalog::ENDPOINT_OCID_PREFIX) => format!(
            "OCI Generative AI has no dedicated endpoint `{oci}` that the gateway may use \
             (check the OCID, its region and the gateway's IAM policy). OCI said: {oci_message}"
        ),
        (Some(oci), Some(client)) if client != oci => format!(
            "The model `{client}` maps to the OCI model `{oci}`, which this OCI tenancy and \
             region do not offer or the gateway is not authorized to use (OpenAI's commercial \
             models are enabled only for some tenancies). Map `{client}` to a model the tenancy \
             has, e.g. `openai.gpt-oss-120b` or `meta.llama-3.3-70b-instruct`. OCI said: \
             {oci_message}"
        ),
        (Some(oci), _) => format!(
            "The OCI model `{oci}` is not offered to this OCI tenancy and region, or the gateway \
             is not authorized to use it. Use a model the tenancy has, e.g. \
             `openai.gpt-oss-120b` or `meta.llama-3.3-70b-instruct`. OCI said: {oci_message}"
        ),
        (None, _) => format!("OCI Generative AI: not found: {oci_message}"),
    };
    ErrorObject::new(message, ErrorObject::INVALID_REQUEST_ERROR)
        .with_param("model")
        .with_code("model_not_found")
}

/// `maxTokens` → `max_tokens`: OCI's field names back in OpenAI's spelling, for error `param`s.
#[must_use]
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_to_snake() {
        assert_eq!(snake_case("maxTokens"), "max_tokens");
        assert_eq!(snake_case("temperature"), "temperature");
        assert_eq!(snake_case("maxCompletionTokens"), "max_completion_tokens");
    }
}

//! OCI error bodies and the OpenAI errors found in them.

use oci_genai_client::wire::{ErrorBody, OpenAiError};

use crate::support::{read, read_json, round_trip};

fn body(name: &str) -> ErrorBody {
    let path = format!("errors/{name}");
    let parsed: ErrorBody = round_trip(&read_json(&path), &path);
    assert_eq!(ErrorBody::from_json(&read(&path)).unwrap(), parsed);
    parsed
}

#[test]
fn plain_oci_errors() {
    let error = body("not-authenticated.json");
    assert_eq!(error.code.as_deref(), Some("NotAuthenticated"));
    assert!(
        error
            .message
            .as_deref()
            .unwrap()
            .starts_with("The required information")
    );
    assert_eq!(error.openai_error(), None);

    let error = body("too-many-requests.json");
    assert_eq!(error.code.as_deref(), Some("TooManyRequests"));
    assert_eq!(error.openai_error(), None);
}

#[test]
fn openai_error_nested_in_the_message() {
    let error = body("openai-nested-max-tokens.json");
    assert_eq!(error.code.as_deref(), Some("400"));
    let inner = error.openai_error().unwrap();
    assert_eq!(inner.r#type.as_deref(), Some("invalid_request_error"));
    assert_eq!(inner.param.as_deref(), Some("maxTokens"));
    assert_eq!(inner.code.as_deref(), Some("unsupported_parameter"));
    assert!(
        inner
            .message
            .as_deref()
            .unwrap()
            .contains("max_completion_tokens")
    );
    assert!(inner.is_unsupported_parameter("maxTokens"));
    assert!(!inner.is_unsupported_parameter("temperature"));

    let inner = body("openai-nested-temperature.json")
        .openai_error()
        .unwrap();
    assert_eq!(inner.param.as_deref(), Some("temperature"));
    assert_eq!(inner.code.as_deref(), Some("unsupported_value"));
    assert!(!inner.is_unsupported_parameter("temperature"));
}

#[test]
fn openai_shaped_body() {
    let error = body("openai-direct.json");
    assert_eq!(error.code, None);
    assert_eq!(error.message, None);
    assert_eq!(
        error.openai_error(),
        Some(OpenAiError {
            message: Some("Unsupported parameter: 'streamOptions'.".into()),
            r#type: Some("invalid_request_error".into()),
            param: Some("streamOptions".into()),
            code: Some("unsupported_parameter".into()),
        })
    );
}

#[test]
fn not_json_is_an_error() {
    assert!(ErrorBody::from_json(b"<html>502 Bad Gateway</html>").is_err());
    assert!(ErrorBody::from_json(b"").is_err());
}

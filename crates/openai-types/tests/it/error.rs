//! Error bodies: fixtures, constructors, explicit nulls, numeric codes.

use openai_types::error::{ErrorObject, ErrorResponse};
use serde_json::json;

use crate::{assert_round_trip, fixture};

fn parse(file: &str) -> ErrorObject {
    assert_round_trip::<ErrorResponse>(&fixture(file)).error
}

#[test]
fn fixtures_round_trip_and_match_the_constructors() {
    let invalid_key = parse("openai/error-invalid-api-key.json");
    assert_eq!(
        invalid_key,
        ErrorObject::authentication(invalid_key.message.clone())
    );

    assert_eq!(
        parse("openai/error-model-not-found.json"),
        ErrorObject::model_not_found("gpt-5x")
    );

    let too_long = parse("openai/error-context-length-exceeded.json");
    assert_eq!(
        too_long,
        ErrorObject::context_length_exceeded(too_long.message.clone())
    );

    let rate = parse("openai/error-rate-limit.json");
    assert_eq!(rate, ErrorObject::rate_limit(rate.message.clone()));

    let server = parse("openai/error-server-error.json");
    assert_eq!(server, ErrorObject::server_error(server.message.clone()));
}

/// `param` and `code` are written as `null` when absent, as OpenAI does.
#[test]
fn param_and_code_are_explicit_nulls() {
    let body = ErrorResponse::from(ErrorObject::invalid_request(
        "messages must not be empty",
        None,
    ));
    assert_eq!(
        serde_json::to_string(&body).expect("serialises"),
        r#"{"error":{"message":"messages must not be empty","type":"invalid_request_error","param":null,"code":null}}"#
    );
    let body = ErrorResponse::from(ErrorObject::invalid_request("bad", Some("temperature")));
    assert_eq!(
        serde_json::to_value(&body).expect("serialises"),
        json!({"error": {"message": "bad", "type": "invalid_request_error", "param": "temperature", "code": null}})
    );
}

#[test]
fn constructor_types_and_codes() {
    let cases = [
        (
            ErrorObject::authentication("m"),
            "invalid_request_error",
            Some("invalid_api_key"),
        ),
        (
            ErrorObject::permission_denied("m"),
            "invalid_request_error",
            None,
        ),
        (ErrorObject::not_found("m"), "invalid_request_error", None),
        (
            ErrorObject::rate_limit("m"),
            "requests",
            Some("rate_limit_exceeded"),
        ),
        (ErrorObject::server_error("m"), "server_error", None),
        (ErrorObject::service_unavailable("m"), "server_error", None),
        (ErrorObject::timeout("m"), "server_error", None),
    ];
    for (error, r#type, code) in cases {
        assert_eq!(error.message, "m");
        assert_eq!(error.r#type, r#type, "{error:?}");
        assert_eq!(error.code.as_deref(), code, "{error:?}");
        assert_eq!(error.param, None);
    }
    let custom = ErrorObject::new("m", "oci_error")
        .with_param("model")
        .with_code("429");
    assert_eq!(
        serde_json::to_value(&custom).expect("serialises"),
        json!({"message": "m", "type": "oci_error", "param": "model", "code": "429"})
    );
}

/// vLLM sends the HTTP status as a number in `code`, and some servers omit `type`.
#[test]
fn numeric_code_and_missing_type_are_read() {
    let body: ErrorResponse = serde_json::from_value(json!({
        "error": {"message": "max_tokens is too large", "type": "BadRequestError", "param": null, "code": 400}
    }))
    .expect("parses");
    assert_eq!(body.error.code.as_deref(), Some("400"));

    let body: ErrorResponse =
        serde_json::from_value(json!({"error": {"message": "boom"}})).expect("parses");
    assert_eq!(body.error, ErrorObject::new("boom", ""));

    assert!(
        serde_json::from_value::<ErrorResponse>(json!({"error": {"message": "m", "code": [1]}}))
            .is_err()
    );
}

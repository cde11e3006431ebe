//! OCI error answers → OpenAI errors (`error_response`), over the client crate's error
//! fixtures and every status class.

use oci_genai_client::wire::ErrorBody;
use serde_json::{Value, json};
use translate::{ErrorContext, TranslateError, error_response};

const CTX: ErrorContext<'static> = ErrorContext::new(Some("gpt-5"), Some("openai.gpt-4.1"));

fn map(status: u16, raw: &str, request_id: Option<&str>) -> (u16, Value) {
    let body = ErrorBody::from_json(raw.as_bytes()).ok();
    let (status, error) = error_response(status, body.as_ref(), raw.as_bytes(), request_id, &CTX);
    (
        status,
        serde_json::to_value(error).unwrap()["error"].clone(),
    )
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../oci-genai-client/tests/data/errors")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn statuses_map_sensibly() {
    let table: &[(u16, &str, u16, &str, Option<&str>)] = &[
        (
            400,
            r#"{"code":"InvalidParameter","message":"bad"}"#,
            400,
            "invalid_request_error",
            Some("InvalidParameter"),
        ),
        (
            401,
            &fixture("not-authenticated.json"),
            502,
            "server_error",
            Some("upstream_authentication_failed"),
        ),
        (
            402,
            r#"{"code":"SignUpRequired","message":"sign up"}"#,
            403,
            "invalid_request_error",
            Some("permission_denied"),
        ),
        (
            403,
            r#"{"code":"NotAuthorized","message":"no policy"}"#,
            403,
            "invalid_request_error",
            Some("permission_denied"),
        ),
        (
            404,
            r#"{"code":"NotAuthorizedOrNotFound","message":"not found"}"#,
            404,
            "invalid_request_error",
            Some("model_not_found"),
        ),
        (
            409,
            r#"{"code":"IncorrectState","message":"busy"}"#,
            409,
            "invalid_request_error",
            Some("IncorrectState"),
        ),
        (
            412,
            r#"{"code":"NoEtagMatch","message":"etag"}"#,
            412,
            "invalid_request_error",
            Some("NoEtagMatch"),
        ),
        (
            429,
            &fixture("too-many-requests.json"),
            429,
            "requests",
            Some("rate_limit_exceeded"),
        ),
        (
            500,
            r#"{"code":"InternalServerError","message":"oops"}"#,
            502,
            "server_error",
            Some("InternalServerError"),
        ),
        (502, "<html>bad gateway</html>", 502, "server_error", None),
        (
            503,
            r#"{"code":"ServiceUnavailable","message":"later"}"#,
            503,
            "server_error",
            Some("ServiceUnavailable"),
        ),
        (504, "", 504, "server_error", None),
        (200, "{}", 502, "server_error", None),
    ];
    for &(oci, raw, status, kind, code) in table {
        let (mapped, error) = map(oci, raw, Some("REQ1"));
        assert_eq!(mapped, status, "{oci}");
        assert_eq!(error["type"], kind, "{oci}");
        assert_eq!(error["code"].as_str(), code, "{oci}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .ends_with("(opc-request-id: REQ1)"),
            "{oci}"
        );
    }
}

#[test]
fn inner_openai_errors_are_unwrapped() {
    let (status, error) = map(400, &fixture("openai-nested-max-tokens.json"), None);
    assert_eq!(status, 400);
    assert_eq!(
        error["param"], "max_tokens",
        "OCI's maxTokens in OpenAI's spelling"
    );
    assert_eq!(error["code"], "unsupported_parameter");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("Unsupported parameter: 'max_tokens'")
    );

    let (_, error) = map(400, &fixture("openai-nested-temperature.json"), None);
    assert_eq!(error["param"], "temperature");
    assert_eq!(error["code"], "unsupported_value");

    let (_, error) = map(400, &fixture("openai-direct.json"), None);
    assert_eq!(error["param"], "stream_options");
    assert_eq!(error["type"], "invalid_request_error");
}

#[test]
fn not_found_names_the_oci_model_and_the_fix() {
    let (status, error) = map(
        404,
        r#"{"code":"NotAuthorizedOrNotFound","message":"Entity not found."}"#,
        Some("R"),
    );
    assert_eq!(status, 404);
    let message = error["message"].as_str().unwrap();
    for needle in [
        "`gpt-5`",
        "`openai.gpt-4.1`",
        "openai.gpt-oss-120b",
        "meta.llama-3.3-70b-instruct",
        "Entity not found.",
    ] {
        assert!(message.contains(needle), "{needle} in {message}");
    }
    assert_eq!(error["param"], "model");

    let endpoint = ErrorContext::new(Some("mine"), Some("ocid1.generativeaiendpoint.oc1.x"));
    let (_, error) = error_response(404, None, b"", None, &endpoint);
    assert!(
        error
            .error
            .message
            .contains("dedicated endpoint `ocid1.generativeaiendpoint.oc1.x`")
    );

    let pass_through = ErrorContext::new(Some("xai.grok-4"), Some("xai.grok-4"));
    let (_, error) = error_response(404, None, b"", None, &pass_through);
    assert!(error.error.message.contains("The OCI model `xai.grok-4`"));
}

#[test]
fn raw_bodies_are_kept_and_bounded() {
    let long = "x".repeat(2000);
    let (_, error) = map(500, &long, None);
    let message = error["message"].as_str().unwrap();
    assert!(message.chars().count() <= 513 && message.ends_with('…'));
    let (_, error) = map(500, "", None);
    assert_eq!(
        error["message"],
        "OCI Generative AI answered HTTP 500 without a body"
    );
}

#[test]
fn translate_errors_have_statuses_and_params() {
    let error = TranslateError::Unsupported {
        param: "n".into(),
        reason: "r".into(),
    };
    assert_eq!((error.status(), error.param()), (400, Some("n")));
    let (status, body) = TranslateError::Truncated.to_error_response();
    assert_eq!(status, 502);
    assert_eq!(
        serde_json::to_value(body).unwrap()["error"]["param"],
        json!(null)
    );
}

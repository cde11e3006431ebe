//! OCI's error answers where real users first hit them.

use http::StatusCode;
use oci_genai_client::wire::ChatResponse;
use oci_genai_mock::MockConfig;
use serde_json::json;

use crate::support::{CHAT, Signer, generic, start, start_with, with};

#[tokio::test]
async fn an_unknown_model_is_not_found() {
    let mock = start().await;
    let error = mock
        .chat("meta.llama-9-imaginary", generic("hi"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NotAuthorizedOrNotFound");
    assert_eq!(
        error.message.as_deref(),
        Some("Entity with key meta.llama-9-imaginary not found")
    );
}

#[tokio::test]
async fn extra_models_are_served() {
    let mock = start_with(MockConfig {
        extra_models: vec!["meta.llama-9-imaginary".into()],
        ..MockConfig::default()
    })
    .await;
    assert_eq!(
        mock.chat("meta.llama-9-imaginary", generic("hi"))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn max_tokens_to_gpt5_and_o_series_is_openais_400() {
    let mock = start_with(MockConfig {
        extra_models: vec!["openai.o3".into()],
        ..MockConfig::default()
    })
    .await;
    for model in ["openai.gpt-5", "openai.gpt-5-mini", "openai.o3"] {
        let reply = mock
            .chat(model, with(generic("hi"), json!({"maxTokens": 100})))
            .await;
        let error = reply.assert_error(StatusCode::BAD_REQUEST, "400");
        let inner = error
            .openai_error()
            .expect("an OpenAI error inside the message");
        assert!(
            inner.is_unsupported_parameter("maxTokens"),
            "{model}: {inner:?}"
        );
        assert_eq!(inner.r#type.as_deref(), Some("invalid_request_error"));
        assert!(
            inner
                .message
                .unwrap()
                .starts_with("Unsupported parameter: 'max_tokens'")
        );

        let reply = mock
            .chat(
                model,
                with(generic("hi"), json!({"maxCompletionTokens": 100})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{model}");
    }
    let reply = mock
        .chat(
            "openai.gpt-4.1",
            with(generic("hi"), json!({"maxTokens": 100})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn bodies_that_are_not_json_cannot_be_parsed() {
    let mock = start().await;
    let request = mock.request(
        "POST",
        CHAT,
        Some(b"{\"compartmentId\": ".to_vec()),
        &Signer::test_identity(),
    );
    mock.send(request)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "CannotParseRequest");
}

#[tokio::test]
async fn missing_and_invalid_parameters_are_named() {
    let mock = start().await;
    let error = mock
        .post(CHAT, &json!({"servingMode": {"servingType": "ON_DEMAND", "modelId": "xai.grok-4"}, "chatRequest": generic("hi")}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "MissingParameter");
    assert!(error.message.unwrap().contains("compartmentId"));
    mock.post(CHAT, &json!({"compartmentId": "", "servingMode": {"servingType": "ON_DEMAND", "modelId": "xai.grok-4"}, "chatRequest": generic("hi")}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "MissingParameter");
    mock.chat(
        "xai.grok-4",
        json!({"apiFormat": "GENERIC", "messages": "hi"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    mock.chat(
        "xai.grok-4",
        json!({"apiFormat": "GENERIC", "messages": []}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    mock.chat("cohere.embed-v4.0", generic("hi"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
}

#[tokio::test]
async fn unknown_paths_and_methods() {
    let mock = start().await;
    mock.get("/20231130/actions/rerankText")
        .await
        .assert_error(StatusCode::NOT_FOUND, "NotAuthorizedOrNotFound");
    mock.post("/20231130/nothing", &json!({}))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NotAuthorizedOrNotFound");
    mock.get(CHAT)
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed");
}

#[tokio::test]
async fn a_dedicated_endpoint_answers_as_the_configured_model() {
    let mock = start_with(MockConfig {
        dedicated_model: "openai.gpt-4.1".into(),
        ..MockConfig::default()
    })
    .await;
    let body = json!({
        "compartmentId": "ocid1.compartment.oc1..x",
        "servingMode": {"servingType": "DEDICATED", "endpointId": "ocid1.generativeaiendpoint.oc1.us-chicago-1.amaaaaaexample"},
        "chatRequest": generic("hi")
    });
    let result = mock.post(CHAT, &body).await.chat();
    assert_eq!(result.model_id, "openai.gpt-4.1");
    let ChatResponse::Generic(answer) = result.chat_response else {
        panic!("not GENERIC")
    };
    assert_eq!(
        answer.service_tier.as_deref(),
        Some("default"),
        "OpenAI's family shape"
    );

    let body = json!({
        "compartmentId": "ocid1.compartment.oc1..x",
        "servingMode": {"servingType": "DEDICATED", "endpointId": "not-an-endpoint"},
        "chatRequest": generic("hi")
    });
    mock.post(CHAT, &body)
        .await
        .assert_error(StatusCode::NOT_FOUND, "NotAuthorizedOrNotFound");
}

#[tokio::test]
async fn models_are_found_by_ocid_too() {
    let mock = start().await;
    let list: oci_genai_client::wire::ModelCollection = mock
        .get("/20231130/models?compartmentId=x&displayName=xai.grok-4")
        .await
        .json();
    let ocid = &list.items[0].id;
    let result = mock.chat(ocid, generic("hi")).await.chat();
    assert_eq!(&result.model_id, ocid);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let mock = start_with(MockConfig {
        max_body_bytes: 1000,
        ..MockConfig::default()
    })
    .await;
    let big = "word ".repeat(400);
    mock.chat("xai.grok-4", generic(&big))
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "RequestEntityTooLarge");
}

//! `POST /v1/chat/completions`, whole answers: the OpenAI shape, aliases and pass-through
//! ids, `response_format`, images, token limits, usage.

use oci_genai_mock::MockConfig;
use serde_json::{Value, json};

use crate::support::gateway::Gateway;
use crate::support::requests::chat;
use crate::support::tap::Upstream;

fn words(text: &str) -> u64 {
    text.split_whitespace().count() as u64
}

#[tokio::test]
async fn the_default_alias_answers_in_openai_shape() {
    let gateway = Gateway::mock().await;
    let reply = gateway
        .client
        .chat(&chat("gpt-5", "Is it raining in Paris?"))
        .await;
    let body = reply.ok();
    let request_id = reply.header("x-request-id").unwrap();
    assert_eq!(body["id"], format!("chatcmpl-{request_id}"));
    assert_eq!(body["object"], "chat.completion");
    assert_eq!(body["model"], "gpt-5");
    assert!(body["created"].as_u64().unwrap() > 1_700_000_000);
    let choice = &body["choices"][0];
    assert_eq!(body["choices"].as_array().unwrap().len(), 1);
    assert_eq!(choice["index"], 0);
    assert_eq!(choice["message"]["role"], "assistant");
    let content = choice["message"]["content"].as_str().unwrap();
    assert_eq!(
        content,
        r#"This is a mock answer to "Is it raining in Paris?"."#
    );
    assert_eq!(choice["finish_reason"], "stop");
    let usage = &body["usage"];
    assert_eq!(usage["prompt_tokens"], 5);
    assert_eq!(usage["completion_tokens"], words(content));
    assert_eq!(usage["total_tokens"], 5 + words(content));
}

#[tokio::test]
async fn openai_paths_are_served_without_the_v1_prefix() {
    let gateway = Gateway::mock().await;
    let reply = gateway
        .client
        .post("/chat/completions", &chat("gpt-5", "hello"))
        .await;
    assert_eq!(reply.ok()["object"], "chat.completion");
    let reply = gateway.client.get("/models").await;
    assert_eq!(reply.ok()["object"], "list");
    let reply = gateway
        .client
        .post(
            "/embeddings",
            &json!({"model": "cohere.embed-english-v3.0", "input": "hello"}),
        )
        .await;
    assert_eq!(reply.ok()["object"], "list");
}

#[tokio::test]
async fn oci_model_ids_and_dedicated_endpoints_pass_through() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real(&upstream.url()).await;
    for model in [
        "meta.llama-3.3-70b-instruct",
        "openai.gpt-oss-120b",
        "xai.grok-4",
        "google.gemini-2.5-flash",
        "cohere.command-a-03-2025",
        "ocid1.generativeaiendpoint.oc1.us-chicago-1.amaaaaaatestendpoint",
    ] {
        let body = gateway.client.chat(&chat(model, "hello")).await.ok();
        assert_eq!(body["model"], model, "the client's name comes back");
        assert!(
            body["choices"][0]["message"]["content"]
                .as_str()
                .unwrap()
                .contains("mock answer"),
            "{body}"
        );
    }
    let sent = upstream.tap.sent();
    assert!(sent.contains(r#""servingType":"DEDICATED""#), "{sent}");
    assert!(
        sent.contains(
            r#""endpointId":"ocid1.generativeaiendpoint.oc1.us-chicago-1.amaaaaaatestendpoint""#
        ),
        "{sent}"
    );
}

#[tokio::test]
async fn an_alias_maps_to_its_oci_model() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real_with(&upstream.url(), |cli| {
        cli.aliases = vec!["fast=xai.grok-3-mini".to_owned()];
    })
    .await;
    let body = gateway.client.chat(&chat("fast", "hello")).await.ok();
    assert_eq!(body["model"], "fast");
    assert!(
        upstream
            .tap
            .sent()
            .contains(r#""modelId":"xai.grok-3-mini""#)
    );
    // The default aliases are still there, mapped to openai.gpt-4.1.
    gateway
        .client
        .chat(&chat("openai/gpt-5", "hello"))
        .await
        .ok();
    assert!(
        upstream
            .tap
            .sent()
            .contains(r#""modelId":"openai.gpt-4.1""#)
    );
}

#[tokio::test]
async fn json_schema_response_format_gets_matching_json() {
    let gateway = Gateway::mock().await;
    let mut body = chat("meta.llama-3.3-70b-instruct", "Describe Paris");
    body["response_format"] = json!({
        "type": "json_schema",
        "json_schema": {
            "name": "city",
            "strict": true,
            "schema": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "population": {"type": "integer", "minimum": 1},
                    "tags": {"type": "array", "items": {"type": "string"}}
                },
                "required": ["name", "population", "tags"],
                "additionalProperties": false
            }
        }
    });
    let answer = gateway.client.chat(&body).await.ok();
    let content = answer["choices"][0]["message"]["content"].as_str().unwrap();
    let city: Value = serde_json::from_str(content).unwrap();
    assert!(city["name"].is_string(), "{city}");
    assert!(city["population"].as_i64().unwrap() >= 1, "{city}");
    assert!(city["tags"].is_array(), "{city}");
}

#[tokio::test]
async fn json_object_response_format_gets_json() {
    let gateway = Gateway::mock().await;
    let mut body = chat("openai.gpt-oss-120b", "Answer in JSON");
    body["response_format"] = json!({"type": "json_object"});
    let answer = gateway.client.chat(&body).await.ok();
    let content = answer["choices"][0]["message"]["content"].as_str().unwrap();
    assert!(serde_json::from_str::<Value>(content).unwrap().is_object());
}

/// A 1×1 PNG.
const PIXEL: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn with_image(model: &str) -> Value {
    json!({
        "model": model,
        "messages": [{"role": "user", "content": [
            {"type": "text", "text": "What is in this picture?"},
            {"type": "image_url", "image_url": {"url": PIXEL, "detail": "low"}}
        ]}]
    })
}

#[tokio::test]
async fn images_reach_vision_models_in_their_format() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real(&upstream.url()).await;
    for model in [
        "meta.llama-3.2-90b-vision-instruct",
        "cohere.command-a-vision-07-2025",
    ] {
        let answer = gateway.client.chat(&with_image(model)).await.ok();
        assert!(
            answer["choices"][0]["message"]["content"]
                .as_str()
                .unwrap()
                .contains("What is in this picture?"),
            "{answer}"
        );
    }
    let sent = upstream.tap.sent();
    // GENERIC: an IMAGE content part; COHEREV2: an IMAGE_URL part. Both carry the data URL.
    assert!(sent.contains(r#""type":"IMAGE""#), "{sent}");
    assert!(sent.contains(r#""apiFormat":"COHEREV2""#), "{sent}");
    assert_eq!(sent.matches(PIXEL).count(), 2, "{sent}");
}

/// Images need COHEREV2; a model that takes only COHERE is refused by OCI, and the client
/// gets OCI's 400 in OpenAI's format, naming the model.
#[tokio::test]
async fn an_image_for_a_cohere_v1_only_model_is_a_400_naming_it() {
    let gateway = Gateway::mock().await;
    let reply = gateway
        .client
        .chat(&with_image("cohere.command-r-plus-08-2024"))
        .await;
    let error = reply.openai_error(400, "invalid_request_error", Some("InvalidParameter"));
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("cohere.command-r-plus-08-2024"),
        "{error}"
    );
}

#[tokio::test]
async fn a_token_limit_ends_with_finish_reason_length() {
    let gateway = Gateway::mock().await;
    let mut body = chat("meta.llama-3.3-70b-instruct", "Tell me a long story");
    body["max_tokens"] = json!(3);
    let answer = gateway.client.chat(&body).await.ok();
    assert_eq!(answer["choices"][0]["finish_reason"], "length");
    assert_eq!(answer["usage"]["completion_tokens"], 3);
    assert_eq!(
        words(answer["choices"][0]["message"]["content"].as_str().unwrap()),
        3
    );
}

#[tokio::test]
async fn reasoning_comes_back_as_reasoning_content() {
    let gateway = Gateway::mock().await;
    let answer = gateway
        .client
        .chat(&chat("xai.grok-4", "Think first [mock:reasoning]"))
        .await
        .ok();
    let message = &answer["choices"][0]["message"];
    assert!(
        message["reasoning_content"]
            .as_str()
            .is_some_and(|text| !text.is_empty()),
        "{answer}"
    );
    assert!(message["content"].as_str().unwrap().contains("mock answer"));
}

#[tokio::test]
async fn a_default_max_tokens_is_sent_for_requests_without_one() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real_with(&upstream.url(), |cli| {
        cli.default_max_tokens = Some(2);
    })
    .await;
    let answer = gateway
        .client
        .chat(&chat("meta.llama-3.3-70b-instruct", "Tell me a long story"))
        .await
        .ok();
    assert_eq!(answer["choices"][0]["finish_reason"], "length");
    assert_eq!(answer["usage"]["completion_tokens"], 2);
    assert!(upstream.tap.sent().contains(r#""maxTokens":2"#));
}

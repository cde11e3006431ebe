//! Errors the client causes, each in OpenAI's error format with the right status: bad JSON,
//! wrong types, missing fields, unknown models, bodies too large, unknown routes and methods.

use bytes::Bytes;
use http::Method;
use http_body_util::Full;
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::support::gateway::Gateway;
use crate::support::requests::chat;

async fn post_raw(gateway: &Gateway, path: &str, body: &'static str) -> crate::support::Reply {
    let request = gateway
        .client
        .request(Method::POST, path)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from_static(body.as_bytes())))
        .unwrap();
    gateway.client.fetch(request).await
}

#[tokio::test]
async fn invalid_json_is_a_400() {
    let gateway = Gateway::mock().await;
    for path in ["/v1/chat/completions", "/v1/embeddings"] {
        let reply = post_raw(&gateway, path, "{\"model\": \"gpt-5\", ").await;
        let error = reply.openai_error(400, "invalid_request_error", None);
        assert!(
            error["message"].as_str().unwrap().contains("JSON"),
            "{error}"
        );
    }
}

/// Bodies as clients write them, `role` and `type` first (a `json!` value would sort the keys).
#[tokio::test]
async fn wrong_types_are_a_400_naming_the_field() {
    let gateway = Gateway::mock().await;
    for (path, body, param) in [
        (
            "/v1/chat/completions",
            r#"{"model": 5, "messages": [{"role": "user", "content": "hi"}]}"#,
            "model",
        ),
        (
            "/v1/chat/completions",
            r#"{"model": "gpt-5", "messages": "hi"}"#,
            "messages",
        ),
        (
            "/v1/chat/completions",
            r#"{"model": "gpt-5", "messages": [{"role": "user", "content": "hi"}], "temperature": "hot"}"#,
            "temperature",
        ),
        (
            "/v1/chat/completions",
            r#"{"model": "gpt-5", "messages": [{"role": "user", "content": "hi"},
                {"role": "assistant", "content": null, "tool_calls": [{"type": "function",
                 "id": "c1", "function": {"name": "f", "arguments": {}}}]}]}"#,
            "messages[1].tool_calls[0].function.arguments",
        ),
        (
            "/v1/embeddings",
            r#"{"model": "cohere.embed-english-v3.0", "input": [1, "mixed"]}"#,
            "input[1]",
        ),
    ] {
        let reply = post_raw(&gateway, path, body).await;
        let error = reply.openai_error(400, "invalid_request_error", None);
        assert_eq!(error["param"], param, "{body}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(&format!("`{param}`")), "{message}");
    }
}

#[tokio::test]
async fn missing_fields_are_a_400_naming_the_field() {
    let gateway = Gateway::mock().await;
    let reply = gateway
        .client
        .chat(&json!({"messages": [{"role": "user", "content": "hi"}]}))
        .await;
    let error = reply.openai_error(400, "invalid_request_error", None);
    assert_eq!(error["param"], "model");
    let reply = gateway.client.chat(&json!({"model": "gpt-5"})).await;
    let error = reply.openai_error(400, "invalid_request_error", None);
    assert_eq!(error["param"], "messages");
    let reply = gateway
        .client
        .post(
            "/v1/embeddings",
            &json!({"model": "cohere.embed-english-v3.0"}),
        )
        .await;
    let error = reply.openai_error(400, "invalid_request_error", None);
    assert_eq!(error["param"], "input");
}

#[tokio::test]
async fn an_unknown_model_is_a_404_listing_the_aliases() {
    let gateway = Gateway::mock().await;
    for model in ["gpt-4.1", "gpt-4o", "claude-3"] {
        let reply = gateway.client.chat(&chat(model, "hi")).await;
        let error = reply.openai_error(404, "invalid_request_error", Some("model_not_found"));
        assert_eq!(error["param"], "model");
        let message = error["message"].as_str().unwrap();
        for name in [
            model,
            "`gpt-5`",
            "`openai/gpt-5`",
            "`openai-compatible/gpt-5`",
        ] {
            assert!(message.contains(name), "{name} in {message}");
        }
    }
    let reply = gateway
        .client
        .post(
            "/v1/embeddings",
            &json!({"model": "text-embedding-3-small", "input": "x"}),
        )
        .await;
    let error = reply.openai_error(404, "invalid_request_error", Some("model_not_found"));
    assert!(error["message"].as_str().unwrap().contains("`gpt-5`"));
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413() {
    let gateway = Gateway::mock_with(|cli| cli.max_body_bytes = Some(1000)).await;
    let big = chat("gpt-5", &"word ".repeat(400));
    let reply = gateway.client.chat(&big).await;
    let error = reply.openai_error(413, "invalid_request_error", Some("request_too_large"));
    assert!(
        error["message"].as_str().unwrap().contains("1000"),
        "{error}"
    );
    // Just under the limit still works.
    let reply = gateway
        .client
        .chat(&chat("gpt-5", &"word ".repeat(150)))
        .await;
    reply.ok();
}

/// A chunked body has no length up front: it is refused as soon as it grows past the limit.
#[tokio::test]
async fn a_chunked_body_over_the_limit_is_a_413() {
    let gateway = Gateway::mock_with(|cli| cli.max_body_bytes = Some(1000)).await;
    let mut socket = tokio::net::TcpStream::connect(gateway.addr).await.unwrap();
    let head = "POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    socket.write_all(head.as_bytes()).await.unwrap();
    let chunk = "x".repeat(600);
    for _ in 0..2 {
        let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
        socket.write_all(framed.as_bytes()).await.unwrap();
    }
    let mut answer = vec![0; 4096];
    let read = crate::support::within("413", socket.read(&mut answer))
        .await
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("request_too_large"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("x-request-id:"),
        "{answer}"
    );
}

#[tokio::test]
async fn an_unknown_route_is_a_404() {
    let gateway = Gateway::mock().await;
    for path in [
        "/v1/completions",
        "/v2/chat/completions",
        "/",
        "/v1/models/",
    ] {
        let reply = gateway.client.get(path).await;
        reply.openai_error(404, "invalid_request_error", Some("unknown_url"));
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_405_with_allow() {
    let gateway = Gateway::mock().await;
    let reply = gateway.client.get("/v1/chat/completions").await;
    reply.openai_error(405, "invalid_request_error", Some("method_not_allowed"));
    assert_eq!(reply.header("allow"), Some("POST"));
    let reply = gateway.client.post("/v1/models", &json!({})).await;
    reply.openai_error(405, "invalid_request_error", Some("method_not_allowed"));
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    let reply = gateway.client.post("/healthz", &json!({})).await;
    reply.openai_error(405, "invalid_request_error", Some("method_not_allowed"));
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
}

#[tokio::test]
async fn a_parameter_oci_cannot_honour_is_a_400_naming_it() {
    let gateway = Gateway::mock().await;
    let mut body = chat("cohere.command-r-plus-08-2024", "hi");
    body["n"] = json!(2);
    let reply = gateway.client.chat(&body).await;
    let error = reply.openai_error(400, "invalid_request_error", Some("unsupported_parameter"));
    assert_eq!(error["param"], "n");
}

#[tokio::test]
async fn client_errors_are_counted_by_kind() {
    let gateway = Gateway::mock().await;
    post_raw(&gateway, "/v1/chat/completions", "nope").await;
    gateway.client.chat(&chat("gpt-4.1", "hi")).await;
    let metrics = gateway.metrics().await;
    for series in [
        "gateway_errors_total{kind=\"invalid_request\"} 1",
        "gateway_errors_total{kind=\"unknown_model\"} 1",
        "gateway_requests_total{route=\"chat_completions\",status=\"400\"} 1",
        "gateway_requests_total{route=\"chat_completions\",status=\"404\"} 1",
    ] {
        assert!(metrics.contains(series), "{series}:\n{metrics}");
    }
}

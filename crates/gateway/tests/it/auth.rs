//! Client authentication: with API keys configured, `Authorization: Bearer <key>` is
//! required on the API (401 in OpenAI's format otherwise); probes and metrics stay open.

use serde_json::json;

use crate::support::Client;
use crate::support::binary::Running;
use crate::support::gateway::Gateway;
use crate::support::oci_config::TempDir;
use crate::support::requests::chat;

/// Only `key` opens the chat API: without it a 401, with it an answer.
async fn only_key_opens_the_api(client: &Client, key: &str) {
    let reply = client.chat(&chat("gpt-5", "hi")).await;
    reply.openai_error(401, "invalid_request_error", Some("invalid_api_key"));
    client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-5", "hi"),
            &[("authorization", &format!("Bearer {key}"))],
        )
        .await
        .ok();
}

async fn with_keys() -> Gateway {
    Gateway::mock_with(|cli| {
        cli.api_keys = vec!["sk-team-a".to_owned(), "sk-team-b".to_owned()];
    })
    .await
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_a_401() {
    let gateway = with_keys().await;
    let body = chat("gpt-5", "hi");
    for headers in [
        &[][..],
        &[("authorization", "Bearer sk-team-c")],
        &[("authorization", "Bearer sk-team-a-and-more")],
        &[("authorization", "Basic sk-team-a")],
        &[("authorization", "sk-team-a")],
        &[("authorization", "Bearer ")],
        &[("x-api-key", "sk-team-a")],
    ] {
        let reply = gateway
            .client
            .post_with("/v1/chat/completions", &body, headers)
            .await;
        reply.openai_error(401, "invalid_request_error", Some("invalid_api_key"));
        assert_eq!(
            reply.header("www-authenticate"),
            Some("Bearer"),
            "{headers:?}"
        );
    }
    for path in ["/v1/models", "/v1/models/gpt-5"] {
        let reply = gateway.client.get(path).await;
        reply.openai_error(401, "invalid_request_error", Some("invalid_api_key"));
    }
    let reply = gateway
        .client
        .post(
            "/v1/embeddings",
            &json!({"model": "cohere.embed-english-v3.0", "input": "x"}),
        )
        .await;
    reply.openai_error(401, "invalid_request_error", Some("invalid_api_key"));
    assert_eq!(
        gateway
            .metric("gateway_errors_total{kind=\"unauthorized\"}")
            .await,
        10.0
    );
}

#[tokio::test]
async fn any_configured_key_is_accepted() {
    let gateway = with_keys().await;
    for value in ["Bearer sk-team-a", "Bearer sk-team-b", "bearer sk-team-a"] {
        let reply = gateway
            .client
            .post_with(
                "/v1/chat/completions",
                &chat("gpt-5", "hi"),
                &[("authorization", value)],
            )
            .await;
        reply.ok();
    }
    let reply = gateway
        .client
        .stream_with(
            "/v1/chat/completions",
            &crate::support::requests::chat_stream("gpt-5", "hi"),
            &[("authorization", "Bearer sk-team-b")],
        )
        .await;
    reply.chunks();
}

#[tokio::test]
async fn probes_and_metrics_need_no_key() {
    let gateway = with_keys().await;
    for path in ["/healthz", "/health", "/readyz", "/metrics"] {
        let reply = gateway.client.get(path).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
    }
}

#[tokio::test]
async fn without_keys_the_api_is_open() {
    let gateway = Gateway::mock().await;
    gateway.client.chat(&chat("gpt-5", "hi")).await.ok();
    // A key a client sends anyway (the SDKs insist on one) is ignored.
    gateway
        .client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-5", "hi"),
            &[("authorization", "Bearer anything")],
        )
        .await
        .ok();
}

#[tokio::test]
async fn keys_from_the_toml_file_protect_the_api() {
    let cli = crate::support::gateway::cli();
    let mut cli = cli;
    cli.mock = true;
    let gateway = Gateway::start(cli, r#"api_keys = ["sk-from-file"]"#, None).await;
    only_key_opens_the_api(&gateway.client, "sk-from-file").await;
}

/// `GATEWAY_API_KEYS` set to nothing (`-e GATEWAY_API_KEYS` of an unset variable, an empty
/// Secret) is no key at all: the file's keys stay in force, authentication stays on.
#[tokio::test]
async fn an_empty_api_keys_variable_leaves_the_file_keys_in_force() {
    let dir = TempDir::new();
    let config = dir.write("gateway.toml", r#"api_keys = ["sk-from-file"]"#);
    let gateway = Running::start(
        &[
            "--mock",
            "--listen",
            "127.0.0.1:0",
            "--config",
            config.to_str().unwrap(),
        ],
        &[("GATEWAY_API_KEYS", "")],
    )
    .await;
    let log = gateway.lines().join("\n");
    assert!(log.contains("client_auth=true"), "{log}");
    only_key_opens_the_api(&Client::new(gateway.addr), "sk-from-file").await;
}

/// A request refused before its body was read leaves that body on an HTTP/1.1 connection, so
/// the connection closes, and the answer says so: a client must not send its next request on
/// it. Answers to requests whose body was read, or that had none, keep the connection.
#[tokio::test]
async fn answers_before_the_body_is_read_close_the_connection_and_say_so() {
    let gateway = with_keys().await;
    let body = chat("gpt-5", "hi");
    let refused = gateway
        .client
        .post_with(
            "/v1/chat/completions",
            &body,
            &[("authorization", "Bearer sk-wrong")],
        )
        .await;
    assert_eq!(refused.header("connection"), Some("close"));
    let unknown = gateway
        .client
        .post_with(
            "/v1/responses",
            &body,
            &[("authorization", "Bearer sk-team-a")],
        )
        .await;
    assert_eq!(unknown.header("connection"), Some("close"));

    let served = gateway
        .client
        .post_with(
            "/v1/chat/completions",
            &body,
            &[("authorization", "Bearer sk-team-a")],
        )
        .await;
    assert_eq!(served.header("connection"), None);
    let bad_model = gateway
        .client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-4.1", "hi"),
            &[("authorization", "Bearer sk-team-a")],
        )
        .await;
    assert_eq!(bad_model.status, 404);
    assert_eq!(bad_model.header("connection"), None, "the body was read");
    let no_body = gateway.client.get("/v1/models").await;
    assert_eq!(no_body.status, 401);
    assert_eq!(no_body.header("connection"), None);
}

//! `GET /healthz` (and `/health`), `GET /readyz`, `GET /metrics` in Prometheus text format,
//! and the `x-request-id` every response carries.

use std::time::Duration;

use serde_json::json;

use crate::support::gateway::{Gateway, metric_value};
use crate::support::oci_config::OciConfig;
use crate::support::requests::{chat, chat_stream, chat_stream_with_usage};
use crate::support::tap::Upstream;

#[tokio::test]
async fn liveness_answers_on_both_paths() {
    let gateway = Gateway::mock().await;
    for path in ["/healthz", "/health"] {
        let reply = gateway.client.get(path).await;
        assert_eq!(reply.ok(), json!({"status": "ok"}));
    }
    let head = gateway
        .client
        .fetch(
            gateway
                .client
                .request(http::Method::HEAD, "/healthz")
                .body(Default::default())
                .unwrap(),
        )
        .await;
    assert_eq!(head.status, 200);
}

#[tokio::test]
async fn readiness_follows_the_credentials() {
    let upstream = Upstream::start(oci_genai_mock::MockConfig::default()).await;
    let config = OciConfig::session_token("SESSION");
    let token = config.token_file();
    let cli = crate::support::gateway::real_cli(&config, &upstream.url(), |_| {});
    let gateway = Gateway::start(cli, "", Some(config)).await;
    let reply = gateway.client.get("/readyz").await;
    assert_eq!(reply.ok(), json!({"status": "ready"}));
    gateway.client.chat(&chat("gpt-5", "hi")).await.ok();
    assert!(
        upstream.tap.sent().contains("keyId=\"ST$"),
        "signed with the session token"
    );

    std::fs::remove_file(&token).unwrap();
    let reply = gateway.client.get("/readyz").await;
    assert_eq!(reply.status, 503, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "not_ready");
    assert!(
        body["reason"].as_str().unwrap().contains("token"),
        "says what is missing: {body}"
    );
    assert!(reply.header("x-request-id").is_some());
}

#[tokio::test]
async fn metrics_count_requests_latencies_tokens_errors_and_streams() {
    let gateway = Gateway::mock().await;
    let answer = gateway
        .client
        .chat(&chat("gpt-5", "one two three"))
        .await
        .ok();
    let reply = gateway
        .client
        .chat_stream(&chat_stream_with_usage("gpt-5", "four five"))
        .await;
    let streamed_usage = reply.chunks().last().unwrap()["usage"].clone();
    gateway.client.chat(&chat("nope", "x")).await;
    gateway
        .client
        .post(
            "/v1/embeddings",
            &json!({"model": "cohere.embed-english-v3.0", "input": "six seven"}),
        )
        .await
        .ok();

    let reply = gateway.client.get("/metrics").await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let text = reply.text();
    let value = |series: &str| metric_value(&text, series);
    assert_eq!(
        value("gateway_requests_total{route=\"chat_completions\",status=\"200\"}"),
        2.0,
        "{text}"
    );
    assert_eq!(
        value("gateway_requests_total{route=\"chat_completions\",status=\"404\"}"),
        1.0
    );
    assert_eq!(
        value("gateway_requests_total{route=\"embeddings\",status=\"200\"}"),
        1.0
    );
    assert_eq!(
        value("gateway_request_duration_seconds_count{route=\"chat_completions\"}"),
        3.0
    );
    assert_eq!(
        value("gateway_request_duration_seconds_bucket{route=\"chat_completions\",le=\"+Inf\"}"),
        3.0
    );
    assert_eq!(
        value("gateway_upstream_duration_seconds_count{operation=\"chat\"}"),
        1.0
    );
    assert_eq!(
        value("gateway_upstream_duration_seconds_count{operation=\"chat_stream\"}"),
        1.0
    );
    assert_eq!(
        value("gateway_upstream_duration_seconds_count{operation=\"embed_text\"}"),
        1.0
    );
    let prompt = answer["usage"]["prompt_tokens"].as_f64().unwrap()
        + streamed_usage["prompt_tokens"].as_f64().unwrap();
    let completion = answer["usage"]["completion_tokens"].as_f64().unwrap()
        + streamed_usage["completion_tokens"].as_f64().unwrap();
    assert_eq!(
        value("gateway_tokens_total{model=\"gpt-5\",direction=\"input\"}"),
        prompt
    );
    assert_eq!(
        value("gateway_tokens_total{model=\"gpt-5\",direction=\"output\"}"),
        completion
    );
    assert_eq!(
        value("gateway_tokens_total{model=\"cohere.embed-english-v3.0\",direction=\"input\"}"),
        2.0
    );
    assert_eq!(value("gateway_errors_total{kind=\"unknown_model\"}"), 1.0);
    assert_eq!(value("gateway_in_flight_streams"), 0.0);
    assert_eq!(value("gateway_in_flight_requests"), 0.0);
    for family in [
        "gateway_requests_total counter",
        "gateway_request_duration_seconds histogram",
        "gateway_upstream_duration_seconds histogram",
        "gateway_tokens_total counter",
        "gateway_errors_total counter",
        "gateway_in_flight_requests gauge",
        "gateway_in_flight_streams gauge",
    ] {
        assert!(text.contains(&format!("# TYPE {family}\n")), "{family}");
    }
}

#[tokio::test]
async fn the_in_flight_stream_gauge_counts_open_streams() {
    let gateway = Gateway::mock().await;
    let mut stream = gateway
        .client
        .open_stream(
            "/v1/chat/completions",
            &crate::support::requests::chat_stream(
                "gpt-5",
                "[mock:long words=10] [mock:slow ms=100]",
            ),
            &[],
        )
        .await;
    stream.next_event().await.unwrap();
    assert_eq!(gateway.metric("gateway_in_flight_streams").await, 1.0);
    let reply = stream.read_to_end().await;
    reply.chunks();
    assert_eq!(gateway.metric("gateway_in_flight_streams").await, 0.0);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let gateway = Gateway::mock_with(|cli| cli.max_body_bytes = Some(2000)).await;
    let client = &gateway.client;
    let mut replies = vec![
        client.get("/healthz").await,
        client.get("/readyz").await,
        client.get("/metrics").await,
        client.get("/v1/models").await,
        client.get("/nowhere").await,
        client.post("/v1/chat/completions", &json!({})).await,
        client.chat(&chat("gpt-4.1", "x")).await,
        client.chat(&chat("gpt-5", &"x ".repeat(2000))).await,
        client.chat(&chat("gpt-5", "x [mock:500]")).await,
    ];
    replies.push(client.chat(&chat("gpt-5", "fine")).await);
    for reply in &replies {
        let id = reply
            .header("x-request-id")
            .unwrap_or_else(|| panic!("{reply:?}"));
        assert_eq!(id.len(), 32, "{id}");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_lowercase())
        );
    }
    let stream = client
        .chat_stream(&crate::support::requests::chat_stream("gpt-5", "hi"))
        .await;
    assert!(stream.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn a_clients_request_id_is_kept_and_sent_to_oci() {
    let upstream = Upstream::start(oci_genai_mock::MockConfig::default()).await;
    let gateway = Gateway::real(&upstream.url()).await;
    let reply = gateway
        .client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-5", "hi"),
            &[("x-request-id", "client-id-42")],
        )
        .await;
    assert_eq!(reply.header("x-request-id"), Some("client-id-42"));
    assert_eq!(reply.ok()["id"], "chatcmpl-client-id-42");
    assert!(
        upstream.tap.sent().contains("opc-request-id: client-id-42"),
        "{}",
        upstream.tap.sent()
    );
    // An id OCI would refuse is replaced.
    let reply = gateway
        .client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-5", "hi"),
            &[("x-request-id", "not/a valid id")],
        )
        .await;
    assert_ne!(reply.header("x-request-id"), Some("not/a valid id"));
    reply.ok();
}

/// An open stream holds a slot of the concurrency limit after its handler returned:
/// `gateway_concurrency_in_use` counts it, next to the limit, while
/// `gateway_in_flight_requests` (to the response head) no longer does.
#[tokio::test]
async fn the_concurrency_gauge_counts_open_streams() {
    let gateway = Gateway::mock_with(|cli| cli.max_concurrent_requests = Some(7)).await;
    let metrics = gateway.metrics().await;
    assert_eq!(metric_value(&metrics, "gateway_concurrency_limit"), 7.0);
    assert_eq!(metric_value(&metrics, "gateway_concurrency_in_use"), 0.0);
    // Twenty words 200 ms apart: open for four seconds.
    let mut stream = gateway
        .client
        .open_stream(
            "/v1/chat/completions",
            &chat_stream("gpt-5", "[mock:long words=20] [mock:slow ms=200]"),
            &[],
        )
        .await;
    stream.next_event().await.unwrap();
    let metrics = gateway.metrics().await;
    assert_eq!(metric_value(&metrics, "gateway_in_flight_streams"), 1.0);
    assert_eq!(
        metric_value(&metrics, "gateway_concurrency_in_use"),
        1.0,
        "{metrics}"
    );
    assert_eq!(metric_value(&metrics, "gateway_in_flight_requests"), 0.0);
    drop(stream);
    crate::support::eventually(
        "the slot to be given back",
        Duration::from_secs(2),
        || async { gateway.metric("gateway_concurrency_in_use").await == 0.0 },
    )
    .await;
}

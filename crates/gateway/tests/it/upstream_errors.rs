//! What OCI does wrong, as the client sees it: OCI's errors mapped to OpenAI's format and
//! status (429 keeps `Retry-After`), retries of transient failures, OCI unreachable (502) or
//! too slow (504), and a model the tenancy lacks (404 saying how to map the alias).

use std::time::{Duration, Instant};

use oci_genai_mock::{Faults, MockConfig};

use crate::support::gateway::Gateway;
use crate::support::requests::{chat, chat_stream};
use crate::support::tap::Upstream;

async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

#[tokio::test]
async fn a_429_past_the_retry_budget_comes_back_with_retry_after() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real_with(&upstream.url(), |cli| {
        cli.retry_budget = Some("2s".to_owned());
    })
    .await;
    let started = Instant::now();
    let reply = gateway
        .client
        .chat(&chat("gpt-5", "hi [mock:429 retry-after=30]"))
        .await;
    let error = reply.openai_error(429, "requests", Some("rate_limit_exceeded"));
    assert_eq!(reply.header("retry-after"), Some("30"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "returned at once, not after waiting 30 s"
    );
    assert_eq!(upstream.mock.requests(), 1, "not retried past the budget");
    let request_id = reply.header("x-request-id").unwrap();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .ends_with(&format!("(opc-request-id: {request_id})")),
        "OCI got the gateway's request id: {error}"
    );
    // The same for a stream: the error comes before the stream starts, as JSON.
    let reply = gateway
        .client
        .chat(&chat_stream("gpt-5", "hi [mock:429 retry-after=30]"))
        .await;
    reply.openai_error(429, "requests", Some("rate_limit_exceeded"));
    assert_eq!(reply.header("retry-after"), Some("30"));
    assert_eq!(
        gateway
            .metric("gateway_errors_total{kind=\"upstream_rate_limited\"}")
            .await,
        2.0
    );
}

#[tokio::test]
async fn transient_failures_are_retried() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real(&upstream.url()).await;
    gateway
        .client
        .chat(&chat("gpt-5", "hi [mock:503 times=2]"))
        .await
        .ok();
    assert_eq!(upstream.mock.requests(), 3);
    let reply = gateway
        .client
        .chat_stream(&chat_stream("gpt-5", "hi [mock:429 times=1]"))
        .await;
    reply.chunks();
    assert_eq!(upstream.mock.requests(), 5);
}

#[tokio::test]
async fn upstream_5xx_after_the_retries_map_to_server_errors() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real(&upstream.url()).await;
    // OCI's own code goes on as OpenAI's `code`.
    let reply = gateway.client.chat(&chat("gpt-5", "hi [mock:503]")).await;
    reply.openai_error(503, "server_error", Some("ServiceUnavailable"));
    assert_eq!(upstream.mock.requests(), 3, "three attempts");
    let reply = gateway.client.chat(&chat("gpt-5", "hi [mock:500]")).await;
    reply.openai_error(502, "server_error", Some("InternalServerError"));
    assert_eq!(
        gateway
            .metric("gateway_errors_total{kind=\"upstream_5xx\"}")
            .await,
        2.0
    );
}

/// OCI refusing the gateway's own credentials is not the client's fault: no 401 (the SDKs
/// would report a bad API key), a 502 that says what happened.
#[tokio::test]
async fn oci_refusing_the_gateways_credentials_is_a_502() {
    let gateway = Gateway::mock().await;
    let reply = gateway.client.chat(&chat("gpt-5", "hi [mock:401]")).await;
    let error = reply.openai_error(502, "server_error", Some("upstream_authentication_failed"));
    assert!(error["message"].as_str().unwrap().contains("credentials"));
}

#[tokio::test]
async fn a_model_the_tenancy_lacks_is_a_404_saying_how_to_map_the_alias() {
    let gateway = Gateway::mock().await;
    let reply = gateway.client.chat(&chat("gpt-5", "hi [mock:404]")).await;
    let error = reply.openai_error(404, "invalid_request_error", Some("model_not_found"));
    let message = error["message"].as_str().unwrap();
    for needle in [
        "`gpt-5`",
        "`openai.gpt-4.1`",
        "openai.gpt-oss-120b",
        "meta.llama-3.3-70b-instruct",
    ] {
        assert!(message.contains(needle), "{needle} in {message}");
    }
    // An alias to a model OCI does not have at all.
    let gateway =
        Gateway::mock_with(|cli| cli.aliases = vec!["gpt-5=openai.gpt-9".to_owned()]).await;
    let reply = gateway.client.chat(&chat_stream("gpt-5", "hi")).await;
    let error = reply.openai_error(404, "invalid_request_error", Some("model_not_found"));
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("`openai.gpt-9`")
    );
}

#[tokio::test]
async fn oci_unreachable_is_a_502() {
    let gateway = Gateway::real_with(&closed_port().await, |cli| {
        cli.retry_max_attempts = Some(2);
    })
    .await;
    for body in [chat("gpt-5", "hi"), chat_stream("gpt-5", "hi")] {
        let reply = gateway.client.chat(&body).await;
        let error = reply.openai_error(502, "server_error", Some("upstream_error"));
        assert!(
            error["message"].as_str().unwrap().contains("unreachable"),
            "{error}"
        );
    }
    assert_eq!(
        gateway
            .metric("gateway_errors_total{kind=\"upstream_unreachable\"}")
            .await,
        2.0
    );
}

#[tokio::test]
async fn oci_too_slow_is_a_504() {
    let upstream = Upstream::start(MockConfig {
        faults: Faults {
            first_byte_latency: Duration::from_secs(10),
            ..Faults::default()
        },
        ..MockConfig::default()
    })
    .await;
    let gateway = Gateway::real_with(&upstream.url(), |cli| {
        cli.request_timeout = Some("300ms".to_owned());
    })
    .await;
    for body in [chat("gpt-5", "hi"), chat_stream("gpt-5", "hi")] {
        let started = Instant::now();
        let reply = gateway.client.chat(&body).await;
        reply.openai_error(504, "server_error", Some("timeout"));
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "504 after the 300 ms limit, not after OCI's 10 s"
        );
    }
    assert_eq!(
        gateway
            .metric("gateway_errors_total{kind=\"upstream_timeout\"}")
            .await,
        2.0
    );
}

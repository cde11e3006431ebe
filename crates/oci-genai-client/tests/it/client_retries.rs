//! Retries happen exactly when they should: connection failures and 429,
//! 500, 502, 503, 504, within the attempts and the budget, each attempt
//! signed afresh; and the single re-sends after a 401 and for
//! `maxCompletionTokens`.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::StatusCode;
use oci_genai_client::client::{Error, RetryConfig, TimeoutKind, Timeouts};

use crate::client_support::{
    CountingProvider, SteppingClock, builder, chat_details, client, verify_signature,
};
use crate::scripted_server::{Reply, ScriptedServer, Step};
use crate::support::read;

const CHAT_RESULT: &str = "oci-examples/generic-chat-result.json";

fn details() -> oci_genai_client::wire::ChatDetails {
    chat_details("meta.llama-3.3-70b-instruct", Some(100), false)
}

#[tokio::test]
async fn two_503s_then_success_takes_three_attempts_with_one_id_and_fresh_dates() {
    let server = ScriptedServer::start([
        Reply::json(503, r#"{"code":"ServiceUnavailable","message":"busy"}"#),
        Reply::json(503, r#"{"code":"ServiceUnavailable","message":"busy"}"#),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;
    let client = builder(&server.url())
        .time_source(SteppingClock::new())
        .build()
        .unwrap();

    let response = client.chat(&details()).await.unwrap();

    assert_eq!(response.attempts, 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let ids: Vec<&str> = requests
        .iter()
        .map(|r| r.header("opc-request-id").unwrap())
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let dates: Vec<String> = requests.iter().map(|r| verify_signature(r).date).collect();
    assert_eq!(
        dates,
        [
            "Tue, 10 Jun 2025 12:00:00 GMT",
            "Tue, 10 Jun 2025 12:01:00 GMT",
            "Tue, 10 Jun 2025 12:02:00 GMT"
        ]
    );
    // The same bytes every time.
    assert!(requests.iter().all(|r| r.body == requests[0].body));
}

#[tokio::test]
async fn every_attempt_of_a_call_carries_its_retry_token_and_each_call_has_its_own() {
    let server = ScriptedServer::start([
        Reply::json(503, r#"{"code":"ServiceUnavailable","message":"busy"}"#),
        Reply::json(401, r#"{"code":"NotAuthenticated","message":"expired"}"#),
        Reply::json(200, read(CHAT_RESULT)),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;
    let client = client(&server.url());

    let first = client.chat(&details()).await.unwrap();
    client.chat(&details()).await.unwrap();

    assert_eq!(first.attempts, 3);
    let tokens: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("opc-retry-token").unwrap().to_owned())
        .collect();
    assert_eq!(tokens.len(), 4);
    // The retry after a 503 and the re-send after a 401 reuse the token.
    assert_eq!(tokens[0], tokens[1]);
    assert_eq!(tokens[1], tokens[2]);
    assert_ne!(tokens[2], tokens[3]);
}

#[tokio::test]
async fn every_retryable_status_is_retried_and_others_are_not() {
    for status in [429, 500, 502, 503, 504] {
        let server = ScriptedServer::start([
            Reply::json(status, "{}"),
            Reply::json(200, read(CHAT_RESULT)),
        ])
        .await;
        let response = client(&server.url()).chat(&details()).await.unwrap();
        assert_eq!(response.attempts, 2, "{status}");
    }
    for status in [400, 403, 404, 409, 412, 501] {
        let server = ScriptedServer::start([
            Reply::json(status, r#"{"code":"Nope","message":"no"}"#),
            Reply::json(200, read(CHAT_RESULT)),
        ])
        .await;
        let error = client(&server.url()).chat(&details()).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(!error.is_retryable(), "{status}");
        assert_eq!(server.requests().len(), 1, "{status}");
    }
}

#[tokio::test]
async fn the_last_retryable_error_is_returned_after_max_attempts() {
    let server = ScriptedServer::start([
        Reply::json(500, r#"{"code":"InternalError","message":"one"}"#),
        Reply::json(500, r#"{"code":"InternalError","message":"two"}"#),
        Reply::json(500, r#"{"code":"InternalError","message":"three"}"#),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;

    let error = client(&server.url()).chat(&details()).await.unwrap_err();

    let api = error.api_error().unwrap();
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.message.as_deref(), Some("three"));
    assert_eq!(api.attempts, 3);
    assert!(error.is_retryable());
    assert_eq!(server.unused_replies(), 1);
}

#[tokio::test]
async fn a_429_waits_as_long_as_retry_after_says() {
    let server = ScriptedServer::start([
        Reply::json(429, r#"{"code":"TooManyRequests","message":"slow down"}"#)
            .header("retry-after", "1"),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;
    let client = client(&server.url());

    let started = Instant::now();
    let response = client.chat(&details()).await.unwrap();

    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response.attempts, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_is_returned_at_once() {
    let server = ScriptedServer::start([
        Reply::json(
            429,
            r#"{"code":"TooManyRequests","message":"Too many requests for the tenant"}"#,
        )
        .header("retry-after", "120")
        .header("opc-request-id", "THROTTLED-1"),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;
    let client = client(&server.url());

    let started = Instant::now();
    let error = client.chat(&details()).await.unwrap_err();

    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(error.opc_request_id(), Some("THROTTLED-1"));
    assert!(error.is_retryable());
    let api = error.api_error().unwrap();
    assert_eq!(api.code.as_deref(), Some("TooManyRequests"));
    assert_eq!(api.attempts, 1);
    assert_eq!(
        error.to_string(),
        r#"OCI Generative AI answered 429 Too Many Requests, code TooManyRequests: "Too many requests for the tenant""#
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn backoff_waits_that_overrun_the_budget_stop_the_retries() {
    let server = ScriptedServer::start([
        Reply::json(503, "{}"),
        Reply::json(503, "{}"),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;
    // The first answer arrives after the call started, so no retry can start
    // within a zero budget.
    let client = builder(&server.url())
        .retry(RetryConfig::default().with_budget(Duration::ZERO))
        .build()
        .unwrap();

    let error = client.chat(&details()).await.unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_retried_then_typed() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let provider = Arc::new(CountingProvider::new());
    let client = builder(&format!("http://127.0.0.1:{port}"))
        .credentials(provider.clone())
        .build()
        .unwrap();

    let error = client
        .chat(&details())
        .opc_request_id("REFUSED-1")
        .await
        .unwrap_err();

    match &error {
        Error::Transport {
            source,
            attempts,
            opc_request_id,
        } => {
            assert!(source.is_connect(), "{source:?}");
            assert_eq!(*attempts, 3);
            assert_eq!(opc_request_id, "REFUSED-1");
        }
        other => panic!("{other:?}"),
    }
    assert!(error.is_retryable());
    // Each attempt asked for credentials and signed.
    assert_eq!(provider.provided.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_401_refreshes_credentials_and_is_sent_once_more() {
    let server = ScriptedServer::start([
        Reply::json(401, r#"{"code":"NotAuthenticated","message":"expired"}"#),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;
    let provider = Arc::new(CountingProvider::new());
    let client = builder(&server.url())
        .credentials(provider.clone())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();

    let response = client.chat(&details()).await.unwrap();

    assert_eq!(response.attempts, 2);
    assert_eq!(provider.invalidated.load(Ordering::SeqCst), 1);
    assert_eq!(provider.provided.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_second_401_is_returned() {
    let server = ScriptedServer::start([
        Reply::json(401, r#"{"code":"NotAuthenticated","message":"no"}"#),
        Reply::json(401, r#"{"code":"NotAuthenticated","message":"still no"}"#),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;
    let provider = Arc::new(CountingProvider::new());
    let client = builder(&server.url())
        .credentials(provider.clone())
        .build()
        .unwrap();

    let error = client.chat(&details()).await.unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(
        error.api_error().unwrap().message.as_deref(),
        Some("still no")
    );
    assert_eq!(provider.invalidated.load(Ordering::SeqCst), 1);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn max_tokens_refused_by_an_openai_model_is_resent_as_max_completion_tokens() {
    let server = ScriptedServer::start([
        Reply::json(400, read("errors/openai-nested-max-tokens.json")),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;
    let client = client(&server.url());
    let details = chat_details("openai.gpt-5", Some(700), false);

    let response = client.chat(&details).await.unwrap();

    assert_eq!(response.attempts, 2);
    let requests = server.requests();
    let first = requests[0].json();
    let second = requests[1].json();
    assert_eq!(first["chatRequest"]["maxTokens"], 700);
    assert!(second["chatRequest"].get("maxTokens").is_none());
    assert_eq!(second["chatRequest"]["maxCompletionTokens"], 700);
    assert_eq!(
        first["chatRequest"]["messages"],
        second["chatRequest"]["messages"]
    );
    assert_eq!(
        requests[0].header("opc-request-id"),
        requests[1].header("opc-request-id")
    );
    // A different body is a different request: the refused one's token could
    // get the refusal replayed.
    assert_ne!(
        requests[0].header("opc-retry-token"),
        requests[1].header("opc-retry-token")
    );
    assert!(requests[1].header("opc-retry-token").is_some());
    verify_signature(&requests[1]);
}

#[tokio::test]
async fn other_400s_are_returned_with_the_openai_error_unwrapped() {
    let server = ScriptedServer::start([
        Reply::json(400, read("errors/openai-nested-temperature.json")),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;

    let error = client(&server.url())
        .chat(&chat_details("openai.gpt-5", Some(10), false))
        .await
        .unwrap_err();

    let api = error.api_error().unwrap();
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.code.as_deref(), Some("400"));
    let openai = api.openai_error.as_ref().unwrap();
    assert_eq!(openai.param.as_deref(), Some("temperature"));
    assert_eq!(openai.code.as_deref(), Some("unsupported_value"));
    assert!(api.best_message().unwrap().starts_with("Unsupported value"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_error_page_that_is_not_json_is_quoted() {
    let server = ScriptedServer::start([
        Reply::json(502, "<html><body>Bad Gateway</body></html>"),
        Reply::json(502, "<html><body>Bad Gateway</body></html>"),
        Reply::json(502, "<html><body>Bad Gateway</body></html>"),
    ])
    .await;

    let error = client(&server.url()).chat(&details()).await.unwrap_err();

    let api = error.api_error().unwrap();
    assert_eq!(api.code, None);
    assert_eq!(
        api.body_snippet.as_deref(),
        Some("<html><body>Bad Gateway</body></html>")
    );
    assert_eq!(api.attempts, 3);
}

#[tokio::test]
async fn an_error_page_over_the_size_limit_is_quoted_from_its_start() {
    // About 72 KB, over the 64 KiB read of an error body.
    let page = format!("<html><body>{}</body></html>", "Bad Gateway ".repeat(6_000));
    let server =
        ScriptedServer::start([Reply::json(502, page).header("content-type", "text/html")]).await;
    let client = builder(&server.url())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();

    let error = client.chat(&details()).await.unwrap_err();

    let api = error.api_error().unwrap();
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert_eq!(api.code, None);
    let snippet = api.body_snippet.as_deref().unwrap();
    assert!(
        snippet.starts_with("<html><body>Bad Gateway Bad Gateway "),
        "{snippet}"
    );
    assert!(snippet.ends_with('…'), "{snippet}");
}

/// A 503 whose head arrives but whose body stops after `start`.
fn stalled_503(start: &'static str) -> Reply {
    Reply::new(503)
        .header("content-type", "application/json")
        .steps([Step::Data(Bytes::from_static(start.as_bytes())), Step::Hold])
}

#[tokio::test]
async fn a_retryable_error_whose_body_stalls_is_retried_without_waiting_for_it() {
    let server = ScriptedServer::start([
        stalled_503(r#"{"code":"Service"#),
        Reply::json(200, read(CHAT_RESULT)),
    ])
    .await;
    // Without its own limit, the stalled body would use the whole request
    // timeout and leave no time to retry.
    let client = builder(&server.url())
        .timeouts(
            Timeouts::default()
                .with_request(Duration::from_secs(2))
                .with_error_body(Duration::from_millis(200)),
        )
        .build()
        .unwrap();

    let started = Instant::now();
    let response = client.chat(&details()).await.unwrap();

    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response.attempts, 2);
    assert!(server.wait_released(1, Duration::from_secs(1)).await);
}

#[tokio::test]
async fn a_stalled_error_body_is_quoted_as_far_as_it_came() {
    let server = ScriptedServer::start([stalled_503(r#"{"code":"Service"#)]).await;
    let client = builder(&server.url())
        .retry(RetryConfig::disabled())
        .timeouts(Timeouts::default().with_error_body(Duration::from_millis(200)))
        .build()
        .unwrap();

    let error = client.chat(&details()).await.unwrap_err();

    let api = error.api_error().unwrap();
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.body_snippet.as_deref(), Some(r#"{"code":"Service"#));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_request_timeout() {
    let server = ScriptedServer::start([Reply::never()]).await;
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_request(Duration::from_millis(300)))
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.chat(&details()).await.unwrap_err();

    match &error {
        Error::Timeout {
            kind,
            after,
            attempts,
            ..
        } => {
            assert_eq!(*kind, TimeoutKind::Request);
            assert_eq!(*after, Duration::from_millis(300));
            assert_eq!(*attempts, 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_slow_answer_within_the_request_timeout_is_fine() {
    let server = ScriptedServer::start([
        Reply::json(200, read(CHAT_RESULT)).delay(Duration::from_millis(200))
    ])
    .await;
    let response = client(&server.url()).chat(&details()).await.unwrap();
    assert_eq!(response.attempts, 1);
}

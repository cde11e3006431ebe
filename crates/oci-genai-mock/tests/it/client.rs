//! `oci-genai-client`'s `Client` against the mock: every operation, and every fault the mock
//! injects, with retries happening exactly when they should.

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use oci_genai_client::client::{Client, Error, ModelFilters, RetryConfig, Timeouts};
use oci_genai_client::wire::{
    ChatContent, ChatDetails, ChatRequest, ChatResponse, ChatStreamEvent, CohereChatRequest,
    EmbedTextDetails, GenericChatRequest, Message, ServingMode, StreamOptions, UserMessage,
};
use oci_genai_mock::{Faults, MockConfig, MockServer, test_identity};
use oci_signer::{Credentials, KeyId, PrivateKey};

const COMPARTMENT: &str = test_identity::TEST_ONLY_COMPARTMENT;

fn credentials() -> Credentials {
    let key =
        PrivateKey::from_pem(test_identity::TEST_ONLY_PRIVATE_KEY_PEM.as_bytes(), None).unwrap();
    Credentials::new(KeyId::from_raw(test_identity::test_only_key_id()), key)
}

fn client_for(mock: &MockServer, retry: RetryConfig, timeouts: Timeouts) -> Client {
    Client::builder()
        .base_url(mock.url())
        .credentials(credentials())
        .retry(retry)
        .timeouts(timeouts)
        .build()
        .unwrap()
}

fn client(mock: &MockServer) -> Client {
    client_for(
        mock,
        RetryConfig::default().with_initial_backoff(Duration::from_millis(1)),
        Timeouts::default(),
    )
}

async fn mock() -> MockServer {
    MockServer::start(MockConfig::default()).await.unwrap()
}

fn generic(model: &str, text: &str) -> ChatDetails {
    ChatDetails {
        compartment_id: COMPARTMENT.into(),
        serving_mode: ServingMode::on_demand(model),
        chat_request: ChatRequest::Generic(GenericChatRequest {
            messages: vec![Message::User(UserMessage {
                content: Some(vec![ChatContent::text(text)]),
                ..Default::default()
            })],
            max_tokens: Some(200),
            ..Default::default()
        }),
    }
}

fn streamed(mut details: ChatDetails, usage: bool) -> ChatDetails {
    if let ChatRequest::Generic(request) = &mut details.chat_request {
        request.is_stream = Some(true);
        request.stream_options = usage.then_some(StreamOptions {
            is_include_usage: Some(true),
        });
    }
    details
}

fn cohere(text: &str, stream: bool) -> ChatDetails {
    ChatDetails {
        compartment_id: COMPARTMENT.into(),
        serving_mode: ServingMode::on_demand("cohere.command-r-plus-08-2024"),
        chat_request: ChatRequest::Cohere(CohereChatRequest {
            message: text.into(),
            is_stream: stream.then_some(true),
            stream_options: stream.then_some(StreamOptions {
                is_include_usage: Some(true),
            }),
            max_tokens: Some(200),
            ..Default::default()
        }),
    }
}

fn generic_text(result: &oci_genai_client::wire::ChatResult) -> String {
    match &result.chat_response {
        ChatResponse::Generic(response) => match &response.choices[0].message {
            Some(Message::Assistant(message)) => message
                .content
                .iter()
                .flatten()
                .filter_map(ChatContent::as_text)
                .collect(),
            other => panic!("not an assistant message: {other:?}"),
        },
        other => panic!("not a GENERIC answer: {other:?}"),
    }
}

/// Collects a whole stream: the text deltas and how it ended.
async fn collect(
    mut stream: oci_genai_client::client::ChatStream,
) -> (String, Vec<ChatStreamEvent>, Option<Error>) {
    let mut text = String::new();
    let mut events = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(event) => {
                match &event {
                    ChatStreamEvent::Generic(generic) => text.extend(generic.text()),
                    ChatStreamEvent::Cohere(cohere) => text.extend(cohere.text_delta()),
                    _ => {}
                }
                events.push(event);
            }
            Err(error) => return (text, events, Some(error)),
        }
    }
    (text, events, None)
}

#[tokio::test]
async fn chat_whole_answer() {
    let mock = mock().await;
    let answer = client(&mock)
        .chat(&generic(
            "meta.llama-3.3-70b-instruct",
            "Hello there [mock:echo]",
        ))
        .await
        .unwrap();
    assert_eq!(answer.attempts, 1);
    assert!(!answer.opc_request_id.is_empty());
    assert!(generic_text(&answer.value).contains("Hello there"));
}

#[tokio::test]
async fn chat_stream_ends_after_usage_and_done() {
    let mock = mock().await;
    let stream = client(&mock)
        .chat_stream(&streamed(
            generic("meta.llama-3.3-70b-instruct", "Hi"),
            true,
        ))
        .await
        .unwrap();
    let (text, events, error) = collect(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert!(!text.is_empty());
    assert!(events.iter().any(|e| e.finish_reason().is_some()));
    assert!(events.iter().any(|e| e.usage().is_some()));
}

#[tokio::test]
async fn held_open_cohere_stream_ends_right_after_its_answer() {
    // The mock keeps Cohere connections open for five minutes after the finish event.
    let mock = mock().await;
    let started = Instant::now();
    let stream = client(&mock)
        .chat_stream(&cohere("Tell me something", true))
        .await
        .unwrap();
    let (text, events, error) = collect(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert!(!text.is_empty());
    assert!(events.last().and_then(ChatStreamEvent::usage).is_some());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the stream waited on the open connection: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn embed_text_and_list_models() {
    let mock = mock().await;
    let client = client(&mock);
    let details = EmbedTextDetails {
        inputs: Some(vec!["one".into(), "two".into()]),
        serving_mode: ServingMode::on_demand("cohere.embed-v4.0"),
        compartment_id: COMPARTMENT.into(),
        ..Default::default()
    };
    let embedded = client.embed_text(&details).await.unwrap();
    assert_eq!(embedded.value.embeddings.len(), 2);
    assert_ne!(embedded.value.embeddings[0], embedded.value.embeddings[1]);

    // Small pages, so that following `opc-next-page` is exercised.
    let filters = ModelFilters::default().with_limit(3);
    let all = client.list_models(COMPARTMENT, &filters).await.unwrap();
    assert!(all.value.items.len() > 3, "{}", all.value.items.len());
    assert!(
        all.value
            .items
            .iter()
            .any(|m| m.display_name.as_deref() == Some("meta.llama-3.3-70b-instruct"))
    );
}

#[tokio::test]
async fn transient_errors_are_retried_until_success() {
    let mock = mock().await;
    let answer = client(&mock)
        .chat(&generic(
            "meta.llama-3.3-70b-instruct",
            "Hi [mock:503 times=2]",
        ))
        .await
        .unwrap();
    assert_eq!(answer.attempts, 3);
    assert_eq!(mock.requests(), 3);
}

#[tokio::test]
async fn rate_limits_honour_retry_after_within_the_budget() {
    let mock = mock().await;
    let started = Instant::now();
    let answer = client(&mock)
        .chat(&generic(
            "meta.llama-3.3-70b-instruct",
            "Hi [mock:429 retry-after=1 times=1]",
        ))
        .await
        .unwrap();
    assert_eq!(answer.attempts, 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );

    // A Retry-After longer than the budget comes back at once, for the caller to handle.
    let started = Instant::now();
    let error = client(&mock)
        .chat(&generic(
            "meta.llama-3.3-70b-instruct",
            "Hi [mock:429 retry-after=60]",
        ))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(60)));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn attempts_stop_at_the_limit_and_client_errors_are_not_retried() {
    let mock = mock().await;
    let error = client(&mock)
        .chat(&generic(
            "meta.llama-3.3-70b-instruct",
            "Hi [mock:500 times=9]",
        ))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(mock.requests(), 3);

    let before = mock.requests();
    let error = client(&mock)
        .chat(&generic("no.such-model", "Hi"))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(mock.requests() - before, 1, "a 404 must not be retried");
}

#[tokio::test]
async fn a_rejected_token_limit_field_is_renamed_once() {
    let mock = mock().await;
    // OpenAI's commercial models reject maxTokens; the client resends maxCompletionTokens.
    let answer = client(&mock)
        .chat(&generic("openai.gpt-5", "Hi"))
        .await
        .unwrap();
    assert_eq!(answer.attempts, 2);
    assert!(!generic_text(&answer.value).is_empty());
}

#[tokio::test]
async fn a_401_invalidates_the_credentials_and_is_resent_once() {
    let mock = mock().await;
    let answer = client(&mock)
        .chat(&generic(
            "meta.llama-3.3-70b-instruct",
            "Hi [mock:401 times=1]",
        ))
        .await
        .unwrap();
    assert_eq!(answer.attempts, 2);
}

#[tokio::test]
async fn a_stream_cut_mid_way_is_an_error_and_never_retried() {
    let mock = mock().await;
    let before = mock.requests();
    let stream = client(&mock)
        .chat_stream(&streamed(
            generic(
                "meta.llama-3.3-70b-instruct",
                "Tell me a long story [mock:cut after=3]",
            ),
            true,
        ))
        .await
        .unwrap();
    let (_, events, error) = collect(stream).await;
    assert!(events.len() <= 3, "{} events", events.len());
    assert!(
        matches!(error, Some(Error::IncompleteStream { .. })),
        "{error:?}"
    );
    assert_eq!(
        mock.requests() - before,
        1,
        "a started stream must not be replayed"
    );
}

#[tokio::test]
async fn malformed_answers_are_decode_errors() {
    let mock = mock().await;
    let error = client(&mock)
        .chat(&generic(
            "meta.llama-3.3-70b-instruct",
            "Hi [mock:malformed]",
        ))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");

    let stream = client(&mock)
        .chat_stream(&streamed(
            generic("meta.llama-3.3-70b-instruct", "Hi [mock:malformed]"),
            false,
        ))
        .await
        .unwrap();
    let (_, _, error) = collect(stream).await;
    assert!(matches!(error, Some(Error::Decode { .. })), "{error:?}");
}

#[tokio::test]
async fn a_slow_trickle_still_completes() {
    let mock = mock().await;
    let stream = client(&mock)
        .chat_stream(&streamed(
            generic("meta.llama-3.3-70b-instruct", "Hi [mock:slow ms=20]"),
            false,
        ))
        .await
        .unwrap();
    let (text, _, error) = collect(stream).await;
    assert!(error.is_none(), "{error:?}");
    assert!(!text.is_empty());
}

#[tokio::test]
async fn latency_past_the_request_timeout_is_a_timeout_error() {
    let mock = MockServer::start(MockConfig {
        faults: Faults {
            first_byte_latency: Duration::from_secs(5),
            ..Faults::default()
        },
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let started = Instant::now();
    let error = client_for(
        &mock,
        RetryConfig::disabled(),
        Timeouts::default().with_request(Duration::from_millis(300)),
    )
    .chat(&generic("meta.llama-3.3-70b-instruct", "Hi"))
    .await
    .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn an_idle_stream_mid_answer_times_out() {
    let mock = MockServer::start(MockConfig {
        faults: Faults {
            event_delay: Duration::from_secs(3),
            ..Faults::default()
        },
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let stream = client_for(
        &mock,
        RetryConfig::disabled(),
        Timeouts::default().with_stream_idle(Duration::from_millis(300)),
    )
    .chat_stream(&streamed(
        generic("meta.llama-3.3-70b-instruct", "Hi"),
        false,
    ))
    .await
    .unwrap();
    let (_, _, error) = collect(stream).await;
    assert!(error.as_ref().is_some_and(Error::is_timeout), "{error:?}");
}

#[tokio::test]
async fn an_unreachable_host_is_a_transport_error_after_retries() {
    // Bind and drop a listener so the port is closed.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .credentials(credentials())
        .retry(RetryConfig::default().with_initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let error = client
        .chat(&generic("meta.llama-3.3-70b-instruct", "Hi"))
        .await
        .unwrap_err();
    match error {
        Error::Transport { attempts, .. } => assert_eq!(attempts, 3),
        other => panic!("{other:?}"),
    }
}

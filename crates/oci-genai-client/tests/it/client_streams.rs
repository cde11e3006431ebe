//! Streamed chat over a real socket: events arrive as bytes do, the stream
//! ends when the answer is complete (even if the server holds the
//! connection open), and every way of ending early is a typed error.

use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt as _;
use oci_genai_client::client::{Error, TimeoutKind, Timeouts};
use oci_genai_client::stream_completion::Progress;
use oci_genai_client::wire::{ChatRequest, ChatStreamEvent};

use crate::client_support::{builder, chat_details, client, drain, verify_signature};
use crate::scripted_server::{Reply, ScriptedServer, Step, events, trickle};
use crate::support::{Item, items, sse};

/// Long enough that a test finishing well within it proves the client did
/// not wait for the server to close.
const HOLD_NOTICE: Duration = Duration::from_secs(3);

fn llama() -> oci_genai_client::wire::ChatDetails {
    chat_details("meta.llama-3.3-70b-instruct", Some(200), true)
}

fn fixture_events(name: &str) -> Vec<ChatStreamEvent> {
    items(name)
        .into_iter()
        .filter_map(|item| match item {
            Item::Event(event) => Some(event),
            Item::Done => None,
        })
        .collect()
}

#[tokio::test]
async fn a_meta_stream_yields_every_event_and_no_done() {
    let server =
        ScriptedServer::start([Reply::sse([Step::Data(sse("meta-llama-text.sse").into())])]).await;
    let client = client(&server.url());

    let mut stream = client.chat_stream(&llama()).await.unwrap();
    assert_eq!(stream.opc_request_id(), "SERVER-ECHO");
    assert_eq!(stream.attempts(), 1);
    let (events, error) = drain(&mut stream).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(events, fixture_events("meta-llama-text.sse"));
    assert!(stream.completion().is_complete());
    assert!(stream.completion().usage_seen());

    let request = &server.requests()[0];
    assert_eq!(request.header("accept"), Some("text/event-stream"));
    assert_eq!(request.header("accept-encoding"), Some("identity"));
    let sent = request.json();
    assert_eq!(sent["chatRequest"]["isStream"], true);
    assert_eq!(sent["chatRequest"]["streamOptions"]["isIncludeUsage"], true);
    verify_signature(request);
}

#[tokio::test]
async fn every_capture_decodes_the_same_over_the_wire_in_small_chunks() {
    for name in crate::support::SSE_FIXTURES {
        let body = sse(name);
        let chunks: Vec<Step> = body
            .chunks(7)
            .map(|chunk| Step::Data(Bytes::copy_from_slice(chunk)))
            .collect();
        let server = ScriptedServer::start([Reply::sse(chunks)]).await;
        let details = chat_details("any.model", None, false);
        let mut stream = client(&server.url()).chat_stream(&details).await.unwrap();
        let (events, error) = drain(&mut stream).await;
        assert!(error.is_none(), "{name}: {error:?}");
        // Without usage requested the stream stops at the finish event:
        // everything up to it arrives, in order.
        let expected = fixture_events(name);
        assert!(!events.is_empty(), "{name}");
        assert_eq!(events[..], expected[..events.len()], "{name}");
        assert!(events.last().unwrap().finish_reason().is_some(), "{name}");
    }
}

#[tokio::test]
async fn bytes_trickling_in_one_at_a_time_still_decode() {
    let body = sse("cohere-v1-text.sse");
    let server =
        ScriptedServer::start([Reply::sse(trickle(&body, Duration::from_micros(100)))]).await;
    let mut stream = client(&server.url())
        .chat_stream(&chat_details("cohere.command-r-08-2024", None, true))
        .await
        .unwrap();
    let (events, error) = drain(&mut stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(events, fixture_events("cohere-v1-text.sse"));
}

#[tokio::test]
async fn events_are_handed_out_before_the_stream_ends() {
    // The first event, then a pause: the caller gets it during the pause.
    let mut steps = events(&[
        r#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"Hel"}]}}"#,
    ]);
    steps.push(Step::Sleep(Duration::from_millis(500)));
    steps.extend(events(&[r#"{"finishReason":"stop"}"#]));
    let server = ScriptedServer::start([Reply::sse(steps)]).await;
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);
    let mut stream = client(&server.url()).chat_stream(&details).await.unwrap();

    let started = Instant::now();
    let first = stream.next().await.unwrap().unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(first.finish_reason(), None);
    assert!(
        stream
            .next()
            .await
            .unwrap()
            .unwrap()
            .finish_reason()
            .is_some()
    );
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn a_held_open_cohere_stream_ends_right_after_its_answer() {
    let mut steps: Vec<Step> = vec![Step::Data(sse("cohere-v2-text.sse").into())];
    steps.push(Step::Hold);
    let server = ScriptedServer::start([Reply::sse(steps)]).await;
    let details = chat_details("cohere.command-a-03-2025", None, false);

    let started = Instant::now();
    let mut stream = client(&server.url()).chat_stream(&details).await.unwrap();
    let (events, error) = drain(&mut stream).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(events, fixture_events("cohere-v2-text.sse"));
    assert!(
        started.elapsed() < HOLD_NOTICE / 3,
        "{:?}",
        started.elapsed()
    );
    // The connection was let go while the server still held it.
    assert!(server.wait_released(1, HOLD_NOTICE).await);
}

#[tokio::test]
async fn a_held_open_stream_ends_right_after_the_usage_it_asked_for() {
    let mut steps: Vec<Step> = vec![Step::Data(sse("openai-gpt-parallel-tools.sse").into())];
    steps.push(Step::Hold);
    let server = ScriptedServer::start([Reply::sse(steps)]).await;
    // Usage wait far longer than the test may take: the usage event, not the
    // wait, must end the stream.
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_usage_wait(HOLD_NOTICE * 2))
        .build()
        .unwrap();

    let started = Instant::now();
    let mut stream = client
        .chat_stream(&chat_details("openai.gpt-4.1", None, true))
        .await
        .unwrap();
    let (events, error) = drain(&mut stream).await;

    assert!(error.is_none(), "{error:?}");
    assert!(
        started.elapsed() < HOLD_NOTICE / 3,
        "{:?}",
        started.elapsed()
    );
    assert!(events.last().unwrap().usage().is_some());
    assert_eq!(events, fixture_events("openai-gpt-parallel-tools.sse"));
    assert!(server.wait_released(1, HOLD_NOTICE).await);
}

#[tokio::test]
async fn usage_that_never_comes_is_waited_for_briefly() {
    let mut steps: Vec<Step> = vec![Step::Data(sse("cohere-v2-text.sse").into())];
    steps.push(Step::Hold);
    let server = ScriptedServer::start([Reply::sse(steps)]).await;
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_usage_wait(Duration::from_millis(400)))
        .build()
        .unwrap();
    let mut stream = client
        .chat_stream(&chat_details("cohere.command-a-03-2025", None, true))
        .await
        .unwrap();

    // The answer arrives at once...
    let mut events = Vec::new();
    for _ in 0..3 {
        events.push(stream.next().await.unwrap().unwrap());
    }
    assert_eq!(stream.completion().progress(), Progress::AwaitingUsage);
    // ...then the stream ends cleanly once the usage wait is over.
    let waited = Instant::now();
    assert!(stream.next().await.is_none());
    let waited = waited.elapsed();
    assert!(waited >= Duration::from_millis(350), "{waited:?}");
    assert!(waited < HOLD_NOTICE / 2, "{waited:?}");
    assert!(!stream.completion().usage_seen());
    assert_eq!(events, fixture_events("cohere-v2-text.sse"));
    assert!(server.wait_released(1, HOLD_NOTICE).await);
}

#[tokio::test]
async fn a_stream_cut_mid_answer_is_an_error() {
    let body = sse("meta-llama-text.sse");
    let cut_at = body.len() / 2;
    let server = ScriptedServer::start([Reply::sse([
        Step::Data(body[..cut_at].to_vec().into()),
        // Let the head and the first events out before the cut.
        Step::Sleep(Duration::from_millis(50)),
        Step::Cut,
    ])])
    .await;
    let mut stream = client(&server.url()).chat_stream(&llama()).await.unwrap();

    let (events, error) = drain(&mut stream).await;

    assert!(!events.is_empty());
    match error {
        Some(Error::IncompleteStream {
            source: Some(source),
            opc_request_id,
        }) => {
            assert!(source.is_body(), "{source:?}");
            assert_eq!(opc_request_id, "SERVER-ECHO");
        }
        other => panic!("{other:?}"),
    }
    // Bytes had reached the caller: no retry.
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_stream_closed_cleanly_mid_answer_is_an_error_too() {
    let server = ScriptedServer::start([
        Reply::sse(events(&[
            r#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"It is"}]}}"#,
        ])),
        Reply::sse(events(&[r#"{"finishReason":"stop"}"#])),
    ])
    .await;
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);
    let mut stream = client(&server.url()).chat_stream(&details).await.unwrap();

    let (events, error) = drain(&mut stream).await;

    assert_eq!(events.len(), 1);
    assert!(
        matches!(error, Some(Error::IncompleteStream { source: None, .. })),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_stream_closed_after_the_answer_but_before_usage_ends_cleanly() {
    let server = ScriptedServer::start([Reply::sse(events(&[
        r#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"Yes"}]}}"#,
        r#"{"finishReason":"stop"}"#,
    ]))])
    .await;
    let mut stream = client(&server.url()).chat_stream(&llama()).await.unwrap();
    let (events, error) = drain(&mut stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(events.len(), 2);
}

#[tokio::test]
async fn silence_mid_answer_ends_with_an_idle_timeout() {
    let mut steps = events(&[
        r#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"It"}]}}"#,
    ]);
    steps.push(Step::Hold);
    let server = ScriptedServer::start([Reply::sse(steps)]).await;
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_stream_idle(Duration::from_millis(300)))
        .build()
        .unwrap();
    let mut stream = client.chat_stream(&llama()).await.unwrap();

    let started = Instant::now();
    let (events, error) = drain(&mut stream).await;

    assert_eq!(events.len(), 1);
    match error {
        Some(Error::Timeout { kind, after, .. }) => {
            assert_eq!(kind, TimeoutKind::StreamIdle);
            assert_eq!(after, Duration::from_millis(300));
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert!(server.wait_released(1, HOLD_NOTICE).await);
}

#[tokio::test]
async fn keep_alive_comments_do_not_count_as_events() {
    // Comments every 100 ms for 600 ms, then nothing: the 300 ms idle limit
    // still fires, since no event came.
    let mut steps = events(&[
        r#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"It"}]}}"#,
    ]);
    for _ in 0..6 {
        steps.push(Step::Sleep(Duration::from_millis(100)));
        steps.push(Step::Data(Bytes::from_static(b": keep-alive\n\n")));
    }
    steps.push(Step::Hold);
    let server = ScriptedServer::start([Reply::sse(steps)]).await;
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_stream_idle(Duration::from_millis(300)))
        .build()
        .unwrap();
    let mut stream = client.chat_stream(&llama()).await.unwrap();
    let (_, error) = drain(&mut stream).await;
    assert!(
        matches!(
            error,
            Some(Error::Timeout {
                kind: TimeoutKind::StreamIdle,
                ..
            })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_stream_is_retried_only_before_its_head() {
    let server = ScriptedServer::start([
        Reply::json(503, r#"{"code":"ServiceUnavailable","message":"busy"}"#),
        Reply::sse([Step::Data(sse("cohere-v1-text.sse").into())]),
    ])
    .await;
    let mut stream = client(&server.url())
        .chat_stream(&chat_details("cohere.command-r-08-2024", None, false))
        .await
        .unwrap();
    assert_eq!(stream.attempts(), 2);
    let (events, error) = drain(&mut stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(events.len(), 3);
}

#[tokio::test]
async fn the_request_timeout_covers_the_head_only() {
    // The head arrives in 100 ms, the answer takes 600 ms more: longer than
    // the 400 ms request timeout, which no longer applies.
    let mut steps = events(&[
        r#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"a"}]}}"#,
    ]);
    steps.push(Step::Sleep(Duration::from_millis(300)));
    steps.extend(events(&[
        r#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"b"}]}}"#,
    ]));
    steps.push(Step::Sleep(Duration::from_millis(300)));
    steps.extend(events(&[r#"{"finishReason":"stop"}"#]));
    let server = ScriptedServer::start([
        Reply::sse(steps).delay(Duration::from_millis(100)),
        Reply::sse(events(&[r#"{"finishReason":"stop"}"#])).delay(Duration::from_secs(2)),
    ])
    .await;
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_request(Duration::from_millis(400)))
        .build()
        .unwrap();
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);

    let mut stream = client.chat_stream(&details).await.unwrap();
    let (events, error) = drain(&mut stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(events.len(), 3);

    // A head later than the request timeout is a timeout.
    let error = client.chat_stream(&details).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                kind: TimeoutKind::Request,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_event_that_is_not_json_ends_the_stream_with_a_decode_error() {
    let server = ScriptedServer::start([Reply::sse(events(&[
        r#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"a"}]}}"#,
        r#"{"index":0,"message":{"role""#,
        r#"{"finishReason":"stop"}"#,
    ]))])
    .await;
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);
    let mut stream = client(&server.url()).chat_stream(&details).await.unwrap();
    let (events, error) = drain(&mut stream).await;
    assert_eq!(events.len(), 1);
    match error {
        Some(Error::Decode { snippet, .. }) => {
            assert_eq!(snippet, r#"{"index":0,"message":{"role""#);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_answer_that_is_not_an_event_stream_is_refused() {
    let server = ScriptedServer::start([Reply::json(
        200,
        crate::support::read("oci-examples/generic-chat-result.json"),
    )])
    .await;
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);
    let error = client(&server.url())
        .chat_stream(&details)
        .await
        .unwrap_err();
    match error {
        Error::UnexpectedContentType {
            content_type,
            snippet,
            ..
        } => {
            assert_eq!(content_type, "application/json");
            assert!(snippet.starts_with('{'), "{snippet}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_answer_that_is_not_an_event_stream_is_quoted_even_when_large() {
    // About 72 KB, over the 64 KiB read of an unexpected body.
    let body = format!(r#"{{"padding":"{}"}}"#, "x".repeat(72_000));
    let server = ScriptedServer::start([Reply::json(200, body)]).await;
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);

    let error = client(&server.url())
        .chat_stream(&details)
        .await
        .unwrap_err();

    match error {
        Error::UnexpectedContentType { snippet, .. } => {
            assert!(snippet.starts_with(r#"{"padding":"xxx"#), "{snippet}");
            assert!(snippet.ends_with('…'), "{snippet}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_answer_that_is_not_an_event_stream_and_stalls_is_refused_in_time() {
    // A JSON head, part of a body, then silence: past the head, only the
    // error-body limit can end the call.
    let server = ScriptedServer::start([Reply::new(200)
        .header("content-type", "application/json")
        .steps([
            Step::Data(Bytes::from_static(br#"{"chatResponse":"#)),
            Step::Hold,
        ])])
    .await;
    let client = builder(&server.url())
        .timeouts(Timeouts::default().with_error_body(Duration::from_millis(300)))
        .build()
        .unwrap();
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);

    let started = Instant::now();
    let error = tokio::time::timeout(HOLD_NOTICE, client.chat_stream(&details))
        .await
        .expect("the call waited for the stalled body")
        .unwrap_err();

    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    match error {
        Error::UnexpectedContentType {
            content_type,
            snippet,
            opc_request_id,
        } => {
            assert_eq!(content_type, "application/json");
            assert_eq!(snippet, r#"{"chatResponse":"#);
            assert_eq!(opc_request_id, "SERVER-ECHO");
        }
        other => panic!("{other:?}"),
    }
    assert!(server.wait_released(1, Duration::from_secs(1)).await);
}

#[tokio::test]
async fn cohere_requests_are_streamed_too() {
    let server =
        ScriptedServer::start([Reply::sse([Step::Data(sse("cohere-v1-text.sse").into())])]).await;
    let details = oci_genai_client::wire::ChatDetails {
        chat_request: ChatRequest::Cohere(oci_genai_client::wire::CohereChatRequest {
            message: "Hi".into(),
            ..Default::default()
        }),
        ..chat_details("cohere.command-r-08-2024", None, false)
    };
    let mut stream = client(&server.url()).chat_stream(&details).await.unwrap();
    let (events, error) = drain(&mut stream).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(events.len(), 3);
    let sent = server.requests()[0].json();
    assert_eq!(sent["chatRequest"]["apiFormat"], "COHERE");
    assert_eq!(sent["chatRequest"]["isStream"], true);
}

//! Every `[mock:…]` marker, whole and streamed.

use std::time::{Duration, Instant};

use http::StatusCode;
use http_body_util::BodyExt as _;
use oci_genai_client::wire::{ChatResponse, ChatStreamEvent, EmbedTextResult, Message};
use serde_json::{Value, json};

use crate::support::{CHAT, EMBED, End, Signer, chat_body, generic, start, with};

const LLAMA: &str = "meta.llama-3.3-70b-instruct";
const NO_HOLD: Duration = Duration::from_secs(5);

fn text_of(reply: &crate::support::Reply) -> (String, String, Option<String>) {
    let ChatResponse::Generic(answer) = reply.chat().chat_response else {
        panic!("not GENERIC")
    };
    let choice = &answer.choices[0];
    let Some(Message::Assistant(message)) = &choice.message else {
        panic!("no message")
    };
    let text = message.content.as_ref().unwrap()[0]
        .as_text()
        .unwrap()
        .to_owned();
    (
        text,
        choice.finish_reason.clone(),
        message.reasoning_content.clone(),
    )
}

#[tokio::test]
async fn throttling_sends_retry_after_zero_by_default() {
    let mock = start().await;
    let reply = mock.chat(LLAMA, generic("hi [mock:429]")).await;
    reply.assert_error(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests");
    assert_eq!(reply.headers["retry-after"], "0");
    let reply = mock
        .chat(LLAMA, generic("hi [mock:429 retry-after=1]"))
        .await;
    reply.assert_error(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests");
    assert_eq!(reply.headers["retry-after"], "1");
}

#[tokio::test]
async fn times_fails_only_the_first_attempts_of_the_same_request() {
    let mock = start().await;
    let body = chat_body(LLAMA, generic("retry me [mock:503 times=2]"));
    let statuses: Vec<StatusCode> = {
        let mut statuses = Vec::new();
        for _ in 0..4 {
            statuses.push(mock.post(CHAT, &body).await.status);
        }
        statuses
    };
    assert_eq!(
        statuses,
        [
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::OK,
            StatusCode::OK
        ]
    );
    assert_eq!(
        mock.server.requests(),
        4,
        "each attempt was authenticated and counted"
    );
    mock.post(
        CHAT,
        &chat_body(LLAMA, generic("retry me too [mock:503 times=2]")),
    )
    .await
    .assert_error(StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable");

    let body = chat_body(LLAMA, generic("once [mock:500 times=1]"));
    mock.post(CHAT, &body)
        .await
        .assert_error(StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError");
    assert_eq!(mock.post(CHAT, &body).await.status, StatusCode::OK);

    let body = chat_body(LLAMA, generic("stale token [mock:401 times=1]"));
    mock.post(CHAT, &body)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "NotAuthenticated");
    assert_eq!(mock.post(CHAT, &body).await.status, StatusCode::OK);

    let always = chat_body(LLAMA, generic("[mock:500]"));
    for _ in 0..3 {
        assert_eq!(
            mock.post(CHAT, &always).await.status,
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }
}

#[tokio::test]
async fn not_found_answers_as_for_an_unknown_model() {
    let mock = start().await;
    let error = mock
        .chat(LLAMA, generic("[mock:404]"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "NotAuthorizedOrNotFound");
    assert_eq!(
        error.message.as_deref(),
        Some("Entity with key meta.llama-3.3-70b-instruct not found")
    );
}

#[tokio::test]
async fn a_cut_stream_breaks_after_that_many_events() {
    let mock = start().await;
    let stream = mock
        .stream(LLAMA, generic("hello there [mock:cut after=3]"), NO_HOLD)
        .await;
    assert_eq!(stream.status, StatusCode::OK);
    assert_eq!(stream.end, End::Broken);
    assert_eq!(stream.data.len(), 3);
    let stream = mock
        .stream(
            "cohere.command-a-03-2025",
            json!({"apiFormat": "COHEREV2", "messages": [
            {"role": "USER", "content": [{"type": "TEXT", "text": "[mock:cut after=1000]"}]}]}),
            NO_HOLD,
        )
        .await;
    assert_eq!(
        stream.end,
        End::Broken,
        "a cut past the end breaks instead of holding open"
    );
    assert!(stream.events().last().unwrap().finish_reason().is_some());
}

#[tokio::test]
async fn a_cut_whole_answer_ends_before_its_content_length() {
    let mock = start().await;
    let body = serde_json::to_vec(&chat_body(LLAMA, generic("[mock:cut]"))).unwrap();
    let request = mock.request("POST", CHAT, Some(body), &Signer::test_identity());
    let response = mock.open(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    let declared: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(declared > 0);
    assert!(
        response.into_body().collect().await.is_err(),
        "the body ends early"
    );
}

#[tokio::test]
async fn slow_spaces_the_events() {
    let mock = start().await;
    let started = Instant::now();
    let stream = mock
        .stream(LLAMA, generic("a b [mock:slow ms=60]"), NO_HOLD)
        .await;
    // Opening event, 8 tokens, finish, [DONE]: 10 gaps.
    assert_eq!(stream.data.len(), 11);
    assert!(
        started.elapsed() >= Duration::from_millis(10 * 60),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(stream.end, End::Finished);

    let started = Instant::now();
    let reply = mock.chat(LLAMA, generic("a b [mock:slow ms=100]")).await;
    assert_eq!(text_of(&reply).0, "This is a mock answer to \"a b\".");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "four pieces, three gaps"
    );
}

#[tokio::test]
async fn malformed_breaks_the_json() {
    let mock = start().await;
    let reply = mock.chat(LLAMA, generic("[mock:malformed]")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());

    let stream = mock
        .stream(LLAMA, generic("hi [mock:malformed]"), NO_HOLD)
        .await;
    assert_eq!(stream.end, End::Finished);
    let broken: Vec<&String> = stream
        .data
        .iter()
        .filter(|data| *data != "[DONE]" && ChatStreamEvent::from_json(data.as_bytes()).is_err())
        .collect();
    assert_eq!(broken.len(), 1, "{:?}", stream.data);
    assert_eq!(
        stream.data[1], *broken[0],
        "the first content event is broken"
    );
}

#[tokio::test]
async fn echo_reasoning_length_and_long_shape_the_answer() {
    let mock = start().await;
    let (text, _, _) = text_of(
        &mock
            .chat(LLAMA, generic("[mock:echo] Repeat  after me.\nTwice."))
            .await,
    );
    assert_eq!(text, "Repeat  after me.\nTwice.");

    let (text, finish, reasoning) = text_of(
        &mock
            .chat("xai.grok-4", generic("Think [mock:reasoning]"))
            .await,
    );
    assert_eq!(finish, "stop");
    assert_eq!(text, "This is a mock answer to \"Think\".");
    let reasoning = reasoning.unwrap();
    assert!(!reasoning.is_empty());
    let stream = mock
        .stream("xai.grok-4", generic("Think [mock:reasoning]"), NO_HOLD)
        .await;
    let streamed: String = stream
        .values()
        .iter()
        .filter_map(|event| {
            event["message"]["reasoningContent"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(streamed, reasoning);

    let stream = mock
        .stream(
            "cohere.command-a-reasoning-08-2025",
            json!({"apiFormat": "COHEREV2", "messages": [
            {"role": "USER", "content": [{"type": "TEXT", "text": "Think [mock:reasoning]"}]}]}),
            Duration::from_millis(300),
        )
        .await;
    assert_eq!(
        stream.values()[0]["message"]["content"][0]["type"],
        "THINKING"
    );

    let (text, finish, _) = text_of(&mock.chat(LLAMA, generic("[mock:length tokens=2]")).await);
    assert_eq!((text.as_str(), finish.as_str()), ("This is", "length"));

    let reply = mock.chat(LLAMA, generic("[mock:long words=50]")).await;
    assert_eq!(text_of(&reply).0.split_whitespace().count(), 50);
}

#[tokio::test]
async fn an_unknown_marker_is_a_bad_request() {
    let mock = start().await;
    let error = mock
        .chat(LLAMA, generic("[mock:tools]"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    assert!(
        error
            .message
            .unwrap()
            .contains("unknown marker [mock:tools]")
    );
}

#[tokio::test]
async fn markers_in_the_first_embedding_input_work_too() {
    let mock = start().await;
    let body = json!({
        "compartmentId": "ocid1.compartment.oc1..x",
        "servingMode": {"servingType": "ON_DEMAND", "modelId": "cohere.embed-english-v3.0"},
        "inputs": ["[mock:503 times=1] a", "b"]
    });
    mock.post(EMBED, &body)
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable");
    let result: EmbedTextResult = mock.post(EMBED, &body).await.json();
    assert_eq!(result.embeddings.len(), 2);
}

#[tokio::test]
async fn markers_come_from_the_last_user_message_only() {
    let mock = start().await;
    let request = with(
        json!({"apiFormat": "GENERIC", "messages": [
            {"role": "USER", "content": [{"type": "TEXT", "text": "[mock:500]"}]},
            {"role": "ASSISTANT", "content": [{"type": "TEXT", "text": "ok"}]},
            {"role": "USER", "content": [{"type": "TEXT", "text": "and now?"}]}
        ]}),
        json!({}),
    );
    assert_eq!(mock.chat(LLAMA, request).await.status, StatusCode::OK);
}

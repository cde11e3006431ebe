//! COHERE and COHEREV2 chat, whole and streamed, and the connection OCI
//! leaves open after a Cohere stream.

use std::time::{Duration, Instant};

use http::StatusCode;
use oci_genai_client::wire::{
    ChatResponse, ChatStreamEvent, CohereContentV2, CohereFinishReason, CohereMessage,
    CohereV2FinishReason,
};
use oci_genai_mock::MockConfig;
use serde_json::{Value, json};

use crate::support::{CHAT, End, Signer, chat_body, generic, read_stream, start, start_with, with};

const COHERE: &str = "cohere.command-r-plus-08-2024";
const COMMAND_A: &str = "cohere.command-a-03-2025";
const HOLD_CHECK: Duration = Duration::from_millis(400);

fn cohere_v1(message: &str) -> Value {
    json!({"apiFormat": "COHERE", "message": message, "preambleOverride": "Be brief."})
}

fn cohere_v2(text: &str) -> Value {
    json!({"apiFormat": "COHEREV2", "messages": [
        {"role": "SYSTEM", "content": [{"type": "TEXT", "text": "Be brief."}]},
        {"role": "USER", "content": [{"type": "TEXT", "text": text}]}
    ]})
}

#[tokio::test]
async fn cohere_v1_answers_with_history_and_usage() {
    let mock = start().await;
    let reply = mock.chat(COHERE, cohere_v1("Say hello")).await;
    let ChatResponse::Cohere(answer) = reply.chat().chat_response else {
        panic!("not COHERE")
    };
    assert_eq!(answer.text, "This is a mock answer to \"Say hello\".");
    assert_eq!(answer.finish_reason, CohereFinishReason::Complete);
    let history = answer.chat_history.unwrap();
    assert!(matches!(&history[0], CohereMessage::User(user) if user.message == "Say hello"));
    assert!(
        matches!(&history[1], CohereMessage::Chatbot(bot) if bot.message.as_deref() == Some(answer.text.as_str()))
    );
    let usage = answer.usage.unwrap();
    // "Say hello" and the preamble "Be brief.".
    assert_eq!(usage.prompt_tokens, Some(4));
    assert_eq!(usage.completion_tokens, Some(8));
}

#[tokio::test]
async fn cohere_v1_streams_usage_on_the_finish_event_and_stays_open() {
    let mock = start().await;
    let request = with(
        cohere_v1("Say hello"),
        json!({"streamOptions": {"isIncludeUsage": true}}),
    );
    let stream = mock.stream(COHERE, request, HOLD_CHECK).await;
    assert_eq!(stream.headers["content-type"], "text/event-stream");
    assert_eq!(
        stream.end,
        End::HeldOpen,
        "the connection stays open after the finish event"
    );
    assert!(!stream.data.iter().any(|data| data == "[DONE]"));
    let events = stream.events();
    let mut text = String::new();
    for event in &events[..events.len() - 1] {
        let ChatStreamEvent::Cohere(event) = event else {
            panic!("not COHERE: {event:?}")
        };
        assert!(event.pad.is_some());
        text.push_str(event.text_delta().unwrap());
    }
    assert_eq!(text, "This is a mock answer to \"Say hello\".");
    let values = stream.values();
    let mut finish = values.last().unwrap().clone();
    finish.as_object_mut().unwrap().remove("pad");
    assert_eq!(
        finish,
        json!({"apiFormat": "COHERE", "text": "", "chatHistory": [], "finishReason": "COMPLETE",
               "usage": {"promptTokens": 4, "completionTokens": 8, "totalTokens": 12}})
    );
}

#[tokio::test]
async fn cohere_v2_answers_and_streams_like_the_capture() {
    let mock = start().await;
    let reply = mock.chat(COMMAND_A, cohere_v2("Say hi")).await;
    let ChatResponse::CohereV2(answer) = reply.chat().chat_response else {
        panic!("not COHEREV2")
    };
    assert_eq!(answer.finish_reason, CohereV2FinishReason::Complete);
    assert_eq!(answer.id.len(), 36);
    assert_eq!(
        answer.message.content.unwrap(),
        [CohereContentV2::text(
            "This is a mock answer to \"Say hi\"."
        )]
    );
    assert_eq!(answer.usage.unwrap().total_tokens, Some(4 + 8));

    let stream = mock
        .stream(COMMAND_A, cohere_v2("Say hi"), HOLD_CHECK)
        .await;
    assert_eq!(stream.end, End::HeldOpen);
    let values = stream.values();
    assert_eq!(
        values[0],
        json!({"apiFormat": "COHEREV2", "message": {"role": "ASSISTANT", "content": [{"type": "TEXT", "text": "This"}]}})
    );
    assert_eq!(
        values.last().unwrap(),
        &json!({"apiFormat": "COHEREV2", "message": {"role": "ASSISTANT"}, "finishReason": "COMPLETE"})
    );
    let text: String = values[..values.len() - 1]
        .iter()
        .map(|event| event["message"]["content"][0]["text"].as_str().unwrap())
        .collect();
    assert_eq!(text, "This is a mock answer to \"Say hi\".");
}

#[tokio::test]
async fn cohere_limits_end_with_max_tokens() {
    let mock = start().await;
    let reply = mock
        .chat(
            COHERE,
            with(cohere_v1("Say hello"), json!({"maxTokens": 2})),
        )
        .await;
    let ChatResponse::Cohere(answer) = reply.chat().chat_response else {
        panic!("not COHERE")
    };
    assert_eq!(
        (answer.text.as_str(), answer.finish_reason),
        ("This is", CohereFinishReason::MaxTokens)
    );

    let request = with(cohere_v2("Say hi"), json!({"maxTokens": 2}));
    let stream = mock.stream(COMMAND_A, request, HOLD_CHECK).await;
    assert_eq!(
        stream.events().last().unwrap().finish_reason(),
        Some("MAX_TOKENS")
    );
    let request = with(cohere_v2("Say hi"), json!({"stopSequences": ["mock"]}));
    let stream = mock.stream(COMMAND_A, request, HOLD_CHECK).await;
    assert_eq!(
        stream.events().last().unwrap().finish_reason(),
        Some("STOP_SEQUENCE")
    );
}

#[tokio::test]
async fn each_model_takes_only_its_formats() {
    let mock = start().await;
    mock.chat("meta.llama-3.3-70b-instruct", cohere_v1("hi"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    mock.chat(COMMAND_A, generic("hi"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    // Command R is V1 only, Command A Vision V2 only.
    mock.chat(COHERE, cohere_v2("hi"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    mock.chat("cohere.command-a-vision-07-2025", cohere_v1("hi"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    assert_eq!(
        mock.chat("cohere.command-a-vision-07-2025", cohere_v2("hi"))
            .await
            .status,
        200
    );
    assert_eq!(mock.chat(COMMAND_A, cohere_v1("hi")).await.status, 200);
}

#[tokio::test]
async fn a_held_stream_ends_at_the_cap() {
    let mock = start_with(MockConfig {
        stream_hold_open: Duration::from_millis(300),
        ..MockConfig::default()
    })
    .await;
    let started = Instant::now();
    let stream = mock
        .stream(COHERE, cohere_v1("hi"), Duration::from_secs(5))
        .await;
    assert_eq!(stream.end, End::Finished);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn shutdown_ends_held_streams_at_once() {
    let mock = start().await;
    let body = chat_body(COMMAND_A, with(cohere_v2("hi"), json!({"isStream": true})));
    let request = mock.request(
        "POST",
        CHAT,
        Some(serde_json::to_vec(&body).unwrap()),
        &Signer::test_identity(),
    );
    let response = mock.open(request).await;
    let reading = tokio::spawn(read_stream(response, Duration::from_secs(30)));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    mock.server.shutdown().await.unwrap();
    let stream = reading.await.unwrap();
    assert_eq!(stream.end, End::Finished);
    assert_eq!(
        stream.events().last().unwrap().finish_reason(),
        Some("COMPLETE")
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

//! GENERIC chat in each model family, whole and streamed.

use std::time::Duration;

use oci_genai_client::stream_completion::{CompletionTracker, Progress};
use oci_genai_client::wire::{
    ChatContent, ChatResponse, ChatStreamEvent, GenericChatResponse, Message,
};
use serde_json::{Value, json};

use crate::support::{End, Stream, generic, start, with};

const QUESTION: &str = "Is it raining in Paris today?";
const ANSWER: &str = "This is a mock answer to \"Is it raining in Paris today?\".";
/// Enough for a body that ends; streams of these families never hold.
const NO_HOLD: Duration = Duration::from_secs(5);

fn generic_answer(reply: &crate::support::Reply) -> GenericChatResponse {
    match reply.chat().chat_response {
        ChatResponse::Generic(answer) => answer,
        other => panic!("not GENERIC: {other:?}"),
    }
}

fn message_text(answer: &GenericChatResponse) -> String {
    let Some(Message::Assistant(message)) = &answer.choices[0].message else {
        panic!("no assistant message: {answer:?}")
    };
    message
        .content
        .iter()
        .flatten()
        .filter_map(ChatContent::as_text)
        .collect()
}

fn without_pad(mut event: Value) -> Value {
    if let Some(object) = event.as_object_mut() {
        object.remove("pad");
    }
    event
}

/// The streamed text of GENERIC events.
fn streamed_text(stream: &Stream) -> String {
    stream
        .events()
        .iter()
        .filter_map(|event| match event {
            ChatStreamEvent::Generic(event) => event.text().map(|text| text.into_owned()),
            _ => None,
        })
        .collect()
}

/// Feeds the stream to the client's completion rule; returns the index of
/// the event (counting `[DONE]`) at which it was complete.
fn complete_at(stream: &Stream, usage_requested: bool) -> Option<usize> {
    let mut tracker = CompletionTracker::new(usage_requested);
    for (i, data) in stream.data.iter().enumerate() {
        let progress = if data == "[DONE]" {
            tracker.observe_done()
        } else {
            tracker.observe(&ChatStreamEvent::from_json(data.as_bytes()).unwrap())
        };
        if progress == Progress::Complete {
            return Some(i);
        }
    }
    None
}

#[tokio::test]
async fn every_generic_family_answers_the_last_user_message() {
    let mock = start().await;
    for model in [
        "meta.llama-3.3-70b-instruct",
        "openai.gpt-4.1",
        "openai.gpt-oss-120b",
        "xai.grok-4",
        "google.gemini-2.5-flash",
    ] {
        let reply = mock.chat(model, generic(QUESTION)).await;
        assert_eq!(reply.headers["content-type"], "application/json", "{model}");
        let result = reply.chat();
        assert_eq!(result.model_id, model);
        assert!(!result.model_version.is_empty());
        let answer = generic_answer(&reply);
        assert_eq!(message_text(&answer), ANSWER, "{model}");
        assert_eq!(answer.choices[0].finish_reason, "stop", "{model}");
        assert!(answer.time_created.ends_with('Z') && answer.time_created.contains('T'));
        let usage = answer.usage.unwrap();
        assert_eq!(usage.prompt_tokens, Some(6), "{model}");
        assert_eq!(usage.completion_tokens, Some(12), "{model}");
        assert_eq!(usage.total_tokens, Some(18), "{model}");
        let tier = if model == "openai.gpt-4.1" {
            Some("default")
        } else {
            None
        };
        assert_eq!(answer.service_tier.as_deref(), tier, "{model}");
    }
}

#[tokio::test]
async fn answers_are_deterministic() {
    let mock = start().await;
    let first = generic_answer(&mock.chat("xai.grok-4", generic("same question")).await);
    let second = generic_answer(&mock.chat("xai.grok-4", generic("same question")).await);
    assert_eq!(first.choices, second.choices);
}

#[tokio::test]
async fn max_tokens_cuts_with_length() {
    let mock = start().await;
    for (model, field, reason) in [
        ("meta.llama-3.3-70b-instruct", "maxTokens", "length"),
        ("openai.gpt-5", "maxCompletionTokens", "length"),
        ("google.gemini-2.5-pro", "maxTokens", "max_tokens"),
    ] {
        let request = with(generic(QUESTION), json!({ field: 4 }));
        let answer = generic_answer(&mock.chat(model, request).await);
        assert_eq!(message_text(&answer), "This is a mock", "{model}");
        assert_eq!(answer.choices[0].finish_reason, reason, "{model}");
        assert_eq!(answer.usage.unwrap().completion_tokens, Some(4));
    }
}

#[tokio::test]
async fn stop_sequences_end_the_answer() {
    let mock = start().await;
    let request = with(generic(QUESTION), json!({"stop": ["answer"]}));
    let answer = generic_answer(&mock.chat("meta.llama-3.3-70b-instruct", request).await);
    assert_eq!(message_text(&answer), "This is a mock ");
    assert_eq!(answer.choices[0].finish_reason, "stop");
}

#[tokio::test]
async fn num_generations_gives_that_many_choices() {
    let mock = start().await;
    let request = with(generic(QUESTION), json!({"numGenerations": 3}));
    let answer = generic_answer(&mock.chat("meta.llama-3.3-70b-instruct", request).await);
    let indexes: Vec<u32> = answer.choices.iter().map(|choice| choice.index).collect();
    assert_eq!(indexes, [0, 1, 2]);
    assert_eq!(answer.usage.unwrap().completion_tokens, Some(36));
}

#[tokio::test]
async fn json_schema_response_format_gets_conforming_json() {
    let mock = start().await;
    let request = with(
        generic("Where should I go?"),
        json!({"responseFormat": {"type": "JSON_SCHEMA", "jsonSchema": {"name": "trip", "schema": {
            "type": "object",
            "required": ["city", "days"],
            "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 2}}
        }}}}),
    );
    let answer = generic_answer(&mock.chat("openai.gpt-4.1", request).await);
    let value: Value = serde_json::from_str(&message_text(&answer)).unwrap();
    assert_eq!(value, json!({"city": "mock", "days": 2}));
}

#[tokio::test]
async fn meta_streams_pad_finish_usage_then_done() {
    let mock = start().await;
    let request = with(
        generic(QUESTION),
        json!({"streamOptions": {"isIncludeUsage": true}}),
    );
    let stream = mock
        .stream("meta.llama-3.3-70b-instruct", request, NO_HOLD)
        .await;
    assert_eq!(stream.status, 200);
    assert_eq!(stream.headers["content-type"], "text/event-stream");
    assert!(stream.headers.contains_key("opc-request-id"));
    assert_eq!(stream.end, End::Finished);
    assert_eq!(stream.data.last().map(String::as_str), Some("[DONE]"));
    let values = stream.values();
    let n = values.len();
    assert_eq!(
        without_pad(values[0].clone()),
        json!({"index": 0, "message": {"role": "ASSISTANT", "content": [{"type": "TEXT", "text": ""}]}})
    );
    for delta in &values[..n - 2] {
        assert!(
            delta["pad"].as_str().is_some_and(|pad| !pad.is_empty()),
            "{delta}"
        );
    }
    assert_eq!(
        without_pad(values[n - 2].clone()),
        json!({"message": {"role": "ASSISTANT", "content": [{"type": "TEXT", "text": ""}]}, "finishReason": "stop"})
    );
    assert_eq!(
        values[n - 1],
        json!({"usage": {"promptTokens": 6, "completionTokens": 12, "totalTokens": 18}})
    );
    assert_eq!(streamed_text(&stream), ANSWER);
    // One delta per token, after the empty opening one.
    assert_eq!(n - 3, 12);
    assert_eq!(complete_at(&stream, true), Some(stream.data.len() - 2));
}

#[tokio::test]
async fn openai_streams_carry_service_tier_everywhere() {
    let mock = start().await;
    let request = with(
        generic(QUESTION),
        json!({"streamOptions": {"isIncludeUsage": true}}),
    );
    let stream = mock.stream("openai.gpt-4.1", request, NO_HOLD).await;
    assert_eq!(stream.end, End::Finished);
    assert!(!stream.data.iter().any(|data| data == "[DONE]"));
    let values = stream.values();
    for event in &values {
        assert_eq!(event["serviceTier"], "default", "{event}");
    }
    let n = values.len();
    assert_eq!(
        without_pad(values[n - 2].clone()),
        json!({"finishReason": "stop", "serviceTier": "default"})
    );
    assert!(values[n - 2]["pad"].is_string());
    let usage = &values[n - 1]["usage"];
    assert_eq!(usage["completionTokens"], 12);
    assert_eq!(usage["completionTokensDetails"]["reasoningTokens"], 0);
    assert_eq!(usage["promptTokensDetails"]["cachedTokens"], 0);
    assert_eq!(streamed_text(&stream), ANSWER);
    assert_eq!(complete_at(&stream, true), Some(n - 1));
}

#[tokio::test]
async fn grok_and_gpt_oss_end_with_their_finish_shapes() {
    let mock = start().await;
    let stream = mock.stream("xai.grok-4", generic(QUESTION), NO_HOLD).await;
    let values = stream.values();
    assert_eq!(values.last().unwrap(), &json!({"finishReason": "stop"}));
    assert_eq!(streamed_text(&stream), ANSWER);
    assert_eq!(stream.end, End::Finished);

    let stream = mock
        .stream("openai.gpt-oss-120b", generic(QUESTION), NO_HOLD)
        .await;
    let last = stream.values().last().unwrap().clone();
    assert!(last["pad"].is_string());
    assert_eq!(without_pad(last), json!({"finishReason": "stop"}));
    assert_eq!(streamed_text(&stream), ANSWER);
}

#[tokio::test]
async fn usage_is_streamed_only_when_asked_except_by_gemini() {
    let mock = start().await;
    for model in [
        "meta.llama-3.3-70b-instruct",
        "openai.gpt-4.1",
        "xai.grok-4",
        "openai.gpt-oss-20b",
    ] {
        let stream = mock.stream(model, generic(QUESTION), NO_HOLD).await;
        assert!(
            stream.events().iter().all(|event| !event.has_usage()),
            "{model} sent usage unasked"
        );
        assert!(complete_at(&stream, false).is_some(), "{model}");
    }
    let stream = mock
        .stream("google.gemini-2.5-flash", generic(QUESTION), NO_HOLD)
        .await;
    let values = stream.values();
    let n = values.len();
    assert_eq!(values[n - 2], json!({"finishReason": "stop"}));
    assert_eq!(
        values[n - 1],
        json!({"usage": {"promptTokens": 6, "completionTokens": 12, "totalTokens": 18}})
    );
}

#[tokio::test]
async fn gemini_cut_by_the_limit_says_max_tokens_and_leaves_out_completion_tokens() {
    let mock = start().await;
    let request = with(generic(QUESTION), json!({"maxTokens": 2}));
    let stream = mock
        .stream("google.gemini-2.5-flash", request, NO_HOLD)
        .await;
    let values = stream.values();
    let n = values.len();
    assert_eq!(values[n - 2], json!({"finishReason": "max_tokens"}));
    assert_eq!(
        values[n - 1],
        json!({"usage": {"promptTokens": 6, "totalTokens": 8}})
    );
    assert_eq!(streamed_text(&stream), "This is");
}

#[tokio::test]
async fn streamed_and_whole_answers_agree() {
    let mock = start().await;
    let request = with(
        generic(QUESTION),
        json!({"maxTokens": 7, "stop": ["Paris"]}),
    );
    for model in [
        "meta.llama-4-scout-17b-16e-instruct",
        "openai.gpt-4.1-mini",
        "xai.grok-3-mini",
    ] {
        let whole = mock.chat(model, request.clone()).await;
        let text = message_text(&generic_answer(&whole));
        let stream = mock.stream(model, request.clone(), NO_HOLD).await;
        assert_eq!(streamed_text(&stream), text, "{model}");
        assert_eq!(
            stream.events().last().unwrap().finish_reason(),
            Some("length")
        );
    }
}

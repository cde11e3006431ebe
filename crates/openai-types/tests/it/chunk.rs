//! Streaming chunks: the recorded streams and chunks built by hand.

use std::collections::BTreeMap;

use openai_types::chat::{
    ChatChoiceStream, ChatCompletionMessageToolCallChunk, ChatCompletionStreamResponseDelta,
    CreateChatCompletionStreamResponse, FinishReason, FunctionCallStream, Role, ToolCallType,
};
use openai_types::usage::CompletionUsage;
use serde_json::{Value, json};

use crate::{assert_json_eq, fixture, reparse, sse_events};

/// Parses every event of a stream and checks it round-trips.
///
/// One normalisation: inside `delta`, OpenAI sends some keys as `null` on one chunk and omits
/// them on the next (`"refusal": null` only on the first), and clients read both the same; the
/// writer omits them, so `null` keys of a delta are dropped from the expected value.
fn parse_stream(file: &str) -> Vec<CreateChatCompletionStreamResponse> {
    sse_events(&fixture(file))
        .into_iter()
        .map(|event| {
            let (chunk, mut original, written) =
                reparse::<CreateChatCompletionStreamResponse>(event);
            if let Some(choices) = original["choices"].as_array_mut() {
                for choice in choices {
                    if let Some(delta) = choice["delta"].as_object_mut() {
                        delta.retain(|_, value| !value.is_null());
                    }
                }
            }
            assert_json_eq(&written, &original);
            chunk
        })
        .collect()
}

#[test]
fn text_stream_round_trips() {
    let chunks = parse_stream("openai/chat-stream-text.sse");
    assert_eq!(chunks.len(), 5);
    assert!(
        chunks
            .iter()
            .all(|chunk| chunk.id == chunks[0].id && chunk.created == chunks[0].created)
    );
    assert!(
        chunks
            .iter()
            .all(|chunk| chunk.object == CreateChatCompletionStreamResponse::OBJECT)
    );

    let first = &chunks[0].choices[0].delta;
    assert_eq!(first.role, Some(Role::Assistant));
    assert_eq!(first.content.as_deref(), Some(""));
    assert_eq!(first.refusal, None);

    let text: String = chunks
        .iter()
        .flat_map(|chunk| &chunk.choices)
        .filter_map(|choice| choice.delta.content.as_deref())
        .collect();
    assert_eq!(text, "Hello!");

    assert_eq!(chunks[3].choices[0].finish_reason, Some(FinishReason::Stop));
    assert_eq!(
        chunks[3].choices[0].delta,
        ChatCompletionStreamResponseDelta::default()
    );
    assert!(chunks[..4].iter().all(|chunk| chunk.usage.is_none()));

    let last = &chunks[4];
    assert!(last.choices.is_empty());
    let usage = last.usage.as_ref().expect("usage on the last chunk");
    assert_eq!(usage.total_tokens, 11);
}

#[test]
fn tool_call_stream_round_trips_and_assembles() {
    let chunks = parse_stream("openai/chat-stream-tool-calls.sse");
    let first = &chunks[0].choices[0].delta;
    assert_eq!(
        first.content, None,
        "`content: null` on a tool-call chunk reads as None"
    );

    // index -> (id, name, arguments), joined the way clients join fragments.
    let mut calls: BTreeMap<u32, (String, String, String)> = BTreeMap::new();
    for fragment in chunks
        .iter()
        .flat_map(|chunk| &chunk.choices)
        .flat_map(|choice| choice.delta.tool_calls.iter().flatten())
    {
        let call = calls.entry(fragment.index).or_default();
        if let Some(id) = &fragment.id {
            assert!(call.0.is_empty(), "id only on the opening fragment");
            assert_eq!(fragment.r#type, Some(ToolCallType::Function));
            call.0.clone_from(id);
        }
        if let Some(function) = &fragment.function {
            if let Some(name) = &function.name {
                call.1.clone_from(name);
            }
            call.2
                .push_str(function.arguments.as_deref().unwrap_or_default());
        }
    }
    let calls: Vec<_> = calls.into_values().collect();
    assert_eq!(
        calls,
        [
            (
                "call_DdmO9pD3xa9XTPNJ32zg2hcA".into(),
                "get_weather".into(),
                r#"{"city":"Paris"}"#.into()
            ),
            (
                "call_5Yq2yVbXvT0gkLx3Jm9pQs8R".into(),
                "get_weather".into(),
                r#"{"city":"Lyon"}"#.into()
            ),
        ]
    );
    let finish = &chunks[chunks.len() - 2];
    assert_eq!(
        finish.choices[0].finish_reason,
        Some(FinishReason::ToolCalls)
    );
    assert_eq!(
        chunks
            .last()
            .and_then(|chunk| chunk.usage.as_ref())
            .map(|usage| usage.total_tokens),
        Some(120)
    );
}

/// The chunks a gateway writes: the exact bytes OpenAI's SDKs and pi-ai parse.
#[test]
fn built_chunks_serialise_like_openai() {
    let base = CreateChatCompletionStreamResponse::new("chatcmpl-1", 1_700_000_000, "gpt-5");
    let with_delta = |delta: ChatCompletionStreamResponseDelta, finish: Option<FinishReason>| {
        let mut chunk = base.clone();
        chunk.choices.push(ChatChoiceStream {
            index: 0,
            delta,
            logprobs: None,
            finish_reason: finish,
        });
        serde_json::to_value(&chunk).expect("serialises")
    };
    let envelope = |choices: Value, usage: Value| {
        json!({
            "id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1_700_000_000,
            "model": "gpt-5", "choices": choices, "usage": usage
        })
    };

    let role = with_delta(
        ChatCompletionStreamResponseDelta {
            role: Some(Role::Assistant),
            content: Some(String::new()),
            ..Default::default()
        },
        None,
    );
    assert_eq!(
        role,
        envelope(
            json!([{"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": null, "finish_reason": null}]),
            Value::Null
        )
    );

    let opening = with_delta(
        ChatCompletionStreamResponseDelta {
            tool_calls: Some(vec![ChatCompletionMessageToolCallChunk {
                index: 0,
                id: Some("call_1".into()),
                r#type: Some(ToolCallType::Function),
                function: Some(FunctionCallStream {
                    name: Some("read".into()),
                    arguments: Some(String::new()),
                }),
            }]),
            ..Default::default()
        },
        None,
    );
    assert_eq!(
        opening["choices"][0]["delta"],
        json!({"tool_calls": [{"index": 0, "id": "call_1", "type": "function", "function": {"name": "read", "arguments": ""}}]})
    );

    let fragment = ChatCompletionMessageToolCallChunk {
        index: 0,
        function: Some(FunctionCallStream {
            arguments: Some("{\"pa".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&fragment).expect("serialises"),
        json!({"index": 0, "function": {"arguments": "{\"pa"}})
    );

    let finish = with_delta(
        ChatCompletionStreamResponseDelta::default(),
        Some(FinishReason::ToolCalls),
    );
    assert_eq!(
        finish,
        envelope(
            json!([{"index": 0, "delta": {}, "logprobs": null, "finish_reason": "tool_calls"}]),
            Value::Null
        )
    );

    let mut usage = base.clone();
    usage.usage = Some(CompletionUsage::new(10, 5));
    assert_eq!(
        serde_json::to_value(&usage).expect("serialises"),
        envelope(
            json!([]),
            json!({"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15})
        )
    );
}

/// SGLang (sgl-project/sglang#3912) streams `"finish_reason": ""`, `"role": null` and
/// `"tool_calls": null` on ordinary chunks, plus its own `matched_stop`.
#[test]
fn sglang_chunk_with_empty_finish_reason_parses() {
    let chunk: CreateChatCompletionStreamResponse = serde_json::from_value(json!({
        "id": "b2946a2aa5574af6aadf0c0889e8dcef",
        "object": "chat.completion.chunk",
        "created": 1740634121,
        "model": "deepseek-r1:70b",
        "choices": [{
            "index": 0,
            "delta": {"role": null, "content": "*****", "tool_calls": null},
            "logprobs": null,
            "finish_reason": "",
            "matched_stop": null
        }],
        "usage": null
    }))
    .expect("parses");
    let choice = &chunk.choices[0];
    assert_eq!(choice.finish_reason, None);
    assert_eq!(choice.delta.role, None);
    assert_eq!(choice.delta.tool_calls, None);
    assert_eq!(choice.delta.content.as_deref(), Some("*****"));
}

/// DeepSeek-style reasoning models stream their thinking as `delta.reasoning_content`.
#[test]
fn reasoning_content_delta_round_trips() {
    let event = r#"{"id":"c","object":"chat.completion.chunk","created":1,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"reasoning_content":"Let me think"},"logprobs":null,"finish_reason":null}],"usage":null}"#;
    let (chunk, original, written) = reparse::<CreateChatCompletionStreamResponse>(event);
    assert_json_eq(&written, &original);
    assert_eq!(
        chunk.choices[0].delta.reasoning_content.as_deref(),
        Some("Let me think")
    );
}

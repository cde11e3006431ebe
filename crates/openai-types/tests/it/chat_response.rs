//! The non-streaming response: fixtures, explicit nulls, degenerate backend output.

use openai_types::chat::{
    ChatChoice, ChatCompletionMessageToolCalls, ChatCompletionResponseMessage,
    CreateChatCompletionResponse, FinishReason, Role, ServiceTier,
};
use openai_types::usage::{CompletionTokensDetails, CompletionUsage};
use serde_json::json;

use crate::{assert_round_trip, fixture};

#[test]
fn text_response_round_trips() {
    let response: CreateChatCompletionResponse =
        assert_round_trip(&fixture("openai/chat-response-text.json"));
    assert_eq!(response.object, CreateChatCompletionResponse::OBJECT);
    assert_eq!(response.service_tier, Some(ServiceTier::Default));
    let choice = &response.choices[0];
    assert_eq!(choice.finish_reason, Some(FinishReason::Stop));
    assert_eq!(choice.message.role, Role::Assistant);
    assert!(
        choice
            .message
            .content
            .as_deref()
            .is_some_and(|text| text.starts_with("The image"))
    );
    assert_eq!(choice.message.annotations, Some(Vec::new()));
    let usage = response.usage.expect("usage");
    assert_eq!(
        (
            usage.prompt_tokens,
            usage.completion_tokens,
            usage.total_tokens
        ),
        (1117, 46, 1163)
    );
    assert_eq!(
        usage
            .prompt_tokens_details
            .and_then(|details| details.cached_tokens),
        Some(0)
    );
    assert_eq!(
        usage
            .completion_tokens_details
            .and_then(|details| details.reasoning_tokens),
        Some(0)
    );
}

#[test]
fn tool_call_response_round_trips_with_null_content() {
    let response: CreateChatCompletionResponse =
        assert_round_trip(&fixture("openai/chat-response-tool-calls.json"));
    let choice = &response.choices[0];
    assert_eq!(choice.finish_reason, Some(FinishReason::ToolCalls));
    assert_eq!(choice.message.content, None);
    let calls = choice.message.tool_calls.as_deref().expect("tool calls");
    let ChatCompletionMessageToolCalls::Function(call) = &calls[0] else {
        panic!("a function call");
    };
    assert_eq!(call.id, "call_abc123");
    assert_eq!(call.function.name, "get_current_weather");
    assert_eq!(
        call.function.arguments,
        "{\n\"location\": \"Boston, MA\"\n}"
    );
    assert_eq!(
        response.usage.and_then(|usage| usage.prompt_tokens_details),
        None,
        "absent details stay absent"
    );
}

#[test]
fn logprobs_response_round_trips() {
    let response: CreateChatCompletionResponse =
        assert_round_trip(&fixture("openai/chat-response-logprobs.json"));
    let logprobs = response.choices[0].logprobs.as_ref().expect("logprobs");
    let tokens = logprobs.content.as_deref().expect("content logprobs");
    assert_eq!(tokens[0].token, "Hello");
    assert_eq!(tokens[0].bytes.as_deref(), Some(&b"Hello"[..]));
    assert_eq!(tokens[1].top_logprobs[1].token, " there");
    assert_eq!(logprobs.refusal, None);
}

/// OpenAI writes `content`, `refusal`, `logprobs` and `finish_reason` even when null, and the
/// SDKs' types declare them; `None` elsewhere is omitted.
#[test]
fn explicit_nulls_in_a_built_response() {
    let response = CreateChatCompletionResponse {
        id: "chatcmpl-1".into(),
        created: 1,
        model: "m".into(),
        choices: vec![ChatChoice::default()],
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&response).expect("serialises"),
        json!({
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1,
            "model": "m",
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": null, "refusal": null},
                "finish_reason": null,
                "logprobs": null
            }]
        })
    );
}

/// zed-industries/zed#42893: a backend answered with `"usage": {}`.
#[test]
fn empty_usage_object_reads_as_zeros() {
    let usage: CompletionUsage = serde_json::from_str("{}").expect("parses");
    assert_eq!(usage, CompletionUsage::default());
    let response: CreateChatCompletionResponse = serde_json::from_value(json!({
        "id": "x", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [], "usage": {}
    }))
    .expect("parses");
    assert_eq!(response.usage, Some(CompletionUsage::default()));
}

#[test]
fn usage_new_sums_and_omits_missing_details() {
    let usage = CompletionUsage {
        completion_tokens_details: Some(CompletionTokensDetails {
            reasoning_tokens: Some(12),
            ..Default::default()
        }),
        ..CompletionUsage::new(100, 20)
    };
    assert_eq!(
        serde_json::to_value(&usage).expect("serialises"),
        json!({
            "prompt_tokens": 100,
            "completion_tokens": 20,
            "total_tokens": 120,
            "completion_tokens_details": {"reasoning_tokens": 12}
        })
    );
    assert_eq!(CompletionUsage::new(u32::MAX, 1).total_tokens, u32::MAX);
}

/// Perplexity (pollinations/pollinations#4985) returns `"finish_reason": ""`.
#[test]
fn empty_finish_reason_reads_as_none() {
    let choice: ChatChoice = serde_json::from_value(json!({
        "index": 0,
        "message": {"role": "assistant", "content": "hi"},
        "finish_reason": ""
    }))
    .expect("parses");
    assert_eq!(choice.finish_reason, None);
}

/// OpenRouter answers `"finish_reason": "eos"` (64bit/async-openai#266); it must survive.
#[test]
fn unknown_finish_reason_round_trips() {
    let json = r#"{"index":0,"message":{"role":"assistant","content":"hi","refusal":null},"finish_reason":"eos","logprobs":null}"#;
    let choice: ChatChoice = assert_round_trip(json);
    assert_eq!(
        choice.finish_reason,
        Some(FinishReason::Other("eos".into()))
    );
}

/// vLLM's reasoning parser answers with `reasoning_content` and an empty `tool_calls` list, and
/// adds fields of its own (`stop_reason`); the response still parses.
#[test]
fn vllm_style_response_parses() {
    let response: CreateChatCompletionResponse = serde_json::from_value(json!({
        "id": "chatcmpl-b487c7bc87de4109a6885370d2abf08f",
        "object": "chat.completion",
        "created": 1752517320,
        "model": "model-id",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "reasoning_content": "Think.", "content": "Once upon a time", "tool_calls": []},
            "logprobs": null,
            "finish_reason": "stop",
            "stop_reason": 13
        }],
        "usage": {"prompt_tokens": 19, "total_tokens": 43, "completion_tokens": 24, "prompt_tokens_details": null},
        "prompt_logprobs": null
    }))
    .expect("parses");
    let message: &ChatCompletionResponseMessage = &response.choices[0].message;
    assert_eq!(message.reasoning_content.as_deref(), Some("Think."));
    assert_eq!(message.tool_calls, Some(Vec::new()));
    assert_eq!(response.usage.map(|usage| usage.total_tokens), Some(43));
}

/// An annotation type this crate does not know does not fail the answer: it is kept as sent.
#[test]
fn an_unknown_annotation_is_kept() {
    let annotation =
        serde_json::json!({"type": "file_citation", "file_citation": {"file_id": "f"}});
    let parsed: openai_types::chat::ChatCompletionResponseMessageAnnotation =
        serde_json::from_value(annotation.clone()).unwrap();
    assert!(matches!(
        parsed,
        openai_types::chat::ChatCompletionResponseMessageAnnotation::Other(_)
    ));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), annotation);
}

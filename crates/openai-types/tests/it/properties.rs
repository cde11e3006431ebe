//! Property tests: generated requests round-trip; arbitrary input never panics a parser.

use openai_types::chat::{
    ChatCompletionMessageToolCalls, ChatCompletionRequestAssistantMessage,
    ChatCompletionRequestMessage, ChatCompletionRequestUserMessageContentPart,
    ChatCompletionToolChoiceOption, ChatCompletionTools, CreateChatCompletionRequest,
    CreateChatCompletionResponse, CreateChatCompletionStreamResponse, FunctionObject,
    MessageContent, StopConfiguration,
};
use openai_types::embeddings::{CreateEmbeddingRequest, CreateEmbeddingResponse};
use openai_types::error::ErrorResponse;
use openai_types::models::ListModelsResponse;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,24}"
}

fn user_part() -> impl Strategy<Value = ChatCompletionRequestUserMessageContentPart> {
    prop_oneof![
        text().prop_map(|text| ChatCompletionRequestUserMessageContentPart::from(text.as_str())),
        "https://[a-z]{1,10}\\.example/[a-z]{1,8}\\.png"
            .prop_map(ChatCompletionRequestUserMessageContentPart::image_url),
    ]
}

fn message() -> impl Strategy<Value = ChatCompletionRequestMessage> {
    prop_oneof![
        text().prop_map(ChatCompletionRequestMessage::system),
        text().prop_map(ChatCompletionRequestMessage::developer),
        text().prop_map(ChatCompletionRequestMessage::user),
        prop::collection::vec(user_part(), 0..4).prop_map(ChatCompletionRequestMessage::user),
        text().prop_map(ChatCompletionRequestMessage::assistant),
        ("call_[a-z0-9]{4,12}", "[a-z_]{1,12}", text()).prop_map(|(id, name, arguments)| {
            ChatCompletionRequestMessage::Assistant(ChatCompletionRequestAssistantMessage {
                tool_calls: Some(vec![ChatCompletionMessageToolCalls::function(
                    id, name, arguments,
                )]),
                ..Default::default()
            })
        }),
        (text(), "call_[a-z0-9]{4,12}")
            .prop_map(|(content, id)| ChatCompletionRequestMessage::tool(content, id)),
    ]
}

/// A sampling parameter as clients write it: a short decimal.
///
/// serde_json's default float parser is exact only up to about 15 significant digits (its
/// `float_roundtrip` feature makes it exact at twice the cost), so 17-digit floats would test
/// serde_json rather than this crate.
fn decimal(range: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = f64> {
    range.prop_map(|thousandths| f64::from(thousandths) / 1000.0)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ]
}

fn request() -> impl Strategy<Value = CreateChatCompletionRequest> {
    (
        ("[a-z0-9.-]{1,20}", prop::collection::vec(message(), 0..6)),
        (
            prop::option::of(any::<bool>()),
            prop::option::of(decimal(-2000..=2000)),
            prop::option::of(decimal(0..=1000)),
            prop::option::of(any::<u32>()),
            prop::option::of(any::<i64>()),
        ),
        (
            prop::option::of(prop_oneof![
                text().prop_map(StopConfiguration::from),
                prop::collection::vec(text(), 0..4).prop_map(StopConfiguration::from),
            ]),
            prop::option::of(text()),
            prop::option::of(prop_oneof![
                text().prop_map(|mode| ChatCompletionToolChoiceOption::Mode(mode.into())),
                "[a-z_]{1,12}".prop_map(ChatCompletionToolChoiceOption::function),
            ]),
            prop::option::of(prop::collection::vec("[a-z_]{1,12}", 0..3)),
        ),
        prop::collection::btree_map("x_[a-z]{1,8}", scalar(), 0..4),
    )
        .prop_map(|((model, messages), numbers, options, extra)| {
            let (stream, temperature, top_p, max_completion_tokens, seed) = numbers;
            let (stop, reasoning_effort, tool_choice, tools) = options;
            CreateChatCompletionRequest {
                model,
                messages,
                stream,
                temperature,
                top_p,
                max_completion_tokens,
                seed,
                stop,
                reasoning_effort: reasoning_effort.map(Into::into),
                tool_choice,
                tools: tools.map(|names| {
                    names
                        .into_iter()
                        .map(|name| ChatCompletionTools::from(FunctionObject::new(name)))
                        .collect()
                }),
                extra: extra.into_iter().collect::<Map<String, Value>>(),
                ..Default::default()
            }
        })
}

/// Arbitrary JSON, biased towards the keys and tags the parsers branch on.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("role".to_owned()),
        Just("content".to_owned()),
        Just("type".to_owned()),
        Just("messages".to_owned()),
        Just("model".to_owned()),
        Just("input".to_owned()),
        Just("tool_choice".to_owned()),
        Just("choices".to_owned()),
        "[a-z_]{1,10}",
    ];
    let leaf = prop_oneof![
        scalar(),
        any::<f64>().prop_map(|float| json!(float)),
        any::<u64>().prop_map(Value::from),
        prop_oneof![
            Just("user"),
            Just("assistant"),
            Just("tool"),
            Just("text"),
            Just("function"),
            Just("image_url"),
            Just("auto"),
            Just("json_schema"),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Tries every top-level parser on `text`; none may panic.
fn parse_everything(text: &str) {
    let _ = serde_json::from_str::<CreateChatCompletionRequest>(text);
    let _ = serde_json::from_str::<CreateChatCompletionResponse>(text);
    let _ = serde_json::from_str::<CreateChatCompletionStreamResponse>(text);
    let _ = serde_json::from_str::<CreateEmbeddingRequest>(text);
    let _ = serde_json::from_str::<CreateEmbeddingResponse>(text);
    let _ = serde_json::from_str::<ListModelsResponse>(text);
    let _ = serde_json::from_str::<ErrorResponse>(text);
    let _ = serde_json::from_str::<ChatCompletionRequestMessage>(text);
}

proptest! {
    #[test]
    fn generated_requests_round_trip(request in request()) {
        let written = serde_json::to_string(&request).expect("serialises");
        let read: CreateChatCompletionRequest = serde_json::from_str(&written).expect("parses back");
        prop_assert_eq!(read, request);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        parse_everything(&json!({"model": "m", "messages": [&value]}).to_string());
        parse_everything(&json!({"model": "m", "messages": [], "input": &value, "tool_choice": &value}).to_string());
        parse_everything(&value.to_string());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        parse_everything(&String::from_utf8_lossy(&bytes));
    }

    /// Whatever parses is written and read back to the same value.
    #[test]
    fn parsed_messages_are_stable(value in json_value()) {
        if let Ok(message) = serde_json::from_value::<ChatCompletionRequestMessage>(value) {
            let written = serde_json::to_string(&message).expect("serialises");
            let read: ChatCompletionRequestMessage = serde_json::from_str(&written).expect("parses back");
            prop_assert_eq!(read, message);
        }
    }
}

#[test]
fn empty_user_parts_round_trip() {
    let message = ChatCompletionRequestMessage::user(MessageContent::Array(Vec::new()));
    let written = serde_json::to_string(&message).expect("serialises");
    assert_eq!(written, r#"{"role":"user","content":[]}"#);
}

//! Open enums: known values map to variants, unknown values round-trip through `Other`.

use openai_types::chat::{
    AudioFormat, FinishReason, ImageDetail, InputAudioFormat, ReasoningEffort, ResponseModality,
    Role, ServiceTier, ToolCallType, ToolChoiceMode, Verbosity, Voice, WebSearchContextSize,
};
use openai_types::embeddings::EncodingFormat;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Checks the known values, then an unknown one, of one enum.
fn check<T>(known: &[(T, &str)], unknown: &str, other: fn(String) -> T)
where
    T: Serialize
        + DeserializeOwned
        + PartialEq
        + std::fmt::Debug
        + std::fmt::Display
        + From<String>,
{
    for (variant, wire) in known {
        assert_eq!(
            &serde_json::from_value::<T>(json!(wire)).expect("parses"),
            variant
        );
        assert_eq!(
            serde_json::to_value(variant).expect("serialises"),
            json!(wire)
        );
        assert_eq!(variant.to_string(), *wire);
        assert_eq!(
            &T::from((*wire).to_owned()),
            variant,
            "From never yields Other for {wire}"
        );
    }
    let parsed: T = serde_json::from_value(json!(unknown)).expect("unknown value parses");
    assert_eq!(parsed, other(unknown.to_owned()));
    assert_eq!(
        serde_json::to_value(&parsed).expect("serialises"),
        json!(unknown)
    );
    assert!(
        serde_json::from_value::<T>(json!(1)).is_err(),
        "numbers are rejected"
    );
    assert!(
        serde_json::from_value::<T>(Value::Null).is_err(),
        "null is not a value"
    );
}

#[test]
fn finish_reason() {
    use FinishReason::*;
    check(
        &[
            (Stop, "stop"),
            (Length, "length"),
            (ToolCalls, "tool_calls"),
            (ContentFilter, "content_filter"),
            (FunctionCall, "function_call"),
        ],
        // OpenRouter (64bit/async-openai#266); TGI sends "eos_token" (huggingface/text-generation-inference#2296).
        "eos",
        Other,
    );
    assert_eq!(
        FinishReason::from("eos_token"),
        FinishReason::Other("eos_token".into())
    );
}

#[test]
fn service_tier() {
    use ServiceTier::*;
    check(
        &[
            (Auto, "auto"),
            (Default, "default"),
            (Flex, "flex"),
            (Scale, "scale"),
            (Priority, "priority"),
        ],
        // mofa-org/mofa#1155.
        "on_demand",
        Other,
    );
}

#[test]
fn role() {
    use Role::*;
    check(
        &[
            (System, "system"),
            (Developer, "developer"),
            (User, "user"),
            (Assistant, "assistant"),
            (Tool, "tool"),
            (Function, "function"),
        ],
        "critic",
        Other,
    );
}

#[test]
fn reasoning_effort() {
    use ReasoningEffort::*;
    check(
        &[
            (None, "none"),
            (Minimal, "minimal"),
            (Low, "low"),
            (Medium, "medium"),
            (High, "high"),
            (Xhigh, "xhigh"),
        ],
        "max",
        Other,
    );
    // An empty string is kept as it was sent; the backend mapping decides what it means.
    check(&[], "", ReasoningEffort::Other);
}

#[test]
fn verbosity() {
    use Verbosity::*;
    check(
        &[(Low, "low"), (Medium, "medium"), (High, "high")],
        "terse",
        Other,
    );
}

#[test]
fn image_detail() {
    use ImageDetail::*;
    check(
        &[
            (Auto, "auto"),
            (Low, "low"),
            (High, "high"),
            (Original, "original"),
        ],
        "ultra",
        Other,
    );
}

#[test]
fn tool_choice_mode() {
    use ToolChoiceMode::*;
    check(
        &[(None, "none"), (Auto, "auto"), (Required, "required")],
        "any",
        Other,
    );
}

#[test]
fn encoding_format() {
    use EncodingFormat::*;
    check(&[(Float, "float"), (Base64, "base64")], "binary", Other);
}

#[test]
fn smaller_enums() {
    check(
        &[
            (ToolCallType::Function, "function"),
            (ToolCallType::Custom, "custom"),
        ],
        "mcp",
        ToolCallType::Other,
    );
    check(
        &[
            (ResponseModality::Text, "text"),
            (ResponseModality::Audio, "audio"),
        ],
        "image",
        ResponseModality::Other,
    );
    check(
        &[
            (InputAudioFormat::Wav, "wav"),
            (InputAudioFormat::Mp3, "mp3"),
        ],
        "ogg",
        InputAudioFormat::Other,
    );
    check(
        &[(AudioFormat::Pcm16, "pcm16"), (AudioFormat::Opus, "opus")],
        "ulaw",
        AudioFormat::Other,
    );
    check(
        &[(Voice::Alloy, "alloy"), (Voice::Cedar, "cedar")],
        "voice_custom_1",
        Voice::Other,
    );
    check(
        &[
            (WebSearchContextSize::Low, "low"),
            (WebSearchContextSize::High, "high"),
        ],
        "huge",
        WebSearchContextSize::Other,
    );
}

/// Unknown values inside a whole request survive a round-trip.
#[test]
fn unknown_values_inside_a_request_round_trip() {
    let json = r#"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png","detail":"original"}}]}],"reasoning_effort":"max","service_tier":"on_demand","verbosity":"terse","tool_choice":"any","modalities":["text","image"]}"#;
    let request: openai_types::chat::CreateChatCompletionRequest = crate::assert_round_trip(json);
    assert_eq!(
        request.service_tier,
        Some(ServiceTier::Other("on_demand".into()))
    );
    assert!(request.extra.is_empty());
}

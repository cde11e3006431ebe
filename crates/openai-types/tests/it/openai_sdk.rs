//! What the official `openai` Python SDK really sends (captured by
//! `tests/data/openai-sdk/capture_python.py`): every body parses into the typed request,
//! with the features the SDK exposes landing in typed fields, and round-trips without loss.

use openai_types::chat::{
    ChatCompletionRequestMessage, ChatCompletionToolChoiceOption, ChatCompletionTools,
    CreateChatCompletionRequest, ResponseFormat, VoiceParam,
};
use openai_types::embeddings::{CreateEmbeddingRequest, EmbeddingInput, EncodingFormat};
use serde_json::Value;

use crate::{assert_json_eq, fixture};

/// The captured body of `name`, and its path.
fn capture(name: &str) -> (String, Value) {
    let capture: Value = serde_json::from_str(&fixture(&format!("openai-sdk/python-{name}.json")))
        .expect("capture is JSON");
    let path = capture["path"]
        .as_str()
        .expect("capture has a path")
        .to_owned();
    (path, capture["body"].clone())
}

fn chat(name: &str) -> CreateChatCompletionRequest {
    let (path, body) = capture(name);
    assert_eq!(path, "/v1/chat/completions");
    let request: CreateChatCompletionRequest =
        serde_json::from_value(body.clone()).expect("a chat request");
    assert_json_eq(&serde_json::to_value(&request).expect("serialises"), &body);
    request
}

fn embeddings(name: &str) -> CreateEmbeddingRequest {
    let (path, body) = capture(name);
    assert_eq!(path, "/v1/embeddings");
    let request: CreateEmbeddingRequest =
        serde_json::from_value(body.clone()).expect("an embeddings request");
    assert_json_eq(&serde_json::to_value(&request).expect("serialises"), &body);
    request
}

#[test]
fn minimal_chat() {
    let request = chat("chat-minimal");
    assert_eq!(request.messages.len(), 1);
    assert!(request.extra.is_empty(), "{:?}", request.extra);
}

#[test]
fn every_parameter_lands_in_a_typed_field() {
    let request = chat("chat-all-parameters");
    // Only what the SDK passed through `extra_body` is unknown to the types.
    let extra: Vec<&str> = request.extra.keys().map(String::as_str).collect();
    assert_eq!(extra, ["chat_template_kwargs", "top_k"]);
    assert!(matches!(
        request.messages[0],
        ChatCompletionRequestMessage::Developer(_)
    ));
    assert!(request.tools.as_ref().is_some_and(|tools| matches!(
        &tools[0],
        ChatCompletionTools::Function(tool) if tool.function.strict == Some(true)
    )));
    assert!(matches!(
        request.tool_choice,
        Some(ChatCompletionToolChoiceOption::Function(_))
    ));
    assert_eq!(request.max_completion_tokens, Some(512));
    assert_eq!(request.max_tokens, Some(256));
    assert!(request.prediction.is_some() && request.web_search_options.is_some());
}

#[test]
fn streaming_with_usage() {
    let request = chat("chat-stream-usage");
    assert_eq!(request.stream, Some(true));
    assert!(request.include_usage());
}

#[test]
fn tool_round_trip() {
    let request = chat("chat-tool-round-trip");
    assert!(matches!(
        &request.messages[1],
        ChatCompletionRequestMessage::Assistant(message)
            if message.content.is_none() && message.tool_calls.as_ref().is_some_and(|c| c.len() == 1)
    ));
    assert!(matches!(
        &request.messages[2],
        ChatCompletionRequestMessage::Tool(message) if message.tool_call_id == "call_1"
    ));
}

#[test]
fn multimodal_parts() {
    let request = chat("chat-multimodal");
    let ChatCompletionRequestMessage::User(user) = &request.messages[0] else {
        panic!("a user message");
    };
    let parts = serde_json::to_value(&user.content).expect("serialises");
    let kinds: Vec<&str> = parts
        .as_array()
        .expect("parts")
        .iter()
        .map(|part| part["type"].as_str().expect("a type"))
        .collect();
    assert_eq!(kinds, ["text", "image_url", "input_audio", "file"]);
}

/// Audio output with a custom voice, and prompt-cache breakpoints on parts: read, and written
/// back without loss (`chat` compares the round trip with the capture).
#[test]
fn audio_output_and_cache_breakpoints() {
    let request = chat("chat-audio-output");
    let audio = request.audio.expect("audio settings");
    assert_eq!(
        audio.voice,
        VoiceParam::Custom {
            id: "voice_1234".into()
        }
    );
}

#[test]
fn response_formats_from_the_sdk() {
    assert!(matches!(
        chat("chat-json-object").response_format,
        Some(ResponseFormat::JsonObject)
    ));
    // `parse()` with a pydantic model: a strict JSON schema with titles and anyOf-null.
    match chat("chat-parse-pydantic").response_format {
        Some(ResponseFormat::JsonSchema { json_schema }) => {
            assert_eq!(json_schema.name, "Weather");
            assert_eq!(json_schema.strict, Some(true));
        }
        other => panic!("{other:?}"),
    }
    let request = chat("chat-parse-pydantic-tool");
    assert!(request.tools.is_some());
}

#[test]
fn embeddings_in_every_input_form() {
    // The SDK asks for base64 unless told otherwise, and decodes it itself.
    let request = embeddings("embeddings-string");
    assert!(matches!(request.input, EmbeddingInput::String(_)));
    assert_eq!(request.encoding_format, Some(EncodingFormat::Base64));
    let request = embeddings("embeddings-strings-float");
    assert!(matches!(request.input, EmbeddingInput::StringArray(_)));
    assert_eq!(request.dimensions, Some(256));
    assert!(matches!(
        embeddings("embeddings-tokens").input,
        EmbeddingInput::IntegerArray(_)
    ));
    assert!(matches!(
        embeddings("embeddings-token-arrays").input,
        EmbeddingInput::ArrayOfIntegerArray(_)
    ));
}

#[test]
fn every_capture_is_tested() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/openai-sdk");
    let source = include_str!("openai_sdk.rs");
    for entry in std::fs::read_dir(dir).expect("fixture directory") {
        let name = entry
            .expect("entry")
            .file_name()
            .into_string()
            .expect("UTF-8 name");
        if let Some(case) = name
            .strip_prefix("python-")
            .and_then(|n| n.strip_suffix(".json"))
        {
            assert!(
                source.contains(&format!("\"{case}\"")),
                "{name} has no test"
            );
        }
    }
}

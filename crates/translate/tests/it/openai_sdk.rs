//! What the official `openai` Python SDK sends (captured in
//! `crates/openai-types/tests/data/openai-sdk/`) translates for OCI: every chat request for a
//! GENERIC model, except the ones that carry audio (in or out), which are refused naming the
//! field.

use oci_genai_client::wire::ChatRequest;
use openai_types::chat::CreateChatCompletionRequest;
use openai_types::embeddings::CreateEmbeddingRequest;
use serde_json::Value;
use translate::{Target, TranslateError, chat_request, embed_request};

use crate::support::options;

fn capture(name: &str) -> Value {
    let path = format!(
        "{}/../openai-types/tests/data/openai-sdk/python-{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str::<Value>(&text).unwrap()["body"].clone()
}

fn translate_chat(name: &str, model: &str) -> Result<Value, TranslateError> {
    let request: CreateChatCompletionRequest = serde_json::from_value(capture(name)).unwrap();
    let translated = chat_request(&request, &Target::oci(model), &options())?;
    Ok(serde_json::to_value(&translated.value).unwrap())
}

#[test]
fn sdk_chat_requests_translate() {
    for name in [
        "chat-minimal",
        "chat-all-parameters",
        "chat-stream-usage",
        "chat-tool-round-trip",
        "chat-json-object",
        "chat-parse-pydantic",
        "chat-parse-pydantic-tool",
    ] {
        for model in ["meta.llama-3.3-70b-instruct", "openai.gpt-oss-120b"] {
            let json =
                translate_chat(name, model).unwrap_or_else(|e| panic!("{name} → {model}: {e}"));
            assert_eq!(json["chatRequest"]["apiFormat"], "GENERIC", "{name}");
        }
    }
}

#[test]
fn pydantic_tool_schemas_are_cleaned_for_oci() {
    // `pydantic_function_tool` sends titles and `anyOf` with null; OCI's tool parameters get
    // neither.
    let json = translate_chat("chat-parse-pydantic-tool", "meta.llama-3.3-70b-instruct").unwrap();
    let tool = &json["chatRequest"]["tools"][0];
    assert_eq!(tool["type"], "FUNCTION");
    assert_eq!(tool["name"], "report_weather");
    let text = tool["parameters"].to_string();
    assert!(!text.contains("\"title\""), "titles are dropped: {text}");
    assert!(
        !text.contains("anyOf"),
        "anyOf with null is collapsed: {text}"
    );
    assert_eq!(tool["parameters"]["properties"]["note"]["type"], "string");
}

#[test]
fn response_format_schemas_go_to_the_model_as_written() {
    // A structured-output schema is the model's contract with the client (strict mode relies
    // on `anyOf` with null for optional fields), so it is passed on unchanged.
    let original =
        capture("chat-parse-pydantic")["response_format"]["json_schema"]["schema"].clone();
    let json = translate_chat("chat-parse-pydantic", "meta.llama-3.3-70b-instruct").unwrap();
    let format = &json["chatRequest"]["responseFormat"];
    assert_eq!(format["type"], "JSON_SCHEMA");
    assert_eq!(format["jsonSchema"]["name"], "Weather");
    assert_eq!(format["jsonSchema"]["isStrict"], true);
    assert_eq!(format["jsonSchema"]["schema"], original);
}

#[test]
fn audio_input_is_refused_naming_the_field() {
    match translate_chat("chat-multimodal", "meta.llama-3.3-70b-instruct") {
        Err(TranslateError::Unsupported { param, .. }) => {
            assert!(
                param.contains("input_audio") || param.starts_with("messages"),
                "{param}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn audio_output_is_refused_naming_the_field() {
    match translate_chat("chat-audio-output", "openai.gpt-4.1") {
        Err(TranslateError::Unsupported { param, .. }) => assert_eq!(param, "modalities"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn sdk_embedding_requests_translate_or_are_refused_clearly() {
    for name in ["embeddings-string", "embeddings-strings-float"] {
        let request: CreateEmbeddingRequest = serde_json::from_value(capture(name)).unwrap();
        let details = embed_request(&request, &Target::oci("cohere.embed-v4.0"), &options())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .value;
        assert!(
            details.inputs.is_some_and(|inputs| !inputs.is_empty()),
            "{name}"
        );
    }
    // OCI embeds text only: token arrays get a 400 naming `input`.
    for name in ["embeddings-tokens", "embeddings-token-arrays"] {
        let request: CreateEmbeddingRequest = serde_json::from_value(capture(name)).unwrap();
        let error =
            embed_request(&request, &Target::oci("cohere.embed-v4.0"), &options()).unwrap_err();
        assert_eq!(error.param(), Some("input"), "{name}: {error}");
        assert_eq!(error.status(), 400);
    }
}

#[test]
fn the_all_parameters_request_keeps_its_meaning() {
    let json = translate_chat("chat-all-parameters", "openai.gpt-oss-120b").unwrap();
    let chat = &json["chatRequest"];
    assert_eq!(
        chat["toolChoice"],
        serde_json::json!({"type": "FUNCTION", "name": "get_weather"})
    );
    assert_eq!(chat["isParallelToolCalls"], false);
    assert_eq!(chat["stop"], serde_json::json!(["END", "STOP"]));
    assert_eq!(chat["seed"], 7);
    assert_eq!(chat["reasoningEffort"], "LOW");
    let ChatRequest::Generic(_) = serde_json::from_value::<ChatRequest>(chat.clone()).unwrap()
    else {
        panic!("GENERIC");
    };
}

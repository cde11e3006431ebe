//! Every captured OpenClaw and pi-ai request translates, for one model of each format
//! (`tests/data/openclaw-requests/README.md`).

use oci_genai_client::wire::{ChatRequest, CohereMessage, JsonSchema, Message, ToolDefinition};
use openai_types::chat::{ChatCompletionRequestMessage, CreateChatCompletionRequest};
use serde::Deserialize;
use translate::{AliasSettings, ApiFormat, ModelCatalog, chat_request};

use crate::support::{data_path, options};

const CAPTURES: &[&str] = &[
    "openclaw-ai-2026.9.6-direct-text-turn.json",
    "openclaw-ai-2026.9.6-direct-tool-turn-2-with-tool-result.json",
    "openclaw-exec-compat-overrides-tool-turn-2.json",
    "openclaw-exec-model-params.json",
    "openclaw-exec-reasoning-compat-thinking-low.json",
    "openclaw-exec-text-turn.json",
    "openclaw-exec-tool-turn-1-request.json",
    "openclaw-exec-tool-turn-2-with-tool-result.json",
    "pi-ai-0.73.1-text-turn.json",
    "pi-ai-0.73.1-tool-turn-1.json",
    "pi-ai-0.73.1-tool-turn-2-with-tool-result.json",
];

/// `mock-model` mapped to one model of each format.
const TARGETS: &[(&str, ApiFormat)] = &[
    ("meta.llama-3.3-70b-instruct", ApiFormat::Generic),
    ("openai.gpt-5", ApiFormat::Generic),
    ("cohere.command-r-plus-08-2024", ApiFormat::Cohere),
    ("cohere.command-a-vision-07-2025", ApiFormat::CohereV2),
];

#[derive(Deserialize)]
struct Capture {
    body: CreateChatCompletionRequest,
}

fn capture(name: &str) -> CreateChatCompletionRequest {
    let path = data_path(&format!("openclaw-requests/{name}"));
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str::<Capture>(&text).unwrap().body
}

#[test]
fn every_capture_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(data_path("openclaw-requests"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, CAPTURES);
}

#[test]
fn every_capture_translates_for_every_format() {
    for &(model, format) in TARGETS {
        let catalog = ModelCatalog::new().with_alias("mock-model", AliasSettings::new(model));
        for name in CAPTURES {
            let request = capture(name);
            let target = catalog.resolve(&request.model).unwrap();
            let translated = chat_request(&request, &target, &options())
                .unwrap_or_else(|e| panic!("{name} → {model}: {e}"));
            let json = serde_json::to_value(&translated.value).unwrap();
            assert_eq!(
                json["chatRequest"]["apiFormat"],
                format.as_str(),
                "{name} → {model}"
            );
            assert_eq!(json["servingMode"]["modelId"], model);
            // Streamed with usage: every capture streams.
            assert_eq!(json["chatRequest"]["isStream"], true, "{name}");
            assert_eq!(
                json["chatRequest"]["streamOptions"]["isIncludeUsage"], true,
                "{name}"
            );
            // The token limit is kept, in the field the model takes.
            let limit = request.token_limit().unwrap();
            let field = if model.starts_with("openai.") {
                "maxCompletionTokens"
            } else {
                "maxTokens"
            };
            assert_eq!(json["chatRequest"][field], limit, "{name} → {model}");
            // Every function tool is sent.
            let tools = request.tools.as_ref().map_or(0, Vec::len);
            assert_eq!(
                json["chatRequest"]["tools"].as_array().map_or(0, Vec::len),
                tools,
                "{name} → {model}"
            );
            // Nothing meaningful dropped: only the harmless client-side fields.
            for dropped in &translated.dropped {
                assert!(
                    [
                        "store",
                        "prompt_cache_key",
                        "foo",
                        "parallel_tool_calls",
                        "reasoning_effort",
                        "messages[3].name",
                    ]
                    .contains(&dropped.as_str()),
                    "{name} → {model}: unexpected drop of {dropped}"
                );
            }
            check_order(name, &request, &translated.value.chat_request);
        }
    }
}

/// No message is lost or reordered.
fn check_order(name: &str, request: &CreateChatCompletionRequest, oci: &ChatRequest) {
    match oci {
        ChatRequest::Generic(generic) => {
            assert_eq!(generic.messages.len(), request.messages.len(), "{name}");
            for (openai, oci) in request.messages.iter().zip(&generic.messages) {
                let same = matches!(
                    (openai, oci),
                    (ChatCompletionRequestMessage::System(_), Message::System(_))
                        | (
                            ChatCompletionRequestMessage::Developer(_),
                            Message::System(_) | Message::Developer(_)
                        )
                        | (ChatCompletionRequestMessage::User(_), Message::User(_))
                        | (
                            ChatCompletionRequestMessage::Assistant(_),
                            Message::Assistant(_)
                        )
                        | (ChatCompletionRequestMessage::Tool(_), Message::Tool(_))
                );
                assert!(same, "{name}: {openai:?} became {oci:?}");
            }
        }
        ChatRequest::CohereV2(v2) => {
            assert_eq!(v2.messages.len(), request.messages.len(), "{name}")
        }
        ChatRequest::Cohere(v1) => {
            // System prompt → preamble; the rest is history + message (+ tool results).
            assert!(
                v1.preamble_override.as_ref().is_some_and(|p| !p.is_empty()),
                "{name}"
            );
            let history = v1.chat_history.as_deref().unwrap_or_default();
            match request.messages.last() {
                Some(ChatCompletionRequestMessage::User(_)) => {
                    assert!(!v1.message.is_empty(), "{name}");
                    assert!(v1.tool_results.is_none(), "{name}");
                }
                Some(ChatCompletionRequestMessage::Tool(_)) => {
                    assert_eq!(v1.message, "", "{name}");
                    assert_eq!(v1.tool_results.as_ref().map(Vec::len), Some(1), "{name}");
                    assert!(
                        matches!(history.last(), Some(CohereMessage::Chatbot(c)) if c.tool_calls.is_some()),
                        "{name}"
                    );
                }
                other => panic!("{name}: unexpected last message {other:?}"),
            }
        }
        other => panic!("{name}: unexpected request {other:?}"),
    }
}

/// The reasoning capture keeps its `developer` prompt as DEVELOPER for OpenAI models and as
/// SYSTEM for the others.
#[test]
fn developer_prompt_follows_the_model() {
    let request = capture("openclaw-exec-reasoning-compat-thinking-low.json");
    for (model, role) in [
        ("openai.gpt-5", "DEVELOPER"),
        ("meta.llama-3.3-70b-instruct", "SYSTEM"),
    ] {
        let target = ModelCatalog::new()
            .with_alias("mock-model", AliasSettings::new(model))
            .resolve("mock-model")
            .unwrap();
        let json = serde_json::to_value(chat_request(&request, &target, &options()).unwrap().value)
            .unwrap();
        assert_eq!(json["chatRequest"]["messages"][0]["role"], role, "{model}");
        assert_eq!(json["chatRequest"]["reasoningEffort"], "LOW", "{model}");
    }
}

/// Lent, a request gives its tool schemas to the translation, for every format, and the
/// translation is the borrowed one.
#[test]
fn a_lent_request_gives_up_its_tool_schemas() {
    let request = capture("openclaw-exec-compat-overrides-tool-turn-2.json");
    let schemas = |request: &CreateChatCompletionRequest| {
        request
            .tools
            .iter()
            .flatten()
            .filter(|tool| tool.as_function().is_some_and(|f| f.parameters.is_some()))
            .count()
    };
    assert_eq!(schemas(&request), 11);
    for (model, _) in TARGETS {
        let target = ModelCatalog::new()
            .with_alias("mock-model", AliasSettings::new(*model))
            .resolve("mock-model")
            .unwrap();
        let borrowed = chat_request(&request, &target, &options()).unwrap();
        let mut lent = request.clone();
        let translated = chat_request(&mut lent, &target, &options()).unwrap();
        assert_eq!(translated.value, borrowed.value, "{model}");
        assert_eq!(schemas(&lent), 0, "{model}");
    }
}

/// A tool schema cleaning would not change goes to OCI as the text the client sent, key order
/// and all; OpenClaw's schemas, but one with `title`s, are of that kind.
#[test]
fn schemas_that_need_no_cleaning_are_sent_as_written() {
    let request = capture("openclaw-exec-compat-overrides-tool-turn-2.json");
    let target = ModelCatalog::new()
        .with_alias(
            "mock-model",
            AliasSettings::new("meta.llama-3.3-70b-instruct"),
        )
        .resolve("mock-model")
        .unwrap();
    for translated in [
        chat_request(&request, &target, &options()).unwrap(),
        chat_request(&mut request.clone(), &target, &options()).unwrap(),
    ] {
        let ChatRequest::Generic(generic) = translated.value.chat_request else {
            panic!("a GENERIC request");
        };
        let sent = generic.tools.expect("tools");
        let mut verbatim = 0;
        for (tool, sent) in request.tools.iter().flatten().zip(&sent) {
            let ToolDefinition::Function(sent) = sent else {
                panic!("a function");
            };
            let written = tool.as_function().unwrap().parameters.as_ref().unwrap();
            let sent = sent.parameters.as_ref().unwrap();
            match sent {
                JsonSchema::Text(text) => {
                    assert_eq!(text.get(), written.json_text().unwrap().get());
                    verbatim += 1;
                }
                _ => assert_ne!(*written.to_value().unwrap(), *sent.to_value().unwrap()),
            }
        }
        assert_eq!(verbatim, 10);
    }
}

/// The system prompt (25 KB, with escaped newlines and quotes) reaches the GENERIC request as
/// the literal the client wrote, so writing the OCI request copies it instead of escaping it.
#[test]
fn generic_requests_carry_the_clients_text_literals_as_written() {
    // The body as the client wrote it, `role` first in each message.
    #[derive(Deserialize)]
    struct RawCapture {
        body: Box<serde_json::value::RawValue>,
    }
    let path = data_path("openclaw-requests/openclaw-exec-compat-overrides-tool-turn-2.json");
    let capture: RawCapture =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(capture.body.get()).unwrap();
    let prompt = parsed["messages"][0]["content"].as_str().unwrap();
    let written = serde_json::to_string(prompt).unwrap();
    // Spelled as a client might: `\u` escapes for what needs none.
    let spelled = written.replace("You", "\\u0059ou");
    let body = capture.body.get().replacen(&written, &spelled, 1);
    assert!(body.contains(&spelled));
    let request: CreateChatCompletionRequest = serde_json::from_str(&body).unwrap();

    let catalog = ModelCatalog::new().with_alias(
        "mock-model",
        AliasSettings::new("meta.llama-3.3-70b-instruct"),
    );
    let target = catalog.resolve(&request.model).unwrap();
    let translated = chat_request(&request, &target, &options()).unwrap();
    let oci = serde_json::to_string(&translated.value).unwrap();
    assert!(
        oci.contains(&format!(r#"{{"type":"TEXT","text":{spelled}}}"#)),
        "the prompt's literal is not in the OCI request"
    );
    // And it means the same text.
    let oci: serde_json::Value = serde_json::from_str(&oci).unwrap();
    assert_eq!(
        oci["chatRequest"]["messages"][0]["content"][0]["text"],
        prompt
    );
}

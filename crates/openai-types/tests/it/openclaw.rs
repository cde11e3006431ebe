//! Every captured OpenClaw and pi-ai request parses and round-trips without loss.

use openai_types::chat::{
    ChatCompletionRequestMessage, ChatCompletionRequestUserMessageContentPart,
    ChatCompletionToolChoiceOption, CreateChatCompletionRequest, MessageContent, ReasoningEffort,
    ToolChoiceMode,
};
use serde_json::Value;

use crate::{assert_json_eq, fixture};

/// Parses the `body` of a capture and checks that writing it back gives the same JSON.
fn round_trip(file: &str) -> CreateChatCompletionRequest {
    let capture: Value = serde_json::from_str(&fixture(&format!("openclaw-requests/{file}")))
        .expect("capture is JSON");
    let body = capture.get("body").expect("capture has a body");
    let text = serde_json::to_string(body).expect("body serialises");
    let request: CreateChatCompletionRequest =
        serde_json::from_str(&text).expect("body parses as a chat request");
    let written: Value =
        serde_json::from_str(&serde_json::to_string(&request).expect("request serialises"))
            .expect("output is JSON");
    assert_json_eq(&written, body);
    request
}

macro_rules! captured {
    ($($name:ident => $file:literal,)+) => {
        $(
            #[test]
            fn $name() {
                let request = round_trip($file);
                assert_eq!(request.model, "mock-model");
                assert_eq!(request.stream, Some(true));
            }
        )+

        #[test]
        fn every_capture_is_tested() {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/openclaw-requests");
            let mut on_disk: Vec<String> = std::fs::read_dir(dir)
                .expect("fixture directory exists")
                .map(|entry| entry.expect("directory entry").file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".json"))
                .collect();
            on_disk.sort();
            let mut tested = vec![$($file.to_owned()),+];
            tested.sort();
            assert_eq!(on_disk, tested, "add a named test for each new capture");
        }
    };
}

captured! {
    openclaw_ai_direct_text_turn => "openclaw-ai-2026.9.6-direct-text-turn.json",
    openclaw_ai_direct_tool_turn_2 => "openclaw-ai-2026.9.6-direct-tool-turn-2-with-tool-result.json",
    openclaw_exec_compat_overrides_tool_turn_2 => "openclaw-exec-compat-overrides-tool-turn-2.json",
    openclaw_exec_model_params => "openclaw-exec-model-params.json",
    openclaw_exec_reasoning_compat_thinking_low => "openclaw-exec-reasoning-compat-thinking-low.json",
    openclaw_exec_text_turn => "openclaw-exec-text-turn.json",
    openclaw_exec_tool_turn_1 => "openclaw-exec-tool-turn-1-request.json",
    openclaw_exec_tool_turn_2 => "openclaw-exec-tool-turn-2-with-tool-result.json",
    pi_ai_text_turn => "pi-ai-0.73.1-text-turn.json",
    pi_ai_tool_turn_1 => "pi-ai-0.73.1-tool-turn-1.json",
    pi_ai_tool_turn_2 => "pi-ai-0.73.1-tool-turn-2-with-tool-result.json",
}

#[test]
fn text_turn_fields() {
    let request = round_trip("pi-ai-0.73.1-text-turn.json");
    assert_eq!(request.max_completion_tokens, Some(512));
    assert_eq!(request.store, Some(false));
    assert!(request.include_usage());
    assert_eq!(
        request.messages,
        [
            ChatCompletionRequestMessage::system("You are a terse assistant."),
            ChatCompletionRequestMessage::user("Say PONG"),
        ]
    );
    assert!(request.extra.is_empty());
}

/// OpenClaw and pi-ai replay a tool-call turn with `"content": null`; it must read as `None`
/// and be written back as `null`.
#[test]
fn tool_call_turn_has_null_content_and_tool_result() {
    let request = round_trip("pi-ai-0.73.1-tool-turn-2-with-tool-result.json");
    let ChatCompletionRequestMessage::Assistant(turn) = &request.messages[2] else {
        panic!(
            "third message is the assistant turn: {:?}",
            request.messages[2]
        );
    };
    assert_eq!(turn.content, None);
    let calls = turn.tool_calls.as_deref().expect("tool calls");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].id(), "call_c7ca7eb7ceae42b8a73f7ee2");
    let ChatCompletionRequestMessage::Tool(result) = &request.messages[3] else {
        panic!("fourth message is the tool result");
    };
    assert_eq!(result.tool_call_id, "call_c7ca7eb7ceae42b8a73f7ee2");
    assert_eq!(result.content.as_text(), Some("Sunny, 21C in Paris"));

    let tools = request.tools.as_deref().expect("tools");
    let function = tools[0].as_function().expect("a function tool");
    assert_eq!(function.name, "get_weather");
    assert_eq!(function.strict, Some(false));
    assert_eq!(
        function
            .parameters
            .as_ref()
            .expect("schema")
            .to_value()
            .unwrap()["required"][0],
        "city"
    );
}

#[test]
fn agent_turn_has_big_system_prompt_tools_and_text_parts() {
    let request = round_trip("openclaw-exec-tool-turn-2-with-tool-result.json");
    let ChatCompletionRequestMessage::System(system) = &request.messages[0] else {
        panic!("first message is the system prompt");
    };
    assert!(system.content.as_text().expect("a string").len() > 20_000);
    assert_eq!(request.tools.as_ref().map(Vec::len), Some(11));
    assert_eq!(
        request.tool_choice,
        Some(ChatCompletionToolChoiceOption::Mode(ToolChoiceMode::Auto))
    );
    let Some(ChatCompletionRequestMessage::User(last)) = request.messages.last() else {
        panic!("last message is from the user");
    };
    let MessageContent::Array(parts) = &last.content else {
        panic!("the runtime context is sent as parts");
    };
    assert!(matches!(
        &parts[0],
        ChatCompletionRequestUserMessageContentPart::Text(text)
            if text.text.starts_with("<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>")
    ));
    assert_eq!(last.content.text_parts().count(), 1);
}

/// With compatibility overrides OpenClaw sends `max_tokens`, a `prompt_cache_key` and a `name`
/// on the tool message.
#[test]
fn compat_overrides() {
    let request = round_trip("openclaw-exec-compat-overrides-tool-turn-2.json");
    assert_eq!(request.max_tokens, Some(4096));
    assert_eq!(request.max_completion_tokens, None);
    assert_eq!(request.token_limit(), Some(4096));
    assert!(request.stream_options.is_none());
    assert!(!request.include_usage());
    assert_eq!(
        request.prompt_cache_key.as_deref(),
        Some("65b70776-9e3b-4f01-98e0-49d1a9882b79:0")
    );
    let ChatCompletionRequestMessage::Tool(result) = &request.messages[3] else {
        panic!("fourth message is the tool result");
    };
    assert_eq!(result.name.as_deref(), Some("read"));
}

/// Model parameters from the user's config, including one this crate does not know.
#[test]
fn model_params_and_unknown_field() {
    let request = round_trip("openclaw-exec-model-params.json");
    assert_eq!(request.temperature, Some(0.2));
    assert_eq!(request.top_p, Some(0.9));
    assert_eq!(request.seed, Some(7));
    assert_eq!(request.parallel_tool_calls, Some(false));
    assert_eq!(request.extra.len(), 1);
    assert_eq!(request.extra["foo"], "bar");
}

#[test]
fn reasoning_model_uses_developer_role() {
    let request = round_trip("openclaw-exec-reasoning-compat-thinking-low.json");
    assert_eq!(request.reasoning_effort, Some(ReasoningEffort::Low));
    assert!(matches!(
        request.messages[0],
        ChatCompletionRequestMessage::Developer(_)
    ));
}

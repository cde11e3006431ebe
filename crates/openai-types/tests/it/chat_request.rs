//! The chat request: the all-fields fixture, every union form, omitted `None`s, builders.

use openai_types::chat::{
    ChatCompletionFunctionCall, ChatCompletionMessageToolCalls,
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestMessage,
    ChatCompletionRequestMessageContentPartText, ChatCompletionRequestSystemMessageContentPart,
    ChatCompletionRequestUserMessageContentPart, ChatCompletionResponseMessage,
    ChatCompletionToolChoiceOption, ChatCompletionTools, CreateChatCompletionRequest,
    FunctionObject, ImageDetail, MessageContent, ReasoningEffort, ResponseFormat, ResponseModality,
    ServiceTier, StopConfiguration, ToolChoiceMode, Verbosity, Voice, VoiceParam,
};
use serde_json::json;

use crate::{assert_round_trip, fixture};

#[test]
fn all_fields_round_trip_and_every_field_is_typed() {
    let request: CreateChatCompletionRequest =
        assert_round_trip(&fixture("openai/chat-request-all-fields.json"));
    // Nothing fell through to `extra`: every documented field has a typed home.
    assert!(
        request.extra.is_empty(),
        "untyped: {:?}",
        request.extra.keys()
    );

    assert_eq!(request.messages.len(), 9);
    let roles: Vec<String> = request
        .messages
        .iter()
        .map(|message| message.role().to_string())
        .collect();
    assert_eq!(
        roles,
        [
            "developer",
            "system",
            "user",
            "assistant",
            "tool",
            "tool",
            "assistant",
            "function",
            "user"
        ]
    );
    assert_eq!(request.reasoning_effort, Some(ReasoningEffort::Minimal));
    assert_eq!(request.verbosity, Some(Verbosity::Low));
    assert_eq!(request.service_tier, Some(ServiceTier::Flex));
    assert_eq!(
        request.modalities,
        Some(vec![ResponseModality::Text, ResponseModality::Audio])
    );
    assert_eq!(
        request.audio.as_ref().map(|audio| &audio.voice),
        Some(&VoiceParam::Builtin(Voice::Alloy))
    );
    assert_eq!(
        request.stop,
        Some(StopConfiguration::StringArray(vec![
            "\n\n".into(),
            "END".into()
        ]))
    );
    assert_eq!(
        request.logit_bias.as_ref().map(|bias| bias["50256"]),
        Some(-100)
    );
    assert_eq!(
        request.tool_choice,
        Some(ChatCompletionToolChoiceOption::function(
            "get_current_weather"
        ))
    );
    assert!(matches!(
        request.function_call,
        Some(ChatCompletionFunctionCall::Function(ref named)) if named.name == "get_current_weather"
    ));
    let tools = request.tools.as_deref().expect("tools");
    assert!(matches!(tools[0], ChatCompletionTools::Function(_)));
    assert!(matches!(tools[1], ChatCompletionTools::Custom(_)));
    let Some(ResponseFormat::JsonSchema { json_schema }) = &request.response_format else {
        panic!("json_schema response format");
    };
    assert_eq!(json_schema.name, "weather");
    assert_eq!(json_schema.strict, Some(true));

    let ChatCompletionRequestMessage::User(user) = &request.messages[2] else {
        panic!("third message is from the user");
    };
    let MessageContent::Array(parts) = &user.content else {
        panic!("user content is parts");
    };
    assert_eq!(parts.len(), 6);
    let ChatCompletionRequestUserMessageContentPart::ImageUrl(image) = &parts[1] else {
        panic!("second part is an image");
    };
    assert_eq!(image.image_url.detail, Some(ImageDetail::High));
    assert!(matches!(
        parts[3],
        ChatCompletionRequestUserMessageContentPart::InputAudio(_)
    ));
    assert!(matches!(
        parts[4],
        ChatCompletionRequestUserMessageContentPart::File(_)
    ));

    let ChatCompletionRequestMessage::Assistant(turn) = &request.messages[3] else {
        panic!("fourth message is the assistant turn");
    };
    let calls = turn.tool_calls.as_deref().expect("tool calls");
    assert!(matches!(
        calls[0],
        ChatCompletionMessageToolCalls::Function(_)
    ));
    assert!(matches!(
        calls[1],
        ChatCompletionMessageToolCalls::Custom(_)
    ));
}

#[test]
fn none_fields_are_absent() {
    let request =
        CreateChatCompletionRequest::new("gpt-5", vec![ChatCompletionRequestMessage::user("Hi")]);
    assert_eq!(
        serde_json::to_value(&request).expect("serialises"),
        json!({"model": "gpt-5", "messages": [{"role": "user", "content": "Hi"}]})
    );

    let tool = ChatCompletionTools::from(FunctionObject::new("ping"));
    assert_eq!(
        serde_json::to_value(&tool).expect("serialises"),
        json!({"type": "function", "function": {"name": "ping"}})
    );
    let image = ChatCompletionRequestUserMessageContentPart::image_url("https://example.com/a.png");
    assert_eq!(
        serde_json::to_value(&image).expect("serialises"),
        json!({"type": "image_url", "image_url": {"url": "https://example.com/a.png"}})
    );
    let developer = ChatCompletionRequestMessage::developer("Be brief.");
    assert_eq!(
        serde_json::to_value(&developer).expect("serialises"),
        json!({"role": "developer", "content": "Be brief."})
    );
    let result = ChatCompletionRequestMessage::tool("42", "call_1");
    assert_eq!(
        serde_json::to_value(&result).expect("serialises"),
        json!({"role": "tool", "content": "42", "tool_call_id": "call_1"})
    );
}

/// The one request-side exception: an assistant turn's `content` is written as `null`, as the
/// SDKs send it on tool-call turns.
#[test]
fn assistant_content_none_is_written_as_null() {
    let turn = ChatCompletionRequestMessage::Assistant(ChatCompletionRequestAssistantMessage {
        tool_calls: Some(vec![ChatCompletionMessageToolCalls::function(
            "call_1",
            "read",
            r#"{"path":"a"}"#,
        )]),
        ..Default::default()
    });
    assert_eq!(
        serde_json::to_value(&turn).expect("serialises"),
        json!({
            "role": "assistant",
            "content": null,
            "tool_calls": [{"type": "function", "id": "call_1", "function": {"name": "read", "arguments": "{\"path\":\"a\"}"}}]
        })
    );
    // A turn that omitted the key reads the same and gains the explicit null.
    let omitted: ChatCompletionRequestMessage = serde_json::from_value(json!({
        "role": "assistant",
        "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "read", "arguments": "{\"path\":\"a\"}"}}]
    }))
    .expect("parses");
    assert_eq!(omitted, turn);
}

#[test]
fn tool_choice_forms_round_trip() {
    for (json, expected) in [
        (
            json!("none"),
            ChatCompletionToolChoiceOption::Mode(ToolChoiceMode::None),
        ),
        (
            json!("auto"),
            ChatCompletionToolChoiceOption::Mode(ToolChoiceMode::Auto),
        ),
        (
            json!("required"),
            ChatCompletionToolChoiceOption::Mode(ToolChoiceMode::Required),
        ),
        (
            json!("any"),
            ChatCompletionToolChoiceOption::Mode(ToolChoiceMode::Other("any".into())),
        ),
        (
            json!({"type": "function", "function": {"name": "get_weather"}}),
            ChatCompletionToolChoiceOption::function("get_weather"),
        ),
    ] {
        let parsed: ChatCompletionToolChoiceOption =
            serde_json::from_value(json.clone()).expect("parses");
        assert_eq!(parsed, expected, "{json}");
        assert_eq!(serde_json::to_value(&parsed).expect("serialises"), json);
    }
    for json in [
        json!({"type": "custom", "custom": {"name": "code_exec"}}),
        json!({"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": [
            {"type": "function", "function": {"name": "get_weather"}},
            {"type": "function", "function": {"name": "get_time"}}
        ]}}),
    ] {
        let parsed: ChatCompletionToolChoiceOption =
            serde_json::from_value(json.clone()).expect("parses");
        assert_eq!(serde_json::to_value(&parsed).expect("serialises"), json);
    }
    let err = serde_json::from_value::<ChatCompletionToolChoiceOption>(json!(3))
        .expect_err("a number is not a tool choice");
    assert!(err.to_string().contains("tool choice"), "{err}");
}

#[test]
fn deprecated_function_call_forms() {
    for json in [json!("none"), json!("auto"), json!({"name": "get_weather"})] {
        let parsed: ChatCompletionFunctionCall =
            serde_json::from_value(json.clone()).expect("parses");
        assert_eq!(serde_json::to_value(&parsed).expect("serialises"), json);
    }
}

#[test]
fn response_format_forms_round_trip() {
    for (json, expected) in [
        (json!({"type": "text"}), ResponseFormat::Text),
        (json!({"type": "json_object"}), ResponseFormat::JsonObject),
    ] {
        let parsed: ResponseFormat = serde_json::from_value(json.clone()).expect("parses");
        assert_eq!(parsed, expected);
        assert_eq!(serde_json::to_value(&parsed).expect("serialises"), json);
    }
}

#[test]
fn stop_forms_round_trip() {
    let single: StopConfiguration = serde_json::from_value(json!("\n")).expect("parses");
    assert_eq!(single, StopConfiguration::from("\n"));
    assert_eq!(single.iter().collect::<Vec<_>>(), ["\n"]);
    let many: StopConfiguration = serde_json::from_value(json!(["a", "b"])).expect("parses");
    assert_eq!(many.iter().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(
        serde_json::to_value(&many).expect("serialises"),
        json!(["a", "b"])
    );
    let err = serde_json::from_value::<StopConfiguration>(json!(1)).expect_err("not a stop");
    assert!(
        err.to_string().contains("a string or an array of strings"),
        "{err}"
    );
}

#[test]
fn content_forms_and_text_parts() {
    let text: MessageContent<ChatCompletionRequestUserMessageContentPart> =
        serde_json::from_value(json!("plain")).expect("parses");
    assert_eq!(text.as_text(), Some("plain"));
    assert_eq!(text.text_parts().collect::<Vec<_>>(), ["plain"]);

    let parts: MessageContent<ChatCompletionRequestUserMessageContentPart> =
        serde_json::from_value(json!([
            {"type": "text", "text": "look at "},
            {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}},
            {"type": "text", "text": "this"}
        ]))
        .expect("parses");
    assert_eq!(parts.as_text(), None);
    assert_eq!(parts.text_parts().collect::<Vec<_>>(), ["look at ", "this"]);

    let system: MessageContent<ChatCompletionRequestSystemMessageContentPart> =
        vec![ChatCompletionRequestSystemMessageContentPart::from("rules")].into();
    assert_eq!(
        serde_json::to_value(&system).expect("serialises"),
        json!([{"type": "text", "text": "rules"}])
    );

    let err = serde_json::from_value::<ChatCompletionRequestMessage>(
        json!({"role": "user", "content": 7}),
    )
    .expect_err("a number is not content");
    assert!(
        err.to_string()
            .contains("a string or an array of content parts"),
        "{err}"
    );
}

#[test]
fn unknown_role_is_an_error_naming_the_roles() {
    let err = serde_json::from_value::<ChatCompletionRequestMessage>(
        json!({"role": "critic", "content": "no"}),
    )
    .expect_err("unknown role");
    let message = err.to_string();
    assert!(
        message.contains("critic") && message.contains("assistant"),
        "{message}"
    );
}

#[test]
fn builders_and_conversions() {
    let request = CreateChatCompletionRequest::new(
        "gpt-5",
        vec![
            ChatCompletionRequestMessage::system("sys"),
            ChatCompletionRequestMessage::user(vec![
                ChatCompletionRequestUserMessageContentPart::from("hi"),
                ChatCompletionRequestMessageContentPartText::from("there").into(),
            ]),
            ChatCompletionRequestMessage::assistant("hello"),
        ],
    )
    .with_stream(true)
    .with_max_completion_tokens(100)
    .with_temperature(0.5)
    .with_tools([FunctionObject::new("ping").into()])
    .with_tool_choice(ToolChoiceMode::Required)
    .with_response_format(ResponseFormat::JsonObject);

    assert_eq!(
        serde_json::to_value(&request).expect("serialises"),
        json!({
            "model": "gpt-5",
            "messages": [
                {"role": "system", "content": "sys"},
                {"role": "user", "content": [{"type": "text", "text": "hi"}, {"type": "text", "text": "there"}]},
                {"role": "assistant", "content": "hello"}
            ],
            "stream": true,
            "stream_options": {"include_usage": true},
            "max_completion_tokens": 100,
            "temperature": 0.5,
            "tools": [{"type": "function", "function": {"name": "ping"}}],
            "tool_choice": "required",
            "response_format": {"type": "json_object"}
        })
    );
    assert!(request.include_usage());
}

/// openai-python users append `completion.choices[0].message` to the history; the SDK then
/// sends the response message as it arrived, with `refusal: null` and `annotations: []`.
#[test]
fn openai_python_replayed_response_message_parses() {
    let message: ChatCompletionRequestMessage = serde_json::from_value(json!({
        "role": "assistant",
        "content": null,
        "refusal": null,
        "annotations": [],
        "tool_calls": [{"id": "call_abc123", "type": "function", "function": {"name": "get_current_weather", "arguments": "{}"}}]
    }))
    .expect("parses");
    let ChatCompletionRequestMessage::Assistant(turn) = message else {
        panic!("an assistant turn");
    };
    assert_eq!(turn.content, None);
    assert_eq!(turn.refusal, None);
    assert_eq!(turn.tool_calls.as_ref().map(Vec::len), Some(1));

    // The typed path for the same thing.
    let response: ChatCompletionResponseMessage = serde_json::from_value(json!({
        "role": "assistant",
        "content": "It is sunny.",
        "refusal": null,
        "reasoning_content": "The tool said sunny."
    }))
    .expect("parses");
    let replay = ChatCompletionRequestAssistantMessage::from(response);
    assert_eq!(
        replay.content.as_ref().and_then(MessageContent::as_text),
        Some("It is sunny.")
    );
    assert_eq!(
        replay.reasoning_content.as_deref(),
        Some("The tool said sunny.")
    );
}

/// DeepSeek-style clients replay the reasoning of the previous turn as `reasoning_content`.
#[test]
fn assistant_reasoning_content_round_trips() {
    let json = r#"{"role":"assistant","content":"4","reasoning_content":"2+2 is 4"}"#;
    let message: ChatCompletionRequestMessage = assert_round_trip(json);
    let ChatCompletionRequestMessage::Assistant(turn) = message else {
        panic!("an assistant turn");
    };
    assert_eq!(turn.reasoning_content.as_deref(), Some("2+2 is 4"));
}

#[test]
fn unknown_top_level_fields_are_kept() {
    let request: CreateChatCompletionRequest = assert_round_trip(
        r#"{"model":"m","messages":[],"top_k":40,"chat_template_kwargs":{"enable_thinking":false},"extra_body":null}"#,
    );
    assert_eq!(request.extra.len(), 3);
    assert_eq!(request.extra["top_k"], 40);
    assert_eq!(
        request.extra["chat_template_kwargs"]["enable_thinking"],
        false
    );
    assert!(request.extra["extra_body"].is_null());
}

/// Some clients send unset parameters as `null`: Letta sent `"tools": null, "tool_choice": null`
/// (letta-ai/letta#3060), openai-python sends `"seed": null` for `seed=None`
/// (LostRuins/koboldcpp#1503). They read as absent and are omitted when written.
#[test]
fn explicit_null_parameters_read_as_absent() {
    let request: CreateChatCompletionRequest = serde_json::from_value(json!({
        "model": "m",
        "messages": [{"role": "user", "content": "hi", "name": null}],
        "tools": null,
        "tool_choice": null,
        "seed": null,
        "stop": null,
        "temperature": null,
        "response_format": null,
        "stream_options": null
    }))
    .expect("parses");
    assert_eq!(
        request,
        CreateChatCompletionRequest::new("m", vec![ChatCompletionRequestMessage::user("hi")])
    );
    assert!(request.extra.is_empty());
    assert_eq!(
        serde_json::to_value(&request).expect("serialises"),
        json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
    );
}

/// A custom voice is an object with its id; the request reads, and writes back the same.
#[test]
fn a_custom_voice_reads_and_writes_back() {
    let json = r#"{"model":"m","messages":[],"modalities":["text","audio"],"audio":{"voice":{"id":"voice_1234"},"format":"mp3"}}"#;
    let request: CreateChatCompletionRequest = serde_json::from_str(json).unwrap();
    assert_eq!(
        request.audio.as_ref().map(|audio| &audio.voice),
        Some(&VoiceParam::Custom {
            id: "voice_1234".into()
        })
    );
    let written: serde_json::Value = serde_json::to_value(&request).unwrap();
    assert_eq!(
        written["audio"]["voice"],
        serde_json::json!({"id": "voice_1234"})
    );
}

/// The OpenAI SDKs put a prompt-cache breakpoint on any kind of content part; it survives a
/// round trip.
#[test]
fn prompt_cache_breakpoints_on_parts_are_kept() {
    let breakpoint = serde_json::json!({"mode": "explicit", "ttl": "30m"});
    let request = serde_json::json!({
        "model": "m",
        "messages": [{"role": "user", "content": [
            {"type": "text", "text": "a", "prompt_cache_breakpoint": breakpoint},
            {"type": "image_url", "image_url": {"url": "https://x.example/a.png"}, "prompt_cache_breakpoint": breakpoint},
            {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}, "prompt_cache_breakpoint": breakpoint},
            {"type": "file", "file": {"file_id": "file-1"}, "prompt_cache_breakpoint": breakpoint}
        ]}]
    });
    let parsed: CreateChatCompletionRequest = serde_json::from_value(request).unwrap();
    let written = serde_json::to_value(&parsed).unwrap();
    for part in written["messages"][0]["content"].as_array().unwrap() {
        assert_eq!(part["prompt_cache_breakpoint"], breakpoint, "{part}");
    }
}

/// A voice that is neither a name nor `{"id": …}` is refused saying what a voice is.
#[test]
fn a_wrong_voice_says_what_a_voice_is() {
    let error = serde_json::from_str::<CreateChatCompletionRequest>(
        r#"{"model":"m","messages":[],"audio":{"voice":5,"format":"mp3"}}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("a voice name"), "{error}");
}

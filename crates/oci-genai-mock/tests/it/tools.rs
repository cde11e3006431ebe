//! Tool calls: REQUIRED, a named function and `[mock:tool]` in every
//! format, streamed in each family's fragment pattern, and the answer after
//! tool results.

use std::time::Duration;

use http::StatusCode;
use oci_genai_client::wire::{ChatResponse, ChatStreamEvent, Message, ToolCall};
use serde_json::{Value, json};

use crate::support::{Mock, generic, start, with};

const NO_HOLD: Duration = Duration::from_secs(5);
const HOLD_CHECK: Duration = Duration::from_millis(300);

fn tools() -> Value {
    json!([
        {"type": "FUNCTION", "name": "get_weather", "description": "Weather for a city",
         "parameters": {"type": "object", "required": ["city", "unit"], "properties": {
             "city": {"type": "string"},
             "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
             "days": {"type": "integer"}
         }}},
        {"type": "FUNCTION", "name": "get_time", "description": "Local time",
         "parameters": {"type": "object", "required": ["place"], "properties": {
             "place": {"type": "object", "required": ["lat", "lon"], "properties": {
                 "lat": {"type": "number", "minimum": -90, "maximum": 90},
                 "lon": {"type": "number"}
             }}
         }}}
    ])
}

fn with_tools(text: &str, choice: Option<Value>) -> Value {
    let mut request = with(generic(text), json!({"tools": tools()}));
    if let Some(choice) = choice {
        request = with(request, json!({"toolChoice": choice}));
    }
    request
}

/// The calls of a whole GENERIC answer: (id, name, arguments) and the
/// finish reason.
async fn generic_calls(
    mock: &Mock,
    model: &str,
    request: Value,
) -> (Vec<(Option<String>, String, Value)>, String) {
    let reply = mock.chat(model, request).await;
    let ChatResponse::Generic(answer) = reply.chat().chat_response else {
        panic!("not GENERIC")
    };
    let choice = &answer.choices[0];
    let Some(Message::Assistant(message)) = &choice.message else {
        panic!("no message")
    };
    let calls = message
        .tool_calls
        .iter()
        .flatten()
        .map(|call| {
            let ToolCall::Function(call) = call else {
                panic!("not a function call")
            };
            let arguments = serde_json::from_str(call.arguments.as_deref().unwrap()).unwrap();
            (call.id.clone(), call.name.clone().unwrap(), arguments)
        })
        .collect();
    (calls, choice.finish_reason.clone())
}

#[tokio::test]
async fn required_calls_the_first_tool_with_arguments_that_fit_its_schema() {
    let mock = start().await;
    for (model, id_prefix, finish) in [
        (
            "meta.llama-3.3-70b-instruct",
            Some("chatcmpl-tool-"),
            "tool_calls",
        ),
        ("openai.gpt-4.1", Some("call_"), "tool_calls"),
        ("openai.gpt-oss-120b", Some("call_"), "tool_calls"),
        ("xai.grok-4", Some("call_"), "tool_calls"),
        ("google.gemini-2.5-flash", None, "stop"),
    ] {
        let request = with_tools("What's the weather?", Some(json!({"type": "REQUIRED"})));
        let (calls, reason) = generic_calls(&mock, model, request).await;
        assert_eq!(calls.len(), 1, "{model}");
        let (id, name, arguments) = &calls[0];
        assert_eq!(name, "get_weather");
        assert_eq!(
            arguments,
            &json!({"city": "mock", "unit": "celsius"}),
            "{model}"
        );
        match id_prefix {
            Some(prefix) => assert!(
                id.as_deref().unwrap().starts_with(prefix),
                "{model}: {id:?}"
            ),
            None => assert_eq!(id, &None, "{model}: Gemini sends no ids"),
        }
        assert_eq!(reason, finish, "{model}");
    }
}

#[tokio::test]
async fn a_named_function_is_the_one_called() {
    let mock = start().await;
    let request = with_tools(
        "What time is it?",
        Some(json!({"type": "FUNCTION", "name": "get_time"})),
    );
    let (calls, _) = generic_calls(&mock, "openai.gpt-4.1", request).await;
    assert_eq!(calls[0].1, "get_time");
    assert_eq!(calls[0].2, json!({"place": {"lat": 0.0, "lon": 0.0}}));

    let request = with_tools("x", Some(json!({"type": "FUNCTION", "name": "nope"})));
    mock.chat("openai.gpt-4.1", request)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
}

#[tokio::test]
async fn auto_calls_only_on_a_marker_and_none_never() {
    let mock = start().await;
    let model = "meta.llama-3.3-70b-instruct";
    let (calls, finish) = generic_calls(&mock, model, with_tools("Weather?", None)).await;
    assert!(calls.is_empty());
    assert_eq!(finish, "stop");
    let (calls, _) = generic_calls(
        &mock,
        model,
        with_tools("Weather? [mock:tool]", Some(json!({"type": "AUTO"}))),
    )
    .await;
    assert_eq!(calls.len(), 1);
    let (calls, _) = generic_calls(
        &mock,
        model,
        with_tools("Time? [mock:tool name=get_time]", None),
    )
    .await;
    assert_eq!(calls[0].1, "get_time");
    let (calls, _) = generic_calls(&mock, model, with_tools("Both [mock:parallel]", None)).await;
    let names: Vec<&str> = calls.iter().map(|call| call.1.as_str()).collect();
    assert_eq!(names, ["get_weather", "get_time"]);
    assert_ne!(calls[0].0, calls[1].0, "each call has its own id");
    let (calls, _) = generic_calls(
        &mock,
        model,
        with_tools("Weather? [mock:tool]", Some(json!({"type": "NONE"}))),
    )
    .await;
    assert!(calls.is_empty());
}

/// Reassembles streamed GENERIC tool calls with the correlation rule clients
/// use: a fragment with an id (or, without ids, with a name) opens a call;
/// one without continues the last call.
fn reassemble(events: &[ChatStreamEvent]) -> Vec<(Option<String>, String, Value)> {
    let mut calls: Vec<(Option<String>, String, String)> = Vec::new();
    for event in events {
        let ChatStreamEvent::Generic(event) = event else {
            panic!("not GENERIC")
        };
        let fragments = event.message.as_ref().and_then(|m| m.tool_calls.as_ref());
        for fragment in fragments.into_iter().flatten() {
            if fragment.id.is_some() || fragment.name.is_some() {
                calls.push((
                    fragment.id.clone(),
                    fragment.name.clone().unwrap(),
                    String::new(),
                ));
            }
            let last = calls.last_mut().expect("a fragment continues a call");
            last.2.push_str(fragment.arguments.as_deref().unwrap_or(""));
        }
    }
    calls
        .into_iter()
        .map(|(id, name, arguments)| (id, name, serde_json::from_str(&arguments).unwrap()))
        .collect()
}

#[tokio::test]
async fn streamed_calls_follow_each_familys_fragment_pattern() {
    let mock = start().await;
    for (model, fragments_per_call, finish) in [
        // Fragmented: an opening fragment and argument pieces of 8 bytes.
        ("meta.llama-3.3-70b-instruct", None, "stop"),
        ("openai.gpt-4.1", None, "tool_calls"),
        ("openai.gpt-oss-120b", None, "tool_calls"),
        // Whole calls, one event each.
        ("xai.grok-4", Some(1), "tool_calls"),
        ("google.gemini-2.5-flash", Some(1), "stop"),
    ] {
        let request = with_tools("Both [mock:parallel]", None);
        let (whole, _) = generic_calls(&mock, model, request.clone()).await;
        let stream = mock.stream(model, request, NO_HOLD).await;
        let events = stream.events();
        let names_and_arguments =
            |calls: Vec<(Option<String>, String, Value)>| -> Vec<(String, Value)> {
                calls
                    .into_iter()
                    .map(|(_, name, arguments)| (name, arguments))
                    .collect()
            };
        let streamed = reassemble(&events);
        assert_eq!(
            streamed
                .iter()
                .map(|call| call.0.is_some())
                .collect::<Vec<_>>(),
            whole
                .iter()
                .map(|call| call.0.is_some())
                .collect::<Vec<_>>(),
            "{model}: ids streamed where the whole answer has them"
        );
        assert_eq!(
            names_and_arguments(streamed),
            names_and_arguments(whole),
            "{model}"
        );
        let carrying: usize = events
            .iter()
            .filter(|event| matches!(event, ChatStreamEvent::Generic(e) if e.message.as_ref().is_some_and(|m| m.tool_calls.is_some())))
            .count();
        match fragments_per_call {
            Some(n) => assert_eq!(carrying, 2 * n, "{model}"),
            None => assert!(carrying > 4, "{model}: {carrying} fragments"),
        }
        let finish_reasons: Vec<&str> = events
            .iter()
            .filter_map(ChatStreamEvent::finish_reason)
            .collect();
        assert_eq!(finish_reasons, [finish], "{model}");
    }
}

#[tokio::test]
async fn fragments_have_each_familys_fields() {
    let mock = start().await;
    let request = with_tools("Weather [mock:tool]", None);
    let fragments = |values: Vec<Value>| -> Vec<Value> {
        values
            .into_iter()
            .filter_map(|event| {
                event["message"]
                    .get("toolCalls")
                    .map(|calls| calls[0].clone())
            })
            .collect()
    };
    let openai = fragments(
        mock.stream("openai.gpt-4.1", request.clone(), NO_HOLD)
            .await
            .values(),
    );
    assert_eq!(openai[0]["arguments"], "");
    assert_eq!(openai[0]["type"], "FUNCTION");
    assert!(
        openai[1..]
            .iter()
            .all(|f| f["type"] == "FUNCTION" && f.get("id").is_none() && f.get("name").is_none())
    );

    let oss = fragments(
        mock.stream("openai.gpt-oss-120b", request.clone(), NO_HOLD)
            .await
            .values(),
    );
    assert_ne!(oss[0]["arguments"], "", "gpt-oss opens with arguments");
    assert!(oss.iter().all(|f| f.get("type").is_none()));

    let llama = fragments(
        mock.stream("meta.llama-3.3-70b-instruct", request.clone(), NO_HOLD)
            .await
            .values(),
    );
    assert_eq!(llama[0]["type"], "FUNCTION");
    for fragment in &llama[1..] {
        let keys: Vec<&str> = fragment
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["arguments"],
            "Llama argument fragments carry nothing else"
        );
    }

    let gemini = mock
        .stream("google.gemini-2.5-flash", request, NO_HOLD)
        .await
        .values();
    let call_event = gemini
        .iter()
        .find(|e| e["message"].get("toolCalls").is_some())
        .unwrap();
    assert_eq!(call_event["message"]["content"], json!([{"type": "TEXT"}]));
    assert!(call_event["message"]["toolCalls"][0].get("id").is_none());
}

#[tokio::test]
async fn after_a_tool_result_the_answer_quotes_it() {
    let mock = start().await;
    let request = json!({
        "apiFormat": "GENERIC",
        "messages": [
            {"role": "USER", "content": [{"type": "TEXT", "text": "Weather in Paris? [mock:tool]"}]},
            {"role": "ASSISTANT", "toolCalls": [{"id": "call_1", "type": "FUNCTION", "name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}]},
            {"role": "TOOL", "toolCallId": "call_1", "content": [{"type": "TEXT", "text": "{\"temp_c\": 18}"}]}
        ],
        "tools": tools(),
        "toolChoice": {"type": "REQUIRED"}
    });
    let reply = mock.chat("meta.llama-3.3-70b-instruct", request).await;
    let ChatResponse::Generic(answer) = reply.chat().chat_response else {
        panic!("not GENERIC")
    };
    let Some(Message::Assistant(message)) = &answer.choices[0].message else {
        panic!("no message")
    };
    assert!(message.tool_calls.is_none(), "no new call after the result");
    let text = message.content.as_ref().unwrap()[0].as_text().unwrap();
    assert_eq!(text, "The get_weather tool returned {\"temp_c\": 18}.");

    let cohere = json!({
        "apiFormat": "COHERE", "message": "",
        "chatHistory": [{"role": "USER", "message": "Weather in Rome?"},
                        {"role": "CHATBOT", "message": "", "toolCalls": [{"name": "get_weather", "parameters": {"city": "Rome"}}]}],
        "toolResults": [{"call": {"name": "get_weather", "parameters": {"city": "Rome"}}, "outputs": [{"temp_c": 24}]}]
    });
    let reply = mock.chat("cohere.command-r-plus-08-2024", cohere).await;
    let ChatResponse::Cohere(answer) = reply.chat().chat_response else {
        panic!("not COHERE")
    };
    assert_eq!(
        answer.text,
        "The get_weather tool returned {\"temp_c\":24}."
    );
    assert!(answer.tool_calls.is_none());

    let v2 = json!({
        "apiFormat": "COHEREV2",
        "messages": [
            {"role": "USER", "content": [{"type": "TEXT", "text": "Time?"}]},
            {"role": "ASSISTANT", "content": [{"type": "TEXT", "text": " "}], "toolCalls": [{"id": "t1", "type": "FUNCTION", "function": {"name": "get_time", "arguments": "{}"}}]},
            {"role": "TOOL", "toolCallId": "t1", "content": [{"type": "TEXT", "text": "12:00"}]}
        ]
    });
    let stream = mock
        .stream("cohere.command-a-03-2025", v2, HOLD_CHECK)
        .await;
    let text: String = stream.values()[..stream.values().len() - 1]
        .iter()
        .map(|event| {
            event["message"]["content"][0]["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(text, "The get_time tool returned 12:00.");
}

#[tokio::test]
async fn cohere_v1_calls_carry_parameters_objects() {
    let mock = start().await;
    let request = json!({
        "apiFormat": "COHERE", "message": "Weather in Paris? [mock:tool]",
        "tools": [{"name": "get_weather", "description": "Weather", "parameterDefinitions": {
            "city": {"type": "str", "isRequired": true, "description": "City"},
            "days": {"type": "int"}
        }}],
        "streamOptions": {"isIncludeUsage": true}
    });
    let reply = mock
        .chat("cohere.command-r-plus-08-2024", request.clone())
        .await;
    let ChatResponse::Cohere(answer) = reply.chat().chat_response else {
        panic!("not COHERE")
    };
    let calls = answer.tool_calls.unwrap();
    assert_eq!(calls[0].name, "get_weather");
    assert_eq!(calls[0].parameters, json!({"city": "mock"}));
    assert_eq!(answer.text, "I will use get_weather to answer.");
    assert_eq!(answer.finish_reason.as_str(), "COMPLETE");

    let stream = mock
        .stream("cohere.command-r-plus-08-2024", request, HOLD_CHECK)
        .await;
    let values = stream.values();
    let n = values.len();
    assert_eq!(
        values[n - 2]["text"],
        answer.text,
        "the tool event repeats the text"
    );
    assert_eq!(
        values[n - 2]["toolCalls"][0]["parameters"],
        json!({"city": "mock"})
    );
    assert_eq!(values[n - 1]["finishReason"], "COMPLETE");
    assert_eq!(
        values[n - 1]["chatHistory"][1]["toolCalls"][0]["name"],
        "get_weather"
    );
    assert!(values[n - 1]["usage"]["totalTokens"].is_u64());
}

#[tokio::test]
async fn cohere_v2_required_tools_are_nested_calls() {
    let mock = start().await;
    let request = json!({
        "apiFormat": "COHEREV2",
        "messages": [{"role": "USER", "content": [{"type": "TEXT", "text": "Weather?"}]}],
        "tools": [{"type": "FUNCTION", "function": {"name": "get_weather", "parameters": {
            "type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}}}],
        "toolsChoice": "REQUIRED"
    });
    let reply = mock.chat("cohere.command-a-03-2025", request.clone()).await;
    let ChatResponse::CohereV2(answer) = reply.chat().chat_response else {
        panic!("not COHEREV2")
    };
    assert_eq!(answer.finish_reason.as_str(), "TOOL_CALL");
    let call = &answer.message.tool_calls.unwrap()[0];
    assert!(call.id.as_deref().unwrap().starts_with("get_weather_"));
    let function = call.function.as_ref().unwrap();
    assert_eq!(function["name"], "get_weather");
    let arguments: Value = serde_json::from_str(function["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(arguments, json!({"city": "mock"}));
    assert_eq!(
        answer.message.tool_plan.as_deref(),
        Some("I will use get_weather to answer.")
    );

    let stream = mock
        .stream("cohere.command-a-03-2025", request, HOLD_CHECK)
        .await;
    let values = stream.values();
    assert!(
        values
            .iter()
            .any(|event| event["message"]["toolCalls"][0]["function"]["name"] == "get_weather")
    );
    assert_eq!(values.last().unwrap()["finishReason"], "TOOL_CALL");
}

#[tokio::test]
async fn required_without_tools_is_refused() {
    let mock = start().await;
    let request = with(generic("x"), json!({"toolChoice": {"type": "REQUIRED"}}));
    mock.chat("openai.gpt-4.1", request)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
}

//! Tool calls, round trip: the model asks for a tool (`tool_choice` required or named, or
//! `[mock:tool]` / `[mock:parallel]` under `auto`), the client runs it and sends the result,
//! the model answers in text. Whole and streamed.

use serde_json::{Value, json};

use crate::support::client::assemble;
use crate::support::gateway::Gateway;
use crate::support::requests::{time_tool, weather_tool};

fn ask(model: &str, text: &str, tool_choice: Value, stream: bool) -> Value {
    json!({
        "model": model,
        "stream": stream,
        "messages": [{"role": "user", "content": text}],
        "tools": [weather_tool(), time_tool()],
        "tool_choice": tool_choice,
    })
}

/// The follow-up request: the conversation, the model's calls, one result per call.
fn answer_calls(first: &Value, calls: &[(String, String, String)], results: &[&str]) -> Value {
    let mut body = first.clone();
    body["stream"] = json!(false);
    let messages = body["messages"].as_array_mut().unwrap();
    messages.push(json!({
        "role": "assistant",
        "content": null,
        "tool_calls": calls.iter().map(|(id, name, arguments)| json!({
            "id": id,
            "type": "function",
            "function": {"name": name, "arguments": arguments}
        })).collect::<Vec<_>>(),
    }));
    for ((id, _, _), result) in calls.iter().zip(results) {
        messages.push(json!({"role": "tool", "tool_call_id": id, "content": result}));
    }
    body
}

fn calls_of(message: &Value) -> Vec<(String, String, String)> {
    message["tool_calls"]
        .as_array()
        .unwrap_or_else(|| panic!("no tool_calls: {message}"))
        .iter()
        .map(|call| {
            assert_eq!(call["type"], "function");
            (
                call["id"].as_str().unwrap().to_owned(),
                call["function"]["name"].as_str().unwrap().to_owned(),
                call["function"]["arguments"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The mock fills the required properties; an enum gets its first value, except in COHERE
/// (V1) whose parameter definitions have no enum (translate moves it into the description).
fn assert_weather_arguments(arguments: &str) -> Value {
    let arguments: Value = serde_json::from_str(arguments).unwrap();
    assert!(arguments["city"].is_string(), "{arguments}");
    assert!(arguments["unit"].is_string(), "{arguments}");
    arguments
}

/// How the model is made to call a tool.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Forced {
    /// `tool_choice: "required"`.
    ByToolChoice,
    /// `tool_choice: "auto"` and `[mock:tool]` (the COHERE format cannot force a call).
    ByMarker,
}

fn ask_for_weather(model: &str, forced: Forced, stream: bool) -> Value {
    match forced {
        Forced::ByToolChoice => ask(model, "Weather in Paris?", json!("required"), stream),
        Forced::ByMarker => ask(
            model,
            "Weather in Paris? [mock:tool]",
            json!("auto"),
            stream,
        ),
    }
}

/// Whole answers: the model calls the tool, the client sends the result, the model answers.
pub(crate) async fn round_trip_whole(gateway: &Gateway, model: &str, forced: Forced) {
    let first = ask_for_weather(model, forced, false);
    let answer = gateway.client.chat(&first).await.ok();
    let choice = &answer["choices"][0];
    assert_eq!(choice["finish_reason"], "tool_calls", "{model}: {answer}");
    let calls = calls_of(&choice["message"]);
    assert_eq!(calls.len(), 1, "{model}: {answer}");
    assert_eq!(calls[0].1, "get_weather", "{model}");
    assert_weather_arguments(&calls[0].2);
    assert!(!calls[0].0.is_empty());

    let follow_up = answer_calls(&first, &calls, &["18 degrees and sunny"]);
    let answer = gateway.client.chat(&follow_up).await.ok();
    let choice = &answer["choices"][0];
    assert_eq!(choice["finish_reason"], "stop", "{model}: {answer}");
    let text = choice["message"]["content"].as_str().unwrap();
    assert!(
        text.contains("get_weather") && text.contains("18 degrees and sunny"),
        "{model}: {text}"
    );
}

/// Streamed: the call assembled from its fragments, then the result, then streamed text.
pub(crate) async fn round_trip_streamed(gateway: &Gateway, model: &str, forced: Forced) {
    let first = ask_for_weather(model, forced, true);
    let reply = gateway.client.chat_stream(&first).await;
    let assembled = assemble(&reply.chunks());
    assert_eq!(
        assembled.finish_reason.as_deref(),
        Some("tool_calls"),
        "{model}: {}",
        reply.raw
    );
    assert_eq!(assembled.tool_calls.len(), 1, "{model}: {}", reply.raw);
    assert_eq!(assembled.tool_calls[0].1, "get_weather");
    assert_weather_arguments(&assembled.tool_calls[0].2);

    let mut follow_up = answer_calls(&first, &assembled.tool_calls, &["18 degrees and sunny"]);
    follow_up["stream"] = json!(true);
    let reply = gateway.client.chat_stream(&follow_up).await;
    let assembled = assemble(&reply.chunks());
    assert_eq!(assembled.finish_reason.as_deref(), Some("stop"), "{model}");
    assert!(
        assembled.content.contains("18 degrees and sunny"),
        "{model}: {}",
        reply.raw
    );
}

#[tokio::test]
async fn required_tool_choice_round_trip() {
    let gateway = Gateway::mock().await;
    round_trip_whole(&gateway, "gpt-5", Forced::ByToolChoice).await;
}

#[tokio::test]
async fn tool_arguments_follow_the_schema() {
    let gateway = Gateway::mock().await;
    let answer = gateway
        .client
        .chat(&ask_for_weather("gpt-5", Forced::ByToolChoice, false))
        .await
        .ok();
    let calls = calls_of(&answer["choices"][0]["message"]);
    let arguments = assert_weather_arguments(&calls[0].2);
    assert_eq!(arguments["unit"], "celsius", "the first enum value");
    assert_eq!(
        arguments.as_object().unwrap().len(),
        2,
        "the required properties: {arguments}"
    );
}

#[tokio::test]
async fn required_tool_choice_round_trip_streamed() {
    let gateway = Gateway::mock().await;
    round_trip_streamed(&gateway, "gpt-5", Forced::ByToolChoice).await;
}

/// COHERE (V1) has no way to force a tool call; the client is told so, by name.
#[tokio::test]
async fn required_tool_choice_on_cohere_v1_is_a_400() {
    let gateway = Gateway::mock().await;
    let reply = gateway
        .client
        .chat(&ask(
            "cohere.command-r-plus-08-2024",
            "Weather?",
            json!("required"),
            false,
        ))
        .await;
    let error = reply.openai_error(400, "invalid_request_error", Some("unsupported_parameter"));
    assert_eq!(error["param"], "tool_choice");
}

#[tokio::test]
async fn a_marker_picks_the_tool_under_auto() {
    let gateway = Gateway::mock().await;
    let first = ask(
        "meta.llama-3.3-70b-instruct",
        "What time is it in Tokyo? [mock:tool name=get_time]",
        json!("auto"),
        false,
    );
    let answer = gateway.client.chat(&first).await.ok();
    let calls = calls_of(&answer["choices"][0]["message"]);
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].1, "get_time");
    let arguments: Value = serde_json::from_str(&calls[0].2).unwrap();
    assert!(arguments["zone"].is_string(), "{arguments}");
    let answer = gateway
        .client
        .chat(&answer_calls(&first, &calls, &["09:00 JST"]))
        .await
        .ok();
    assert!(
        answer["choices"][0]["message"]["content"]
            .as_str()
            .unwrap()
            .contains("09:00 JST")
    );
}

#[tokio::test]
async fn auto_without_a_marker_answers_in_text() {
    let gateway = Gateway::mock().await;
    let answer = gateway
        .client
        .chat(&ask("gpt-5", "Just chat with me", json!("auto"), false))
        .await
        .ok();
    assert_eq!(answer["choices"][0]["finish_reason"], "stop");
    assert!(
        answer["choices"][0]["message"]
            .get("tool_calls")
            .is_none_or(Value::is_null)
    );
}

#[tokio::test]
async fn a_named_tool_choice_calls_that_tool() {
    let gateway = Gateway::mock().await;
    let choice = json!({"type": "function", "function": {"name": "get_time"}});
    let answer = gateway
        .client
        .chat(&ask("openai.gpt-oss-120b", "Anything", choice, false))
        .await
        .ok();
    let calls = calls_of(&answer["choices"][0]["message"]);
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].1, "get_time");
}

#[tokio::test]
async fn parallel_calls_stream_with_their_own_ids_and_indices() {
    let gateway = Gateway::mock().await;
    let first = ask(
        "xai.grok-4",
        "Weather and time in Paris [mock:parallel]",
        json!("auto"),
        true,
    );
    let reply = gateway.client.chat_stream(&first).await;
    let assembled = assemble(&reply.chunks());
    assert_eq!(assembled.finish_reason.as_deref(), Some("tool_calls"));
    let names: Vec<_> = assembled.tool_calls.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(names, ["get_weather", "get_time"], "{}", reply.raw);
    assert_ne!(assembled.tool_calls[0].0, assembled.tool_calls[1].0);
    for (_, _, arguments) in &assembled.tool_calls {
        assert!(
            serde_json::from_str::<Value>(arguments)
                .unwrap()
                .is_object()
        );
    }
    let answer = gateway
        .client
        .chat(&answer_calls(
            &first,
            &assembled.tool_calls,
            &["18 degrees", "14:00 CET"],
        ))
        .await
        .ok();
    assert_eq!(answer["choices"][0]["finish_reason"], "stop");
    assert!(answer["choices"][0]["message"]["content"].is_string());
}

/// Agents send the same tools on every turn, and the gateway remembers what cleaning made of
/// each schema. A tool whose schema changes under the same name is sent as it now is: the
/// mock's arguments follow the enum of the schema each request carried.
#[tokio::test]
async fn a_tool_schema_changed_under_the_same_name_is_sent_as_it_now_is() {
    let gateway = Gateway::mock().await;
    // `$defs`, `$ref` and `title` need cleaning; the unit's first value is what the mock picks.
    let ask_with_units = |units: &[&str]| {
        json!({
            "model": "meta.llama-3.3-70b-instruct",
            "messages": [{"role": "user", "content": "Weather in Paris?"}],
            "tool_choice": "required",
            "tools": [{"type": "function", "function": {
                "name": "get_weather",
                "parameters": {
                    "$defs": {"Unit": {"type": "string", "enum": units, "title": "Unit"}},
                    "type": "object",
                    "title": "GetWeather",
                    "properties": {"unit": {"$ref": "#/$defs/Unit"}},
                    "required": ["unit"]
                }
            }}]
        })
    };
    for units in [
        &["kelvin", "celsius"][..],
        &["kelvin", "celsius"],
        &["celsius"],
        &["kelvin", "celsius"],
    ] {
        let answer = gateway.client.chat(&ask_with_units(units)).await.ok();
        let calls = calls_of(&answer["choices"][0]["message"]);
        let arguments: Value = serde_json::from_str(&calls[0].2).unwrap();
        assert_eq!(arguments, json!({"unit": units[0]}), "{units:?}: {answer}");
    }
}

/// A COHEREV2 reasoning model thinks, then plans its tool calls: streamed, the reasoning a
/// client rebuilds is the reasoning of the whole answer, plan set apart from thoughts the same
/// way.
#[tokio::test]
async fn a_plan_after_reasoning_streams_as_the_whole_answer_has_it() {
    let gateway = Gateway::mock().await;
    let model = "cohere.command-a-reasoning-08-2025";
    let text = "Weather and time in Paris [mock:reasoning] [mock:parallel]";
    let whole = gateway
        .client
        .chat(&ask(model, text, json!("auto"), false))
        .await
        .ok();
    let reasoning = whole["choices"][0]["message"]["reasoning_content"]
        .as_str()
        .unwrap();
    assert!(reasoning.contains("\n\n"), "{whole}");
    let reply = gateway
        .client
        .chat_stream(&ask(model, text, json!("auto"), true))
        .await;
    let assembled = assemble(&reply.chunks());
    assert_eq!(assembled.reasoning, reasoning, "{}", reply.raw);
    assert_eq!(assembled.tool_calls.len(), 2, "{}", reply.raw);
}

//! The mock's streams against the per-family captures in
//! `oci-genai-client/tests/data/sse/`: the same sequence of event shapes
//! (keys and value types, `pad` aside, repeats of one shape counted once).

use std::time::Duration;

use oci_genai_client::sse::Decoder;
use serde_json::{Map, Value, json};

use crate::support::{Stream, client_fixture, generic, start, with};

const HOLD_CHECK: Duration = Duration::from_millis(300);

/// A JSON value with every leaf replaced by its type and `pad` removed.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(key, _)| key.as_str() != "pad")
                .map(|(key, value)| (key.clone(), shape(value)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(shape).collect()),
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("bool"),
        Value::Null => json!("null"),
    }
}

/// The shapes of a list of event data, consecutive repeats once.
fn shapes<'a>(data: impl IntoIterator<Item = &'a str>) -> Vec<Value> {
    let mut shapes: Vec<Value> = Vec::new();
    for data in data {
        let next = if data == "[DONE]" {
            json!("[DONE]")
        } else {
            shape(&serde_json::from_str(data).unwrap())
        };
        if shapes.last() != Some(&next) {
            shapes.push(next);
        }
    }
    shapes
}

fn fixture_shapes(file: &str) -> Vec<Value> {
    let text = client_fixture(&format!("sse/{file}"));
    let mut decoder = Decoder::new();
    let mut data: Vec<String> = decoder
        .push(text.as_bytes())
        .map(|event| event.unwrap().into_data())
        .collect();
    data.extend(decoder.finish().map(|event| event.unwrap().into_data()));
    shapes(data.iter().map(String::as_str))
}

fn mock_shapes(stream: &Stream) -> Vec<Value> {
    shapes(stream.data.iter().map(String::as_str))
}

fn tool(name: &str, parameter: &str) -> Value {
    json!({"type": "FUNCTION", "name": name, "parameters": {
        "type": "object", "required": [parameter], "properties": {parameter: {"type": "string"}}
    }})
}

#[tokio::test]
async fn meta_llama_text() {
    let mock = start().await;
    let request = with(
        generic("Weather in Paris?"),
        json!({"streamOptions": {"isIncludeUsage": true}}),
    );
    let stream = mock
        .stream("meta.llama-3.3-70b-instruct", request, HOLD_CHECK)
        .await;
    assert_eq!(mock_shapes(&stream), fixture_shapes("meta-llama-text.sse"));
}

#[tokio::test]
async fn openai_gpt_parallel_tools() {
    let mock = start().await;
    let request = with(
        generic("Weather and time in Paris? [mock:parallel]"),
        json!({"tools": [tool("get_weather", "city"), tool("get_time", "timezone")],
               "streamOptions": {"isIncludeUsage": true}}),
    );
    let stream = mock
        .stream("openai.gpt-4.1-mini", request, HOLD_CHECK)
        .await;
    assert_eq!(
        mock_shapes(&stream),
        fixture_shapes("openai-gpt-parallel-tools.sse")
    );
}

#[tokio::test]
async fn openai_gpt_oss_tool() {
    let mock = start().await;
    let request = with(
        generic("Weather in NYC? [mock:tool] [mock:reasoning]"),
        json!({"tools": [tool("get_weather", "location")]}),
    );
    let stream = mock
        .stream("openai.gpt-oss-120b", request, HOLD_CHECK)
        .await;
    assert_eq!(
        mock_shapes(&stream),
        fixture_shapes("openai-gpt-oss-tool.sse")
    );
}

#[tokio::test]
async fn xai_grok_tools() {
    let mock = start().await;
    let request = with(
        generic("Weather and time in Tokyo? [mock:parallel] [mock:reasoning]"),
        json!({"tools": [tool("get_weather", "location"), tool("get_time", "timezone")]}),
    );
    let stream = mock.stream("xai.grok-3-mini", request, HOLD_CHECK).await;
    assert_eq!(mock_shapes(&stream), fixture_shapes("xai-grok-tools.sse"));
}

#[tokio::test]
async fn gemini_tools() {
    let mock = start().await;
    let request = with(
        generic("Weather and time in Boston? [mock:parallel]"),
        json!({"tools": [tool("get_weather", "location"), tool("get_time", "timezone")]}),
    );
    let stream = mock
        .stream("google.gemini-2.5-flash", request, HOLD_CHECK)
        .await;
    assert_eq!(mock_shapes(&stream), fixture_shapes("gemini-tools.sse"));
}

#[tokio::test]
async fn cohere_v1_tool_turn() {
    let mock = start().await;
    let request = json!({
        "apiFormat": "COHERE", "message": "What's the weather in Paris? [mock:tool]",
        "tools": [{"name": "get_weather", "description": "Weather", "parameterDefinitions": {
            "city": {"type": "str", "isRequired": true}}}],
        "streamOptions": {"isIncludeUsage": true}
    });
    let stream = mock
        .stream("cohere.command-r-plus-08-2024", request, HOLD_CHECK)
        .await;
    assert_eq!(
        mock_shapes(&stream),
        fixture_shapes("cohere-v1-tool-turn.sse")
    );
}

#[tokio::test]
async fn cohere_v1_text() {
    let mock = start().await;
    let request =
        json!({"apiFormat": "COHERE", "message": "Hi", "streamOptions": {"isIncludeUsage": true}});
    let stream = mock
        .stream("cohere.command-a-03-2025", request, HOLD_CHECK)
        .await;
    assert_eq!(mock_shapes(&stream), fixture_shapes("cohere-v1-text.sse"));
}

#[tokio::test]
async fn cohere_v2_text() {
    let mock = start().await;
    let request = json!({"apiFormat": "COHEREV2", "messages": [
        {"role": "USER", "content": [{"type": "TEXT", "text": "Hi"}]}]});
    let stream = mock
        .stream("cohere.command-a-03-2025", request, HOLD_CHECK)
        .await;
    assert_eq!(mock_shapes(&stream), fixture_shapes("cohere-v2-text.sse"));
}

#[tokio::test]
async fn cohere_v2_thinking() {
    let mock = start().await;
    let request = json!({"apiFormat": "COHEREV2", "messages": [
        {"role": "USER", "content": [{"type": "TEXT", "text": "What is 17 × 3?"}]}],
        "thinking": {"type": "ENABLED"}});
    let stream = mock
        .stream("cohere.command-a-reasoning-08-2025", request, HOLD_CHECK)
        .await;
    assert_eq!(
        mock_shapes(&stream),
        fixture_shapes("cohere-v2-thinking.sse")
    );
}

#[test]
fn shapes_ignore_values_and_pad_but_not_keys() {
    let a = shapes([
        r#"{"text":"a","pad":"aa"}"#,
        r#"{"text":"bb","pad":"a"}"#,
        r#"{"text":"c","finishReason":"x"}"#,
    ]);
    assert_eq!(
        a,
        [
            json!({"text": "string"}),
            json!({"text": "string", "finishReason": "string"})
        ]
    );
}

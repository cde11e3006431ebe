//! Request bodies as OpenAI clients send them.

use serde_json::{Value, json};

/// A chat request with one user message.
pub(crate) fn chat(model: &str, text: &str) -> Value {
    json!({
        "model": model,
        "messages": [{"role": "user", "content": text}],
    })
}

/// The same, streamed.
pub(crate) fn chat_stream(model: &str, text: &str) -> Value {
    let mut body = chat(model, text);
    body["stream"] = json!(true);
    body
}

/// A streamed chat asking for the usage chunk.
pub(crate) fn chat_stream_with_usage(model: &str, text: &str) -> Value {
    let mut body = chat_stream(model, text);
    body["stream_options"] = json!({"include_usage": true});
    body
}

/// The weather tool of the tool-call tests.
pub(crate) fn weather_tool() -> Value {
    json!({
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather in a city",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string"},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
                },
                "required": ["city", "unit"]
            }
        }
    })
}

/// A second tool, for parallel calls.
pub(crate) fn time_tool() -> Value {
    json!({
        "type": "function",
        "function": {
            "name": "get_time",
            "description": "Current time in a time zone",
            "parameters": {
                "type": "object",
                "properties": {"zone": {"type": "string"}},
                "required": ["zone"]
            }
        }
    })
}

//! Fixture loading and comparison helpers shared by the tests.

use std::path::PathBuf;

use oci_genai_client::sse::{Decoder, Event};
use oci_genai_client::wire::ChatStreamEvent;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The SSE captures, by file name under `tests/data/sse/`.
pub(crate) const SSE_FIXTURES: &[&str] = &[
    "meta-llama-text.sse",
    "openai-gpt-parallel-tools.sse",
    "openai-gpt-oss-tool.sse",
    "xai-grok-tools.sse",
    "gemini-max-tokens.sse",
    "gemini-tools.sse",
    "cohere-v1-tool-turn.sse",
    "cohere-v1-text.sse",
    "cohere-v2-text.sse",
    "cohere-v2-thinking.sse",
];

pub(crate) fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative)
}

pub(crate) fn read(relative: &str) -> Vec<u8> {
    let path = data_path(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub(crate) fn read_json(relative: &str) -> Value {
    serde_json::from_slice(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The SSE capture `name` (under `tests/data/sse/`).
pub(crate) fn sse(name: &str) -> Vec<u8> {
    read(&format!("sse/{name}"))
}

/// Decodes `chunks` as one stream, panicking on a decode error.
pub(crate) fn decode_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Vec<Event> {
    let mut decoder = Decoder::new();
    let mut events = Vec::new();
    for chunk in chunks {
        events.extend(decoder.push(chunk).map(|e| e.expect("decode error")));
    }
    events.extend(decoder.finish().map(|e| e.expect("decode error")));
    events
}

/// Decodes a whole body in one push.
pub(crate) fn decode(body: &[u8]) -> Vec<Event> {
    decode_chunks([body])
}

/// One decoded SSE event: the `[DONE]` sentinel or a parsed chat event.
#[derive(Debug, Clone, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "test helper; matching through a Box is clumsier"
)]
pub(crate) enum Item {
    Done,
    Event(ChatStreamEvent),
}

impl Item {
    pub(crate) fn event(&self) -> &ChatStreamEvent {
        match self {
            Item::Event(event) => event,
            Item::Done => panic!("expected an event, got [DONE]"),
        }
    }
}

/// Decodes and parses a whole capture.
pub(crate) fn items(name: &str) -> Vec<Item> {
    parse_items(&decode(&sse(name)))
}

pub(crate) fn parse_items(events: &[Event]) -> Vec<Item> {
    events
        .iter()
        .map(|event| {
            if event.is_done() {
                Item::Done
            } else {
                Item::Event(
                    ChatStreamEvent::from_json(event.data().as_bytes())
                        .unwrap_or_else(|e| panic!("{e}: {}", event.data())),
                )
            }
        })
        .collect()
}

/// Compares two JSON documents the way OCI reads them: `null` equals absent,
/// and numbers compare by value (`1` equals `1.0`).
pub(crate) fn assert_json_eq(actual: &Value, expected: &Value, context: &str) {
    let (a, e) = (normalise(actual), normalise(expected));
    if a != e {
        panic!(
            "{context}: JSON differs\n actual: {}\n expected: {}",
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&e).unwrap()
        );
    }
}

fn normalise(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), normalise(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(_), _) | (_, Some(_)) => value.clone(),
            _ => {
                // A float with an integral value compares equal to the integer.
                let f = n.as_f64().unwrap();
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    Value::from(f as i64)
                } else {
                    value.clone()
                }
            }
        },
        _ => value.clone(),
    }
}

/// Parses `json` as `T`, serializes it back, and checks that nothing was lost
/// and that parsing the output gives the same value.
pub(crate) fn round_trip<T>(json: &Value, context: &str) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let parsed: T =
        serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{context}: {e}"));
    let written = serde_json::to_value(&parsed).unwrap();
    assert_json_eq(&written, json, context);
    let again: T = serde_json::from_value(written.clone()).unwrap();
    assert_eq!(again, parsed, "{context}: second parse differs");
    // The byte form parses the same as the value form.
    let bytes = serde_json::to_vec(&written).unwrap();
    let from_bytes: T = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(from_bytes, parsed, "{context}: parse from bytes differs");
    parsed
}

/// Joins streamed GENERIC tool-call fragments with the documented rule: a
/// fragment with an id starts a call (or continues the call with that id), a
/// fragment without one continues the call most recently started at the same
/// array position. Returns `(id, name, arguments)` per call, in order.
pub(crate) fn join_tool_calls(items: &[Item]) -> Vec<(Option<String>, String, String)> {
    let mut calls: Vec<(Option<String>, String, String)> = Vec::new();
    let mut latest_at_position: Vec<Option<usize>> = Vec::new();
    for item in items {
        let Item::Event(ChatStreamEvent::Generic(event)) = item else {
            continue;
        };
        let Some(fragments) = event.message.as_ref().and_then(|m| m.tool_calls.as_ref()) else {
            continue;
        };
        for (position, fragment) in fragments.iter().enumerate() {
            if latest_at_position.len() <= position {
                latest_at_position.resize(position + 1, None);
            }
            let known = fragment
                .id
                .as_ref()
                .and_then(|id| calls.iter().position(|c| c.0.as_ref() == Some(id)));
            let target = match (known, &fragment.id, latest_at_position[position]) {
                (Some(i), _, _) => i,
                // An id-less fragment that names a function opens a call
                // (Gemini sends no ids at all).
                (None, None, Some(i)) if fragment.name.is_none() => i,
                _ => {
                    calls.push((fragment.id.clone(), String::new(), String::new()));
                    calls.len() - 1
                }
            };
            latest_at_position[position] = Some(target);
            if let Some(name) = &fragment.name {
                calls[target].1.push_str(name);
            }
            if let Some(arguments) = &fragment.arguments {
                calls[target].2.push_str(arguments);
            }
        }
    }
    calls
}

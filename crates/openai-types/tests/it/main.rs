//! Integration tests of `openai-types`; `tests/README.md` maps files to what they cover.

// clippy.toml allows these inside `#[test]` functions only; the shared helpers fail the same way.
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail loudly"
)]

mod chat_request;
mod chat_response;
mod chunk;
mod embeddings;
mod enums;
mod error;
mod models;
mod openai_sdk;
mod openclaw;
mod properties;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reads a file under `tests/data/`.
fn fixture(path: &str) -> String {
    let full = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|err| panic!("cannot read {full}: {err}"))
}

/// Parses `json` as `T`, writes it back and returns `(original, written)` as JSON values.
///
/// Writing goes through a string, the way bytes go over the wire, so floats are compared as
/// they would be read by a client.
fn reparse<T: Serialize + DeserializeOwned>(json: &str) -> (T, Value, Value) {
    let original: Value = serde_json::from_str(json).expect("fixture is JSON");
    let typed: T = serde_json::from_str(json).expect("fixture parses as the type");
    let written = serde_json::to_string(&typed).expect("type serialises");
    let written: Value = serde_json::from_str(&written).expect("output is JSON");
    (typed, original, written)
}

/// Asserts that `json` survives parse -> write unchanged, and returns the parsed value.
fn assert_round_trip<T: Serialize + DeserializeOwned>(json: &str) -> T {
    let (typed, original, written) = reparse::<T>(json);
    assert_json_eq(&written, &original);
    typed
}

/// Compares two JSON values and, on failure, names the first differing path.
fn assert_json_eq(actual: &Value, expected: &Value) {
    if let Some(path) = first_difference(actual, expected, String::new()) {
        panic!(
            "JSON differs at `{path}`\n  actual:   {}\n  expected: {}",
            lookup(actual, &path),
            lookup(expected, &path)
        );
    }
}

fn first_difference(actual: &Value, expected: &Value, path: String) -> Option<String> {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for key in a.keys().chain(e.keys()) {
                let child = format!("{path}/{key}");
                match (a.get(key), e.get(key)) {
                    (Some(x), Some(y)) => {
                        if let Some(found) = first_difference(x, y, child) {
                            return Some(found);
                        }
                    }
                    _ => return Some(child),
                }
            }
            None
        }
        (Value::Array(a), Value::Array(e)) if a.len() == e.len() => a
            .iter()
            .zip(e)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, format!("{path}/{i}"))),
        _ if actual == expected => None,
        _ => Some(path),
    }
}

fn lookup(value: &Value, path: &str) -> String {
    value
        .pointer(path)
        .map_or_else(|| "<absent>".to_owned(), Value::to_string)
        .chars()
        .take(300)
        .collect()
}

/// The JSON payloads of an SSE stream, without the `[DONE]` sentinel.
fn sse_events(stream: &str) -> Vec<&str> {
    stream
        .lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter(|data| *data != "[DONE]")
        .collect()
}

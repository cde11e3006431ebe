//! Translation cost next to JSON's own: a request (the 44 KB OpenClaw capture and a 20-message
//! agent conversation) against serde_json parsing and re-serializing it, and one stream event
//! through the chunk translator.
//!
//! Run with `cargo bench -p translate --bench translate`. What the ratios compare is written
//! up in `docs/benchmarks.md`, section "Translation (`translate`)".

#![expect(
    clippy::expect_used,
    reason = "a broken fixture must stop the benchmark"
)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use oci_genai_client::wire::ChatStreamEvent;
use openai_types::chat::CreateChatCompletionRequest;
use serde::Deserialize;
use serde_json::json;
use translate::{
    ApiFormat, ChunkTranslator, RequestOptions, ResponseContext, SchemaMemo, Target, chat_request,
};

#[derive(Deserialize)]
struct Capture {
    body: serde_json::Value,
}

/// The 44 KB OpenClaw capture (25 KB system prompt, 11 tools, a tool turn), as the bytes a
/// client sends: written by the typed request, so that `role` and `type` come first in each
/// object as clients write them (`serde_json::Value` would sort the keys).
fn openclaw_body() -> String {
    let capture: Capture = serde_json::from_str(include_str!(
        "../tests/data/openclaw-requests/openclaw-exec-compat-overrides-tool-turn-2.json"
    ))
    .expect("fixture parses");
    client_bytes(capture.body)
}

/// A request as a client writes it, from a `Value` whose keys are sorted.
fn client_bytes(request: serde_json::Value) -> String {
    let request: CreateChatCompletionRequest =
        serde_json::from_value(request).expect("fixture is a chat request");
    serde_json::to_string(&request).expect("fixture serializes")
}

/// A 20-message agent conversation: a 2 KB system prompt, 4 tools, then user turns, tool
/// calls with results, and answers.
fn agent_body() -> String {
    let tool = |name: &str| {
        json!({"type": "function", "function": {"name": name, "description": format!("The {name} tool of the agent."),
            "parameters": {"type": "object", "properties": {
                "path": {"type": "string", "description": "File path; relative or absolute."},
                "limit": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Limit"},
                "flags": {"type": "array", "items": {"type": "string"}}},
              "required": ["path"]}}})
    };
    let mut messages =
        vec![json!({"role": "system", "content": "You are a careful coding agent. ".repeat(64)})];
    for turn in 0..4 {
        messages.push(json!({"role": "user", "content": format!("Step {turn}: read the file and fix the failing test, then report.")}));
        messages.push(json!({"role": "assistant", "content": null, "tool_calls": [
            {"id": format!("call_{turn}_a"), "type": "function", "function": {"name": "read", "arguments": "{\"path\":\"src/lib.rs\"}"}},
            {"id": format!("call_{turn}_b"), "type": "function", "function": {"name": "exec", "arguments": "{\"path\":\"cargo test\"}"}}]}));
        messages.push(json!({"role": "tool", "tool_call_id": format!("call_{turn}_a"), "content": "fn main() {}\n".repeat(20)}));
        messages.push(json!({"role": "tool", "tool_call_id": format!("call_{turn}_b"), "content": "test result: ok. 12 passed; 0 failed"}));
        messages.push(json!({"role": "assistant", "content": "The tests pass now; the fix was a missing bound check."}));
    }
    messages.truncate(20);
    assert_eq!(messages.len(), 20);
    client_bytes(json!({
        "model": "mock-model", "messages": messages, "stream": true,
        "stream_options": {"include_usage": true}, "max_completion_tokens": 4096,
        "tools": [tool("read"), tool("write"), tool("exec"), tool("ls")], "tool_choice": "auto",
        "store": false
    }))
}

fn json_roundtrip(body: &str) -> Vec<u8> {
    let request: CreateChatCompletionRequest = serde_json::from_str(body).expect("parses");
    serde_json::to_vec(&request).expect("serializes")
}

fn bench_requests(c: &mut Criterion) {
    let options = RequestOptions::new("ocid1.compartment.oc1..aaaaaaaabenchmark");
    let targets = [
        ("generic", Target::oci("meta.llama-3.3-70b-instruct")),
        ("cohere", Target::oci("cohere.command-r-plus-08-2024")),
    ];
    for (name, body) in [
        ("openclaw_44k", openclaw_body()),
        ("agent_20_messages", agent_body()),
    ] {
        let request: CreateChatCompletionRequest = serde_json::from_str(&body).expect("parses");
        let mut group = c.benchmark_group(format!("request/{name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        // The reference: what serde_json alone costs for this request.
        group.bench_function("json_parse_and_serialize", |b| {
            b.iter(|| json_roundtrip(black_box(&body)))
        });
        for (format, target) in &targets {
            group.bench_function(format!("translate_{format}"), |b| {
                b.iter(|| chat_request(black_box(&request), target, &options).expect("translates"))
            });
            // Lent, as the gateway does: the tool schemas are moved, not copied.
            group.bench_function(format!("translate_{format}_lent"), |b| {
                b.iter_batched(
                    || request.clone(),
                    |mut request| {
                        let translated = chat_request(black_box(&mut request), target, &options)
                            .expect("translates");
                        (request, translated)
                    },
                    BatchSize::SmallInput,
                )
            });
        }
        // The same with a schema memo that holds this request's schemas, as on every turn of
        // an agent but its first.
        let memoized = options
            .clone()
            .with_schema_memo(Arc::new(SchemaMemo::new()));
        group.bench_function("translate_generic_lent_memo", |b| {
            b.iter_batched(
                || request.clone(),
                |mut request| {
                    let translated =
                        chat_request(black_box(&mut request), &targets[0].1, &memoized)
                            .expect("translates");
                    (request, translated)
                },
                BatchSize::SmallInput,
            )
        });
        // For context: the whole path the gateway runs, bytes in, OCI bytes out, without and
        // with the memo the gateway keeps.
        for (label, options) in [("", &options), ("_memo", &memoized)] {
            group.bench_function(format!("parse_translate_serialize_generic{label}"), |b| {
                b.iter(|| {
                    let mut request: CreateChatCompletionRequest =
                        serde_json::from_str(black_box(&body)).expect("parses");
                    let details =
                        chat_request(&mut request, &targets[0].1, options).expect("translates");
                    serde_json::to_vec(&details.value).expect("serializes")
                })
            });
        }
        group.finish();
    }
}

fn events(body: &str) -> Vec<ChatStreamEvent> {
    body.lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter(|data| *data != "[DONE]")
        .map(|data| ChatStreamEvent::from_json(data.as_bytes()).expect("event parses"))
        .collect()
}

/// A GENERIC text stream of `n` deltas, finish and usage (the shape Meta Llama sends).
fn text_stream(n: usize) -> String {
    let tokens = [
        " The",
        " weather",
        " in",
        " Paris",
        " is",
        " 18",
        " °C",
        " —",
        " take",
        " an",
        " umbrella",
        ".",
    ];
    let mut body = String::new();
    for i in 0..n {
        let token = tokens[i % tokens.len()];
        let pad = "a".repeat(1 + (i * 7919) % 40);
        body.push_str(&format!(
            "data: {{\"index\":0,\"message\":{{\"role\":\"ASSISTANT\",\"content\":[{{\"type\":\"TEXT\",\"text\":\"{token}\"}}]}},\"pad\":\"{pad}\"}}\n\n"
        ));
    }
    body.push_str("data: {\"message\":{\"role\":\"ASSISTANT\",\"content\":[{\"type\":\"TEXT\",\"text\":\"\"}]},\"finishReason\":\"stop\"}\n\n");
    body.push_str("data: {\"usage\":{\"completionTokens\":1000,\"promptTokens\":42,\"totalTokens\":1042}}\n\n");
    body
}

fn context() -> ResponseContext {
    let mut ctx =
        ResponseContext::new("chatcmpl-bench", 1_764_000_000, "gpt-5", ApiFormat::Generic);
    ctx.include_usage = true;
    ctx.oci_usage_requested = true;
    ctx
}

fn run(events: &[ChatStreamEvent]) -> usize {
    let mut translator = ChunkTranslator::new(context());
    let mut chunks = 0;
    for event in events {
        chunks += translator.push(black_box(event)).expect("translates").len();
    }
    chunks
}

fn run_and_serialize(events: &[ChatStreamEvent]) -> usize {
    let mut translator = ChunkTranslator::new(context());
    let mut bytes = 0;
    for event in events {
        for chunk in translator.push(black_box(event)).expect("translates") {
            bytes += serde_json::to_vec(&chunk).expect("serializes").len();
        }
    }
    bytes
}

fn bench_stream(c: &mut Criterion) {
    let text = events(&text_stream(1000));
    let tools = events(include_str!(
        "../tests/data/sse/openai-gpt-parallel-tools.sse"
    ));
    let cohere = events(include_str!("../tests/data/sse/cohere-v1-tool-turn.sse"));
    let mut group = c.benchmark_group("stream_event");
    for (name, events) in [
        ("generic_text_1002_events", &text),
        ("generic_parallel_tool_fragments", &tools),
        ("cohere_tool_turn", &cohere),
    ] {
        group.throughput(Throughput::Elements(events.len() as u64));
        group.bench_function(format!("push/{name}"), |b| b.iter(|| run(events)));
    }
    group.throughput(Throughput::Elements(text.len() as u64));
    group.bench_function("push_and_serialize_chunks/generic_text_1002_events", |b| {
        b.iter(|| run_and_serialize(&text))
    });
    group.finish();
}

fn config() -> Criterion {
    // Two cores: short but stable measurements.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(40)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_requests, bench_stream
}
criterion_main!(benches);

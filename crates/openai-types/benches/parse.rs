//! Parse and write cost of the largest captured OpenClaw request (44 KB, 11 tools).
//!
//! Run with `cargo bench -p openai-types --bench parse`.

#![expect(
    clippy::expect_used,
    reason = "a broken fixture must stop the benchmark"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use openai_types::chat::CreateChatCompletionRequest;
use serde::Deserialize;
use std::hint::black_box;

#[derive(Deserialize)]
struct Capture {
    body: serde_json::Value,
}

fn bench(c: &mut Criterion) {
    let capture: Capture = serde_json::from_str(include_str!(
        "../tests/data/openclaw-requests/openclaw-exec-compat-overrides-tool-turn-2.json"
    ))
    .expect("fixture parses");
    // Written by the typed request, so that `role` and `type` come first in each object as
    // clients write them: `serde_json::Value` sorts keys, and a tool whose `type` comes after
    // its `function` takes the slow path through a buffered value.
    let request: CreateChatCompletionRequest =
        serde_json::from_value(capture.body).expect("request parses");
    let body = serde_json::to_string(&request).expect("fixture serialises");

    c.bench_function("parse_openclaw_request_44k", |b| {
        b.iter(|| serde_json::from_str::<CreateChatCompletionRequest>(black_box(&body)))
    });
    c.bench_function("parse_openclaw_request_44k_as_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&body)))
    });
    c.bench_function("write_openclaw_request_44k", |b| {
        b.iter(|| serde_json::to_vec(black_box(&request)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

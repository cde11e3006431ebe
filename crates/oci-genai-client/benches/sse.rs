//! Throughput of the streaming path: SSE decoding, and decoding plus parsing
//! each event into a `ChatStreamEvent`, on a realistic GENERIC stream (Meta
//! Llama text deltas with `pad` filler, then finish, usage and `[DONE]`).
//!
//! Run with `cargo bench -p oci-genai-client --bench sse`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use oci_genai_client::sse::Decoder;
use oci_genai_client::wire::ChatStreamEvent;

const TOKENS: &[&str] = &[
    " The",
    " weather",
    " in",
    " Paris",
    " is",
    " 18",
    " °C",
    " and",
    " overcast",
    ",",
    " with",
    " rain",
    " likely",
    " later",
    " —",
    " take",
    " an",
    " umbrella",
    " ☔",
    ".",
    "\\n",
];

/// A GENERIC text stream of `n` deltas, as Meta Llama models send it.
fn generic_stream(n: usize) -> (Vec<u8>, usize) {
    let mut body = String::new();
    for i in 0..n {
        let token = TOKENS[i % TOKENS.len()];
        // Deterministic pseudo-random pad lengths, 1..=40.
        let pad = "a".repeat(1 + (i * 7919) % 40);
        body.push_str(&format!(
            "data: {{\"index\":0,\"message\":{{\"role\":\"ASSISTANT\",\"content\":[{{\"type\":\"TEXT\",\"text\":\"{token}\"}}]}},\"pad\":\"{pad}\"}}\n\n"
        ));
    }
    body.push_str("data: {\"message\":{\"role\":\"ASSISTANT\",\"content\":[{\"type\":\"TEXT\",\"text\":\"\"}]},\"finishReason\":\"stop\",\"pad\":\"aaaa\"}\n\n");
    body.push_str("data: {\"usage\":{\"completionTokens\":1000,\"promptTokens\":42,\"totalTokens\":1042}}\n\n");
    body.push_str("data: [DONE]\n\n");
    (body.into_bytes(), n + 3)
}

fn decode(body: &[u8], chunk: usize) -> usize {
    let mut decoder = Decoder::new();
    let mut count = 0;
    for piece in body.chunks(chunk) {
        for event in decoder.push(piece) {
            black_box(event.ok());
            count += 1;
        }
    }
    count + decoder.finish().count()
}

fn decode_and_parse(body: &[u8], chunk: usize) -> usize {
    let mut decoder = Decoder::new();
    let mut count = 0;
    for piece in body.chunks(chunk) {
        for event in decoder.push(piece) {
            let Ok(event) = event else { continue };
            if !event.is_done() {
                black_box(ChatStreamEvent::from_json(event.data().as_bytes()).ok());
            }
            count += 1;
        }
    }
    count
}

fn bench(c: &mut Criterion) {
    let (body, events) = generic_stream(1000);
    assert_eq!(decode(&body, body.len()), events);
    assert_eq!(decode_and_parse(&body, 1400), events);

    let mut group = c.benchmark_group("sse events");
    group.throughput(Throughput::Elements(events as u64));
    group.bench_function("decode, 1400-byte chunks", |b| {
        b.iter(|| decode(black_box(&body), 1400))
    });
    group.bench_function("decode + parse, 1400-byte chunks", |b| {
        b.iter(|| decode_and_parse(black_box(&body), 1400))
    });
    group.bench_function("decode + parse, 16-byte chunks", |b| {
        b.iter(|| decode_and_parse(black_box(&body), 16))
    });
    group.finish();

    let mut group = c.benchmark_group("sse bytes");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("decode, one push", |b| {
        b.iter(|| decode(black_box(&body), body.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

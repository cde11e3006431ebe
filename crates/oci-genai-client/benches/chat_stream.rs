//! The whole streaming path of the client: one `chat_stream` call against a
//! local hyper server on 127.0.0.1 (HTTP/1.1, pooled keep-alive
//! connection), then every event read to the end. Each iteration pays one
//! request serialization, one RSA-2048 signature, the round trip, and the
//! decoding and parsing of 1000 GENERIC text events (Meta Llama shape, with
//! `pad`), finish, usage and `[DONE]`.
//!
//! Run with `cargo bench -p oci-genai-client --bench chat_stream`.

#![expect(
    clippy::unwrap_used,
    reason = "benchmark set-up: failing loudly is the point"
)]

use std::convert::Infallible;
use std::hint::black_box;
use std::net::SocketAddr;

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::StreamExt as _;
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use oci_genai_client::client::{Client, Proxy};
use oci_genai_client::wire::{
    ChatContent, ChatDetails, ChatRequest, GenericChatRequest, Message, ServingMode, StreamOptions,
    UserMessage,
};
use oci_signer::{Credentials, KeyId, PrivateKey};

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
];

/// A GENERIC text stream of `n` deltas, then finish, usage and `[DONE]`.
fn generic_stream(n: usize) -> (Bytes, usize) {
    let mut body = String::new();
    for i in 0..n {
        let token = TOKENS[i % TOKENS.len()];
        let pad = "a".repeat(1 + (i * 7919) % 40);
        body.push_str(&format!(
            "data: {{\"index\":0,\"message\":{{\"role\":\"ASSISTANT\",\"content\":[{{\"type\":\"TEXT\",\"text\":\"{token}\"}}]}},\"pad\":\"{pad}\"}}\n\n"
        ));
    }
    body.push_str("data: {\"message\":{\"role\":\"ASSISTANT\",\"content\":[{\"type\":\"TEXT\",\"text\":\"\"}]},\"finishReason\":\"stop\"}\n\n");
    body.push_str("data: {\"usage\":{\"completionTokens\":1000,\"promptTokens\":42,\"totalTokens\":1042}}\n\n");
    body.push_str("data: [DONE]\n\n");
    // Events handed to the caller: the deltas, finish and usage.
    (Bytes::from(body), n + 2)
}

/// Answers every request with `body` as an event stream.
async fn serve(body: Bytes) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let service = service_fn(move |_request| {
                    let body = body.clone();
                    async move {
                        let mut response = hyper::Response::new(Full::new(body));
                        response.headers_mut().insert(
                            "content-type",
                            hyper::header::HeaderValue::from_static("text/event-stream"),
                        );
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (body, events) = generic_stream(1000);
    let addr = runtime.block_on(serve(body));

    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../oci-signer/tests/data/oci-test-key-2048.pkcs1.pem"
    ))
    .unwrap();
    let key = PrivateKey::from_pem(&pem, None).unwrap();
    let key_id = KeyId::api_key(
        "ocid1.tenancy.oc1..t",
        "ocid1.user.oc1..u",
        key.fingerprint(),
    );
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .credentials(Credentials::new(key_id, key))
        .proxy(Proxy::none())
        .build()
        .unwrap();
    let details = ChatDetails {
        compartment_id: "ocid1.compartment.oc1..c".into(),
        serving_mode: ServingMode::on_demand("meta.llama-3.3-70b-instruct"),
        chat_request: ChatRequest::Generic(GenericChatRequest {
            messages: vec![Message::User(UserMessage {
                content: Some(vec![ChatContent::text("Is it raining in Paris?")]),
                ..Default::default()
            })],
            stream_options: Some(StreamOptions {
                is_include_usage: Some(true),
            }),
            max_tokens: Some(1024),
            ..Default::default()
        }),
    };
    let run = || {
        runtime.block_on(async {
            let mut stream = client.chat_stream(&details).await.unwrap();
            let mut count = 0;
            while let Some(event) = stream.next().await {
                black_box(event.unwrap());
                count += 1;
            }
            count
        })
    };
    assert_eq!(run(), events);

    let mut group = c.benchmark_group("client chat_stream");
    group.throughput(Throughput::Elements(events as u64));
    group.bench_function("1002 events over loopback HTTP/1.1, signed", |b| {
        b.iter(run)
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! What the mock costs per request: the signature check alone, and whole
//! round trips over loopback (HTTP/1.1 keep-alive) for a chat answer and a
//! 200-token stream, client included.
//!
//! Run with `cargo bench -p oci-genai-mock --bench mock`.

#![expect(
    clippy::expect_used,
    reason = "a benchmark with a broken fixture must stop"
)]

use std::hint::black_box;
use std::time::SystemTime;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http::Request;
use http_body_util::{BodyExt as _, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use oci_genai_mock::verify::{SignedRequest, Verifier};
use oci_genai_mock::{MockConfig, MockServer, test_identity};
use oci_signer::{Credentials, KeyId, PrivateKey, SignableBody, SigningParams};

fn chat_body(text: &str, stream: bool) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "compartmentId": test_identity::TEST_ONLY_COMPARTMENT,
        "servingMode": {"servingType": "ON_DEMAND", "modelId": "meta.llama-3.3-70b-instruct"},
        "chatRequest": {
            "apiFormat": "GENERIC",
            "messages": [{"role": "USER", "content": [{"type": "TEXT", "text": text}]}],
            "maxTokens": 512,
            "isStream": stream
        }
    }))
    .expect("a JSON body")
}

/// A request signed now with the test identity; valid for five minutes.
fn signed(url: &str, body: &[u8]) -> Request<Full<Bytes>> {
    let key = PrivateKey::from_pem(test_identity::TEST_ONLY_PRIVATE_KEY_PEM.as_bytes(), None)
        .expect("the test key");
    let credentials = Credentials::new(KeyId::from_raw(test_identity::test_only_key_id()), key);
    let mut request = Request::post(url)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::copy_from_slice(body)))
        .expect("a request");
    oci_signer::sign_http_request(
        &mut request,
        SignableBody::Bytes(body),
        &SigningParams::new(&credentials, SystemTime::now()),
    )
    .expect("signed");
    request
}

fn copy(request: &Request<Full<Bytes>>) -> Request<Full<Bytes>> {
    let mut copy = Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

fn verify(c: &mut Criterion) {
    let body = chat_body("Is it raining in Paris?", false);
    let request = signed("http://127.0.0.1:8080/20231130/actions/chat", &body);
    let (mut parts, _) = request.into_parts();
    parts.uri = "/20231130/actions/chat".parse().expect("a path");
    parts
        .headers
        .insert("host", "127.0.0.1:8080".parse().expect("a host"));
    let verifier = Verifier::new(vec![
        test_identity::test_only_trusted_key().expect("the test key"),
    ]);
    let now = SystemTime::now();
    c.bench_function("verify_signed_chat_post", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(&SignedRequest::from_parts(&parts, &body)), now)
                .expect("verifies")
        })
    });
}

fn round_trips(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let mock = runtime
        .block_on(MockServer::start(MockConfig::default()))
        .expect("the mock starts");
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let url = format!("{}/20231130/actions/chat", mock.url());
    let whole = signed(&url, &chat_body("Is it raining in Paris?", false));
    let stream = signed(&url, &chat_body("[mock:long words=200]", true));
    for (name, request) in [
        ("chat_round_trip", &whole),
        ("stream_200_tokens_round_trip", &stream),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                runtime.block_on(async {
                    let response = client.request(copy(request)).await.expect("an answer");
                    assert_eq!(response.status(), 200);
                    black_box(
                        response
                            .into_body()
                            .collect()
                            .await
                            .expect("a body")
                            .to_bytes(),
                    )
                })
            })
        });
    }
    drop(runtime.block_on(mock.shutdown()));
}

criterion_group!(benches, verify, round_trips);
criterion_main!(benches);

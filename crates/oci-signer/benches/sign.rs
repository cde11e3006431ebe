//! Cost of signing a request next to the raw RSA-2048 operation it cannot avoid.
//!
//! Run with `cargo bench -p oci-signer --bench sign`; figures go to `docs/benchmarks.md`.

#![expect(
    clippy::expect_used,
    reason = "a benchmark with a broken fixture must stop"
)]

use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use criterion::{Criterion, criterion_group, criterion_main};
use oci_signer::{
    Credentials, KeyId, PrivateKey, SignableBody, SignableRequest, SigningParams, SigningSettings,
    prepare, sign,
};

const KEY: &[u8] = include_bytes!("../tests/data/oci-test-key-2048.pkcs1.pem");
const URL: &str =
    "https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/chat";

fn chat_body_4k() -> Vec<u8> {
    let head = r#"{"compartmentId":"ocid1.compartment.oc1..aaaaaaaatestcompartment","servingMode":{"servingType":"ON_DEMAND","modelId":"meta.llama-3.3-70b-instruct"},"chatRequest":{"apiFormat":"GENERIC","messages":[{"role":"USER","content":[{"type":"TEXT","text":""#;
    let tail = r#""}]}],"maxTokens":512,"isStream":true}}"#;
    let mut body = head.as_bytes().to_vec();
    body.resize(4096 - tail.len(), b'a');
    body.extend_from_slice(tail.as_bytes());
    body
}

fn benches(c: &mut Criterion) {
    let key = PrivateKey::from_pem(KEY, None).expect("test key");
    let credentials = Credentials::new(
        KeyId::api_key(
            "ocid1.tenancy.oc1..aaaaaaaatesttenancy",
            "ocid1.user.oc1..aaaaaaaatestuser",
            key.fingerprint(),
        ),
        key.clone(),
    );
    let time = UNIX_EPOCH + Duration::from_secs(1_749_556_800);
    let body = chat_body_4k();
    let params = SigningParams::new(&credentials, time);

    // The floor: one RSA-2048 PKCS#1 v1.5 SHA-256 signature over a signing string of the
    // length a chat POST produces, with the same backend (ring).
    let request = SignableRequest::new(
        "POST",
        URL,
        [("content-type", "application/json")],
        SignableBody::Bytes(&body),
    )
    .expect("request");
    let signing_string = prepare(&request, time, &SigningSettings::default())
        .expect("prepare")
        .signing_string()
        .to_owned();
    c.bench_function("rsa2048_pkcs1_sha256_raw", |b| {
        b.iter(|| {
            key.sign_rsa_sha256(black_box(signing_string.as_bytes()))
                .expect("sign")
        })
    });

    c.bench_function("sign_post_4k_body", |b| {
        b.iter(|| {
            let request = SignableRequest::new(
                "POST",
                URL,
                [("content-type", "application/json")],
                SignableBody::Bytes(black_box(&body)),
            )
            .expect("request");
            sign(&request, &params).expect("sign")
        })
    });

    c.bench_function("prepare_post_4k_body_without_rsa", |b| {
        b.iter(|| {
            let request = SignableRequest::new(
                "POST",
                URL,
                [("content-type", "application/json")],
                SignableBody::Bytes(black_box(&body)),
            )
            .expect("request");
            prepare(&request, time, &SigningSettings::default()).expect("prepare")
        })
    });

    c.bench_function("load_key_pkcs1_pem", |b| {
        b.iter(|| PrivateKey::from_pem(black_box(KEY), None).expect("key"))
    });
}

criterion_group! {
    name = sign_benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(sign_benches);

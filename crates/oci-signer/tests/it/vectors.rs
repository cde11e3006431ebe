//! The official OCI Python SDK's signing vectors (`tests/data/oci-signing-vectors.json`),
//! reproduced byte for byte at every stage: request target, signed header list, signing
//! string, signature and `Authorization` header.
//!
//! Each 2048-bit vector is signed with every encoding of the same key (PKCS#1, PKCS#8,
//! encrypted PKCS#8, legacy-encrypted PKCS#1 with AES-128 and 3DES, PKCS#8 with the
//! `OCI_API_KEY` label line): the signature depends only on the key, so all must agree.
//! The 1024-bit docs vectors cannot be signed (ring signs with 2048..=4096-bit keys only);
//! their signing strings are rebuilt exactly and their signatures checked with ring's legacy
//! verifier. `instance-principal-get` is an ordinary GET with an `ST$` key id and is checked
//! like the others. `instance-principal-federation-request` is not: it is the request an
//! instance-principal provider sends to the Auth service, signed with the instance's
//! certificate key, and this crate has no such provider.

use std::time::SystemTime;

use oci_signer::{
    BodyHeaders, Credentials, KeyId, SignableBody, SignableRequest, SigningParams, SigningSettings,
    prepare, sign,
};

use crate::support::{
    EXTRA_VECTORS, PASSPHRASE, VECTORS, Vector, load_key, read_data, vector, vector_in,
    vector_time, vectors,
};

/// Every encoding of the 2048-bit test key, each with the pass phrase it needs.
pub(crate) const KEY_ENCODINGS: &[(&str, Option<&str>)] = &[
    ("oci-test-key-2048.pkcs1.pem", None),
    ("oci-test-key-2048.pkcs8.pem", None),
    ("oci-test-key-2048.pkcs8-with-label.pem", None),
    ("oci-test-key-2048.pkcs8-encrypted.pem", Some(PASSPHRASE)),
    (
        "oci-test-key-2048.pkcs8-encrypted-des3-sha1.pem",
        Some(PASSPHRASE),
    ),
    (
        "oci-test-key-2048.pkcs8-encrypted-aes128-sha1.pem",
        Some(PASSPHRASE),
    ),
    (
        "oci-test-key-2048.pkcs1-encrypted-aes128.pem",
        Some(PASSPHRASE),
    ),
    (
        "oci-test-key-2048.pkcs1-encrypted-aes192.pem",
        Some(PASSPHRASE),
    ),
    (
        "oci-test-key-2048.pkcs1-encrypted-aes256.pem",
        Some(PASSPHRASE),
    ),
    (
        "oci-test-key-2048.pkcs1-encrypted-des3.pem",
        Some(PASSPHRASE),
    ),
];

fn signing_time(vector: &Vector) -> SystemTime {
    match vector
        .request
        .as_ref()
        .and_then(|r| r.clock_frozen_at.as_deref())
    {
        Some(date) => chrono::DateTime::parse_from_rfc2822(date).unwrap().into(),
        // The vector supplies its own `date` header; any clock value must be ignored.
        None => SystemTime::UNIX_EPOCH,
    }
}

fn settings(vector: &Vector) -> SigningSettings {
    let mut settings = SigningSettings::default();
    if vector.request.as_ref().unwrap().exclude_body_headers {
        settings.body_headers = BodyHeaders::Exclude;
    }
    settings
}

fn key_id(vector: &Vector) -> KeyId {
    let raw = vector.key_id.as_deref().unwrap();
    let identities = vectors().identities;
    if raw == format!("ST${}", identities.session_token) {
        KeyId::security_token(&identities.session_token)
    } else if raw == format!("ST${}", identities.resource_principal_rpst) {
        KeyId::security_token(&identities.resource_principal_rpst)
    } else if raw
        == format!(
            "ST${}",
            identities.instance_principal_token_returned_by_mock
        )
    {
        KeyId::security_token(&identities.instance_principal_token_returned_by_mock)
    } else {
        let mut parts = raw.split('/');
        let (tenancy, user, fingerprint) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        KeyId::api_key(tenancy, user, fingerprint)
    }
}

fn check(name: &str) {
    check_in(VECTORS, name);
}

fn check_in(file: &str, name: &str) {
    let vector = vector_in(file, name);
    let encodings: &[(&str, Option<&str>)] = match vector.key_file.as_deref() {
        Some("oci-test-key-2048.pkcs1.pem") => KEY_ENCODINGS,
        Some("oci-test-key-4096.pkcs1.pem") => &[("oci-test-key-4096.pkcs1.pem", None)],
        other => panic!("{name}: no signing key for {other:?}"),
    };
    let request = vector.request.as_ref().unwrap();
    let body = request.body_bytes();
    let signable = request.signable(body.as_deref());
    let expected = &vector.expected;
    for (key_file, passphrase) in encodings {
        let credentials = Credentials::new(key_id(&vector), load_key(key_file, *passphrase));
        let params = SigningParams {
            settings: settings(&vector),
            ..SigningParams::new(&credentials, signing_time(&vector))
        };
        let signed = sign(&signable, &params).unwrap();
        let stage = signed.string_to_sign();
        assert_eq!(
            Some(stage.request_target()),
            expected.request_target.as_deref(),
            "{name}"
        );
        assert_eq!(
            stage.signed_header_names().collect::<Vec<_>>(),
            expected.signed_headers.clone().unwrap(),
            "{name}"
        );
        assert_eq!(
            Some(stage.signing_string()),
            expected.signing_string.as_deref(),
            "{name}"
        );
        assert_eq!(
            Some(signed.signature()),
            expected.signature.as_deref(),
            "{name} with {key_file}"
        );
        assert_eq!(
            Some(signed.authorization()),
            expected.authorization.as_deref(),
            "{name}"
        );
        // Every header signing sets carries the value the SDK sent.
        for (header, value) in signed.headers() {
            assert_eq!(
                expected.headers.get(header).map(String::as_str),
                Some(value),
                "{name}: header {header}"
            );
        }
    }
}

macro_rules! vector_tests {
    ($($test:ident => $name:literal,)*) => {$(
        #[test]
        fn $test() {
            check($name);
        }
    )*};
}

vector_tests! {
    get_with_query => "get-with-query",
    get_default_date_from_clock => "get-default-date-from-clock",
    get_query_built_by_requests_params => "get-query-built-by-requests-params",
    genai_chat_post => "genai-chat-post",
    genai_chat_post_utf8_bytes => "genai-chat-post-utf8-bytes",
    post_empty_body => "post-empty-body",
    post_empty_body_no_content_type => "post-empty-body-no-content-type",
    put_json => "put-json",
    patch_json => "patch-json",
    delete => "delete",
    head => "head",
    path_percent_encoded => "path-percent-encoded",
    path_unencoded_normalised_by_requests => "path-unencoded-normalised-by-requests",
    host_with_port => "host-with-port",
    root_path_no_query => "root-path-no-query",
    post_binary_body => "post-binary-body",
    put_object_exclude_body => "put-object-exclude-body",
    session_token_get => "session-token-get",
    session_token_genai_chat_post => "session-token-genai-chat-post",
    session_token_x_date => "session-token-x-date",
    resource_principal_v2_2_genai_chat_post => "resource-principal-v2.2-genai-chat-post",
    instance_principal_get => "instance-principal-get",
}

#[test]
fn rsa_4096_get() {
    check_in(EXTRA_VECTORS, "rsa-4096-get");
}

#[test]
fn rsa_4096_genai_chat_post_4k() {
    check_in(EXTRA_VECTORS, "rsa-4096-genai-chat-post-4k");
}

/// The date comes from the clock only when the caller set neither `date` nor `x-date`.
#[test]
fn frozen_clock_is_the_only_source_of_the_date() {
    let vector = vector("get-default-date-from-clock");
    let request = vector.request.as_ref().unwrap();
    assert!(request.headers_in.is_empty());
    let signable =
        SignableRequest::new(&request.method, &request.url, [], SignableBody::Empty).unwrap();
    let later = vector_time() + std::time::Duration::from_secs(1);
    let to_sign = prepare(&signable, later, &SigningSettings::default()).unwrap();
    assert_ne!(
        Some(to_sign.signing_string()),
        vector.expected.signing_string.as_deref()
    );
}

/// Oracle's published 1024-bit examples: exact signing strings, signatures verified.
fn check_docs(name: &str) {
    let vector = vector(name);
    assert_eq!(
        vector.key_file.as_deref(),
        Some("oci-docs-test-key-1024.pem")
    );
    let request = vector.request.as_ref().unwrap();
    let body = request.body_bytes();
    let signable = request.signable(body.as_deref());
    let to_sign = prepare(
        &signable,
        signing_time(&vector),
        &SigningSettings::default(),
    )
    .unwrap();
    let expected = &vector.expected;
    assert_eq!(
        Some(to_sign.request_target()),
        expected.request_target.as_deref()
    );
    assert_eq!(
        Some(to_sign.signing_string()),
        expected.signing_string.as_deref()
    );

    let public_pem = read_data("oci-docs-test-key-1024.pub.pem");
    let spki = pem::parse(&public_pem).unwrap();
    // SubjectPublicKeyInfo -> the inner RSAPublicKey that ring's verifier wants.
    let rsa_public_key = &spki.contents()[22..];
    use base64::Engine as _;
    let signature = base64::engine::general_purpose::STANDARD
        .decode(expected.signature.as_deref().unwrap())
        .unwrap();
    ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
        rsa_public_key,
    )
    .verify(to_sign.signing_string().as_bytes(), &signature)
    .unwrap();
}

#[test]
fn docs_example_get() {
    check_docs("docs-example-get");
}

#[test]
fn docs_example_post() {
    check_docs("docs-example-post");
}

#[test]
fn docs_example_get_sunday_date() {
    check_docs("docs-example-get-sunday-date");
}

/// Every vector in the file is accounted for: a new one fails here until a test covers it.
#[test]
fn every_vector_has_a_test() {
    // Needs an instance-principal provider, which this crate does not have (see the top).
    let not_signed_here = ["instance-principal-federation-request"];
    let names: Vec<String> = vectors().vectors.into_iter().map(|v| v.name).collect();
    let source = include_str!("vectors.rs");
    for name in names {
        assert!(
            source.contains(&format!("\"{name}\"")) || not_signed_here.contains(&name.as_str()),
            "vector {name} has no test"
        );
    }
}

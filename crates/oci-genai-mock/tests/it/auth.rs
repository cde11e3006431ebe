//! Signature verification over HTTP: what is accepted and what gets OCI's
//! 401.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderValue, StatusCode};
use oci_genai_mock::MockConfig;
use oci_genai_mock::verify::TrustedKey;

use crate::support::{CHAT, Signer, chat_body, generic, jwt, signer_data, start, start_with};

fn body() -> Vec<u8> {
    serde_json::to_vec(&chat_body("meta.llama-3.3-70b-instruct", generic("hello"))).unwrap()
}

#[tokio::test]
async fn the_test_identity_is_trusted_by_default() {
    let mock = start().await;
    let request = mock.request("POST", CHAT, Some(body()), &Signer::test_identity());
    assert_eq!(mock.send(request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn another_key_gets_401() {
    let mock = start().await;
    let signer = Signer::signer_test_key("oci-test-key-4096.pkcs1.pem");
    let request = mock.request("POST", CHAT, Some(body()), &signer);
    let error = mock
        .send(request)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "NotAuthenticated");
    assert!(
        error
            .message
            .unwrap()
            .contains("no trusted key has the fingerprint")
    );
}

#[tokio::test]
async fn only_configured_keys_are_trusted_without_the_test_key() {
    let key = TrustedKey::from_pem(&signer_data("oci-test-key-2048.pub.pem")).unwrap();
    let mock = start_with(MockConfig {
        trusted_keys: vec![key],
        trust_test_key: false,
        ..MockConfig::default()
    })
    .await;
    let signer = Signer::signer_test_key("oci-test-key-2048.pkcs1.pem");
    let request = mock.request("POST", CHAT, Some(body()), &signer);
    assert_eq!(mock.send(request).await.status, StatusCode::OK);
    let request = mock.request("POST", CHAT, Some(body()), &Signer::test_identity());
    mock.send(request)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "NotAuthenticated");
}

#[tokio::test]
async fn unsigned_requests_get_401() {
    let mock = start().await;
    let mut request = mock.request("POST", CHAT, Some(body()), &Signer::test_identity());
    request.headers_mut().remove("authorization");
    let error = mock
        .send(request)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "NotAuthenticated");
    assert!(error.message.unwrap().contains("no authorization header"));
}

#[tokio::test]
async fn a_date_more_than_five_minutes_off_gets_401() {
    let mock = start().await;
    for offset in [-360i64, 360] {
        let time = if offset < 0 {
            SystemTime::now() - Duration::from_secs(offset.unsigned_abs())
        } else {
            SystemTime::now() + Duration::from_secs(offset.unsigned_abs())
        };
        let request = mock.request(
            "POST",
            CHAT,
            Some(body()),
            &Signer::test_identity().at(time),
        );
        let error = mock
            .send(request)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "NotAuthenticated");
        assert!(
            error.message.unwrap().contains("from the server clock"),
            "{offset}"
        );
    }
    let request = mock.request(
        "POST",
        CHAT,
        Some(body()),
        &Signer::test_identity().at(SystemTime::now() - Duration::from_secs(240)),
    );
    assert_eq!(mock.send(request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_body_changed_after_signing_gets_401() {
    let mock = start().await;
    let request = mock.request("POST", CHAT, Some(body()), &Signer::test_identity());
    let (parts, _) = request.into_parts();
    let mut changed = body();
    let at = changed.iter().position(|&b| b == b'h').unwrap();
    changed[at] = b'j';
    let request = http::Request::from_parts(
        parts,
        http_body_util::Full::new(bytes::Bytes::from(changed)),
    );
    let error = mock
        .send(request)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "NotAuthenticated");
    assert!(error.message.unwrap().contains("x-content-sha256"));
}

#[tokio::test]
async fn a_changed_query_gets_401() {
    let mock = start().await;
    let mut request = mock.request(
        "GET",
        "/20231130/models?compartmentId=ocid1.compartment.oc1..x",
        None,
        &Signer::test_identity(),
    );
    *request.uri_mut() = format!(
        "{}/20231130/models?compartmentId=ocid1.compartment.oc1..y",
        mock.url()
    )
    .parse()
    .unwrap();
    let error = mock
        .send(request)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "NotAuthenticated");
    assert!(error.message.unwrap().contains("does not verify"));
}

#[tokio::test]
async fn session_tokens_are_accepted_until_they_expire() {
    let mock = start().await;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let valid = Signer::session_token(&jwt(now + 3600));
    let request = mock.request("POST", CHAT, Some(body()), &valid);
    assert_eq!(mock.send(request).await.status, StatusCode::OK);

    let expired = Signer::session_token(&jwt(now - 60));
    let request = mock.request("POST", CHAT, Some(body()), &expired);
    let error = mock
        .send(request)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "NotAuthenticated");
    assert!(error.message.unwrap().contains("session token expired"));
}

#[tokio::test]
async fn errors_keep_the_callers_request_id() {
    let mock = start().await;
    let mut request = mock.request("POST", CHAT, Some(body()), &Signer::test_identity());
    request.headers_mut().remove("authorization");
    request.headers_mut().insert(
        "opc-request-id",
        HeaderValue::from_static("CALLER/REQUEST/ID"),
    );
    let reply = mock.send(request).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.headers["opc-request-id"], "CALLER/REQUEST/ID");
}

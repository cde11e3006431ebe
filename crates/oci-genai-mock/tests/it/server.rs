//! The server itself: health, HTTP/2, request ids, shutdown.

use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use http_body_util::{BodyExt as _, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use oci_genai_client::wire::ChatResult;
use oci_genai_mock::{MockConfig, MockServer};

use crate::support::{CHAT, Signer, chat_body, generic, start};

#[tokio::test]
async fn health_needs_no_signature() {
    let mock = start().await;
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let response = client
        .get(format!("{}/health", mock.url()).parse().unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("opc-request-id"));
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], br#"{"status":"ok"}"#);
}

#[tokio::test]
async fn http2_works_like_http1() {
    let mock = start().await;
    let client = Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build_http();
    let body = serde_json::to_vec(&chat_body(
        "meta.llama-3.3-70b-instruct",
        generic("over h2"),
    ))
    .unwrap();
    let request = mock.request("POST", CHAT, Some(body), &Signer::test_identity());
    let response = client.request(request).await.unwrap();
    assert_eq!(response.version(), http::Version::HTTP_2);
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let result: ChatResult = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(result.model_id, "meta.llama-3.3-70b-instruct");
}

#[tokio::test]
async fn request_ids_are_echoed_or_made_up() {
    let mock = start().await;
    let body = serde_json::to_vec(&chat_body("xai.grok-4", generic("hi"))).unwrap();
    let mut request = mock.request("POST", CHAT, Some(body.clone()), &Signer::test_identity());
    request
        .headers_mut()
        .insert("opc-request-id", "0123456789ABCDEF".parse().unwrap());
    assert_eq!(
        mock.send(request).await.headers["opc-request-id"],
        "0123456789ABCDEF"
    );
    let request = mock.request("POST", CHAT, Some(body), &Signer::test_identity());
    let id = mock.send(request).await.headers["opc-request-id"].clone();
    let id = id.to_str().unwrap();
    assert_eq!(id.len(), 32);
    assert!(
        id.bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
    );
}

#[tokio::test]
async fn shutdown_frees_the_port() {
    let server = MockServer::start(MockConfig::default()).await.unwrap();
    let addr = server.addr();
    assert_eq!(server.url(), format!("http://{addr}"));
    server.shutdown().await.unwrap();
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let dropped = MockServer::start(MockConfig::default()).await.unwrap();
    let addr = dropped.addr();
    drop(dropped);
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "a dropped server stops listening");
}

#[tokio::test]
async fn a_taken_port_is_a_bind_error() {
    let server = MockServer::start(MockConfig::default()).await.unwrap();
    let error = MockServer::bind(server.addr(), MockConfig::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, oci_genai_mock::MockError::Bind { .. }),
        "{error}"
    );
}

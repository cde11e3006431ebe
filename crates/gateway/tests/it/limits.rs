//! Protection against too much or too slow: the concurrency limit (503, and its permits
//! always given back), the header-read timeout against slow or silent clients.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::support::gateway::Gateway;
use crate::support::requests::{chat, chat_stream};
use crate::support::within;

#[tokio::test]
async fn past_the_concurrency_limit_requests_get_a_503() {
    let gateway = Gateway::mock_with(|cli| cli.max_concurrent_requests = Some(1)).await;
    let mut stream = gateway
        .client
        .open_stream(
            "/v1/chat/completions",
            &chat_stream("gpt-5", "[mock:long words=8] [mock:slow ms=100]"),
            &[],
        )
        .await;
    stream.next_event().await.unwrap();

    let reply = gateway.client.chat(&chat("gpt-5", "me too")).await;
    let error = reply.openai_error(503, "server_error", Some("overloaded"));
    assert!(error["message"].as_str().unwrap().contains('1'), "{error}");
    assert_eq!(reply.header("retry-after"), Some("1"));
    // Probes are not counted against the limit.
    assert_eq!(gateway.client.get("/healthz").await.status, 200);
    assert_eq!(gateway.client.get("/metrics").await.status, 200);

    stream.read_to_end().await.chunks();
    gateway.client.chat(&chat("gpt-5", "my turn")).await.ok();
    assert_eq!(
        gateway
            .metric("gateway_errors_total{kind=\"overloaded\"}")
            .await,
        1.0
    );
}

/// Every way a request can end gives its permit back: with a limit of one, each of these
/// would lock the gateway out if one leaked.
#[tokio::test]
async fn no_outcome_leaks_a_concurrency_permit() {
    let gateway = Gateway::mock_with(|cli| {
        cli.max_concurrent_requests = Some(1);
        cli.max_body_bytes = Some(5000);
        cli.stream_idle_timeout = Some("200ms".to_owned());
    })
    .await;
    let client = &gateway.client;
    client
        .post("/v1/chat/completions", &serde_json::json!({"model": 1}))
        .await;
    client.chat(&chat("gpt-4.1", "unknown model")).await;
    client.chat(&chat("gpt-5", &"big ".repeat(2000))).await;
    client.chat(&chat("gpt-5", "[mock:500]")).await;
    client
        .chat(&chat_stream("gpt-5", "[mock:429 retry-after=60]"))
        .await;
    client
        .chat_stream(&chat_stream("gpt-5", "[mock:cut after=2]"))
        .await;
    client
        .chat_stream(&chat_stream("gpt-5", "[mock:slow ms=2000]"))
        .await;
    let mut hung_up = client
        .open_stream(
            "/v1/chat/completions",
            &chat_stream("gpt-5", "[mock:long words=50] [mock:slow ms=100]"),
            &[],
        )
        .await;
    hung_up.next_event().await.unwrap();
    drop(hung_up);
    crate::support::eventually(
        "the hung-up stream to end",
        Duration::from_secs(5),
        || async { gateway.metric("gateway_in_flight_streams").await == 0.0 },
    )
    .await;

    client.chat(&chat("gpt-5", "still served")).await.ok();
    client
        .chat_stream(&chat_stream("gpt-5", "still streamed"))
        .await
        .chunks();
}

/// Reads until the server closes the connection; returns what it sent.
async fn read_until_closed(socket: &mut TcpStream) -> String {
    let mut received = Vec::new();
    within(
        "the server to close the connection",
        socket.read_to_end(&mut received),
    )
    .await
    .unwrap_or_default();
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn a_client_too_slow_with_its_headers_is_cut_off() {
    let gateway =
        Gateway::mock_with(|cli| cli.header_read_timeout = Some("300ms".to_owned())).await;
    let mut socket = TcpStream::connect(gateway.addr).await.unwrap();
    socket
        .write_all(b"POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    read_until_closed(&mut socket).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "closed after {:?}",
        started.elapsed()
    );
}

/// A connection that never sends a byte must not be held forever either: that is how a
/// slowloris exhausts a server's sockets.
#[tokio::test]
async fn a_silent_connection_is_closed_after_the_header_read_timeout() {
    let gateway =
        Gateway::mock_with(|cli| cli.header_read_timeout = Some("300ms".to_owned())).await;
    let started = Instant::now();
    let mut silent = TcpStream::connect(gateway.addr).await.unwrap();
    let mut almost_h2 = TcpStream::connect(gateway.addr).await.unwrap();
    // The start of the HTTP/2 preface, then nothing.
    almost_h2.write_all(b"PRI * HTTP/2.0\r\n").await.unwrap();
    read_until_closed(&mut silent).await;
    read_until_closed(&mut almost_h2).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "closed after {:?}",
        started.elapsed()
    );
    // The server still serves.
    gateway.client.chat(&chat("gpt-5", "hi")).await.ok();
}

/// A body that stalls mid-way holds a concurrency permit; it is cut off with a 408 after the
/// header-read timeout of silence, and the permit comes back.
#[tokio::test]
async fn a_client_that_stalls_mid_body_gets_a_408() {
    let gateway = Gateway::mock_with(|cli| {
        cli.header_read_timeout = Some("300ms".to_owned());
        cli.max_concurrent_requests = Some(1);
    })
    .await;
    let mut socket = TcpStream::connect(gateway.addr).await.unwrap();
    socket
        .write_all(
            b"POST /v1/chat/completions HTTP/1.1\r\nhost: gateway\r\n\
              content-type: application/json\r\ncontent-length: 200\r\n\r\n{\"model\": \"gpt-5\",",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let answer = read_until_closed(&mut socket).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
    assert!(answer.contains("x-request-id: "), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3));
    gateway
        .client
        .chat(&chat("gpt-5", "the permit is back"))
        .await
        .ok();
}

#[tokio::test]
async fn a_keep_alive_connection_serves_several_requests() {
    let gateway = Gateway::mock_with(|cli| cli.header_read_timeout = Some("2s".to_owned())).await;
    let mut socket = TcpStream::connect(gateway.addr).await.unwrap();
    let request = b"GET /healthz HTTP/1.1\r\nhost: gateway\r\n\r\n";
    let mut buffer = vec![0; 4096];
    for _ in 0..3 {
        socket.write_all(request).await.unwrap();
        let read = within("an answer", socket.read(&mut buffer)).await.unwrap();
        assert!(buffer[..read].starts_with(b"HTTP/1.1 200"));
    }
}

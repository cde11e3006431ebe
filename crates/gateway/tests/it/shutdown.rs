//! Graceful shutdown: on the signal the listener closes (new connections are refused), the
//! streams in flight finish, and the server returns within the grace period, cutting what is
//! still open when it runs out.

use std::time::{Duration, Instant};

use crate::support::binary::Running;
use crate::support::client::{End, Stream, assemble};
use crate::support::gateway::Gateway;
use crate::support::requests::{chat, chat_stream};
use crate::support::{Client, eventually, within};

async fn refuses_connections(addr: std::net::SocketAddr) -> bool {
    tokio::net::TcpStream::connect(addr).await.is_err()
}

/// The binary on its embedded mock with `grace` to drain in, and a stream of `prompt` through
/// it whose first event has arrived.
async fn binary_with_a_stream(grace: &str, prompt: &str) -> (Running, Stream) {
    let gateway = Running::start(
        &[
            "--mock",
            "--listen",
            "127.0.0.1:0",
            "--shutdown-grace",
            grace,
        ],
        &[],
    )
    .await;
    let mut stream = Client::new(gateway.addr)
        .open_stream("/v1/chat/completions", &chat_stream("gpt-5", prompt), &[])
        .await;
    stream.next_event().await.unwrap();
    (gateway, stream)
}

#[tokio::test]
async fn a_stream_in_flight_completes_and_new_connections_are_refused() {
    let mut gateway = Gateway::mock_with(|cli| cli.shutdown_grace = Some("10s".to_owned())).await;
    // Ten words 100 ms apart: about a second.
    let mut stream = gateway
        .client
        .open_stream(
            "/v1/chat/completions",
            &chat_stream("gpt-5", "[mock:long words=10] [mock:slow ms=100]"),
            &[],
        )
        .await;
    stream.next_event().await.unwrap();

    let started = Instant::now();
    let server = gateway.begin_shutdown();
    let addr = gateway.addr;
    eventually("the listener to close", Duration::from_secs(2), || {
        refuses_connections(addr)
    })
    .await;

    let reply = stream.read_to_end().await;
    let assembled = assemble(&reply.chunks());
    assert_eq!(
        assembled.content.split_whitespace().count(),
        10,
        "{}",
        reply.raw
    );
    assert_eq!(assembled.finish_reason.as_deref(), Some("stop"));

    let still_open = within("serve to return", server).await.unwrap();
    assert_eq!(still_open, 0, "drained cleanly");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "returned once drained, not at the end of the 10 s grace"
    );
}

#[tokio::test]
async fn the_grace_period_bounds_the_drain() {
    let mut gateway = Gateway::mock_with(|cli| cli.shutdown_grace = Some("500ms".to_owned())).await;
    // A hundred words 200 ms apart: twenty seconds, far past the grace period.
    let mut stream = gateway
        .client
        .open_stream(
            "/v1/chat/completions",
            &chat_stream("gpt-5", "[mock:long words=100] [mock:slow ms=200]"),
            &[],
        )
        .await;
    stream.next_event().await.unwrap();

    let started = Instant::now();
    let still_open = within("serve to return", gateway.begin_shutdown())
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(still_open, 1);
    assert!(
        elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(3),
        "returned after {elapsed:?}"
    );
    // The stream is not left running behind a server that has returned: it ends with one
    // event that says why, then the connection closes.
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut last = None;
    let end = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match stream.next_event_within(left).await {
            Some(Ok(data)) if Instant::now() < deadline => last = Some(data),
            Some(Err(end)) => break end,
            _ => panic!("the stream still runs after serve returned"),
        }
    };
    let last: serde_json::Value = serde_json::from_str(&last.unwrap()).unwrap();
    assert_eq!(last["error"]["code"], "server_shutting_down", "{last}");
    assert_eq!(end, End::Closed);
}

#[tokio::test]
async fn sigterm_drains_the_binary_and_exits_zero() {
    let (mut gateway, stream) =
        binary_with_a_stream("10s", "[mock:long words=10] [mock:slow ms=100]").await;

    let started = Instant::now();
    gateway.terminate().await;
    gateway.wait_for_line("SIGTERM received").await;
    let addr = gateway.addr;
    eventually("the listener to close", Duration::from_secs(2), || {
        refuses_connections(addr)
    })
    .await;
    let reply = stream.read_to_end().await;
    assert_eq!(
        assemble(&reply.chunks()).finish_reason.as_deref(),
        Some("stop")
    );
    let status = gateway.wait().await;
    assert!(status.success(), "{status:?}: {:?}", gateway.lines());
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// A drain the grace period cuts short is still a clean stop, as documented: exit 0 (a
/// service manager must not mark the stop failed), with a warning saying what was closed.
#[tokio::test]
async fn sigterm_cutting_a_stream_still_exits_zero_with_a_warning() {
    // A hundred words 200 ms apart: twenty seconds, far past the grace period.
    let (mut gateway, stream) =
        binary_with_a_stream("300ms", "[mock:long words=100] [mock:slow ms=200]").await;

    gateway.terminate().await;
    let reply = stream.read_to_end().await;
    assert_eq!(
        reply.error_event()["code"],
        "server_shutting_down",
        "{}",
        reply.raw
    );
    let status = gateway.wait().await;
    assert!(status.success(), "{status:?}: {:?}", gateway.lines());
    let warning = gateway
        .wait_for_line("grace period ran out before 1 connections")
        .await;
    assert!(warning.contains("WARN"), "{warning}");
    let line = gateway.wait_for_line("error=\"shutdown\"").await;
    assert!(line.contains("status=200"), "{line}");
}

/// A request still waiting for its whole answer when the grace period ends is answered 503,
/// saying why, instead of finding its connection closed.
#[tokio::test]
async fn a_request_without_its_answer_at_the_end_of_the_grace_period_gets_a_503() {
    let mut gateway = Gateway::mock_with(|cli| cli.shutdown_grace = Some("300ms".to_owned())).await;
    let client = gateway.client.clone();
    let waiting = tokio::spawn(async move {
        client
            .chat(&chat("gpt-5", "[mock:slow ms=10000] hello"))
            .await
    });
    // The request reaches the mock before the shutdown begins.
    tokio::time::sleep(Duration::from_millis(200)).await;
    within("serve to return", gateway.begin_shutdown())
        .await
        .unwrap();
    let reply = within("the answer", waiting).await.unwrap();
    let error = reply.openai_error(503, "server_error", Some("server_shutting_down"));
    assert!(
        error["message"].as_str().unwrap().contains("shutting down"),
        "{error}"
    );
}

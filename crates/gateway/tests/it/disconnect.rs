//! A client that hangs up cancels its upstream request: the gateway closes its connection to
//! OCI at once, while OCI would have kept sending for many more seconds.

use std::time::Duration;

use oci_genai_mock::MockConfig;

use crate::support::gateway::Gateway;
use crate::support::requests::{chat, chat_stream};
use crate::support::tap::Upstream;

#[tokio::test]
async fn a_client_hanging_up_mid_stream_cancels_the_oci_stream() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real(&upstream.url()).await;
    // Fifty words 200 ms apart: OCI would send for ten seconds.
    let mut stream = gateway
        .client
        .open_stream(
            "/v1/chat/completions",
            &chat_stream("gpt-5", "[mock:long words=50] [mock:slow ms=200]"),
            &[],
        )
        .await;
    stream.next_event().await.unwrap();
    stream.next_event().await.unwrap();
    assert_eq!(upstream.tap.seen().closed_by_gateway, 0);
    assert_eq!(gateway.metric("gateway_in_flight_streams").await, 1.0);

    drop(stream);
    assert!(
        upstream.tap.gateway_closed(1, Duration::from_secs(2)).await,
        "the gateway kept its OCI stream open after the client left: {:?}",
        upstream.tap.seen()
    );
    assert_eq!(gateway.metric("gateway_in_flight_streams").await, 0.0);
    assert_eq!(
        gateway
            .metric("gateway_errors_total{kind=\"client_disconnected\"}")
            .await,
        1.0
    );
}

#[tokio::test]
async fn a_client_hanging_up_before_a_whole_answer_cancels_the_oci_call() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real(&upstream.url()).await;
    // The JSON answer trickles in four pieces two seconds apart.
    let request = crate::support::client::json_request(
        gateway
            .client
            .request(http::Method::POST, "/v1/chat/completions"),
        &chat("gpt-5", "[mock:slow ms=2000] hello"),
        &[],
    );
    let client = gateway.client.clone();
    let call = tokio::spawn(async move { client.send(request).await });
    crate::support::eventually("the call to reach OCI", Duration::from_secs(5), || async {
        upstream.tap.seen().opened >= 1 && upstream.mock.requests() >= 1
    })
    .await;
    call.abort();
    assert!(
        upstream.tap.gateway_closed(1, Duration::from_secs(2)).await,
        "the gateway kept waiting for OCI after the client left: {:?}",
        upstream.tap.seen()
    );
    assert_eq!(gateway.metric("gateway_in_flight_requests").await, 0.0);
}

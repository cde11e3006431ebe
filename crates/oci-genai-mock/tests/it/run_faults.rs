//! Run-wide faults from the configuration: latency, event delay, random
//! failures from a seed.

use std::time::{Duration, Instant};

use http::StatusCode;
use oci_genai_mock::{Faults, MockConfig};

use crate::support::{CHAT, chat_body, generic, start_with};

fn faults(faults: Faults) -> MockConfig {
    MockConfig {
        faults,
        ..MockConfig::default()
    }
}

#[tokio::test]
async fn latency_delays_the_first_byte() {
    let mock = start_with(faults(Faults {
        first_byte_latency: Duration::from_millis(300),
        ..Faults::default()
    }))
    .await;
    let started = Instant::now();
    assert_eq!(
        mock.chat("xai.grok-4", generic("hi")).await.status,
        StatusCode::OK
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    // Errors wait too: a client's timeout must cover every answer.
    let started = Instant::now();
    assert_eq!(
        mock.get("/20231130/models").await.status,
        StatusCode::BAD_REQUEST
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn event_delay_spaces_every_stream() {
    let mock = start_with(faults(Faults {
        event_delay: Duration::from_millis(40),
        ..Faults::default()
    }))
    .await;
    let started = Instant::now();
    let stream = mock
        .stream("xai.grok-4", generic("hi"), Duration::from_secs(5))
        .await;
    let gaps = stream.data.len() as u32 - 1;
    assert!(gaps >= 5, "{gaps}");
    assert!(started.elapsed() >= Duration::from_millis(40) * gaps);
}

#[tokio::test]
async fn random_failures_follow_the_rate() {
    let mock = start_with(faults(Faults {
        fault_rate: 1.0,
        fault_status: StatusCode::TOO_MANY_REQUESTS,
        retry_after: Duration::from_secs(2),
        ..Faults::default()
    }))
    .await;
    for _ in 0..3 {
        let reply = mock.chat("xai.grok-4", generic("hi")).await;
        reply.assert_error(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests");
        assert_eq!(reply.headers["retry-after"], "2");
    }
}

#[tokio::test]
async fn a_seed_makes_random_failures_reproducible() {
    async fn statuses(seed: u64) -> Vec<u16> {
        let mock = start_with(faults(Faults {
            fault_rate: 0.5,
            seed,
            ..Faults::default()
        }))
        .await;
        let body = chat_body("xai.grok-4", generic("hi"));
        let mut statuses = Vec::new();
        for _ in 0..24 {
            statuses.push(mock.post(CHAT, &body).await.status.as_u16());
        }
        statuses
    }
    let first = statuses(7).await;
    assert_eq!(first, statuses(7).await);
    assert_ne!(first, statuses(8).await);
    assert!(first.contains(&503) && first.contains(&200), "{first:?}");
}

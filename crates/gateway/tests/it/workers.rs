//! The binary's serving model: one acceptor handing connections to worker threads, each a
//! single-threaded runtime with its own OCI client, sharing settings, limits and metrics.

use tokio::sync::oneshot;

use crate::support::client::Client;
use crate::support::gateway::{metric_value, mock_backend};
use crate::support::requests::{chat, chat_stream};

#[tokio::test]
async fn workers_share_one_gateway_and_drain_on_shutdown() {
    let backend = mock_backend().await;
    let states = vec![
        backend.state.clone(),
        backend.worker_state().unwrap(),
        backend.worker_state().unwrap(),
    ];
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    // One worker pinned, one left to the scheduler, one whose pin the kernel refuses (a CPU
    // this machine cannot have): all three serve.
    let allowed = gateway::server::affinity::allowed_cpus().unwrap_or_default();
    #[cfg(target_os = "linux")]
    let refused = crate::support::threads::impossible_cpu();
    #[cfg(not(target_os = "linux"))]
    let refused = None;
    let cpus = vec![allowed.first().copied(), None, refused];
    let server = tokio::spawn(gateway::server::serve_on_workers(
        listener,
        states,
        cpus,
        async {
            let _ = stopped.await;
        },
    ));

    // Connections are handed out in turn: six clients land on all three workers.
    let clients: Vec<Client> = (0..6).map(|_| Client::new(addr)).collect();
    for (i, client) in clients.iter().enumerate() {
        let answer = client
            .chat(&chat("gpt-5", &format!("question {i}")))
            .await
            .ok();
        assert!(
            answer["choices"][0]["message"]["content"]
                .as_str()
                .unwrap()
                .contains(&format!("question {i}"))
        );
        let stream = client.chat_stream(&chat_stream("gpt-5", "hello")).await;
        assert!(!stream.chunks().is_empty());
    }

    #[cfg(target_os = "linux")]
    if let Some(&first) = allowed.first() {
        let expected = [(0, vec![first]), (1, allowed.clone()), (2, allowed.clone())];
        crate::support::threads::assert_worker_cpus(std::process::id(), &expected.into()).await;
    }

    // Limits and metrics are the gateway's, whichever worker served a request.
    let metrics = clients[0].get("/metrics").await.text();
    assert_eq!(
        metric_value(
            &metrics,
            "gateway_requests_total{route=\"chat_completions\",status=\"200\"}"
        ),
        12.0,
        "{metrics}"
    );
    assert_eq!(metric_value(&metrics, "gateway_in_flight_streams"), 0.0);

    // Shutdown: the acceptor stops, every worker drains and the call returns.
    let _ = stop.send(());
    let open = tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .expect("serve_on_workers returns after shutdown")
        .unwrap()
        .unwrap();
    assert_eq!(open, 0);
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "the listener is closed"
    );
    drop(backend);
}

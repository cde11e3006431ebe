//! `GET /v1/models` (the aliases, plus OCI's catalog when enabled) and `GET /v1/models/{id}`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use oci_genai_mock::MockConfig;
use tokio::io::AsyncReadExt as _;

use crate::support::gateway::Gateway;
use crate::support::tap::Upstream;
use crate::support::{Client, eventually};

fn ids(body: &serde_json::Value) -> Vec<String> {
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|model| {
            assert_eq!(model["object"], "model", "{model}");
            assert!(model["created"].is_u64(), "{model}");
            assert!(model["owned_by"].is_string(), "{model}");
            model["id"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_list_is_the_aliases_by_default() {
    let gateway = Gateway::mock().await;
    let body = gateway.client.get("/v1/models").await.ok();
    assert_eq!(body["object"], "list");
    let mut ids = ids(&body);
    ids.sort();
    assert_eq!(ids, ["gpt-5", "openai-compatible/gpt-5", "openai/gpt-5"]);
}

#[tokio::test]
async fn the_oci_catalog_is_listed_when_enabled() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real_with(&upstream.url(), |cli| cli.list_oci_models = Some(true)).await;
    let ids = ids(&gateway.client.get("/v1/models").await.ok());
    for id in [
        "gpt-5",
        "meta.llama-3.3-70b-instruct",
        "cohere.command-a-03-2025",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} in {ids:?}");
    }
    assert!(upstream.tap.sent().contains("GET /20231130/models?"));
}

#[tokio::test]
async fn the_oci_catalog_is_fetched_once_for_many_listings() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real_with(&upstream.url(), |cli| cli.list_oci_models = Some(true)).await;
    let first = ids(&gateway.client.get("/v1/models").await.ok());
    let second = ids(&gateway.client.get("/v1/models").await.ok());
    let one = gateway
        .client
        .get("/v1/models/meta.llama-3.3-70b-instruct")
        .await
        .ok();
    assert_eq!(first, second);
    assert_eq!(one["id"], "meta.llama-3.3-70b-instruct");
    let fetches = upstream.tap.sent().matches("GET /20231130/models?").count();
    // The catalog is paged: the first listing may take several pages, the later ones none.
    let pages = {
        let upstream = Upstream::start(MockConfig::default()).await;
        let gateway =
            Gateway::real_with(&upstream.url(), |cli| cli.list_oci_models = Some(true)).await;
        let _ = gateway.client.get("/v1/models").await.ok();
        upstream.tap.sent().matches("GET /20231130/models?").count()
    };
    assert_eq!(
        fetches, pages,
        "later listings were served from the cached catalog"
    );
}

#[tokio::test]
async fn the_aliases_are_listed_when_the_control_plane_is_down() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let closed = {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let gateway = Gateway::real_with(&upstream.url(), |cli| {
        cli.list_oci_models = Some(true);
        cli.control_plane_endpoint = Some(closed);
        cli.retry_max_attempts = Some(1);
    })
    .await;
    let ids = ids(&gateway.client.get("/v1/models").await.ok());
    assert_eq!(ids.len(), 3, "{ids:?}");
}

#[tokio::test]
async fn one_model_by_alias_by_oci_id_or_404() {
    let gateway = Gateway::mock().await;
    for (path, id) in [
        ("/v1/models/gpt-5", "gpt-5"),
        ("/v1/models/openai/gpt-5", "openai/gpt-5"),
        ("/v1/models/openai%2Fgpt-5", "openai/gpt-5"),
        ("/models/openai-compatible/gpt-5", "openai-compatible/gpt-5"),
    ] {
        let body = gateway.client.get(path).await.ok();
        assert_eq!(body["id"], id, "{path}");
        assert_eq!(body["object"], "model");
    }
    let body = gateway
        .client
        .get("/v1/models/meta.llama-3.3-70b-instruct")
        .await
        .ok();
    assert_eq!(body["id"], "meta.llama-3.3-70b-instruct");
    assert_eq!(body["owned_by"], "meta");
    let reply = gateway.client.get("/v1/models/gpt-4.1").await;
    let error = reply.openai_error(404, "invalid_request_error", Some("model_not_found"));
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("`openai/gpt-5`"),
        "{error}"
    );
}

/// A control plane that accepts connections and reads requests but never answers.
struct Unanswering {
    url: String,
    requests: Arc<AtomicUsize>,
    _accepting: tokio::task::JoinHandle<()>,
}

impl Unanswering {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&requests);
        let accepting = tokio::spawn(async move {
            while let Ok((mut connection, _)) = listener.accept().await {
                let counted = Arc::clone(&counted);
                tokio::spawn(async move {
                    let mut buffer = vec![0; 16 * 1024];
                    while let Ok(read @ 1..) = connection.read(&mut buffer).await {
                        let text = String::from_utf8_lossy(&buffer[..read]);
                        counted.fetch_add(
                            text.matches("GET /20231130/models").count(),
                            Ordering::SeqCst,
                        );
                    }
                });
            }
        });
        Self {
            url,
            requests,
            _accepting: accepting,
        }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// With the control plane hung, one listing waits for the catalog (bounded by the request
/// timeout); the others, meanwhile and for a while after it failed, get the aliases at once
/// instead of queueing behind it and each calling OCI again.
#[tokio::test]
async fn listings_do_not_queue_behind_a_hung_control_plane() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let hung = Unanswering::start().await;
    let gateway = Gateway::real_with(&upstream.url(), |cli| {
        cli.list_oci_models = Some(true);
        cli.control_plane_endpoint = Some(hung.url.clone());
        cli.request_timeout = Some("1s".to_owned());
        cli.retry_max_attempts = Some(1);
    })
    .await;
    let fetching = {
        let client = gateway.client.clone();
        tokio::spawn(async move { client.get("/v1/models").await })
    };
    eventually(
        "the catalog to be asked for",
        Duration::from_secs(5),
        || async { hung.requests() == 1 },
    )
    .await;

    // Listings meanwhile, at once.
    let listings: Vec<_> = (0..4)
        .map(|_| {
            let client = gateway.client.clone();
            tokio::spawn(async move {
                let started = Instant::now();
                let reply = client.get("/v1/models").await;
                (started.elapsed(), ids(&reply.ok()).len())
            })
        })
        .collect();
    for listing in listings {
        let (elapsed, count) = listing.await.unwrap();
        assert_eq!(count, 3, "the aliases alone");
        assert!(
            elapsed < Duration::from_millis(500),
            "a listing waited {elapsed:?} for the fetch under way"
        );
    }

    let reply = fetching.await.unwrap();
    assert_eq!(
        ids(&reply.ok()).len(),
        3,
        "the aliases once the fetch failed"
    );
    // The failure is remembered: no new call, no wait.
    let started = Instant::now();
    assert_eq!(ids(&gateway.client.get("/v1/models").await.ok()).len(), 3);
    gateway.client.get("/v1/models/gpt-5").await.ok();
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(hung.requests(), 1, "one call to the hung control plane");
    assert_eq!(
        gateway
            .metric("gateway_errors_total{kind=\"upstream_model_list\"}")
            .await,
        1.0
    );
}

/// HEAD goes wherever GET does: the head of the GET answer, no body, over HTTP/1.1 and
/// HTTP/2.
#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let gateway = Gateway::mock().await;
    for client in [gateway.client.clone(), Client::http2(gateway.addr)] {
        for path in ["/v1/models", "/models", "/v1/models/gpt-5", "/healthz"] {
            let get = client.get(path).await;
            assert_eq!(get.status, 200, "{path}");
            let head = client
                .fetch(
                    client
                        .request(http::Method::HEAD, path)
                        .body(Default::default())
                        .unwrap(),
                )
                .await;
            assert_eq!(head.status, 200, "HEAD {path}");
            assert!(head.body.is_empty(), "HEAD {path}: {}", head.text());
            assert_eq!(
                head.header("content-length"),
                Some(get.body.len().to_string().as_str()),
                "HEAD {path}: the length of the GET answer"
            );
            assert_eq!(
                head.header("content-type"),
                get.header("content-type"),
                "HEAD {path}"
            );
            assert!(head.header("x-request-id").is_some(), "HEAD {path}");
        }
    }
}

//! `GET /v1/models` (the aliases, plus OCI's catalog when enabled) and `GET /v1/models/{id}`.

use oci_genai_mock::MockConfig;

use crate::support::gateway::Gateway;
use crate::support::tap::Upstream;

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

//! The control plane's model list: paging and filters.

use std::collections::HashSet;

use http::StatusCode;
use oci_genai_client::wire::{ModelCapability, ModelCollection, ModelSummary};
use oci_genai_mock::MockConfig;

use crate::support::{start, start_with};

const LIST: &str = "/20231130/models?compartmentId=ocid1.compartment.oc1..x";

async fn all_pages(mock: &crate::support::Mock, query: &str) -> (Vec<ModelSummary>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    let mut page: Option<String> = None;
    loop {
        let url = match &page {
            Some(token) => format!("{LIST}{query}&page={token}"),
            None => format!("{LIST}{query}"),
        };
        let reply = mock.get(&url).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        let collection: ModelCollection = reply.json();
        items.extend(collection.items);
        pages += 1;
        match reply.headers.get("opc-next-page") {
            Some(token) => page = Some(token.to_str().unwrap().to_owned()),
            None => break,
        }
        assert!(pages < 100, "paging never ends");
    }
    (items, pages)
}

#[tokio::test]
async fn pages_cover_the_catalog_once() {
    let mock = start().await;
    let (everything, pages) = all_pages(&mock, "").await;
    assert_eq!(pages, 1, "the default limit of 100 fits the catalog");
    let (paged, pages) = all_pages(&mock, "&limit=7").await;
    assert_eq!(pages, everything.len().div_ceil(7));
    assert_eq!(paged, everything, "the same models in the same order");
    let ids: HashSet<&str> = paged.iter().map(|model| model.id.as_str()).collect();
    assert_eq!(ids.len(), paged.len(), "no model twice");
    let names: Vec<&str> = everything
        .iter()
        .filter_map(|m| m.display_name.as_deref())
        .collect();
    for name in [
        "openai.gpt-4.1",
        "openai.gpt-oss-120b",
        "meta.llama-3.3-70b-instruct",
        "cohere.embed-v4.0",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    let newest_first: Vec<&str> = everything.iter().map(|m| m.time_created.as_str()).collect();
    assert!(
        newest_first.windows(2).all(|pair| pair[0] >= pair[1]),
        "timeCreated descending by default"
    );
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let mock = start().await;
    let (embeddings, _) = all_pages(&mock, "&capability=TEXT_EMBEDDINGS").await;
    assert!(!embeddings.is_empty());
    assert!(
        embeddings
            .iter()
            .all(|m| m.capabilities.contains(&ModelCapability::TextEmbeddings))
    );
    let (either, _) = all_pages(&mock, "&capability=TEXT_EMBEDDINGS&capability=TEXT_RERANK").await;
    assert_eq!(either.len(), embeddings.len() + 1);
    let (meta, _) = all_pages(&mock, "&vendor=meta").await;
    assert_eq!(meta.len(), 5);
    assert!(meta.iter().all(|m| m.vendor.as_deref() == Some("meta")));
    let (deleted, _) = all_pages(&mock, "&lifecycleState=DELETED").await;
    assert!(deleted.is_empty());
    let (active, _) = all_pages(
        &mock,
        "&lifecycleState=ACTIVE&vendor=xai&sortBy=displayName&sortOrder=ASC",
    )
    .await;
    let names: Vec<&str> = active
        .iter()
        .filter_map(|m| m.display_name.as_deref())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    let (one, _) = all_pages(&mock, &format!("&id={}", active[0].id)).await;
    assert_eq!(one.len(), 1);
}

#[tokio::test]
async fn a_compartment_is_required() {
    let mock = start().await;
    mock.get("/20231130/models")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "MissingParameter");
    mock.get(&format!("{LIST}&limit=0"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    mock.get(&format!("{LIST}&page=bogus"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
}

#[tokio::test]
async fn extra_models_are_listed() {
    let mock = start_with(MockConfig {
        extra_models: vec!["openai.o3".into()],
        ..MockConfig::default()
    })
    .await;
    let (found, _) = all_pages(&mock, "&displayName=openai.o3").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].capabilities, [ModelCapability::Chat]);
    assert_eq!(found[0].vendor.as_deref(), Some("openai"));
}

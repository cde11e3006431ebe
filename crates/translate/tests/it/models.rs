//! `GET /v1/models`: aliases, then OCI's catalog.

use oci_genai_client::wire::ModelCollection;
use translate::{ALIAS_OWNER, ModelCatalog, models_list};

use crate::support::read_json;

#[test]
fn aliases_then_usable_oci_models() {
    let collection: ModelCollection = serde_json::from_value(read_json(
        "../../../oci-genai-client/tests/data/models/models-page.json",
    ))
    .unwrap();
    // 2026-11-25: the command-r model's on-demand retirement (2026-07-15) has passed.
    let list = models_list(&ModelCatalog::default(), Some(&collection), 1_795_601_730);
    let json = serde_json::to_value(&list).unwrap();
    let ids: Vec<&str> = list.data.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "gpt-5",
            "openai-compatible/gpt-5",
            "openai/gpt-5",
            "meta.llama-3.3-70b-instruct",
            "cohere.embed-v4.0"
        ]
    );
    assert_eq!(json["object"], "list");
    assert_eq!(json["data"][0]["owned_by"], ALIAS_OWNER);
    assert_eq!(json["data"][0]["created"], 1_795_601_730);
    assert_eq!(json["data"][3]["owned_by"], "meta");
    assert_eq!(json["data"][3]["created"], 1_735_689_600);

    // Before the retirement date, the deprecated model is still listed.
    let list = models_list(&ModelCatalog::default(), Some(&collection), 1_760_000_000);
    assert!(list.data.iter().any(|m| m.id == "cohere.command-r-08-2024"));
    // A catalog without the `cohere.` prefix cannot route it, so it is not listed.
    let catalog = ModelCatalog::new().with_vendor_prefixes(["meta."]);
    let list = models_list(&catalog, Some(&collection), 1_760_000_000);
    let ids: Vec<&str> = list.data.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["meta.llama-3.3-70b-instruct"]);
}

//! The models list and a single model.

use openai_types::models::{ListModelsResponse, Model};
use serde_json::json;

use crate::{assert_round_trip, fixture};

#[test]
fn list_round_trips() {
    let list: ListModelsResponse = assert_round_trip(&fixture("openai/models-list.json"));
    assert_eq!(list.object, ListModelsResponse::OBJECT);
    assert_eq!(list.data.len(), 3);
    assert_eq!(
        list.data[2],
        Model::new("model-id-2", 1_686_935_002, "openai")
    );
}

#[test]
fn single_model_round_trips() {
    let model: Model = assert_round_trip(&fixture("openai/model.json"));
    assert_eq!(model.id, "gpt-4o-mini");
    assert_eq!(model.object, Model::OBJECT);
}

#[test]
fn built_list() {
    let list: ListModelsResponse = [Model::new("cohere.command-a-03-2025", 1_741_000_000, "oci")]
        .into_iter()
        .collect();
    assert_eq!(
        serde_json::to_value(&list).expect("serialises"),
        json!({"object": "list", "data": [
            {"id": "cohere.command-a-03-2025", "object": "model", "created": 1_741_000_000, "owned_by": "oci"}
        ]})
    );
    assert_eq!(
        serde_json::to_value(ListModelsResponse::default()).expect("serialises"),
        json!({"object": "list", "data": []})
    );
}

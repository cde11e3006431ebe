//! `GET /v1/models`: the aliases, then the OCI catalog.

use oci_genai_client::wire::{ModelCapability, ModelCollection, ModelLifecycleState, ModelType};
use openai_types::models::{ListModelsResponse, Model};

use crate::catalog::{MODEL_OCID_PREFIX, ModelCatalog};
use crate::timestamp::unix_seconds;

/// `owned_by` of alias entries.
pub const ALIAS_OWNER: &str = "oci-openai-gateway";

/// The model list: every alias first (`owned_by` [`ALIAS_OWNER`], `created` = `now`), then,
/// when the gateway has OCI's catalog, each model a client can name: active, with the `CHAT`
/// or `TEXT_EMBEDDINGS` capability, not retired on demand before `now`. Base models are
/// listed by name (`meta.llama-3.3-70b-instruct`) when the catalog lets that name through,
/// other base models are left out, custom models are listed by OCID; duplicates and names already listed are skipped. `now` is Unix
/// seconds from the gateway's clock.
///
/// ```
/// use translate::{ModelCatalog, models_list};
///
/// let list = models_list(&ModelCatalog::default(), None, 1_764_000_000);
/// let ids: Vec<_> = list.data.iter().map(|m| m.id.as_str()).collect();
/// assert_eq!(ids, ["gpt-5", "openai-compatible/gpt-5", "openai/gpt-5"]);
/// ```
#[must_use]
pub fn models_list(
    catalog: &ModelCatalog,
    oci_models: Option<&ModelCollection>,
    now: u64,
) -> ListModelsResponse {
    let mut data: Vec<Model> = catalog
        .aliases()
        .map(|(alias, _)| Model::new(alias, now, ALIAS_OWNER))
        .collect();
    for model in oci_models.iter().flat_map(|c| c.items.iter()) {
        let usable = model.lifecycle_state == ModelLifecycleState::Active
            && model
                .capabilities
                .iter()
                .any(|c| matches!(c, ModelCapability::Chat | ModelCapability::TextEmbeddings));
        let retired = model
            .time_on_demand_retired
            .as_deref()
            .and_then(unix_seconds)
            .is_some_and(|retired| retired <= now);
        if !usable || (retired && model.r#type == ModelType::Base) {
            continue;
        }
        let id = match (&model.r#type, model.display_name.as_deref()) {
            (ModelType::Base, Some(name)) if catalog.is_oci_id(name) => name,
            (ModelType::Base, _) => continue,
            _ if model.id.starts_with(MODEL_OCID_PREFIX) => model.id.as_str(),
            _ => continue,
        };
        if data.iter().any(|listed| listed.id == id) {
            continue;
        }
        data.push(Model::new(
            id,
            unix_seconds(&model.time_created).unwrap_or(0),
            model.vendor.as_deref().unwrap_or("oci"),
        ));
    }
    ListModelsResponse::new(data)
}

//! `GET /v1/models` and `GET /v1/models/{id}`: the configured aliases, plus OCI's catalog
//! when `list_oci_models` is on.

use std::time::{Duration, Instant};

use http::{Response, StatusCode};
use oci_genai_client::client::ModelFilters;
use oci_genai_client::wire::ModelCollection;
use openai_types::models::{ListModelsResponse, Model};
use translate::TranslateError;

use crate::body::{GatewayBody, json};
use crate::error::{GatewayError, chain};
use crate::metrics::UpstreamOp;
use crate::state::{AppState, CachedModels};

/// How long a fetched OCI catalog is served before it is fetched again: the catalog changes
/// rarely, and clients may list models on every start.
const OCI_CATALOG_TTL: Duration = Duration::from_secs(300);

async fn oci_catalog(state: &AppState) -> Option<ModelCollection> {
    if !state.settings.list_oci_models {
        return None;
    }
    // Held across the fetch, so that concurrent listings wait for one call to OCI.
    let mut cached = state.oci_models.lock().await;
    if let Some(copy) = cached.as_ref()
        && copy.fetched.elapsed() < OCI_CATALOG_TTL
    {
        return Some(copy.models.clone());
    }
    let filters = ModelFilters::default();
    let started = Instant::now();
    let result = state
        .client
        .list_models(&state.request_options.compartment_id, &filters)
        .await;
    state
        .metrics
        .record_upstream(UpstreamOp::ListModels, started.elapsed());
    match result {
        Ok(response) => {
            *cached = Some(CachedModels {
                fetched: Instant::now(),
                models: response.value.clone(),
            });
            Some(response.value)
        }
        Err(error) => {
            // The aliases are still worth listing when the control plane is down.
            tracing::warn!(error = %chain(&error), "cannot list OCI models; listing aliases only");
            state.metrics.record_error("upstream_model_list");
            None
        }
    }
}

async fn list_all(state: &AppState) -> ListModelsResponse {
    let oci = oci_catalog(state).await;
    translate::models_list(&state.catalog, oci.as_ref(), state.now_unix())
}

/// `GET /v1/models`.
pub(super) async fn list(state: &AppState) -> Result<Response<GatewayBody>, GatewayError> {
    Ok(json(StatusCode::OK, &list_all(state).await))
}

/// `GET /v1/models/{id}`: a listed model, or any OCI id the gateway would pass through.
pub(super) async fn one(state: &AppState, id: &str) -> Result<Response<GatewayBody>, GatewayError> {
    let listed = list_all(state).await;
    if let Some(model) = listed.data.into_iter().find(|model| model.id == id) {
        return Ok(json(StatusCode::OK, &model));
    }
    if state.catalog.is_oci_id(id) {
        let owner = id.split('.').next().unwrap_or("oci");
        return Ok(json(
            StatusCode::OK,
            &Model::new(id, state.now_unix(), owner),
        ));
    }
    let error = match state.catalog.resolve(id) {
        Err(error) => error,
        // Every alias is listed and OCI ids were answered above; should the catalog ever
        // resolve something else, it is still not a model this gateway lists.
        Ok(_) => TranslateError::UnknownModel {
            model: id.to_owned(),
            aliases: state
                .catalog
                .aliases()
                .map(|(alias, _)| alias.to_owned())
                .collect(),
        },
    };
    Err(error.into())
}

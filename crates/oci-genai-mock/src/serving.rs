//! `servingMode`: which model a request is for.

use oci_genai_client::wire::{ModelCapability, ServingMode};

use crate::api_error::ApiError;
use crate::catalog::Model;
use crate::markers::{self, Script};
use crate::service::State;

/// A request the mock goes on to answer: its script, its model and how the answer names it.
pub(crate) struct Admitted<'a> {
    /// What the request's `[mock:…]` markers ask for.
    pub(crate) script: Script,
    /// The model it is for.
    pub(crate) model: &'a Model,
    /// `modelId` of the answer.
    pub(crate) model_id: &'a str,
}

/// What every action does before answering, in OCI's order: the markers of `marker_text`
/// (a typo is a 400), a scripted failure for this body, a scripted 404, the model of
/// `serving_mode`, and whether it has `capability` (`action` names it in the refusal).
pub(crate) fn admit<'a>(
    state: &'a State,
    serving_mode: &'a ServingMode,
    marker_text: &str,
    body: &[u8],
    capability: &ModelCapability,
    action: &str,
) -> Result<Admitted<'a>, ApiError> {
    let script = markers::parse(marker_text).map_err(|error| ApiError::invalid_marker(&error))?;
    if let Some(status) = &script.status
        && let Some(error) = state.faults.scripted_failure(status, body)
    {
        return Err(error);
    }
    if script.not_found {
        return Err(ApiError::entity_not_found(serving_key(serving_mode)));
    }
    let (model, model_id) = resolve_model(state, serving_mode)?;
    if !model.can(capability) {
        return Err(ApiError::invalid_parameter(format!(
            "Model {} does not support {action}.",
            model.name
        )));
    }
    Ok(Admitted {
        script,
        model,
        model_id,
    })
}

/// The model a serving mode names, and how the answer names it.
pub(crate) fn resolve_model<'a>(
    state: &'a State,
    serving_mode: &'a ServingMode,
) -> Result<(&'a Model, &'a str), ApiError> {
    match serving_mode {
        ServingMode::OnDemand { model_id } => state
            .catalog
            .get(model_id)
            .map(|model| (model, model_id.as_str()))
            .ok_or_else(|| ApiError::entity_not_found(model_id)),
        ServingMode::Dedicated { endpoint_id } => {
            if !endpoint_id.starts_with("ocid1.generativeaiendpoint.") {
                return Err(ApiError::entity_not_found(endpoint_id));
            }
            state
                .catalog
                .get(&state.dedicated_model)
                .map(|model| (model, model.name.as_str()))
                .ok_or_else(|| ApiError::entity_not_found(&state.dedicated_model))
        }
        _ => Err(ApiError::invalid_parameter(
            "servingMode.servingType must be ON_DEMAND or DEDICATED.",
        )),
    }
}

/// The key OCI names in a 404 for this serving mode.
pub(crate) fn serving_key(serving_mode: &ServingMode) -> &str {
    match serving_mode {
        ServingMode::OnDemand { model_id } => model_id,
        ServingMode::Dedicated { endpoint_id } => endpoint_id,
        _ => "",
    }
}

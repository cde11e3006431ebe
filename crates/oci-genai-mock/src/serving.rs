//! `servingMode`: which model a request is for.

use oci_genai_client::wire::ServingMode;

use crate::api_error::ApiError;
use crate::catalog::Model;
use crate::service::State;

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

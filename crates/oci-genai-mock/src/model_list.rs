//! The control plane's `GET /20231130/models`: the catalog as
//! `ModelCollection` pages.
//!
//! Query parameters, as the SDK's `list_models` sends them: `compartmentId`
//! (required), `capability` (repeatable; a model matches if it has any),
//! `vendor`, `lifecycleState`, `displayName`, `id`, `limit` (1 to 1000,
//! default 100), `page` (the `opc-next-page` of the previous page), `sortBy`
//! (`timeCreated`, the default, `displayName` or `lifecycleState`) and
//! `sortOrder` (`ASC`, or `DESC`; the default is `DESC` for `timeCreated`
//! and `ASC` otherwise).

use std::collections::BTreeMap;

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode};
use oci_genai_client::wire::{
    ModelCapability, ModelCollection, ModelLifecycleState, ModelSummary, ModelType,
};

use crate::api_error::ApiError;
use crate::body::{ReplyBody, json_response};
use crate::catalog::Model;
use crate::delivery::to_json;
use crate::query;
use crate::service::State;

const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 1000;
const PAGE_PREFIX: &str = "page-";

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    TimeCreated,
    DisplayName,
    LifecycleState,
}

/// The parsed query.
struct Listing {
    capabilities: Vec<ModelCapability>,
    vendor: Option<String>,
    lifecycle_state: Option<ModelLifecycleState>,
    display_name: Option<String>,
    id: Option<String>,
    limit: usize,
    offset: usize,
    sort_by: SortBy,
    descending: bool,
}

fn parse(query_string: &str) -> Result<Listing, ApiError> {
    let mut compartment = None;
    let mut listing = Listing {
        capabilities: Vec::new(),
        vendor: None,
        lifecycle_state: None,
        display_name: None,
        id: None,
        limit: DEFAULT_LIMIT,
        offset: 0,
        sort_by: SortBy::TimeCreated,
        descending: true,
    };
    let mut sort_order = None;
    for (key, value) in query::pairs(query_string) {
        let value = value.into_owned();
        match key.as_ref() {
            "compartmentId" => compartment = Some(value),
            "capability" => listing.capabilities.push(ModelCapability::from(value)),
            "vendor" => listing.vendor = Some(value),
            "lifecycleState" => {
                listing.lifecycle_state = Some(ModelLifecycleState::from(value.as_str()));
            }
            "displayName" => listing.display_name = Some(value),
            "id" => listing.id = Some(value),
            "limit" => {
                listing.limit = value
                    .parse()
                    .ok()
                    .filter(|limit| (1..=MAX_LIMIT).contains(limit))
                    .ok_or_else(|| {
                        ApiError::invalid_parameter(format!(
                            "limit must be between 1 and {MAX_LIMIT}, not {value:?}."
                        ))
                    })?;
            }
            "page" => {
                listing.offset = value
                    .strip_prefix(PAGE_PREFIX)
                    .and_then(|offset| offset.parse().ok())
                    .ok_or_else(|| {
                        ApiError::invalid_parameter(format!("Invalid page token {value:?}."))
                    })?;
            }
            "sortBy" => {
                listing.sort_by = match value.as_str() {
                    "timeCreated" => SortBy::TimeCreated,
                    "displayName" => SortBy::DisplayName,
                    "lifecycleState" => SortBy::LifecycleState,
                    _ => {
                        return Err(ApiError::invalid_parameter(format!(
                            "sortBy must be timeCreated, displayName or lifecycleState, not {value:?}."
                        )));
                    }
                };
            }
            "sortOrder" => {
                sort_order = Some(match value.as_str() {
                    "ASC" => false,
                    "DESC" => true,
                    _ => {
                        return Err(ApiError::invalid_parameter(format!(
                            "sortOrder must be ASC or DESC, not {value:?}."
                        )));
                    }
                });
            }
            // Other parameters (e.g. `opc-request-id` in the query) are ignored.
            _ => {}
        }
    }
    if compartment.is_none_or(|compartment| compartment.is_empty()) {
        return Err(ApiError::missing_parameter("compartmentId"));
    }
    listing.descending = sort_order.unwrap_or(listing.sort_by == SortBy::TimeCreated);
    Ok(listing)
}

fn matches(listing: &Listing, model: &Model) -> bool {
    (listing.capabilities.is_empty()
        || listing
            .capabilities
            .iter()
            .any(|capability| model.can(capability)))
        && listing.vendor.as_ref().is_none_or(|vendor| *vendor == model.vendor)
        // Every model of the mock is ACTIVE.
        && listing
            .lifecycle_state
            .as_ref()
            .is_none_or(|state| *state == ModelLifecycleState::Active)
        && listing
            .display_name
            .as_ref()
            .is_none_or(|name| *name == model.name)
        && listing.id.as_ref().is_none_or(|id| *id == model.ocid)
}

fn summary(model: &Model) -> ModelSummary {
    ModelSummary {
        id: model.ocid.clone(),
        compartment_id: None,
        capabilities: model.capabilities.clone(),
        lifecycle_state: ModelLifecycleState::Active,
        display_name: Some(model.name.clone()),
        vendor: Some(model.vendor.clone()),
        version: Some(model.version.clone()),
        time_created: model.time_created.clone(),
        r#type: ModelType::Base,
        is_long_term_supported: model.is_long_term_supported,
        freeform_tags: Some(BTreeMap::new()),
        defined_tags: Some(BTreeMap::new()),
        system_tags: Some(BTreeMap::new()),
        ..ModelSummary::default()
    }
}

/// Answers one page of the model list.
pub(crate) fn handle(state: &State, query_string: &str) -> Result<Response<ReplyBody>, ApiError> {
    let listing = parse(query_string)?;
    let mut models: Vec<&Model> = state
        .catalog
        .models()
        .iter()
        .filter(|model| matches(&listing, model))
        .collect();
    // A stable sort keeps catalog order among equals, so pages never overlap.
    match listing.sort_by {
        SortBy::TimeCreated => models.sort_by(|a, b| a.time_created.cmp(&b.time_created)),
        SortBy::DisplayName => models.sort_by(|a, b| a.name.cmp(&b.name)),
        SortBy::LifecycleState => {}
    }
    if listing.descending {
        models.reverse();
    }
    let page: Vec<ModelSummary> = models
        .iter()
        .skip(listing.offset)
        .take(listing.limit)
        .map(|model| summary(model))
        .collect();
    let next = listing.offset.saturating_add(listing.limit);
    let collection = ModelCollection { items: page };
    let mut response = json_response(StatusCode::OK, Bytes::from(to_json(&collection)?));
    if next < models.len()
        && let Ok(token) = HeaderValue::from_str(&format!("{PAGE_PREFIX}{next}"))
    {
        response.headers_mut().insert("opc-next-page", token);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compartment_is_required() {
        assert_eq!(parse("limit=5").err().unwrap().code, "MissingParameter");
        assert_eq!(
            parse("compartmentId=").err().unwrap().code,
            "MissingParameter"
        );
    }

    #[test]
    fn bad_values_are_invalid_parameters() {
        for query in [
            "compartmentId=c&limit=0",
            "compartmentId=c&limit=1001",
            "compartmentId=c&limit=ten",
            "compartmentId=c&page=abc",
            "compartmentId=c&sortBy=size",
            "compartmentId=c&sortOrder=UP",
        ] {
            assert_eq!(
                parse(query).err().unwrap().code,
                "InvalidParameter",
                "{query}"
            );
        }
    }

    #[test]
    fn sort_order_defaults_by_field() {
        assert!(parse("compartmentId=c").unwrap().descending);
        assert!(
            !parse("compartmentId=c&sortBy=displayName")
                .unwrap()
                .descending
        );
        assert!(!parse("compartmentId=c&sortOrder=ASC").unwrap().descending);
    }
}

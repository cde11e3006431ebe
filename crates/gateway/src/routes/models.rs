//! `GET /v1/models` and `GET /v1/models/{id}`: the configured aliases, plus OCI's catalog
//! when `list_oci_models` is on.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use http::{Response, StatusCode};
use oci_genai_client::client::ModelFilters;
use oci_genai_client::wire::ModelCollection;
use openai_types::models::{ListModelsResponse, Model};
use translate::TranslateError;

use crate::body::{GatewayBody, json};
use crate::error::{GatewayError, chain};
use crate::metrics::UpstreamOp;
use crate::state::{AppState, CachedModels, OciCatalog};

/// How long a fetched OCI catalog is served before it is fetched again: the catalog changes
/// rarely, and clients may list models on every start.
const OCI_CATALOG_TTL: Duration = Duration::from_secs(300);

/// The longest a listing waits for the catalog, all its pages and retries included: a
/// control plane that accepts and never answers would otherwise hold it for the request
/// timeout of each page (300 s by default), for a list of model names.
const OCI_CATALOG_TIMEOUT: Duration = Duration::from_secs(10);

/// How long after a failed fetch listings do without a new one, so that a control plane that
/// is down or hung is not called again by every listing.
const OCI_CATALOG_RETRY_AFTER: Duration = Duration::from_secs(30);

/// What a listing does about OCI's catalog.
#[derive(Debug)]
enum Step {
    /// Serve this (the catalog, or `None`: the aliases alone) without calling OCI.
    Serve(Option<ModelCollection>),
    /// Fetch the catalog; the listing is now the one fetching.
    Fetch,
}

/// Decides, under the lock, whether this listing fetches the catalog. One listing fetches at
/// a time; the others do not queue behind it (a hung control plane would hold each of them
/// for the whole fetch) but get the last catalog fetched, however old, or the aliases alone.
fn next_step(catalog: &mut OciCatalog, now: Instant) -> Step {
    let last = catalog.last.as_ref();
    if last.is_some_and(|last| now.duration_since(last.fetched) < OCI_CATALOG_TTL) {
        return Step::Serve(last.map(|last| last.models.clone()));
    }
    let failed_lately = catalog
        .failed_at
        .is_some_and(|failed| now.duration_since(failed) < OCI_CATALOG_RETRY_AFTER);
    if catalog.fetching || failed_lately {
        return Step::Serve(last.map(|last| last.models.clone()));
    }
    catalog.fetching = true;
    Step::Fetch
}

/// The catalog's lock; nothing panics while it is held, so a poisoned lock still holds a
/// consistent catalog.
fn lock(catalog: &Mutex<OciCatalog>) -> MutexGuard<'_, OciCatalog> {
    catalog.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The one fetch under way. Dropped, it lets the next listing fetch, also when its listing is
/// dropped mid-fetch (the client went away).
struct Fetching<'a>(&'a Mutex<OciCatalog>);

impl Drop for Fetching<'_> {
    fn drop(&mut self) {
        lock(self.0).fetching = false;
    }
}

async fn oci_catalog(state: &AppState) -> Option<ModelCollection> {
    if !state.settings.list_oci_models {
        return None;
    }
    let step = next_step(&mut lock(&state.oci_models), Instant::now());
    let _fetching = match step {
        Step::Serve(models) => return models,
        Step::Fetch => Fetching(&state.oci_models),
    };
    let filters = ModelFilters::default();
    let started = Instant::now();
    let result = tokio::time::timeout(
        OCI_CATALOG_TIMEOUT,
        state
            .client
            .list_models(&state.request_options.compartment_id, &filters),
    )
    .await;
    state
        .metrics
        .record_upstream(UpstreamOp::ListModels, started.elapsed());
    // Declared after `_fetching`, so released before it locks again on the way out.
    let mut catalog = lock(&state.oci_models);
    let failure = match result {
        Ok(Ok(response)) => {
            catalog.last = Some(CachedModels {
                fetched: Instant::now(),
                models: response.value.clone(),
            });
            catalog.failed_at = None;
            return Some(response.value);
        }
        Ok(Err(error)) => chain(&error),
        Err(_) => format!("no answer within {OCI_CATALOG_TIMEOUT:?}"),
    };
    // The aliases, and the catalog last fetched, are still worth listing when the control
    // plane is down.
    tracing::warn!(
        error = %failure,
        retry_after_seconds = OCI_CATALOG_RETRY_AFTER.as_secs(),
        "cannot list OCI models; listing the aliases and the last catalog fetched, if any"
    );
    state.metrics.record_error("upstream_model_list");
    catalog.failed_at = Some(Instant::now());
    catalog.last.as_ref().map(|last| last.models.clone())
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

#[cfg(test)]
mod tests {
    use oci_genai_client::wire::ModelSummary;

    use super::*;

    fn catalog_fetched(at: Instant) -> CachedModels {
        CachedModels {
            fetched: at,
            models: ModelCollection {
                items: vec![ModelSummary::default()],
            },
        }
    }

    #[test]
    fn one_listing_fetches_and_the_others_do_not_wait_for_it() {
        let now = Instant::now();
        let mut catalog = OciCatalog::default();
        assert!(matches!(next_step(&mut catalog, now), Step::Fetch));
        assert!(catalog.fetching);
        assert!(
            matches!(next_step(&mut catalog, now), Step::Serve(None)),
            "the aliases alone while the first fetch runs"
        );
    }

    #[test]
    fn a_fresh_catalog_is_served_and_a_stale_one_refetched_by_one_listing() {
        let fetched = Instant::now();
        let mut catalog = OciCatalog {
            last: Some(catalog_fetched(fetched)),
            ..OciCatalog::default()
        };
        let fresh = fetched + OCI_CATALOG_TTL - Duration::from_secs(1);
        assert!(matches!(
            next_step(&mut catalog, fresh),
            Step::Serve(Some(_))
        ));
        assert!(!catalog.fetching);
        let stale = fetched + OCI_CATALOG_TTL;
        assert!(matches!(next_step(&mut catalog, stale), Step::Fetch));
        assert!(
            matches!(next_step(&mut catalog, stale), Step::Serve(Some(_))),
            "the old catalog while it is fetched again"
        );
    }

    #[test]
    fn a_failed_fetch_is_not_retried_for_a_while() {
        let failed = Instant::now();
        let mut catalog = OciCatalog {
            failed_at: Some(failed),
            ..OciCatalog::default()
        };
        let soon = failed + OCI_CATALOG_RETRY_AFTER - Duration::from_secs(1);
        assert!(matches!(next_step(&mut catalog, soon), Step::Serve(None)));
        catalog.last = Some(catalog_fetched(failed - OCI_CATALOG_TTL));
        assert!(
            matches!(next_step(&mut catalog, soon), Step::Serve(Some(_))),
            "the last catalog fetched, however old"
        );
        let later = failed + OCI_CATALOG_RETRY_AFTER;
        assert!(matches!(next_step(&mut catalog, later), Step::Fetch));
    }

    #[test]
    fn a_fetch_dropped_midway_lets_the_next_listing_fetch() {
        let catalog = Mutex::new(OciCatalog::default());
        assert!(matches!(
            next_step(&mut lock(&catalog), Instant::now()),
            Step::Fetch
        ));
        drop(Fetching(&catalog));
        assert!(!lock(&catalog).fetching);
    }
}

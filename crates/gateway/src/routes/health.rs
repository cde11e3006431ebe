//! Liveness, readiness and metrics. These bypass client authentication and the
//! concurrency limit, so probes and scrapes work under load.

use bytes::Bytes;
use http::{Method, Response, StatusCode};
use oci_signer::ProvideCredentials as _;

use crate::body::{GatewayBody, json, with_content_type};
use crate::error::{GatewayError, chain};
use crate::metrics::ConcurrencySlots;
use crate::state::AppState;

fn only_get(method: &Method, path: &str) -> Result<(), GatewayError> {
    if method == Method::GET || method == Method::HEAD {
        Ok(())
    } else {
        Err(GatewayError::MethodNotAllowed {
            method: method.to_string(),
            path: path.to_owned(),
            allow: "GET, HEAD",
        })
    }
}

/// `GET /healthz` (and `/health`): the process serves.
pub(super) fn health(method: &Method) -> Result<Response<GatewayBody>, GatewayError> {
    only_get(method, "/healthz")?;
    Ok(json(StatusCode::OK, &serde_json::json!({ "status": "ok" })))
}

/// `GET /readyz`: credentials are loaded and usable (a session token file still readable).
pub(super) async fn ready(
    state: &AppState,
    method: &Method,
) -> Result<Response<GatewayBody>, GatewayError> {
    only_get(method, "/readyz")?;
    Ok(match state.credentials.provide_credentials().await {
        Ok(_) => json(StatusCode::OK, &serde_json::json!({ "status": "ready" })),
        Err(error) => json(
            StatusCode::SERVICE_UNAVAILABLE,
            &serde_json::json!({ "status": "not_ready", "reason": chain(&error) }),
        ),
    })
}

/// `GET /metrics`: Prometheus text format.
pub(super) fn metrics(
    state: &AppState,
    method: &Method,
) -> Result<Response<GatewayBody>, GatewayError> {
    only_get(method, "/metrics")?;
    Ok(with_content_type(
        StatusCode::OK,
        Bytes::from(state.metrics.render(ConcurrencySlots::new(
            state.settings.limits.max_concurrent_requests,
            state.concurrency.available_permits(),
        ))),
        "text/plain; version=0.0.4; charset=utf-8",
    ))
}

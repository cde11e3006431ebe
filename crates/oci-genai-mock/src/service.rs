//! One request, from its first byte to the answer: request id, health check,
//! body, signature, random faults, then the route.

use std::convert::Infallible;
use std::error::Error as StdError;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body::Body;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use tokio::sync::watch;

use crate::api_error::ApiError;
use crate::body::{ReplyBody, json_response};
use crate::catalog::Catalog;
use crate::config::MockConfig;
use crate::delivery::HoldOpen;
use crate::error::MockError;
use crate::faults::FaultInjector;
use crate::request_id::RequestIds;
use crate::verify::{SignedRequest, Verifier};
use crate::{chat, embed, model_list, test_identity};

const CHAT: &str = "/20231130/actions/chat";
const EMBED_TEXT: &str = "/20231130/actions/embedText";
const MODELS: &str = "/20231130/models";
const HEALTH: &str = "/health";

/// What every request shares.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) verifier: Verifier,
    pub(crate) catalog: Catalog,
    pub(crate) faults: FaultInjector,
    pub(crate) dedicated_model: String,
    stream_hold_open: Duration,
    max_body_bytes: usize,
    shutdown: watch::Receiver<bool>,
    request_ids: RequestIds,
    /// Authenticated API requests seen.
    pub(crate) requests: Arc<AtomicU64>,
}

impl State {
    pub(crate) fn new(
        config: MockConfig,
        shutdown: watch::Receiver<bool>,
    ) -> Result<Self, MockError> {
        let mut keys = config.trusted_keys;
        if config.trust_test_key {
            keys.push(test_identity::test_only_trusted_key().map_err(|source| {
                MockError::InvalidKey {
                    origin: "test identity".to_owned(),
                    source,
                }
            })?);
        }
        let seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos() as u64);
        Ok(Self {
            verifier: Verifier::new(keys).with_max_clock_skew(config.max_clock_skew),
            catalog: Catalog::load(&config.extra_models)?,
            faults: FaultInjector::new(config.faults),
            dedicated_model: config.dedicated_model,
            stream_hold_open: config.stream_hold_open,
            max_body_bytes: config.max_body_bytes,
            shutdown,
            request_ids: RequestIds::new(seed),
            requests: Arc::new(AtomicU64::new(0)),
        })
    }

    pub(crate) fn hold_open(&self) -> HoldOpen {
        HoldOpen {
            cap: self.stream_hold_open,
            shutdown: self.shutdown.clone(),
        }
    }
}

/// Answers one request. Never fails: every problem is an OCI error answer.
pub(crate) async fn handle<B>(
    state: Arc<State>,
    request: Request<B>,
) -> Result<Response<ReplyBody>, Infallible>
where
    B: Body<Data = Bytes>,
    B::Error: Into<Box<dyn StdError + Send + Sync>>,
{
    let request_id = state.request_ids.for_request(request.headers());
    let health = request.method() == Method::GET && request.uri().path() == HEALTH;
    // Cheap clones: the method is inline, the URI shares its bytes.
    let method = request.method().clone();
    let uri = request.uri().clone();
    let mut response = match respond(&state, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    };
    let latency = state.faults.faults().first_byte_latency;
    if !health && !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    tracing::debug!(
        %method,
        path = uri.path(),
        status = response.status().as_u16(),
        request_id = request_id.to_str().unwrap_or(""),
        "answered"
    );
    response.headers_mut().insert("opc-request-id", request_id);
    Ok(response)
}

async fn respond<B>(state: &State, request: Request<B>) -> Result<Response<ReplyBody>, ApiError>
where
    B: Body<Data = Bytes>,
    B::Error: Into<Box<dyn StdError + Send + Sync>>,
{
    let (parts, body) = request.into_parts();
    if parts.method == Method::GET && parts.uri.path() == HEALTH {
        return Ok(json_response(
            StatusCode::OK,
            Bytes::from_static(br#"{"status":"ok"}"#),
        ));
    }
    let body = match Limited::new(body, state.max_body_bytes).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
            return Err(ApiError::too_large(state.max_body_bytes));
        }
        Err(_) => return Err(ApiError::cannot_parse("the request body could not be read")),
    };
    state
        .verifier
        .verify(&SignedRequest::from_parts(&parts, &body), SystemTime::now())
        .map_err(|reason| ApiError::not_authenticated(&reason))?;
    state.requests.fetch_add(1, Ordering::Relaxed);
    if let Some(failure) = state.faults.random_failure() {
        return Err(failure);
    }
    match (&parts.method, parts.uri.path()) {
        (&Method::POST, CHAT) => chat::handle(state, &body),
        (&Method::POST, EMBED_TEXT) => embed::handle(state, &body),
        (&Method::GET, MODELS) => model_list::handle(state, parts.uri.query().unwrap_or("")),
        (method, CHAT | EMBED_TEXT | MODELS) => Err(ApiError::method_not_allowed(method.as_str())),
        _ => Err(ApiError::path_not_found()),
    }
}

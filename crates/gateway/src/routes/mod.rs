//! Routing, and what every request goes through: request id, authentication, the
//! concurrency limit, error mapping, metrics, and one log line.

mod chat;
mod embeddings;
mod health;
mod models;
mod sse;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::{HeaderValue, Method, Request, Response, StatusCode, Version};
use http_body::Body;
use tokio::sync::OwnedSemaphorePermit;

use crate::body::{GatewayBody, read_limited};
use crate::deferred::drop_later;
use crate::error::GatewayError;
use crate::metrics::Route;
use crate::request_id::{request_id, trace_id};
use crate::state::AppState;

/// What one request did, for its log line. Streams carry it into their body and log when
/// they end, so that the line has the token counts.
#[derive(Debug, Clone, Default)]
pub struct RequestLog {
    /// The gateway's request id (`x-request-id`, sent to OCI as `opc-request-id`).
    pub request_id: String,
    /// OCI's `opc-request-id` as it answered.
    pub opc_request_id: Option<String>,
    /// The client's W3C trace id.
    pub trace_id: Option<String>,
    /// Method and path.
    pub method: String,
    /// The path.
    pub path: String,
    /// The client's model name.
    pub model: Option<String>,
    /// The OCI model or endpoint it went to.
    pub oci_model: Option<String>,
    /// Whether the answer was streamed.
    pub stream: bool,
    /// Tokens in, as OCI reported them.
    pub prompt_tokens: Option<u64>,
    /// Tokens out.
    pub completion_tokens: Option<u64>,
    /// The error kind, when the request failed.
    pub error: Option<&'static str>,
    /// The error message, when the request failed.
    pub error_message: Option<String>,
    /// A health, readiness or metrics request: logged at debug level when it succeeds.
    pub operational: bool,
}

impl RequestLog {
    /// Writes the request's one log line, for a request that took `latency`.
    pub fn emit(&self, status: u16, latency: Duration) {
        let latency_ms = latency.as_secs_f64() * 1000.0;
        // Probes and scrapes come every few seconds; they would drown the API requests.
        if self.operational && status < 400 {
            tracing::debug!(
                request_id = %self.request_id,
                method = %self.method,
                path = %self.path,
                status,
                latency_ms,
                "request"
            );
            return;
        }
        tracing::info!(
            request_id = %self.request_id,
            opc_request_id = self.opc_request_id.as_deref(),
            trace_id = self.trace_id.as_deref(),
            method = %self.method,
            path = %self.path,
            model = self.model.as_deref(),
            oci_model = self.oci_model.as_deref(),
            stream = self.stream,
            status,
            latency_ms,
            prompt_tokens = self.prompt_tokens,
            completion_tokens = self.completion_tokens,
            error = self.error,
            error_message = self.error_message.as_deref(),
            "request"
        );
    }
}

/// What a handler hands back: a response, and whether its body logs the request itself.
#[derive(Debug)]
pub struct Handled {
    response: Response<GatewayBody>,
    logs_itself: bool,
}

impl Handled {
    fn done(response: Response<GatewayBody>) -> Self {
        Self {
            response,
            logs_itself: false,
        }
    }

    fn stream(response: Response<GatewayBody>) -> Self {
        Self {
            response,
            logs_itself: true,
        }
    }
}

/// The API endpoints (behind authentication and the concurrency limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    ChatCompletions,
    Embeddings,
    Models,
    Model,
}

impl Api {
    /// The methods each endpoint takes, for the `Allow` header of a 405. HEAD goes wherever
    /// GET does, as HTTP requires of a general-purpose server (RFC 9110, 9.1), and gets the
    /// head of the GET answer ([`leave_out_body`]).
    fn allowed_methods(self) -> &'static str {
        match self {
            Self::ChatCompletions | Self::Embeddings => "POST",
            Self::Models | Self::Model => "GET, HEAD",
        }
    }
}

/// Where a request goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Api(Api),
    Health,
    Ready,
    Metrics,
    Unknown,
}

/// Routes a path. The OpenAI API is served with and without the `/v1` prefix, since some
/// clients put `/v1` in their base URL and others do not.
fn endpoint(path: &str) -> Endpoint {
    let api_path = path
        .strip_prefix("/v1")
        .filter(|rest| rest.starts_with('/'))
        .unwrap_or(path);
    match api_path {
        "/chat/completions" => Endpoint::Api(Api::ChatCompletions),
        "/embeddings" => Endpoint::Api(Api::Embeddings),
        "/models" => Endpoint::Api(Api::Models),
        _ if api_path.starts_with("/models/") && api_path.len() > "/models/".len() => {
            Endpoint::Api(Api::Model)
        }
        _ => match path {
            "/healthz" | "/health" => Endpoint::Health,
            "/readyz" => Endpoint::Ready,
            "/metrics" => Endpoint::Metrics,
            _ => Endpoint::Unknown,
        },
    }
}

fn metric_route(endpoint: Endpoint) -> Route {
    match endpoint {
        Endpoint::Api(Api::ChatCompletions) => Route::ChatCompletions,
        Endpoint::Api(Api::Embeddings) => Route::Embeddings,
        Endpoint::Api(Api::Models | Api::Model) => Route::Models,
        Endpoint::Health | Endpoint::Ready | Endpoint::Metrics => Route::Operational,
        Endpoint::Unknown => Route::Other,
    }
}

/// Serves one request.
pub async fn handle<B>(
    state: &Arc<AppState>,
    request: Request<B>,
    remote: SocketAddr,
) -> Response<GatewayBody>
where
    B: Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let started = Instant::now();
    let endpoint = endpoint(request.uri().path());
    let mut pending = Unanswered {
        state,
        route: metric_route(endpoint),
        started,
        log: RequestLog {
            request_id: request_id(request.headers(), &state.rng),
            trace_id: trace_id(request.headers()).map(str::to_owned),
            method: request.method().to_string(),
            path: request.uri().path().to_owned(),
            operational: matches!(
                endpoint,
                Endpoint::Health | Endpoint::Ready | Endpoint::Metrics
            ),
            ..RequestLog::default()
        },
        answered: false,
    };
    let request_id = pending.log.request_id.clone();
    tracing::debug!(%remote, request_id = %request_id, "request received");
    // An HTTP/1 request whose body is answered without being read (refused before it was
    // needed) leaves unread bytes on the connection; it must then close, and say so.
    let closes_if_unread = request.version() <= Version::HTTP_11 && has_body(request.headers());
    let head_only = request.method() == Method::HEAD;
    let mut body_read = false;

    let handled = match endpoint {
        Endpoint::Health => health::health(request.method()).map(Handled::done),
        Endpoint::Ready => health::ready(state, request.method())
            .await
            .map(Handled::done),
        Endpoint::Metrics => health::metrics(state, request.method()).map(Handled::done),
        Endpoint::Unknown => Err(GatewayError::UnknownRoute {
            method: request.method().to_string(),
            path: request.uri().path().to_owned(),
        }),
        Endpoint::Api(api) => {
            let served = api_request(
                state,
                api,
                request,
                &mut pending.log,
                &mut body_read,
                started,
            );
            // A request still without its answer when the shutdown's grace period ends gets a
            // 503 that says why, instead of a closed connection.
            tokio::select! {
                biased;
                handled = served => handled,
                () = state.stopped() => Err(GatewayError::ShuttingDown),
            }
        }
    };

    let mut handled = match handled {
        Ok(handled) => handled,
        Err(error) => {
            let kind = error.kind();
            state.metrics.record_error(kind);
            pending.log.error = Some(kind);
            pending.log.error_message = Some(error.to_string());
            Handled::done(error.into_response())
        }
    };
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        handled.response.headers_mut().insert("x-request-id", value);
    }
    if closes_if_unread && !body_read {
        handled
            .response
            .headers_mut()
            .insert(http::header::CONNECTION, HeaderValue::from_static("close"));
    }
    if head_only {
        leave_out_body(&mut handled.response);
    }
    pending.answer(handled.response.status().as_u16(), handled.logs_itself);
    handled.response
}

/// Turns a GET answer into the answer to a HEAD: its head alone, with the length the body
/// would have had. hyper leaves the body out by itself over HTTP/1.1, but not over HTTP/2,
/// where clients refuse the data of a HEAD answer as a protocol error.
fn leave_out_body(response: &mut Response<GatewayBody>) {
    if let Some(length) = response.body().size_hint().exact() {
        response
            .headers_mut()
            .entry(http::header::CONTENT_LENGTH)
            .or_insert_with(|| HeaderValue::from(length));
    }
    *response.body_mut() = GatewayBody::empty();
}

/// The status logged and counted for a request its client abandoned before the answer: nginx's
/// "client closed request", which log tools and dashboards already know.
const CLIENT_CLOSED_REQUEST: u16 = 499;

/// A request being served, until it has its answer.
///
/// hyper drops the future of [`handle`] when the client goes away before the response is
/// ready (a whole answer OCI is still writing, a stream before its first event), and when a
/// shutdown's grace period runs out. Nothing after the `await` then runs; this value's `Drop`
/// does, so such a request is still counted and logged once, as a 499 with the error kind
/// `client_disconnected` (the kind a stream cut after its head gets from its body), or, when
/// the end of a shutdown's grace period cut it, as a 503 with the kind `shutdown`.
struct Unanswered<'a> {
    state: &'a AppState,
    route: Route,
    started: Instant,
    log: RequestLog,
    answered: bool,
}

impl Unanswered<'_> {
    /// Counts the request as answered with `status` and, unless its body logs it when it ends
    /// (a stream), writes its line once the answer is on the socket.
    fn answer(mut self, status: u16, logs_itself: bool) {
        self.answered = true;
        // One measure for the metric and the log line.
        let latency = self.started.elapsed();
        self.state
            .metrics
            .record_request(self.route, status, latency);
        if !logs_itself {
            drop_later(LogLine {
                log: std::mem::take(&mut self.log),
                status,
                latency,
            });
        }
    }
}

impl Drop for Unanswered<'_> {
    fn drop(&mut self) {
        if self.answered {
            return;
        }
        let latency = self.started.elapsed();
        let (status, kind) = if *self.state.stopping.borrow() {
            (StatusCode::SERVICE_UNAVAILABLE.as_u16(), "shutdown")
        } else {
            (CLIENT_CLOSED_REQUEST, "client_disconnected")
        };
        self.state
            .metrics
            .record_request(self.route, status, latency);
        self.state.metrics.record_error(kind);
        self.log.error = Some(kind);
        self.log.emit(status, latency);
    }
}

/// A request's log line, written when this is dropped.
struct LogLine {
    log: RequestLog,
    status: u16,
    latency: Duration,
}

impl Drop for LogLine {
    fn drop(&mut self) {
        self.log.emit(self.status, self.latency);
    }
}

async fn api_request<B>(
    state: &Arc<AppState>,
    api: Api,
    request: Request<B>,
    log: &mut RequestLog,
    body_read: &mut bool,
    started: Instant,
) -> Result<Handled, GatewayError>
where
    B: Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    if !state.keys.accepts(request.headers()) {
        return Err(GatewayError::Unauthorized);
    }
    let permit = Arc::clone(&state.concurrency)
        .try_acquire_owned()
        .map_err(|_| GatewayError::Overloaded {
            limit: state.settings.limits.max_concurrent_requests,
        })?;
    let _in_flight = state.metrics.request_started();
    let method = request.method().clone();
    match (api, method) {
        (Api::ChatCompletions, Method::POST) => {
            let body = read_body(state, request).await?;
            *body_read = true;
            chat::chat_completions(state, &body, log, permit, started).await
        }
        (Api::Embeddings, Method::POST) => {
            let body = read_body(state, request).await?;
            *body_read = true;
            embeddings::embeddings(state, &body, log)
                .await
                .map(Handled::done)
        }
        (Api::Models, Method::GET | Method::HEAD) => models::list(state).await.map(Handled::done),
        (Api::Model, Method::GET | Method::HEAD) => {
            let path = request.uri().path();
            let id = path
                .strip_prefix("/v1/models/")
                .or_else(|| path.strip_prefix("/models/"))
                .unwrap_or_default();
            models::one(state, &percent_decode(id))
                .await
                .map(Handled::done)
        }
        (api, method) => Err(GatewayError::MethodNotAllowed {
            method: method.to_string(),
            path: request.uri().path().to_owned(),
            allow: api.allowed_methods(),
        }),
    }
}

async fn read_body<B>(state: &AppState, request: Request<B>) -> Result<bytes::Bytes, GatewayError>
where
    B: Body<Data = bytes::Bytes>,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let declared = request
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let limits = &state.settings.limits;
    read_limited(
        request.into_body(),
        declared,
        limits.max_body_bytes,
        limits.header_read_timeout,
    )
    .await
}

/// Resolves the client's model to its OCI target, the gateway's default token limit filling
/// in for an alias that sets none, and records the target in the request's log line.
fn resolve_target(
    state: &AppState,
    model: &str,
    log: &mut RequestLog,
) -> Result<translate::Target, GatewayError> {
    let mut target = state.catalog.resolve(model)?;
    if target.settings.default_max_tokens.is_none() {
        target.settings.default_max_tokens = state.settings.default_max_tokens;
    }
    log.oci_model = Some(target.oci_model().to_owned());
    Ok(target)
}

/// Logs, at debug level, the request fields translation dropped because OCI has no field for
/// them.
fn log_dropped(log: &RequestLog, dropped: &[String]) {
    if !dropped.is_empty() {
        tracing::debug!(request_id = %log.request_id, ?dropped, "parameters without an OCI field");
    }
}

/// Whether a request announces a body (`content-length` above zero, or chunked).
fn has_body(headers: &http::HeaderMap) -> bool {
    headers.contains_key(http::header::TRANSFER_ENCODING)
        || headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.trim() != "0")
}

/// Decodes `%XX` escapes in a model id taken from a path (`openai%2Fgpt-5`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Ok(hex) = std::str::from_utf8(hex)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Logs a request or response body at debug level, only under `--log-bodies`: bodies hold
/// prompts and answers.
fn log_body(state: &AppState, request_id: &str, what: &'static str, body: &[u8]) {
    if state.settings.logging.log_bodies {
        tracing::debug!(request_id, body = %String::from_utf8_lossy(body), "{what}");
    }
}

/// Logs the body of a whole response under `--log-bodies`.
fn log_response_body(state: &AppState, request_id: &str, response: &Response<GatewayBody>) {
    if let GatewayBody::Full(Some(body)) = response.body() {
        log_body(state, request_id, "response body", body);
    }
}

/// Keeps the concurrency permit alive as long as a streamed body.
pub type Permit = OwnedSemaphorePermit;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_with_and_without_v1() {
        for path in ["/v1/chat/completions", "/chat/completions"] {
            assert_eq!(
                endpoint(path),
                Endpoint::Api(Api::ChatCompletions),
                "{path}"
            );
        }
        assert_eq!(endpoint("/v1/embeddings"), Endpoint::Api(Api::Embeddings));
        assert_eq!(endpoint("/models"), Endpoint::Api(Api::Models));
        assert_eq!(
            endpoint("/v1/models/openai/gpt-5"),
            Endpoint::Api(Api::Model)
        );
        assert_eq!(endpoint("/v1/models/"), Endpoint::Unknown);
        assert_eq!(endpoint("/healthz"), Endpoint::Health);
        assert_eq!(endpoint("/health"), Endpoint::Health);
        assert_eq!(endpoint("/readyz"), Endpoint::Ready);
        assert_eq!(endpoint("/metrics"), Endpoint::Metrics);
        assert_eq!(endpoint("/v1/healthz"), Endpoint::Unknown);
        assert_eq!(endpoint("/v1x/chat/completions"), Endpoint::Unknown);
        assert_eq!(endpoint("/"), Endpoint::Unknown);
    }

    #[test]
    fn model_ids_in_paths_are_percent_decoded() {
        assert_eq!(percent_decode("openai%2Fgpt-5"), "openai/gpt-5");
        assert_eq!(percent_decode("gpt-5"), "gpt-5");
        assert_eq!(percent_decode("bad%zzescape%"), "bad%zzescape%");
    }
}

//! One call on the wire: sign, send, and retry while that is safe.
//!
//! Every attempt is signed afresh (OCI refuses a `date` more than five
//! minutes off, and a wait may be long) with the same `opc-request-id`, the
//! same body bytes, hashed once, and for a POST the same `opc-retry-token`.
//! The loop ends at the first answer that is not retried; its body is still
//! unread, so nothing of it has reached the caller.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::header::{ACCEPT, ACCEPT_ENCODING, CONTENT_TYPE, HOST, RETRY_AFTER, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use oci_signer::{SignableBody, SignableRequest, SigningParams};
use serde::de::DeserializeOwned;
use tokio::time::{Instant, timeout_at};

use super::body::{self, ReadError};
use super::endpoint::Endpoint;
use super::error::{ApiError, Error, TimeoutKind};
use super::response::Response;
use super::retry::parse_retry_after;
use super::transport::{ResponseBody, TransportError};
use super::{Inner, request_id};
use crate::wire::ErrorBody;

/// The header OCI correlates requests by.
pub(crate) const OPC_REQUEST_ID: &str = "opc-request-id";

/// The header that lets OCI recognise a retried action and not run it twice.
const OPC_RETRY_TOKEN: &str = "opc-retry-token";

/// What `Instant::now() + timeout` becomes when the timeout is too large to
/// add: about thirty years, as tokio does for its own "never".
const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);

/// One request to send, the same on every attempt.
pub(crate) struct Outgoing {
    method: Method,
    uri: Uri,
    accept: &'static str,
    /// The body and its base64 SHA-256, for POST.
    body: Option<(Bytes, String)>,
    /// The `opc-retry-token` of a POST, the same on every attempt.
    retry_token: Option<HeaderValue>,
}

impl Outgoing {
    /// A `GET` of `uri`.
    pub(crate) fn get(uri: Uri) -> Self {
        Self {
            method: Method::GET,
            uri,
            accept: "application/json",
            body: None,
            retry_token: None,
        }
    }

    /// A `POST` of a JSON body to `uri`, answered with `accept`, with a new
    /// `opc-retry-token`.
    ///
    /// The token belongs to the body, not to the call: the
    /// `maxCompletionTokens` re-send is a different request, and reusing the
    /// token of the refused one could get that refusal replayed.
    pub(crate) fn post(uri: Uri, body: Vec<u8>, accept: &'static str) -> Self {
        let sha256 = oci_signer::body_sha256(&body);
        Self {
            method: Method::POST,
            uri,
            accept,
            body: Some((Bytes::from(body), sha256)),
            // Letters and digits always make a valid header value.
            retry_token: HeaderValue::from_str(&request_id::generate_retry_token()).ok(),
        }
    }
}

/// The state of one call across its attempts.
pub(crate) struct Exchange<'a> {
    inner: &'a Inner,
    opc_request_id: String,
    opc_request_id_header: HeaderValue,
    started: Instant,
    deadline: Instant,
    attempts: u32,
    reauthenticated: bool,
}

impl<'a> Exchange<'a> {
    /// Starts a call with the caller's `opc-request-id`, or a new one. The
    /// request timeout starts now.
    pub(crate) fn new(inner: &'a Inner, opc_request_id: Option<String>) -> Result<Self, Error> {
        let opc_request_id = opc_request_id.unwrap_or_else(request_id::generate);
        let header = HeaderValue::from_str(&opc_request_id)
            .ok()
            .filter(|_| request_id::is_valid(&opc_request_id))
            .ok_or_else(|| Error::InvalidOpcRequestId {
                opc_request_id: opc_request_id.clone(),
            })?;
        let started = Instant::now();
        let deadline = started
            .checked_add(inner.timeouts.request)
            .unwrap_or_else(|| started + FAR_FUTURE);
        Ok(Self {
            inner,
            opc_request_id,
            opc_request_id_header: header,
            started,
            deadline,
            attempts: 0,
            reauthenticated: false,
        })
    }

    /// Requests sent so far.
    pub(crate) fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Sends `outgoing` until an answer is final: a success (returned with
    /// its body unread), or an error that is not retried.
    pub(crate) async fn send(
        &mut self,
        outgoing: &Outgoing,
    ) -> Result<http::Response<ResponseBody>, Error> {
        let retry = self.inner.retry;
        // Attempts that count toward `max_attempts`; the re-send after a 401
        // does not.
        let mut tries = 0;
        loop {
            tries += 1;
            self.attempts += 1;
            let wait = match self.attempt(outgoing).await? {
                Ok(response) if response.status().is_success() => return Ok(response),
                Ok(response) => {
                    let status = response.status();
                    let error = self.api_error(response).await;
                    if status == StatusCode::UNAUTHORIZED && !self.reauthenticated {
                        // The credentials may have expired or rotated: ask
                        // the provider for fresh ones, once.
                        self.reauthenticated = true;
                        self.inner.credentials.invalidate();
                        tries -= 1;
                        continue;
                    }
                    if !error.is_retryable() || tries >= retry.max_attempts {
                        return Err(error.into());
                    }
                    match self.retry_wait(tries, error.retry_after) {
                        Some(wait) => wait,
                        None => return Err(error.into()),
                    }
                }
                Err(failure) if failure.is_connect() && tries < retry.max_attempts => {
                    match self.retry_wait(tries, None) {
                        Some(wait) => wait,
                        None => return Err(self.transport_error(failure)),
                    }
                }
                Err(failure) => return Err(self.transport_error(failure)),
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// The wait before the next attempt, or `None` when it would start past
    /// the retry budget or the call's deadline.
    fn retry_wait(&self, tries: u32, retry_after: Option<Duration>) -> Option<Duration> {
        let retry = self.inner.retry;
        let wait = retry_after.unwrap_or_else(|| retry.backoff(tries, request_id::random_u64()));
        let start = Instant::now().checked_add(wait)?;
        let within_budget = start.duration_since(self.started) <= retry.budget;
        (within_budget && start < self.deadline).then_some(wait)
    }

    /// One signed request. The outer `Result` ends the call (credentials,
    /// signing, deadline); the inner one is the transport's verdict.
    async fn attempt(
        &self,
        outgoing: &Outgoing,
    ) -> Result<Result<http::Response<ResponseBody>, TransportError>, Error> {
        let credentials = timeout_at(self.deadline, self.inner.credentials.provide_credentials())
            .await
            .map_err(|_| self.timeout(TimeoutKind::Request, None))?
            .map_err(|source| Error::Credentials {
                opc_request_id: self.opc_request_id.clone(),
                source: Box::new(source),
            })?;

        let body = outgoing
            .body
            .as_ref()
            .map_or_else(Bytes::new, |(body, _)| body.clone());
        let mut request = http::Request::new(body);
        *request.method_mut() = outgoing.method.clone();
        *request.uri_mut() = outgoing.uri.clone();
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static(outgoing.accept));
        // Never advertise zstd: OCI compresses each event of a stream as its
        // own frame, which stream decoders choke on.
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("identity"));
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        headers.insert(OPC_REQUEST_ID, self.opc_request_id_header.clone());
        if let Some(retry_token) = &outgoing.retry_token {
            headers.insert(OPC_RETRY_TOKEN, retry_token.clone());
        }
        let signable_body = match &outgoing.body {
            Some((body, sha256)) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                SignableBody::Precomputed {
                    sha256_base64: sha256,
                    content_length: body.len() as u64,
                }
            }
            None => SignableBody::Empty,
        };

        let signing_error = |source| Error::Signing {
            opc_request_id: self.opc_request_id.clone(),
            source,
        };
        let params = SigningParams::new(&credentials, self.inner.time.now());
        let signed = SignableRequest::from_http(&request, signable_body)
            .and_then(|signable| oci_signer::sign(&signable, &params))
            .map_err(signing_error)?;
        signed
            .apply_to_headers(request.headers_mut())
            .map_err(signing_error)?;
        // The signed host is the URI's authority; the transport derives
        // `Host` or `:authority` from the URI, and HTTP/2 wants no `host`.
        request.headers_mut().remove(HOST);

        timeout_at(self.deadline, self.inner.transport.send(request))
            .await
            .map_err(|_| self.timeout(TimeoutKind::Request, None))
    }

    /// The refused answer, with the start of its body (see
    /// [`read_error_body`](Self::read_error_body)).
    async fn api_error(&self, response: http::Response<ResponseBody>) -> ApiError {
        let status = response.status();
        let opc_request_id = self.answered_id(response.headers());
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, self.inner.time.now()));
        let body = self.read_error_body(response.into_body()).await;
        let parsed = ErrorBody::from_json(&body).ok().filter(|parsed| {
            parsed.code.is_some() || parsed.message.is_some() || parsed.error.is_some()
        });
        let body_snippet = (parsed.is_none() && !body.is_empty()).then(|| body::snippet(&body));
        let parsed = parsed.unwrap_or_default();
        ApiError {
            status,
            openai_error: parsed.openai_error(),
            code: parsed.code,
            message: parsed.message,
            body_snippet,
            opc_request_id,
            retry_after,
            attempts: self.attempts,
        }
    }

    /// What arrives of an error answer's body within
    /// [`Timeouts::error_body`](super::Timeouts::error_body) (and the call's
    /// deadline), up to [`body::MAX_ERROR_BODY`] bytes.
    ///
    /// Whatever stops the read (the size limit, a failure, the time) keeps
    /// what came before it: the start of an error page is what says what
    /// went wrong, and the error is the answer either way.
    pub(crate) async fn read_error_body(&self, mut body: ResponseBody) -> Bytes {
        let mut collected = BytesMut::new();
        let until = Instant::now()
            .checked_add(self.inner.timeouts.error_body)
            .map_or(self.deadline, |end| end.min(self.deadline));
        let read = body::read_into(&mut body, body::MAX_ERROR_BODY, &mut collected);
        // Every outcome is kept in `collected`; none changes the error.
        let _outcome = timeout_at(until, read).await;
        collected.freeze()
    }

    /// Reads a successful body whole and decodes it as JSON.
    pub(crate) async fn read_json<T: DeserializeOwned>(
        &self,
        response: http::Response<ResponseBody>,
    ) -> Result<Response<T>, Error> {
        let opc_request_id = self.answered_id(response.headers());
        let body = match timeout_at(
            self.deadline,
            body::read_to_end(response.into_body(), body::MAX_BODY),
        )
        .await
        {
            Ok(Ok(body)) => body,
            Ok(Err(ReadError::TooLarge)) => {
                return Err(Error::ResponseTooLarge {
                    opc_request_id,
                    limit: body::MAX_BODY,
                });
            }
            Ok(Err(ReadError::Transport(source))) => {
                return Err(Error::Transport {
                    opc_request_id,
                    attempts: self.attempts,
                    source,
                });
            }
            Err(_elapsed) => return Err(self.timeout(TimeoutKind::Request, Some(opc_request_id))),
        };
        match serde_json::from_slice(&body) {
            Ok(value) => Ok(Response::new(value, opc_request_id, self.attempts)),
            Err(source) => Err(Error::Decode {
                opc_request_id,
                snippet: body::snippet(&body),
                source,
            }),
        }
    }

    /// The URI of `target` on `endpoint`.
    pub(crate) fn uri(&self, endpoint: &Endpoint, target: &str) -> Result<Uri, Error> {
        endpoint.uri(target).map_err(|_| Error::Signing {
            opc_request_id: self.opc_request_id.clone(),
            source: oci_signer::SigningError::InvalidUrl {
                url: format!("{endpoint}{target}"),
                reason: "not a valid request URL",
            },
        })
    }

    /// The `opc-request-id` OCI answered with, or the one sent.
    pub(crate) fn answered_id(&self, headers: &HeaderMap) -> String {
        headers
            .get(OPC_REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .map_or_else(|| self.opc_request_id.clone(), str::to_owned)
    }

    fn timeout(&self, kind: TimeoutKind, opc_request_id: Option<String>) -> Error {
        Error::Timeout {
            kind,
            after: match kind {
                TimeoutKind::Connect => self.inner.timeouts.connect,
                TimeoutKind::Request => self.inner.timeouts.request,
                TimeoutKind::StreamIdle => self.inner.timeouts.stream_idle,
            },
            opc_request_id: opc_request_id.unwrap_or_else(|| self.opc_request_id.clone()),
            attempts: self.attempts,
        }
    }

    fn transport_error(&self, source: TransportError) -> Error {
        if source.is_connect_timeout() {
            return self.timeout(TimeoutKind::Connect, None);
        }
        Error::Transport {
            opc_request_id: self.opc_request_id.clone(),
            attempts: self.attempts,
            source,
        }
    }
}

//! The streamed chat body: OCI events in, OpenAI chunks out as server-sent events.
//!
//! The body polls the upstream stream directly (no task, no channel), so the first chunk goes
//! out as soon as OCI's first event arrives, and a client that hangs up drops the body, which
//! drops the upstream connection: the OCI request is cancelled with it.
//!
//! A stream ends with exactly one `data: [DONE]` right after its last chunk, whatever OCI does
//! at its end (`[DONE]` or not, connection held open or not). A failure after the first byte
//! is sent as one `data: {"error":{...}}` event and the stream closes without `[DONE]`, which
//! the official SDKs report as an error.
//!
//! While OCI is silent (a reasoning model thinking, a slow first token) the body sends an SSE
//! comment (`: keep-alive`) after each `stream_keep_alive` of silence (15 s by default), which
//! clients ignore, so that proxies and load balancers with idle timeouts (60 s on an OCI Load
//! Balancer HTTP listener) keep the stream open.
//!
//! A stream still open when a shutdown's grace period ends gets one error event
//! (`server_shutting_down`) and closes, so the client sees why its answer stopped.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::{BufMut, Bytes, BytesMut};
use futures_core::Stream;
use http_body::{Body, Frame};
use oci_genai_client::client::ChatStream;
use translate::{Chunk, ChunkTranslator, ErrorContext};

use super::{Permit, RequestLog};
use crate::error::{GatewayError, from_oci};
use crate::metrics::InFlight;
use crate::state::AppState;

const DONE: &[u8] = b"data: [DONE]\n\n";

const KEEP_ALIVE_COMMENT: &[u8] = b": keep-alive\n\n";

/// A streamed chat answer as an HTTP body.
pub(super) struct ChatSse {
    upstream: Pin<Box<ChatStream>>,
    translator: ChunkTranslator,
    state: Arc<AppState>,
    log: RequestLog,
    started: Instant,
    finished: bool,
    /// Fires after `keep_alive_every` without a frame.
    keep_alive: Pin<Box<tokio::time::Sleep>>,
    keep_alive_every: Duration,
    /// Completes when the server stops waiting for streams to finish.
    stopping: Pin<Box<dyn Future<Output = ()> + Send>>,
    _permit: Permit,
    _in_flight: InFlight,
}

impl ChatSse {
    pub(super) fn new(
        upstream: ChatStream,
        translator: ChunkTranslator,
        state: Arc<AppState>,
        log: RequestLog,
        permit: Permit,
        started: Instant,
    ) -> Self {
        let in_flight = state.metrics.stream_started();
        let keep_alive_every = state.settings.limits.stream_keep_alive;
        let stopping = {
            let state = Arc::clone(&state);
            Box::pin(async move { state.stopped().await })
        };
        Self {
            upstream: Box::pin(upstream),
            translator,
            state,
            log,
            started,
            finished: false,
            keep_alive: Box::pin(tokio::time::sleep(keep_alive_every)),
            keep_alive_every,
            stopping,
            _permit: permit,
            _in_flight: in_flight,
        }
    }

    fn encode_chunks(&self, chunks: &[Chunk], out: &mut BytesMut) {
        for chunk in chunks {
            out.put_slice(b"data: ");
            // Our own types always serialize; a failure would be a bug, and skipping the chunk
            // is better than ending the stream.
            if serde_json::to_writer((&mut *out).writer(), chunk).is_err() {
                tracing::error!(request_id = %self.log.request_id, "cannot encode a chunk");
            }
            out.put_slice(b"\n\n");
        }
    }

    /// Ends the stream with an error event (and no `[DONE]`).
    fn fail(&mut self, error: GatewayError, out: &mut BytesMut) {
        let kind = error.kind();
        self.state.metrics.record_error(kind);
        self.log.error = Some(kind);
        self.log.error_message = Some(error.to_string());
        let (_, body) = error.to_response_parts();
        out.put_slice(b"data: ");
        if serde_json::to_writer((&mut *out).writer(), &body).is_err() {
            out.put_slice(br#"{"error":{"message":"stream failed","type":"server_error","param":null,"code":null}}"#);
        }
        out.put_slice(b"\n\n");
        self.finished = true;
    }

    /// Ends the stream normally: the translator's last chunks, then `[DONE]`.
    fn finish(&mut self, out: &mut BytesMut) {
        match self.translator.finish() {
            Ok(chunks) => {
                self.encode_chunks(&chunks, out);
                out.put_slice(DONE);
                self.finished = true;
            }
            Err(error) => self.fail(GatewayError::from(error), out),
        }
    }
}

impl Body for ChatSse {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        let mut out = BytesMut::new();
        if this.stopping.as_mut().poll(cx).is_ready() {
            this.fail(GatewayError::ShuttingDown, &mut out);
            return Poll::Ready(Some(Ok(Frame::data(out.freeze()))));
        }
        // Send what is ready now in one frame; return as soon as something is ready and the
        // upstream has nothing more at this instant.
        loop {
            match this.upstream.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(event))) => match this.translator.push(&event) {
                    Ok(chunks) => {
                        this.encode_chunks(&chunks, &mut out);
                        if this.translator.is_complete() {
                            // Answer and usage are in: `[DONE]` now, not when OCI's stream
                            // ends (Cohere's never does by itself).
                            this.finish(&mut out);
                            break;
                        }
                    }
                    Err(error) => {
                        this.fail(GatewayError::from(error), &mut out);
                        break;
                    }
                },
                Poll::Ready(Some(Err(error))) => {
                    let context =
                        ErrorContext::new(this.log.model.as_deref(), this.log.oci_model.as_deref());
                    this.fail(from_oci(&error, &context), &mut out);
                    break;
                }
                Poll::Ready(None) => {
                    // The client takes in OCI's `[DONE]` itself and does not pass it on: an
                    // answer it ended (without a finish event) is complete all the same.
                    if this.upstream.completion().done_seen() {
                        let chunks = this.translator.push_done();
                        this.encode_chunks(&chunks, &mut out);
                    }
                    this.finish(&mut out);
                    break;
                }
                Poll::Pending => {
                    if out.is_empty() {
                        if this.keep_alive.as_mut().poll(cx).is_pending() {
                            return Poll::Pending;
                        }
                        out.put_slice(KEEP_ALIVE_COMMENT);
                    }
                    break;
                }
            }
        }
        super::log_body(&this.state, &this.log.request_id, "response events", &out);
        let next = tokio::time::Instant::now() + this.keep_alive_every;
        this.keep_alive.as_mut().reset(next);
        Poll::Ready(Some(Ok(Frame::data(out.freeze()))))
    }

    fn is_end_stream(&self) -> bool {
        self.finished
    }
}

impl Drop for ChatSse {
    fn drop(&mut self) {
        if let Some(usage) = self.translator.usage() {
            let (input, output) = (
                u64::from(usage.prompt_tokens),
                u64::from(usage.completion_tokens),
            );
            self.log.prompt_tokens = Some(input);
            self.log.completion_tokens = Some(output);
            if let Some(model) = &self.log.model {
                self.state.metrics.record_tokens(model, input, output);
            }
        }
        if !self.finished && self.log.error.is_none() {
            // Dropped before the end: the client went away (or the server shut down).
            self.state.metrics.record_error("client_disconnected");
            self.log.error = Some("client_disconnected");
        }
        self.log.emit(200, self.started.elapsed());
    }
}

//! A streamed chat answer, decoded as its bytes arrive.
//!
//! Bytes go through the sans-IO [`sse::Decoder`](crate::sse::Decoder), each
//! event is parsed into a [`ChatStreamEvent`], and the
//! [`CompletionTracker`] says when the answer is complete. At that moment the
//! stream ends for the caller and the connection is dropped: some models
//! keep it open after their last event, and none is worth waiting for. See
//! [`crate::stream_completion`] for the rule.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use http_body::Body as _;
use tokio::time::{Instant, Sleep};

use super::body::snippet;
use super::error::{Error, TimeoutKind};
use super::transport::{ResponseBody, TransportError};
use crate::sse::{DecodeError, Decoder, Event};
use crate::stream_completion::{CompletionTracker, Progress};
use crate::wire::ChatStreamEvent;

/// The events of a streamed chat answer, ending when the answer is complete.
///
/// Yields each event as soon as its bytes have arrived; the `[DONE]`
/// sentinel some models send is not yielded. The stream then ends (`None`):
///
/// * right after the finish event, or after the usage event when the
///   request asked for usage (`streamOptions.isIncludeUsage`) and it comes;
/// * [`Timeouts::usage_wait`](super::Timeouts::usage_wait) after the finish
///   event when the usage asked for does not come;
/// * when the server closes the stream after a complete answer.
///
/// It ends with an error, after which it yields nothing more, when the
/// stream stops mid-answer ([`Error::IncompleteStream`]), stays silent
/// longer than [`Timeouts::stream_idle`](super::Timeouts::stream_idle)
/// mid-answer ([`Error::Timeout`]), or carries an event that is not JSON
/// ([`Error::Decode`]).
///
/// Dropping the stream drops the connection.
pub struct ChatStream {
    /// `None` once the upstream is released.
    body: Option<ResponseBody>,
    decoder: Decoder,
    tracker: CompletionTracker,
    /// Events decoded but not yet handed out.
    ready: VecDeque<ChatStreamEvent>,
    /// An error to hand out after the events before it.
    failure: Option<Error>,
    finished: bool,
    /// Fires after `stream_idle` without an event, or `usage_wait` after the
    /// answer completed.
    timer: Pin<Box<Sleep>>,
    idle_timeout: Duration,
    usage_wait: Duration,
    waiting_for_usage: bool,
    opc_request_id: String,
    attempts: u32,
}

impl ChatStream {
    pub(crate) fn new(
        body: ResponseBody,
        tracker: CompletionTracker,
        idle_timeout: Duration,
        usage_wait: Duration,
        opc_request_id: String,
        attempts: u32,
    ) -> Self {
        Self {
            body: Some(body),
            decoder: Decoder::new(),
            tracker,
            ready: VecDeque::new(),
            failure: None,
            finished: false,
            timer: Box::pin(tokio::time::sleep_until(deadline_after(idle_timeout))),
            idle_timeout,
            usage_wait,
            waiting_for_usage: false,
            opc_request_id,
            attempts,
        }
    }

    /// The `opc-request-id` OCI answered with, or the one sent.
    pub fn opc_request_id(&self) -> &str {
        &self.opc_request_id
    }

    /// Requests sent before the stream started, retries included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// What the completion rule has seen so far: whether the answer is
    /// complete, whether usage arrived, whether `[DONE]` did.
    pub fn completion(&self) -> &CompletionTracker {
        &self.tracker
    }

    /// Feeds one chunk of body bytes through the decoder and the tracker.
    fn take_chunk(&mut self, chunk: &[u8]) {
        let mut saw_event = false;
        for event in self.decoder.push(chunk) {
            if self.tracker.is_complete() {
                break;
            }
            saw_event = true;
            if let Err(error) = accept_event(
                &mut self.tracker,
                &mut self.ready,
                &self.opc_request_id,
                event,
            ) {
                self.failure = Some(error);
                break;
            }
        }
        if self.failure.is_some() || self.tracker.is_complete() {
            self.release();
        } else if saw_event {
            self.rearm_timer();
        }
    }

    /// The body ended: decode what the decoder still holds, then judge.
    fn take_end(&mut self, failure: Option<TransportError>) {
        if failure.is_none() {
            let rest: Vec<_> = self.decoder.finish().collect();
            for event in rest {
                if self.tracker.is_complete() || self.failure.is_some() {
                    break;
                }
                if let Err(error) = accept_event(
                    &mut self.tracker,
                    &mut self.ready,
                    &self.opc_request_id,
                    event,
                ) {
                    self.failure = Some(error);
                }
            }
        }
        // A connection that fails after a complete answer (while waiting for
        // usage) loses nothing the caller needs.
        if self.failure.is_none() && !self.tracker.is_answer_complete() {
            self.failure = Some(Error::IncompleteStream {
                opc_request_id: self.opc_request_id.clone(),
                source: failure,
            });
        }
        self.release();
    }

    /// After an event: a fresh idle period, or, once the answer is complete
    /// and usage is awaited, the short usage wait (set once, not extended by
    /// later events).
    fn rearm_timer(&mut self) {
        if self.tracker.progress() == Progress::AwaitingUsage {
            if !self.waiting_for_usage {
                self.waiting_for_usage = true;
                self.timer.as_mut().reset(deadline_after(self.usage_wait));
            }
        } else {
            self.timer.as_mut().reset(deadline_after(self.idle_timeout));
        }
    }

    /// Drops the connection: nothing more is read from it.
    fn release(&mut self) {
        self.body = None;
    }

    fn finish_with(
        &mut self,
        failure: Option<Error>,
    ) -> Poll<Option<Result<ChatStreamEvent, Error>>> {
        self.finished = true;
        self.release();
        Poll::Ready(failure.map(Err))
    }
}

/// Takes one decoded SSE event: `[DONE]` and each JSON event go to the completion tracker,
/// the JSON events to the caller's queue; a malformed event is the stream's error.
fn accept_event(
    tracker: &mut CompletionTracker,
    ready: &mut VecDeque<ChatStreamEvent>,
    opc_request_id: &str,
    event: Result<Event, DecodeError>,
) -> Result<(), Error> {
    let event = event.map_err(|source| Error::EventStream {
        opc_request_id: opc_request_id.to_owned(),
        source,
    })?;
    if event.is_done() {
        tracker.observe_done();
        return Ok(());
    }
    let parsed =
        ChatStreamEvent::from_json(event.data().as_bytes()).map_err(|source| Error::Decode {
            opc_request_id: opc_request_id.to_owned(),
            snippet: snippet(event.data().as_bytes()),
            source,
        })?;
    tracker.observe(&parsed);
    ready.push_back(parsed);
    Ok(())
}

impl Stream for ChatStream {
    type Item = Result<ChatStreamEvent, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(event) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(event)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            if this.failure.is_some() {
                let failure = this.failure.take();
                return this.finish_with(failure);
            }
            let Some(body) = this.body.as_mut() else {
                return this.finish_with(None);
            };
            match Pin::new(body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(chunk) = frame.into_data() {
                        this.take_chunk(&chunk);
                    }
                }
                Poll::Ready(Some(Err(error))) => this.take_end(Some(error)),
                Poll::Ready(None) => this.take_end(None),
                Poll::Pending => {
                    if this.timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    if this.tracker.is_answer_complete() {
                        // The usage asked for did not come in time.
                        return this.finish_with(None);
                    }
                    let timeout = Error::Timeout {
                        kind: TimeoutKind::StreamIdle,
                        after: this.idle_timeout,
                        opc_request_id: this.opc_request_id.clone(),
                        attempts: this.attempts,
                    };
                    return this.finish_with(Some(timeout));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let upper = if self.finished {
            Some(self.ready.len())
        } else {
            None
        };
        (self.ready.len(), upper)
    }
}

impl fmt::Debug for ChatStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatStream")
            .field("opc_request_id", &self.opc_request_id)
            .field("attempts", &self.attempts)
            .field("progress", &self.tracker.progress())
            .field("ready", &self.ready.len())
            .field("connected", &self.body.is_some())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

fn deadline_after(duration: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(duration)
        .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365 * 30))
}

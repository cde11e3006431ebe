//! The body of every answer: whole, or a list of frames sent one by one with
//! pauses between them, then ended, cut, or held open.
//!
//! Everything is decided before the first byte goes out, so a body needs no
//! task of its own: the connection polls it, and when the client goes away
//! the connection, and the body with it, is dropped.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};
use http_body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// How long a body waits before a cut, so the connection can flush.
const FLUSH_BEFORE_CUT: Duration = Duration::from_millis(20);

/// Why a body ended without finishing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum BodyError {
    /// A `[mock:cut]` marker asked for the connection to drop mid-body.
    #[error("the answer was cut on purpose")]
    Cut,
}

/// What happens after the last frame.
pub(crate) enum Ending {
    /// End the body normally.
    Finish,
    /// Fail it, so that the connection drops without a proper end: HTTP/1.1
    /// leaves the chunked body (or the declared length) unfinished, HTTP/2
    /// resets the stream.
    Cut,
    /// Send nothing more, but keep the body open until this resolves.
    HoldOpen(Pin<Box<dyn Future<Output = ()> + Send>>),
}

/// How a list of frames is sent.
pub(crate) struct Pacing {
    /// Pause between two frames.
    pub(crate) gap: Duration,
    /// Send only this many frames, then cut.
    pub(crate) cut_after: Option<usize>,
    pub(crate) ending: Ending,
}

/// The body of an answer.
pub(crate) struct ReplyBody {
    kind: Kind,
}

enum Kind {
    Whole(Option<Bytes>),
    Paced(Box<Paced>),
}

struct Paced {
    frames: std::vec::IntoIter<Bytes>,
    pacing: Pacing,
    sent: usize,
    /// Bytes still to send, when the length was declared up front.
    remaining: Option<u64>,
    pause: Option<Pin<Box<Sleep>>>,
    paused: bool,
    /// The pause before a cut has been taken.
    cut_armed: bool,
}

impl ReplyBody {
    /// A body sent in one piece.
    pub(crate) fn whole(bytes: Bytes) -> Self {
        Self {
            kind: Kind::Whole(Some(bytes)),
        }
    }

    /// A body sent frame by frame. A declared length is what the body
    /// claims to be (sent as `content-length`); it may exceed the frames
    /// when the body is to be cut, so that clients see it end early.
    pub(crate) fn paced(frames: Vec<Bytes>, pacing: Pacing, declared_length: Option<u64>) -> Self {
        let remaining = declared_length;
        Self {
            kind: Kind::Paced(Box::new(Paced {
                frames: frames.into_iter(),
                pacing,
                sent: 0,
                remaining,
                pause: None,
                paused: false,
                cut_armed: false,
            })),
        }
    }
}

impl Paced {
    fn pause_for(&mut self, duration: Duration) {
        let deadline = Instant::now() + duration;
        match self.pause.as_mut() {
            Some(pause) => pause.as_mut().reset(deadline),
            None => self.pause = Some(Box::pin(tokio::time::sleep_until(deadline))),
        }
        self.paused = true;
    }

    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        loop {
            if self.paused
                && let Some(pause) = self.pause.as_mut()
            {
                ready!(pause.as_mut().poll(cx));
                self.paused = false;
            }
            let cut_now = self.pacing.cut_after == Some(self.sent)
                || (self.frames.as_slice().is_empty() && matches!(self.pacing.ending, Ending::Cut));
            if cut_now {
                if self.cut_armed {
                    return Poll::Ready(Some(Err(BodyError::Cut)));
                }
                // An error drops the connection with whatever the server
                // still buffers; pause first so that the frames sent so far,
                // and the response head, reach the client.
                self.cut_armed = true;
                self.pause_for(FLUSH_BEFORE_CUT);
                continue;
            }
            if let Some(frame) = self.frames.next() {
                self.sent += 1;
                if let Some(remaining) = self.remaining.as_mut() {
                    *remaining = remaining.saturating_sub(frame.len() as u64);
                }
                if !self.pacing.gap.is_zero() && !self.frames.as_slice().is_empty() {
                    self.pause_for(self.pacing.gap);
                }
                return Poll::Ready(Some(Ok(Frame::data(frame))));
            }
            return match &mut self.pacing.ending {
                Ending::Finish | Ending::Cut => Poll::Ready(None),
                Ending::HoldOpen(until) => {
                    ready!(until.as_mut().poll(cx));
                    self.pacing.ending = Ending::Finish;
                    Poll::Ready(None)
                }
            };
        }
    }
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        match &mut self.get_mut().kind {
            Kind::Whole(bytes) => Poll::Ready(bytes.take().map(|bytes| Ok(Frame::data(bytes)))),
            Kind::Paced(paced) => paced.poll_next(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.kind, Kind::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Whole(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            Kind::Whole(None) => SizeHint::with_exact(0),
            Kind::Paced(paced) => match paced.remaining {
                Some(remaining) => SizeHint::with_exact(remaining),
                None => SizeHint::default(),
            },
        }
    }
}

/// A JSON answer with the given status.
pub(crate) fn json_response(status: StatusCode, json: Bytes) -> Response<ReplyBody> {
    let mut response = Response::new(ReplyBody::whole(json));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt as _;

    use super::*;

    fn frames() -> Vec<Bytes> {
        vec![
            Bytes::from_static(b"a"),
            Bytes::from_static(b"bb"),
            Bytes::from_static(b"ccc"),
        ]
    }

    fn pacing(cut_after: Option<usize>, ending: Ending) -> Pacing {
        Pacing {
            gap: Duration::ZERO,
            cut_after,
            ending,
        }
    }

    #[tokio::test]
    async fn sends_every_frame_then_ends() {
        let body = ReplyBody::paced(frames(), pacing(None, Ending::Finish), Some(6));
        assert_eq!(body.size_hint().exact(), Some(6));
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..], b"abbccc");
    }

    #[tokio::test]
    async fn a_cut_fails_after_that_many_frames() {
        let mut body = ReplyBody::paced(frames(), pacing(Some(2), Ending::Finish), None);
        assert_eq!(
            body.frame().await.unwrap().unwrap().into_data().unwrap(),
            "a"
        );
        assert_eq!(
            body.frame().await.unwrap().unwrap().into_data().unwrap(),
            "bb"
        );
        assert!(matches!(body.frame().await, Some(Err(BodyError::Cut))));
    }

    #[tokio::test]
    async fn a_cut_ending_fails_after_the_last_frame() {
        let body = ReplyBody::paced(frames(), pacing(None, Ending::Cut), None);
        assert!(body.collect().await.is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn frames_are_spaced_by_the_gap() {
        let pacing = Pacing {
            gap: Duration::from_millis(200),
            cut_after: None,
            ending: Ending::Finish,
        };
        let start = Instant::now();
        let mut body = ReplyBody::paced(frames(), pacing, None);
        let mut arrivals = Vec::new();
        while let Some(frame) = body.frame().await {
            frame.unwrap();
            arrivals.push(start.elapsed());
        }
        assert_eq!(
            arrivals,
            [0, 200, 400].map(Duration::from_millis),
            "no pause before the first frame or after the last"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_held_body_ends_when_its_future_resolves() {
        let hold = Box::pin(tokio::time::sleep(Duration::from_secs(60)));
        let start = Instant::now();
        let body = ReplyBody::paced(frames(), pacing(None, Ending::HoldOpen(hold)), None);
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..], b"abbccc");
        assert_eq!(start.elapsed(), Duration::from_secs(60));
    }
}

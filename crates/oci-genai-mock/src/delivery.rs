//! How a finished answer goes out: whole or as server-sent events, and with
//! the faults a request scripted (`[mock:slow]`, `[mock:cut]`,
//! `[mock:malformed]`) or the run configured (`--event-delay-ms`).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};
use oci_genai_client::sse::Event;
use tokio::sync::watch;

use crate::body::{Ending, Pacing, ReplyBody, json_response};
use crate::config::Faults;
use crate::markers::Script;

/// A non-streaming answer trickles in this many pieces under `[mock:slow]`.
const SLOW_PIECES: usize = 4;

/// Keeps a stream open after its last event, as OCI does for Cohere: until
/// the client hangs up (the body is then dropped), the cap passes, or the
/// server shuts down.
pub(crate) struct HoldOpen {
    pub(crate) cap: Duration,
    pub(crate) shutdown: watch::Receiver<bool>,
}

impl HoldOpen {
    fn into_future(self) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        let HoldOpen { cap, mut shutdown } = self;
        Box::pin(async move {
            tokio::select! {
                () = tokio::time::sleep(cap) => {}
                // An error means the server is gone, which ends the hold too.
                _ = shutdown.wait_for(|stopping| *stopping) => {}
            }
        })
    }
}

/// The delivery of one answer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Delivery {
    slow: Option<Duration>,
    event_delay: Duration,
    cut_after: Option<usize>,
    malformed: bool,
}

impl Delivery {
    pub(crate) fn new(script: &Script, faults: &Faults) -> Self {
        Self {
            slow: script.slow.map(|delay| delay.unwrap_or(faults.slow_delay)),
            event_delay: faults.event_delay,
            cut_after: script.cut_after,
            malformed: script.malformed,
        }
    }

    /// A JSON answer: broken half-way under `[mock:malformed]`; half sent,
    /// then the connection dropped, under `[mock:cut]` (its full length is
    /// declared, so clients see the body end early); in pieces under
    /// `[mock:slow]`.
    pub(crate) fn json(self, mut json: Vec<u8>) -> Response<ReplyBody> {
        if self.malformed {
            json.truncate(json.len() / 2);
        }
        let json = Bytes::from(json);
        if self.cut_after.is_none() && self.slow.is_none() {
            return json_response(StatusCode::OK, json);
        }
        let declared = json.len() as u64;
        let (frames, pacing) = if self.cut_after.is_some() {
            let half = json.slice(..json.len() / 2);
            let pacing = Pacing {
                gap: Duration::ZERO,
                cut_after: None,
                ending: Ending::Cut,
            };
            (vec![half], pacing)
        } else {
            let size = json.len().div_ceil(SLOW_PIECES).max(1);
            let frames = (0..json.len())
                .step_by(size)
                .map(|start| json.slice(start..(start + size).min(json.len())))
                .collect();
            let pacing = Pacing {
                gap: self.slow.unwrap_or_default(),
                cut_after: None,
                ending: Ending::Finish,
            };
            (frames, pacing)
        };
        let mut response = Response::new(ReplyBody::paced(frames, pacing, Some(declared)));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(declared));
        response
    }

    /// A `text/event-stream` answer: one `data:` event per JSON payload, then
    /// `data: [DONE]` if `done`, then `hold` if given. Events are written one
    /// by one when there is a delay between them, and together otherwise.
    pub(crate) fn event_stream(
        self,
        payloads: Vec<String>,
        done: bool,
        hold: Option<HoldOpen>,
    ) -> Response<ReplyBody> {
        // The first content event after any opening one: an event a client
        // must parse to get the answer.
        let broken = self
            .malformed
            .then(|| 1.min(payloads.len().saturating_sub(1)));
        let mut frames: Vec<Bytes> = payloads
            .iter()
            .enumerate()
            .map(|(i, json)| {
                let data = if Some(i) == broken {
                    &json[..floor_char_boundary(json, json.len() / 2)]
                } else {
                    json.as_str()
                };
                Bytes::from(Event::new(data).encode())
            })
            .collect();
        if done {
            frames.push(Bytes::from(Event::new("[DONE]").encode()));
        }
        let gap = self.slow.unwrap_or(self.event_delay);
        let (mut cut_after, ending) = match (self.cut_after, hold) {
            (Some(after), _) if after < frames.len() => (Some(after), Ending::Finish),
            (Some(_), _) => (None, Ending::Cut),
            (None, Some(hold)) => (None, Ending::HoldOpen(hold.into_future())),
            (None, None) => (None, Ending::Finish),
        };
        if gap.is_zero() {
            // Nothing happens between events, so they go out in one write,
            // as TCP would coalesce them anyway: one frame per event costs
            // both ends a wake-up and a system call each.
            let sent = cut_after.unwrap_or(frames.len());
            let together = frames[..sent].concat();
            frames = vec![Bytes::from(together)];
            cut_after = cut_after.map(|_| 1);
        }
        let pacing = Pacing {
            gap,
            cut_after,
            ending,
        };
        let mut response = Response::new(ReplyBody::paced(frames, pacing, None));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        );
        response
    }
}

/// `value` as JSON bytes. Serializing the wire types cannot fail; the error
/// path keeps that panic-free.
pub(crate) fn to_json<T: serde::Serialize>(
    value: &T,
) -> Result<Vec<u8>, crate::api_error::ApiError> {
    serde_json::to_vec(value)
        .map_err(|_| crate::api_error::ApiError::transient(StatusCode::INTERNAL_SERVER_ERROR, 0))
}

/// The largest index at most `at` that starts a character.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt as _;

    use super::*;

    fn delivery(script: Script) -> Delivery {
        Delivery::new(&script, &Faults::default())
    }

    async fn body(response: Response<ReplyBody>) -> Result<Bytes, String> {
        response
            .into_body()
            .collect()
            .await
            .map(|collected| collected.to_bytes())
            .map_err(|error| error.to_string())
    }

    #[tokio::test]
    async fn malformed_json_is_complete_but_invalid() {
        let script = Script {
            malformed: true,
            ..Script::default()
        };
        let bytes = body(delivery(script).json(br#"{"a":"bcdefgh"}"#.to_vec()))
            .await
            .unwrap();
        assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_err());
        assert_eq!(&bytes[..], br#"{"a":"b"#);
    }

    #[tokio::test]
    async fn a_cut_json_answer_declares_more_than_it_sends() {
        let script = Script {
            cut_after: Some(3),
            ..Script::default()
        };
        let response = delivery(script).json(b"0123456789".to_vec());
        assert_eq!(response.headers()[header::CONTENT_LENGTH], "10");
        assert!(body(response).await.is_err());
    }

    #[tokio::test]
    async fn events_are_framed_and_the_sentinel_follows() {
        let response = delivery(Script::default()).event_stream(
            vec![r#"{"a":1}"#.into(), r#"{"b":2}"#.into()],
            true,
            None,
        );
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/event-stream"
        );
        assert_eq!(
            body(response).await.unwrap(),
            "data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n"
        );
    }

    #[tokio::test]
    async fn one_event_is_broken_under_malformed() {
        let script = Script {
            malformed: true,
            ..Script::default()
        };
        let response = delivery(script).event_stream(
            vec![
                r#"{"a":1}"#.into(),
                r#"{"text":"°°°°"}"#.into(),
                r#"{"c":3}"#.into(),
            ],
            false,
            None,
        );
        let text = String::from_utf8(body(response).await.unwrap().to_vec()).unwrap();
        let events: Vec<&str> = text.split("\n\n").filter(|e| !e.is_empty()).collect();
        assert_eq!(events.len(), 3);
        assert!(serde_json::from_str::<serde_json::Value>(&events[1]["data: ".len()..]).is_err());
        assert_eq!(events[2], "data: {\"c\":3}");
    }

    #[tokio::test]
    async fn a_cut_stream_stops_after_that_many_events() {
        let script = Script {
            cut_after: Some(1),
            ..Script::default()
        };
        let mut body = delivery(script)
            .event_stream(vec!["{}".into(), "{}".into()], false, None)
            .into_body();
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(first, "data: {}\n\n");
        assert!(body.frame().await.unwrap().is_err());
    }

    #[tokio::test]
    async fn events_are_written_one_by_one_only_when_paced() {
        let payloads = || vec!["{}".to_owned(), "{}".to_owned(), "{}".to_owned()];
        let count = |response: Response<ReplyBody>| async move {
            let mut body = response.into_body();
            let mut frames = 0;
            while let Some(frame) = body.frame().await {
                frame.unwrap();
                frames += 1;
            }
            frames
        };
        assert_eq!(
            count(delivery(Script::default()).event_stream(payloads(), true, None)).await,
            1
        );
        let slow = Script {
            slow: Some(Some(Duration::from_millis(1))),
            ..Script::default()
        };
        assert_eq!(
            count(delivery(slow).event_stream(payloads(), true, None)).await,
            4
        );
    }

    #[test]
    fn char_boundaries_are_respected() {
        assert_eq!(floor_char_boundary("a°b", 2), 1);
        assert_eq!(floor_char_boundary("abc", 9), 3);
    }
}

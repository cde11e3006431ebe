//! Request bodies in (bounded) and response bodies out (a whole buffer or a stream).

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::{HeaderValue, Response, StatusCode, header};
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt as _;

use crate::error::GatewayError;

/// A streamed response body (server-sent events).
pub type StreamBody = Pin<Box<dyn Body<Data = Bytes, Error = Infallible> + Send>>;

/// Every response body the gateway sends.
pub enum GatewayBody {
    /// The whole body at once (JSON, metrics text); `None` once sent.
    Full(Option<Bytes>),
    /// A stream.
    Stream(StreamBody),
}

impl std::fmt::Debug for GatewayBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Full(data) => f
                .debug_tuple("Full")
                .field(&data.as_ref().map(Bytes::len))
                .finish(),
            Self::Stream(_) => f.write_str("Stream"),
        }
    }
}

impl GatewayBody {
    /// An empty body.
    pub fn empty() -> Self {
        Self::Full(None)
    }
}

impl From<Bytes> for GatewayBody {
    fn from(data: Bytes) -> Self {
        Self::Full((!data.is_empty()).then_some(data))
    }
}

impl Body for GatewayBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Self::Full(data) => Poll::Ready(data.take().map(|data| Ok(Frame::data(data)))),
            Self::Stream(stream) => stream.as_mut().poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Self::Full(data) => data.is_none(),
            Self::Stream(stream) => stream.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Full(data) => SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64)),
            Self::Stream(stream) => stream.size_hint(),
        }
    }
}

/// A JSON response.
pub fn json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response<GatewayBody> {
    match serde_json::to_vec(value) {
        Ok(bytes) => with_content_type(status, Bytes::from(bytes), "application/json"),
        // Serializing our own types does not fail; answer something well-formed if it does.
        Err(_) => with_content_type(
            StatusCode::INTERNAL_SERVER_ERROR,
            Bytes::from_static(
                br#"{"error":{"message":"internal error while encoding the response","type":"server_error","param":null,"code":null}}"#,
            ),
            "application/json",
        ),
    }
}

/// A response with a body and a content type.
pub fn with_content_type(
    status: StatusCode,
    body: Bytes,
    content_type: &'static str,
) -> Response<GatewayBody> {
    let mut response = Response::new(GatewayBody::from(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Reads a request body of at most `limit` bytes, from a client that keeps sending.
///
/// A `content-length` above the limit is refused before anything is read; a body that grows
/// past it (chunked) is refused as soon as it does. A client silent for `idle` mid-body is cut
/// off: the body is read while a concurrency permit is held, so a trickling upload must not
/// keep one forever.
///
/// # Errors
///
/// [`GatewayError::PayloadTooLarge`], [`GatewayError::RequestTimeout`], or
/// [`GatewayError::BadRequest`] when the client breaks the connection mid-body.
pub async fn read_limited<B>(
    body: B,
    declared_length: Option<u64>,
    limit: usize,
    idle: Duration,
) -> Result<Bytes, GatewayError>
where
    B: Body<Data = Bytes>,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    if declared_length.is_some_and(|length| length > limit as u64) {
        return Err(GatewayError::PayloadTooLarge { limit });
    }
    let mut body = std::pin::pin!(http_body_util::Limited::new(body, limit));
    // A declared length sizes the buffer once, should a copy be needed; only up to a point,
    // since a client may declare much and send little.
    let expected = declared_length.map_or(0, |length| length.min(MAX_PRESIZE) as usize);
    let mut collected = Collected::Empty;
    loop {
        let frame = tokio::time::timeout(idle, body.frame())
            .await
            .map_err(|_| GatewayError::RequestTimeout { idle })?;
        match frame {
            None => return Ok(collected.into_bytes()),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    collected.push(data, expected);
                }
            }
            Some(Err(error)) if error.is::<http_body_util::LengthLimitError>() => {
                return Err(GatewayError::PayloadTooLarge { limit });
            }
            Some(Err(error)) => {
                return Err(GatewayError::BadRequest {
                    message: format!("could not read the request body: {error}"),
                    param: None,
                });
            }
        }
    }
}

/// The most a declared `content-length` reserves before the bytes arrive.
const MAX_PRESIZE: u64 = 1024 * 1024;

/// A body read so far. Most bodies arrive as one frame, which is kept as it is: copying
/// starts at the second frame.
enum Collected {
    Empty,
    One(Bytes),
    Many(BytesMut),
}

impl Collected {
    fn push(&mut self, data: Bytes, expected: usize) {
        *self = match std::mem::replace(self, Self::Empty) {
            Self::Empty => Self::One(data),
            Self::One(first) => {
                let mut many = BytesMut::with_capacity(expected.max(first.len() + data.len()));
                many.extend_from_slice(&first);
                many.extend_from_slice(&data);
                Self::Many(many)
            }
            Self::Many(mut many) => {
                many.extend_from_slice(&data);
                Self::Many(many)
            }
        };
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Self::Empty => Bytes::new(),
            Self::One(data) => data,
            Self::Many(many) => many.freeze(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use http_body::Frame;

    use super::*;

    /// A body that yields its frames one by one.
    struct Frames(VecDeque<&'static [u8]>);

    impl Body for Frames {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            Poll::Ready(
                self.0
                    .pop_front()
                    .map(|data| Ok(Frame::data(Bytes::from_static(data)))),
            )
        }
    }

    async fn read(frames: &[&'static [u8]], declared: Option<u64>) -> Result<Bytes, GatewayError> {
        read_limited(
            Frames(frames.iter().copied().collect()),
            declared,
            16,
            Duration::from_secs(5),
        )
        .await
    }

    #[tokio::test]
    async fn frames_are_joined_whatever_their_number() {
        assert_eq!(read(&[], None).await.unwrap(), Bytes::new());
        let one: &'static [u8] = b"{\"a\":1}";
        let whole = read(&[one], Some(7)).await.unwrap();
        assert_eq!(whole, one);
        assert_eq!(whole.as_ptr(), one.as_ptr(), "a single frame is not copied");
        let joined = read(&[b"{\"a\"", b":", b"1}"], Some(7)).await.unwrap();
        assert_eq!(joined, one);
        let undeclared = read(&[b"{\"a\"", b":1}"], None).await.unwrap();
        assert_eq!(undeclared, one);
    }

    #[tokio::test]
    async fn a_body_past_the_limit_is_refused() {
        let declared = read(&[b"x"], Some(17)).await.unwrap_err();
        assert!(matches!(
            declared,
            GatewayError::PayloadTooLarge { limit: 16 }
        ));
        let grown = read(&[b"0123456789", b"0123456789"], None)
            .await
            .unwrap_err();
        assert!(matches!(grown, GatewayError::PayloadTooLarge { limit: 16 }));
    }
}
